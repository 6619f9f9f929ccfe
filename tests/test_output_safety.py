"""Output safety: a stopped, killed or failing build never damages a good file or leaves a partial one."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import shutil
import tempfile

import pytest
from pypdf import PdfReader

from conftest import ROOT, TODAY, contents, pdfs, published, reworded
from leaflets import atomic
from leaflets.cli import main
from sandbox import RECORDS, qpdf_check, run_bounded


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["terminate", "interrupt", "kill"])
def test_a_build_stopped_part_way_leaves_every_file_whole(rebuild, tmp_path, stop):
    content_copy, built, before, after = rebuild
    output = tmp_path / "output"
    shutil.copytree(built, output)
    assert before.keys() == after.keys() and all(before[k] != after[k] for k in before)

    build = subprocess.Popen([sys.executable, str(ROOT / "make_leaflets.py"), "--content", str(content_copy),
                              "--output", str(output), "--today", TODAY, "--jobs", "1"],  # one file at a time
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = build.stdout.readline()  # one file written: the build is part-way
    assert first.startswith("wrote "), first
    build.send_signal(stop)
    out, err = build.communicate(timeout=60)
    assert "Traceback" not in err
    if stop is not signal.SIGKILL:
        assert build.returncode == 130 and "stopped; every file listed above is complete" in err

    now = contents(output)
    assert now.keys() == before.keys(), "no file lost"
    rewritten = [name for name in now if now[name] == after[name]]
    assert rewritten and len(rewritten) < len(now), "the stop came part-way"
    assert all(now[name] in (before[name], after[name]) for name in now), "every file is a whole old one or a whole new one"
    for path in pdfs(output):
        PdfReader(path, strict=True)
        assert qpdf_check(path) == ""
    leftovers = [p for p in output.rglob("*") if p.is_file() and p not in published(output) and p.name not in RECORDS]
    if stop is signal.SIGKILL:  # nothing can tidy up after a kill; what is left is hidden and never a published name
        assert all(p.name.startswith(".") and p.name.endswith(".part") for p in leftovers), leftovers
    else:
        assert leftovers == []


@pytest.fixture
def earlier(content_copy, tmp_path):
    """An output folder holding a good file from an earlier build, and the arguments to rebuild it."""
    output = tmp_path / "output"
    args = ["--content", str(content_copy), "--output", str(output), "--today", TODAY, "--format", "pdf", "--layout", "a4",
            "PAIN-OST-001"]
    assert main(args) == 0
    reworded(content_copy)
    (good,) = pdfs(output)
    return args, good, good.read_bytes()



def failing(number: int):
    """A stand-in for a system call that fails with ``number``, as the kernel would report it."""
    def fail(*args, **kwargs):
        raise OSError(number, os.strerror(number))
    return fail


class FullFile:
    """A file object whose writes fail as on a full disk."""

    _open = staticmethod(os.fdopen)  # the real one: the test puts this class in its place

    def __init__(self, handle: int, mode: str) -> None:
        self.file = self._open(handle, mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("target, name, fake, reason", [
    (tempfile, "mkstemp", failing(errno.EACCES), "Permission denied"),
    (tempfile, "mkstemp", failing(errno.EROFS), "Read-only file system"),
    (os, "fdopen", FullFile, "No space left on device"),
    (os, "fsync", failing(errno.ENOSPC), "No space left on device"),
    (os, "replace", failing(errno.EROFS), "Read-only file system"),
], ids=["not allowed", "read-only", "disk full on write", "disk full on flush", "read-only on rename"])
def test_an_unwritable_output_folder_gets_a_message_and_keeps_the_earlier_file(earlier, monkeypatch, target, name, fake, reason):
    args, good, old = earlier
    monkeypatch.setattr(target, name, fake)
    code, out, err = run_bounded(args)
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err
    assert "PAIN-OST-001 (a4): cannot write" in err and reason in err, err
    assert good.read_bytes() == old, "the earlier file is untouched"
    assert sorted(p.name for p in good.parent.iterdir()) == [good.name, "history.html"], "no partial file"


def test_an_output_folder_that_is_a_file_gets_a_message(content_copy, tmp_path):
    blocker = tmp_path / "output"
    blocker.write_text("not a folder")
    code, out, err = run_bounded(["--content", str(content_copy), "--output", str(blocker), "--today", TODAY,
                                  "--format", "pdf", "--layout", "a4"])
    assert code == 1 and "Traceback" not in err
    leaflets = [*(content_copy / "leaflets").glob("*.yaml"), *(content_copy / "translations").glob("*.yaml")]
    assert err.count("cannot write to") == len(leaflets) and "Not a directory" in err
    assert blocker.read_text() == "not a folder"


def test_publish_uses_a_hidden_temporary_name_beside_the_target(tmp_path, monkeypatch):
    seen = []
    real = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (seen.append(os.path.basename(source)), real(source, target)))
    atomic.write_atomic(tmp_path / "a" / "leaflet.pdf", b"%PDF-")
    assert seen and seen[0].startswith(".leaflet.pdf.") and seen[0].endswith(".part")
