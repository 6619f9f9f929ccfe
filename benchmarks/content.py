"""The benchmark's content: the project's resolved leaflets as plain data, and synthetic libraries.

The floor (ReportLab by hand) and the peer (WeasyPrint) must print exactly the
words the project prints, so both read one JSON export made here from the
project's own load, validate and resolve stages. Exporting before timing keeps
the project's parsing out of their figures: they are measured on drawing alone.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import fontpkg
from pypdf import PdfReader

from leaflets.document.resolve import resolve
from leaflets.document.words import callout_label, missing_word, words
from leaflets.governance.edition import Edition
from leaflets.governance.status import State
from leaflets.outputs.pdf.layouts import Layout, load_layout
from leaflets.source import markup, model
from leaflets.source.library import read_library
from leaflets.source.phrases import Phrases

ROOT = Path(__file__).resolve().parent.parent
LAYOUTS = ("a4", "large-print")

Spans = list[tuple[str, bool, str | None]]
"""Inline text as (words, bold, link address) runs, phone numbers and dates already unbreakable."""


def spans(text: str) -> Spans:
    return [(markup.keep_together(s.text), s.bold, s.href) for s in markup.parse(text)]


def para(style: str, text: str) -> dict[str, Any]:
    return {"kind": "para", "style": style, "text": spans(text)}


def items(block_items: tuple[str, ...], numbered: bool) -> dict[str, Any]:
    return {"kind": "list", "numbered": numbered, "items": [spans(item) for item in block_items]}


def block_items(block: model.Block, site: model.Site, phrases: Phrases) -> list[dict[str, Any]]:
    """One resolved block as the paragraphs, lists, boxes, figures and ruled lines the project draws for it."""
    if isinstance(block, model.Heading):
        return [para("H2" if block.level == 1 else "H3", block.text)]
    if isinstance(block, model.Paragraph):
        return [para("body", block.text)]
    if isinstance(block, (model.BulletList, model.Steps)):
        return [items(block.items, isinstance(block, model.Steps))]
    if isinstance(block, model.Callout):
        label = callout_label(block, phrases)
        inside = [para("strong", f"{label}: {block.title}" if block.title else label)]
        if block.text:
            inside.append(para("body", block.text))
        if block.items:
            inside.append(items(block.items, False))
        return [{"kind": "box", "callout": block.kind.value, "items": inside}]
    if isinstance(block, model.Figure):
        caption = para("caption", block.caption) if block.caption else None
        return [{"kind": "figure", "file": block.file, "alt": block.alt, "caption": caption}]
    if isinstance(block, model.Contacts):
        lines = [f"**{site.department}**"] + [
            f"{phone.label}: **{phone.number}**" + (f" ({phone.hours})" if phone.hours else "") for phone in site.phones]
        return [para("item", line) for line in (*lines, ", ".join(site.address))] + [para("body", phrases.say("website", address=f"[{site.web}]({site.web})"))]
    if isinstance(block, model.WriteIn):
        return [para("strong", block.label), {"kind": "lines", "count": block.lines}]
    if isinstance(block, model.Questions):
        return [para(style, text) for pair in block.pairs for style, text in (("strong", pair.question), ("body", pair.answer))]
    raise TypeError(f"no export for {type(block).__name__}")


def layout_data(layout: Layout) -> dict[str, Any]:
    """A layout's measurements, and the font files its family name stands for."""
    return {
        "name": layout.name, "page_size": layout.page_size, "margins": vars(layout.margins),
        "footer_from_bottom": layout.footer_from_bottom, "sizes": vars(layout.sizes), "leading": layout.leading,
        "spacing": vars(layout.spacing),
        "colours": {name: value if isinstance(value, str) else vars(value) for name, value in vars(layout.colours).items()},
        "fonts": {"regular": str(fontpkg.path(layout.font, 400)), "bold": str(fontpkg.path(layout.font, 700))},
    }


def export(content_dir: Path, layouts_dir: Path = ROOT / "layouts") -> dict[str, Any]:
    """Every leaflet of ``content_dir`` as the project resolves it, with the layouts to print it in."""
    library = read_library(content_dir)
    if library.problems or library.site is None:
        raise ValueError("the content has problems; run make_leaflets.py --check:\n" + "\n".join(library.problems))
    leaflets = []
    for leaflet in library.leaflets:
        document = resolve(leaflet, library)
        site = document.site
        head = [para("title", leaflet.title)]
        if leaflet.subtitle:
            head.append(para("subtitle", leaflet.subtitle))
        head.append(para("masthead", f"{site.organisation} \u2013 {site.department}"))
        body = [item for block in document.blocks for item in block_items(block, site, document.phrases)]
        leaflets.append({"id": leaflet.id, "title": leaflet.title, "language": leaflet.language,
                         "footer": list(Edition(document, State.CURRENT, None).stamp), "head": head, "body": body,
                         "words": list(document.words)})
    return {"content_dir": str(content_dir.resolve()), "leaflets": leaflets,
            "layouts": [layout_data(load_layout(layouts_dir / f"{name}.yaml")) for name in LAYOUTS]}


def write_export(content_dir: Path, target: Path) -> Path:
    target.write_text(json.dumps(export(content_dir)), encoding="utf-8")
    return target


def wrong_words(export: dict[str, Any], folder: Path) -> list[str]:
    """Each PDF printed from ``export`` into ``folder`` whose text lacks a word of the content, or its footer.

    The comparison is only fair if every contender prints the same words.
    """
    problems = []
    for layout in export["layouts"]:
        for leaflet in export["leaflets"]:
            path = folder / f"{leaflet['id']}-{layout['name']}.pdf"
            pages = [page.extract_text().replace(markup.NO_BREAK_SPACE, " ") for page in PdfReader(path).pages]
            gap = missing_word(leaflet["words"], [word for text in pages for word in words(text)])
            if gap:
                problems.append(f"{path.name}: word {gap[0] + 1}, '{gap[1]}', missing or out of order")
            for number, text in enumerate(pages, start=1):
                flat = " ".join(text.split())
                lacking = [item for item in (*leaflet["footer"], f"Page {number} of {len(pages)}") if item not in flat]
                if lacking:
                    problems.append(f"{path.name}: page {number} lacks its footer {lacking}")
    return problems


def english_library(source: Path, target: Path) -> Path:
    """``source`` without its translations and Easy Read editions: the floor prints in one font with no fallback,
    and no rows, so the comparison is made on the leaflets it can print (the English ones in paragraphs)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("translations", "easy-read"))
    return target


def synthetic_library(source: Path, target: Path, count: int) -> Path:
    """``count`` valid leaflets made from the real ones in ``source``: each a copy with its own reference.

    Shared blocks, figures, the site and the settings are copied as they are, so
    every synthetic leaflet resolves exactly like the real one it copies.
    """
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("leaflets", "translations", "easy-read"))
    (target / "leaflets").mkdir()
    originals = [path.read_text(encoding="utf-8") for path in sorted((source / "leaflets").glob("*.yaml"))]
    for number in range(1, count + 1):
        text = originals[(number - 1) % len(originals)]
        text, found = re.subn(r"^id: .*$", f"id: SYN-{number:04d}", text, count=1, flags=re.MULTILINE)
        if not found:
            raise ValueError("a source leaflet has no top-level 'id:' line")
        (target / "leaflets" / f"syn-{number:04d}.yaml").write_text(text, encoding="utf-8")
    return target


LONG_ID = "LONG-001"
"""The leaflet :func:`long_paragraph_library` adds."""


def long_paragraph_library(source: Path, target: Path, kilobytes: int) -> Path:
    """``source``'s English leaflets and one more whose body is a single paragraph of ``kilobytes`` KB.

    Bad input as it happens: a whole document pasted into one paragraph. The
    paragraph repeats the words of the managing-pain leaflet's paragraphs, so
    it reads (and wraps) like real text.
    """
    english_library(source, target)
    leaflet = (target / "leaflets" / "managing-pain.yaml").read_text(encoding="utf-8")
    head, blocks = leaflet.split("\nblocks:\n", 1)
    found = [block.text for block in _blocks(target, "PAIN-OST-002") if isinstance(block, model.Paragraph)]
    sentences = " ".join(markup.plain(text) for text in found)
    paragraph = (sentences + " ") * (kilobytes * 1024 // (len(sentences) + 1) + 1)
    paragraph = paragraph[: kilobytes * 1024].rsplit(" ", 1)[0]
    head = re.sub(r"^id: .*$", f"id: {LONG_ID}", head, count=1, flags=re.MULTILINE)
    (target / "leaflets" / "long-paragraph.yaml").write_text(
        f"{head}\nblocks:\n  - paragraph: {json.dumps(paragraph, ensure_ascii=False)}\n", encoding="utf-8")
    return target


def _blocks(content: Path, leaflet_id: str) -> tuple[model.Block, ...]:
    """The blocks an author wrote in one leaflet of the library at ``content``."""
    return next(leaflet for leaflet in read_library(content).leaflets if leaflet.id == leaflet_id).blocks
