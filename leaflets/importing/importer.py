"""Import Word leaflets: each file checked, read, mapped, written as a draft and reported on, one failing never stopping the rest."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, LeafletError, shown
from ..governance.status import years_after
from ..source import model, validate
from ..source.figures import check_figure
from ..source.load import load_yaml
from ..source.phrases import REFERENCE, PhraseBook, Phrases
from .control import Control
from .draft import create_new, leaflet_yaml, picture_png, slug
from .package import WordFileError, read_word_file
from .model import Finding
from .reader import read_document
from .report import Report, mapped, plain_english
from .shape import Mapper, Mapping

NOT_APPROVED = "Not yet approved"
FEEDBACK = ("We would like to know what you think of this leaflet. Please tell the team who gave it to you, or contact "
            "the Patient Advice and Liaison Service (PALS).")
NO_SOURCES = "Not yet recorded: list the sources this leaflet's facts rest on"


@dataclass
class Context:
    """What an import needs from the content folder: the English phrases, the site, the review period, the references in use."""

    content: Path
    phrases: Phrases
    site: model.Site | None
    review_years: int
    ids: set[str]
    today: dt.date

    @classmethod
    def of(cls, content: Path, today: dt.date) -> "Context":
        phrases = PhraseBook(content).of(REFERENCE)
        site, years = None, 3
        try:
            settings = validate.settings(load_yaml(content / "settings.yaml", shown(content / "settings.yaml")))
            years = settings.review_within_years
            site_path = content / "sites" / f"{settings.site}.yaml"
            site = validate.site(load_yaml(site_path, shown(site_path)))
        except ContentError:
            pass  # the import still works; the build reports the broken settings or site
        ids = set()
        for path in (content / "leaflets").glob("*.yaml"):
            found = re.search(r"^id:\s*['\"]?([A-Z0-9-]+)", path.read_text(encoding="utf-8", errors="replace"), re.M)
            if found:
                ids.add(found[1])
        return cls(content, phrases, site, years, ids, today)

    def new_id(self) -> str:
        number = 1
        while f"IMPORT-{number:03}" in self.ids:
            number += 1
        return f"IMPORT-{number:03}"


def import_files(paths: list[Path], content: Path, today: dt.date, accept_changes: bool = False) -> list[Report]:
    context = Context.of(content, today)
    reports = []
    for path in paths:
        try:
            reports.append(import_file(path, context, accept_changes))
        except LeafletError as error:
            reports.append(Report(shown(path), refused=str(error).removeprefix(f"{path}: ")))
        except OSError as error:  # the content folder, not the Word file: a full disk or no permission
            reports.append(Report(shown(path), refused=f"read, but its draft could not be written into {content} "
                                                       f"({error.strerror}); check the folder may be written to"))
    return reports


def import_file(path: Path, context: Context, accept_changes: bool) -> Report:
    word = read_document(path, read_word_file(path))
    if word.changes and not accept_changes:
        raise WordFileError(path, f"has tracked changes not yet accepted or rejected (paragraphs "
                                  f"{', '.join(map(str, word.changes[:10]))}{' …' if len(word.changes) > 10 else ''})",
                            "accept or reject them in Word (Review, Accept or Reject), or import with --accept-changes "
                            "to take every change as it stands")
    control = Control()
    for text in word.furniture:
        control.read(text, "the header or footer")
    control.read_properties(word.properties)
    fallback = word.properties.get("title") or path.stem.replace("_", " ").replace("-", " ").strip().capitalize()
    mapping = Mapper(word.pieces, context.phrases, context.site, control, fallback).run()
    if not mapping.blocks:
        raise WordFileError(path, "has nothing to import" + (f" but its title ('{mapping.title}')" if mapping.title else ""),
                            "check it is the leaflet, not an empty or scanned document")
    report = Report(shown(path), notes=mapping.notes, left=mapping.left + word.findings)
    report.headings = [(b.at, b.value) for b in mapping.blocks if b.key in ("heading", "subheading")]
    if word.changes:
        report.notes.append(Finding(word.changes[0], f"{len(word.changes)} paragraphs with tracked changes: every change "
                                                     "accepted as it stands (--accept-changes)"))
    name = slug(mapping.title or fallback)
    _figures(mapping, context, name, report)
    keys = _keys(path, mapping, control, context, report)
    header = (f"Imported from the Word file {path.name} on {context.today.isoformat()}: a draft.\n"
              "Check it against the import report, write what it asks for, then send it for review.")
    written = create_new(context.content / "leaflets", name, ".yaml",
                         leaflet_yaml(header, keys, mapping.blocks).encode("utf-8"))
    context.ids.add(keys["id"])
    report.written = shown(written)
    report.summary = f"draft {keys['id']}: " + mapped(keys["title"], keys.get("subtitle"), mapping.blocks,
                                                      len(mapping.sources), bool(mapping.feedback))
    report.supply.extend(_refusals(written, mapping, context))
    report.plain_english = plain_english(mapping.blocks, report.where)
    return report


def _figures(mapping: Mapping, context: Context, name: str, report: Report) -> None:
    """Save each picture under figures/, or drop its block and say why."""
    figures = [block for block in mapping.blocks if block.key == "figure"]
    for block, (picture, at) in zip(figures, mapping.pictures):
        data, note = picture_png(picture)
        if data is None:
            mapping.blocks.remove(block)
            report.left.append(Finding(at, f"a picture not imported: {note}; save it as PNG and add it as a figure"))
            continue
        path = create_new(context.content / "figures", f"{name}-figure", ".png", data)
        block.value = {"file": f"figures/{path.name}", **block.value}
        if note:
            report.notes.append(Finding(at, f"the picture {path.name}: {note.removeprefix('; ')}"))
        if not block.value["alt"]:
            report.supply.append(f"{report.where(at)}: the picture figures/{path.name} has no description in Word: "
                                 "write its alt in the YAML; the validator refuses the leaflet until then")
        elif "automatically generated" in block.value["alt"].lower():
            report.notes.append(Finding(at, f"the description of {path.name} was written by Word itself: check it says "
                                            "what the picture shows"))


def _keys(path: Path, mapping: Mapping, control: Control, context: Context, report: Report) -> dict:
    """The leaflet's own keys: what the document says, else a stand-in the report asks the author to replace."""
    supply = report.supply
    found = {fact: f"from {where}" for fact, where in control.found.items()}
    reference = control.reference
    if reference in context.ids:
        supply.append(f"reference: {reference} ({found['reference']}) is already another leaflet's id; "
                      f"{context.new_id()} given for now: give this leaflet its own reference")
        reference = context.new_id()
    elif reference is None:
        reference = context.new_id()
        supply.append(f"reference: none found in the header, footer, properties or document control; {reference} "
                      "given for now: write the trust's reference as id")
    version = control.version or "0.1"
    if not control.version:
        supply.append("version: none found; 0.1 given for now")
    owner = control.owner or (context.site.department if context.site else "Not yet named")
    if not control.owner:
        supply.append(f"owner: none found; '{owner}' given for now: name the department or role that owns the leaflet")
    review = control.review_date or years_after(context.today, context.review_years)
    if not control.review_date:
        supply.append(f"review_date: none found; {review.isoformat()} given ({context.review_years} years from today)")
    elif review < context.today:
        supply.append(f"review_date: {review.isoformat()} ({found['review_date']}) has passed: set the next review date")
    supply.append("approved_by: a stand-in until the leaflet is approved; add approval_date then (a draft states none)")
    if not mapping.feedback:
        supply.append("feedback: no feedback section found; a general sentence given: say whom readers tell")
    if not mapping.sources:
        supply.append("sources: no sources or references section found: list the sources the leaflet's facts rest on")
    supply.extend(control.doubts)
    report.control = [f"{fact.replace('_', ' ')}: {getattr(control, fact)} ({where})" for fact, where in found.items()]
    return {
        "id": reference, "title": mapping.title, "subtitle": mapping.subtitle, "language": "en-GB", "version": version,
        "status": "draft", "owner": owner, "approved_by": NOT_APPROVED,
        "review_date": review.isoformat(), "feedback": mapping.feedback or FEEDBACK,
        "changes": [{"version": version, "date": context.today.isoformat(), "summary": f"Imported from {path.name}."}],
        "sources": mapping.sources or [NO_SOURCES],
    }


def _refusals(written: Path, mapping: Mapping, context: Context) -> list[str]:
    """What the validator says of the written file (a missing description, for one), so the author hears it now."""
    problems = []
    try:
        leaflet = validate.leaflet(load_yaml(written, shown(written)))
    except ContentError as error:
        missing = [p for p in error.problems if p.message.endswith(".alt: must be some text")]
        others = [f"the validator: {p}" for p in error.problems if p not in missing]
        lines = ", ".join(str(p.line) for p in missing)
        return others + ([f"the validator refuses {shown(written)} until each picture has a description "
                          f"(alt at line {lines})"] if missing else [])
    for block in leaflet.blocks:
        if isinstance(block, model.Figure):
            try:
                check_figure(context.content / block.file, block.origin)
            except ContentError as error:
                problems.extend(f"the validator: {problem}" for problem in error.problems)
    return problems
