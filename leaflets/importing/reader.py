"""Read a checked Word file into pieces: one per paragraph, with what the mapping needs to know of it.

Two readers share the work. mammoth reads the body for its meaning: styles,
list numbering, bold, links, pictures with their alternative text, tables,
text boxes, footnote and comment references, with tracked changes taken as
accepted. python-docx reads what mammoth leaves out: shading and borders,
tracked changes, colours, headers, footers and properties. To tie the two
together, each paragraph is first given a bookmark naming its place, which
mammoth reads back as part of the paragraph.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .package import WordFileError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CHOICE = f"{_MC}Choice"
_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_SHAPE_TEXT = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx"
_CHANGES = {f"{W}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")}
_MARK = "_leaflet_paragraph_"
_NAMED_COLOURS = {"FF0000": "red", "C00000": "dark red", "00B050": "green", "0070C0": "blue", "FFC000": "orange",
                  "FFFF00": "yellow", "7030A0": "purple"}


@dataclass
class Picture:
    data: bytes
    content_type: str
    alt: str | None


@dataclass
class Piece:
    """A paragraph (or a table) as read: ``text`` holds the inline marks a leaflet uses (``**bold**``, ``[words](address)``)."""

    at: int
    """The paragraph's number, counted from the top of the document, empty paragraphs included."""
    style: str = ""
    text: str = ""
    bold: bool = False
    """Every word of it bold: a heading made by hand, or a callout's title."""
    numbering: tuple[int, bool] | None = None
    """(level, numbered) for a list item."""
    box: str | None = None
    """Which shaded or bordered box, text box or one-cell table it sits in, if any."""
    pictures: list[Picture] = field(default_factory=list)
    rows: list[list[str]] | None = None
    """For a table of more than one cell: its cells' words, row by row."""


@dataclass
class Finding:
    """Something the document holds that a leaflet does not carry as it was: reported, never dropped silently."""

    at: int
    what: str


@dataclass
class WordDocument:
    pieces: list[Piece]
    findings: list[Finding]
    changes: list[int]
    """The paragraphs with tracked changes."""
    furniture: list[str]
    """The text of headers and footers."""
    properties: dict[str, str]
    """Core and custom document properties that are set: title, subject, identifier, version, keywords, custom ones."""


def read_document(path: Path, package: io.BytesIO) -> WordDocument:
    import docx
    import mammoth.docx
    from lxml.etree import LxmlError

    try:
        word = docx.Document(package)
        facts = _mark(word)
        marked = io.BytesIO()
        word.save(marked)
        marked.seek(0)
        body = mammoth.docx.read(marked).value
        reader = _Reader(facts, _bold_styles(word), body)
        reader.walk(body.children)
        return WordDocument(reader.pieces, reader.findings + [f for fact in facts.values() for f in fact.findings],
                            sorted({fact.number for fact in facts.values() if fact.changes}),
                            _furniture(word), _properties(word))
    except (KeyError, ValueError, LxmlError, AttributeError) as error:
        raise WordFileError(path, f"cannot be read as a Word document ({type(error).__name__}: {error})",
                            "open it in Word and save it again as a Word Document (.docx)") from None


@dataclass
class _Facts:
    number: int
    box: str | None
    changes: int
    findings: list[Finding]


def _mark(word) -> dict[int, _Facts]:
    """Give each paragraph a bookmark naming its place, and note what only the XML shows of it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _prefer_drawings(word.element.body)
    boxed_styles = _boxed_styles(word)
    facts: dict[int, _Facts] = {}
    text_boxes: dict[object, str] = {}
    number = 0
    for index, paragraph in enumerate(list(word.element.body.iter(f"{W}p"))):
        if not any(ancestor.tag == _CHOICE for ancestor in paragraph.iterancestors()):
            number += 1  # a text box is stored twice (a drawing and its older copy): counted once
        frame = next((a for a in paragraph.iterancestors() if a.tag == f"{W}txbxContent"), None)
        box = text_boxes.setdefault(frame, f"text box at paragraph {number}") if frame is not None else None
        facts[index] = _Facts(number, box or _box(paragraph, boxed_styles),
                              sum(1 for element in paragraph.iter() if element.tag in _CHANGES), _colours(paragraph, number))
        mark = OxmlElement("w:bookmarkStart")
        mark.set(qn("w:id"), str(1_000_000 + index))
        mark.set(qn("w:name"), f"{_MARK}{index}")
        properties = paragraph.find(f"{W}pPr")
        if properties is None:
            paragraph.insert(0, mark)
        else:
            properties.addnext(mark)
    return facts


def _prefer_drawings(body) -> None:
    """Keep a picture's modern form, which holds its alternative text, where Word stored an older copy beside it.

    mammoth reads the older copy (VML) of everything stored twice; for a text
    box that is right (it reads the box's paragraphs), for a picture it loses
    the description.
    """
    for alternate in list(body.iter(f"{_MC}AlternateContent")):
        choice = alternate.find(_CHOICE)
        if choice is None or choice.find(f".//{_PICTURE}") is None or choice.find(f".//{_SHAPE_TEXT}") is not None:
            continue
        parent = alternate.getparent()
        place = parent.index(alternate)
        for child in reversed(list(choice)):
            parent.insert(place, child)
        parent.remove(alternate)


def _boxed_styles(word) -> dict[str, str]:
    """Paragraph styles that draw a box (shading or a border) round their paragraphs."""
    found = {}
    for style in word.styles.element.iter(f"{W}style"):
        properties = style.find(f"{W}pPr")
        box = _box_of(properties)
        if box:
            found[style.get(f"{W}styleId")] = box
    return found


def _box(paragraph, boxed_styles: dict[str, str]) -> str | None:
    properties = paragraph.find(f"{W}pPr")
    own = _box_of(properties)
    if own or properties is None:
        return own
    style = properties.find(f"{W}pStyle")
    return boxed_styles.get(style.get(f"{W}val")) if style is not None else None


def _box_of(properties) -> str | None:
    if properties is None:
        return None
    shading = properties.find(f"{W}shd")
    fill = (shading.get(f"{W}fill") or "").upper() if shading is not None else ""
    if fill and fill not in ("AUTO", "FFFFFF"):
        return f"shaded box (fill #{fill})"
    if properties.find(f"{W}pBdr") is not None and len(properties.find(f"{W}pBdr")):
        return "bordered box"
    return None


def _colours(paragraph, number: int) -> list[Finding]:
    """Coloured or highlighted words: colour never carries meaning in a leaflet (STANDARDS.md §3), so the author is told."""
    found: list[tuple[str, str]] = []
    for run in paragraph.iter(f"{W}r"):
        if any(a.tag == f"{W}hyperlink" for a in run.iterancestors()) or any(a.tag == _CHOICE for a in run.iterancestors()):
            continue
        properties = run.find(f"{W}rPr")
        if properties is None:
            continue
        colour = properties.find(f"{W}color")
        highlight = properties.find(f"{W}highlight")
        value = (colour.get(f"{W}val") or "").upper() if colour is not None else ""
        name = (f"highlighted {highlight.get(f'{W}val')}" if highlight is not None and highlight.get(f"{W}val") != "none"
                else _NAMED_COLOURS.get(value, f"colour #{value}") if value not in ("", "AUTO", "000000") else None)
        words = "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
        if name and words:
            if found and found[-1][1] == name:
                found[-1] = (f"{found[-1][0]} {words}", name)
            else:
                found.append((words, name))
    return [Finding(number, f"{name} text '{_short(words)}': colour is not kept; if it means something, say it in words")
            for words, name in found]


def _bold_styles(word) -> set[str]:
    """The names of styles whose text is bold, through the styles they are based on."""
    bold = set()
    for style in word.styles:
        current, seen = style, 0
        while current is not None and seen < 20:
            font = getattr(current, "font", None)
            if font is not None and font.bold is not None:
                if font.bold:
                    bold.add(style.name)
                break
            current, seen = getattr(current, "base_style", None), seen + 1
    return bold


def _furniture(word) -> list[str]:
    texts = []
    for section in word.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            element = part._element
            texts.extend(" ".join("".join(t.text or "" for t in p.iter(f"{W}t")).split()) for p in element.iter(f"{W}p"))
    return [text for text in dict.fromkeys(texts) if text]


def _properties(word) -> dict[str, str]:
    core = word.core_properties
    found = {name: str(getattr(core, name) or "").strip()
             for name in ("title", "subject", "identifier", "version", "keywords", "category", "comments")}
    for part in word.part.package.iter_parts():
        if str(part.partname) == "/docProps/custom.xml":
            from lxml import etree

            root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            for prop in root:
                name, value = prop.get("name"), "".join(prop.itertext()).strip()
                if name and value:
                    found[name.lower()] = value
    return {name: value for name, value in found.items() if value}


class _Reader:
    """Walks mammoth's reading of the body, making a :class:`Piece` of each paragraph."""

    def __init__(self, facts: dict[int, _Facts], bold_styles: set[str], body) -> None:
        self.facts = facts
        self.bold_styles = bold_styles
        self.notes = body.notes
        self.comments = {comment.comment_id: comment for comment in body.comments}
        self.pieces: list[Piece] = []
        self.findings: list[Finding] = []
        self.last = 0
        self.tables = 0

    def walk(self, elements, box: str | None = None) -> None:
        from mammoth import documents

        for element in elements:
            if isinstance(element, documents.Paragraph):
                self.paragraph(element, box)
            elif isinstance(element, documents.Table):
                self.table(element, box)
            elif isinstance(element, documents.Image):  # an older picture, which mammoth puts after its paragraph
                with element.open() as image:
                    picture = Picture(image.read(), element.content_type or "", (element.alt_text or "").strip() or None)
                self.pieces.append(Piece(self.last, pictures=[picture]))
            elif isinstance(element, documents.HasChildren):
                self.walk(element.children, box)

    def paragraph(self, paragraph, box: str | None) -> None:
        line = _Line(self.bold_styles, paragraph.style_name in self.bold_styles)
        line.read(paragraph.children)
        index = next((int(mark.name.removeprefix(_MARK)) for mark in line.marks), None)
        facts = self.facts.get(index) if index is not None else None
        self.last = at = facts.number if facts else self.last
        numbering = (int(paragraph.numbering.level_index or 0), paragraph.numbering.is_ordered) if paragraph.numbering else None
        text, links = line.markup()
        for href in links:
            self.findings.append(Finding(at, href))
        for note in line.notes:
            body = _plain(self.notes.find_note(note.note_type, note.note_id).body) if self.notes else ""
            self.findings.append(Finding(at, f"{note.note_type} '{_short(body)}' not imported: put it in the text, "
                                             "or in the sources if it names one"))
        for reference in line.comment_ids:
            comment = self.comments.get(reference)
            words = _plain(comment.body) if comment else ""
            self.findings.append(Finding(at, f"comment '{_short(words)}' not imported: act on it in the leaflet, then delete it"))
        self.pieces.append(Piece(at, (paragraph.style_name or "").strip(), text, line.all_bold() and not links,
                                 numbering, box or (facts.box if facts else None), line.pictures))
        for inner in line.boxes:
            self.walk([inner], f"text box at paragraph {at}")

    def table(self, table, box: str | None) -> None:
        from mammoth import documents

        self.tables += 1
        rows = [row for row in table.children if isinstance(row, documents.TableRow)]
        cells = [[cell for cell in row.children if isinstance(cell, documents.TableCell)] for row in rows]
        if len(rows) == 1 and len(cells[0]) == 1:
            self.walk(cells[0][0].children, box or f"one-cell table (table {self.tables})")
            return
        start = len(self.pieces)
        words = []
        for row in cells:
            words.append([])
            for cell in row:
                before = len(self.pieces)
                self.walk(cell.children, box)
                words[-1].append(" ".join(p.text for p in self.pieces[before:] if p.text))
        inside = self.pieces[start:]
        del self.pieces[start:]
        at = inside[0].at if inside else self.last
        self.pieces.append(Piece(at, "table", rows=words, pictures=[pic for p in inside for pic in p.pictures]))


class _Line:
    """The runs of one paragraph as marked-up text, with the pictures, text boxes and references it holds."""

    def __init__(self, bold_styles: set[str], bold_paragraph: bool) -> None:
        self.bold_styles = bold_styles
        self.bold_paragraph = bold_paragraph
        self.segments: list[tuple[str, bool, str | None]] = []
        self.pictures: list[Picture] = []
        self.boxes: list = []
        self.marks: list = []
        self.notes: list = []
        self.comment_ids: list[str] = []

    def read(self, elements, bold: bool = False, href: str | None = None) -> None:
        from mammoth import documents

        for element in elements:
            if isinstance(element, documents.Text):
                self.segments.append((element.value, bold or self.bold_paragraph, href))
            elif isinstance(element, (documents.Tab, documents.Break)):
                self.segments.append((" ", False, href))
            elif isinstance(element, documents.Run):
                self.read(element.children, element.is_bold or element.style_name in self.bold_styles, href)
            elif isinstance(element, documents.Hyperlink):
                self.read(element.children, bold, element.href or (f"#{element.anchor}" if element.anchor else None))
            elif isinstance(element, documents.Image):
                with element.open() as image:
                    self.pictures.append(Picture(image.read(), element.content_type or "", (element.alt_text or "").strip() or None))
            elif isinstance(element, documents.Paragraph):
                self.boxes.append(element)
            elif isinstance(element, documents.Bookmark):
                if element.name.startswith(_MARK):
                    self.marks.append(element)
            elif isinstance(element, documents.NoteReference):
                self.notes.append(element)
            elif isinstance(element, documents.CommentReference):
                self.comment_ids.append(element.comment_id)
            elif isinstance(element, documents.HasChildren):
                self.read(element.children, bold, href)

    def all_bold(self) -> bool:
        seen = [(clean(text), bold) for text, bold, _ in self.segments if clean(text)]
        return bool(seen) and all(bold for _, bold in seen)

    def markup(self) -> tuple[str, list[str]]:
        """The paragraph's text with ``**bold**`` and ``[words](address)``, and a note for each link not kept."""
        merged: list[list] = []
        for text, bold, href in self.segments:
            if merged and merged[-1][1:] == [bold, href]:
                merged[-1][0] += text
            else:
                merged.append([text, bold, href])
        out, dropped = [], []
        for text, bold, href in merged:
            words = clean(text, keep_edges=True)
            if href and words.strip():
                target = _link(href)
                if target:
                    out.append(f"[{words.strip()}]({target})")
                    continue
                dropped.append(f"link '{_short(words.strip())}' to {href[:80]} kept as words only: "
                               + ("a link must be https://, mailto: or tel:" if not href.startswith("#")
                                  else "a leaflet links to no place inside itself"))
            if bold and words.strip():
                lead, core, tail = _edges(words)
                out.append(f"{lead}**{core}**{tail}")
            else:
                out.append(words)
        return " ".join("".join(out).split()), dropped


def _edges(text: str) -> tuple[str, str, str]:
    core = text.strip()
    start = text.index(core)
    return text[:start], core, text[start + len(core):]


def _link(href: str) -> str | None:
    """The address as a leaflet may link it, or None if it may not be linked."""
    href = href.strip()
    if href.startswith(("https://", "mailto:", "tel:")):
        return href.replace(" ", "%20").replace(")", "%29")
    return None


_INVISIBLE = {"\u00ad": "", "\u00a0": " ", "\u2011": "-", "\u200b": "", "\ufeff": "", "\u2028": " ", "\u2029": " "}


def clean(text: str, keep_edges: bool = False) -> str:
    """Text as a leaflet holds it: no invisible characters (soft hyphens, zero-width spaces), spaces single."""
    text = "".join(_INVISIBLE.get(ch, ch) for ch in text)
    text = "".join(ch if ch in "\t\n" or (ord(ch) >= 32 and unicodedata.category(ch) not in ("Cc", "Cf")) else ""
                   for ch in text)
    if keep_edges:
        return re.sub(r"\s+", " ", text)
    return " ".join(text.split())


def _plain(elements) -> str:
    from mammoth import documents

    words = []

    def visit(items) -> None:
        for item in items:
            if isinstance(item, documents.Text):
                words.append(item.value)
            elif isinstance(item, documents.Paragraph):
                visit(item.children)
                words.append(" ")
            elif isinstance(item, documents.HasChildren):
                visit(item.children)

    visit(elements)
    return clean("".join(words))


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
