"""The plain-text format, read as an email reader or a screen reader gets it."""

from __future__ import annotations

import json
import re
import pytest

from conftest import CONTENT, TODAY, built_draft, run
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.source.library import read_library


@pytest.fixture(scope="module")
def texts(tmp_path_factory):
    """The bundled library built as plain text: {id: text}."""
    output = tmp_path_factory.mktemp("text")
    assert run("--output", str(output), "--today", TODAY, "--format", "text") == 0
    return {path.parent.name: path.read_text(encoding="utf-8") for path in sorted(output.glob("*/*.txt"))}, output


def test_every_word_of_each_leaflet_is_there_in_order(texts):
    found, _ = texts
    library = read_library(CONTENT)
    assert sorted(found) == [leaflet.id for leaflet in library.leaflets]
    for leaflet in library.leaflets:
        document = resolve(leaflet, library)
        assert missing_word(document.words, words(found[leaflet.id])) is None


def test_it_opens_with_what_and_who_from_and_carries_its_stamp(texts):
    text = texts[0]["PAIN-OST-001"]
    lines = text.splitlines()
    assert lines[:5] == ["Back pain from osteoporosis", "===========================", "Spinal compression fractures",
                         "", "Example Hospitals NHS Foundation Trust \u2013 Pain Service"]
    for item in ("PAIN-OST-001", "Version 1.0", "Approved 2 November 2026", "Review due 2 November 2029"):
        assert item in lines[:12]


def test_structure_reads_without_markup(texts):
    text = texts[0]["PAIN-OST-001"]
    assert "**" not in text and "](" not in text, "no markup marks"
    assert re.search(r"^What is osteoporosis\?\n-+$", text, re.M), "a heading is underlined"
    assert re.search(r"^- opening a window$", text, re.M), "list items start with a dash"
    assert re.search(r"^1\. ", text, re.M), "steps are numbered"
    assert "Picture: Side view of two bones of the spine" in text, "a figure by its description"
    assert "Royal Osteoporosis Society (https://theros.org.uk)" in text, "links written out"
    assert "email pals@example.nhs.uk" in text and "mailto:" not in text
    assert "\nImportant: See your GP about new back pain\n" in text, "a callout opens with its label in words"


def test_lines_fit_an_email_and_never_split_a_number_or_date(texts):
    for text in texts[0].values():
        assert all(len(line) <= 72 for line in text.splitlines())
        joined = text.replace("\n", "\u2424")
        assert "01632 960 100" in text and not re.search(r"0\d{4}\u2424|\d{3}\u2424\d{3}", joined)
        assert not re.search(r"\b\d{1,2}\u2424(January|February|March|April|May|June|July|August|September|October|"
                             r"November|December)\b", joined)


def test_the_register_and_catalogue_list_it(texts):
    _, output = texts
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["leaflets"][0]["files"][0]
    assert (entry["format"], entry["label"], entry["path"]) == ("text", "Plain text", "PAIN-OST-001/PAIN-OST-001-v1.0-text.txt")
    assert entry["extent"].endswith(" words")
    assert re.search(r">Plain text</a> \([0-9,]+ words, \d+ KB\)", (output / "index.html").read_text(encoding="utf-8"))


def test_a_draft_says_so_first(tmp_path):
    draft = built_draft(tmp_path, "text")
    assert draft.name.endswith("-DRAFT.txt")
    lines = draft.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "DRAFT \u2013 not approved for use with patients" and "DRAFT" in lines[:14]


def test_the_same_source_gives_the_same_bytes(texts, tmp_path):
    found, _ = texts
    assert run("--output", str(tmp_path), "--today", TODAY, "--format", "text") == 0
    assert {p.parent.name: p.read_text(encoding="utf-8") for p in tmp_path.glob("*/*.txt")} == found
