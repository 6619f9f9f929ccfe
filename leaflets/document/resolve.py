"""Resolve: a validated leaflet plus everything it refers to, as one document.

Includes are expanded, figure files found (inside ``content/`` only), the
site's details attached, and the back matter every leaflet must carry (other
formats, feedback, sources, document control) is added as ordinary blocks.
Generating those as blocks, not as special drawing code, means every format,
and the "nothing lost" check, treat them like any other words.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentError, Problem
from ..source import model
from ..source.library import Library
from .fingerprint import fingerprint
from .model import Document
from .words import expected_words, format_date, lines

ONLINE_HEADING = "Read this leaflet online"


def resolve(leaflet: model.Leaflet, library: Library, site: model.Site) -> Document:
    """``leaflet`` as a :class:`Document`, or :class:`ContentError` naming every include or figure that fails."""
    problems: list[Problem] = []
    blocks: list[model.Block] = []
    figures: dict[str, Path] = {}
    for block in leaflet.blocks:
        try:
            blocks.extend(_expand(block, library, figures))
        except ContentError as error:
            problems.extend(error.problems)
    first_heading = next((b for b in blocks if isinstance(b, model.Heading)), None)
    if first_heading is not None and first_heading.level > 1:
        problems.append(Problem(first_heading.origin.path, first_heading.origin.line,
                                "a subheading comes before the first heading",
                                "add a heading above it, or make it a heading; a subheading belongs inside a section"))
    if problems:
        raise ContentError(problems)
    blocks.extend(back_matter(leaflet, site))
    done = tuple(blocks)
    found = tuple(figures.items())
    return Document(leaflet, site, done, found, tuple(expected_words(leaflet, site, done)),
                    tuple(lines(leaflet, site, done)), fingerprint(leaflet, site, done, found))


def _expand(block: model.Block, library: Library, figures: dict[str, Path]) -> tuple[model.Block, ...]:
    if isinstance(block, model.Figure):
        figures[block.file] = library.figure(block)
    if not isinstance(block, model.Include):
        return (block,)
    shared = library.shared(block.file, block.origin)
    return tuple(b for inner in shared.blocks for b in _expand(inner, library, figures))


def back_matter(leaflet: model.Leaflet, site: model.Site) -> tuple[model.Block, ...]:
    """The closing sections every leaflet carries, whatever its author wrote."""
    here = model.Origin(leaflet.path, 1)
    there = model.Origin(site.path, 1)
    formats = site.other_formats
    online = (model.Heading(here, ONLINE_HEADING, 1), model.OnlineCopy(here, leaflet.online)) if leaflet.online else ()
    ask = f"call {formats.phone}" + (f" or email [{formats.email}](mailto:{formats.email})" if formats.email else "")
    return (
        model.Heading(there, "This leaflet in other formats", 1),
        model.Paragraph(there, f"You can ask for this leaflet in large print, in another language, as audio or in Braille. "
                               f"Contact the {formats.contact}: {ask}."),
        model.Heading(here, "Tell us what you think", 1),
        model.Paragraph(here, leaflet.feedback),
        model.Heading(here, "Where this information comes from", 1),
        model.BulletList(here, leaflet.sources),
        model.Heading(here, "About this leaflet", 1),
        model.BulletList(here, (
            f"Reference: {leaflet.id}",
            f"Version: {leaflet.version}",
            f"Written by: {leaflet.owner}, {site.organisation}",
            f"Approved by: {leaflet.approved_by}",
            f"Approved on: {format_date(leaflet.approval_date)}",
            f"Review due: {format_date(leaflet.review_date)}",
        )),
        *online,  # last, so the QR code is on the last page
    )
