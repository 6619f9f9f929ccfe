"""Right-to-left text: which characters read right to left, and the order a line's pieces go in.

ReportLab lays a line out left to right in the order it was written. In a
right-to-left paragraph each character is resolved to one of two directions,
after the Unicode bidirectional algorithm but simpler, since a leaflet holds
no explicit embeddings: letters of a right-to-left script read right to left;
Latin letters and numbers read left to right, numbers kept whole as if
isolated, so a phone number's groups are never reversed; punctuation and
spaces read left to right only between two left-to-right characters (inside
"NHS 111" or a web address), else right to left with the paragraph (the full
stop after an English word at the end of an Arabic sentence). A paragraph
with no right-to-left letter at all (the English contact details of an
Arabic leaflet) reads left to right throughout, as ``dir="auto"`` would set
it, so its brackets and full stops stay where an English reader expects them.
"""

from __future__ import annotations

import unicodedata

RIGHT, LEFT = "R", "L"
_RIGHT_CLASSES = frozenset({"R", "AL"})
_LEFT_CLASSES = frozenset({"L", "EN", "AN"})
_MARK = "NSM"


def directions(text: str) -> str:
    """For each character of a right-to-left paragraph's ``text``, R or L."""
    if not any(unicodedata.bidirectional(char) in _RIGHT_CLASSES for char in text):
        return LEFT * len(text)
    strong: list[str | None] = []
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == _MARK and strong:
            strong.append(strong[-1])  # a mark reads with its letter
        else:
            strong.append(RIGHT if kind in _RIGHT_CLASSES else LEFT if kind in _LEFT_CLASSES else None)
    resolved = list(strong)
    start = None
    for index, side in enumerate([*strong, RIGHT]):  # the paragraph's end reads right to left
        if side is None:
            start = index if start is None else start
            continue
        if start is not None:
            before = next((s for s in reversed(strong[:start]) if s), RIGHT)
            resolved[start:index] = [LEFT if before == side == LEFT else RIGHT] * (index - start)
            start = None
    return "".join(resolved)  # type: ignore[arg-type]


def visual_order(right_to_left: list[bool]) -> list[int]:
    """The pieces of a right-to-left line (each read one way), as indices from left to right.

    The whole line is reversed, then each run of left-to-right pieces is
    put back in its own order (rule L2 of the bidirectional algorithm, with
    two levels).
    """
    order = list(range(len(right_to_left)))[::-1]
    visual: list[int] = []
    run: list[int] = []
    for index in order:
        if right_to_left[index]:
            visual += run[::-1] + [index]
            run = []
        else:
            run.append(index)
    return visual + run[::-1]


def visual_text(text: str) -> str:
    """A short unshaped right-to-left string (a list label, "1.") in the order it is drawn, left to right."""
    sides = directions(text)
    return "".join(text[index] for index in visual_order([side == RIGHT for side in sides]))
