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
from dataclasses import dataclass
from pathlib import Path

from .marks import MARK, Facts, bold_styles, furniture, mark, properties
from .model import Finding, Picture, Piece, short
from .package import WordFileError


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
    from xml.parsers.expat import ExpatError

    import docx
    import mammoth.docx
    from lxml.etree import LxmlError

    try:
        word = docx.Document(package)
        facts = mark(word)
        marked = io.BytesIO()
        word.save(marked)
        marked.seek(0)
        body = mammoth.docx.read(marked).value
        reader = _Reader(facts, bold_styles(word), body)
        reader.walk(body.children)
        return WordDocument(reader.pieces, reader.findings + [f for fact in facts.values() for f in fact.findings],
                            sorted({fact.number for fact in facts.values() if fact.changes}),
                            furniture(word), properties(word))
    except (KeyError, ValueError, IndexError, AttributeError, LxmlError, ExpatError) as error:
        raise WordFileError(path, f"cannot be read as a Word document ({type(error).__name__}: {error})",
                            "open it in Word and save it again as a Word Document (.docx)") from None


class _Reader:
    """Walks mammoth's reading of the body, making a :class:`Piece` of each paragraph."""

    def __init__(self, facts: dict[int, Facts], bold_styles: set[str], body) -> None:
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
        index = next((int(mark.name.removeprefix(MARK)) for mark in line.marks), None)
        facts = self.facts.get(index) if index is not None else None
        self.last = at = facts.number if facts else self.last
        numbering = (int(paragraph.numbering.level_index or 0), paragraph.numbering.is_ordered) if paragraph.numbering else None
        text, links = line.markup()
        for href in links:
            self.findings.append(Finding(at, href))
        for note in line.notes:
            body = _plain(self.notes.find_note(note.note_type, note.note_id).body) if self.notes else ""
            self.findings.append(Finding(at, f"{note.note_type} '{short(body)}' not imported: put it in the text, "
                                             "or in the sources if it names one"))
        for reference in line.comment_ids:
            comment = self.comments.get(reference)
            words = _plain(comment.body) if comment else ""
            self.findings.append(Finding(at, f"comment '{short(words)}' not imported: act on it in the leaflet, then delete it"))
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
                if element.name.startswith(MARK):
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
                dropped.append(f"link '{short(words.strip())}' to {href[:80]} kept as words only: "
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


