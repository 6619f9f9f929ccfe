"""A paragraph of a right-to-left leaflet: shaped, each line set right to left, read in the order written.

ReportLab breaks the lines, in the order the text was written, with its
words shaped (``shaping``). Each line is then drawn here rather than by
ReportLab, which would set it left to right: its pieces (a word, or the
part of a word in one face) are placed right to left, right-aligned, with
left-to-right runs kept in their own order (``bidi``).

The pieces are drawn in the order they were written, each at its place, so
a screen reader, ``pdftotext -raw`` and the structure tree meet the words in
reading order, and a link's words sit in its Link element as in any
paragraph. Inside a piece read right to left, the glyphs are drawn left to
right as they look, so text extraction that orders by position
(``pdftotext``) reverses them back, as it does for any right-to-left PDF. A
joined letter's glyph has no character of its own, so each such piece
carries its characters as ``/ActualText``, written in drawing order inside a
``/ReversedChars`` sequence (ISO 32000-1, 14.8.2.3.3): reversed, it reads
as written. Where a line breaks between two words, a space follows its last
word, as in every paragraph here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from .bidi import visual_order
from .flowables import LinkedText, TaggedParagraph, actual_text
from .shaping import logical, shaping, width


@dataclass(frozen=True)
class Piece:
    """Part of a line in one style: ``word`` counts the spaces before it, so pieces of one word share it."""

    frag: Any
    text: str
    word: int

    @property
    def right_to_left(self) -> bool:
        return isinstance(self.text, ShapedStr)


def pieces(line: Any) -> Iterator[Piece]:
    """The pieces of one of ReportLab's lines, in the order written."""
    word = 0
    for frag in line.words:
        if not hasattr(frag, "text") or hasattr(frag, "cbDefn"):
            continue
        text = frag.text
        start = 0
        for end in [*(n for n, char in enumerate(text) if char == " "), len(text)]:
            if end > start:
                yield Piece(frag, text[start:end], word)
            if end < len(text):
                word += 1
            start = end + 1


class RightToLeftParagraph(TaggedParagraph):
    """A TaggedParagraph of a right-to-left leaflet."""

    right_to_left = True
    script_faces: frozenset[str] = frozenset()
    """The face names of the script's family, whose parts are shaped right to left."""
    read = True
    """False for words drawn but not read (a watermark, inside an empty /ActualText): no text of their own."""

    def breakLines(self, width: Any) -> Any:
        with shaping(self.script_faces):
            return super().breakLines(width)

    def split(self, width: float, height: float) -> list[Flowable]:
        parts = super().split(width, height)
        for part in parts:
            part.script_faces = self.script_faces
        return parts

    def end_lines(self) -> None:
        """Each line ends in its space as it is drawn (``draw_line``)."""

    def drawPara(self, debug: int = 0) -> None:
        lines = self.blPara.lines
        if not lines:
            return
        self.canv.saveState()
        text = self.beginText(0, 0)
        baseline = self.height - lines[0].fontSize  # where ReportLab puts a paragraph's first line
        for line in lines:
            self.draw_line(text, list(pieces(line)), baseline)
            baseline -= self.style.leading
        self.canv.drawText(text)
        self.canv.restoreState()

    def placed(self, line: list[Piece]) -> tuple[dict[int, float], list[float], float]:
        """Each piece's left edge, laid right to left from 0 in visual order; each piece's width; the line's width."""
        gap = stringWidth(" ", self.style.fontName, self.style.fontSize)
        widths = [width(piece.text, piece.frag.fontName, piece.frag.fontSize) for piece in line]
        order = visual_order([piece.right_to_left for piece in line])
        lefts: dict[int, float] = {}
        x = 0.0
        for place, index in enumerate(order):
            if place and line[order[place - 1]].word != line[index].word:
                x += gap
            lefts[index] = x
            x += widths[index]
        return lefts, widths, x

    def line_widths(self) -> list[float]:
        """The width of each line as ``draw_line`` sets it: its pieces, shaped, and a space between words."""
        return [self.placed(list(pieces(line)))[2] for line in self.blPara.lines]

    def draw_line(self, text: PDFTextObject, line: list[Piece], baseline: float) -> None:
        """Place ``line``'s pieces right to left, right-aligned, and draw them in the order written."""
        gap = stringWidth(" ", self.style.fontName, self.style.fontSize)
        spaced = [this.word != following.word for this, following in zip(line, line[1:])]
        said = [logical(piece.text) for piece in line]
        spaced.append(self.reading.space_after("".join(words + (" " if space else "")
                                                       for words, space in zip(said, [*spaced, False]))))
        lefts, widths, x = self.placed(line)
        lefts = {index: left + self.width - x for index, left in lefts.items()}  # right-aligned
        links: dict[Any, list[float]] = {}
        for index, piece in enumerate(line):
            self.switch_links(text, line[index - 1].frag.link if index else [], piece.frag.link)
            text.setTextOrigin(lefts[index], baseline)
            text.setFont(piece.frag.fontName, piece.frag.fontSize)
            text.setFillColor(piece.frag.textColor)
            marked = piece.right_to_left and self.read
            if marked:
                text._code.append(f"/ReversedChars BMC {actual_text(said[index][::-1])}")
            text.textOut(piece.text)
            if marked:
                text._code.append("EMC EMC")
            if spaced[index]:
                text.setTextOrigin(lefts[index] - gap if piece.right_to_left else lefts[index] + widths[index], baseline)
                text.textOut(" ")
            for key in piece.frag.link:
                left, right = links.setdefault(key, [lefts[index], lefts[index] + widths[index]])
                links[key] = [min(left, lefts[index]), max(right, lefts[index] + widths[index])]
        self.switch_links(text, line[-1].frag.link if line else [], [])
        for (_, address), (left, right) in links.items():
            ascent, descent = getAscentDescent(self.style.fontName, self.style.fontSize)
            self.canv.linkURL(address, (left, baseline + descent, right, baseline + ascent), relative=1)

    @staticmethod
    def switch_links(text: PDFTextObject, before: list[Any], after: list[Any]) -> None:
        """Where a link starts or ends, pass the marked content to its Link element or back (see LinkedMarks)."""
        if not isinstance(text, LinkedText):
            return
        for key in before:
            if key not in after:
                text._code.append(text.marks.end())
        for key in after:
            if key not in before:
                text._code.append(text.marks.start(key))
