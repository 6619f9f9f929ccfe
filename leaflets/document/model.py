"""The resolved document: what every output reads, and all it reads.

It is immutable and holds no PDF, HTML or audio notion: blocks with their
inline markup, the figures' files (each block keeps its alt text and caption),
the site's details, and the facts computed once for every format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..source import model
from ..source.phrases import Phrases


@dataclass(frozen=True)
class Document:
    """One leaflet, ready for any format."""

    leaflet: model.Leaflet
    """The document control facts and the title, as the author wrote them."""
    site: model.Site
    """The site's details, in the leaflet's language where the site file has them."""
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
    phrases: Phrases
    """The words the build writes itself (stamps, dates, labels), in the leaflet's language."""

    @property
    def language(self) -> str:
        return self.leaflet.language

    @property
    def direction(self) -> str:
        """'rtl' for a right-to-left script, else 'ltr'."""
        return self.phrases.direction

    def figure(self, block: model.Figure) -> Path:
        """The file of a figure block of this document."""
        return dict(self.figures)[block.file]
