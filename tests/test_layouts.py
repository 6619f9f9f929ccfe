"""Layout files: the bundled ones meet the standards, and a designer's mistakes get clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaflets.errors import LayoutFileError
from leaflets.outputs.pdf.layouts import ANY_CONTRAST, BODY_CONTRAST, at_size, contrast, greyscale, load_layout

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"


@pytest.mark.parametrize("name, floor, body", [("a4", 12, 14), ("large-print", 16, 18)])
def test_bundled_layouts_meet_their_standard(name, floor, body):
    layout = load_layout(LAYOUTS / f"{name}.yaml")
    assert layout.minimum_size == floor and layout.sizes.body == body
    assert min(vars(layout.sizes).values()) >= floor
    assert contrast(layout.colours.text, "#FFFFFF") >= BODY_CONTRAST
    assert layout.margins.left >= 34 and layout.footer_from_bottom >= 34, "at least 12 mm for office printers"


def test_large_print_leaves_a_blank_line_between_paragraphs():
    layout = load_layout(LAYOUTS / "large-print.yaml")
    assert layout.spacing.paragraph >= layout.sizes.body * layout.leading


@pytest.mark.parametrize("old, new, message", [
    ('text: "#000000"', 'text: "#999999"', "colours.text: contrast 2.8:1 on the page background is below 7:1"),
    ("body: 14", "body: 10", "sizes.body: 10 pt is below this layout's minimum_size of 12 pt"),
    ("size: A4", "size: B7", "'B7' is not a known page size"),
    ("leading: 1.4", "leadin: 1.4", "unknown key 'leadin'"),
    ("label: A4 clear print", "label: A4 {size} print", "label: 'A4 {size} print' has braces other than {body}"),
    ("label: A4 clear print", "labl: A4 clear print", "missing required key 'label'"),
])
def test_layout_mistakes_are_named(tmp_path, old, new, message):
    text = (LAYOUTS / "a4.yaml").read_text()
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new))
    with pytest.raises(LayoutFileError) as error:
        load_layout(path)
    assert message in str(error.value) and "broken.yaml:" in str(error.value)


def test_a_layout_names_its_copies_as_staff_ask_for_them_and_a_reflowed_copy_by_its_size():
    labels = {name: load_layout(LAYOUTS / f"{name}.yaml").staff_label for name in ("a4", "large-print", "a5-booklet", "bilingual")}
    assert labels == {"a4": "A4 clear print", "large-print": "Large print 18 pt", "a5-booklet": "A5 booklet",
                      "bilingual": "Bilingual A4 clear print"}
    assert [at_size(load_layout(LAYOUTS / "large-print.yaml"), size).staff_label for size in (24, 28)] == \
        ["Large print 24 pt", "Large print 28 pt"]


def test_a_footer_taller_than_its_margin_takes_its_room_from_the_text(tmp_path):
    """A bottom margin too small for the stamp (a longer language, a status word) never lets text run into the footer."""
    from conftest import opened
    from leaflets.cli import main
    from leaflets.outputs.pdf.conformance import read_runs
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "a4.yaml").write_text((LAYOUTS / "a4.yaml").read_text().replace("bottom: 30", "bottom: 20"))
    assert main(["--layouts", str(folder), "--layout", "a4", "--output", str(tmp_path / "out"), "PAIN-OST-001",
                 "PAIN-OST-002-CY", "--format", "pdf", "--today", "2026-11-23"]) == 0
    for pdf in sorted((tmp_path / "out").rglob("*.pdf")):
        runs = [run for run in read_runs(opened(pdf)) if run.visible]
        for page in {run.page for run in runs}:
            text = [run.baseline for run in runs if run.page == page and run.artifact is None]
            footer = [run.baseline + run.size for run in runs if run.page == page and run.artifact == "Footer"]
            assert min(text) > max(footer), (pdf.name, page)


def test_a_colour_that_fades_in_greyscale_is_refused(tmp_path):
    """#AA77CC edges its pale box at 3.1:1 in colour but 2.9:1 once printed in grey."""
    path = tmp_path / "faded.yaml"
    path.write_text((LAYOUTS / "a4.yaml").read_text().replace('urgent: {border: "#B3190F"', 'urgent: {border: "#AA77CC"'))
    with pytest.raises(LayoutFileError) as error:
        load_layout(path)
    assert str(error.value).count("faded.yaml:") == 1
    assert "colours.urgent.border: contrast 2.9:1 on the urgent box background in greyscale is below 3:1" in str(error.value)


def test_greyscale_is_what_an_office_printer_prints():
    assert greyscale("#005EB8") == "#4C4C4C" and greyscale("#FFFFFF") == "#FFFFFF" and greyscale("#000000") == "#000000"


@pytest.mark.parametrize("name", ["a4", "large-print"])
def test_every_text_keeps_its_contrast_in_colour_and_in_greyscale(built, name):
    from conftest import opened, pdfs
    from leaflets.outputs.pdf.conformance import HEADING_ROLES, read_runs, structure
    for path in pdfs(built):
        if not path.name.endswith(f"-{name}.pdf"):
            continue
        document = opened(path)
        reached, _ = structure(document)
        for run in filter(lambda r: r.visible, read_runs(document)):
            role = reached.get((run.page, run.mcid))
            need = ANY_CONTRAST if role in HEADING_ROLES or role == "Figure" else BODY_CONTRAST
            assert contrast(run.colour, run.ground) >= need, (path.name, run.text)
            assert contrast(greyscale(run.colour), greyscale(run.ground)) >= need, (path.name, run.text)


def test_callouts_say_their_kind_in_words_inside_the_box(built):
    """Meaning never by colour alone: each callout background carries its label on every page it is on."""
    from conftest import opened
    from leaflets.outputs.pdf.conformance import read_runs
    from conftest import ENGLISH
    from leaflets.source.model import CalloutKind
    layout = load_layout(LAYOUTS / "a4.yaml")
    runs = read_runs(opened(built / "PAIN-OST-001" / "PAIN-OST-001-v1.0-a4.pdf"))
    for kind in CalloutKind:
        label = ENGLISH.say(f"callouts.{kind.value}")
        ground = getattr(layout.colours, kind.value).background
        boxed = [run for run in runs if run.ground == ground and run.visible]
        assert boxed, f"the leaflet has an {kind.value} callout"
        for page in {run.page for run in boxed}:
            assert any(run.text.startswith(f"{label}:") for run in boxed if run.page == page), (kind, page)
