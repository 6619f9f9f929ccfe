"""Plain English: Flesch Reading Ease of 60 or more, measured on the text a reader gets from the PDF."""

from __future__ import annotations

import re

from conftest import reader
from leaflets.document.plain import flesch_reading_ease


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
