"""Large print at a reader's own size (--size PT), read back from the PDFs."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from conftest import CONTENT, TODAY, pdfs, opened, read_page, reader
from leaflets import build
from leaflets.cli import main
from leaflets.document.words import callout_label
from leaflets.outputs.pdf.conformance import read_runs
from leaflets.governance.release import Releases
from leaflets.outputs.pdf.layouts import at_size, load_layout
from leaflets.settings import Folders, Settings
from leaflets.source.library import read_library
from leaflets.source.model import Callout, WriteIn

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
SIZES = (24, 28)
LARGE_PRINT = load_layout(LAYOUTS / "large-print.yaml")
URGENT_BACKGROUND = LARGE_PRINT.colours.urgent.background


@pytest.fixture(scope="module")
def sized(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("sized")
    assert main(["--output", str(output), "--today", TODAY, *(f"--size={size}" for size in SIZES)]) == 0
    return output


def test_each_size_is_its_own_file_and_nothing_else_is_built(sized):
    names = sorted(p.name for p in pdfs(sized))
    assert names == sorted([*(f"PAIN-OST-00{n}-v1.0-large-print-{size}pt.pdf" for n in (1, 2, 3) for size in SIZES),
                            *(f"PAIN-OST-002-{language}-v1.0-large-print-{size}pt-DRAFT.pdf"
                              for language in ("AR", "CY") for size in SIZES)])


@pytest.mark.parametrize("size", SIZES)
def test_body_is_the_size_asked_for_and_nothing_is_under_two_points_less(sized, size):
    for path in sized.rglob(f"*-{size}pt.pdf"):
        sizes = [s for page in reader(path).pages for s in read_page(page).sizes]
        assert Counter(sizes).most_common(1)[0][0] == size, path.name
        assert min(sizes) == size - 2, path.name  # the footer, captions and labels


def test_figure_labels_grow_with_the_text(sized):
    for size in SIZES:
        runs = read_runs(opened(sized / "PAIN-OST-001" / f"PAIN-OST-001-v1.0-large-print-{size}pt.pdf"))
        labels = [run for run in runs if run.text in ("Normal vertebra", "Wedge fracture", "Front", "Back")]
        assert len(labels) == 6
        assert all(size - 2 <= run.size < size for run in labels), [(run.text, run.size) for run in labels]


def test_callouts_say_what_they_are_on_every_page_they_reach(sized):
    """A callout that runs on to a second page repeats its label there: never colour alone."""
    path = sized / "PAIN-OST-001" / "PAIN-OST-001-v1.0-large-print-28pt.pdf"
    document = reader(path)
    runs = read_runs(opened(path))
    urgent_pages = sorted({run.page for run in runs if run.ground == URGENT_BACKGROUND and run.visible})
    assert len(urgent_pages) == 2, "at 28 pt the urgent callout runs over two pages"
    for number in urgent_pages:
        assert "Urgent: Get help at once" in read_page(document.pages[number - 1]).text


def test_steps_write_in_and_questions_fit_at_28_pt(sized):
    text = " ".join(read_page(page).text for page in reader(sized / "PAIN-OST-001" / "PAIN-OST-001-v1.0-large-print-28pt.pdf").pages)
    for words in ("1. Write down when your pain started", "3. Write your questions in the space below.",
                  "Questions to ask at my next appointment", "Is it safe to move about?", "Could I have another fracture?"):
        assert words in text


def test_scaled_layout_follows_the_ratio_rule():
    base = load_layout(LAYOUTS / "large-print.yaml")
    layout = at_size(base, 24)
    assert layout.name == "large-print-24pt"
    assert layout.sizes.body == 24 and layout.minimum_size == 22 and layout.sizes.small == 22
    assert layout.sizes.heading == pytest.approx(base.sizes.heading * 24 / 18)
    assert layout.spacing.paragraph == pytest.approx(base.spacing.paragraph * 24 / 18)
    assert layout.spacing.paragraph >= layout.sizes.body * layout.leading, "still a blank line between paragraphs"
    assert (layout.margins.left, layout.page_size) == (base.margins.left, base.page_size)


@pytest.mark.parametrize("size", ["12", "17", "31", "48"])
def test_sizes_the_layout_cannot_meet_are_refused(tmp_path, capsys, size):
    assert main(["--output", str(tmp_path), "--today", TODAY, "--size", size]) == 2
    assert f"--size {size} is outside 18 to 30 pt" in capsys.readouterr().err
    assert not pdfs(tmp_path)


def labels() -> tuple[set[str], set[str]]:
    """Every bundled write-in area's label, and every callout's label as printed, in every language, as words."""
    library = read_library(CONTENT)
    settings = Settings(Folders(CONTENT), today=dt.date.fromisoformat(TODAY))
    blocks = [(block, edition.document.phrases) for edition in build.editions(settings, library, Releases.of(library),
                                                                               build.Report()) for block in edition.document.blocks]
    return ({" ".join(block.label.split()) for block, _ in blocks if isinstance(block, WriteIn)},
            {" ".join(f"{callout_label(block, phrases)}: {block.title or ''}".split()).rstrip(":")
             for block, phrases in blocks if isinstance(block, Callout)})


WRITE_IN_LABELS, CALLOUT_LABELS = labels()


CALLOUT_BACKGROUNDS = {colours.background for colours in (LARGE_PRINT.colours.info, LARGE_PRINT.colours.important,
                                                          LARGE_PRINT.colours.urgent)}


def box_fills(runs: list, following: list) -> bool:
    """Whether one callout fills a page, ``runs``, from its top to its foot: the page starts with the callout's label,
    ends inside it, and the next page, ``following``, goes on with it under its label repeated. Such a box is taller
    than a page, its label, lead-in and first point more than a page holds, so a lead-in may end the page."""
    said, next_said = (" ".join(" ".join(run.text for run in page).split()) for page in (runs, following))
    return runs[-1].ground in CALLOUT_BACKGROUNDS and any(
        said.startswith(label) and next_said.startswith(label) for label in CALLOUT_LABELS)


def writes_on(runs: list) -> bool:
    """Whether a page's text, ``runs``, ends with a write-in area's label (its lines to write on then follow)."""
    said = " ".join(" ".join(run.text for run in runs).split())
    return any(said.endswith(label) for label in WRITE_IN_LABELS)


def test_no_page_ends_with_a_heading_or_a_lead_in(sized, built):
    """No blank pages; a heading, or a sentence ending "…if:", is on the page with what it introduces."""
    from leaflets.outputs.pdf.conformance import HEADING_ROLES, structure
    for path in pdfs(sized) + pdfs(built):
        document = opened(path)
        reached, _ = structure(document)
        content = [run for run in read_runs(document) if run.visible and run.artifact is None]
        for page in range(1, len(document.pages)):
            on_page = [run for run in content if run.page == page]
            if not on_page and writes_on([run for run in content if run.page == page - 1]):
                continue  # a write-in area's lines run on from the page before: room to write, not a blank page
            assert on_page, f"{path.name}: page {page} is blank"
            last = on_page[-1]
            if page == 1 and "-DRAFT" in path.name and {reached[page, run.mcid] for run in on_page} == {"P", "H1"}:
                continue  # a translation's two-language band and its long title fill page 1 at 28 pt: a title page
            assert reached[page, last.mcid] not in HEADING_ROLES, (path.name, page, last.text)
            following = [run for run in content if run.page == page + 1]
            assert not last.text.rstrip().endswith(":") or box_fills(on_page, following), (path.name, page, last.text)
