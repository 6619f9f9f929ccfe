"""The flowables a leaflet is drawn with, each drawing inside its structure tag.

Every flowable made here carries a :class:`Tag` saying what it is in the
document's logical structure (a heading, a list body, a figure…) and draws
inside the marked content the canvas's structure tree gives it, so the PDF is
tagged as it is drawn. Decoration (a box's background, ruled lines) is drawn
as an artifact.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from itertools import groupby
from typing import Any, Callable

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Image, Paragraph, Table
from reportlab.platypus.paragraph import ParaLines

from ...errors import RenderError
from ...source import model
from . import fit
from .fonts import is_mark, letters
from .svg import crowded_label, label_transforms, magnification
from .tagging import LinkedMarks, Switch


@dataclass(frozen=True)
class Tag:
    """Where a flowable sits in the structure tree.

    ``key`` identifies the element, so both halves of a paragraph split over
    two pages join the same element; ``parents`` lists the enclosing group
    elements (a list, a list item, a callout) as (role, key) pairs, outermost first.
    """

    role: str
    key: int
    parents: tuple[tuple[str, int], ...] = ()
    alt: str | None = None
    lang: str | None = None
    """Set only on the words of a language other than the document's (a bilingual copy's English)."""
    scope: str | None = None
    """A header cell's scope ("Column"), so a screen reader knows which cells it heads."""


ARTIFACT = None
"""The tag of decoration that is not content (rules, ruled write-in lines)."""


def draw_tagged(flowable: Flowable, tag: Tag | None, draw) -> None:
    """Draw inside the marked content the canvas's structure tree gives ``tag``."""
    with flowable.canv.structure.mark(flowable.canv, tag):
        draw()


class TaggedParagraph(Paragraph):
    """A Paragraph that knows its structure tag, and passes it on when split.

    ReportLab drops the space where it breaks a line between words, so software
    that reads the marked content (a screen reader, copy and paste) would join
    the last word of one line to the first of the next. Each such line is
    drawn ending in its space, which shows nothing on a left-aligned page. A
    word split only because it is wider than the line (a long web address)
    gets no space.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, tag: Tag | None = None,
                 reading: Reading | None = None, widest: tuple[str, float] = ("", 0.0),
                 faults: list[RenderError] | None = None, origin: model.Origin | None = None, **kwargs: Any) -> None:
        super().__init__(text, style, **kwargs)  # ReportLab's split() calls this with text None
        self.tag, self.reading, self.widest, self.faults, self.origin = tag, reading, widest, faults, origin
        self.linked = text is not None and "<a " in text
        self.marks: LinkedMarks | None = None

    right_to_left = False
    """Set right to left (``righttoleft``): a list's label and a QR code go at its right."""
    ends = True
    """False for the first part of a paragraph split over two pages."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        word, width = self.widest
        if width > available_width + 0.01 and self.faults is not None:
            # ReportLab will cut the word in two. Noted rather than raised: ReportLab
            # rewrites exceptions raised inside its containers, losing the location.
            self.faults.append(RenderError(fit.too_wide(word, width, available_width), str(self.origin or "")))
            self.faults = None
        if self.broken_at == available_width and hasattr(self, "blPara"):
            return self.width, self.height  # its lines are already broken at this width
        size = super().wrap(available_width, available_height)
        self.broken_at = available_width
        return size

    broken_at: float | None = None
    """The width this paragraph's lines (``blPara``) were broken at, if they have been."""

    def split(self, width: float, height: float) -> list[Flowable]:
        parts = self.split_lines(height) if self.carries(width) else super().split(width, height)
        for number, part in enumerate(parts):
            part.tag, part.reading, part.continues, part.linked = self.tag, self.reading, number > 0, self.linked
            part.ends = number == len(parts) - 1
        return parts

    def carries(self, width: float) -> bool:
        """Whether this paragraph's lines are broken at ``width``, in a style whose lines are all one height."""
        style = self.style
        return (self.broken_at == width and hasattr(self, "blPara") and not style.endDots and not style.firstLineIndent
                and getattr(self, "autoLeading", getattr(style, "autoLeading", "")) in ("", "off"))

    def split_lines(self, height: float) -> list[Flowable]:
        """The paragraph split after the lines that fit in ``height``: ReportLab's split, with the rest keeping its lines.

        Lines are broken greedily, so the lines after a page's last are those
        the rest would break into at the same width. Breaking the rest again on
        each page, and gathering its words, as ReportLab does, makes a
        paragraph's layout time grow with its length times its pages: a
        paragraph of a hundred pages would take minutes. Widows and orphans
        are kept as the style says, as ReportLab keeps them.
        """
        lines, leading, style = self.blPara.lines, self.style.leading, self.style
        fit, total = int(height / leading), len(lines)
        if fit == 0 or fit <= 1 and not style.allowOrphans:
            del self.blPara
            return []
        if total <= fit:
            return [self]
        if total == fit + 1 and not style.allowWidows:
            if not (total > 3 or style.allowOrphans and total == 3):
                del self.blPara
                return []
            fit -= 1
        words = self.gather or self._get_split_blParaFunc()
        first = self.__class__(None, style, bulletText=self.bulletText, frags=words(self.blPara, 0, fit))
        first.blPara = ParaLines(kind=1, lines=lines[:fit], aH=height, aW=self.width)
        first._JustifyLast = not getattr(lines[fit - 1], "lineBreak", False)
        first._splitpara, first.height, first.width = 1, fit * leading, self.width
        rest = self.__class__(None, style, frags=_Later(words, self.blPara, fit, total))
        rest.blPara = self.blPara.clone(lines=lines[fit:])
        rest.width, rest.height, rest.broken_at, rest.gather = self.width, (total - fit) * leading, self.broken_at, words
        return [first, rest]

    gather: Callable[[Any, int, int], list[Any]] | None = None
    """How the rest of a split paragraph gathers its lines' words: the whole paragraph's way, bound to it where
    it needs its pieces, since the lines of every rest keep their places among the whole paragraph's pieces."""

    @property
    def frags(self) -> list[Any]:
        """The paragraph's pieces of text: gathered from its lines only when asked for (see ``split_lines``)."""
        if isinstance(self._frags, _Later):
            self._frags = self._frags()
        return self._frags

    @frags.setter
    def frags(self, frags: list[Any]) -> None:
        self._frags = frags

    def draw(self) -> None:
        level = HEADING_LEVELS.get(self.tag.role) if self.tag else None
        if level is not None and not getattr(self, "continues", False):
            self.canv.structure.bookmark(self.canv, self.getPlainText(), level=level, y=self.height)
        self.end_lines()
        if not self.linked:
            draw_tagged(self, self.tag, super().draw)
            return
        with self.canv.structure.mark(self.canv, self.tag, linked=True) as self.marks:
            try:
                super().draw()
            finally:
                self.marks = None  # marks belong to this drawing only

    def end_lines(self) -> None:
        """End each line broken between two words in its space (see the class's docstring)."""
        self.blPara.lines = [_with_space(line) if self.reading.space_after(_line_text(line)) else line
                             for line in self.blPara.lines]

    def beginText(self, x: float, y: float) -> PDFTextObject:
        text = LinkedText(self.canv, x, y, self.marks) if self.marks else MarkedText(self.canv, x, y)
        text.spans_letters = bool(self.style.shaping) and not self.right_to_left
        return text


def actual_text(text: str) -> str:
    """A marked-content property list giving ``text`` as what the glyphs inside it say."""
    return f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC"


@dataclass(frozen=True)
class _Later:
    """The words of a paragraph's lines ``start`` to ``stop``, gathered when first needed."""

    words: Any
    lines: Any
    start: int
    stop: int

    def __call__(self) -> list[Any]:
        return self.words(self.lines, self.start, self.stop)


class MarkedText(PDFTextObject):
    """A paragraph's text object that gives each letter drawn with combining marks as one ``/ActualText``.

    HarfBuzz places a mark on its letter by drawing it back over the letter and
    moving on again, which text extraction reads as a gap after the mark (a
    space in "m̄."). As one span of actual text, a letter and its marks read
    back exactly as written. A right-to-left paragraph gives its own actual
    text, word by word (``righttoleft``), so its text objects span no letters.
    """

    spans_letters = True

    def _formatText(self, text: str) -> str:
        if not self.spans_letters or not isinstance(text, ShapedStr) or not any(map(is_mark, text)):
            return super()._formatText(text)
        parts, at = [], 0
        for marked, group in groupby(letters(text), key=len):
            for letter in group if marked > 1 else ["".join(group)]:
                code = super()._formatText(text[at:at + len(letter)])
                parts.append(f"{actual_text(letter)} {code} EMC" if marked > 1 else code)
                at += len(letter)
        return " ".join(parts)


class LinkedText(MarkedText):
    """A paragraph's text object that puts each link's words in its Link element (see LinkedMarks)."""

    def __init__(self, canvas: Any, x: float, y: float, marks: LinkedMarks) -> None:
        super().__init__(canvas, x, y)
        self.marks, self.annotations_before = marks, len(canvas._annotationrefs)

    def _linkRecord(self, key: Any, event: str) -> None:
        # ReportLab calls this just after setting a link's first words on a line, and before the words after it.
        if event == "start":
            self._code.insert(len(self._code) - 1, self.marks.start(key))
        else:
            self._code.append(self.marks.end())

    def getCode(self) -> str:
        # A paragraph that is one link is set in one piece, with no starts: all of it is the link.
        whole_link = (not any(isinstance(entry, Switch) for entry in self._code)
                      and len(self._canvas._annotationrefs) > self.annotations_before)
        self._code = self.marks.resolve(self._code, whole_link)
        return super().getCode()


@dataclass
class Reading:
    """A paragraph's text as a reader hears it, and how much of it is drawn."""

    text: str
    drawn: int = 0

    def space_after(self, line: str) -> bool:
        """Whether the break after ``line`` falls between two words."""
        line = line.strip(" ")
        found = self.text.find(line, self.drawn)
        if found < 0:  # drawn again: a callout's label repeated on its next page
            found = self.text.find(line)
        if found < 0:
            raise RenderError(f"the line '{line}' is not in the paragraph it was set from")
        self.drawn = found + len(line)
        return self.text.startswith(" ", self.drawn)


def _text_frags(line: Any) -> list[Any]:
    return [frag for frag in line.words if hasattr(frag, "text") and not hasattr(frag, "cbDefn")]


def _line_text(line: Any) -> str:
    if isinstance(line, tuple):  # a plain paragraph: (spare width, words)
        return " ".join(line[1])
    return "".join(frag.text for frag in _text_frags(line))


def _with_space(line: Any) -> Any:
    """``line`` ending in a space."""
    if isinstance(line, tuple):
        spare, words = line
        return line if words[-1].endswith(" ") else (spare, [*words[:-1], words[-1] + " "])
    last = _text_frags(line)[-1]
    if last.text.endswith(" "):
        return line
    return line.clone(words=[*line.words, last.clone(text=" ", link=[], us_lines=[])])


HEADING_LEVELS = {"H1": 0, "H2": 1, "H3": 2}
"""Headings become bookmarks, nested by level."""


def _leads_in(part: Table) -> bool:
    """Whether the last row of ``part`` is words that introduce what follows, ending in a colon."""
    cell = part._cellvalues[-1][0]
    last = cell[-1] if isinstance(cell, (list, tuple)) and cell else cell  # a split row's cell holds a list
    reading = getattr(last, "reading", None)  # the words as written: a right-to-left line is drawn reversed
    return reading is not None and last.ends and reading.text.rstrip().endswith(":")


class Box(Table):
    """A one-column table whose background and borders are decoration, not content.

    A box splits between its rows. Only a box with a row taller than a whole
    page (with its label row repeated above it), or one that would otherwise
    leave too much of a page empty (``flowing``, or more than ``most_empty``
    left where it would move on), may split inside a row, and never so as to
    leave only its label on a page: allowing that for every box can make
    ReportLab split and move the same box for ever.
    """

    frame_height = 0.0
    """The height of an empty page's frame, set by the typesetter."""
    least_split = 0.0
    """The smallest piece of a row worth putting on a page: one line of body text."""
    flowing = False
    """Set when keeping the box whole would leave too much of a page empty: it may then split inside a row."""
    most_empty = float("inf")
    """The most room a box may leave at the foot of a page by moving on, set by the typesetter."""
    border = (0.0, "#000000")
    """The outline's weight (pt) and colour: drawn as one rectangle, which no reader takes for a table's ruling."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        repeated = sum(self._rowHeights[:self.repeatRows])  # the label row, repeated on the next page
        if self.flowing or available_height > self.most_empty or max(self._rowHeights, default=0) + repeated > self.frame_height:
            self.splitInRow = self.least_split
        try:
            plain = parts = super().split(available_width, available_height)
            room = available_height
            while len(parts) == 2 and _leads_in(parts[0]):  # "…if you:" does not end a page: split above it,
                room -= parts[0]._rowHeights[-1]           # where the box can still split
                earlier = super().split(available_width, room) if room > 0 else []
                if len(earlier) != 2:  # nothing above it but the label: its last line goes on with what it introduces
                    self.splitInRow = self.least_split
                    earlier = super().split(available_width, available_height - self.least_split)
                    parts = earlier if len(earlier) == 2 and not _leads_in(earlier[0]) else parts
                    break
                parts = earlier
            if len(parts) == 2 and self.empty_above(parts[0]):
                # Splitting above a lead-in left nothing but the label here: the box moves on whole, since the rest
                # would be the whole box again, page after page. On a page of its own it splits where it can.
                fresh = available_height > self.frame_height - self.least_split
                parts = plain if fresh and len(plain) == 2 and not self.empty_above(plain[0]) else []
        finally:
            self.splitInRow = 0
        for part in parts:
            part.splitInRow, part.frame_height, part.least_split, part.border = 0, self.frame_height, self.least_split, self.border
            part.most_empty = self.most_empty
        return parts

    def empty_above(self, part: Table) -> bool:
        """Whether ``part``, a box's piece for this page, holds nothing but its label: splitting there, the rest
        would be the whole box again, page after page."""
        return sum(part._rowHeights[self.repeatRows:]) < self.least_split

    def _drawBkgrnd(self) -> None:
        draw_tagged(self, ARTIFACT, super()._drawBkgrnd)

    def _drawLines(self) -> None:
        def outline() -> None:
            weight, colour = self.border
            self.canv.saveState()
            self.canv.setStrokeColor(colors.HexColor(colour))
            self.canv.setLineWidth(weight)
            self.canv.rect(0, 0, self._width, self._height, stroke=1, fill=0)
            self.canv.restoreState()
        draw_tagged(self, ARTIFACT, outline)


class Unruled(Table):
    """Cells side by side, top-aligned, with nothing drawn but their content: a bilingual copy's two languages, an
    Easy Read row's picture and words."""

    def _drawBkgrnd(self) -> None:
        """Nothing: no background, and drawing none keeps the page stream free of untagged operators."""

    def _drawLines(self) -> None:
        """Nothing: no rules between the cells, which a reader could take for a data table's."""


class RuledTable(Table):
    """A table of words with a rule under each row: the rules are decoration, the cells' words the tagged content.

    Rules between rows only, never a grid: a checker takes a drawn grid for a
    table and looks for it on the page, where a tagged table's elements carry none.
    """

    def _drawBkgrnd(self) -> None:
        draw_tagged(self, ARTIFACT, super()._drawBkgrnd)

    def _drawLines(self) -> None:
        draw_tagged(self, ARTIFACT, super()._drawLines)


class ListItem(Flowable):
    """A list label (bullet or number) hanging beside its body paragraph."""

    def __init__(self, label: str | None, body: TaggedParagraph, label_tag: Tag, indent: float, style: ParagraphStyle) -> None:
        super().__init__()
        self.label, self.body, self.label_tag, self.indent, self.style = label, body, label_tag, indent, style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, self.height = self.body.wrap(available_width - self.indent, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.body.split(available_width - self.indent, available_height)
        if len(parts) < 2:
            return []
        first, *rest = parts
        return [ListItem(self.label, first, self.label_tag, self.indent, self.style),
                *(ListItem(None, part, self.label_tag, self.indent, self.style) for part in rest)]

    def draw(self) -> None:
        if self.label:
            baseline = self.height - self.style.fontSize  # where Paragraph puts its first line
            def label() -> None:
                self.canv.setFont(self.style.fontName, self.style.fontSize)
                self.canv.setFillColor(self.style.textColor)
                if self.body.right_to_left:
                    self.canv.drawRightString(self.width, baseline, self.label)
                else:
                    self.canv.drawString(0, baseline, self.label)
            draw_tagged(self, self.label_tag, label)
        self.body.drawOn(self.canv, 0 if self.body.right_to_left else self.indent, 0)


class FigureDrawing(Flowable):
    """A vector figure scaled to fit the text width and part of the page height.

    Its labels are type like any other: none is set smaller than
    ``label_size``, however far the figure is scaled down.
    """

    def __init__(self, drawing: Drawing, width: float, max_height: float, tag: Tag, label_size: float) -> None:
        super().__init__()
        scale = min(width / drawing.width, max_height / drawing.height)
        for label, matrix in label_transforms(drawing):
            label.fontSize = max(label.fontSize, label_size / (scale * magnification(matrix)))
        self.drawing, self.scale, self.tag, self.label_size = drawing, scale, tag, label_size
        self.width, self.height = drawing.width * scale, drawing.height * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def shrunk(self, height: float) -> FigureDrawing | None:
        """The figure drawn ``height`` high, or None if its labels would then crowd each other."""
        drawing = copy.deepcopy(self.drawing)  # its labels grow as it shrinks; this one may still be drawn
        smaller = FigureDrawing(drawing, self.width, height, self.tag, self.label_size)
        return None if crowded_label(drawing) else smaller

    def draw(self) -> None:
        def paint() -> None:
            self.canv.saveState()
            self.canv.scale(self.scale, self.scale)
            LabelsReadByAlt().draw(renderPDF.renderScaledDrawing(self.drawing), self.canv, 0, 0)
            self.canv.restoreState()
        draw_tagged(self, self.tag, paint)


SILENT_BEGIN = "/Span <</ActualText ()>> BDC"
"""Marks text that is drawn but not read: its actual text is nothing."""


class LabelsReadByAlt(renderPDF._PDFRenderer):
    """Draws a figure whose labels are read only through its alt text.

    Each label is text with an empty /ActualText: it prints and scales with
    the drawing, while copy and paste, text search and screen readers that
    follow the tags meet the figure once, as its description, and not again
    as loose words ("Normal vertebraWedge fractureFront").
    """

    def drawString(self, stringObj: Any) -> None:
        self._canvas.addLiteral(SILENT_BEGIN)
        super().drawString(stringObj)
        self._canvas.addLiteral("EMC")


class TaggedImage(Image):
    """A bitmap figure with its alt text tag."""

    def __init__(self, path: str, width: float, height: float, tag: Tag) -> None:
        super().__init__(path, width=width, height=height)
        self.tag = tag

    def draw(self) -> None:
        draw_tagged(self, self.tag, super().draw)

    def shrunk(self, height: float) -> TaggedImage:
        """The picture drawn ``height`` high, in proportion."""
        return TaggedImage(self.filename, self.drawWidth * height / self.drawHeight, height, self.tag)


class OnlineCopyFlowable(Flowable):
    """A QR code with the words and address beside it, or below it when the address would not fit beside."""

    def __init__(self, code: Drawing, gap: float, tag: Tag, words: TaggedParagraph) -> None:
        super().__init__()
        self.code, self.size, self.gap, self.tag, self.words = code, code.width, gap, tag, words

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        beside = available_width - self.size - self.gap
        style = self.words.style
        longest = max(stringWidth(word, style.fontName, style.fontSize) for word in self.words.getPlainText().split())
        self.beside = longest <= beside
        _, words_height = self.words.wrap(beside if self.beside else available_width, available_height)
        self.width = available_width
        self.height = max(self.size, words_height) if self.beside else self.size + self.gap + words_height
        return self.width, self.height

    def draw(self) -> None:
        top = self.height - self.size
        mirrored = self.words.right_to_left
        code_left = self.width - self.size if mirrored else 0
        draw_tagged(self, self.tag, lambda: renderPDF.draw(self.code, self.canv, code_left, top))
        if self.beside:
            self.words.drawOn(self.canv, 0 if mirrored else self.size + self.gap, self.height - self.words.height)
        else:
            self.words.drawOn(self.canv, 0, 0)


LEAST_LINES = 2
"""Write-in lines kept together at either side of a page break."""


class Rules(Flowable):
    """Evenly spaced lines to write on, and a decorative rule when ``count`` is 1.

    Lines to write on may run over a page, two at least on each side of the break.
    """

    def __init__(self, count: int, spacing: float, colour: str, weight: float) -> None:
        super().__init__()
        self.count, self.spacing, self.colour, self.weight = count, spacing, colour, weight

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.count * self.spacing

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        here = min(int(available_height // self.spacing), self.count - LEAST_LINES)
        if here < LEAST_LINES:
            return []
        return [Rules(here, self.spacing, self.colour, self.weight),
                Rules(self.count - here, self.spacing, self.colour, self.weight)]

    def draw(self) -> None:
        def paint() -> None:
            self.canv.setStrokeColor(colors.HexColor(self.colour))
            self.canv.setLineWidth(self.weight)
            for n in range(self.count):
                self.canv.line(0, n * self.spacing, self.width, n * self.spacing)
        draw_tagged(self, ARTIFACT, paint)
