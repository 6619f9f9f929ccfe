"""Stage 8, publish: put verified files in place without ever leaving a partial one.

Each file is written beside its final name and renamed over it, so a reader
(or a printer queue) sees either the old good file or the new good file.
Superseded versions move to ``archive/``, never overwritten or deleted, so
governance can always show what a patient was given.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import PublishError


PRINT_SUFFIX = "-print"
"""Added to the layout name in a booklet's print file: ``<id>-v<version>-a5-booklet-print.pdf``."""


def output_path(output_dir: Path, leaflet_id: str, version: str, layout: str, suffix: str = "") -> Path:
    """``<output>/<id>/<id>-v<version>-<layout><suffix>.pdf``."""
    return output_dir / leaflet_id / f"{leaflet_id}-v{version}-{layout}{suffix}.pdf"


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once, or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as error:
        raise PublishError(f"cannot write to {path.parent}: {error.strerror}; check the folder exists and is writable") from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; colleagues on a shared drive must read it
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise PublishError(f"cannot write {path}: {error.strerror}; free some space or check permissions") from None


def _umask() -> int:
    """The process's file creation mask (reading it means setting it, so it is put straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder``, so builds running at once update its records one at a time.

    The folder itself is locked, not a lock file, so nothing is left behind.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise PublishError(f"cannot open {folder}: {error.strerror}; check the folder exists and is readable") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


def archive_superseded(output_dir: Path, leaflet_id: str, current: set[Path]) -> list[tuple[Path, Path]]:
    """Move every PDF of ``leaflet_id`` not in ``current`` to ``archive/<id>/``; return what went where.

    A name already taken in the archive by different bytes gets a numbered
    twin, so nothing archived is ever overwritten.
    """
    folder = output_dir / leaflet_id
    archive = output_dir / "archive" / leaflet_id
    moved = []
    for path in sorted(folder.glob(f"{leaflet_id}-v*.pdf")):
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
