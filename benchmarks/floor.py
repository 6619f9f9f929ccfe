"""The floor: the same leaflets printed by a minimal hand-written ReportLab script.

Same words, fonts, sizes, spacing, colours and page furniture as the project,
but nothing else: no validation, no tagging, no reading back. Whatever the
project takes beyond this is the price of its checks.

    python benchmarks/floor.py EXPORT.json OUTPUT_DIR

EXPORT.json comes from benchmarks/content.py. Prints one JSON line: pdfs, pages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from svglib.svglib import svg2rlg

REGULAR, BOLD = "Floor", "Floor-Bold"
FOOTER_GAP = "   "


class Lines(Flowable):
    """Ruled lines: the write-in space, and the rule under the title."""

    def __init__(self, count: int, spacing: float, colour: str, weight: float) -> None:
        super().__init__()
        self.count, self.spacing, self.colour, self.weight = count, spacing, colour, weight

    def wrap(self, width: float, height: float) -> tuple[float, float]:
        self.width = width
        return width, self.count * self.spacing

    def draw(self) -> None:
        self.canv.setStrokeColor(colors.HexColor(self.colour))
        self.canv.setLineWidth(self.weight)
        for n in range(self.count):
            self.canv.line(0, n * self.spacing, self.width, n * self.spacing)


class Picture(Flowable):
    def __init__(self, path: str, width: float, max_height: float) -> None:
        super().__init__()
        self.drawing = svg2rlg(path)
        self.scale = min(width / self.drawing.width, max_height / self.drawing.height)
        self.width, self.height = self.drawing.width * self.scale, self.drawing.height * self.scale

    def draw(self) -> None:
        self.canv.scale(self.scale, self.scale)
        self.drawing.drawOn(self.canv, 0, 0)


def footer_canvas(lines: list[str], layout: dict[str, Any]):
    """A canvas class that keeps pages until the count is known, then adds the footer."""
    size, lay = layout["sizes"]["small"], layout
    left, right = lay["margins"]["left"], lay["page_size"][0] - lay["margins"]["right"]
    rule = lay["footer_from_bottom"] + size + size * lay["leading"] * (len(lines) - 1) + lay["spacing"]["after_heading"]

    class Footed(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict] = []

        def showPage(self) -> None:
            self.pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self.pages, start=1):
                self.__dict__.update(state)
                self.setStrokeColor(colors.HexColor(lay["colours"]["rule"]))
                self.line(left, rule, right, rule)
                self.setFont(REGULAR, size)
                top = rule - lay["spacing"]["after_heading"] - size
                for n, line in enumerate(lines):
                    self.drawString(left, top - n * size * lay["leading"], line)
                self.drawRightString(right, top, f"Page {number} of {len(self.pages)}")
                Canvas.showPage(self)
            Canvas.save(self)

    return Footed


def footer_lines(items: list[str], layout: dict[str, Any]) -> list[str]:
    """The footer items packed into as few lines as fit beside the page number."""
    size, width = layout["sizes"]["small"], layout["page_size"][0] - layout["margins"]["left"] - layout["margins"]["right"]
    room = width - stringWidth("Page 99 of 99" + FOOTER_GAP, REGULAR, size)
    lines: list[str] = []
    for item in items:
        if lines and stringWidth(lines[-1] + FOOTER_GAP + item, REGULAR, size) <= room:
            lines[-1] += FOOTER_GAP + item
        else:
            room = room if not lines else width
            lines.append(item)
    return lines


def xml(spans: list, link: str) -> str:
    out = []
    for text, bold, href in spans:
        words = escape(text)
        out.append(f"<b>{words}</b>" if bold else f"<a href={quoteattr(href)} color={quoteattr(link)}>{words}</a>" if href else words)
    return "".join(out)


class Printer:
    """Flowables for one layout."""

    def __init__(self, layout: dict[str, Any], content_dir: Path) -> None:
        self.lay, self.content_dir = layout, content_dir
        sizes, space, colour = layout["sizes"], layout["spacing"], layout["colours"]
        self.width = layout["page_size"][0] - layout["margins"]["left"] - layout["margins"]["right"]

        def style(name: str, size: float, bold: bool = False, heading: bool = False, before: float = 0, after: float = 0) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=BOLD if bold else REGULAR, fontSize=size, leading=size * layout["leading"],
                                  textColor=colors.HexColor(colour["heading" if heading else "text"]),
                                  spaceBefore=before, spaceAfter=after, keepWithNext=name in ("H2", "H3"))

        self.styles = {
            "title": style("title", sizes["title"], True, True, after=space["after_heading"]),
            "subtitle": style("subtitle", sizes["subtitle"], True, after=space["after_heading"]),
            "masthead": style("masthead", sizes["body"], True, after=space["after_heading"]),
            "H2": style("H2", sizes["heading"], True, True, space["before_heading"], space["after_heading"]),
            "H3": style("H3", sizes["subheading"], True, True, space["before_heading"], space["after_heading"]),
            "body": style("body", sizes["body"], after=space["paragraph"]),
            "strong": style("strong", sizes["body"], True, after=space["list_item"]),
            "item": style("item", sizes["body"], after=space["list_item"]),
            "caption": style("caption", sizes["small"], after=space["paragraph"]),
        }

    def story(self, leaflet: dict[str, Any]) -> list[Flowable]:
        space = self.lay["spacing"]
        out = [f for item in leaflet["head"] for f in self.flowables(item)]
        out += [Lines(1, space["block"], self.lay["colours"]["rule"], 2), Spacer(0, space["block"])]
        return out + [f for item in leaflet["body"] for f in self.flowables(item)]

    def flowables(self, item: dict[str, Any]) -> list[Flowable]:
        space = self.lay["spacing"]
        kind = item["kind"]
        if kind == "para":
            return [Paragraph(xml(item["text"], self.lay["colours"]["link"]), self.styles[item["style"]])]
        if kind == "list":
            return [KeepTogether(self.entries(item)), Spacer(0, space["block"])]
        if kind == "box":
            colours = self.lay["colours"][item["callout"]]
            rows = [[f] for inner in item["items"] for f in (self.entries(inner) if inner["kind"] == "list" else self.flowables(inner))]
            pad = space["callout_padding"]
            table = Table(rows, colWidths=[self.width])
            table.setStyle(TableStyle([
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(colours["background"])),
                ("BOX", (0, 0), (-1, -1), 3 if item["callout"] == "urgent" else 1.5, colors.HexColor(colours["border"])),
                ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad),
            ]))
            return [KeepTogether([table]), Spacer(0, space["block"])]
        if kind == "figure":
            page_height = self.lay["page_size"][1] - self.lay["margins"]["top"] - self.lay["margins"]["bottom"]
            picture = Picture(str(self.content_dir / item["file"]), self.width, page_height * 0.6)
            caption = self.flowables(item["caption"]) if item["caption"] else []
            return [KeepTogether([picture, *caption]), Spacer(0, space["block"])]
        if kind == "lines":
            return [Lines(item["count"], space["write_in_line"], self.lay["colours"]["text"], 0.75), Spacer(0, space["block"])]
        raise ValueError(f"unknown item {kind}")


    def entries(self, item: dict[str, Any]) -> list[Flowable]:
        """A list's items, each a paragraph with its bullet or number hanging in the margin."""
        style = self.styles["item"]
        labels = [f"{n}." if item["numbered"] else "\u2022" for n in range(1, len(item["items"]) + 1)]
        indent = max(stringWidth(label, REGULAR, style.fontSize) for label in labels) + style.fontSize * 0.8
        hanging = ParagraphStyle("list", style, leftIndent=indent)
        return [Paragraph(xml(text, self.lay["colours"]["link"]), hanging, bulletText=label) for label, text in zip(labels, item["items"])]


def print_library(export: dict[str, Any], output: Path) -> dict[str, int]:
    output.mkdir(parents=True, exist_ok=True)
    pdfs = pages = 0
    for layout in export["layouts"]:
        pdfmetrics.registerFont(TTFont(REGULAR, layout["fonts"]["regular"]))
        pdfmetrics.registerFont(TTFont(BOLD, layout["fonts"]["bold"]))
        printer = Printer(layout, Path(export["content_dir"]))
        m = layout["margins"]
        for leaflet in export["leaflets"]:
            doc = SimpleDocTemplate(str(output / f"{leaflet['id']}-{layout['name']}.pdf"), pagesize=layout["page_size"],
                                    leftMargin=m["left"], rightMargin=m["right"], topMargin=m["top"], bottomMargin=m["bottom"],
                                    title=leaflet["title"], lang=leaflet["language"])
            doc.build(printer.story(leaflet), canvasmaker=footer_canvas(footer_lines(leaflet["footer"], layout), layout))
            pdfs, pages = pdfs + 1, pages + doc.page
    return {"pdfs": pdfs, "pages": pages}


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    print(json.dumps(print_library(json.loads(Path(source).read_text(encoding="utf-8")), Path(target))))
