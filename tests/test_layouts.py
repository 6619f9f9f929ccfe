"""Layout files: the bundled ones meet the standards, and a designer's mistakes get clear messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from leaflets.errors import LayoutFileError
from leaflets.layouts import BODY_CONTRAST, contrast, load_layout

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
])
def test_layout_mistakes_are_named(tmp_path, old, new, message):
    text = (LAYOUTS / "a4.yaml").read_text()
    assert old in text
    path = tmp_path / "broken.yaml"
    path.write_text(text.replace(old, new))
    with pytest.raises(LayoutFileError) as error:
        load_layout(path)
    assert message in str(error.value) and "broken.yaml:" in str(error.value)


def test_a_footer_that_does_not_fit_its_margin_fails_the_build_with_a_message(tmp_path, capsys):
    from leaflets.cli import main
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "a4.yaml").write_text((LAYOUTS / "a4.yaml").read_text().replace("bottom: 30", "bottom: 20"))
    assert main(["--layouts", str(folder), "--layout", "a4", "--output", str(tmp_path / "out"), "PAIN-OST-001",
                 "--today", "2026-11-23"]) == 1
    assert "the footer needs a bottom margin of at least" in capsys.readouterr().err
    assert not list((tmp_path / "out").rglob("*.pdf"))
