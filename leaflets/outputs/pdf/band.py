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

from ...governance.status import Notice
from .flowables import TaggedParagraph
from .layouts import Layout
from .typeset import Setter

BORDER = 2.0
"""The band's border in points: a heavy edge, so it stands out in greyscale too."""


class StatusBand:
    """The band of one document in one layout: measured once, drawn on every page.

    A translation's notice is said in its own language and then in English,
    each on its own line, the English tagged as English so a screen reader
    switches voice for it.
    """

    def __init__(self, notice: Notice, layout: Layout, direction: str = "ltr", script: str | None = None) -> None:
        self.said = notice.said or (("", notice.sentence),)
        self.layout = layout
        self.padding = layout.spacing.callout_padding
        self.text_width = layout.frame_width - 2 * self.padding
        setter = Setter(layout, direction, script)
        heights = [paragraph.wrap(self.text_width, layout.frame_height)[1] for paragraph in self.paragraphs(setter)]
        self.height = sum(heights) + layout.spacing.list_item * (len(heights) - 1) + 2 * self.padding

    def paragraphs(self, setter: Setter) -> list[TaggedParagraph]:
        """The notice in each of its languages, each a new element; all but the first (the leaflet's own) marked with theirs."""
        made = []
        for number, (language, sentence) in enumerate(self.said):
            paragraph = setter.para(sentence, "strong")
            if number and paragraph.tag:
                paragraph.tag = replace(paragraph.tag, lang=language)
            made.append(paragraph)
        return made

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
            y = top - self.padding
            for words in self.paragraphs(setter):  # new elements on each page
                if canvas.getPageNumber() > 1:
                    words.tag = None  # drawn as an artifact
                words.wrap(self.text_width, self.height)
                y -= words.height
                words.drawOn(canvas, left + self.padding, y)
                y -= layout.spacing.list_item

        return draw
