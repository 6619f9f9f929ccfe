"""Typeset: turn a document's blocks into tagged ReportLab flowables styled by a layout.

Sizes and colours come only from the layout; the code decides arrangement,
never measurements. The page-fill policy lives here too: what is kept with
what (a heading with what follows, a lead-in with its list, the ends of a
long list), so tests reach it without drawing a whole PDF.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, TableStyle

from ...document.model import Document
from ...document.words import callout_label, sentence
from ...errors import RenderError
from ...source import markup, model
from . import fit
from .bidi import directions, visual_text
from .svg import crowded_label, load_svg
from .flowables import (Box, FigureDrawing, ListItem, OnlineCopyFlowable, Reading, Rules, RuledTable, Tag, TaggedImage,
                        TaggedParagraph, Unruled)
from .fonts import FontFamily, is_mark, register
from .keeping import FigureBlock, RoomToWrite, TitleBlock, Together, most_empty, with_start
from .layouts import Layout, script_of
from .markup import to_paragraph_xml
from .righttoleft import RightToLeftParagraph


WRITE_IN_WEIGHT = 0.75
"""Points: lines to write on, fine enough not to compete with the words."""
LIST_END = 2
"""Items kept together at the start and at the end of a list that runs over a page."""


def keep_ends(items: list[Flowable], most: float) -> list[Flowable]:
    """A list that may run over a page, but never leaves one item alone at either end.

    Its first two items stay together and so do its last two; between them
    the list breaks where the page ends. A lead-in kept with the list's start
    (``with_start``) is so kept with its first two points, not the whole
    list. Keeping a group together never leaves more than ``most`` of a page
    empty: then it flows.
    """
    if len(items) < 2 * LIST_END:  # too short to break between its ends
        return [Together(items, most)]
    return [Together(items[:LIST_END], most), *items[LIST_END:-LIST_END], Together(items[-LIST_END:], most)]


def leads_in(block: model.Block) -> bool:
    """A paragraph ending in a colon introduces what follows ("…if:"), so never ends a page."""
    return isinstance(block, model.Paragraph) and markup.plain(block.text).endswith(":")


@dataclass
class Styles:
    """Paragraph styles derived from a layout."""

    layout: Layout
    fonts: FontFamily
    by_name: dict[str, ParagraphStyle] = field(default_factory=dict)
    right_to_left: bool = False
    """Right-aligned and shaped (see ``righttoleft``)."""

    def __post_init__(self) -> None:
        lay, sizes, space = self.layout, self.layout.sizes, self.layout.spacing
        text, heading = colors.HexColor(lay.colours.text), colors.HexColor(lay.colours.heading)
        direction = {"alignment": TA_RIGHT, "shaping": 1} if self.right_to_left else {"alignment": TA_LEFT}

        def style(name: str, size: float, *, bold: bool = False, colour=text, before: float = 0, after: float = 0) -> None:
            self.by_name[name] = ParagraphStyle(
                name, fontName=self.fonts.bold if bold else self.fonts.regular, fontSize=size,
                leading=size * lay.leading, textColor=colour, spaceBefore=before,
                spaceAfter=after, allowWidows=0, allowOrphans=0, splitLongWords=1, **direction,
            )

        style("title", sizes.title, bold=True, colour=heading, after=space.after_heading)
        style("subtitle", sizes.subtitle, bold=True, after=space.after_heading)
        style("masthead", sizes.body, bold=True, after=space.after_heading)
        style("H2", sizes.heading, bold=True, colour=heading, before=space.before_heading, after=space.after_heading)
        style("H3", sizes.subheading, bold=True, colour=heading, before=space.before_heading, after=space.after_heading)
        style("body", sizes.body, after=space.paragraph)
        style("lead-in", sizes.body, after=space.list_item)  # "…if:" sits with what it introduces, as its items do
        style("strong", sizes.body, bold=True, after=space.list_item)
        style("item", sizes.body, after=space.list_item)
        style("caption", sizes.small, after=space.paragraph)

    def __getitem__(self, name: str) -> ParagraphStyle:
        return self.by_name[name]


def unset(missing: str, layout: Layout) -> str:
    """Why a letter cannot be set, naming each of its characters: one no font has, or marks no font places on it."""
    codes = " + ".join(f"U+{ord(char):04X}" for char in missing)
    shown = f"'{missing}' " if missing.isprintable() else ""  # an invisible or direction mark would garble the message
    fonts = f"the font {layout.font} nor its fallback {layout.fallback_font}"
    if len(missing) == 1:
        return f"the character {shown}({codes}) is in neither {fonts}; replace it with words or a character the fonts have"
    return (f"the letter {shown}({codes}) is set with its marks on it by neither {fonts}; "
            f"write the letter with marks the fonts place, or in words")


def shaped(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` with its words shaped by HarfBuzz, for text with combining marks (most text needs none)."""
    return ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)


def online_text(address: str) -> str:
    """The words beside the QR code, so the code is never the only way in."""
    return f"Scan the code with your phone's camera, or type this address into a web browser: [{address}]({address})"


def script_family(document: Document, layout: Layout) -> str | None:
    """The family ``layout`` names for a right-to-left document's script: that of the first of its characters it names."""
    if document.direction != "rtl":
        return None
    return next(filter(None, (script_of(char, layout.script_fonts) for line in document.wording for char in line)), None)


class Setter:
    """Sets tagged text in one layout. A leaflet's pages and a pack's contents page share it.

    A right-to-left document's text is set by ``RightToLeftParagraph``, in
    its script's family (``script``) as well as the layout's own.
    """

    def __init__(self, layout: Layout, direction: str = "ltr", script: str | None = None) -> None:
        self.layout = layout
        self.right_to_left = direction == "rtl"
        self.fonts = register(layout.font, layout.fallback_font, script)
        self.styles = Styles(layout, self.fonts, right_to_left=self.right_to_left)
        self._keys = itertools.count(1)
        self.faults: list[RenderError] = []
        """Text that could not be set as written, found while ReportLab lays out the pages."""
        self.most_empty = most_empty(layout)

    lang: str | None = None
    """Tags every element this setter makes with its language: a bilingual copy's two columns each have one."""

    def tag(self, role: str, parents: tuple[tuple[str, int], ...] = (), alt: str | None = None) -> Tag:
        return Tag(role, next(self._keys), parents, alt, self.lang)

    def group(self, role: str, parents: tuple[tuple[str, int], ...] = ()) -> tuple[tuple[str, int], ...]:
        return (*parents, (role, next(self._keys)))

    def para(self, text: str, style: str, role: str = "P", parents: tuple[tuple[str, int], ...] = (), origin: model.Origin | None = None) -> TaggedParagraph:
        missing = self.fonts.missing(markup.plain(text))
        if missing:
            raise RenderError(unset(missing, self.layout), str(origin) if origin else "")
        chosen = style if isinstance(style, ParagraphStyle) else self.styles[style]
        if not self.right_to_left and any(map(is_mark, set(text))):
            chosen = shaped(chosen)  # HarfBuzz places each mark on its letter
        narrowest = self.layout.frame_width - 2 * self.layout.spacing.callout_padding  # a callout's text

        def fits(word: str, bold: bool) -> bool:
            return stringWidth(word, self.fonts.of(bold), chosen.fontSize) <= narrowest

        bold = chosen.fontName == self.fonts.bold
        widest = fit.widest_word(text, self.fonts.regular, self.fonts.bold, chosen.fontSize, bold)
        shown = markup.shown(text)
        if not self.right_to_left:
            xml = to_paragraph_xml(text, self.layout.colours.link, self.fonts, fits, bold=bold)
            return TaggedParagraph(xml, chosen, self.tag(role, parents), Reading(shown), widest, self.faults, origin)
        xml = to_paragraph_xml(text, self.layout.colours.link, self.fonts, fits, directions(shown), bold)
        paragraph = RightToLeftParagraph(xml, chosen, self.tag(role, parents), Reading(shown), widest, self.faults, origin)
        script = self.fonts.script
        paragraph.script_faces = frozenset((script.regular, script.bold)) if script else frozenset()
        return paragraph


    def table(self, header: tuple[str, ...], rows: list[tuple[str, ...]], shares: tuple[float, ...]) -> Flowable:
        """A tagged table of words: a header row of column headers, then ``rows``; ``shares`` of the width per column."""
        table = self.group("Table")
        cells = []
        for values, role in ((header, "TH"), *((row, "TD") for row in rows)):
            tr = self.group("TR", table)
            cells.append([self.para(value, "caption", role, tr) for value in values])
        for cell in cells[0]:
            cell.tag = replace(cell.tag, scope="Column")
        ruled = RuledTable(cells, colWidths=[share * self.layout.frame_width for share in shares])
        rule = self.layout.colours.text
        ruled.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 1.5, rule), ("LINEBELOW", (0, 1), (-1, -1), 0.5, rule),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        return ruled


class Typesetter(Setter):
    """Makes the flowables of one leaflet in one layout."""

    def __init__(self, document: Document, layout: Layout) -> None:
        super().__init__(layout, document.direction, script_family(document, layout))
        self.document = document

    def flowables(self) -> list[Flowable]:
        story = self.title_block()
        held: list[Flowable] = []  # headings and lead-ins waiting to be kept with what follows them
        for block in self.document.blocks:
            parts = self.block(block)
            if isinstance(block, model.Heading) and not held and story and isinstance(story[-1], Spacer):
                story.pop()  # a heading's own space before it stands for the block's after it, as after a paragraph
            if isinstance(block, model.Heading) or leads_in(block):
                held.extend(parts)
                continue
            if held:
                first, *rest = parts
                parts, held = [with_start(held, first), *rest], []
            story.extend(parts)
        story += held
        for place, flowable in enumerate(story):
            if isinstance(flowable, RoomToWrite):
                flowable.following = next((f for f in story[place + 1:] if not isinstance(f, Spacer)), None)
        return story

    def items(self, items: tuple[str, ...], numbered: bool, origin: model.Origin, parents=()) -> list[Flowable]:
        """An L element: each item an LI with a Lbl and an LBody."""
        if not items:
            return []
        style = self.styles["item"]
        labels = [f"{n}." if numbered else "\u2022" for n in range(1, len(items) + 1)]
        if self.right_to_left:
            labels = [visual_text(label) for label in labels]
        indent = max(stringWidth(label, style.fontName, style.fontSize) for label in labels) + style.fontSize * 0.8
        in_list = self.group("L", parents)
        out: list[Flowable] = []
        for label, text in zip(labels, items):
            item = self.group("LI", in_list)
            out.append(ListItem(label, self.para(text, "item", "LBody", item, origin), self.tag("Lbl", item), indent, style))
        return out

    # page 1

    def title_block(self) -> list[Flowable]:
        top, masthead = self.title_parts()
        return [TitleBlock([*top, masthead], 0, 1), *self.title_rule()]

    def title_parts(self) -> tuple[list[Flowable], Flowable]:
        """The title (and subtitle), then who the leaflet is from.

        The title first: a reader meets what it is about before the trust's
        name, and in a pack the names do not run at the top of page after page.
        """
        leaflet, site = self.document.leaflet, self.document.site
        here, there = model.Origin(leaflet.path, 1), model.Origin(site.path, 1)
        top = [self.para(leaflet.title, "title", "H1", origin=here)]
        if leaflet.subtitle:
            top.append(self.para(leaflet.subtitle, "subtitle", origin=here))
        return top, self.para(f"{site.organisation} \u2013 {site.department}", "masthead", origin=there)

    def title_rule(self) -> list[Flowable]:
        """The rule under the title block, and the space after it."""
        return [Rules(1, self.layout.spacing.block, self.layout.colours.rule, 2), Spacer(0, self.layout.spacing.block)]

    # blocks

    def block(self, block: model.Block) -> list[Flowable]:
        method = getattr(self, f"_{type(block).__name__.lower()}")
        return method(block)

    def _heading(self, block: model.Heading) -> list[Flowable]:
        role = "H2" if block.level == 1 else "H3"
        return [self.para(block.text, role, role, origin=block.origin)]

    def _paragraph(self, block: model.Paragraph) -> list[Flowable]:
        return [self.para(block.text, "lead-in" if leads_in(block) else "body", origin=block.origin)]

    def _bulletlist(self, block: model.BulletList) -> list[Flowable]:
        return self.spaced(keep_ends(self.items(block.items, False, block.origin), self.most_empty))

    def _steps(self, block: model.Steps) -> list[Flowable]:
        return self.spaced(keep_ends(self.items(block.items, True, block.origin), self.most_empty))

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
        label = callout_label(block, self.document.phrases)
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
        table.most_empty = self.most_empty
        table.border = (weight, colours.border)
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else cells start in Helvetica
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(colours.background)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
        ]))
        return self.spaced([Together([table], self.most_empty)])

    def _figure(self, block: model.Figure) -> list[Flowable]:
        parts = [self.picture(block, self.layout.frame_width, self.layout.frame_height * 0.6)]
        if block.caption:
            parts.append(self.para(block.caption, "caption", "Caption", origin=block.origin))
        return self.spaced([FigureBlock(parts, self.most_empty)])

    def _row(self, block: model.Row) -> list[Flowable]:
        """An Easy Read row: its picture on the left, read first, its words beside it; it moves on whole, never split."""
        rows = self.layout.rows
        if rows is None:
            raise RenderError("an Easy Read row is set only in an Easy Read layout", str(block.origin))
        row = self.group("Div")
        picture = self.picture(block.figure, rows.picture, rows.picture, row)
        words: list[Flowable] = [self.para(block.text, "body", parents=row, origin=block.origin)]
        if block.contacts:
            words += self.contact_lines(block.origin, row)
        text_width = self.layout.frame_width - rows.picture - rows.gap
        table = Unruled([[picture, words]], colWidths=[rows.picture + rows.gap, text_width])
        table.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else cells start in Helvetica
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]))
        return self.spaced([table])

    def picture(self, block: model.Figure, width: float, max_height: float, parents=()) -> Flowable:
        """A figure's picture, scaled to ``width`` and ``max_height``, tagged as a Figure with its description."""
        path = self.document.figure(block)
        figure_tag = self.tag("Figure", parents, alt=sentence(block.alt))  # read before a caption: a sentence of its own
        if path.suffix.lower() == ".svg":
            drawing = load_svg(path, self.layout.font, self.fonts, block.origin)
            figure: Flowable = FigureDrawing(drawing, width, max_height, figure_tag, self.layout.sizes.small)
            crowded = crowded_label(drawing)
            if crowded:
                raise RenderError(f"{block.origin}: at {self.layout.sizes.small:g} pt the label '{crowded}' of the figure "
                                  f"'{path.name}' overlaps another label or leaves the picture; give it more room in the SVG")
        else:
            pixels_wide, pixels_high = ImageReader(str(path)).getSize()
            scale = min(width / pixels_wide, max_height / pixels_high)
            figure = TaggedImage(str(path), pixels_wide * scale, pixels_high * scale, figure_tag)
        return figure

    def _contacts(self, block: model.Contacts) -> list[Flowable]:
        return [Together(self.contact_lines(block.origin), self.most_empty)]

    def contact_lines(self, origin: model.Origin, parents=()) -> list[Flowable]:
        """The site's department, phones, address and website, a paragraph each."""
        site = self.document.site
        lines = [f"**{site.department}**"]
        for phone in site.phones:
            hours = f" ({phone.hours})" if phone.hours else ""
            lines.append(f"{phone.label}: **{phone.number}**{hours}")
        out = [self.para(line, "item", parents=parents, origin=origin) for line in lines]
        out.append(self.para(", ".join(site.address), "item", parents=parents, origin=origin))
        out.append(self.para(self.document.phrases.say("website", address=f"[{site.web}]({site.web})"), "body",
                             parents=parents, origin=origin))
        return out

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
        spacing, colour = self.layout.spacing.write_in_line, self.layout.colours.text
        lines = Rules(block.lines, spacing, colour, WRITE_IN_WEIGHT)
        room = RoomToWrite(spacing, colour, WRITE_IN_WEIGHT, self.layout.spacing.block, self.layout.frame_height)
        return self.spaced([Together([label, lines], self.most_empty, held=1), room])

    def _questions(self, block: model.Questions) -> list[Flowable]:
        # Each question stays with its answer, and the first pair with a heading before it.
        return [Together([self.para(pair.question, "strong", origin=block.origin),
                          self.para(pair.answer, "body", origin=block.origin)], self.most_empty, held=1)
                for pair in block.pairs]
