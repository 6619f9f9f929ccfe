"""The A5 booklet: clear print on A5, and a print file that folds into a booklet in page order."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4, A5

from conftest import CONTENT, TODAY, leaflet_pdf, read_page, reader
from leaflets.cli import main
from leaflets.outputs.pdf.impose import booklet_order

ROOT = Path(__file__).resolve().parent.parent
IDS = ("PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-003")
PAGE = re.compile(r"Page (\d+) of (\d+)")


def halves(page) -> tuple[str, str]:
    """The text on the left and right half of one side of a sheet."""
    middle = float(page.mediabox.width) / 2
    parts: dict[bool, list[str]] = {False: [], True: []}

    def visit(text, cm, tm, font, size):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        parts[x >= middle].append(text)

    page.extract_text(visitor_text=visit)
    return tuple(" ".join("".join(parts[side]).replace("\u00a0", " ").split()) for side in (False, True))


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


@pytest.mark.parametrize("leaflet_id", IDS)
def test_booklet_is_clear_print_on_a5(clinic, leaflet_id):
    pages = reader(leaflet_pdf(clinic, leaflet_id, "a5-booklet")).pages
    assert [round(float(v)) for v in pages[0].mediabox[2:]] == [round(v) for v in A5]
    sizes = [size for page in pages for size in read_page(page).sizes]
    assert min(sizes) >= 12


@pytest.mark.parametrize("leaflet_id", IDS)
def test_print_file_puts_pages_in_booklet_order_on_a4_landscape(clinic, leaflet_id):
    leaflet_pages = len(reader(leaflet_pdf(clinic, leaflet_id, "a5-booklet")).pages)
    sides = reader(leaflet_pdf(clinic, leaflet_id, "a5-booklet-print")).pages
    padded = -(-leaflet_pages // 4) * 4
    assert len(sides) == padded // 2, "two sides per sheet, four pages per sheet"
    found = []
    for side in sides:
        assert [round(float(v)) for v in side.mediabox[2:]] == [round(A4[1]), round(A4[0])], "A4 landscape"
        left, right = halves(side)
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
