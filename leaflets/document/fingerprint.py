"""Digests of content: what the version lock compares and what incremental builds key on.

A digest is taken of plain data (no file paths or line numbers), so moving a
block within its file, or the content folder on the drive, changes nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from pathlib import Path
from typing import Any

from ..source import model


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data, without where it came from (file and line)."""
    if dataclasses.is_dataclass(value):
        return {"type": type(value).__name__} | {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value) if f.name not in ("origin", "path")
        }
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, Path)):
        return str(value)
    return value


def digest(data: Any) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def fingerprint(leaflet: model.Leaflet, site: model.Site, blocks: tuple[model.Block, ...],
                figures: tuple[tuple[str, Path], ...]) -> str:
    """The SHA-256 of what a reader sees, whatever the format.

    Each figure file's bytes count too: a redrawn figure is changed content
    even if its alt text is not.
    """
    return digest({
        "title": leaflet.title, "subtitle": leaflet.subtitle, "language": leaflet.language,
        "site": plain(site), "blocks": plain(blocks),
        "figures": {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in figures},
    })
