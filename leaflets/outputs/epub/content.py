"""The talking book's page: the web page's markup as an EPUB content document, each sentence a fragment to speak.

The web page's writer makes the markup (``html.page``), so the two never
differ in what they say. Here it becomes XHTML and is arranged for a book: the
document control facts move up under the title, so a reader meets reference,
version, dates and status first, and the audio's closing line ends it. Each
block a line of the audio script speaks (a heading, a paragraph, a list item,
a figure …) is paired with that line; a line the voice said in several
sentences has each sentence in a span of its own, so a player highlights the
sentence being spoken. The A4 copy's page breaks are marked where the words of
each printed page start, and a write-in area becomes a box to type in.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Iterator

from lxml import etree, html

from ...document.words import missing_word, words
from ...errors import RenderError
from ...governance.edition import Edition
from ..audio import Recording
from ..audio.script import sentence_starts
from ..html.page import page
from ..pdf.layouts import Layout

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACTIVE_CLASS = "-epub-media-overlay-active"
"""The class a reading system gives the fragment being spoken (``media:active-class``)."""
UNITS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "dt", "dd", "figure"}
"""Elements each of which one line of the audio script speaks (the facts' list too, as one)."""
WRAPPABLE = UNITS - {"figure"}
"""Units whose content is phrasing only, so it may be cut into a span a sentence."""
FLOW_PARENTS = {"body", "header", "main", "footer", "div", "figure"}
"""Where a page break may stand between blocks rather than inside one."""
HIDDEN = {"style", "textarea"}
WORD = re.compile(r"\w+")

BOOK_STYLE = f"""
.{ACTIVE_CLASS} {{ background: #FFEB3B; color: #000000; }}
ul.stamp {{ list-style: none; padding: 0; margin: 0 0 1em; }}
textarea.write-in {{ display: block; box-sizing: border-box; width: 100%; height: calc(var(--lines) * 2.2em);
  font: inherit; color: inherit; background: #FFFFFF; border: 2px solid currentColor; margin-bottom: 1em; }}
"""


@dataclass
class Fragment:
    """A piece of the text a clip of the recording speaks."""

    id: str
    begin: int
    end: int
    """Milliseconds in the recording."""


@dataclass
class Content:
    """The content document and what the package's navigation and overlay need of it."""

    xhtml: bytes
    fragments: list[Fragment]
    headings: list[tuple[int, str, str]]
    """Each heading's level (1 for the title), words and id."""
    pages: list[tuple[str, str]]
    """Each print page's number and the id of its break."""


def content(edition: Edition, layout: Layout, recording: Recording, print_pages: list[list[str]]) -> Content:
    """The leaflet as one XHTML content document, paired with ``recording`` and marked with ``print_pages``' breaks."""
    tree = html.document_fromstring(page(edition, layout))
    body = tree.find("body")
    arrange(tree, recording)
    fragments = paired(body, recording)
    write_in_boxes(body)
    total = len(print_pages)
    say = edition.document.phrases.say
    marks = [(number, say("page", number=str(number), total=str(total))) for number in range(1, total + 1)]
    pages = mark_pages(body, print_pages, marks)
    headings = [(int(el.tag[1]), " ".join(el.text_content().split()), el.get("id"))
                for el in body.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    return Content(xhtml(tree, edition), fragments, headings, pages)


def arrange(tree: html.HtmlElement, recording: Recording) -> None:
    """The facts under the title, the closing line at the end, the book's own style, no viewport (a book has pages)."""
    header, footer = tree.find(".//header"), tree.find(".//footer")
    stamp = footer.find("ul")
    stamp.set("class", "stamp")
    header.append(stamp)
    closing = etree.SubElement(footer, "p")
    closing.text = recording.lines[-1][0].text
    tree.find(".//main").set("id", "main")
    tree.find(".//style").text += BOOK_STYLE
    for meta in tree.iter("meta"):
        if meta.get("name") == "viewport":
            meta.getparent().remove(meta)


def is_unit(element: html.HtmlElement) -> bool:
    return isinstance(element.tag, str) and (element.tag in UNITS or element.get("class") == "stamp")


def units(body: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """The elements a line of the script speaks each, in reading order."""
    for element in body.iter():
        if is_unit(element) and not any(map(is_unit, element.iterancestors())):
            yield from figure_units(element) if element.tag == "figure" else (element,)


def figure_units(figure: html.HtmlElement) -> Iterator[html.HtmlElement]:
    """A figure is said in two lines, as every format reads it out: its picture's description, then its caption."""
    picture, caption = figure.find(".//img"), figure.find("figcaption")
    yield figure if picture is None else picture
    if caption is not None and picture is not None:
        yield caption


def paired(body: html.HtmlElement, recording: Recording) -> list[Fragment]:
    """Each unit given its line's clip, or one clip a sentence where its text has the sentences the voice said."""
    found = list(units(body))
    if len(found) != len(recording.lines):
        raise RenderError(f"the talking book's text has {len(found)} blocks to speak but its script "
                          f"{len(recording.lines)} lines; they must pair one to one")
    fragments = []
    for element, (line, sentences) in zip(found, recording.lines):
        shown = words(element.get("alt") if element.tag == "img" else " ".join(element.itertext()))
        if element.get("class") == "stamp":  # the facts as listed; the voice says them in a sentence of its own
            shown = [word for word in shown if any(char.isdigit() for char in word)]
        if missing_word(shown, words(line.text)):
            raise RenderError(f"the talking book would show '{' '.join(shown)[:60]}' while it says '{line.text[:60]}'")
        text = element.text_content().replace("\u00a0", " ")
        starts = sentence_starts(text)
        if element.tag in WRAPPABLE and len(sentences) > 1 and len(starts) == len(sentences):
            for span, sentence in zip(wrapped(element, starts), sentences):
                span.set("id", f"s{len(fragments) + 1}")
                fragments.append(Fragment(span.get("id"), sentence.begin, sentence.end))
        else:
            element.set("id", element.get("id") or f"s{len(fragments) + 1}")
            fragments.append(Fragment(element.get("id"), sentences[0].begin, sentences[-1].end))
    return fragments


def wrapped(element: html.HtmlElement, starts: list[int]) -> list[html.HtmlElement]:
    """``element``'s content split into one span per range of characters from each of ``starts``.

    Inline markup (bold, links) that runs over a boundary is carried on both sides.
    """
    pieces = list(flattened(element, ()))
    for child in list(element):
        element.remove(child)
    element.text = None
    spans = [etree.SubElement(element, "span")]
    stack: list = []
    cuts = iter(starts[1:])
    cut, position = next(cuts, None), 0
    for content, chain in pieces:
        if not isinstance(content, str):
            append(spans[-1], stack, chain, content)
            continue
        while content:
            if cut is not None and position >= cut:
                spans.append(etree.SubElement(element, "span"))
                stack, cut = [], next(cuts, None)
                continue
            take = len(content) if cut is None else min(len(content), cut - position)
            append(spans[-1], stack, chain, content[:take])
            position, content = position + take, content[take:]
    return spans


def flattened(element: html.HtmlElement, chain: tuple) -> Iterator[tuple[object, tuple]]:
    """Text and empty elements (``br``, ``img``) in order, each with the inline elements around it."""
    if element.text:
        yield element.text, chain
    for child in element:
        if len(child) == 0 and not child.text:
            bare = copy.copy(child)
            bare.tail = None
            yield bare, chain
        else:
            yield from flattened(child, chain + (child,))
        if child.tail:
            yield child.tail, chain


def append(span: html.HtmlElement, stack: list, chain: tuple, content: object) -> None:
    """Add ``content`` to ``span`` inside copies of ``chain``'s elements, reusing those ``stack`` has open."""
    keep = 0
    while keep < min(len(stack), len(chain)) and stack[keep][0] is chain[keep]:
        keep += 1
    del stack[keep:]
    for source in chain[keep:]:
        parent = stack[-1][1] if stack else span
        made = etree.SubElement(parent, source.tag, dict(source.attrib))
        stack.append((source, made))
    target = stack[-1][1] if stack else span
    if isinstance(content, str):
        if len(target):
            target[-1].tail = (target[-1].tail or "") + content
        else:
            target.text = (target.text or "") + content
    else:
        target.append(content)


def write_in_boxes(body: html.HtmlElement) -> None:
    """Each write-in area as a box a reader can type in, named by its label."""
    boxes = [area for area in body.iter("div") if area.get("class") == "write-lines"]
    for number, area in enumerate(boxes, start=1):
        label = area.getprevious()
        label.set("id", label.get("id") or f"write-in-{number}")
        box = html.Element("textarea", {"class": "write-in", "id": f"{label.get('id')}-box",
                                        "aria-labelledby": label.get("id"), "style": area.get("style")})
        box.tail = area.tail
        area.getparent().replace(area, box)


def positions(body: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, bool, int, str]]:
    """Every word a reader gets, in order: the element whose text (or, if ``True``, tail) holds it, where, and the word."""

    def visit(element):
        hidden = element.tag in HIDDEN or element.get("aria-hidden") == "true"
        if not hidden:
            for match in WORD.finditer(element.text or ""):
                yield element, False, match.start(), match.group().casefold()
            for child in element:
                if isinstance(child.tag, str):
                    yield from visit(child)
                for match in WORD.finditer(child.tail or ""):
                    yield child, True, match.start(), match.group().casefold()

    yield from visit(body)


def mark_pages(body: html.HtmlElement, print_pages: list[list[str]], marks: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """A break before the first word of each printed page, found by matching the print's words with the book's."""
    from difflib import SequenceMatcher

    found = list(positions(body))
    printed = [word for words in print_pages for word in words]
    matches = SequenceMatcher(None, printed, [word for *_, word in found], autojunk=False).get_matching_blocks()
    to_book = {a + n: b + n for a, b, size in matches for n in range(size)}
    breaks, first = [], 0
    for number, words in enumerate(print_pages, start=1):
        here = next((to_book[index] for index in range(first, first + len(words)) if index in to_book), None)
        first += len(words)
        if number == 1:
            breaks.append((number, None))
        elif here is not None and (not breaks or breaks[-1][1] is None or here > breaks[-1][1]):
            breaks.append((number, here))
    labels = dict(marks)
    for number, index in reversed(breaks):
        mark = html.Element("span", {f"{{{OPS}}}type": "pagebreak", "role": "doc-pagebreak", "id": f"page-{number}",
                                     "aria-label": labels[number]})
        if index is None:
            body.find("header").insert(0, mark)
        else:
            insert(mark, *found[index][:3])
    return [(str(number), f"page-{number}") for number, _ in breaks]


def insert(mark: html.HtmlElement, element: html.HtmlElement, in_tail: bool, at: int) -> None:
    """Put ``mark`` before the character ``at`` of ``element``'s text or tail; before a whole block it starts, where
    a break may stand between blocks."""
    text = (element.tail if in_tail else element.text) or ""
    if not in_tail and not text[:at].strip():
        target = element  # the outermost element this word starts
        while (target.getparent().tag not in FLOW_PARENTS and target.getparent()[0] is target
               and not (target.getparent().text or "").strip()):
            target = target.getparent()
        if target.getparent().tag in FLOW_PARENTS:
            target.addprevious(mark)
            return
    mark.tail = text[at:]
    if in_tail:
        element.tail = text[:at]
        parent = element.getparent()
        parent.insert(parent.index(element) + 1, mark)
    else:
        element.text = text[:at]
        element.insert(0, mark)


def xhtml(tree: html.HtmlElement, edition: Edition) -> bytes:
    """The tree as an XHTML content document, in the XHTML namespace, its language said both ways."""
    language = edition.document.language
    root = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": OPS})
    for name, value in tree.attrib.items():
        root.set(name, value)
    root.set(XML_LANG, language)
    for element in tree.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{XHTML}}}{element.tag}"
    for child in list(tree):
        root.append(child)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, doctype="<!DOCTYPE html>")
