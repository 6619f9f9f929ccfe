"""Conformance: hold a produced PDF to its layout's rules, as a checker reading the file would.

Nothing here trusts what the renderer meant to draw. The page content streams
are read back operator by operator: every run of text with its font, its size
on the page, the colour it is filled with and the colour of the box it sits
on, the marked content it belongs to and the line it is on. The rules of
STANDARDS.md §1–3 and §6 are then checked against those runs and against the
structure tree, and each breach names its rule, its page and its text. A
heading is read in bold faces only, and a word keeps one weight where a
character the main family lacks is set in the fallback family's face. Text
is read as a reader reads it: where marked content gives an ``/ActualText``,
that is its text, and inside a ``/ReversedChars`` sequence the characters
run backwards (ISO 32000-1, 14.8.2.3.3), as right-to-left text is drawn.

The file is opened with qpdf (through pikepdf), which parses content streams
in C++ and refuses to repair a damaged file: a build reads back every PDF it
writes, so the parser's speed is the build's.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Iterator, NamedTuple

import pikepdf
from pikepdf import Dictionary, Pdf

from ...errors import ContentError, VerificationError
from .tagging import PRINT_FLAG
from .layouts import ANY_CONTRAST, BODY_CONTRAST, RESIZABLE, Layout, at_size, contrast, load_layout

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
WHITE = "#FFFFFF"
HEADING_ROLES = frozenset({"H", "H1", "H2", "H3", "H4", "H5", "H6"})
"""Text that may meet the lower contrast for any text rather than the body's."""
EXEMPT_FROM_CONTRAST = "Watermark"
"""A watermark is faint by design so the words under it stay readable."""
LINE_END_HYPHENS = ("-", "\u00ad", "\u2010")
ADDRESS_BREAKS = ("/", ".", "@")
"""Where a web address too long for a line may break without splitting a word."""


@contextlib.contextmanager
def open_pdf(pdf: bytes) -> Iterator[Pdf]:
    """``pdf`` opened as it stands, for the block's reading: a file qpdf cannot read, or would have to repair rather
    than read, is a :class:`VerificationError` that says why, wherever in the reading qpdf finds it."""
    stream = io.BytesIO(pdf)
    try:
        with Pdf.open(stream, attempt_recovery=False) as document:
            yield document
    except pikepdf.PdfError as error:
        raise VerificationError(f"the PDF cannot be read back ({str(error).removeprefix(f'stream {stream}: ')})") from None


@dataclass(frozen=True)
class Breach:
    """One place a PDF breaks one rule."""

    rule: str
    page: int
    text: str
    detail: str

    def __str__(self) -> str:
        return f"{self.rule}: page {self.page}, '{self.text.strip()[:60]}': {self.detail}"


class Font:
    """A font resource as the text drawn in it reads: its name, whether it slants, its codes' characters.

    Read once per document and shared by every run set in it.
    """

    _HEX = re.compile(rb"<([0-9A-Fa-f]+)>")

    def __init__(self, font: Dictionary) -> None:
        self.name = str(font.get("/BaseFont", "?"))
        self.family = self.name.split("+")[-1].split("-")[0]
        """The PostScript name without its subset tag and style: "FiraSans" for "/ABCDEF+FiraSans-Bold"."""
        self.italic = _italic(font, self.name)
        self.bold = _bold(font)
        self.width = 1
        self.map = _Codes()
        if "/ToUnicode" not in font:
            return
        cmap = font["/ToUnicode"].read_bytes()
        ranges = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", cmap)
        if ranges:
            self.width = len(ranges[1]) // 2
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            codes = self._HEX.findall(block)
            for code, text in zip(codes[::2], codes[1::2]):
                self.map[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, first in re.findall(rb"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
                start = int(first, 16)
                for n, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                    self.map[code] = chr(start + n)

    def decode(self, data: bytes) -> str:
        if self.width == 1:  # a code a byte, as ReportLab's subsets have: str.translate looks each up in C
            return data.decode("latin-1").translate(self.map)
        codes = (int.from_bytes(data[i : i + self.width], "big") for i in range(0, len(data), self.width))
        return "".join(self.map[code] for code in codes)


class _Codes(dict):
    """A font's character codes and the text each stands for; a code its map lacks reads as U+FFFD."""

    def __missing__(self, code: int) -> str:
        return "\ufffd"


def _descriptors(font: Dictionary) -> list[Dictionary]:
    found = [font.get("/FontDescriptor")] + [d.get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
    return [descriptor for descriptor in found if descriptor is not None]


FORCE_BOLD = 1 << 18
"""The font descriptor flag of a bold face (ISO 32000-1, 9.8.2), which ReportLab sets from the face's weight class."""


def _bold(font: Dictionary) -> bool:
    """Whether a face is bold, as its descriptor says: a /FontWeight of 600 or more, or the ForceBold flag."""
    return any(float(d.get("/FontWeight", 0)) >= 600 or int(d.get("/Flags", 0)) & FORCE_BOLD for d in _descriptors(font))


def _italic(font: Dictionary, name: str) -> bool:
    for descriptor in _descriptors(font):
        if float(descriptor.get("/ItalicAngle", 0)) != 0 or int(descriptor.get("/Flags", 0)) & 64:
            return True
    return bool(re.search(r"italic|oblique", name, re.I))


@dataclass(frozen=True)
class Run:
    """One text-showing operator as it lands on the page."""

    page: int
    text: str
    font: Font
    size: float
    colour: str
    ground: str
    mcid: int | None
    artifact: str | None  # the artifact's /Subtype, or its /Type, when not content
    text_object: int  # which BT…ET on the page
    baseline: float
    said: bool = True
    """False for text drawn but not read: inside an empty /ActualText, as a figure's labels are."""

    @property
    def visible(self) -> bool:
        return bool(self.text.strip())


class _Mark(NamedTuple):
    """One open marked-content sequence, with what it takes from those it is inside.

    Each sequence holds the sum of the stack below it, so a run of text asks
    only the innermost one.
    """

    mcid: int | None
    artifact: str | None
    """The innermost MCID or artifact: the content the text belongs to."""
    said: bool
    """False inside any empty /ActualText."""
    actual: list[str] | None = None
    """The innermost /ActualText, held until the first text inside it takes it."""
    reversed: bool = False
    """Inside any /ReversedChars."""

    def inside(self, mcid: int | None, artifact: str | None, said: bool = True, actual: list[str] | None = None,
               reversed: bool = False) -> _Mark:
        """A sequence opened inside this one."""
        owner = (mcid, artifact) if mcid is not None or artifact is not None else (self.mcid, self.artifact)
        return _Mark(*owner, said and self.said, self.actual if actual is None else actual, reversed or self.reversed)


OUTSIDE = _Mark(None, None, True)
"""Page content in no marked-content sequence."""


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: tuple[float, float, float] = (0.0, 0.0, 0.0)
    alpha: float = 1.0


@dataclass
class _Page:
    """The interpreter's view of one page while its content stream is read."""

    number: int
    resources: Dictionary
    state: _State = field(default_factory=_State)
    saved: list[_State] = field(default_factory=list)
    marks: list[_Mark] = field(default_factory=list)
    grounds: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    path: list[tuple[float, float, float, float]] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)


def multiply(a: Matrix, b: Matrix) -> Matrix:
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def hex_colour(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0), 1) * 255):02X}" for c in rgb)


def _rgb(hex_value: str) -> tuple[float, float, float]:
    return tuple(int(hex_value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


@cache
def _blend(rgb: tuple[float, float, float], alpha: float, ground: str) -> str:
    under = _rgb(ground)
    return hex_colour(tuple(alpha * c + (1 - alpha) * u for c, u in zip(rgb, under)))  # type: ignore[arg-type]


def read_runs(pdf: Pdf) -> list[Run]:
    """Every run of text in the document, page by page, in painting order."""
    fonts: dict[tuple[int, int], Font] = {}
    runs: list[Run] = []
    for number, page in enumerate(pdf.pages, start=1):
        view = _Page(number, page.obj.get("/Resources", Dictionary()))
        _interpret(pikepdf.parse_content_stream(page), view, fonts)
        runs.extend(view.runs)
    return runs


def _font(resource: Dictionary, fonts: dict[tuple[int, int], Font]) -> Font:
    """The document's one :class:`Font` for a font resource, read the first time it is used."""
    key = resource.objgen if resource.is_indirect else (-1, id(resource))
    if key not in fonts:
        fonts[key] = Font(resource)
    return fonts[key]


SHOWING = frozenset({"Tj", "TJ", "'", '"'})
"""The operators that show text; ' and " move to the next line first."""


def _interpret(instructions: list, view: _Page, fonts: dict[tuple[int, int], Font]) -> None:
    resources = view.resources.get("/Font", Dictionary())
    states = view.resources.get("/ExtGState", Dictionary())
    font: Font | None = None
    size = leading = 0.0
    line: Matrix = IDENTITY
    text_objects = 0
    for instruction in instructions:  # by attribute: unpacking an instruction costs several times more
        operands, op = instruction.operands, str(instruction.operator)
        state = view.state
        mark = view.marks[-1] if view.marks else OUTSIDE
        if op in SHOWING:
            if op == "'" or op == '"':
                line = multiply((1, 0, 0, 1, 0, -leading), line)
            if font is None:
                continue
            pieces = operands[-1] if op == "TJ" else [operands[-1]]
            text = "".join(font.decode(bytes(p)) for p in pieces if isinstance(p, pikepdf.String))
            if mark.actual is not None:
                text, mark.actual[0] = mark.actual[0], ""  # the span's words, once, at its first glyphs
            if mark.reversed:
                text = text[::-1]
            matrix = multiply(line, state.ctm)
            ground = _ground(view, matrix[4], matrix[5])
            view.runs.append(Run(view.number, text, font, size * math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2])),
                                 _blend(state.fill, state.alpha, ground), ground, mark.mcid, mark.artifact, text_objects,
                                 round(matrix[5], 2), mark.said))
        elif op == "Tm":
            line = tuple(map(float, operands))  # type: ignore[assignment]
        elif op == "EMC":
            view.marks.pop()
        elif op == "rg":
            state.fill = tuple(map(float, operands))  # type: ignore[assignment]
        elif op == "Tf":
            font, size = _font(resources[operands[0]], fonts), float(operands[1])
        elif op == "TL":
            leading = float(operands[0])
        elif op == "BDC":
            properties = operands[1] if isinstance(operands[1], Dictionary) else Dictionary()
            if operands[0] == "/Artifact":
                view.marks.append(mark.inside(None, str(properties.get("/Subtype", properties.get("/Type", "/Artifact")))[1:]))
            else:
                mcid, actual = properties.get("/MCID"), str(properties.get("/ActualText", ""))
                view.marks.append(mark.inside(int(mcid) if mcid is not None else None, None,
                                              "/ActualText" not in properties or actual != "", [actual] if actual else None))
        elif op == "BMC":
            view.marks.append(mark.inside(None, "Artifact" if operands[0] == "/Artifact" else None,
                                          reversed=operands[0] == "/ReversedChars"))
        elif op == "q":
            view.saved.append(_State(state.ctm, state.fill, state.alpha))
        elif op == "Q":
            view.state = view.saved.pop()
        elif op == "cm":
            state.ctm = multiply(tuple(map(float, operands)), state.ctm)  # type: ignore[arg-type]
        elif op == "BT":
            line, text_objects = IDENTITY, text_objects + 1
        elif op in ("Td", "TD"):
            line = multiply((1, 0, 0, 1, float(operands[0]), float(operands[1])), line)
            if op == "TD":
                leading = -float(operands[1])
        elif op == "T*":
            line = multiply((1, 0, 0, 1, 0, -leading), line)
        elif op == "g":
            state.fill = (float(operands[0]),) * 3  # type: ignore[assignment]
        elif op == "k":
            c, m, y, k = map(float, operands)
            state.fill = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
        elif op == "gs":
            state.alpha = float(states[operands[0]].get("/ca", state.alpha))
        elif op == "re":
            x, y, w, h = map(float, operands)
            (x0, y0), (x1, y1) = (_apply(state.ctm, x, y), _apply(state.ctm, x + w, y + h))
            view.path.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
        elif op in ("f", "F", "f*", "B", "B*"):
            for box in view.path:
                view.grounds.append((*box, _blend(state.fill, state.alpha, _ground(view, *box[:2]))))
            view.path = []
        elif op in ("n", "S", "s", "b", "b*"):
            view.path = []


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _ground(view: _Page, x: float, y: float) -> str:
    """The colour last painted under a point: a filled box, or the white page."""
    return next((colour for x0, y0, x1, y1, colour in reversed(view.grounds) if x0 <= x <= x1 and y0 <= y <= y1), WHITE)


Mark = tuple[int, int]
"""A piece of marked content: (page number, MCID)."""


def structure(pdf: Pdf) -> tuple[dict[Mark, str], list[tuple[Dictionary, list[Mark]]]]:
    """What the structure tree reaches: each piece of marked content with its
    element's role, and each Figure and Link element with its own marked content."""
    pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    reached: dict[Mark, str] = {}
    owning: list[tuple[Dictionary, list[Mark]]] = []  # Figures and Links

    def walk(element: Dictionary, page: int | None) -> None:
        role = str(element.get("/S", "/"))[1:]
        own: list[Mark] = []
        if "/Pg" in element:
            page = pages.get(element["/Pg"].objgen)
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]:
            if isinstance(kid, int) and page is not None:
                own.append((page, kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
                own.append((pages.get(kid["/Pg"].objgen) if "/Pg" in kid else page, int(kid["/MCID"])))  # type: ignore[arg-type]
            elif isinstance(kid, Dictionary) and "/S" in kid:
                walk(kid, page)
        reached.update(dict.fromkeys(own, role))
        if role in ("Figure", "Link"):
            owning.append((element, own))

    root = pdf.Root.get("/StructTreeRoot")
    if root is not None:
        walk(root, None)
    return reached, owning


def _line_ends(runs: list[Run]) -> Iterator[tuple[Run, Run, str]]:
    """Each wrapped line's last run, the next line's first run, and the line's text."""
    line = ""
    for run, following in zip(runs, runs[1:] + [None]):  # type: ignore[operator]
        line += run.text
        if following is None or (following.page, following.text_object, following.mcid) != (run.page, run.text_object, run.mcid):
            line = ""
        elif following.baseline != run.baseline:
            yield run, following, line
            line = ""


def _in_word(before: str, after: str) -> bool:
    """Whether the junction of two runs falls inside a word: a letter, digit or mark on each side."""
    return bool(before) and bool(after) and all(ch.isalnum() or unicodedata.combining(ch) for ch in (before[-1], after[0]))


def _weight_changes(runs: list[Run]) -> Iterator[tuple[Run, Run]]:
    """Each pair of runs that meet inside a word in two families of two weights: a character the main family
    lacks set from the fallback's face of another weight ("dŵr" in a bold heading with a regular ŵ)."""
    for run, following in zip(runs, runs[1:]):
        if ((run.page, run.text_object, run.baseline) == (following.page, following.text_object, following.baseline)
                and run.font.family != following.font.family and run.font.bold != following.font.bold
                and _in_word(run.text, following.text)):
            yield run, following


def breaches(pdf: Pdf, layout: Layout, runs: list[Run]) -> list[Breach]:
    """Every place the document breaks its layout's rules."""
    found: list[Breach] = []
    reached, owning = structure(pdf)
    if "/StructTreeRoot" not in pdf.Root:
        found.append(Breach("tagged PDF", 1, "", "there is no structure tree"))
    for run in filter(lambda r: r.visible, runs):
        if run.size < layout.minimum_size - 0.01:
            found.append(Breach("smallest size", run.page, run.text,
                                f"{run.size:.1f} pt is below the layout's minimum of {layout.minimum_size:g} pt"))
        if run.font.italic:
            found.append(Breach("no italics", run.page, run.text, f"set in the italic font {run.font.name}"))
        role = reached.get((run.page, run.mcid)) if run.mcid is not None else None
        if role in HEADING_ROLES and not run.font.bold:
            found.append(Breach("headings in bold", run.page, run.text, f"a heading set in the regular face {run.font.name}"))
        if run.artifact is None and role is None:
            found.append(Breach("structure covers the text", run.page, run.text,
                                "this text is neither reached from the structure tree nor marked as an artifact"))
        need = ANY_CONTRAST if role in HEADING_ROLES or role == "Figure" else BODY_CONTRAST
        if run.artifact != EXEMPT_FROM_CONTRAST and contrast(run.colour, run.ground) < need - 0.005:
            found.append(Breach("text contrast", run.page, run.text,
                                f"{run.colour} on {run.ground} is {contrast(run.colour, run.ground):.2f}:1, below {need:g}:1"))
    for run, following in _weight_changes([run for run in runs if run.said]):
        found.append(Breach("a word in one weight", run.page, run.text.split()[-1] + following.text.split()[0],
                            f"{run.font.name} meets {following.font.name} inside a word, one bold and one not"))
    for run, following, line in _line_ends([run for run in runs if run.said]):  # not the watermark, nor a figure's labels
        if line.rstrip(" ").endswith(LINE_END_HYPHENS):
            found.append(Breach("no hyphenation", run.page, line, "the line ends in a hyphen"))
        elif not line.endswith((" ", *ADDRESS_BREAKS)):
            found.append(Breach("words kept whole", run.page, line + " | " + following.text,
                                "a word is split across lines, or a screen reader would join the last word to the next line"))
    for element, marks in owning:
        if element["/S"] == "/Link":
            if not "".join(run.text for run in runs if (run.page, run.mcid) in marks).strip():
                found.append(Breach("links read as their words", marks[0][0] if marks else 0, "",
                                    "a Link element holds no text, so a screen reader announces an empty link"))
        elif not str(element.get("/Alt", "")).strip():
            labels = " ".join(run.text for run in runs if (run.page, run.mcid) in marks)
            found.append(Breach("figures have alt text", marks[0][0] if marks else 0, labels,
                                "a Figure element has no /Alt text for a screen reader to read"))
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == "/Link" and not int(annotation.get("/F", 0)) & PRINT_FLAG:
                found.append(Breach("links print", number, str(annotation.get("/Contents", "")),
                                    "a link annotation lacks the Print flag, so print and screen differ"))
    return found


def check(pdf: bytes, layout: Layout) -> tuple[list[Run], list[Breach]]:
    """Read ``pdf`` back and return its text runs and every breach of ``layout``'s rules."""
    with open_pdf(pdf) as document:
        runs = read_runs(document)
        return runs, breaches(document, layout, runs)


_OUTPUT_NAME = re.compile(r"[A-Z0-9]+(?:-[A-Z0-9]+)*-v\d+\.\d+-(?P<layout>.+?)(?:-DRAFT)?\.pdf")


def layout_of(path: Path, layouts_dir: Path) -> Layout | None:
    """The layout a published file was made with, from its name (``…-v1.0-large-print-24pt.pdf``)."""
    match = _OUTPUT_NAME.fullmatch(path.name)
    if not match:
        return None
    name = match["layout"]
    sized = re.fullmatch(rf"{re.escape(RESIZABLE)}-(\d+)pt", name)
    file = layouts_dir / f"{RESIZABLE if sized else name}.yaml"
    if not file.is_file():
        return None
    layout = load_layout(file)
    return at_size(layout, int(sized[1])) if sized else layout


def check_folder(output_dir: Path, layouts_dir: Path, ids: tuple[str, ...] = ()) -> list[str]:
    """Problems with the PDFs already published under ``output_dir``, for ``--check``."""
    problems = []
    for path in sorted(output_dir.glob("*/*.pdf")):
        if ids and path.parent.name not in ids:
            continue
        try:
            layout = layout_of(path, layouts_dir)
        except ContentError:
            continue  # the broken layout file is reported on its own
        if layout is None:
            problems.append(f"{path}: no layout matches this file's name; rebuild it or remove it")
            continue
        try:
            _, found = check(path.read_bytes(), layout)
        except VerificationError as error:
            problems.append(f"{path}: {error}; rebuild it")
            continue
        problems.extend(f"{path}: {breach}" for breach in found)
    return problems
