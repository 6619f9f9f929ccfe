"""Which dates a copy states, and as what: decided by its status, never by a format.

An approved copy states its approval date. A draft has none of its own: it is
dated by its changes entry ("Draft of 20 November 2026") and names the
approved version still in use, if there is one. An out-of-date translation
states its approval only with the source version it was approved for. The
same rule reads every copy back (:func:`false_approval`), so a format that
slipped an approval date onto a draft is refused before the file is written.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass
from typing import Iterable, Mapping

from ..document.words import words
from ..source import model
from ..source.phrases import Phrases
from .release import version_key
from .status import State


@dataclass(frozen=True)
class InUse:
    """The approved version patients are given while a later one is drafted."""

    version: str
    approved: dt.date

    def sentence(self, phrases: Phrases) -> str:
        """"Version 1.0, approved 2 November 2026, is the version in use"."""
        return phrases.say("notices.in_use", version=self.version, date=phrases.date(self.approved))


def in_use(leaflet: model.Leaflet, releases: Iterable[model.Release]) -> InUse | None:
    """For a draft, the latest earlier version the release record holds as approved; else None."""
    if leaflet.status is not model.Status.DRAFT:
        return None
    earlier = [r for r in releases if r.id == leaflet.id and version_key(r.version) < version_key(leaflet.version)]
    latest = max(earlier, key=lambda r: version_key(r.version), default=None)
    return InUse(latest.version, latest.approval_date) if latest else None


@dataclass(frozen=True)
class Dating:
    """The dates one copy states of itself, and how it words them."""

    approved: dt.date | None
    """The approval on record for this version; None for a draft, whatever its file plans."""
    drafted: dt.date | None
    """A draft's date: its changes entry's."""
    approved_for: str | None
    """An out-of-date translation's: the source version its approval was of, stated with it."""
    in_use: InUse | None
    english: Phrases
    """A translation that is not current says its dates in English too, as its status words are."""

    @property
    def own(self) -> bool:
        """Whether the copy may state its approval date as its own, bare."""
        return self.approved is not None and self.approved_for is None

    @property
    def day(self) -> dt.date:
        """The date the copy carries as a file (PDF creation, PEF date): its approval's, or its draft's."""
        day = self.drafted or self.approved
        assert day, "validation gives every approved leaflet its approval date, every version its changes entry"
        return day

    def said(self, phrases: Phrases) -> tuple[str, ...]:
        """The stamp's date: "Approved …", "Draft of …" or "Approved … for version 1.0"; a translation that is not
        current says it in English as well, as a second item (each must fit a footer line on its own)."""
        languages = (phrases,) if self.own or phrases.code == self.english.code else (phrases, self.english)
        return tuple(self.alone(p) for p in languages)

    def alone(self, phrases: Phrases) -> str:
        """:meth:`said` in ``phrases`` alone."""
        if self.drafted:
            return phrases.say("stamp.draft_of", date=phrases.date(self.drafted))
        assert self.approved
        if self.approved_for:
            return phrases.say("stamp.approved_for", date=phrases.date(self.approved), translated=self.approved_for)
        return phrases.say("stamp.approved", date=phrases.date(self.approved))

    @property
    def fields(self) -> dict[str, str]:
        """The dates as a file's own metadata (XMP): ``approvalDate`` only where the approval is the copy's own."""
        if self.drafted:
            found = {"draftDate": self.day.isoformat()}
        else:
            found = {"approvalDate": self.day.isoformat() + (f" for version {self.approved_for}" if self.approved_for else "")}
        if self.in_use:
            found |= {"versionInUse": self.in_use.version, "versionInUseApprovalDate": self.in_use.approved.isoformat()}
        return found

    @property
    def tag(self) -> str:
        """What a tag holding :meth:`said` is named (an MP3's): what the date is."""
        return "draft of" if self.drafted else "approved for" if self.approved_for else "approved"


def dating(leaflet: model.Leaflet, state: str, english: Phrases, current: InUse | None = None) -> Dating:
    """The dates ``leaflet`` in ``state`` states; ``current`` the approved version in use, for a draft."""
    work = leaflet.edition_of
    if leaflet.status is model.Status.DRAFT:
        return Dating(None, leaflet.drafted_on, None, current, english)
    stale = work.source_version if work and state == State.OUT_OF_DATE else None
    return Dating(leaflet.approved_on, None, stale, None, english)


OWN_APPROVAL = ("stamp.approved", "back_matter.approved_on")
"""The phrases that state an approval date as the copy's own."""


def false_approval(said: str | list[str], leaflet: model.Leaflet, state: str, languages: Iterable[Phrases],
                   allowed: Iterable[str] = ()) -> str | None:
    """The approval a copy states as its own though it has none, as read back (text or words); None if it states none.

    A draft has no approval date, and an out-of-date translation no current
    one: neither may say "Approved <any date>" (nor, a draft, "Approved on:")
    in any of its ``languages``, but for the statements it is given that name
    another version's approval (``allowed``: the version in use, the version a
    translation was approved for). Judged from the leaflet and its state, not
    from what the stamp says, so a stamp that went wrong is caught too.
    """
    draft = leaflet.status is model.Status.DRAFT
    if not draft and state != State.OUT_OF_DATE:
        return None
    heard = " ".join(words(said) if isinstance(said, str) else said)
    for statement in allowed:
        heard = heard.replace(" ".join(words(statement)), " / ")
    keys = OWN_APPROVAL if draft else OWN_APPROVAL[:1]  # a translation's "Approved on" stands beside what it translates
    for phrases in languages:
        for key in keys:
            found = _stated(phrases, key).search(heard)
            if found:
                return found.group(0)
    return None


def _stated(phrases: Phrases, key: str) -> re.Pattern[str]:
    """Phrase ``key`` with any date in it, as read-back words."""
    pieces = []
    for literal, field, _, _ in string.Formatter().parse(phrases.texts[key]):
        pieces.extend(map(re.escape, words(literal)))
        if field == "date":
            pieces.append(_date(phrases))
    return re.compile(r"(?<!\S)" + " ".join(pieces) + r"(?!\S)")


def _date(phrases: Phrases) -> str:
    months = "|".join(re.escape(" ".join(words(month))) for month in phrases.months)
    pieces = []
    for literal, field, _, _ in string.Formatter().parse(phrases.texts["date"]):
        pieces.extend(map(re.escape, words(literal)))
        if field:
            pieces.append(f"(?:{months})" if field == "month" else r"\d+")
    return " ".join(pieces)


def false_fields(fields: Mapping[str, str], leaflet: model.Leaflet, state: str) -> str | None:
    """A metadata field (XMP) that gives a draft an approval date, or an out-of-date copy one without the version it
    was for; None if there is none. Fields of the version in use are another version's; a field that says its date
    in words (an MP3's tags) is read by :func:`false_approval` with the copy's words."""
    draft = leaflet.status is model.Status.DRAFT
    if not draft and state != State.OUT_OF_DATE:
        return None
    for name, value in fields.items():
        key = name.casefold()
        if "approv" in key and "date" in key and "inuse" not in key and (draft or "for version" not in value):
            return f"{name}: {value}"
    return None
