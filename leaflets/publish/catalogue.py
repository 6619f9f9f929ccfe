"""The catalogue: ``output/index.html``, the page clinic staff open to find and print a leaflet.

It is one self-contained HTML file: relative links, no outside fonts, scripts
or images, so it works from a shared drive with no internet. It is plain
semantic HTML (tables with a caption and header cells, real links, a visible
focus ring) so it reads at 200% zoom, with a keyboard and with a screen reader;
on a narrow screen each leaflet's row stacks into a card. A find box, made by a
small script inside the page, narrows the lists as staff type; without scripts
the box stays hidden and the whole of each list is there.

The leaflets staff may give to patients come first. Drafts, overdue and
out-of-date copies and withdrawn leaflets follow in a list of their own, under
a heading that says in words they are not for patients, with their files
still linked for reviewers. Each file is named as staff ask for it ("A4 clear
print", "Large print 24 pt", "Web page"), by the ``label`` its format gave it.

It is made from the build's register (``manifest.json``), a dict shaped like::

    {"generator": {"name": "leaflets", "version": "...", ...},
     "today": "YYYY-MM-DD",
     "leaflets": [{"id", "title", "version", "status", "owner", "approval_date" (empty for a draft),
                   "draft_date", "in_use" (a draft's), "review_date", "days_to_review",
                   "state": "current" | "due for review" | "overdue" | "draft" | "withdrawn",
                   "files": [{"format", "layout", "path" (relative to the output folder, POSIX),
                              "pages", "bytes", "sha256", "label", "extent"}]}]}

Packs are not in the manifest: every PDF in ``output/packs/`` is listed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from html import escape
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from ..atomic import write_atomic
from ..document.words import format_date, plural
from ..outputs import FORMATS
from .register import MANIFEST, dated, edition_of, in_use_text
from .webpage import page


STATES = {
    # state: (badge words, what staff should do, may it be given to patients?)
    "current": ("Current", "Approved and in date.", True),
    "due for review": ("Due for review", "Approved and in date; its review should start now.", True),
    "overdue": ("Overdue", "Past its review date: check with the owner before giving it out.", False),
    "draft": ("Draft", "Not approved for use with patients.", False),
    "withdrawn": ("Withdrawn", "No longer in use: do not give it out.", False),
    "out of date": ("Out of date", "A translation of an earlier version of its leaflet: do not give it out "
                                   "until the translation is updated.", False),
}
"""Each state in words, never by colour alone (STANDARDS.md §3), and whether it is listed with the leaflets for
patients or apart from them, where reviewers still reach its files (a withdrawn leaflet's are archived)."""

Offer = Callable[[dict], str]
"""More for a leaflet's entry that may be handed out (the service's form asking for any copy of it), as markup."""


NOT_MADE_ON_REQUEST = ("withdrawn", "out of date")
"""States of which no copy is made on request (the service answers 410 with what to use instead)."""

NOT_FOR_PATIENTS = "Not for patients: drafts and out-of-date copies"
"""The heading of the leaflets listed apart: said in words, first, so no one takes one for a handout."""

STYLE = """
:root { color: #000; background: #fff; font-family: Arial, Helvetica, sans-serif; font-size: 100%; line-height: 1.5; }
body { margin: 0 auto; padding: 1rem; max-width: 80rem; }
h1 { color: #005EB8; font-size: 2rem; margin: 0 0 .5rem; }
h2 { color: #005EB8; font-size: 1.5rem; margin: 2rem 0 .5rem; }
p, li, td, th, caption { font-size: 1.125rem; }
a { color: #003087; text-decoration: underline; }
a:focus, a:hover { outline: 3px solid #000; outline-offset: 2px; background: #FFEB3B; color: #000; }
.skip { position: absolute; left: -999rem; }
.skip:focus { position: static; display: inline-block; margin-bottom: 1rem; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: bold; padding: .5rem 0; }
th, td { border: 1px solid #4C6272; padding: .5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.reference { display: block; font-weight: normal; }
.date { white-space: nowrap; }
thead th { background: #E8EDEE; }
thead th:nth-child(1) { width: 36%; }
thead th:nth-child(2) { width: 14%; }
thead th:nth-child(3) { width: 16%; }
ul { margin: 0; padding-left: 1.25rem; }
.badge { display: inline-block; border: 2px solid #000; border-radius: .25rem; padding: 0 .4rem; font-weight: bold; white-space: nowrap; }
.badge.current { background: #E3F1E6; }
.badge.due-for-review { background: #FFF4CC; }
.badge.overdue, .badge.withdrawn, .badge.out-of-date { background: #FDE8E6; border-style: double; border-width: 4px; }
.badge.draft { background: #F0F0F0; border-style: dashed; }
.note { display: block; }
[hidden] { display: none !important; }
.find { margin: 1rem 0; }
.find label { display: block; font-weight: bold; }
.find input { font: inherit; padding: .25rem .5rem; border: 2px solid #4C6272; width: 100%; max-width: 30rem; box-sizing: border-box; }
.find input:focus { outline: 3px solid #000; outline-offset: 2px; }
@media (max-width: 48em) {
  table, caption, tbody, tr, th, td { display: block; }
  thead tr { position: absolute; left: -999rem; }
  tr { border: 1px solid #4C6272; margin-bottom: 1rem; }
  th, td { border: none; }
  td::before { content: attr(data-label); display: block; font-weight: bold; }
}
@media print { .skip, .find { display: none; } a { color: #000; } }
"""

FIND = """(function () {
  var form = document.querySelector(".find"), box = document.getElementById("find");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-find]"));
  var said = document.getElementById("found");
  function narrow() {
    var words = box.value.toLowerCase().split(/\\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var match = words.every(function (word) { return row.getAttribute("data-find").indexOf(word) >= 0; });
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    said.textContent = words.length ? shown + " of " + rows.length + " leaflets shown" : "";
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  box.addEventListener("input", narrow);
  var asked = /^#find=(.*)$/.exec(location.hash);
  if (asked) { box.value = decodeURIComponent(asked[1]); narrow(); }
})();"""
"""Narrows both lists to rows whose title, reference or version hold every word typed (or given as ``#find=…``)."""


def size_text(size: int) -> str:
    """File sizes as people read them: 70 KB, 1.2 MB."""
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"


def href(path: str) -> str:
    """A relative link to a file inside the output folder; the path is POSIX in the manifest."""
    return "/".join(quote(part) for part in path.split("/"))


def _file_item(file: dict) -> str:
    """One file as a list item: what staff call it, how long and how large; its file name is in its link."""
    details = ", ".join((file["extent"], size_text(file["bytes"])))
    return f'<li><a href="{escape(href(file["path"]))}">{escape(file["label"])}</a> ({escape(details)})</li>'


def _review(leaflet: dict) -> str:
    day = format_date(dt.date.fromisoformat(leaflet["review_date"]))
    days = leaflet["days_to_review"]
    when = f"in {plural(days, 'day')}" if days >= 0 else f"{plural(-days, 'day')} ago"
    return f'<span class="date">{escape(day)}</span> <span class="note">({when})</span>'


def shown_order(entry: dict) -> tuple[int, str]:
    """Print first, then the other formats in the order they are registered; a booklet's print file after it."""
    names = list(FORMATS)
    return (names.index(entry["format"]) if entry["format"] in names else len(names), entry["layout"])


def _title(leaflet: dict) -> str:
    """The title, marked with its language when it is a translation's, so a screen reader says it in that voice."""
    title = escape(leaflet["title"])
    return f'<span lang="{escape(leaflet["language"])}">{title}</span>' if leaflet.get("language") else title


def _follows(leaflet: dict) -> str:
    found = edition_of(leaflet)
    return f'; {found[0].words} {escape(found[1]["id"])} version {escape(found[1]["version"])}' if found else ""


def _leaflet_row(leaflet: dict, offer: Offer | None) -> str:
    words, advice, _ = STATES[leaflet["state"]]
    badge = f'<span class="badge {leaflet["state"].replace(" ", "-")}">{words}</span><span class="note">{advice}</span>'
    if not leaflet.get("approval_date"):  # a draft is dated as its copies date it, and names the version in use
        badge += f'<span class="note">{escape(". ".join(filter(None, (dated(leaflet), in_use_text(leaflet)))))}.</span>'
    problem = leaflet.get("problem")
    if problem:
        since = format_date(dt.date.fromisoformat(problem["since"]))
        badge += (f'<strong class="note problem">{escape(problem["what"].capitalize())} since {escape(since)}: '
                  "last good version still shown.</strong>")
    if leaflet["state"] != "withdrawn" and leaflet["files"]:
        ordered = sorted(leaflet["files"], key=shown_order)
        files = "<ul>" + "".join(_file_item(f) for f in ordered) + "</ul>"
    else:
        files = "Not available." if leaflet["state"] == "withdrawn" else "None to print."
    if offer is not None and leaflet["state"] not in NOT_MADE_ON_REQUEST:
        files = (files if leaflet["files"] else "No copy made yet: ask for one here.") + offer(leaflet)
    find = " ".join((leaflet["title"], leaflet["id"], f"version {leaflet['version']}")).lower()
    return (f'<tr data-find="{escape(find)}">'
            f'<th scope="row">{_title(leaflet)}'
            f'<span class="reference">{escape(leaflet["id"])}, version {escape(leaflet["version"])}{_follows(leaflet)}</span>'
            f'<a class="reference" href="{escape(href(leaflet["id"]))}/history.html">Version history</a></th>'
            f'<td data-label="Review due">{_review(leaflet)}</td>'
            f'<td data-label="Status">{badge}</td>'
            f'<td data-label="Files">{files}</td>'
            "</tr>")


def _leaflet_table(leaflets: list[dict], which: str, offer: Offer | None) -> str:
    rows = "\n".join(_leaflet_row(leaflet, offer) for leaflet in leaflets)
    return f"""<table>
<caption>{plural(len(leaflets), 'leaflet')} {which}, with their files</caption>
<thead><tr><th scope="col">Leaflet, reference and version</th><th scope="col">Review due</th>
<th scope="col">Status</th><th scope="col">Files</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>"""


def _apart_note(apart: list[dict]) -> str:
    return f'; the others are listed apart, under <a href="#not-for-patients">{NOT_FOR_PATIENTS}</a>' if apart else ""


def _not_for_patients(apart: list[dict], offer: Offer | None) -> str:
    """The leaflets no one should hand out, apart and headed so, with their files for reviewers; nothing if none."""
    if not apart:
        return ""
    return f"""<h2 id="not-for-patients">{NOT_FOR_PATIENTS}</h2>
<p>For reviewers and each leaflet's owner. Do not give these to patients: a draft is not approved, an overdue
leaflet is past its review date, an out-of-date translation follows an earlier version of its leaflet, and a
withdrawn leaflet is no longer in use. The <a href="register.html">leaflet register</a> lists them too.</p>
{_leaflet_table(apart, "not to give to patients", offer)}"""


def packs(output_dir: Path, labels: dict[str, str]) -> list[dict]:
    """Every pack in ``output/packs/``, described like a manifest file entry and named as staff ask for it, in that order.

    ``labels`` is what staff call each layout, by name, as the register's PDFs
    record it; a pack is ``<name>-<layout>.pdf``.
    """
    paths = sorted((output_dir / "packs").glob("*.pdf"))
    if not paths:
        return []
    import pikepdf  # only when there are packs to count

    found = []
    for path in paths:
        data = path.read_bytes()
        with pikepdf.open(path) as pdf:
            pages = len(pdf.pages)
        found.append({"format": "pdf", "layout": path.stem, "path": path.relative_to(output_dir).as_posix(),
                      "pages": pages, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                      "label": pack_label(path.stem, labels), "extent": plural(pages, "page")})
    return sorted(found, key=lambda pack: pack["label"])  # by name as staff read it: 18 pt before 24 pt


def pack_label(stem: str, labels: dict[str, str]) -> str:
    """A pack as staff ask for it, "new-patient pack, A4 clear print", from its file's stem ``<name>-<layout>``.

    The longest layout name that ends the stem wins ("a5-booklet" before a
    layout called "booklet"); a pack of a layout no longer built keeps its stem.
    """
    layout = max((name for name in labels if stem.endswith(f"-{name}")), key=len, default=None)
    return pack_called(stem[:-len(layout) - 1], labels[layout]) if layout else stem


def pack_called(name: str, label: str) -> str:
    """What staff call pack ``name`` in the layout staff call ``label``."""
    return f"{name} pack, {label}"


def layout_labels(leaflets: list[dict]) -> dict[str, str]:
    """What staff call each PDF layout, by its name, as the files of the register record it."""
    return {file["layout"]: file["label"] for leaflet in leaflets for file in leaflet["files"] if file["format"] == "pdf"}


def catalogue_html(output_dir: Path, manifest: dict, offer: Offer | None = None, style: str = "") -> str:
    """The catalogue page for ``manifest`` (see the module docstring), linking files relative to ``output_dir``.

    ``offer`` adds to each entry that may be handed out, and ``style`` to the page's style, what that needs.
    """
    leaflets = manifest["leaflets"]
    today = format_date(dt.date.fromisoformat(manifest["today"]))
    generator = manifest["generator"]
    for_patients = [leaflet for leaflet in leaflets if STATES[leaflet["state"]][2]]
    apart = [leaflet for leaflet in leaflets if not STATES[leaflet["state"]][2]]
    found = packs(output_dir, layout_labels(leaflets))
    if found:
        pack_list = "<ul>" + "".join(_file_item(pack) for pack in found) + "</ul>"
    else:
        pack_list = "<p>There are no patient packs yet. <code>make_leaflets.py --pack NAME ID ...</code> makes one.</p>"
    return page("Patient leaflets", STYLE + style, f"""<a class="skip" href="#leaflets">Skip to the list of leaflets</a>
<header>
<h1>Patient leaflets</h1>
<p>Status judged on {escape(today)}. Made by {escape(generator['name'])} {escape(generator['version'])}.
Give patients only leaflets marked Current or Due for review{_apart_note(apart)}.</p>
</header>
<main>
<form class="find" role="search" hidden>
<label for="find">Find a leaflet by its title or reference</label>
<input id="find" type="search" autocomplete="off" aria-describedby="found">
<p id="found" aria-live="polite"></p>
</form>
<h2 id="leaflets">Leaflets for patients</h2>
{_leaflet_table(for_patients, "approved and in date", offer) if for_patients else "<p>No leaflet is approved and in date yet.</p>"}
{_not_for_patients(apart, offer)}
<h2 id="packs">Patient packs</h2>
{pack_list}
<h2 id="register">For clinical governance</h2>
<p>The <a href="register.html">leaflet register</a> lists every version with its approval and review dates,
each file's SHA-256 checksum, and the earlier versions kept in the archive.</p>
<h2 id="printing">Printing</h2>
<ul>
<li>Print double-sided if you can; every page carries the leaflet's reference, version and review date.</li>
<li>Booklet print files (listed as "… print file"): print on A4, double-sided, flip on the short edge,
at actual size (not "fit to page"). Fold the stack in half and staple on the fold.</li>
</ul>
</main>
<script>
{FIND}
</script>""")


def write_catalogue(output_dir: Path, manifest: dict) -> Path:
    """Write ``output_dir/index.html`` from ``manifest`` at once, never half a page."""
    path = output_dir / "index.html"
    write_atomic(path, catalogue_html(output_dir, manifest).encode("utf-8"))
    return path


def refresh(output_dir: Path, packs_made: bool) -> Path | None:
    """Rewrite the catalogue when the register or the packs changed since it was written; return it if so."""
    index, manifest = output_dir / "index.html", output_dir / MANIFEST
    try:
        if index.exists() and not packs_made and index.stat().st_mtime_ns >= manifest.stat().st_mtime_ns:
            return None
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # no register: nothing was built into this folder
    return write_catalogue(output_dir, data)
