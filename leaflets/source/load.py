"""Read a YAML file into plain values, remembering each node's line.

Validation needs the line of every value to report ``path:line`` problems, which
``yaml.safe_load`` throws away. So the file is composed with PyYAML's safe loader
and walked here, building plain Python values and a line map side by side.
Anything a leaflet never needs and an attacker could abuse (aliases, custom tags,
huge or non-UTF-8 files) is refused with a message instead of a traceback.

Every text is read in Unicode's composed form (NFC): "e" followed by a
combining acute, as a Mac, a PDF or a web form may paste it, becomes "é", so
text prints, extracts, reads in Braille and is spoken the same however it was
typed. A letter whose marks have no composed form keeps them (``fonts``
sets such a letter with its marks placed on it).

libyaml reads a file's events ten times faster than PyYAML's pure-Python
scanner, and PyYAML's composer turns them into nodes (libyaml's own composer
recurses in C, and deep nesting crashes it). Whatever that fast path finds
wrong, or is unsure PyYAML would read the same way, the pure-Python loader
reads again: it decides what is refused, and says why, as it always has.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from ..errors import ContentError, Problem

MAX_FILE_BYTES = 1_000_000
"""Far above any real leaflet; refusing larger files keeps memory bounded."""

KeyPath = tuple[str | int, ...]

SYNTAX_HINT = ("check the indentation on this line, and put text that holds ': ', '?', ',', '#', '[' or '{' "
               'in quotes, for example answer: "Yes, usually." - or write one key per line')
"""What most often breaks a leaflet's YAML: a colon, question mark or comma inside unquoted text."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}


@dataclass
class Source:
    """A loaded YAML file: its values and the line each value came from."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, at: KeyPath) -> int:
        """The line of the value at ``at``, or of its nearest parent that has one."""
        while at not in self.lines and at:
            at = at[:-1]
        return self.lines.get(at, 1)


class _Refused(Exception):
    """A construct this loader will not accept, at a place in the file."""

    def __init__(self, mark: yaml.Mark, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = mark.line + 1, message, hint


class _Loader(yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, refusing aliases so alias bombs cannot expand.

    The reference for what a file says, and for what is wrong with one.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise _Refused(self.peek_event().start_mark, "aliases (*name) are not allowed", "write the value out in full")
        return super().compose_node(parent, index)


class _Unsure(Exception):
    """Something libyaml may read otherwise than PyYAML: the pure-Python loader reads the file instead."""


_BOM = b"\xef\xbb\xbf"
_BLOCK_COMMENT = re.compile(rb"[|>][-+0-9]{0,2}#")
"""A comment straight after a block scalar's indicators, which PyYAML refuses and libyaml takes."""


if yaml.__with_libyaml__:
    from yaml.cyaml import CParser

    class _FastLoader(Composer, CParser, SafeConstructor, Resolver):
        """PyYAML's composer over libyaml's events (``Composer`` first, so ``CParser``'s own composer is not used).

        Where the two read a file differently, as reading random snippets both
        ways found, it is :class:`_Unsure`: a tab (PyYAML refuses it in many
        places libyaml takes it as a space), a byte order mark after the start
        (libyaml skips it, PyYAML reads it as text), a comment straight after a
        block scalar's indicators, and the nodes :func:`_unsure` names.
        """

        def __init__(self, data: bytes) -> None:
            data = data.removeprefix(_BOM)
            if b"\t" in data or _BOM in data or _BLOCK_COMMENT.search(data):
                raise _Unsure
            CParser.__init__(self, data)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

        def compose_node(self, parent: Any, index: Any) -> Any:
            if _unsure(self.peek_event(), parent):
                raise _Unsure
            return super().compose_node(parent, index)
else:  # a PyYAML built without libyaml: the same files are read, only slower
    _FastLoader = None


def _unsure(event: yaml.Event, parent: yaml.Node | None) -> bool:
    """Whether PyYAML may read this node otherwise: an alias (refused there, at its line) or a tag; an empty
    document, whose line it counts otherwise; a '?' in plain text inside [ ] or { }, which it refuses."""
    if isinstance(event, yaml.AliasEvent) or getattr(event, "tag", None) is not None:
        return True
    if not isinstance(event, yaml.ScalarEvent) or event.style:  # libyaml's plain style is ""
        return False
    return not event.value if parent is None else bool(parent.flow_style) and "?" in event.value


def load_yaml(path: Path, shown_as: Path | None = None) -> Source:
    """Read and parse ``path``; raise :class:`ContentError` with located problems.

    ``shown_as`` is the path used in messages (usually relative to the working
    folder), so reports stay short and clickable.
    """
    name = shown_as or path
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _fail(name, 1, f"file is larger than {MAX_FILE_BYTES:,} bytes", "split it up")
        raw = path.read_bytes()
    except OSError as error:
        raise _fail(name, 1, f"cannot read file: {error.strerror}", "check it exists and is readable")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise _fail(name, line, "file is not UTF-8 text", "save it from your editor as UTF-8")
    if _FastLoader is not None:
        try:
            return _fast(raw, name)
        except (_Unsure, _Refused, yaml.YAMLError, RecursionError):
            pass  # the reference loader below reads it, or says what is wrong
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:  # raised at once for a control character anywhere in the file
        line = text[: error.position].count("\n") + 1
        raise _fail(name, line, f"the character U+{error.character:04X} is not allowed in a YAML file",
                    "delete it; it is invisible in most editors") from None
    try:
        return _source(loader, name)
    except _Refused as refused:
        raise _fail(name, refused.line, refused.message, refused.hint)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        message = error.problem or "not valid YAML"
        raise _fail(name, line, message, SYNTAX_HINT)
    except yaml.YAMLError as error:
        raise _fail(name, 1, f"not valid YAML: {error}", "check the file's structure")
    except RecursionError:
        raise _fail(name, 1, "values are nested too deeply", "flatten the structure")
    finally:
        loader.dispose()


def _fast(raw: bytes, name: Path) -> Source:
    """The file read through libyaml; any problem, or :class:`_Unsure`, is raised for the reference loader to read it again."""
    loader = _FastLoader(raw)
    try:
        return _source(loader, name)
    finally:
        loader.dispose()


def _source(loader: Any, name: Path) -> Source:
    """The file ``loader`` reads, as values and their lines."""
    node = loader.get_single_node()
    source = Source(name, None)
    source.data = _value(loader, node, (), source) if node is not None else None
    return source


def _value(loader: Any, node: yaml.Node, at: KeyPath, source: Source) -> Any:
    source.lines[at] = node.start_mark.line + 1
    if node.tag not in _STANDARD_TAGS:
        raise _Refused(node.start_mark, f"the tag {node.tag!r} is not allowed", "remove it")
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                raise _Refused(key_node.start_mark, "keys must be plain words", "see the author guide in README.md")
            key = composed(key_node.value)
            if key in result:
                raise _Refused(key_node.start_mark, f"the key {key!r} appears twice", "keep one of them")
            result[key] = _value(loader, value_node, (*at, key), source)
            source.lines[(*at, key)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_value(loader, item, (*at, i), source) for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
    except ValueError:  # a date no calendar has (2027-02-30); PyYAML's timestamp parser raises it
        raise _Refused(node.start_mark, f"{node.value!r} is not a real date",
                       "check the day and the month, written as YYYY-MM-DD") from None
    return composed(value) if isinstance(value, str) else value


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC); the check alone is all most text costs."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _fail(path: Path, line: int, message: str, hint: str) -> ContentError:
    return ContentError([Problem(path, line, message, hint)])
