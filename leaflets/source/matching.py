"""Whether a translation matches its source block for block.

A translation is only safe to hand out if it says everything its source says:
the same blocks in the same order, the same number of points in each list,
the same pictures, and the same links, phone numbers and figures in each
block. Words cannot be compared across languages; structure and numbers can,
and a dropped warning or a mistyped number shows there first.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Callable, Iterator

from ..errors import Problem
from . import markup, model

_NUMBER = re.compile(r"\d+")
_KEYS = {model.Heading: "heading", model.Paragraph: "paragraph", model.BulletList: "bullets", model.Steps: "steps",
         model.Callout: "callout", model.Figure: "figure", model.Contacts: "contacts", model.WriteIn: "write_in",
         model.Questions: "questions", model.Include: "include"}
"""The key an author writes for each block, for messages."""

Shared = Callable[[model.Include], tuple[model.Block, ...]]


def _kind(block: model.Block) -> str:
    if isinstance(block, model.Heading) and block.level > 1:
        return "subheading"
    return _KEYS[type(block)]


def _texts(block: model.Block) -> list[str]:
    if isinstance(block, (model.Heading, model.Paragraph)):
        return [block.text]
    if isinstance(block, (model.BulletList, model.Steps)):
        return list(block.items)
    if isinstance(block, model.Callout):
        return [text for text in (block.title, block.text, *block.items) if text]
    if isinstance(block, model.Figure):
        return [block.alt, block.caption or ""]
    if isinstance(block, model.WriteIn):
        return [block.label]
    if isinstance(block, model.Questions):
        return [text for pair in block.pairs for text in (pair.question, pair.answer)]
    return []


def _shape(block: model.Block) -> list[tuple[str, object]]:
    """What a translation of ``block`` must keep, each with the words to say it."""
    texts = _texts(block)
    shape: list[tuple[str, object]] = [("kind", _kind(block))]
    if isinstance(block, (model.BulletList, model.Steps, model.Callout)):
        shape.append(("number of points", len(block.items)))
    if isinstance(block, model.Callout):
        shape += [("callout kind", block.kind.value), ("title", bool(block.title)), ("text", bool(block.text))]
    if isinstance(block, model.Figure):
        shape.append(("picture file", block.file))
    if isinstance(block, model.WriteIn):
        shape.append(("number of lines", block.lines))
    if isinstance(block, model.Questions):
        shape.append(("number of questions", len(block.pairs)))
    shape.append(("links", [href for text in texts for href in markup.links(text)]))
    shape.append(("numbers", sorted(Counter(n for text in texts for n in _NUMBER.findall(markup.plain(text))).items())))
    return shape


def _difference(source: model.Block, translated: model.Block) -> str | None:
    for (what, expected), (_, found) in zip(_shape(source), _shape(translated)):
        if expected != found:
            if what == "kind":
                return f"is a {found} block where the source has a {expected} block ({source.origin})"
            if what == "numbers":
                return (f"has the numbers {_listed(found)} where the source has {_listed(expected)} ({source.origin})")
            return f"has {what} {_shown(found)} where the source has {_shown(expected)} ({source.origin})"
    return None


def _listed(counts: object) -> str:
    numbers = [number for number, times in counts for _ in range(times)]  # type: ignore[attr-defined]
    return ", ".join(numbers) or "none"


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "one" if value else "none"
    if isinstance(value, list):
        return ", ".join(value) or "none"
    return str(value)


def _pairs(source: tuple[model.Block, ...], translated: tuple[model.Block, ...], shared: Shared
           ) -> Iterator[tuple[model.Block | None, model.Block | None]]:
    for index in range(max(len(source), len(translated))):
        left = source[index] if index < len(source) else None
        right = translated[index] if index < len(translated) else None
        if isinstance(left, model.Include) and isinstance(right, model.Include):
            yield from _pairs(shared(left), shared(right), shared)
        else:
            yield left, right


def first_mismatch(source: model.Leaflet, translated: model.Leaflet, shared: Shared) -> Problem | None:
    """Where ``translated`` first departs from ``source``'s structure, links or numbers, or None.

    ``shared`` gives an include's blocks, so an included file is compared block for block too.
    """
    if bool(source.subtitle) != bool(translated.subtitle):
        return Problem(translated.path, 1, f"subtitle: {'missing' if source.subtitle else 'not in the source'}",
                       "a translation has a subtitle exactly when its source has one")
    last: model.Block | None = None
    for left, right in _pairs(source.blocks, translated.blocks, shared):
        if right is None:
            where = last.origin if last else model.Origin(translated.path, 1)
            return Problem(where.path, where.line, f"the translation ends before the source's {_kind(left)} block "
                           f"({left.origin})", "translate every block of the source, in its order")
        if left is None:
            return Problem(right.origin.path, right.origin.line, f"this {_kind(right)} block is not in the source",
                           "a translation has the source's blocks, no more")
        difference = _difference(left, right)
        if difference:
            return Problem(right.origin.path, right.origin.line, f"this block {difference}",
                           "a translation keeps its source's blocks, points, pictures, links and numbers")
        last = right
    return None
