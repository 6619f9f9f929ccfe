"""What a Word document is read into: a piece per paragraph, its pictures, and findings for the report."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Picture:
    data: bytes
    content_type: str
    alt: str | None


@dataclass
class Piece:
    """A paragraph (or a table) as read: ``text`` holds the inline marks a leaflet uses (``**bold**``, ``[words](address)``)."""

    at: int
    """The paragraph's number, counted from the top of the document, empty paragraphs included."""
    style: str = ""
    text: str = ""
    bold: bool = False
    """Every word of it bold: a heading made by hand, or a callout's title."""
    numbering: tuple[int, bool] | None = None
    """(level, numbered) for a list item."""
    box: str | None = None
    """Which shaded or bordered box, text box or one-cell table it sits in, if any."""
    pictures: list[Picture] = field(default_factory=list)
    rows: list[list[str]] | None = None
    """For a table of more than one cell: its cells' words, row by row."""


@dataclass
class Finding:
    """Something the document holds that a leaflet does not carry as it was: reported, never dropped silently."""

    at: int
    what: str


def short(text: str, length: int = 60) -> str:
    """``text`` cut to ``length`` characters for a report line."""
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
