"""Wording diffs between versions of a leaflet, for reviewers: ``--diff`` and the redlines of the history pages.

Both take their two sides from :func:`sides` and compare them line by line
(a line is one block's paragraph, as the release record keeps it) with the
same matcher, so the terminal and the page never disagree on what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..document.resolve import resolve
from ..document.words import role
from ..errors import LeafletError, shown
from ..source.library import Library
from ..source.markup import written_out
from .release import Releases, diff, version_key


class UnknownVersion(LeafletError):
    """A leaflet or version that neither the release record nor the content holds."""


@dataclass(frozen=True)
class Side:
    """One version's wording, and where it came from, in words."""

    label: str
    lines: tuple[str, ...]


def sides(library: Library, leaflet_id: str, old: str, new: str) -> tuple[Side, Side]:
    """The wording of two versions of a leaflet.

    OLD comes from the release record when it is there, NEW from the content
    when the content holds that version, so ``--diff ID 1.0 1.0`` shows what
    has been edited in an approved version since its release.
    """
    releases = Releases.of(library)
    if releases is None or library.site is None:
        raise LeafletError("\n".join(library.problems))
    leaflet = next((l for l in library.leaflets if l.id == leaflet_id), None)
    current = None
    if leaflet is not None and leaflet.version in (old, new):
        current = Side(f"{leaflet_id} version {leaflet.version} ({leaflet.status.value}, in {shown(leaflet.path)})",
                       tuple(resolve(leaflet, library).wording))
    released = {v: Side(f"{leaflet_id} version {v} (released)", tuple(wording)) for v in releases.versions(leaflet_id)
                if (wording := releases.wording(leaflet_id, v)) is not None}
    old_side = released.get(old) or (current if leaflet and leaflet.version == old else None)
    new_side = (current if leaflet and leaflet.version == new else None) or released.get(new)
    for version, side in ((old, old_side), (new, new_side)):
        if side is None:
            known = sorted({*released, *([leaflet.version] if leaflet else [])}, key=version_key)
            raise UnknownVersion(f"{leaflet_id} has no version {version} in the release record or the content "
                                 f"(versions known: {', '.join(known) or 'none'})")
    return old_side, new_side


def wording_diff(library: Library, leaflet_id: str, old: str, new: str) -> list[str]:
    """What changed between two versions of a leaflet's wording, as a unified diff (``--diff``)."""
    before, after = sides(library, leaflet_id, old, new)
    return diff(before.label, before.lines, after.label, after.lines)


Kind = Literal["same", "added", "removed"]


@dataclass(frozen=True)
class Run:
    """Words in a row that are all kept, all added or all removed."""

    kind: Kind
    text: str


@dataclass(frozen=True)
class Passage:
    """One step of a redline: unchanged blocks folded, a block added or removed, or a block changed word by word."""

    kind: Literal["same", "added", "removed", "changed"]
    runs: tuple[Run, ...] = ()
    unchanged: tuple[str, ...] = ()
    """The unchanged blocks a "same" passage folds."""
    role: str = "block"
    """What kind of block changed, in words: "heading", "point", "paragraph", …"""


def compare(old: tuple[str, ...], new: tuple[str, ...]) -> list[Passage]:
    """The redline from ``old`` to ``new``: the blocks ``--diff`` marks, each changed one word by word.

    Blocks are matched as :func:`difflib.unified_diff` matches them (the
    default :class:`~difflib.SequenceMatcher`), so a block is marked here
    exactly when ``--diff`` prints it with ``-`` or ``+``. Its words are
    those a reader gets, each link's address written after its words, and
    its kind is said in words ("heading") rather than by the line's marker
    ("## "); a block whose change is in its markup alone (emphasis) shows its
    markup, and one whose kind alone changed shows both kinds' markers.
    """
    from difflib import SequenceMatcher  # only pages being rewritten and --diff compare wording

    passages: list[Passage] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, list(old), list(new)).get_opcodes():
        if tag == "equal":
            passages.append(Passage("same", unchanged=tuple(role(written_out(line))[1] for line in old[i1:i2])))
            continue
        removed, added = [role(written_out(line)) for line in old[i1:i2]], [role(written_out(line)) for line in new[j1:j2]]
        paired = min(len(removed), len(added))
        for (was, a), (kind, b), raw_a, raw_b in zip(removed, added, old[i1:i2], new[j1:j2]):
            if was != kind:  # a point made a paragraph, say: the markers show it
                passages.append(Passage("changed", _words(written_out(raw_a), written_out(raw_b))))
            else:
                passages.append(Passage("changed", _words(a, b) if a != b else _words(role(raw_a)[1], role(raw_b)[1]), role=kind))
        passages.extend(Passage("removed", (Run("removed", line),), role=kind) for kind, line in removed[paired:])
        passages.extend(Passage("added", (Run("added", line),), role=kind) for kind, line in added[paired:])
    return passages


def _words(old: str, new: str) -> tuple[Run, ...]:
    """One block's change word by word: runs kept, removed and added, in reading order."""
    from difflib import SequenceMatcher

    before, after = old.split(), new.split()
    runs: list[Run] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            runs.append(Run("same", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(Run("removed", " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append(Run("added", " ".join(after[j1:j2])))
    return tuple(runs)
