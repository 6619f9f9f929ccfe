"""Wording diffs between versions of a leaflet, for reviewers (``--diff``)."""

from __future__ import annotations

from ..document.resolve import resolve
from ..errors import LeafletError, shown
from ..source.library import Library
from .release import Releases, diff, version_key


class UnknownVersion(LeafletError):
    """``--diff`` named a leaflet or version that neither the release record nor the content holds."""


def wording_diff(library: Library, leaflet_id: str, old: str, new: str) -> list[str]:
    """What changed between two versions of a leaflet's wording.

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
        current = (f"{leaflet_id} version {leaflet.version} ({leaflet.status.value}, in {shown(leaflet.path)})",
                   list(resolve(leaflet, library).wording))
    released = {v: (f"{leaflet_id} version {v} (released)", wording) for v in releases.versions(leaflet_id)
                if (wording := releases.wording(leaflet_id, v)) is not None}
    old_side = released.get(old) or (current if leaflet and leaflet.version == old else None)
    new_side = (current if leaflet and leaflet.version == new else None) or released.get(new)
    for version, side in ((old, old_side), (new, new_side)):
        if side is None:
            known = sorted({*released, *([leaflet.version] if leaflet else [])}, key=version_key)
            raise UnknownVersion(f"{leaflet_id} has no version {version} in the release record or the content "
                                 f"(versions known: {', '.join(known) or 'none'})")
    return diff(*old_side, *new_side)
