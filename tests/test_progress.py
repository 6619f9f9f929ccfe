"""A long build shows its progress on a terminal, and only its usual lines anywhere else."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

import pytest

from benchmarks.content import synthetic_library
from conftest import CONTENT, ROOT, TODAY

LEAFLETS = 12


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A synthetic library big enough that a one-process build runs past the progress bar's delay."""
    return synthetic_library(CONTENT, tmp_path_factory.mktemp("progress") / "content", LEAFLETS)


def command(content, output) -> list[str]:
    return [sys.executable, str(ROOT / "make_leaflets.py"), "--content", str(content), "--output", str(output),
            "--today", TODAY, "--jobs", "1"]


def on_a_terminal(args: list[str]) -> str:
    """Everything ``args`` shows on a terminal, standard output and error together."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))  # a terminal 120 columns wide
    run = subprocess.Popen(args, stdin=child, stdout=child, stderr=child, close_fds=True, cwd=ROOT)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert run.wait(timeout=120) == 0
    return seen.decode("utf-8", "replace")


def test_a_long_build_on_a_terminal_shows_files_done_the_leaflet_and_time_left(library, tmp_path):
    shown = on_a_terminal(command(library, tmp_path / "out"))
    total = LEAFLETS * 4
    assert f"/{total} " in shown and "Building:" in shown, "files made of all planned"
    assert "SYN-" in shown.split("Building:", 1)[1], "the leaflet being made"
    assert "<" in shown.split("Building:", 1)[1], "the time left"
    assert shown.count("wrote ") == total + 1, "every file's line still prints, above the bar"


def test_without_a_terminal_only_the_usual_lines_print(library, tmp_path):
    run = subprocess.run(command(library, tmp_path / "out"), capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0
    assert "Building" not in run.stdout + run.stderr and "\r" not in run.stdout + run.stderr
    assert run.stdout.count("wrote ") == LEAFLETS * 4 + 1
