"""Vector figures: an SVG read as shapes, its labels set in the layout's font and checked for room.

A label that overlaps another or leaves the picture at the layout's smallest
size is refused before drawing, with the figure's file and the label's words.
A file is read once per process, however many layouts draw it: each gets a
copy, whose labels it may grow.
"""

from __future__ import annotations

import copy
import math
from functools import cache
from pathlib import Path
from typing import Any, Iterator

from reportlab.graphics.shapes import Drawing, Group, String, mmult, transformPoints

from ...errors import RenderError
from ...source import model
from ..fontfiles import WEIGHTS, font_file
from .fonts import FontFamily

GENERIC_FAMILY = "sans-serif"


@cache
def _known_to_svglib(family: str) -> None:
    """Give svglib the files of ``family`` (and of the generic sans-serif), so the labels it places by their width
    (centred, right-aligned) are measured in the font they print in; else it asks fontconfig, which answers with
    whatever fonts the machine has."""
    from svglib.fonts import register_font

    for name in (family, GENERIC_FAMILY):
        for weight, css_weight in zip(WEIGHTS, ("normal", "bold")):
            register_font(name, str(font_file(family, weight)), weight=css_weight)


@cache
def read_svg(path: Path, family: str) -> Drawing:
    """The SVG at ``path`` as vector shapes, its labels measured in ``family``; read once per process."""
    from svglib.svglib import svg2rlg

    _known_to_svglib(family)
    try:
        drawing = svg2rlg(str(path), external_reference_root=str(path.resolve().parent))  # checked: it refers to nothing outside
    except Exception as error:  # svglib raises many types for malformed files
        raise RenderError(f"the figure '{path.name}' cannot be read ({error}); check it is a valid SVG file") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise RenderError(f"the figure '{path.name}' has no size; give the SVG width and height")
    return drawing


def load_svg(path: Path, family: str, fonts: FontFamily, origin: model.Origin) -> Drawing:
    """A copy of the SVG at ``path`` for one layout, its text set in the layout's faces."""
    try:
        drawing = copy.deepcopy(read_svg(path, family))
    except RenderError as error:
        raise RenderError(str(error), str(origin)) from None
    drawing.initialFontName = fonts.regular  # else the renderer's state starts in Helvetica
    for string, _ in label_transforms(drawing):
        string.fontName = fonts.bold if "bold" in string.fontName.lower() else fonts.regular
    return drawing


def label_transforms(node: Any, matrix: tuple[float, ...] = (1, 0, 0, 1, 0, 0)) -> Iterator[tuple[String, tuple[float, ...]]]:
    """Every text label in a drawing, with the transform that places it."""
    if isinstance(node, String):
        yield node, matrix
    elif isinstance(node, (Group, Drawing)):
        inner = mmult(matrix, node.transform)
        for child in node.contents:
            yield from label_transforms(child, inner)


def magnification(matrix: tuple[float, ...]) -> float:
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


def crowded_label(drawing: Drawing) -> str | None:
    """The first label that overlaps another or leaves the drawing, if any."""
    boxes = []
    for label, matrix in label_transforms(drawing):
        x0, y0, x1, y1 = label.getBounds()
        (ax, ay), (bx, by) = transformPoints(matrix, [(x0, y0), (x1, y1)])
        boxes.append((label.text, min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
    for n, (text, left, bottom, right, top) in enumerate(boxes):
        if left < 0 or bottom < 0 or right > drawing.width or top > drawing.height:
            return text
        for _, l2, b2, r2, t2 in boxes[n + 1 :]:
            if left < r2 and l2 < right and bottom < t2 and b2 < top:
                return text
    return None
