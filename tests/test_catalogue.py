"""The catalogue, output/index.html, opened in a real headless browser as staff would open it."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import html.parser
import io
import json
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
from PIL import Image

from conftest import LIBRARY, CONTENT, debian_tool, PACK, TODAY, published
from leaflets.cli import main
from leaflets.publish.catalogue import catalogue_html
from leaflets.governance.status import state
from leaflets.source.library import read_library
from test_translations import build, content_copy, moved_on

BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([debian_tool("chromium"), *BROWSER_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=True)


class Page(html.parser.HTMLParser):
    """What the browser's DOM holds: links, the tags used and the header cells' scope."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []
        self.sources: list[str] = []
        self.header_scopes: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "a":
            self.links.append(attrs["href"])
        if tag == "th":
            self.header_scopes.append(attrs.get("scope"))
        self.sources += [attrs[name] for name in ("src", "srcset", "data") if name in attrs]
        if tag == "link":
            self.sources.append(attrs.get("href", ""))


@pytest.fixture(scope="module")
def dom(clinic, tmp_path_factory) -> Page:
    result = chromium(tmp_path_factory.mktemp("browser"), "--dump-dom", (clinic / "index.html").as_uri())
    page = Page()
    page.feed(result.stdout)
    return page


def test_the_page_loads_with_a_captioned_table(dom, clinic):
    assert "table" in dom.tags and "caption" in dom.tags and "main" in dom.tags
    assert dom.header_scopes and set(dom.header_scopes) == {"col", "row"}
    assert dom.links[0] == "#leaflets", "the first thing a keyboard reaches skips to the list"
    page = (clinic / "index.html").read_text(encoding="utf-8")
    assert "a:focus" in page and "outline: 3px solid" in page, "where the keyboard is, is visible"


def test_each_leaflet_lists_print_first_then_the_other_formats(dom):
    files = [link.removeprefix("PAIN-OST-002/PAIN-OST-002-v1.0-") for link in dom.links if link.startswith("PAIN-OST-002/")]
    assert files.pop(0) == "PAIN-OST-002/history.html", "its version history, beside its reference"
    assert files == ["a4.pdf", "a5-booklet.pdf", "a5-booklet-print.pdf", "large-print.pdf", "html.html", "text.txt"], files


def test_every_link_resolves_to_a_file_in_the_output_folder(clinic, dom):
    files = [link for link in dom.links if not link.startswith("#")]
    assert len([f for f in files if f.endswith(".pdf")]) == len(list(clinic.rglob("*.pdf"))), "every PDF is listed once"
    assert "register.html" in files, "governance can reach the register"
    for link in files:
        assert not urlparse(link).scheme and not link.startswith("/"), f"{link} is relative"
        target = (clinic / unquote(link)).resolve()
        assert target.is_file() and target.is_relative_to(clinic.resolve()), link
    anchors = [link[1:] for link in dom.links if link.startswith("#")]
    page = (clinic / "index.html").read_text(encoding="utf-8")
    assert all(f'id="{anchor}"' in page for anchor in anchors)
    name, _ = PACK
    assert any(link.startswith(f"packs/{name}-") for link in files)


def test_nothing_comes_from_outside(clinic, dom):
    page = (clinic / "index.html").read_text(encoding="utf-8")
    assert not dom.sources and "img" not in dom.tags, "no script, picture or style file is fetched"
    assert dom.tags.count("script") == 1 and "<script>" in page, "the one script is inside the page"
    assert "@import" not in page and "url(" not in page and "http://" not in page and "https://" not in page


def test_without_scripts_the_whole_list_is_there_and_the_find_box_is_hidden(clinic):
    page = (clinic / "index.html").read_text(encoding="utf-8")
    assert '<form class="find" role="search" hidden>' in page
    assert page.count("<tr data-find=") == len(LIBRARY) and " hidden" not in page.split("<tbody>")[1].split("</tbody>")[0]


SHOWN_ORDER = ["PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-003", "PAIN-OST-002-AR", "PAIN-OST-002-CY", "PAIN-OST-002-ER"]
"""The bundled leaflets as the catalogue lists them: those for patients, then the draft translations and Easy Read
edition apart."""


@pytest.mark.parametrize("words, shown", [("managing 002", ["PAIN-OST-002", "PAIN-OST-002-ER"]), ("PAIN-OST", SHOWN_ORDER), ("bones", ["PAIN-OST-003"]),
                                          ("zebra", [])])
def test_the_find_box_narrows_the_list_to_what_is_typed(clinic, tmp_path, words, shown):
    uri = f"{(clinic / 'index.html').as_uri()}#find={quote(words)}"
    dom = chromium(tmp_path, "--dump-dom", uri).stdout
    rows = re.findall(r'<tr data-find="[^"]*?(pain-ost-\d+(?:-[a-z]+)?)[^"]*"( hidden="")?>', dom)
    assert [name.upper() for name, hidden in rows if not hidden] == shown
    assert f"{len(shown)} of {len(LIBRARY)} leaflets shown" in dom and '<form class="find" role="search">' in dom


READER = """<script>
var seen = Array.prototype.map.call(document.querySelectorAll("h1, h2, caption, th[scope=row], .badge, a"), function (node) {
  return [node.tagName.toLowerCase(), node.innerText.replace(/\\s+/g, " ").trim(), node.getAttribute("href") || ""];
});
var out = document.createElement("pre");
out.id = "seen";
out.textContent = JSON.stringify(seen);
document.body.appendChild(out);
</script></body>"""
"""Lists, in the order a reader meets them, the headings, captions, leaflet titles, status badges and links,
each as the browser renders its text."""


def seen(page: Path, tmp_path: Path) -> list[tuple[str, str, str]]:
    """What Chromium shows of ``page`` on a desk (1200 CSS pixels): (tag, text as rendered, link) in reading order."""
    copy = page.with_name(f".seen-{page.name}")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", READER), encoding="utf-8")
    dom = chromium(tmp_path, "--window-size=1200,1000", "--dump-dom", copy.as_uri()).stdout
    copy.unlink()
    return [tuple(item) for item in json.loads(html.unescape(re.search(r'<pre id="seen">(.*?)</pre>', dom, re.S).group(1)))]


def sections(items: list[tuple[str, str, str]]) -> dict[str, list[tuple[str, str, str]]]:
    """What a reader meets under each h2, by the heading's words."""
    found: dict[str, list] = {}
    for item in items:
        if item[0] == "h2":
            found[item[1]] = []
        elif found:
            found[list(found)[-1]].append(item)
    return found


EVERY_COPY = ("PAIN-OST-003", "PAIN-OST-002-CY")
"""An English leaflet in every format, and a translation with its bilingual copy."""


@pytest.fixture(scope="module")
def every_copy(tmp_path_factory) -> tuple[Path, str]:
    """Every kind of copy the build makes, and the lines the build printed."""
    output = tmp_path_factory.mktemp("every-copy")
    lines = io.StringIO()
    with contextlib.redirect_stdout(lines):
        assert main(["--output", str(output), "--today", TODAY, "--format", "all", "--layout", "a4", "--layout", "a5-booklet",
                     "--layout", "bilingual", "--layout", "large-print", "--size", "24", "--jobs", "2", *EVERY_COPY]) == 0
    return output, lines.getvalue()


NOT_FOR_PATIENTS = "Not for patients: drafts and out-of-date copies"


def test_leaflets_for_patients_come_first_and_drafts_apart_under_a_heading_that_says_so(every_copy, tmp_path):
    output, _ = every_copy
    items = seen(output / "index.html", tmp_path)
    parts = sections(items)
    assert list(parts) == ["Leaflets for patients", NOT_FOR_PATIENTS, "Patient packs", "For clinical governance", "Printing"]
    titles = {heading: [text for tag, text, _ in found if tag == "th"] for heading, found in parts.items()}
    library = {leaflet.id: leaflet for leaflet in read_library(CONTENT).leaflets}
    assert [title.split(" PAIN-OST")[0] for title in titles["Leaflets for patients"]] == \
        [library[i].title for i in ("PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-003")]
    assert [title.split(" PAIN-OST")[0] for title in titles[NOT_FOR_PATIENTS]] == \
        [library[i].title for i in ("PAIN-OST-002-AR", "PAIN-OST-002-CY", "PAIN-OST-002-ER")]
    badges = {heading: {text for tag, text, _ in found if tag == "span"} for heading, found in parts.items()}
    assert badges["Leaflets for patients"] == {"Current"} and badges[NOT_FOR_PATIENTS] == {"Draft"}
    links = {heading: [href for tag, _, href in found if tag == "a"] for heading, found in parts.items()}
    assert not any("DRAFT" in href for href in links["Leaflets for patients"]), "no draft among the handouts"
    drafts = sorted(path.relative_to(output).as_posix() for path in output.glob("*/*-DRAFT.*"))
    assert drafts and sorted(href for href in links[NOT_FOR_PATIENTS] if "DRAFT" in href) == drafts, \
        "reviewers still reach every draft file"
    assert "register.html" in links[NOT_FOR_PATIENTS]
    header = (output / "index.html").read_text(encoding="utf-8").split("</header>")[0]
    assert f'<a href="#not-for-patients">{NOT_FOR_PATIENTS}</a>' in header, "the page says at its top that some are apart"


MADE_IN = {"current": "2029-11-02", "due for review": "2027-03-01", "overdue": "2026-11-01", "draft": "2029-11-02",
           "out of date": "2029-11-02", "withdrawn": "2029-11-02"}


def test_every_state_that_is_not_for_patients_is_listed_apart_with_its_files(tmp_path):
    leaflets = []
    for number, (state, review) in enumerate(MADE_IN.items(), start=1):
        path = f"X-{number}/X-{number}-v1.0-a4.pdf"
        files = [] if state == "withdrawn" else [{"format": "pdf", "layout": "a4", "path": path, "pages": 3, "bytes": 70_000,
                                                  "sha256": "0" * 64, "label": "A4 clear print", "extent": "3 pages"}]
        leaflets.append(MANIFEST_LEAFLET | {"id": f"X-{number}", "title": f"Leaflet {state}", "state": state,
                                            "review_date": review, "files": files})
    page = tmp_path / "index.html"
    page.write_text(catalogue_html(tmp_path, {"generator": {"name": "leaflets", "version": "1.0"}, "today": TODAY,
                                              "leaflets": leaflets}), encoding="utf-8")
    parts = sections(seen(page, tmp_path))
    titles = {heading: [text.split(" X-")[0] for tag, text, _ in found if tag == "th"] for heading, found in parts.items()}
    assert titles["Leaflets for patients"] == ["Leaflet current", "Leaflet due for review"]
    assert titles[NOT_FOR_PATIENTS] == ["Leaflet overdue", "Leaflet draft", "Leaflet out of date", "Leaflet withdrawn"]
    linked = [href for tag, _, href in parts[NOT_FOR_PATIENTS] if tag == "a" and href.endswith(".pdf")]
    assert linked == ["X-3/X-3-v1.0-a4.pdf", "X-4/X-4-v1.0-a4.pdf", "X-5/X-5-v1.0-a4.pdf"], "withdrawn: nothing to print"


def test_out_of_date_translations_are_listed_apart_with_their_files_for_reviewers(tmp_path):
    content = content_copy(tmp_path)
    moved_on(content)  # PAIN-OST-002 at a draft 1.1: its translations follow 1.0
    output = tmp_path / "out"
    assert build(content, output, "--format", "text", "--allow-out-of-date") == 0
    parts = sections(seen(output / "index.html", tmp_path))
    badges = {heading: [text for tag, text, _ in found if tag == "span"] for heading, found in parts.items()}
    assert badges["Leaflets for patients"] == ["Current", "Current"]
    assert badges[NOT_FOR_PATIENTS] == ["Draft", "Out of date", "Out of date", "Out of date"]
    links = [(text, href) for tag, text, href in parts[NOT_FOR_PATIENTS] if tag == "a" and href.endswith(".txt")]
    assert links == [("Plain text", f"{leaflet_id}/{leaflet_id}-v{version}-text-DRAFT.txt")
                     for leaflet_id, version in (("PAIN-OST-002", "1.1"), ("PAIN-OST-002-AR", "1.0"), ("PAIN-OST-002-CY", "1.0"),
                                                 ("PAIN-OST-002-ER", "1.0"))]
    assert all((output / href).is_file() for _, href in links)


def test_a_catalogue_of_drafts_only_says_none_is_for_patients_and_one_of_handouts_has_no_section_apart(tmp_path):
    manifest = {"generator": {"name": "leaflets", "version": "1.0"}, "today": TODAY}
    drafts = catalogue_html(tmp_path, manifest | {"leaflets": [MANIFEST_LEAFLET | {"state": "draft"}]})
    assert "<p>No leaflet is approved and in date yet.</p>" in drafts and NOT_FOR_PATIENTS in drafts
    handouts = catalogue_html(tmp_path, manifest | {"leaflets": [MANIFEST_LEAFLET | {"state": "current"}]})
    assert NOT_FOR_PATIENTS not in handouts and "Leaflets for patients" in handouts


STAFF_NAMES = {
    "PAIN-OST-003": [("A4 clear print", "a4.pdf"), ("A5 booklet", "a5-booklet.pdf"), ("A5 booklet print file", "a5-booklet-print.pdf"),
                     ("Large print 18 pt", "large-print.pdf"), ("Large print 24 pt", "large-print-24pt.pdf"),
                     ("Web page", "html.html"), ("Plain text", "text.txt"), ("Braille (BRF)", "braille.brf"),
                     ("Braille (PEF)", "pef.pef"), ("Audio (MP3)", "audio.mp3"), ("Talking book (EPUB)", "epub.epub")],
    "PAIN-OST-002-CY": [("A4 clear print", "a4-DRAFT.pdf"), ("A5 booklet", "a5-booklet-DRAFT.pdf"),
                        ("A5 booklet print file", "a5-booklet-print-DRAFT.pdf"),
                        ("Bilingual A4 clear print – Welsh and English", "bilingual-DRAFT.pdf"),
                        ("Large print 18 pt", "large-print-DRAFT.pdf"), ("Large print 24 pt", "large-print-24pt-DRAFT.pdf"),
                        ("Web page", "html-DRAFT.html"), ("Plain text", "text-DRAFT.txt"), ("Audio (MP3)", "audio-DRAFT.mp3"),
                        ("Talking book (EPUB)", "epub-DRAFT.epub")],
}
"""Each copy as staff ask for it, and the file it names, which keeps its own name."""


def test_the_catalogue_names_each_copy_as_staff_ask_for_it(every_copy, tmp_path):
    output, _ = every_copy
    links = [(text, href) for tag, text, href in seen(output / "index.html", tmp_path)
             if tag == "a" and "/" in href and not href.endswith("/history.html")]  # a page about the copies, not one
    for leaflet_id, names in STAFF_NAMES.items():
        assert [(text, href) for text, href in links if href.startswith(f"{leaflet_id}/")] == \
            [(name, f"{leaflet_id}/{leaflet_id}-v1.0-{file}") for name, file in names]
    assert len(links) == len(published(output)), "every file once"


def test_the_build_lines_and_the_register_name_each_copy_as_the_catalogue_does(every_copy):
    output, printed = every_copy
    named = {f"{leaflet_id}/{leaflet_id}-v1.0-{file}": name for leaflet_id, names in STAFF_NAMES.items() for name, file in names}
    wrote = dict(re.findall(r"^wrote \S*?([^/\s]+/[^/\s]+) \((.+), [^,]+\)$", printed, re.M))
    assert wrote == named, "one line a file, starting 'wrote', naming it as the catalogue does"
    with open(output / "register.csv", newline="", encoding="utf-8") as file:
        assert {row["file_path"]: row["file_label"] for row in csv.DictReader(file) if row["file_path"]} == named
    register = (output / "register.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><th scope="row"><a href="([^"#][^"]*)">[^<]*</a></th><td[^>]*>([^<]*)</td>', register)
    assert {path: html.unescape(name) for path, name in rows} == named
    assert '<th scope="col">Format</th>' in register


def test_a_pack_is_named_by_its_layout_as_staff_ask_for_it(clinic, tmp_path):
    name, _ = PACK
    packs = [(text, href) for tag, text, href in seen(clinic / "index.html", tmp_path) if tag == "a" and href.startswith("packs/")]
    assert packs == [(f"{name} pack, A4 clear print", f"packs/{name}-a4.pdf"),
                     (f"{name} pack, A5 booklet", f"packs/{name}-a5-booklet.pdf"),
                     (f"{name} pack, Large print 18 pt", f"packs/{name}-large-print.pdf")]


def test_on_a_phone_each_leaflet_is_a_card_with_nothing_off_the_screen(clinic, tmp_path):
    shot = tmp_path / "catalogue.png"
    chromium(tmp_path, "--window-size=320,1400", "--hide-scrollbars", f"--screenshot={shot}", (clinic / "index.html").as_uri())
    image = Image.open(shot).convert("L")
    right_edge = image.crop((image.width - 4, 0, image.width, image.height))
    assert image.getextrema()[0] < 100 and right_edge.getextrema()[0] > 200, "nothing runs off the right edge"


@pytest.mark.parametrize("scale, width", [(1, 1280), (2, 640)], ids=["100%", "200%"])
def test_screenshot(clinic, tmp_path, scale, width):
    """At 200% zoom a 1280-pixel window is 640 CSS pixels wide: the page must fit without sideways scrolling."""
    shot = tmp_path / f"catalogue-{scale}.png"
    chromium(tmp_path, f"--window-size={width},1000", f"--force-device-scale-factor={scale}",
             "--hide-scrollbars", f"--screenshot={shot}", (clinic / "index.html").as_uri())
    image = Image.open(shot).convert("L")
    assert image.size == (width * scale, 1000 * scale)
    assert image.getextrema()[0] < 100, "dark text was drawn"
    right_edge = image.crop((image.width - 4 * scale, 0, image.width, image.height))
    assert right_edge.getextrema()[0] > 200, "nothing runs off the right edge"


MANIFEST_LEAFLET = {"id": "X-1", "title": "A & B <leaflet>", "version": "2.0", "status": "approved", "owner": "Pain Service",
                    "approval_date": "2026-01-01", "review_date": "2027-01-01", "days_to_review": 39,
                    "files": [{"format": "pdf", "layout": "a4", "path": "X-1/X-1-v2.0-a4.pdf", "pages": 3, "bytes": 70_123, "sha256": "0" * 64,
                               "label": "A4 clear print", "extent": "3 pages"}]}


@pytest.mark.parametrize("state, words", [
    ("current", "Current"), ("due for review", "Due for review"), ("overdue", "Overdue"),
    ("draft", "Draft"), ("withdrawn", "Withdrawn"),
])
def test_each_state_is_said_in_words(tmp_path, state, words):
    manifest = {"generator": {"name": "leaflets", "version": "1.0"}, "today": TODAY,
                "leaflets": [MANIFEST_LEAFLET | {"state": state}]}
    page = catalogue_html(tmp_path, manifest)
    assert f">{words}</span>" in page and "A &amp; B &lt;leaflet&gt;" in page
    assert ("X-1-v2.0-a4.pdf" in page) is (state != "withdrawn"), "a withdrawn leaflet is never offered to print"
    assert ">A4 clear print</a> (3 pages, 70 KB)" in page or state == "withdrawn"


def test_states_follow_the_review_rules():
    library = read_library(CONTENT)
    leaflet = library.leaflets[0]
    review = leaflet.review_date
    assert state(leaflet, review - dt.timedelta(days=400)) == "current"
    assert state(leaflet, review - dt.timedelta(days=100)) == "due for review"
    assert state(leaflet, review + dt.timedelta(days=1)) == "overdue"
