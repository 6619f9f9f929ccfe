"""The words the build writes itself, in each language a leaflet is written in.

Stamps, status notices, dates, callout labels and the closing sections are
written by the build, not by authors, so a Welsh leaflet needs them in Welsh.
Each language has a file ``content/languages/<code>.yaml``; the English file
is the reference, and every other file must hold the same keys with the same
``{placeholders}``, so a translator can never drop a version number or a date
from a stamp without being told where.
"""

from __future__ import annotations

import datetime as dt
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import ContentError, Problem, shown
from .load import KeyPath, Source, load_yaml

LANGUAGES_FOLDER = "languages"
REFERENCE = "en"
"""The language every other phrase file is checked against."""
DIRECTIONS = ("ltr", "rtl")
NO_TABLE = "none"
"""``braille_table: none``: no Braille copies in this language."""


def primary(language: str) -> str:
    """The language of a tag, without its region: ``en-GB`` is ``en``."""
    return language.split("-")[0].lower()


@dataclass(frozen=True)
class Phrases:
    """One language's phrases, checked against the reference language's."""

    path: Path
    code: str
    texts: Mapping[str, str]
    """Each phrase by its dotted key: ``stamp.version``."""
    months: tuple[str, ...]

    @property
    def direction(self) -> str:
        return self.texts["direction"]

    @property
    def english_name(self) -> str:
        return self.texts["english_name"]

    @property
    def braille_table(self) -> str | None:
        """The liblouis table that writes this language in braille; None where no table reads back reliably."""
        table = self.texts["braille_table"]
        return None if table == NO_TABLE else table

    @property
    def voice(self) -> str:
        """The eSpeak NG voice that reads this language aloud."""
        return self.texts["voice"]

    def say(self, key: str, **values: object) -> str:
        """The phrase ``key`` with its placeholders filled in."""
        return self.texts[key].format(**values)

    def date(self, day: dt.date) -> str:
        """A date as readers of this language write it: 2 November 2026, 2 Tachwedd 2026."""
        return self.say("date", day=day.day, month=self.months[day.month - 1], year=day.year)


def _flatten(value: Any, at: KeyPath = ()) -> dict[KeyPath, Any]:
    if isinstance(value, dict):
        return {key: leaf for name, inner in value.items() for key, leaf in _flatten(inner, (*at, name)).items()}
    return {at: value}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _check(source: Source, reference: dict[KeyPath, Any] | None) -> Phrases:
    """``source`` as phrases, or every way it departs from the reference, each with its line."""
    problems: list[Problem] = []

    def report(at: KeyPath, message: str, hint: str) -> None:
        where = ".".join(map(str, at)) or "the file"
        problems.append(Problem(source.path, source.line(at), f"{where}: {message}", hint))

    found = _flatten(source.data) if isinstance(source.data, dict) else {}
    if not found:
        report((), "must be a set of keys, as in languages/en.yaml", "copy languages/en.yaml and translate its values")
    months = found.pop(("months",), None)
    if not (isinstance(months, list) and len(months) == 12 and all(isinstance(m, str) and m.strip() for m in months)):
        report(("months",), "must list the twelve months, January first", "write them as a list in [ ]")
    expected = reference if reference is not None else {key: value for key, value in found.items()}
    for key, text in expected.items():
        if key not in found:
            report(key[:-1], f"missing the phrase '{'.'.join(map(str, key))}'", f"add it; in English it reads: {text}")
        elif not isinstance(found[key], str) or not found[key].strip():
            report(key, "must be some text", "write the phrase in quotes")
        elif _placeholders(found[key]) != _placeholders(text):
            need = ", ".join(sorted("{" + name + "}" for name in _placeholders(text))) or "none"
            report(key, "does not keep the English phrase's placeholders", f"it must hold exactly: {need}")
    for key in found.keys() - expected.keys():
        report(key, "is not a phrase the build writes", "remove it, or check its spelling against languages/en.yaml")
    if found.get(("direction",)) not in DIRECTIONS:
        report(("direction",), f"'{found.get(('direction',))}' is not a direction", "write ltr, or rtl for a right-to-left script")
    if problems:
        raise ContentError(problems)
    texts = {".".join(map(str, key)): value for key, value in found.items()}
    return Phrases(source.path, source.path.stem, texts, tuple(months))


class PhraseBook:
    """The phrase files of one content folder, each read and checked on first use."""

    def __init__(self, content_dir: Path) -> None:
        self.folder = content_dir / LANGUAGES_FOLDER
        self._read: dict[str, Phrases] = {}
        self._reference: dict[KeyPath, Any] | None = None

    def of(self, language: str) -> Phrases:
        """The phrases of ``language`` (a tag such as en-GB), or a :class:`ContentError` saying what to write."""
        code = primary(language)
        if code not in self._read:
            if self._reference is None:
                english = self._load(REFERENCE)
                self._reference = {tuple(key.split(".")): text for key, text in english.texts.items()}
                self._read[REFERENCE] = english
            if code != REFERENCE:
                self._read[code] = self._load(code)
        return self._read[code]

    def _load(self, code: str) -> Phrases:
        path = self.folder / f"{code}.yaml"
        if not path.is_file():
            raise ContentError([Problem(path, 1, f"no phrases for the language '{code}'",
                                        f"copy {shown(self.folder / (REFERENCE + '.yaml'))} to {shown(path)} and translate it")])
        return _check(load_yaml(path, shown(path)), self._reference)
