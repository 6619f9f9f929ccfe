"""Stage 4, lay out: turn resolved blocks into ReportLab flowables styled by a layout.

Every flowable made here carries a :class:`Tag` saying what it is in the
document's logical structure (a heading, a list body, a figure…), so that the
renderer can tag the PDF as it draws. Sizes and colours come only from the
layout; the code decides arrangement, never measurements.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import Any, Iterator

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group, String, mmult, transformPoints
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from . import fit, markup, model
from .errors import RenderError
from .fonts import FontFamily, register
from .layouts import Layout
from .resolve import Resolved, content_file, FIGURE_TYPES, online_text


@dataclass(frozen=True)
class Tag:
    """Where a flowable sits in the structure tree.

    ``key`` identifies the element, so both halves of a paragraph split over
    two pages join the same element; ``parents`` lists the enclosing group
    elements (a list, a list item, a callout) as (role, key) pairs, outermost first.
    """

    role: str
    key: int
    parents: tuple[tuple[str, int], ...] = ()
    alt: str | None = None


ARTIFACT = None
"""The tag of decoration that is not content (rules, ruled write-in lines)."""


def draw_tagged(flowable: Flowable, tag: Tag | None, draw) -> None:
    """Draw inside the marked content the canvas's structure tree gives ``tag``."""
    with flowable.canv.structure.mark(flowable.canv, tag):
        draw()


class TaggedParagraph(Paragraph):
    """A Paragraph that knows its structure tag, and passes it on when split.

    ReportLab drops the space where it breaks a line between words, so software
    that reads the marked content (a screen reader, copy and paste) would join
    the last word of one line to the first of the next. Each such line is
    drawn ending in its space, which shows nothing on a left-aligned page. A
    word split only because it is wider than the line (a long web address)
    gets no space.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, tag: Tag | None = None,
                 reading: Reading | None = None, widest: tuple[str, float] = ("", 0.0),
                 faults: list[RenderError] | None = None, origin: model.Origin | None = None, **kwargs: Any) -> None:
        super().__init__(text, style, **kwargs)  # ReportLab's split() calls this with text None
        self.tag, self.reading, self.widest, self.faults, self.origin = tag, reading, widest, faults, origin

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        word, width = self.widest
        if width > available_width + 0.01 and self.faults is not None:
            # ReportLab will cut the word in two. Noted rather than raised: ReportLab
            # rewrites exceptions raised inside its containers, losing the location.
            self.faults.append(RenderError(fit.too_wide(word, width, available_width), str(self.origin or "")))
            self.faults = None
        return super().wrap(available_width, available_height)

    def split(self, width: float, height: float) -> list[Flowable]:
        parts = super().split(width, height)
        for number, part in enumerate(parts):
            part.tag, part.reading, part.continues = self.tag, self.reading, number > 0
        return parts

    def draw(self) -> None:
        level = HEADING_LEVELS.get(self.tag.role)
        if level is not None and not getattr(self, "continues", False):
            self.canv.structure.bookmark(self.canv, self.getPlainText(), level=level, y=self.height)
        self.blPara.lines = [_with_space(line) if self.reading.space_after(_line_text(line)) else line
                             for line in self.blPara.lines]
        draw_tagged(self, self.tag, super().draw)


@dataclass
class Reading:
    """A paragraph's text as a reader hears it, and how much of it is drawn."""

    text: str
    drawn: int = 0

    def space_after(self, line: str) -> bool:
        """Whether the break after ``line`` falls between two words."""
        line = line.strip(" ")
        found = self.text.find(line, self.drawn)
        if found < 0:  # drawn again: a callout's label repeated on its next page
            found = self.text.find(line)
        if found < 0:
            raise RenderError(f"the line '{line}' is not in the paragraph it was set from")
        self.drawn = found + len(line)
        return self.text.startswith(" ", self.drawn)


LIST_END = 2
"""Items kept together at the start and at the end of a list that runs over a page."""


def _keep_ends(items: list[Flowable]) -> list[Flowable]:
    """A list that may run over a page, but never leaves one item alone at either end.

    Keeping a whole long list together (with the heading and lead-in kept
    with it) would push it all to the next page and leave half a page empty.
    """
    if len(items) <= 2 * LIST_END:
        return [KeepTogether(items)]
    return [KeepTogether(items[:LIST_END]), *items[LIST_END:-LIST_END], KeepTogether(items[-LIST_END:])]


def _leads_in(block: model.Block) -> bool:
    """A paragraph ending in a colon introduces what follows ("…if:"), so never ends a page."""
    return isinstance(block, model.Paragraph) and markup.plain(block.text).endswith(":")


def _text_frags(line: Any) -> list[Any]:
    return [frag for frag in line.words if hasattr(frag, "text") and not hasattr(frag, "cbDefn")]


def _line_text(line: Any) -> str:
    if isinstance(line, tuple):  # a plain paragraph: (spare width, words)
        return " ".join(line[1])
    return "".join(frag.text for frag in _text_frags(line))


def _with_space(line: Any) -> Any:
    """``line`` ending in a space."""
    if isinstance(line, tuple):
        spare, words = line
        return line if words[-1].endswith(" ") else (spare, [*words[:-1], words[-1] + " "])
    last = _text_frags(line)[-1]
    if last.text.endswith(" "):
        return line
    return line.clone(words=[*line.words, last.clone(text=" ", link=[], us_lines=[])])


HEADING_LEVELS = {"H1": 0, "H2": 1, "H3": 2}
"""Headings become bookmarks, nested by level."""


class Box(Table):
    """A one-column table whose background and borders are decoration, not content.

    A box splits between its rows. Only a box with a row taller than a whole
    page may split inside a row: allowing that for every box can make ReportLab
    split and move the same box for ever.
    """

    frame_height = 0.0
    """The height of an empty page's frame, set by the typesetter."""
    least_split = 0.0
    """The smallest piece of a row worth putting on a page: one line of body text."""

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if max(self._rowHeights, default=0) > self.frame_height:
            self.splitInRow = self.least_split
        try:
            parts = super().split(available_width, available_height)
        finally:
            self.splitInRow = 0
        for part in parts:
            part.splitInRow, part.frame_height, part.least_split = 0, self.frame_height, self.least_split
        return parts

    def _drawBkgrnd(self) -> None:
        draw_tagged(self, ARTIFACT, super()._drawBkgrnd)

    def _drawLines(self) -> None:
        draw_tagged(self, ARTIFACT, super()._drawLines)


class ListItem(Flowable):
    """A list label (bullet or number) hanging beside its body paragraph."""

    def __init__(self, label: str | None, body: TaggedParagraph, label_tag: Tag, indent: float, style: ParagraphStyle) -> None:
        super().__init__()
        self.label, self.body, self.label_tag, self.indent, self.style = label, body, label_tag, indent, style

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        _, self.height = self.body.wrap(available_width - self.indent, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = self.body.split(available_width - self.indent, available_height)
        if len(parts) < 2:
            return []
        first, *rest = parts
        return [ListItem(self.label, first, self.label_tag, self.indent, self.style),
                *(ListItem(None, part, self.label_tag, self.indent, self.style) for part in rest)]

    def draw(self) -> None:
        if self.label:
            baseline = self.height - self.style.fontSize  # where Paragraph puts its first line
            def label() -> None:
                self.canv.setFont(self.style.fontName, self.style.fontSize)
                self.canv.setFillColor(self.style.textColor)
                self.canv.drawString(0, baseline, self.label)
            draw_tagged(self, self.label_tag, label)
        self.body.drawOn(self.canv, self.indent, 0)


class FigureDrawing(Flowable):
    """A vector figure scaled to fit the text width and part of the page height.

    Its labels are type like any other: none is set smaller than
    ``label_size``, however far the figure is scaled down.
    """

    def __init__(self, drawing: Drawing, width: float, max_height: float, tag: Tag, label_size: float) -> None:
        super().__init__()
        scale = min(width / drawing.width, max_height / drawing.height)
        for label, matrix in _labels(drawing):
            label.fontSize = max(label.fontSize, label_size / (scale * _magnification(matrix)))
        self.drawing, self.scale, self.tag = drawing, scale, tag
        self.width, self.height = drawing.width * scale, drawing.height * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        def paint() -> None:
            self.canv.saveState()
            self.canv.scale(self.scale, self.scale)
            renderPDF.draw(self.drawing, self.canv, 0, 0)
            self.canv.restoreState()
        draw_tagged(self, self.tag, paint)


class TaggedImage(Image):
    """A bitmap figure with its alt text tag."""

    def __init__(self, path: str, width: float, height: float, tag: Tag) -> None:
        super().__init__(path, width=width, height=height)
        self.tag = tag

    def draw(self) -> None:
        draw_tagged(self, self.tag, super().draw)


class OnlineCopyFlowable(Flowable):
    """A QR code with the words and address beside it, or below it when the address would not fit beside."""

    def __init__(self, code: Drawing, gap: float, tag: Tag, words: TaggedParagraph) -> None:
        super().__init__()
        self.code, self.size, self.gap, self.tag, self.words = code, code.width, gap, tag, words

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        beside = available_width - self.size - self.gap
        style = self.words.style
        longest = max(stringWidth(word, style.fontName, style.fontSize) for word in self.words.getPlainText().split())
        self.beside = longest <= beside
        _, words_height = self.words.wrap(beside if self.beside else available_width, available_height)
        self.width = available_width
        self.height = max(self.size, words_height) if self.beside else self.size + self.gap + words_height
        return self.width, self.height

    def draw(self) -> None:
        top = self.height - self.size
        draw_tagged(self, self.tag, lambda: renderPDF.draw(self.code, self.canv, 0, top))
        if self.beside:
            self.words.drawOn(self.canv, self.size + self.gap, self.height - self.words.height)
        else:
            self.words.drawOn(self.canv, 0, 0)


class Rules(Flowable):
    """Evenly spaced lines to write on, and a decorative rule when ``count`` is 1."""

    def __init__(self, count: int, spacing: float, colour: str, weight: float) -> None:
        super().__init__()
        self.count, self.spacing, self.colour, self.weight = count, spacing, colour, weight

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return self.width, self.count * self.spacing

    def draw(self) -> None:
        def paint() -> None:
            self.canv.setStrokeColor(colors.HexColor(self.colour))
            self.canv.setLineWidth(self.weight)
            for n in range(self.count):
                self.canv.line(0, n * self.spacing, self.width, n * self.spacing)
        draw_tagged(self, ARTIFACT, paint)


@dataclass
class Styles:
    """Paragraph styles derived from a layout."""

    layout: Layout
    fonts: FontFamily
    by_name: dict[str, ParagraphStyle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        lay, sizes, space = self.layout, self.layout.sizes, self.layout.spacing
        text, heading = colors.HexColor(lay.colours.text), colors.HexColor(lay.colours.heading)

        def style(name: str, size: float, *, bold: bool = False, colour=text, before: float = 0, after: float = 0) -> None:
            self.by_name[name] = ParagraphStyle(
                name, fontName=self.fonts.bold if bold else self.fonts.regular, fontSize=size,
                leading=size * lay.leading, textColor=colour, alignment=TA_LEFT, spaceBefore=before,
                spaceAfter=after, allowWidows=0, allowOrphans=0, splitLongWords=1,
            )

        style("title", sizes.title, bold=True, colour=heading, after=space.after_heading)
        style("subtitle", sizes.subtitle, bold=True, after=space.after_heading)
        style("masthead", sizes.body, bold=True, after=space.after_heading)
        style("H2", sizes.heading, bold=True, colour=heading, before=space.before_heading, after=space.after_heading)
        style("H3", sizes.subheading, bold=True, colour=heading, before=space.before_heading, after=space.after_heading)
        style("body", sizes.body, after=space.paragraph)
        style("strong", sizes.body, bold=True, after=space.list_item)
        style("item", sizes.body, after=space.list_item)
        style("caption", sizes.small, after=space.paragraph)

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.by_name[name]


class Setter:
    """Sets tagged text in one layout. A leaflet's pages and a pack's contents page share it."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.fonts = register(layout.font, layout.fallback_font)
        self.styles = Styles(layout, self.fonts)
        self._keys = itertools.count(1)
        self.faults: list[RenderError] = []
        """Text that could not be set as written, found while ReportLab lays out the pages."""

    def tag(self, role: str, parents: tuple[tuple[str, int], ...] = (), alt: str | None = None) -> Tag:
        return Tag(role, next(self._keys), parents, alt)

    def group(self, role: str, parents: tuple[tuple[str, int], ...] = ()) -> tuple[tuple[str, int], ...]:
        return (*parents, (role, next(self._keys)))

    def para(self, text: str, style: str, role: str = "P", parents: tuple[tuple[str, int], ...] = (), origin: model.Origin | None = None) -> TaggedParagraph:
        missing = self.fonts.missing(markup.plain(text))
        if missing:
            shown = f"'{missing}' " if missing.isprintable() else ""  # an invisible or direction mark would garble the message
            raise RenderError(f"the character {shown}(U+{ord(missing):04X}) is in neither the font "
                              f"{self.layout.font} nor its fallback {self.layout.fallback_font}; "
                              f"replace it with words or a character the fonts have", str(origin) if origin else "")
        chosen = self.styles[style]
        narrowest = self.layout.frame_width - 2 * self.layout.spacing.callout_padding  # a callout's text

        def fits(word: str, bold: bool) -> bool:
            return stringWidth(word, self.fonts.bold if bold else self.fonts.regular, chosen.fontSize) <= narrowest

        xml = markup.to_paragraph_xml(text, self.layout.colours.link, self.fonts, fits)
        widest = fit.widest_word(text, self.fonts.regular, self.fonts.bold, chosen.fontSize, chosen.fontName == self.fonts.bold)
        return TaggedParagraph(xml, chosen, self.tag(role, parents), Reading(markup.shown(text)), widest, self.faults, origin)


class Typesetter(Setter):
    """Makes the flowables of one leaflet in one layout."""

    def __init__(self, resolved: Resolved, layout: Layout) -> None:
        super().__init__(layout)
        self.resolved = resolved

    def flowables(self) -> list[Flowable]:
        story = self.title_block()
        held: list[Flowable] = []  # headings and lead-ins waiting to be kept with what follows them
        for block in self.resolved.blocks:
            parts = self.block(block)
            if isinstance(block, model.Heading) or _leads_in(block):
                held.extend(parts)
                continue
            if held:
                # ReportLab's keepWithNext ignores a following KeepTogether, so join them here.
                first, *rest = parts
                inner = first._content if isinstance(first, KeepTogether) else [first]
                while rest and inner[-1].getKeepWithNext():  # a question with its answer, or the heading is left alone
                    inner.append(rest.pop(0))
                parts, held = [KeepTogether([*held, *inner]), *rest], []
            story.extend(parts)
        return story + held

    def items(self, items: tuple[str, ...], numbered: bool, origin: model.Origin, parents=()) -> list[Flowable]:
        """An L element: each item an LI with a Lbl and an LBody."""
        if not items:
            return []
        style = self.styles["item"]
        labels = [f"{n}." if numbered else "\u2022" for n in range(1, len(items) + 1)]
        indent = max(stringWidth(label, style.fontName, style.fontSize) for label in labels) + style.fontSize * 0.8
        in_list = self.group("L", parents)
        out: list[Flowable] = []
        for label, text in zip(labels, items):
            item = self.group("LI", in_list)
            out.append(ListItem(label, self.para(text, "item", "LBody", item, origin), self.tag("Lbl", item), indent, style))
        return out

    # page 1

    def title_block(self) -> list[Flowable]:
        leaflet, site = self.resolved.leaflet, self.resolved.site
        here, there = model.Origin(leaflet.path, 1), model.Origin(site.path, 1)
        block = [
            self.para(f"{site.organisation} \u2013 {site.department}", "masthead", origin=there),
            self.para(leaflet.title, "title", "H1", origin=here),
        ]
        if leaflet.subtitle:
            block.append(self.para(leaflet.subtitle, "subtitle", origin=here))
        block += [Rules(1, self.layout.spacing.block, self.layout.colours.rule, 2), Spacer(0, self.layout.spacing.block)]
        return block

    # blocks

    def block(self, block: model.Block) -> list[Flowable]:
        method = getattr(self, f"_{type(block).__name__.lower()}")
        return method(block)

    def _heading(self, block: model.Heading) -> list[Flowable]:
        role = "H2" if block.level == 1 else "H3"
        return [self.para(block.text, role, role, origin=block.origin)]

    def _paragraph(self, block: model.Paragraph) -> list[Flowable]:
        return [self.para(block.text, "body", origin=block.origin)]

    def _bulletlist(self, block: model.BulletList) -> list[Flowable]:
        return self.spaced(_keep_ends(self.items(block.items, False, block.origin)))

    def _steps(self, block: model.Steps) -> list[Flowable]:
        return self.spaced(_keep_ends(self.items(block.items, True, block.origin)))

    def spaced(self, flowables: list[Flowable]) -> list[Flowable]:
        """Leave the layout's block space after a run of flowables.

        The space is the space *before* an empty flowable, which a page drops
        at its top as it does a paragraph's: a plain Spacer pushed over a page
        break would leave that page "not at the top", and a group kept
        together that then fails to fit would leave the page blank.
        """
        space = Spacer(0, 0)
        space.spaceBefore = self.layout.spacing.block
        return [*flowables, space]

    def _callout(self, block: model.Callout) -> list[Flowable]:
        box = self.group("Div")
        label = model.CALLOUT_LABELS[block.kind]
        title = f"{label}: {block.title}" if block.title else label
        rows: list[Flowable] = [self.para(title, "strong", parents=box, origin=block.origin)]
        if block.text:
            rows.append(self.para(block.text, "body", parents=box, origin=block.origin))
        rows.extend(self.items(block.items, False, block.origin, box))
        colours = getattr(self.layout.colours, block.kind.value)
        pad = self.layout.spacing.callout_padding
        weight = 3 if block.kind is model.CalloutKind.URGENT else 1.5
        # A callout taller than a page (large print at a large size) runs on with its label repeated,
        # so the part on the next page still says "Urgent" in words, not by colour alone.
        table = Box([[row] for row in rows], colWidths=[self.layout.frame_width], repeatRows=1)
        table.frame_height, table.least_split = self.layout.frame_height, self.styles["body"].leading
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else cells start in Helvetica
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(colours.background)),
            ("BOX", (0, 0), (-1, -1), weight, colors.HexColor(colours.border)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
        ]))
        return self.spaced([KeepTogether([table])])

    def _figure(self, block: model.Figure) -> list[Flowable]:
        path = content_file(self.resolved.content_dir, block.file, block.origin, FIGURE_TYPES)
        figure_tag = self.tag("Figure", alt=block.alt)
        max_height = self.layout.frame_height * 0.6
        width = self.layout.frame_width
        if path.suffix.lower() == ".svg":
            drawing = load_svg(path, self.resolved.content_dir, self.fonts, block.origin)
            figure: Flowable = FigureDrawing(drawing, width, max_height, figure_tag, self.layout.sizes.small)
            crowded = crowded_label(drawing)
            if crowded:
                raise RenderError(f"{block.origin}: at {self.layout.sizes.small:g} pt the label '{crowded}' of the figure "
                                  f"'{path.name}' overlaps another label or leaves the picture; give it more room in the SVG")
        else:
            pixels_wide, pixels_high = ImageReader(str(path)).getSize()
            scale = min(width / pixels_wide, max_height / pixels_high)
            figure = TaggedImage(str(path), pixels_wide * scale, pixels_high * scale, figure_tag)
        parts = [figure]
        if block.caption:
            parts.append(self.para(block.caption, "caption", "Caption", origin=block.origin))
        return self.spaced([KeepTogether(parts)])

    def _contacts(self, block: model.Contacts) -> list[Flowable]:
        site = self.resolved.site
        lines = [f"**{site.department}**"]
        for phone in site.phones:
            hours = f" ({phone.hours})" if phone.hours else ""
            lines.append(f"{phone.label}: **{phone.number}**{hours}")
        out = [self.para(line, "item", origin=block.origin) for line in lines]
        out.append(self.para(", ".join(site.address), "item", origin=block.origin))
        out.append(self.para(f"Website: [{site.web}]({site.web})", "body", origin=block.origin))
        return [KeepTogether(out)]

    def _onlinecopy(self, block: model.OnlineCopy) -> list[Flowable]:
        alt = f"QR code that opens this leaflet online at {block.address}"
        words = self.para(online_text(block.address), "body", origin=block.origin)
        size = self.layout.qr.size
        code = QrCodeWidget(block.address, barLevel="M", barBorder=4)  # 4 modules of quiet zone, as the standard asks
        code.barFillColor = colors.HexColor(self.layout.colours.text)  # dark on the white page: prints in black and white
        code.barWidth = code.barHeight = size
        drawing = Drawing(size, size)
        drawing.add(code)
        drawing.initialFontName = self.fonts.regular  # else the renderer's state starts in Helvetica
        return [OnlineCopyFlowable(drawing, self.layout.qr.gap, self.tag("Figure", alt=alt), words)]

    def _writein(self, block: model.WriteIn) -> list[Flowable]:
        label = self.para(block.label, "strong", origin=block.origin)
        lines = Rules(block.lines, self.layout.spacing.write_in_line, self.layout.colours.text, 0.75)
        return self.spaced([KeepTogether([label, lines])])

    def _questions(self, block: model.Questions) -> list[Flowable]:
        # Each question stays with its answer, and the first pair with a heading before it.
        return [KeepTogether([self.para(pair.question, "strong", origin=block.origin),
                              self.para(pair.answer, "body", origin=block.origin)]) for pair in block.pairs]


def load_svg(path, content_dir, fonts: FontFamily, origin: model.Origin) -> Drawing:
    """Read an SVG as vector shapes, setting its text in the layout's font."""
    from svglib.svglib import svg2rlg
    try:
        drawing = svg2rlg(str(path), external_reference_root=str(content_dir.resolve()))
    except Exception as error:  # svglib raises many types for malformed files
        raise RenderError(f"the figure '{path.name}' cannot be read ({error}); check it is a valid SVG file", str(origin)) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise RenderError(f"the figure '{path.name}' has no size; give the SVG width and height", str(origin))
    drawing.initialFontName = fonts.regular  # else the renderer's state starts in Helvetica
    for string, _ in _labels(drawing):
        string.fontName = fonts.bold if "bold" in string.fontName.lower() else fonts.regular
    return drawing


def _labels(node: Any, matrix: tuple[float, ...] = (1, 0, 0, 1, 0, 0)) -> Iterator[tuple[String, tuple[float, ...]]]:
    """Every text label in a drawing, with the transform that places it."""
    if isinstance(node, String):
        yield node, matrix
    elif isinstance(node, (Group, Drawing)):
        inner = mmult(matrix, node.transform)
        for child in node.contents:
            yield from _labels(child, inner)


def _magnification(matrix: tuple[float, ...]) -> float:
    return math.sqrt(abs(matrix[0] * matrix[3] - matrix[1] * matrix[2]))


def crowded_label(drawing: Drawing) -> str | None:
    """The first label that overlaps another or leaves the drawing, if any."""
    boxes = []
    for label, matrix in _labels(drawing):
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
