"""Stage 8, publish: put verified files in place without ever leaving a partial one.

Each file is written beside its final name and renamed over it, so a reader
(or a printer queue) sees either the old good file or the new good file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import PublishError


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
