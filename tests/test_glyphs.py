"""Characters the main font lacks are set in the fallback font and read back as themselves."""

from __future__ import annotations

import shutil

import pytest

from conftest import pdftotext, TODAY, opened, pdfs, reader
from leaflets.cli import main
from leaflets.outputs.pdf.conformance import read_runs
from leaflets.outputs.pdf.verify import page_fonts
from test_validation import GOOD

PARAGRAPH = "Croeso i'r clinig: dŵr, tŷ a'r ffordd → yma."
BOLD = "Croeso i'r tŷ →"
ITEM = "Dŵr → Ŵ Ŷ"
WELSH = GOOD.replace("id: TEST-001", "id: TEST-CY-001").replace("title: A test leaflet", "title: Croeso").replace(
    "language: en-GB", "language: cy-GB").replace("  - paragraph: Hello.\n", f"""\
  - paragraph: "{PARAGRAPH}"
  - paragraph: "**{BOLD}** and more."
  - bullets: ["{ITEM}"]
""")


@pytest.fixture(scope="module")
def welsh(tmp_path_factory):
    from conftest import CONTENT
    root = tmp_path_factory.mktemp("welsh")
    shutil.copytree(CONTENT, root / "content")
    (root / "content" / "leaflets" / "welsh.yaml").write_text(WELSH, encoding="utf-8")
    assert main(["--content", str(root / "content"), "--output", str(root / "out"), "--today", TODAY, "TEST-CY-001"]) == 0
    return pdfs(root / "out")


def test_the_text_extracts_back_exactly(welsh):
    assert len(welsh) == 2
    for path in welsh:
        text = reader(path).pages[0].extract_text().replace("\u00a0", " ")
        for words in (PARAGRAPH, BOLD, ITEM):
            assert words in " ".join(text.split()), (path.name, words)


def test_pdftotext_reads_the_same(welsh):
    for path in welsh:
        text = pdftotext(path)
        flat = " ".join(text.replace("\u00a0", " ").split())
        assert PARAGRAPH in flat and BOLD in flat and ITEM in flat


def test_only_the_missing_characters_are_in_the_embedded_fallback_font(welsh):
    for path in welsh:
        document = opened(path)
        fonts = {name: font for page in document.pages for name, font in page_fonts(page.obj["/Resources"])}
        fallback = [font for name, font in fonts.items() if "FiraSans" in name]
        assert {name.split("+")[-1] for name in fonts if "FiraSans" in name} == {"FiraSans-Regular", "FiraSans-Bold"}
        for font in fallback:
            assert "/FontFile2" in font["/FontDescriptor"] and "/ToUnicode" in font
        for run in read_runs(document):
            in_fallback = "FiraSans" in run.font.name
            if any(ch in run.text for ch in "ŵŷŴŶ→"):
                assert in_fallback and set(run.text) <= set("ŵŷŴŶ→"), run.text
            elif run.visible:
                assert not in_fallback, run.text


def test_a_character_neither_font_has_fails_naming_it(tmp_path, capsys):
    from conftest import CONTENT
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "leaflets" / "welsh.yaml").write_text(WELSH.replace("yma.", "yma \u4e2d."), encoding="utf-8")
    assert main(["--content", str(tmp_path / "content"), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--layout", "a4", "TEST-CY-001"]) == 1
    error = capsys.readouterr().err
    assert "welsh.yaml:18: TEST-CY-001 (a4): the character '\u4e2d' (U+4E2D) is in neither the font " \
           "Atkinson Hyperlegible nor its fallback Fira Sans" in error
    assert not pdfs(tmp_path / "out")
