"""Stage 3, resolve: a validated leaflet plus everything it refers to.

Includes are expanded, figure files located (inside ``content/`` only), the
site's details attached, and the back matter every leaflet must carry (other
formats, feedback, sources, document control) is added as ordinary blocks.
Generating those as blocks, not as special drawing code, means the layout,
tagging and the "nothing lost" check treat them like any other words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import model, validate
from .errors import ContentError, Problem
from .load import load_yaml

FIGURE_TYPES = (".svg", ".png")
ONLINE_HEADING = "Read this leaflet online"


@dataclass(frozen=True)
class Resolved:
    """A leaflet ready to lay out: every block concrete, every file found."""

    leaflet: model.Leaflet
    site: model.Site
    content_dir: Path
    blocks: tuple[model.Block, ...]


def online_text(address: str) -> str:
    """The words printed beside the QR code, so the code is never the only way in."""
    return f"Scan the code with your phone's camera, or type this address into a web browser: [{address}]({address})"


def format_date(day) -> str:
    """UK style, as readers say it: 2 November 2026."""
    return f"{day.day} {day:%B %Y}"


def content_file(content_dir: Path, relative: str, origin: model.Origin, suffixes: tuple[str, ...]) -> Path:
    """The file ``relative`` names, refusing anything that leaves ``content_dir``."""
    root = content_dir.resolve()
    candidate = root / relative
    problem = None
    if Path(relative).is_absolute() or ".." in Path(relative).parts:
        problem = "must be a path inside content/, without '..'"
    elif candidate.suffix.lower() not in suffixes:
        problem = f"must be a {' or '.join(suffixes)} file"
    elif not candidate.is_file():
        problem = "does not exist"
    elif not candidate.resolve().is_relative_to(root):
        problem = "leads outside content/ through a link"
    if problem:
        raise ContentError([Problem(origin.path, origin.line, f"'{relative}' {problem}", "check the file name and where it is")])
    return candidate


class Resolver:
    """Resolves leaflets against one content folder, reading each shared file once."""

    def __init__(self, content_dir: Path, site: model.Site, shown: Callable[[Path], Path]) -> None:
        self.content_dir = content_dir
        self.site = site
        self.shown = shown
        self._shared: dict[Path, model.SharedBlocks] = {}

    def resolve(self, leaflet: model.Leaflet) -> Resolved:
        problems: list[Problem] = []
        blocks: list[model.Block] = []
        for block in leaflet.blocks:
            try:
                blocks.extend(self._expand(block))
            except ContentError as error:
                problems.extend(error.problems)
        if problems:
            raise ContentError(problems)
        blocks.extend(back_matter(leaflet, self.site))
        return Resolved(leaflet, self.site, self.content_dir, tuple(blocks))

    def _expand(self, block: model.Block) -> tuple[model.Block, ...]:
        if isinstance(block, model.Figure):
            content_file(self.content_dir, block.file, block.origin, FIGURE_TYPES)
        if not isinstance(block, model.Include):
            return (block,)
        path = content_file(self.content_dir, block.file, block.origin, (".yaml",))
        if path not in self._shared:
            self._shared[path] = validate.shared_blocks(load_yaml(path, self.shown(path)))
        shared = self._shared[path]
        return tuple(b for inner in shared.blocks for b in self._expand(inner))


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
