"""``make_leaflets.py serve``: start the staff web service on this machine.

Binds to 127.0.0.1 unless told otherwise: staff reach it through the trust's
reverse proxy and sign-on (README, "Serving the library to staff").
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from ..settings import Folders, Settings

QUEUE = 8
"""Copies that may wait for a worker beyond those being made; past that a request is asked to come back (503)."""


def _number(low: int, high: int, what: str):
    def parse(text: str) -> int:
        if not text.isdigit() or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"'{text}' is not {what}; give a whole number from {low} to {high}")
        return int(text)

    return parse


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="make_leaflets.py serve",
        description="Serve the catalogue, the register and every leaflet file to staff in a browser, and make any "
                    "copy asked for (a print size, Braille, audio, another site's details) while they wait.")
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_number(1, 65535, "a port"), default=8000, help="the port to listen on (default: 8000)")
    p.add_argument("--content", type=Path, default=Folders.content, metavar="DIR", help="content folder (default: content/)")
    p.add_argument("--output", type=Path, default=Folders.output, metavar="DIR", help="output folder (default: output/)")
    p.add_argument("--site", metavar="NAME",
                   help="the site whose copies are at the top of the library (default: site: in content/settings.yaml)")
    p.add_argument("--jobs", type=_number(1, 64, "a number of processes"), default=os.cpu_count() or 1, metavar="N",
                   help="make at most N copies at once (default: the number of cores)")
    return p


def serve(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    sites = sorted(path.stem for path in (args.content / "sites").glob("*.yaml"))
    if not args.content.is_dir():
        return _usage(f"the content folder {args.content} does not exist; check --content")
    if args.site is not None and args.site not in sites:
        return _usage(f"unknown site '{args.site}'; choose from: {', '.join(sites)}")
    import uvicorn

    from .app import application
    from .engine import Engine

    _allow_connections()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    engine = Engine(Settings(folders=Folders(args.content, args.output.resolve()), site=args.site, jobs=args.jobs),
                    QUEUE)
    engine.start()
    try:
        uvicorn.run(application(engine), host=args.host, port=args.port, access_log=False, server_header=False,
                    log_level="info", timeout_graceful_shutdown=5)
    finally:
        engine.stop()
    return 0


def _allow_connections() -> None:
    """Raise the open-file limit to what the system allows: each connection holds one, and many may be open at once."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(hard, 65536)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def _usage(problem: str) -> int:
    print(f"make_leaflets.py serve: {problem}", file=sys.stderr)
    return 2
