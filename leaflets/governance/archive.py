"""The archive rule: which published files stay in use when a leaflet changes.

Earlier versions are archived, never deleted, so governance can show what a
patient was given on any day. This module only decides; publishing moves.
"""

from __future__ import annotations

from pathlib import Path

from ..source import model
from .status import DRAFT_SUFFIX


def still_in_use(leaflet: model.Leaflet, built: bool, files: list[Path]) -> set[Path] | None:
    """Which of ``files`` (every published file of ``leaflet``) stay in use, or None to archive nothing.

    Only a successful build of an approved version supersedes anything: while
    a new version is a draft, the approved one stays in use. A withdrawn
    leaflet keeps none.
    """
    approved = leaflet.status is model.Status.APPROVED and built
    if not approved:
        return set() if leaflet.status is model.Status.WITHDRAWN else None
    prefix = f"{leaflet.id}-v{leaflet.version}-"
    return {path for path in files if path.name.startswith(prefix) and not path.stem.endswith(DRAFT_SUFFIX)}
