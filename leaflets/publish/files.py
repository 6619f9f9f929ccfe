"""Where published files live, and how superseded ones move to the archive.

Every format's files follow one naming scheme,
``<output>/<id>/<id>-v<version>-<variant>[-DRAFT]<extension>``, so the
register, the archive and the catalogue find them by name whatever the format.
Superseded versions move to ``archive/``, never overwritten or deleted, so
governance can always show what a patient was given.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..atomic import write_atomic
from ..errors import PublishError
from ..outputs.base import Rendition
from ..source.model import Leaflet


def output_path(output_dir: Path, leaflet_id: str, version: str, variant: str, extension: str, suffix: str = "") -> Path:
    """``<output>/<id>/<id>-v<version>-<variant><suffix><extension>``."""
    return output_dir / leaflet_id / f"{leaflet_id}-v{version}-{variant}{suffix}{extension}"


def version_files(folder: Path, leaflet_id: str, version: str = "*") -> list[Path]:
    """The published files of ``leaflet_id`` in ``folder`` (of one version, or of every version), in any format."""
    return sorted(folder.glob(f"{leaflet_id}-v{version}-*.*"))


@dataclass(frozen=True)
class Written:
    """A file in its place in the output folder, verified, and what made it."""

    leaflet: Leaflet
    format: str
    layout: str
    """The variant the file was made in (a print layout for PDF), as its name says."""
    path: Path
    pages: int
    smallest_size: float
    sha256: str
    size: int
    inputs: str
    label: str
    extent: str


def place(leaflet: Leaflet, format_name: str, made: list[Rendition], paths: tuple[Path, ...],
          inputs: str, announce: Callable[[list[Written]], None] | None = None) -> list[Written]:
    """Write each verified file to its path, each all at once, and record what now stands there.

    ``announce`` hears what is about to be written before any of it is, so
    whoever tidies up after a killed build knows what may now stand there.
    """
    written = [Written(leaflet, format_name, rendition.name, path, rendition.pages, rendition.smallest_size,
                       hashlib.sha256(rendition.data).hexdigest(), len(rendition.data), inputs, rendition.label,
                       rendition.extent)
               for rendition, path in zip(made, paths)]
    if announce is not None:
        announce(written)
    for rendition, path in zip(made, paths):
        write_atomic(path, rendition.data)
    return written


def archive_superseded(output_dir: Path, leaflet_id: str, current: set[Path]) -> list[tuple[Path, Path]]:
    """Move every file of ``leaflet_id`` not in ``current`` to ``archive/<id>/``; return what went where.

    A name already taken in the archive by different bytes gets a numbered
    twin, so nothing archived is ever overwritten.
    """
    folder = output_dir / leaflet_id
    archive = output_dir / "archive" / leaflet_id
    moved = []
    for path in version_files(folder, leaflet_id):
        if path in current:
            continue
        try:
            archive.mkdir(parents=True, exist_ok=True)
            target = free_name(archive / path.name, path.read_bytes())
            if target.exists():
                path.unlink()  # the archive already holds these very bytes
            else:
                os.replace(path, target)
        except OSError as error:
            raise PublishError(f"cannot archive {path}: {error.strerror}; check {archive} is writable") from None
        moved.append((path, target))
    return moved


def free_name(target: Path, data: bytes) -> Path:
    """``target``, or a numbered twin of it: the first that is free or already holds ``data``."""
    for number in range(1000):
        candidate = target if number == 0 else target.with_name(f"{target.stem}.{number}{target.suffix}")
        if not candidate.exists() or candidate.read_bytes() == data:
            return candidate
    raise PublishError(f"too many archived copies of {target.name} in {target.parent}; tidy the archive by hand")
