"""Words at line breaks stay apart, however the text is read back.

A screen reader reads the marked content of each structure element as one
string; text extraction reads pages. Neither may join the last word of a line
to the first word of the next ("Itexplains").
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from conftest import ENGLISH, RIGHT_TO_LEFT, pdftotext, CONTENT, language_of, opened, pdfs, reader
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.outputs.pdf.conformance import read_runs, structure
from leaflets.source.library import read_library
from leaflets.source.phrases import PhraseBook

NOT_CONTENT = {"Lbl", "Figure"}  # list numbers and figure labels are not in the content's words


def tokens(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.replace("\u00a0", " ").casefold()))


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, set[str]]:
    """Each leaflet's own words, as the content says them."""
    library = read_library(CONTENT)
    return {leaflet.id: set(resolve(leaflet, library).words) for leaflet in library.leaflets}


@pytest.fixture(scope="module")
def readings(built, vocabulary):
    """(pdf, marked-content texts, words allowed in page text) for every bundled PDF."""
    out = []
    for path in pdfs(built):
        document = opened(path)
        reached, _ = structure(document)
        marked: dict[tuple[int, int], str] = defaultdict(str)
        furniture: set[str] = set()
        for run in read_runs(document):
            role = reached.get((run.page, run.mcid))
            if run.artifact or role in NOT_CONTENT:
                furniture |= tokens(run.text)
            else:
                marked[run.page, run.mcid] += run.text
        book = PhraseBook(CONTENT)  # the words the build writes itself, a translation's status in English too
        written = {word for phrases in (book.of(language_of(path.name)), ENGLISH)
                   for word in tokens(" ".join(phrases.texts.values()))}
        out.append((path, marked, vocabulary[path.parent.name] | furniture | written))
    return out


def test_wrapped_lines_exist_to_be_tested(readings):
    """The leaflets do wrap: many structure elements span several lines."""
    path, marked, _ = readings[0]
    assert sum("It explains" in text for text in marked.values()) == 1, path.name


def test_marked_content_reads_as_the_content_says(readings):
    for path, marked, _ in readings:
        words = set().union(*map(tokens, marked.values()))
        allowed = readings_vocabulary(path, readings)
        assert words <= allowed, (path.name, sorted(words - allowed)[:5])


def readings_vocabulary(path, readings) -> set[str]:
    return next(allowed for p, _, allowed in readings if p == path)


def test_pypdf_page_text_never_joins_lines(readings):
    for path, _, allowed in (reading for reading in readings if reading[0].parent.name not in RIGHT_TO_LEFT):
        words = set().union(*(tokens(page.extract_text()) for page in reader(path).pages))
        assert words <= allowed, (path.name, sorted(words - allowed)[:5])


@pytest.mark.parametrize("options", [(), ("-raw",)], ids=["layout", "raw"])
def test_pdftotext_reads_every_word_once_and_in_order(readings, options):
    """Every word of the source, in order, and no two run together, as pdftotext reads the page (and in -raw order)."""
    library = read_library(CONTENT)
    for path, _, allowed in readings:
        [leaflet] = [leaflet for leaflet in library.leaflets if leaflet.id == path.parent.name]
        if not options and leaflet.id in RIGHT_TO_LEFT:
            continue  # poppler's layout mode orders mixed lines by a page's majority script (test_right_to_left.py)
        text = pdftotext(path, *options)
        assert tokens(text) <= allowed, (path.name, sorted(tokens(text) - allowed)[:5])
        assert missing_word(resolve(leaflet, library).words, words(text)) is None, path.name
