"""The peer: the same leaflets as HTML and CSS, printed by WeasyPrint.

What a team would reach for instead of this project: one HTML page per leaflet
and layout, the layout's sizes as CSS, the same font files through @font-face,
the footer in CSS page-margin boxes.

    python benchmarks/peer.py EXPORT.json OUTPUT_DIR

EXPORT.json comes from benchmarks/content.py. Prints one JSON line: pdfs, pages.
"""

from __future__ import annotations

import json
import sys
from html import escape
from pathlib import Path
from typing import Any

from weasyprint import HTML

POINTS_PER_MM = 72 / 25.4


def inline(spans: list) -> str:
    out = []
    for text, bold, href in spans:
        words = escape(text)
        out.append(f"<b>{words}</b>" if bold else f'<a href="{escape(href)}">{words}</a>' if href else words)
    return "".join(out)


TAGS = {"title": "h1", "H2": "h2", "H3": "h3"}


def html_item(item: dict[str, Any]) -> str:
    kind = item["kind"]
    if kind == "para":
        tag = TAGS.get(item["style"], "p")
        return f'<{tag} class="{item["style"]}">{inline(item["text"])}</{tag}>'
    if kind == "list":
        tag = "ol" if item["numbered"] else "ul"
        return f"<{tag}>" + "".join(f"<li>{inline(text)}</li>" for text in item["items"]) + f"</{tag}>"
    if kind == "box":
        return f'<div class="box {item["callout"]}">' + "".join(map(html_item, item["items"])) + "</div>"
    if kind == "figure":
        caption = f"<figcaption>{inline(item['caption']['text'])}</figcaption>" if item["caption"] else ""
        return f'<figure><img src="{escape(item["file"])}" alt="{escape(item["alt"])}">{caption}</figure>'
    if kind == "lines":
        return '<div class="lines">' + "<hr>" * item["count"] + "</div>"
    raise ValueError(f"unknown item {kind}")


def css(layout: dict[str, Any], footer: list[str]) -> str:
    """The layout's measurements as a style sheet; every length in points, as in the layout file."""
    s, sp, c, m = layout["sizes"], layout["spacing"], layout["colours"], layout["margins"]
    lead = layout["leading"]
    width, height = layout["page_size"]
    stamp = "   ".join(footer).replace('"', '\\"')
    boxes = "".join(f".{kind} {{ background: {c[kind]['background']}; border: {3 if kind == 'urgent' else 1.5}pt solid {c[kind]['border']}; }}"
                    for kind in ("info", "important", "urgent"))
    return f"""
@font-face {{ font-family: Leaflet; font-weight: 400; src: url("file://{layout['fonts']['regular']}"); }}
@font-face {{ font-family: Leaflet; font-weight: 700; src: url("file://{layout['fonts']['bold']}"); }}
@page {{
  size: {width}pt {height}pt; margin: {m['top']}pt {m['right']}pt {m['bottom']}pt {m['left']}pt;
  @bottom-left {{ content: "{stamp}"; font: {s['small']}pt/{lead} Leaflet; color: {c['text']};
                  vertical-align: bottom; padding-bottom: {layout['footer_from_bottom']}pt;
                  border-top: 1pt solid {c['rule']}; white-space: pre-wrap; width: 75%; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: {s['small']}pt/{lead} Leaflet;
                   vertical-align: bottom; padding-bottom: {layout['footer_from_bottom']}pt; border-top: 1pt solid {c['rule']}; }}
}}
body {{ font-family: Leaflet; font-size: {s['body']}pt; line-height: {lead}; color: {c['text']}; margin: 0; }}
p {{ margin: 0 0 {sp['paragraph']}pt; }}
.masthead {{ font-weight: 700; margin-bottom: {sp['after_heading']}pt; }}
h1 {{ font-size: {s['title']}pt; color: {c['heading']}; margin: 0 0 {sp['after_heading']}pt; }}
.subtitle {{ font-size: {s['subtitle']}pt; font-weight: 700; margin-bottom: {sp['after_heading']}pt; }}
hr.title {{ border: 0; border-top: 2pt solid {c['rule']}; margin: 0 0 {2 * sp['block']}pt; }}
h2, h3 {{ color: {c['heading']}; margin: {sp['before_heading']}pt 0 {sp['after_heading']}pt; break-after: avoid; }}
h2 {{ font-size: {s['heading']}pt; }}
h3 {{ font-size: {s['subheading']}pt; }}
.strong {{ font-weight: 700; margin-bottom: {sp['list_item']}pt; }}
.item {{ margin-bottom: {sp['list_item']}pt; }}
ul, ol {{ margin: 0 0 {sp['block']}pt; padding-left: {s['body'] * 1.4}pt; break-inside: avoid; }}
li {{ margin-bottom: {sp['list_item']}pt; }}
a {{ color: {c['link']}; text-decoration: none; }}
.box {{ padding: {sp['callout_padding']}pt; margin-bottom: {sp['block']}pt; break-inside: avoid; }}
.box ul {{ margin-bottom: 0; }}
{boxes}
figure {{ margin: 0 0 {sp['block']}pt; break-inside: avoid; }}
figure img {{ width: 100%; max-height: {0.6 * (height - m['top'] - m['bottom'])}pt; object-fit: contain; }}
figcaption {{ font-size: {s['small']}pt; }}
.lines {{ margin-bottom: {sp['block']}pt; }}
.lines hr {{ border: 0; border-bottom: 0.75pt solid {c['text']}; margin: 0; height: {sp['write_in_line'] - 0.75}pt; }}
"""


def page(leaflet: dict[str, Any], layout: dict[str, Any]) -> str:
    head = "".join(map(html_item, leaflet["head"]))
    body = "".join(map(html_item, leaflet["body"]))
    return (f'<!DOCTYPE html><html lang="{leaflet["language"]}"><head><meta charset="utf-8"><title>{escape(leaflet["title"])}</title>'
            f"<style>{css(layout, leaflet['footer'])}</style></head><body>{head}<hr class=\"title\">{body}</body></html>")


def print_library(export: dict[str, Any], output: Path) -> dict[str, int]:
    output.mkdir(parents=True, exist_ok=True)
    base = Path(export["content_dir"]).as_uri() + "/"
    pdfs = pages = 0
    for layout in export["layouts"]:
        for leaflet in export["leaflets"]:
            document = HTML(string=page(leaflet, layout), base_url=base).render()
            document.write_pdf(output / f"{leaflet['id']}-{layout['name']}.pdf")
            pdfs, pages = pdfs + 1, pages + len(document.pages)
    return {"pdfs": pdfs, "pages": pages}


if __name__ == "__main__":
    source, target = sys.argv[1:3]
    print(json.dumps(print_library(json.loads(Path(source).read_text(encoding="utf-8")), Path(target))))
