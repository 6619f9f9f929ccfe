"""Figure files: refused before drawing unless they are self-contained pictures.

An SVG can name other files and addresses (``<image href>``, ``<use>``,
``url(...)`` in styles, ``@import``) and declare XML entities that expand to
anything. svglib drops absolute and out-of-folder references silently, which
would print a figure with parts missing; so every outside reference is refused
here with its line, and only in-file fragments (``#id``) and pictures embedded
as ``data:image/png`` or ``data:image/jpeg`` are accepted. Bitmaps are opened
once to be sure they are what they claim, and kept to a size a printer needs.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ContentError, Problem
from .model import Origin

MAX_FIGURE_BYTES = 5_000_000
"""Far above any leaflet picture; keeps a mistaken or hostile file from filling memory."""

MAX_PIXELS = 40_000_000
"""About an A4 page at 600 dpi; beyond it a bitmap only costs memory."""

_SVG = "{http://www.w3.org/2000/svg}svg"
_HREFS = ("href", "{http://www.w3.org/1999/xlink}href")
_ALLOWED_HREF = re.compile(r"#|data:image/(?:png|jpe?g);base64,", re.IGNORECASE)
_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)([^)'\"]*)|@import\s+['\"]?([^\s;'\"]+)", re.IGNORECASE)


def check_figure(path: Path, origin: Origin) -> None:
    """Raise :class:`ContentError` at ``origin`` if the figure at ``path`` is not a safe, readable picture."""
    if path.stat().st_size > MAX_FIGURE_BYTES:
        problem = f"is larger than {MAX_FIGURE_BYTES:,} bytes"
    elif path.suffix.lower() == ".svg":
        problem = _svg_problem(path)
    else:
        problem = _bitmap_problem(path)
    if problem:
        raise ContentError([Problem(origin.path, origin.line, f"the figure '{path.name}' {problem}",
                                    "save the picture again as a plain, self-contained file")])


def _svg_problem(path: Path) -> str | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        tree = etree.parse(str(path), parser)
    except etree.XMLSyntaxError as error:
        return f"is not valid SVG ({error.msg})"
    dtd = tree.docinfo.internalDTD  # a DOCTYPE naming the SVG standard is harmless: it is never loaded
    if dtd is not None and any(True for _ in dtd.iterentities()):
        return "declares XML entities in a DOCTYPE, which could pull in other files; remove the DOCTYPE"
    if tree.getroot().tag != _SVG:
        return "is not an SVG drawing (its first element is not <svg>)"
    for element in tree.iter():
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                return f"uses the XML entity &{element.name}; (line {element.sourceline} of the SVG); write the text out"
            continue
        for name in _HREFS:
            target = element.get(name)
            if target is not None and not _ALLOWED_HREF.match(target.strip()):
                return _outside(target, element.sourceline)
        for text in (element.get("style"), element.text if element.tag.endswith("}style") else None,
                     *(value for key, value in element.attrib.items() if key not in _HREFS)):
            found = _URL.search(text or "")
            if found:
                return _outside(found[1] or found[2], element.sourceline)
    return None


def _outside(target: str, line: int) -> str:
    return (f"refers to '{target[:60]}' outside itself (line {line} of the SVG); only pictures drawn or "
            f"embedded in the SVG are used: embed it or remove the reference")


def _bitmap_problem(path: Path) -> str | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            if image.format != "PNG":
                return f"is not a PNG image (it is {image.format or 'unknown'})"
            if image.width * image.height > MAX_PIXELS:
                return f"has {image.width} x {image.height} pixels, more than {MAX_PIXELS:,}; save it smaller"
            image.verify()
    except Exception as error:  # Pillow raises many types for damaged files
        return f"cannot be read as an image ({type(error).__name__}: {error})"
    return None
