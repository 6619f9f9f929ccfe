"""A bilingual copy: a translation and its original side by side, block by block, the translation first.

Welsh health boards publish Welsh and English this way. Each language is set
by its own typesetter in one column's width, both drawing from one key
counter so their structure elements never share a key, each tagging its
words with its language. Block ``n`` of the translation and block ``n`` of
its original (matched block for block by validation) make one row of a
two-cell table, so a screen reader hears each block in the translation and
then in the original, each in its own voice (``/Lang``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterator

from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import _listWrapOn

from ...errors import RenderError
from ...governance.edition import Edition
from ...source import model
from .band import StatusBand
from .flowables import Unruled
from .fonts import register
from .keeping import RoomToWrite, most_empty
from .layouts import Layout
from .render import DocumentInfo, Rendered, draw
from .stamp import Stamp, with_footer_room
from .typeset import Typesetter, leads_in

LEAST_LINES = 2
"""Lines of body text a row keeps with a heading when it splits over a page."""


def both(first: Stamp, second: Stamp) -> Stamp:
    """One footer in two languages: each fact once, the page label in both ("Tudalen 1 o 6 / Page 1 of 6")."""
    return Stamp(tuple(dict.fromkeys((*first.items, *second.items))), f"{first.page_words} / {second.page_words}",
                 f"{first.blank_words} / {second.blank_words}", first.notice)


def column(layout: Layout) -> Layout:
    """``layout`` narrowed to its left column: half the text width less half the gap (the block space)."""
    width = (layout.frame_width - layout.spacing.block) / 2
    return replace(layout, margins=replace(layout.margins, right=layout.page_size[0] - layout.margins.left - width))


def flat(flowables: list[Flowable]) -> Iterator[Flowable]:
    """The content of what keeps together, which a table's cell cannot draw; lines to write on down a page go.

    A row keeps its two cells together anyway, and it is the row, not the
    group inside it, that the page fill moves on or splits.
    """
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            yield from flat(flowable._content)
        elif not isinstance(flowable, RoomToWrite):
            yield flowable


def trailing_space(cell: list[Flowable]) -> float:
    """The space after ``cell``'s last words, taken off its end: a block's closing space is an empty Spacer's."""
    space = 0.0
    while len(cell) > 1 and isinstance(cell[-1], Spacer) and not cell[-1].height:
        space = max(space, cell.pop().getSpaceBefore())
    return max(space, cell[-1].getSpaceAfter())


class Row(Unruled):
    """One block in two languages: two top-aligned cells without rules.

    A row moves on whole, unless it is taller than a page or moving it would
    leave more of this page empty than the page fill allows: it then splits
    inside, a heading at its top kept with two lines of what follows.
    """

    frame_height = 0.0
    most_empty = 0.0
    least_split = 0.0
    """The least of a row worth a page: its held headings and two lines, set by :func:`row`."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if self._height > self.frame_height or available_height > self.most_empty:
            self.splitInRow = self.least_split
        try:
            parts = super().split(available_width, available_height)
            if not parts and self.splitInRow and available_height > self.least_split:
                # Too little would go on to the next page: leave it more.
                parts = super().split(available_width, available_height - self.least_split)
        finally:
            self.splitInRow = 0
        for part in parts:
            part.splitInRow = 0
            part.frame_height, part.most_empty, part.least_split = self.frame_height, self.most_empty, self.least_split
        return parts


class Bilingual:
    """Sets a translation (``edition.document``) beside its original, row by row."""

    def __init__(self, edition: Edition, layout: Layout) -> None:
        if edition.original is None:
            raise RenderError("a bilingual copy needs the translation's original", str(edition.leaflet.path))
        self.layout, narrow = layout, column(layout)
        self.first, self.second = Typesetter(edition.document, narrow), Typesetter(edition.original, narrow)
        self.second._keys = self.first._keys  # one counter: no two elements share a key
        self.first.lang, self.second.lang = edition.document.language, edition.original.language
        self.gap = layout.spacing.block
        self.most_empty = most_empty(layout)

    def row(self, left: list[Flowable], right: list[Flowable], held: int = 0) -> Row:
        """``left`` beside ``right``; ``held`` flowables at the top of each (headings) never end a page alone."""
        width = self.first.layout.frame_width
        cells = [list(flat(left)), list(flat(right))]
        table = Row([cells], colWidths=[width + self.gap, width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.first.fonts.regular),  # else cells start in Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (0, 0), self.gap),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        table.frame_height, table.most_empty = self.layout.frame_height, self.most_empty
        # A cell drops the space before its first flowable and after its last: the row keeps them.
        table.spaceBefore = max(cell[0].getSpaceBefore() for cell in cells)
        table.spaceAfter = max(trailing_space(cell) for cell in cells)
        # A heading or a lead-in block is one flowable: the first ``held`` of each cell.
        heading = max(_listWrapOn(cell[:held], width, None)[1] for cell in cells) if held else 0
        table.least_split = heading + LEAST_LINES * self.first.styles["body"].leading
        return table

    def flowables(self) -> list[Flowable]:
        (first_top, first_masthead), (second_top, second_masthead) = self.first.title_parts(), self.second.title_parts()
        story: list[Flowable] = [self.row(first_top, second_top), self.row([first_masthead], [second_masthead]),
                                 *self.first.title_rule()]
        blocks = list(zip(self.first.document.blocks, self.second.document.blocks, strict=True))
        held: tuple[list[Flowable], list[Flowable]] = ([], [])
        count = 0
        for left, right in blocks:
            held[0].extend(self.first.block(left))
            held[1].extend(self.second.block(right))
            count += 1
            if isinstance(left, model.Heading) or leads_in(left) or leads_in(right):
                continue
            story.append(self.row(*held, held=count - 1))
            held, count = ([], []), 0
        if count:
            story.append(self.row(*held))
        return story


def render(edition: Edition, layout: Layout, stamp: Stamp) -> Rendered:
    """Lay out and draw a bilingual copy, the translation's language the document's own."""
    leaflet = edition.leaflet
    info = DocumentInfo.of(edition)
    layout = with_footer_room(stamp, layout, register(layout.font, layout.fallback_font))
    band = StatusBand(stamp.notice, layout) if stamp.notice else None
    bilingual = Bilingual(edition, band.below() if band else layout)
    try:
        story = bilingual.flowables()
        rendered = draw(story, bilingual.layout, stamp, info, band=band, band_setter=bilingual.first)
    except LayoutError as error:
        raise RenderError(f"content does not fit on a page in layout {layout.name} ({error})", str(leaflet.path)) from None
    for setter in (bilingual.first, bilingual.second):
        if setter.faults:
            raise setter.faults[0]
    return rendered
