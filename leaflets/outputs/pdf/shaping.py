"""Shaping right-to-left words with HarfBuzz, keeping the characters each glyph stands for.

ReportLab shapes a word (when a paragraph style has ``shaping``) as one run
in the font of its first part, guessing its direction. A word of a
right-to-left leaflet may hold two faces ("NHS،") and punctuation whose
direction only the paragraph knows, so here each part of a word is shaped in
its own face, right to left exactly when it is set in the script's face, and
left-to-right parts are left as ReportLab sets any text. Each glyph also
records the characters it stands for (``chars``), in logical order by
cluster, for the actual text readers get: a joined letter's glyph has no
character of its own.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Any, Iterator

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph
from reportlab.pdfbase.ttfonts import ShapeData, ShapedFragWord, ShapedStr, makeShapedFragWord

from .fonts import STAND_INS


def shape(text: str, font_name: str, size: float) -> ShapedStr:
    """``text`` shaped right to left in ``font_name``: glyphs in the order they are drawn, left to right."""
    import uharfbuzz  # here, not at the top: only a right-to-left leaflet is shaped

    font = pdfmetrics.getFont(font_name)
    hb_font = font.hbFont(size)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl"
    buffer.guess_segment_properties()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    uharfbuzz.shape(hb_font, buffer)
    starts = sorted({info.cluster for info in buffer.glyph_infos}) + [len(text)]
    spans = dict(zip(starts, starts[1:]))
    glyphs, data, seen = [], [], set()
    for info, position in zip(buffer.glyph_infos, buffer.glyph_positions):
        known = font.face.glyphToChar.get(info.codepoint)
        code = known[0] if known else font.hbAddPrivate(hb_font.glyph_to_string(info.codepoint), info.codepoint,
                                                         position.x_advance)
        if not known:
            STAND_INS.setdefault((font_name, code), ord(text[info.cluster]))
        glyph = ShapeData(info.cluster, *map(font.pdfScale, (position.x_advance, position.y_advance,
                                                             position.x_offset, position.y_offset)),
                          font.face.charWidths[code])
        glyph.chars = "" if info.cluster in seen else text[info.cluster:spans[info.cluster]]
        seen.add(info.cluster)
        glyphs.append(chr(code))
        data.append(glyph)
    return ShapedStr("".join(glyphs), shapeData=data)


def logical(text: str) -> str:
    """The characters a run of shaped glyphs stands for, in the order they were written."""
    glyphs = getattr(text, "__shapeData__", None)
    if glyphs is None:
        return text
    # A character added to shaped text unshaped (a space) stands for itself and sorts last.
    pairs = sorted(zip(glyphs, text), key=lambda pair: pair[0].cluster)
    return "".join(getattr(glyph, "chars", char) for glyph, char in pairs)


def width(text: str, font_name: str, size: float) -> float:
    """How wide ``text`` is drawn, shaped or not."""
    glyphs = getattr(text, "__shapeData__", None)
    if glyphs is None:
        return pdfmetrics.stringWidth(text, font_name, size)
    return sum(glyph.x_advance for glyph in glyphs) * size / 1000


def shaped_word(script_faces: frozenset[str]) -> Any:
    """ReportLab's word shaper for one leaflet: parts set in ``script_faces`` shaped right to left, the rest as they are."""

    def shape_word(word: list[Any]) -> list[Any]:
        if isinstance(word, ShapedFragWord):
            return word
        parts = [(frag, shape(text, frag.fontName, frag.fontSize) if text and frag.fontName in script_faces else text)
                 for frag, text in word[1:]]
        if all(not isinstance(text, ShapedStr) for _, text in parts):
            return word
        total = sum(width(text, frag.fontName, frag.fontSize) for frag, text in parts)
        return makeShapedFragWord(word)([total, *parts])

    return shape_word


@contextmanager
def shaping(script_faces: frozenset[str]) -> Iterator[None]:
    """While a right-to-left paragraph breaks its lines, ReportLab shapes its words part by part.

    ReportLab's paragraph module calls one function, ``shapeFragWord``, for
    every word; it is swapped here only for the duration, as ``fonts``
    swaps the subset tags.
    """
    shaper = paragraph.shapeFragWord
    paragraph.shapeFragWord = shaped_word(script_faces)
    try:
        yield
    finally:
        paragraph.shapeFragWord = shaper
