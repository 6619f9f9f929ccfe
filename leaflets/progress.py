"""What the command shows while a build runs.

On a terminal, a build that runs longer than :data:`SHOW_AFTER` seconds gets a
progress bar on standard error (files made of all planned, the leaflet being
made, the time left), drawn by tqdm; the "wrote" lines print above it. When
the output is not a terminal (a log, a pipe, CI) only the usual lines print.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator, TextIO

from .build import Job, Watcher
from .errors import shown
from .publish.files import Written

SHOW_AFTER = 2.0
"""Seconds before a bar appears: a quick build prints its lines and nothing else."""


def wrote(written: Written) -> str:
    """The line for a file written: where it is, then what staff call it and how long it is."""
    return f"wrote {shown(written.path)} ({written.label}, {written.extent})"


class Progress:
    """A progress bar over the build's jobs, for a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar = None

    def planned(self, jobs: list[Job]) -> None:
        from tqdm import tqdm

        self.bar = tqdm(total=len(jobs), unit="file", desc="Building", delay=SHOW_AFTER, file=self.stream,
                        leave=False, dynamic_ncols=True)

    def made(self, job: Job) -> None:
        self.bar.set_postfix_str(f"{job.edition.leaflet.id} {job.variant.label}", refresh=False)
        self.bar.update()

    def written(self, written: Written) -> None:
        from tqdm import tqdm

        tqdm.write(wrote(written), file=sys.stdout)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()

    def watcher(self) -> Watcher:
        return Watcher(self.planned, self.made, self.written)


@contextlib.contextmanager
def watching(stream: TextIO) -> Iterator[Watcher]:
    """A watcher that draws progress on ``stream`` if it is a terminal, else one that prints the lines alone."""
    if not stream.isatty():
        yield Watcher(written=lambda written: print(wrote(written)))
        return
    progress = Progress(stream)
    try:
        yield progress.watcher()
    finally:
        progress.close()
