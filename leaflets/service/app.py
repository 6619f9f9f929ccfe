"""The web application: every request's path through the naming rules to a file, a copy made on request, or a page.

Only GET and HEAD are answered; a request body is never read. A path reaches
the file system only as :func:`~leaflets.publish.files.locate` allows, and a
file is served only if it is a regular file inside the output folder.
Every response carries a content security policy that lets a page load
nothing from outside and run only the scripts written into it, and every
request leaves one line in the access log: the method, the path, the status,
the size and the time taken, nothing about who asked.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import functools
import hashlib
import logging
import os
import re
import time
from pathlib import Path
from typing import AsyncIterator, Callable
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..build import offered
from ..document.words import sentence
from ..outputs import FORMATS
from ..publish import register
from ..publish.catalogue import catalogue_html
from ..publish.files import Located, locate, site_folder
from . import answers
from .engine import Busy, Engine
from .pages import FORM_STYLE, Answer, answer_page, copy_form, format_words, with_problems

log = logging.getLogger("leaflets.service")

POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
          "media-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
"""Nothing from outside, no script but those a page was written with (their hashes are added), forms only to here."""

TYPES = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8",
         ".brf": "text/plain; charset=us-ascii", ".pef": "application/xml", ".mp3": "audio/mpeg",
         ".json": "application/json", ".csv": "text/csv; charset=utf-8"}
"""What each kind of file the build writes is, for the browser; anything else is offered as a download."""

ENCODED = re.compile(r"%(?:2f|5c|00)", re.I)
"""An encoded slash, backslash or NUL in a path: never in a name the build writes."""
SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


@functools.lru_cache(maxsize=64)  # a page kept in the cache is the same string each time: its hash is kept with it
def policy(page: str) -> str:
    """The policy for ``page``: :data:`POLICY` with the hash of each script written into it, so those alone run."""
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                      for s in SCRIPT.findall(page))
    return POLICY + (f"; script-src {hashes}" if hashes else "")


def html(page: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(page, status, {"content-security-policy": policy(page), **(headers or {})})


def root_of(path: str) -> str:
    """The relative way from ``path`` back to the top of the library: "" for "/x", "../" for "/a/x", "../../" for "/a/b/"."""
    return "../" * (path.count("/") - 1)


class Service:
    """The engine behind the web: pages made from the register, files served, copies made on request."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pages: dict[tuple[str, str], tuple[tuple, str]] = {}
        """Each catalogue, register and HTML file by what and where it is, with the stamp of what it was made from."""

    def cached(self, what: tuple[str, str], stamp: tuple, make: Callable[[], str]) -> str:
        """The page ``what`` as last made, if ``stamp`` (what it is made from) is unchanged; else made again."""
        held = self.pages.get(what)
        if held is None or held[0] != stamp:
            held = self.pages[what] = (stamp, make())
        return held[1]

    def app(self) -> Starlette:
        return Starlette(routes=[Route("/copy", self.copy), Route("/{path:path}", self.serve)],
                         exception_handlers={HTTPException: self.http_error, Exception: self.server_error},
                         lifespan=self.watching)

    @contextlib.asynccontextmanager
    async def watching(self, app: Starlette) -> AsyncIterator[None]:
        """Look for content changes every second for as long as the service runs."""
        async def watch() -> None:
            while True:
                await asyncio.sleep(1)
                try:
                    if self.engine.reload():
                        self.pages.clear()
                except Exception:  # a file half-written as it was read: looked at again next second
                    log.exception("reading the content again")

        task = asyncio.create_task(watch())
        try:
            yield
        finally:
            task.cancel()

    async def serve(self, request: Request) -> Response:
        path = request.url.path
        if ENCODED.search(request.scope.get("raw_path", b"").decode("latin-1")):
            return self.answer(Answer(400, "This address cannot be used", (
                "The address has an encoded slash or another character no leaflet's address has.",),
                (("The catalogue", ""),)), path)
        parts = path.split("/")[1:]
        trailing = parts[-1:] == [""]
        located = locate(self.engine.output, parts[:-1] if trailing else parts, self.engine.other_sites)
        if located is None:
            return self.not_found(path)
        if located.relative in ((), ("index.html",)):
            if located.site and not trailing and not located.relative:
                return RedirectResponse(quote(parts[-1]) + "/", 308)
            return self.catalogue(located, root_of(path))
        file = located.path
        if file.is_file() and file.resolve().is_relative_to(self.engine.output.resolve()):
            refused = answers.withdrawn_in_place(self.engine, located) if located.name else None
            if refused is not None:
                return self.answer(refused, path)
            with contextlib.suppress(FileNotFoundError):  # archived as we looked: then it is answered as a name
                return self.file(located)
        if located.relative == ("register.html",):
            return self.register(located)
        if located.name is None:
            return self.not_found(path)
        found = answers.for_name(self.engine, located)
        if isinstance(found, Answer):
            return self.answer(found, path)
        try:
            made = await self.engine.make(located, found[1])
        except Busy as busy:
            return self.answer(Answer(503, "Busy: please try again shortly", (
                "Every worker is making copies for other requests and the queue is full. "
                f"Ask again in {busy.retry_after} seconds.",), headers=(("retry-after", str(busy.retry_after)),)),
                path)
        with contextlib.suppress(FileNotFoundError):
            return self.file(located)
        return self.answer(Answer(500, "This copy could not be made", (
            f"{located.name} could not be made, so it has not been put in the library:", *made.problems,
            "The copy failed the checks every copy must pass; nothing partial was written. "
            "Tell whoever looks after the leaflets."), (("The catalogue", ""),)), path)

    async def copy(self, request: Request) -> Response:
        """The catalogue's form: from a leaflet, a format, a size and a site, to the name of that copy."""
        asked = request.query_params
        engine = self.engine
        site = asked.get("site") or engine.default_site
        if site not in engine.sites:
            return self.answer(Answer(404, "No such site", (
                f"There is no site called {site}. The sites are: {', '.join(engine.sites)}.",), (("The catalogue", ""),)),
                request.url.path)
        leaflet = answers.leaflet_of(engine, site, asked.get("id", ""))
        if isinstance(leaflet, Answer):
            return self.answer(leaflet, request.url.path)
        form = asked.get("format", "")
        if form not in FORMATS:
            return self.answer(Answer(404, "No such format", (
                f"There is no format called {form}. The formats are: {', '.join(FORMATS)}.",), (("The catalogue", ""),)),
                request.url.path)
        size = asked.get("size", "").strip()
        sizes = engine.base.print.sizes
        if size and (not size.isdigit() or len(size) > 3 or int(size) not in sizes):
            return self.answer(Answer(404, "No such print size", (
                f"Large print is made at whole sizes from {sizes[0]} to {sizes[-1]} points; {size[:12]} is not one of them.",
                "Leave the size empty for the A4 clear-print copy, or ask for Braille or audio above "
                f"{sizes[-1]} points."), (("The catalogue", ""),)), request.url.path)
        settings = engine.settings_for(site)
        chosen = dataclasses.replace(settings.print, layouts=(), sizes=(int(size),)) if size else type(settings.print)()
        narrowed = dataclasses.replace(settings, ids=(leaflet.id,), formats=(form,), print=chosen)
        jobs, report = offered(narrowed, engine.library(site))
        prefix = f"{site_folder(Path(), site).as_posix()}/" if site != engine.default_site else ""
        if jobs:
            return RedirectResponse(prefix + jobs[0].paths[0].relative_to(narrowed.folders.output).as_posix(), 303)
        refused = answers.withheld(engine, site, leaflet, None, prefix)
        if refused is None and engine.offer(site, leaflet.id).jobs:  # other copies of it are made, not this one
            asked_for = f"as {format_words(form)}{f' at {size} pt' if size else ''}"
            notes = [note.removeprefix(f"{leaflet.id}: ") for note in report.notes]
            why = [sentence(note[:1].upper() + note[1:]) for note in notes]  # the build's notes, said on a page
            refused = answers.no_such_copy(engine, site, leaflet, [
                f"The library makes no copy of {leaflet.id}, {leaflet.title}, {asked_for}.", *why], prefix)
        return self.answer(refused or answers.cannot_make(engine, site, leaflet), request.url.path)

    def recorded(self, located: Located) -> dict:
        """The register's data for a site's folder: as the build wrote it, or, before any build, the content's leaflets."""
        data = register.load(located.folder)
        if data.get("leaflets"):
            return data
        library = self.engine.library(located.site or self.engine.default_site)
        return register.manifest(library.leaflets, {}, self.engine.base.today, register.generator(), {}, {},
                                 library.broken)

    def register(self, located: Located) -> Response:
        """The register before any build has written it, with the content's problems if it has any."""
        return html(self.cached(("register", str(located.folder)), (self.engine.generation,), lambda: with_problems(
            register.as_html(self.recorded(located)), self.engine.problems)))

    def catalogue(self, located: Located, root: str) -> Response:
        """The catalogue of a site's folder, with the copy form on every entry that may be handed out."""
        engine, folder = self.engine, located.folder
        site = located.site or engine.default_site
        manifest = folder / register.MANIFEST
        packs = folder / "packs"
        stamp = (*(p.stat().st_mtime_ns if p.exists() else 0 for p in (manifest, packs)), engine.generation)
        def form(leaflet: dict) -> str:
            """The copy form, offering only what is made of the leaflet (all, while the build makes none of it)."""
            offer = engine.offer(site, leaflet["id"])
            formats = tuple(name for name in FORMATS if name in offer.formats) or tuple(FORMATS)
            sizes = engine.base.print.sizes if offer.resized or not offer.jobs else ()
            return copy_form(leaflet, formats, sizes, engine.sites, site, root + "copy")

        return html(self.cached(("catalogue", f"{folder}:{root}"), stamp, lambda: catalogue_html(
            folder, self.recorded(located), form, FORM_STYLE)))

    def file(self, located: Located) -> Response:
        """A file the build wrote, read whole from one opening: a build replacing it meanwhile cannot mix two files.

        An HTML page gets the hashes of its own scripts in its policy, and the
        register the content's problems, if any.
        """
        path = located.path
        with path.open("rb") as file:
            stat = os.fstat(file.fileno())
            if path.suffix != ".html":
                return Response(file.read(), media_type=TYPES.get(path.suffix, "application/octet-stream"))
            stamp = (stat.st_ino, stat.st_mtime_ns, stat.st_size, self.engine.generation)
            page = self.cached(("file", str(path)), stamp, lambda: file.read().decode("utf-8", errors="replace"))
        if located.relative == ("register.html",):
            page = with_problems(page, self.engine.problems)
        return html(page)

    def answer(self, answer: Answer, path: str) -> Response:
        return html(answer_page(answer, root_of(path)), answer.status, dict(answer.headers))

    def not_found(self, path: str) -> Response:
        return self.answer(Answer(404, "No such page", (
            "The library has no page or file at this address.",
            "Leaflets' files are named like PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf; the catalogue lists every leaflet "
            "and makes any copy of one you ask for."), (("The catalogue", ""),)), path)

    async def http_error(self, request: Request, error: HTTPException) -> Response:
        words = {405: ("This kind of request is not answered", "The library only answers requests to read a page or "
                       "a file (GET and HEAD); nothing can be sent to it.")}
        title, said = words.get(error.status_code, ("This request cannot be answered", str(error.detail)))
        headers = {"allow": "GET, HEAD"} if error.status_code == 405 else {}
        response = self.answer(Answer(error.status_code, title, (said,), (("The catalogue", ""),)), request.url.path)
        response.headers.update(headers)
        return response

    async def server_error(self, request: Request, error: Exception) -> Response:
        log.exception("error answering %s", shown(request.url.path))
        return self.answer(Answer(500, "Something went wrong", (
            "The library could not answer this request. Nothing was changed; try again, and if it happens again "
            "tell whoever looks after the leaflets service (its log says what went wrong).",),
            (("The catalogue", ""),)), request.url.path)


def shown(path: str) -> str:
    """A request path as the log shows it: printable, and never longer than a line."""
    return "".join(c if c.isprintable() and c.isascii() else repr(c)[1:-1] for c in path[:200])


class Guarded:
    """Adds the policy and the other protective headers to every response, and logs one line per request."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started, said = time.perf_counter(), {"status": 0, "bytes": 0}
        headers = dict(scope["headers"])
        if headers.get(b"content-length", b"0") not in (b"0", b"") or b"transfer-encoding" in headers:
            app = refuse_body  # never read: the library takes nothing from a browser but the address
        else:
            app = self.app

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                said["status"] = message["status"]
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", POLICY)
                headers["x-content-type-options"] = "nosniff"
                headers["referrer-policy"] = "no-referrer"
                headers["cross-origin-resource-policy"] = "same-origin"
            elif message["type"] == "http.response.body":
                said["bytes"] += len(message.get("body", b""))
            await send(message)

        try:
            await app(scope, receive, sending)
        finally:
            log.info("%s %s %d %d %.1fms", scope["method"][:16], shown(scope["path"]), said["status"], said["bytes"],
                     (time.perf_counter() - started) * 1000)


async def refuse_body(scope, receive, send) -> None:
    page = answer_page(Answer(413, "Nothing can be sent to the library", (
        "The library answers requests to read a page or a file; it takes no uploads or form posts.",),
        (("The catalogue", ""),)), root_of(scope["path"]))
    await html(page, 413, {"connection": "close"})(scope, receive, send)


def application(engine: Engine) -> Guarded:
    return Guarded(Service(engine).app())
