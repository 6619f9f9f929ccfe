"""Every PDF the build writes is a valid file: pypdf in strict mode reads all of it, and ``qpdf --check`` passes."""

from __future__ import annotations

import re

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import DEFAULT_PDFS, pdfs
from sandbox import qpdf_check


def test_the_library_was_built(built):
    assert len(pdfs(built)) == DEFAULT_PDFS, "each leaflet and translation in A4 and large print, Easy Read in its own"


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


def test_each_embedded_subset_has_its_own_tag(built, clinic):
    """ISO 32000-1 9.6.4: six capital letters and '+', different for different subsets, here across every file."""
    seen: dict[str, tuple[str, bytes]] = {}
    for path in pdfs(built) + pdfs(clinic):
        with pikepdf.open(path) as pdf:
            for font in (obj for obj in pdf.objects if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font"
                         and "/FontDescriptor" in obj):
                name = str(font.BaseFont)[1:]
                assert re.fullmatch(r"[A-Z]{6}\+[\w-]+", name), (path.name, name)
                assert str(font.FontDescriptor.FontName)[1:] == name
                program = font.FontDescriptor.FontFile2.read_bytes()
                tag, face = name.split("+")
                assert seen.setdefault(tag, (face, program)) == (face, program), f"{tag} names two different subsets"
    assert len(seen) > 2
