"""Where a build's time goes: each pipeline stage timed on its own, in one process.

    benchmarks/.venv/bin/python benchmarks/stages.py [CONTENT_DIR]

Runs the same stages as ``pipeline.build`` (without writing files) and prints
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

from leaflets import pipeline  # noqa: E402
from leaflets.fonts import register  # noqa: E402
from leaflets.render import render  # noqa: E402
from leaflets.typeset import Typesetter  # noqa: E402
from leaflets.verify import verify  # noqa: E402

TODAY = "2026-11-23"


def main() -> None:
    import datetime as dt

    seconds: Counter[str] = Counter({"import the pipeline (ReportLab, pypdf, svglib)": time.perf_counter() - started})

    @contextmanager
    def timed(stage: str):
        start = time.perf_counter()
        yield
        seconds[stage] += time.perf_counter() - start

    content = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "content"
    options = pipeline.Options(content_dir=content, output_dir=Path("unused"), layouts_dir=ROOT / "layouts",
                               today=dt.date.fromisoformat(TODAY))
    report = pipeline.Report()
    with timed("load and validate (read_library)"):
        library = pipeline.read_library(content)
    with timed("load layouts"):
        layouts = pipeline.load_layouts(options, report)
    with timed("resolve (ready)"):
        ready = list(pipeline.ready(options, library, report))
    with timed("register fonts (parse the TrueType files)"):
        for layout in layouts:
            register(layout.font)
    pages = 0
    for resolved, stamp in ready:
        for layout in layouts:
            with timed("typeset: blocks to flowables (incl. SVG figures)"):
                Typesetter(resolved, layout).flowables()
            with timed("render: typeset, lay out, draw, tag, save"):
                rendered = render(resolved, layout, stamp)
            with timed("verify: read the PDF back"):
                pages += verify(rendered.pdf, resolved, layout, stamp).pages
    total = sum(seconds.values()) - seconds["typeset: blocks to flowables (incl. SVG figures)"]
    print(f"{len(ready)} leaflets, {pages} pages; {total:.3f} s in all (typeset is also inside render, timed apart)")
    for stage, value in seconds.items():
        print(f"{value:8.3f} s  {100 * value / total:5.1f} %  {stage}")


if __name__ == "__main__":
    main()
