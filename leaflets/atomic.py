"""Writing a file all at once, and locking a folder while its records change.

Every stage that writes (the release record in content/, the outputs, the
register) goes through here, so a reader, a printer queue or a second build
sees either the old good file or the new good file, never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import PublishError


SCRATCH = ".part"
"""The end of a scratch file's name: ``.<name>.<owner>.<random>.part``, hidden, never a published name."""
owner = os.getpid()
"""The process whose scratch files these are; the build's workers, forked from it, write under its number."""


def claim() -> int:
    """Make this process the owner of the scratch files written from now on, here and by helpers it forks.

    A build claims them as it starts, so that builds run by a service's
    worker processes side by side each tidy only their own.
    """
    global owner
    owner = os.getpid()
    return owner


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once, or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{owner}.", suffix=SCRATCH)
    except OSError as error:
        raise PublishError(f"cannot write to {path.parent}: {error.strerror}; check the folder exists and is writable") from None
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; colleagues on a shared drive must read it
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException as error:  # a full disk, or the build being stopped: no partial file stays
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise PublishError(f"cannot write {path}: {error.strerror}; free some space or check permissions") from None
        raise


def remove_scratch(folder: Path, of: int) -> None:
    """Remove the scratch files process ``of`` left in ``folder`` (it was killed before it could)."""
    for path in folder.rglob(f".*.{of}.*{SCRATCH}"):
        path.unlink(missing_ok=True)


def remove_stale_scratch(folder: Path) -> None:
    """Remove the scratch files in ``folder`` of every process no longer running.

    The janitor of a killed build removes its scratch files; this catches
    those of a build whose janitor was killed too. A process still running
    (a build beside this one) keeps its own.
    """
    for directory, _, names in os.walk(folder):
        for name in names:
            if name.endswith(SCRATCH) and name.startswith(".") and not _running(_writer(name)):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(directory, name))


def _writer(name: str) -> int | None:
    """The process number in a scratch file's name, or None if the name is not one of ours."""
    parts = name[: -len(SCRATCH)].rsplit(".", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def _running(process: int | None) -> bool:
    """True if ``process`` is running (this one included), or the name is not a scratch file's."""
    if process is None or process == owner:
        return True
    try:
        os.kill(process, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's: running
    return True


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
