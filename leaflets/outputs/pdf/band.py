"""The status band: what a copy that is not current says at the top of every page, as real text.

A watermark is an artifact, so screen readers, copy and paste and text search
never meet it. The band is real text drawn first on each page, so the first
words a reader finds on every page are the status. On page 1 it says what
the status means ("DRAFT – not approved for use with patients"), tagged
content, the first thing a screen reader reads; on later pages it says the
status itself ("DRAFT"), a running header (an artifact, as PDF/UA has running
headers), so the status is not read out again on every page and a large-print
page keeps its room for the text. Its room is taken from the page's text
area, and its measures come from the layout (the body size in bold, the
callout padding and block space, the urgent callout's colours). A
right-to-left document's band is set right to left, as its text is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from ...governance.status import Notice
from .layouts import Layout
from .typeset import Setter

BORDER = 2.0
"""The band's border in points: a heavy edge, so it stands out in greyscale too."""


class StatusBand:
    """The band of one document in one layout: measured once, drawn on every page."""

    def __init__(self, notice: Notice, layout: Layout, direction: str = "ltr", script: str | None = None) -> None:
        self.notice, self.layout = notice, layout
        self.padding = layout.spacing.callout_padding
        self.text_width = layout.frame_width - 2 * self.padding
        setter = Setter(layout, direction, script)
        self.first_height, self.height = (
            setter.para(words, "strong").wrap(self.text_width, layout.frame_height)[1] + 2 * self.padding
            for words in (notice.sentence, notice.word))

    def below(self, first_page: bool = False) -> Layout:
        """The layout with its text area starting below the band: that of the later pages, or of page 1."""
        margins, height = self.layout.margins, self.first_height if first_page else self.height
        return replace(self.layout, margins=replace(margins, top=margins.top + height + self.layout.spacing.block))

    @property
    def first_page_drop(self) -> float:
        """How much lower page 1's text area starts than the later pages': its band says more."""
        return self.first_height - self.height

    def drawer(self, setter: Setter) -> Callable[[Canvas, object], None]:
        """A ReportLab ``onPage`` hook drawing the band, its words tagged by ``setter`` (the page content's own)."""
        layout = self.layout
        left, top = layout.margins.left, layout.page_size[1] - layout.margins.top

        def draw(canvas: Canvas, doc: object) -> None:
            first = canvas.getPageNumber() == 1
            height = self.first_height if first else self.height
            with canvas.structure.artifact(canvas, "Layout"):
                canvas.saveState()
                canvas.setStrokeColor(colors.HexColor(layout.colours.urgent.border))
                canvas.setFillColor(colors.HexColor(layout.colours.urgent.background))
                canvas.setLineWidth(BORDER)
                canvas.rect(left, top - height, layout.frame_width, height, stroke=1, fill=1)
                canvas.restoreState()
            words = setter.para(self.notice.sentence if first else self.notice.word, "strong")  # a new element each page
            if not first:
                words.tag = None  # drawn as an artifact
            words.wrap(self.text_width, height)
            words.drawOn(canvas, left + self.padding, top - self.padding - words.height)

        return draw
