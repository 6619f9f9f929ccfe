"""Pages are filled as STANDARDS.md §8 asks, read back from every size the build offers, for every bundled leaflet.

Clear print (A4, 14 pt), the A5 booklet, large print at 18 pt and re-flowed
at 24, 28 and 30 pt, each for every bundled leaflet and translation, drafts
included. No page but the last is more than a quarter empty at the bottom (a
third at 24 pt and above) unless what comes next cannot start there: a
heading with what it keeps (its lead-in and two lines) too tall for the room,
or a figure. A heading never ends a page. Each page is measured against the
text area it was set in: a copy that is not current gives up room at the top
to its status band (longer on page 1) and at the foot to a longer footer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import datetime as dt
import io
import xml.etree.ElementTree as ElementTree

import pikepdf
import pypdfium2
import pytest
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable

from conftest import BUNDLED, CONTENT, ROOT, TODAY, pdfs, pdftotext
from leaflets import build
from leaflets.cli import main
from leaflets.document.words import callout_label
from leaflets.governance.release import Releases
from leaflets.outputs.pdf.keeping import Together, gap, most_empty
from leaflets.outputs.pdf.layouts import Layout, chosen_layouts
from leaflets.outputs.pdf.render import text_area
from leaflets.outputs.pdf.stamp import Stamp
from leaflets.outputs.pdf.typeset import Typesetter
from leaflets.settings import Folders, Settings
from leaflets.source.library import read_library
from leaflets.source.model import Callout

NAMES, SIZES = ("a4", "large-print", "a5-booklet"), (24, 28, 30)
"""Every size the build offers: the layouts, and large print (18 pt) re-flowed at each size staff are offered."""
HEADINGS = {"/H1", "/H2", "/H3"}
ARTIFACT = "/Artifact"
SPAN = "/Span"
"""Marked content inside an element (a right-to-left line's /ActualText) or the watermark's: never an element's start."""
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
    height: float
    """The height of the text frame the page was set in."""
    marked: list[str]
    """Tags of the page's marked content, artifacts included, in drawing order."""
    lines: list[Line]
    """Lines of text inside the frame, top first."""

    @property
    def tags(self) -> list[str]:
        """Structure tags of the page's content, in drawing order."""
        return [tag for tag in self.marked if tag not in (ARTIFACT, SPAN)]

    @property
    def starts_write_in(self) -> bool:
        """The page starts with a write-in area: a label, then lines drawn as decoration (after any page furniture
        drawn first, a draft's status band and watermark; a right-to-left line's spans, the band's or the label's,
        aside)."""
        marked = [tag for tag in self.marked if tag != SPAN]
        content = next((number for number, tag in enumerate(marked) if tag != ARTIFACT), len(marked))
        return marked[content:content + 2] == ["/P", ARTIFACT]


def frame(layout: Layout) -> tuple[float, float]:
    """The text frame's top and bottom, in PDF points from the bottom of the page."""
    return layout.page_size[1] - layout.margins.top, layout.margins.bottom



def ink_bottom(page: pypdfium2.PdfPage, top: float, bottom: float) -> float:
    """The lowest inked point of the frame, in points from the bottom of the page."""
    image = page.render(scale=DPI / 72, grayscale=True).to_pil()
    pixels, height = image.load(), image.height
    # from a pixel above the frame's foot: a copy whose footer needed more room has its footer's rule right there
    for row in range(round(height - bottom * DPI / 72) - 2, round(height - top * DPI / 72), -1):
        if any(pixels[x, row] < INK for x in range(image.width)):
            return (height - row) * 72 / DPI
    return top


XHTML = "{http://www.w3.org/1999/xhtml}"


def text_lines(path: Path, frames: list[tuple[float, float]]) -> list[list[Line]]:
    """Each page's lines of text inside its frame (top, bottom), as poppler finds them, top first (a bullet and its
    text are one line).

    Poppler reads a line whatever its script; its boxes are the fonts' full
    height, so the lines of a script with tall letters (Arabic) overlap.
    """
    layout = ElementTree.fromstring(pdftotext(path, "-bbox-layout"))
    pages = []
    for page, (top, bottom) in zip(layout.iter(f"{XHTML}page"), frames, strict=True):
        height, found = float(page.get("height")), []
        for line in page.iter(f"{XHTML}line"):
            high, low = height - float(line.get("yMin")), height - float(line.get("yMax"))
            if bottom <= (high + low) / 2 <= top:
                found.append(Line(high, low, " ".join(word.text or "" for word in line.iter(f"{XHTML}word"))))
        lines: list[Line] = []
        for line in sorted(found, key=lambda line: -line.top):
            if lines and lines[-1].top - line.top < (lines[-1].top - lines[-1].bottom) / 2:  # beside the last, not below
                last = lines.pop()
                line = Line(max(last.top, line.top), min(last.bottom, line.bottom), f"{last.text} {line.text}")
            lines.append(line)
        pages.append(lines)
    return pages


def without_watermark(pdf: pikepdf.Pdf, page: pikepdf.Page) -> list[str]:
    """Drop the watermark a copy that is not current carries, which crosses the frame behind the words.

    It is a visual extra behind the text; measured, its ink and its letters
    would count as the page's lowest line. Returns the page's marked-content
    tags, artifacts included, in drawing order.
    """
    kept, tags, depth = [], [], 0
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC":
            properties = operands[1] if len(operands) > 1 else None
            if depth or (isinstance(properties, pikepdf.Dictionary) and properties.get("/Subtype") == "/Watermark"):
                depth += 1
                continue
            tags.append(str(operands[0]))
        elif depth and str(operator) in ("BMC", "EMC"):
            depth += 1 if str(operator) == "BMC" else -1
            continue
        if not depth:
            kept.append((operands, operator))
    page.Contents = pikepdf.Stream(pdf, pikepdf.unparse_content_stream(kept))
    return tags


def read_pages(path: Path, layout: Layout, first: Layout) -> list[Page]:
    """The pages of ``path``, page 1 set in the text area ``first``, the rest in ``layout``'s."""
    with pikepdf.open(path) as tagged:
        tags = [without_watermark(tagged, page) for page in tagged.pages]
        unmarked = io.BytesIO()
        tagged.save(unmarked)
    sets = [first, *[layout] * (len(tags) - 1)]
    frames = [frame(set_in) for set_in in sets]
    document = pypdfium2.PdfDocument(unmarked.getvalue())
    try:
        return [Page(ink_bottom(page, top, bottom) - bottom, set_in.frame_height, page_tags, page_lines)
                for page, set_in, (top, bottom), page_tags, page_lines
                in zip(document, sets, frames, tags, text_lines(path, frames), strict=True)]
    finally:
        document.close()


UNSPLIT = 3
"""A paragraph of this many lines or fewer never splits over a page (no line is left alone at either end)."""


def kept_height(lines: list[Line], layout: Layout) -> float:
    """How tall the start of a page must be to stay together: a heading, a lead-in, and the start of what follows.

    That start is two lines, or a whole paragraph or point too short to
    split. Lines are told apart by where they stand, not by how tall their
    letters are (Arabic's are taller than Latin's at one size): a heading's
    lines are set further apart than the body's, and a paragraph's lines
    closer than two paragraphs. A lead-in ends with its colon, which
    right-to-left text extracts at its left.
    """
    pitch = layout.leading * layout.sizes.body * 1.2
    steps = [upper.top - lower.top for upper, lower in zip(lines, lines[1:])]

    def end_of(first: int) -> int:
        while first < len(steps) and steps[first] <= pitch:
            first += 1
        return first

    heading = next((n for n, step in enumerate(steps) if step <= pitch), len(steps))
    after = end_of(heading)
    words = lines[min(after, len(lines) - 1)].text.strip()
    follows = after + 1 if words.endswith(":") or words.startswith(":") else heading  # a lead-in keeps what it introduces
    last = end_of(follows)
    start = last if last - follows < UNSPLIT else follows + 1
    return lines[0].top - lines[min(start, len(lines) - 1)].bottom


def paragraph_height(lines: list[Line], layout: Layout) -> float:
    """The height of the first paragraph: lines set a body line apart, not a paragraph apart."""
    pitch = layout.leading * layout.sizes.body * 1.2
    last = 0
    while last + 1 < len(lines) and lines[last].top - lines[last + 1].top <= pitch:
        last += 1
    return lines[0].top - lines[last].bottom


def areas(layouts: list[Layout]) -> dict[tuple[str, str], tuple[Layout, Layout]]:
    """Each bundled leaflet's text area in each layout, by (id, layout name), as the PDF output sets it: on every
    page but the first, and on page 1."""
    library = read_library(CONTENT)
    settings = Settings(Folders(CONTENT), today=dt.date.fromisoformat(TODAY))
    found = {}
    for edition in build.editions(settings, library, Releases.of(library), build.Report()):
        stamp = Stamp.of(edition.stamp, edition.document.phrases, edition.notice)
        for layout in layouts:
            area, band = text_area(edition, layout, stamp)
            found[edition.leaflet.id, layout.name] = area, band.below(first_page=True) if band else area
    return found


def callout_labels() -> set[str]:
    """Every bundled callout's label as printed ("Important: Check before using TENS"), in every language."""
    library = read_library(CONTENT)
    settings = Settings(Folders(CONTENT), today=dt.date.fromisoformat(TODAY))
    return {" ".join(f"{callout_label(block, edition.document.phrases)}: {block.title}".split()) if block.title
            else callout_label(block, edition.document.phrases)
            for edition in build.editions(settings, library, Releases.of(library), build.Report())
            for block in edition.document.blocks if isinstance(block, Callout)}


CALLOUT_LABELS = callout_labels()


def box_label_lines(lines: list[Line]) -> int:
    """How many of a page's first ``lines`` a callout's label takes, if the page starts with one; else 0.

    Letters are compared as a bag, not in order: poppler gives a right-to-left line's letters as drawn.
    """
    labels = [Counter(label.replace(" ", "")) for label in CALLOUT_LABELS]
    seen: Counter = Counter()
    for count, line in enumerate(lines, 1):
        seen += Counter(line.text.replace(" ", ""))
        if seen in labels:
            return count
        if not any(not seen - label for label in labels):
            return 0
    return 0


def runs_on(page: Page, following: Page) -> bool:
    """The next page goes on with a box from this one: its label repeated above the rows still to come."""
    return bool(following.lines) and following.lines[0].text in {line.text for line in page.lines}


def box_start_height(lines: list[Line], layout: Layout) -> float:
    """How tall a box running on starts: its repeated label, and the whole first row after it."""
    return lines[0].top - lines[1].top + paragraph_height(lines[1:], layout) if len(lines) > 1 else 0.0


@pytest.fixture(scope="module")
def every_size(tmp_path_factory) -> list[tuple[Path, Layout, list[Page]]]:
    output = tmp_path_factory.mktemp("filled")
    arguments = [argument for name in NAMES for argument in ("--layout", name)]
    arguments += [argument for size in SIZES for argument in ("--size", str(size))]
    assert main(["--output", str(output), "--today", TODAY, "--format", "pdf", *arguments]) == 0
    layouts, problems = chosen_layouts(ROOT / "layouts", NAMES, SIZES)
    assert not problems
    area = areas(layouts)
    found = []
    for path in pdfs(output):
        stem = path.stem.removesuffix("-DRAFT")
        for layout in (layout for layout in layouts if stem.endswith(f"-{layout.name}")):  # not print files
            set_in, first = area[path.parent.name, layout.name]
            found.append((path, set_in, read_pages(path, set_in, first)))
    assert sorted({path.parent.name for path, _, _ in found}) == sorted(BUNDLED), "every leaflet and translation"
    assert len(found) == len(BUNDLED) * (len(NAMES) + len(SIZES)), [path.name for path, _, _ in found]
    return found


def test_no_page_ends_with_a_heading(every_size):
    """Unless the page holds that heading alone, and it with what follows is taller than the text area."""
    faults = []
    for path, layout, pages in every_size:
        for number, page in enumerate(pages[:-1], 1):
            if not page.tags or page.tags[-1] not in HEADINGS:  # (a page may hold only a paragraph's right-to-left
                continue                                       # spans, or a write-in area's lines running on)
            body = layout.leading * layout.sizes.body
            alone = page.lines and all(line.top - line.bottom > body for line in page.lines)  # the frame holds the heading only
            # the heading, the space after it and the paragraph that follows (its lines' room a body size over their ink)
            kept = (page.lines[0].top - page.lines[-1].bottom + layout.spacing.after_heading
                    + paragraph_height(pages[number].lines, layout) + layout.sizes.body)
            if not (alone and kept > page.height):
                faults.append(f"{path.name} page {number} ends with a heading")
    assert not faults, "\n".join(faults)


def too_empty(page: Page, following: Page, layout: Layout) -> str | None:
    """Why ``page`` is left too empty, if it is: what comes next could have started there."""
    if page.empty <= page.height * (1 / 3 if layout.sizes.body >= 24 else 1 / 4):
        return None
    where = f"is {page.empty / page.height:.0%} empty"
    # the space dropped at the top of the next page was below the last block on this one
    space = max(layout.spacing.paragraph, layout.spacing.before_heading)  # a heading's, or the paragraph's before it
    room = page.empty - space - layout.sizes.body
    if not following.tags:
        return None  # the next page goes on with this page's content (a write-in area's lines, a paragraph's spans)
    if following.tags[0] == "/Figure":
        return None  # it shrinks as far as it may, then moves on whole with its caption
    label = box_label_lines(following.lines)
    if following.starts_write_in:
        needed = paragraph_height(following.lines, layout) + 2 * layout.spacing.write_in_line
    elif label and len(following.lines) > label + 1:  # a callout: its label, two lines of what it says, and a lead-in's
        lead_in = ":" in (following.lines[label].text.strip()[:1], following.lines[label].text.strip()[-1:])  # two points
        last = min(label + (3 if lead_in else 1), len(following.lines) - 1)
        needed = following.lines[0].top - following.lines[last].bottom + 2 * layout.spacing.callout_padding
    elif runs_on(page, following):
        needed = box_start_height(following.lines, layout)
    else:  # a heading with what it keeps, or a paragraph or point too short to split
        needed = kept_height(following.lines, layout)
    return None if room < needed else f"{where}, and the next page's start ({following.tags[0]}) would have fitted"


def test_no_page_is_left_too_empty(every_size):
    faults = [f"{path.name} page {number} {fault}" for path, layout, pages in every_size
              for number, (page, following) in enumerate(zip(pages, pages[1:]), 1)
              if (fault := too_empty(page, following, layout))]
    assert not faults, "\n".join(faults)


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


REVIEW = "When to ask for a review"
"""PAIN-OST-002's heading over a lead-in ("…if:") and a list of five points."""


def review_group(layout: Layout) -> tuple[Together, Canvas, list[float]]:
    """The group the typesetter keeps at the start of PAIN-OST-002's "When to ask for a review" in ``layout``,
    ready to split, and how tall it is with its heading, lead-in and first one and two points."""
    library = read_library(CONTENT)
    settings = Settings(Folders(CONTENT), ids=("PAIN-OST-002",), today=dt.date.fromisoformat(TODAY))
    [edition] = build.editions(settings, library, Releases.of(library), build.Report())
    area = text_area(edition, layout, Stamp.of(edition.stamp, edition.document.phrases, edition.notice))[0]
    story = Typesetter(edition.document, area).flowables()
    group = next(f for f in story if isinstance(f, Together) and getattr(f._content[0], "getPlainText", str)() == REVIEW)
    canvas = Canvas(io.BytesIO())
    group.canv = canvas
    heading, lead_in, points = group._content
    first, second = points._content
    pieces = [heading, lead_in, first, second]
    heights = [piece.wrapOn(canvas, area.frame_width, area.frame_height)[1] for piece in pieces]
    tops = [0.0, *(gap(upper, lower) for upper, lower in zip(pieces, pieces[1:]))]
    running = [sum(heights[:n] + tops[:n]) for n in range(1, 5)]
    return group, canvas, [area.frame_width, running[2], running[3]]


def kept(parts: list) -> list[str]:
    """What a split offers the rest of this page, up to a page break: each flowable's first three words, those of a
    group kept together joined by "+" (the page takes the group whole or not at all)."""
    said = []
    for part in parts:
        if isinstance(part, ActionFlowable) and not isinstance(part, NullActionFlowable):
            break
        if isinstance(part, Together):
            said.append(" + ".join(kept(part._content)))
        elif hasattr(part, "getPlainText") or hasattr(part, "body"):
            said.append(" ".join(getattr(part, "body", part).getPlainText().split()[:3]))
    return said


def test_a_lead_in_keeps_with_its_first_two_points_not_the_whole_list():
    layout = chosen_layouts(ROOT / "layouts", ("a4",), ())[0][0]
    group, _, (width, one, two) = review_group(layout)
    assert two < layout.frame_height / 4, "the heading, lead-in and two points fit where a quarter of a page is left"
    parts = group.split(width, two + 1)
    assert kept(parts) == ["When to ask", "Contact your GP", "your pain is + your painkillers do"]
    assert kept(group.split(width, (one + two) / 2)) == [], "with only one point's room, all moves on"


def test_a_lead_in_keeps_with_one_point_rather_than_leave_a_third_of_a_page_empty():
    """At 28 pt the heading, lead-in and two points need half a page: where less is left, the points flow, the first
    staying with the lead-in (the second goes on unless it fits)."""
    layout = chosen_layouts(ROOT / "layouts", (), (28,))[0][0]
    group, _, (width, one, two) = review_group(layout)
    assert one > most_empty(layout)
    assert kept(group.split(width, two + 1)) == ["When to ask", "Contact your GP", "your pain is + your painkillers do"]
    assert kept(group.split(width, (one + two) / 2)) == ["When to ask", "Contact your GP", "your pain is", "your painkillers do"]
    assert kept(group.split(width, one - 1)) == [], "without room for a point, all moves on"
