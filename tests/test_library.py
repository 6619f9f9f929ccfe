"""The bundled library says what it must: each leaflet's facts, every block type, safe output."""

from __future__ import annotations

import pytest

from conftest import TODAY, pdfs, read_page, reader
from leaflets.cli import main

FACTS = {
    "PAIN-OST-001": [
        "protein", "mineral", "thoracic spine", "lumbar spine", "wedge", "spinal cord", "shorter",
        "opening a window", "a small fall", "twisting", "cough", "sneeze", "turn over in bed", "40 or 50",
        "Kyphosis", "dowager's hump", "Painkillers", "TENS", "Injections", "vertebroplasty", "kyphoplasty",
        "Royal Osteoporosis Society", "NHS website",
    ],
    "PAIN-OST-002": [
        "GP or pharmacist", "TENS", "Pacing", "sleep", "weeks", "months", "long-term pain", "review",
        "Urgent", "numbness", "bladder or bowels", "999",
    ],
    "PAIN-OST-003": [
        "menopause", "smoking", "Calcium", "Vitamin D", "supplement", "Weight-bearing", "falls",
    ],
}


def text_of(path) -> str:
    return " ".join(read_page(page).text for page in reader(path).pages)


@pytest.mark.parametrize("leaflet", FACTS)
def test_each_leaflet_states_its_facts(built, leaflet):
    for pdf in (built / leaflet).glob("*.pdf"):
        text = text_of(pdf).casefold()
        missing = [fact for fact in FACTS[leaflet] if fact.casefold() not in text]
        assert missing == [], pdf.name


def test_the_main_leaflet_renders_every_block_type(built):
    pdf = next((built / "PAIN-OST-001").glob("*-a4.pdf"))
    text = text_of(pdf)
    document = reader(pdf)
    # callouts of each kind say what they are in words
    for label in ("Good to know:", "Important:", "Urgent:"):
        assert label in text
    # numbered steps, bullets, questions and answers, write-in label, contacts, figure caption
    assert "1. " in text and "\u2022" in text
    assert "Is it safe to move about?" in text
    assert "Questions to ask at my next appointment" in text
    assert "01632 960 100" in text
    assert "A normal vertebra (left)" in text
    roles = str(document.trailer["/Root"]["/StructTreeRoot"].get_object())
    assert document.trailer["/Root"]["/StructTreeRoot"]["/K"] is not None and roles


def test_a_failed_rebuild_keeps_the_good_file(content_copy, tmp_path):
    args = ["--content", str(content_copy), "--output", str(tmp_path), "--today", TODAY, "--layout", "a4", "PAIN-OST-002"]
    assert main(args) == 0
    [good] = pdfs(tmp_path)
    before = good.read_bytes()
    leaflet = content_copy / "leaflets" / "managing-pain.yaml"
    leaflet.write_text(leaflet.read_text(encoding="utf-8").replace("  - heading:", "  - heading: \u4e2d in no font", 1) , encoding="utf-8")
    assert main(args) == 1
    assert good.read_bytes() == before
    assert not list(tmp_path.rglob("*.part"))
