"""Faults from outside, tried on the real command in its own process: killed at many points, run several at once.

After each fault every published file is the earlier good one, byte for byte,
or a whole new one; no scratch file is left; no helper process of the build
lives on; the register lists each file as it stands; and the next build
repairs everything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, contents, draft_of, pdftotext

FILES_KILL_POINTS = range(0, 13, 2)
"""Kill after this many files are reported written (of 12: PDF, web page and text of three leaflets)."""
TIMED_KILL_POINTS = (0.05, 0.3, 0.6, 0.9, 1.2, 1.5)
"""Kill this many seconds after the start: while it starts, plans, makes, archives or writes the register."""


def scratch(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.name.startswith(".") and path.name.endswith(".part")]


def command(content: Path, output: Path) -> list[str]:
    return [sys.executable, str(ROOT / "make_leaflets.py"), "--content", str(content), "--output", str(output),
            "--today", TODAY, "--jobs", "2"]


def gone(group: int, seconds: float = 10) -> bool:
    """True once no process of the build's process group is left (its workers and helpers included)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.02)
    return False


def listed(output: Path) -> dict[Path, str]:
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    return {Path(entry["path"]): entry["sha256"] for leaflet in manifest["leaflets"] for entry in leaflet["files"]}


def killed(content: Path, output: Path, after_files: int | None, after_seconds: float | None) -> None:
    """Run the build and SIGKILL it after some files or some seconds; return once it and its helpers are gone."""
    build = subprocess.Popen(command(content, output), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, start_new_session=True)
    if after_files is not None:
        for _ in range(after_files):
            if not build.stdout.readline().startswith("wrote"):
                break
    else:
        time.sleep(after_seconds)
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=30)
    assert gone(build.pid), "a worker or helper of the killed build is still running"
    build.stdout.close()


def assert_listed_as_they_are(output: Path, files: dict[Path, bytes]) -> None:
    """The register lists every published file, with the SHA-256 of what stands there."""
    listing = listed(output)
    assert {name: listing.get(name) for name in files} == \
        {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}, "the register and the files disagree"


@pytest.mark.parametrize("after_files, after_seconds",
                         [(n, None) for n in FILES_KILL_POINTS] + [(None, s) for s in TIMED_KILL_POINTS])
def test_a_killed_build_leaves_whole_files_and_the_next_repairs_all(rebuild, tmp_path, after_files, after_seconds):
    content, earlier, before, after = rebuild
    output = tmp_path / "output"
    shutil.copytree(earlier, output)
    killed(content, output, after_files, after_seconds)

    now = contents(output)
    assert now.keys() <= before.keys() | after.keys()
    assert all(now[name] in (before.get(name), after.get(name)) for name in now), "a file is neither old nor new"
    assert scratch(output) == [] and scratch(content) == [], "scratch files left behind"
    assert_listed_as_they_are(output, now)

    run = subprocess.run(command(content, output), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    repaired = contents(output)
    assert {name: data for name, data in repaired.items() if name in after} == after, "the next build repairs every file"
    assert_listed_as_they_are(output, repaired)
    assert scratch(output) == []


@pytest.mark.parametrize("builds", [2, 4])
def test_builds_run_at_once_into_one_folder_lose_nothing(rebuild, tmp_path, builds):
    content, earlier, before, after = rebuild
    output = tmp_path / "output"
    shutil.copytree(earlier, output)
    for _ in range(2):
        runs = [subprocess.Popen(command(content, output) + ["--force"], cwd=ROOT, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True) for _ in range(builds)]
        errors = [run.communicate(timeout=300)[1] for run in runs]
        assert [run.returncode for run in runs] == [0] * builds, errors
        assert contents(output).items() >= after.items(), "every file is a whole new one"
        assert scratch(output) == []
        assert set(after) <= set(listed(output)), "no build's entries are lost from the register"
        assert all(hashlib.sha256((output / name).read_bytes()).hexdigest() == sha for name, sha in listed(output).items()
                   if (output / name).exists())


EDIT_TIMES = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
"""Seconds into a build at which a leaflet's source is rewritten."""


def second_reading(text: str) -> str:
    """PAIN-OST-002's draft as its author saves it again: a new version with a new word."""
    return (text.replace('version: "1.0"\n', 'version: "1.1"\n', 1)
                .replace("approval_date: 2026-11-02\n", "", 1)  # a new draft has no approval date of its own
                .replace("changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Second draft.\n', 1)
                .replace("We would like to know", "We would really like to know", 1))


@pytest.mark.parametrize("at", EDIT_TIMES)
def test_a_source_edited_during_a_build_is_built_from_one_reading(tmp_path, at):
    content = draft_of(tmp_path / "content")
    source = content / "leaflets" / "managing-pain.yaml"
    first = source.read_text(encoding="utf-8")
    output = tmp_path / "output"
    build = subprocess.Popen(command(content, output) + ["--format", "text", "--format", "pdf"], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(at)
    source.write_text(second_reading(first), encoding="utf-8")
    build.communicate(timeout=300)
    made = sorted((output / "PAIN-OST-002").glob("*"))
    assert made, "the leaflet was built from one reading or the other"
    for path in made:
        said = path.read_text(encoding="utf-8") if path.suffix == ".txt" else pdftotext(path)
        flat = " ".join(said.split())
        version = "1.1" if "-v1.1-" in path.name else "1.0"
        assert f"Version {version}" in flat, path.name
        assert ("We would really like to know" in flat) is (version == "1.1"), f"{path.name}: words from another reading"
