"""The benchmark's inputs are honest: synthetic leaflets are valid, and the floor prints the project's words.

The benchmark itself (benchmarks/run.py) is too slow for the suite; these
check only what its figures rest on.
"""

from __future__ import annotations

import copy
import subprocess
import sys

from benchmarks.content import english_library, export, synthetic_library, wrong_words
from benchmarks.floor import print_library
from conftest import CONTENT, ROOT, TODAY, pdfs, reader, run


def test_synthetic_leaflets_build(tmp_path):
    content = synthetic_library(CONTENT, tmp_path / "content", 5)
    output = tmp_path / "output"
    assert run("--content", str(content), "--output", str(output), "--today", TODAY) == 0
    built = pdfs(output)
    assert [path.parent.name for path in built[::2]] == [f"SYN-{n:04d}" for n in range(1, 6)]
    assert len(built) == 10 and all(len(reader(path).pages) > 1 for path in built)


def test_floor_prints_the_same_words_and_footers(tmp_path):
    library = export(english_library(CONTENT, tmp_path / "content"))
    totals = print_library(library, tmp_path)
    assert totals["pdfs"] == 6 and totals["pages"] > 6
    assert wrong_words(library, tmp_path) == []


def test_a_missing_paragraph_is_noticed(tmp_path):
    library = export(english_library(CONTENT, tmp_path / "content"))
    shortened = copy.deepcopy(library)
    body = shortened["leaflets"][0]["body"]
    body.remove(next(item for item in body if item["kind"] == "para" and item["style"] == "body"))
    print_library(shortened, tmp_path)
    problems = wrong_words(library, tmp_path)
    assert len(problems) == 2 and all(library["leaflets"][0]["id"] in problem for problem in problems)


def test_the_stage_timer_runs_and_accounts_for_every_pdf(tmp_path):
    """benchmarks/stages.py follows the pipeline's own functions: a change to them must not leave it broken."""
    content = english_library(CONTENT, tmp_path / "content")
    timed = subprocess.run([sys.executable, "benchmarks/stages.py", str(content)], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.splitlines()
    assert timed[0].startswith("6 PDFs, ") and "pages" in timed[0]
    stages = [line.split("%", 1)[1].strip() for line in timed[1:]]
    assert stages[0].startswith("import the pipeline") and any(stage.startswith("verify") for stage in stages)
