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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Collection, Sequence

from ..atomic import write_atomic
from ..errors import PublishError
from ..outputs.base import Rendition
from ..source.model import Leaflet


@dataclass(frozen=True)
class FileName:
    """A published file's name, both ways: written from a request (``str``) and read back into one (``parse``).

    One rule for both directions, so a name the build writes and a name a
    reader asks for can never disagree.
    """

    leaflet_id: str
    version: str
    variant: str
    extension: str
    suffix: str = ""
    """``-DRAFT`` on a draft's copies, else empty."""

    def __str__(self) -> str:
        return f"{self.leaflet_id}-v{self.version}-{self.variant}{self.suffix}{self.extension}"

    @classmethod
    def parse(cls, text: str) -> FileName | None:
        """The request a file name stands for, or None if the build never writes a name like it."""
        found = _NAME.fullmatch(text)
        if not found:
            return None
        return cls(found["id"], found["version"], found["variant"], found["extension"], found["suffix"] or "")


_NAME = re.compile(r"(?P<id>[A-Z0-9]+(?:-[A-Z0-9]+)*)-v(?P<version>\d{1,4}\.\d{1,4})-(?P<variant>[a-z0-9]+(?:-[a-z0-9]+)*?)"
                   r"(?P<suffix>-DRAFT)?(?P<extension>\.[a-z0-9]{1,8})")
"""References are capitals, digits and hyphens; variants lower case, so where one ends and the other starts is plain."""


def output_path(output_dir: Path, leaflet_id: str, version: str, variant: str, extension: str, suffix: str = "") -> Path:
    """``<output>/<id>/<id>-v<version>-<variant><suffix><extension>``."""
    return output_dir / leaflet_id / str(FileName(leaflet_id, version, variant, extension, suffix))


SITES = "sites"
"""The folder of the output holding another site's copies: ``<output>/sites/<site>/`` is that site's output folder."""


def site_folder(output_dir: Path, site: str) -> Path:
    """Where copies with ``site``'s details go when ``output_dir`` holds the default site's (``--output`` for it)."""
    return output_dir / SITES / site


_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")
"""A piece of a published path: never empty, never hidden (a scratch file starts with a dot), never '..'."""


@dataclass(frozen=True)
class Located:
    """Where a requested path leads: the output folder of its site, the file inside it, and the copy it names, if any."""

    site: str | None
    """None for the default site."""
    folder: Path
    relative: tuple[str, ...]
    name: FileName | None
    """Set when the path names a leaflet's copy in its own folder, which the build may make on request."""

    @property
    def path(self) -> Path:
        return self.folder.joinpath(*self.relative)


def locate(output_dir: Path, parts: Sequence[str], sites: Collection[str]) -> Located | None:
    """The place in the output folder a request's path names, or None if the build never writes there.

    Only the folders the build writes are reachable: the top (catalogue,
    register, its pages), ``<id>/``, ``packs/``, ``archive/<id>/`` and each
    site's folder (``sites`` names those there are).
    """
    site, folder, rest = None, output_dir, tuple(parts)
    if rest[:1] == (SITES,) and len(rest) >= 2 and rest[1] in sites:
        site, folder, rest = rest[1], site_folder(output_dir, rest[1]), rest[2:]
    if len(rest) > 3 or not all(_SEGMENT.fullmatch(part) and ".." not in part for part in rest):
        return None
    if len(rest) == 3 and rest[0] != "archive":
        return None
    name = FileName.parse(rest[1]) if len(rest) == 2 else None
    if name is not None and name.leaflet_id != rest[0]:
        name = None
    return Located(site, folder, rest, name)


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
