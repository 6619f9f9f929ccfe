"""The warm engine: the content read once, workers forked with fonts and figures loaded, each copy made once.

A command-line build pays for starting Python, importing ReportLab, reading
the content and loading fonts every time. The service pays once: it reads the
content and preloads every format's fonts and figures, then forks its worker
pool, so each worker inherits all of it. When a content file changes the
content is read again; a read with problems is not adopted while a good one
is held (the last good state stays served, and its problems are shown). A
worker notices the change by the generation number each job carries and
reads the content itself, under the same rule.

What may be made, and what each copy is called, is the build's to say
(:func:`~leaflets.build.offered`); the engine only asks, queues and counts.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import gc
import logging
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from ..build import Job, build, every_copy, offered, read
from ..outputs.base import PRINT_LABEL, PRINT_SUFFIX
from ..outputs.pdf.layouts import RESIZABLE
from ..processes import die_with_parent
from ..publish.catalogue import refresh
from ..publish.files import FileName, Located, site_folder
from ..settings import Settings
from ..source.library import Library

log = logging.getLogger("leaflets.service")

@dataclass(frozen=True)
class Busy(Exception):
    """Every worker is busy and the queue is full: ask again in ``retry_after`` seconds."""

    retry_after: int


@dataclass(frozen=True)
class Offer:
    """What the build would make of one leaflet for one site, and why not, if it would make nothing."""

    jobs: dict[str, Job]
    """Each file the build names, by its path relative to the site's output folder (POSIX)."""
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def formats(self) -> set[str]:
        """The formats it is made in (an Easy Read edition in no Braille)."""
        return {job.output.name for job in self.jobs.values()}

    def label(self, path: str) -> str:
        """What staff call the file at ``path``: its copy's label ("Large print 24 pt", "A5 booklet print file")."""
        variant = self.jobs[path].variant
        name = FileName.parse(path.rsplit("/", 1)[-1])
        return variant.label + PRINT_LABEL if name and name.variant == variant.name + PRINT_SUFFIX else variant.label

    @property
    def resized(self) -> bool:
        """Whether it is made in large print, so at any size staff are offered."""
        return any(job.variant.name == RESIZABLE for job in self.jobs.values())


@dataclass(frozen=True)
class Made:
    """What a worker made for one request: the files now in place, or the problems that stopped it."""

    paths: tuple[str, ...]
    problems: tuple[str, ...]


def adopt(settings: Settings, held: Library | None) -> tuple[Library, list[str]]:
    """The content read now, unless it has problems and a good library is held: then the held one, and the problems."""
    fresh = read(settings)
    if fresh.problems and held is not None:
        return held, fresh.problems
    return fresh, fresh.problems


def snapshot(content: Path) -> tuple[tuple[str, int, int], ...]:
    """Every content file's name, time and size: a change to any of them is a change to the content."""
    found = []
    for path in sorted(content.rglob("*")):
        try:
            stat = path.stat()
        except OSError:
            continue  # removed as we looked
        if path.is_file():
            found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(found)


_held: dict[str | None, tuple[int, Library]] = {}
"""In a worker: the generation and library it holds for each site, inherited at the fork and kept up to date."""


def work(settings: Settings, generation: int) -> Made:
    """In a worker: build what ``settings`` asks for from the content of ``generation`` and refresh that catalogue."""
    known, library = _held.get(settings.site, (None, None))
    if known != generation:
        library, _ = adopt(settings, library)
        _held[settings.site] = (generation, library)
    report = build(settings, library=library)
    refresh(settings.folders.output, packs_made=False)
    out = settings.folders.output
    return Made(tuple(w.path.relative_to(out).as_posix() for w in (*report.written, *report.unchanged)),
                tuple(report.problems))


def _ready() -> None:
    """A job that does nothing: submitted once per worker at the start, so every worker is forked then."""


class Engine:
    """The content, the offers made of it, the worker pool and the copies being made, for one output folder."""

    def __init__(self, settings: Settings, queue: int) -> None:
        self.jobs = settings.jobs
        self.queue = queue
        self.base = every_copy(dataclasses.replace(settings, ids=(), jobs=1, content_read_only=True))
        self.output = settings.folders.output
        self.sites = tuple(sorted(path.stem for path in (settings.folders.content / "sites").glob("*.yaml")))
        library, self.problems = adopt(self.base, None)
        self.default_site = library.site_name
        self.libraries: dict[str, Library] = {library.site_name: library}
        self.generation = 0
        self.seen = snapshot(settings.folders.content)
        self.offers: dict[tuple[str, str], Offer] = {}
        self.making: dict[Path, asyncio.Future[Made]] = {}
        self.pool: ProcessPoolExecutor | None = None

    @property
    def other_sites(self) -> tuple[str, ...]:
        """The sites whose copies are in folders of their own, ``sites/<site>/``: all but the default site."""
        return tuple(site for site in self.sites if site != self.default_site)

    def settings_for(self, site: str) -> Settings:
        """The settings every copy for ``site`` is made with: its own output folder unless it is the default site."""
        if site == self.default_site:
            return dataclasses.replace(self.base, site=site)
        return dataclasses.replace(self.base, site=site, folders=dataclasses.replace(
            self.base.folders, output=site_folder(self.output, site)))

    def library(self, site: str) -> Library:
        if site not in self.libraries:
            self.libraries[site], _ = adopt(self.settings_for(site), None)
        return self.libraries[site]

    def offer(self, site: str, leaflet_id: str) -> Offer:
        """Every file the build names for one leaflet and site, remembered until the content changes."""
        key = (site, leaflet_id)
        if key not in self.offers:
            settings = dataclasses.replace(self.settings_for(site), ids=(leaflet_id,))
            jobs, report = offered(settings, self.library(site))
            out = settings.folders.output
            self.offers[key] = Offer({path.relative_to(out).as_posix(): job for job in jobs for path in job.paths},
                                     tuple(report.problems), tuple(report.notes))
        return self.offers[key]

    def start(self) -> None:
        """Load every format's fonts and figures, then fork the workers, which inherit them."""
        library = self.libraries[self.default_site]
        jobs, _ = offered(self.base, library)
        for output in {job.output.name: job.output for job in jobs}.values():
            output.preload([(job.edition, job.variant) for job in jobs if job.output.name == output.name])
        self._fork()

    def _fork(self) -> None:
        _held.clear()
        _held.update({site: (self.generation, library) for site, library in self.libraries.items()})
        gc.collect()
        gc.freeze()  # else a worker's collector writes to every object it inherited, copying it
        try:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=get_context("fork"),
                                            initializer=die_with_parent, initargs=(os.getpid(),))
            for future in [self.pool.submit(_ready) for _ in range(self.jobs)]:
                future.result()
        finally:
            gc.unfreeze()

    def stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def reload(self) -> bool:
        """Read the content again if a file in it changed or the day did; True if so."""
        now, today = snapshot(self.base.folders.content), dt.date.today()
        if now == self.seen and today == self.base.today:
            return False
        self.seen, self.base = now, dataclasses.replace(self.base, today=today)  # states are judged on the day asked
        problems: list[str] = []
        for site, held in list(self.libraries.items()):
            self.libraries[site], found = adopt(self.settings_for(site), held)
            problems.extend(found)
        self.problems = list(dict.fromkeys(problems))
        self.generation += 1
        self.offers.clear()
        return True

    async def make(self, located: Located, job: Job) -> Made:
        """Make the file ``located`` names through ``job``'s format and variant, once however many ask at the same time.

        The making is a task of its own: someone who stops waiting (a closed
        browser tab) does not stop it for the others.
        """
        path = located.path
        if path not in self.making:
            if len(self.making) >= self.jobs + self.queue:
                raise Busy(retry_after=max(1, len(self.making) // self.jobs))
            site = located.site or self.default_site
            settings = dataclasses.replace(self.settings_for(site), ids=(job.edition.leaflet.id,),
                                           formats=(job.output.name,), variants=(job.variant.name,))
            self.making[path] = asyncio.ensure_future(self._making(located, settings))
        return await asyncio.shield(self.making[path])

    async def _making(self, located: Located, settings: Settings) -> Made:
        relative = located.path.relative_to(self.output).as_posix()
        log.info("making %s", relative)
        started = time.perf_counter()
        try:
            made = await self._run(asyncio.get_running_loop(), settings)
        finally:
            del self.making[located.path]
        took = time.perf_counter() - started
        if "/".join(located.relative) in made.paths:
            log.info("made %s in %.3f s", relative, took)
        else:
            log.info("could not make %s (%.3f s): %s", relative, took, "; ".join(made.problems))
        return made

    async def _run(self, loop: asyncio.AbstractEventLoop, settings: Settings) -> Made:
        for attempt in range(2):
            try:
                return await loop.run_in_executor(self.pool, work, settings, self.generation)
            except BrokenProcessPool:  # a worker was killed (out of memory, by hand): fork a new pool, once
                if attempt:
                    raise
                self.pool.shutdown(wait=False, cancel_futures=True)
                self._fork()
        raise AssertionError("unreachable")
