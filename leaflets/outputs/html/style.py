"""The web page's style: the clear-print layout's type and colours, for any screen and for printing.

Sizes are relative (rem, em), so the page follows the reader's own text size
and zoom; it reflows to one column down to 320 CSS pixels with nothing wider
than the screen. The fonts are embedded, so the page looks the same offline.
"""

from __future__ import annotations

import base64
import string
from functools import cache


from ..fontfiles import WEIGHTS, face, font_file
from ..pdf.layouts import Layout, script_of

ALWAYS = string.printable
"""Characters every embedded face keeps, for text the browser makes itself (a printed link's address)."""


@cache
def characters(family: str) -> frozenset[str]:
    """The characters a family's regular face has."""
    import uharfbuzz as hb  # here, not at the top: a build that writes no web page never loads it

    return frozenset(map(chr, hb.Face(hb.Blob.from_file_path(font_file(family, WEIGHTS[0]))).unicodes))


def subset_face(family: str, weight: int, text: str) -> bytes:
    """One face cut down to the characters of ``text``: a page carries its fonts without their whole weight.

    Every layout feature is kept, not only HarfBuzz's default list, so the
    browser shapes the page as the full font would (an Arabic page's joining
    forms and ligatures among them).
    """
    import uharfbuzz as hb  # here, not at the top: a build that writes no web page never loads it

    font = hb.Face(face(family, weight))  # a variable font's static cut
    keep = hb.SubsetInput()
    keep.unicode_set.update(map(ord, text))
    keep.layout_feature_tag_set.clear()
    keep.layout_feature_tag_set.invert()  # every feature
    return hb.subset(font, keep).blob.data


def font_faces(family: str, text: str) -> str:
    """``@font-face`` rules carrying the family's regular and bold faces, cut to ``text``, inside the page."""
    rules = []
    for weight in WEIGHTS:
        data = base64.b64encode(subset_face(family, weight, text)).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
                     f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}')
    return "\n".join(rules)


def embedded_fonts(layout: Layout, text: str) -> str:
    """The main family for everything; for the characters it lacks, the layout's family for their script
    (Arabic) or else its fallback, each only if needed."""
    used = set(text) | set(ALWAYS)
    lacking = sorted(ch for ch in used if ch not in characters(layout.font) and not ch.isspace())
    by_family: dict[str, str] = {}
    for char in lacking:
        family = script_of(char, layout.script_fonts) or layout.fallback_font
        by_family[family] = by_family.get(family, "") + char
    return "\n".join([font_faces(layout.font, "".join(sorted(used))),
                      *(font_faces(family, chars) for family, chars in by_family.items())])


def families(layout: Layout) -> str:
    """The font stack: the main family, each script's, the fallback; the browser takes each glyph from the first that has it."""
    names = [layout.font, *(family for _, family in layout.script_fonts), layout.fallback_font]
    return ", ".join(f'"{name}"' for name in dict.fromkeys(names)) + ", sans-serif"


def rem(points: float) -> str:
    """A layout size in points as a share of the reader's default text (12 pt at 100%)."""
    return f"{points / 12:.4g}rem"


def stylesheet(layout: Layout, text: str) -> str:
    """The page's whole style sheet, from ``layout``'s fonts, sizes and colours; ``text`` is every character it shows."""
    c, sizes = layout.colours, layout.sizes
    callouts = "\n".join(
        f".callout.{kind} {{ border-color: {getattr(c, kind).border}; background: {getattr(c, kind).background}; }}"
        for kind in ("info", "important", "urgent"))
    return f"""{embedded_fonts(layout, text)}
html {{ font-size: 100%; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; color: {c.text}; background: #FFFFFF; font-family: {families(layout)};
  font-size: {rem(sizes.body)}; line-height: {layout.leading}; }}
header, main, footer {{ max-width: 40em; margin: 0 auto; padding: 0 1rem; }}
header {{ padding-top: 1rem; }}
.masthead {{ font-weight: 700; }}
h1, h2, h3 {{ color: {c.heading}; line-height: 1.25; }}
h1 {{ font-size: {rem(sizes.title)}; margin: 0.5em 0 0.25em; }}
h2 {{ font-size: {rem(sizes.heading)}; margin: 1.5em 0 0.4em; }}
h3 {{ font-size: {rem(sizes.subheading)}; margin: 1.25em 0 0.4em; }}
.subtitle {{ font-size: {rem(sizes.subtitle)}; font-weight: 700; margin-top: 0; }}
p, li, dd, dt {{ margin: 0 0 0.6em; }}
ul, ol {{ padding-inline-start: 1.5em; }}
a {{ color: {c.link}; text-decoration: underline; overflow-wrap: anywhere; }}
a:focus {{ outline: 3px solid {c.text}; outline-offset: 2px; background: #FFEB3B; color: {c.text}; }}
.notice {{ border: 3px solid {c.urgent.border}; background: {c.urgent.background}; padding: 0.5em 0.75em; font-weight: 700; }}
.callout {{ border: 2px solid; border-radius: 0.25em; padding: 0.75em 1em; margin: 1em 0; }}
.callout.urgent {{ border-width: 4px; }}
.callout > :last-child {{ margin-bottom: 0; }}
figure {{ margin: 1em 0; }}
figure img {{ display: block; max-width: 100%; height: auto; }}
figcaption {{ margin-top: 0.5em; }}
dt {{ font-weight: 700; }}
dd {{ margin-inline-start: 0; }}
.contacts ul {{ list-style: none; padding-inline-start: 0; }}
.write-lines {{ height: calc(var(--lines) * 2.2em); margin-bottom: 1em;
  background: repeating-linear-gradient(to bottom, transparent 0, transparent calc(2.2em - 1px), {c.text} calc(2.2em - 1px), {c.text} 2.2em); }}
footer {{ border-top: 2px solid {c.rule}; margin-top: 2em; padding-top: 0.5em; padding-bottom: 2em; }}
footer ul {{ list-style: none; padding: 0; margin: 0; }}
@media print {{
  @page {{ size: A4; margin: 18mm 20mm; }}
  body {{ font-size: {sizes.body:g}pt; }}
  header, main, footer {{ max-width: none; padding: 0; }}
  a {{ color: {c.text}; }}
  a[href^="http"]::after {{ content: " (" attr(href) ")"; }}
  .callout, figure, .contacts, dt {{ break-inside: avoid; }}
  h2, h3, dt {{ break-after: avoid; }}
}}
{callouts}
{rows(layout)}"""


def rows(layout: Layout) -> str:
    """An Easy Read layout's rows: the picture on the left at the layout's size, the words beside it; on a narrow
    screen the picture above its words, as large."""
    if layout.rows is None:
        return ""
    return f""".row {{ display: flex; align-items: flex-start; gap: {layout.rows.gap:.4g}pt; margin: 0 0 {layout.spacing.block:g}pt; }}
.row img {{ flex: none; width: {layout.rows.picture:.4g}pt; height: {layout.rows.picture:.4g}pt; }}
.row .words {{ flex: 1; min-width: 0; }}
@media (max-width: 36em) {{ .row {{ flex-direction: column; }} }}
@media print {{ .row {{ break-inside: avoid; }} }}
"""
