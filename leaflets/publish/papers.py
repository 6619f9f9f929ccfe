"""Meeting papers for a review: one tagged PDF with a leaflet's current state, its history and its latest change.

Made from the register's row (what the build recorded) and, for the redline,
the same comparison as the history page and ``--diff``. Set in the A4 clear
print layout, tagged like every PDF the build writes: headings, a table with
header cells, paragraphs; added and removed words are said in words
("added:", "removed:"), never shown by colour or strike-through alone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..atomic import write_atomic
from ..document.words import format_date, plural
from ..errors import LeafletError
from ..governance.release import version_key
from ..outputs.pdf.layouts import Layout
from ..outputs.pdf.render import DocumentInfo, draw
from ..outputs.pdf.stamp import Stamp
from ..outputs.pdf.typeset import Setter
from ..source.library import Library
from ..source.phrases import REFERENCE
from .history import Redline, redlines, shown_versions
from .register import edition_of
from .webpage import day

COLUMNS = ("Version", "Status and approval", "Review date", "Changes entry")


def papers_path(output_dir: Path, leaflet_id: str, today: dt.date) -> Path:
    return output_dir / "reviews" / f"{leaflet_id}-review-{today.isoformat()}.pdf"


def meeting_papers(row: dict, library: Library, layout: Layout, today: dt.date) -> bytes:
    """The papers for the leaflet the register's ``row`` describes, as they stand on ``today``."""
    from .catalogue import STATES

    setter = Setter(layout)
    para = setter.para
    words, advice, _ = STATES[row["state"]]
    title = f"Meeting papers: {row['id']}"
    story = [
        para(title, "title", "H1"),
        para(f"{row['title']}, for the clinical governance group's review on {format_date(today)}.", "masthead"),
        para("Current state", "H2", "H2"),
        para(f"**Version {row['version']}: {words}.** {advice}", "body"),
    ]
    facts = [f"Owner: {row['owner']}.", f"Review date: {day(row['review_date'])} "
             + (f"(in {plural(row['days_to_review'], 'day')})." if row["days_to_review"] >= 0
                else f"({plural(-row['days_to_review'], 'day')} ago).")]
    if row["status"] != "draft":
        facts.insert(1, f"Approved by {row['approved_by']} on {day(row['approval_date'])}.")
    found = edition_of(row)
    if found:
        kind, work = found
        facts.append(f"{kind.words.capitalize()} {work['id']} version {work['version']}, written by {row[kind.writer_key]}.")
    if row.get("problem"):
        facts.append(f"{row['problem']['what'].capitalize()} since {day(row['problem']['since'])}: "
                     "the last good version is still listed.")
    facts.append(f"Files in use: {len(row['files'])}; archived: {len(row['archived'])}. The history page "
                 f"({row['id']}/history.html) lists each with its SHA-256.")
    story += [para(fact, "body") for fact in facts]
    story += [para("History", "H2", "H2"), _history(setter, row)]
    listed = sorted((entry["version"] for entry in row.get("history") or ()), key=version_key)
    found = redlines(library, row["id"], listed[-2:])
    if found:
        story += _redline(setter, found[listed[-1]])
    else:
        story += [para("What changed", "H2", "H2"), para("This is the first version: there is nothing to compare.", "body")]
    stamp = Stamp.of((f"{row['id']} meeting papers", format_date(today)), library.phrases.of(REFERENCE))
    info = DocumentInfo(title, row["owner"], f"Review of {row['title']}", (row["id"], f"version {row['version']}"),
                        "en-GB", today, {"reference": row["id"], "version": row["version"]})
    return draw(story, layout, stamp, info).pdf


def _history(setter: Setter, row: dict):
    """Every version, newest first, as a tagged table."""
    return setter.table(COLUMNS, [_history_row(entry) for entry in shown_versions(row)], (0.1, 0.36, 0.24, 0.3))


def _history_row(entry: dict) -> tuple[str, ...]:
    if entry.get("status") == "draft":
        approval = "Not approved."
    elif entry.get("approval_date"):
        approval = f"Approved on {entry['approval']} by {entry['approved_by']}."
    else:
        approval = "Approval not recorded."
    change = entry.get("change")
    return (entry["version"], f"{entry['said']}. {approval}", day(entry.get("review_date")),
            f"{change['summary']} ({day(change['date'])})" if change else "None recorded")


def _redline(setter: Setter, redline: Redline) -> list:
    para = setter.para
    story = [para(f"What changed from version {redline.old} to {redline.new}", "H2", "H2")]
    if redline.missing:
        return story + [para(redline.missing, "body")]
    story.append(para(f"{plural(redline.count('changed'), 'block')} changed, {redline.count('added')} added and "
                      f"{redline.count('removed')} removed; {plural(redline.unchanged, 'unchanged block')} not shown. "
                      "Added words are in bold after \"added:\", removed words after \"removed:\".", "body"))
    for passage in redline.passages:
        if passage.kind == "same":
            story.append(para(f"({plural(len(passage.unchanged), 'unchanged block')})", "caption"))
            continue
        runs = [f"**[added: {run.text}]**" if run.kind == "added" else f"[removed: {run.text}]" if run.kind == "removed"
                else run.text for run in passage.runs]
        story.append(para(f"{passage.kind.capitalize()} {passage.role}: " + " ".join(runs), "body"))
    return story


def write_papers(output_dir: Path, leaflet_id: str, library: Library, layout: Layout, today: dt.date) -> Path:
    """Write the papers for ``leaflet_id`` from the register in ``output_dir``."""
    from .register import load

    row = next((row for row in load(output_dir).get("leaflets") or () if row.get("id") == leaflet_id), None)
    if row is None:
        raise LeafletError(f"{leaflet_id} is not in the register of {output_dir}; build it first")
    path = papers_path(output_dir, leaflet_id, today)
    write_atomic(path, meeting_papers(row, library, layout, today))
    return path
