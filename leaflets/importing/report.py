"""The report an author reads after an import: what mapped, what did not, what to supply, and how plain the English is.

Every line names the paragraph it is about (counted from the top of the Word
document, empty paragraphs included) and the heading it sits under, so the
author can find it in the Word file as well as in the YAML.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..document import plain
from ..document.words import plural
from ..source import markup
from .model import Finding, short
from .shape import Block

READING_EASE_AIM = 60
"""STANDARDS.md §4: a reading age of about 11 to 12."""

_NAMES = {"heading": ("heading", "headings"), "subheading": ("subheading", "subheadings"),
          "paragraph": ("paragraph", "paragraphs"), "bullets": ("list", "lists"), "steps": ("list of steps", "lists of steps"),
          "callout": ("callout", "callouts"), "figure": ("figure", "figures"),
          "questions": ("list of questions", "lists of questions"), "contacts": ("contacts block", "contacts blocks")}


@dataclass
class Report:
    source: Path
    written: Path | None = None
    summary: str = ""
    refused: str | None = None
    notes: list[Finding] = field(default_factory=list)
    left: list[Finding] = field(default_factory=list)
    supply: list[str] = field(default_factory=list)
    control: list[str] = field(default_factory=list)
    """The document control facts found, and where."""
    plain_english: list[str] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)

    def where(self, at: int) -> str:
        """``paragraph N (under 'Heading')``."""
        under = [text for start, text in self.headings if start < at]
        return f"paragraph {at}" + (f" (under '{under[-1]}')" if under else "")

    def text(self) -> str:
        if self.refused:
            return f"{self.source}: not imported: {self.refused}"
        lines = [f"{self.source}: imported as {self.written} ({self.summary})"]
        if self.control:
            lines.append(f"  document control: {'; '.join(self.control)}")
        for title, findings in (("choices to check", self.notes), ("not mapped as it was", self.left)):
            if findings:
                lines.append(f"  {title}:")
                lines.extend(f"    {self.where(f.at)}: {f.what}" for f in sorted(findings, key=lambda f: f.at))
        if self.supply:
            lines.append("  the author must supply:")
            lines.extend(f"    {item}" for item in self.supply)
        lines.append("  plain English:")
        lines.extend(f"    {item}" for item in self.plain_english)
        return "\n".join(lines)


def mapped(title: str, subtitle: str | None, blocks: list[Block], sources: int, feedback: bool) -> str:
    """What the document became, counted: "title, subtitle, 7 headings, 12 paragraphs …"."""
    counts = Counter(block.key for block in blocks)
    links = sum(len(markup.links(text)) for _, text in texts_of(blocks))
    bold = sum(text.count("**") // 2 for _, text in texts_of(blocks))
    parts = ["title", *(["subtitle"] if subtitle else []), *(f"{n} {_NAMES[key][n != 1]}" for key, n in counts.items()),
             *([plural(links, "link")] if links else []), *([f"{bold} bold"] if bold else []),
             *([plural(sources, "source")] if sources else []), *(["feedback wording"] if feedback else [])]
    return ", ".join(parts)


def texts_of(blocks: list[Block]) -> list[tuple[int, str]]:
    """Every text a reader gets from the blocks, with the paragraph it came from, list items one by one."""
    found: list[tuple[int, str]] = []
    for block in blocks:
        value = block.value
        if isinstance(value, str):
            found.append((block.at, value))
        elif isinstance(value, list):
            for item in value:
                found.extend((block.at, text) for text in (item.values() if isinstance(item, dict) else (item,)))
        elif isinstance(value, dict):
            found.extend((block.at, value[key]) for key in ("title", "text", "caption") if value.get(key))
            found.extend((block.at, item) for item in value.get("bullets", ()))
    return found


def plain_english(blocks: list[Block], where) -> list[str]:
    """The content tests' measures of plain English, each fault with its paragraph."""
    texts = [(at, markup.plain(text)) for at, text in texts_of(blocks)]
    score = plain.flesch_reading_ease("\n".join(f"\u2022 {text}" for _, text in texts))
    lines = [f"reading ease (Flesch) {score:.0f}: " + ("meets the aim of" if score >= READING_EASE_AIM else "below the aim of")
             + f" {READING_EASE_AIM} or more"]
    long = [(at, s) for at, text in texts for s in plain.long_sentences(text)]
    lines.append(f"sentences over {plain.LONG_SENTENCE} words: {len(long) or 'none'}")
    lines.extend(f"  {where(at)} ({plain.word_count(s)} words): '{short(s, 90)}'" for at, s in long)
    passive = [(at, s) for at, text in texts for s in plain.passive_sentences(text)]
    lines.append(f"passive sentences: {len(passive) or 'none'}")
    lines.extend(f"  {where(at)}: '{short(s, 90)}'" for at, s in passive)
    jargon = plain.unexplained([text for _, text in texts])
    lines.append(f"medical words not explained where they first appear: {len(jargon) or 'none'}")
    for term in jargon:
        at = next((at for at, text in texts if term.sentence in text), 0)
        lines.append(f"  '{term.word}', {where(at)}: '{short(term.sentence, 90)}'")
    return lines
