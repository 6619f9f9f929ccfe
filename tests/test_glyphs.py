"""Characters the main font lacks are set in the fallback font and read back as themselves."""

from __future__ import annotations

import shutil
from dataclasses import replace

import fontpkg
import pytest

from conftest import pdftotext, TODAY, opened, pdfs, reader
from test_layouts import LAYOUTS
from leaflets.cli import main
from leaflets.errors import LayoutFileError
from leaflets.outputs.pdf.conformance import read_runs, structure
from leaflets.outputs.pdf.fonts import Faces
from leaflets.outputs.pdf.layouts import load_layout
from leaflets.outputs.pdf.verify import page_fonts
from test_validation import GOOD

PARAGRAPH = "Croeso i'r clinig: dŵr, tŷ a'r ffordd → yma."
BOLD = "Croeso i'r tŷ →"
ITEM = "Dŵr → Ŵ Ŷ"
HEADING = "Yfed dŵr yn y tŷ →"
WELSH = GOOD.replace("id: TEST-001", "id: TEST-CY-001").replace("title: A test leaflet", "title: Gŵyl y dŵr").replace(
    "language: en-GB", "language: cy-GB").replace("  - paragraph: Hello.\n", f"""\
  - paragraph: "{PARAGRAPH}"
  - paragraph: "**{BOLD}** and more."
  - bullets: ["{ITEM}"]
  - heading: "{HEADING}"
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
        for words in (PARAGRAPH, BOLD, ITEM, HEADING, "Gŵyl y dŵr"):
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


def test_a_bold_heading_is_set_in_bold_faces_only_its_w_circumflex_too(welsh):
    for path in welsh:
        document = opened(path)
        roles, _ = structure(document)
        runs = read_runs(document)
        in_headings = [run for run in runs if roles.get((run.page, run.mcid), "").startswith("H")]
        unspaced = {"".join("".join(run.text for run in in_headings if (run.page, run.mcid) == mark).split())
                    for mark in {(run.page, run.mcid) for run in in_headings}}  # a line's end may take its space
        assert {"Gŵylydŵr", "".join(HEADING.split())} <= unspaced, path.name
        headings = [run for run in in_headings if run.visible]
        faces = {run.font.name.split("+")[-1] for run in headings}
        assert faces == {"AtkinsonHyperlegible-Bold", "FiraSans-Bold"}, (path.name, faces)
        assert all(run.font.bold for run in headings), path.name
        in_bold_span = [run for run in runs if run.text == "ŷ" and "FiraSans" in run.font.name]
        assert {run.font.name.split("+")[-1] for run in in_bold_span} == {"FiraSans-Regular", "FiraSans-Bold"}, path.name


def test_the_read_back_refuses_a_heading_whose_fallback_character_is_regular(tmp_path, monkeypatch, capsys):
    """As the build set them before: a heading's ŵ from the fallback's regular face is a breach, named."""
    from conftest import CONTENT
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "leaflets" / "welsh.yaml").write_text(WELSH, encoding="utf-8")
    monkeypatch.setattr(Faces, "of", lambda self, bold: self.regular)
    assert main(["--content", str(tmp_path / "content"), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--layout", "a4", "--jobs", "1", "TEST-CY-001"]) == 1
    error = capsys.readouterr().err
    assert "headings in bold: page 1, 'ŵ': a heading set in the regular face" in error
    assert "FiraSans-Regular" in error and not pdfs(tmp_path / "out")


def test_a_fallback_family_without_a_bold_face_is_refused_naming_the_layout_file(tmp_path, monkeypatch):
    families = fontpkg.families()
    fira = families["fira-sans"]
    regular_only = replace(fira, name="Regular Only", slug="regular-only",
                           files=tuple(f for f in fira.files if (f.weight, f.style) == (400, "normal")))
    monkeypatch.setattr(fontpkg._registry, "_cache", {**families, "regular-only": regular_only})
    layout = tmp_path / "a4.yaml"
    layout.write_text((LAYOUTS / "a4.yaml").read_text().replace("fallback_font: Fira Sans", "fallback_font: Regular Only"))
    with pytest.raises(LayoutFileError) as raised:
        load_layout(layout)
    line = next(n for n, text in enumerate(layout.read_text().splitlines(), start=1) if text.startswith("fallback_font"))
    assert f"{layout}:{line}: fallback_font: the font 'Regular Only' has no upright bold face (weight 700)" in str(raised.value)


def test_the_web_page_carries_the_fallback_family_in_both_weights_with_the_welsh_letters(welsh):
    """A browser sets a bold heading's ŵ from the fallback's bold face when the page carries one that holds it."""
    import base64
    import re

    import uharfbuzz

    [page] = welsh[0].parent.glob("*-html.html")
    faces = re.findall(r'font-family: "Fira Sans"; font-weight: (\d+);[^}]*base64,([A-Za-z0-9+/=]+)', page.read_text(encoding="utf-8"))
    held = {weight: set(map(chr, uharfbuzz.Face(base64.b64decode(data)).unicodes)) for weight, data in faces}
    assert set(held) == {"400", "700"} and all(set("ŵŷ→") <= chars for chars in held.values()), held.keys()
