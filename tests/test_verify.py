"""Verification catches a PDF that lost words or stamps: the check every build relies on must be able to fail."""

from __future__ import annotations

import dataclasses

import pytest

from conftest import CONTENT, ROOT, TODAY
from leaflets import model, pipeline
from leaflets.errors import VerificationError
from leaflets.render import render
from leaflets.stamp import Stamp
from leaflets.verify import verify


@pytest.fixture(scope="module")
def drawn():
    """PAIN-OST-003 drawn in A4, with what it was drawn from."""
    options = pipeline.Options(CONTENT, ROOT / "output", ROOT / "layouts", layouts=("a4",), ids=("PAIN-OST-003",),
                               today=pipeline.dt.date.fromisoformat(TODAY))
    library = pipeline.read_library(CONTENT)
    report = pipeline.Report()
    [layout] = pipeline.load_layouts(options, report)
    [(resolved, mark, _)] = list(pipeline.ready(options, library, report))
    stamp = Stamp.for_leaflet(resolved.leaflet, mark)
    return render(resolved, layout, stamp).pdf, resolved, layout, stamp


def test_the_pdf_as_drawn_passes(drawn):
    pdf, resolved, layout, stamp = drawn
    assert verify(pdf, resolved, layout, stamp).pages == 5


def test_a_word_the_pdf_lacks_is_named(drawn):
    pdf, resolved, layout, stamp = drawn
    extra = model.Paragraph(model.Origin(resolved.leaflet.path, 1), "Zebras")
    wanting = dataclasses.replace(resolved, blocks=(*resolved.blocks, extra))
    with pytest.raises(VerificationError, match="the word 'zebras' .* is missing from the PDF's text"):
        verify(pdf, wanting, layout, stamp)


def test_a_stamp_the_pages_lack_is_named(drawn):
    pdf, resolved, layout, stamp = drawn
    with pytest.raises(VerificationError, match="page 1 lacks its stamp 'Version 9.9'"):
        verify(pdf, resolved, layout, dataclasses.replace(stamp, items=(*stamp.items[:1], "Version 9.9")))
