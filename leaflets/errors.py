"""The exceptions the package raises, and the located problems they carry.

Every user-facing failure is a :class:`LeafletError`, so the command can
report it as a message and never as a traceback. Problems found in input
files are collected rather than raised one at a time, so an author sees
every mistake in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, at a line an editor can jump to."""

    path: Path
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class LeafletError(Exception):
    """Base class: anything the command reports to the user as a message.

    ``where`` is the ``path:line`` the message is about, when one is known,
    so the command can put it first like every other problem.
    """

    def __init__(self, message: str = "", where: str = "") -> None:
        super().__init__(message)
        self.where = where


class ContentError(LeafletError):
    """An input file (leaflet, shared block, site, settings) is not valid."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class LayoutFileError(ContentError):
    """A layout file under ``layouts/`` is not valid."""


class RenderError(LeafletError):
    """The content could not be set on the page (it does not fit, or a font lacks a glyph)."""


class VerificationError(LeafletError):
    """A produced PDF does not meet its layout's rules; it is not published."""


class PublishError(LeafletError):
    """The output could not be written (read-only folder, disk full)."""


def shown(path: Path) -> Path:
    """A path as short as it can be for messages: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
