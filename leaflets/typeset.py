"""Stage 4, lay out: turn resolved blocks into ReportLab flowables styled by a layout.

Every flowable made here carries a :class:`Tag` saying what it is in the
document's logical structure (a heading, a list body, a figure…), so that the
renderer can tag the PDF as it draws. Sizes and colours come only from the
layout; the code decides arrangement, never measurements.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Iterator

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Group, String
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
from .resolve import Resolved, content_file, FIGURE_TYPES


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
    """A Paragraph that knows its structure tag, and passes it on when split."""

    def __init__(self, text: str | None, style: ParagraphStyle, tag: Tag | None = None,
                 widest: tuple[str, float] = ("", 0.0), faults: list[RenderError] | None = None,
                 origin: model.Origin | None = None, **kwargs: Any) -> None:
        super().__init__(text, style, **kwargs)  # ReportLab's split() calls this with text None
        self.tag, self.widest, self.faults, self.origin = tag, widest, faults, origin

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
            part.tag, part.continues = self.tag, number > 0
        return parts

    def draw(self) -> None:
        level = HEADING_LEVELS.get(self.tag.role)
        if level is not None and not getattr(self, "continues", False):
            self.canv.structure.bookmark(self.canv, self.getPlainText(), level=level, y=self.height)
        draw_tagged(self, self.tag, super().draw)


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
    """A vector figure scaled to fit the text width and part of the page height."""

    def __init__(self, drawing: Drawing, width: float, max_height: float, tag: Tag) -> None:
        super().__init__()
        scale = min(width / drawing.width, max_height / drawing.height)
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
                spaceAfter=after, allowWidows=0, allowOrphans=0, splitLongWords=1, uriWasteReduce=fit.URI_WASTE,
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


class Typesetter:
    """Makes the flowables of one leaflet in one layout."""

    def __init__(self, resolved: Resolved, layout: Layout) -> None:
        self.resolved, self.layout = resolved, layout
        self.fonts = register(layout.font)
        self.styles = Styles(layout, self.fonts)
        self._keys = itertools.count(1)
        self.faults: list[RenderError] = []
        """Text that could not be set as written, found while ReportLab lays out the pages."""

    def flowables(self) -> list[Flowable]:
        story = self.title_block()
        held: list[Flowable] = []  # headings waiting to be kept with what follows them
        for block in self.resolved.blocks:
            parts = self.block(block)
            if isinstance(block, model.Heading):
                held.extend(parts)
                continue
            if held:
                # ReportLab's keepWithNext ignores a following KeepTogether, so join them here.
                first, *rest = parts
                inner = first._content if isinstance(first, KeepTogether) else [first]
                parts, held = [KeepTogether([*held, *inner]), *rest], []
            story.extend(parts)
        return story + held

    # helpers

    def tag(self, role: str, parents: tuple[tuple[str, int], ...] = (), alt: str | None = None) -> Tag:
        return Tag(role, next(self._keys), parents, alt)

    def group(self, role: str, parents: tuple[tuple[str, int], ...] = ()) -> tuple[tuple[str, int], ...]:
        return (*parents, (role, next(self._keys)))

    def para(self, text: str, style: str, role: str = "P", parents: tuple[tuple[str, int], ...] = (), origin: model.Origin | None = None) -> TaggedParagraph:
        missing = self.fonts.covers(markup.plain(text))
        if missing:
            shown = f"'{missing}' " if missing.isprintable() else ""  # an invisible or direction mark would garble the message
            raise RenderError(f"the character {shown}(U+{ord(missing):04X}) is not in the font "
                              f"{self.layout.font}; replace it with words or a character the font has",
                              str(origin) if origin else "")
        chosen = self.styles[style]
        widest = fit.widest_word(text, self.fonts.regular, self.fonts.bold, chosen.fontSize, chosen.fontName == self.fonts.bold)
        return TaggedParagraph(markup.to_paragraph_xml(text, self.layout.colours.link), chosen, self.tag(role, parents),
                               widest, self.faults, origin)

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
        return self.spaced([KeepTogether(self.items(block.items, False, block.origin))])

    def _steps(self, block: model.Steps) -> list[Flowable]:
        return self.spaced([KeepTogether(self.items(block.items, True, block.origin))])

    def spaced(self, flowables: list[Flowable]) -> list[Flowable]:
        """Leave the layout's block space after a run of flowables."""
        return [*flowables, Spacer(0, self.layout.spacing.block)]

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
        table = Box([[row] for row in rows], colWidths=[self.layout.frame_width])
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
            figure: Flowable = FigureDrawing(drawing, width, max_height, figure_tag)
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

    def _writein(self, block: model.WriteIn) -> list[Flowable]:
        label = self.para(block.label, "strong", origin=block.origin)
        lines = Rules(block.lines, self.layout.spacing.write_in_line, self.layout.colours.text, 0.75)
        return self.spaced([KeepTogether([label, lines])])

    def _questions(self, block: model.Questions) -> list[Flowable]:
        out: list[Flowable] = []
        for pair in block.pairs:
            question = self.para(pair.question, "strong", origin=block.origin)
            question.keepWithNext = True
            out += [question, self.para(pair.answer, "body", origin=block.origin)]
        return out


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
    for string in _strings(drawing):
        string.fontName = fonts.bold if "bold" in string.fontName.lower() else fonts.regular
    return drawing


def _strings(node: Any) -> Iterator[String]:
    if isinstance(node, String):
        yield node
    elif isinstance(node, (Group, Drawing)):
        for child in node.contents:
            yield from _strings(child)
