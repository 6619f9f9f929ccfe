"""The bundled leaflets as a screen reader meets them: tagged, in reading order, described."""

from __future__ import annotations

import re

import pikepdf
import pytest
from pypdf.generic import ContentStream

from conftest import language_of, pdftotext, opened, pdfs, reader
from leaflets.outputs.pdf.conformance import read_runs
from leaflets.outputs.pdf.verify import page_texts


def walk(element, found):
    element = element.get_object()
    role = str(element.get("/S", ""))
    found.append((role, element))
    kids = element.get("/K")
    if kids is None:
        return found
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and "/S" in kid:
            walk(kid, found)
    return found


@pytest.fixture(scope="module")
def documents(built):
    return {pdf.name: reader(pdf) for pdf in pdfs(built)}


def test_catalog_declares_a_tagged_document_in_its_language(documents):
    for name, document in documents.items():
        root = document.trailer["/Root"]
        assert root["/MarkInfo"]["/Marked"] == True, name  # noqa: E712 (a PDF boolean object)
        assert root["/Lang"] == language_of(name), name
        assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert "PAIN-OST-" in xmp and re.search(r"2029-11-\d\d", xmp)


def test_structure_tree_holds_the_leaflet_in_reading_order(documents):
    for name, document in documents.items():
        tree = document.trailer["/Root"]["/StructTreeRoot"]
        roles = [role for role, _ in walk(tree["/K"], [])]
        assert roles[0] == "/Document"
        first = 2 if "-DRAFT" in name else 1  # a draft's status is read before its title
        assert roles.count("/H1") == 1 and roles[first] == "/H1", (name, "the title is read first")
        for role in ("/H2", "/P", "/L", "/LI", "/Lbl", "/LBody"):
            assert role in roles, (name, role)


def test_figures_carry_alt_text(documents):
    document = next(d for n, d in documents.items() if n.startswith("PAIN-OST-001") and "a4" in n)
    figures = [e for role, e in walk(document.trailer["/Root"]["/StructTreeRoot"]["/K"], []) if role == "/Figure"]
    assert figures and all(len(str(f["/Alt"])) > 40 for f in figures)


def test_every_drawn_text_is_tagged_or_an_artifact(documents):
    for name, document in documents.items():
        for number, page in enumerate(document.pages, start=1):
            depth = 0
            for operands, operator in ContentStream(page.get_contents(), document).operations:
                if operator in (b"BDC", b"BMC"):
                    depth += 1
                elif operator == b"EMC":
                    depth -= 1
                elif operator in (b"Tj", b"TJ", b"'", b'"'):
                    assert depth > 0, f"{name} page {number}: text outside marked content"


def test_headings_are_bookmarks(documents):
    document = next(d for n, d in documents.items() if n.startswith("PAIN-OST-001") and "a4" in n)
    title, sections = document.outline[0], document.outline[1]
    assert title.title == "Back pain from osteoporosis"
    assert [s.title for s in sections if not isinstance(s, list)][:2] == ["What is osteoporosis?", "How osteoporosis affects your spine"]
    assert any(isinstance(s, list) for s in sections), "subheadings nest under their heading"


def test_files_pass_qpdf_check(built):
    for pdf in pdfs(built):
        with pikepdf.open(pdf) as document:
            assert document.check_pdf_syntax() == [], pdf.name


LABELS = ("Normal vertebra", "Wedge fracture", "Front", "Back")
"""The words drawn inside the bundled spine figure."""


def test_a_figure_is_read_once_by_its_alt_text(built):
    """Its labels print, but copy and paste, text search and the tagged text meet only its description."""
    for path in (path for path in pdfs(built) if path.name.startswith("PAIN-OST-001")):
        runs = read_runs(opened(path))
        drawn = [run for run in runs if run.text.strip() in LABELS]
        assert len(drawn) == 6 and not any(run.said for run in drawn), path.name
        text = pdftotext(path)
        assert "Normal vertebra" not in text and "Wedge fracture" not in text.replace("wedge fracture", ""), path.name
        assert not re.search(r"^\s*(Front|Back)\s*$", text, re.M), path.name
        tagged = " ".join(page_texts([run for run in runs if run.mcid is not None and run.artifact is None],
                                     len(reader(path).pages)))
        assert not any(label in tagged for label in LABELS[:2]), path.name
        assert "A normal vertebra (left)" in " ".join(tagged.split()), "the caption is still read"
