"""The build: every stage, for every leaflet and layout asked for.

Failures are contained per leaflet: a bad file is reported and the rest still
build. Data flows one way: load → validate → resolve → lay out → render →
stamp → verify → publish.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import layouts as layout_files
from . import model, validate
from .errors import ContentError, LeafletError, Problem
from .load import load_yaml
from .publish import output_path, write_atomic
from .render import render
from .resolve import Resolved, Resolver, format_date
from .stamp import Stamp
from .verify import verify

DRAFT_MARK = "DRAFT \u2013 not for patient use"
OVERDUE_MARK = "REVIEW OVERDUE \u2013 check before use"
DUE_FOR_REVIEW_DAYS = 183
"""Review work starts six months before the review date (STANDARDS.md §5)."""


@dataclass(frozen=True)
class Options:
    content_dir: Path
    output_dir: Path
    layouts_dir: Path
    layouts: tuple[str, ...] = ("a4", "large-print")
    ids: tuple[str, ...] = ()
    today: dt.date = field(default_factory=dt.date.today)
    allow_overdue: bool = False


@dataclass(frozen=True)
class Written:
    leaflet: model.Leaflet
    layout: str
    path: Path
    pages: int
    smallest_size: float


@dataclass
class Report:
    """What a build did, for the command's output and exit code."""

    written: list[Written] = field(default_factory=list)
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
    settings = site = None
    try:
        settings = validate.settings(load_yaml(content_dir / "settings.yaml", shown(content_dir / "settings.yaml")))
        site_path = content_dir / "sites" / f"{settings.site}.yaml"
        site = validate.site(load_yaml(site_path, shown(site_path)))
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
    return Library(sorted(leaflets.values(), key=lambda l: l.id), settings, site, problems)


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
    if (leaflet.review_date - options.today).days <= DUE_FOR_REVIEW_DAYS:
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


def ready(options: Options, library: Library, report: Report) -> Iterator[tuple[Resolved, Stamp]]:
    """Each leaflet asked for that may be built today, resolved, with its stamp.

    Everything a build checks before drawing happens here, so ``--check``
    reports exactly what a build would refuse.
    """
    if library.site is None or library.settings is None:
        return
    known = {leaflet.id for leaflet in library.leaflets}
    for wanted in options.ids:
        if wanted not in known:
            report.problems.append(f"no valid leaflet has the id {wanted}; 'make_leaflets.py --list' shows them")
    resolver = Resolver(options.content_dir, library.site, shown)
    for leaflet in library.leaflets:
        if options.ids and leaflet.id not in options.ids:
            continue
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
        yield resolved, Stamp.for_leaflet(leaflet, mark)


def check(options: Options) -> tuple[Library, Report]:
    """Validate everything a build would, drawing nothing: ``--check`` and ``--list``."""
    report = Report()
    library = read_library(options.content_dir)
    report.problems.extend(library.problems)
    load_layouts(options, report)
    for _ in ready(options, library, report):
        pass
    return library, report


def build(options: Options, on_written: Callable[[Written], None] = lambda w: None) -> Report:
    """Build every leaflet asked for in every layout asked for."""
    started = time.perf_counter()
    report = Report()
    library = read_library(options.content_dir)
    report.problems.extend(library.problems)
    layouts = load_layouts(options, report)
    for resolved, stamp in ready(options, library, report):
        leaflet = resolved.leaflet
        for layout in layouts:
            try:
                rendered = render(resolved, layout, stamp)
                checked = verify(rendered.pdf, resolved, layout, stamp)
                suffix = "-DRAFT" if leaflet.status is model.Status.DRAFT else ""
                path = output_path(options.output_dir, leaflet.id, leaflet.version, layout.name, suffix)
                write_atomic(path, rendered.pdf)
                written = Written(leaflet, layout.name, path, checked.pages, checked.smallest_size)
                report.written.append(written)
                on_written(written)
            except LeafletError as error:
                report.problems.append(f"{error.where or leaflet.path}: {leaflet.id} ({layout.name}): {error}")
    report.seconds = time.perf_counter() - started
    return report
