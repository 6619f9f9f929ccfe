"""Stamp: the page furniture every page carries.

The footer (reference, version, approval date, review date, ``Page n of N``)
is drawn when the document is saved, once the page count is known, so the
whole document is laid out in a single pass. A copy that is not current says
so at the top of every page, in the status band (``band``), whose words a
reader meets first, and as a visual extra in a watermark; its footer states
a draft's dates as a draft's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from ...errors import RenderError
from ...governance.status import Notice
from ...source.phrases import Phrases
from .fonts import FontFamily
from .layouts import Layout

if TYPE_CHECKING:  # the setter is the document's own, made before the pages are stamped
    from .typeset import Setter

SEPARATOR = "   "


@dataclass(frozen=True)
class Stamp:
    """What to print on every page of one leaflet."""

    items: tuple[str, ...]
    page_words: str
    """The page number as the document's language says it, with ``{number}`` and ``{total}``."""
    blank_words: str
    """What a page left blank on purpose says."""
    notice: Notice | None = None

    @classmethod
    def of(cls, items: tuple[str, ...], phrases: Phrases, notice: Notice | None = None) -> Stamp:
        return cls(items, phrases.texts["page"], phrases.texts["blank_page"], notice)

    @property
    def footer_items(self) -> tuple[str, ...]:
        """What the footer says: the facts without the status, which the band says at the top of every page."""
        return tuple(item for item in self.items if not self.notice or item != self.notice.word)

    def page_label(self, number: int, total: int) -> str:
        return self.page_words.format(number=number, total=total)


class FooterPlan:
    """Where each footer line goes: decided once per document, the same on every page.

    A right-to-left document's footer is mirrored (its lines at the right,
    the page number at the left) and set by the document's ``setter``, shaped
    and in reading order as its text is.
    """

    def __init__(self, stamp: Stamp, layout: Layout, fonts: FontFamily, pages: int, setter: Setter | None = None) -> None:
        self.stamp, self.layout, self.font, self.size = stamp, layout, fonts.regular, layout.sizes.small
        self.setter = setter
        width = layout.frame_width
        gap = stringWidth(SEPARATOR, self.font, self.size)
        widest_page = stringWidth(stamp.page_label(pages, pages), self.font, self.size)
        self.lines: list[str] = []
        room = width - widest_page - gap  # the first line shares its row with the page number
        for item in stamp.footer_items:
            if self.lines and self._width(self.lines[-1] + SEPARATOR + item) <= room:
                self.lines[-1] += SEPARATOR + item
            else:
                if self._width(item) > width:
                    raise RenderError(f"layout {layout.name}: the footer item '{item}' is wider than the page; reduce sizes.small")
                if self.lines:
                    room = width  # later lines have the whole width
                self.lines.append(item)
        self.leading = self.size * layout.leading
        self.bottom = layout.footer_from_bottom
        top = self.bottom + self.size + self.leading * (len(self.lines) - 1)
        self.rule = top + layout.spacing.after_heading

    def check_room(self) -> None:
        """Refuse a layout whose bottom margin cannot hold this footer."""
        if self.rule > self.layout.margins.bottom:
            raise RenderError(f"layout {self.layout.name}: the footer needs a bottom margin of at least "
                              f"{self.rule / 72 * 25.4:.0f} mm; raise page.margins_mm.bottom")

    def _width(self, text: str) -> float:
        return stringWidth(text, self.font, self.size)

    def draw(self, canvas: Canvas, number: int, total: int) -> None:
        lay = self.layout
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(lay.colours.rule))
        canvas.setLineWidth(1)
        canvas.line(lay.margins.left, self.rule, lay.page_size[0] - lay.margins.right, self.rule)
        canvas.setFillColor(colors.HexColor(lay.colours.text))
        canvas.setFont(self.font, self.size)
        first = self.rule - lay.spacing.after_heading - self.size
        left, right = lay.margins.left, lay.page_size[0] - lay.margins.right
        label = self.stamp.page_label(number, total)
        if self.setter is None:
            for n, line in enumerate(self.lines):
                canvas.drawString(left, first - n * self.leading, line)
            canvas.drawRightString(right, first, label)
        else:
            gap = stringWidth(SEPARATOR, self.font, self.size)
            for n, line in enumerate(self.lines):
                edge = right
                for item in line.split(SEPARATOR):  # right to left, item by item
                    edge -= self._set(canvas, item, edge, first - n * self.leading) + gap
            self._set(canvas, label, left, first, from_left=True)
        canvas.restoreState()

    def _set(self, canvas: Canvas, text: str, edge: float, baseline: float, from_left: bool = False) -> float:
        """``text`` set by the document's setter, ending at ``edge`` (or starting there); its width."""
        words, width = set_line(self.setter, text, "caption", self.layout.frame_width)
        draw_line(canvas, words, edge + (width if from_left else 0), baseline)
        return width


def set_line(setter: Setter, text: str, style: str | ParagraphStyle, room: float) -> tuple[Flowable, float]:
    """``text`` set on one line by a right-to-left document's ``setter``, for the page's furniture; and its width."""
    words = setter.para(text, style)
    words.wrap(room, room)
    return words, max(words.line_widths())


def draw_line(canvas: Canvas, words: Flowable, right: float, baseline: float) -> None:
    """Draw ``words`` (from :func:`set_line`) untagged, as the furniture around them is, ending at ``right``."""
    words.canv = canvas
    canvas.saveState()
    canvas.translate(right - words.width, baseline - words.height + words.style.fontSize)
    words.drawPara()
    canvas.restoreState()
    del words.canv

MOST_PAGES = 999
"""The longest document whose page numbers a footer's room is reserved for before the pages are counted."""


def with_footer_room(stamp: Stamp, layout: Layout, fonts: FontFamily) -> Layout:
    """``layout`` with a bottom margin that holds ``stamp``'s footer, taking room from the text area if it must.

    A draft states its dates in more words, and another language may say the
    stamp in longer words; where that needs another footer line, the copy
    gives up a line of text rather than a fact.
    """
    needed = FooterPlan(stamp, layout, fonts, MOST_PAGES).rule
    return replace(layout, margins=replace(layout.margins, bottom=max(layout.margins.bottom, needed)))


WATERMARK_ALPHA = 0.35
"""How much the watermark covers: it stays behind the words it crosses."""


def draw_watermark(canvas: Canvas, text: str, layout: Layout, fonts: FontFamily, setter: Setter | None = None) -> None:
    """Large diagonal words across the page, behind nothing a reader must see.

    A right-to-left document's ``setter`` sets them, shaped, as its text is.
    """
    width, height = layout.page_size
    angle = math.degrees(math.atan2(height, width))
    diagonal = math.hypot(width, height) * 0.8
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(layout.colours.watermark))
    canvas.setFillAlpha(WATERMARK_ALPHA)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(angle)
    canvas.addLiteral("/Span <</ActualText ()>> BDC")  # seen, not extracted: text extraction would weave it into lines
    if setter is None:
        size = diagonal / stringWidth(text, fonts.bold, 1)
        canvas.setFont(fonts.bold, size)
        canvas.drawCentredString(0, -size / 3, text)
    else:
        shade = colors.HexColor(layout.colours.watermark)
        style = ParagraphStyle("watermark", parent=setter.styles["strong"],
                               textColor=colors.Color(shade.red, shade.green, shade.blue, alpha=WATERMARK_ALPHA),
                               fontSize=MEASURED_AT, leading=MEASURED_AT)
        _, measured = set_line(setter, text, style, diagonal * MEASURED_AT)
        style.fontSize = style.leading = diagonal * MEASURED_AT / measured
        words, width = set_line(setter, text, style, 2 * diagonal)
        words.read = False
        draw_line(canvas, words, width / 2, -style.fontSize / 3)
    canvas.addLiteral("EMC")
    canvas.restoreState()


MEASURED_AT = 100
"""The size (pt) a watermark is measured at before it is scaled: shaping rounds each glyph's advance to whole units."""

def draw_blank_notice(canvas: Canvas, layout: Layout, fonts: FontFamily, words: str, setter: Setter | None = None) -> None:
    """Say in words that a padding page is meant to be empty, so no one thinks a page failed to print.

    The words stand a third of the way down, clear of the middle, where a
    watermark crosses: on a booklet's print sheet the facing page's watermark
    would otherwise run into them as one line of text.
    """
    width, height = layout.page_size
    y = height * 2 / 3
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(layout.colours.text))
    if setter is None:
        canvas.setFont(fonts.regular, layout.sizes.body)
        canvas.drawCentredString(width / 2, y, words)
    else:
        set_words, measured = set_line(setter, words, "body", layout.frame_width)
        draw_line(canvas, set_words, (width + measured) / 2, y)
    canvas.restoreState()
