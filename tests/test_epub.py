"""The talking book (EPUB 3 with media overlays), as a reading system and the field's own checkers open it.

Each book is unzipped and read here with lxml and mutagen, not through the
writer's own read-back: the words in order, the status and the document
control facts first, the page list against the A4 PDF's pages as poppler
reads them, every overlay clip inside its audio file and every fragment it
names present, the accessibility metadata; then EPUBCheck and DAISY Ace.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree, html
from mutagen.mp3 import MP3

from conftest import BUNDLED, CONTENT, DRAFT_NOTICE, RIGHT_TO_LEFT, ROOT, TODAY, debian_tool, draft_of, pdftotext, published
from leaflets.cli import main
from leaflets.document.resolve import resolve
from leaflets.document.words import missing_word, words
from leaflets.outputs.audio.script import sentence_starts
from leaflets.outputs.epub.content import wrapped
from leaflets.outputs.pdf.conformance import read_runs
from leaflets.outputs.pdf.verify import page_texts
from leaflets.source.library import read_library

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml", "smil": "http://www.w3.org/ns/SMIL", "epub": "http://www.idpf.org/2007/ops"}
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
ACE = ROOT / "tests" / "node_modules" / ".bin" / "ace-cli"
PAGE_MARK = "\u27e6{}\u27e7"


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Every bundled leaflet and translation as a talking book, beside its A4 PDF."""
    output = tmp_path_factory.mktemp("epub")
    assert main(["--output", str(output), "--today", TODAY, "--format", "epub", "--format", "pdf", "--layout", "a4"]) == 0
    found = {path.parent.name: path for path in published(output) if path.suffix == ".epub"}
    assert sorted(found) == list(BUNDLED)
    return found


class Opened:
    """One book's files, parsed."""

    def __init__(self, path: Path) -> None:
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.folder = self.opf_path.rpartition("/")[0]
        self.opf = self.xml(self.opf_path)
        items = {item.get("id"): item for item in self.opf.iterfind(".//opf:item", NS)}
        [spine] = [items[ref.get("idref")] for ref in self.opf.iterfind(".//opf:itemref", NS)]
        self.page_name = spine.get("href")
        self.page = self.xml(f"{self.folder}/{self.page_name}")
        self.smil = self.xml(f"{self.folder}/{items[spine.get('media-overlay')].get('href')}")
        self.nav = self.xml(f"{self.folder}/{next(i for i in items.values() if i.get('properties') == 'nav').get('href')}")

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def meta(self, name: str) -> list[str]:
        return [meta.text for meta in self.opf.iterfind(".//opf:meta", NS)
                if meta.get("property") == name and meta.get("refines") is None]

    def text(self, marked: bool = False) -> str:
        """The content document's text as a screen reader gets it; ``marked`` writes each page break as ⟦n⟧."""
        body = copy_of(self.page.find("x:body", NS))
        for mark in body.iterfind(".//*[@role='doc-pagebreak']"):
            mark.text = f" {PAGE_MARK.format(mark.get('id').removeprefix('page-'))} " if marked else None
        for hidden in body.xpath(".//x:style | .//*[@aria-hidden='true']", namespaces=NS):
            tail = hidden.tail
            hidden.clear()
            hidden.tail = tail
        return " ".join(" ".join(body.itertext()).replace("\u00a0", " ").split())


def copy_of(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element))


def test_every_word_in_order_the_status_and_facts_first(books):
    library = read_library(CONTENT)
    for leaflet in (leaflet for leaflet in library.leaflets if not leaflet.easy_read):  # made of no Easy Read edition
        book = Opened(books[leaflet.id])
        document = resolve(leaflet, library)
        text = book.text()
        assert missing_word(document.words, words(text)) is None, leaflet.id
        assert book.page.get("lang") == leaflet.language == book.page.get("{http://www.w3.org/XML/1998/namespace}lang")
        first_section = text.index(book.page.find(".//x:h2", NS).xpath("string()"))
        for fact in (leaflet.id, leaflet.version, str(leaflet.review_date.year)):
            assert text.index(fact) < first_section, (leaflet.id, fact)
        if leaflet.status.value == "draft":  # the bundled translations: their status, then in English
            notice = " ".join(book.page.find(".//x:header/x:p", NS).xpath("string()").split())
            assert text.startswith(notice) and notice.endswith(DRAFT_NOTICE.sentence), leaflet.id


def test_the_page_list_follows_the_a4_pdf(books):
    for leaflet_id, path in books.items():
        book = Opened(path)
        [pdf] = path.parent.glob(f"{leaflet_id}-v*-a4*.pdf")
        printed = printed_pages(pdf, leaflet_id)
        listed = [link.text for link in book.nav.iterfind(".//x:nav[@epub:type='page-list']//x:a", NS)]
        assert listed == [str(n) for n in range(1, len(printed) + 1)], leaflet_id
        pieces = re.split(r"\u27e6(\d+)\u27e7", book.text(marked=True))
        assert pieces[1] == "1" and not words(pieces[0]), "page 1 starts before the first word"
        for index in range(3, len(pieces), 2):
            number = int(pieces[index])
            after, before = words(pieces[index + 1])[:4], words(pieces[index - 1])[-4:]
            assert contains(printed[number - 1], after), (leaflet_id, number, after)
            assert contains(printed[number - 2], before), (leaflet_id, number, before)
            assert not contains(printed[number - 2][-40:], after), (leaflet_id, number, "starts a page late")


def printed_pages(pdf: Path, leaflet_id: str) -> list[list[str]]:
    """Each page's words as poppler reads them; a right-to-left leaflet's as the project's reader does, since
    poppler mixes the order of a line's Arabic and English runs (tests/test_right_to_left.py)."""
    if leaflet_id in RIGHT_TO_LEFT:
        with pikepdf.open(pdf) as opened:
            return [words(text) for text in page_texts(read_runs(opened), len(opened.pages))]
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run([debian_tool("pdfinfo"), str(pdf)], capture_output=True,
                                                              text=True).stdout)[1])
    return [words(pdftotext(pdf, "-f", str(n), "-l", str(n))) for n in range(1, count + 1)]


def contains(haystack: list[str], needle: list[str]) -> bool:
    return any(haystack[i:i + len(needle)] == needle for i in range(len(haystack) - len(needle) + 1))


def test_every_clip_lies_inside_its_audio_and_speaks_a_fragment_there(books):
    for leaflet_id, path in books.items():
        book = Opened(path)
        ids = set(book.page.xpath("//@id"))
        lengths: dict[str, float] = {}
        previous_end, total = 0.0, 0.0
        pars = list(book.smil.iterfind(".//smil:par", NS))
        assert len(pars) > 50, leaflet_id
        for par in pars:
            page, _, fragment = par.find("smil:text", NS).get("src").partition("#")
            assert page == book.page_name and fragment in ids, (leaflet_id, fragment)
            audio = par.find("smil:audio", NS)
            source = f"{book.folder}/{audio.get('src')}"
            if source not in lengths:
                lengths[source] = MP3(io.BytesIO(book.zip.read(source))).info.length
            begin, end = clock(audio.get("clipBegin")), clock(audio.get("clipEnd"))
            assert previous_end <= begin < end <= lengths[source], (leaflet_id, fragment, begin, end)
            previous_end, total = end, total + end - begin
        assert abs(clock(book.meta("media:duration")[0]) - total) < 0.01
        refined = {meta.get("refines"): meta.text for meta in book.opf.iterfind(".//opf:meta[@property='media:duration']", NS)}
        assert len(refined) == 2 and len(set(refined.values())) == 1, "the one overlay lasts as long as the whole"
        first = pars[0].find("smil:text", NS).get("src").partition("#")[2]
        first_text = " ".join(book.page.xpath(f"string(//*[@id='{first}'])").split())
        if leaflet_id in ("PAIN-OST-002-AR", "PAIN-OST-002-CY"):  # the bundled drafts: the status is said first
            assert DRAFT_NOTICE.sentence in first_text, leaflet_id
        else:
            assert first_text == " ".join(book.page.find(".//x:h1", NS).xpath("string()").split())


def clock(value: str) -> float:
    hours, minutes, seconds = value.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_a_sentence_at_a_time_and_a_paragraph_cut_where_the_voice_paused(books):
    book = Opened(books["PAIN-OST-002"])
    spans = book.page.xpath("//x:p/x:span[@id]", namespaces=NS)
    assert len(spans) > 30
    paragraph = spans[0].getparent()
    sentences = ["".join(span.itertext()).strip() for span in paragraph.iterfind("x:span", NS)]
    assert len(sentences) > 1 and all(re.search(r"[.!?]$", sentence) for sentence in sentences)


def test_wrapping_carries_bold_over_a_sentence_boundary():
    paragraph = html.fragment_fromstring("<p>Rest. <strong>Move a bit. Then rest</strong> again. Done.</p>")
    text = paragraph.text_content()
    spans = wrapped(paragraph, sentence_starts(text))
    assert [span.text_content() for span in spans] == ["Rest. ", "Move a bit. ", "Then rest again. ", "Done."]
    assert html.tostring(paragraph, encoding="unicode") == (
        "<p><span>Rest. </span><span><strong>Move a bit. </strong></span>"
        "<span><strong>Then rest</strong> again. </span><span>Done.</span></p>")
    assert sentence_starts("Take 1. Rest e.g. for a day. 2. Walk! Yes? \u0646\u0639\u0645\u061f \u0644\u0627.") \
        == [0, 8, 29, 38, 43, 48]


def test_the_accessibility_metadata_and_the_governance_record(books):
    library = read_library(CONTENT)
    for leaflet in (leaflet for leaflet in library.leaflets if not leaflet.easy_read):
        book = Opened(books[leaflet.id])
        assert set(book.meta("schema:accessMode")) >= {"textual", "auditory"}
        assert set(book.meta("schema:accessModeSufficient")) >= {"textual", "auditory"}
        assert set(book.meta("schema:accessibilityFeature")) >= {"synchronizedAudioText", "printPageNumbers",
                                                                  "tableOfContents", "structuralNavigation"}
        assert book.meta("schema:accessibilityHazard") == ["none"] and book.meta("schema:accessibilitySummary")
        assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
        identifiers = [element.text for element in book.opf.iterfind(".//dc:identifier", NS)]
        assert leaflet.id in identifiers and book.meta("schema:version") == [leaflet.version]
        assert book.meta("schema:expires") == [leaflet.review_date.isoformat()]
        assert book.opf.findtext(".//dc:language", namespaces=NS) == leaflet.language
        dates = [element.text for element in book.opf.iterfind(".//dc:date", NS)]
        if leaflet.status.value == "draft":  # a draft never shows an approval date as its own
            assert dates == [] and book.meta("schema:creativeWorkStatus")
        else:
            assert dates == [leaflet.approval_date.isoformat()]
        assert book.opf.find(".//dc:source", NS) is not None


def test_the_same_book_twice_mimetype_first_and_stored(books, tmp_path):
    assert main(["--output", str(tmp_path), "--today", TODAY, "--format", "epub", "PAIN-OST-002-CY"]) == 0
    [again] = (tmp_path / "PAIN-OST-002-CY").glob("*.epub")
    assert again.name == books["PAIN-OST-002-CY"].name == "PAIN-OST-002-CY-v1.0-epub-DRAFT.epub"
    assert hashlib.sha256(again.read_bytes()).digest() == hashlib.sha256(books["PAIN-OST-002-CY"].read_bytes()).digest()
    entries = zipfile.ZipFile(again).infolist()
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED and not entries[0].extra
    assert again.read_bytes()[30:38] == b"mimetype"
    assert len({entry.date_time for entry in entries}) == 1


def test_a_draft_says_so_first_in_text_and_speech(tmp_path):
    content = draft_of(tmp_path / "content")
    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--format", "epub", "PAIN-OST-002"]) == 0
    [path] = (tmp_path / "out" / "PAIN-OST-002").glob("*-DRAFT.epub")
    book = Opened(path)
    assert book.text().startswith(DRAFT_NOTICE.sentence)
    first = book.smil.find(".//smil:text", NS).get("src").partition("#")[2]
    assert book.page.xpath(f"string(//*[@id='{first}'])").strip() == DRAFT_NOTICE.sentence
    assert book.opf.findtext(".//dc:title", namespaces=NS).startswith(f"{DRAFT_NOTICE.word}: ")


def test_listed_in_the_register_and_catalogue_with_size_and_spoken_length(books):
    output = books["PAIN-OST-002"].parent.parent
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    entries = [file for leaflet in manifest["leaflets"] for file in leaflet["files"] if file["format"] == "epub"]
    assert len(entries) == len(BUNDLED)
    for entry in entries:
        assert entry["bytes"] == (output / entry["path"]).stat().st_size and re.fullmatch(r"\d+ min \d+ s", entry["extent"])
    assert "Talking book (EPUB)" in (output / "index.html").read_text(encoding="utf-8")
    assert ",epub,epub," in (output / "register.csv").read_text(encoding="utf-8")


def test_epubcheck_finds_nothing(books):
    java = debian_tool("java")
    assert EPUBCHECK.exists(), "EPUBCheck is missing: run the README's test command (Debian's epubcheck package)"
    for leaflet_id, path in books.items():
        result = subprocess.run([java, "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True)
        said = result.stdout + result.stderr
        assert result.returncode == 0 and "0 fatals / 0 errors / 0 warnings" in said, (leaflet_id, said)


def test_daisy_ace_finds_no_violation(books, tmp_path):
    assert ACE.exists(), "DAISY Ace is missing: run the README's test command, which installs it with npm"
    environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": debian_tool("chromium")}
    for leaflet_id, path in books.items():
        report = tmp_path / leaflet_id
        result = subprocess.run([str(ACE), "--silent", "--force", "--outdir", str(report), str(path)],
                                capture_output=True, text=True, env=environment, timeout=300)
        assert result.returncode == 0, (leaflet_id, result.stdout, result.stderr)
        found = json.loads((report / "report.json").read_text(encoding="utf-8"))
        violations = [(test["earl:test"]["dct:title"], test["earl:result"].get("earl:pointer"))
                      for group in found["assertions"] for test in group.get("assertions", [])]
        assert found["earl:result"]["earl:outcome"] == "pass" and violations == [], (leaflet_id, violations)
        metadata = found["a11y-metadata"]
        assert not metadata["empty"] and {"schema:accessMode", "dcterms:conformsTo"} <= set(metadata["present"])
