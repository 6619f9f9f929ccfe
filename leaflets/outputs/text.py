"""The plain-text format: a leaflet as UTF-8 text, for email and screen readers.

Structure reads without markup: the title and headings underlined, lists
with dashes or numbers, callouts opened by their label, figures by their
description, links and phone numbers written out. Lines are wrapped for email
at a width no word, phone number or date is ever split across. A copy that is
not current says so on its first line.
"""

from __future__ import annotations

import textwrap
from typing import Iterator

from ..document.words import callout_label, figure_said, plural, words
from ..governance.edition import Edition
from ..source import markup, model
from ..source.phrases import Phrases
from .base import Output, Rendition, Variant, check_words

WIDTH = 72
"""Characters a line: what email programs show without rewrapping."""
UNDERLINES = {0: "=", 1: "-", 2: "~"}
"""Underline for the title, a heading and a subheading."""


def wrapped(text: str, first: str = "", rest: str = "") -> list[str]:
    """``text`` (inline markup allowed) wrapped to :data:`WIDTH`, links written out, nothing split that must not be."""
    joined = markup.keep_together(" ".join(markup.written_out(text).split()))
    lines = textwrap.wrap(joined, WIDTH, initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False)
    return [line.replace(markup.NO_BREAK_SPACE, " ") for line in lines] or [first.rstrip()]


def heading(text: str, level: int) -> list[str]:
    plain = markup.written_out(text)
    return [plain, UNDERLINES[level] * min(len(plain), WIDTH)]


def items(entries: tuple[str, ...], numbered: bool) -> list[str]:
    lines = []
    for number, entry in enumerate(entries, start=1):
        marker = f"{number}. " if numbered else "- "
        lines += wrapped(entry, marker, " " * len(marker))
    return lines


def block_lines(block: model.Block, site: model.Site, phrases: Phrases) -> Iterator[list[str]]:
    """Each paragraph-like piece of ``block`` as lines; pieces are separated by a blank line."""
    if isinstance(block, model.Heading):
        yield heading(block.text, block.level)
    elif isinstance(block, model.Paragraph):
        yield wrapped(block.text)
    elif isinstance(block, (model.BulletList, model.Steps)):
        yield items(block.items, isinstance(block, model.Steps))
    elif isinstance(block, model.Callout):
        label = callout_label(block, phrases)
        lines = wrapped(f"{label}: {block.title}" if block.title else label)
        lines += wrapped(block.text) if block.text else []
        yield lines + items(block.items, False)
    elif isinstance(block, model.Figure):
        yield [line for said in figure_said(block, phrases) for line in wrapped(said)]  # the caption on a line of its own
    elif isinstance(block, model.Contacts):
        lines = [site.department]
        for phone in site.phones:
            lines += wrapped(f"{phone.label}: {phone.number}" + (f" ({phone.hours})" if phone.hours else ""))
        yield lines + wrapped(", ".join(site.address)) + wrapped(phrases.say("website", address=site.web))
    elif isinstance(block, model.Row):  # its picture described, then its words, as a figure's
        yield [line for said in (*figure_said(block.figure, phrases), block.text) for line in wrapped(said)]
        if block.contacts:
            yield from block_lines(model.Contacts(block.origin), site, phrases)
    elif isinstance(block, model.OnlineCopy):
        yield wrapped(phrases.say("back_matter.online", address=block.address))
    elif isinstance(block, model.WriteIn):
        yield wrapped(block.label) + ["_" * WIDTH] * block.lines
    elif isinstance(block, model.Questions):
        for pair in block.pairs:
            yield wrapped(pair.question) + wrapped(pair.answer)


def text(edition: Edition) -> str:
    """The whole leaflet as plain text."""
    document, leaflet, site = edition.document, edition.leaflet, edition.document.site
    pieces: list[list[str]] = []
    if edition.notice:
        pieces.append(wrapped(edition.notice.sentence))
    pieces.append(heading(leaflet.title, 0) + (wrapped(leaflet.subtitle) if leaflet.subtitle else []))
    pieces.append(wrapped(f"{site.organisation} \u2013 {site.department}"))
    pieces.append(list(edition.stamp))
    for block in document.blocks:
        pieces.extend(block_lines(block, site, document.phrases))
    return "\n\n".join("\n".join(piece) for piece in pieces) + "\n"


class TextOutput(Output):
    name = "text"
    extension = ".txt"
    label = "Plain text"

    def make(self, edition: Edition, variant: Variant) -> list[Rendition]:
        data = text(edition).encode("utf-8")
        said = data.decode("utf-8")
        found = words(said)
        check_words(edition, found, "text")
        sections = 1 + sum(isinstance(block, model.Heading) for block in edition.document.blocks)
        return [Rendition(variant.name, data, sections, 0.0, tuple(found), variant.label, plural(len(found), "word"))]
