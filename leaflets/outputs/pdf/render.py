"""Render: run the flowables through ReportLab and return the PDF's bytes.

Rendering to memory, not to a file, lets verification read the result before
anything is published, so a bad file never reaches ``output/``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import time
from dataclasses import dataclass
from functools import partial

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.doctemplate import LayoutError
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas

from ...errors import RenderError
from ...governance.edition import Edition
from .band import StatusBand
from .fonts import FontFamily, register, subsets_tagged
from .layouts import Layout
from .stamp import FooterPlan, Stamp, draw_blank_notice, draw_watermark, with_footer_room
from .tagging import StructureTree
from .typeset import Setter, Typesetter, script_family


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int


class StampedCanvas(Canvas):
    """A canvas that holds its pages back until the page count is known, then stamps them."""

    def __init__(self, *args, stamp: Stamp, layout: Layout, fonts: FontFamily, structure: StructureTree,
                 created: dt.date, even_pages: bool = False, setter: Setter | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stamp, self.layout, self.fonts, self.structure = stamp, layout, fonts, structure
        self.even_pages, self.setter = even_pages, setter
        self._doc._timeStamp = timestamp(created)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        blank = self.even_pages and len(self._pages) % 2 == 1
        if blank:
            self._pages.append(dict(self.__dict__))  # the fresh page showPage() started
        total = len(self._pages)
        plan = FooterPlan(self.stamp, self.layout, self.fonts, total, self.setter)
        plan.check_room()
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            if blank and number == total:
                with self.structure.artifact(self, "Layout"):
                    draw_blank_notice(self, self.layout, self.fonts, self.stamp.blank_words, self.setter)
            with self.structure.artifact(self, "Pagination", subtype="Footer"):
                plan.draw(self, number, total)
            if self.stamp.notice:
                with self.structure.artifact(self, "Pagination", subtype="Watermark"):
                    draw_watermark(self, self.stamp.notice.word, self.layout, self.fonts, self.setter)
            super().showPage()
        self.structure.finish(self)
        with subsets_tagged(self._doc):
            super().save()


def timestamp(day: dt.date) -> TimeStamp:
    """ReportLab's document date, set to ``day`` so the same content gives the same bytes."""
    stamp = TimeStamp(invariant=1)
    stamp.t = calendar.timegm(day.timetuple())
    stamp.lt = time.gmtime(stamp.t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def xmp_properties(edition: Edition) -> dict[str, str]:
    """The document control fields governance looks for in the file itself; a draft's dates as governance states them."""
    leaflet = edition.leaflet
    return {
        "reference": leaflet.id,
        "version": leaflet.version,
        "status": leaflet.status.value,
        **edition.dates.fields,
        "reviewDate": leaflet.review_date.isoformat(),
        "owner": leaflet.owner,
        ("approvedBy" if edition.dates.approved else "toBeApprovedBy"): leaflet.approved_by,
        **({"state": edition.state} if edition.notice else {}),
    }


@dataclass(frozen=True)
class DocumentInfo:
    """What a PDF says about itself: document info, language, XMP and the date it carries."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str
    created: dt.date
    """The copy's own date: its approval's, or a draft's."""
    xmp: dict[str, str]

    @classmethod
    def of(cls, edition: Edition) -> DocumentInfo:
        leaflet = edition.leaflet
        return cls(edition.title, leaflet.owner, leaflet.subtitle or leaflet.title, (leaflet.id, edition.stamp[1]),
                   leaflet.language, edition.dates.day, xmp_properties(edition))


def text_area(edition: Edition, layout: Layout, stamp: Stamp) -> tuple[Layout, StatusBand | None]:
    """``layout`` with the room its pages' furniture takes off the text area: the footer ``stamp`` needs, and the
    status band of a copy that is not current; and that band. Page-fill is measured against this area (page 1's
    starts ``band.first_page_drop`` lower)."""
    layout = with_footer_room(stamp, layout, register(layout.font, layout.fallback_font))
    document = edition.document
    band = StatusBand(stamp.notice, layout, document.direction, script_family(document, layout)) if stamp.notice else None
    return (band.below() if band else layout), band


def render(edition: Edition, layout: Layout, stamp: Stamp, even_pages: bool = False) -> Rendered:
    """Lay out and draw one leaflet in one layout; ``even_pages`` adds a last blank page when the count is odd.

    A copy that is not current gets the status band at the top of every page,
    its text area starting below it.
    """
    leaflet = edition.leaflet
    info = DocumentInfo.of(edition)
    layout, band = text_area(edition, layout, stamp)
    typesetter = Typesetter(edition.document, layout)
    try:
        rendered = draw(typesetter.flowables(), typesetter.layout, stamp, info, even_pages,
                        band, typesetter, typesetter if typesetter.right_to_left else None)
    except LayoutError as error:
        raise RenderError(f"content does not fit on a page in layout {layout.name} ({error})", str(leaflet.path)) from None
    if typesetter.faults:
        raise typesetter.faults[0]
    return rendered


def draw(story: list, layout: Layout, stamp: Stamp, info: DocumentInfo, even_pages: bool = False,
         band: StatusBand | None = None, band_setter: Setter | None = None, setter: Setter | None = None) -> Rendered:
    """Draw tagged flowables on the layout's pages, stamped, as a tagged PDF in memory.

    ``band``, set and tagged by ``band_setter``, is drawn at the start of every
    page, before its flowables, page 1's text area starting lower to make room
    for its longer words; ``setter``, a right-to-left document's, sets its
    footer too, mirrored.
    """
    margins = layout.margins
    fonts = register(layout.font, layout.fallback_font)
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=layout.page_size,
        leftMargin=margins.left, rightMargin=margins.right, topMargin=margins.top, bottomMargin=margins.bottom,
        title=info.title, author=info.author, subject=info.subject,
        keywords=list(info.keywords), creator="leaflets", lang=info.language,
        invariant=1,
        # Named in every page's preamble: ours, not the unembedded Helvetica default.
        initialFontName=fonts.regular, initialFontSize=layout.sizes.body,
    )
    on_page = {"onPage": band.drawer(band_setter)} if band and band_setter else {}
    drop = band.first_page_drop if band else 0.0
    doc.addPageTemplates([
        PageTemplate(id="first", frames=[body_frame(layout, drop)], autoNextPageTemplate="page", **on_page),
        PageTemplate(id="page", frames=[body_frame(layout)], **on_page)])
    structure = StructureTree(lang=info.language, title=info.title, xmp_properties=info.xmp)
    doc.build(story, canvasmaker=partial(StampedCanvas, stamp=stamp, layout=layout, fonts=fonts,
                                         structure=structure, created=info.created, even_pages=even_pages,
                                         setter=setter))
    return Rendered(buffer.getvalue(), doc.page)


def body_frame(layout: Layout, drop: float = 0.0) -> Frame:
    """The text area of a page of ``layout``, its top ``drop`` points lower."""
    margins = layout.margins
    return Frame(margins.left, margins.bottom, layout.frame_width, layout.frame_height - drop, id="body",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
