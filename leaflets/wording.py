"""The words a resolved leaflet puts on the page, in reading order.

Verification compares them with the PDF's text, the release record
fingerprints them and ``--diff`` shows how they changed, so all three must
agree on what "the words" are: they are defined once, here.
"""

from __future__ import annotations

import re
from typing import Iterator

from . import markup, model
from .resolve import Resolved, online_text

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(markup.plain(text).casefold())


def block_text(block: model.Block, site: model.Site) -> Iterator[str]:
    """The words each block puts on the page, in reading order."""
    if isinstance(block, (model.Heading, model.Paragraph)):
        yield block.text
    elif isinstance(block, (model.BulletList, model.Steps)):
        yield from block.items
    elif isinstance(block, model.Callout):
        yield model.CALLOUT_LABELS[block.kind]
        yield from filter(None, (block.title, block.text, *block.items))
    elif isinstance(block, model.Figure):
        yield block.caption or ""
    elif isinstance(block, model.Contacts):
        yield site.department
        for phone in site.phones:
            yield from filter(None, (phone.label, phone.number, phone.hours))
        yield from (*site.address, site.web)
    elif isinstance(block, model.OnlineCopy):
        yield online_text(block.address)
    elif isinstance(block, model.WriteIn):
        yield block.label
    elif isinstance(block, model.Questions):
        for pair in block.pairs:
            yield from (pair.question, pair.answer)


def expected_words(resolved: Resolved) -> list[str]:
    leaflet, site = resolved.leaflet, resolved.site
    texts = [site.organisation, site.department, leaflet.title, leaflet.subtitle or ""]
    for block in resolved.blocks:
        texts.extend(block_text(block, site))
    return [word for text in texts for word in words(text)]




_PREFIXES: dict[type, str] = {model.BulletList: "- ", model.Steps: "1. ", model.Questions: "", model.Callout: "> "}


def lines(resolved: Resolved) -> list[str]:
    """The leaflet's wording as lines a reviewer can read and diff, markup kept.

    Markup stays so that a changed link address or emphasis shows up too.
    """
    leaflet = resolved.leaflet
    result = [f"# {leaflet.title}"] + ([leaflet.subtitle] if leaflet.subtitle else [])
    for block in resolved.blocks:
        if isinstance(block, model.Heading):
            result.append(f"{'#' * (block.level + 1)} {block.text}")
        elif isinstance(block, model.Figure):
            result.append(f"[Figure: {block.alt}]")
            result.extend(filter(None, (block.caption,)))
        else:
            prefix = _PREFIXES.get(type(block), "")
            result.extend(prefix + text for text in block_text(block, resolved.site) if text)
    return result
