"""The PEF format: the Braille copy's pages in the DAISY Portable Embosser Format.

A PEF file holds every page and row in Unicode braille cells, with the page
size and the leaflet's identity in its metadata, so an embosser or a braille
display shows the pages exactly as laid out, whatever braille table it is set
to. The pages are the BRF's (``braille``), cell for cell, and are verified the
same way: turned back into braille ASCII and read back by liblouis.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

from ..document.words import plural, words
from ..errors import VerificationError
from ..governance.edition import Edition
from .base import Rendition, Variant, check_words
from .braille import CELLS, LINES, BrailleOutput, brf, misreadings, pieces, read_back

PEF = "http://www.daisy.org/ns/2008/pef"
DC = "http://purl.org/dc/elements/1.1/"
BRAILLE_ASCII = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
"""Braille ASCII (upper case), in the order of the Unicode braille cells U+2800 to U+283F."""
TO_CELLS = {char: chr(0x2800 + dots) for dots, char in enumerate(BRAILLE_ASCII)}
FROM_CELLS = {cell: char for char, cell in TO_CELLS.items()}


def pef(text: str, edition: Edition) -> bytes:
    """The BRF ``text`` as a PEF document."""
    ElementTree.register_namespace("", PEF)
    ElementTree.register_namespace("dc", DC)
    leaflet = edition.leaflet
    root = ElementTree.Element(f"{{{PEF}}}pef", version="2008-1")
    meta = ElementTree.SubElement(ElementTree.SubElement(root, f"{{{PEF}}}head"), f"{{{PEF}}}meta")
    for name, value in (("format", "application/x-pef+xml"), ("identifier", f"{leaflet.id}-v{leaflet.version}"),
                        ("title", edition.title), ("language", leaflet.language),
                        ("date", edition.dates.day.isoformat()), ("description", " ".join(edition.stamp))):
        ElementTree.SubElement(meta, f"{{{DC}}}{name}").text = value
    volume = ElementTree.SubElement(ElementTree.SubElement(root, f"{{{PEF}}}body"), f"{{{PEF}}}volume",
                                    cols=str(CELLS), rows=str(LINES), rowgap="0", duplex="false")
    section = ElementTree.SubElement(volume, f"{{{PEF}}}section")
    for page in text.split("\f"):
        element = ElementTree.SubElement(section, f"{{{PEF}}}page")
        for line in page.rstrip("\n").split("\n"):
            ElementTree.SubElement(element, f"{{{PEF}}}row").text = "".join(TO_CELLS[char] for char in line)
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def pages_of(data: bytes) -> list[list[str]]:
    """Each page's rows, back in braille ASCII, as an embosser reads them from the file."""
    root = ElementTree.fromstring(data)
    volume = root.find(f"{{{PEF}}}body/{{{PEF}}}volume")
    if volume is None or (volume.get("cols"), volume.get("rows")) != (str(CELLS), str(LINES)):
        raise VerificationError(f"the PEF does not declare a page of {CELLS} cells by {LINES} rows")
    pages = [[("".join(FROM_CELLS[cell] for cell in (row.text or ""))) for row in page.iter(f"{{{PEF}}}row")]
             for page in volume.iter(f"{{{PEF}}}page")]
    for number, rows in enumerate(pages, start=1):
        if len(rows) > LINES or any(len(row) > CELLS for row in rows):
            raise VerificationError(f"PEF page {number} is larger than {CELLS} cells by {LINES} rows")
    return pages


class PefOutput(BrailleOutput):
    name = "pef"
    extension = ".pef"
    label = "Braille (PEF)"

    def make(self, edition: Edition, variant: Variant) -> list[Rendition]:
        found_pieces = list(pieces(edition))
        text, count = brf(edition, found_pieces)
        data = pef(text, edition)
        pages = pages_of(data)
        if "\f".join("\n".join(rows) + "\n" for rows in pages) != text:
            raise VerificationError("the PEF's pages are not the Braille copy's")
        table = edition.document.phrases.braille_table
        found = words(read_back(text.encode("ascii"), table))
        check_words(edition, found, "PEF as liblouis reads it back", misreadings(found_pieces, table))
        described = ElementTree.fromstring(data).findtext(f"{{{PEF}}}head/{{{PEF}}}meta/{{{DC}}}description") or ""
        edition.check_dates(described, "PEF's description")
        return [Rendition(variant.name, data, count, 0.0, tuple(found), variant.label, plural(count, "braille page"))]
