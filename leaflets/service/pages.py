"""The service's own words: the copy form on each catalogue entry, its answers when a copy cannot be made, its errors.

Every page goes through the one shell the catalogue and register use
(``publish.webpage``) with the catalogue's style, and every value in it through
``html.escape``. Links are relative (``root`` leads back to the top of the
library), so the service works behind a reverse proxy under any path.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ..publish.catalogue import STYLE
from ..publish.webpage import page

FORM_STYLE = """
.copy { margin-top: 1rem; }
.copy fieldset { border: 1px solid #4C6272; padding: .5rem .75rem; margin: 0; min-width: 0; }
.copy legend { font-weight: bold; padding: 0 .25rem; }
.copy label { display: block; margin-top: .5rem; }
.copy select, .copy input { font: inherit; padding: .25rem; border: 2px solid #4C6272; max-width: 100%; box-sizing: border-box; }
.copy button { display: block; font: inherit; font-weight: bold; margin-top: .75rem; padding: .4rem 1rem; color: #fff;
  background: #005EB8; border: 2px solid #003087; border-radius: .25rem; cursor: pointer; }
.copy select:focus, .copy input:focus, .copy button:focus { outline: 3px solid #000; outline-offset: 2px; }
.copy .hint { display: block; font-size: 1rem; }
main p, main li { overflow-wrap: anywhere; }
.problems { border: 4px double #000; background: #FDE8E6; padding: .5rem 1rem; margin: 1rem 0; }
.problems h2 { margin-top: .5rem; }
"""

PRINT = "PDF to print"
"""What the form calls the PDF format, whose copies are named by their layout and size once made."""


def format_words(name: str) -> str:
    """What staff call a format in the form: its own label ("Web page", "Braille (BRF)")."""
    from ..outputs import FORMATS

    return PRINT if name == "pdf" else FORMATS[name].label


@dataclass(frozen=True)
class Answer:
    """A page in words for a request that gets no file: its status, title, what happened and where to go instead."""

    status: int
    title: str
    paragraphs: tuple[str, ...]
    links: tuple[tuple[str, str], ...] = ()
    """(words, address relative to the top of the library, quoted: ``catalogue.href``)."""
    headers: tuple[tuple[str, str], ...] = ()


def shell(title: str, body: str) -> str:
    return page(title, STYLE + FORM_STYLE, body)


def answer_page(answer: Answer, root: str) -> str:
    """``answer`` as a page; ``root`` is the relative way back to the top of the library ("", "../")."""
    said = "\n".join(f"<p>{escape(paragraph)}</p>" for paragraph in answer.paragraphs)
    links = ""
    if answer.links:
        items = "".join(f'<li><a href="{escape(root + path or "./")}">{escape(words)}</a></li>' for words, path in answer.links)
        introduced = answer.paragraphs and answer.paragraphs[-1].endswith(":")  # "These are the copies …:"
        links = f"{'' if introduced else '<h2>Instead</h2>'}\n<ul>{items}</ul>"
    return shell(answer.title, f"""<header>
<p><a href="{escape(root or './')}">Patient leaflets</a> (the catalogue)</p>
</header>
<main>
<h1>{escape(answer.title)}</h1>
{said}
{links}
</main>""")


def copy_form(leaflet: dict, formats: tuple[str, ...], sizes: tuple[int, ...], sites: tuple[str, ...], site: str,
              action: str) -> str:
    """The form on a catalogue entry that asks for any copy of it: format, print size, site."""
    ident = escape(leaflet["id"])
    options = "".join(f'<option value="{escape(name)}">{escape(format_words(name))}</option>' for name in formats)
    places = "".join(f'<option value="{escape(name)}"{" selected" if name == site else ""}>{escape(name)}</option>'
                     for name in sites)
    low, high = (sizes[0], sizes[-1]) if sizes else (0, 0)
    size = (f'<label for="size-{ident}">Print size in points, {low} to {high}'
            f'<span class="hint">for large print; leave it empty for A4 clear print</span></label>'
            f'<input id="size-{ident}" name="size" type="number" min="{low}" max="{high}" step="1" inputmode="numeric">'
            if sizes else "")
    return (f'<form class="copy" action="{escape(action)}" method="get">'
            f'<fieldset><legend>Ask for a copy of {ident}</legend>'
            f'<input type="hidden" name="id" value="{ident}">'
            f'<label for="format-{ident}">Format</label><select id="format-{ident}" name="format">{options}</select>'
            f'{size}'
            f'<label for="site-{ident}">Contact details of the site</label><select id="site-{ident}" name="site">{places}</select>'
            f'<button type="submit">Get this copy</button></fieldset></form>')


def with_problems(register_page: str, problems: list[str]) -> str:
    """The register page with the content's problems at its top: the service still serves the last good content."""
    if not problems:
        return register_page
    items = "".join(f"<li>{escape(problem)}</li>" for problem in problems)
    notice = (f'<section class="problems" aria-labelledby="problems"><h2 id="problems">The content has problems</h2>'
              f"<p>A file in the content folder changed and cannot be read as it is now. Until it is put right, "
              f"the service keeps making copies from the content as it was when last read without problems.</p>"
              f"<ul>{items}</ul></section>")
    head, found, tail = register_page.partition("</h1>")
    return head + found + notice + tail if found else register_page
