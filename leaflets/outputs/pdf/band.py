"""The status band: what a copy that is not current says at the top of every page, as real text.

A watermark is an artifact, so screen readers, copy and paste and text search
never meet it. The band is real text drawn first on each page, so the first
words a reader finds on every page are the status: "DRAFT – not approved for
use with patients". On page 1 it is tagged content, the first thing a screen
reader reads; on later pages it is a running header (an artifact, as PDF/UA
has running headers), so the status is not read out again on every page. Its
room is taken from the page's text area, and its measures come from the layout
(the body size in bold, the callout padding and block space, the urgent
callout's colours). A right-to-left document's band is set right to left,
as its text is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from .layouts import Layout
from .typeset import Setter

BORDER = 2.0
"""The band's border in points: a heavy edge, so it stands out in greyscale too."""


class StatusBand:
    """The band of one document in one layout: measured once, drawn on every page."""

    def __init__(self, sentence: str, layout: Layout, direction: str = "ltr", script: str | None = None) -> None:
        self.sentence, self.layout = sentence, layout
        self.padding = layout.spacing.callout_padding
        self.text_width = layout.frame_width - 2 * self.padding
        setter = Setter(layout, direction, script)
        _, text_height = setter.para(sentence, "strong").wrap(self.text_width, layout.frame_height)
        self.height = text_height + 2 * self.padding

    def below(self) -> Layout:
        """The layout with its text area starting below the band."""
        margins = self.layout.margins
        return replace(self.layout, margins=replace(margins, top=margins.top + self.height + self.layout.spacing.block))

    def drawer(self, setter: Setter) -> Callable[[Canvas, object], None]:
        """A ReportLab ``onPage`` hook drawing the band, its words tagged by ``setter`` (the page content's own)."""
        layout = self.layout
        left, top = layout.margins.left, layout.page_size[1] - layout.margins.top

        def draw(canvas: Canvas, doc: object) -> None:
            with canvas.structure.artifact(canvas, "Layout"):
                canvas.saveState()
                canvas.setStrokeColor(colors.HexColor(layout.colours.urgent.border))
                canvas.setFillColor(colors.HexColor(layout.colours.urgent.background))
                canvas.setLineWidth(BORDER)
                canvas.rect(left, top - self.height, layout.frame_width, self.height, stroke=1, fill=1)
                canvas.restoreState()
            words = setter.para(self.sentence, "strong")  # a new element on each page
            if canvas.getPageNumber() > 1:
                words.tag = None  # drawn as an artifact
            words.wrap(self.text_width, self.height)
            words.drawOn(canvas, left + self.padding, top - self.padding - words.height)

        return draw
