"""The A4 print copy's pages, as the talking book's page list needs them.

The A4 leaflet is laid out by the PDF writer, in memory, exactly as the print
copy is (the same layout, stamp and notice), and read back page by page as a
screen reader gets it (its tagged text, without the footer or watermark): so
"turn to page 3" in the book lands where page 3 of the printed leaflet starts,
and no PDF file on disk is needed.
"""

from __future__ import annotations

from ...document.words import words
from ...governance.edition import Edition
from ..pdf.layouts import Layout


def page_words(edition: Edition, layout: Layout) -> list[list[str]]:
    """The words of each page of ``edition`` printed in ``layout``, in reading order."""
    from ..pdf import conformance
    from ..pdf.render import render
    from ..pdf.stamp import Stamp
    from ..pdf.verify import page_texts

    rendered = render(edition, layout, Stamp.of(edition.stamp, edition.document.phrases, edition.notice))
    with conformance.open_pdf(rendered.pdf) as pdf:
        runs = conformance.read_runs(pdf)
        return [words(text) for text in page_texts([run for run in runs if run.artifact is None], len(pdf.pages))]
