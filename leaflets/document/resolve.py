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
from ..source.phrases import Phrases
from .words import expected_words, lines


def resolve(leaflet: model.Leaflet, library: Library) -> Document:
    """``leaflet`` as a :class:`Document`, with the site's details and the build's own words in its language.

    Raises :class:`ContentError` naming every include or figure that fails.
    """
    phrases = library.phrases.of(leaflet.language)
    site = library.site_in(leaflet.language)
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
    blocks.extend(back_matter(leaflet, site, phrases))
    done = tuple(blocks)
    found = tuple(figures.items())
    return Document(leaflet, site, done, found, tuple(expected_words(leaflet, site, done, phrases)),
                    tuple(lines(leaflet, site, done, phrases)), fingerprint(leaflet, site, done, found), phrases)


def _expand(block: model.Block, library: Library, figures: dict[str, Path]) -> tuple[model.Block, ...]:
    picture = block.figure if isinstance(block, model.Row) else block  # a row's picture is found as a figure's
    if isinstance(picture, model.Figure):
        figures[picture.file] = library.figure(picture)
    if not isinstance(block, model.Include):
        return (block,)
    shared = library.shared(block.file, block.origin)
    return tuple(b for inner in shared.blocks for b in _expand(inner, library, figures))


def back_matter(leaflet: model.Leaflet, site: model.Site, phrases: Phrases) -> tuple[model.Block, ...]:
    """The closing sections every leaflet carries, whatever its author wrote, in its language."""
    here = model.Origin(leaflet.path, 1)
    there = model.Origin(site.path, 1)
    formats = site.other_formats
    say = phrases.say
    online = ((model.Heading(here, say("back_matter.online_heading"), 1), model.OnlineCopy(here, leaflet.online))
              if leaflet.online else ())
    ask = (say("back_matter.call_or_email", phone=formats.phone, email=f"[{formats.email}](mailto:{formats.email})")
           if formats.email else say("back_matter.call", phone=formats.phone))
    # An Easy Read edition is made in none of the other formats: the leaflet it explains is.
    other = (say("back_matter.other_formats_easy_read", id=leaflet.edition_of.source_id, contact=formats.contact, ask=ask)
             if leaflet.easy_read and leaflet.edition_of else
             say("back_matter.other_formats", contact=formats.contact, ask=ask))
    return (
        model.Heading(there, say("back_matter.other_formats_heading"), 1),
        model.Paragraph(there, other),
        model.Heading(here, say("back_matter.feedback_heading"), 1),
        model.Paragraph(here, leaflet.feedback),
        model.Heading(here, say("back_matter.sources_heading"), 1),
        model.BulletList(here, leaflet.sources),
        model.Heading(here, say("back_matter.about_heading"), 1),
        model.BulletList(here, (
            say("back_matter.reference", id=leaflet.id),
            say("back_matter.version", version=leaflet.version),
            *derived(leaflet, phrases),
            say("back_matter.written_by", owner=leaflet.owner, organisation=site.organisation),
            *approval(leaflet, phrases),
            say("back_matter.review_due", date=phrases.date(leaflet.review_date)),
            *((say("back_matter.pictures", credit=leaflet.pictures),) if leaflet.pictures else ()),
        )),
        *online,  # last, so the QR code is on the last page
    )


def derived(leaflet: model.Leaflet, phrases: Phrases) -> tuple[str, ...]:
    """What a derived edition follows and who wrote its words; nothing for a leaflet that is not one."""
    work = leaflet.edition_of
    if work is None:
        return ()
    if work.kind is model.Derivation.EASY_READ:
        return (phrases.say("back_matter.explains", id=work.source_id, version=work.source_version),
                phrases.say("back_matter.easy_read_by", writer=work.writer))
    return (phrases.say("back_matter.translated_from", id=work.source_id, version=work.source_version),
            phrases.say("back_matter.translated_by", translator=work.writer))


def approval(leaflet: model.Leaflet, phrases: Phrases) -> tuple[str, str]:
    """Who approved the version and when; a draft, which has no approval yet, says who is to approve it and the
    date of its draft instead, whatever approval date its file plans."""
    approved = leaflet.approved_on
    if approved is None:
        return (phrases.say("back_matter.to_be_approved_by", approver=leaflet.approved_by),
                phrases.say("back_matter.draft_of", date=phrases.date(leaflet.drafted_on)))
    return (phrases.say("back_matter.approved_by", approver=leaflet.approved_by),
            phrases.say("back_matter.approved_on", date=phrases.date(approved)))
