"""An edition: a document as governance lets it out today.

Every format receives an edition, never a bare document, so the words that
announce a draft or an overdue copy, and the facts stamped on every page or
section, are decided once and read the same in every format.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document.model import Document
from ..document.words import format_date
from ..source import model


@dataclass(frozen=True)
class Edition:
    document: Document
    state: str
    notice: str | None
    """The status words a copy that is not approved and current carries, e.g. "DRAFT – not for patient use"."""

    @property
    def leaflet(self) -> model.Leaflet:
        return self.document.leaflet

    @property
    def stamp(self) -> tuple[str, ...]:
        """The document control facts every page (or section) of every copy carries."""
        leaflet = self.document.leaflet
        return (
            leaflet.id,
            f"Version {leaflet.version}",
            f"Approved {format_date(leaflet.approval_date)}",
            f"Review due {format_date(leaflet.review_date)}",
        )
