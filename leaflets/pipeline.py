"""The build: every stage, for every leaflet and layout asked for.

Failures are contained per leaflet: a bad file is reported and the rest still
build. Data flows one way: load → validate → resolve → lay out → render →
stamp → verify → publish.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterator

from . import layouts as layout_files
from . import model, register, validate
from .errors import ContentError, LeafletError, Problem
from .load import load_yaml
from .publish import archive_superseded, locked, output_path, write_atomic
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
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False


@dataclass(frozen=True)
class Job:
    """One PDF to make: everything a worker process needs, and nothing it must look up."""

    resolved: Resolved
    watermark: str | None
    layout: layout_files.Layout
    path: Path
    inputs: str


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
    unchanged: list[Path] = field(default_factory=list)
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
    releases: Releases | None
    problems: list[str]


def shown(path: Path) -> Path:
    """A path as short as it can be for messages: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def read_library(content_dir: Path) -> Library:
    """Load and validate the settings, the site and every leaflet, collecting all problems."""
    problems: list[str] = []
    settings = site = releases = None
    try:
        settings = validate.settings(load_yaml(content_dir / "settings.yaml", shown(content_dir / "settings.yaml")))
        site_path = content_dir / "sites" / f"{settings.site}.yaml"
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
    return Library(sorted(leaflets.values(), key=lambda l: l.id), settings, site, releases, problems)


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
    """The layouts asked for; a broken layout file is reported and skipped."""
    chosen = []
    for name in options.layouts:
        try:
            chosen.append(layout_files.load_layout(options.layouts_dir / f"{name}.yaml"))
        except ContentError as error:
            report.problems.extend(map(str, error.problems))
    return chosen


def ready(options: Options, library: Library, report: Report) -> Iterator[tuple[Resolved, str | None]]:
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
        if leaflet.status is model.Status.APPROVED:
            changed = library.releases.check(resolved, library.settings.site, options.today)
            if changed:
                report.problems.append(str(changed))
                continue
        yield resolved, mark


def chosen(options: Options, library: Library) -> list[model.Leaflet]:
    return [leaflet for leaflet in library.leaflets if not options.ids or leaflet.id in options.ids]


def check(options: Options) -> tuple[Library, Report]:
    """Validate everything a build would, drawing nothing: ``--check`` and ``--list``."""
    report = Report()
    library = read_library(options.content_dir)
    report.problems.extend(library.problems)
    load_layouts(options, report)
    for _ in ready(options, library, report):
        pass
    return library, report


def plan(options: Options, library: Library, report: Report, known: dict[str, register.FileEntry],
         tool: str) -> list[Job]:
    """The PDFs to make: every leaflet and layout asked for, less those already made from the same inputs."""
    layouts = load_layouts(options, report)
    layout_digests = {layout.name: digest(plain(layout)) for layout in layouts}
    jobs = []
    for resolved, mark in ready(options, library, report):
        leaflet = resolved.leaflet
        content = digest({"fingerprint": fingerprint(resolved), "leaflet": plain(leaflet), "watermark": mark})
        for layout in layouts:
            suffix = "-DRAFT" if leaflet.status is model.Status.DRAFT else ""
            path = output_path(options.output_dir, leaflet.id, leaflet.version, layout.name, suffix)
            inputs = digest({"content": content, "layout": layout_digests[layout.name], "tool": tool})
            entry = known.get(register.relative(options.output_dir, path))
            if not options.force and entry and entry.inputs == inputs and register.on_disk(options.output_dir, entry):
                report.unchanged.append(path)
                continue
            jobs.append(Job(resolved, mark, layout, path, inputs))
    return jobs


def make(job: Job) -> Written | str:
    """Render, verify and publish one PDF; a failure comes back as its message."""
    from .render import render
    from .stamp import Stamp
    from .verify import verify

    leaflet = job.resolved.leaflet
    stamp = Stamp.for_leaflet(leaflet, job.watermark)
    try:
        rendered = render(job.resolved, job.layout, stamp)
        checked = verify(rendered.pdf, job.resolved, job.layout, stamp)
        write_atomic(job.path, rendered.pdf)
    except LeafletError as error:
        return f"{leaflet.id} ({job.layout.name}): {error}"
    return Written(leaflet, job.layout.name, job.path, checked.pages, checked.smallest_size,
                   register.sha256(rendered.pdf), len(rendered.pdf), job.inputs)


def make_all(jobs: list[Job], workers: int) -> Iterator[Written | str]:
    """Each job's result, in the order of ``jobs``, using up to ``workers`` processes."""
    workers = min(workers, len(jobs))
    if workers <= 1:
        yield from map(make, jobs)
        return
    from . import render, verify  # noqa: F401  imported once here, inherited by every forked worker

    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        yield from pool.map(make, jobs)


def build(options: Options, on_written: Callable[[Written], None] = lambda w: None) -> Report:
    """Build every leaflet asked for in every layout asked for, then archive and register."""
    started = time.perf_counter()
    report = Report()
    library = read_library(options.content_dir)
    report.problems.extend(library.problems)
    known = register.previous_files(options.output_dir)
    tool = register.generator()
    tool_id = f"{tool['version']}+{tool['source']}"
    failed: set[str] = set()
    for job, result in zip(jobs := plan(options, library, report, known, digest(tool)), make_all(jobs, options.jobs)):
        if isinstance(result, str):
            report.problems.append(result)
            failed.add(job.resolved.leaflet.id)
            continue
        report.written.append(result)
        known[register.relative(options.output_dir, result.path)] = register.FileEntry(
            result.layout, register.relative(options.output_dir, result.path), result.leaflet.version,
            result.pages, result.size, result.sha256, result.inputs, tool_id)
        on_written(result)
    finish(options, library, report, known, failed, tool)
    report.seconds = time.perf_counter() - started
    return report


def finish(options: Options, library: Library, report: Report, known: dict[str, register.FileEntry],
           failed: set[str], tool: dict[str, object]) -> None:
    """After drawing: archive superseded files, record first releases, rewrite the register."""
    if library.releases is None:
        return
    built = {(path.parent.name) for path in (*report.unchanged, *(w.path for w in report.written))} - failed
    try:
        for leaflet in chosen(options, library):
            if leaflet.status is model.Status.WITHDRAWN or (leaflet.id in built and leaflet.status is model.Status.APPROVED):
                current = {p for p in (options.output_dir / leaflet.id).glob(f"{leaflet.id}-v{leaflet.version}-*.pdf")
                           if leaflet.status is model.Status.APPROVED and not p.stem.endswith("-DRAFT")}
                for source, target in archive_superseded(options.output_dir, leaflet.id, current):
                    report.archived.append(target)
                    entry = known.pop(register.relative(options.output_dir, source), None)
                    if entry:
                        path = register.relative(options.output_dir, target)
                        known[path] = dataclasses.replace(entry, path=path)
        approved = {(l.id, l.version) for l in chosen(options, library) if l.id in built}
        for recorded in library.releases.commit(approved):
            report.notes.append(f"recorded {recorded} in {library.releases.shown}; commit it with the content")
        with locked(options.output_dir):
            merged = register.previous_files(options.output_dir) | known
            live = {path: entry for path, entry in merged.items() if (options.output_dir / path).exists()}
            register.write(options.output_dir, register.manifest(library.leaflets, live, options.output_dir,
                                                                 options.today, tool))
    except LeafletError as error:
        report.problems.append(str(error))


class UnknownVersion(LeafletError):
    """``--diff`` named a leaflet or version that neither the release record nor the content holds."""


def wording_diff(options: Options, leaflet_id: str, old: str, new: str) -> list[str]:
    """What changed between two versions of a leaflet's wording.

    OLD comes from the release record when it is there, NEW from the content
    when the content holds that version, so ``--diff ID 1.0 1.0`` shows what
    has been edited in an approved version since its release.
    """
    library = read_library(options.content_dir)
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
