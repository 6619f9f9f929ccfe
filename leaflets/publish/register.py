"""The register: what ``output/`` holds, for machines and for people.

``manifest.json`` is the machine record (and what incremental builds compare
against); ``register.csv`` and ``register.html`` are the same facts for the
governance group: each leaflet's version, dates, state and files, with the
SHA-256 that proves a printed file is the approved one. The register is
rebuilt from the library and the files on disk every run, so it never lists a
file that is not there, or one whose bytes are not the ones recorded.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from ..atomic import write_atomic
from ..document.words import format_date
from ..governance.dating import InUse, in_use
from ..governance.status import state_of
from ..source import model
from ..source.library import Library
from .history import PAGE, write_pages
from .history import versions as versions_of

MANIFEST = "manifest.json"
@dataclass(frozen=True)
class FileEntry:
    """One file in the output folder and what made it."""

    format: str
    layout: str
    """The variant of the format: a print layout for PDF."""
    path: str
    """Relative to the output folder, with forward slashes, so the record reads the same anywhere."""
    version: str
    pages: int
    smallest_size: float
    bytes: int
    sha256: str
    inputs: str
    """Digest of the content, layout, fonts and tool that made the file: unchanged means no rebuild."""
    tool: str
    label: str
    """What staff call the copy, as its format named it: "A4 clear print", "Large print 24 pt", "Braille (BRF)"."""
    extent: str
    """Its length as staff say it: "6 pages"."""


def load(output_dir: Path) -> dict:
    """The register the last build wrote, or an empty one if there is none or it cannot be read."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def recorded_files(data: dict) -> dict[str, FileEntry]:
    """The files a register records, by path; one that cannot be read means a full rebuild."""
    try:
        entries = [FileEntry(**entry) for leaflet in data["leaflets"] for entry in (*leaflet["files"], *leaflet["archived"])]
    except (KeyError, TypeError):
        return {}
    return {entry.path: entry for entry in entries}


def on_disk(output_dir: Path, entry: FileEntry) -> bool:
    """Whether ``entry``'s file is still there, unchanged: a cheap size check, then the checksum."""
    path = output_dir / entry.path
    try:
        return path.stat().st_size == entry.bytes and sha256(path.read_bytes()) == entry.sha256
    except OSError:
        return False


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


DEPENDENCIES = ("reportlab", "rl_accel", "pypdf", "PyYAML", "svglib", "fontpkg-atkinson-hyperlegible", "fontpkg-fira-sans", "pillow", "lxml",
                "fonttools", "fontpkg-noto-sans-arabic", "uharfbuzz")
"""The packages whose versions shape the bytes of the files."""


def tool_id(tool: dict[str, object]) -> str:
    """The short form of :func:`generator` recorded against each file."""
    return f"{tool['version']}+{tool['source']}"


def generator() -> dict[str, object]:
    """What made the files: the package version, a digest of its source, and the versions that shape output.

    The source digest changes with any code change, even without a new
    version number, so an incremental build never keeps a file made by
    different code.
    """
    from .. import __version__

    package = Path(__file__).resolve().parent.parent
    files = sorted((*package.rglob("*.py"), *package.glob("publish/templates/*")))  # the pages' templates shape output too
    source = hashlib.sha256(b"".join(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes()
                                     for path in files)).hexdigest()[:16]
    return {"name": "leaflets", "version": __version__, "source": source,
            "dependencies": versions(DEPENDENCIES)}


def versions(names: tuple[str, ...]) -> dict[str, str]:
    """Each distribution's version, as :func:`importlib.metadata.version` gives it.

    Found as importlib.metadata finds it, the first ``*.dist-info`` folder of
    that name on ``sys.path``, and read from its METADATA's ``Version`` line:
    importing importlib.metadata and parsing each file as an email took a
    no-op build as long as all its other register work. What is installed
    otherwise (an egg, a zip) is left to importlib.metadata.
    """
    wanted = {_normalised(name): name for name in names}
    found: dict[str, str | None] = {}
    for folder in map(Path, sys.path):
        if folder.name.lower().endswith(".egg") or not folder.is_dir():
            if folder.exists():
                break
            continue
        for child in os.listdir(folder):
            stem, _, kind = child.lower().rpartition(".")
            name = wanted.get(_normalised(stem.partition("-")[0])) if kind in ("dist-info", "egg-info") else None
            if name and name not in found:
                found[name] = _version(folder / child / "METADATA") if kind == "dist-info" else None
    missing = [name for name in names if found.get(name) is None]
    if missing:
        import importlib.metadata

        found |= {name: importlib.metadata.version(name) for name in missing}
    return {name: found[name] for name in names}


def _normalised(name: str) -> str:
    """A distribution's name as importlib.metadata compares it: PEP 503, with underscores."""
    return re.sub(r"[-_.]+", "_", name).lower()


def _version(metadata: Path) -> str | None:
    """The ``Version`` header of a METADATA file, whose headers end at its first empty line."""
    try:
        with open(metadata, encoding="utf-8") as file:
            for line in file:
                if not line.rstrip("\r\n"):
                    break
                key, _, value = line.partition(":")
                if key.lower() == "version":
                    return value.strip()
    except (OSError, UnicodeDecodeError):
        pass
    return None


def relative(output_dir: Path, path: Path) -> str:
    return path.relative_to(output_dir).as_posix()


SOURCE_ERRORS = "source has errors"
SOURCE_MISSING = "source file missing"
NOT_BUILT = "could not be rebuilt"
"""What can keep a leaflet's last good entry in the register in place of a new one."""


def manifest(leaflets: list[model.Leaflet], known: dict[str, FileEntry], today: dt.date, tool: dict[str, object],
             previous: dict, troubled: dict[str, str], broken: frozenset[str],
             releases: tuple[model.Release, ...] = ()) -> dict[str, object]:
    """The register's data: every leaflet of the library, with the recorded files still on disk.

    Nothing leaves it by accident. A leaflet that ``troubled`` names (its
    source or its build failed) keeps the entry of its last good build; one
    missing from the library keeps the entry it had, its source file among
    ``broken`` or gone. Each says what is wrong and since when, until it is
    put right or withdrawn on purpose. Each row keeps every version seen
    (``history``), with the ``releases`` approved. A draft's row is dated as
    its copies are, by governance's rule, and names the approved version in
    use (``releases``, the release record).
    """
    earlier = _rows(previous)
    versions = {leaflet.id: leaflet.version for leaflet in leaflets}
    rows = []
    for leaflet in leaflets:
        trouble = troubled.get(leaflet.id)
        kept = earlier.get(leaflet.id, {}).get("history") or []
        row = earlier[leaflet.id] if trouble and leaflet.id in earlier else _row(
            leaflet, versions_of(leaflet, releases, kept), in_use(leaflet, releases))
        rows.append(_as_of(row, known, today, trouble, earlier.get(leaflet.id), versions))
    present = {leaflet.id for leaflet in leaflets}
    for leaflet_id, row in earlier.items():
        if leaflet_id not in present:
            trouble = SOURCE_ERRORS if row.get("source") in broken else SOURCE_MISSING
            rows.append(_as_of(row, known, today, trouble, row, versions))
    rows.sort(key=lambda row: row["id"])
    return {"generator": tool, "today": today.isoformat(), "built_at": built_at(), "leaflets": rows}


ROW_KEYS = ("id", "title", "version", "status", "owner", "approved_by", "approval_date", "review_date", "source")
EDITION_KEYS = ("language", *(kind.value for kind in model.Derivation), *(kind.writer_key for kind in model.Derivation))
"""What a derived edition's row adds: its language, the source and version it follows under its kind's key
("translates", "explains"), and the role that wrote it under its kind's ("translator", "writer")."""
DRAFT_KEYS = ("draft_date", "in_use")
"""What a draft's row adds: the date of its changes entry, and the approved version in use, if any
(its ``approval_date`` is empty: a draft has none)."""


def _rows(previous: dict) -> dict[str, dict]:
    """The leaflets an earlier register listed, by id; rows it cannot vouch for are left out."""
    rows = previous.get("leaflets") if isinstance(previous, dict) else None
    return {row["id"]: row for row in rows or () if isinstance(row, dict) and all(key in row for key in ROW_KEYS)}


def _row(leaflet: model.Leaflet, history: list[dict], current: InUse | None) -> dict:
    work, approved = leaflet.edition_of, leaflet.approved_on
    drafted = {"draft_date": leaflet.drafted_on.isoformat(),
               "in_use": current and {"version": current.version, "approval_date": current.approved.isoformat()}
               } if approved is None else {}
    return {
        "id": leaflet.id, "title": leaflet.title, "version": leaflet.version, "status": leaflet.status.value,
        "owner": leaflet.owner, "approved_by": leaflet.approved_by,
        "approval_date": approved and approved.isoformat(), "review_date": leaflet.review_date.isoformat(),
        "source": leaflet.path.name, **drafted,
        **({"language": leaflet.language, work.kind.value: {"id": work.source_id, "version": work.source_version},
            work.kind.writer_key: work.writer} if work else {}),
        "history": history,
    }


def edition_of(row: dict) -> tuple[model.Derivation, dict] | None:
    """What a derived edition's row follows, and as what: (its kind, {"id", "version"}); None for any other row."""
    return next(((kind, row[kind.value]) for kind in model.Derivation if isinstance(row.get(kind.value), dict)), None)


def _out_of_date(row: dict, versions: dict[str, str]) -> bool:
    """Whether ``row`` is an edition (a translation, an Easy Read edition) of an earlier version of a leaflet the library holds."""
    _, work = edition_of(row) or (None, {})
    return work.get("id") in versions and versions[work["id"]] != work.get("version")


def _as_of(row: dict, known: dict[str, FileEntry], today: dt.date, trouble: str | None, before: dict | None,
           versions: dict[str, str]) -> dict:
    """``row`` as it stands ``today``: its state, its files on disk, and what is wrong since when (kept from ``before``)."""
    review = dt.date.fromisoformat(row["review_date"])
    kept = (before or {}).get("problem") or {}
    since = kept.get("since") if kept.get("what") == trouble else today.isoformat()
    leaflet_id = row["id"]
    withdrawn = row["status"] == model.Status.WITHDRAWN.value
    return {
        **{key: row[key] for key in ROW_KEYS},
        **{key: row[key] for key in (*EDITION_KEYS, *DRAFT_KEYS) if key in row},
        "days_to_review": (review - today).days,
        "state": state_of(model.Status(row["status"]), review, today, _out_of_date(row, versions)),
        "problem": {"what": trouble, "since": since} if trouble else None,
        "withdrawn_on": ((before or {}).get("withdrawn_on") or today.isoformat()) if withdrawn else None,
        "history": row.get("history") or [],
        "files": [asdict(e) for e in sorted(known.values(), key=lambda e: e.path) if e.path.startswith(f"{leaflet_id}/")],
        "archived": [asdict(e) for e in sorted(known.values(), key=lambda e: e.path)
                     if e.path.startswith(f"archive/{leaflet_id}/")],
    }


def built_at() -> str:
    """When the register was made: ``SOURCE_DATE_EPOCH`` if set, so a rebuild can be byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch and epoch.isdigit() else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def write(output_dir: Path, data: dict[str, object], previous: dict, library: Library) -> None:
    """Write the register and the history pages, unless they would say just what ``previous`` (the one on disk) says already.

    The manifest goes last: a build killed part-way leaves the old manifest,
    so the next one sees a change and writes every page of the register again.
    """
    unchanged = bool(previous) and {**previous, "built_at": None} == {**data, "built_at": None}
    pages = [output_dir / row["id"] / PAGE for row in data["leaflets"]]
    records = {"register.csv": as_csv, "register.html": as_html}
    if unchanged and all(path.exists() for path in (*(output_dir / name for name in records), *pages)):
        return
    for name, make in records.items():
        if not unchanged or not (output_dir / name).exists():
            write_atomic(output_dir / name, make(data).encode())
    write_pages(output_dir, data, previous, library)
    if not unchanged:
        write_atomic(output_dir / MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


LEAFLET_COLUMNS = ("id", "title", "version", "status", "state", "approval_date", "draft_date", "review_date",
                   "days_to_review", "owner")
FILE_COLUMNS = ("format", "layout", "label", "version", "path", "pages", "bytes", "sha256")
CSV_COLUMNS = (*LEAFLET_COLUMNS, "problem", "edition_of", "in_use", *(f"file_{key}" for key in FILE_COLUMNS))


def follows(leaflet: dict) -> str:
    """What a derived edition follows, in words: "translates PAIN-OST-002 version 1.0", "explains …"; nothing for a
    leaflet that is none."""
    found = edition_of(leaflet)
    return f"{found[0].value} {found[1]['id']} version {found[1]['version']}" if found else ""


def in_use_text(leaflet: dict) -> str:
    """The approved version in use while a draft is prepared, in words; nothing if there is none."""
    current = leaflet.get("in_use")
    return f"Version {current['version']}, approved {_day(current['approval_date'])}, is the version in use" if current else ""


def dated(leaflet: dict) -> str:
    """The register's date for a version: its approval's, or a draft's, said as such (governance's rule)."""
    if leaflet.get("approval_date"):
        return _day(leaflet["approval_date"])
    return f"Draft of {_day(leaflet['draft_date'])}" if leaflet.get("draft_date") else "Not approved"


def problem_text(leaflet: dict) -> str:
    """What keeps a leaflet's last good entry in the register, in words: "source has errors since 2026-11-24"."""
    problem = leaflet.get("problem")
    return f"{problem['what']} since {problem['since']}" if problem else ""


def as_csv(data: dict) -> str:
    """One row per file (a leaflet with none still gets a row), for a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for leaflet in data["leaflets"]:
        head = [leaflet.get(key) for key in LEAFLET_COLUMNS] + [problem_text(leaflet), follows(leaflet),
                                                                in_use_text(leaflet)]
        for entry in leaflet["files"] or [None]:
            writer.writerow(head + ([entry[key] for key in FILE_COLUMNS] if entry else [""] * len(FILE_COLUMNS)))
    return out.getvalue()


def as_html(data: dict) -> str:
    """The register as a page governance can open from a shared drive: the review calendar, then every leaflet and file."""
    from .calendar import MONTHS, STATES, calendar, chart
    from .catalogue import STATES as WORDS
    from .webpage import render

    plan = calendar(data["leaflets"], dt.date.fromisoformat(data["today"]))
    return render("register.html", title="Leaflet register", data=data, plan=plan, chart=chart(plan), months=MONTHS, states=STATES,
                  words={state: WORDS[state][0] for state in WORDS}, follows=follows, problem_text=problem_text,
                  dated=dated, in_use_text=in_use_text)


def _day(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso))
