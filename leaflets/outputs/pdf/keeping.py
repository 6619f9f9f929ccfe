"""Page fill: what stays together on a page, and what flows on rather than leave a page half empty.

STANDARDS.md §8: no page but the last more than a quarter empty (a third at
24 pt and above) unless the next block cannot start there; a heading never
ends a page, and keeps with two lines of what follows, no more. ReportLab's
KeepTogether moves a whole group to the next page whenever it does not fit,
however much room that leaves, so both rules are flowables of their own here.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.doctemplate import ActionFlowable, NullActionFlowable
from reportlab.platypus.flowables import _listWrapOn

from .flowables import Rules
from .layouts import Layout

LARGE_BODY = 24
"""From this body size (pt) a page may be left a third empty rather than a quarter."""


def most_empty(layout: Layout) -> float:
    """The most room, in points, a block may leave unused at the foot of a page by moving on.

    The page is measured from its last ink, which sits a block's space and
    the room a line keeps below its baseline above that room, so both come
    off the share the standard allows.
    """
    share = 1 / 3 if layout.sizes.body >= LARGE_BODY else 1 / 4
    return layout.frame_height * share - layout.spacing.block - (layout.leading - 1) * layout.sizes.body


def gap(before: Flowable, after: Flowable) -> float:
    """The space a frame leaves between two flowables: the larger of the two spaces, as the frame merges them."""
    return max(before.getSpaceAfter(), after.getSpaceBefore())


def start_within(flowables: list[Flowable], width: float, room: float, canvas: Any,
                 left: float | None = None) -> list[Flowable] | None:
    """``flowables`` arranged so the first piece fits ``room``, splitting the first if it must; None if none can start there.

    ``left`` is what moving them all on would leave empty of the page (``room``
    itself unless they follow something held). A group kept together that
    follows a held start (a list's first two points after its lead-in) starts
    whole, as it would on its own: only if moving it on would leave more than
    its ``most_empty`` does it flow, its own start alone kept.
    """
    first, rest = flowables[0], flowables[1:]
    if isinstance(first, KeepTogether):  # only its start need stay with what comes before
        held, inner = getattr(first, "held", 0), first._content
        if left is not None:
            if _listWrapOn(inner, width, canvas)[1] <= room:
                return flowables
            if left <= getattr(first, "most_empty", 0):
                return None
        left = room if left is None else left
        if not held:
            return start_within([*inner, *rest], width, room, canvas, left)
        room -= _listWrapOn(inner[:held], width, canvas)[1] + gap(inner[held - 1], inner[held])
        started = start_within(inner[held:], width, room, canvas, left) if room > 0 else None
        return [*inner[:held], *started, *rest] if started else None
    _, height = first.wrapOn(canvas, width, room)
    if height <= room:
        return flowables
    parts = first.splitOn(canvas, width, room)
    if parts and isinstance(parts[0], NullActionFlowable):
        return start_within([*parts[1:], *rest], width, room, canvas, left) if len(parts) > 1 else None
    if not parts or isinstance(parts[0], ActionFlowable):
        return None
    _, height = parts[0].wrapOn(canvas, width, room)
    return [*parts, *rest] if height <= room else None


class Together(KeepTogether):
    """Kept on one page, unless moving it on would leave more than ``most_empty`` of this one: then it flows.

    The first ``held`` flowables (a heading, a question, a label) never end a
    page: when the group flows they stay with the start of the rest, or move
    on with it.
    """

    def __init__(self, flowables: list[Flowable], most_empty: float, held: int = 0) -> None:
        super().__init__(flowables)
        self.most_empty, self.held = most_empty, held

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        if self._H > available_height > self.most_empty:
            for flowable in self._content[self.held:]:
                flowable.flowing = True  # a box may then split inside a row rather than leave the page
            started = start_within([self], available_width, available_height, self.canv)
            if started:
                return [NullActionFlowable(), *started]
        return super().split(available_width, available_height)


class TitleBlock(Together):
    """The title block at the top of page 1: kept together, or the title with the start of what follows it.

    Moving it on would leave page 1 empty, so where even that start cannot
    follow the title there (a long title at the largest sizes, below a draft's
    band), the title stays and the rest goes on to page 2.
    """

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        if parts and isinstance(parts[0], ActionFlowable) and not isinstance(parts[0], NullActionFlowable):  # moved on
            title = self._content[:self.held]
            if _listWrapOn(title, available_width, self.canv)[1] <= available_height:
                return [NullActionFlowable(), *self._content]
        return parts


def with_start(held: list[Flowable], follower: Flowable) -> Together:
    """Headings and a lead-in kept with the start of what follows: two lines of it at least, and no more."""
    return Together([*held, follower], 0, len(held))


SMALLEST_FIGURE = 0.6
"""A figure may shrink to this share of its full size to stay on a page rather than leave a gap."""


class FigureBlock(Together):
    """A figure and its caption: on one page, the figure shrinking to the room left before both move on."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        figure, *caption = self._content
        if self._H > available_height > self.most_empty:
            _, caption_height = _listWrapOn(caption, available_width, self.canv) if caption else (0, 0)
            room = available_height - caption_height - (gap(figure, caption[0]) if caption else 0)
            _, height = figure.wrapOn(self.canv, available_width, available_height)
            smaller = figure.shrunk(room) if room >= SMALLEST_FIGURE * height else None
            if smaller is not None:
                return [NullActionFlowable(), smaller, *caption]
        return KeepTogether.split(self, available_width, available_height)


class RoomToWrite(Rules):
    """Lines to write on down to the foot of the page, when what follows a write-in area cannot start there.

    STANDARDS.md §8: a write-in area fills its page. When the next block
    starts on the same page there are no extra lines; when it must move on,
    the room it leaves becomes room to write. ``following`` is that block,
    set once the story is whole; ``gap`` the space the page keeps before it.
    """

    def __init__(self, spacing: float, colour: str, weight: float, gap: float, frame_height: float) -> None:
        super().__init__(0, spacing, colour, weight)
        self.gap, self.frame_height = gap, frame_height
        self.following: Flowable | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.count = available_width, 0
        on_a_new_page = available_height > self.frame_height - self.spacing
        if self.following is not None and not on_a_new_page and available_height >= self.spacing:
            room = available_height - self.gap - self.following.getSpaceBefore()
            if room <= 0 or start_within([self.following], available_width, room, self.canv) is None:
                self.count = int(available_height // self.spacing)
        return self.width, self.count * self.spacing

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []
