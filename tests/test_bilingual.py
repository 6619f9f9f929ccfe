"""The bilingual layout: a left-to-right translation beside its original, read back from the file built.

Welsh health boards publish Welsh and English side by side, Welsh first; a
screen reader hears each block in Welsh, then in English, each in its own
voice (``/Lang`` on the elements).
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from conftest import CONTENT, TODAY, pdftotext, pdfs
from leaflets.cli import main
from leaflets.document.model import Document
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.source.library import read_library
from test_outloud import findings

TRANSLATION, ORIGINAL = "PAIN-OST-002-CY", "PAIN-OST-002"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[int, Path]:
    """The bundled library built in the bilingual layout alone: the exit code and the output folder."""
    output = tmp_path_factory.mktemp("bilingual")
    code = main(["--output", str(output), "--today", TODAY, "--format", "pdf", "--layout", "bilingual"])
    return code, output


@pytest.fixture(scope="module")
def bilingual(built) -> Path:
    code, output = built
    found = pdfs(output)
    assert len(found) == 1, found
    return found[0]


def document(leaflet_id: str) -> Document:
    library = read_library(CONTENT, None)
    return resolve(next(l for l in library.leaflets if l.id == leaflet_id), library)


def test_the_build_and_its_own_verification_pass(built):
    assert built[0] == 0


def test_only_the_left_to_right_translation_gets_a_bilingual_copy(built, bilingual):
    assert bilingual.parent.name == TRANSLATION
    assert bilingual.name.startswith(f"{TRANSLATION}-v1.0-bilingual")


@pytest.mark.parametrize("leaflet_id", [TRANSLATION, ORIGINAL])
def test_each_language_reads_in_order(bilingual, leaflet_id):
    read = words(pdftotext(bilingual, "-raw"))
    assert missing_word(document(leaflet_id).words, read) is None


def test_the_welsh_title_is_left_of_the_english_title(bilingual):
    page = pdfium.PdfDocument(str(bilingual))[0]
    text = page.get_textpage()

    def left_edge(phrase: str) -> float:
        found = text.search(phrase, match_case=True)
        at = found.get_next()
        assert at, phrase
        return text.get_charbox(at[0])[0]

    welsh, english = document(TRANSLATION).leaflet.title, document(ORIGINAL).leaflet.title
    assert left_edge(welsh.split()[0]) < left_edge(english.split()[0])


def test_the_structure_tree_says_each_elements_language(bilingual):
    with pikepdf.open(bilingual) as pdf:
        assert str(pdf.Root.Lang) == "cy"
        languages: set[str] = set()
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if "/Lang" in element:
                languages.add(str(element.Lang).split("-")[0])  # en-GB is English
            kids = element.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid)
            elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids:
                stack.append(kids)
    assert {"cy", "en"} <= languages


def test_outloud_finds_nothing(bilingual):
    assert findings([bilingual]) == {str(bilingual): []}
