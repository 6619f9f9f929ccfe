"""Fonts: find families installed from PyPI (fontpkg) and register them with ReportLab.

Registering TrueType files means every glyph is embedded with a ToUnicode map,
so no standard (unembedded) font ever reaches a page. The families have no
italic on purpose: ``<i>`` maps to the upright face, as clear print asks.

A layout names a main family and a fallback family. Characters the main
family lacks (the Welsh ŵ and ŷ, arrows) are set in the fallback, run by run,
rather than printing as empty boxes, in the face of the run's own weight: a
ŵ in a bold heading comes from the fallback's bold face (the layout file is
refused if a family lacks one: ``layouts.py``). A right-to-left leaflet also gets the
family its layout names for its script (``script_fonts``), which sets that
script's runs; Latin words inside it keep the main family.
"""

from __future__ import annotations

import hashlib
import io
import string
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import groupby
from typing import Any, Callable, Iterator

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from ..fontfiles import WEIGHTS, face


@dataclass(frozen=True)
class Faces:
    """The ReportLab names of a registered family's two faces."""

    regular: str
    bold: str

    def has(self, char: str) -> bool:
        return char.isspace() or ord(char) in self._glyphs

    def sets(self, letter: str) -> bool:
        """Whether this family sets ``letter`` (a character and the marks on it): it has each character, and
        both faces place each mark on the letter (a mark the font cannot attach would hang after it)."""
        if len(letter) == 1:
            return self.has(letter)
        return all(map(self.has, letter)) and places(self.regular, letter) and places(self.bold, letter)

    def of(self, bold: bool) -> str:
        """The face that sets a run of this weight. Every run is upright (clear print has no italics), so
        weight is the only choice: a bold run is set bold whichever family sets it."""
        return self.bold if bold else self.regular

    @cached_property
    def _glyphs(self) -> dict[int, int]:
        """The regular face's character map, looked up once: every character set asks it."""
        return pdfmetrics.getFont(self.regular).face.charToGlyph


@dataclass(frozen=True)
class FontFamily(Faces):
    """The main family, the family that sets the characters it lacks, and a right-to-left script's family."""

    fallback: Faces
    script: Faces | None = None

    def missing(self, text: str) -> str | None:
        """The first letter of ``text`` (a character, with the marks on it) that no family sets, if any."""
        faces = (self, self.fallback, *((self.script,) if self.script else ()))
        distinct = dict.fromkeys(text)
        if self.script or not any(map(is_mark, distinct)):  # a right-to-left script's marks are shaped in its own face
            return next((ch for ch in distinct if not any(face.has(ch) for face in faces)), None)
        return next((letter for letter in dict.fromkeys(letters(text)) if not any(face.sets(letter) for face in faces)),
                    None)

    def face(self, char: str, right_to_left: bool) -> Faces:
        """The family that sets ``char``: a character read right to left in the script's, if it has it."""
        if self.script and (right_to_left or not self.has(char) and not self.fallback.has(char)) and self.script.has(char):
            return self.script
        return self.fallback if not self.has(char) and self.fallback.has(char) else self

    def runs(self, text: str) -> list[tuple[str, bool]]:
        """``text`` cut into runs, each with whether it needs the fallback family.

        A letter and its marks stay in one run, set by the first family that places the marks on it.
        """
        distinct = set(text)
        if all(self.has(ch) and not is_mark(ch) for ch in distinct):  # the usual case: each distinct character checked once
            return [(text, False)] if text else []
        return [("".join(run), fallback) for fallback, run in groupby(letters(text), key=lambda letter: not self.sets(letter))]


def is_mark(char: str) -> bool:
    """A combining mark, drawn on the letter before it (Unicode general category M)."""
    return unicodedata.category(char).startswith("M")


def letters(text: str) -> list[str]:
    """``text`` as letters, each character with the combining marks that follow it."""
    out: list[str] = []
    for char in text:
        if out and is_mark(char):
            out[-1] += char
        else:
            out.append(char)
    return out


@cache
def places(face: str, letter: str) -> bool:
    """Whether ``face`` sets ``letter`` with each of its marks on it, as HarfBuzz shapes them.

    A font either draws the letter as one glyph (its ``ccmp`` composes it), or
    attaches each mark to the letter's anchor (``mark``), which moves it from
    where it would otherwise hang: after the letter, at the pen's position.
    """
    import uharfbuzz  # here, not at the top: only text with combining marks is shaped

    buffer = uharfbuzz.Buffer()
    buffer.add_str(letter)
    buffer.guess_segment_properties()
    uharfbuzz.shape(pdfmetrics.getFont(face).hbFont(1000), buffer)
    return all(position.x_offset or position.y_offset for position in buffer.glyph_positions[1:])


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


STAND_INS: dict[tuple[str, int], int] = {}
"""(face, code): the character a shaped glyph with no character of its own (a joined letter,
numbered by ReportLab in the private-use area) is mapped to in its font's ToUnicode map.
Each such glyph is drawn inside an /ActualText that gives its exact text."""


@contextmanager
def subsets_tagged(doc: Any) -> Iterator[None]:
    """While ``doc`` is written, each embedded subset is tagged by what it holds, not by its number.

    ReportLab tags subset n of every font with the same letters (AAAAAA for the
    first), so a reader's font cache may take one face's subset for another's.
    ReportLab makes the tag in one place, ``ttfonts.SUBSETN``; each font used
    in ``doc`` swaps in its own tags while it writes its subsets. The fonts
    are wrapped here, not subclassed, because ReportLab shares one font object
    among every name registered for a face. The ToUnicode map, made in one
    place too (``ttfonts.makeToUnicodeCMap``), gives a shaped glyph its stand-in
    character (``STAND_INS``) rather than a private-use one.
    """
    numbered, to_unicode = ttfonts.SUBSETN, ttfonts.makeToUnicodeCMap

    def tagged(font: TTFont) -> Callable[[Any], None]:
        def add_objects(document: Any) -> None:
            tags = [subset_tag(font.face.name, subset) for subset in font.state[document].subsets]
            ttfonts.SUBSETN = lambda n: tags[n]
            ttfonts.makeToUnicodeCMap = lambda name, subset: to_unicode(
                name, [STAND_INS.get((font.fontName, code), code) for code in subset])
            try:
                type(font).addObjects(font, document)
            finally:
                ttfonts.SUBSETN, ttfonts.makeToUnicodeCMap = numbered, to_unicode
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
    """Register ``family``'s regular and bold faces once per process (a variable font as static cuts: ``fontfiles.face``)."""
    base = family.replace(" ", "")
    names = Faces(regular=base, bold=f"{base}-Bold")
    for name, weight in zip((names.regular, names.bold), WEIGHTS):
        pdfmetrics.registerFont(TTFont(name, io.BytesIO(face(family, weight))))
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(names.regular, bold, italic, names.bold if bold else names.regular)
    return names


@cache
def register(family: str, fallback: str, script: str | None = None) -> FontFamily:
    """Register ``family``, ``fallback`` and a script's family once per process and return their face names."""
    main = _faces(family)
    return FontFamily(main.regular, main.bold, _faces(fallback), _faces(script) if script else None)

