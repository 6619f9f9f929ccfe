"""A figure's description and its caption reach a reader as two sentences, in every format that reads them out.

Authors often write a description as a phrase, with no full stop. Read
straight into the caption it made one run-on sentence ("…by a fracture The
procedures treat…"). Each format is read back as its reader gets it: the
plain text, the Braille and PEF through liblouis, the audio's script, the
web page as a screen reader walks it and the PDF's structure tree.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import TODAY, draft_of, published, reader
from leaflets import build
from leaflets.cli import main
from leaflets.document.words import sentence
from leaflets.governance.release import Releases
from leaflets.outputs.audio.script import script, text
from leaflets.settings import Folders, Settings
from leaflets.source.library import read_library
from test_accessibility import walk
from test_braille import NORTH_AMERICAN, back, pages
from test_html import shown_text

DESCRIBED = "Side view of a vertebra squashed into a wedge shape by a fracture"
CAPTION = "The procedures treat a vertebra like the one on the right"
"""Both written without a full stop, as authors write a phrase."""
SAID = f"Picture: {DESCRIBED}. {CAPTION}."
"""What a reader must get: two sentences."""


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    """The bundled content, PAIN-OST-001 a draft (so its words may change) whose figure is described in phrases."""
    folder = draft_of(tmp_path_factory.mktemp("figure") / "content", "back-pain-osteoporosis.yaml")
    leaflet = folder / "leaflets" / "back-pain-osteoporosis.yaml"
    source = leaflet.read_text(encoding="utf-8")
    changed = re.sub(r"      alt: >-\n(?:        .*\n)+      caption: >-\n(?:        .*\n)+",
                     f"      alt: {DESCRIBED}\n      caption: {CAPTION}\n", source, count=1)
    assert changed != source
    leaflet.write_text(changed, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def made(content, tmp_path_factory) -> dict[str, Path]:
    output = tmp_path_factory.mktemp("made")
    formats = [argument for name in ("text", "braille", "pef", "html", "pdf") for argument in ("--format", name)]
    assert main(["--content", str(content), "--output", str(output), "--today", TODAY, *formats,
                 "--layout", "a4", "PAIN-OST-001"]) == 0
    return {path.suffix: path for path in published(output) if path.parent.name == "PAIN-OST-001"}


def joined(text: str) -> str:
    return " ".join(text.split())


def test_a_phrase_is_closed_as_a_sentence_and_a_sentence_is_left_alone():
    assert sentence("A vertebra (left)") == "A vertebra (left)."
    assert sentence("Is it broken?") == "Is it broken?"
    assert sentence('He said "stop."') == 'He said "stop."'
    assert sentence("See [the NHS website](https://www.nhs.uk)") == "See [the NHS website](https://www.nhs.uk)."
    assert sentence("ما هذا؟") == "ما هذا؟"


def test_the_plain_text_says_two_sentences_the_caption_on_its_own_line(made):
    said = made[".txt"].read_text(encoding="utf-8")
    assert SAID in joined(said)
    lines = said.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("Picture: "))
    caption = next(n for n, line in enumerate(lines) if line.startswith(CAPTION.split()[0] + " " + CAPTION.split()[1]))
    assert lines[caption - 1].endswith("fracture.") and caption > first


def braille_sentences(cells: list[list[str]]) -> tuple[list[str], str]:
    """Each line of the braille as liblouis reads it back, and the whole as one text."""
    lines = [line for page in cells for line in page[1:]]  # each page's running line left out
    read = back(lines)
    return lines, joined(" ".join(read))


def check_braille(cells: list[list[str]]) -> None:
    lines, said = braille_sentences(cells)
    assert SAID in said, "the description, closed, then the caption"
    read = [line.strip() for line in back(lines)]
    start = next(n for n, line in enumerate(read) if line.startswith("The procedures"))
    assert lines[start].startswith("  ") and not lines[start].startswith("   "), "the caption starts a paragraph (cell 3)"
    assert read[start - 1].endswith("fracture."), read[start - 1]


def test_the_braille_reads_back_as_two_sentences_the_caption_a_paragraph(made):
    check_braille(pages(made[".brf"]))


def test_the_pef_reads_back_as_two_sentences(made):
    root = ElementTree.parse(made[".pef"]).getroot()
    to_ascii = {chr(0x2800 + dots): char for dots, char in enumerate(NORTH_AMERICAN)}
    cells = [[(row.text or "").translate(str.maketrans(to_ascii)) for row in page.iter("{http://www.daisy.org/ns/2008/pef}row")]
             for page in root.iter("{http://www.daisy.org/ns/2008/pef}page")]
    check_braille(cells)


def test_the_audio_says_the_description_and_the_caption_as_two_lines(content):
    settings = Settings(Folders(content), ids=("PAIN-OST-001",), today=dt.date.fromisoformat(TODAY))
    library = read_library(content)
    [edition] = build.editions(settings, library, Releases.of(library), build.Report())
    lines = [line for chapter in script(edition) for line in chapter.lines]
    at = next(n for n, line in enumerate(lines) if line.text.startswith("Picture: "))
    assert [line.text for line in lines[at:at + 2]] == [f"Picture: {DESCRIBED}.", f"{CAPTION}."]
    assert lines[at].pause == "sentence", "a sentence's pause before the caption"
    assert f"Picture: {DESCRIBED}.\n{CAPTION}.\n" in text(script(edition))


def test_the_web_page_reads_its_text_alternative_then_the_caption_as_two_sentences(made):
    root = lxml_html.fromstring(made[".html"].read_bytes())
    [image] = root.xpath("//figure/img")
    assert image.get("alt") == f"{DESCRIBED}."
    assert f"{DESCRIBED}. {CAPTION}" in shown_text(root)


def test_the_pdf_figure_is_described_in_a_sentence_before_its_caption(made):
    """A screen reader reads the Figure's /Alt, then the Caption element that follows it."""
    found = walk(reader(made[".pdf"]).trailer["/Root"]["/StructTreeRoot"]["/K"], [])
    at = next(n for n, (role, _) in enumerate(found) if role == "/Figure")
    assert str(found[at][1]["/Alt"]) == f"{DESCRIBED}."
    assert found[at + 1][0] == "/Caption"
