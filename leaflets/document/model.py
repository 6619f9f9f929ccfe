"""The resolved document: what every output reads, and all it reads.

It is immutable and holds no PDF, HTML or audio notion: blocks with their
inline markup, the figures' files (each block keeps its alt text and caption),
the site's details, and the facts computed once for every format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..source import model

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})
"""Languages written right to left, by their primary subtag."""


@dataclass(frozen=True)
class Document:
    """One leaflet, ready for any format."""

    leaflet: model.Leaflet
    """The document control facts and the title, as the author wrote them."""
    site: model.Site
    blocks: tuple[model.Block, ...]
    """Every block in reading order: includes expanded, the closing sections added."""
    figures: tuple[tuple[str, Path], ...]
    """Each figure block's file name and the checked file it names."""
    words: tuple[str, ...]
    """Every word a reader must get back, in order: each format's read-back is held to it."""
    wording: tuple[str, ...]
    """The wording as lines, markup kept: what the release record keeps and ``--diff`` compares."""
    fingerprint: str
    """The SHA-256 of everything a reader sees, whatever the format: the version lock's key."""

    @property
    def language(self) -> str:
        return self.leaflet.language

    @property
    def direction(self) -> str:
        """'rtl' for a right-to-left script, else 'ltr'."""
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"

    def figure(self, block: model.Figure) -> Path:
        """The file of a figure block of this document."""
        return dict(self.figures)[block.file]
