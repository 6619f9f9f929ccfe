"""Fonts: find families installed from PyPI (fontpkg) and register them with ReportLab.

Registering TrueType files means every glyph is embedded with a ToUnicode map,
so no standard (unembedded) font ever reaches a page. The families have no
italic on purpose: ``<i>`` maps to the upright face, as clear print asks.

A layout names a main family and a fallback family. Characters the main
family lacks (the Welsh ŵ and ŷ, arrows) are set in the fallback, run by run,
rather than printing as empty boxes.
"""

from __future__ import annotations

import hashlib
import string
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import groupby
from typing import Any, Callable, Iterator

import fontpkg
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
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


def subset_tag(font_name: bytes, subset: list[int]) -> bytes:
    """Six capital letters that name one subset of one font (ISO 32000-1 9.6.4), from what it holds.

    Derived from the content, so the same build gives the same bytes, and two
    subsets (of two faces, or of one face) never share a tag.
    """
    number = int.from_bytes(hashlib.sha256(font_name + repr(subset).encode()).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, index = divmod(number, 26)
        letters.append(string.ascii_uppercase[index])
    return "".join(letters).encode()


@contextmanager
def subsets_tagged(doc: Any) -> Iterator[None]:
    """While ``doc`` is written, each embedded subset is tagged by what it holds, not by its number.

    ReportLab tags subset n of every font with the same letters (AAAAAA for the
    first), so a reader's font cache may take one face's subset for another's.
    ReportLab makes the tag in one place, ``ttfonts.SUBSETN``; each font used
    in ``doc`` swaps in its own tags while it writes its subsets. The fonts
    are wrapped here, not subclassed, because ReportLab shares one font object
    among every name registered for a face.
    """
    numbered = ttfonts.SUBSETN

    def tagged(font: TTFont) -> Callable[[Any], None]:
        def add_objects(document: Any) -> None:
            tags = [subset_tag(font.face.name, subset) for subset in font.state[document].subsets]
            ttfonts.SUBSETN = lambda n: tags[n]
            try:
                type(font).addObjects(font, document)
            finally:
                ttfonts.SUBSETN = numbered
        return add_objects

    fonts = [font for font in doc.delayedFonts if isinstance(font, TTFont)]
    for font in fonts:
        font.addObjects = tagged(font)
    try:
        yield
    finally:
        for font in fonts:
            del font.addObjects


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
