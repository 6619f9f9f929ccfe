"""Verify: read each PDF back as a reader's software would, before publishing.

The checks run on the produced bytes, not on intentions: the stamp on every
page, the smallest character actually drawn, fonts embedded, and every word of
the content present in reading order. A file that fails is never published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import pikepdf
from pikepdf import Dictionary

from ...document.model import Document
from ...document.words import missing_word, words
from ...errors import VerificationError
from ...governance.status import Notice
from ...source import markup
from . import conformance
from .layouts import Layout
from .stamp import Stamp

MAX_SHOWN = 5
"""Breaches named in one message; the rest are counted."""


@dataclass(frozen=True)
class Verified:
    """What the check measured, for the build summary and the register."""

    pages: int
    smallest_size: float
    fonts: tuple[str, ...]
    words: tuple[str, ...]
    """Every word of the text layer, in the order the pages give it."""
    about: dict[str, str]
    """What the file says of itself: its document info and XMP properties, by name."""


def page_texts(runs: list[conformance.Run], pages: int) -> list[str]:
    """Each page's text as its runs lay it down, through the fonts' ToUnicode maps.

    Runs on one line join as they are; a new line starts after a space. Text
    drawn but not read (a figure's labels) is left out, as readers leave it. The
    runs are those the conformance check already decoded, so the content is
    read once, not once for the rules and again for the words.
    """
    texts: list[list[str]] = [[] for _ in range(pages)]
    lines: dict[int, tuple[int, float]] = {}
    for run in filter(lambda run: run.said, runs):
        line = (run.text_object, run.baseline)
        if texts[run.page - 1] and lines.get(run.page) != line:
            texts[run.page - 1].append(" ")
        texts[run.page - 1].append(run.text)
        lines[run.page] = line
    return ["".join(parts).replace(markup.NO_BREAK_SPACE, " ") for parts in texts]


def verify(pdf: bytes, document: Document, layout: Layout, stamp: Stamp, original: Document | None = None) -> Verified:
    """Check one PDF against its layout's rules; raise :class:`VerificationError` on the first failure.

    A bilingual copy interleaves its two languages block by block, so each
    document's words (``original``'s too) must each be found in order.
    """
    with conformance.open_pdf(pdf) as opened:
        return _verify(opened, document, layout, stamp, original)


def _verify(pdf: pikepdf.Pdf, document: Document, layout: Layout, stamp: Stamp, original: Document | None) -> Verified:
    total = len(pdf.pages)
    if "/StructTreeRoot" not in pdf.Root or pdf.Root.get("/MarkInfo", Dictionary()).get("/Marked") is not True:
        raise VerificationError("the PDF is not tagged; screen readers could not follow it")
    runs = conformance.read_runs(pdf)
    breaches = conformance.breaches(pdf, layout, runs)
    if breaches:
        shown = "; ".join(map(str, breaches[:MAX_SHOWN]))
        more = f" (and {len(breaches) - MAX_SHOWN} more)" if len(breaches) > MAX_SHOWN else ""
        raise VerificationError(f"the PDF breaks its layout's rules: {shown}{more}")
    if stamp.notice:
        unannounced = unannounced_page(runs, total, stamp.notice)
        if unannounced:
            expected = stamp.notice.sentence if unannounced == 1 else stamp.notice.word
            raise VerificationError(f"page {unannounced} does not open with '{expected}'")
    found: list[str] = []
    fonts: set[str] = set()
    for number, (page, text) in enumerate(zip(pdf.pages, page_texts(runs, total)), start=1):
        flat = " ".join(text.split())
        for item in (*stamp.footer_items, stamp.page_label(number, total)):
            if item not in flat:
                raise VerificationError(f"page {number} lacks its stamp '{item}'")
        for font_name, font in page_fonts(page.obj.get("/Resources", Dictionary())):
            if not embedded(font):
                raise VerificationError(f"page {number} uses the font {font_name} without embedding it")
            fonts.add(font_name)
        found.extend(words(text))
    for held_to in (document, *((original,) if original else ())):
        gap = missing_word(held_to.words, found)
        if gap:
            of = "" if held_to is document else f" in {held_to.language}"
            raise VerificationError(f"the word '{gap[1]}' (word {gap[0] + 1} of the content{of}) "
                                    f"is missing from the PDF's text, or out of order")
    smallest = min(run.size for run in runs if run.visible)
    return Verified(total, smallest, tuple(sorted(fonts)), tuple(found), described(pdf))


def described(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The document info entries and XMP properties a file manager or a records system shows, by name alone."""
    about = {str(name).lstrip("/"): str(value) for name, value in pdf.docinfo.items()}
    meta = pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False)
    return about | {str(name).rsplit("}", 1)[-1].rsplit(":", 1)[-1]: str(value) for name, value in meta.items()}


def unannounced_page(runs: list[conformance.Run], pages: int, notice: Notice) -> int | None:
    """The first page that does not open with its status: page 1 with the notice's sentence in its tagged text,
    which a screen reader reads, later pages with its word in what they show, where it runs as a header; a blank
    page needs none."""
    sentence, word = words(notice.sentence), words(notice.word)
    content = page_texts([run for run in runs if run.artifact is None], pages)
    shown = page_texts(runs, pages)
    return next((number for number, (tagged, text) in enumerate(zip(content, shown), start=1)
                 if words(tagged) and (words(tagged)[:len(sentence)] != sentence if number == 1
                                       else words(text)[:len(word)] != word)), None)


def page_fonts(resources: Dictionary) -> Iterator[tuple[str, Dictionary]]:
    """Every font a page's resources use, including inside form XObjects."""
    for font in resources.get("/Font", Dictionary()).values():
        yield str(font.get("/BaseFont", "?")), font
    for xobject in resources.get("/XObject", Dictionary()).values():
        if xobject.get("/Subtype") == "/Form" and "/Resources" in xobject:
            yield from page_fonts(xobject["/Resources"])


def embedded(font: Dictionary) -> bool:
    if font.get("/Subtype") == "/Type0":
        return all(map(embedded, font["/DescendantFonts"]))
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
