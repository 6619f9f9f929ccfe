"""Office printing: margins a printer can reach, and even page counts for double-sided copies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.lib.units import mm

from conftest import CONTENT, TODAY, pdftotext, read_page, reader
from leaflets.cli import main
from leaflets.source.phrases import PhraseBook
from leaflets.outputs.pdf.layouts import load_layout

from test_validation import GOOD

LAYOUTS = sorted((Path(__file__).resolve().parent.parent / "layouts").glob("*.yaml"))
PRINTER_REACH = 12 * mm
"""Most office printers cannot print within about 5 mm of the edge; 12 mm leaves room for paper drift."""


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.stem)
def test_every_layout_keeps_12_mm_clear_at_every_edge(path):
    layout = load_layout(path)
    assert min(vars(layout.margins).values()) >= PRINTER_REACH - 0.01
    assert layout.footer_from_bottom >= PRINTER_REACH - 0.01


def test_nothing_is_drawn_within_12_mm_of_the_edge(built):
    for pdf in built.rglob("*.pdf"):
        for page in reader(pdf).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)

            def visit(text, cm, tm, font, size):
                if text.strip():
                    x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                    y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                    assert PRINTER_REACH - 1 <= x <= width - PRINTER_REACH, (pdf.name, text)
                    assert PRINTER_REACH - 1 <= y <= height - PRINTER_REACH, (pdf.name, text)

            page.extract_text(visitor_text=visit)


@pytest.fixture(scope="module")
def even(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("even")
    assert main(["--content", str(CONTENT), "--output", str(output), "--today", TODAY, "--even-pages"]) == 0
    return output


def test_even_pages_gives_every_pdf_an_even_count(even, built):
    padded = 0
    for pdf in sorted(even.rglob("*.pdf")):
        plain = len(reader(built / pdf.relative_to(even)).pages)
        pages = reader(pdf).pages
        assert len(pages) == plain + plain % 2
        padded += plain % 2
    assert padded, "at least one leaflet had an odd page count to pad"


def test_a_padding_page_carries_the_stamp_and_says_it_is_blank(even, built):
    for pdf in sorted(even.rglob("*.pdf")):
        plain = len(reader(built / pdf.relative_to(even)).pages)
        if plain % 2 == 0:
            continue
        document = reader(pdf)
        last = document.pages[-1]
        text = " ".join(pdftotext(pdf, "-raw", "-f", str(len(document.pages))).split())
        phrases = PhraseBook(CONTENT).of(str(document.trailer["/Root"]["/Lang"]))
        assert phrases.say("blank_page") in text
        leaflet_id = pdf.parent.name
        assert leaflet_id in text and phrases.say("page", number=plain + 1, total=plain + 1) in text
        # The notice and the footer are artifacts: no structure element has content on this page.
        nums = document.trailer["/Root"]["/StructTreeRoot"]["/ParentTree"]["/Nums"]
        parents = dict(zip((int(n) for n in nums[::2]), nums[1::2]))
        assert "/StructParents" not in last or not parents.get(int(last["/StructParents"]))


def test_no_page_ends_with_a_heading(clinic):
    """A heading at the foot of a page, its text overleaf, reads as a missing section on paper."""
    layouts = {path.stem: load_layout(path) for path in LAYOUTS}
    checked = 0
    for path in clinic.glob("PAIN-*/*.pdf"):
        layout = layouts.get(re.sub(r"^.*-v\d+\.\d+-", "", path.stem))
        if layout is None:
            continue  # a booklet's print file: the same pages as its A5 file
        checked += 1
        headings = {layout.sizes.heading, layout.sizes.subheading}
        pages = reader(path).pages
        for number, page in enumerate(pages[:-1], start=1):
            runs: list[tuple[float, float, str]] = []

            def visit(text, cm, tm, font, size):
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                if text.strip() and y > layout.margins.bottom:
                    runs.append((y, round(size * tm[3] * cm[3], 2), text.strip()))

            page.extract_text(visitor_text=visit)
            lowest = min(runs)
            assert lowest[1] not in headings, f"{path.name} page {number} ends with the heading '{lowest[2]}'"
    assert checked == 9


def test_a_long_list_runs_over_a_page_without_leaving_an_item_alone(content_copy, tmp_path):
    """A long list fills the page it starts on, rather than taking its heading to the next page."""
    items = "".join(f"      - Point number {n} in a long list of things to remember.\n" for n in range(1, 41))
    leaflet = GOOD.replace("  - paragraph: Hello.\n", f"  - heading: A long list\n  - bullets:\n{items}")
    (content_copy / "leaflets" / "test.yaml").write_text(leaflet, encoding="utf-8")
    assert main(["--content", str(content_copy), "--output", str(tmp_path), "--today", TODAY,
                 "--layout", "large-print", "TEST-001"]) == 0
    [pdf] = (tmp_path / "TEST-001").glob("*.pdf")
    counts = [read_page(page).text.count("Point number") for page in reader(pdf).pages]
    assert "A long list" in read_page(reader(pdf).pages[0]).text and counts[0] >= 2
    assert sum(counts) == 40 and all(count != 1 for count in counts), counts
