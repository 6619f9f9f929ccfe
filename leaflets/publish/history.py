"""Each leaflet's history page, ``output/<id>/history.html``: every version, who approved it, what it changed.

The versions come from the register's row (``history``, kept from build to
build, so a version's review date outlives its source file), the release
record (every approved version's approval) and the source's changes entries.
Each version after the first gets a redline of its wording against the one
before, from the same comparison ``--diff`` prints. A page is rewritten only
when its row in the register changed, the tool changed, or it is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..errors import LeafletError
from ..governance.diff import Passage, UnknownVersion, compare, sides
from ..governance.release import version_key
from ..source import model
from ..source.library import Library

PAGE = "history.html"
VERSION = re.compile(r"\d+(\.\d+)*")


def versions(leaflet: model.Leaflet, releases: tuple[model.Release, ...], kept: list[dict]) -> list[dict]:
    """What the register keeps of each version of ``leaflet``, newest first.

    The current version is as its source says (a draft has no approval date
    of its own); an earlier one as the register last saw it, its approval as
    the release record has it; a version only a changes entry names is listed
    with what that entry says.
    """
    found: dict[str, dict] = {}
    for entry in kept:  # as an earlier build wrote it; an entry it cannot vouch for is left out
        if isinstance(entry, dict) and isinstance(entry.get("version"), str) and VERSION.fullmatch(entry["version"]):
            found[entry["version"]] = entry
    for release in releases:
        if release.id == leaflet.id:
            seen = found.get(release.version, {})
            found[release.version] = {**seen, "version": release.version, "status": model.Status.APPROVED.value,
                                      "approved_by": release.approved_by,
                                      "approval_date": release.approval_date.isoformat(),
                                      "review_date": seen.get("review_date") if seen.get("status") == "approved" else None,
                                      "translates": seen.get("translates")}
    draft = leaflet.status is model.Status.DRAFT
    found[leaflet.version] = {
        "version": leaflet.version, "status": leaflet.status.value, "approved_by": leaflet.approved_by,
        "approval_date": None if draft else leaflet.approval_date.isoformat(),
        "review_date": leaflet.review_date.isoformat(),
        "translates": leaflet.edition_of.source_version if leaflet.edition_of else None,
    }
    changes = {change.version: change for change in leaflet.changes}
    for version in changes.keys() - found.keys():
        found[version] = {"version": version, "status": None, "approved_by": None, "approval_date": None,
                          "review_date": None, "translates": None}
    return [{**found[v], "change": {"date": changes[v].date.isoformat(), "summary": changes[v].summary}
             if v in changes else found[v].get("change")}
            for v in sorted(found, key=version_key, reverse=True)]


@dataclass(frozen=True)
class Redline:
    """What changed from one version to the next, or why it cannot be shown."""

    old: str
    new: str
    passages: tuple[Passage, ...] = ()
    missing: str | None = None

    def count(self, kind: str) -> int:
        return sum(passage.kind == kind for passage in self.passages)

    @property
    def unchanged(self) -> int:
        return sum(len(passage.unchanged) for passage in self.passages)


def redlines(library: Library, leaflet_id: str, listed: list[str]) -> dict[str, Redline]:
    """A redline for each version in ``listed`` (oldest first) from the one before it, by the newer version."""
    found = {}
    for old, new in zip(listed, listed[1:]):
        try:
            before, after = sides(library, leaflet_id, old, new)
        except UnknownVersion:
            found[new] = Redline(old, new, missing=f"The wording of version {old} or {new} was not kept: the release "
                                 "record keeps the wording of approved versions, and the content holds only the current one.")
            continue
        except LeafletError as error:
            found[new] = Redline(old, new, missing=f"The wording could not be read: {error}")
            continue
        found[new] = Redline(old, new, tuple(compare(before.lines, after.lines)))
    return found


def shown_versions(row: dict) -> list[dict]:
    """The register's ``row``'s versions, newest first, each with its status (``said``) and approval in words, and its files."""
    from .catalogue import STATES

    kept = row.get("history") or []
    files: dict[str, list[dict]] = {}
    for kind in ("files", "archived"):
        for entry in row[kind]:
            files.setdefault(entry["version"], []).append({**entry, "archived": kind == "archived"})
    newer = {entry["version"]: later["version"] for later, entry in zip(kept, kept[1:])}
    return [{**entry, "files": files.get(entry["version"], []),
             "said": STATES[row["state"]][0] if entry["version"] == row["version"]
             else _status(entry, newer.get(entry["version"]), any(not f["archived"] for f in files.get(entry["version"], []))),
             "approval": _approval(entry)}
            for entry in kept]


def page(row: dict, today: str, library: Library) -> str:
    """The history page of the leaflet the register's ``row`` describes."""
    from markupsafe import Markup

    from .catalogue import STATES
    from .register import edition_of
    from .webpage import render

    listed = sorted((entry["version"] for entry in row.get("history") or ()), key=version_key)
    language = Markup(' lang="{}"').format(row["language"]) if row.get("language") else ""
    return render("history.html", title=f"Version history of {row['id']}", row=row, today=today, work=edition_of(row),
                  state=STATES[row["state"]][0], versions=shown_versions(row), lang=language,
                  redlines=redlines(library, row["id"], listed))


def _status(entry: dict, newer: str | None, in_use: bool) -> str:
    """An earlier version's status in words: approved and still in use, superseded, a draft never approved."""
    status = entry.get("status")
    if status == model.Status.APPROVED.value:
        return f"Approved; still in use while version {newer} is a draft" if in_use else f"Approved; superseded by version {newer}"
    if status == model.Status.DRAFT.value:
        return f"Draft, not approved; followed by version {newer}"
    return "Withdrawn" if status == model.Status.WITHDRAWN.value else "Not recorded"


def _approval(entry: dict) -> str:
    from .webpage import day

    if entry.get("status") == model.Status.DRAFT.value:
        return "Not approved"
    return day(entry.get("approval_date"))


def write_pages(output_dir: Path, data: dict, previous: dict, library: Library) -> None:
    """Write the history page of every leaflet whose row changed since ``previous``, and any that is missing."""
    before = {row.get("id"): row for row in previous.get("leaflets") or () if isinstance(row, dict)}
    same_tool = previous.get("generator") == data["generator"]
    for row in data["leaflets"]:
        path = output_dir / row["id"] / PAGE
        if same_tool and before.get(row["id"]) == row and path.exists():
            continue
        made = page(row, data["today"], library).encode()
        try:
            if path.read_bytes() == made:
                continue
        except OSError:
            pass
        write_atomic(path, made)
