"""axe-core (from the npm registry) in Debian's Chromium finds no WCAG 2.2 A or AA violation in any web page we write.

The pages checked are the web leaflets (current and draft) and the
catalogue. Each is opened as a reader's browser opens it, from a copy with
axe-core and a few lines that run it added at the end of the body; the
results come back in the page's DOM.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, draft_of
from leaflets.cli import main
from test_catalogue import chromium

AXE = ROOT / "tests" / "node_modules" / "axe-core" / "axe.min.js"
STANDARDS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUNNER = """<script>
axe.run(document, {runOnly: {type: "tag", values: %s}}).then(function (results) {
  var found = JSON.stringify({violations: results.violations, passes: results.passes.length, width: window.innerWidth});
  var out = document.createElement("pre");
  out.id = "axe-results";
  out.textContent = found;
  document.body.appendChild(out);
  if (window.parent !== window) { window.parent.postMessage(found, "*"); }
});
</script>"""
FRAME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The page at %(width)d CSS pixels</title></head>
<body style="margin: 0"><iframe title="The page checked" src="%(page)s" style="width: %(width)dpx; height: 1000px; border: 0"></iframe>
<script>addEventListener("message", function (event) {
  var out = document.createElement("pre");
  out.id = "axe-results";
  out.textContent = event.data;
  document.body.appendChild(out);
});</script></body></html>"""
"""Lays a page out ``width`` CSS pixels wide, as a phone does: headless Chromium keeps a window at least 500 pixels
wide, so a narrower page is checked in a frame of that width, which passes axe-core's findings back."""


def axe_results(page: Path, tmp_path: Path, width: int | None = None) -> dict:
    """axe-core's findings on ``page``, run in Chromium, laid out ``width`` CSS pixels wide if given."""
    assert AXE.exists(), "axe-core is missing: run the README's test command, which installs it with npm"
    checked = tmp_path / f"axe-{page.parent.name}-{page.name}"
    source = page.read_text(encoding="utf-8")
    tail = f"<script>{AXE.read_text(encoding='utf-8')}</script>{RUNNER % json.dumps(STANDARDS)}</body>"
    checked.write_text(source.replace("</body>", tail), encoding="utf-8")
    opened, window = checked, ()
    if width:
        opened = checked.with_name(f"frame-{width}-{checked.name}")
        opened.write_text(FRAME % {"width": width, "page": html.escape(checked.name)}, encoding="utf-8")
        window = (f"--window-size={max(width, 500) + 40},1100",)
    dom = chromium(tmp_path, *window, "--virtual-time-budget=30000", "--dump-dom", opened.as_uri()).stdout
    found = re.search(r'<pre id="axe-results">(.*?)</pre>', dom, re.S)
    assert found, f"axe-core did not finish on {page.name}"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def pages(clinic, tmp_path_factory) -> list[Path]:
    root = tmp_path_factory.mktemp("web")
    content = draft_of(root / "content")
    assert main(["--content", str(content), "--output", str(root / "out"), "--today", TODAY, "--format", "html",
                 "PAIN-OST-002"]) == 0
    found = sorted(clinic.rglob("*.html")) + sorted((root / "out").rglob("*-DRAFT.html"))
    assert {path.name for path in found} >= {"index.html", "PAIN-OST-001-v1.1-html.html", "PAIN-OST-002-v1.0-html-DRAFT.html"}
    return found


def test_axe_finds_no_violation(pages, tmp_path):
    for page in pages:
        results = axe_results(page, tmp_path)
        assert results["passes"] > 10, f"axe-core checked little of {page.name}"
        assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]] == [], page.name


@pytest.mark.parametrize("width", [1200, 320])
def test_axe_finds_no_violation_in_the_catalogue_on_a_desk_or_a_phone(clinic, tmp_path, width):
    """Both of its lists (leaflets for patients, and those apart from them) and its packs, laid out at ``width``."""
    page = clinic / "index.html"
    assert 'id="not-for-patients"' in page.read_text(encoding="utf-8"), "the page has both lists"
    results = axe_results(page, tmp_path, width)
    assert results["width"] == width and results["passes"] > 10
    assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]] == []


def test_axe_would_find_a_fault(tmp_path, pages):
    """The same check on a page with an image without alt text and a skipped heading level fails."""
    page = next(path for path in pages if path.name.endswith("-html.html"))
    broken = tmp_path / "broken" / page.name
    broken.parent.mkdir()
    broken.write_text(page.read_text(encoding="utf-8").replace("<h2", "<h4", 1).replace(' alt="', ' data-alt="', 1),
                      encoding="utf-8")
    ids = {violation["id"] for violation in axe_results(broken, tmp_path)["violations"]}
    assert "image-alt" in ids or "role-img-alt" in ids or "svg-img-alt" in ids, ids
