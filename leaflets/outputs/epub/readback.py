"""Reading a talking book back as a reading system opens it.

The container (``mimetype`` first and stored), the package document it
points to, the spine's content document as a screen reader gets its text, the
navigation's targets, and the media overlay: every text fragment a clip names
must exist, and every clip must lie inside the audio file as a player measures
it, in reading order, adding up to the durations the package declares.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from urllib.parse import urldefrag

from lxml import etree

from ...errors import VerificationError
from ..html.readback import read, text_of
from .package import MIMETYPE

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "c": "urn:oasis:names:tc:opendocument:xmlns:container", "smil": "http://www.w3.org/ns/SMIL",
      "x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$")
SLACK = 0.001
"""Seconds a clip may seem to pass its audio's end through rounding alone."""


@dataclass(frozen=True)
class Book:
    """What a reader of the book gets."""

    text: str
    """The content document's text, line by line, as a screen reader reads it."""
    pages: tuple[str, ...]
    """The page list's page numbers."""
    clips: tuple[tuple[str, float, float], ...]
    """Each overlay clip: the fragment it speaks, and its start and end in seconds."""
    length: float
    """The overlay's declared duration, in seconds."""
    metadata: dict[str, list[str]]


def seconds(value: str) -> float:
    """A SMIL clock value (``0:01:02.345``, ``62.345s``) in seconds."""
    if value.endswith("s") and not value.endswith("ms"):
        return float(value[:-1])
    match = CLOCK.match(value)
    if not match:
        raise VerificationError(f"'{value}' is not a clock value")
    return int(match[1] or 0) * 3600 + int(match[2]) * 60 + float(match[3])


def open_book(data: bytes) -> Book:
    """Read an EPUB's text, navigation and overlay; raise :class:`VerificationError` on anything a reading system
    would trip over."""
    from mutagen.mp3 import MP3

    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    if first.filename != "mimetype" or first.compress_type != zipfile.ZIP_STORED or archive.read(first) != MIMETYPE \
            or first.extra:
        raise VerificationError("the EPUB does not start with its mimetype, stored")
    names = set(archive.namelist())

    def xml(name: str) -> etree._Element:
        if name not in names:
            raise VerificationError(f"the EPUB lacks {name}")
        return etree.fromstring(archive.read(name), etree.XMLParser(resolve_entities=False, no_network=True))

    opf_name = xml("META-INF/container.xml").find(".//c:rootfile", NS).get("full-path")
    opf = xml(opf_name)
    folder = posixpath.dirname(opf_name)
    items = {item.get("id"): item for item in opf.iterfind(".//opf:manifest/opf:item", NS)}

    def path(href: str) -> str:
        return posixpath.normpath(posixpath.join(folder, href))

    spine = [items[ref.get("idref")] for ref in opf.iterfind(".//opf:spine/opf:itemref", NS)]
    if len(spine) != 1:
        raise VerificationError(f"the EPUB's spine has {len(spine)} documents, not one")
    page = spine[0]
    text = archive.read(path(page.get("href"))).decode("utf-8")
    ids = set(xml(path(page.get("href"))).xpath("//@id"))
    nav = next(item for item in items.values() if "nav" in (item.get("properties") or "").split())
    pages = []
    for nav_element in xml(path(nav.get("href"))).iterfind(".//x:nav", NS):
        kind = nav_element.get(f"{{{NS['epub']}}}type")
        for link in nav_element.iterfind(".//x:a", NS):
            target, fragment = urldefrag(link.get("href"))
            if target and (target != page.get("href") or fragment not in ids):
                raise VerificationError(f"the {kind} navigation points at {link.get('href')}, which is not in the book")
            if kind == "page-list":
                pages.append(link.text)
    overlay = items[page.get("media-overlay")]
    clips = []
    lengths: dict[str, float] = {}
    for par in xml(path(overlay.get("href"))).iterfind(".//smil:par", NS):
        target, fragment = urldefrag(par.find("smil:text", NS).get("src"))
        if target != page.get("href") or fragment not in ids:
            raise VerificationError(f"an overlay clip speaks #{fragment}, which is not in the book's text")
        audio = par.find("smil:audio", NS)
        source = path(audio.get("src"))
        if source not in lengths:
            lengths[source] = MP3(io.BytesIO(archive.read(source))).info.length
        begin, end = seconds(audio.get("clipBegin")), seconds(audio.get("clipEnd"))
        if not 0 <= begin < end <= lengths[source] + SLACK:
            raise VerificationError(f"the clip for #{fragment} ({begin:.3f}-{end:.3f} s) is not inside its audio "
                                    f"({lengths[source]:.3f} s)")
        if clips and begin < clips[-1][2]:
            raise VerificationError(f"the clip for #{fragment} starts before the one before it ends")
        clips.append((fragment, begin, end))
    metadata: dict[str, list[str]] = {}
    for meta in opf.find("opf:metadata", NS):
        name = meta.get("property") if meta.tag == f"{{{NS['opf']}}}meta" else etree.QName(meta).localname
        if meta.get("refines") is None:
            metadata.setdefault(name, []).append(meta.text or "")
    declared = seconds(metadata["media:duration"][0])
    spoken = sum(end - begin for _, begin, end in clips)
    if abs(declared - spoken) > SLACK * len(clips):
        raise VerificationError(f"the overlay's clips last {spoken:.3f} s but the book says {declared:.3f} s")
    return Book(text_of(read(text)), tuple(pages), tuple(clips), declared, metadata)
