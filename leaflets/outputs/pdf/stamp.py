"""Stamp: the page furniture every page carries.

The footer (reference, version, approval date, review date, ``Page n of N``)
is drawn when the document is saved, once the page count is known, so the
whole document is laid out in a single pass. A copy that is not current says
so in its footer and, as a visual extra, in a watermark; the words a reader
hears first are the status band's (``band``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from ...errors import RenderError
from ...governance.status import Notice
from .fonts import FontFamily
from .layouts import Layout

SEPARATOR = "   "


@dataclass(frozen=True)
class Stamp:
    """What to print on every page of one leaflet."""

    items: tuple[str, ...]
    notice: Notice | None = None


def page_label(number: int, total: int) -> str:
    return f"Page {number} of {total}"


class FooterPlan:
    """Where each footer line goes: decided once per document, the same on every page.

    A right-to-left document's footer is mirrored: its lines at the right,
    the page number at the left.
    """

    def __init__(self, stamp: Stamp, layout: Layout, fonts: FontFamily, pages: int, right_to_left: bool = False) -> None:
        self.layout, self.font, self.size = layout, fonts.regular, layout.sizes.small
        self.right_to_left = right_to_left
        width = layout.frame_width
        gap = stringWidth(SEPARATOR, self.font, self.size)
        widest_page = stringWidth(page_label(pages, pages), self.font, self.size)
        self.lines: list[str] = []
        room = width - widest_page - gap  # the first line shares its row with the page number
        for item in stamp.items:
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
        lines_at, label_at = (canvas.drawRightString, canvas.drawString) if self.right_to_left else (canvas.drawString, canvas.drawRightString)
        for n, line in enumerate(self.lines):
            lines_at(right if self.right_to_left else left, first - n * self.leading, line)
        label_at(left if self.right_to_left else right, first, page_label(number, total))
        canvas.restoreState()


MOST_PAGES = 999
"""The longest document whose page numbers a footer's room is reserved for before the pages are counted."""


def with_footer_room(stamp: Stamp, layout: Layout, fonts: FontFamily) -> Layout:
    """``layout`` with a bottom margin that holds ``stamp``'s footer, taking room from the text area if it must.

    A copy that is not current carries its status in the footer as well; where
    that needs another footer line, the copy gives up a line of text rather
    than its status.
    """
    needed = FooterPlan(stamp, layout, fonts, MOST_PAGES).rule
    return replace(layout, margins=replace(layout.margins, bottom=max(layout.margins.bottom, needed)))


def draw_watermark(canvas: Canvas, text: str, layout: Layout, fonts: FontFamily) -> None:
    """Large diagonal words across the page, behind nothing a reader must see."""
    width, height = layout.page_size
    angle = math.degrees(math.atan2(height, width))
    diagonal = math.hypot(width, height) * 0.8
    size = diagonal / stringWidth(text, fonts.bold, 1)
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(layout.colours.watermark))
    canvas.setFillAlpha(0.35)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(angle)
    canvas.setFont(fonts.bold, size)
    canvas.drawCentredString(0, -size / 3, text)
    canvas.restoreState()


BLANK_NOTICE = "This page is left blank"


def draw_blank_notice(canvas: Canvas, layout: Layout, fonts: FontFamily) -> None:
    """Say in words that a padding page is meant to be empty, so no one thinks a page failed to print."""
    width, height = layout.page_size
    canvas.saveState()
    canvas.setFillColor(colors.HexColor(layout.colours.text))
    canvas.setFont(fonts.regular, layout.sizes.body)
    canvas.drawCentredString(width / 2, height / 2, BLANK_NOTICE)
    canvas.restoreState()
