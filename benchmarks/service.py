"""The staff web service's warm engine against the cold command: ``python benchmarks/service.py [--runs N] [--write]``.

Four figures, each the median of ``--runs``:

- the cold command: ``make_leaflets.py --format pdf --size 28 PAIN-OST-001`` into an empty folder, start to finish;
- the same 28 pt copy asked of the running service, its file removed before each run so it is made again: the
  server's time from the access log (request in to answer out) and the engine's own "made … in" time;
- that file once made, asked again (server time, and the client's round trip on a kept connection);
- the catalogue page (the same two times).

Targets (the service issue's): the copy under 0.2 s, the cached file under 10 ms, the catalogue under 20 ms, all
server time. Runs with the project's own environment (``.venv/bin/python``); nothing else is needed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPY = "/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-28pt.pdf"
TARGETS = {"copy": 0.2, "cached": 0.010, "catalogue": 0.020}


def cold(output: Path) -> float:
    shutil.rmtree(output, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, "make_leaflets.py", "--format", "pdf", "--size", "28", "--output", str(output),
                    "PAIN-OST-001"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served(log: Path, path: str, after: int) -> float:
    """The server's time for the last answer to ``path`` logged after character ``after``, in seconds."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = re.findall(rf"GET {re.escape(path)} 200 \d+ ([\d.]+)ms", log.read_text()[after:])
        if found:
            return float(found[-1]) / 1000
        time.sleep(0.01)
    raise SystemExit(f"no log line for {path}")


def measure(runs: int, folder: Path) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = {name: [] for name in
                                       ("cold", "copy", "copy engine", "cached", "cached client", "catalogue", "catalogue client")}
    for _ in range(runs):
        figures["cold"].append(cold(folder / "cold"))
    port, log = free_port(), folder / "service.log"
    with log.open("wb") as sink:
        service = subprocess.Popen([sys.executable, "make_leaflets.py", "serve", "--port", str(port), "--jobs", "2",
                                    "--output", str(folder / "served")], cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        connection = wait(port)

        def get(path: str) -> float:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path}: {response.status}")
            return time.perf_counter() - started

        get(COPY)  # each worker's first copy, and the catalogue's first page, are not the ones timed
        get(COPY.replace("28pt", "27pt"))
        get("/")
        for _ in range(runs):
            (folder / "served" / COPY[1:]).unlink()
            mark = len(log.read_text())
            get(COPY)
            figures["copy"].append(served(log, COPY, mark))
            figures["copy engine"].append(float(re.findall(r"made \S+28pt.pdf in ([\d.]+) s", log.read_text()[mark:])[-1]))
        for path, name in ((COPY, "cached"), ("/", "catalogue")):
            for _ in range(max(runs, 20)):
                mark = len(log.read_text())
                figures[f"{name} client"].append(get(path))
                figures[name].append(served(log, path, mark))
    finally:
        service.send_signal(signal.SIGINT)
        service.wait(30)
    return figures


def wait(port: int) -> http.client.HTTPConnection:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/register.html")
            connection.getresponse().read()
            return connection
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the service did not start")


def table(figures: dict[str, list[float]]) -> str:
    median = {name: statistics.median(values) for name, values in figures.items()}
    rows = [("cold command, `--format pdf --size 28 PAIN-OST-001`", median["cold"], None, "—"),
            ("28 pt copy on request (server; engine's own time)", median["copy"], median["copy engine"], TARGETS["copy"]),
            ("that file again, once made (server; client round trip)", median["cached"], median["cached client"],
             TARGETS["cached"]),
            ("catalogue page (server; client round trip)", median["catalogue"], median["catalogue client"],
             TARGETS["catalogue"])]
    lines = ["| what | median ms | beside it, ms | target ms | met |", "|---|---|---|---|---|"]
    for what, value, beside, target in rows:
        met = "—" if target == "—" else ("yes" if value < target else "no")
        lines.append(f"| {what} | {value * 1000:.1f} | {'—' if beside is None else f'{beside * 1000:.1f}'} | "
                     f"{target if target == '—' else f'{target * 1000:.0f}'} | {met} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write benchmarks/SERVICE.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        figures = measure(args.runs, Path(scratch))
    load = os.getloadavg()
    report = (f"# The staff web service: warm engine against the cold command\n\nMeasured "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} with `python benchmarks/service.py --runs {args.runs}"
              f" --write` on {os.cpu_count()} cores ({platform.processor() or platform.machine()}), Python "
              f"{platform.python_version()}, load average {load[0]:.2f} at the end (other work shares these cores, "
              f"so a loaded machine makes every figure larger). Medians of {args.runs} runs (the cached file and the "
              f"catalogue: of {max(args.runs, 20)}).\n\n{table(figures)}\n")
    print(report)
    if args.write:
        (ROOT / "benchmarks" / "SERVICE.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
