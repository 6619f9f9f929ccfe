"""The bundled library, read back from its PDFs as a reader's software sees it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, TRANSLATED, language_of, pdfs, pdftotext, read_page, reader
from leaflets.document.words import words
from leaflets.source.phrases import PhraseBook

LAYOUT_FLOORS = {"a4": (12, 14), "large-print": (16, 18)}  # (smallest allowed, body size)
LEAFLETS = sorted((CONTENT / "leaflets").glob("*.yaml"))


def leaflet_data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_every_leaflet_builds_in_both_layouts(built):
    names = {p.name for p in pdfs(built)}
    for path in LEAFLETS:
        data = leaflet_data(path)
        for layout in LAYOUT_FLOORS:
            assert f"{data['id']}-v{data['version']}-{layout}.pdf" in names
    assert not list(built.rglob("*.part")), "no temporary files are left behind"


@pytest.mark.parametrize("path", LEAFLETS, ids=lambda p: p.stem)
def test_every_page_carries_reference_version_review_date_and_page_number(built, path):
    data = leaflet_data(path)
    review = data["review_date"]
    for pdf in (built / data["id"]).glob("*.pdf"):
        pages = reader(pdf).pages
        for number, page in enumerate(pages, start=1):
            text = read_page(page).text
            assert data["id"] in text
            assert f"Version {data['version']}" in text
            assert f"Review due {review.day} {review:%B %Y}" in text
            assert f"Page {number} of {len(pages)}" in text


@pytest.mark.parametrize("layout", LAYOUT_FLOORS)
def test_no_character_is_smaller_than_the_layout_allows(built, layout):
    floor, body = LAYOUT_FLOORS[layout]
    sizes: Counter = Counter()
    for pdf in built.rglob(f"*-{layout}.pdf"):
        for page in reader(pdf).pages:
            sizes.update(read_page(page).sizes)
    assert sizes, "text was measured"
    assert min(sizes) >= floor
    assert sizes.most_common(1)[0][0] == body, "the body text is the most common size"


def test_every_font_is_embedded_and_none_is_a_standard_font(built):
    for pdf in pdfs(built):
        for page in reader(pdf).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                assert "Helvetica" not in str(font["/BaseFont"])
                descriptor = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor, f"{pdf.name}: {font['/BaseFont']} is embedded"
                assert "/ToUnicode" in font


def _strings(value, skip=("file", "kind", "include", "version", "date", "status", "language",
                          "approval_date", "review_date", "id", "changes", "lines", "alt")):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in skip:
                yield from _strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _strings(inner)
    elif isinstance(value, str):
        yield value


def _words(text: str) -> list[str]:
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text).replace("**", "")
    return re.findall(r"\w+", text.casefold())


@pytest.mark.parametrize("path", LEAFLETS, ids=lambda p: p.stem)
def test_every_word_of_the_content_is_in_the_pdf(built, path):
    data = leaflet_data(path)
    expected = set()
    for block in data["blocks"]:
        if "include" in block:
            block = leaflet_data(CONTENT / block["include"])["blocks"]
        expected.update(w for s in _strings(block) for w in _words(s))
    expected.update(_words(data["title"]))
    for pdf in (built / data["id"]).glob("*.pdf"):
        found = {w for page in reader(pdf).pages for w in _words(read_page(page).text)}
        assert expected - found == set(), pdf.name


def test_first_page_names_the_organisation_and_department(built):
    for pdf in pdfs(built):
        language = language_of(pdf.name)
        site = yaml.safe_load((CONTENT / "sites" / (f"languages/sample.{language}.yaml" if language in TRANSLATED.values()
                                                    else "sample.yaml")).read_text())
        first = " ".join(pdftotext(pdf, "-raw", "-l", "1").split())
        assert site["organisation"] in first and site["department"] in first


OTHER_FORMATS = {"en": ("large print", "another language", "audio", "Braille"),
                 "cy": ("print bras", "iaith arall", "sain", "Braille"),
                 "ar": ("بخط كبير", "بلغة أخرى", "بصيغة صوتية", "برايل")}


def test_every_leaflet_ends_with_other_formats(built):
    for pdf in pdfs(built):
        text = " ".join(words(pdftotext(pdf, "-raw")))
        phrases = PhraseBook(CONTENT).of(language_of(pdf.name))
        tail = text[text.index(" ".join(words(phrases.say("back_matter.other_formats_heading")))):]
        for said in OTHER_FORMATS[phrases.code]:
            assert " ".join(words(said)) in tail, (pdf.name, said)


def test_large_print_is_reflowed_not_enlarged(built):
    for a4 in built.rglob("*-a4.pdf"):
        large = a4.with_name(a4.name.replace("-a4", "-large-print"))
        small_pages, large_pages = reader(a4).pages, reader(large).pages
        assert large_pages[0].mediabox == small_pages[0].mediabox, "the same A4 paper"
        assert len(large_pages) > len(small_pages), "more pages, because the text re-flowed"
