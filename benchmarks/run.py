"""Measure the project against the floor (ReportLab by hand) and the peer (WeasyPrint), side by side.

    benchmarks/.venv/bin/python benchmarks/run.py [--runs 5] [--sizes 10,100,300,1000] [--write-results]

Every measurement is a fresh process (a cold start, as a user or CI runs it),
writing into a fresh folder so nothing is skipped. Figures are medians over
``--runs``. CPU time comes from the kernel's account of the finished child and
all its descendants (wait4); memory, of the largest process and of the whole
tree (main process plus workers), is sampled with psutil.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.content import (LONG_ID, english_library, long_paragraph_library, synthetic_library,  # noqa: E402
                                write_export, wrong_words)

TODAY = "2026-11-23"
PY = sys.executable
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
"""Children cache bytecode as Python does by default, so a cold run is a fresh process, not a fresh install."""
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGETS = {"floor_wall": 1.4, "floor_cpu": 1.8, "scale_ratio": 1.0, "peer_ratio": 4.0, "noop": 0.2, "size": 0.5,
           "memory_mb": 250}
PACKAGES = ("reportlab", "rl_accel", "pikepdf", "uharfbuzz", "PyYAML", "svglib", "fontpkg", "weasyprint", "pydyf", "psutil")
LONG_KB = (1, 60, 240)
"""Sizes (KB) of the one long paragraph measured: the 1 KB leaflet is what the longer ones are measured beyond."""
SIZED = ("PAIN-OST-001", 28)
"""The leaflet and body size of the on-request large print measured: one leaflet, re-flowed, into an empty folder."""


@dataclass
class Sample:
    wall: float
    cpu: float
    max_rss_mb: float  # the largest single process (RSS)
    tree_mb: float  # the whole process tree at its largest (PSS)
    pages: int


def measure(command: list[str], pages_from) -> Sample:
    """Run ``command`` to completion as a fresh process and account for it and its descendants."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0, 0.0]  # the whole tree's PSS, the largest single RSS
    done = threading.Event()
    threading.Thread(target=_sample_tree, args=(child.pid, command, peak, done), daemon=True).start()
    out, err = _drain(child)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    done.set()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit {code}:\n{err[-2000:]}")
    # Not usage.ru_maxrss: a child forked from this harness starts with the harness's own high-water mark.
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak[1] / 2**20, peak[0] / 2**20, pages_from(out))


def _drain(child: subprocess.Popen) -> tuple[str, str]:
    """Read both pipes to the end without reaping the child, so wait4 can still account for it."""
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(child.stderr.read()))
    reader.start()
    out = child.stdout.read()
    reader.join()
    return out, err[0]


def _sample_tree(pid: int, command: list[str], peak: list[float], done: threading.Event) -> None:
    """Sum the PSS of the process and its descendants, once it runs ``command``.

    PSS shares each page among the processes that map it, so forked workers'
    shared pages count once, as the machine's memory sees them. Sampled every
    20 ms for two seconds, then every 100 ms: reading PSS costs CPU, which a
    long build on two cores would otherwise share with the meter. Before exec
    the child is a copy of this harness; its memory is not the command's.
    """
    try:
        root = psutil.Process(pid)
        while root.cmdline()[1:] != command[1:]:
            if done.wait(0.001):
                return
        started = time.perf_counter()
        while not done.is_set():
            total = 0
            for process in (root, *root.children(recursive=True)):
                try:
                    memory = process.memory_full_info()
                except psutil.Error:
                    continue
                total += memory.pss
                peak[1] = max(peak[1], memory.rss)
            peak[0] = max(peak[0], total)
            done.wait(0.02 if time.perf_counter() - started < 2 else 0.1)
    except psutil.Error:
        pass


def median(samples: list[Sample]) -> Sample:
    middle = {name: statistics.median(getattr(s, name) for s in samples) for name in Sample.__dataclass_fields__}
    return Sample(**{**middle, "pages": int(middle["pages"])})


def project_pages(out: str) -> int:
    """The pages of the PDFs the build says it wrote ("wrote …pdf (A4 clear print, 7 pages)")."""
    return sum(int(pages) for pages in re.findall(r"^wrote .+\.pdf \(.+, (\d+) pages?\)$", out, re.MULTILINE))


def script_pages(out: str) -> int:
    return json.loads(out.strip().splitlines()[-1])["pages"]


class Bench:
    """The commands measured, and the options the project's command line offers."""

    def __init__(self, scratch: Path, runs: int) -> None:
        self.scratch, self.runs = scratch, runs
        self.help = subprocess.run([PY, "make_leaflets.py", "--help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        self.has_jobs, self.has_force = "--jobs" in self.help, "--force" in self.help
        self._fresh = 0

    def fresh(self) -> Path:
        self._fresh += 1
        return self.scratch / f"out-{self._fresh}"

    def project(self, content: Path, jobs: int | None, output: Path | None = None) -> list[str]:
        command = [PY, "make_leaflets.py", "--content", str(content), "--output", str(output or self.fresh()), "--today", TODAY]
        return command + (["--jobs", str(jobs)] if jobs and self.has_jobs else [])

    def script(self, name: str, export: Path, output: Path | None = None) -> list[str]:
        return [PY, f"benchmarks/{name}.py", str(export), str(output or self.fresh())]

    def check_words(self, name: str, export: Path) -> None:
        """Stop unless ``name`` prints every word and footer the project prints: otherwise the race is unfair."""
        output = self.fresh()
        measure(self.script(name, export, output), script_pages)
        problems = wrong_words(json.loads(export.read_text(encoding="utf-8")), output)
        if problems:
            raise SystemExit(f"{name} does not print the same content:\n" + "\n".join(problems))

    def repeat(self, make_command, pages_from, runs: int | None = None, warm_up: bool = True) -> Sample:
        """The median of fresh runs, after one unmeasured run that fills the bytecode cache.

        ``make_command`` is called per run so each writes somewhere new.
        """
        if warm_up:
            measure(make_command(), pages_from)
        return median([measure(make_command(), pages_from) for _ in range(runs or self.runs)])

    def sized(self, content: Path) -> Sample:
        """One leaflet at a size asked for, as a reader's request is met: alone, into an empty folder."""
        leaflet, size = SIZED
        return self.repeat(lambda: self.project(content, None) + [leaflet, "--size", str(size)], project_pages)

    def noop(self, content: Path) -> Sample | None:
        """A second build into the same output: nothing changed, so nothing should be rebuilt."""
        if not self.has_force:
            return None
        def second_build() -> list[str]:
            output = self.fresh()
            measure(self.project(content, None, output), project_pages)
            return self.project(content, None, output)
        return median([measure(second_build(), project_pages) for _ in range(self.runs)])


def side_by_side(bench: Bench, content: Path, with_peer: bool) -> dict[str, Sample]:
    export = write_export(content, bench.scratch / "bundled.json")
    rows = {"project": bench.repeat(lambda: bench.project(content, None), project_pages)}
    if bench.has_jobs:
        rows["project --jobs 1"] = bench.repeat(lambda: bench.project(content, 1), project_pages)
    for name in ("floor", "peer") if with_peer else ("floor",):
        bench.check_words(name, export)
    rows["floor (ReportLab by hand)"] = bench.repeat(lambda: bench.script("floor", export), script_pages)
    if with_peer:
        rows["peer (WeasyPrint)"] = bench.repeat(lambda: bench.script("peer", export), script_pages)
    return rows


def long_paragraphs(bench: Bench) -> dict[int, Sample]:
    """One leaflet whose body is a single paragraph of each size in ``LONG_KB``, as an A4 PDF into an empty folder."""
    rows = {}
    for kilobytes in LONG_KB:
        content = long_paragraph_library(ROOT / "content", bench.scratch / f"long-{kilobytes}", kilobytes)
        command = lambda: bench.project(content, 1) + [LONG_ID, "--layout", "a4", "--format", "pdf"]  # noqa: E731
        rows[kilobytes] = bench.repeat(command, project_pages)
        print(f"  one paragraph of {kilobytes} KB: {rows[kilobytes].cpu:.2f} s of CPU", file=sys.stderr)
    return rows


def long_rows(rows: dict[int, Sample]) -> list[str]:
    """The long paragraphs' table: the time beyond the shortest, per 100 KB, is steady when time grows linearly."""
    base_kb = min(rows)
    base = rows[base_kb]
    out = ["| paragraph | pages | wall s | CPU s | CPU s beyond the 1 KB leaflet, per 100 KB |", "|---|---|---|---|---|"]
    for kilobytes, s in rows.items():
        beyond = (f"{100 * (s.cpu - base.cpu) / (kilobytes - base_kb):.2f}" if kilobytes > base_kb else "–")
        out.append(f"| {kilobytes} KB | {s.pages} | {s.wall:.2f} | {s.cpu:.2f} | {beyond} |")
    return out


def scaling(bench: Bench, sizes: list[int], runs: int) -> dict[tuple[str, int], Sample]:
    """The project (each --jobs value) and the floor on synthetic libraries of growing size."""
    library = synthetic_library(ROOT / "content", bench.scratch / "synthetic", max(sizes))
    rows: dict[tuple[str, int], Sample] = {}
    for size in sizes:
        content = bench.scratch / f"content-{size}"
        synthetic_library(library, content, size)
        # The first build of new approved leaflets records them in content/releases.yaml; later builds only check.
        measure(bench.project(content, None), project_pages)
        export = write_export(content, bench.scratch / f"synthetic-{size}.json")
        for jobs in ((1, 2) if bench.has_jobs else (None,)):
            label = f"project --jobs {jobs}" if jobs else "project"
            rows[(label, size)] = bench.repeat(lambda: bench.project(content, jobs), project_pages, runs, warm_up=False)
            print(f"  {label}, {size} leaflets: {rows[(label, size)].wall:.1f} s", file=sys.stderr)
        rows[("floor", size)] = bench.repeat(lambda: bench.script("floor", export), script_pages, runs, warm_up=False)
    return rows


def _spin(seconds: float) -> float:
    start = time.process_time()
    while time.process_time() - start < seconds:
        pass
    return seconds


def free_cores() -> float:
    """How many cores this run really has: CPU time over wall time of one busy process per core.

    On a shared machine other work takes its share; the figure says how far
    --jobs can go at all, so "cores busy" can be read against it.
    """
    from multiprocessing import get_context

    cores = os.cpu_count() or 1
    started = time.perf_counter()
    with get_context("fork").Pool(cores) as pool:
        busy = sum(pool.map(_spin, [1.0] * cores))
    return busy / (time.perf_counter() - started)


# Reporting


def _dirty() -> bool:
    return bool(subprocess.run(["git", "status", "--porcelain", "--", "leaflets", "layouts", "content"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip())


def machine(free: tuple[float, float]) -> list[tuple[str, str]]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    versions = ", ".join(f"{name} {metadata.version(name)}" for name in PACKAGES)
    commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    return [("commit measured", commit + (" (with uncommitted changes)" if _dirty() else "")), ("CPU", cpu), ("cores", str(os.cpu_count())), ("memory", f"{psutil.virtual_memory().total / 2**30:.0f} GiB"),
            ("OS", platform.platform()), ("Python", platform.python_version()), ("packages", versions),
            ("load average (1, 5, 15 min) at the end", ", ".join(f"{load:.2f}" for load in os.getloadavg())),
            ("cores free for this run, at the start and the end", f"{free[0]:.2f}, {free[1]:.2f}")]


def sample_row(name: str, s: Sample) -> str:
    per_page = f"{1000 * s.wall / s.pages:.1f}" if s.pages else "–"
    cpu_page = f"{1000 * s.cpu / s.pages:.1f}" if s.pages else "–"
    rate = f"{s.pages / s.wall:.1f}" if s.pages else "–"
    return (f"| {name} | {s.wall:.2f} | {s.cpu:.2f} | {s.cpu / s.wall:.2f} | {s.max_rss_mb:.0f} | {s.tree_mb:.0f} "
            f"| {s.pages} | {rate} | {per_page} | {cpu_page} |")


HEADER = ("| run | wall s | CPU s | cores busy | peak RSS MB (largest process) | peak PSS MB (process tree) | pages "
          "| pages/s | wall ms/page | CPU ms/page |\n|---|---|---|---|---|---|---|---|---|---|")


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(bench: Bench, free: tuple[float, float], rows: dict[str, Sample], help_: Sample, noop: Sample | None,
           sized: Sample, scale: dict[tuple[str, int], Sample], long: dict[int, Sample], command: str) -> str:
    out = ["# Benchmark results", "",
           f"Measured {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC with:", "", "```sh", command, "```", ""]
    out += ["| machine | |", "|---|---|", *(f"| {k} | {v} |" for k, v in machine(free)), ""]
    project, floor = rows["project"], rows["floor (ReportLab by hand)"]
    peer = rows.get("peer (WeasyPrint)")
    out += [f"## The bundled library, side by side (median of {bench.runs} fresh processes)", "",
            "Each run writes into an empty folder, so everything is built. The project reads, validates, resolves, "
            "lays out, tags, verifies and publishes; the floor and the peer only print the words the project resolved "
            "(exported before timing).", "", HEADER, *(sample_row(name, s) for name, s in rows.items()), ""]
    ratios = []
    for name in [name for name in rows if name.startswith("project")]:
        ratios += [(f"{name} / floor, {measure} time per page", ratio(rows[name], floor, measure)) for measure in ("wall", "cpu")]
    if peer:
        ratios += [(f"WeasyPrint / project, {measure} time per page", ratio(peer, project, measure)) for measure in ("wall", "cpu")]
    out += ["| ratio | value |", "|---|---|", *(f"| {name} | {value:.2f} |" for name, value in ratios), ""]
    out += ["## Start-up, rebuilds and a size on request", "", HEADER, sample_row("make_leaflets.py --help", help_)]
    out += [sample_row("no-op rebuild (second build, same output)", noop)] if noop else []
    out += [sample_row(f"{SIZED[0]} alone at --size {SIZED[1]}, into an empty folder", sized), ""]
    out += ["## Bad input: one long paragraph", "",
            "A leaflet whose body is a single paragraph (a document pasted whole), as an A4 PDF with `--jobs 1`, "
            f"median of {bench.runs} fresh processes. Time that grows linearly with the paragraph shows as a steady "
            "figure in the last column.", "", *long_rows(long), ""]
    if scale:
        out += ["## Growth: synthetic libraries", "",
                "Copies of the three real leaflets, each with its own reference, two layouts each. "
                "Linear growth shows as a steady time per leaflet.", "",
                "| run | leaflets | pages | wall s | CPU s | cores busy | wall ms/leaflet | peak RSS MB (largest process) | peak PSS MB (process tree) |",
                "|---|---|---|---|---|---|---|---|---|"]
        for (name, size), s in scale.items():
            out.append(f"| {name} | {size} | {s.pages} | {s.wall:.1f} | {s.cpu:.1f} | {s.cpu / s.wall:.2f} "
                       f"| {1000 * s.wall / size:.0f} | {s.max_rss_mb:.0f} | {s.tree_mb:.0f} |")
        out.append("")
    out += ["## Against the targets", "", "| target | measured | |", "|---|---|---|"]
    out += [f"| {name} | {shown} | {verdict(ok)} |" for name, shown, ok in targets(rows, noop, sized, scale)]
    out += ["", "Where the time of each missed target goes, and what was tried: [profile.md](profile.md)."]
    return "\n".join(out) + "\n"


def targets(rows: dict[str, Sample], noop: Sample | None, sized: Sample,
            scale: dict[tuple[str, int], Sample]) -> list[tuple[str, str, bool]]:
    """Each target of the performance issue: its name, what was measured, and whether it is met."""
    floor = rows["floor (ReportLab by hand)"]
    wall = ratio(rows["project"], floor, "wall")
    found = [(f"bundled library, project / floor, wall per page ≤ {TARGETS['floor_wall']:g}", f"{wall:.2f} ×",
              wall <= TARGETS["floor_wall"])]
    if "project --jobs 1" in rows:
        cpu = ratio(rows["project --jobs 1"], floor, "cpu")
        found.append((f"project / floor, CPU per page (--jobs 1) ≤ {TARGETS['floor_cpu']:g}", f"{cpu:.2f} ×",
                      cpu <= TARGETS["floor_cpu"]))
    for size in sorted({size for _, size in scale}):
        if ("project --jobs 2", size) in scale and size >= 100:
            growth = scale[("project --jobs 2", size)].wall / scale[("floor", size)].wall
            found.append((f"{size} leaflets, project --jobs 2 / floor on one core, wall ≤ {TARGETS['scale_ratio']:g}",
                          f"{growth:.2f} ×", growth <= TARGETS["scale_ratio"]))
    if "peer (WeasyPrint)" in rows:
        peer = ratio(rows["peer (WeasyPrint)"], rows["project"], "wall")
        found.append((f"WeasyPrint / project, wall per page ≥ {TARGETS['peer_ratio']:g}", f"{peer:.2f} ×",
                      peer >= TARGETS["peer_ratio"]))
    found.append((f"no-op rebuild < {TARGETS['noop']:g} s", f"{noop.wall:.3f} s" if noop else "not available",
                  bool(noop) and noop.wall < TARGETS["noop"]))
    found.append((f"one leaflet at --size {SIZED[1]} on request < {TARGETS['size']:g} s", f"{sized.wall:.2f} s",
                  sized.wall < TARGETS["size"]))
    if scale:
        biggest = max(size for _, size in scale)
        best = min((s for (name, size), s in scale.items() if size == biggest and name.startswith("project")),
                   key=lambda s: s.wall)
        found.append((f"{biggest} leaflets, peak memory of the process tree < {TARGETS['memory_mb']} MB",
                      f"{best.tree_mb:.0f} MB", best.tree_mb < TARGETS["memory_mb"]))
    return found


def ratio(a: Sample, b: Sample, measure: str) -> float:
    """``a``'s time per page over ``b``'s."""
    return (getattr(a, measure) / a.pages) / (getattr(b, measure) / b.pages)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="fresh runs per measurement on the bundled library (median reported)")
    p.add_argument("--sizes", default="10,100,300,1000", help="synthetic library sizes, comma separated; empty for none")
    p.add_argument("--scale-runs", type=int, default=1, help="runs per synthetic size (the large ones take minutes)")
    p.add_argument("--no-peer", action="store_true", help="leave WeasyPrint out")
    p.add_argument("--write-results", action="store_true", help=f"rewrite {RESULTS.relative_to(ROOT)}")
    args = p.parse_args()
    command = "benchmarks/.venv/bin/python benchmarks/run.py " + " ".join(sys.argv[1:])
    with tempfile.TemporaryDirectory(prefix="leaflet-bench-") as scratch:
        bench = Bench(Path(scratch), args.runs)
        free_at_start = free_cores()
        print("bundled library…", file=sys.stderr)
        bundled = english_library(ROOT / "content", Path(scratch) / "bundled")
        rows = side_by_side(bench, bundled, not args.no_peer)
        help_ = bench.repeat(lambda: [PY, "make_leaflets.py", "--help"], lambda out: 0)
        noop = bench.noop(bundled)
        sized = bench.sized(bundled)
        print("long paragraphs…", file=sys.stderr)
        long = long_paragraphs(bench)
        sizes = [int(size) for size in args.sizes.split(",") if size]
        print("synthetic libraries…", file=sys.stderr)
        scale = scaling(bench, sizes, args.scale_runs) if sizes else {}
        text = report(bench, (free_at_start, free_cores()), rows, help_, noop, sized, scale, long, command)
    print(text)
    if args.write_results:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
