"""Inline markup: ``**bold**`` and ``[text](address)``, nothing else.

Authors write plain text; ReportLab's Paragraph reads an XML-like markup. This
module is the only bridge between the two, so that anything else an author
types (``<``, ``&``, ``<font>``) prints exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:  # fonts pulls in ReportLab, which only drawing needs
    from .fonts import FontFamily


LINK_SCHEMES = ("https:", "mailto:", "tel:")

_TOKEN = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]+)\)")

# Pieces of information a reader must never see split over two lines.
_UNBREAKABLE = re.compile(
    r"\b0\d{2,4}(?: \d{3,4}){1,2}\b"  # UK phone numbers: 01632 960 100, 0300 123 4567
    r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b"
    r"|\b\d{1,2}(?:[.:]\d{2})? ?[ap]m\b"  # times: 9am, 5.30 pm
)

NO_BREAK_SPACE = "\u00a0"
ADDRESS_BREAK = re.compile(r"(?<=[/.@])")


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


def shown(text: str) -> str:
    """The characters printed for ``text``, no-break spaces included."""
    return "".join(keep_together(span.text) for span in parse(text))


def keep_together(text: str) -> str:
    """Join the words of phone numbers, dates and times with no-break spaces."""
    return _UNBREAKABLE.sub(lambda m: m[0].replace(" ", NO_BREAK_SPACE), text)


def break_long_words(text: str, fits: Callable[[str], bool]) -> list[str]:
    """``text`` cut into lines only where a word is too long for any line.

    Such a word (a web address) is broken after a slash, dot or @, never
    inside a word and never at a hyphen, which would read as hyphenation.
    Everything else is left for the paragraph to wrap at spaces.
    """
    lines: list[list[str]] = [[]]
    for word in text.split(" "):
        if fits(word):
            lines[-1].append(word)
            continue
        piece_line = ""
        for piece in ADDRESS_BREAK.split(word):
            if piece_line and not fits(piece_line + piece):
                lines[-1].append(piece_line)
                lines.append([])
                piece_line = ""
            piece_line += piece
        lines[-1].append(piece_line)
    return [" ".join(words) for words in lines]


def to_paragraph_xml(text: str, link_colour: str, fonts: FontFamily, fits: Callable[[str, bool], bool]) -> str:
    """ReportLab Paragraph markup for ``text``, with everything else escaped.

    Characters the main font lacks are wrapped in ``<font>`` naming the
    fallback face of the same weight, so they print and extract as themselves.
    ``fits`` says whether a word (bold or not) fits on one line.
    """
    parts = []
    for span in parse(text):
        fallback = fonts.fallback.bold if span.bold else fonts.fallback.regular
        lines = break_long_words(keep_together(span.text), lambda word: fits(word, span.bold))
        words = "<br/>".join(
            "".join(f"<font name={quoteattr(fallback)}>{escape(run)}</font>" if needs else escape(run)
                    for run, needs in fonts.runs(line))
            for line in lines)
        if span.bold:
            parts.append(f"<b>{words}</b>")
        elif span.href:
            parts.append(f"<a href={quoteattr(span.href)} color={quoteattr(link_colour)}>{words}</a>")
        else:
            parts.append(words)
    return "".join(parts)
