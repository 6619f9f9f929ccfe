"""Fonts: find a family installed from PyPI (fontpkg) and register it with ReportLab.

Registering TrueType files means every glyph is embedded with a ToUnicode map,
so no standard (unembedded) font ever reaches a page. The family has no
italic on purpose: ``<i>`` maps to the upright face, as clear print asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import fontpkg
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .errors import RenderError


@dataclass(frozen=True)
class FontFamily:
    """The ReportLab names of a registered family's two faces."""

    regular: str
    bold: str

    def covers(self, text: str) -> str | None:
        """The first character of ``text`` the regular face lacks, if any."""
        glyphs = pdfmetrics.getFont(self.regular).face.charToGlyph
        return next((ch for ch in text if ord(ch) not in glyphs and not ch.isspace()), None)


@cache
def register(family: str) -> FontFamily:
    """Register ``family`` once per process and return its face names."""
    base = family.replace(" ", "")
    names = FontFamily(regular=base, bold=f"{base}-Bold")
    try:
        for name, weight in ((names.regular, 400), (names.bold, 700)):
            pdfmetrics.registerFont(TTFont(name, str(fontpkg.path(family, weight))))
    except fontpkg.FontpkgError as error:
        raise RenderError(f"font '{family}' is not installed ({error}); install its fontpkg package") from None
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(names.regular, bold, italic, names.bold if bold else names.regular)
    return names
