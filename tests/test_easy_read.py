"""Easy Read editions: rows checked against the Easy Read rules, locked to the leaflet they explain, and read back as a
reader gets them: the PDF's tags, sizes and pages, the web page in a browser at two widths, the text and the audio.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import CONTENT, TODAY, pdftotext, read_page
from leaflets.cli import main
from leaflets.source import easyread, markup, model
from leaflets.source.library import read_library
from test_axe import axe_results
from test_catalogue import chromium
from test_outloud import findings
from test_translations import build, content_copy, edit, moved_on, register_rows

EASY_READ = "PAIN-OST-002-ER"
EASY_READ_FILE = Path("easy-read/managing-pain.easy-read.yaml")
PICTURE_MM = 35


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """The bundled library built in every format Easy Read is made in, default layouts."""
    output = tmp_path_factory.mktemp("easy-read")
    assert main(["--output", str(output), "--today", TODAY, "--format", "pdf", "--format", "html", "--format", "text",
                 "--format", "audio", EASY_READ, "PAIN-OST-002"]) == 0
    return output


def copy_of(made: Path, pattern: str) -> Path:
    [found] = (made / EASY_READ).glob(pattern)
    return found


def test_the_edition_is_made_only_in_the_easy_read_layout_and_its_source_never_in_it(made):
    assert sorted(path.name for path in (made / EASY_READ).glob("*-v*")) == [
        f"{EASY_READ}-v1.0-audio-DRAFT.mp3", f"{EASY_READ}-v1.0-easy-read-DRAFT.html",
        f"{EASY_READ}-v1.0-easy-read-DRAFT.pdf", f"{EASY_READ}-v1.0-text-DRAFT.txt"]
    assert not list((made / "PAIN-OST-002").glob("*easy-read*"))


def test_the_pdf_passes_outloud_and_reads_each_picture_then_its_words(made):
    pdf = copy_of(made, "*-easy-read-DRAFT.pdf")
    assert findings([pdf]) == {str(pdf): []}
    with pikepdf.open(pdf) as opened:
        rows = []

        def walk(element) -> None:
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            elements = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
            if element.get("/S") == "/Div" and elements and elements[0].get("/S") == "/Figure":
                rows.append([str(kid.get("/S")) for kid in elements] + [str(elements[0].get("/Alt"))])
            for kid in elements:
                walk(kid)

        walk(opened.Root.StructTreeRoot)
    edition = next(leaflet for leaflet in read_library(CONTENT).leaflets if leaflet.id == EASY_READ)
    assert len(rows) == sum(isinstance(block, model.Row) for block in edition.blocks), "every row of the edition is a Div, its picture first"
    assert all(row[0] == "/Figure" and row[1] == "/P" for row in rows)
    assert rows[0][-1] == "A person holding their back because it hurts."
    assert all(row[-1] not in ("", "None") for row in rows), "every picture carries its description"


def test_each_row_is_on_one_page_its_pictures_35_mm_and_its_smallest_text_16_pt(made):
    pdf = copy_of(made, "*-easy-read-DRAFT.pdf")
    reader = PdfReader(pdf)
    texts = [" ".join(pdftotext(pdf, "-f", str(n), "-l", str(n)).split()) for n in range(1, len(reader.pages) + 1)]
    edition = next(leaflet for leaflet in read_library(CONTENT).leaflets if leaflet.id == EASY_READ)
    for row in (block for block in edition.blocks if isinstance(block, model.Row)):
        said = " ".join(markup.plain(row.text).split())
        assert sum(said in page for page in texts) == 1, f"the row starting '{said[:30]}' is whole on one page"
    sizes = [size for page in reader.pages for size in read_page(page).sizes]
    assert min(sizes) >= 16
    with pikepdf.open(pdf) as opened:
        page = opened.pages[0]
        matrices = [op.operands for op in pikepdf.parse_content_stream(page) if op.operator == pikepdf.Operator("cm")]
    scales = [float(m[0]) for m in matrices if len(m) == 6 and float(m[0]) > 1]
    assert scales and min(scales) * 48 >= PICTURE_MM / 25.4 * 72 - 0.5, "an icon 48 units wide drawn 35 mm or more"


def test_the_web_page_passes_axe_at_1200_and_320_pixels_with_the_picture_above_at_320(made, tmp_path):
    page = copy_of(made, "*-easy-read-DRAFT.html")
    for width in (1200, 320):
        results = axe_results(page, tmp_path, width)
        assert results["width"] == width and results["passes"] > 10
        assert results["violations"] == [], width
    markup = page.read_text(encoding="utf-8")
    first = markup.index('<div class="row">')
    assert markup.index("<img", first) < markup.index("This leaflet is about pain", first), "picture first"
    placed = tmp_path / "placed.html"
    probe = ("<script>var r=document.querySelector('.row'),i=r.querySelector('img').getBoundingClientRect(),"
             "w=r.querySelector('.words').getBoundingClientRect();document.title=[Math.round(i.width),"
             "i.bottom<=w.top?'above':'beside'].join(' ');</script></body>")
    placed.write_text(markup.replace("</body>", probe), encoding="utf-8")
    for width, expected in ((1200, "beside"), (320, "above")):
        dom = chromium(tmp_path, f"--window-size={width},900", "--dump-dom", placed.as_uri()).stdout
        title = re.search(r"<title>(.*?)</title>", dom).group(1)
        side, where = title.split()
        assert where == expected, (width, title)
        assert int(side) >= round(PICTURE_MM / 25.4 * 96), "the picture is 35 mm or more on screen too"


def test_text_describes_each_picture_then_says_its_words_and_audio_says_the_words(made):
    text = " ".join(copy_of(made, "*-text-DRAFT.txt").read_text(encoding="utf-8").split())
    assert "Picture: A calendar. The pain often lasts for a few months. It slowly gets better over that time." in text
    assert "Easy Read edition of: PAIN-OST-002, version 1.0" in text
    assert "Pictures: Health Icons (healthicons.org), MIT licence" in text
    # it is made in none of the other formats, so it offers those of the leaflet it explains
    assert "This is the Easy Read version of leaflet PAIN-OST-002. You can ask for leaflet PAIN-OST-002 in large " \
           "print, as audio or in Braille." in text
    assert "ask for this leaflet" not in text
    assert copy_of(made, "*-audio-DRAFT.mp3").stat().st_size > 100_000


def test_a_source_version_bump_makes_the_edition_out_of_date(tmp_path, capsys):
    content = content_copy(tmp_path)
    moved_on(content)
    output = tmp_path / "refused"
    assert build(content, output, "--format", "text") == 1
    message = capsys.readouterr().err
    assert (f"content/{EASY_READ_FILE}: {EASY_READ} explains version 1.0 of PAIN-OST-002, which is now at version 1.1"
            in message)
    assert not list((output / EASY_READ).glob(f"{EASY_READ}-v*"))
    row = register_rows(output)[EASY_READ]
    assert (row["state"], row["edition_of"]) == ("out of date", "explains PAIN-OST-002 version 1.0")
    marked = tmp_path / "marked"
    assert build(content, marked, "--format", "text", "--allow-out-of-date", EASY_READ) == 0
    said = " ".join(copy_of(marked, "*.txt").read_text(encoding="utf-8").split())
    assert said.startswith("OUT OF DATE – this Easy Read edition follows version 1.0 of the leaflet it explains; "
                           "that leaflet is now version 1.1")


def test_the_catalogue_register_and_list_name_the_edition_with_its_leaflet(made, capsys):
    catalogue = (made / "index.html").read_text(encoding="utf-8")
    assert "an Easy Read edition of PAIN-OST-002 version 1.0" in catalogue
    row = register_rows(made)[EASY_READ]
    assert (row["status"], row["state"], row["edition_of"]) == ("draft", "draft", "explains PAIN-OST-002 version 1.0")
    assert main(["--list"]) == 0
    listed = {line.split("\t")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert listed[EASY_READ].endswith("\tdraft\treview due 2 November 2029\texplains PAIN-OST-002 version 1.0")


FAULTS = [
    ("        Your back has a row of small bones. Each of these bones is called a\n        **vertebra**.",
     "        Your back has a row of small bones and each of these many bones in your back is called a **vertebra**.",
     "has 21 words, more than 15"),
    ("      text: The pain can be very bad at first.",
     "      text: The pain can be bad. It can be very bad. It is bad at first. It gets better.",
     "a row of 4 sentences; an Easy Read row has one to 3"),
    ("      picture: figures/easy-read/calendar.svg\n      description: A calendar\n      text: >-\n        The pain often",
     "      text: >-\n        The pain often", "a row without a picture"),
    ("      description: A calendar\n      text: >-\n        The pain often", "      text: >-\n        The pain often",
     "a picture without a description"),
    ("      text: Gentle activity helps you get better.", "      text: Gentle activity helps you get *better*.",
     "'*better*' is italic or underlined"),
    ("      text: Gentle activity helps you get better.", "      text: Gentle activity <u>helps</u> you get better.",
     "is italic or underlined"),
    ("      text: Gentle activity helps you get better.", "      text: Gentle activity HELPS you get better.",
     "'HELPS' is written in capitals"),
    ("      text: Gentle activity helps you get better.", "      text: Gentle activity helps you get better in two weeks.",
     "the number 'two' is written as a word"),
    ("about pain after a broken bone in your back. It gives", "about pain from osteoporosis in your back. It gives",
     "uses 'osteoporosis' before the hard_word row that explains it"),
]


@pytest.mark.parametrize("old, new, expected", FAULTS, ids=[fault[2][:30] for fault in FAULTS])
def test_each_easy_read_rule_refuses_the_edition_at_its_line_while_the_rest_build(tmp_path, capsys, old, new, expected):
    content = content_copy(tmp_path)
    edit(content / EASY_READ_FILE, old, new)
    line = (content / EASY_READ_FILE).read_text(encoding="utf-8").split(new)[0].count("\n") + 1
    output = tmp_path / "out"
    assert build(content, output, "--format", "text") == 1
    message = capsys.readouterr().err
    found = next((said for said in message.splitlines() if expected in said), message)
    where = re.match(rf"{re.escape(str(content / EASY_READ_FILE))}:(\d+): ", found)
    assert where, found
    assert line - 2 <= int(where.group(1)) <= line + new.count("\n"), (line, found)  # the row's, its key's or its own
    assert "Traceback" not in message
    assert not (output / EASY_READ).exists()
    assert list((output / "PAIN-OST-002").glob("*.txt")), "the rest of the library still builds"


def test_sentences_are_counted_as_a_reader_meets_them():
    assert easyread.sentences("Call **999** or go to A&E. Do it now!") == ["Call 999 or go to A&E.", "Do it now!"]
    assert easyread.uses("Your vertebrae hurt.", "vertebra") and not easyread.uses("Your pace.", "pacing")
