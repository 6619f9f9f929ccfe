"""Importing Word leaflets: documents an office suite saved, mapped onto blocks, reported on, and bad files refused.

No Word file here is written by hand. LibreOffice Writer, run headless, saves
the OpenDocument fixture (tests/data/wound-care.fodt) and the bundled
leaflets' web pages as .docx; python-docx writes with Word's own template.
"""

from __future__ import annotations

import base64
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import CONTENT, ROOT, TODAY, debian_tool, published, run
from leaflets.document.resolve import resolve
from leaflets.outputs import FORMATS
from leaflets.source import markup, model
from leaflets.source.library import read_library

FIXTURE = ROOT / "tests" / "data" / "wound-care.fodt"


def office(sources: list[Path], folder: Path, infilter: str | None = None) -> list[Path]:
    """``sources`` saved as Word documents by LibreOffice Writer, in ``folder``."""
    command = [debian_tool("soffice"), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
               *([f"--infilter={infilter}"] if infilter else []), "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(folder), *map(str, sources)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    made = [folder / f"{source.stem}.docx" for source in sources]
    assert all(path.exists() for path in made), command
    return made


def picture(kind: str, colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new("RGB", (80, 60), colour).save(data, kind)
    return data.getvalue()


def empty_content(folder: Path) -> Path:
    """The bundled content folder without its leaflets, translations and Easy Read editions: a trust's first import."""
    shutil.copytree(CONTENT, folder, ignore=shutil.ignore_patterns("leaflets", "translations", "easy-read"))
    (folder / "leaflets").mkdir()
    return folder


def import_into(content: Path, capsys, *files: Path, accept: bool = False) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run("import", *map(str, files), "--content", str(content), *(["--accept-changes"] if accept else []))
    out, err = capsys.readouterr()
    return code, out, err


def command(*files: Path, content: Path) -> subprocess.CompletedProcess:
    """``make_leaflets.py import`` as staff run it (module fixtures cannot capture output in this process)."""
    return subprocess.run([str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "make_leaflets.py"), "import",
                           *map(str, files), "--content", str(content)], capture_output=True, text=True, cwd=ROOT, timeout=300)


class Imported:
    def __init__(self, content: Path, docx: Path, code: int, out: str, err: str) -> None:
        self.content, self.docx, self.code, self.report, self.err = content, docx, code, out, err
        [self.path] = (content / "leaflets").glob("*.yaml")
        self.text = self.path.read_text(encoding="utf-8")
        self.data = yaml.safe_load(self.text)

    def blocks(self, key: str) -> list:
        return [block[key] for block in self.data["blocks"] if key in block]

    def line(self, start: str) -> str:
        """The report's line that starts (after its paragraph) with ``start``."""
        [found] = [line for line in self.report.splitlines() if start in line]
        return found


@pytest.fixture(scope="module")
def wound(tmp_path_factory) -> Imported:
    """The OpenDocument fixture, saved as .docx by LibreOffice, imported into an empty library."""
    folder = tmp_path_factory.mktemp("wound")
    source = folder / "wound-care.fodt"
    source.write_text(FIXTURE.read_text(encoding="utf-8")
                      .replace("@PNG@", base64.b64encode(picture("PNG", (200, 220, 240))).decode())
                      .replace("@JPEG@", base64.b64encode(picture("JPEG", (240, 200, 180))).decode()), encoding="utf-8")
    [docx] = office([source], folder)
    content = empty_content(folder / "content")
    result = command(docx, content=content)
    return Imported(content, docx, result.returncode, result.stdout, result.stderr)


def test_a_document_becomes_one_draft_named_from_its_title(wound):
    assert wound.code == 0, wound.err
    assert wound.path.name == "looking-after-your-wound-at-home.yaml"
    assert wound.data["status"] == "draft" and wound.data["title"] == "Looking after your wound at home"
    assert f"{wound.docx}: imported as {wound.path}" in wound.report
    assert "imported 1 of 1 Word files as drafts" in wound.report


def test_headings_paragraphs_and_bold_map(wound):
    assert wound.blocks("heading") == ["Keeping the wound clean", "Contact the ward"]
    assert wound.blocks("subheading") == ["Changing the dressing", "Creams and lotions", "Bathing and showering"]
    assert "'Creams and lotions' (Heading 3) made a subheading" in wound.report
    assert "the bold line 'Bathing and showering' read as a subheading" in wound.report
    paragraphs = wound.blocks("paragraph")
    assert paragraphs[0] == "This leaflet is for you if you have had an operation and are going home with a wound."
    assert paragraphs[1].startswith("Wash your hands **before and after** you touch the dressing.")


def test_links_are_kept_when_a_leaflet_may_link_them(wound):
    paragraph = wound.blocks("paragraph")[1]
    assert markup.links(paragraph) == ["https://www.nhs.uk/conditions/"]
    assert "Our old wound page has moved." in paragraph, "an http link keeps its words"
    assert "link 'old wound page' to http://www.example.org/old-wound-page kept as words only" in wound.report


def test_bulleted_and_numbered_lists_become_bullets_and_steps(wound):
    assert wound.blocks("bullets")[0] == ["clean", "dry", "covered for the first few days"]
    assert wound.blocks("steps") == [["Wash your hands.", "Take off the old dressing gently.", "Put on a clean dressing."]]


def test_pictures_are_saved_as_figures_with_words_own_description(wound):
    described, undescribed = wound.blocks("figure")
    assert described["alt"] == "A clean square dressing over a wound on a forearm."
    assert described["caption"] == "A clean dressing."
    for figure in (described, undescribed):
        assert (wound.content / figure["file"]).read_bytes().startswith(b"\x89PNG")
    assert undescribed["alt"] == "" and "alt: \"\"  # no description in the Word file" in wound.text
    assert "converted from JPEG to PNG; it is only 80 x 60 pixels, so it may print blurred" in wound.report
    assert f"the picture {undescribed['file']} has no description in Word" in wound.report
    assert "the validator refuses" in wound.report and "until each picture has a description" in wound.report


def test_boxes_text_boxes_and_one_cell_tables_become_callouts_of_the_kind_their_words_ask(wound):
    urgent, info, important = wound.blocks("callout")
    assert urgent == {"kind": "urgent", "title": "When to get help",
                      "text": "Call 999 if the wound bleeds heavily and does not stop when you press on it."}
    assert info == {"kind": "info", "text": "Keep your appointment letter somewhere safe."}
    assert important == {"kind": "important", "text": "Do not soak the wound in a bath until it has healed."}
    assert "a shaded box (fill #DCE6F2) read as an urgent callout (it says '999')" in wound.report
    assert "paragraph 23 (under 'Bathing and showering'): a text box read as an info callout" in wound.report
    assert "a one-cell table (table 1) read as an important callout (it says 'do not')" in wound.report


def test_reference_version_and_review_date_come_from_the_header_and_footer(wound):
    assert (wound.data["id"], wound.data["version"], str(wound.data["review_date"])) == ("SURG-0423", "2.0", "2028-03-01")
    assert ("document control: reference: SURG-0423 (from the header or footer); version: 2.0 (from the header or "
            "footer); review date: 2028-03-01 (from the header or footer)") in wound.report
    assert "reference 'SURG/0423' in the header or footer written as SURG-0423" in wound.report


def test_phone_numbers_and_email_addresses_are_kept_as_written(wound):
    assert "Call Ward 7 on 01632 960 555 or email ward7@example.nhs.uk." in wound.blocks("paragraph")


def test_what_a_leaflet_cannot_hold_is_reported_with_its_paragraph(wound):
    assert wound.blocks("bullets")[1] == ["Day – What to do", "Day 1 – Rest"]
    table = wound.line("a table of 2 rows and 2 columns kept as a list")
    footnote = wound.line("footnote 'Your nurse will tell you what to expect.' not imported")
    colour = wound.line("red text 'Never': colour is not kept")
    comment = wound.line("comment 'Check this with the wound care team.' not imported")
    assert "(under 'Bathing and showering')" in table
    assert footnote.strip().startswith("paragraph 5 (under 'Keeping the wound clean')") and colour.strip().startswith("paragraph 5")
    assert "(under 'Creams and lotions')" in comment
    assert "Most wounds heal well at home. Never pick at the scab." in wound.blocks("paragraph"), "the words stay"


def test_closing_sections_fill_the_leaflets_own_keys(wound):
    assert wound.data["sources"] == ["NHS website: Wounds"]
    assert wound.data["feedback"] == "Tell the ward team what you think of this leaflet."
    assert all(block.get("heading") not in ("Sources", "Feedback") for block in wound.data["blocks"])


def test_the_report_gives_the_plain_english_measures(wound):
    assert "  plain English:\n    reading ease (Flesch) " in wound.report
    for measure in ("sentences over 25 words:", "passive sentences:", "medical words not explained where they first appear:"):
        assert measure in wound.report


def test_a_folder_imports_each_word_file_in_it(wound, tmp_path, capsys):
    folder = tmp_path / "leaflets from the shared drive"
    folder.mkdir()
    shutil.copy(wound.docx, folder / "Wound care.docx")
    (folder / "~$Wound care.docx").write_bytes(b"\x08owner\x00")  # the lock file Word leaves beside an open document
    (folder / "notes.txt").write_text("not a leaflet", encoding="utf-8")
    content = empty_content(tmp_path / "content")
    code, out, err = import_into(content, capsys, folder)
    assert code == 0 and "imported 1 of 1 Word files as drafts" in out, err
    assert [path.name for path in (content / "leaflets").iterdir()] == ["looking-after-your-wound-at-home.yaml"]


def test_an_import_never_overwrites(wound, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(wound.content, content)
    before = {path: path.read_bytes() for path in [*content.glob("leaflets/*"), *content.glob("figures/*")]}
    assert run("import", str(wound.docx), "--content", str(content)) == 0
    assert {path: path.read_bytes() for path in before} == before
    assert (content / "leaflets" / "looking-after-your-wound-at-home-2.yaml").exists()
    again = yaml.safe_load((content / "leaflets" / "looking-after-your-wound-at-home-2.yaml").read_text(encoding="utf-8"))
    assert again["id"] != "SURG-0423", "a reference already in use is not given twice"
    assert len(list(content.glob("figures/looking-after-your-wound-at-home-figure*.png"))) == 4


def test_an_imported_leaflet_builds_as_a_draft_in_every_format_once_its_figures_are_described(wound, tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(wound.content, content)
    leaflet = content / "leaflets" / wound.path.name
    assert run("--content", str(content), "--output", str(output), "--format", "all", "SURG-0423") == 1
    assert ".alt: must be some text" in capsys.readouterr().err
    leaflet.write_text(wound.text.replace('alt: ""', "alt: A nurse's hands putting on a dressing."), encoding="utf-8")
    assert run("--content", str(content), "--output", str(output), "--format", "all", "SURG-0423") == 0
    made = sorted(path.name for path in published(output) if path.parent.name == "SURG-0423")
    assert len(made) == len(FORMATS) + 1 and all("-DRAFT." in name for name in made), made  # two PDF layouts
    text = (output / "SURG-0423" / "SURG-0423-v2.0-text-DRAFT.txt").read_text(encoding="utf-8")
    assert "Call 999 if the wound bleeds heavily" in text and "01632 960 555" in text


# Word's own template, written by python-docx: the habits of authors who never use heading styles.


@pytest.fixture(scope="module")
def habits(tmp_path_factory) -> Imported:
    import docx
    from docx.shared import Cm, RGBColor

    folder = tmp_path_factory.mktemp("habits")
    document = docx.Document()
    document.core_properties.title = "Angina"
    document.core_properties.identifier = "CARD-012"
    document.core_properties.version = "3"
    document.sections[0].header.paragraphs[0].text = "Cardiology Department · Review date: 14 June 2028"
    document.add_paragraph("Angina: what it is and what to do", style="Title")
    document.add_paragraph().add_run("What is angina?").bold = True
    document.add_paragraph("Angina is chest pain that happens when your heart does not get enough blood.")
    document.add_paragraph().add_run("What to do").bold = True
    document.add_paragraph("Stop what you are doing and rest.", style="List Number")
    document.add_paragraph("Use your spray as your doctor showed you.", style="List Number")
    document.add_paragraph("You may feel:")
    document.add_paragraph("tight", style="List Bullet")
    document.add_paragraph("heavy", style="List Bullet")
    document.add_paragraph("• short of breath")
    document.add_paragraph("• tired")
    shape = document.add_picture(io.BytesIO(picture("PNG", (230, 230, 250))), width=Cm(4))
    shape._inline.docPr.set("descr", "A heart with the arteries that feed it drawn in red.")
    warning = document.add_paragraph()
    warning.add_run("Call 999 if the pain does not stop after you rest.").font.color.rgb = RGBColor(0xC0, 0, 0)
    commented = document.add_paragraph("Keep your spray with you.")
    document.add_comment(commented.runs, text="Say where to keep it.", author="Reviewer")
    docx_path = folder / "Angina leaflet.docx"
    document.save(docx_path)
    content = empty_content(folder / "content")
    result = command(docx_path, content=content)
    return Imported(content, docx_path, result.returncode, result.stdout, result.stderr)


def test_bold_lines_followed_by_text_are_headings_when_no_heading_style_is_used(habits):
    assert habits.code == 0, habits.err
    assert habits.data["title"] == "Angina: what it is and what to do"
    assert habits.blocks("heading") == ["What is angina?", "What to do"]
    assert "the bold line 'What is angina?' read as a heading" in habits.report


def test_words_list_styles_and_typed_bullets_become_steps_and_bullets(habits):
    assert habits.blocks("steps") == [["Stop what you are doing and rest.", "Use your spray as your doctor showed you."]]
    assert habits.blocks("bullets") == [["tight", "heavy", "short of breath", "tired"]]


def test_properties_give_the_reference_and_version_and_the_header_the_review_date(habits):
    assert (habits.data["id"], habits.data["version"], str(habits.data["review_date"])) == ("CARD-012", "3.0", "2028-06-14")
    assert "reference: CARD-012 (from the document properties)" in habits.report


def test_a_described_picture_is_ready_to_build(habits):
    [figure] = habits.blocks("figure")
    assert figure["alt"] == "A heart with the arteries that feed it drawn in red."
    assert "until each picture has a description" not in habits.report


def test_colour_and_comments_in_a_word_made_file_are_reported(habits):
    assert "dark red text 'Call 999 if the pain does not stop after you rest.'" in habits.report
    assert "comment 'Say where to keep it.' not imported" in habits.report
    assert "Call 999 if the pain does not stop after you rest." in habits.blocks("paragraph")


# Tracked changes: all accepted, or the document refused; never some of each.

TRACKED = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles><style:style style:name="Title" style:family="paragraph"/></office:styles>
 <office:body><office:text>
  <text:tracked-changes>
   <text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Editor</dc:creator>
    <dc:date>2026-10-01T10:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
   <text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Editor</dc:creator>
    <dc:date>2026-10-01T10:00:00</dc:date></office:change-info><text:p>every morning </text:p></text:deletion></text:changed-region>
  </text:tracked-changes>
  <text:p text:style-name="Title">Keeping your dressing dry</text:p>
  <text:p>Keep the dressing <text:change-start text:change-id="ct1"/>clean and <text:change-end text:change-id="ct1"/>dry.</text:p>
  <text:p>Check it <text:change text:change-id="ct2"/>before you go to bed.</text:p>
 </office:text></office:body>
</office:document>
"""


@pytest.fixture(scope="module")
def tracked(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tracked")
    source = folder / "tracked.fodt"
    source.write_text(TRACKED, encoding="utf-8")
    [docx] = office([source], folder)
    assert b"w:ins " in zipfile.ZipFile(docx).read("word/document.xml"), "LibreOffice kept the changes tracked"
    return docx


def test_tracked_changes_are_refused_unless_accepted(tracked, tmp_path, capsys):
    content = empty_content(tmp_path / "content")
    code, out, err = import_into(content, capsys, tracked)
    assert code == 1 and not list((content / "leaflets").glob("*.yaml"))
    assert f"{tracked}: not imported: has tracked changes not yet accepted or rejected (paragraphs 2, 3)" in err
    assert "--accept-changes" in err


def test_accepted_tracked_changes_are_all_taken(tracked, tmp_path, capsys):
    content = empty_content(tmp_path / "content")
    code, out, err = import_into(content, capsys, tracked, accept=True)
    assert code == 0, err
    [leaflet] = (content / "leaflets").glob("*.yaml")
    blocks = yaml.safe_load(leaflet.read_text(encoding="utf-8"))["blocks"]
    assert blocks == [{"paragraph": "Keep the dressing clean and dry."}, {"paragraph": "Check it before you go to bed."}]
    assert "2 paragraphs with tracked changes: every change accepted as it stands" in out


# The round trip: each bundled English leaflet's web page, saved as .docx by LibreOffice, comes back block for block.


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    folder = tmp_path_factory.mktemp("round-trip")
    output = folder / "output"
    original = read_library(CONTENT)
    english = [leaflet for leaflet in original.leaflets if leaflet.language == "en-GB" and not leaflet.edition_of]
    assert run("--output", str(output), "--today", TODAY, "--format", "html", *(l.id for l in english)) == 0
    pages = []
    for leaflet in english:
        [page] = (output / leaflet.id).glob("*-html.html")
        pages.append(shutil.copy(page, folder / f"{leaflet.id}.html"))
    documents = office([Path(page) for page in pages], folder, infilter="HTML (StarWriter)")
    content = empty_content(folder / "content")
    result = command(*documents, content=content)
    assert result.returncode == 0, result.stderr
    for path in (content / "leaflets").glob("*.yaml"):  # LibreOffice's HTML import drops <img alt>: the author writes it
        path.write_text(path.read_text(encoding="utf-8").replace('alt: ""', "alt: Described by the author."), encoding="utf-8")
    return original, english, read_library(content), result.stdout


def shape(block: model.Block) -> tuple:
    """A block's kind and the words a reader gets from it."""
    plain = markup.plain
    if isinstance(block, model.WriteIn):  # Word has no write-in lines: the label comes back as a bold line
        return ("Paragraph", block.label)
    if isinstance(block, model.Heading):
        return ("Heading", block.level, block.text)
    if isinstance(block, model.Paragraph):
        return ("Paragraph", plain(block.text))
    if isinstance(block, (model.BulletList, model.Steps)):
        return (type(block).__name__, tuple(map(plain, block.items)))
    if isinstance(block, model.Callout):
        return ("Callout", block.kind, block.title, plain(block.text or ""), tuple(map(plain, block.items)))
    if isinstance(block, model.Figure):
        return ("Figure", block.caption)
    if isinstance(block, model.Questions):
        return ("Questions", tuple((pair.question, plain(pair.answer)) for pair in block.pairs))
    return (type(block).__name__,)


def test_every_bundled_leaflet_comes_back_block_for_block_and_word_for_word(round_trip):
    original, english, imported, report = round_trip
    assert len(english) == 3 and not imported.problems
    for leaflet in english:
        again = next(l for l in imported.leaflets if l.id == leaflet.id)
        before, after = resolve(leaflet, original), resolve(again, imported)
        assert (again.title, again.subtitle, again.version, again.owner, again.review_date, again.sources, again.feedback) == \
               (leaflet.title, leaflet.subtitle, leaflet.version, leaflet.owner, leaflet.review_date, leaflet.sources,
                leaflet.feedback)
        assert again.status is model.Status.DRAFT
        about = len(before.blocks) - 1  # the document control list: an import is not approved, so approval differs
        assert [shape(b) for b in after.blocks[:about]] == [shape(b) for b in before.blocks[:about]], leaflet.id
        approval = ("Approved by", "Approved on", "To be approved by", "Draft of")  # a draft's lines in place of them
        assert [item for item in after.blocks[about].items if not item.startswith(approval)] == \
               [item for item in before.blocks[about].items if not item.startswith(approval)]
        words = [word for b in before.blocks[:about] for word in " ".join(map(str, shape(b)[1:])).split()]
        assert words == [word for b in after.blocks[:about] for word in " ".join(map(str, shape(b)[1:])).split()]


def test_the_round_trip_report_says_what_was_recognised(round_trip):
    report = round_trip[3]
    assert report.count("names the organisation, which the build prints from the site file: left out") == 3
    assert report.count("the site's contact details read as the contacts block") == 3
    assert "'Urgent: Get help at once' read as an urgent callout (its label says so)" in report
    assert report.count("'About this leaflet' read for the reference, version, owner and review date") == 3


# Bad input: each refused with a message naming the file; the rest still imported.


def rezipped(good: bytes, change: dict[str, bytes | None], streamed: dict[str, int] | None = None) -> bytes:
    """``good`` with parts replaced, added or (None) removed; ``streamed`` parts are that many bytes of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            if entry.filename not in change:
                target.writestr(entry, source.read(entry))
        for name, data in change.items():
            if data is not None:
                target.writestr(name, data)
        for name, size in (streamed or {}).items():
            with target.open(name, "w", force_zip64=True) as part:
                chunk = bytes(1 << 20)
                for _ in range(size >> 20):
                    part.write(chunk)
    return out.getvalue()


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
          '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p>'
          '<w:r><w:t>&d;</w:t></w:r></w:p></w:footnote></w:footnotes>').encode()
"""Entities that expand to many times their size ("billion laughs"), where Word keeps footnotes."""


def test_each_bad_file_is_refused_by_name_and_the_others_still_imported(wound, tmp_path, capsys):
    from msoffcrypto.format.ooxml import OOXMLFile

    good = wound.docx.read_bytes()
    types = zipfile.ZipFile(wound.docx).read("[Content_Types].xml")
    locked = io.BytesIO()
    OOXMLFile(io.BytesIO(good)).encrypt("leaflet", locked)
    middle = len(good) // 2
    bad = {
        "notes.docx": (b"These are my notes, typed in a text editor.\n", "is not a Word document"),
        "macros.docm": (rezipped(good, {"[Content_Types].xml": types.replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"),
            "word/vbaProject.bin": b"Attribute VB_Name = \"AutoOpen\""}), "contains macros, which are never run"),
        "locked.docx": (locked.getvalue(), "is protected with a password"),
        "truncated.docx": (good[:middle], "is damaged or incomplete"),
        "corrupt.docx": (good[:middle] + bytes(400) + good[middle + 400:], "is damaged or incomplete"),
        "bomb.docx": (rezipped(good, {"word/document.xml": None}, {"word/document.xml": 300 << 20}), "(a 'zip bomb')"),
        "huge-picture.docx": (rezipped(good, {}, {"word/media/huge.png": 200 << 20}), "has a picture (huge.png) of 210 MB"),
        "entities.docx": (rezipped(good, {"word/footnotes.xml": LAUGHS}), "declares an XML document type"),
    }
    files = []
    for name, (data, _) in bad.items():
        (tmp_path / name).write_bytes(data)
        files.append(tmp_path / name)
    content = empty_content(tmp_path / "content")
    code, out, err = import_into(content, capsys, *files[:4], wound.docx, *files[4:])
    assert code == 1
    for name, (_, message) in bad.items():
        [line] = [line for line in err.splitlines() if line.startswith(f"{tmp_path / name}: not imported: ")]
        assert message in line, line
        assert "(" in line and line.endswith(")"), "each message says what to do"
    assert "Traceback" not in err
    assert [path.name for path in (content / "leaflets").glob("*.yaml")] == ["looking-after-your-wound-at-home.yaml"]
    assert "imported 1 of 9 Word files as drafts" in out


def test_a_document_that_starts_at_heading_2_and_frames_its_picture_still_maps(tmp_path, capsys):
    import docx
    from docx.shared import Cm

    document = docx.Document()
    document.add_paragraph("Coming in for your scan", style="Title")
    document.add_heading("Before you come in", level=2)
    document.add_paragraph("Eat and drink as normal.")
    document.add_heading("What to bring", level=3)
    document.add_paragraph("Bring a list of your medicines.")
    frame = document.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0]
    frame.add_run().add_picture(io.BytesIO(picture("PNG", (250, 240, 200))), width=Cm(3))
    path = tmp_path / "Scan.docx"
    document.save(path)
    content = empty_content(tmp_path / "content")
    code, out, err = import_into(content, capsys, path)
    assert code == 0, err
    [leaflet] = (content / "leaflets").glob("*.yaml")
    blocks = yaml.safe_load(leaflet.read_text(encoding="utf-8"))["blocks"]
    assert [next(iter(block)) for block in blocks] == ["heading", "paragraph", "subheading", "paragraph", "figure"]
    assert "'Before you come in' (Heading 2) made a heading: it is the first" in out


def test_bullets_pasted_from_words_symbol_font_are_list_items(tmp_path, capsys):
    import docx

    document = docx.Document()
    document.add_paragraph("Going home", style="Title")
    document.add_paragraph("Before you leave, make sure you have:")
    for item in ("\uf0b7\tyour medicines", "\uf0b7\tyour discharge letter"):
        document.add_paragraph(item)
    path = tmp_path / "Going home.docx"
    document.save(path)
    content = empty_content(tmp_path / "content")
    assert import_into(content, capsys, path)[0] == 0
    [leaflet] = (content / "leaflets").glob("*.yaml")
    blocks = yaml.safe_load(leaflet.read_text(encoding="utf-8"))["blocks"]
    assert blocks[1] == {"bullets": ["your medicines", "your discharge letter"]}
