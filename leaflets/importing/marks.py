"""What only a Word file's XML shows, read through python-docx: boxes, tracked changes, colours, headers, properties.

Each paragraph is also given a bookmark naming its place (``_leaflet_paragraph_N``),
which mammoth reads back as part of the paragraph: that is how the two readings
of one document are tied together.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Finding, short

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_CHOICE = f"{_MC}Choice"
_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
_SHAPE_TEXT = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx"
_CHANGES = {f"{W}{tag}" for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")}
MARK = "_leaflet_paragraph_"
_NAMED_COLOURS = {"FF0000": "red", "C00000": "dark red", "00B050": "green", "0070C0": "blue", "FFC000": "orange",
                  "FFFF00": "yellow", "7030A0": "purple"}


@dataclass
class Facts:
    number: int
    box: str | None
    changes: int
    findings: list[Finding]


def mark(word) -> dict[int, Facts]:
    """Give each paragraph a bookmark naming its place, and note what only the XML shows of it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    _prefer_drawings(word.element.body)
    boxed_styles = _boxed_styles(word)
    facts: dict[int, Facts] = {}
    text_boxes: dict[object, str] = {}
    number = 0
    for index, paragraph in enumerate(list(word.element.body.iter(f"{W}p"))):
        if not any(ancestor.tag == _CHOICE for ancestor in paragraph.iterancestors()):
            number += 1  # a text box is stored twice (a drawing and its older copy): counted once
        frame = next((a for a in paragraph.iterancestors() if a.tag == f"{W}txbxContent"), None)
        box = text_boxes.setdefault(frame, f"text box at paragraph {number}") if frame is not None else None
        facts[index] = Facts(number, box or _box(paragraph, boxed_styles),
                              sum(1 for element in paragraph.iter() if element.tag in _CHANGES), _colours(paragraph, number))
        mark = OxmlElement("w:bookmarkStart")
        mark.set(qn("w:id"), str(1_000_000 + index))
        mark.set(qn("w:name"), f"{MARK}{index}")
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
    return [Finding(number, f"{name} text '{short(words)}': colour is not kept; if it means something, say it in words")
            for words, name in found]


def bold_styles(word) -> set[str]:
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


def furniture(word) -> list[str]:
    texts = []
    for section in word.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if part.is_linked_to_previous:
                continue
            element = part._element
            texts.extend(" ".join("".join(t.text or "" for t in p.iter(f"{W}t")).split()) for p in element.iter(f"{W}p"))
    return [text for text in dict.fromkeys(texts) if text]


def properties(word) -> dict[str, str]:
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


