"""Faults from outside, tried on the real command in its own process: killed at many points, run several at once.

After each fault every published file is the earlier good one, byte for byte,
or a whole new one; no scratch file is left; no helper process of the build
lives on; the register lists each file as it stands; and the next build
repairs everything.

Kills tied to a clock land wherever the build happens to be; kills tied to a
write land exactly there, every run: strace (``inject=rename:signal=SIGKILL``)
kills the build as it puts a named file in place, its scratch file written
whole, and kills one helper process mid-job the same way.
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

import psutil
import pytest

from conftest import ROOT, TODAY, contents, debian_tool, draft_of, pdftotext

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


PACKED = ("PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-003")
PACKING = ["--pack", "back-pain", *PACKED]
"""A build that writes every kind of file: leaflets, the release record, the register, a pack and the catalogue."""
NAMED_WRITES = ("releases.yaml", "manifest.json", "register.csv", "register.html", "history.html", "back-pain-a4.pdf",
                "back-pain-large-print.pdf", "index.html")
"""The files the build's own process puts in place (its helpers write the leaflets' files)."""


def strace(*options: str) -> list[str]:
    return [debian_tool("strace"), "-qq", *options]


def fresh_copy(rebuild, folder: Path) -> tuple[Path, Path]:
    """A copy of the reworded content, its versions not yet recorded, and of the earlier output: each run starts alike."""
    content, earlier, _, _ = rebuild
    shutil.copytree(content, folder / "content", ignore=shutil.ignore_patterns("releases.yaml", "releases"))
    shutil.copytree(earlier, folder / "output")
    return folder / "content", folder / "output"


@pytest.fixture(scope="module")
def put_in_place(rebuild, tmp_path_factory) -> tuple[list[str], Path]:
    """The names the build's own process renames into place, in order, and the folder an untouched run wrote.

    Learned from one traced run from the same state as every killed one, so a
    kill at the n-th rename lands on the same file each time.
    """
    content, output = fresh_copy(rebuild, tmp_path_factory.mktemp("traced"))
    trace = output.parent / "renames.log"
    run = subprocess.run(strace("-o", str(trace), "-e", "trace=rename") + command(content, output) + PACKING,
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    targets = [Path(line.split('", "')[1].split('"')[0]).name for line in trace.read_text().splitlines()
               if line.startswith("rename(")]
    assert set(NAMED_WRITES) <= set(targets), targets
    return targets, output


@pytest.mark.parametrize("name", NAMED_WRITES)
def test_a_build_killed_as_it_puts_each_kind_of_file_in_place_leaves_no_scratch(rebuild, put_in_place, tmp_path, name):
    _, _, before, after = rebuild
    targets, untouched = put_in_place
    content, output = fresh_copy(rebuild, tmp_path)
    when = targets.index(name) + 1
    build = subprocess.Popen(strace("-o", os.devnull, "-e", "trace=rename", "-e", f"inject=rename:signal=SIGKILL:when={when}")
                             + command(content, output) + PACKING, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    assert build.wait(timeout=300) == -signal.SIGKILL, f"the build was not killed at {name}"  # strace dies as it did
    assert gone(build.pid), "a worker or helper of the killed build is still running"

    assert scratch(output) == [] and scratch(content) == [], f"scratch files left behind when killed at {name}"
    now = {path: data for path, data in contents(output).items() if path.parts[0] != "packs"}
    assert all(now[path] in (before.get(path), after.get(path)) for path in now), "a file is neither old nor new"
    assert_listed_as_they_are(output, now)

    repair = subprocess.run(command(content, output) + PACKING, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert repair.returncode == 0, repair.stderr
    for record in ("index.html", "register.csv", "packs/back-pain-a4.pdf", "packs/back-pain-large-print.pdf"):
        assert (output / record).read_bytes() == (untouched / record).read_bytes(), f"{record} was not repaired"
    assert contents(output).items() >= {k: v for k, v in after.items() if k.parts[0] in PACKED}.items()
    assert scratch(output) == [] and scratch(content) == []


def helpers(build: int) -> list[psutil.Process]:
    """The build's pool workers: its children but the first, its janitor, forked before them."""
    children = sorted(psutil.Process(build).children(), key=lambda child: child.create_time())
    return children[1:]


def test_a_helper_killed_mid_job_costs_that_job_a_second_try_not_the_build(rebuild, tmp_path):
    _, _, _, after = rebuild
    content, output = fresh_copy(rebuild, tmp_path)
    build = subprocess.Popen(command(content, output), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    first = build.stdout.readline()
    assert first.startswith("wrote"), first
    victim = helpers(build.pid)[-1].pid  # killed as it puts its next file in place, its scratch file written
    tracer = subprocess.Popen(strace("-o", os.devnull, "-p", str(victim), "-e", "trace=rename",
                                     "-e", "inject=rename:signal=SIGKILL:when=1"))
    said, errors = build.communicate(timeout=300)
    tracer.wait(timeout=30)

    assert build.returncode == 0, errors
    assert "Traceback" not in errors
    retried = [line for line in said.splitlines() if line.startswith("note: the helper process making")]
    assert retried and all("making it again in a fresh process" in line for line in retried), said
    assert any(f"{leaflet} (" in retried[0] for leaflet in after_leaflets(after)), retried
    assert contents(output).items() >= after.items(), "every file was made, the lost job's on its second try"
    assert_listed_as_they_are(output, contents(output))
    assert scratch(output) == []


def after_leaflets(after: dict[Path, bytes]) -> set[str]:
    return {path.parts[0] for path in after}


def test_a_pool_that_cannot_start_gives_way_to_one_process(rebuild, tmp_path):
    """A full /dev/shm: the semaphore the pool needs cannot be made (glibc links it into place there)."""
    _, _, _, after = rebuild
    content, output = fresh_copy(rebuild, tmp_path)
    run = subprocess.run(strace("-o", os.devnull, "-e", "trace=link", "-e", "inject=link:error=ENOSPC")
                         + command(content, output), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert ("note: the helper processes could not start (No space left on device); "
            "making the rest in this one process instead") in run.stdout
    assert contents(output).items() >= after.items()


def test_scratch_files_of_builds_no_longer_running_are_removed_and_others_kept(rebuild, tmp_path):
    content, output = fresh_copy(rebuild, tmp_path)
    dead = subprocess.Popen(["true"])  # its number is no running process's now
    dead.wait()
    beside = subprocess.Popen(["sleep", "60"])  # stands for a build still running beside this one
    try:
        stale = [output / f".index.html.{dead.pid}.abcd1234.part", output / "PAIN-OST-001" / f".x.pdf.{dead.pid}.k2j4h5g6.part",
                 content / f".releases.yaml.{dead.pid}.q1w2e3r4.part"]
        live = [output / f".register.csv.{beside.pid}.zxcv5678.part", content / f".releases.yaml.{beside.pid}.m1n2b3v4.part"]
        for path in [*stale, *live]:
            path.write_bytes(b"half a file")
        run = subprocess.run(command(content, output), cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        assert [path for path in stale if path.exists()] == [], "a dead build's scratch files are removed"
        assert all(path.read_bytes() == b"half a file" for path in live), "a running build's scratch files are its own"
    finally:
        beside.kill()
        beside.wait()


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
    made = sorted((output / "PAIN-OST-002").glob("PAIN-OST-002-v*"))
    assert made, "the leaflet was built from one reading or the other"
    for path in made:
        said = path.read_text(encoding="utf-8") if path.suffix == ".txt" else pdftotext(path)
        flat = " ".join(said.split())
        version = "1.1" if "-v1.1-" in path.name else "1.0"
        assert f"Version {version}" in flat, path.name
        assert ("We would really like to know" in flat) is (version == "1.1"), f"{path.name}: words from another reading"
