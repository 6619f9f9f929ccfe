"""Shared fixtures: the bundled library built once, and helpers to read PDFs back."""

from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from leaflets.cli import main
from leaflets.governance.status import notice
from leaflets.publish.history import PAGE
from leaflets.source.phrases import REFERENCE, PhraseBook

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ENGLISH = PhraseBook(CONTENT).of(REFERENCE)
"""The bundled English phrases: what the build writes itself in an English leaflet."""
DRAFT_NOTICE = notice(("draft",), ENGLISH, ENGLISH)
OVERDUE_NOTICE = notice(("overdue",), ENGLISH, ENGLISH)
TODAY = "2026-11-23"


@dataclass
class Glyphs:
    """What a reader's software sees on one page: its text and the size of every run."""

    text: str
    sizes: list[float]
    fonts: set[str]


def read_page(page) -> Glyphs:
    sizes: list[float] = []
    fonts: set[str] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            a = tm[0] * cm[0] + tm[1] * cm[2]
            b = tm[0] * cm[1] + tm[1] * cm[3]
            c = tm[2] * cm[0] + tm[3] * cm[2]
            d = tm[2] * cm[1] + tm[3] * cm[3]
            sizes.append(round(size * math.sqrt(abs(a * d - b * c)), 2))
            fonts.add(str(font.get("/BaseFont")) if font else "?")

    text = page.extract_text(visitor_text=visit)
    return Glyphs(" ".join(text.replace("\u00a0", " ").split()), sizes, fonts)


DEBIAN_PACKAGES = Path(__file__).with_name("debian-packages.txt")


def debian_tool(name: str) -> str:
    """The path of a tool from ``tests/debian-packages.txt``; a missing one fails, naming the install step."""
    found = shutil.which(name)
    assert found, f"{name} is missing: run the README's test command, which installs the packages in {DEBIAN_PACKAGES}"
    return found


BIDI_CONTROLS = dict.fromkeys(range(0x202A, 0x202F))


def pdftotext(path: Path, *options: str) -> str:
    """What poppler's pdftotext reads from ``path``: the text layer as copy-paste and many readers get it."""
    command = [debian_tool("pdftotext"), *options, str(path), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return text.translate(BIDI_CONTROLS)  # poppler marks each right-to-left run with them; they are not words


def run(*args: str, capsys=None) -> int:
    return main(list(args))


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The bundled library, built once into a scratch output folder."""
    output = tmp_path_factory.mktemp("output")
    assert main(["--output", str(output), "--today", TODAY]) == 0
    return output


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A scratch copy of the bundled content that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf"))


def published(folder: Path) -> list[Path]:
    """Every file a build published into ``folder``, in any format: all but the records (those at its top, and each
    leaflet's history page) and hidden files."""
    return sorted(path for path in folder.rglob("*")
                  if path.is_file() and path.parent != folder and not path.name.startswith(".") and path.name != PAGE)


BUNDLED = ("PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-002-AR", "PAIN-OST-002-CY", "PAIN-OST-003")
"""Every leaflet of the bundled library: three in English, and draft Arabic and Welsh translations of one."""
EASY_READ_EDITIONS = ("PAIN-OST-002-ER",)
"""The bundled Easy Read editions, a draft of one: a default build makes each a PDF in the Easy Read layout, a web
page and plain text, where every other leaflet gets two PDFs (A4 and large print) beside the last two."""
LIBRARY = tuple(sorted(BUNDLED + EASY_READ_EDITIONS))
"""Every leaflet a default build makes files of."""
DEFAULT_PDFS = 2 * len(BUNDLED) + len(EASY_READ_EDITIONS)
DEFAULT_FILES = DEFAULT_PDFS + 2 * len(LIBRARY)
"""What a default build (PDF, web page, text) writes."""
WITHOUT_EASY_READ = ("braille", "pef", "epub")
"""The formats that make no Easy Read edition: its rows rest on their pictures."""
WITHOUT_BRAILLE = ("PAIN-OST-002-AR", "PAIN-OST-002-CY")
TRANSLATED = {"PAIN-OST-002-AR": "ar", "PAIN-OST-002-CY": "cy"}
"""The bundled translations' languages; every other bundled leaflet is in en-GB."""
RIGHT_TO_LEFT = ("PAIN-OST-002-AR",)
"""Read back by poppler and by the project's reader, not by pypdf, which takes shaped glyphs for
presentation forms in drawing order (tests/test_right_to_left.py reads them)."""


def language_of(file_name: str) -> str:
    """The language of a bundled leaflet's file, by the reference its name starts with."""
    return TRANSLATED.get(file_name.split("-v")[0], "en-GB")
"""Leaflets in a language liblouis cannot read back (braille_table: none)."""


def built_in(format_name: str, output: Path) -> dict[str, Path]:
    """The bundled library built in one format into ``output``: each leaflet's one file, by id."""
    assert main(["--output", str(output), "--today", TODAY, "--format", format_name]) == 0
    found = {path.parent.name: path for path in published(output)}
    expected = [i for i in LIBRARY if not (format_name in ("braille", "pef") and i in WITHOUT_BRAILLE)
                and not (format_name in WITHOUT_EASY_READ and i in EASY_READ_EDITIONS)]
    assert sorted(found) == expected and len(published(output)) == len(expected)
    return found


def leaflet_pdf(output: Path, leaflet_id: str, layout: str) -> Path:
    """The one PDF of ``leaflet_id`` in ``layout``, whatever its version."""
    [path] = (output / leaflet_id).glob(f"{leaflet_id}-v*-{layout}.pdf")
    return path


def reader(path: Path) -> PdfReader:
    return PdfReader(path, strict=True)


def opened(path: Path) -> pikepdf.Pdf:
    """``path`` as the build's own read-back opens it (qpdf), for the conformance check's functions."""
    return pikepdf.open(path)


def draft_of(content: Path, leaflet_file: str = "managing-pain.yaml") -> Path:
    """A copy of the bundled content in ``content`` with one leaflet (PAIN-OST-002 by default) back at draft."""
    shutil.copytree(CONTENT, content)
    leaflet = content / "leaflets" / leaflet_file
    leaflet.write_text(leaflet.read_text(encoding="utf-8").replace("status: approved", "status: draft", 1), encoding="utf-8")
    return content


def built_draft(tmp_path: Path, format_name: str) -> Path:
    """PAIN-OST-002 built as a draft in one format: the one file written."""
    content = draft_of(tmp_path / "content")
    assert main(["--content", str(content), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--format", format_name, "PAIN-OST-002"]) == 0
    [draft] = (path for path in (tmp_path / "out" / "PAIN-OST-002").iterdir() if path.is_file() and path.name != PAGE)
    return draft


ONLINE = "https://www.example.nhs.uk/leaflets/pain-ost-001"
PACK = ("new-patient", ("PAIN-OST-002", "PAIN-OST-001", "PAIN-OST-003"))


@pytest.fixture(scope="session")
def clinic(tmp_path_factory) -> Path:
    """A clinic's build: PAIN-OST-001 with an online address, every layout including the A5 booklet, and a pack of every leaflet.

    The bundled leaflets are approved without an online address; adding one
    changes their words, so here it comes as version 1.1 with its own change
    entry and approval, as the version lock requires.
    """
    root = tmp_path_factory.mktemp("clinic")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    leaflet = content / "leaflets" / "back-pain-osteoporosis.yaml"
    text = leaflet.read_text(encoding="utf-8").replace('version: "1.0"\nstatus', 'version: "1.1"\nstatus', 1)
    text = text.replace("approval_date: 2026-11-02", "approval_date: 2026-11-20").replace(
        "changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Adds the online address.\n', 1)
    leaflet.write_text(text + f"online: {ONLINE}\n", encoding="utf-8")
    output = root / "output"
    common = ["--content", str(content), "--output", str(output), "--today", TODAY]
    layouts = ["--layout", "a4", "--layout", "large-print", "--layout", "a5-booklet"]
    name, ids = PACK
    assert main([*common, *layouts, "--pack", name, *ids]) == 0
    return output


def contents(folder: Path) -> dict[Path, bytes]:
    return {path.relative_to(folder): path.read_bytes() for path in published(folder)}


def reworded(content: Path) -> None:
    """Change a word in every leaflet, translation and Easy Read edition, so a rebuild writes different bytes.

    The release record goes too: these edits stand for unreleased versions,
    which the version lock would otherwise (rightly) refuse.
    """
    for path in [*(content / "leaflets").glob("*.yaml"), *(content / "translations").glob("*.yaml"),
                 *(content / "easy-read").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("feedback: ", "feedback: Please. ", 1), encoding="utf-8")
    (content / "releases.yaml").unlink()
    shutil.rmtree(content / "releases")


@pytest.fixture(scope="session")
def rebuild(tmp_path_factory):
    """A library built once, its content then reworded, and what a full rebuild of it writes."""
    root = tmp_path_factory.mktemp("rebuild")
    content, output, fresh = root / "content", root / "output", root / "fresh"
    shutil.copytree(CONTENT, content)
    assert main(["--content", str(content), "--output", str(output), "--today", TODAY]) == 0
    reworded(content)
    assert main(["--content", str(content), "--output", str(fresh), "--today", TODAY]) == 0
    return content, output, contents(output), contents(fresh)
