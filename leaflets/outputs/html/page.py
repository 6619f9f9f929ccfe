"""The web page: a document's blocks as semantic HTML, in one self-contained file.

Landmarks (header, main, footer), one ``h1``, headings in order, real lists,
callouts as notes that say their kind in words, figures with their
description as alt text and their caption as ``figcaption``, questions as a
description list. Nothing is fetched from outside: style, fonts and pictures
are inside the file.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from ...document.model import Document
from ...document.words import callout_label, sentence
from ...governance.edition import Edition
from ...governance.status import NOTICE_SEPARATOR, Notice
from ...source import markup, model
from ...source.phrases import Phrases
from ..pdf.layouts import Layout
from .style import font_faces, stylesheet

PICTURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png"}


def inline(text: str) -> str:
    """Author text with its marks as HTML: bold as ``strong``, links as ``a``; phone numbers and dates kept whole."""
    parts = []
    for span in markup.parse(text):
        words = escape(markup.keep_together(span.text))
        if span.bold:
            parts.append(f"<strong>{words}</strong>")
        elif span.href:
            parts.append(f'<a href="{escape(span.href)}">{words}</a>')
        else:
            parts.append(words)
    return "".join(parts)


def phone_link(number: str) -> str:
    return f'<a href="tel:{re.sub(r"[^0-9+]", "", number)}">{escape(markup.keep_together(number))}</a>'


def items(entries: tuple[str, ...], numbered: bool) -> str:
    tag = "ol" if numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{inline(entry)}</li>" for entry in entries) + f"</{tag}>"


def with_fonts(svg: bytes, layout: Layout) -> bytes:
    """An SVG carrying the layout's font for its own labels: a picture shown as an image cannot use the page's fonts."""
    from lxml import etree

    root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    labels = "".join(root.itertext())
    if not labels.strip():
        return svg  # a picture without words (an Easy Read row's icon) needs no font
    style = etree.Element("{http://www.w3.org/2000/svg}style")
    style.text = font_faces(layout.font, labels)
    root.insert(0, style)
    return etree.tostring(root, encoding="utf-8")


def picture(path: Path, alt: str, layout: Layout) -> str:
    """A figure file as an image inside the page, described by ``alt``; its labels are read only through that."""
    data = path.read_bytes()
    if path.suffix.lower() == ".svg":
        data = with_fonts(data, layout)
    encoded = base64.b64encode(data).decode("ascii")
    return f'<img src="data:{PICTURE_TYPES[path.suffix.lower()]};base64,{encoded}" alt="{escape(alt)}">'


def said(document: Document, key: str, address: str) -> str:
    """The phrase ``key`` around a link to ``address``, the phrase's own words escaped."""
    link = f'<a href="{escape(address)}">{escape(address)}</a>'
    before, _, after = document.phrases.texts[key].partition("{address}")
    return escape(before) + link + escape(after)


def notice_html(notice: Notice, own: Phrases) -> str:
    """The notice, its English part marked as English in a translation, so a screen reader switches voice."""
    direction = ' dir="ltr"' if own.direction == "rtl" else ""
    return NOTICE_SEPARATOR.join(
        escape(sentence) if code == own.code else f'<span lang="{code}"{direction}>{escape(sentence)}</span>'
        for code, sentence in notice.said)


def block_html(block: model.Block, document: Document, layout: Layout) -> str:
    """One block as HTML."""
    site = document.site
    if isinstance(block, model.Heading):
        level = block.level + 1
        return f"<h{level}>{inline(block.text)}</h{level}>"
    if isinstance(block, model.Paragraph):
        return f"<p>{inline(block.text)}</p>"
    if isinstance(block, (model.BulletList, model.Steps)):
        return items(block.items, isinstance(block, model.Steps))
    if isinstance(block, model.Callout):
        label = callout_label(block, document.phrases)
        title = f"{label}: {block.title}" if block.title else label
        body = [f"<p><strong>{inline(title)}</strong></p>"]
        body += [f"<p>{inline(block.text)}</p>"] if block.text else []
        body += [items(block.items, False)] if block.items else []
        return f'<div class="callout {block.kind.value}" role="note">{"".join(body)}</div>'
    if isinstance(block, model.Figure):
        caption = f"<figcaption>{inline(block.caption)}</figcaption>" if block.caption else ""
        return f"<figure>{picture(document.figure(block), sentence(block.alt), layout)}{caption}</figure>"
    if isinstance(block, model.Contacts):
        phones = "".join(f"<li>{escape(phone.label)}: {phone_link(phone.number)}"
                         + (f" ({escape(phone.hours)})" if phone.hours else "") + "</li>" for phone in site.phones)
        return (f'<div class="contacts"><p><strong>{escape(site.department)}</strong></p><ul>{phones}</ul>'
                f'<p>{"<br>".join(escape(line) for line in site.address)}</p>'
                f'<p>{said(document, "website", site.web)}</p></div>')
    if isinstance(block, model.Row):  # picture first, then its words: the order they are read in
        contacts = block_html(model.Contacts(block.origin), document, layout) if block.contacts else ""
        return (f'<div class="row">{picture(document.figure(block.figure), sentence(block.description), layout)}'
                f'<div class="words"><p>{inline(block.text)}</p>{contacts}</div></div>')
    if isinstance(block, model.OnlineCopy):
        return f'<p>{said(document, "back_matter.online", block.address)}</p>'
    if isinstance(block, model.WriteIn):
        return (f'<p><strong>{inline(block.label)}</strong></p>'
                f'<div class="write-lines" style="--lines: {block.lines}" aria-hidden="true"></div>')
    if isinstance(block, model.Questions):
        pairs = "".join(f"<dt>{inline(pair.question)}</dt><dd>{inline(pair.answer)}</dd>" for pair in block.pairs)
        return f'<dl class="questions">{pairs}</dl>'
    raise TypeError(f"no HTML for {type(block).__name__}")


def page(edition: Edition, layout: Layout) -> str:
    """The whole leaflet as one HTML page."""
    document, leaflet = edition.document, edition.leaflet
    site = document.site
    notice = f'<p class="notice">{notice_html(edition.notice, document.phrases)}</p>\n' if edition.notice else ""
    subtitle = f'<p class="subtitle">{inline(leaflet.subtitle)}</p>\n' if leaflet.subtitle else ""
    body = "\n".join(block_html(block, document, layout) for block in document.blocks)
    stamp = "".join(f"<li>{escape(item)}</li>" for item in edition.stamp)
    shown = "".join((notice, leaflet.title, subtitle, site.organisation, site.department, body, stamp))
    return f"""<!DOCTYPE html>
<html lang="{escape(document.language)}"{' dir="rtl"' if document.direction == "rtl" else ""}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(edition.title)}</title>
<meta name="description" content="{escape(leaflet.subtitle or leaflet.title)}">
<meta name="generator" content="leaflets">
<style>
{stylesheet(layout, shown)}</style>
</head>
<body>
<header>
{notice}<h1>{inline(leaflet.title)}</h1>
{subtitle}<p class="masthead">{escape(site.organisation)} \u2013 {escape(site.department)}</p>
</header>
<main>
{body}
</main>
<footer>
<ul>{stamp}</ul>
</footer>
</body>
</html>
"""
