"""The words a document puts before a reader, in reading order.

Every format's read-back is compared with them, the release record
fingerprints them and ``--diff`` shows how they changed, so all must agree on
what "the words" are: they are defined once, here, with the few phrases the
build itself writes (dates, counts).
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import unicodedata
from typing import Iterator, Mapping

from ..source import markup, model
from ..source.phrases import Phrases

_WORD = re.compile(r"\w+")
SENTENCE_ENDS = frozenset(".!?\u2026\u061f\u06d4")
"""What ends a sentence in the languages the leaflets are written in: full stop, exclamation and question
marks, an ellipsis, and the Arabic question mark and full stop."""


def format_date(day: dt.date) -> str:
    """UK style, as staff read it in the register and messages: 2 November 2026 (readers get :meth:`Phrases.date`)."""
    return f"{day.day} {day:%B %Y}"


def plural(count: int, word: str) -> str:
    """A count as readers say it: 1 page, 6 pages."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def words(text: str) -> list[str]:
    return _WORD.findall(markup.plain(text).casefold())


def block_text(block: model.Block, site: model.Site, phrases: Phrases) -> Iterator[str]:
    """The words each block puts on the page, in reading order."""
    if isinstance(block, (model.Heading, model.Paragraph)):
        yield block.text
    elif isinstance(block, (model.BulletList, model.Steps)):
        yield from block.items
    elif isinstance(block, model.Callout):
        yield callout_label(block, phrases)
        yield from filter(None, (block.title, block.text, *block.items))
    elif isinstance(block, model.Figure):
        yield block.caption or ""
    elif isinstance(block, model.Contacts):
        yield site.department
        for phone in site.phones:
            yield from filter(None, (phone.label, phone.number, phone.hours))
        yield from (*site.address, site.web)
    elif isinstance(block, model.Row):
        yield block.text
        if block.contacts:
            yield from block_text(model.Contacts(block.origin), site, phrases)
    elif isinstance(block, model.OnlineCopy):
        yield f"[{block.address}]({block.address})"  # each format says how to reach it (a QR code on paper)
    elif isinstance(block, model.WriteIn):
        yield block.label
    elif isinstance(block, model.Questions):
        for pair in block.pairs:
            yield from (pair.question, pair.answer)


def sentence(text: str) -> str:
    """``text`` (inline markup allowed) closed as a sentence: a full stop added unless its words already end one.

    An author writes a figure's description as a phrase ("A vertebra squashed
    by a fracture"); read out before its caption, it must end before the
    caption begins, or a listener hears one run-on sentence. Closing quotes and
    brackets after the mark count as its sentence's own.
    """
    shown = markup.plain(text).rstrip()
    while shown and (unicodedata.category(shown[-1]) in ("Pe", "Pf") or shown[-1] in "\"'"):
        shown = shown[:-1]
    return text.rstrip() if shown[-1:] in SENTENCE_ENDS else f"{text.rstrip()}."


def figure_said(block: model.Figure, phrases: Phrases) -> tuple[str, ...]:
    """What a figure says to a reader who hears or touches it: its description, then its caption, each a sentence.

    Every format that reads a figure out (plain text, Braille, audio) says
    these, in this order, as two sentences; the web page and the PDF give the
    description, so closed, as the picture's text alternative before the caption.
    """
    described = phrases.say("picture", alt=sentence(block.alt))
    return (described, sentence(block.caption)) if block.caption else (described,)


def callout_label(block: model.Callout, phrases: Phrases) -> str:
    """The word printed on a callout, so its meaning never rests on colour alone."""
    return phrases.say(f"callouts.{block.kind.value}")


def expected_words(leaflet: model.Leaflet, site: model.Site, blocks: tuple[model.Block, ...], phrases: Phrases) -> list[str]:
    """Every word of a document, each kept once however often it recurs (interned): a library's documents use one
    vocabulary, and a large build holds every document's words at once."""
    texts = [leaflet.title, leaflet.subtitle or "", site.organisation, site.department]  # what it is, then who from
    for block in blocks:
        texts.extend(block_text(block, site, phrases))
    return [sys.intern(word) for text in texts for word in words(text)]


def missing_word(expected: tuple[str, ...] | list[str], found: list[str],
                 read_as: Mapping[str, frozenset[str]] | None = None) -> tuple[int, str] | None:
    """The first expected word not found in order, with its position, or None.

    ``read_as`` gives a word other forms a reader may get instead (a
    back-translation's reading of a braille sign).
    """
    position = 0
    for index, word in enumerate(expected):
        forms = {word, *(read_as or {}).get(word, ())}
        while position < len(found) and found[position] not in forms:
            position += 1
        if position == len(found):
            return index, word
        position += 1
    return None


_PREFIXES: dict[type, str] = {model.BulletList: "- ", model.Steps: "1. ", model.Questions: "", model.Callout: "> "}
FIGURE = ("[Figure: ", "]")

_ROLES = (("### ", "subheading"), ("## ", "heading"), ("# ", "title"), ("- ", "point"), ("1. ", "step"),
          ("> ", "callout"), (FIGURE[0], "figure"))
"""The markers :func:`lines` puts before a line, longest first, and the kind of block each marks, in words."""


def role(line: str) -> tuple[str, str]:
    """What kind of block a wording line is ("heading", "point", …; "paragraph" unmarked), and its words without the
    marker :func:`lines` gave it: what a reviewer reads in a redline."""
    for marker, kind in _ROLES:
        if line.startswith(marker):
            words = line[len(marker):]
            return kind, words.removesuffix(FIGURE[1]) if kind == "figure" else words
    return "paragraph", line


def lines(leaflet: model.Leaflet, site: model.Site, blocks: tuple[model.Block, ...], phrases: Phrases) -> list[str]:
    """The leaflet's wording as lines a reviewer can read and diff, markup kept.

    Markup stays so that a changed link address or emphasis shows up too.
    """
    result = [f"# {leaflet.title}"] + ([leaflet.subtitle] if leaflet.subtitle else [])
    for block in blocks:
        if isinstance(block, model.Heading):
            result.append(f"{'#' * (block.level + 1)} {block.text}")
        elif isinstance(block, model.Row):
            result.append(f"[Picture: {block.description}]")
            result.extend(text for text in block_text(block, site, phrases) if text)
        elif isinstance(block, model.Figure):
            result.append(f"{FIGURE[0]}{block.alt}{FIGURE[1]}")
            result.extend(filter(None, (block.caption,)))
        else:
            prefix = _PREFIXES.get(type(block), "")
            result.extend(prefix + text for text in block_text(block, site, phrases) if text)
    return result
