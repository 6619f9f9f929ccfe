"""The web page format, read back as a browser builds it and a screen reader walks it."""

from __future__ import annotations

import base64
import re

import pytest
import uharfbuzz as hb
from lxml import html as lxml_html
from PIL import Image

from conftest import CONTENT, TODAY, built_draft, language_of, run
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.outputs.fontfiles import WEIGHTS, face
from leaflets.source.library import read_library
from test_catalogue import chromium


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The bundled library built as web pages: {id: path}."""
    output = tmp_path_factory.mktemp("html")
    assert run("--output", str(output), "--today", TODAY, "--format", "html") == 0
    return {path.parent.name: path for path in sorted(output.glob("*/*-v*.html"))}


def tree(path):
    return lxml_html.fromstring(path.read_bytes())


def shown_text(root) -> str:
    """The text a reader gets: no head or style, an image by its alt text, nothing hidden from assistive technology."""
    root = lxml_html.fromstring(lxml_html.tostring(root))
    for element in root.xpath("//head | //style | //*[@aria-hidden='true']"):
        element.drop_tree()
    for image in root.xpath("//img"):
        image.tail = f" {image.get('alt', '')} {image.tail or ''}"
    return " ".join(" ".join(root.itertext()).replace("\u00a0", " ").split())


def test_every_word_of_each_leaflet_is_on_its_page_in_order(pages):
    library = read_library(CONTENT)
    assert sorted(pages) == [leaflet.id for leaflet in library.leaflets]
    for leaflet in library.leaflets:
        document = resolve(leaflet, library)
        assert missing_word(document.words, words(shown_text(tree(pages[leaflet.id])))) is None, leaflet.id


def test_landmarks_one_h1_and_headings_in_order(pages):
    for path in pages.values():
        root = tree(path)
        assert root.get("lang") == language_of(path.name), path.name
        assert [len(root.xpath(f"//body/{tag}")) for tag in ("header", "main", "footer")] == [1, 1, 1]
        levels = [int(h.tag[1]) for h in root.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
        assert levels.count(1) == 1 and levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
        assert not root.xpath("//body//*[not(ancestor-or-self::header or ancestor-or-self::main or "
                              "ancestor-or-self::footer)]"), "all content sits in a landmark"


def test_lists_figures_callouts_and_questions_are_what_they_say(pages):
    root = tree(pages["PAIN-OST-001"])
    assert root.xpath("//main//ul/li") and root.xpath("//main//ol/li")
    [figure] = root.xpath("//figure")
    [image] = figure.xpath("img")
    assert image.get("alt").startswith("Side view of two bones of the spine") and figure.xpath("figcaption")
    notes = root.xpath("//div[@role='note']")
    assert notes and all(note.xpath("p[1]/strong")[0].text_content().split(":")[0] in ("Good to know", "Important", "Urgent")
                         for note in notes), "a callout says its kind in words"
    assert root.xpath("//dl/dt") and len(root.xpath("//dl/dt")) == len(root.xpath("//dl/dd"))
    assert root.xpath("//a[starts-with(@href, 'tel:01632960100')]"), "phone numbers can be called from the page"


def test_nothing_is_fetched_from_outside(pages):
    for path in pages.values():
        root = tree(path)
        sources = root.xpath("//@src | //@srcset | //link/@href | //script")
        assert all(str(source).startswith("data:") for source in sources), path.name
        style = " ".join(root.xpath("//style/text()"))
        assert "@import" not in style and "url(http" not in style and "font/ttf;base64" in style
        assert len(style) < 200_000, "fonts are cut to the characters the page shows"


def shaped(font_data: bytes, run: str) -> list[tuple]:
    """What a browser draws for ``run`` in a face: each glyph's outline box and where it goes."""
    font = hb.Font(hb.Face(font_data))
    buffer = hb.Buffer()
    buffer.add_str(run)
    buffer.guess_segment_properties()
    hb.shape(font, buffer)
    return [(font.get_glyph_extents(info.codepoint), place.x_advance, place.x_offset, place.y_offset)
            for info, place in zip(buffer.glyph_infos, buffer.glyph_positions)]


def test_the_arabic_page_joins_its_letters_as_the_whole_font_does(pages):
    """The embedded faces are cut to the page's characters but keep every layout feature: joining forms, ligatures, marks."""
    root = tree(pages["PAIN-OST-002-AR"])
    style = " ".join(root.xpath("//style/text()"))
    embedded = {int(weight): base64.b64decode(data) for weight, data in re.findall(
        r'font-family: "Noto Sans Arabic"; font-weight: (\d+);[^}]*?base64,([^)]+)', style)}
    assert sorted(embedded) == list(WEIGHTS)
    runs = set(re.findall("[\u0600-\u06ff]+", shown_text(root)))
    assert len(runs) > 100
    for weight, data in embedded.items():
        whole = face("Noto Sans Arabic", weight)
        for run in sorted(runs):
            assert shaped(data, run) == shaped(whole, run), (weight, run)


def test_the_stamp_is_in_the_footer(pages):
    footer = tree(pages["PAIN-OST-002"]).xpath("//footer")[0].text_content()
    for item in ("PAIN-OST-002", "Version 1.0", "Approved 2 November 2026", "Review due 2 November 2029"):
        assert item in footer


def test_a_draft_says_so_first(tmp_path):
    draft = built_draft(tmp_path, "html")
    assert draft.name.endswith("-DRAFT.html")
    root = tree(draft)
    assert shown_text(root).startswith("DRAFT \u2013 not approved for use with patients")
    assert root.xpath("//title")[0].text.startswith("DRAFT: ") and "DRAFT" in root.xpath("//footer")[0].text_content()


def test_the_same_source_gives_the_same_bytes(pages, tmp_path):
    assert run("--output", str(tmp_path), "--today", TODAY, "--format", "html") == 0
    assert {p.parent.name: p.read_bytes() for p in tmp_path.glob("*/*-v*.html")} == \
           {name: path.read_bytes() for name, path in pages.items()}


@pytest.mark.parametrize("scale, width", [(1, 320), (2, 640), (4, 1280)], ids=["320px", "200%", "400%"])
def test_it_reflows_without_sideways_scrolling(pages, tmp_path, scale, width):
    """At 200% zoom a 640-pixel window, and at 400% a 1280-pixel one, is 320 CSS pixels wide."""
    shot = tmp_path / "page.png"
    chromium(tmp_path, f"--window-size={width // scale},1200", f"--force-device-scale-factor={scale}",
             "--hide-scrollbars", f"--screenshot={shot}", pages["PAIN-OST-001"].as_uri())
    image = Image.open(shot).convert("L")
    assert image.size == (width, 1200 * scale)
    assert image.getextrema()[0] < 100, "dark text was drawn"
    right_edge = image.crop((image.width - 4 * scale, 0, image.width, image.height))
    assert right_edge.getextrema()[0] > 200, "nothing runs off the right edge"
