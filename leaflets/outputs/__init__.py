"""Stage 4, outputs: one format per module or subpackage, each behind :class:`~leaflets.outputs.base.Output`.

Receives an edition (a governed document) and one of the format's variants;
returns its verified files as bytes, with the words a reader of that format
gets back. ``FORMATS`` is the registry: adding a format is adding its module
and one line here.
"""

from __future__ import annotations

from .audio import AudioOutput
from .base import Output, Rendition, Variant
from .braille import BrailleOutput
from .html import HtmlOutput
from .pdf import PdfOutput
from .pef import PefOutput
from .text import TextOutput

FORMATS: dict[str, type[Output]] = {
    PdfOutput.name: PdfOutput,
    HtmlOutput.name: HtmlOutput,
    TextOutput.name: TextOutput,
    BrailleOutput.name: BrailleOutput,
    PefOutput.name: PefOutput,
    AudioOutput.name: AudioOutput,
}

__all__ = ["FORMATS", "Output", "Rendition", "Variant"]
