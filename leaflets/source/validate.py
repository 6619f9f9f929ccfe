"""Turn loaded YAML into the content model, or say what is wrong.

The schema is declared once, as data (``LEAFLET``, ``BLOCKS``, ``SITE`` …): each
key names a parser. A :class:`Checker` walks a file against it and collects
every problem with its line, rather than stopping at the first, so an author
fixes a file in one pass. Unknown keys are errors, with a suggestion, because
a misspelt optional key would otherwise vanish without a word.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable, Iterable, TypeVar

from . import markup, model
from ..errors import ContentError, Problem
from .load import KeyPath, Source

Parser = Callable[["Checker", KeyPath, Any], Any]
E = TypeVar("E", bound=Enum)


@dataclass(frozen=True)
class Field:
    parse: Parser
    required: bool = True


class Checker:
    """Collects the problems of one file while its values are parsed."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def report(self, at: KeyPath, message: str, hint: str = "") -> None:
        where = ".".join(str(part) for part in at) or "the file"
        self.problems.append(Problem(self.source.path, self.source.line(at), f"{where}: {message}", hint))

    def origin(self, at: KeyPath) -> model.Origin:
        return model.Origin(self.source.path, self.source.line(at))

    def fields(self, at: KeyPath, value: Any, spec: dict[str, Field]) -> dict[str, Any] | None:
        """Parse a mapping against ``spec``; missing optional keys become None."""
        if not isinstance(value, dict):
            self.report(at, f"must be a set of keys ({', '.join(spec)})", "see the author guide in README.md")
            return None
        for key in value:
            if key not in spec:
                close = closest(key, spec)
                hint = f"did you mean '{close}'?" if close else f"allowed keys: {', '.join(spec)}"
                self.report((*at, key), f"unknown key '{key}'", hint)
        for key, field in spec.items():
            if field.required and key not in value:
                self.report(at, f"missing required key '{key}'", "add it")
        return {key: field.parse(self, (*at, key), value[key]) if key in value else None for key, field in spec.items()}

    def check(self, result: Any) -> Any:
        """Return ``result`` if the file had no problems, else raise them all."""
        if self.problems:
            raise ContentError(self.problems)
        return result


def closest(word: str, allowed: Iterable[str]) -> str | None:
    """The allowed word ``word`` is most likely a misspelling of, if any."""
    import difflib  # here, not at the top: only a misspelt key needs it

    close = difflib.get_close_matches(word, allowed, n=1)
    return close[0] if close else None


# Value parsers: each returns the parsed value, or None after reporting.

def text(c: Checker, at: KeyPath, value: Any) -> str | None:
    if isinstance(value, (dt.date, int, float, bool)):
        c.report(at, f"must be text, not {type(value).__name__}", 'put the value in quotes, for example "1.0"')
        return None
    if not isinstance(value, str) or not value.strip():
        c.report(at, "must be some text", "write the words, or remove the key if it is optional")
        return None
    if not value.replace("\n", " ").replace("\t", " ").isprintable():  # printable text holds none of these
        if any(ord(ch) < 32 and ch not in "\n\t" or 0x7F <= ord(ch) < 0xA0 for ch in value):
            c.report(at, "contains an invisible control character", "retype the text")
            return None
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):  # only reachable through a "\uD800" escape
            c.report(at, "contains half of a character (a lone surrogate escape such as \\uD800)", "write the character itself")
            return None
        hidden = next((ch for ch in value if unicodedata.category(ch) == "Cf"), None)
        if hidden:  # soft hyphens, zero-width spaces and joiners, direction overrides: unseen, yet they change the words
            c.report(at, f"contains an invisible formatting character (U+{ord(hidden):04X})", "delete it; most editors do not show it")
            return None
    return " ".join(value.split())


def rich_text(c: Checker, at: KeyPath, value: Any) -> str | None:
    """Text that may hold **bold** and [links](https://…), with safe link schemes only."""
    result = text(c, at, value)
    for href in markup.links(result or ""):
        if not href.startswith(markup.LINK_SCHEMES):
            c.report(at, f"link '{href}' is not allowed", f"links must start with {', '.join(markup.LINK_SCHEMES)}")
            return None
    return result


def pattern(regex: str, description: str, example: str) -> Parser:
    compiled = re.compile(regex)

    def parse(c: Checker, at: KeyPath, value: Any) -> str | None:
        result = text(c, at, value)
        if result is not None and not compiled.fullmatch(result):
            c.report(at, f"'{result}' is not {description}", f"write it like {example}")
            return None
        return result

    return parse


# References and versions name output files, so they stay short and are never a device name on Windows shares.
identifier = pattern(r"(?=[A-Z0-9-]{1,20}\Z)(?!(?:CON|PRN|AUX|NUL|COM\d|LPT\d)\Z)[A-Z0-9]+(?:-[A-Z0-9]+)*",
                     "a valid reference", "PAIN-OST-001 (capitals, digits, hyphens; at most 20 characters)")
version = pattern(r"\d{1,4}\.\d{1,4}", "a version number", '"1.0" or "2.1", in quotes')
language = pattern(r"[a-z]{2,3}(?:-[A-Z]{2})?", "a language tag", "en-GB")
web_address = pattern(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#]\S*)?", "a secure web address (https://…)",
                      "https://www.example.nhs.uk/service (https, not http)")
email = pattern(r"[^@\s]+@[^@\s]+\.[^@\s]+", "an email address", "team@example.nhs.uk")
file_name = pattern(r"[A-Za-z0-9._/-]+", "a file path under content/", "figures/spine.svg")


UK_PHONE = re.compile(r"(?:0|\+44 ?)\d(?: ?\d){8,9}")
"""A UK number with its area code: 0 (or +44) then 9 or 10 digits, in groups separated by single spaces."""


def phone_number(c: Checker, at: KeyPath, value: Any) -> str | None:
    """A UK phone number a patient can dial from anywhere in the country.

    Short numbers (999, 111) belong in the leaflet's words, not in a site's contact list.
    """
    result = text(c, at, value)
    if result is not None and not UK_PHONE.fullmatch(result):
        c.report(at, f"'{result}' is not a UK phone number with its area code",
                 'write its digits in groups with single spaces, in quotes, like "01632 960 100" or "020 7946 0000"')
        return None
    return result


def date(c: Checker, at: KeyPath, value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    c.report(at, f"'{value}' is not a date", "write it as YYYY-MM-DD, for example 2026-11-02")
    return None


def choice(kind: type[E]) -> Parser:
    allowed = ", ".join(member.value for member in kind)

    def parse(c: Checker, at: KeyPath, value: Any) -> E | None:
        try:
            return kind(value)
        except ValueError:
            c.report(at, f"'{value}' is not allowed", f"use one of: {allowed}")
            return None

    return parse


def whole_number(low: int, high: int) -> Parser:
    def parse(c: Checker, at: KeyPath, value: Any) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            c.report(at, f"'{value}' is not a whole number from {low} to {high}", f"write a number from {low} to {high}")
            return None
        return value

    return parse


def list_of(item: Parser, *, empty_ok: bool = False) -> Parser:
    def parse(c: Checker, at: KeyPath, value: Any) -> tuple | None:
        if not isinstance(value, list) or (not value and not empty_ok):
            c.report(at, "must be a list of one or more items", "start each item on its own line with '- '")
            return None
        return tuple(item(c, (*at, i), entry) for i, entry in enumerate(value))

    return parse


def record(spec: dict[str, Field], build: Callable[..., Any]) -> Parser:
    """A parser for a mapping that becomes one model object."""

    def parse(c: Checker, at: KeyPath, value: Any) -> Any:
        values = c.fields(at, value, spec)
        return None if values is None else build(**values)

    return parse


def located(spec: dict[str, Field], build: Callable[..., Any]) -> Parser:
    """Like :func:`record`, for blocks, which also remember their origin."""

    def parse(c: Checker, at: KeyPath, value: Any) -> Any:
        values = c.fields(at, value, spec)
        return None if values is None else build(c.origin(at), **values)

    return parse


# Blocks

def _items(c: Checker, at: KeyPath, value: Any) -> tuple[str, ...] | None:
    return list_of(rich_text)(c, at, value)


def _heading(level: int) -> Callable[[Checker, KeyPath, Any], model.Heading]:
    return lambda c, at, value: model.Heading(c.origin(at), text(c, at, value), level)


CALLOUT = {
    "kind": Field(choice(model.CalloutKind)),
    "title": Field(text, required=False),
    "text": Field(rich_text, required=False),
    "bullets": Field(_items, required=False),
}


def _callout(c: Checker, at: KeyPath, value: Any) -> model.Callout | None:
    values = c.fields(at, value, CALLOUT)
    if values is None:
        return None
    if "text" not in value and "bullets" not in value:
        c.report(at, "a callout needs 'text' or 'bullets'", "add what the callout says")
    return model.Callout(c.origin(at), values["kind"], values["title"], values["text"], values["bullets"] or ())


FIGURE = {"file": Field(file_name), "alt": Field(text), "caption": Field(text, required=False)}
WRITE_IN = {"label": Field(text), "lines": Field(whole_number(1, 12))}
QUESTION = {"question": Field(text), "answer": Field(rich_text)}


def _contacts(c: Checker, at: KeyPath, value: Any) -> model.Contacts:
    if value not in (None, {}):
        c.report(at, "takes no settings", "write 'contacts:' with nothing after it; the details come from the site file")
    return model.Contacts(c.origin(at))


BLOCKS: dict[str, Parser] = {
    "heading": _heading(1),
    "subheading": _heading(2),
    "paragraph": lambda c, at, v: model.Paragraph(c.origin(at), rich_text(c, at, v)),
    "bullets": lambda c, at, v: model.BulletList(c.origin(at), _items(c, at, v)),
    "steps": lambda c, at, v: model.Steps(c.origin(at), _items(c, at, v)),
    "callout": _callout,
    "figure": located(FIGURE, model.Figure),
    "contacts": _contacts,
    "write_in": located(WRITE_IN, model.WriteIn),
    "questions": lambda c, at, v: model.Questions(
        c.origin(at), list_of(record(QUESTION, model.QuestionAnswer))(c, at, v)
    ),
    "include": lambda c, at, v: model.Include(c.origin(at), file_name(c, at, v)),
}


def block_of(kinds: dict[str, Parser]) -> Parser:
    """A parser for one block of the types ``kinds`` names: a leaflet's, or an Easy Read edition's rows."""

    def parse(c: Checker, at: KeyPath, value: Any) -> model.Block | None:
        if not isinstance(value, dict) or len(value) != 1:
            c.report(at, "each block is one key naming its type", f"use one of: {', '.join(kinds)}")
            return None
        (kind, content), = value.items()
        if kind not in kinds:
            close = closest(kind, kinds)
            c.report((*at, kind), f"unknown block type '{kind}'",
                     f"did you mean '{close}'?" if close else f"use one of: {', '.join(kinds)}")
            return None
        return kinds[kind](c, (*at, kind), content)

    return parse


block = block_of(BLOCKS)
blocks = list_of(block)

CHANGE = {"version": Field(version), "date": Field(date), "summary": Field(text)}

LEAFLET = {
    "id": Field(identifier),
    "title": Field(text),
    "subtitle": Field(text, required=False),
    "language": Field(language),
    "version": Field(version),
    "status": Field(choice(model.Status)),
    "owner": Field(text),
    "approved_by": Field(text),
    "approval_date": Field(date, required=False),  # required of an approved or withdrawn leaflet: see _approval
    "review_date": Field(date),
    "feedback": Field(rich_text),
    "changes": Field(list_of(record(CHANGE, model.Change))),
    "sources": Field(list_of(rich_text)),
    "blocks": Field(blocks),
    "online": Field(web_address, required=False),
}

TRANSLATION = {
    "translates": Field(identifier),
    "source_version": Field(version),
    **{key: field for key, field in LEAFLET.items() if key not in ("id", "version", "online")},
    "version": Field(version),
    "translator": Field(text),
}
"""A translation: a leaflet's keys, less the reference and online address it shares with its source, plus what it translates."""

SHARED = {"description": Field(text, required=False), "blocks": Field(blocks)}

PHONE = {"label": Field(text), "number": Field(phone_number), "hours": Field(text, required=False)}
OTHER_FORMATS = {"contact": Field(text), "phone": Field(phone_number), "email": Field(email, required=False)}
SITE = {
    "organisation": Field(text),
    "department": Field(text),
    "phones": Field(list_of(record(PHONE, model.Phone))),
    "address": Field(list_of(text)),
    "web": Field(web_address),
    "other_formats": Field(record(OTHER_FORMATS, model.OtherFormats)),
}
PHONE_WORDING = {key: PHONE[key] for key in ("label", "hours")}
SITE_WORDING = {
    **{key: SITE[key] for key in ("organisation", "department", "address")},
    "phones": Field(list_of(record(PHONE_WORDING, model.PhoneWording))),
    "other_formats_contact": OTHER_FORMATS["contact"],
}
"""A site's words in another language: those of ``SITE`` that are words, each phone's label and hours."""
SETTINGS = {
    "site": Field(pattern(r"[a-z0-9-]+", "a site name", "sample (a file in content/sites/)")),
    "review_within_years": Field(whole_number(1, 5)),
    "formats": Field(list_of(pattern(r"[a-z]+", "a format name", "pdf")), required=False),
}


FINGERPRINT = {
    "site": Field(SETTINGS["site"].parse),
    "sha256": Field(pattern(r"[0-9a-f]{64}", "a SHA-256 digest", "64 hexadecimal digits, as the build wrote it")),
    "recorded_on": Field(date),
}
RELEASE = {
    "id": Field(identifier),
    "version": Field(version),
    "approved_by": Field(text),
    "approval_date": Field(date),
    "fingerprints": Field(list_of(record(FINGERPRINT, model.Fingerprint))),
}
RELEASES = {"releases": Field(list_of(record(RELEASE, model.Release), empty_ok=True))}


def leaflet(source: Source) -> model.Leaflet:
    c = Checker(source)
    values = c.fields((), source.data, LEAFLET)
    if values:
        _newest_change(c, values)
        _approval(c, source.data, values)
    return c.check(values and model.Leaflet(source.path, **values))


def translation(source: Source) -> model.Leaflet:
    """A translation file as the leaflet it is: its reference is its source's with the language added (PAIN-OST-002-CY)."""
    c = Checker(source)
    values = c.fields((), source.data, TRANSLATION)
    if values is None or not values["translates"] or not values["language"]:
        return c.check(None)
    return derived(c, values, model.Derivation.TRANSLATION, values["language"].split("-")[0].upper(), ("language",))


def derived(c: Checker, values: dict[str, Any], kind: model.Derivation, suffix: str, named_at: KeyPath) -> model.Leaflet:
    """A derived edition's parsed ``values`` as the leaflet it is: an edition of the source its ``kind`` key names,
    its reference the source's with ``suffix`` added (a fault in that reference reported at ``named_at``)."""
    origin = values.pop(kind.value)
    work = model.EditionOf(origin, values.pop("source_version"), values.pop(kind.writer_key), kind)
    reference = identifier(c, named_at, f"{origin}-{suffix}")
    _newest_change(c, values)
    _approval(c, c.source.data, values)
    return c.check(model.Leaflet(c.source.path, id=reference, edition_of=work, **values))


def _newest_change(c: Checker, values: dict[str, Any]) -> None:
    if values["changes"] and values["version"] and values["changes"][0]:
        newest = values["changes"][0].version
        if newest and newest != values["version"]:
            c.report(("changes", 0, "version"), f"the newest change is for version {newest}, not {values['version']}",
                     "add a changes entry for this version at the top of the list")


def _approval(c: Checker, data: dict, values: dict[str, Any]) -> None:
    """An approved (or withdrawn) version has the date it was approved; a draft has none of its own.

    In a draft, ``approval_date`` may hold the date its approval is planned
    for, never printed; one before the draft's own changes entry is an earlier
    version's date left in place, which is what makes a draft claim an approval.
    """
    status, planned = values["status"], values["approval_date"]
    if status in (model.Status.APPROVED, model.Status.WITHDRAWN) and "approval_date" not in data:
        c.report((), "missing required key 'approval_date'", f"add the date this version was approved (a {status.value} "
                 "leaflet has one), as YYYY-MM-DD")
    drafted = next((change.date for change in values["changes"] or () if change and change.version == values["version"]), None)
    if status is model.Status.DRAFT and planned and drafted and planned < drafted:
        c.report(("approval_date",), f"{planned} is before this draft's changes entry for version {values['version']} "
                 f"({drafted}): in a draft, approval_date is the date its approval is planned for, and no copy prints it",
                 "remove the line, as an earlier version's approval date stays in the release record; or set the date "
                 "the draft is to be approved")


def shared_blocks(source: Source) -> model.SharedBlocks:
    c = Checker(source)
    values = c.fields((), source.data, SHARED)
    for i, entry in enumerate((values or {}).get("blocks") or ()):
        if isinstance(entry, model.Include):
            c.report(("blocks", i, "include"), "a shared block file cannot include another", "copy the blocks in instead")
    return c.check(values and model.SharedBlocks(source.path, values["blocks"]))


def site(source: Source) -> model.Site:
    c = Checker(source)
    values = c.fields((), source.data, SITE)
    return c.check(values and model.Site(source.path, **values))


def site_wording(source: Source, site: model.Site) -> model.SiteWording:
    """A site's words in another language, holding one entry for each of ``site``'s phones."""
    c = Checker(source)
    values = c.fields((), source.data, SITE_WORDING)
    phones = (values or {}).get("phones")
    if phones is not None and len(phones) != len(site.phones):
        c.report(("phones",), f"has {len(phones)} entries; {site.path.name} has {len(site.phones)} phones",
                 "give each phone of the site file its label, in the same order")
    return c.check(values and model.SiteWording(source.path, **values))


def settings(source: Source, formats: tuple[str, ...] | None = None) -> model.Settings:
    """The settings file; ``formats`` are the format names a build knows, which ``formats:`` may list
    (None: a reader that builds nothing, and need not check them)."""
    c = Checker(source)
    values = c.fields((), source.data, SETTINGS)
    for i, name in enumerate((values or {}).get("formats") or ()):
        if name is not None and formats is not None and name not in formats:
            c.report(("formats", i), f"'{name}' is not a format", f"use one of: {', '.join(formats)}")
    return c.check(values and model.Settings(source.path, **values))



def releases(source: Source) -> tuple[model.Release, ...]:
    c = Checker(source)
    values = c.fields((), source.data, RELEASES)
    return c.check(values and values["releases"])
