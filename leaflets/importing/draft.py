"""Write an imported leaflet: its YAML, as an author would have written it, and its pictures as figure files.

The YAML is written out by hand rather than dumped, so it reads like the
bundled leaflets (long text folded over lines, one block a line) and carries
comments where the author must act. Nothing is ever overwritten: a leaflet or
figure whose name is taken gets the next free one, and files are created with
exclusive creation, so two imports at once cannot write over each other.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path
from typing import Any

from ..source.figures import MAX_FIGURE_BYTES, MAX_PIXELS
from .model import Picture
from .shape import Block

MISSING_ALT = "no description in the Word file: write what the picture shows before this leaflet is built"
_WIDTH = 100
_LONGEST_SIDE = 2480
"""An A4 page's width at 300 dots an inch: more than a printed leaflet uses."""
SHARP_SIDE = 600
"""Pixels on the longer side below which a picture a column wide prints visibly blurred (about 100 dots an inch)."""


def slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().replace("'", ""))
    name = "-".join(words)[:60].rstrip("-")
    return name or "imported-leaflet"


def create_new(folder: Path, stem: str, suffix: str, data: bytes) -> Path:
    """Write ``data`` to the first free name ``stem[-2, -3 …]suffix`` in ``folder``, never replacing a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, 1000):
        path = folder / f"{stem}{'' if number == 1 else f'-{number}'}{suffix}"
        try:
            with path.open("xb") as file:
                file.write(data)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder / stem}{suffix}: a thousand files of this name already exist")


def picture_png(picture: Picture) -> tuple[bytes | None, str]:
    """The picture as a PNG the build accepts, and what was done to it (or why it could not be)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(picture.data)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None, f"it has {image.width} x {image.height} pixels, more than {MAX_PIXELS:,}"
            kind = image.format
            small = (f"; it is only {image.width} x {image.height} pixels, so it may print blurred: a larger copy "
                     "would print better") if max(image.width, image.height) < SHARP_SIDE else ""
            if kind == "PNG" and len(picture.data) <= MAX_FIGURE_BYTES:
                image.verify()
                return picture.data, small.removeprefix("; ")
            image.load()
            converted = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
            note = (f"converted from {kind} to PNG" if kind != "PNG" else "") + small
            for _ in range(4):
                out = io.BytesIO()
                converted.save(out, "PNG", optimize=True)
                if out.tell() <= MAX_FIGURE_BYTES:
                    return out.getvalue(), note
                converted.thumbnail((_LONGEST_SIDE, _LONGEST_SIDE))
                note = f"made smaller to {converted.width} x {converted.height} pixels to fit {MAX_FIGURE_BYTES:,} bytes"
            return None, f"it is more than {MAX_FIGURE_BYTES:,} bytes even made smaller"
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        kind = picture.content_type.split("/")[-1] or "unknown"
        return None, f"it is a {kind} picture that cannot be read as PNG ({type(error).__name__})"


def scalar(text: str, indent: int) -> str:
    """``text`` as a YAML value at ``indent`` spaces: quoted when short, folded over lines when long."""
    one_line = text if _plain_safe(text) else json.dumps(text, ensure_ascii=False)  # JSON strings are YAML too
    if len(one_line) + indent <= 80:
        return f" {one_line}"
    lines = textwrap.wrap(text, width=max(40, _WIDTH - indent - 2), break_long_words=False, break_on_hyphens=False)
    pad = " " * (indent + 2)
    return " >-\n" + "\n".join(pad + line for line in lines)


def _plain_safe(text: str) -> bool:
    """Whether ``text`` reads back as itself written without quotes (not a number, date, yes/no, or YAML syntax)."""
    import yaml

    try:
        return yaml.safe_load(f"key: {text}") == {"key": text} and "#" not in text and not text.startswith(("*", "-"))
    except yaml.YAMLError:
        return False


def _items(items: list[str], indent: int) -> list[str]:
    pad = " " * indent
    return [f"{pad}-{scalar(item, indent)}" for item in items]


def _mapping(value: dict[str, Any], indent: int, first: str = "") -> list[str]:
    """A mapping's keys, the first line after ``first`` (a list's dash), each further line at ``indent``."""
    lines = []
    for n, (key, item) in enumerate(value.items()):
        lead = first if n == 0 and first else " " * indent
        if isinstance(item, list):
            lines.append(f"{lead}{key}:")
            lines.extend(_items(item, indent + 2))
        elif key == "alt" and not item:
            lines.append(f'{lead}alt: ""  # {MISSING_ALT}')
        else:
            lines.append(f"{lead}{key}:{scalar(str(item), indent)}")
    return lines


def block_lines(block: Block) -> list[str]:
    value = block.value
    if block.key == "contacts":
        return ["  - contacts:"]
    if isinstance(value, str):
        return [f"  - {block.key}:{scalar(value, 4)}"]
    if block.key in ("bullets", "steps"):
        return [f"  - {block.key}:", *_items(value, 6)]
    if block.key == "questions":
        return [f"  - {block.key}:", *(line for pair in value for line in _mapping(pair, 8, "      - "))]
    return [f"  - {block.key}:", *_mapping(value, 6)]


def leaflet_yaml(header: str, keys: dict[str, Any], blocks: list[Block]) -> str:
    """The whole leaflet file: ``header`` as comments, the keys in the bundled leaflets' order, then the blocks."""
    lines = [f"# {line}" for line in header.splitlines()]
    for key, value in keys.items():
        if value is None:
            continue
        if key in ("version",):
            lines.append(f'{key}: "{value}"')
        elif key in ("approval_date", "review_date", "id", "status", "language"):
            lines.append(f"{key}: {value}")
        elif key == "changes":
            lines.append("changes:")
            for change in value:
                lines += [f'  - version: "{change["version"]}"', f"    date: {change['date']}",
                          f"    summary:{scalar(change['summary'], 4)}"]
        elif isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(_items(value, 2))
        else:
            lines.append(f"{key}:{scalar(str(value), 0)}")
    lines.append("blocks:")
    for block in blocks:
        lines.extend(block_lines(block))
    return "\n".join(lines) + "\n"
