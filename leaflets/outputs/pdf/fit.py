"""Words that cannot fit a line: found before ReportLab would cut them in two.

Large print never splits a word, a phone number or a date over two lines
(STANDARDS.md §2), and a word cut in half would also drop out of the text a
screen reader reads. So a piece of text wider than its line is refused with its
location, and the author shortens it (or hides a long address behind link words).
"""

from __future__ import annotations

import re

from reportlab.pdfbase.pdfmetrics import stringWidth

from ...source import markup
from .markup import ADDRESS_BREAK

_SPACES = re.compile(r"[ \t\n\r]+")  # not the no-break space, which holds a piece of information together


def pieces(word: str) -> list[str]:
    """What must stay on one line: a web address may break after a '/', '.' or '@' (see
    :func:`.markup.break_long_words`); anything else is one piece."""
    return ADDRESS_BREAK.split(word)


def widest_word(text: str, regular: str, bold: str, size: float, all_bold: bool = False) -> tuple[str, float]:
    """The widest piece of ``text`` that must stay on one line, and its width in points."""
    widest = ("", 0.0)
    for span in markup.parse(text):
        font = bold if span.bold or all_bold else regular
        for word in _SPACES.split(markup.keep_together(span.text)):
            for piece in pieces(word):
                width = stringWidth(piece, font, size)
                if width > widest[1]:
                    widest = (piece.replace(markup.NO_BREAK_SPACE, " "), width)
    return widest


def too_wide(word: str, width: float, line: float) -> str:
    """The message for a word wider than its line."""
    shown = word if len(word) <= 40 else f"{word[:37]}..."
    return (f"'{shown}' is too wide for a line in this layout ({width:.0f} pt on a {line:.0f} pt line) and would be "
            f"split; shorten it or add spaces, and write a long web address as [link words](https://...) so only the words print")
