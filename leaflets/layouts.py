"""Layout files: the page, type and colour decisions a designer makes, as data.

A layout (``layouts/<name>.yaml``) says how big everything is; the code says
only how blocks are arranged. Each layout is validated like content, so a
designer's typo gets a ``path:line`` message, and sizes below the layout's own
floor are refused before anything is drawn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from reportlab.lib import pagesizes
from reportlab.lib.units import mm

from . import validate
from .errors import ContentError, LayoutFileError
from .load import KeyPath, load_yaml
from .validate import Checker, Field

PAGE_SIZES = {"A3": pagesizes.A3, "A4": pagesizes.A4, "A5": pagesizes.A5, "letter": pagesizes.LETTER}


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


@dataclass(frozen=True)
class Sizes:
    """Type sizes in points."""

    title: float
    subtitle: float
    heading: float
    subheading: float
    body: float
    small: float


@dataclass(frozen=True)
class Spacing:
    """Vertical space in points."""

    paragraph: float
    list_item: float
    before_heading: float
    after_heading: float
    block: float
    callout_padding: float
    write_in_line: float


@dataclass(frozen=True)
class CalloutColours:
    border: str
    background: str


@dataclass(frozen=True)
class Colours:
    text: str
    heading: str
    link: str
    rule: str
    watermark: str
    info: CalloutColours
    important: CalloutColours
    urgent: CalloutColours


@dataclass(frozen=True)
class Layout:
    name: str
    path: Path
    description: str
    page_size: tuple[float, float]
    margins: Margins
    footer_from_bottom: float
    font: str
    minimum_size: float
    sizes: Sizes
    leading: float
    spacing: Spacing
    colours: Colours

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins.left - self.margins.right

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margins.top - self.margins.bottom


def _number(low: float, high: float):
    def parse(c: Checker, at: KeyPath, value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            c.report(at, f"'{value}' is not a number from {low} to {high}", "write a plain number")
            return None
        return float(value)

    return parse


def _millimetres(c: Checker, at: KeyPath, value: Any) -> float | None:
    number = _number(5, 60)(c, at, value)
    return None if number is None else number * mm


def _colour(c: Checker, at: KeyPath, value: Any) -> str | None:
    if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        c.report(at, f"'{value}' is not a colour", 'write it as "#RRGGBB" in quotes, for example "#005EB8"')
        return None
    return value.upper()


def _page_size(c: Checker, at: KeyPath, value: Any) -> tuple[float, float] | None:
    if value not in PAGE_SIZES:
        c.report(at, f"'{value}' is not a known page size", f"use one of: {', '.join(PAGE_SIZES)}")
        return None
    return PAGE_SIZES[value]


def _all(cls: type, parse) -> dict[str, Field]:
    return {f.name: Field(parse) for f in fields(cls)}


_CALLOUT = validate.record(_all(CalloutColours, _colour), CalloutColours)
LAYOUT = {
    "description": Field(validate.text),
    "page": Field(validate.record({"size": Field(_page_size), "margins_mm": Field(validate.record(_all(Margins, _millimetres), Margins)),
        "footer_from_bottom_mm": Field(_millimetres),
    }, dict)),
    "font": Field(validate.text),
    "minimum_size": Field(_number(6, 72)),
    "sizes": Field(validate.record(_all(Sizes, _number(6, 96)), Sizes)),
    "leading": Field(_number(1.0, 2.0)),
    "spacing": Field(validate.record(_all(Spacing, _number(0, 144)), Spacing)),
    "colours": Field(validate.record({
        **{name: Field(_colour) for name in ("text", "heading", "link", "rule", "watermark")},
        **{name: Field(_CALLOUT) for name in ("info", "important", "urgent")},
    }, Colours)),
}


def load_layout(path: Path) -> Layout:
    """Read and validate one layout file."""
    try:
        source = load_yaml(path)
    except ContentError as error:
        raise LayoutFileError(error.problems) from None
    c = Checker(source)
    values = c.fields((), source.data, LAYOUT)
    if values and values["sizes"] and values["minimum_size"]:
        for name, size in vars(values["sizes"]).items():
            if size is not None and size < values["minimum_size"]:
                c.report(("sizes", name), f"{size:g} pt is below this layout's minimum_size of {values['minimum_size']:g} pt",
                         "raise the size, or lower minimum_size if the standard allows")
    if values and values["colours"]:
        for at, message in contrast_problems(values["colours"]):
            c.report(at, message, "choose a darker colour")
    if c.problems:
        raise LayoutFileError(c.problems)
    page = values.pop("page")
    return Layout(name=path.stem, path=path, page_size=page["size"], margins=page["margins_mm"],
                  footer_from_bottom=page["footer_from_bottom_mm"], **values)


BODY_CONTRAST, ANY_CONTRAST = 7.0, 4.5
"""WCAG 2 contrast ratios against the page: body text, and any text at all (STANDARDS.md §3)."""


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_problems(colours: Colours) -> list[tuple[KeyPath, str]]:
    """Text colours that would be too faint on the white page or on a callout's background."""
    grounds = {"page": "#FFFFFF", **{kind: getattr(colours, kind).background for kind in ("info", "important", "urgent")}}
    needs = {"text": BODY_CONTRAST, "link": BODY_CONTRAST, "heading": ANY_CONTRAST}
    problems = []
    for name, ratio in needs.items():
        for ground_name, ground in grounds.items():
            found = contrast(getattr(colours, name), ground)
            if found < ratio:
                problems.append((("colours", name), f"contrast {found:.1f}:1 on the {ground_name} background is below {ratio:g}:1"))
    return problems


def available(folder: Path) -> dict[str, Path]:
    """Layout names and their files, for ``--layout`` and ``--help``."""
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}
