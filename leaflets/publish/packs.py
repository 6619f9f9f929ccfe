"""Patient packs: the leaflets one patient needs, in one PDF with a contents page.

Each leaflet's pages go in unchanged, with their own stamps, page numbers and
warnings, so a page taken out of a pack still says which leaflet, version and
review date it belongs to. The contents page is set in the layout's own clear
print sizes and tagged; each leaflet's structure tree is grafted under the
pack's, so a screen reader can still follow the whole pack.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, NumberObject, TextStringObject

from ..atomic import write_atomic
from ..document.words import format_date
from ..errors import LeafletError
from ..outputs.pdf import PdfOutput
from ..outputs.pdf.layouts import Layout
from ..outputs.pdf.render import DocumentInfo, draw
from ..outputs.pdf.stamp import Stamp
from ..outputs.pdf.typeset import Setter
from ..source.model import Leaflet
from ..source.phrases import Phrases
from .catalogue import pack_called
from .files import Written

PACK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
"""Safe as a file name on any shared drive: letters, digits, '-' and '_', no paths."""
CONTENTS_TITLE = "Leaflets in this pack"


@dataclass(frozen=True)
class Part:
    """One leaflet of a pack: its PDF in the pack's layout."""

    leaflet: Leaflet
    path: Path
    pages: int


def pack_path(output_dir: Path, name: str, layout: str) -> Path:
    return output_dir / "packs" / f"{name}-{layout}.pdf"


def contents_page(name: str, parts: list[Part], layout: Layout, phrases: Phrases, made: dt.date,
                  even_pages: bool = False) -> bytes:
    """The tagged first page: what is in the pack, in order, in words a patient can follow.

    With ``even_pages`` it gets a blank back, so in a double-sided pack of
    even-paged leaflets each leaflet starts on the front of a sheet.
    """
    para = Setter(layout).para

    count = f"{len(parts)} leaflet{'s' if len(parts) > 1 else ''}"
    story = [
        para(CONTENTS_TITLE, "title", "H1"),
        para(f"Patient pack {name}, made on {format_date(made)}.", "masthead"),
        para(f"This pack has {count}. Each one starts on a new page and has its own page numbers "
             "at the bottom of each page.", "body"),
    ]
    for number, part in enumerate(parts, start=1):
        leaflet = part.leaflet
        story.append(para(f"**{number}. {leaflet.title}** ({part.pages} pages). Reference {leaflet.id}, "
                          f"version {leaflet.version}, review due {format_date(leaflet.review_date)}.", "body"))
    stamp = Stamp.of((), phrases)  # the pack's name and date are in the page's words, where a screen reader reads them
    info = DocumentInfo(f"{CONTENTS_TITLE}: {name}", "leaflets", CONTENTS_TITLE,
                        tuple(part.leaflet.id for part in parts), parts[0].leaflet.language, made, {"pack": name})
    return draw(story, layout, stamp, info, even_pages).pdf


def merge(contents: bytes, parts: list[Part]) -> bytes:
    """The contents page followed by every leaflet, with one bookmark per leaflet and one structure tree."""
    writer = PdfWriter(clone_from=io.BytesIO(contents))
    tree = writer.root_object["/StructTreeRoot"]
    document = tree["/K"].get_object()
    numbers = tree["/ParentTree"].get_object()["/Nums"]
    next_key = int(tree["/ParentTreeNextKey"])
    for part in parts:
        reader = PdfReader(part.path)
        first = len(writer.pages)
        pages = [writer.add_page(page) for page in reader.pages]
        source = reader.trailer["/Root"]["/StructTreeRoot"]
        offset = next_key
        for original, page in zip(reader.pages, pages):
            if "/StructParents" in original:  # pypdf leaves it behind when copying a page
                page[NameObject("/StructParents")] = NumberObject(int(original["/StructParents"]) + offset)
            for annotation in page.get("/Annots", ()):
                annotation = annotation.get_object()
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(int(annotation["/StructParent"]) + offset)
        kept = source["/ParentTree"].get_object()["/Nums"]
        for key, value in zip(kept[::2], kept[1::2]):
            numbers += [NumberObject(int(key) + offset), value.clone(writer)]
        next_key = offset + int(source["/ParentTreeNextKey"])
        article = source.raw_get("/K").clone(writer)  # the reference, not the dictionary it resolves to
        element = article.get_object()
        element[NameObject("/S")] = NameObject("/Art")  # a self-contained leaflet within the pack
        element[NameObject("/P")] = tree.raw_get("/K")
        element[NameObject("/Lang")] = TextStringObject(part.leaflet.language)
        document["/K"].append(article)
        writer.add_outline_item(title=f"{part.leaflet.title} ({part.leaflet.id})", page_number=first)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_packs(name: str, ids: tuple[str, ...], pdf: PdfOutput, phrases: Phrases, files: list[Written],
               output_dir: Path, made_on: dt.date) -> tuple[list[tuple[Path, str]], list[str]]:
    """One pack per print layout of ``pdf`` from ``files`` (those the build wrote or kept), leaflets in the order of ``ids``.

    Returns each pack's path with what staff call it, and the problems.

    A pack is made only when every leaflet in it was built: a pack missing a
    leaflet would be handed over as if it were complete.
    """
    made, problems = [], []
    variants, _ = pdf.variants()  # a broken layout is already reported by the build
    for variant in variants:
        if variant.easy_read and not any(w.leaflet.easy_read for w in files if w.leaflet.id in ids):
            continue  # an Easy Read layout sets only Easy Read editions, and the pack holds none
        layout = variant.spec.layout
        built = {w.leaflet.id: w for w in files if w.format == PdfOutput.name and w.layout == layout.name}
        missing = [leaflet_id for leaflet_id in ids if leaflet_id not in built]
        if missing:
            problems.append(f"pack {name} ({variant.label}) was not made: {', '.join(missing)} "
                            "could not be built; fix the problems above and run again")
            continue
        parts = [Part(built[i].leaflet, built[i].path, built[i].pages) for i in dict.fromkeys(ids)]
        path = pack_path(output_dir, name, layout.name)
        try:
            write_atomic(path, merge(contents_page(name, parts, layout, phrases, made_on, pdf.even_pages), parts))
        except LeafletError as error:
            problems.append(f"pack {name} ({variant.label}): {error}")
            continue
        made.append((path, pack_called(name, variant.label)))
    return made, problems
