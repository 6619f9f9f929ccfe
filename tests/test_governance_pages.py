"""Governance review in the browser: the register's review calendar, each leaflet's history page with its redlines,
and the meeting papers of ``--review``, read back as a browser and a PDF reader give them.

The library: PAIN-OST-002 approved at 1.0, then at 1.1 (its 1.0 files archived, its review now due within six
months); PAIN-OST-003 approved at 1.0 with a 1.1 draft beside it; the translations of PAIN-OST-002 left behind
at 1.0, out of date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from conftest import CONTENT, TODAY, pdftotext
from leaflets.cli import main
from leaflets.document.words import role
from leaflets.publish.calendar import calendar
from leaflets.publish.register import as_html
from leaflets.source.markup import written_out
from test_axe import axe_results
from test_catalogue import chromium
from test_outloud import findings

FORMATS = ["--layout", "a4", "--format", "pdf", "--format", "html", "--format", "text"]


def edit(path: Path, *changes: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("governance")
    content, output = root / "content", root / "output"
    shutil.copytree(CONTENT, content)
    common = ["--content", str(content), "--output", str(output), "--today", TODAY, *FORMATS]
    assert main(common) == 0
    edit(content / "leaflets" / "managing-pain.yaml", ('version: "1.0"\nstatus', 'version: "1.1"\nstatus'),
         ("approval_date: 2026-11-02", "approval_date: 2026-11-20"), ("review_date: 2029-11-02", "review_date: 2027-04-20"),
         ("changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Clearer heading.\n'),
         ("What to expect", "What happens over time"))
    edit(content / "leaflets" / "looking-after-bones.yaml", ('version: "1.0"\nstatus: approved', 'version: "1.1"\nstatus: draft'),
         ("approval_date: 2026-11-02\n", ""), ("review_date: 2029-11-02", "review_date: 2028-02-01"),
         ("changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-22\n    summary: Plainer words about calcium.\n'),
         ("your GP may suggest a\n      calcium supplement", "your doctor may offer you a\n      calcium supplement"))
    assert main([*common, "--allow-out-of-date", "--review", "PAIN-OST-002"]) == 0
    assert main([*common, "--allow-out-of-date"]) == 0, "the rest of the library"
    return {"content": content, "output": output, "root": root}


def dom(page: Path, tmp_path: Path, *args: str):
    """The page as Chromium's DOM holds it, parsed."""
    return lxml_html.fromstring(chromium(tmp_path, *args, "--dump-dom", page.as_uri()).stdout)


def text(element) -> str:
    return " ".join(element.text_content().split())


def rows(output: Path) -> dict[str, dict]:
    return {row["id"]: row for row in json.loads((output / "manifest.json").read_text(encoding="utf-8"))["leaflets"]}


def month_of(iso: str) -> str:
    return f"{dt.date.fromisoformat(iso):%B %Y}"


def test_the_calendar_table_and_chart_agree_with_the_register_month_by_month(library, tmp_path):
    page = dom(library["output"] / "register.html", tmp_path)
    expected: dict[str, dict[str, int]] = {}
    for row in rows(library["output"]).values():
        expected.setdefault(month_of(row["review_date"]), {}).setdefault(row["state"], 0)
        expected[month_of(row["review_date"])][row["state"]] += 1
    assert expected == {"April 2027": {"due for review": 1}, "February 2028": {"draft": 1},
                        "November 2029": {"current": 1, "out of date": 3}}

    table = page.get_element_by_id("calendar-table")
    headers = [text(th).lower() for th in table.xpath("./thead/tr/th")]
    assert headers == ["month", "overdue", "due for review", "current", "draft", "out of date", "all"]
    months = {}
    for tr in table.xpath("./tbody/tr"):
        cells = [text(cell) for cell in tr.xpath("./th|./td")]
        months[cells[0]] = {state: int(count) for state, count in zip(headers[1:-1], cells[1:-1]) if count != "0"}
        assert int(cells[-1]) == sum(months[cells[0]].values())
    first = dt.date.fromisoformat(TODAY).replace(day=1)
    assert list(months) == [f"{dt.date(first.year + (first.month - 1 + n) // 12, (first.month - 1 + n) % 12 + 1, 1):%B %Y}"
                            for n in range(37)], "this month and the next 36, every one listed"
    assert {month: counts for month, counts in months.items() if counts} == expected

    charted: dict[str, dict[str, int]] = {}
    unit = set()
    for rect in page.xpath("//figure[@class='chart']/svg/rect"):
        month, count, state = re.fullmatch(r"(.+): (\d+) (.+)", text(rect.xpath("./title")[0])).groups()
        charted.setdefault(month, {})[state] = int(count)
        unit.add(round(float(rect.get("height")) / int(count), 2))
        assert rect.get("fill") == f"url(#fill-{state.replace(' ', '-')})", "each state has its own pattern"
    assert charted == expected
    assert len(unit) == 1, "every bar is drawn to the same scale"
    svg = page.xpath("//figure[@class='chart']/svg")[0]
    assert svg.get("role") == "img" and "calendar-summary" in svg.get("aria-labelledby")
    summary = text(page.get_element_by_id("calendar-summary"))
    assert "5 in all" not in summary and "6 in all" in summary and "4, in November 2029" in summary
    legend = [text(li) for li in page.xpath("//ul[@class='legend']/li")]
    assert legend == ["Overdue", "Due for review", "Current", "Draft", "Out of date"], "every state said in words"

    attention = page.xpath("//h2[@id='attention']/following-sibling::table[1]/tbody/tr")
    assert [text(tr) for tr in attention] == [
        "Managing pain after a spinal compression fracture (PAIN-OST-002, version 1.1) Pain Service "
        "20 April 2027 (in 148 days) Due for review"]


def test_the_calendar_counts_overdue_reviews_before_its_first_month_and_leaves_out_withdrawn_ones():
    def row(state, review):
        return {"id": f"X-{state}-{review}", "state": state, "review_date": review}

    plan = calendar([row("overdue", "2026-09-30"), row("overdue", "2026-11-02"), row("current", "2029-11-30"),
                     row("withdrawn", "2027-01-01"), row("current", "2031-01-01")], dt.date(2026, 11, 23))
    assert [bar.label for bar in plan.bars][:2] == ["Before November 2026", "November 2026"]
    assert plan.bars[0].counts == (1, 0, 0, 0, 0) and plan.bars[1].counts == (1, 0, 0, 0, 0)
    assert plan.bars[-1].label == "November 2029" and plan.bars[-1].total == 1
    assert plan.total == 3 and plan.later == 1, "the withdrawn leaflet has no review to count"
    assert [r["review_date"] for r in plan.attention] == ["2026-09-30", "2026-11-02"]


def versions_table(page) -> list[list[str]]:
    return [[text(cell) for cell in tr.xpath("./th|./td")] for tr in page.xpath("//h2[@id='versions']/following-sibling::table[1]/tbody/tr")]


def test_the_history_page_lists_every_version_with_its_files_and_checksums(library, tmp_path):
    output = library["output"]
    page = dom(output / "PAIN-OST-002" / "history.html", tmp_path)
    assert versions_table(page) == [
        ["Version 1.1", "Due for review", "20 November 2026", "Patient Information Group", "20 April 2027",
         "Clearer heading. (20 November 2026)"],
        ["Version 1.0", "Approved; superseded by version 1.1", "2 November 2026", "Patient Information Group",
         "2 November 2029", "First version. (2 November 2026)"],
    ]
    row = rows(output)["PAIN-OST-002"]
    assert {f["version"] for f in row["files"]} == {"1.1"} and {f["version"] for f in row["archived"]} == {"1.0"}
    for version, entries, where in (("1.1", row["files"], "In use"), ("1.0", row["archived"], "Archived")):
        shown = page.xpath(f"//section[@aria-labelledby='v{version}']//table/tbody/tr")
        assert len(shown) == len(entries) == 3, "the PDF, the web page and the text"
        for tr, entry in zip(shown, entries):
            link = tr.xpath(".//a")[0].get("href")
            file = (output / "PAIN-OST-002" / link).resolve()
            data = file.read_bytes()
            cells = [text(cell) for cell in tr.xpath("./th|./td")]
            assert cells[0] == file.name and cells[2] == where
            assert cells[3] == f"{len(data):,} bytes" and cells[4] == hashlib.sha256(data).hexdigest() == entry["sha256"]


def test_a_draft_and_a_translation_say_what_they_are(library, tmp_path):
    output = library["output"]
    draft = versions_table(dom(output / "PAIN-OST-003" / "history.html", tmp_path))
    assert [cells[:3] for cells in draft] == [["Version 1.1", "Draft", "Not approved"],
                                              ["Version 1.0", "Approved; still in use while version 1.1 is a draft",
                                               "2 November 2026"]]
    welsh = dom(output / "PAIN-OST-002-CY" / "history.html", tmp_path)
    assert versions_table(welsh)[0][0:2] == ["Version 1.0", "Out of date"]
    assert versions_table(welsh)[0][-1] == "PAIN-OST-002 version 1.0", "the source version the translation follows"
    assert welsh.xpath("//h1/span")[0].get("lang") == "cy"


def said(element, kind: str) -> str:
    """The words of an ``ins`` or ``del`` as a screen reader gets them, less the word that announces them."""
    words = text(element)
    assert words.startswith(f"{kind}: "), words
    return words.removeprefix(f"{kind}: ")


@pytest.mark.parametrize("leaflet_id", ["PAIN-OST-002", "PAIN-OST-003"])
def test_the_redline_marks_exactly_what_diff_prints_and_says_it_in_words(library, tmp_path, capsys, leaflet_id):
    capsys.readouterr()
    assert main(["--content", str(library["content"]), "--diff", leaflet_id, "1.0", "1.1"]) == 0
    printed = capsys.readouterr().out.splitlines()[2:]
    removed = [role(written_out(line[1:])) for line in printed if line.startswith("-")]
    added = [role(written_out(line[1:])) for line in printed if line.startswith("+")]
    assert removed and added

    page = dom(library["output"] / leaflet_id / "history.html", tmp_path)
    blocks = page.xpath("//h3[@id='change-1.1']/following-sibling::ol[@class='redline']/li")
    before, after, folded = [], [], 0
    for block in blocks:
        kind = block.get("class")
        if kind == "same":
            folded += int(text(block.xpath(".//summary")[0]).split()[0])
            continue
        said_kind = text(block.xpath("./span[@class='kind']")[0])
        old, new = [], []
        for node in block.xpath("./node()")[1:]:
            if isinstance(node, str):
                old.append(node), new.append(node)
            elif node.tag == "del":
                old.append(said(node, "removed"))
                assert node.xpath("./span[@class='hidden-words']")[0].text == "removed: "
            elif node.tag == "ins":
                new.append(said(node, "added"))
        was = removed[len(before)] if kind != "added" else None
        now = added[len(after)] if kind != "removed" else None
        before.append(" ".join("".join(old).split())) if was else None
        after.append(" ".join("".join(new).split())) if now else None
        kinds = {line[0] for line in (was, now) if line}
        assert said_kind == f"{kind.capitalize()} {kinds.pop() if len(kinds) == 1 else 'block'}", said_kind
    assert before == [" ".join(line.split()) for _, line in removed], "the words --diff removes, without markers"
    assert after == [" ".join(line.split()) for _, line in added]
    total = len((library["content"] / "releases" / f"{leaflet_id}-v1.0.txt").read_text(encoding="utf-8").splitlines())
    assert folded + len(removed) == total, "every unchanged block is counted where it is folded"
    if leaflet_id == "PAIN-OST-002":
        heading = blocks[1]
        assert text(heading) == "Changed heading What removed: to expect added: happens over time"
        assert [text(node) for node in heading.xpath("./del|./ins")] == ["removed: to expect", "added: happens over time"]


def test_the_catalogue_and_the_register_link_each_history_page(library, tmp_path):
    output = library["output"]
    for page, prefix in ((output / "index.html", ""), (output / "register.html", "")):
        links = set(dom(page, tmp_path).xpath("//a/@href"))
        for leaflet_id in rows(output):
            assert f"{prefix}{leaflet_id}/history.html" in links, (page.name, leaflet_id)
            assert (output / leaflet_id / "history.html").is_file()


def test_no_op_builds_leave_the_pages_alone_and_a_rebuild_writes_the_same_bytes(library):
    output = library["output"]
    common = ["--content", str(library["content"]), "--output", str(output), "--today", TODAY, *FORMATS, "--allow-out-of-date"]
    assert main(common) == 0
    pages = [output / "register.html", *output.glob("*/history.html")]
    before = {page: (page.read_bytes(), page.stat().st_mtime_ns) for page in pages}
    assert main(common) == 0
    assert {page: (page.read_bytes(), page.stat().st_mtime_ns) for page in pages} == before, "a no-op build writes no page"
    assert main([*common, "--force"]) == 0
    assert {page: page.read_bytes() for page in pages} == {page: data for page, (data, _) in before.items()}


def test_axe_finds_nothing_on_the_governance_pages(library, tmp_path):
    output = library["output"]
    for page in (output / "register.html", output / "index.html", *sorted(output.glob("*/history.html"))):
        results = axe_results(page, tmp_path)
        assert results["passes"] > 10, f"axe-core checked little of {page}"
        assert [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results["violations"]] == [], page


FRAME = """<!DOCTYPE html><html lang="en"><head><title>320 pixels</title></head><body style="margin:0">
<iframe id="page" title="page" src="%s" style="width:320px;height:900px;border:0"></iframe>
<script>document.getElementById("page").addEventListener("load", function () {
  var root = this.contentDocument.documentElement;
  document.body.insertAdjacentHTML("beforeend", '<pre id="widths">' + root.scrollWidth + " " + root.clientWidth + "</pre>");
});</script></body></html>"""


@pytest.mark.parametrize("name", ["register.html", "PAIN-OST-002/history.html", "PAIN-OST-003/history.html"])
def test_the_pages_reflow_at_320_pixels_without_sideways_scrolling(library, tmp_path, name):
    page = library["output"] / name
    frame = page.with_name(f"frame-{page.name}")
    frame.write_text(FRAME % page.name, encoding="utf-8")
    try:
        found = dom(frame, tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=10000").get_element_by_id("widths")
    finally:
        frame.unlink()
    scroll, client = map(int, found.text.split())
    assert 300 <= client <= 320 and scroll <= client, f"{name} is {scroll} px wide in a {client} px window"


def test_the_pages_are_self_contained_and_escape_what_they_show(library):
    output = library["output"]
    for page in (output / "register.html", *output.glob("*/history.html")):
        source = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|img|link|iframe|object)\b|@import|url\((?!#)|(src|href)=\"?[a-z]+:", source), page
    data = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    data["leaflets"][0]["title"] = 'A & B <script>alert("x")</script>'
    data["leaflets"][0]["owner"] = "<b>Pain</b>"
    made = as_html(data)
    assert "<script>" not in made and "&lt;script&gt;" in made and "&lt;b&gt;Pain&lt;/b&gt;" in made


def test_review_writes_meeting_papers_that_pass_outloud(library):
    papers = library["output"] / "reviews" / f"PAIN-OST-002-review-{TODAY}.pdf"
    assert findings([papers]) == {str(papers): []}
    words = " ".join(pdftotext(papers).split())
    for expected in ("Meeting papers: PAIN-OST-002", "Current state", "Version 1.1: Due for review.",
                     "Approved by Patient Information Group on 20 November 2026.", "History",
                     "Version Status and approval Review date Changes entry",
                     "What changed from version 1.0 to 1.1",
                     "Changed heading: What [removed: to expect] [added: happens over time]"):
        assert expected in words, expected


def test_review_of_a_leaflet_not_in_the_library_says_so(library, capsys):
    code = main(["--content", str(library["content"]), "--output", str(library["output"]), "--today", TODAY, *FORMATS,
                 "--allow-out-of-date", "--review", "PAIN-OST-999"])
    assert code == 1
    err = capsys.readouterr().err
    assert "no valid leaflet has the id PAIN-OST-999" in err and "review papers for PAIN-OST-999" in err
    assert "Traceback" not in err


def test_a_redline_from_a_version_whose_wording_was_never_kept_says_so(tmp_path, capsys):
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(CONTENT, content)
    (content / "releases.yaml").unlink()
    shutil.rmtree(content / "releases")
    leaflet = content / "leaflets" / "managing-pain.yaml"
    edit(leaflet, ("status: approved", "status: draft"))
    common = ["--content", str(content), "--output", str(output), "--today", TODAY, "--format", "text", "PAIN-OST-002"]
    assert main(common) == 0
    edit(leaflet, ('version: "1.0"', 'version: "1.1"'), ("approval_date: 2026-11-02\n", ""),
         ("changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Clearer heading.\n'))
    assert main(common) == 0
    page = lxml_html.fromstring((output / "PAIN-OST-002" / "history.html").read_text(encoding="utf-8"))
    assert [cells[:3] for cells in versions_table(page)] == [["Version 1.1", "Draft", "Not approved"],
                                                             ["Version 1.0", "Draft, not approved; followed by version 1.1",
                                                              "Not approved"]]
    change = page.get_element_by_id("change-1.1").getnext()
    assert text(change) == ("The wording of version 1.0 or 1.1 was not kept: the release record keeps the wording of "
                            "approved versions, and the content holds only the current one.")
    assert "Traceback" not in capsys.readouterr().err
