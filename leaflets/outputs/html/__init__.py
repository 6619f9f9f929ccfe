"""The accessible web page format: one self-contained HTML file per leaflet.

It takes its type and colours from the clear-print layout, so the web page
and the printed leaflet look like one family, and a designer's change to
that layout reaches both.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ...document.words import missing_word, plural, words
from ...errors import ContentError, VerificationError
from ..base import Output, Rendition, Variant
from ..pdf.layouts import load_layout

STYLE_LAYOUT = "a4"
"""The print layout whose fonts, sizes and colours the web page shares."""
EASY_READ_LAYOUT = "easy-read"
"""The print layout an Easy Read edition's web page shares instead: its larger type, and its rows' pictures."""


@dataclass(frozen=True)
class HtmlOutput(Output):
    name = "html"
    extension = ".html"
    label = "Web page"
    takes: ClassVar[str] = "the web page takes its style from this layout"
    """Why the format needs the style layout, said with a problem in it."""

    layouts_dir: Path

    @classmethod
    def configure(cls, settings) -> HtmlOutput:
        return cls(settings.folders.layouts)

    def variants(self) -> tuple[list[Variant], list[str]]:
        """The page in the clear-print style; and, for a format that makes Easy Read editions, in the Easy Read style."""
        styles = {STYLE_LAYOUT: (self.name, False), **({EASY_READ_LAYOUT: (EASY_READ_LAYOUT, True)} if self.easy_read else {})}
        found, problems = [], []
        for style, (name, rows) in styles.items():
            try:
                layout = load_layout(self.layouts_dir / f"{style}.yaml")
            except ContentError as error:
                problems += [f"{problem} ({self.takes})" for problem in error.problems]
                continue
            found.append(Variant(name, (name,), self.label, layout, easy_read=rows))
        return found, problems

    def make(self, edition, variant: Variant) -> list[Rendition]:
        from .page import page  # the fonts it embeds: only a build that writes a web page loads them
        from .readback import read, text_of

        data = page(edition, variant.spec).encode("utf-8")
        reading = read(data.decode("utf-8"))
        said = text_of(reading)
        problems = []
        if reading.language != edition.document.language:
            problems.append(f"the page's language is {reading.language!r}, not {edition.document.language!r}")
        if reading.headings.count(1) != 1 or any(b - a > 1 for a, b in zip(reading.headings, reading.headings[1:])):
            problems.append(f"the headings do not run in order from one h1 (levels {reading.headings})")
        if reading.outside:
            problems.append(f"the page fetches {reading.outside[0]!r} from outside the file")
        if reading.images_without_alt:
            problems.append("a picture has no text alternative")
        if edition.notice and not said.startswith(edition.notice.sentence):
            problems.append(f"the page does not open with '{edition.notice.sentence}'")
        problems += [f"the page lacks '{item}'" for item in edition.stamp if item not in said]
        found = words(said)
        gap = missing_word(edition.document.words, found)
        if gap:
            problems.append(f"the word '{gap[1]}' (word {gap[0] + 1} of the content) is missing from the page, "
                            "or out of order")
        if problems:
            raise VerificationError("; ".join(problems))
        edition.check_dates(said, "web page")
        edition.check_dates(" ".join(reading.about.values()), "web page's head", reading.about)
        return [Rendition(variant.name, data, len(reading.headings), 0.0, tuple(found), variant.label,
                          plural(len(found), "word"))]

    def preload(self, work) -> None:
        for stage in ("page", "readback"):  # the page writer and its fonts, inherited by every forked worker
            importlib.import_module(f".{stage}", __package__)
