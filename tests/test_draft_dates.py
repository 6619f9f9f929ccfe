"""A copy states only the approval that is its own (STANDARDS.md §5), read back from every format.

The case governance worries about: version 1.0 of PAIN-OST-001 is approved and
in use, and version 1.1 is drafted from its file. Every copy of the draft, in
every format, says it is a draft, is dated by its changes entry and names
version 1.0 as the version in use; none says "Approved" of itself, neither
1.0's date nor the date its approval is planned for. The bundled Welsh and
Arabic drafts likewise. Each copy is read back as its reader gets it: poppler's
text and the PDF's own info and XMP, the web page's text and head, the plain
text, the Braille back-translated by liblouis, the audio's script and tags.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from mutagen.id3 import ID3

from conftest import CONTENT, ENGLISH, RIGHT_TO_LEFT, TODAY, pdftotext, run
from leaflets import build
from leaflets.document.words import words
from leaflets.errors import VerificationError
from leaflets.governance.release import Releases
from leaflets.outputs import FORMATS as EVERY_FORMAT
from leaflets.outputs.audio.script import script, text as script_text
from leaflets.outputs.braille import read_back
from leaflets.outputs.epub.readback import open_book
from leaflets.outputs.html.readback import read, text_of
from leaflets.outputs.pdf.conformance import read_runs
from leaflets.outputs.pdf.verify import page_texts
from leaflets.outputs.pef import pages_of
from leaflets.publish.history import PAGE
from leaflets.settings import Folders, Settings
from leaflets.source.library import read_library
from leaflets.source.phrases import PhraseBook

DRAFT_ID, DRAFTED, PLANNED = "PAIN-OST-001", "20 November 2026", "14 December 2026"
IN_USE = "Version 1.0, approved 2 November 2026, is the version in use"
TRANSLATIONS = {"PAIN-OST-002-CY": "cy", "PAIN-OST-002-AR": "ar"}
"""The bundled drafts, dated 29 November 2026 by their changes entries."""
FORMATS = tuple(EVERY_FORMAT)
LAYOUTS = ("a4", "large-print", "a5-booklet", "bilingual")


def drafted(content: Path, approval: str | None = PLANNED) -> Path:
    """The bundled content with PAIN-OST-001 at version 1.1, a draft with its changes entry, its approval planned."""
    shutil.copytree(CONTENT, content)
    leaflet = content / "leaflets" / "back-pain-osteoporosis.yaml"
    text = leaflet.read_text(encoding="utf-8").replace('version: "1.0"\nstatus: approved', 'version: "1.1"\nstatus: draft', 1)
    text = text.replace("changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n'
                        "    summary: Clearer words on pain relief.\n", 1)
    planned = f"approval_date: {dt.datetime.strptime(approval, '%d %B %Y').date()}\n" if approval else ""
    leaflet.write_text(text.replace("approval_date: 2026-11-02\n", planned, 1), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> Path:
    """The draft 1.1 and both bundled translations, built in every format and layout."""
    root = tmp_path_factory.mktemp("dates")
    content, output = drafted(root / "content"), root / "output"
    args = [f"--format={name}" for name in FORMATS] + [f"--layout={name}" for name in LAYOUTS]
    assert run("--content", str(content), "--output", str(output), "--today", TODAY, *args, DRAFT_ID, *TRANSLATIONS) == 0
    return output


APPROVAL_CLAIMS = {
    "en": re.compile(r"\bapproved (on )?\d{1,2} [a-z]+ \d{4}"),
    "cy": re.compile(r"\b(cymeradwywyd|dyddiad cymeradwyo) \d{1,2} [^\W\d]+ \d{4}"),
    "ar": re.compile(r"تاريخ الاعتماد \d{1,2} [^\W\d]+ \d{4}"),
}
"""How each language says an approval date, as words read back (a test's own pattern, not the build's)."""


def claims(said: str, allowed: tuple[str, ...] = (IN_USE,)) -> list[str]:
    """Every approval date ``said`` states, but in the sentences that name the version in use."""
    heard = " ".join(words(said))
    for sentence in allowed:
        heard = heard.replace(" ".join(words(sentence)), "|")
    return [found.group(0) for pattern in APPROVAL_CLAIMS.values() for found in pattern.finditer(heard)]


def said_of(path: Path, leaflet_id: str) -> str:
    """What a reader of ``path``'s format gets back from it."""
    if path.suffix == ".pdf" and leaflet_id in RIGHT_TO_LEFT:  # poppler mixes the footer's Arabic and English runs
        with pikepdf.open(path) as pdf:
            return " ".join(page_texts(read_runs(pdf), len(pdf.pages)))
    if path.suffix == ".pdf":
        return pdftotext(path)
    if path.suffix == ".html":
        reading = read(path.read_text(encoding="utf-8"))
        return text_of(reading) + " " + " ".join(reading.about.values())
    if path.suffix == ".txt":
        return path.read_text(encoding="utf-8")
    if path.suffix == ".brf":
        return read_back(path.read_bytes(), ENGLISH.braille_table)
    if path.suffix == ".pef":
        text = "\f".join("\n".join(rows) + "\n" for rows in pages_of(path.read_bytes()))
        return read_back(text.encode("ascii"), ENGLISH.braille_table)
    if path.suffix == ".epub":  # the book as a reading system opens it, and what its package says of it
        book = open_book(path.read_bytes())
        return book.text + " " + " ".join(value for values in book.metadata.values() for value in values)
    assert path.suffix == ".mp3"
    return " ".join(f"{frame.desc} {frame}" for frame in ID3(path).getall("TXXX")) + " " + audio_script(path, leaflet_id)


def audio_script(path: Path, leaflet_id: str) -> str:
    """The words the MP3 speaks: its script, from the content it was built of."""
    return script_text(script(edition_of(path.parents[2] / "content", leaflet_id)))


def edition_of(content: Path, leaflet_id: str):
    settings = Settings(Folders(content), ids=(leaflet_id,), today=dt.date.fromisoformat(TODAY))
    library = read_library(content)
    [edition] = build.editions(settings, library, Releases.of(library), build.Report())
    return edition


def files(output: Path, leaflet_id: str) -> list[Path]:
    """Every copy of the leaflet made (not its booklet's print file, nor its history page, which is about the copies)."""
    return sorted(path for path in (output / leaflet_id).iterdir() if "-booklet-print" not in path.name and path.name != PAGE)


def test_no_copy_of_the_draft_states_an_approval_as_its_own(drafts):
    made = files(drafts, DRAFT_ID)
    assert {path.suffix for path in made} == {".pdf", ".html", ".txt", ".brf", ".pef", ".mp3", ".epub"}
    assert len(made) == 9 and all(path.stem.endswith("-DRAFT") and "-v1.1-" in path.name for path in made)
    for path in made:
        said = said_of(path, DRAFT_ID)
        flat = " ".join(words(said))
        assert not claims(said), f"{path.name} states {claims(said)}"
        assert " ".join(words(f"Draft of {DRAFTED}")) in flat, path.name
        assert " ".join(words(IN_USE)) in flat, path.name
        assert " ".join(words(PLANNED)) not in flat, f"{path.name} prints the planned approval date"
        assert flat.count(" ".join(words("2 November 2026"))) == flat.count(" ".join(words(IN_USE))), \
            f"{path.name} gives version 1.0's date outside the sentence naming version 1.0"


def test_every_page_of_the_draft_is_dated_as_a_draft(drafts):
    """The footer of every page, in every layout, as poppler reads it."""
    for path in (p for p in files(drafts, DRAFT_ID) if p.suffix == ".pdf"):
        pages = pdftotext(path).split("\f")[:-1]
        assert len(pages) > 2
        for number, page in enumerate(pages, start=1):
            flat = " ".join(page.split())
            assert f"Version 1.1" in flat and f"Draft of {DRAFTED}" in flat and "DRAFT" in flat, (path.name, number)
            assert not claims(page), (path.name, number, claims(page))


def test_the_pdf_describes_itself_as_a_draft(drafts):
    for path in (p for p in files(drafts, DRAFT_ID) if p.suffix == ".pdf"):
        with pikepdf.open(path) as pdf:
            info = {str(key): str(value) for key, value in pdf.docinfo.items()}
            xmp = {str(key).rsplit("}", 1)[-1]: str(value) for key, value in pdf.open_metadata().items()}
        assert info["/CreationDate"].startswith("D:20261120"), path.name  # the draft's date, not 1.0's approval
        assert "approvalDate" not in xmp and "approvedBy" not in xmp, path.name
        assert xmp["draftDate"] == "2026-11-20" and xmp["versionInUse"] == "1.0", path.name
        assert xmp["versionInUseApprovalDate"] == "2026-11-02" and xmp["status"] == "draft", path.name
        assert not claims(" ".join(info.values())), path.name


def test_the_audio_tags_date_the_draft(drafts):
    [path] = (p for p in files(drafts, DRAFT_ID) if p.suffix == ".mp3")
    tags = {frame.desc: str(frame) for frame in ID3(path).getall("TXXX")}
    assert tags == {"reference": DRAFT_ID, "version": "Version 1.1", "draft of": f"Draft of {DRAFTED}",
                    "review due": "Review due 2 November 2029", "in use": IN_USE, "status": "DRAFT"}
    assert audio_script(path, DRAFT_ID).startswith("DRAFT – not approved for use with patients. " + IN_USE)


@pytest.mark.parametrize("leaflet_id", TRANSLATIONS)
def test_no_copy_of_a_bundled_translation_states_an_approval(drafts, leaflet_id):
    """The Welsh and Arabic drafts say "Draft of 29 November 2026" in their language and in English, never "Approved"."""
    phrases = PhraseBook(CONTENT).of(TRANSLATIONS[leaflet_id])
    dated = (phrases.say("stamp.draft_of", date=phrases.date(dt.date(2026, 11, 29))), "Draft of 29 November 2026")
    made = files(drafts, leaflet_id)
    assert {path.suffix for path in made} == {".pdf", ".html", ".txt", ".mp3", ".epub"}  # no braille table for either
    beside = ("Approved on: 2 November 2026",)  # the bilingual copy's English column: the approved version 1.0's own
    for path in made:
        said = said_of(path, leaflet_id)
        found = claims(said, beside if "-bilingual-" in path.name else ())
        assert not found, f"{path.name} states {found}"
        for words_said in dated:  # poppler may space Arabic digits and words otherwise: compared without spaces
            assert "".join(words(words_said)) in "".join(words(said)), (path.name, words_said)


def test_the_register_and_catalogue_agree_with_the_copies(drafts):
    manifest = {row["id"]: row for row in json.loads((drafts / "manifest.json").read_text(encoding="utf-8"))["leaflets"]}
    draft = manifest[DRAFT_ID]
    assert (draft["version"], draft["state"], draft["approval_date"], draft["draft_date"]) == ("1.1", "draft", None, "2026-11-20")
    assert draft["in_use"] == {"version": "1.0", "approval_date": "2026-11-02"}
    for leaflet_id in TRANSLATIONS:
        assert (manifest[leaflet_id]["approval_date"], manifest[leaflet_id]["draft_date"]) == (None, "2026-11-29")
        assert manifest[leaflet_id]["in_use"] is None
    assert manifest["PAIN-OST-002"]["approval_date"] == "2026-11-02" and "draft_date" not in manifest["PAIN-OST-002"]
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((drafts / "register.csv").read_text(encoding="utf-8")))}
    assert (rows[DRAFT_ID]["approval_date"], rows[DRAFT_ID]["draft_date"], rows[DRAFT_ID]["in_use"]) == ("", "2026-11-20", IN_USE)
    assert rows["PAIN-OST-002"]["approval_date"] == "2026-11-02" and rows["PAIN-OST-002"]["in_use"] == ""
    for page in ("register.html", "index.html"):
        shown = " ".join(text_of(read((drafts / page).read_text(encoding="utf-8"))).split())
        assert f"Draft of {DRAFTED}. {IN_USE}" in shown, page
        assert shown.count("Draft of 29 November 2026") == 2, page
        assert not claims(shown), page
        assert PLANNED not in shown, page


def test_an_approved_copy_still_states_its_approval(tmp_path):
    assert run("--output", str(tmp_path), "--today", TODAY, "--format", "text", "PAIN-OST-002") == 0
    said = next((tmp_path / "PAIN-OST-002").glob("*.txt")).read_text(encoding="utf-8")
    assert "\nApproved 2 November 2026\n" in said and "Approved on: 2 November 2026" in said and "Draft of" not in said


def test_every_format_refuses_a_draft_stamped_as_approved(tmp_path, capsys):
    """A language file that words the draft date as an approval: every read-back refuses the copy, none is written."""
    content = drafted(tmp_path / "content", approval=None)
    english = content / "languages" / "en.yaml"
    english.write_text(english.read_text(encoding="utf-8").replace("draft_of: Draft of {date}", "draft_of: Approved {date}"),
                       encoding="utf-8")
    args = [f"--format={name}" for name in FORMATS] + ["--layout=a4"]
    assert run("--content", str(content), "--output", str(tmp_path / "out"), "--today", TODAY, *args, DRAFT_ID) != 0
    err = capsys.readouterr().err
    refusals = [line for line in err.splitlines() if "states 'approved 20 november 2026' as the approval of version 1.1" in line]
    assert len(refusals) == len(FORMATS), err
    assert not files(tmp_path / "out", DRAFT_ID), "no copy is written"


def test_the_shared_rule_reads_words_not_intentions(tmp_path):
    """One rule for every format: an approval date on a draft is refused, the version in use named by it is not."""
    edition = edition_of(drafted(tmp_path / "content"), DRAFT_ID)
    edition.check_dates(f"DRAFT. {IN_USE}. Draft of {DRAFTED}", "text")
    for said in (f"Approved {DRAFTED}", "Approved on: 2 November 2026", "Version 1.1 Approved 14 December 2026"):
        with pytest.raises(VerificationError, match="as the approval of version 1.1, a draft never approved"):
            edition.check_dates(said, "text")
    with pytest.raises(VerificationError, match="PDF's XMP gives an approval date to version 1.1, a draft never approved"):
        edition.check_dates("", "PDF's XMP", {"approvalDate": "2026-11-02"})
    edition.check_dates("", "PDF", {"versionInUseApprovalDate": "2026-11-02", "toBeApprovedBy": "Ward 2026 group"})


def test_a_draft_keeping_an_earlier_versions_approval_date_is_refused_at_its_line(tmp_path, capsys):
    content = drafted(tmp_path / "content", approval="2 November 2026")
    assert run("--content", str(content), "--check") == 1
    err = capsys.readouterr().err
    line = next(n for n, row in enumerate((content / "leaflets" / "back-pain-osteoporosis.yaml").read_text().splitlines(), 1)
                if row.startswith("approval_date:"))
    assert (f"back-pain-osteoporosis.yaml:{line}: approval_date: 2026-11-02 is before this draft's changes entry for "
            "version 1.1 (2026-11-20)") in err, err
    assert "remove the line" in err and "Traceback" not in err


def test_an_approved_leaflet_needs_its_approval_date(tmp_path, capsys):
    shutil.copytree(CONTENT, tmp_path / "content")
    leaflet = tmp_path / "content" / "leaflets" / "managing-pain.yaml"
    leaflet.write_text(re.sub(r"approval_date: .*\n", "", leaflet.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    assert run("--content", str(tmp_path / "content"), "--check") == 1
    err = capsys.readouterr().err
    assert "managing-pain.yaml:1: the file: missing required key 'approval_date'" in err and "approved leaflet has one" in err


def test_an_out_of_date_translation_states_its_approval_only_with_the_version_it_was_for(tmp_path):
    """Approved as a translation of version 0.9, read beside a source now at 1.0: never "Approved …" bare."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    welsh = content / "translations" / "managing-pain.cy.yaml"
    text = welsh.read_text(encoding="utf-8").replace('source_version: "1.0"', 'source_version: "0.9"', 1)
    text = text.replace("status: draft\n", "status: approved\napproval_date: 2026-11-20\n", 1)
    welsh.write_text(text.replace("review_date: 2029-11-29", "review_date: 2029-11-20", 1), encoding="utf-8")
    output = tmp_path / "out"
    assert run("--content", str(content), "--output", str(output), "--today", TODAY, "--allow-out-of-date",
               "--format=text", "--format=html", "--format=pdf", "--layout=a4", "PAIN-OST-002-CY") == 0
    qualified = ("Cymeradwywyd 20 Tachwedd 2026 ar gyfer fersiwn 0.9", "Approved 20 November 2026 for version 0.9")
    for path in files(output, "PAIN-OST-002-CY"):
        said = said_of(path, "PAIN-OST-002-CY")
        assert not claims(said, (*qualified, "Dyddiad cymeradwyo: 20 Tachwedd 2026")), path.name
        for statement in qualified:
            assert " ".join(words(statement)) in " ".join(words(said)), (path.name, statement)
    [pdf] = (output / "PAIN-OST-002-CY").glob("*.pdf")
    with pikepdf.open(pdf) as opened:
        xmp = {str(key).rsplit("}", 1)[-1]: str(value) for key, value in opened.open_metadata().items()}
    assert xmp["approvalDate"] == "2026-11-20 for version 0.9" and xmp["state"] == "out of date"
