"""Helper processes that never outlive the build that started them, and one that tidies up after it.

A worker of the build's pool, or a child speaking one leaflet, waits on a
pipe or a lock for its parent. If the parent is killed outright (SIGKILL,
an out-of-memory kill, a closed terminal), nothing tells it: it would wait
for ever, holding its memory. Linux can send a child a signal when its
parent dies; each helper asks for SIGKILL.

A killed build cannot remove its own scratch files either, so a small
janitor process waits for the build to end, however it ends, and does.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from typing import Callable, Iterator

PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the calling process gets when its parent dies."""


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends; call first thing in a forked helper."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


@contextlib.contextmanager
def janitor(tidy: Callable[[list[str]], None]) -> Iterator[int]:
    """Run ``tidy`` once this process and every helper it forks inside the block have ended, however they end.

    Yields a pipe they may write lines to; ``tidy`` gets every line written.
    The janitor reads the pipe until its last writer has gone: then it knows
    the build is over, even if nothing was left alive to say so.
    """
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the janitor)
        try:
            os.close(write)
            received = bytearray()
            while chunk := os.read(read, 65536):
                received += chunk
            tidy(received.decode("utf-8", "replace").splitlines())
        finally:
            os._exit(0)
    os.close(read)
    try:
        yield write
    finally:
        os.close(write)
        os.waitpid(child, 0)
