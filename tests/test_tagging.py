"""Tagged-PDF layer: build a small leaflet with platypus and a canvas that defers
page furniture to save(), then read the file back with pypdf and check it the
way a PDF/UA checker would."""

from __future__ import annotations

import functools
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import fontpkg
import pikepdf
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from leaflets.outputs.pdf.tagging import LEAFLET_NS, StructElement, StructureTree

FONT = "TaggingTestAtkinson"  # own name: registration is process-wide
pdfmetrics.registerFont(TTFont(FONT, fontpkg.path("Atkinson Hyperlegible", 400)))

TITLE = "Living with asthma"
LANG = "en-GB"
FIGURE_ALT = "Diagram of an inhaler attached to a spacer"
LINK_URL = "https://www.nhs.uk/conditions/asthma/"
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=13, spaceAfter=6)
HEADINGS = {
    "H1": ParagraphStyle("h1", fontName=FONT, fontSize=16, leading=20, spaceAfter=6),
    "H2": ParagraphStyle("h2", fontName=FONT, fontSize=13, leading=16, spaceAfter=4),
}
LONG_TEXT = " ".join(
    ["Take your preventer inhaler every day, even when you feel well, because it calms the swelling in your airways."]
    * 12
)
LIST_ITEMS = [f"Sign {n}: your reliever inhaler is not helping or you need it more than usual." for n in range(1, 11)]
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*", b"sh", b"Do"}


class TaggedParagraph(Paragraph):
    """A paragraph that stays one structure element when platypus splits it."""

    def __init__(self, text, style=BODY, *args, role: str = "P", **kw):
        super().__init__(text, style, *args, **kw)
        self.element = StructElement(role)

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        for part in parts:
            part.element = self.element
        return parts

    def draw(self):
        with self.canv.structure.content(self.canv, self.element):
            super().draw()


class Heading(TaggedParagraph):
    def __init__(self, text, role: str):
        super().__init__(text, HEADINGS[role], role=role)

    def split(self, availWidth, availHeight):
        return []

    def draw(self):
        level = int(self.element.role[1]) - 1
        self.canv.structure.bookmark(self.canv, self.getPlainText(), level=level, y=self.height)
        super().draw()


class BulletList(Flowable):
    """L > LI > (Lbl, LBody); splits between items, both parts continue one L."""

    indent = 14

    def __init__(self, items: list[str], element: StructElement | None = None):
        super().__init__()
        self.items = items
        self.element = element or StructElement("L")
        self.paras = [Paragraph(text, BODY) for text in items]

    def wrap(self, availWidth, availHeight):
        self.heights = [p.wrap(availWidth - self.indent, availHeight)[1] + 3 for p in self.paras]
        self.width, self.height = availWidth, sum(self.heights)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        fit, used = 0, 0.0
        while fit < len(self.items) and used + self.heights[fit] <= availHeight:
            used += self.heights[fit]
            fit += 1
        if fit == 0:
            return []
        return [BulletList(self.items[:fit], self.element), BulletList(self.items[fit:], self.element)]

    def draw(self):
        tree, canv = self.canv.structure, self.canv
        top = self.height
        with tree.group(self.element):
            for para, height in zip(self.paras, self.heights):
                top -= height
                with tree.group("LI"):
                    with tree.content(canv, "Lbl"):
                        canv.setFont(FONT, BODY.fontSize)
                        canv.drawString(0, top + height - 3 - BODY.fontSize, "\u2022")
                    with tree.content(canv, "LBody"):
                        para.drawOn(canv, self.indent, top)


class Figure(Flowable):
    def __init__(self, alt: str):
        super().__init__()
        self.alt, self.width, self.height = alt, 120, 50

    def draw(self):
        canv = self.canv
        with canv.structure.content(canv, "Figure", alt=self.alt):
            canv.setFillColorRGB(0.0, 0.37, 0.72)
            canv.roundRect(0, 0, self.width, self.height, 6, stroke=0, fill=1)
            canv.setFillColorRGB(1, 1, 1)
            canv.circle(self.width - 25, self.height / 2, 15, stroke=0, fill=1)


class Table(Flowable):
    """Header row of TH (Scope Column) and rows of TD; the grid is decoration."""

    row = 16

    def __init__(self, rows: list[list[str]]):
        super().__init__()
        self.rows = rows

    def wrap(self, availWidth, availHeight):
        self.width, self.height = availWidth, self.row * len(self.rows)
        return self.width, self.height

    def draw(self):
        tree, canv = self.canv.structure, self.canv
        column = self.width / len(self.rows[0])
        with tree.artifact(canv, "Layout"):
            canv.grid([i * column for i in range(len(self.rows[0]) + 1)], [i * self.row for i in range(len(self.rows) + 1)])
        with tree.group("Table"):
            for r, cells in enumerate(self.rows):
                with tree.group("TR"):
                    for c, text in enumerate(cells):
                        cell = StructElement("TH", Scope="Column") if r == 0 else StructElement("TD")
                        with tree.content(canv, cell):
                            canv.setFont(FONT, 9)
                            canv.drawString(c * column + 3, self.height - (r + 1) * self.row + 5, text)


class DeferredCanvas(Canvas):
    """Stores pages on showPage and draws the footer ("Page n of N") on replay."""

    def __init__(self, *args, structure: StructureTree, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.draw_furniture(total)
            Canvas.showPage(self)
        self.structure.finish(self)  # page objects exist only now
        Canvas.save(self)

    def draw_furniture(self, total: int) -> None:
        width, _ = self._pagesize
        with self.structure.artifact(self, "Layout"):
            self.line(36, 34, width - 36, 34)
        with self.structure.artifact(self, "Pagination", subtype="Footer"):
            self.setFont(FONT, 8)
            self.drawCentredString(width / 2, 22, f"Page {self.getPageNumber()} of {total}")


def story() -> list[Flowable]:
    return [
        Heading(TITLE, "H1"),
        TaggedParagraph("This leaflet explains how to look after your asthma at home."),
        TaggedParagraph(LONG_TEXT),
        Heading("When to get help", "H2"),
        BulletList(LIST_ITEMS),
        Figure(FIGURE_ALT),
        Table([["Inhaler", "Colour"], ["Preventer", "Brown"], ["Reliever", "Blue"]]),
        TaggedParagraph(f'More information: <a href="{LINK_URL}">NHS asthma pages</a>.'),
    ]


XMP_PROPERTIES = {"reference": "LFT-0042", "version": "3.1", "status": "approved", "approved": "2025-01-15"}


def build() -> bytes:
    tree = StructureTree(lang=LANG, title=TITLE, xmp_properties=XMP_PROPERTIES)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A6, invariant=1, initialFontName=FONT, lang=LANG, title=TITLE,
        leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=44,
    )
    doc.build(story(), canvasmaker=functools.partial(DeferredCanvas, structure=tree))
    return out.getvalue()


@dataclass
class Node:
    """A structure element as read back from the file."""

    role: str
    obj: DictionaryObject
    idnum: int
    mcrs: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annotations: list[int] = field(default_factory=list)  # OBJR object numbers
    children: list[Node] = field(default_factory=list)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return build()


@pytest.fixture(scope="module")
def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def read_tree(reader: PdfReader) -> Node:
    """The structure tree, checking each element's /P points back at its parent."""
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}

    def read(ref: IndirectObject) -> Node:
        obj = ref.get_object()
        assert obj["/Type"] == "/StructElem"
        node = Node(obj["/S"][1:], obj, ref.idnum)
        kids = obj["/K"]
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                child = read(kid)
                assert child.obj.raw_get("/P").idnum == ref.idnum
                node.children.append(child)
            elif kid.get_object()["/Type"] == "/MCR":
                node.mcrs.append((page_index[kid.raw_get("/Pg").idnum], kid["/MCID"]))
            else:
                assert kid["/Type"] == "/OBJR"
                node.annotations.append(kid.raw_get("/Obj").idnum)
        return node

    root = reader.root_object["/StructTreeRoot"]
    assert root["/Type"] == "/StructTreeRoot"
    return read(root.raw_get("/K"))


@pytest.fixture(scope="module")
def tree(reader: PdfReader) -> Node:
    return read_tree(reader)


def marked_content(reader: PdfReader, page) -> tuple[list[tuple[str, int]], list[bytes]]:
    """(tag, MCID) of each structure sequence in stream order, and painting operators outside any."""
    sequences, unmarked, open_tags = [], [], []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"BDC":
            tag, props = operands
            assert not open_tags, "marked content must not nest"
            if tag == "/Artifact":
                assert props["/Type"] in ("/Pagination", "/Layout")
            else:
                sequences.append((tag[1:], props["/MCID"]))
            open_tags.append(tag)
        elif op == b"BMC":
            pytest.fail(f"untyped marked content {operands}")
        elif op == b"EMC":
            open_tags.pop()
        elif op in PAINTING and not open_tags:
            unmarked.append(op)
    assert not open_tags
    return sequences, unmarked


def parent_tree(reader: PdfReader) -> dict[int, object]:
    nums = reader.root_object["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    keys = list(nums[0::2])
    assert keys == sorted(keys)
    return dict(zip(keys, nums[1::2]))


def test_catalog_marks_a_tagged_pdf_ua_document(pdf: bytes, reader: PdfReader):
    catalog = reader.root_object
    assert pdf.startswith(b"%PDF-1.7")
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == LANG
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert "/RoleMap" not in catalog["/StructTreeRoot"]
    assert reader.metadata.title == TITLE


def test_structure_follows_reading_order(tree: Node):
    assert tree.role == "Document"
    assert [child.role for child in tree.children] == ["H1", "P", "P", "H2", "L", "Figure", "Table", "P"]
    items = tree.children[4].children
    assert [item.role for item in items] == ["LI"] * len(LIST_ITEMS)
    assert all([kid.role for kid in item.children] == ["Lbl", "LBody"] for item in items)
    rows = tree.children[6].children
    assert [[cell.role for cell in row.children] for row in rows] == [["TH", "TH"], ["TD", "TD"], ["TD", "TD"]]
    for header in rows[0].children:
        assert header.obj["/A"] == {"/O": "/Table", "/Scope": "/Column"}


def test_split_paragraph_is_one_element_on_two_pages(tree: Node):
    long_paragraph = tree.children[2]
    assert len(long_paragraph.mcrs) == 2
    (first_page, _), (second_page, _) = long_paragraph.mcrs
    assert second_page == first_page + 1


def test_split_list_is_one_element_across_pages(tree: Node):
    pages = {page for node in tree.children[4].walk() for page, _ in node.mcrs}
    assert len(pages) == 2


def assert_parent_tree_matches_pages(reader: PdfReader, tree: Node) -> None:
    """Each page's MCIDs run 0..n-1 in stream order, and its parent-tree array
    names, for each MCID, the element whose /K holds that marked content."""
    owners = {mcr: node for node in tree.walk() for mcr in node.mcrs}
    parents = parent_tree(reader)
    for index, page in enumerate(reader.pages):
        assert page["/Tabs"] == "/S"
        sequences, _ = marked_content(reader, page)
        assert sequences, "every page of these documents has content"
        assert [mcid for _, mcid in sequences] == list(range(len(sequences)))
        entry = parents[page["/StructParents"]]
        assert len(entry) == len(sequences)
        for (tag, mcid), parent in zip(sequences, entry):
            node = owners.pop((index, mcid))
            assert parent.idnum == node.idnum
            assert tag == node.role
    assert not owners, f"structure points at marked content no page has: {owners}"


def test_page_mcids_match_parent_tree(reader: PdfReader, tree: Node):
    assert_parent_tree_matches_pages(reader, tree)


def test_nothing_is_painted_outside_marked_content(reader: PdfReader):
    for page in reader.pages:
        _, unmarked = marked_content(reader, page)
        assert unmarked == []


def test_footer_is_an_artifact_on_every_page(reader: PdfReader):
    total = len(reader.pages)
    assert total >= 3
    for number, page in enumerate(reader.pages, 1):
        ops = ContentStream(page.get_contents(), reader).operations
        footer = [i for i, (operands, op) in enumerate(ops) if op == b"BDC" and operands[1].get("/Subtype") == "/Footer"]
        assert len(footer) == 1
        assert f"Page {number} of {total}" in page.extract_text()


def test_figure_has_alt_text(tree: Node):
    figure = tree.children[5]
    assert figure.obj["/Alt"] == FIGURE_ALT
    assert len(figure.mcrs) == 1


def test_link_annotation_is_nested_in_a_link_element(reader: PdfReader, tree: Node):
    paragraph = tree.children[7]
    [link] = paragraph.children
    assert link.role == "Link"
    [annotation_number] = link.annotations
    annotations = [a for page in reader.pages for a in page.get("/Annots", [])]
    [annotation] = [a for a in annotations if a.idnum == annotation_number]
    annotation = annotation.get_object()
    assert annotation["/Contents"] == LINK_URL
    assert parent_tree(reader)[annotation["/StructParent"]].idnum == link.idnum
    assert reader.root_object["/StructTreeRoot"]["/ParentTreeNextKey"] == max(parent_tree(reader)) + 1


def test_headings_are_bookmarks_on_their_own_pages(reader: PdfReader, tree: Node):
    outline = reader.outline
    assert outline[0].title == TITLE
    assert isinstance(outline[1], list) and [entry.title for entry in outline[1]] == ["When to get help"]
    assert reader.get_destination_page_number(outline[0]) == tree.children[0].mcrs[0][0]
    assert reader.get_destination_page_number(outline[1][0]) == tree.children[3].mcrs[0][0] > 0


def test_xmp_identifies_pdf_ua(reader: PdfReader):
    stream = reader.root_object["/Metadata"].get_object()
    assert stream["/Type"] == "/Metadata" and stream["/Subtype"] == "/XML"
    assert "/Filter" not in stream
    root = ET.fromstring(stream.get_data())
    ns = {
        "dc": "http://purl.org/dc/elements/1.1/",
        "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "leaflet": LEAFLET_NS,
    }
    assert root.findtext(".//pdfuaid:part", namespaces=ns) == "1"
    assert root.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=ns) == TITLE
    assert root.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=ns) == LANG
    for name, value in XMP_PROPERTIES.items():
        assert root.findtext(f".//leaflet:{name}", namespaces=ns) == value


def test_every_font_is_embedded_with_unicode_mapping(reader: PdfReader):
    fonts = {}
    for page in reader.pages:
        for name, font in page["/Resources"]["/Font"].items():
            fonts[name] = font.get_object()
    assert fonts
    for font in fonts.values():
        assert "Helvetica" not in font["/BaseFont"]
        assert "/ToUnicode" in font
        assert "/FontFile2" in font["/FontDescriptor"]


def test_invariant_builds_are_byte_identical(pdf: bytes):
    assert build() == pdf


def test_qpdf_accepts_the_file(pdf: bytes):
    with pikepdf.open(io.BytesIO(pdf)) as document:  # libqpdf's own check, as `qpdf --check` runs it
        assert document.check_pdf_syntax() == []


@dataclass(frozen=True)
class KeyedTag:
    role: str
    key: int
    parents: tuple[tuple[str, int], ...] = ()
    alt: str | None = None


def test_keyed_tags_continue_elements_on_a_plain_canvas():
    tree = StructureTree(lang=LANG, title=TITLE)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A6, initialFontName=FONT)
    item = (("L", 1), ("LI", 2))
    for page in range(2):
        if page == 0:
            with tree.mark(canvas, KeyedTag("Lbl", 3, item)):
                canvas.setFont(FONT, 10)
                canvas.drawString(20, 380, "\u2022")
        with tree.mark(canvas, KeyedTag("LBody", 4, item)):
            canvas.setFont(FONT, 10)
            canvas.drawString(34, 380, f"part {page + 1} of one list item")
        with tree.mark(canvas, None):
            canvas.line(20, 370, 270, 370)
        canvas.showPage()
    tree.finish(canvas)
    canvas.save()

    reader = PdfReader(io.BytesIO(out.getvalue()))
    root = read_tree(reader)
    [lst] = root.children
    [li] = lst.children
    assert (lst.role, li.role, [kid.role for kid in li.children]) == ("L", "LI", ["Lbl", "LBody"])
    assert li.children[1].mcrs == [(0, 1), (1, 0)]
    assert_parent_tree_matches_pages(reader, root)
    for page in reader.pages:
        assert marked_content(reader, page)[1] == []


def test_finish_before_the_deferred_replay_is_refused():
    tree = StructureTree(lang=LANG, title=TITLE)
    canvas = DeferredCanvas(io.BytesIO(), structure=tree, initialFontName=FONT)
    with tree.content(canvas, "P"):
        canvas.drawString(10, 10, "text")
    canvas.showPage()
    with pytest.raises(RuntimeError, match="after every page"):
        tree.finish(canvas)


def test_misuse_is_refused():
    tree = StructureTree(lang=LANG, title=TITLE)
    canvas = Canvas(io.BytesIO(), initialFontName=FONT)
    with pytest.raises(RuntimeError, match="nest"):
        with tree.content(canvas, "P"):
            with tree.artifact(canvas):
                pass
    with pytest.raises(ValueError, match="alt"):
        StructElement("Figure")
    with pytest.raises(ValueError, match="standard"):
        StructElement("Warning")
    with pytest.raises(ValueError, match="XMP"):
        StructureTree(lang=LANG, title=TITLE, xmp_properties={"not a name": "x"})
