"""An Arabic leaflet is set right to left in every layout, reads back in the order written, and passes every check.

The leaflet (``tests/data/managing-pain-ar.yaml``) has a heading, a
subheading, bullets, steps, an urgent callout, a write-in area, bold words, a
link, a phone number and 999 inside Arabic sentences, and the shared English
contact details, so left-to-right runs sit inside right-to-left lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pytest

from conftest import CONTENT, TODAY, debian_tool, pdftotext
from leaflets.cli import main
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.outputs.pdf.bidi import RIGHT, directions, visual_order
from leaflets.source.library import read_library
from sandbox import qpdf_check
from test_outloud import findings

LEAFLET = Path(__file__).with_name("data") / "managing-pain-ar.yaml"
ID = "PAIN-OST-090"
LAYOUTS = ("a4", "large-print", "a5-booklet", "large-print-28pt")
PHONE = "01632 960 100"


@pytest.fixture(scope="module")
def arabic(tmp_path_factory) -> tuple[Path, dict[str, Path]]:
    """The content folder with the Arabic leaflet, and its reading PDF in each layout, built through the command."""
    root = tmp_path_factory.mktemp("rtl")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    shutil.copy(LEAFLET, content / "leaflets")
    output = root / "output"
    assert main(["--content", str(content), "--output", str(output), "--today", TODAY, "--format", "pdf",
                 "--layout", "a4", "--layout", "large-print", "--layout", "a5-booklet", "--size", "28", ID]) == 0
    return content, {layout: next((output / ID).glob(f"{ID}-v*-{layout}-DRAFT.pdf")) for layout in LAYOUTS}


@pytest.fixture(scope="module")
def expected(arabic) -> tuple[str, ...]:
    library = read_library(arabic[0])
    [leaflet] = [leaflet for leaflet in library.leaflets if leaflet.id == ID]
    document = resolve(leaflet, library)
    assert document.direction == "rtl"
    return document.words


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdftotext_raw_reads_every_word_in_the_order_written(arabic, expected, layout):
    """In content-stream order every word of the document comes back, in order."""
    text = pdftotext(arabic[1][layout], "-raw")
    assert missing_word(expected, words(text)) is None
    assert re.search(r"بالرقم\W+999\W+أو", text)  # 999 between the Arabic words it is written between


def arabic_sentences(content: Path) -> list[str]:
    """Each sentence of the leaflet's own text that is all Arabic (no Latin word or number)."""
    source = (content / "leaflets" / LEAFLET.name).read_text(encoding="utf-8").split("\nblocks:")[1]
    found = re.findall(r"[\u0600-\u06ff][\u0600-\u06ff\s*]*[\u0600-\u06ff]", source)
    return [sentence for sentence in found if len(words(sentence)) > 1]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_pdftotext_reads_each_sentence_in_the_order_written(arabic, layout):
    """As poppler lays a page out, each Arabic sentence's words are there whole, its letters in order.

    Poppler orders the blocks of a page and the runs of a mixed line by its
    own judgement (by which direction most of a page's letters run), and it
    takes a word whose hamza is raised with text rise for a line of its own,
    so the order of the words is held to the order written by ``-raw`` above.
    """
    text = set(words(pdftotext(arabic[1][layout])))
    sentences = arabic_sentences(arabic[0])
    assert len(sentences) > 20
    for sentence in sentences:
        assert set(words(sentence)) <= text, sentence


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_phone_number_reads_in_its_own_order(arabic, layout):
    text = " ".join(pdftotext(arabic[1][layout]).replace("\u00a0", " ").split())
    assert PHONE in text and "100 960 01632" not in text


def boxes(path: Path) -> list[tuple[str, float, float, tuple[int, float]]]:
    """Each word poppler finds, as (word, left, right, (page, top)), in points.

    ``-bbox`` gives a right-to-left word's letters as they are drawn, left to
    right, so each such word is turned back into the order written.
    """
    pages = subprocess.run([debian_tool("pdftotext"), "-bbox", str(path), "-"],
                           capture_output=True, text=True, check=True).stdout.split("<page ")[1:]
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
    return [(text[::-1] if RIGHT in directions(text) else text, float(left), float(right), (number, float(top)))
            for number, page in enumerate(pages) for left, top, right, text in word.findall(page)]


def box(path: Path, word: str) -> tuple[float, float, tuple[int, float]]:
    """Where ``word`` is first drawn: left, right, and page and top."""
    return next((left, right, top) for found, left, right, top in boxes(path) if found == word)


MARGIN_MM = {"a4": 20, "large-print": 18, "a5-booklet": 14, "large-print-28pt": 18}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_first_words_of_a_paragraph_are_at_the_right(arabic, layout):
    """The paragraph's first word ends at the right margin, and the words after it lie to its left on its line."""
    path = arabic[1][layout]
    width = pypdfium2.PdfDocument(str(path))[0].get_size()[0]
    first_left, first_right, top = box(path, "تقدم")
    assert abs(width - MARGIN_MM[layout] * 72 / 25.4 - first_right) < 1, (first_right, width)
    second_left, second_right, second_top = box(path, "لك")
    assert second_top == top and second_right < first_left


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_left_to_right_run_keeps_its_order(arabic, layout):
    """Inside a right-to-left line "01632" is left of "960", and "NHS" left of "111"."""
    path = arabic[1][layout]
    assert box(path, "01632")[1] < box(path, "960")[0]
    number = box(path, "111")
    [nhs] = [(left, right) for word, left, right, at in boxes(path) if word == "NHS" and at == number[2]]
    assert nhs[1] < number[0]


def test_letters_are_joined(arabic):
    """Shaped, a word is narrower than its letters set apart in their isolated forms."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from leaflets.outputs.pdf.fonts import register

    left, right, _ = box(arabic[1]["a4"], "تنضغط")
    script = register("Atkinson Hyperlegible", "Fira Sans", "Noto Sans Arabic").script
    apart = sum(stringWidth(char, script.regular, 14) for char in "تنضغط")
    assert right - left < apart * 0.9, (right - left, apart)


def test_no_glyph_is_missing(arabic):
    """Every character is in the face that sets it: no glyph reads as a private-use or unknown character."""
    for path in arabic[1].values():
        text = pdftotext(path, "-raw")
        assert "\ufffd" not in text and not re.search("[\ue000-\uf8ff]", text), path.name


@pytest.mark.parametrize("layout", LAYOUTS)
def test_qpdf_finds_nothing(arabic, layout):
    assert qpdf_check(arabic[1][layout]) == ""


def test_outloud_finds_nothing(arabic):
    found = findings(list(arabic[1].values()))
    assert {name: problems for name, problems in found.items() if problems} == {}


def test_the_document_language_is_tagged(arabic):
    import pikepdf

    with pikepdf.open(arabic[1]["a4"]) as pdf:
        assert str(pdf.Root.Lang) == "ar"


def test_directions_keep_numbers_and_latin_runs_left_to_right():
    line = "اتصل بالرقم 01632\u00a0960\u00a0100 أو Pain Service."
    sides = directions(line)
    assert sides[line.index("0"):line.index("100") + 3] == "L" * len("01632 960 100")
    assert sides[line.index("Pain"):line.index(".")] == "L" * len("Pain Service")
    assert sides[-1] == "R"  # the full stop ends the Arabic sentence
    assert visual_order([True, False, False, True]) == [3, 1, 2, 0]
    assert directions("Call 999 (Monday to Friday).") == "L" * len("Call 999 (Monday to Friday).")  # no Arabic: left to right
