"""An independent checker, outloud (PDF/UA-1 by the Matterhorn protocol, and WCAG), finds nothing in any PDF a build writes.

Every kind a reader gets: A4, large print, re-flowed sizes, the A5 booklet
and its print file (the reading file's pages imposed two to a sheet, still
tagged: it may be opened on screen too), a patient pack, blank pages added by
--even-pages, a draft, an Arabic right-to-left translation and an overdue copy.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import TODAY, draft_of, pdfs
from leaflets.cli import main
from leaflets.outputs.base import PRINT_SUFFIX

OUTLOUD = Path(sys.executable).with_name("outloud")
OVERDUE_DAY = "2030-01-15"
"""After the bundled leaflets' review date (2 November 2029)."""


def findings(paths: list[Path]) -> dict[str, list[str]]:
    """outloud's errors and warnings for each file, by name."""
    run = subprocess.run([str(OUTLOUD), "--json", "-", "--fail-on", "never", *map(str, paths)],
                         capture_output=True, text=True, check=True)
    report = json.loads(run.stdout)
    return {result["path"]: [f"{finding['rule']}: {finding['message']}" for finding in result["findings"]
                                        if finding["severity"] in ("error", "warning")] + ([result["error"]] if result["error"] else [])
            for result in report["results"]}


@pytest.fixture(scope="module")
def every_kind(clinic, tmp_path_factory) -> list[Path]:
    """The clinic's build (every layout, a pack, a QR code) and a draft, its Arabic translation and an overdue copy at
    every size and as booklets, padded to even pages."""
    root = tmp_path_factory.mktemp("kinds")
    content = draft_of(root / "content")
    sizes = ["--size", "24", "--size", "28", "--layout", "a4", "--layout", "large-print", "--layout", "a5-booklet",
             "--even-pages"]
    assert main(["--content", str(content), "--output", str(root / "draft"), "--today", TODAY, "--format", "pdf",
                 *sizes, "PAIN-OST-002", "PAIN-OST-002-AR"]) == 0
    assert main(["--output", str(root / "overdue"), "--today", OVERDUE_DAY, "--allow-overdue", "--format", "pdf",
                 *sizes, "PAIN-OST-003"]) == 0
    found = [path for folder in (clinic, root) for path in pdfs(folder)]
    names = " ".join(str(path) for path in found)
    for kind in ("-a4.pdf", "-large-print.pdf", "-24pt", "-28pt", "-a5-booklet.pdf", f"-a5-booklet{PRINT_SUFFIX}.pdf",
                 f"-a5-booklet{PRINT_SUFFIX}-DRAFT.pdf", f"-AR-v1.0-a5-booklet{PRINT_SUFFIX}-DRAFT.pdf",
                 f"/overdue/PAIN-OST-003/PAIN-OST-003-v1.0-a5-booklet{PRINT_SUFFIX}.pdf", "/packs/"):
        assert kind in names, kind
    return found


def test_outloud_finds_nothing_in_any_pdf(every_kind):
    found = findings(every_kind)
    assert len(found) == len(every_kind)
    assert {name: problems for name, problems in found.items() if problems} == {}
