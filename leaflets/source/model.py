"""The content model: what a leaflet is once its YAML has been validated.

Every value here has passed validation, so later stages never re-check input.
Blocks remember where they came from (:class:`Origin`) so that a problem found
while setting a block on the page can still name its file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Union


class Status(str, Enum):
    DRAFT = "draft"
    APPROVED = "approved"
    WITHDRAWN = "withdrawn"


class Derivation(str, Enum):
    """What a derived edition is of its source; the value is the key its file names the source with."""

    TRANSLATION = "translates"
    EASY_READ = "explains"

    @property
    def noun(self) -> str:
        """What staff call such an edition: "translation", "Easy Read edition"."""
        return "translation" if self is Derivation.TRANSLATION else "Easy Read edition"

    @property
    def words(self) -> str:
        """What the edition is, as staff say it before the source it follows: "a translation of"."""
        return f"{'an' if self.noun[0] in 'AEIOU' else 'a'} {self.noun} of"

    @property
    def writer_key(self) -> str:
        """The key naming the role that wrote its words: who to ask about the wording."""
        return "translator" if self is Derivation.TRANSLATION else "writer"


class CalloutKind(str, Enum):
    INFO = "info"
    IMPORTANT = "important"
    URGENT = "urgent"


@dataclass(frozen=True)
class Origin:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Heading:
    origin: Origin
    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    origin: Origin
    text: str


@dataclass(frozen=True)
class BulletList:
    origin: Origin
    items: tuple[str, ...]


@dataclass(frozen=True)
class Steps:
    origin: Origin
    items: tuple[str, ...]


@dataclass(frozen=True)
class Callout:
    origin: Origin
    kind: CalloutKind
    title: str | None
    text: str | None
    items: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    origin: Origin
    file: str
    alt: str
    caption: str | None


@dataclass(frozen=True)
class Contacts:
    origin: Origin


@dataclass(frozen=True)
class WriteIn:
    origin: Origin
    label: str
    lines: int


@dataclass(frozen=True)
class QuestionAnswer:
    question: str
    answer: str


@dataclass(frozen=True)
class Questions:
    origin: Origin
    pairs: tuple[QuestionAnswer, ...]


@dataclass(frozen=True)
class Row:
    """An Easy Read row: one idea, a picture on the left and one to three short sentences beside it.

    A hard-words row (``explains``) says what a word means before the edition
    uses it; the contact row (``contacts``) is followed by the site's numbers.
    """

    origin: Origin
    picture: str
    description: str
    text: str
    explains: str | None = None
    contacts: bool = False

    @property
    def figure(self) -> Figure:
        """The row's picture as a figure: described, never captioned (the row's words are beside it)."""
        return Figure(self.origin, self.picture, self.description, None)


@dataclass(frozen=True)
class Include:
    origin: Origin
    file: str


@dataclass(frozen=True)
class OnlineCopy:
    """The QR code and address of the leaflet's online version; added by the build, not written by authors."""

    origin: Origin
    address: str


Block = Union[Heading, Paragraph, BulletList, Steps, Callout, Figure, Contacts, WriteIn, Questions, Include, OnlineCopy, Row]


@dataclass(frozen=True)
class Change:
    version: str
    date: dt.date
    summary: str


@dataclass(frozen=True)
class EditionOf:
    """What a derived edition (a translation, an Easy Read edition) is an edition of, and who wrote its words.

    Either is locked to the source version it follows: when the source moves
    on, the edition is out of date until it is brought up to date.
    """

    source_id: str
    """The reference of the source leaflet."""
    source_version: str
    """The version of that leaflet the edition follows."""
    writer: str
    """The role that wrote the edition's words (the translator): who to ask about the wording."""
    kind: Derivation = Derivation.TRANSLATION


@dataclass(frozen=True)
class Leaflet:
    path: Path
    id: str
    title: str
    subtitle: str | None
    language: str
    version: str
    status: Status
    owner: str
    approved_by: str
    """Who approved it; in a draft, who is to approve it."""
    approval_date: dt.date | None
    """When it was approved; in a draft, the date its approval is planned for, if any, which no copy states."""
    review_date: dt.date
    feedback: str
    changes: tuple[Change, ...]
    sources: tuple[str, ...]
    blocks: tuple[Block, ...]
    online: str | None = None
    """Where the leaflet can be read online; printed with a QR code on the last page."""
    edition_of: EditionOf | None = None
    """For a derived edition, what it is an edition of; its reference is the source's with the language added
    (a translation) or with ``-ER`` (an Easy Read edition)."""
    pictures: str | None = None
    """Where an Easy Read edition's pictures come from, credited in its closing section."""
    explain_first: tuple[str, ...] = ()
    """An Easy Read edition's hard words: each is explained by a hard-words row before any other row uses it."""

    @property
    def translation(self) -> EditionOf | None:
        """What a translation translates; None for any other leaflet."""
        work = self.edition_of
        return work if work and work.kind is Derivation.TRANSLATION else None

    @property
    def easy_read(self) -> bool:
        """Whether this is an Easy Read edition: rows, set only in an Easy Read layout."""
        return bool(self.edition_of and self.edition_of.kind is Derivation.EASY_READ)

    @property
    def approved_on(self) -> dt.date | None:
        """The approval date that is this version's own: none for a draft, whatever its file plans."""
        return None if self.status is Status.DRAFT else self.approval_date

    @property
    def drafted_on(self) -> dt.date:
        """The date of this version's changes entry: what a draft is dated by."""
        return next(change.date for change in self.changes if change.version == self.version)


@dataclass(frozen=True)
class SharedBlocks:
    path: Path
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Phone:
    label: str
    number: str
    hours: str | None


@dataclass(frozen=True)
class OtherFormats:
    contact: str
    phone: str
    email: str | None


@dataclass(frozen=True)
class Site:
    path: Path
    organisation: str
    department: str
    phones: tuple[Phone, ...]
    address: tuple[str, ...]
    web: str
    other_formats: OtherFormats


@dataclass(frozen=True)
class PhoneWording:
    label: str
    hours: str | None


@dataclass(frozen=True)
class SiteWording:
    """A site's words in another language (``content/sites/languages/<site>.<language>.yaml``).

    Its phone numbers, email and web address stay the site's own.
    """

    path: Path
    organisation: str
    department: str
    phones: tuple[PhoneWording, ...]
    address: tuple[str, ...]
    other_formats_contact: str


@dataclass(frozen=True)
class Settings:
    """The trust's standing choices, from ``content/settings.yaml``."""

    path: Path
    site: str
    review_within_years: int
    formats: tuple[str, ...] | None = None
    """The formats a build makes when the command names none."""


@dataclass(frozen=True)
class Fingerprint:
    """The SHA-256 of one approved version's content as built with one site's details."""

    site: str
    sha256: str
    recorded_on: dt.date


@dataclass(frozen=True)
class Release:
    """What an approved version said when it was first built: the version lock."""

    id: str
    version: str
    approved_by: str
    approval_date: dt.date
    fingerprints: tuple[Fingerprint, ...]
