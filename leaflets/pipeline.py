"""The build: every stage, for every leaflet and layout asked for.

Failures are contained per leaflet: a bad file is reported and the rest still
build. Data flows one way: load → validate → resolve → lay out → render →
stamp → verify → publish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

from . import layouts as layout_files
from . import model, register, validate
from .errors import ContentError, LeafletError, Problem
from .load import load_yaml
from .publish import PRINT_SUFFIX, archive_superseded, locked, output_path, write_atomic
from .release import Releases, diff, digest, fingerprint, plain, version_key
from .resolve import Resolved, Resolver, format_date
from .wording import lines

DRAFT_MARK = "DRAFT \u2013 not for patient use"
OVERDUE_MARK = "REVIEW OVERDUE \u2013 check before use"


@dataclass(frozen=True)
class Options:
    content_dir: Path
    output_dir: Path
    layouts_dir: Path
    layouts: tuple[str, ...] = ("a4", "large-print")
    ids: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    allow_overdue: bool = False
    sizes: tuple[int, ...] = ()  # large print re-flowed at each of these body sizes
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False

    site: str | None = None
    """A file in content/sites/ to take contact details from, instead of the settings' ``site``."""
    even_pages: bool = False


@dataclass(frozen=True)
class Job:
    """One PDF to make: everything a worker process needs, and nothing it must look up."""

    resolved: Resolved
    watermark: str | None
    layout: layout_files.Layout
    path: Path
    print_path: Path | None
    """A booklet's print file, two pages to a side; None for other layouts."""
    inputs: str
    even_pages: bool


@dataclass(frozen=True)
class Written:
    leaflet: model.Leaflet
    layout: str
    path: Path
    pages: int
    smallest_size: float
    sha256: str
    size: int
    inputs: str


@dataclass
class Report:
    """What a build did, for the command's output and exit code."""

    written: list[Written] = field(default_factory=list)
    unchanged: list[Written] = field(default_factory=list)
    """Files kept because their inputs have not changed since they were written."""
    archived: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Library:
    """The valid leaflets of a content folder, and the problems of the rest."""

    leaflets: list[model.Leaflet]
    settings: model.Settings | None
    site: model.Site | None
    site_name: str | None
    releases: Releases | None
    problems: list[str]


def shown(path: Path) -> Path:
    """A path as short as it can be for messages: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def read_library(content_dir: Path, site_name: str | None = None) -> Library:
    """Load and validate the settings, the site (``site_name`` or the settings' choice) and every leaflet."""
    problems: list[str] = []
    settings = site = releases = None
    try:
        settings = validate.settings(load_yaml(content_dir / "settings.yaml", shown(content_dir / "settings.yaml")))
        site_path = content_dir / "sites" / f"{site_name or settings.site}.yaml"
        site = validate.site(load_yaml(site_path, shown(site_path)))
        releases = Releases.load(content_dir, shown(content_dir / "releases.yaml"))
    except ContentError as error:
        problems.extend(map(str, error.problems))
    leaflets: dict[str, model.Leaflet] = {}
    paths = sorted((content_dir / "leaflets").glob("*.yaml"))
    if not paths:
        problems.append(f"{shown(content_dir / 'leaflets')}: no leaflet files (*.yaml) found; check --content")
    for path in paths:
        try:
            leaflet = validate.leaflet(load_yaml(path, shown(path)))
        except ContentError as error:
            problems.extend(map(str, error.problems))
            continue
        if leaflet.id in leaflets:
            first = leaflets.pop(leaflet.id)
            problems.append(str(Problem(leaflet.path, 1, f"id: {leaflet.id} is also the id of {first.path}",
                                        "give each leaflet its own reference; neither is built until then")))
            continue
        leaflets[leaflet.id] = leaflet
    return Library(sorted(leaflets.values(), key=lambda l: l.id), settings, site,
                   site_name or (settings.site if settings else None), releases, problems)


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def date_problems(leaflet: model.Leaflet, settings: model.Settings, today: dt.date) -> list[str]:
    """The governance rules on an approved leaflet's dates (STANDARDS.md §5)."""
    if leaflet.status is not model.Status.APPROVED:
        return []
    where = shown(leaflet.path)
    problems = []
    if leaflet.approval_date > today:
        problems.append(f"{where}: approval_date {leaflet.approval_date} is in the future; "
                        "correct it, or set status: draft until the leaflet is approved")
    limit = settings.review_within_years
    latest = years_after(leaflet.approval_date, limit)
    if not leaflet.approval_date < leaflet.review_date <= latest:
        problems.append(f"{where}: review_date {leaflet.review_date} must be after approval and at most "
                        f"{limit} years later (by {latest}); set an earlier review date")
    return problems


def watermark(leaflet: model.Leaflet, options: Options, report: Report) -> tuple[bool, str | None]:
    """Whether to build ``leaflet`` today, and the warning it must carry if so."""
    if leaflet.status is model.Status.WITHDRAWN:
        report.notes.append(f"{leaflet.id}: withdrawn, not built")
        return False, None
    if leaflet.status is model.Status.DRAFT:
        return True, DRAFT_MARK
    if leaflet.review_date < options.today:
        if not options.allow_overdue:
            report.problems.append(f"{shown(leaflet.path)}: {leaflet.id} was due for review on "
                                   f"{format_date(leaflet.review_date)}; it needs a review before it can be printed "
                                   f"(or build it marked as overdue with --allow-overdue)")
            return False, None
        return True, OVERDUE_MARK
    if register.state(leaflet, options.today) == register.State.DUE:
        report.notes.append(f"{leaflet.id}: due for review on {format_date(leaflet.review_date)}; start the review now")
    return True, None


def load_layouts(options: Options, report: Report) -> list[layout_files.Layout]:
    """The layouts asked for, then large print at each size asked for; a broken layout file is reported and skipped."""

    def load(name: str) -> layout_files.Layout | None:
        try:
            return layout_files.load_layout(options.layouts_dir / f"{name}.yaml")
        except ContentError as error:
            report.problems.extend(map(str, error.problems))
            return None

    chosen = [layout for layout in map(load, options.layouts) if layout]
    base = load(layout_files.RESIZABLE) if options.sizes else None
    if base:
        chosen.extend(layout_files.at_size(base, size) for size in options.sizes)
    return chosen


class Ready(NamedTuple):
    """A leaflet that may be built today: resolved, the watermark it must carry, and its content fingerprint."""

    resolved: Resolved
    watermark: str | None
    fingerprint: str


def ready(options: Options, library: Library, report: Report) -> Iterator[Ready]:
    """Each leaflet asked for that may be built today, resolved, with the watermark it must carry.

    Everything a build checks before drawing happens here, so ``--check``
    reports exactly what a build would refuse.
    """
    if library.site is None or library.settings is None or library.releases is None:
        return
    known = {leaflet.id for leaflet in library.leaflets}
    for wanted in options.ids:
        if wanted not in known:
            report.problems.append(f"no valid leaflet has the id {wanted}; 'make_leaflets.py --list' shows them")
    resolver = Resolver(options.content_dir, library.site, shown)
    for leaflet in chosen(options, library):
        broken = date_problems(leaflet, library.settings, options.today)
        if broken:
            report.problems.extend(broken)
            continue
        go, mark = watermark(leaflet, options, report)
        if not go:
            continue
        try:
            resolved = resolver.resolve(leaflet)
        except ContentError as error:
            report.problems.extend(map(str, error.problems))
            continue
        sha = fingerprint(resolved)
        if leaflet.status is model.Status.APPROVED:
            changed = library.releases.check(resolved, sha, library.site_name, options.today)
            if changed:
                report.problems.append(str(changed))
                continue
        yield Ready(resolved, mark, sha)


def chosen(options: Options, library: Library) -> list[model.Leaflet]:
    return [leaflet for leaflet in library.leaflets if not options.ids or leaflet.id in options.ids]


def check(options: Options, published: bool = False) -> tuple[Library, Report]:
    """Validate everything a build would, drawing nothing: ``--check`` and ``--list``.

    With ``published``, the PDFs already in the output folder are read back
    and held to their layouts' rules too.
    """
    report = Report()
    library = read_library(options.content_dir, options.site)
    report.problems.extend(library.problems)
    load_layouts(options, report)
    for _ in ready(options, library, report):
        pass
    if published:
        from .conformance import check_folder  # pypdf: only when there are PDFs to read

        report.problems.extend(check_folder(options.output_dir, options.layouts_dir, options.ids))
    return library, report


def plan(options: Options, library: Library, report: Report, known: dict[str, register.FileEntry],
         tool: str) -> list[Job]:
    """The PDFs to make: every leaflet and layout asked for, less those already made from the same inputs."""
    layouts = load_layouts(options, report)
    layout_digests = {layout.name: digest(plain(layout)) for layout in layouts}
    jobs = []
    for resolved, mark, sha in ready(options, library, report):
        leaflet = resolved.leaflet
        content = digest({"fingerprint": sha, "leaflet": plain(leaflet), "watermark": mark})
        for layout in layouts:
            suffix = "-DRAFT" if leaflet.status is model.Status.DRAFT else ""
            path = output_path(options.output_dir, leaflet.id, leaflet.version, layout.name, suffix)
            print_path = output_path(options.output_dir, leaflet.id, leaflet.version, layout.name + PRINT_SUFFIX,
                                     suffix) if layout.imposed_on else None
            inputs = digest({"content": content, "layout": layout_digests[layout.name], "tool": tool,
                             "even_pages": options.even_pages})
            paths = [p for p in (path, print_path) if p]
            entries = [known.get(register.relative(options.output_dir, p)) for p in paths]
            if not options.force and all(e and e.inputs == inputs and register.on_disk(options.output_dir, e)
                                         for e in entries):
                report.unchanged.extend(Written(leaflet, e.layout, p, e.pages, e.smallest_size, e.sha256, e.bytes, e.inputs)
                                        for p, e in zip(paths, entries))
                continue
            jobs.append(Job(resolved, mark, layout, path, print_path, inputs, options.even_pages))
    return jobs


def make(job: Job) -> list[Written] | str:
    """Render, verify and publish one PDF (and a booklet's print file); a failure comes back as its message."""
    from .impose import booklet_order, impose
    from .render import render
    from .stamp import Stamp
    from .verify import verify

    leaflet = job.resolved.leaflet
    stamp = Stamp.for_leaflet(leaflet, job.watermark)
    try:
        rendered = render(job.resolved, job.layout, stamp, job.even_pages)
        checked = verify(rendered.pdf, job.resolved, job.layout, stamp)
        files = [(job.layout.name, job.path, rendered.pdf, checked.pages)]
        if job.print_path and job.layout.imposed_on:
            files.append((job.layout.name + PRINT_SUFFIX, job.print_path,
                          impose(rendered.pdf, job.layout.imposed_on, leaflet.title), len(booklet_order(checked.pages))))
        for _, path, pdf, _ in files:
            write_atomic(path, pdf)
    except LeafletError as error:
        return f"{error.where or leaflet.path}: {leaflet.id} ({job.layout.name}): {error}"
    return [Written(leaflet, name, path, pages, checked.smallest_size, register.sha256(pdf), len(pdf), job.inputs)
            for name, path, pdf, pages in files]


def make_all(jobs: list[Job], workers: int) -> Iterator[list[Written] | str]:
    """Each job's result, in the order of ``jobs``, using up to ``workers`` processes."""
    workers = min(workers, len(jobs))
    if workers <= 1:
        yield from map(make, jobs)
        return
    for stage in ("render", "verify"):  # imported once here, inherited by every forked worker
        importlib.import_module(f".{stage}", __package__)

    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(make, jobs)


def build(options: Options, on_written: Callable[[Written], None] = lambda w: None) -> Report:
    """Build every leaflet asked for in every layout asked for, then archive and register."""
    started = time.perf_counter()
    report = Report()
    library = read_library(options.content_dir, options.site)
    report.problems.extend(library.problems)
    known = register.recorded_files(register.load(options.output_dir))
    tool = register.generator()
    failed: set[str] = set()
    for job, result in zip(jobs := plan(options, library, report, known, digest(tool)), make_all(jobs, options.jobs)):
        if isinstance(result, str):
            report.problems.append(result)
            failed.add(job.resolved.leaflet.id)
            continue
        for written in result:
            report.written.append(written)
            path = register.relative(options.output_dir, written.path)
            known[path] = register.FileEntry(written.layout, path, written.leaflet.version, written.pages,
                                             written.smallest_size, written.size, written.sha256, written.inputs,
                                             register.tool_id(tool))
            on_written(written)
    built = {w.leaflet.id for w in (*report.unchanged, *report.written)} - failed
    try:
        archive(options, library, report, known, built)
        if library.releases is not None:
            for recorded in library.releases.commit({(l.id, l.version) for l in library.leaflets if l.id in built}):
                report.notes.append(f"recorded {recorded} in {library.releases.shown}; commit it with the content")
        with locked(options.output_dir):
            previous = register.load(options.output_dir)  # again: another build may have written it meanwhile
            checked = {register.relative(options.output_dir, w.path) for w in (*report.written, *report.unchanged)}
            live = {path: entry for path, entry in (register.recorded_files(previous) | known).items()
                    if path in checked or register.on_disk(options.output_dir, entry)}
            register.write(options.output_dir, register.manifest(library.leaflets, live, options.today, tool), previous)
    except LeafletError as error:
        report.problems.append(str(error))
    report.seconds = time.perf_counter() - started
    return report


def archive(options: Options, library: Library, report: Report, known: dict[str, register.FileEntry],
            built: set[str]) -> None:
    """Move what patients must no longer be given out of the way: earlier versions, superseded drafts, withdrawn leaflets.

    Only a successful build of an approved version supersedes anything: while
    a new version is a draft, the approved one stays in use.
    """
    for leaflet in chosen(options, library):
        approved = leaflet.status is model.Status.APPROVED and leaflet.id in built
        if not approved and leaflet.status is not model.Status.WITHDRAWN:
            continue
        current = {path for path in (options.output_dir / leaflet.id).glob(f"{leaflet.id}-v{leaflet.version}-*.pdf")
                   if approved and not path.stem.endswith("-DRAFT")}
        for source, target in archive_superseded(options.output_dir, leaflet.id, current):
            report.archived.append(target)
            entry = known.pop(register.relative(options.output_dir, source), None)
            if entry:
                path = register.relative(options.output_dir, target)
                known[path] = dataclasses.replace(entry, path=path)


class UnknownVersion(LeafletError):
    """``--diff`` named a leaflet or version that neither the release record nor the content holds."""


def wording_diff(options: Options, leaflet_id: str, old: str, new: str) -> list[str]:
    """What changed between two versions of a leaflet's wording.

    OLD comes from the release record when it is there, NEW from the content
    when the content holds that version, so ``--diff ID 1.0 1.0`` shows what
    has been edited in an approved version since its release.
    """
    library = read_library(options.content_dir, options.site)
    if library.releases is None or library.site is None:
        raise LeafletError("\n".join(library.problems))
    releases = library.releases
    leaflet = next((l for l in library.leaflets if l.id == leaflet_id), None)
    current = None
    if leaflet is not None and leaflet.version in (old, new):
        current = (f"{leaflet_id} version {leaflet.version} ({leaflet.status.value}, in {shown(leaflet.path)})",
                   lines(Resolver(options.content_dir, library.site, shown).resolve(leaflet)))
    released = {v: (f"{leaflet_id} version {v} (released)", wording) for v in releases.versions(leaflet_id)
                if (wording := releases.wording(leaflet_id, v)) is not None}
    old_side = released.get(old) or (current if leaflet and leaflet.version == old else None)
    new_side = (current if leaflet and leaflet.version == new else None) or released.get(new)
    for version, side in ((old, old_side), (new, new_side)):
        if side is None:
            known = sorted({*released, *([leaflet.version] if leaflet else [])}, key=version_key)
            raise UnknownVersion(f"{leaflet_id} has no version {version} in the release record or the content "
                                 f"(versions known: {', '.join(known) or 'none'})")
    return diff(*old_side, *new_side)
