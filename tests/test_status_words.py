"""A draft or an overdue copy says so in words every reader gets: on every page, in the tagged text, first.

Page 1 opens with what the status means ("DRAFT – not approved for use with
patients"); every later page with the status itself ("DRAFT").

The watermark is an artifact, so a screen reader, copy and paste and text
search never meet it. These tests read what they do meet: the text layer of
every page, the tagged (structure) text of every page, the title and the XMP.
"""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import CONTENT, DRAFT_NOTICE, ENGLISH, OVERDUE_NOTICE, ROOT, TODAY, draft_of, opened, reader, run
from leaflets import build
from leaflets.document.words import words
from leaflets.errors import VerificationError
from leaflets.governance.release import Releases
from leaflets.outputs.pdf.conformance import read_runs
from leaflets.outputs.pdf.layouts import load_layout
from leaflets.outputs.pdf.render import render
from leaflets.outputs.pdf.stamp import Stamp
from leaflets.outputs.pdf.verify import verify
from leaflets.settings import Folders, Settings
from leaflets.source.library import read_library

LAYOUTS = ("--layout", "a4", "--layout", "large-print", "--layout", "a5-booklet", "--size", "28")


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """PAIN-OST-002 as a draft (with even pages) and PAIN-OST-003 overdue, in every layout: {notice: [pdf, ...]}."""
    root = tmp_path_factory.mktemp("status")
    content = draft_of(root / "content")
    common = ("--content", str(content), *LAYOUTS)
    assert run(*common, "--output", str(root / "draft"), "--today", TODAY, "--even-pages", "PAIN-OST-002") == 0
    assert run(*common, "--output", str(root / "overdue"), "--today", "2030-01-02", "--allow-overdue", "PAIN-OST-003") == 0
    reading = lambda folder: sorted(p for p in folder.rglob("*.pdf") if "-booklet-print" not in p.name)
    return {DRAFT_NOTICE: reading(root / "draft"), OVERDUE_NOTICE: reading(root / "overdue")}


def each_copy(copies):
    return [(notice, path) for notice, paths in copies.items() for path in paths]


def test_every_page_of_the_text_layer_opens_with_the_status(copies):
    assert len(each_copy(copies)) == 8
    for notice, path in each_copy(copies):
        pages = reader(path).pages
        for number, page in enumerate(pages, start=1):
            text = " ".join(page.extract_text().replace("\u00a0", " ").split())
            assert notice.word in text, f"{path.name} page {number}: no '{notice.word}' in the text layer"
            opening = notice.sentence if number == 1 else notice.word  # later pages keep their room for the text
            assert text.startswith(opening) or page_is_padding(path, number), \
                f"{path.name} page {number} opens with {text[:60]!r}"
            if number > 1:
                assert notice.sentence not in text, f"{path.name} page {number}: the whole sentence again"


def page_is_padding(path, number: int) -> bool:
    """A blank page added for double-sided printing: nothing on it is content."""
    runs = read_runs(opened(path))
    return not any(r.visible and r.artifact is None for r in runs if r.page == number)


def test_the_tagged_text_opens_with_the_status_once(copies):
    """A screen reader hears the status first, before the title; later pages repeat it as a running header."""
    for notice, path in each_copy(copies):
        runs = read_runs(opened(path))
        tagged = " ".join(run.text for run in runs if run.mcid is not None and run.artifact is None)
        said = words(tagged)
        assert said[:len(words(notice.sentence))] == words(notice.sentence), f"{path.name}: tagged text opens {said[:8]}"
        assert " ".join(said).count(" ".join(words(notice.sentence))) == 1, path.name
        headers = [run.page for run in runs if run.artifact is not None and notice.word in run.text and run.page > 1]
        content_pages = {run.page for run in runs if run.artifact is None and run.visible}
        assert content_pages - {1} <= set(headers), f"{path.name}: a page without the status at its head"


def test_the_title_and_xmp_carry_the_status(copies):
    for notice, path in each_copy(copies):
        document = reader(path)
        assert document.metadata["/Title"].startswith(f"{notice.word}: "), path.name
        xmp = document.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        state = "draft" if notice is DRAFT_NOTICE else "overdue"
        assert f">{state}</leaflet:state>" in xmp and "<dc:title>" in xmp and f"{notice.word}: " in xmp, path.name


def test_a_current_copy_carries_no_status_words(built):
    for path in sorted(built.rglob("*-a4.pdf")):
        text = " ".join(page.extract_text() for page in reader(path).pages)
        assert "DRAFT" not in text and "OVERDUE" not in text
        assert not reader(path).metadata["/Title"].startswith(("DRAFT", "REVIEW"))


def test_the_register_and_catalogue_say_the_state(copies):
    for notice, paths in copies.items():
        output = paths[0].parent.parent
        register = (output / "register.csv").read_text(encoding="utf-8")
        state = "draft" if notice is DRAFT_NOTICE else "overdue"
        assert f",{state}," in register
        assert f">{state.capitalize()}</span>" in (output / "index.html").read_text(encoding="utf-8")


def test_verification_refuses_a_draft_drawn_without_its_band():
    settings = Settings(Folders(CONTENT), ids=("PAIN-OST-003",), today=dt.date.fromisoformat(TODAY))
    library = read_library(CONTENT)
    [edition] = build.editions(settings, library, Releases.of(library), build.Report())
    layout = load_layout(ROOT / "layouts" / "a4.yaml")
    drawn_as_current = render(edition, layout, Stamp.of(edition.stamp, ENGLISH)).pdf
    with pytest.raises(VerificationError, match="page 1 does not open with 'DRAFT"):
        verify(drawn_as_current, edition.document, layout, Stamp.of(edition.stamp, ENGLISH, DRAFT_NOTICE))
