"""The Braille format, read as a braille reader and an embosser get it: liblouis translates each page back."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import built_in, CONTENT, TODAY, debian_tool, draft_of
from leaflets.cli import main
from leaflets.document.resolve import resolve
from leaflets.document.words import words
from leaflets.outputs import braille
from leaflets.source.library import read_library

CELLS, LINES = 40, 25
LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ@[\\]^", "abcdefghijklmnopqrstuvwxyz`{|}~")
"""Upper-case braille ASCII (BRF) as liblouis's tables write it: the same cells."""


def back(lines: list[str]) -> list[str]:
    """Each line of braille ASCII in print, as liblouis's own command reads it."""
    run = subprocess.run([debian_tool("lou_translate"), "--backward", "en-ueb-g2.ctb"], check=True, text=True,
                         input="\n".join(line.translate(LOWER) for line in lines) + "\n", capture_output=True)
    return run.stdout.split("\n")[:len(lines)]


def pages(path: Path) -> list[list[str]]:
    return [page.rstrip("\n").split("\n") for page in path.read_text(encoding="ascii").split("\f")]


@pytest.fixture(scope="module")
def copies(tmp_path_factory) -> dict[str, Path]:
    return built_in("braille", tmp_path_factory.mktemp("braille"))


def test_pages_are_an_embossers(copies):
    for path in copies.values():
        data = path.read_bytes()
        assert all(0x20 <= byte <= 0x5F or byte in b"\n\f" for byte in data), "upper-case braille ASCII only"
        for page in pages(path):
            assert len(page) <= LINES and all(len(line) <= CELLS for line in page), path.name


def test_every_page_has_its_running_line_and_number(copies):
    for path in copies.values():
        found = pages(path)
        heads = back([page[0] for page in found])
        for number, head in enumerate(heads, start=1):
            assert re.fullmatch(rf"PAIN-OST-00\d v1\.0 +{number}", head), (path.name, head)
        assert len(found) > 5


def test_the_title_page_says_what_which_version_and_until_when(copies):
    library = read_library(CONTENT)
    for leaflet in (leaflet for leaflet in library.leaflets if leaflet.id in copies):  # Welsh has no braille table
        title_page = " ".join(" ".join(back(pages(copies[leaflet.id])[0][1:])).split())
        for item in (leaflet.title, leaflet.id, "Version 1.0", "Approved 2 November 2026", "Review due 2 November 2029"):
            assert item.casefold() in title_page.casefold(), (leaflet.id, item)


def test_headings_are_centred_and_paragraphs_start_in_cell_3(copies):
    text = pages(copies["PAIN-OST-001"])
    lines = [line for page in text[1:] for line in page[1:]]
    said = [line.strip() for line in back(lines)]
    heading = lines[said.index("What is osteoporosis?")]
    assert abs(len(heading) - len(heading.strip()) - (CELLS - len(heading.strip())) // 2) <= 1
    first = next(n for n, line in enumerate(said) if line.startswith("This leaflet is for people"))
    assert lines[first].startswith("  ,") and not lines[first + 1].startswith(" ")


def test_every_word_is_read_back_in_order(copies):
    """Independent of the build's own read-back: each page through lou_translate, words compared with the source."""
    library = read_library(CONTENT)
    for leaflet in (leaflet for leaflet in library.leaflets if leaflet.id in copies):
        said = words(" ".join(back([line for page in pages(copies[leaflet.id]) for line in page])))
        # liblouis reads the wordsign for "enough" back as "en", and the colon of "https:" as "cc"
        expected = [word for word in resolve(leaflet, library).words if word not in ("enough", "https")]
        position = 0
        for word in expected:  # line by line, a word split at a hyphen reads as two
            assert word in said[position:], (leaflet.id, word)
            position = said.index(word, position) + 1


def test_a_draft_says_so_first(tmp_path):
    content = draft_of(tmp_path / "content")
    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--format", "braille", "PAIN-OST-002"]) == 0
    [path] = (tmp_path / "out" / "PAIN-OST-002").glob("*-DRAFT.brf")
    first = back(pages(path)[0])
    assert re.fullmatch(r"PAIN-OST-002 v1\.0 DRAFT +1", first[0]), first[0]
    assert first[1].strip() == "DRAFT — not approved for use with patients"


def test_a_character_braille_cannot_carry_is_named_with_its_line(tmp_path, capsys):
    content = draft_of(tmp_path / "content")  # a draft may change without a new release
    leaflet = content / "leaflets" / "managing-pain.yaml"
    text = leaflet.read_text(encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "paragraph:" in row)
    leaflet.write_text(text.replace("paragraph: ", "paragraph: \U0001F600 ", 1), encoding="utf-8")
    code = main(["--content", str(content), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--format", "braille", "--format", "text"])
    err = capsys.readouterr().err
    assert code != 0 and re.search(rf"managing-pain.yaml:{line}: PAIN-OST-002 \(braille\): the character '\U0001F600' "
                                   r"\(U\+1F600\) has no sign in braille", err), err
    assert len(list((tmp_path / "out").rglob("*.brf"))) == 2, "the other leaflets still build"
    assert list((tmp_path / "out" / "PAIN-OST-002").glob("*.txt")), "and the leaflet's other formats"


def test_without_liblouis_braille_is_refused_by_name_and_the_rest_builds(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(braille.shutil, "which", lambda name: None)
    code = main(["--output", str(tmp_path / "out"), "--today", TODAY, "--format", "braille", "--format", "text"])
    err = capsys.readouterr().err
    assert code != 0 and "liblouis is not installed" in err and "apt-get install liblouis-bin" in err
    every = len(read_library(CONTENT).leaflets)
    assert len(list((tmp_path / "out").rglob("*.txt"))) == every and not list((tmp_path / "out").rglob("*.brf"))


def test_the_pef_holds_the_same_pages_in_unicode_braille(copies, tmp_path):
    """Cell for cell the BRF's pages, by liblouis's own braille table; metadata says which leaflet and version."""
    assert main(["--output", str(tmp_path), "--today", TODAY, "--format", "pef", "PAIN-OST-002"]) == 0
    [path] = (tmp_path / "PAIN-OST-002").glob("*.pef")
    root = ElementTree.parse(path).getroot()
    namespace = {"p": "http://www.daisy.org/ns/2008/pef", "dc": "http://purl.org/dc/elements/1.1/"}
    assert root.findtext("p:head/p:meta/dc:identifier", namespaces=namespace) == "PAIN-OST-002-v1.0"
    volume = root.find("p:body/p:volume", namespace)
    assert (volume.get("cols"), volume.get("rows")) == ("40", "25")
    rows = [[row.text or "" for row in page.iterfind("p:row", namespace)] for page in volume.iter(f"{{{namespace['p']}}}page")]
    unicode_cells = str.maketrans({char: chr(0x2800 + dots) for dots, char in enumerate(NORTH_AMERICAN)})
    assert [[line.translate(unicode_cells) for line in page] for page in pages(copies["PAIN-OST-002"])] == rows


NORTH_AMERICAN = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
"""Braille ASCII in the order of the braille cells U+2800 to U+283F, the table every BRF reader uses."""


def test_the_braille_ascii_table_is_liblouiss_own():
    sentence = "Call 01632 960 100, or 999: don't wait! (A&E) - www.nhs.uk/pain? 'Yes'; \"quick\" brown fox jumps."
    ascii_form, unicode_form = (subprocess.run([debian_tool("lou_translate"), "--forward", tables], check=True, text=True,
                                               capture_output=True, input=sentence + "\n").stdout.rstrip("\n")
                                for tables in ("en-ueb-g2.ctb", "unicode.dis,en-ueb-g2.ctb"))
    assert len(ascii_form) == len(unicode_form) > 40
    for char, cell in zip(ascii_form.upper().translate(str.maketrans("`{|}~", "@[\\]^")), unicode_form):
        assert chr(0x2800 + NORTH_AMERICAN.index(char)) == cell, (char, cell)
