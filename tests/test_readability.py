"""Plain English: Flesch Reading Ease of 60 or more, measured on the text a reader gets from the PDF; the other measures
the Word importer reports (long and passive sentences, medical words left unexplained), and the bundled leaflets held
to the last."""

from __future__ import annotations

import re

from conftest import CONTENT, reader
from leaflets.document import plain
from leaflets.document.plain import flesch_reading_ease
from leaflets.document.resolve import resolve
from leaflets.document.words import block_text
from leaflets.source import markup
from leaflets.source.library import read_library


def body_text(pdf) -> str:
    """The leaflet's words without the running footer."""
    document = reader(pdf)
    stamp = re.compile(r"Page \d+ of \d+|Review due|Version \d")
    lines = []
    for page in document.pages:
        lines += [l for l in page.extract_text().splitlines() if not stamp.search(l)]
    return "\n".join(lines)


def test_the_formula_scores_plain_and_dense_text_apart():
    assert flesch_reading_ease("You can walk. It helps your back. Take it slow.") > 90
    assert flesch_reading_ease("Osteoporotic vertebral compression fractures necessitate multidisciplinary "
                               "pharmacological intervention and comprehensive rehabilitation.") < 0


def test_each_leaflet_reads_easily(built):
    scores = {pdf.name: flesch_reading_ease(body_text(pdf)) for pdf in built.rglob("*-a4.pdf")}
    assert len(scores) >= 3
    for name, score in scores.items():
        assert score >= 60, f"{name} scores {score:.0f}"


def test_long_and_passive_sentences_are_found():
    long = "You can " + "walk and " * 12 + "rest."
    assert plain.long_sentences(f"Rest well. {long}") == [long.removesuffix(".")]
    assert plain.passive_sentences("The bone is squashed. You squash the bone. It was broken by a fall.") == [
        "The bone is squashed", "It was broken by a fall"]
    assert not plain.passive_sentences("Each bone is called a vertebra. You may feel tired."), "explaining a word is not passive"


def test_a_medical_word_counts_as_explained_only_where_its_meaning_is_given():
    assert [term.word for term in plain.unexplained(["Take an analgesic with food."])] == ["analgesic"]
    assert not plain.unexplained(["An analgesic is a painkiller. Take the analgesic with food."])
    assert not plain.unexplained(["It is called **sciatica**.", "Sciatica can hurt."])
    assert [term.word for term in plain.unexplained(["You have bursitis. Rest."])] == ["bursitis"], "found by its ending"


def test_each_bundled_leaflet_explains_its_medical_words():
    library = read_library(CONTENT)
    for leaflet in library.leaflets:
        if leaflet.language == "en-GB":
            document = resolve(leaflet, library)
            texts = [markup.plain(text) for block in document.blocks
                     for text in block_text(block, document.site, document.phrases) if text]
            assert not plain.unexplained(texts), leaflet.id
