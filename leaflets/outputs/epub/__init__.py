"""The talking book: an EPUB 3 whose text and speech go in step, sentence by sentence.

Its page is the web page's (``html``), its speech the audio format's, spoken
once (``audio.record``) and set beside the text by a media overlay; its page
list follows the A4 print copy (``printed``). ``content`` makes the content
document, ``package`` the package, navigation, overlay and container, and
``readback`` opens the finished file as a reading system does: the build
refuses a book that loses a word, names a fragment it lacks or has a clip
outside its audio.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ...document.words import words
from ...errors import VerificationError
from ..base import Rendition, Variant, check_words
from ..html import HtmlOutput


@dataclass(frozen=True)
class EpubOutput(HtmlOutput):
    """The web page's variant (its style layout, A4, whose pages the page list follows too), made a talking book."""

    name = "epub"
    extension = ".epub"
    label = "Talking book (EPUB)"
    takes = "the talking book takes its page list and style from this layout"
    easy_read = False  # its page list follows the A4 layout's pages, which set no rows

    def make(self, edition, variant: Variant) -> list[Rendition]:
        from ..audio import minutes, record
        from .content import content
        from .package import AUDIO, CONTENT, NAV, OVERLAY, PACKAGE, container, navigation, overlay, package
        from .printed import page_words
        from .readback import open_book

        recording = record(edition)
        book = content(edition, variant.spec, recording, page_words(edition, variant.spec))
        length = book.fragments[-1].end - book.fragments[0].begin
        data = container(edition, {PACKAGE: package(edition, book, length).encode(), NAV: navigation(edition, book).encode(),
                                   CONTENT: book.xhtml, OVERLAY: overlay(book).encode(), AUDIO: recording.mp3})
        opened = open_book(data)
        found = words(opened.text)
        check_words(edition, found, "talking book")
        if edition.notice and not opened.text.startswith(edition.notice.sentence):
            raise VerificationError(f"the talking book does not open with '{edition.notice.sentence}'")
        if edition.notice and opened.clips[0][0] != book.fragments[0].id:
            raise VerificationError("the talking book's speech does not start with its status")
        if list(opened.pages) != [number for number, _ in book.pages]:
            raise VerificationError("the talking book's page list is not the print copy's pages")
        return [Rendition(variant.name, data, len(opened.pages), 0.0, tuple(found), variant.label,
                          minutes(opened.length))]

    def preload(self, work) -> None:
        from ..audio.speech import voice

        for stage in ("content", "printed", "readback"):
            importlib.import_module(f".{stage}", __package__)
        voice()
