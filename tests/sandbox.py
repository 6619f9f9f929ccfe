"""A scratch library holding one leaflet, built in-process under a time bound.

The robustness tests build thousands of leaflets; starting a process for each
would take minutes, so they call the command's ``main`` directly, capture what
it prints, and stop any build that runs past ``BUILD_SECONDS`` (a hang is a
failure, not a slow test).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import yaml

from conftest import CONTENT, ROOT, TODAY
from leaflets.cli import main

BUILD_SECONDS = 30
"""Far above the slowest generated build (well under a second); only a hang reaches it."""

LARGE_28 = "large-print-28"
"""A test layout: large print re-flowed for a reader who asks for a 28 pt body."""

LINE = re.compile(r"^(?P<path>[^:\n]+\.yaml):(?P<line>\d+): \S")


class Hung(Exception):
    """A build ran past its time bound."""


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    pdfs: list[Path]
    leftovers: list[Path]


RECORDS = {"manifest.json", "register.csv", "register.html", "index.html", "history.html"}
"""What a build writes beside its PDFs: the register, each leaflet's history page and the catalogue, whole files like the PDFs."""


def layout_28(target: Path) -> Path:
    """A copy of ``layouts/`` plus the 28 pt large-print layout, for ``--layouts``."""
    shutil.copytree(ROOT / "layouts", target)
    data = yaml.safe_load((ROOT / "layouts" / "large-print.yaml").read_text(encoding="utf-8"))
    data["description"] = "Large print with a 28 pt body, for a reader who asks for it."
    data["sizes"] = {"title": 40, "subtitle": 32, "heading": 34, "subheading": 30, "body": 28, "small": 24}
    data["page"]["margins_mm"]["bottom"] = 50  # room for the larger footer
    (target / f"{LARGE_28}.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return target


class Sandbox:
    """A content folder with the bundled site, shared blocks, figures and languages, and no leaflets but the one under test."""

    def __init__(self, root: Path) -> None:
        self.content = root / "content"
        shutil.copytree(CONTENT, self.content)
        for path in (self.content / "leaflets").glob("*.yaml"):
            path.unlink()
        shutil.rmtree(self.content / "translations")
        shutil.rmtree(self.content / "easy-read")
        self.leaflet = self.content / "leaflets" / "generated.yaml"
        self.output = root / "output"
        self.layouts = layout_28(root / "layouts")

    def build(self, leaflet: str | bytes, layout: str = "a4", *extra: str) -> Outcome:
        """Write ``leaflet`` and build it in ``layout`` into an empty output folder."""
        if isinstance(leaflet, str):
            leaflet = leaflet.encode("utf-8", "surrogatepass")
        self.leaflet.write_bytes(leaflet)
        shutil.rmtree(self.output, ignore_errors=True)
        # Each generated leaflet is a first release, not an edit of the last one.
        (self.content / "releases.yaml").unlink(missing_ok=True)
        shutil.rmtree(self.content / "releases", ignore_errors=True)
        args = ["--content", str(self.content), "--output", str(self.output), "--layouts", str(self.layouts),
                "--today", TODAY, "--format", "pdf", "--layout", layout, *extra]
        code, out, err = run_bounded(args)
        files = sorted(self.output.rglob("*")) if self.output.exists() else []
        return Outcome(code, out, err, [p for p in files if p.suffix == ".pdf"],
                       [p for p in files if p.is_file() and p.suffix != ".pdf" and p.name not in RECORDS])


def run_bounded(args: list[str]) -> tuple[int, str, str]:
    """``main(args)`` with its output captured, stopped with :class:`Hung` after ``BUILD_SECONDS``."""
    def expire(signum, frame):
        raise Hung(f"the build ran for more than {BUILD_SECONDS} s")

    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, BUILD_SECONDS)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return code, out.getvalue(), err.getvalue()


def unlocated(err: str) -> list[str]:
    """The lines of ``err`` that do not start ``file.yaml:line: ``."""
    return [line for line in err.splitlines() if not LINE.match(line)]


def qpdf_check(path: Path) -> str:
    """libqpdf's complaints about ``path``, as ``qpdf --check`` makes them (through pikepdf), or "" if it found none."""
    try:
        with pikepdf.open(path) as document:
            return "\n".join([*document.check_pdf_syntax(), *document.get_warnings()])
    except pikepdf.PdfError as error:
        return str(error)
