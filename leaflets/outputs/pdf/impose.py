"""Booklet imposition: an A5 leaflet laid out two pages per side of A4 sheets.

Printed double-sided (flipping on the short edge), the stack folded in half and
stapled on the fold gives the pages in reading order: saddle stitching. The
pages are placed as they are, never scaled, so every size checked on the
leaflet is the size printed.

The print file is still a file someone may open on screen, so it stays tagged
like the reading file: each reading page becomes a form XObject drawn on its
sheet, and the reading file's structure tree, links, bookmarks, language and
metadata are carried over to point at the sheets.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

Side = tuple[int | None, int | None]
"""The page numbers printed on the left and right half of one side of a sheet; None is a blank half."""

def booklet_order(pages: int, right_to_left: bool = False) -> list[Side]:
    """Each side in printing order (sheet 1 front, sheet 1 back, sheet 2 front …).

    The page count is padded with blanks to a multiple of four, because each
    folded sheet carries four pages. A right-to-left booklet opens the other
    way, its fold on the right of its cover, so each side is mirrored.
    """
    total = -(-pages // 4) * 4
    sides: list[tuple[int, int]] = []
    for sheet in range(total // 4):
        outer, inner = 2 * sheet + 1, total - 2 * sheet
        sides += [(inner, outer), (outer + 1, inner - 1)]
    return [tuple(n if n <= pages else None for n in (side[::-1] if right_to_left else side))  # type: ignore[misc]
            for side in sides]


@dataclass(frozen=True)
class Placed:
    """Where one reading page went: the sheet page, the form XObject holding its content, and its offset there."""

    paper: pikepdf.Page
    form: pikepdf.Object
    x: float
    y: float

    def moved(self, x: float | None, y: float | None) -> list[float | None]:
        """A point of the reading page (a missing coordinate stays missing) as it lies on the sheet."""
        return [None if x is None else float(x) + self.x, None if y is None else float(y) + self.y]


def impose(pdf: bytes, sheet: tuple[float, float], title: str, right_to_left: bool = False) -> bytes:
    """The print file for ``pdf``: each side of ``sheet`` (landscape) holds two of its pages, centred in each half,
    in the order a booklet opening as its text reads is folded from. ``title`` says, in the leaflet's language, what
    the file is, from the reading file's own title (``{title}``), so a draft's marking stays in it.

    The sheets are added to the reading file itself, which then loses its own
    pages: everything at document level (structure tree, /Lang, /MarkInfo,
    viewer preferences, XMP) is the reading file's, and only what points at a
    page needs moving. Each form keeps its page's /StructParents and each link
    its /StructParent, so the parent tree's entries still hold as they are.
    """
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        reading = list(doc.pages)
        width, height = sheet
        placed: dict[tuple[int, int], Placed] = {}
        for side in booklet_order(len(reading), right_to_left):
            paper = doc.add_blank_page(page_size=(width, height))
            drawn, forms, annots = [], Dictionary(), Array()
            # Painted in reading order, whichever half each page is on, so the paint order follows the tag tree's.
            for number, half in sorted((n, half) for half, n in enumerate(side) if n is not None):
                page = reading[number - 1]
                x = half * width / 2 + (width / 2 - float(page.mediabox[2])) / 2
                y = (height - float(page.mediabox[3])) / 2
                form = page.as_form_xobject()
                if "/StructParents" in page.obj:  # not on a blank page added for even pages
                    form.StructParents = page.obj.StructParents
                forms[f"/Page{number}"] = form
                drawn.append(f"q 1 0 0 1 {x:.4f} {y:.4f} cm /Page{number} Do Q")
                placed[page.obj.objgen] = where = Placed(paper, form, x, y)
                for annot in page.obj.get("/Annots", Array()):
                    annot.Rect = Array(where.moved(*annot.Rect[:2]) + where.moved(*annot.Rect[2:]))
                    annots.append(annot)
            paper.obj.Resources = Dictionary(XObject=forms)
            paper.obj.Contents = doc.make_stream("\n".join(drawn).encode())
            if annots:
                paper.obj.Annots, paper.obj.Tabs = annots, Name.S
        for element in elements(doc.Root.StructTreeRoot):
            repoint(element, placed)
        for item in outline_items(doc.Root.get("/Outlines")):
            where = placed[item.Dest[0].objgen]
            item.Dest = Array([where.paper.obj, Name.XYZ, *where.moved(item.Dest[2], item.Dest[3]), item.Dest[4]])
        del doc.pages[:len(reading)]
        with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:  # no timestamps
            xmp["dc:title"] = doc.docinfo.Title = title.format(title=xmp["dc:title"])
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
        return out.getvalue()


def elements(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
    """Every structure element under ``node`` (the tree root or an element), parents first, by their /K only."""
    kids = node.get("/K")
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def repoint(element: pikepdf.Dictionary, placed: dict[tuple[int, int], Placed]) -> None:
    """Make ``element``'s page references name the sheet, and its marked content the form XObject that now holds it.

    A bare MCID means "on the element's /Pg", which can only be a page's own
    content stream, so each becomes a marked-content reference naming the form
    (/Stm) as well as the sheet.
    """
    page = element.get("/Pg")
    kids = element.get("/K")
    refs = []
    for kid in kids if isinstance(kids, Array) else [kids]:
        if isinstance(kid, int):
            where = placed[page.objgen]
            kid = Dictionary(Type=Name.MCR, Pg=where.paper.obj, Stm=where.form, MCID=kid)
        elif isinstance(kid, Dictionary) and "/S" not in kid and "/Pg" in kid:
            where = placed[kid.Pg.objgen]
            kid.Pg = where.paper.obj
            if kid.get("/Type") != Name.OBJR:
                kid.Stm = where.form
        refs.append(kid)
    if page is not None:
        element.Pg = placed[page.objgen].paper.obj
    if kids is not None:
        element.K = Array(refs) if isinstance(kids, Array) else refs[0]


def outline_items(node: pikepdf.Object | None) -> Iterator[pikepdf.Dictionary]:
    """Every bookmark under ``node``, in order."""
    item = node.get("/First") if node is not None else None
    while item is not None:
        yield item
        yield from outline_items(item)
        item = item.get("/Next")
