"""What the audio copy says: the leaflet as a script of chapters, each a run of spoken lines.

The script is what a listener hears, written as print so it can be checked
against the document word for word. The first chapter announces the status
(for a copy that is not current), the title, who the leaflet is from and its
version and dates; each main heading starts a chapter; the last line repeats
the version and review date. How a line is spoken (pauses, numbers read
digit by digit) is the speech module's business.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...document.words import callout_label, figure_said
from ...source.phrases import Phrases
from ...governance.edition import Edition
from ...source import markup, model


@dataclass(frozen=True)
class Line:
    """One thing said, and the pause after it."""

    text: str
    pause: str = "sentence"
    """``sentence``, ``item`` (a list item) or ``heading``: how long the silence after it is."""


@dataclass
class Chapter:
    """A stretch a listener can skip to: the title, then one per main heading."""

    title: str
    lines: list[Line] = field(default_factory=list)


SENTENCE_END = re.compile(r"[.!?\u061f\u2026][)\]\"'\u201d\u2019]*\s+(?=\S)")
"""A full stop, question or exclamation mark (Arabic's too), closing marks, then the space before the next sentence."""


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of ``text`` starts: 0, then after each end of a sentence that has a letter in it and is
    followed by one that does not start in lower case ("e.g. for a day" is one sentence; "1. Rest" is too)."""
    starts = [0]
    for match in SENTENCE_END.finditer(text):
        before, after = text[starts[-1]:match.start()], text[match.end()]
        if any(char.isalpha() for char in before) and not after.islower():
            starts.append(match.end())
    return starts


def said(text: str) -> str:
    """Inline markup dropped and links written out, as a listener hears them."""
    return " ".join(markup.written_out(text).split())


def block_lines(block: model.Block, site: model.Site, phrases: Phrases) -> list[Line]:
    """What a block says, in order."""
    if isinstance(block, model.Heading):
        return [Line(said(block.text), "heading")]
    if isinstance(block, model.Paragraph):
        return [Line(said(block.text))]
    if isinstance(block, (model.BulletList, model.Steps)):
        numbered = isinstance(block, model.Steps)
        return [Line(f"{n}. {said(item)}" if numbered else said(item), "item") for n, item in enumerate(block.items, 1)]
    if isinstance(block, model.Callout):
        label = callout_label(block, phrases)
        lines = [Line(f"{label}: {said(block.title)}" if block.title else f"{label}.", "heading")]
        lines += [Line(said(block.text))] if block.text else []
        return lines + [Line(said(item), "item") for item in block.items]
    if isinstance(block, model.Figure):
        return [Line(said(text)) for text in figure_said(block, phrases)]
    if isinstance(block, model.Contacts):
        lines = [Line(site.department, "heading")]
        lines += [Line(f"{phone.label}: {phone.number}" + (f" ({phone.hours})" if phone.hours else ""), "item")
                  for phone in site.phones]
        return lines + [Line(", ".join(site.address), "item"), Line(phrases.say("website", address=site.web), "item")]
    if isinstance(block, model.Row):  # its words: its picture shows them, and a listener has them already
        contacts = block_lines(model.Contacts(block.origin), site, phrases) if block.contacts else []
        return [Line(said(block.text)), *contacts]
    if isinstance(block, model.OnlineCopy):
        return [Line(phrases.say("back_matter.online", address=block.address))]
    if isinstance(block, model.WriteIn):
        return [Line(said(block.label))]
    if isinstance(block, model.Questions):
        return [line for pair in block.pairs for line in (Line(said(pair.question), "heading"), Line(said(pair.answer)))]
    raise TypeError(f"no script for {type(block).__name__}")


def script(edition: Edition) -> list[Chapter]:
    """The leaflet as chapters, the first announcing what it is and which version."""
    document, leaflet, site = edition.document, edition.leaflet, edition.document.site
    say = document.phrases.say
    opening = Chapter(said(leaflet.title))
    if edition.notice:
        opening.lines.append(Line(f"{edition.notice.sentence}.", "heading"))
    opening.lines.append(Line(said(leaflet.title), "heading"))
    if leaflet.subtitle:
        opening.lines.append(Line(said(leaflet.subtitle)))
    opening.lines.append(Line(say("from", organisation=site.organisation, department=site.department)))
    facts = {"id": leaflet.id, "version": leaflet.version, "dated": " / ".join(edition.dates.said(document.phrases)),
             "review": document.phrases.date(leaflet.review_date)}
    opening.lines.append(Line(say("audio.opening", **facts), "heading"))
    chapters = [opening]
    for block in document.blocks:
        if isinstance(block, model.Heading) and block.level == 1:
            chapters.append(Chapter(said(block.text)))
        chapters[-1].lines.extend(block_lines(block, site, document.phrases))
    chapters[-1].lines.append(Line(say("audio.closing", **facts)
                                   + (f" {edition.notice.sentence}." if edition.notice else "")))
    return chapters


def text(chapters: list[Chapter]) -> str:
    """The script as plain text, one line a line and a blank line between chapters: for review, and for checking."""
    return "\n\n".join("\n".join(line.text for line in chapter.lines) for chapter in chapters) + "\n"
