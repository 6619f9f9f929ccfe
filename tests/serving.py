"""Start ``make_leaflets.py serve`` as the README says, on a free loopback port, and talk to it over HTTP."""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from conftest import ROOT


@dataclass
class Service:
    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def get(self, path: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None,
            timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
        """One request on its own connection: the status, the headers (lower-case names) and the body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def memory(self) -> int:
        """The service's resident memory in bytes, from /proc (its workers are counted apart)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(content: Path, output: Path, log: Path, *options: str) -> Service:
    """The service started as the README says, once it answers; its output goes to ``log``."""
    port = free_port()
    command = [sys.executable, str(ROOT / "make_leaflets.py"), "serve", "--port", str(port),
               "--content", str(content), "--output", str(output), *options]
    with log.open("ab") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, cwd=ROOT,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    service = Service(process, port, log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the service stopped at start:\n{service.logged()}"
        with contextlib.suppress(OSError):
            if service.get("/", timeout=5)[0] == 200:
                return service
        time.sleep(0.2)
    stop(service)
    raise AssertionError(f"the service did not answer within 120 s:\n{service.logged()}")


def stop(service: Service) -> None:
    """Stop as Ctrl-C stops it; a service that will not stop is killed, and that fails the test."""
    if service.process.poll() is not None:
        return
    service.process.send_signal(signal.SIGINT)
    try:
        service.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        service.process.kill()
        service.process.wait()
        raise AssertionError("the service did not stop on Ctrl-C")


@contextlib.contextmanager
def running(content: Path, output: Path, log: Path, *options: str) -> Iterator[Service]:
    service = start(content, output, log, *options)
    try:
        yield service
    finally:
        stop(service)
