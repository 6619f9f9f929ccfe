"""The rules on a leaflet's dates and status (STANDARDS.md §5), judged on one day.

A leaflet's state follows from its status and its review date; what may be
built follows from the state: a withdrawn leaflet never, an overdue one only
when asked and then marked in words, a draft always marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..document.words import format_date
from ..errors import shown
from ..source import model
from ..source.phrases import Phrases

if TYPE_CHECKING:  # dating builds on this module's states
    from .dating import InUse

DRAFT_SUFFIX = "-DRAFT"
"""Ends the name of every file made from a draft, so a draft never shares a name with an approved file."""
DUE_FOR_REVIEW_DAYS = 183
"""Review work starts six months before the review date (STANDARDS.md §5)."""


@dataclass(frozen=True)
class Notice:
    """How a copy that is not approved and current says so, in words every reader gets."""

    word: str
    """The status itself, for the footer of every page and the document's title: "DRAFT"."""
    sentence: str
    """What it means, read first on every page: "DRAFT – not approved for use with patients"."""
    said: tuple[tuple[str, str], ...] = ()
    """The sentence in each language it is said in, as (language, words): a translation's own, then English."""


def notice(kinds: tuple[str, ...], phrases: Phrases, english: Phrases, in_use: InUse | None = None,
           **values: object) -> Notice:
    """The notice for ``kinds`` ("draft", "overdue", "out_of_date") in the leaflet's language, then in English.

    A translation's status is said in English too, so staff who cannot read
    the language still see that a copy is not current. A draft of a new
    version names the approved version ``in_use``.
    """
    languages = (phrases,) if phrases.code == english.code else (phrases, english)
    said = [(", ".join(p.say(f"notices.{kind}.word", **values) for kind in kinds),
             "; ".join(p.say(f"notices.{kind}.sentence", **values) for kind in kinds)
             + (f". {in_use.sentence(p)}" if in_use else "")) for p in languages]
    return Notice(" / ".join(word for word, _ in said), NOTICE_SEPARATOR.join(sentence for _, sentence in said),
                  tuple((p.code, sentence) for p, (_, sentence) in zip(languages, said)))


OUT_OF_DATE_NOTICES = {model.Derivation.TRANSLATION: "out_of_date", model.Derivation.EASY_READ: "easy_read_out_of_date"}
"""The notice an out-of-date edition of each kind carries: the same word, a sentence saying what it follows."""
NOTICE_SEPARATOR = " / "
"""Between a notice's languages."""


class State:
    CURRENT = "current"
    DUE = "due for review"
    OVERDUE = "overdue"
    DRAFT = "draft"
    WITHDRAWN = "withdrawn"
    OUT_OF_DATE = "out of date"
    """An edition (a translation, an Easy Read edition) of an earlier version of its source."""


@dataclass(frozen=True)
class Rules:
    """What governance judges by: the day, the longest review period, and whether overdue copies may be made."""

    today: dt.date
    review_within_years: int
    allow_overdue: bool = False
    allow_out_of_date: bool = False


@dataclass(frozen=True)
class Standing:
    """What the rules allow for one leaflet: whether it may be built, the words it must carry, and why."""

    state: str
    notice: Notice | None
    """The words that announce a state that is not current, on every copy in every format."""
    problems: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    wrong_dates: bool = False
    """The source's dates break the rules: a fault to put right, not a state to wait out."""

    @property
    def buildable(self) -> bool:
        return not self.problems and self.state != State.WITHDRAWN


def state(leaflet: model.Leaflet, today: dt.date, source_version: str | None = None) -> str:
    """``leaflet``'s state on ``today``; a derived edition's given the version its source is at now."""
    work = leaflet.edition_of
    return state_of(leaflet.status, leaflet.review_date, today, bool(work and source_version != work.source_version))


def state_of(status: model.Status, review_date: dt.date, today: dt.date, out_of_date: bool = False) -> str:
    """The state of a leaflet with ``status`` and ``review_date`` on ``today``, from the register's record as well.

    ``out_of_date``: it is an edition of an earlier version of its source, which
    outweighs every state but withdrawn: it no longer says what the source says.
    """
    if status is model.Status.WITHDRAWN:
        return State.WITHDRAWN
    if out_of_date:
        return State.OUT_OF_DATE
    if status is model.Status.DRAFT:
        return State.DRAFT
    if review_date < today:
        return State.OVERDUE
    if (review_date - today).days <= DUE_FOR_REVIEW_DAYS:
        return State.DUE
    return State.CURRENT


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_problems(leaflet: model.Leaflet, rules: Rules) -> list[str]:
    """What is wrong with an approved leaflet's dates."""
    if leaflet.status is not model.Status.APPROVED:
        return []
    assert leaflet.approval_date  # validation requires it of an approved leaflet
    where = shown(leaflet.path)
    problems = []
    if leaflet.approval_date > rules.today:
        problems.append(f"{where}: approval_date {leaflet.approval_date} is in the future; "
                        "correct it, or set status: draft until the leaflet is approved")
    limit = rules.review_within_years
    latest = years_after(leaflet.approval_date, limit)
    if not leaflet.approval_date < leaflet.review_date <= latest:
        problems.append(f"{where}: review_date {leaflet.review_date} must be after approval and at most "
                        f"{limit} years later (by {latest}); set an earlier review date")
    return problems


def standing(leaflet: model.Leaflet, rules: Rules, phrases: Phrases, english: Phrases,
             source: model.Leaflet | None = None, in_use: InUse | None = None) -> Standing:
    """Whether ``leaflet`` may be built under ``rules``, and the notice it must carry if so, in its language.

    ``source`` is the leaflet a derived edition is an edition of, as it stands now;
    ``in_use`` the approved version patients get while this one is a draft.
    """
    found = state(leaflet, rules.today, source.version if source else None)
    broken = date_problems(leaflet, rules)
    if broken:
        return Standing(found, None, problems=tuple(broken), wrong_dates=True)
    if found == State.WITHDRAWN:
        return Standing(found, None, notes=(f"{leaflet.id}: withdrawn, not built",))
    if found == State.DRAFT:
        return Standing(found, notice(("draft",), phrases, english, in_use))
    if found == State.OUT_OF_DATE:
        work = leaflet.edition_of
        assert work and source
        if not rules.allow_out_of_date:
            return Standing(found, None, problems=(
                f"{shown(leaflet.path)}: {leaflet.id} {work.kind.value} version {work.source_version} of {source.id}, "
                f"which is now at version {source.version}; update it (--diff {source.id} {work.source_version} "
                f"{source.version} shows what changed), or build it marked as out of date with --allow-out-of-date",))
        stale = OUT_OF_DATE_NOTICES[work.kind]
        kinds = (stale, "draft") if leaflet.status is model.Status.DRAFT else (stale,)
        return Standing(found, notice(kinds, phrases, english, in_use, translated=work.source_version,
                                      current=source.version))
    if found == State.OVERDUE:
        if not rules.allow_overdue:
            return Standing(found, None, problems=(
                f"{shown(leaflet.path)}: {leaflet.id} was due for review on {format_date(leaflet.review_date)}; "
                "it needs a review before it can be printed (or build it marked as overdue with --allow-overdue)",))
        return Standing(found, notice(("overdue",), phrases, english))
    if found == State.DUE:
        return Standing(found, None, notes=(
            f"{leaflet.id}: due for review on {format_date(leaflet.review_date)}; start the review now",))
    return Standing(found, None)
