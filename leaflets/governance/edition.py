"""An edition: a document as governance lets it out today.

Every format receives an edition, never a bare document, so the words that
announce a draft or an overdue copy, the dates a copy states, and the facts
stamped on every page or section, are decided once and read the same in every
format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from ..document.model import Document
from ..document.resolve import approval
from ..errors import VerificationError
from ..source import model
from ..source.phrases import Phrases
from .dating import Dating, dating, false_approval, false_fields
from .status import Notice


@dataclass(frozen=True)
class Edition:
    document: Document
    state: str
    notice: Notice | None
    """How a copy that is not approved and current says so; None for one that is."""
    original: Document | None = None
    """A left-to-right translation's source, resolved: what a bilingual copy sets beside it, block for block."""
    dated: Dating | None = None
    """The dates it states; by default those its leaflet and state give, said in its own language alone."""

    @property
    def leaflet(self) -> model.Leaflet:
        return self.document.leaflet

    @property
    def dates(self) -> Dating:
        return self.dated or dating(self.leaflet, self.state, self.document.phrases)

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
        return tuple(item for items in self.facts_in(phrases).values() for item in items)

    def facts_in(self, phrases: Phrases) -> dict[str, tuple[str, ...]]:
        """:meth:`stamp_in`, each fact by its name, for a file that names them (an MP3's tags)."""
        leaflet, dates = self.document.leaflet, self.dates
        return {
            "reference": (leaflet.id,),
            "version": (phrases.say("stamp.version", version=leaflet.version),),
            dates.tag: dates.said(phrases),
            "review due": (phrases.say("stamp.review_due", date=phrases.date(leaflet.review_date)),),
            **({"status": (self.notice.word,)} if self.notice else {}),
        }

    @property
    def languages(self) -> tuple[Phrases, ...]:
        """Every language the copy may speak in: its own, English (its status words), its original's."""
        found = (self.document.phrases, self.dates.english, *((self.original.phrases,) if self.original else ()))
        return tuple({phrases.code: phrases for phrases in found}.values())

    def check_dates(self, said: str | list[str], medium: str, fields: Mapping[str, str] | None = None) -> None:
        """Raise unless the copy, as ``said`` back by its reader and in its metadata ``fields``, states no approval
        date as its own that it does not have: the one rule every format's read-back applies."""
        dates = self.dates
        allowed = [*(dates.in_use.sentence(p) for p in self.languages if dates.in_use),
                   *(dates.alone(p) for p in self.languages if dates.approved_for),
                   *(approval(self.original.leaflet, self.original.phrases) if self.original else ())]
        # a bilingual copy sets its original beside it, whose "About this leaflet" is the original's own
        claim = false_approval(said, self.leaflet, self.state, self.languages, allowed)
        if claim:
            raise VerificationError(f"the {medium} states '{claim}' as the approval of {self._what()}")
        field = false_fields(fields or {}, self.leaflet, self.state)
        if field:
            raise VerificationError(f"the {medium} gives an approval date to {self._what()} ({field})")

    def _what(self) -> str:
        version = f"version {self.leaflet.version}"
        work = self.leaflet.edition_of
        return f"{version}, a draft never approved" if self.leaflet.status is model.Status.DRAFT else (
            f"{version}, {work.kind.words if work else 'an edition of'} an earlier version of its source")
