"""Translations: content beside their source, checked block for block, and never current once the source moves on.

Each test reads what the build wrote (the PDF's words through pdftotext, the
register, the catalogue, the web page) or the message an author gets.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, TODAY, pdftotext, reader
from leaflets.cli import main
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.source.library import read_library

WELSH = "PAIN-OST-002-CY"
WELSH_FILE = Path("translations/managing-pain.cy.yaml")


def content_copy(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(CONTENT, content)
    return content


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def build(content: Path, output: Path, *args: str) -> int:
    return main(["--content", str(content), "--output", str(output), "--today", TODAY, *args])


def register_rows(output: Path) -> dict[str, dict[str, str]]:
    with (output / "register.csv").open(encoding="utf-8") as file:
        return {row["id"]: row for row in csv.DictReader(file)}


@pytest.fixture(scope="module")
def welsh(tmp_path_factory) -> Path:
    """The bundled library built in A4 and large print, web page and text."""
    output = tmp_path_factory.mktemp("welsh")
    assert main(["--output", str(output), "--today", TODAY, "--format", "pdf", "--format", "html",
                 "--format", "text"]) == 0
    return output


def test_a_translation_is_built_as_a_draft_in_its_own_words_and_in_english(welsh):
    [pdf] = (welsh / WELSH).glob("*-a4-DRAFT.pdf")
    text = pdftotext(pdf)
    first = " ".join(text.split()[:40])
    assert first.index("DRAFFT – heb ei gymeradwyo") < first.index("DRAFT – not approved for use with patients") \
        < first.index("Rheoli poen"), first
    library = read_library(CONTENT)
    document = resolve(next(l for l in library.leaflets if l.id == WELSH), library)
    assert missing_word(document.words, words(text)) is None
    assert missing_word(document.words, words(pdftotext(pdf, "-raw"))) is None
    assert "Tachwedd" in text and "Fersiwn 1.0" in text, "dates and stamp are in Welsh"
    assert "Cyfieithwyd o: PAIN-OST-002, fersiwn 1.0" in " ".join(text.split())


def test_every_welsh_letter_prints_as_itself(welsh):
    for pdf in (welsh / WELSH).glob("*.pdf"):
        text = pdftotext(pdf)
        for letter in "ŵŷâô":
            assert letter in text, (pdf.name, letter)
        assert "\ufffd" not in text and "□" not in text


def test_the_language_is_declared_for_screen_readers(welsh):
    for pdf in (welsh / WELSH).glob("*.pdf"):
        assert str(reader(pdf).trailer["/Root"]["/Lang"]) == "cy"
    [page] = (welsh / WELSH).glob(f"{WELSH}-v*.html")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="cy">' in html
    assert '/ <span lang="en">DRAFT – not approved for use with patients</span></p>' in html, "the English part is marked"


def test_the_register_and_catalogue_list_the_translation_with_its_source(welsh):
    row = register_rows(welsh)[WELSH]
    assert (row["status"], row["state"], row["edition_of"]) == ("draft", "draft", "translates PAIN-OST-002 version 1.0")
    catalogue = (welsh / "index.html").read_text(encoding="utf-8")
    assert '<span lang="cy">Rheoli poen ar ôl toriad cywasgu yn yr asgwrn cefn</span>' in catalogue
    assert "a translation of PAIN-OST-002 version 1.0" in catalogue


def test_the_list_says_what_each_translation_translates(capsys):
    assert main(["--list"]) == 0
    listed = {line.split("\t")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert listed[WELSH].endswith("\tdraft\treview due 29 November 2029\ttranslates PAIN-OST-002 version 1.0")
    assert "translates" not in listed["PAIN-OST-002"]


def moved_on(content: Path) -> None:
    """The English leaflet at a new draft version, as when its owner starts a revision."""
    source = content / "leaflets" / "managing-pain.yaml"
    edit(source, 'version: "1.0"\nstatus: approved', 'version: "1.1"\nstatus: draft')
    edit(source, "approval_date: 2026-11-02\n", "")  # a draft has none yet; 1.0's stays in the release record
    edit(source, "changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Pacing section rewritten.\n')
    edit(source, "Do a bit less than this, then take a short break.", "Do a bit less than this, then rest for a short while.")


def test_a_new_source_version_makes_its_translation_out_of_date(tmp_path):
    content = content_copy(tmp_path)
    moved_on(content)
    output = tmp_path / "refused"
    assert build(content, output, "--format", "text") == 1
    assert not list((output / WELSH).glob(f"{WELSH}-v*")), "an out-of-date translation is not built as current"
    row = register_rows(output)[WELSH]
    assert row["state"] == "out of date"
    assert '<span class="badge out-of-date">Out of date</span>' in (output / "index.html").read_text(encoding="utf-8")

    marked = tmp_path / "marked"
    assert build(content, marked, "--format", "pdf", "--format", "text", "--allow-out-of-date") == 0
    [pdf] = (marked / WELSH).glob("*-a4-DRAFT.pdf")
    opening = " ".join(pdftotext(pdf).split()[:80])
    assert "WEDI DYDDIO" in opening
    assert ("OUT OF DATE – this translation follows version 1.0 of the English leaflet; "
            "the English leaflet is now version 1.1") in opening
    assert reader(pdf).metadata["/Title"].startswith("WEDI DYDDIO, DRAFFT / OUT OF DATE, DRAFT: ")


def test_the_refusal_says_what_to_do_and_diff_shows_the_translator_what_changed(tmp_path, capsys):
    content = content_copy(tmp_path)
    moved_on(content)
    build(content, tmp_path / "out", "--format", "text")
    message = capsys.readouterr().err
    assert f"content/{WELSH_FILE}: {WELSH} translates version 1.0 of PAIN-OST-002, which is now at version 1.1" in message
    assert "--diff PAIN-OST-002 1.0 1.1" in message
    assert main(["--content", str(content), "--diff", "PAIN-OST-002", "1.0", "1.1"]) == 0
    shown = capsys.readouterr().out
    assert "-1. Do a bit less than this, then take a short break." in shown
    assert "+1. Do a bit less than this, then rest for a short while." in shown


@pytest.mark.parametrize("file, old, new, expected", [
    ("translations/managing-pain.cy.yaml", "      - Darllenwch y daflen sy'n dod gyda'ch meddyginiaeth.\n", "",
     "this block has number of points 4 where the source has 5"),
    ("shared/urgent-signs.cy.yaml", "Ffoniwch 999 neu", "Ffoniwch 998 neu",
     "this block has the numbers 111, 998 where the source has 111, 999"),
    ("translations/managing-pain.cy.yaml", "  - subheading: Os bydd eich poen yn para", "  - heading: Os bydd eich poen yn para",
     "this block is a heading block where the source has a subheading block"),
])
def test_a_translation_that_departs_from_its_source_is_named_with_its_line(tmp_path, capsys, file, old, new, expected):
    """A dropped point, a mistyped number, a changed block: the file and line are named, the rest still build."""
    content = content_copy(tmp_path)
    edit(content / file, old, new)
    output = tmp_path / "out"
    assert build(content, output, "--format", "text") == 1
    message = capsys.readouterr().err
    line = next((line for line in message.splitlines() if expected in line), message)
    assert re.match(rf"{re.escape(str(content / file))}:\d+: ", line), line
    assert not (output / WELSH).exists()
    assert (output / "PAIN-OST-002").exists(), "the source and the other leaflets still build"


def test_a_phrase_file_that_drops_a_placeholder_is_named_with_its_line(tmp_path, capsys):
    content = content_copy(tmp_path)
    edit(content / "languages" / "cy.yaml", "version: Fersiwn {version}", "version: Fersiwn")
    assert build(content, tmp_path / "out", "--format", "text") == 1
    message = capsys.readouterr().err
    assert re.search(r"content/languages/cy\.yaml:\d+: stamp\.version: does not keep the English phrase's placeholders "
                     r"\(it must hold exactly: \{version\}\)", message), message
