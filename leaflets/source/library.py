"""The library: every content file of one content folder, loaded and validated.

Problems are collected, not raised: one broken leaflet is reported with its
file and line while the rest still build. Shared blocks and figures are read
here too, once each, so resolving a leaflet never reaches back into the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem, shown
from . import model, validate
from .figures import check_figure
from .load import load_yaml

FIGURE_TYPES = (".svg", ".png")
RELEASES_FILE = "releases.yaml"


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


def read_releases(content_dir: Path) -> tuple[model.Release, ...]:
    """The release record (``content/releases.yaml``) as data; none yet is an empty record."""
    path = content_dir / RELEASES_FILE
    return validate.releases(load_yaml(path, shown(path))) if path.exists() else ()


@dataclass
class Library:
    """The valid leaflets of a content folder, what they share, and the problems of the rest."""

    content_dir: Path
    leaflets: list[model.Leaflet]
    settings: model.Settings | None
    site: model.Site | None
    site_name: str | None
    releases: tuple[model.Release, ...] | None
    problems: list[str]
    broken: frozenset[str] = frozenset()
    """The names of leaflet files that could not be read or validated, or that share an id."""
    _shared: dict[Path, model.SharedBlocks] = field(default_factory=dict, repr=False)

    def shared(self, relative: str, origin: model.Origin) -> model.SharedBlocks:
        """The shared blocks an ``include`` at ``origin`` names, read once however many leaflets include them."""
        path = content_file(self.content_dir, relative, origin, (".yaml",))
        if path not in self._shared:
            self._shared[path] = validate.shared_blocks(load_yaml(path, shown(path)))
        return self._shared[path]

    def figure(self, block: model.Figure) -> Path:
        """The checked picture file a figure block names."""
        path = content_file(self.content_dir, block.file, block.origin, FIGURE_TYPES)
        check_figure(path, block.origin)
        return path


def read_library(content_dir: Path, site_name: str | None = None, formats: tuple[str, ...] | None = None) -> Library:
    """Load and validate the settings, the site (``site_name`` or the settings' choice) and every leaflet.

    ``formats`` are the names of the formats a build can make, which the settings may choose from.
    """
    problems: list[str] = []
    settings = site = releases = None
    try:
        settings = validate.settings(load_yaml(content_dir / "settings.yaml", shown(content_dir / "settings.yaml")),
                                     formats)
        site_path = content_dir / "sites" / f"{site_name or settings.site}.yaml"
        site = validate.site(load_yaml(site_path, shown(site_path)))
        releases = read_releases(content_dir)
    except ContentError as error:
        problems.extend(map(str, error.problems))
    leaflets: dict[str, model.Leaflet] = {}
    paths = sorted((content_dir / "leaflets").glob("*.yaml"))
    if not paths:
        problems.append(f"{shown(content_dir / 'leaflets')}: no leaflet files (*.yaml) found; check --content")
    broken: set[str] = set()
    for path in paths:
        try:
            leaflet = validate.leaflet(load_yaml(path, shown(path)))
        except ContentError as error:
            problems.extend(map(str, error.problems))
            broken.add(path.name)
            continue
        if leaflet.id in leaflets:
            first = leaflets.pop(leaflet.id)
            broken |= {path.name, first.path.name}
            problems.append(str(Problem(leaflet.path, 1, f"id: {leaflet.id} is also the id of {first.path}",
                                        "give each leaflet its own reference; neither is built until then")))
            continue
        leaflets[leaflet.id] = leaflet
    return Library(content_dir, sorted(leaflets.values(), key=lambda l: l.id), settings, site,
                   site_name or (settings.site if settings else None), releases, problems, frozenset(broken))
