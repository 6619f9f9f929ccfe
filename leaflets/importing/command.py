"""``make_leaflets.py import FILE.docx ...``: bring a trust's Word leaflets in as drafts, and say what each needs."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..errors import LeafletError
from ..settings import Folders


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make_leaflets.py import",
        description="Import Word leaflets (.docx) as draft leaflets in content/leaflets/, with their pictures in "
                    "content/figures/, and report for each what mapped, what did not and what the author must supply.",
        epilog="Exit codes: 0 every file imported; 1 a file was not imported (the others were; each is reported); "
               "2 the command was used wrongly.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE.docx",
                   help="Word documents to import, or folders: each Word file in a folder (not its subfolders)")
    p.add_argument("--content", type=Path, default=Folders.content, metavar="DIR", help="content folder (default: content/)")
    p.add_argument("--accept-changes", action="store_true",
                   help="take every tracked change as it stands (default: a document with tracked changes is not imported)")
    return p


def word_files(paths: list[Path]) -> list[Path]:
    """The files named, with each folder replaced by the Word files in it (never Word's "~$" lock files)."""
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in (".docx", ".docm", ".doc")
                                and not p.name.startswith("~$") and p.is_file()))
        else:
            found.append(path)
    return found


def main(argv: list[str]) -> int:
    from .importer import import_files

    args = parser().parse_args(argv)
    if not (args.content / "leaflets").is_dir():
        print(f"make_leaflets.py import: the content folder {args.content} has no leaflets/ folder; check --content",
              file=sys.stderr)
        return 2
    try:
        reports = import_files(word_files(args.files), args.content, dt.date.today(), args.accept_changes)
    except LeafletError as error:
        print(f"make_leaflets.py import: {error}", file=sys.stderr)
        return 1
    for report in reports:
        print(report.text(), file=sys.stderr if report.refused else sys.stdout)
    done = sum(1 for report in reports if not report.refused)
    print(f"imported {done} of {len(reports)} Word files as drafts")
    return 0 if done == len(reports) else 1
