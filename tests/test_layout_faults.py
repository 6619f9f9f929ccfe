"""Content that cannot fit as written is wrapped, split, scaled or refused at its line; never a LayoutError or a hang.

Each case is built at A4 and at a 28 pt large-print body (a layout copied from
layouts/, given to the hidden ``--layouts`` option), under the sandbox's time bound.
"""

from __future__ import annotations

import pytest
from PIL import Image
from pypdf import PdfReader

from sandbox import LARGE_28, Sandbox, qpdf_check, unlocated
from test_validation import GOOD

SENTENCE = "Call the team if your pain gets worse."


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Sandbox:
    box = Sandbox(tmp_path_factory.mktemp("faults"))
    figures = box.content / "figures"
    (figures / "tall.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5000">'
                                      '<rect width="10" height="5000" fill="#005EB8"/></svg>')
    (figures / "wide.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="10">'
                                      '<rect width="9000" height="10" fill="#005EB8"/></svg>')
    Image.new("RGB", (10, 6000), "#005EB8").save(figures / "tall.png")
    return box


def build(sandbox: Sandbox, block: str, layout: str):
    return sandbox.build(GOOD.replace("  - paragraph: Hello.", block), layout)


# Content that must be wrapped, split or scaled onto the pages, every word kept.
FITS = {
    "figure taller than a page (SVG)": "  - figure: {file: figures/tall.svg, alt: A tall bar, caption: A tall bar.}",
    "figure taller than a page (PNG)": "  - figure: {file: figures/tall.png, alt: A tall bar, caption: A tall bar.}",
    "figure wider than a page": "  - figure: {file: figures/wide.svg, alt: A wide bar}",
    "callout longer than a page": f"  - callout: {{kind: urgent, title: Get help, text: '{' '.join([SENTENCE] * 120)}', bullets: [One, Two]}}",
    "callout with a very long list": "  - callout: {kind: info, text: Points, bullets: [" + ", ".join(f"Point {i}" for i in range(120)) + "]}",
    "step longer than a page": f"  - steps: ['{' '.join([SENTENCE] * 150)}', Then rest.]",
    "very long list": "  - bullets: [" + ", ".join(f"Point {i}" for i in range(400)) + "]",
    "answer longer than a page": f"  - questions: [{{question: Will it heal, answer: '{' '.join([SENTENCE] * 150)}'}}]",
    "heading longer than a line": "  - heading: " + " ".join(["Long heading"] * 30) + "\n  - paragraph: Text.",
    "caption longer than a page": f"  - figure: {{file: figures/vertebra-compression.svg, alt: A spine, caption: '{' '.join([SENTENCE] * 150)}'}}",
    "web address broken after the site name": "  - paragraph: See https://www.example.nhs.uk/conditions/osteoporosis",
    "contacts": "  - contacts:",
}


@pytest.mark.parametrize("layout", ["a4", LARGE_28])
@pytest.mark.parametrize("case", FITS)
def test_content_too_big_for_a_page_is_split_or_scaled(sandbox, case, layout):
    outcome = build(sandbox, FITS[case], layout)
    assert outcome.code == 0, outcome.err
    PdfReader(outcome.pdfs[0], strict=True)  # and verification found every word, in order
    assert qpdf_check(outcome.pdfs[0]) == ""


@pytest.mark.parametrize("figure", ["tall.svg", "tall.png", "wide.svg"])
def test_a_figure_too_big_for_the_page_is_scaled_to_share_a_page_with_the_title(sandbox, figure):
    outcome = build(sandbox, f"  - figure: {{file: figures/{figure}, alt: A bar, caption: A bar.}}", "a4")
    first = PdfReader(outcome.pdfs[0], strict=True).pages[0]
    assert "A test leaflet" in first.extract_text() and "A bar." in first.extract_text()


def test_a_callout_longer_than_a_page_continues_on_the_next(sandbox):
    outcome = build(sandbox, FITS["callout longer than a page"], LARGE_28)
    reader = PdfReader(outcome.pdfs[0], strict=True)
    holding = [n for n, page in enumerate(reader.pages) if "Call the team" in page.extract_text()]
    assert len(holding) > 3 and holding == list(range(holding[0], holding[-1] + 1))


# Content that cannot be set without cutting a word: refused at its line.
REFUSED = {
    "word wider than the line": ("  - paragraph: Use " + "Supercalifragilisticexpialidocious" * 3 + " daily.", "is too wide for a line"),
    "word in a list item": ("  - bullets: [" + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2 + "]", "is too wide for a line"),
    "word in a callout title": ("  - callout: {kind: info, title: " + "W" * 80 + ", text: Hi}", "is too wide for a line"),
    "web address with a long path": ("  - paragraph: See https://www.example.nhs.uk/" + "a" * 90, "is too wide for a line"),
}


@pytest.mark.parametrize("layout", ["a4", LARGE_28])
@pytest.mark.parametrize("case", REFUSED)
def test_a_word_that_cannot_fit_a_line_is_refused_at_its_line(sandbox, case, layout):
    block, message = REFUSED[case]
    outcome = build(sandbox, block, layout)
    assert outcome.code == 1, outcome.out
    assert unlocated(outcome.err) == [] and "generated.yaml:18:" in outcome.err and message in outcome.err, outcome.err
    assert f"({layout})" in outcome.err and "LayoutError" not in outcome.err and not outcome.pdfs


def test_a_word_that_fits_at_a4_but_not_at_28_pt_names_the_layout(sandbox):
    block = "  - paragraph: Ask about pneumonoultramicroscopicsilicovolcanoconiosis care."
    assert build(sandbox, block, "a4").code == 0
    outcome = build(sandbox, block, LARGE_28)
    assert outcome.code == 1
    assert f"generated.yaml:18: TEST-001 ({LARGE_28}): 'pneumonoultramicroscopic" in outcome.err
    assert "is too wide for a line" in outcome.err


def test_a_heading_kept_with_a_callout_does_not_loop(sandbox):
    """Found by the property tests: at 28 pt this once split and moved the callout for ever."""
    blocks = """\
  - steps: [9am gets., Pain gets bone bone the it the 9am., Vertebra gets if osteoporosis call osteoporosis call worse.]
  - paragraph: Gets team team rest rest rest back the.
  - steps: [Team pain your rest 01632 960 100 rest it team., Back worse the rest., If call the vertebra worse your call if.,
            Vertebra., Your 01632 960 100., 9am vertebra bone.]
  - heading: Osteoporosis.
  - include: shared/urgent-signs.yaml
  - write_in: {label: 2 November 2026 bone., lines: 4}"""
    text = GOOD.replace("title: A test leaflet", "title: Your 2 November 2026 01632 960 100 your worse worse your your.")
    text = text.replace("language: en-GB", "subtitle: Your your your gets the vertebra your back.\nlanguage: en-GB")
    outcome = sandbox.build(text.replace("  - paragraph: Hello.", blocks), LARGE_28)
    assert outcome.code == 0, outcome.err
