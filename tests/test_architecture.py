"""The package's shape: stages that import only earlier stages, and a new format that is one module and one line.

A toy format (a word count per leaflet) is added here the way ARCHITECTURE.md
says a real one is: its own class and one entry in the registry. The build
then plans it, makes it, verifies it, writes it atomically, registers it,
catalogues it, keeps it on a rebuild and archives it, without a line of the
package knowing it exists.
"""

from __future__ import annotations

import ast
import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import CONTENT, ROOT, TODAY, draft_of, run
from leaflets.document.words import missing_word, plural, words
from leaflets.errors import VerificationError
from leaflets.outputs import FORMATS, Output, Rendition

PACKAGE = ROOT / "leaflets"
STAGES = ("errors", "atomic", "processes", "settings", "source", "document", "governance", "outputs", "publish", "importing",
          "build", "progress", "service", "cli")
"""Each module's place: a module may import from its own stage or an earlier one, never a later one."""


def stage(module: str) -> int:
    """The stage of a module given by its dotted name under ``leaflets``."""
    parts = module.split(".")
    return STAGES.index(parts[1]) if len(parts) > 1 else -1  # the package itself: only its version


def imports(path: Path, root: Path = ROOT) -> list[str]:
    """The ``leaflets`` modules ``path`` (under ``root``) imports, at any depth of the file: lazy imports count too."""
    name = ".".join(path.relative_to(root).with_suffix("").parts)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            if node.module:
                found.append(f"{base}.{node.module}")
            else:  # ``from .. import name``: a module of that package, or a name its __init__ defines
                folder = root.joinpath(*base.split("."))
                found.extend(f"{base}.{alias.name}" if (folder / f"{alias.name}.py").exists() or (folder / alias.name).is_dir()
                             else base for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("leaflets"):
            found.append(node.module)
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda path: path.relative_to(PACKAGE).as_posix())
def test_a_stage_imports_only_earlier_stages(path):
    name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    later = [target for target in imports(path) if stage(target) > stage(name)]
    assert not later, f"{name} (stage {STAGES[stage(name)]}) reaches forward into {later}"


def test_the_stage_check_sees_a_forward_import(tmp_path):
    bad = tmp_path / "leaflets" / "source" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from ..publish import register\n", encoding="utf-8")
    assert imports(bad, tmp_path) == ["leaflets.publish"]
    assert stage("leaflets.publish") > stage("leaflets.source.bad")


def test_every_subpackage_says_what_it_receives_and_returns():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "Receives" in doc and "returns" in doc, f"{init.relative_to(ROOT)} does not say its inputs and outputs"


def test_only_the_pdf_output_and_what_handles_pdf_packs_import_pdf_libraries():
    allowed = ("outputs/pdf/", "publish/packs.py", "publish/catalogue.py")  # the catalogue counts a pack's pages
    for path in modules():
        relative = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        named = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
        named |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
        pdf_libraries = {name for name in named if name.split(".")[0] in ("reportlab", "pypdf", "svglib")}
        assert not pdf_libraries or relative.startswith(allowed), f"{relative} imports {sorted(pdf_libraries)}"


def test_each_format_is_registered_under_its_own_name():
    assert all(FORMATS[name].name == name for name in FORMATS)


# The toy format.


class WordCount(Output):
    """A word count per leaflet, with its stamp: the smallest format that is still a real one."""

    name = "words"
    extension = ".txt"
    label = "Word count"

    def make(self, edition, variant) -> list[Rendition]:
        lines = [*edition.stamp, *((edition.notice.sentence,) if edition.notice else ()),
                 f"{len(edition.document.words)} words", " ".join(edition.document.words)]
        data = "".join(f"{line}\n" for line in lines).encode("utf-8")
        read_back = words(data.decode("utf-8").splitlines()[-1])
        gap = missing_word(edition.document.words, read_back)
        if gap:
            raise VerificationError(f"the word '{gap[1]}' is missing from the word count")
        return [Rendition(variant.name, data, 1, 0.0, tuple(read_back), variant.label, plural(len(read_back), "word"))]


@pytest.fixture
def with_word_count(monkeypatch):
    monkeypatch.setitem(FORMATS, WordCount.name, WordCount)  # the registration line


def test_a_new_format_is_one_module_and_one_registration_line(with_word_count, tmp_path):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(CONTENT, content)
    common = ["--content", str(content), "--output", str(output), "--today", TODAY, "--format", "all"]
    assert run(*common) == 0
    made = output / "PAIN-OST-001" / "PAIN-OST-001-v1.0-words.txt"
    text = made.read_text(encoding="utf-8").splitlines()
    assert text[:2] == ["PAIN-OST-001", "Version 1.0"] and text[-2].endswith(" words")

    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    [leaflet] = [entry for entry in manifest["leaflets"] if entry["id"] == "PAIN-OST-001"]
    formats = sorted((entry["format"], entry["layout"]) for entry in leaflet["files"])
    assert formats == [("audio", "audio"), ("braille", "braille"), ("epub", "epub"), ("html", "html"), ("pdf", "a4"), ("pdf", "large-print"),
                       ("pef", "pef"),
                       ("text", "text"), ("words", "words")]
    with open(output / "register.csv", newline="", encoding="utf-8") as file:
        assert "PAIN-OST-001/PAIN-OST-001-v1.0-words.txt" in {row["file_path"] for row in csv.DictReader(file)}
    index = (output / "index.html").read_text(encoding="utf-8")
    assert 'PAIN-OST-001-v1.0-words.txt">Word count</a>' in index, "listed by the name its format declares"

    before = made.stat().st_mtime_ns
    assert run(*common) == 0
    assert made.stat().st_mtime_ns == before, "an unchanged edition is not made again"

    leaflet_file = content / "leaflets" / "back-pain-osteoporosis.yaml"
    source = leaflet_file.read_text(encoding="utf-8").replace('version: "1.0"\nstatus', 'version: "1.1"\nstatus', 1)
    source = source.replace("approval_date: 2026-11-02", "approval_date: 2026-11-20").replace(
        "changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Reworded.\n', 1)
    leaflet_file.write_text(source, encoding="utf-8")
    assert run(*common) == 0
    assert not made.exists() and (output / "archive" / "PAIN-OST-001" / made.name).exists(), "the old version is archived"
    assert (output / "PAIN-OST-001" / "PAIN-OST-001-v1.1-words.txt").exists()


def test_a_draft_says_so_in_the_new_format_too(with_word_count, tmp_path):
    content, output = draft_of(tmp_path / "content"), tmp_path / "output"
    assert run("--content", str(content), "--output", str(output), "--today", TODAY, "--format", "words") == 0
    [draft] = (output / "PAIN-OST-002").glob("*.txt")
    assert draft.name == "PAIN-OST-002-v1.0-words-DRAFT.txt"
    assert "DRAFT" in draft.read_text(encoding="utf-8").splitlines()[:5], "the status is in the stamp"
