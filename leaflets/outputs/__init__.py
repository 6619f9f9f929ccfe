"""Stage 4, outputs: one format per module or subpackage, each behind :class:`~leaflets.outputs.base.Output`.

Receives an edition (a governed document) and one of the format's variants;
returns its verified files as bytes, with the words a reader of that format
gets back. ``FORMATS`` is the registry: adding a format is adding its module
and one line here.
"""

from __future__ import annotations

import importlib
from typing import Iterator, MutableMapping

from .base import Output, Rendition, Variant


class Registry(MutableMapping[str, type[Output]]):
    """The formats by name, each format's module imported the first time its class is asked for.

    A build then imports only the formats it makes, and naming them imports none.
    """

    def __init__(self, places: dict[str, str]) -> None:
        self._classes: dict[str, str | type[Output]] = dict(places)
        """A class, or where it is still to be found: ``module:Class``, the module relative to this package."""

    def __getitem__(self, name: str) -> type[Output]:
        found = self._classes[name]
        if isinstance(found, str):
            module, _, cls = found.partition(":")
            found = self._classes[name] = getattr(importlib.import_module(module, __name__), cls)
        return found

    def __setitem__(self, name: str, output: type[Output]) -> None:
        self._classes[name] = output

    def __delitem__(self, name: str) -> None:
        del self._classes[name]

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def __iter__(self) -> Iterator[str]:
        return iter(self._classes)

    def __len__(self) -> int:
        return len(self._classes)


FORMATS: MutableMapping[str, type[Output]] = Registry({
    "pdf": ".pdf:PdfOutput",
    "html": ".html:HtmlOutput",
    "text": ".text:TextOutput",
    "braille": ".braille:BrailleOutput",
    "pef": ".pef:PefOutput",
    "audio": ".audio:AudioOutput",
    "epub": ".epub:EpubOutput",
})

__all__ = ["FORMATS", "Output", "Rendition", "Variant"]
