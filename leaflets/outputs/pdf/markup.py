"""From the source's inline runs to ReportLab Paragraph markup, breaking words only where they must.

ReportLab's Paragraph reads an XML-like markup. This module is the only bridge
to it: every run is escaped, so what an author typed prints as written.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING, Callable
from xml.sax.saxutils import escape, quoteattr

from ...source.markup import keep_together, parse
from .bidi import RIGHT

if TYPE_CHECKING:  # fonts pulls in ReportLab's font machinery, which only drawing needs
    from .fonts import FontFamily

ADDRESS_BREAK = re.compile(r"(?<=[/.@])")


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


def to_paragraph_xml(text: str, link_colour: str, fonts: FontFamily, fits: Callable[[str, bool], bool],
                     sides: str | None = None, bold: bool = False) -> str:
    """ReportLab Paragraph markup for ``text``, with everything else escaped.

    Characters the main font lacks are wrapped in ``<font>`` naming the
    fallback face of the run's weight, so they print and extract as
    themselves: ``bold`` is the paragraph's own weight (a heading's), which
    ``<font>`` would otherwise reset to regular, and a ``**bold**`` span is
    bold in any paragraph.
    ``fits`` says whether a word (bold or not) fits on one line. ``sides``
    (a right-to-left paragraph's, from :func:`.bidi.directions`) gives each
    printed character's direction, so characters read right to left are set
    in the script's face.
    """
    parts = []
    at = 0
    for span in parse(text):
        heavy = bold or span.bold
        fallback = fonts.fallback.of(heavy)
        lines = break_long_words(keep_together(span.text), lambda word: fits(word, heavy))
        if sides is None:
            words = "<br/>".join(
                "".join(f"<font name={quoteattr(fallback)}>{escape(run)}</font>" if needs else escape(run)
                        for run, needs in fonts.runs(line))
                for line in lines)
        else:
            set_lines = []
            for line in lines:
                set_lines.append(_in_faces(line, sides[at:at + len(line)], fonts, heavy))
                at += len(line)
            words = "<br/>".join(set_lines)
        if span.bold:
            parts.append(f"<b>{words}</b>")
        elif span.href:
            parts.append(f"<a href={quoteattr(span.href)} color={quoteattr(link_colour)}>{words}</a>")
        else:
            parts.append(words)
    return "".join(parts)


def _in_faces(line: str, sides: str, fonts: FontFamily, bold: bool) -> str:
    """``line`` with each run not in the main face wrapped in ``<font>`` naming its face."""
    runs = groupby(zip(line, sides), key=lambda pair: fonts.face(pair[0], pair[1] == RIGHT))
    out = []
    for face, pairs in runs:
        run = escape("".join(char for char, _ in pairs))
        out.append(run if face is fonts else f"<font name={quoteattr(face.of(bold))}>{run}</font>")
    return "".join(out)
