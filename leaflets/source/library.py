"""The library: every content file of one content folder, loaded and validated.

Problems are collected, not raised: one broken leaflet is reported with its
file and line while the rest still build. Shared blocks and figures are read
here too, once each, so resolving a leaflet never reaches back into the files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ContentError, Problem, shown
from . import easyread, model, validate
from .figures import check_figure
from .load import load_yaml
from .matching import first_mismatch
from .phrases import PhraseBook, primary

FIGURE_TYPES = (".svg", ".png")
RELEASES_FILE = "releases.yaml"
TRANSLATIONS_FOLDER = "translations"
EASY_READ_FOLDER = "easy-read"
"""Easy Read editions, ``<source file>.easy-read.yaml``."""
SITE_WORDING_FOLDER = "languages"
"""Under ``sites/``: each site's words in another language, ``<site>.<language>.yaml``."""


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
    phrases: PhraseBook = field(init=False, repr=False)
    """The words the build writes itself, in each language."""
    _shared: dict[Path, model.SharedBlocks] = field(default_factory=dict, repr=False)
    _wordings: dict[str, model.SiteWording | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.phrases = PhraseBook(self.content_dir)

    def source_of(self, leaflet: model.Leaflet) -> model.Leaflet | None:
        """The leaflet a derived edition (a translation, an Easy Read edition) is an edition of, as the content holds it now."""
        work = leaflet.edition_of
        return next((l for l in self.leaflets if work and l.id == work.source_id), None)

    def site_in(self, language: str) -> model.Site:
        """The site's details with its words in ``language`` where ``sites/languages/<site>.<code>.yaml`` gives them.

        The numbers, email and web address are the site's own in every language.
        """
        site = self.site
        assert site is not None
        code = primary(language)
        if code not in self._wordings:
            path = site.path.parent / SITE_WORDING_FOLDER / f"{site.path.stem}.{code}.yaml"
            self._wordings[code] = validate.site_wording(load_yaml(path, shown(path)), site) if path.is_file() else None
        wording = self._wordings[code]
        if wording is None:
            return site
        phones = tuple(model.Phone(words.label, phone.number, words.hours) for phone, words in zip(site.phones, wording.phones))
        formats = model.OtherFormats(wording.other_formats_contact, site.other_formats.phone, site.other_formats.email)
        return model.Site(site.path, wording.organisation, wording.department, phones, wording.address, site.web, formats)

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
    readers = {path: validate.leaflet for path in paths}
    readers |= {path: validate.translation for path in sorted((content_dir / TRANSLATIONS_FOLDER).glob("*.yaml"))}
    readers |= {path: easyread.edition for path in sorted((content_dir / EASY_READ_FOLDER).glob("*.yaml"))}
    broken: set[str] = set()
    for path, read in readers.items():
        try:
            leaflet = read(load_yaml(path, shown(path)))
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
    library = Library(content_dir, sorted(leaflets.values(), key=lambda l: l.id), settings, site,
                      site_name or (settings.site if settings else None), releases, problems, frozenset(broken))
    _check_editions(library)
    return library


def _check_editions(library: Library) -> None:
    """Drop each derived edition whose source is missing, and each translation whose blocks do not match its
    source's, saying why. An Easy Read edition says its source in its own words, so only its source must exist."""
    broken = set(library.broken)
    for leaflet in [l for l in library.leaflets if l.edition_of]:
        source, work = library.source_of(leaflet), leaflet.edition_of
        if source is None:
            problem = Problem(leaflet.path, 1, f"{work.kind.value}: {work.source_id} is not a leaflet in this library",
                              "check the reference, or fix the source leaflet's own problems first")
        elif work.kind is not model.Derivation.TRANSLATION:
            problem = None
        else:
            try:
                problem = first_mismatch(source, leaflet, lambda include: library.shared(include.file, include.origin).blocks)
            except ContentError as error:
                problem = error.problems[0]
        if problem:
            library.problems.append(str(problem))
            library.leaflets.remove(leaflet)
            broken.add(leaflet.path.name)
    library.broken = frozenset(broken)
