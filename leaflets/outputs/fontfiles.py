"""Font files: a family's regular or bold face as bytes, whichever format embeds it.

Families come from PyPI (fontpkg). A family installed as one variable font
(Noto Sans Arabic) is cut into a static face per weight: ReportLab embeds a
variable font at its default weight only, and a web page would carry every
weight twice. Cutting takes most of a second a weight, so each cut is kept
in the user's cache folder (``XDG_CACHE_HOME``), as font tools keep theirs,
keyed by the font file's digest: a new font version is cut again.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import fontpkg

from ..atomic import write_atomic
from ..errors import LeafletError, RenderError

WEIGHTS = (400, 700)
"""The regular and bold weights (wght): a family's two faces."""
STATIC_WIDTH = 100
"""The normal width (wdth) of a variable font: static faces are cut at it."""


FACE_NAMES = dict(zip(WEIGHTS, ("regular", "bold")))


def lacking_face(family: str) -> tuple[str, str] | None:
    """Why ``family`` cannot set a run in each weight, and what to do: not installed, or without a face.

    Every family a layout names needs both faces: a character the main family
    lacks is set from the fallback's face of the same weight, so a fallback
    without a bold face would print a bold heading's ŵ lighter than its word.
    """
    for weight in WEIGHTS:
        try:
            fontpkg.path(family, weight)
        except fontpkg.FamilyNotInstalled:
            return f"the font '{family}' is not installed", "install its fontpkg package, or name an installed family"
        except fontpkg.FontpkgError:
            return (f"the font '{family}' has no upright {FACE_NAMES[weight]} face (weight {weight})",
                    "name a family with upright regular (400) and bold (700) faces")
    return None


def font_file(family: str, weight: int) -> Path:
    try:
        return Path(fontpkg.path(family, weight))
    except fontpkg.FontpkgError as error:
        raise RenderError(f"font '{family}' is not installed ({error}); install its fontpkg package") from None


def variable(data: bytes) -> bool:
    """Whether a font file's table directory has an ``fvar`` table, read without parsing the font."""
    tables = int.from_bytes(data[4:6], "big")
    return any(data[12 + 16 * n:16 + 16 * n] == b"fvar" for n in range(tables))


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "leaflets" / "fonts"


def face(family: str, weight: int) -> bytes:
    """The static face of ``family`` at ``weight``: the file itself, or a cut of a variable font."""
    data = font_file(family, weight).read_bytes()
    if not variable(data):
        return data
    cached = cache_folder() / f"{hashlib.sha256(data).hexdigest()[:24]}-{weight}-{STATIC_WIDTH}.ttf"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    from fontTools.ttLib import TTFont  # only the first build of a right-to-left leaflet cuts
    from fontTools.varLib import instancer

    source = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the font's own date: the same bytes every build
    cut = instancer.instantiateVariableFont(source, {"wght": weight, "wdth": STATIC_WIDTH}, static=True,
                                           updateFontNames=True)
    out = io.BytesIO()
    cut.save(out)
    try:
        write_atomic(cached, out.getvalue())
    except LeafletError:
        pass  # a cache that cannot be written costs only the time of cutting
    return out.getvalue()
