"""The catalogue, output/index.html, opened in a real headless browser as staff would open it."""

from __future__ import annotations

import datetime as dt
import html.parser
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

import pytest
from PIL import Image

from conftest import BUNDLED, CONTENT, debian_tool, PACK, TODAY
from leaflets.publish.catalogue import catalogue_html
from leaflets.governance.status import state
from leaflets.source.library import read_library

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
    assert page.count("<tr data-find=") == len(BUNDLED) and " hidden" not in page.split("<tbody>")[1].split("</tbody>")[0]


@pytest.mark.parametrize("words, shown", [("managing 002", ["PAIN-OST-002"]), ("PAIN-OST", list(BUNDLED)), ("bones", ["PAIN-OST-003"]), ("zebra", [])])
def test_the_find_box_narrows_the_list_to_what_is_typed(clinic, tmp_path, words, shown):
    uri = f"{(clinic / 'index.html').as_uri()}#find={quote(words)}"
    dom = chromium(tmp_path, "--dump-dom", uri).stdout
    rows = re.findall(r'<tr data-find="[^"]*?(pain-ost-\d+(?:-[a-z]+)?)[^"]*"( hidden="")?>', dom)
    assert [name.upper() for name, hidden in rows if not hidden] == shown
    assert f"{len(shown)} of {len(BUNDLED)} leaflets shown" in dom and '<form class="find" role="search">' in dom


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
                               "label": "PDF", "extent": "3 pages"}]}


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
    assert "(PDF, 3 pages, 70 KB)" in page or state == "withdrawn"


def test_states_follow_the_review_rules():
    library = read_library(CONTENT)
    leaflet = library.leaflets[0]
    review = leaflet.review_date
    assert state(leaflet, review - dt.timedelta(days=400)) == "current"
    assert state(leaflet, review - dt.timedelta(days=100)) == "due for review"
    assert state(leaflet, review + dt.timedelta(days=1)) == "overdue"
