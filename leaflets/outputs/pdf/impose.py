"""Booklet imposition: an A5 leaflet laid out two pages per side of A4 sheets.

Printed double-sided (flipping on the short edge), the stack folded in half and
stapled on the fold gives the pages in reading order: saddle stitching. The
pages are placed as they are, never scaled, so every size checked on the
leaflet is the size printed.
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter, Transformation

Side = tuple[int | None, int | None]
"""The page numbers printed on the left and right half of one side of a sheet; None is a blank half."""


def booklet_order(pages: int) -> list[Side]:
    """Each side in printing order (sheet 1 front, sheet 1 back, sheet 2 front …).

    The page count is padded with blanks to a multiple of four, because each
    folded sheet carries four pages.
    """
    total = -(-pages // 4) * 4
    sides: list[tuple[int, int]] = []
    for sheet in range(total // 4):
        outer, inner = 2 * sheet + 1, total - 2 * sheet
        sides += [(inner, outer), (outer + 1, inner - 1)]
    return [tuple(n if n <= pages else None for n in side) for side in sides]  # type: ignore[misc]


def impose(pdf: bytes, sheet: tuple[float, float], title: str) -> bytes:
    """The print file for ``pdf``: each side of ``sheet`` (landscape) holds two of its pages, centred in each half."""
    reader = PdfReader(io.BytesIO(pdf))
    writer = PdfWriter()
    width, height = sheet
    for side in booklet_order(len(reader.pages)):
        paper = writer.add_blank_page(width, height)
        for half, number in enumerate(side):
            if number is None:
                continue
            page = reader.pages[number - 1]
            x = half * width / 2 + (width / 2 - float(page.mediabox.width)) / 2
            y = (height - float(page.mediabox.height)) / 2
            paper.merge_transformed_page(page, Transformation().translate(x, y))
    writer.add_metadata({"/Title": f"{title} (booklet for printing)", "/Creator": "leaflets"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
