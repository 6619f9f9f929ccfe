"""Where a build's time goes: each pipeline stage timed on its own, in one process.

    benchmarks/.venv/bin/python benchmarks/stages.py [CONTENT_DIR]

Runs the same stages as ``leaflets.build.build`` with ``--jobs 1``, into a scratch folder, and prints
the seconds each took in total, so a change to one stage can be judged by the
figure it moves. Start-up (imports) is timed as the first line.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

started = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leaflets import build  # noqa: E402
from leaflets.governance.release import Releases  # noqa: E402
from leaflets.atomic import write_atomic  # noqa: E402
from leaflets.document.fingerprint import digest  # noqa: E402
from leaflets.outputs.pdf.fonts import register as register_font  # noqa: E402
from leaflets.outputs.pdf.render import render  # noqa: E402
from leaflets.outputs.pdf.stamp import Stamp  # noqa: E402
from leaflets.outputs.pdf.typeset import Typesetter, script_family  # noqa: E402
from leaflets.outputs.pdf.verify import verify  # noqa: E402
from leaflets.publish import register  # noqa: E402
from leaflets.settings import Folders, Settings  # noqa: E402
from leaflets.source.library import read_library  # noqa: E402

TODAY = "2026-11-23"


def main() -> None:
    import datetime as dt
    import tempfile

    seconds: Counter[str] = Counter({"import the pipeline (ReportLab, pikepdf, svglib)": time.perf_counter() - started})

    @contextmanager
    def timed(stage: str):
        start = time.perf_counter()
        yield
        seconds[stage] += time.perf_counter() - start

    content = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    output = Path(tempfile.mkdtemp(prefix="leaflet-stages-"))
    settings = Settings(Folders(content, output, ROOT / "layouts"), today=dt.date.fromisoformat(TODAY), formats=("pdf",), jobs=1)
    report = build.Report()
    with timed("load and validate (read_library)"):
        library = read_library(content)
    with timed("read the register, digest the tool's source"):
        known = register.recorded_files(register.load(output))
        tool = register.generator()
    with timed("plan: resolve, judge status, check releases, fingerprint"):
        jobs = build.plan(settings, library, Releases.of(library), report, known, digest(tool))
    with timed("register fonts (parse the TrueType files)"):
        for job in jobs:
            layout = job.variant.spec.layout
            register_font(layout.font, layout.fallback_font, script_family(job.edition.document, layout))
    pages = 0
    for job in jobs:
        layout = job.variant.spec.layout
        stamp = Stamp.of(job.edition.stamp, job.edition.document.phrases, job.edition.notice)
        with timed(TYPESET):
            Typesetter(job.edition.document, layout).flowables()
        with timed("render: typeset, lay out, draw, tag, save"):
            rendered = render(job.edition, layout, stamp, job.variant.spec.even_pages)
        with timed("verify: read the PDF back"):
            pages += verify(rendered.pdf, job.edition.document, layout, stamp).pages
        with timed("publish: write atomically"):
            write_atomic(job.paths[0], rendered.pdf)
    total = sum(seconds.values()) - seconds[TYPESET]
    print(f"{len(jobs)} PDFs, {pages} pages; {total:.3f} s in all (typesetting, inside render, also timed apart)")
    for stage, value in seconds.items():
        print(f"{value:8.3f} s  {100 * value / total:5.1f} %  {stage}")


TYPESET = "  of which typeset: blocks to flowables (incl. SVG figures)"


if __name__ == "__main__":
    main()
