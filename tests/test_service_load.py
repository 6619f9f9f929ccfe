"""A bounded load test of the staff web service on the loopback address: 20 clients × 50 requests, then it stops.

Each client keeps one connection and asks, in turn, for the catalogue, the
register, files the command line wrote, an answer in words, and copies made
on request (six of them, shared among the clients, so two clients often ask
for the same one at once). Every answer must be the right one (0 errors); the
latencies' p50 and p99 and the service's memory before and after are printed,
and the memory must stay steady.
"""

from __future__ import annotations

import http.client
import shutil
import statistics
import threading
import time
from pathlib import Path

from conftest import CONTENT
from leaflets.cli import main
from serving import running

CLIENTS, REQUESTS = 20, 50
ON_REQUEST = [f"/PAIN-OST-002/PAIN-OST-002-v1.0-large-print-{size}pt.pdf" for size in range(19, 25)]
MIX = ["/", "/register.html", "/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf", "/PAIN-OST-001/PAIN-OST-001-v1.0-text.txt",
       "/manifest.json", "/PAIN-OST-002/PAIN-OST-002-v1.0-a4.pdf", "/PAIN-OST-003/PAIN-OST-003-v1.0-text.txt",
       "/PAIN-OST-001/PAIN-OST-001-v9.9-a4.pdf", "/", None]
"""Ten requests a client repeats; None is its next copy made on request."""
EXPECTED = {"/PAIN-OST-001/PAIN-OST-001-v9.9-a4.pdf": 404}


def client(number: int, port: int, latencies: list[float], errors: list[str]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        for request in range(REQUESTS):
            path = MIX[request % len(MIX)] or ON_REQUEST[(number + request // len(MIX)) % len(ON_REQUEST)]
            started = time.perf_counter()
            try:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{path}: {error!r}")
                return
            latencies.append(time.perf_counter() - started)
            if response.status != EXPECTED.get(path, 200) or not body:
                errors.append(f"{path}: {response.status}")
    finally:
        connection.close()


def workers_memory(pid: int) -> int:
    """The resident memory of the service's worker processes together, in bytes."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                total += next(int(line.split()[1]) * 1024 for line in (stat.parent / "status").read_text().splitlines()
                              if line.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError):
            continue
    return total


def test_twenty_clients_fifty_requests_each_no_errors_and_steady_memory(tmp_path, capsys):
    content, out = tmp_path / "content", tmp_path / "out"
    shutil.copytree(CONTENT, content)
    assert main(["--content", str(content), "--output", str(out), "--format", "pdf", "--format", "text",
                 "--layout", "a4"]) == 0
    with running(content, out, tmp_path / "service.log", "--jobs", "2") as service:
        for warm in ("/", "/register.html", "/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf"):
            assert service.get(warm)[0] == 200
        before = service.memory(), workers_memory(service.process.pid)
        latencies: list[float] = []
        errors: list[str] = []
        started = time.perf_counter()
        clients = [threading.Thread(target=client, args=(n, service.port, latencies, errors)) for n in range(CLIENTS)]
        for each in clients:
            each.start()
        for each in clients:
            each.join()
        took = time.perf_counter() - started
        after = service.memory(), workers_memory(service.process.pid)
        made = service.logged().count("made PAIN-OST-002/")
    assert errors == []
    assert len(latencies) == CLIENTS * REQUESTS
    assert made == len(ON_REQUEST), "each copy made on request was made once"
    cut = statistics.quantiles(latencies, n=100)
    with capsys.disabled():
        print(f"\nload: {len(latencies)} requests from {CLIENTS} clients in {took:.1f} s, {len(errors)} errors; "
              f"p50 {cut[49] * 1000:.1f} ms, p99 {cut[98] * 1000:.1f} ms; {made} copies made on request; "
              f"service memory {before[0] / 2**20:.0f} MB before, {after[0] / 2**20:.0f} MB after; "
              f"workers {before[1] / 2**20:.0f} MB before, {after[1] / 2**20:.0f} MB after")
    assert after[0] - before[0] < 40 * 2**20, "the service's memory grew under load"


def test_the_service_benchmark_runs_and_reports_its_three_figures_beside_the_cold_command():
    """benchmarks/service.py is too slow for the suite at full length; one run keeps it working."""
    import subprocess
    import sys

    from conftest import ROOT

    done = subprocess.run([sys.executable, "benchmarks/service.py", "--runs", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "median" not in line]
    assert [row.split(" | ")[0] for row in rows] == [
        "| cold command, `--format pdf --size 28 PAIN-OST-001`", "| 28 pt copy on request (server; engine's own time)",
        "| that file again, once made (server; client round trip)", "| catalogue page (server; client round trip)"]
    assert all(float(row.split(" | ")[1]) > 0 for row in rows)
