"""The release record: the version lock on approved leaflets.

``content/releases.yaml`` holds, for each approved version, a fingerprint of
everything a reader sees (the words of every block, shared blocks, figures and
the site's details); ``content/releases/<id>-v<version>.txt`` holds its
wording, one paragraph a line, for ``--diff`` and for saying what changed. Both
are written by the build the first time an approved version is built and
committed with the content, so a later edit to an approved version fails the
build instead of reaching patients under the old number. Layout and style are
not content: changing them does not touch the record. The wording lives apart
so that every build reads only the small fingerprint file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Iterator

import yaml

from ..atomic import locked, write_atomic
from ..document.model import Document
from ..document.words import format_date
from ..errors import Problem, shown
from ..source import model
from ..source.library import RELEASES_FILE, Library, read_releases

WORDING_FOLDER = "releases"
HEADER = """\
# The release record, written by make_leaflets.py: one entry per approved leaflet version,
# with its wording in releases/<id>-v<version>.txt. Commit both with the content. A build
# refuses an approved version whose words, figures or site details no longer match its
# fingerprint here: give changed content a new version number and a fresh approval.
"""


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


class Releases:
    """The release record of one content folder, and the entries a build adds to it."""

    def __init__(self, path: Path, shown: Path, releases: tuple[model.Release, ...] = ()) -> None:
        self.path = path
        self.shown = shown
        self.entries = {(r.id, r.version): r for r in releases}
        self.added: dict[tuple[str, str], model.Release] = {}
        self.added_wording: dict[tuple[str, str], list[str]] = {}

    @classmethod
    def of(cls, library: Library) -> Releases | None:
        """The record the library read, or None if it could not be read (the library says why)."""
        if library.releases is None:
            return None
        path = library.content_dir / RELEASES_FILE
        return cls(path, shown(path), library.releases)

    def versions(self, leaflet_id: str) -> list[str]:
        return sorted((v for (i, v) in self.entries if i == leaflet_id), key=version_key)

    def recorded(self, leaflet: model.Leaflet, site_name: str) -> bool:
        """Whether ``leaflet``'s version has a fingerprint for ``site_name`` in the record already."""
        release = self.added.get((leaflet.id, leaflet.version)) or self.entries.get((leaflet.id, leaflet.version))
        return release is not None and any(f.site == site_name for f in release.fingerprints)

    def check(self, document: Document, site_name: str, today: dt.date) -> Problem | None:
        """Refuse an approved version whose content changed since release; note a first release."""
        leaflet, sha = document.leaflet, document.fingerprint
        key = (leaflet.id, leaflet.version)
        release = self.added.get(key) or self.entries.get(key)
        recorded = {f.site: f for f in release.fingerprints} if release else {}
        if site_name in recorded:
            if recorded[site_name].sha256 == sha:
                return None
            return Problem(leaflet.path, 1, f"{leaflet.id} version {leaflet.version} was approved on "
                           f"{format_date(release.approval_date)}, and what it says has changed since "
                           f"({first_change(self.wording(*key) or (), list(document.wording))})",
                           "give the changed leaflet a new version number, add a changes entry for it and have it "
                           f"approved; or put back the approved content recorded in {self.shown}")
        entry = model.Fingerprint(site_name, sha, today)
        if release is None:
            release = model.Release(leaflet.id, leaflet.version, leaflet.approved_by, leaflet.approval_date, ())
            self.added_wording[key] = list(document.wording)
        self.added[key] = dataclasses.replace(release, fingerprints=(*release.fingerprints, entry))
        return None

    def commit(self, keys: set[tuple[str, str]]) -> list[str]:
        """Write the entries added for ``keys`` (the leaflets that built) into the record."""
        chosen = {key: release for key, release in self.added.items() if key in keys}
        if not chosen:
            return []
        with locked(self.path.parent):
            for key in chosen.keys() & self.added_wording.keys():
                if not self.wording_path(*key).exists():
                    write_atomic(self.wording_path(*key), "".join(f"{line}\n" for line in self.added_wording[key]).encode())
            current = Releases(self.path, self.shown, read_releases(self.path.parent)).entries
            merged = current | {key: merge(current.get(key), release) for key, release in chosen.items()}
            write_atomic(self.path, render(merged.values()))
        self.entries.update(merged)
        return [f"{i} version {v}" for i, v in sorted(chosen)]

    def wording_path(self, leaflet_id: str, version: str) -> Path:
        return self.path.parent / WORDING_FOLDER / f"{leaflet_id}-v{version}.txt"

    def wording(self, leaflet_id: str, version: str) -> list[str] | None:
        """A released version's wording, or None if it was never recorded or its file is gone."""
        try:
            return self.wording_path(leaflet_id, version).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None


def merge(old: model.Release | None, new: model.Release) -> model.Release:
    """``new`` with the fingerprints another build recorded meanwhile."""
    if old is None:
        return new
    sites = {f.site: f for f in (*new.fingerprints, *old.fingerprints)}
    return dataclasses.replace(old, fingerprints=tuple(sites[name] for name in sorted(sites)))


def render(releases: Iterator[model.Release]) -> bytes:
    ordered = sorted(releases, key=lambda r: (r.id, version_key(r.version)))
    data = {"releases": [{
        "id": r.id, "version": r.version, "approved_by": r.approved_by, "approval_date": r.approval_date,
        "fingerprints": [dataclasses.asdict(f) for f in r.fingerprints],
    } for r in ordered]}
    return (HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)).encode()


def first_change(old: list[str] | tuple[str, ...], new: list[str]) -> str:
    """The first changed passage, as 'was … now …', for a message that shows what to look at."""
    import difflib  # here, not at the top: only a changed version and --diff compare wording

    was: list[str] = []
    now: list[str] = []
    for line in difflib.unified_diff(old, new, lineterm="", n=0):
        if line.startswith("@@") and (was or now):
            break
        if line[:1] in "-+" and not line.startswith(("---", "+++")):
            (was if line[0] == "-" else now).append(line[1:])
    if not (was or now):
        return "the words are the same, so a figure, a link address or a site detail changed"
    return "first change: " + ", ".join(f"{label} '{lines[0]}'" for label, lines in (("was", was), ("now", now)) if lines)


def diff(old_label: str, old: tuple[str, ...] | list[str], new_label: str, new: tuple[str, ...] | list[str]) -> list[str]:
    """The wording that changed between two versions, as a unified diff a reviewer reads."""
    import difflib

    return list(difflib.unified_diff(list(old), list(new), old_label, new_label, lineterm="", n=2))

