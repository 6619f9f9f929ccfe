"""Verification catches a PDF that lost words or stamps: the check every build relies on must be able to fail."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import CONTENT, ROOT, TODAY
from leaflets import build
from leaflets.governance.release import Releases
from leaflets.errors import VerificationError
from leaflets.outputs.pdf.layouts import load_layout
from leaflets.outputs.pdf.render import render
from leaflets.outputs.pdf.stamp import Stamp
from leaflets.outputs.pdf.verify import verify
from leaflets.settings import Folders, Settings
from leaflets.source.library import read_library


@pytest.fixture(scope="module")
def drawn():
    """PAIN-OST-003 drawn in A4, with what it was drawn from."""
    settings = Settings(Folders(CONTENT), ids=("PAIN-OST-003",), today=dt.date.fromisoformat(TODAY))
    library = read_library(CONTENT)
    [edition] = build.editions(settings, library, Releases.of(library), build.Report())
    layout = load_layout(ROOT / "layouts" / "a4.yaml")
    stamp = Stamp.of(edition.stamp, edition.document.phrases, edition.notice)
    return render(edition, layout, stamp).pdf, edition.document, layout, stamp


def test_the_pdf_as_drawn_passes(drawn):
    pdf, resolved, layout, stamp = drawn
    assert verify(pdf, resolved, layout, stamp).pages == 5


def test_a_word_the_pdf_lacks_is_named(drawn):
    pdf, resolved, layout, stamp = drawn
    wanting = dataclasses.replace(resolved, words=(*resolved.words, "zebras"))
    with pytest.raises(VerificationError, match="the word 'zebras' .* is missing from the PDF's text"):
        verify(pdf, wanting, layout, stamp)


def test_a_stamp_the_pages_lack_is_named(drawn):
    pdf, resolved, layout, stamp = drawn
    with pytest.raises(VerificationError, match="page 1 lacks its stamp 'Version 9.9'"):
        verify(pdf, resolved, layout, dataclasses.replace(stamp, items=(*stamp.items[:1], "Version 9.9")))
