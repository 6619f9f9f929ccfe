"""Hostile input: nothing a file says can run code, reach outside content/, eat memory or change what prints."""

from __future__ import annotations

import os
import tracemalloc
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import TODAY
from sandbox import Sandbox, unlocated
from test_validation import GOOD


@pytest.fixture
def sandbox(tmp_path) -> Sandbox:
    return Sandbox(tmp_path)


def with_block(block: str) -> str:
    return GOOD.replace("  - paragraph: Hello.", block)


def refused(outcome, line: int, *words: str) -> str:
    """Assert a located refusal at ``line`` naming ``words``, nothing published; return the message."""
    assert outcome.code == 1, outcome.out
    assert "Traceback" not in outcome.err
    assert unlocated(outcome.err) == [], outcome.err
    assert f"generated.yaml:{line}:" in outcome.err, outcome.err
    for word in words:
        assert word in outcome.err
    assert not outcome.pdfs and not outcome.leftovers
    return outcome.err


def pdf_text(outcome) -> str:
    assert outcome.code == 0, outcome.err
    reader = PdfReader(outcome.pdfs[0], strict=True)
    return " ".join(" ".join(p.extract_text().replace("\u00a0", " ").split()) for p in reader.pages)


@pytest.mark.parametrize("tagged", [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/new:os.system ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/object:builtins.object {{}}",
    "!custom value",
    "!!binary aGVsbG8=",
    "!!set {{a: null}}",
])
def test_yaml_tags_are_refused_and_nothing_runs(sandbox, tmp_path, tagged):
    marker = tmp_path / "ran"
    outcome = sandbox.build(with_block(f"  - paragraph: {tagged.format(marker=marker)}"))
    refused(outcome, 18, "is not allowed")
    assert not marker.exists()


def test_an_alias_bomb_is_refused_before_it_expands(sandbox):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    bomb = GOOD + "\n".join(lines) + "\n"  # a billion strings if expanded
    tracemalloc.start()
    try:
        outcome = sandbox.build(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    refused(outcome, 20, "aliases (*name) are not allowed")
    assert peak < 20_000_000, f"loading took {peak:,} bytes"


def test_an_oversized_file_is_refused_before_it_is_read(sandbox):
    sandbox.build(GOOD)
    with open(sandbox.leaflet, "r+b") as file:
        file.truncate(500_000_000)  # sparse: costs no disk
    tracemalloc.start()
    try:
        code, err = sandbox_run(sandbox)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1 and "generated.yaml:1: file is larger than 1,000,000 bytes" in err
    assert peak < 20_000_000, f"refusing took {peak:,} bytes"


def sandbox_run(sandbox: Sandbox) -> tuple[int, str]:
    """Build the sandbox's leaflet file as it stands, without rewriting it."""
    from sandbox import run_bounded
    code, _, err = run_bounded(["--content", str(sandbox.content), "--output", str(sandbox.output),
                                "--today", TODAY, "--layout", "a4"])
    return code, err


def test_deep_nesting_is_refused(sandbox):
    refused(sandbox.build(with_block("  - paragraph: " + "[" * 20000 + "]" * 20000)), 1, "nested too deeply")


@pytest.mark.parametrize("encoded, line", [
    (GOOD.encode("utf-16"), 1),
    (GOOD.replace("Hello.", "Caf\xe9.").encode("cp1252"), 18),
    (GOOD.encode() + b"\xff\xfe", 19),
])
def test_files_that_are_not_utf8_get_a_message(sandbox, encoded, line):
    refused(sandbox.build(encoded), line, "file is not UTF-8 text", "save it from your editor as UTF-8")


def test_a_control_character_anywhere_in_the_file_is_refused_at_its_line(sandbox):
    refused(sandbox.build(GOOD.replace("owner: Pain", "owner: \x08Pain")), 6, "U+0008 is not allowed")


LOOKALIKES = ["<font size=40 color=red>big</font>", "<img src=\"/etc/passwd\"/>", "<a href=\"javascript:x\">click</a>",
              "&amp; &lt; &#65; &nbsp;", "3 < 4 & 5 > 2", "line<br/>break", "</para><para>", "<b>not bold</b>",
              "<span style='x'>s</span>", "<onDraw name=x/>", "<seq id=x/>"]


def test_text_that_looks_like_reportlab_markup_prints_exactly_as_typed(sandbox):
    items = "\n".join(f"      - {item!r}" for item in LOOKALIKES)
    text = pdf_text(sandbox.build(with_block(f"  - bullets:\n{items}")))
    for item in LOOKALIKES:
        assert item in text


@pytest.mark.parametrize("href", ["javascript:void", "file:///etc/passwd", "http://example.org", "data:text/html,x",
                                  "ftp://example.org", "HTTPS://example.org", "//example.org", "vbscript:x", "/etc/passwd"])
def test_links_other_than_https_mailto_and_tel_are_refused(sandbox, href):
    refused(sandbox.build(with_block(f"  - paragraph: See [this]({href}).")), 18, f"link '{href}' is not allowed")


def test_allowed_links_reach_the_pdf_unchanged(sandbox):
    outcome = sandbox.build(with_block("  - paragraph: Read [the guide](https://www.example.nhs.uk/guide), "
                                       "[write](mailto:team@example.nhs.uk) or [call](tel:+441632960100)."))
    assert outcome.code == 0, outcome.err
    uris = {annot.get_object()["/A"]["/URI"] for page in PdfReader(outcome.pdfs[0], strict=True).pages
            for annot in page.get("/Annots", []) if "/A" in annot.get_object()}
    assert {"https://www.example.nhs.uk/guide", "mailto:team@example.nhs.uk", "tel:+441632960100"} <= uris
    assert all(uri.startswith(("https:", "mailto:", "tel:")) for uri in uris)


@pytest.fixture
def outside(tmp_path):
    """A figure and a shared block file outside the content folder."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (folder / "secret.yaml").write_text("blocks:\n  - paragraph: Not from content.\n")
    return folder


@pytest.mark.parametrize("kind, make, message", [
    ("figure", lambda c, o: "../elsewhere/secret.svg", "without '..'"),
    ("figure", lambda c, o: str(o / "secret.svg"), "must be a path inside content/"),
    ("figure", lambda c, o: os.symlink(o / "secret.svg", c / "figures" / "link.svg") or "figures/link.svg", "leads outside content/"),
    ("figure", lambda c, o: os.symlink(o, c / "figures" / "away") or "figures/away/secret.svg", "leads outside content/"),
    ("include", lambda c, o: "../elsewhere/secret.yaml", "without '..'"),
    ("include", lambda c, o: os.symlink(o / "secret.yaml", c / "shared" / "link.yaml") or "shared/link.yaml", "leads outside content/"),
])
def test_figures_and_includes_stay_inside_content(sandbox, outside, kind, make, message):
    relative = make(sandbox.content, outside)
    block = (f"  - figure: {{file: '{relative}', alt: A picture}}" if kind == "figure" else f"  - include: '{relative}'")
    refused(sandbox.build(with_block(block)), 18, message)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">{}</svg>'
HOSTILE_SVGS = {
    "file image": (SVG.format('<image xlink:href="file:///etc/passwd" width="10" height="10"/>'), "refers to 'file:///etc/passwd'"),
    "web image": (SVG.format('<image href="http://example.org/x.png" width="10" height="10"/>'), "refers to 'http://example.org/x.png'"),
    "absolute image": (SVG.format('<image href="/etc/passwd" width="10" height="10"/>'), "refers to '/etc/passwd'"),
    "outside use": (SVG.format('<use xlink:href="../../elsewhere/secret.svg#a"/>'), "refers to '../../elsewhere/secret.svg#a'"),
    "sibling file": (SVG.format('<image href="vertebra-compression.svg" width="10" height="10"/>'), "refers to 'vertebra-compression.svg'"),
    "external entity": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                        + SVG.format('<text y="20">&x;</text>'), "declares XML entities"),
    "entity bomb": ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                    + SVG.format('<text y="20">&b;</text>'), "declares XML entities"),
    "css import": (SVG.format('<style>@import url(http://example.org/a.css);</style>'), "outside itself"),
    "style url": (SVG.format('<rect width="9" height="9" style="fill:url(file:///etc/passwd)"/>'), "refers to 'file:///etc/passwd'"),
    "paint url": (SVG.format('<rect width="9" height="9" fill="url(http://example.org/p#g)"/>'), "refers to 'http://example.org/p#g'"),
    "broken xml": (SVG.format("<rect"), "is not valid SVG"),
    "not svg": ("<html><body/></html>", "is not an SVG drawing"),
}


@pytest.mark.parametrize("name", HOSTILE_SVGS)
def test_an_svg_cannot_pull_in_outside_files_or_addresses(sandbox, name):
    svg, message = HOSTILE_SVGS[name]
    (sandbox.content / "figures" / "hostile.svg").write_text(svg)
    refused(sandbox.build(with_block("  - figure: {file: figures/hostile.svg, alt: A picture}")), 18, "hostile.svg", message)


@pytest.mark.parametrize("svg", [
    SVG.format('<defs><rect id="r" width="5" height="5"/></defs><use xlink:href="#r"/>'),
    '<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + SVG.format('<rect width="5" height="5" fill="url(#g)"/>'),
], ids=["internal reference", "standard doctype"])
def test_self_contained_svgs_still_build(sandbox, svg):
    (sandbox.content / "figures" / "fine.svg").write_text(svg)
    assert sandbox.build(with_block("  - figure: {file: figures/fine.svg, alt: A picture}")).code == 0


def test_a_file_named_png_that_is_not_a_png_is_refused(sandbox):
    (sandbox.content / "figures" / "fake.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    refused(sandbox.build(with_block("  - figure: {file: figures/fake.png, alt: A picture}")), 18, "cannot be read as an image")


@pytest.mark.parametrize("bad", ["../ETC", "A/B", "CON", "NUL", "A" * 21, "pain-001", "A--B", "-A", "A B", "A.B"])
def test_ids_are_safe_as_file_names(sandbox, bad):
    refused(sandbox.build(GOOD.replace("id: TEST-001", f"id: '{bad}'")), 1, "is not a valid reference")


def test_the_longest_id_builds(sandbox):
    outcome = sandbox.build(GOOD.replace("id: TEST-001", "id: " + "A" * 20))
    assert outcome.code == 0 and outcome.pdfs[0].name == "A" * 20 + "-v1.0-a4.pdf"


def test_two_leaflets_with_one_id_name_both_files_and_neither_builds(sandbox):
    (sandbox.content / "leaflets" / "other.yaml").write_text(GOOD, encoding="utf-8")
    outcome = sandbox.build(GOOD)
    assert outcome.code == 1 and not outcome.pdfs
    assert "generated.yaml" in outcome.err and "other.yaml" in outcome.err and "TEST-001 is also the id of" in outcome.err


def test_a_subheading_before_the_first_heading_is_refused(sandbox):
    refused(sandbox.build(with_block("  - subheading: A part\n  - heading: A section")), 18, "subheading comes before")


def test_a_title_character_missing_from_the_font_is_reported_in_the_leaflet(sandbox):
    refused(sandbox.build(GOOD.replace("title: A test leaflet", "title: A test \U0001f9b4 leaflet")), 1, "U+1F9B4")


def test_a_lone_surrogate_escape_is_refused(sandbox):
    refused(sandbox.build(GOOD.replace("Hello.", '"Half \\uD800 a character"')), 18, "contains half of a character")


@pytest.mark.parametrize("escape, code", [("\\uE000", "U+E000"), ("\\U0001F9B4", "U+1F9B4"), ("\\u05E9", "U+05E9")])
def test_characters_the_font_lacks_are_named_by_code_and_invisible_ones_are_not_printed(sandbox, escape, code):
    message = refused(sandbox.build(GOOD.replace("Hello.", f'"Odd {escape} text"')), 18, code, "is in neither the font")
    character = escape.encode().decode("unicode_escape")
    assert (character in message) == character.isprintable()


@pytest.mark.parametrize("escape", ["\\u00AD", "\\u200B", "\\u200D", "\\u202E", "\\u2066", "\\uFEFF", "\\u2060"])
def test_invisible_formatting_characters_are_refused(sandbox, escape):
    message = refused(sandbox.build(GOOD.replace("Hello.", f'"Y{escape}our back"')), 18, "invisible formatting character")
    assert escape.encode().decode("unicode_escape") not in message


def test_combining_accents_print_and_read_back(sandbox):
    text = pdf_text(sandbox.build(GOOD.replace("Hello.", '"Cafe\\u0301 and nai\\u0308ve."')))
    assert "Caf\u00e9 and na\u00efve." in unicodedata.normalize("NFC", text)
