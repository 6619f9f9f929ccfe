"""Every PDF the build writes is a valid file: pypdf in strict mode reads all of it, and ``qpdf --check`` passes."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from conftest import pdfs
from sandbox import qpdf_check


def test_the_library_was_built(built):
    assert len(pdfs(built)) == 6


@pytest.mark.parametrize("layout", ["a4", "large-print"])
def test_every_pdf_reads_strictly_and_passes_qpdf(built, layout):
    files = list(built.rglob(f"*-{layout}.pdf"))
    assert files
    for path in files:
        reader = PdfReader(path, strict=True)
        numbers = [n for n in reader.xref[0] if n > 0]
        assert numbers and all(reader.get_object(n) is not None for n in numbers), "every object parses"
        assert all(page.extract_text() for page in reader.pages)
        assert qpdf_check(path) == "", path.name


def test_qpdf_finds_a_damaged_file(built, tmp_path):
    damaged = tmp_path / "damaged.pdf"
    data = next(iter(pdfs(built))).read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    assert qpdf_check(damaged) != ""
