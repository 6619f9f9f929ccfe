"""An edition: a document as governance lets it out today.

Every format receives an edition, never a bare document, so the words that
announce a draft or an overdue copy, and the facts stamped on every page or
section, are decided once and read the same in every format.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..document.model import Document
from ..source import model
from ..source.phrases import Phrases
from .status import Notice


@dataclass(frozen=True)
class Edition:
    document: Document
    state: str
    notice: Notice | None
    """How a copy that is not approved and current says so; None for one that is."""
    original: Document | None = None
    """A left-to-right translation's source, resolved: what a bilingual copy sets beside it, block for block."""

    @property
    def leaflet(self) -> model.Leaflet:
        return self.document.leaflet

    @property
    def title(self) -> str:
        """The title a file gives itself: a copy that is not current says so before anything else."""
        title = self.document.leaflet.title
        return f"{self.notice.word}: {title}" if self.notice else title

    @property
    def stamp(self) -> tuple[str, ...]:
        """The document control facts every page (or section) of every copy carries, its status last."""
        return self.stamp_in(self.document.phrases)

    def stamp_in(self, phrases: Phrases) -> tuple[str, ...]:
        """:attr:`stamp` said with ``phrases``: a bilingual copy carries it in both its languages."""
        leaflet = self.document.leaflet
        return (
            leaflet.id,
            phrases.say("stamp.version", version=leaflet.version),
            phrases.say("stamp.approved", date=phrases.date(leaflet.approval_date)),
            phrases.say("stamp.review_due", date=phrases.date(leaflet.review_date)),
            *((self.notice.word,) if self.notice else ()),
        )
