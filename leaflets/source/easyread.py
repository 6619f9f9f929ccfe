"""An Easy Read edition's file: its schema, and the Easy Read rules each row is held to (STANDARDS.md §7).

An Easy Read edition explains a source leaflet in rows: a picture on the
left and one to three short sentences beside it, one idea each. After the
Department of Health's and Mencap's guidance, a reader who needs Easy Read is
lost by a long sentence, a word in capitals or in italics, a number written as
a word or a hard word met before it is explained; so each of these is refused
with the file and line where it stands, as any other fault in a content file.
"""

from __future__ import annotations

import re
from typing import Any

from . import markup, model, validate
from .load import KeyPath, Source
from .validate import Checker, Field

SUFFIX = "ER"
"""Ends an Easy Read edition's reference: PAIN-OST-002-ER."""
MOST_WORDS = 15
"""Words in a sentence, at most."""
MOST_SENTENCES = 3
"""Sentences in a row, at most: one idea, a picture beside it."""
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million".split())
"""Numbers written as words, which an Easy Read reader finds harder than digits."""

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")
_WORD = re.compile(r"[\w'’&]+")
_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")
_STYLED = re.compile(r"(?<![*\w])[*_](?![*_\s])[^*_\n]+(?<![*_\s])[*_](?![*\w])|</?(?:i|em|u|ins)\b[^>]*>", re.IGNORECASE)
"""Italics (``*word*``, ``_word_``) or underlining (``<u>``) an author may try; bold (``**word**``) is allowed."""

ROW = {
    "picture": Field(validate.file_name, required=False),  # a missing picture is an Easy Read fault: see _row_problems
    "description": Field(validate.text, required=False),
    "text": Field(validate.rich_text),
}
HARD_WORD = {"word": Field(validate.text), **ROW}

BLOCKS: dict[str, validate.Parser] = {
    "heading": validate.BLOCKS["heading"],
    "row": validate.located(ROW, model.Row),
    "hard_word": validate.located(HARD_WORD, lambda origin, word, **row: model.Row(origin, explains=word, **row)),
    "contact": validate.located(ROW, lambda origin, **row: model.Row(origin, contacts=True, **row)),
}
"""What an Easy Read edition is made of: headings and rows, a hard word's row, the contact row."""

EASY_READ = {
    model.Derivation.EASY_READ.value: Field(validate.identifier),
    "source_version": Field(validate.version),
    **{key: field for key, field in validate.LEAFLET.items() if key not in ("id", "version", "online", "blocks")},
    "version": Field(validate.version),
    model.Derivation.EASY_READ.writer_key: Field(validate.text),
    "pictures": Field(validate.rich_text),
    "explain_first": Field(validate.list_of(validate.text), required=False),
    "blocks": Field(validate.list_of(validate.block_of(BLOCKS))),
}
"""An Easy Read edition: a leaflet's keys but its reference, online address and blocks; what it explains, the
role that wrote it, where its pictures come from, its hard words, and its rows."""


def edition(source: Source) -> model.Leaflet:
    """An Easy Read file as the leaflet it is: its reference is its source's with ``-ER`` added (PAIN-OST-002-ER)."""
    c = Checker(source)
    values = c.fields((), source.data, EASY_READ)
    kind = model.Derivation.EASY_READ
    if values is None or not values[kind.value]:
        return c.check(None)
    hard = tuple(word for word in values["explain_first"] or () if word)
    values["explain_first"] = hard
    check_rules(c, source.data, hard)
    return validate.derived(c, values, kind, SUFFIX, (kind.value,))


def check_rules(c: Checker, data: dict[str, Any], hard: tuple[str, ...]) -> None:
    """Report every place the file breaks an Easy Read rule."""
    if isinstance(data.get("title"), str):
        _text_problems(c, ("title",), data["title"], hard)
    entries = data.get("blocks") if isinstance(data.get("blocks"), list) else []
    explained: set[str] = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or len(entry) != 1:
            continue  # the schema reports it
        (kind, content), = entry.items()
        at: KeyPath = ("blocks", i, kind)
        if kind == "heading" and isinstance(content, str):
            _text_problems(c, at, content, hard)
            _hard_words(c, at, content, hard, explained)
        elif kind in ("row", "hard_word", "contact") and isinstance(content, dict):
            _row_problems(c, at, content, hard)
            if kind == "hard_word" and isinstance(content.get("word"), str):
                explained.add(content["word"].casefold())
            if isinstance(content.get("text"), str):
                _hard_words(c, (*at, "text"), content["text"], hard, explained)
    for word in hard:
        if word.casefold() not in explained:
            c.report(("explain_first",), f"'{word}' is on the list but no hard_word row explains it",
                     f"add a hard_word row for '{word}' before the first row that uses it, or take it off the list")


def _row_problems(c: Checker, at: KeyPath, row: dict[str, Any], hard: tuple[str, ...]) -> None:
    if not row.get("picture"):
        c.report(at, "a row without a picture", "give every row a picture on the left: add picture: and description:")
    elif not row.get("description"):
        c.report(at, "a picture without a description", "add description: saying what the picture shows, for a reader "
                 "who cannot see it")
    text = row.get("text")
    if not isinstance(text, str):
        return  # the schema reports it
    found = sentences(text)
    if len(found) > MOST_SENTENCES:
        c.report((*at, "text"), f"a row of {len(found)} sentences; an Easy Read row has one to {MOST_SENTENCES}",
                 "split it into two rows, each with its own picture")
    _text_problems(c, (*at, "text"), text, hard)


def _text_problems(c: Checker, at: KeyPath, text: str, hard: tuple[str, ...]) -> None:
    """A sentence too long, a word in capitals (but a hard word's own: GP, TENS), italics or underlining, a number
    written as a word."""
    for said in sentences(text):
        count = len(_WORD.findall(said))
        if count > MOST_WORDS:
            c.report(at, f"the sentence '{_short(said)}' has {count} words, more than {MOST_WORDS}",
                     "split it into shorter sentences, one idea each")
    styled = _STYLED.search(text)
    if styled:
        c.report(at, f"'{styled.group(0)}' is italic or underlined", "write the words plainly; use **bold** for a "
                 "word that matters")
    plain = markup.plain(text)
    capitals = next((word for word in _CAPITALS.findall(plain) if word not in hard), None)
    if capitals:
        c.report(at, f"'{capitals}' is written in capitals", "write it in lower case; a name in capitals (GP, TENS) "
                 "goes on explain_first, with a hard_word row saying what it is")
    number = next((word for word in _WORD.findall(plain) if word.casefold() in NUMBER_WORDS), None)
    if number:
        c.report(at, f"the number '{number}' is written as a word", "write numbers as digits: 2, not two")


def _hard_words(c: Checker, at: KeyPath, text: str, hard: tuple[str, ...], explained: set[str]) -> None:
    for word in hard:
        if word.casefold() not in explained and uses(text, word):
            c.report(at, f"uses '{word}' before the hard_word row that explains it",
                     f"move the hard_word row for '{word}' above this one")


def uses(text: str, word: str) -> bool:
    """Whether ``text`` uses ``word``, or its plural, as a word of its own."""
    return re.search(rf"(?<!\w){re.escape(word)}(?:s|es|e)?(?!\w)", markup.plain(text), re.IGNORECASE) is not None


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` (markup allowed), as a reader meets them."""
    return [found.strip() for found in _SENTENCE.findall(markup.plain(text)) if _WORD.search(found)]


def _short(said: str) -> str:
    return said if len(said) <= 60 else said[:57] + "…"
