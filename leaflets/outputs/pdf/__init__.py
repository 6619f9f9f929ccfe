"""The PDF output: a tagged, stamped, verified PDF per print layout.

Typesetting (``typeset``, ``flowables``, ``figures``, ``markup``, ``fit``),
drawing and tagging (``render``, ``tagging``, ``stamp``, ``fonts``), reading
back (``verify``, ``conformance``) and booklet imposition (``impose``) live
here and nowhere else. Its variants are the layouts of ``layouts/``, and large
print re-flowed at each size a reader asks for.
"""

from __future__ import annotations

import contextlib
import importlib
from dataclasses import dataclass
from pathlib import Path

from ...document.words import plural
from ..base import PRINT_LABEL, PRINT_SUFFIX, Output, Rendition, Variant
from .layouts import Layout, chosen_layouts


@dataclass(frozen=True)
class PdfSpec:
    """What shapes a PDF's bytes beyond its edition."""

    layout: Layout
    even_pages: bool


@dataclass(frozen=True)
class PdfOutput(Output):
    name = "pdf"
    extension = ".pdf"

    layouts_dir: Path
    layouts: tuple[str, ...]
    sizes: tuple[int, ...]
    even_pages: bool

    @classmethod
    def configure(cls, settings) -> PdfOutput:
        chosen = settings.print
        return cls(settings.folders.layouts, chosen.layouts, chosen.sizes, chosen.even_pages)

    def variants(self) -> tuple[list[Variant], list[str]]:
        layouts, problems = chosen_layouts(self.layouts_dir, self.layouts, self.sizes)
        return [Variant(layout.name, (layout.name, *((layout.name + PRINT_SUFFIX,) if layout.imposed_on else ())),
                        layout.staff_label, PdfSpec(layout, self.even_pages), layout.bilingual, layout.rows is not None)
                for layout in layouts], problems

    def make(self, edition, variant: Variant) -> list[Rendition]:
        from .render import render
        from .stamp import Stamp
        from .verify import verify

        layout = variant.spec.layout
        stamp = Stamp.of(edition.stamp, edition.document.phrases, edition.notice)
        label = variant.label
        if variant.bilingual:
            from . import bilingual

            original = edition.original
            label += f" – {edition.document.phrases.english_name} and {original.phrases.english_name}"
            stamp = bilingual.both(stamp, Stamp.of(edition.stamp_in(original.phrases), original.phrases, edition.notice))
            rendered = bilingual.render(edition, layout, stamp)
            checked = verify(rendered.pdf, edition.document, layout, stamp, original)
        else:
            rendered = render(edition, layout, stamp, variant.spec.even_pages)
            checked = verify(rendered.pdf, edition.document, layout, stamp)
        edition.check_dates(list(checked.words), "PDF's text")
        edition.check_dates(" ".join(checked.about.values()), "PDF's document info and XMP", checked.about)
        made = [Rendition(variant.name, rendered.pdf, checked.pages, checked.smallest_size, checked.words,
                          label, plural(checked.pages, "page"))]
        if layout.imposed_on:
            from .impose import booklet_order, impose

            sheets = impose(rendered.pdf, layout.imposed_on, edition.document.phrases.texts["print_title"],
                            edition.document.direction == "rtl")
            sides = len(booklet_order(checked.pages))
            made.append(Rendition(variant.name + PRINT_SUFFIX, sheets, sides, checked.smallest_size, checked.words,
                                  label + PRINT_LABEL, f"{plural(sides, 'side')} to print"))
        return made

    def preload(self, work) -> None:
        from ...errors import RenderError
        from .fonts import register
        from .svg import read_svg
        from .typeset import script_family

        for stage in ("render", "verify"):  # ReportLab and pikepdf
            importlib.import_module(f".{stage}", __package__)
        for edition, variant in work:
            layout = variant.spec.layout
            register(layout.font, layout.fallback_font, script_family(edition.document, layout))
            for _, path in edition.document.figures:
                if path.suffix.lower() == ".svg":
                    with contextlib.suppress(RenderError):  # the leaflet's own job reports it, with its line
                        read_svg(path, layout.font)

    def recheck(self, output_dir: Path, ids: tuple[str, ...]) -> list[str]:
        from .conformance import check_folder  # pikepdf: only when there are PDFs to read

        return check_folder(output_dir, self.layouts_dir, ids)
