"""Inline markup: ``**bold**`` and ``[text](address)``, nothing else.

Authors write plain text with these two marks. This module reads them into
runs (:class:`Span`) that every format sets in its own way, so anything else an
author types (``<``, ``&``, ``<font>``) comes out exactly as written. It also
says which pieces of information (phone numbers, dates, times) a reader must
never see split over two lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINK_SCHEMES = ("https:", "mailto:", "tel:")

_TOKEN = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]+)\)")

# Pieces of information a reader must never see split over two lines.
_UNBREAKABLE = re.compile(
    r"\b0\d{2,4}(?: \d{3,4}){1,2}\b"  # UK phone numbers: 01632 960 100, 0300 123 4567
    r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
    r"|\b\d{1,2}(?:[.:]\d{2})? ?[ap]m\b"  # times: 9am, 5.30 pm
)

NO_BREAK_SPACE = "\u00a0"


@dataclass(frozen=True)
class Span:
    """A run of text with one style."""

    text: str
    bold: bool = False
    href: str | None = None


def parse(text: str) -> list[Span]:
    """Split ``text`` into styled spans; unmatched markers stay as literal text."""
    spans: list[Span] = []
    position = 0
    for match in _TOKEN.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        if match["bold"] is not None:
            spans.append(Span(match["bold"], bold=True))
        else:
            spans.append(Span(match["label"], href=match["href"]))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return spans


def links(text: str) -> list[str]:
    """The link addresses written in ``text``, for validation."""
    return [span.href for span in parse(text) if span.href]


def plain(text: str) -> str:
    """The words a reader sees, without markers."""
    return "".join(span.text for span in parse(text))


def written_out(text: str) -> str:
    """The words with each link's address written after them, for a reader who cannot follow a link.

    A link whose words are its address is written once; ``mailto:`` and
    ``tel:`` lose their scheme, as people write them.
    """
    parts = []
    for span in parse(text):
        target = (span.href or "").removeprefix("mailto:").removeprefix("tel:")
        parts.append(f"{span.text} ({target})" if target and target != span.text else span.text)
    return "".join(parts)


def shown(text: str) -> str:
    """The characters printed for ``text``, no-break spaces included."""
    return "".join(keep_together(span.text) for span in parse(text))


def keep_together(text: str) -> str:
    """Join the words of phone numbers, dates and times with no-break spaces."""
    return _UNBREAKABLE.sub(lambda m: m[0].replace(" ", NO_BREAK_SPACE), text)
