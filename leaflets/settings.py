"""The build's settings: everything a run was asked to do, declared once as typed data.

The command line fills them (``cli``), checked there with messages that name
the option; ``content/settings.yaml`` holds the trust's standing choices (the
site to print, the review period), validated by the source stage with
messages that name the key. Each stage receives only its part: governance
its :class:`~leaflets.governance.status.Rules`, each format its own section.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Folders:
    content: Path = ROOT / "content"
    output: Path = ROOT / "output"
    layouts: Path = ROOT / "layouts"


@dataclass(frozen=True)
class PrintSettings:
    """What the PDF output makes: which layouts, which reader's sizes, and whether to pad to even pages."""

    layouts: tuple[str, ...] = ("a4", "large-print", "easy-read")
    """An Easy Read edition is made only in the Easy Read layout, and every other leaflet only in the others."""
    sizes: tuple[int, ...] = ()
    """Large print re-flowed at each of these body sizes (``--size``)."""
    even_pages: bool = False


@dataclass(frozen=True)
class Settings:
    folders: Folders = field(default_factory=Folders)
    ids: tuple[str, ...] = ()
    """The leaflets to build, by reference; none means all."""
    today: dt.date = field(default_factory=dt.date.today)
    allow_overdue: bool = False
    allow_out_of_date: bool = False
    site: str | None = None
    """A file in content/sites/ to take contact details from, instead of the settings file's ``site``."""
    formats: tuple[str, ...] = ()
    """The formats to make; none means the settings file's ``formats``, or PDF alone."""
    print: PrintSettings = field(default_factory=PrintSettings)
    jobs: int = field(default_factory=lambda: os.cpu_count() or 1)
    force: bool = False
    """Rebuild every file, even those whose inputs are unchanged."""
    pack: str | None = None
    """Also put the leaflets asked for into one PDF of this name, per print layout (``--pack``)."""
    review: str | None = None
    """Also write the papers for this leaflet's review meeting (``--review``)."""
    variants: tuple[str, ...] = ()
    """Only the variants of these names (``large-print-24pt``); none means every one. A request for one file sets it."""
    content_read_only: bool = False
    """Never write into the content folder: an approved version whose release is not recorded for the site yet is
    refused, with the command that records it, instead of being recorded."""
