"""Pages are filled as STANDARDS.md §8 asks, read back from every layout and size the bundle builds.

No page but the last is more than a quarter empty at the bottom (a third at
24 pt and above) unless what comes next cannot start there: a heading with
what it keeps (its lead-in and two lines) too tall for the room, or a figure.
A heading never ends a page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from conftest import ROOT, TODAY, pdfs
from leaflets.cli import main
from leaflets.outputs.pdf.layouts import Layout, chosen_layouts

NAMES, SIZES = ("a4", "large-print", "a5-booklet"), (24, 28)
HEADINGS = {"/H1", "/H2", "/H3"}
ARTIFACT = "/Artifact"
DPI = 36
INK = 200
"""A grey level darker than this is ink (callout backgrounds are lighter)."""


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Page:
    empty: float
    """Points of the text frame left empty below the lowest ink."""
    marked: list[str]
    """Tags of the page's marked content, artifacts included, in drawing order."""
    lines: list[Line]
    """Lines of text inside the frame, top first."""

    @property
    def tags(self) -> list[str]:
        """Structure tags of the page's content, in drawing order."""
        return [tag for tag in self.marked if tag != ARTIFACT]

    @property
    def starts_write_in(self) -> bool:
        """The page starts with a write-in area: a label, then lines drawn as decoration."""
        return self.marked[:2] == ["/P", ARTIFACT]


def frame(layout: Layout) -> tuple[float, float]:
    """The text frame's top and bottom, in PDF points from the bottom of the page."""
    return layout.page_size[1] - layout.margins.top, layout.margins.bottom


def ink_bottom(page: pypdfium2.PdfPage, top: float, bottom: float) -> float:
    """The lowest inked point of the frame, in points from the bottom of the page."""
    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    pixels, height = image.load(), image.height
    for row in range(round(height - bottom * DPI / 72) - 1, round(height - top * DPI / 72), -1):
        if any(pixels[x, row] < INK for x in range(image.width)):
            return (height - row) * 72 / DPI
    return top


def text_lines(page: pypdfium2.PdfPage, top: float, bottom: float) -> list[Line]:
    """Text runs inside the frame joined into lines (a bullet and its text are one line)."""
    text = page.get_textpage()
    lines: list[Line] = []
    runs = sorted((text.get_rect(i) for i in range(text.count_rects())), key=lambda rect: -rect[3])
    for left, low, right, high in runs:
        if not (bottom <= low and high <= top):
            continue
        words = text.get_text_bounded(left, low, right, high)
        if lines and low < lines[-1].bottom + (lines[-1].top - lines[-1].bottom) / 2:
            last = lines.pop()
            lines.append(Line(max(last.top, high), min(last.bottom, low), f"{last.text} {words}"))
        else:
            lines.append(Line(high, low, words))
    return lines


def marked_tags(page: pikepdf.Page) -> list[str]:
    """The tags of the page's marked content, artifacts included, in drawing order."""
    return [str(op.operands[0]) for op in pikepdf.parse_content_stream(page) if str(op.operator) == "BDC"]


def read_pages(path: Path, layout: Layout) -> list[Page]:
    top, bottom = frame(layout)
    with pikepdf.open(path) as tagged:
        tags = [marked_tags(page) for page in tagged.pages]
    document = pypdfium2.PdfDocument(path)
    try:
        return [Page(ink_bottom(page, top, bottom) - bottom, page_tags, text_lines(page, top, bottom))
                for page, page_tags in zip(document, tags)]
    finally:
        document.close()


def kept_height(lines: list[Line], layout: Layout) -> float:
    """How tall the start of a page must be to stay together: its heading, a lead-in, and two lines after them.

    Lines a paragraph apart are further apart than lines of one paragraph;
    the heading's lines are the taller ones at the top.
    """
    body = min(line.top - line.bottom for line in lines)
    count = next((n for n, line in enumerate(lines) if line.top - line.bottom < body * 1.1), len(lines))
    gaps = [upper.bottom - lower.top for upper, lower in zip(lines, lines[1:])]
    same_paragraph = min(gaps[count:], default=0) + layout.sizes.body * 0.2
    first = count
    while first < len(lines) - 1 and gaps[first] <= same_paragraph:
        first += 1
    if lines[min(first, len(lines) - 1)].text.rstrip().endswith(":"):  # a lead-in, kept with what it introduces
        count = first + 1
    return lines[0].top - lines[min(count + 1, len(lines) - 1)].bottom


def paragraph_height(lines: list[Line], layout: Layout) -> float:
    """The height of the first paragraph: lines closer together than a line's leading."""
    last = 0
    while last + 1 < len(lines) and lines[last].bottom - lines[last + 1].top < (layout.leading - 0.6) * layout.sizes.body:
        last += 1
    return lines[0].top - lines[last].bottom


@pytest.fixture(scope="module")
def every_size(tmp_path_factory) -> list[tuple[Path, Layout, list[Page]]]:
    output = tmp_path_factory.mktemp("filled")
    arguments = [argument for name in NAMES for argument in ("--layout", name)]
    arguments += [argument for size in SIZES for argument in ("--size", str(size))]
    assert main(["--output", str(output), "--today", TODAY, "--format", "pdf", *arguments]) == 0
    layouts, problems = chosen_layouts(ROOT / "layouts", NAMES, SIZES)
    assert not problems
    found = []
    for path in pdfs(output):
        for layout in (layout for layout in layouts if path.stem.endswith(f"-{layout.name}")):  # not print files
            found.append((path, layout, read_pages(path, layout)))
    assert len(found) == 3 * (len(NAMES) + len(SIZES)), [path.name for path, _, _ in found]
    return found


def test_no_page_ends_with_a_heading(every_size):
    for path, _, pages in every_size:
        for number, page in enumerate(pages[:-1], 1):
            assert page.tags[-1] not in HEADINGS, f"{path.name} page {number} ends with a heading"


def test_no_page_is_left_too_empty(every_size):
    for path, layout, pages in every_size:
        for number, (page, following) in enumerate(zip(pages, pages[1:]), 1):
            if page.empty <= layout.frame_height * (1 / 3 if layout.sizes.body >= 24 else 1 / 4):
                continue
            where = f"{path.name} page {number} is {page.empty / layout.frame_height:.0%} empty"
            # the space dropped at the top of the next page was below the last block on this one
            room = page.empty - layout.spacing.block - layout.spacing.before_heading - layout.sizes.body
            if following.tags[0] in HEADINGS:
                assert room < kept_height(following.lines, layout), f"{where}: the next heading would have started there"
            elif following.starts_write_in:
                assert room < paragraph_height(following.lines, layout) + 2 * layout.spacing.write_in_line, f"{where}: the write-in area would have started there"
            else:
                assert following.tags[0] == "/Figure", f"{where}, and the next page starts with {following.tags[0]}"


WRITE_IN = "Questions to ask at my next appointment"
"""The bundled write-in area's label (PAIN-OST-001)."""


def test_a_write_in_area_at_the_foot_of_a_page_fills_it(every_size):
    """When the write-in area is the last thing on its page, its lines run down to the foot: room to write, not a gap."""
    filled = 0
    for path, layout, pages in every_size:
        for number, page in enumerate(pages[:-1], 1):
            if page.lines and " ".join(page.lines[-1].text.split()).endswith(" ".join(WRITE_IN.split()[-3:])):
                assert page.empty <= layout.spacing.write_in_line + 1, f"{path.name} page {number}"
                filled += 1
    assert filled, "a bundled page ends with the write-in area"
