"""The A5 booklet: clear print on A5, and a print file that folds into a booklet in page order."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat
from reportlab.lib.pagesizes import A4, A5

from conftest import CONTENT, TODAY, leaflet_pdf, read_page, reader
from leaflets.cli import main
from leaflets.outputs.base import PRINT_SUFFIX
from leaflets.outputs.pdf.impose import booklet_order

ROOT = Path(__file__).resolve().parent.parent
IDS = ("PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-003")
PAGE = re.compile(r"Page (\d+) of (\d+)")


def halves(page: pdfium.PdfPage) -> tuple[str, str]:
    """The text on the left and right half of one side of a sheet, as pdfium places it (each page is a form XObject
    drawn on the sheet, and pdfium applies the matrix it is drawn with)."""
    width, height = page.get_size()
    text = page.get_textpage()
    return tuple(" ".join(text.get_text_bounded(left, 0, left + width / 2, height).replace("\u00a0", " ").split())
                 for left in (0, width / 2))  # type: ignore[return-value]


def page_number(text: str) -> int | None:
    found = PAGE.findall(text)
    assert len(found) <= 1, text
    return int(found[0][0]) if found else None


@pytest.mark.parametrize("pages, expected", [
    (4, [(4, 1), (2, 3)]),
    (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
    (5, [(None, 1), (2, None), (None, 3), (4, 5)]),
])
def test_saddle_stitch_order(pages, expected):
    assert booklet_order(pages) == expected
    assert booklet_order(pages, right_to_left=True) == [side[::-1] for side in expected], "mirrored, to open from the right"


@pytest.mark.parametrize("leaflet_id", IDS)
def test_booklet_is_clear_print_on_a5(clinic, leaflet_id):
    pages = reader(leaflet_pdf(clinic, leaflet_id, "a5-booklet")).pages
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == [round(v) for v in A5]
    sizes = [size for page in pages for size in read_page(page).sizes]
    assert min(sizes) >= 12


@pytest.mark.parametrize("leaflet_id", IDS)
def test_print_file_puts_pages_in_booklet_order_on_a4_landscape(clinic, leaflet_id):
    leaflet_pages = len(reader(leaflet_pdf(clinic, leaflet_id, "a5-booklet")).pages)
    path = leaflet_pdf(clinic, leaflet_id, "a5-booklet-print")
    sides = reader(path).pages
    padded = -(-leaflet_pages // 4) * 4
    assert len(sides) == padded // 2, "two sides per sheet, four pages per sheet"
    found = []
    for side, drawn in zip(sides, pdfium.PdfDocument(path), strict=True):
        assert [round(float(v)) for v in side.mediabox[2:]] == [round(A4[1]), round(A4[0])], "A4 landscape"
        left, right = halves(drawn)
        found.append((page_number(left), page_number(right)))
        for half in (left, right):
            if half:
                assert leaflet_id in half and f"of {leaflet_pages}" in half, "each page keeps its stamp"
    # Reading order after folding: sheet 1 front is (last, 1), its back (2, last - 1), and so on inwards.
    expected = []
    for sheet in range(padded // 4):
        outer, inner = 2 * sheet + 1, padded - 2 * sheet
        expected += [(inner, outer), (outer + 1, inner - 1)]
    expected = [tuple(n if n <= leaflet_pages else None for n in side) for side in expected]
    assert found == expected
    assert sorted(n for side in found for n in side if n) == list(range(1, leaflet_pages + 1))


def test_print_file_keeps_every_character_at_clear_print_size(clinic):
    for path in clinic.rglob("*-a5-booklet-print.pdf"):
        sizes = [size for page in reader(path).pages for size in read_page(page).sizes]
        assert min(sizes) >= 12, path.name


def looks(image: Image.Image) -> Image.Image:
    """``image`` in grey, shrunk eightfold: a half placed a fraction of a point off the pixel grid anti-aliases its
    edges differently from the page rendered alone, and averaging over blocks of pixels leaves only what is drawn."""
    return image.convert("L").reduce(8)


def carried(path: Path) -> list[tuple[int | None, int | None]]:
    """Which reading page each half of each side of the print file ``path`` shows, found by its pixels (None: a blank
    half). The page itself differs by about 1 in 255; any other page, by 12 or more."""
    reading = pdfium.PdfDocument(path.with_name(path.name.replace(PRINT_SUFFIX, "", 1)))
    size = reading[0].render().to_pil().size
    pages = [looks(page.render().to_pil()) for page in reading]
    sides = []
    for sheet in pdfium.PdfDocument(path):
        width, height = sheet.get_size()
        rendered = sheet.render().to_pil()
        side = []
        for half in (0, 1):
            left = round(half * width / 2 + (width / 2 - reading[0].get_size()[0]) / 2)
            top = round((height - reading[0].get_size()[1]) / 2)
            found = looks(rendered.crop((left, top, left + size[0], top + size[1])))
            if found.getextrema() == (255, 255):
                side.append(None)
                continue
            differences = [ImageStat.Stat(ImageChops.difference(found, page)).mean[0] for page in pages]
            best = min(range(len(pages)), key=differences.__getitem__)
            assert differences[best] < 3 and sorted(differences)[1] > 6, (path.name, half, differences)
            side.append(best + 1)
        sides.append(tuple(side))
    return sides


def test_each_half_of_a_sheet_renders_as_the_reading_page_it_carries(clinic):
    paths = sorted(clinic.rglob("*-a5-booklet-print*.pdf"))
    assert len(paths) == len(IDS)
    for path in paths:
        pages = len(pdfium.PdfDocument(path.with_name(path.name.replace(PRINT_SUFFIX, "", 1))))
        assert carried(path) == booklet_order(pages), path.name


def test_a_right_to_left_booklet_folds_to_open_from_the_right(tmp_path):
    """The Arabic booklet's cover is the left half of sheet 1's front, so folded it opens as Arabic reads."""
    assert main(["--output", str(tmp_path), "--today", TODAY, "--format", "pdf", "--layout", "a5-booklet",
                 "PAIN-OST-002-AR"]) == 0
    [path] = tmp_path.rglob("*-a5-booklet-print-DRAFT.pdf")
    pages = len(pdfium.PdfDocument(path.with_name(path.name.replace(PRINT_SUFFIX, "", 1))))
    found = carried(path)
    assert found == booklet_order(pages, right_to_left=True) != booklet_order(pages)
    assert found[0][0] == 1, "the cover on the left of the first side"
    with pikepdf.open(path) as pdf:
        reading = pdf.open_metadata()["dc:title"]
        assert "DRAFT:" in reading and reading.endswith(" (كتيّب للطباعة)"), "said in the leaflet's language"
        assert str(pdf.docinfo.Title) == reading


def test_print_file_passes_qpdf_checks(clinic):
    paths = sorted(clinic.rglob("*-a5-booklet-print*.pdf"))
    assert paths
    for path in paths:
        with pikepdf.open(path) as document:
            assert document.check_pdf_syntax() == [], path.name


def test_readme_says_how_to_print_the_booklet():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "a5-booklet-print.pdf" in readme and "flip on the short edge" in readme


def test_print_file_is_the_same_bytes_every_time(clinic, tmp_path):
    assert main(["--content", str(CONTENT), "--output", str(tmp_path), "--today", TODAY, "--layout", "a5-booklet",
                 "PAIN-OST-002"]) == 0
    name = "PAIN-OST-002/PAIN-OST-002-v1.0-a5-booklet-print.pdf"
    assert (tmp_path / name).read_bytes() == (clinic / name).read_bytes()


def test_a_sheet_too_small_for_two_pages_is_named(tmp_path):
    from leaflets.errors import LayoutFileError
    from leaflets.outputs.pdf.layouts import load_layout
    path = tmp_path / "a4-booklet.yaml"
    path.write_text((ROOT / "layouts" / "a5-booklet.yaml").read_text().replace("size: A5", "size: A4"))
    with pytest.raises(LayoutFileError) as error:
        load_layout(path)
    assert "a4-booklet.yaml:7: page.booklet_sheet: cannot hold two pages side by side" in str(error.value)
