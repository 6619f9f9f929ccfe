"""The command line: parse arguments into settings, run the build, report, choose the exit code.

Heavy modules (ReportLab, pikepdf) are imported only once the arguments are
known, so ``--help`` answers at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
from collections import Counter
from pathlib import Path

from .settings import Folders, PrintSettings, Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_STOPPED = 128 + signal.SIGINT


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make_leaflets.py",
        description="Build print-ready patient leaflets (A4 clear print and large print) from content/ into output/.",
        epilog="To bring Word leaflets in as drafts: make_leaflets.py import FILE.docx ... (see its --help). "
               "The staff web service: make_leaflets.py serve (see its --help). "
               "Exit codes: 0 everything asked for was built; 1 a leaflet failed (the rest were built, "
               "every problem is listed); 2 the command was used wrongly.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="leaflet references to build (default: all)")
    p.add_argument("--format", action="append", metavar="NAME",
                   help="format to build (repeatable; 'all' for every one; default: formats: in content/settings.yaml)")
    p.add_argument("--layout", action="append", metavar="NAME",
                   help="layout to build, from layouts/ (repeatable; default: a4 and large-print, and "
                        "easy-read for Easy Read editions)")
    p.add_argument("--content", type=Path, default=Folders.content, metavar="DIR", help="content folder (default: content/)")
    p.add_argument("--output", type=Path, default=Folders.output, metavar="DIR", help="output folder (default: output/)")
    p.add_argument("--layouts", type=Path, default=Folders.layouts, metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument("--today", type=_date, default=dt.date.today(), metavar="YYYY-MM-DD",
                   help="the date review and status rules are judged against (default: today)")
    p.add_argument("--allow-overdue", action="store_true",
                   help="build leaflets past their review date, marked REVIEW OVERDUE on every page")
    p.add_argument("--allow-out-of-date", action="store_true",
                   help="build translations of an earlier version of their source, each page marked OUT OF DATE")
    p.add_argument("--jobs", type=_count, default=os.cpu_count() or 1, metavar="N",
                   help="build with N processes at once (default: the number of cores)")
    p.add_argument("--force", action="store_true",
                   help="rebuild every file, even those whose content, layout and tool are unchanged")
    p.add_argument("--size", action="append", type=int, metavar="PT",
                   help="also re-flow large print with PT pt body text, e.g. 24 (repeatable; alone, builds only these)")
    p.add_argument("--site", metavar="NAME",
                   help="take the contact details from content/sites/NAME.yaml (default: site: in content/settings.yaml)")
    p.add_argument("--even-pages", action="store_true",
                   help="give every PDF an even number of pages, for double-sided printing")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--pack", metavar="NAME",
                      help="also put the leaflets named (ID ...) into one PDF with a contents page, "
                           "output/packs/NAME-<layout>.pdf")
    mode.add_argument("--check", action="store_true",
                      help="validate the content and the PDFs already in the output folder; build nothing")
    mode.add_argument("--list", action="store_true",
                      help="list each leaflet's id, title, version, status and review date (and what a translation or Easy Read edition follows)")
    mode.add_argument("--diff", nargs=3, metavar=("ID", "OLD", "NEW"),
                      help="print the wording that changed between two versions of a leaflet")
    mode.add_argument("--review", metavar="ID",
                      help="build the leaflet ID, then write the papers for its review meeting (its state, history and "
                           "latest change) to output/reviews/ID-review-<date>.pdf")
    return p


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of processes; give a whole number from 1")
    return int(text)


def stop_on_terminate() -> None:
    """Treat a terminate signal like Ctrl-C, so a stopped build tidies up as it unwinds."""
    def stop(signum: int, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def settings_from(args: argparse.Namespace) -> Settings:
    """The settings the arguments ask for, once :func:`_usage_problem` has passed them."""
    from .outputs import FORMATS

    return Settings(
        folders=Folders(args.content, args.output, args.layouts), ids=tuple(args.ids), today=args.today,
        allow_overdue=args.allow_overdue,
        allow_out_of_date=args.allow_out_of_date, site=args.site, jobs=args.jobs, force=args.force, pack=args.pack, review=args.review,
        formats=tuple(FORMATS) if "all" in (args.format or ()) else tuple(dict.fromkeys(args.format or ())),
        print=PrintSettings(layouts=tuple(dict.fromkeys(args.layout or (() if args.size else PrintSettings.layouts))),
                            sizes=tuple(dict.fromkeys(args.size or ())), even_pages=args.even_pages),
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["import"]:
        from .importing.command import main as import_main

        return import_main(argv[1:])
    if argv[:1] == ["serve"]:
        from .service.command import serve

        return serve(argv[1:])
    args = parser().parse_args(argv)
    problem = _usage_problem(args)
    if problem:
        print(f"make_leaflets.py: {problem}", file=sys.stderr)
        return EXIT_USAGE
    if args.review and not args.ids:
        args.ids = [args.review]
    settings = settings_from(args)
    if args.diff:
        return _diff(settings, *args.diff)
    if args.list or args.check:
        return _inspect(settings, listing=args.list)
    from .build import build
    from .progress import watching

    try:
        with watching(sys.stderr) as watcher:
            report = build(settings, watcher)
    except KeyboardInterrupt:
        print("make_leaflets.py: stopped; every file listed above is complete, and no partial file was left", file=sys.stderr)
        return EXIT_STOPPED
    from .errors import shown

    for path, label in report.packs:
        print(f"wrote {shown(path)} ({label})")
    for path in filter(None, [report.papers, report.catalogue]):
        print(f"wrote {shown(path)}")
    for note in report.notes:
        print(f"note: {note}")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    print(summary(report))
    return EXIT_OK if report.ok else EXIT_FAILED


def summary(report) -> str:
    """The closing line: what was made, of which kinds, how fast, and what else happened."""
    from .document.words import plural

    leaflets = len({w.leaflet.id for w in report.written})
    kinds = Counter(w.label for w in report.written)
    made = f" ({', '.join(f'{label}: {count}' for label, count in kinds.items())})" if kinds else ""
    return (f"{plural(leaflets, 'leaflet')}, {plural(len(report.written), 'file')}{made} in {report.seconds:.2f} s"
            + (f"; {plural(len(report.unchanged), 'file')} already up to date" if report.unchanged else "")
            + (f"; {plural(len(report.archived), 'superseded file')} archived" if report.archived else "")
            + (f"; {plural(len(report.problems), 'problem')}" if report.problems else ""))


def _usage_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with how the command was called, beyond what argparse checks, or None."""
    from .outputs import FORMATS
    from .outputs.pdf.layouts import available

    strange = [name for name in args.format or () if name not in (*FORMATS, "all")]
    if strange:
        return f"unknown format '{strange[0]}'; choose from: {', '.join(FORMATS)}, or all"
    known_layouts = available(args.layouts)
    unknown = [name for name in args.layout or () if name not in known_layouts]
    if unknown:
        return f"unknown layout '{unknown[0]}'; choose from: {', '.join(known_layouts)}"
    problem = _size_problem(args.layouts, args.size or ())
    if problem:
        return problem
    if not args.content.is_dir():
        return f"the content folder {args.content} does not exist; check --content"
    if args.pack is not None:
        from .publish.packs import PACK_NAME

        if not PACK_NAME.fullmatch(args.pack):
            return (f"'{args.pack}' cannot be a pack name; use letters, digits, '-' and '_' "
                    "(up to 64, starting with a letter or digit)")
        if not args.ids:
            return ("--pack needs the references of the leaflets to put in it, "
                    "e.g. --pack back-pain PAIN-OST-001 PAIN-OST-002")
    known_sites = sorted(path.stem for path in (args.content / "sites").glob("*.yaml"))
    if args.site is not None and args.site not in known_sites:
        return f"unknown site '{args.site}'; choose from: {', '.join(known_sites) or 'none yet (add content/sites/NAME.yaml)'}"
    return None


def _size_problem(layouts_dir: Path, sizes: tuple[int, ...]) -> str | None:
    """Why a ``--size`` asked for cannot be built, judged by the large-print layout's own limits."""
    from .errors import LayoutFileError
    from .outputs.pdf.layouts import RESIZABLE, load_layout, size_problem

    if not sizes:
        return None
    try:
        base = load_layout(layouts_dir / f"{RESIZABLE}.yaml")
    except LayoutFileError:
        return None  # the build reports the broken layout file
    return next(filter(None, (size_problem(base, size) for size in sizes)), None)


def _inspect(settings: Settings, listing: bool) -> int:
    """``--list`` and ``--check``: read and validate everything, build nothing."""
    from .build import check
    from .document.words import format_date

    library, report = check(settings, published=not listing)
    if listing:
        for leaflet in library.leaflets:
            work = leaflet.edition_of
            print(f"{leaflet.id}\t{leaflet.title}\tversion {leaflet.version}\t{leaflet.status.value}\t"
                  f"review due {format_date(leaflet.review_date)}"
                  + (f"\t{work.kind.value} {work.source_id} version {work.source_version}" if work else ""))
    for note in report.notes:
        print(f"note: {note}")
    for problem in report.problems:
        print(problem, file=sys.stderr)
    if not listing:
        print(f"checked {len(library.leaflets)} valid leaflets; {len(report.problems)} problems")
    return EXIT_OK if report.ok else EXIT_FAILED


def _diff(settings: Settings, leaflet_id: str, old: str, new: str) -> int:
    """``--diff``: the wording that changed between two versions, for reviewers."""
    from .errors import LeafletError
    from .build import read
    from .governance.diff import UnknownVersion, wording_diff

    try:
        changes = wording_diff(read(settings), leaflet_id, old, new)
    except UnknownVersion as error:
        print(f"make_leaflets.py: {error}", file=sys.stderr)
        return EXIT_USAGE
    except LeafletError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(changes) if changes else f"{leaflet_id}: versions {old} and {new} have the same wording")
    return EXIT_OK
