"""Helper processes that never outlive the build that started them, and one that tidies up after it.

A worker of the build's pool, or a child speaking one leaflet, waits on a
pipe or a lock for its parent. If the parent is killed outright (SIGKILL,
an out-of-memory kill, a closed terminal), nothing tells it: it would wait
for ever, holding its memory. Linux can send a child a signal when its
parent dies; each helper asks for SIGKILL.

A killed build cannot remove its own scratch files either, so a small
janitor process waits for the build to end, however it ends, and does.

A helper killed mid-work is survived: :func:`in_order` makes what it lost
again in a fresh process, and makes everything in this one when no helper
can start at all.
"""

from __future__ import annotations

import contextlib
import ctypes
import mmap
import os
import signal
from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PR_SET_PDEATHSIG = 1
"""prctl(2): the signal the calling process gets when its parent dies."""


def die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends; call first thing in a forked helper."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


@contextlib.contextmanager
def janitor(tidy: Callable[[list[str]], None]) -> Iterator[int | None]:
    """Run ``tidy`` once this process and every helper it forks inside the block have ended, however they end.

    Yields a pipe they may write lines to; ``tidy`` gets every line written.
    The janitor reads the pipe until its last writer has gone: then it knows
    the build is over, even if nothing was left alive to say so. Yields None
    if no janitor could start (no process slots, no file handles left).
    """
    try:
        read, write = os.pipe()
    except OSError:
        yield None
        return
    try:
        child = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        yield None
        return
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

class CannotStart(Exception):
    """No pool of helper processes could start (no shared memory left, no process slots)."""


@dataclass
class _Broken(Exception):
    """A helper ended abruptly: the items its pool had not finished, and which of them had been begun."""

    unfinished: list[int]
    begun: list[int]


_begun: mmap.mmap | None = None
"""A byte an item, shared with the round's helpers: 1 once one of them has begun the item."""


def _begin(index: int, item: T, work: Callable[[T], R]) -> R:
    _begun[index] = 1
    return work(item)


def in_order(work: Callable[[T], R], items: Sequence[T], workers: int, lost: Callable[[T], R],
             say: Callable[[str], None], describe: Callable[[T], str]) -> Iterator[R]:
    """``work(item)`` for each item, in order, made by up to ``workers`` forked helper processes.

    A helper that dies mid-item (the out-of-memory killer, a signal from
    outside) takes its pool down with the items in progress. Each of those is
    made once more, alone in a fresh helper; lost again, ``lost(item)`` stands
    in for its result. Items not yet begun go on in a fresh pool. If no pool
    can start, or one breaks before beginning anything, the rest are made in
    this process. ``say`` hears each of these, in words.
    """
    made: dict[int, R] = {}
    handed = 0

    def ready() -> Iterator[R]:
        nonlocal handed
        while handed in made:
            yield made.pop(handed)
            handed += 1

    waiting, again = list(range(len(items))), []
    while waiting or again:
        last_try = bool(again)
        if last_try:
            indices, width = [again.pop(0)], 1
        else:
            indices, width, waiting = waiting, workers, []
        try:
            for index, result in _round(work, items, indices, width):
                made[index] = result
                yield from ready()
        except CannotStart as error:
            say(f"{error}; making the rest in this one process instead")
            for index in sorted({*indices, *again, *waiting} - made.keys()):
                made[index] = work(items[index])
                yield from ready()
            return
        except _Broken as broken:
            if not broken.begun:
                say("a helper process ended abruptly before it began any file; making the rest in this one process")
                again, waiting = [], sorted({*broken.unfinished, *again, *waiting})
                workers = 0
            for index in broken.begun:
                if last_try:
                    made[index] = lost(items[index])
                    continue
                say(f"the helper process making {describe(items[index])} ended abruptly, or was stopped because "
                    "another did; a process killed from outside (by the system when memory runs out, say) "
                    "leaves no reason behind; making it again in a fresh process")
                again.append(index)
            waiting = sorted({*broken.unfinished, *waiting} - {*broken.begun})
            yield from ready()


def _round(work: Callable[[T], R], items: Sequence[T], indices: list[int], width: int) -> Iterator[tuple[int, R]]:
    """Each of ``indices`` with its result, made by a fresh pool of ``width`` helpers (by this process if 0), in order."""
    if width == 0:
        for index in indices:
            yield index, work(items[index])
        return
    from concurrent.futures import ProcessPoolExecutor  # here: a build with nothing to make starts none
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    global _begun
    _begun = mmap.mmap(-1, len(items))  # zeroed, and shared with the helpers forked below
    pool = None
    try:
        pool = ProcessPoolExecutor(max_workers=width, mp_context=get_context("fork"), initializer=die_with_parent,
                                   initargs=(os.getpid(),))
        futures = [(index, pool.submit(_begin, index, items[index], work)) for index in indices]
    except (OSError, BrokenProcessPool) as error:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        raise CannotStart(f"the helper processes could not start ({getattr(error, 'strerror', None) or error})") from None
    with pool:
        for position, (index, future) in enumerate(futures):
            try:
                result = future.result()
            except BrokenProcessPool:
                rest = futures[position:]
                finished = [(later, settled) for later, settled in rest if _finished(settled)]
                for later, settled in finished:  # made before the pool broke: kept
                    yield later, settled.result()
                unfinished = sorted({later for later, _ in rest} - {later for later, _ in finished})
                raise _Broken(unfinished, [later for later in unfinished if _begun[later]]) from None
            yield index, result


def _finished(future) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None
