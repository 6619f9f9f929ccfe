"""The EPUB's own files: package document, navigation, media overlay, and the container that holds them.

The package document carries the identifiers and dates of the governance
record and the EPUB Accessibility 1.1 metadata; the navigation document a
table of contents from the headings, landmarks and the print copy's page
list; the overlay one clip of the recording for each sentence. The container
is written with the standard library's ``zipfile`` (EPUB libraries stamp the
clock into every entry): ``mimetype`` first and stored, every entry dated the
day of the version, so the same edition gives the same bytes.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from html import escape

from ...governance.edition import Edition
from .content import ACTIVE_CLASS, Content

MIMETYPE = b"application/epub+zip"
FOLDER = "EPUB"
CONTENT, NAV, OVERLAY, AUDIO, PACKAGE = "content.xhtml", "nav.xhtml", "content.smil", "audio.mp3", "package.opf"
IDENTIFIERS = uuid.UUID("6f1c3d52-3b8e-5c59-9a53-1c1b0c2f4e11")
"""The namespace the book's UUID is made in from its reference, version and content."""
CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
SUMMARY = ("A patient leaflet as a talking book: the full text with synthetic speech that highlights each sentence "
           "as it is read. Headings give a table of contents; a page list matches the printed A4 leaflet's pages; "
           "every picture has a text description, which is also read aloud. The reference, version, dates and status "
           "come first. Text can be resized and recoloured; the write-in areas are boxes to type in.")
"""In English, for staff and catalogues, whatever the book's language (it says ``xml:lang``)."""
CONTAINER = f"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="{FOLDER}/{PACKAGE}" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


def clock(milliseconds: int) -> str:
    """A SMIL clock value: 0:01:02.345."""
    seconds, ms = divmod(milliseconds, 1000)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{ms:03d}"


def package(edition: Edition, book: Content, length: int) -> str:
    """The package document; ``length`` is the overlay's duration in milliseconds."""
    leaflet, site, document = edition.leaflet, edition.document.site, edition.document
    identifier = uuid.uuid5(IDENTIFIERS, f"{leaflet.id} {leaflet.version} {document.fingerprint}")
    dates = edition.dates  # governance's rule: only a copy whose approval is its own states it
    approved = (f"<dc:date>{dates.approved.isoformat()}</dc:date>",
                f'<meta property="dcterms:dateAccepted">{dates.approved.isoformat()}</meta>') if dates.own else ()
    modes = ("textual", "auditory", *(("visual",) if document.figures else ()))
    sufficient = ("textual", "auditory")
    features = ("alternativeText", "displayTransformability", "pageNavigation", "printPageNumbers", "readingOrder",
                "structuralNavigation", "synchronizedAudioText", "tableOfContents")
    accessibility = [*(f'<meta property="schema:accessMode">{mode}</meta>' for mode in modes),
                     *(f'<meta property="schema:accessModeSufficient">{mode}</meta>' for mode in sufficient),
                     *(f'<meta property="schema:accessibilityFeature">{feature}</meta>' for feature in features
                       if feature != "alternativeText" or document.figures),
                     '<meta property="schema:accessibilityHazard">none</meta>',
                     f'<meta property="schema:accessibilitySummary" xml:lang="en">{escape(SUMMARY)}</meta>',
                     f'<meta property="dcterms:conformsTo">{CONFORMS_TO}</meta>',
                     f'<meta property="a11y:certifiedBy">{escape(site.organisation)}</meta>']
    metadata = "\n".join([
        f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
        f'<dc:identifier id="reference">{escape(leaflet.id)}</dc:identifier>',
        f"<dc:title>{escape(edition.title)}</dc:title>",
        f"<dc:language>{escape(document.language)}</dc:language>",
        f"<dc:creator>{escape(site.organisation)} \u2013 {escape(site.department)}</dc:creator>",
        f"<dc:publisher>{escape(site.organisation)}</dc:publisher>",
        f'<dc:source id="print">{escape(leaflet.id)}, {escape(edition.stamp[1])}, A4 print copy (PDF)</dc:source>',
        '<meta refines="#print" property="source-of">pagination</meta>',
        *((f"<dc:description>{escape(leaflet.subtitle)}</dc:description>",) if leaflet.subtitle else ()),
        *approved,
        f'<meta property="dcterms:modified">{edition.dates.day.isoformat()}T00:00:00Z</meta>',
        f'<meta property="schema:version">{escape(leaflet.version)}</meta>',
        f'<meta property="schema:expires">{leaflet.review_date.isoformat()}</meta>',
        *((f'<meta property="schema:creativeWorkStatus">{escape(edition.notice.word)}</meta>',) if edition.notice else ()),
        *accessibility,
        f'<meta property="media:duration" refines="#overlay">{clock(length)}</meta>',
        f'<meta property="media:duration">{clock(length)}</meta>',
        '<meta property="media:narrator">eSpeak NG</meta>',
        f'<meta property="media:active-class">{ACTIVE_CLASS}</meta>',
    ])
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang="{escape(document.language)}" dir="{document.direction}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
{metadata}
</metadata>
<manifest>
<item id="nav" href="{NAV}" media-type="application/xhtml+xml" properties="nav"/>
<item id="content" href="{CONTENT}" media-type="application/xhtml+xml" media-overlay="overlay"/>
<item id="overlay" href="{OVERLAY}" media-type="application/smil+xml"/>
<item id="audio" href="{AUDIO}" media-type="audio/mpeg"/>
</manifest>
<spine page-progression-direction="{document.direction}">
<itemref idref="content"/>
</spine>
</package>
"""


def navigation(edition: Edition, book: Content) -> str:
    """The navigation document: contents from the headings (the title, then each section and what it holds),
    landmarks, and the print copy's page list."""
    document = edition.document
    say = document.phrases.say
    toc = nested(book.headings)
    pages = "".join(f'<li><a href="{CONTENT}#{fragment}">{number}</a></li>' for number, fragment in book.pages)
    title = book.headings[0]
    direction = f' dir="{document.direction}"' if document.direction == "rtl" else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="{escape(document.language)}" xml:lang="{escape(document.language)}"{direction}>
<head>
<meta charset="utf-8"/>
<title>{escape(edition.title)}</title>
</head>
<body>
<nav epub:type="toc" role="doc-toc" id="toc" aria-labelledby="toc-title">
<h1 id="toc-title">{escape(say("epub.contents"))}</h1>
{toc}
</nav>
<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden">
<h2 id="landmarks-title">{escape(say("epub.landmarks"))}</h2>
<ol>
<li><a epub:type="bodymatter" href="{CONTENT}#{title[2]}">{escape(title[1])}</a></li>
</ol>
</nav>
<nav epub:type="page-list" id="page-list" aria-labelledby="page-list-title" hidden="hidden">
<h2 id="page-list-title">{escape(say("epub.pages"))}</h2>
<ol>{pages}</ol>
</nav>
</body>
</html>
"""


def nested(headings: list[tuple[int, str, str]]) -> str:
    """The headings as an ordered list: the title and each section, each section's subheadings in a list inside its item."""
    html, depth = [], 0
    for level, words, fragment in headings:
        want = max(1, level - 1)
        if want > depth:
            html.append("<ol>" * (want - depth))
        else:
            html.append("</li>" + "</ol></li>" * (depth - want))
        depth = want
        html.append(f'<li><a href="{CONTENT}#{fragment}">{escape(words)}</a>')
    return "".join(html) + "</li>" + "</ol></li>" * (depth - 1) + "</ol>"


def overlay(book: Content) -> str:
    """The media overlay: one clip of the recording per fragment of the text, in reading order."""
    pars = "\n".join(f'<par id="par{n}"><text src="{CONTENT}#{fragment.id}"/>'
                     f'<audio src="{AUDIO}" clipBegin="{clock(fragment.begin)}" clipEnd="{clock(fragment.end)}"/></par>'
                     for n, fragment in enumerate(book.fragments, start=1))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">
<body>
{pars}
</body>
</smil>
"""


def container(edition: Edition, files: dict[str, bytes]) -> bytes:
    """The EPUB file: ``mimetype`` first and stored, then the container record and ``files`` (names inside
    the book's folder), each dated the book's day, so the bytes depend on nothing but the edition."""
    day = edition.dates.day
    moment = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        for name, data in (("mimetype", MIMETYPE), ("META-INF/container.xml", CONTAINER.encode()),
                           *((f"{FOLDER}/{name}", data) for name, data in files.items())):
            entry = zipfile.ZipInfo(name, moment)
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            stored = name == "mimetype" or name.endswith(".mp3")  # already as small as it gets
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            book.writestr(entry, data, compresslevel=None if stored else 9)
    return buffer.getvalue()
