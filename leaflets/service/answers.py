"""What the service says when a named copy is not simply there: make it, or say in words why not and what to use.

Every judgement is the build's or governance's: the state of a leaflet
(``governance.status.state``) and the files the build would make of it
(``Engine.offer``, from ``build.offered``). Here they only become an answer:
410 for a copy patients must no longer be given, with what to give instead;
404 for a name or a copy the build never gives (a Braille copy of an Easy
Read edition), naming the ones it does; 409 for a leaflet the build will not
make yet, with what to run.
"""

from __future__ import annotations

import dataclasses

from ..governance.release import version_key
from ..governance.status import State, state
from ..publish.catalogue import href
from ..publish.files import FileName, Located
from ..source.model import Leaflet
from .engine import Engine
from .pages import Answer


def leaflet_of(engine: Engine, site: str, leaflet_id: str) -> Leaflet | Answer:
    """The leaflet with ``leaflet_id`` in ``site``'s content, or a 404 naming the leaflets there are."""
    library = engine.library(site)
    found = next((leaflet for leaflet in library.leaflets if leaflet.id == leaflet_id), None)
    if found is not None:
        return found
    return Answer(404, "No such leaflet", (
        f"No leaflet in the library has the reference {leaflet_id}.",
        "The leaflets there are: " + "; ".join(f"{leaflet.id} ({leaflet.title})" for leaflet in library.leaflets) + "."),
        (("The catalogue, to find a leaflet by its title", ""),))


def withheld(engine: Engine, site: str, leaflet: Leaflet, name: FileName | None, prefix: str) -> Answer | None:
    """A 410 if patients must no longer be given ``leaflet`` (withdrawn, or a derived edition out of date), else None.

    ``prefix`` leads from the top of the library to ``site``'s folder.
    """
    library = engine.library(site)
    source = library.source_of(leaflet)
    found = state(leaflet, engine.base.today, source.version if source else None)
    if found == State.WITHDRAWN:
        return Answer(410, "This leaflet has been withdrawn", (
            f"{leaflet.id}, {leaflet.title}, has been withdrawn: it is no longer in use, so no copy of it is made.",
            f"Do not give it to patients. Its owner, {leaflet.owner}, can tell you what replaces it."),
            (("The catalogue of leaflets in use", ""),))
    if found == State.OUT_OF_DATE and source is not None:
        instead = same_copy(engine, site, source, name) if name else None
        links = ((f"The same copy of {source.id}, {source.title}", prefix + href(instead)),) if instead else ()
        work = leaflet.edition_of
        assert work  # only a derived edition is out of date
        return Answer(410, f"This {work.kind.noun} is out of date", (
            f"{leaflet.id} {work.kind.value} version {work.source_version} of {source.id}, which is now at "
            f"version {source.version}, so it no longer says what the leaflet says.",
            f"Until the {work.kind.noun} is updated, give the patient {source.id}, {source.title}, and ask its "
            f"owner, {source.owner}, about it."), (*links, ("The catalogue of leaflets in use", "")))
    return None


def same_copy(engine: Engine, site: str, leaflet: Leaflet, name: FileName) -> str | None:
    """The path of ``leaflet``'s copy in the variant and format ``name`` asks for, if the build makes one."""
    for path in engine.offer(site, leaflet.id).jobs:
        found = FileName.parse(path.rsplit("/", 1)[-1])
        if found and (found.variant, found.extension) == (name.variant, name.extension):
            return path
    return None


def cannot_make(engine: Engine, site: str, leaflet: Leaflet) -> Answer:
    """A 409: the build makes no copy of ``leaflet`` for ``site`` now, and says why (and what to run)."""
    offer = engine.offer(site, leaflet.id)
    return Answer(409, "This copy cannot be made yet", (
        f"No copy of {leaflet.id}, {leaflet.title}, can be made for the site {site} at the moment:",
        *(offer.problems or offer.notes or ("the build gives no reason; check the content with make_leaflets.py --check",)),
        "Nothing has been changed. Once this is put right, ask for the copy again."),
        (("The catalogue", ""),))


def withdrawn_in_place(engine: Engine, located: Located) -> Answer | None:
    """For a copy already in the output folder: a 410 if its leaflet or its version may no longer be handed out.

    A leaflet withdrawn, a translation gone out of date or a version replaced
    since its files were made keeps its files until the next build archives
    them; meanwhile they are not handed out.
    """
    name = located.name
    site = located.site or engine.default_site
    leaflet = next((each for each in engine.library(site).leaflets if each.id == name.leaflet_id), None)
    if leaflet is None:
        return None  # gone from the content: the register keeps its last entry, and so does the library
    prefix = _prefix(engine, located)
    if name.version != leaflet.version:
        return other_version(engine, site, leaflet, name, prefix)
    return withheld(engine, site, leaflet, name, prefix)


def _prefix(engine: Engine, located: Located) -> str:
    """The way from the top of the library to ``located``'s site folder: "" or "sites/<site>/"."""
    return "/".join(located.folder.relative_to(engine.output).parts + ("",)) if located.site else ""


def for_name(engine: Engine, located: Located) -> tuple[str, object] | Answer:
    """For a named copy that is not in the output folder: ("make", job) if the build makes it, else an answer in words."""
    name = located.name
    assert name is not None
    site = located.site or engine.default_site
    prefix = _prefix(engine, located)
    leaflet = leaflet_of(engine, site, name.leaflet_id)
    if isinstance(leaflet, Answer):
        return leaflet
    if name.version != leaflet.version:
        return other_version(engine, site, leaflet, name, prefix)
    gone = withheld(engine, site, leaflet, name, prefix)
    if gone:
        return gone
    offer = engine.offer(site, leaflet.id)
    job = offer.jobs.get("/".join(located.relative))
    if job is not None:
        return "make", job
    if not offer.jobs:
        return cannot_make(engine, site, leaflet)
    twin = str(dataclasses.replace(name, suffix="" if name.suffix else "-DRAFT"))
    said = [f"The library makes no copy of {leaflet.id} called {name}."]
    if any(path.endswith("/" + twin) for path in offer.jobs):
        said.append(f"{leaflet.id} is a draft, not approved for use with patients: its copies are named with -DRAFT "
                    "and say Draft on every page." if name.suffix == "" else
                    f"{leaflet.id} is approved: its copies are named without -DRAFT.")
    return no_such_copy(engine, site, leaflet, said, prefix)


def no_such_copy(engine: Engine, site: str, leaflet: Leaflet, said: list[str], prefix: str) -> Answer:
    """A 404 for a copy the build never makes of ``leaflet`` (``said`` says which), naming the copies it does make."""
    offer = engine.offer(site, leaflet.id)
    jobs = offer.jobs
    sizes = f" (large print from {min_size(engine)} to {max_size(engine)} pt)" if offer.resized else ""
    said.append(f"These are the copies of {leaflet.id} version {leaflet.version} that can be asked for{sizes}:")
    return Answer(404, "No such copy", tuple(said),
                  tuple((f"{offer.label(path)}: {path.rsplit('/', 1)[-1]}", prefix + href(path)) for path in jobs))


def other_version(engine: Engine, site: str, leaflet: Leaflet, name: FileName, prefix: str) -> Answer:
    """A 410 for a superseded version (with the current copy and the archived one), a 404 for one never made."""
    current = same_copy(engine, site, leaflet, name)
    links = ((f"The same copy of version {leaflet.version}", prefix + href(current)),) if current else ()
    archived = ("archive", leaflet.id, str(name))
    folder = engine.output if site == engine.default_site else engine.output / prefix
    if folder.joinpath(*archived).is_file():
        links += ((f"Version {name.version} as archived, for governance only", prefix + href("/".join(archived))),)
    if version_key(name.version) < version_key(leaflet.version):
        return Answer(410, "This version is no longer in use", (
            f"Version {name.version} of {leaflet.id} has been replaced by version {leaflet.version}: give patients "
            "the current version.",), links + (("The catalogue", ""),))
    return Answer(404, "No such version", (
        f"{leaflet.id} has no version {name.version}; the version in use is {leaflet.version}.",),
        links + (("The catalogue", ""),))


def min_size(engine: Engine) -> int:
    return min(engine.base.print.sizes, default=0)


def max_size(engine: Engine) -> int:
    return max(engine.base.print.sizes, default=0)
