"""Text prints as it was written: composed and decomposed input give the same copies, and marks sit on their letters."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from conftest import CONTENT, TODAY, pdftotext
from leaflets.cli import main
from test_validation import GOOD

FORMATS = ("--format", "pdf", "--format", "html", "--format", "text", "--format", "braille", "--format", "audio")
WRITTEN = """\
  - heading: "Cafe\u0301 and nai\u0308ve: dw\u0302r yn y ty\u0302"
  - paragraph: "Meet at the Cafe\u0301 for a nai\u0308ve talk. Yfed dw\u0302r yn y ty\u0302. **Gw\u0302yl y dw\u0302r**"
"""
DECOMPOSED = GOOD.replace("  - paragraph: Hello.\n", WRITTEN)
COMPOSED = unicodedata.normalize("NFC", DECOMPOSED)
NO_COMPOSED_FORM = ("n\u0308", "q\u0303", "m\u0304")
"""Letters with a mark that Unicode has no single character for: they stay as written."""


def build(root: Path, leaflet: str, *args: str) -> tuple[int, Path]:
    shutil.copytree(CONTENT, root / "content")
    (root / "content" / "leaflets" / "written.yaml").write_text(leaflet, encoding="utf-8")
    code = main(["--content", str(root / "content"), "--output", str(root / "out"), "--today", TODAY, "--jobs", "1",
                 "--layout", "a4", *args, "TEST-001"])
    return code, root / "out" / "TEST-001"


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> tuple[Path, Path]:
    built = []
    for name, leaflet in (("composed", COMPOSED), ("decomposed", DECOMPOSED)):
        code, folder = build(tmp_path_factory.mktemp(name), leaflet, *FORMATS)
        assert code == 0, name
        built.append(folder)
    return built[0], built[1]


def test_the_inputs_differ_only_in_how_their_accents_are_coded():
    assert DECOMPOSED != COMPOSED and "\u0301" in DECOMPOSED and "\u0301" not in COMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED


def test_decomposed_input_makes_every_copy_byte_for_byte_as_composed_input_does(both):
    composed, decomposed = both
    names = sorted(path.name for path in composed.iterdir())
    assert names == sorted(path.name for path in decomposed.iterdir())
    assert {name.rsplit(".", 1)[1] for name in names} >= {"pdf", "html", "txt", "brf", "mp3"}, names
    for name in names:
        assert (composed / name).read_bytes() == (decomposed / name).read_bytes(), name


def test_each_copy_reads_back_the_composed_words(both):
    _, decomposed = both
    [pdf] = decomposed.glob("*.pdf")
    read = {"pdf": " ".join(pdftotext(pdf).split()),
            "text": " ".join(next(decomposed.glob("*-text.txt")).read_text(encoding="utf-8").split()),
            "html": next(decomposed.glob("*.html")).read_text(encoding="utf-8")}
    for name, text in read.items():
        for words in ("Café and naïve: dŵr yn y tŷ", "Meet at the Café for a naïve talk.", "Gŵyl y dŵr"):
            assert words in text, (name, words)
        assert "\u0301" not in text and "\u0308" not in text and "\u0302" not in text, name


def test_a_mark_with_no_composed_form_sits_on_its_letter_and_reads_back_as_written(tmp_path):
    letters = " and ".join(NO_COMPOSED_FORM)
    code, out = build(tmp_path, GOOD.replace("Hello.", f'"Marks: {letters}."'), *FORMATS)
    assert code == 0, "no copy refused, Braille included"
    [pdf] = out.glob("*.pdf")
    assert f"Marks: {letters}." in next(out.glob("*-text.txt")).read_text(encoding="utf-8")
    page = pypdfium2.PdfDocument(str(pdf))[0].get_textpage()
    text = page.get_text_range()
    # Each letter reads back with its mark, as one /ActualText; readers may hear the gap a mark leaves after
    # its letter as a space before a full stop, so the letters are compared without it.
    assert f"Marks: {letters}" in text and f"Marks: {letters}" in " ".join(pdftotext(pdf).split())
    assert sorted(mark_origins(pdf)) == sorted(NO_COMPOSED_FORM), "each letter drawn once, in one span of actual text"
    for letter, (origin, advance) in mark_origins(pdf).items():
        assert 0 <= origin < advance - 0.5, f"the mark of {letter!r} is drawn after its letter, not on it"


def mark_origins(pdf: Path) -> dict[str, tuple[float, float]]:
    """Each letter drawn with a mark (in its /ActualText span): where the mark is set, and the letter's advance,
    in points from the letter's start, as a reader's software places them from the file's widths."""
    document = pikepdf.open(pdf)
    page = document.pages[0]
    fonts, found, font, size, letter = page.Resources.Font, {}, None, 0.0, None
    for instruction in pikepdf.parse_content_stream(page):
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "Tf":
            font, size = fonts[operands[0]], float(operands[1])
        elif operator == "BDC" and "/ActualText" in operands[1]:
            letter = str(operands[1].ActualText)
        elif operator == "TJ" and letter and any(map(unicodedata.combining, letter)):
            base, shift, _mark = list(operands[0])[:3]
            advance = float(font.Widths[bytes(base)[0] - int(font.FirstChar)]) * size / 1000
            found[letter] = (advance - float(shift) * size / 1000, advance)
            letter = None
    return found


def test_a_letter_no_font_places_its_mark_on_is_refused_naming_file_line_and_characters(tmp_path, capsys):
    code, out = build(tmp_path, GOOD.replace("Hello.", '"Step 1\u0301."'), "--format", "pdf")
    assert code == 1
    error = capsys.readouterr().err
    assert ("written.yaml:18: TEST-001 (a4): the letter '1\u0301' (U+0031 + U+0301) is set with its marks on it by "
            "neither the font Atkinson Hyperlegible nor its fallback Fira Sans") in error
    assert not list(out.glob("*.pdf")) if out.exists() else True
