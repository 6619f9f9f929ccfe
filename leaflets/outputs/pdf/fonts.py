"""Fonts: find families installed from PyPI (fontpkg) and register them with ReportLab.

Registering TrueType files means every glyph is embedded with a ToUnicode map,
so no standard (unembedded) font ever reaches a page. The families have no
italic on purpose: ``<i>`` maps to the upright face, as clear print asks.

A layout names a main family and a fallback family. Characters the main
family lacks (the Welsh ŵ and ŷ, arrows) are set in the fallback, run by run,
rather than printing as empty boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import groupby

import fontpkg
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ...errors import RenderError


@dataclass(frozen=True)
class Faces:
    """The ReportLab names of a registered family's two faces."""

    regular: str
    bold: str

    def has(self, char: str) -> bool:
        return char.isspace() or ord(char) in pdfmetrics.getFont(self.regular).face.charToGlyph


@dataclass(frozen=True)
class FontFamily(Faces):
    """The main family, and the family that sets the characters it lacks."""

    fallback: Faces

    def missing(self, text: str) -> str | None:
        """The first character of ``text`` that neither family has, if any."""
        return next((ch for ch in text if not self.has(ch) and not self.fallback.has(ch)), None)

    def runs(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into runs, each with whether it needs the fallback family."""
        return [("".join(chars), fallback) for fallback, chars in groupby(text, key=lambda ch: not self.has(ch))]


@cache
def _faces(family: str) -> Faces:
    base = family.replace(" ", "")
    names = Faces(regular=base, bold=f"{base}-Bold")
    try:
        for name, weight in ((names.regular, 400), (names.bold, 700)):
            pdfmetrics.registerFont(TTFont(name, str(fontpkg.path(family, weight))))
    except fontpkg.FontpkgError as error:
        raise RenderError(f"font '{family}' is not installed ({error}); install its fontpkg package") from None
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(names.regular, bold, italic, names.bold if bold else names.regular)
    return names


@cache
def register(family: str, fallback: str) -> FontFamily:
    """Register ``family`` and ``fallback`` once per process and return their face names."""
    main = _faces(family)
    return FontFamily(main.regular, main.bold, _faces(fallback))
