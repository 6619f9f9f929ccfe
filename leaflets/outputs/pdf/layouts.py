"""Layout files: the page, type and colour decisions a designer makes, as data.

A layout (``layouts/<name>.yaml``) says how big everything is; the code says
only how blocks are arranged. Each layout is validated like content, so a
designer's typo gets a ``path:line`` message, and sizes below the layout's own
floor are refused before anything is drawn.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from reportlab.lib import pagesizes
from reportlab.lib.units import mm

from ...errors import ContentError, LayoutFileError
from ..fontfiles import lacking_face
from ...source import validate
from ...source.load import KeyPath, load_yaml
from ...source.validate import Checker, Field

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
class QrCode:
    """The QR code to the online version, in points: its side (quiet zone included) and the gap to its words."""

    size: float
    gap: float


@dataclass(frozen=True)
class Rows:
    """An Easy Read layout's rows, in points: the picture's side on the left, and the gap between it and the words."""

    picture: float
    gap: float


@dataclass(frozen=True)
class Layout:
    name: str
    path: Path
    label: str
    """What staff call a copy in this layout, as the layout file writes it: ``{body}`` stands for the body size."""
    description: str
    page_size: tuple[float, float]
    margins: Margins
    footer_from_bottom: float
    font: str
    fallback_font: str
    minimum_size: float
    sizes: Sizes
    leading: float
    spacing: Spacing
    colours: Colours
    qr: QrCode
    imposed_on: tuple[float, float] | None = None
    """A sheet to print two pages per side on, as a folded booklet (``page.booklet_sheet``)."""
    largest_requested_size: float | None = None
    script_fonts: tuple[tuple[str, str], ...] = ()
    """(script, family) pairs: the family that sets a script the main font lacks, such as Arabic."""
    bilingual: bool = False
    """A translation and its original side by side, block by block (``bilingual: true``); made only of translations."""
    rows: Rows | None = None
    """An Easy Read layout's rows (``easy_read:``): made only of Easy Read editions, which no other layout sets."""

    @property
    def staff_label(self) -> str:
        """The label with the body size filled in, so a copy re-flowed at 24 pt is called "Large print 24 pt"."""
        return self.label.replace(BODY, f"{self.sizes.body:g}")

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


EASY_READ_PICTURE_MM = 35
"""The least side of an Easy Read picture: 3.5 cm, after the Easy Read guidance."""


def _picture_side(c: Checker, at: KeyPath, value: Any) -> float | None:
    side = _number(EASY_READ_PICTURE_MM, 80)(c, at, value)
    return None if side is None else side * mm


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


def _yes_or_no(c: Checker, at: KeyPath, value: Any) -> bool | None:
    if not isinstance(value, bool):
        c.report(at, f"'{value}' is not true or false", "write true or false")
        return None
    return value


def _family(c: Checker, at: KeyPath, value: Any) -> str | None:
    """A font family installed with both faces a run may need (``fontfiles.lacking_face``)."""
    family = validate.text(c, at, value)
    lacking = family and lacking_face(family)
    if lacking:
        c.report(at, *lacking)
        return None
    return family


def _script_fonts(c: Checker, at: KeyPath, value: Any) -> tuple[tuple[str, str], ...] | None:
    if not isinstance(value, dict) or not value:
        c.report(at, "is not a list of scripts and their fonts", "write it as {arabic: Noto Sans Arabic}")
        return None
    pairs = []
    for script, family in value.items():
        if not isinstance(script, str) or not re.fullmatch(r"[a-z]+", script):
            c.report((*at, str(script)), f"'{script}' is not a script name", "use the script's name in lower case, e.g. arabic")
        elif _family(c, (*at, script), family) is not None:
            pairs.append((script, family))
    return tuple(pairs)


BODY = "{body}"
"""The one placeholder a layout's label may hold: the body text size in points."""


def _label(c: Checker, at: KeyPath, value: Any) -> str | None:
    label = validate.text(c, at, value)
    if label is not None and re.search(r"[{}]", label.replace(BODY, "")):
        c.report(at, f"'{label}' has braces other than {BODY}",
                 f"write {BODY} where the body text size in points goes, e.g. \"Large print {BODY} pt\", and no other braces")
        return None
    return label and " ".join(label.split())  # one line, as the catalogue and the build's lines show it


def _all(cls: type, parse) -> dict[str, Field]:
    return {f.name: Field(parse) for f in fields(cls)}


_CALLOUT = validate.record(_all(CalloutColours, _colour), CalloutColours)
LAYOUT = {
    "label": Field(_label),
    "description": Field(validate.text),
    "page": Field(validate.record({"size": Field(_page_size), "margins_mm": Field(validate.record(_all(Margins, _millimetres), Margins)),
        "footer_from_bottom_mm": Field(_millimetres),
        "booklet_sheet": Field(_page_size, required=False),
    }, dict)),
    "font": Field(_family),
    "fallback_font": Field(_family),
    "script_fonts": Field(_script_fonts, required=False),
    "bilingual": Field(_yes_or_no, required=False),
    "minimum_size": Field(_number(6, 72)),
    "sizes": Field(validate.record(_all(Sizes, _number(6, 96)), Sizes)),
    "leading": Field(_number(1.0, 2.0)),
    "spacing": Field(validate.record(_all(Spacing, _number(0, 144)), Spacing)),
    "colours": Field(validate.record({
        **{name: Field(_colour) for name in ("text", "heading", "link", "rule", "watermark")},
        **{name: Field(_CALLOUT) for name in ("info", "important", "urgent")},
    }, Colours)),
    "largest_requested_size": Field(_number(6, 96), required=False),
    "easy_read": Field(validate.record({"picture_mm": Field(_picture_side), "gap_mm": Field(_millimetres)},
                                       lambda picture_mm, gap_mm: Rows(picture_mm, gap_mm)), required=False),
    "qr": Field(validate.record({"size_mm": Field(_millimetres), "gap_mm": Field(_millimetres)},
                                lambda size_mm, gap_mm: QrCode(size_mm, gap_mm))),
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
    page = values and values["page"]
    if page and page["size"] and page["booklet_sheet"] and not fits_two_up(page["size"], page["booklet_sheet"]):
        c.report(("page", "booklet_sheet"), "cannot hold two pages side by side",
                 "choose a sheet twice the page's width when turned landscape, e.g. A4 for A5")
    if c.problems:
        raise LayoutFileError(c.problems)
    values.pop("page")
    values["script_fonts"] = values["script_fonts"] or ()
    values["bilingual"] = bool(values["bilingual"])
    values["rows"] = values.pop("easy_read")
    return Layout(name=path.stem, path=path, page_size=page["size"], margins=page["margins_mm"],
                  footer_from_bottom=page["footer_from_bottom_mm"],
                  imposed_on=page["booklet_sheet"] and landscape(page["booklet_sheet"]), **values)


def landscape(size: tuple[float, float]) -> tuple[float, float]:
    return max(size), min(size)


def fits_two_up(page: tuple[float, float], sheet: tuple[float, float]) -> bool:
    """Whether two pages fit side by side on ``sheet`` turned landscape (to within a point)."""
    width, height = landscape(sheet)
    return 2 * page[0] <= width + 1 and page[1] <= height + 1


BODY_CONTRAST, ANY_CONTRAST, NON_TEXT_CONTRAST = 7.0, 4.5, 3.0
"""WCAG 2 contrast ratios: body text, any text at all (STANDARDS.md §3), and
the edge of a shape such as a callout's border (WCAG 1.4.11)."""

CALLOUTS = ("info", "important", "urgent")


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a "#RRGGBB" colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def greyscale(colour: str) -> str:
    """The grey an office printer prints for a colour: luma of the sRGB values
    (ITU-R BT.601 weights), which is not the luminance WCAG measures, so a pair
    that contrasts in colour can fade in black and white."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    level = round(0.299 * r + 0.587 * g + 0.114 * b)
    return f"#{level:02X}{level:02X}{level:02X}"


def contrast_needs(colours: Colours) -> list[tuple[KeyPath, str, str, str, float]]:
    """Every pair of colours that must contrast: (key, colour, ground name, ground, ratio)."""
    grounds = {"page": "#FFFFFF", **{kind: getattr(colours, kind).background for kind in CALLOUTS}}
    needs = [(("colours", name), getattr(colours, name), ground_name, ground, ratio)
             for name, ratio in (("text", BODY_CONTRAST), ("link", BODY_CONTRAST), ("heading", ANY_CONTRAST))
             for ground_name, ground in grounds.items()]
    for kind in CALLOUTS:
        border = getattr(colours, kind).border
        needs += [(("colours", kind, "border"), border, "page", "#FFFFFF", NON_TEXT_CONTRAST),
                  (("colours", kind, "border"), border, f"{kind} box", getattr(colours, kind).background, NON_TEXT_CONTRAST)]
    return needs


def contrast_problems(colours: Colours) -> list[tuple[KeyPath, str]]:
    """Colours that would be too faint, in colour or printed in greyscale."""
    problems = []
    for at, colour, ground_name, ground, ratio in contrast_needs(colours):
        for seen, convert in (("", lambda same: same), (" in greyscale", greyscale)):
            found = contrast(convert(colour), convert(ground))
            if found < ratio:
                problems.append((at, f"contrast {found:.1f}:1 on the {ground_name} background{seen} is below {ratio:g}:1"))
    return problems


RESIZABLE = "large-print"
"""The layout a reader's own size (``--size``) is re-flowed from."""


def size_problem(base: Layout, body: float) -> str | None:
    """Why ``body`` pt cannot be asked of ``base``, if it cannot."""
    largest = base.largest_requested_size
    if largest is None:
        return f"layout {base.name} sets no largest_requested_size, so it cannot be re-flowed at other sizes"
    if not base.sizes.body <= body <= largest:
        return (f"--size {body:g} is outside {base.sizes.body:g} to {largest:g} pt; below {base.sizes.body:g} pt "
                f"use the {base.name} layout itself, above {largest:g} pt ask for Braille or audio")
    return None


def sizes_offered(base: Layout) -> tuple[int, ...]:
    """Every whole size in points a reader may ask ``base`` to be re-flowed at."""
    largest = base.largest_requested_size
    return () if largest is None else tuple(range(math.ceil(base.sizes.body), math.floor(largest) + 1))


def at_size(base: Layout, body: float) -> Layout:
    """``base`` re-flowed for a reader who asks for ``body`` pt text (STANDARDS.md §2).

    Every size and space grows in proportion to the body. The floor keeps the
    base layout's distance below the body (16 pt under 18 pt becomes PT − 2),
    and nothing is set below it. The paper and the side margins stay. The
    footer's lines keep the page's width, so the room they take above the
    printer's edge grows with the square of the size: both its line height and
    its number of lines grow.
    """
    ratio = body / base.sizes.body
    footer_room = (base.margins.bottom - base.footer_from_bottom) * ratio**2
    floor = body - (base.sizes.body - base.minimum_size)
    return replace(
        base,
        name=f"{base.name}-{body:g}pt",
        description=f"{base.description} Re-flowed at {body:g} pt.",
        minimum_size=floor,
        sizes=Sizes(**{name: max(size * ratio, floor) for name, size in vars(base.sizes).items()}),
        spacing=Spacing(**{name: space * ratio for name, space in vars(base.spacing).items()}),
        margins=replace(base.margins, bottom=base.footer_from_bottom + footer_room),
    )


def available(folder: Path) -> dict[str, Path]:
    """Layout names and their files, for ``--layout`` and ``--help``."""
    return {path.stem: path for path in sorted(folder.glob("*.yaml"))}


def chosen_layouts(folder: Path, names: tuple[str, ...], sizes: tuple[int, ...]) -> tuple[list[Layout], list[str]]:
    """The layouts named, then large print at each size asked for; a broken layout file is reported and skipped."""
    problems: list[str] = []

    def load(name: str) -> Layout | None:
        try:
            return load_layout(folder / f"{name}.yaml")
        except ContentError as error:
            problems.extend(map(str, error.problems))
            return None

    chosen = [layout for layout in map(load, names) if layout]
    base = load(RESIZABLE) if sizes else None
    if base:
        chosen.extend(at_size(base, size) for size in sizes)
    return chosen, problems


def script_of(char: str, scripts: tuple[tuple[str, str], ...]) -> str | None:
    """Which of ``scripts`` (script, family) ``char`` belongs to, by its Unicode name ("ARABIC LETTER BEH")."""
    name = unicodedata.name(char, "").lower()
    return next((family for script, family in scripts if name.startswith(script)), None)
