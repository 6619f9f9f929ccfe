"""The conformance check: it passes the bundled output and catches each kind of breach."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import fontpkg
import pikepdf
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from conftest import TODAY, pdfs
from leaflets.outputs.pdf import conformance
from leaflets.cli import main
from leaflets.outputs.pdf.conformance import check, layout_of
from leaflets.outputs.pdf.layouts import load_layout

LAYOUTS = Path(__file__).resolve().parent.parent / "layouts"
A4 = load_layout(LAYOUTS / "a4.yaml")
ITALIC = "ConformanceTestItalic"  # own name: registration is process-wide
pdfmetrics.registerFont(TTFont(ITALIC, fontpkg.path("Atkinson Hyperlegible", 400, "italic")))
UPRIGHT = "ConformanceTestUpright"
pdfmetrics.registerFont(TTFont(UPRIGHT, fontpkg.path("Atkinson Hyperlegible", 400)))


def rules(pdf: bytes, layout=A4) -> set[str]:
    return {breach.rule for breach in check(pdf, layout)[1]}


def untagged(draw) -> bytes:
    """A one-page PDF drawn by ``draw(canvas)``, with no structure at all."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def lines(font: str, *texts: str):
    def draw(canvas: Canvas) -> None:
        text = canvas.beginText(72, 700)
        text.setFont(font, 14, 20)
        for line in texts:
            text.textLine(line)
        canvas.drawText(text)
    return draw


def test_the_bundled_output_conforms(built):
    for path in pdfs(built):
        layout = layout_of(path, LAYOUTS)
        assert layout is not None and layout.name in path.name
        runs, breaches = check(path.read_bytes(), layout)
        assert runs and breaches == [], (path.name, breaches[:3])


def test_smaller_text_than_the_layout_allows_is_named_with_page_and_text(built):
    pdf = (built / "PAIN-OST-001" / "PAIN-OST-001-v1.0-a4.pdf").read_bytes()
    breaches = check(pdf, dataclasses.replace(A4, minimum_size=13))[1]
    assert breaches and {b.rule for b in breaches} == {"smallest size"}
    assert str(breaches[0]).startswith("smallest size: page 1, '")
    assert "12.0 pt is below the layout's minimum of 13 pt" in str(breaches[0])


def test_italic_untagged_hyphenated_and_joined_lines_are_caught():
    assert "no italics" in rules(untagged(lines(ITALIC, "Slanted words")))
    assert "no italics" not in rules(untagged(lines(UPRIGHT, "Upright words")))
    assert "structure covers the text" in rules(untagged(lines(UPRIGHT, "Untagged words")))
    assert "no hyphenation" in rules(untagged(lines(UPRIGHT, "This is a self-", "help group")))
    joined = check(untagged(lines(UPRIGHT, "This leaflet is for you. It", "explains why")), A4)[1]
    assert [str(b) for b in joined if b.rule == "words kept whole"] == [
        "words kept whole: page 1, 'This leaflet is for you. It | explains why': a word is split across "
        "lines, or a screen reader would join the last word to the next line"]
    assert "words kept whole" not in rules(untagged(lines(UPRIGHT, "This leaflet is for you. It ", "explains why")))


def test_faint_text_and_text_on_a_dark_box_are_caught():
    def faint(canvas: Canvas) -> None:
        canvas.setFillColorRGB(0.6, 0.6, 0.6)
        lines(UPRIGHT, "Grey words")(canvas)

    def on_dark_box(canvas: Canvas) -> None:
        canvas.setFillColorRGB(0.2, 0.2, 0.2)
        canvas.rect(60, 650, 300, 80, stroke=0, fill=1)
        canvas.setFillColorRGB(0, 0, 0)
        lines(UPRIGHT, "Black on charcoal")(canvas)

    for draw, colours in ((faint, "#999999 on #FFFFFF"), (on_dark_box, "#000000 on #333333")):
        [breach] = [b for b in check(untagged(draw), A4)[1] if b.rule == "text contrast"]
        assert colours in breach.detail and "below 7:1" in breach.detail


def test_a_figure_without_alt_text_is_caught(built, tmp_path):
    path = tmp_path / "no-alt.pdf"
    with pikepdf.open(built / "PAIN-OST-001" / "PAIN-OST-001-v1.0-a4.pdf") as pdf:
        for element in walk(pdf.Root.StructTreeRoot):
            if element.get("/S") == "/Figure":
                del element["/Alt"]
        pdf.save(path)
    [breach] = check(path.read_bytes(), A4)[1]
    assert str(breach).startswith("figures have alt text: page 2, 'Normal vertebra Wedge fracture Front Back")


def walk(element):
    yield element
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from walk(kid)


def test_a_breach_fails_the_build_with_rule_page_and_text(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(conformance, "BODY_CONTRAST", 22.0)  # black on white is 21:1
    assert main(["--output", str(tmp_path), "--today", TODAY, "--layout", "a4", "PAIN-OST-001"]) == 1
    error = capsys.readouterr().err
    assert "PAIN-OST-001 (a4): the PDF breaks its layout's rules: text contrast: page 1, " in error
    assert "#000000 on #FFFFFF is 21.00:1, below 22:1" in error and "more)" in error
    assert not pdfs(tmp_path)


def test_check_reports_breaches_in_existing_output(built, tmp_path, capsys):
    output = tmp_path / "output"
    shutil.copytree(built, output)
    assert main(["--check", "--output", str(output), "--today", TODAY]) == 0
    target = output / "PAIN-OST-002" / "PAIN-OST-002-v1.0-large-print.pdf"
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        del pdf.Root["/StructTreeRoot"]
        pdf.save(target)
    capsys.readouterr()
    assert main(["--check", "--output", str(output), "--today", TODAY]) == 1
    error = capsys.readouterr().err
    assert f"{target}: tagged PDF: page 1" in error
    assert f"{target}: structure covers the text: page 1, 'Example Hospitals NHS Foundation Trust" in error
    assert "PAIN-OST-001" not in error


def test_check_names_a_published_file_cut_short_instead_of_failing(built, tmp_path, capsys):
    """A PDF damaged after publishing (a copy cut short) is a problem in the list, not a traceback."""
    output = tmp_path / "output"
    shutil.copytree(built, output)
    target = output / "PAIN-OST-003" / "PAIN-OST-003-v1.0-a4.pdf"
    target.write_bytes(target.read_bytes()[:3000])
    assert main(["--check", "--output", str(output), "--today", TODAY]) == 1
    error = capsys.readouterr().err
    assert f"{target}: the PDF cannot be read back (" in error and "rebuild it" in error
    assert "Traceback" not in error and "PAIN-OST-001" not in error


def altered(path: Path, change) -> bytes:
    """``path`` with ``change(pdf)`` applied through pikepdf."""
    with pikepdf.open(path) as pdf:
        change(pdf)
        buffer = io.BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()


def links(element: pikepdf.Dictionary):
    """Every Link element under ``element``."""
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            if kid.S == "/Link":
                yield kid
            yield from links(kid)


def test_links_that_read_as_nothing_or_do_not_print_are_caught(built):
    path = built / "PAIN-OST-002" / "PAIN-OST-002-v1.0-a4.pdf"
    assert not {"links read as their words", "links print"} & rules(path.read_bytes())

    def words_outside(pdf: pikepdf.Pdf) -> None:  # as before: the Link holds only its annotation
        for link in links(pdf.Root.StructTreeRoot):
            link.K = pikepdf.Array([kid for kid in link.K if kid.get("/Type") == "/OBJR"])

    def screen_only(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                del annotation["/F"]

    assert "links read as their words" in rules(altered(path, words_outside))
    assert "links print" in rules(altered(path, screen_only))
