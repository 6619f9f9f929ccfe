"""The build loop: every stage, for every leaflet, format and variant asked for.

source → document → governance → outputs → publish. Failures are contained
per leaflet: a bad file is reported and the rest still build. This module
only sequences the stages and runs the formats' work in parallel; the rules
live in the stages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

from .atomic import claim, locked, remove_scratch, remove_stale_scratch
from .document.fingerprint import digest, plain
from .document.model import Document
from .document.resolve import resolve
from .errors import ContentError, LeafletError
from .governance.archive import still_in_use
from .governance.dating import dating, in_use
from .governance.edition import Edition
from .governance.release import Releases
from .governance.status import DRAFT_SUFFIX, Rules, standing
from .outputs import FORMATS, Output, Variant
from .processes import in_order, janitor
from .publish import register
from .publish.files import Written, archive_superseded, output_path, place, version_files
from .settings import Settings
from .source import model
from .source.library import Library, read_library
from .source.phrases import REFERENCE


@dataclass(frozen=True)
class Job:
    """One variant of one edition to make: everything a worker process needs, and nothing it must look up."""

    edition: Edition
    output: Output
    variant: Variant
    paths: tuple[Path, ...]
    """Where each of ``variant.files`` goes."""
    inputs: str
    announce: Announcer | None = None


@dataclass(frozen=True)
class Watcher:
    """What the build tells its caller as it goes: the jobs planned, each job made, each file written."""

    planned: Callable[[list[Job]], None] = lambda jobs: None
    made: Callable[[Job], None] = lambda job: None
    written: Callable[[Written], None] = lambda written: None


@dataclass
class Report:
    """What a build did, for the command's output and exit code."""

    written: list[Written] = field(default_factory=list)
    unchanged: list[Written] = field(default_factory=list)
    """Files kept because their inputs have not changed since they were written."""
    archived: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    troubled: dict[str, str] = field(default_factory=dict)
    """Leaflets whose source or build failed, and how: the register keeps their last good entry."""
    helpers_failed: bool = False
    """A helper process died mid-job or none could start: one may have left a scratch file."""
    packs: list[tuple[Path, str]] = field(default_factory=list)
    """Each pack written, with what staff call it."""
    papers: Path | None = None
    """The review meeting's papers (``--review``), if written."""
    catalogue: Path | None = None
    """The catalogue, if it was rewritten."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def chosen(settings: Settings, library: Library) -> list[model.Leaflet]:
    return [leaflet for leaflet in library.leaflets if not settings.ids or leaflet.id in settings.ids]


def editions(settings: Settings, library: Library, releases: Releases | None, report: Report) -> Iterator[Edition]:
    """Each leaflet asked for that may be built today, as an edition.

    Everything a build checks before rendering happens here, so ``--check``
    reports exactly what a build would refuse.
    """
    if library.site is None or library.settings is None or releases is None:
        return
    known = {leaflet.id for leaflet in library.leaflets}
    for wanted in settings.ids:
        if wanted not in known:
            report.problems.append(f"no valid leaflet has the id {wanted}; 'make_leaflets.py --list' shows them")
    rules = Rules(settings.today, library.settings.review_within_years, settings.allow_overdue,
                  settings.allow_out_of_date)
    for leaflet in chosen(settings, library):
        try:
            phrases, english = library.phrases.of(leaflet.language), library.phrases.of(REFERENCE)
        except ContentError as error:
            report.problems.extend(map(str, error.problems))
            report.troubled[leaflet.id] = register.SOURCE_ERRORS
            continue
        current = in_use(leaflet, library.releases or ())
        judged = standing(leaflet, rules, phrases, english, library.source_of(leaflet), current)
        report.problems.extend(judged.problems)
        report.notes.extend(judged.notes)
        if judged.wrong_dates:
            report.troubled[leaflet.id] = register.SOURCE_ERRORS
        if not judged.buildable:
            continue
        try:
            document = resolve(leaflet, library)
        except ContentError as error:
            report.problems.extend(map(str, error.problems))
            report.troubled[leaflet.id] = register.SOURCE_ERRORS
            continue
        if leaflet.status is model.Status.APPROVED:
            if settings.content_read_only and not releases.recorded(leaflet, library.site_name):
                report.problems.append(f"{leaflet.id} version {leaflet.version} has not been released for the site "
                                       f"{library.site_name} yet: run make_leaflets.py --site {library.site_name} "
                                       f"{leaflet.id}, which records it in {releases.shown}, and commit that file")
                continue
            changed = releases.check(document, library.site_name, settings.today)
            if changed:
                report.problems.append(str(changed))
                report.troubled[leaflet.id] = register.SOURCE_ERRORS
                continue
        yield Edition(document, judged.state, judged.notice, original(leaflet, document, library),
                      dating(leaflet, judged.state, english, current))


def original(leaflet: model.Leaflet, document: Document, library: Library) -> Document | None:
    """A left-to-right translation's source, resolved, for a copy that sets the two side by side; else None.

    A source that cannot be resolved gives no bilingual copy: the source's
    own build reports why.
    """
    source = library.source_of(leaflet) if leaflet.translation else None
    if source is None or document.direction != "ltr":
        return None
    try:
        return resolve(source, library)
    except ContentError:
        return None


DEFAULT_FORMATS = ("pdf",)


def formats(settings: Settings, library: Library) -> tuple[str, ...]:
    """The formats to make: those the command named, else the settings file's, else PDF alone."""
    return settings.formats or (library.settings and library.settings.formats) or DEFAULT_FORMATS


def read(settings: Settings) -> Library:
    """The library of the settings' content folder, its settings file choosing among the formats there are."""
    return read_library(settings.folders.content, settings.site, tuple(FORMATS))


def outputs(names: tuple[str, ...], settings: Settings, report: Report) -> list[tuple[Output, list[Variant]]]:
    """Each format named, with its variants; a variant that cannot be made is reported."""
    chosen_outputs = []
    for name in names:
        output = FORMATS[name].configure(settings)
        variants, problems = output.variants()
        report.problems.extend(problems)
        chosen_outputs.append((output, variants))
    return chosen_outputs


def check(settings: Settings, published: bool = False) -> tuple[Library, Report]:
    """Validate everything a build would, making nothing: ``--check`` and ``--list``.

    With ``published``, the files already in the output folder are read back
    and held to their formats' rules too.
    """
    report = Report()
    library = read(settings)
    report.problems.extend(library.problems)
    chosen = outputs(formats(settings, library), settings, report)
    for _ in editions(settings, library, Releases.of(library), report):
        pass
    if published:
        for output, _ in chosen:
            report.problems.extend(output.recheck(settings.folders.output, settings.ids))
    return library, report


def plan(settings: Settings, library: Library, releases: Releases | None, report: Report,
         known: dict[str, register.FileEntry], tool: str) -> list[Job]:
    """The files to make: every edition in every format and variant asked for, less those already made from the same inputs."""
    chosen = outputs(formats(settings, library), settings, report)
    out = settings.folders.output
    jobs = []
    for edition in editions(settings, library, releases, report):
        leaflet = edition.leaflet
        content = digest({"fingerprint": edition.document.fingerprint, "leaflet": plain(leaflet),
                          "notice": plain(edition.notice)})
        suffix = DRAFT_SUFFIX if leaflet.status is model.Status.DRAFT else ""
        for output, variants in chosen:
            reason = output.unavailable(edition)
            if reason:
                report.notes.append(reason)
                continue
            for variant in filter(partial(output.applies, edition), variants):
                if settings.variants and variant.name not in settings.variants:
                    continue
                made_from = content
                if variant.bilingual:  # remade when the original changes too; no other file's inputs move
                    made_from = digest({"content": content, "original": edition.original.fingerprint})
                inputs = digest({"content": made_from, "format": output.name, "variant": plain(variant.spec), "tool": tool})
                paths = tuple(output_path(out, leaflet.id, leaflet.version, name, output.extension, suffix)
                              for name in variant.files)
                entries = [known.get(register.relative(out, path)) for path in paths]
                if not settings.force and all(e and e.inputs == inputs and register.on_disk(out, e) for e in entries):
                    report.unchanged.extend(Written(leaflet, e.format, e.layout, p, e.pages, e.smallest_size, e.sha256,
                                                    e.bytes, e.inputs, e.label, e.extent) for p, e in zip(paths, entries))
                    continue
                jobs.append(Job(edition, output, variant, paths, inputs))
    return jobs


def make(job: Job) -> list[Written] | str:
    """Make, verify and publish one variant's files; a failure comes back as its message."""
    leaflet = job.edition.leaflet
    try:
        return place(leaflet, job.output.name, job.output.make(job.edition, job.variant), job.paths, job.inputs,
                     job.announce)
    except LeafletError as error:
        return f"{error.where or leaflet.path}: {leaflet.id} ({job.variant.name}): {error}"


def make_all(jobs: list[Job], workers: int, report: Report) -> Iterator[list[Written] | str]:
    """Each job's result, in the order of ``jobs``, using up to ``workers`` processes.

    A helper process killed mid-job costs that job one more try, not the
    build; what happened goes into ``report``'s notes.
    """
    workers = min(workers, len(jobs))
    if workers <= 1:
        yield from map(make, jobs)
        return
    for output in {job.output.name: job.output for job in jobs}.values():  # loaded once, inherited by every worker
        output.preload([(job.edition, job.variant) for job in jobs if job.output is output])
    gc.freeze()  # else a worker's collector writes to every object it inherited, copying the whole plan into it

    def heard(note: str) -> None:
        report.notes.append(note)
        report.helpers_failed = True

    try:
        yield from in_order(make, jobs, workers, lost, heard, described)
    finally:
        gc.unfreeze()


def described(job: Job) -> str:
    return f"{job.edition.leaflet.id} ({job.variant.name})"


def lost(job: Job) -> str:
    """The problem reported for a job whose process was killed twice while making it."""
    return (f"{job.edition.leaflet.path}: {described(job)}: the process making it was killed twice, so it was not made; "
            "a process killed from outside (by the system when memory runs out, say) leaves no reason behind: "
            "check the machine's free memory and run the build again")


def every_copy(settings: Settings) -> Settings:
    """``settings`` asking for every copy a reader may ask for: every format, every layout, large print at every size."""
    from .outputs.pdf.layouts import RESIZABLE, available, load_layout, sizes_offered

    layouts = tuple(available(settings.folders.layouts))
    try:
        sizes = sizes_offered(load_layout(settings.folders.layouts / f"{RESIZABLE}.yaml"))
    except LeafletError:
        sizes = ()  # the build reports the broken layout file
    return dataclasses.replace(settings, formats=tuple(FORMATS), print=dataclasses.replace(
        settings.print, layouts=layouts, sizes=sizes))


def offered(settings: Settings, library: Library) -> tuple[list[Job], Report]:
    """Every file the build would make of ``settings.ids`` as asked, made already or not; the report says why not."""
    report = Report()
    return plan(dataclasses.replace(settings, force=True), library, Releases.of(library), report, {}, ""), report


def build(settings: Settings, watcher: Watcher = Watcher(), library: Library | None = None) -> Report:
    """Build every leaflet asked for in every format and variant asked for, then archive, register, pack and catalogue.

    ``library``: the content as read already (a running service's), else it
    is read now. Everything it writes is written while a janitor watches
    (see :func:`tidy`), so a build killed at any point leaves no scratch file.
    """
    started = time.perf_counter()
    report = Report()
    out = settings.folders.output
    writer = claim()
    for folder in (out, settings.folders.content):
        remove_stale_scratch(folder)
    library = library or read(settings)
    report.problems.extend(library.problems)
    releases = Releases.of(library)
    known = register.recorded_files(register.load(out))
    tool = register.generator()
    jobs = plan(settings, library, releases, report, known, digest(tool))
    watcher.planned(jobs)
    with janitor(partial(tidy, settings, library, dict(known), tool, dict(report.troubled), writer)) as pipe:
        if pipe is None:
            report.notes.append("no janitor process could start: if this build is stopped, "
                                "the next one removes what it leaves half-written")
        tell = partial(_tell, pipe)
        announce = Announcer(tell, out, register.tool_id(tool)) if jobs else None
        if publish(settings, library, releases, [dataclasses.replace(job, announce=announce) for job in jobs],
                   known, tool, report, watcher):
            tell(RECORDED)
        finish(settings, library, report)
        if not report.helpers_failed:  # else the janitor removes what a killed helper left
            tell(FINISHED)
    report.seconds = time.perf_counter() - started
    return report


RECORDED = b"recorded\n"
"""What the build tells its janitor once the register describes every file it wrote."""
FINISHED = b"finished\n"
"""What the build tells its janitor once everything is written: nothing is left to tidy."""


def papers(settings: Settings, library: Library, report: Report) -> Path | None:
    """The papers for a leaflet's review meeting, from the register just written; None, with the problem, if not made."""
    from .outputs.pdf.layouts import load_layout
    from .publish.papers import write_papers

    try:
        return write_papers(settings.folders.output, settings.review, library,
                            load_layout(settings.folders.layouts / "a4.yaml"), settings.today)
    except LeafletError as error:
        report.problems.append(f"review papers for {settings.review}: {error}")
        return None


def _tell(pipe: int | None, line: bytes) -> None:
    """Tell the janitor ``line``, if there is one to hear it (one write: lines from several processes never mix)."""
    if pipe is None:
        return
    with contextlib.suppress(OSError):  # no janitor to hear it: the next build removes any scratch file
        os.write(pipe, line)


def finish(settings: Settings, library: Library, report: Report) -> None:
    """Make the pack (``--pack``) and review papers (``--review``) asked for; bring the catalogue up to date."""
    from .publish.catalogue import refresh

    if settings.pack is not None:
        from .outputs.pdf import PdfOutput
        from .publish.packs import make_packs

        report.packs, problems = make_packs(settings.pack, settings.ids, PdfOutput.configure(settings),
                                            library.phrases.of(REFERENCE), [*report.written, *report.unchanged],
                                            settings.folders.output, settings.today)
        report.problems.extend(problems)
    if settings.review is not None:
        report.papers = papers(settings, library, report)
    try:
        report.catalogue = refresh(settings.folders.output, packs_made=bool(report.packs))
    except LeafletError as error:
        report.problems.append(f"catalogue: {error}")


def entry(output_dir: Path, written: Written, tool: str) -> register.FileEntry:
    """What the register says of a written file."""
    return register.FileEntry(written.format, written.layout, register.relative(output_dir, written.path),
                              written.leaflet.version, written.pages, written.smallest_size, written.size,
                              written.sha256, written.inputs, tool, written.label, written.extent)


@dataclass(frozen=True)
class Announcer:
    """Tells the build's janitor, before a file is put in place, what the register will say of it.

    A line of JSON, well under the size a pipe writes whole, so lines from
    several workers never mix.
    """

    tell: Callable[[bytes], None]
    output_dir: Path
    tool: str

    def __call__(self, written: list[Written]) -> None:
        for item in written:
            self.tell(json.dumps(dataclasses.asdict(entry(self.output_dir, item, self.tool))).encode() + b"\n")


def tidy(settings: Settings, library: Library, known: dict[str, register.FileEntry], tool: dict[str, object],
         troubled: dict[str, str], build: int, heard: list[str]) -> None:
    """After the build has ended: remove its scratch files and, if it ended before writing the register, write it.

    The register then lists each file the build announced that stands there
    now, byte for byte, and keeps the earlier entry of every other. A build
    that said it finished left nothing to do.
    """
    if FINISHED.decode().strip() in heard:
        return
    for folder in (settings.folders.output, settings.folders.content):
        remove_scratch(folder, build)
    if RECORDED.decode().strip() in heard:
        return
    out = settings.folders.output
    for line in heard:
        try:
            announced = register.FileEntry(**json.loads(line))
        except (ValueError, TypeError):
            continue  # cut short by the kill
        if register.on_disk(out, announced):
            known[announced.path] = announced
    try:
        record(settings, library, known, set(), tool, troubled)
    except LeafletError:
        pass  # the next build writes it, and says why it could not


def record(settings: Settings, library: Library, known: dict[str, register.FileEntry], checked: set[str],
           tool: dict[str, object], troubled: dict[str, str]) -> None:
    """Write the register and the history pages: every file known that is still there (``checked`` ones are), under the folder's lock."""
    out = settings.folders.output
    with locked(out):
        previous = register.load(out)  # again: another build may have written it meanwhile
        live = {path: entry for path, entry in (register.recorded_files(previous) | known).items()
                if path in checked or register.on_disk(out, entry)}
        register.write(out, register.manifest(library.leaflets, live, settings.today, tool, previous,
                                              troubled, library.broken, library.releases or ()), previous, library)


def publish(settings: Settings, library: Library, releases: Releases | None, jobs: list[Job],
            known: dict[str, register.FileEntry], tool: dict[str, object], report: Report, watcher: Watcher) -> bool:
    """Make every job, then archive what is superseded, record the releases and write the register (True if it did)."""
    out = settings.folders.output
    failed: set[str] = set()
    for job, result in zip(jobs, make_all(jobs, settings.jobs, report)):
        watcher.made(job)
        if isinstance(result, str):
            report.problems.append(result)
            failed.add(job.edition.leaflet.id)
            report.troubled.setdefault(job.edition.leaflet.id, register.NOT_BUILT)
            continue
        for written in result:
            written = dataclasses.replace(written, leaflet=job.edition.leaflet)  # not a worker's copy of it, kept per file
            report.written.append(written)
            known[register.relative(out, written.path)] = entry(out, written, register.tool_id(tool))
            watcher.written(written)
    built = {w.leaflet.id for w in (*report.unchanged, *report.written)} - failed
    try:
        archive(settings, library, report, known, built)
        if releases is not None:
            for recorded in releases.commit({(l.id, l.version) for l in library.leaflets if l.id in built}):
                report.notes.append(f"recorded {recorded} in {releases.shown}; commit it with the content")
        record(settings, library, known, {register.relative(out, w.path) for w in (*report.written, *report.unchanged)},
               tool, report.troubled)
    except LeafletError as error:
        report.problems.append(str(error))
        return False
    return True


def archive(settings: Settings, library: Library, report: Report, known: dict[str, register.FileEntry],
            built: set[str]) -> None:
    """Move what patients must no longer be given to the archive, keeping the register's entries with the files."""
    out = settings.folders.output
    for leaflet in chosen(settings, library):
        current = still_in_use(leaflet, leaflet.id in built, version_files(out / leaflet.id, leaflet.id))
        if current is None:
            continue
        for source, target in archive_superseded(out, leaflet.id, current):
            report.archived.append(target)
            entry = known.pop(register.relative(out, source), None)
            if entry:
                path = register.relative(out, target)
                known[path] = dataclasses.replace(entry, path=path)
