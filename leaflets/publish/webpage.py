"""The shell and the escaping rule of every HTML page the build writes beside the files (catalogue, register, history).

Each page stands alone: its style inline, nothing fetched from outside, so it
opens from a shared drive with no internet. Pages are Jinja2 templates in
``templates/`` with autoescaping on, so every value a page shows is escaped
unless a template is handed markup made by another escaping template. Jinja2
is imported when a page is first rendered: a build that changes nothing
renders none.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).with_name("templates")


@cache
def environment() -> Any:
    """The one Jinja2 environment: autoescaping on, and an error, not an empty string, for a value a page lacks."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["day"] = day
    env.filters["href"] = href
    return env


def render(template: str, **values: object) -> str:
    """``template`` (a file in ``templates/``) filled with ``values``, each escaped as the page shows it."""
    return environment().get_template(template).render(**values)


def page(title: str, style: str, body: str) -> str:
    """The shell around ``body``, markup its caller escaped as it made it (the catalogue)."""
    from markupsafe import Markup

    return render("shell.html", title=title, style=Markup(style), body=Markup(body))


def href(path: str) -> str:
    """A relative link to a file inside the output folder; the path is POSIX in the manifest."""
    from urllib.parse import quote

    return "/".join(quote(part) for part in path.split("/"))


def day(iso: str | None, missing: str = "not recorded") -> str:
    """An ISO date as staff read it (2 November 2026), or ``missing`` when there is none."""
    import datetime as dt

    from ..document.words import format_date

    return format_date(dt.date.fromisoformat(iso)) if iso else missing
