"""The register (manifest.json, register.csv, register.html), incremental builds and parallel builds."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser

from conftest import BUNDLED, DEFAULT_FILES, DEFAULT_PDFS, EASY_READ_EDITIONS, LIBRARY, ROOT, TODAY, pdfs, published, reader
from leaflets.cli import main
from leaflets.publish.register import versions
from test_governance import write


def manifest(output):
    return json.loads((output / "manifest.json").read_text(encoding="utf-8"))


def test_the_versions_recorded_are_importlib_metadatas_for_every_installed_distribution():
    names = tuple(sorted({dist.metadata["Name"] for dist in importlib.metadata.distributions()}))
    assert versions(names) == {name: importlib.metadata.version(name) for name in names}


def test_manifest_describes_every_file_as_it_is_on_disk(built):
    data = manifest(built)
    assert data["today"] == TODAY and data["generator"]["name"] == "leaflets"
    assert data["generator"]["dependencies"]["reportlab"] == "5.1.0"
    assert [l["id"] for l in data["leaflets"]] == list(LIBRARY)
    listed = set()
    for leaflet in data["leaflets"]:
        derived = "translates" in leaflet or "explains" in leaflet
        assert leaflet["state"] == ("draft" if derived else "current")
        assert leaflet["days_to_review"] == (dt.date.fromisoformat(leaflet["review_date"]) - dt.date.fromisoformat(TODAY)).days
        assert {(f["format"], f["layout"]) for f in leaflet["files"]} == (
            {("pdf", "easy-read"), ("html", "easy-read"), ("text", "text")} if leaflet["id"] in EASY_READ_EDITIONS else
            {("pdf", "a4"), ("pdf", "large-print"), ("html", "html"), ("text", "text")})
        for entry in leaflet["files"]:
            file = built / entry["path"]
            assert entry["sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
            assert entry["bytes"] == file.stat().st_size
            if entry["format"] == "pdf":
                assert entry["pages"] == len(reader(file).pages) and entry["extent"] == f"{entry['pages']} pages"
            listed.add(file)
    assert listed == set(published(built))


def test_register_csv_has_a_row_per_file(built):
    with open(built / "register.csv", newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == DEFAULT_FILES, "one row for each file of each leaflet"
    row = next(r for r in rows if r["file_path"] == "PAIN-OST-001/PAIN-OST-001-v1.0-large-print.pdf")
    assert (row["id"], row["version"], row["state"], row["review_date"], row["file_layout"]) == \
        ("PAIN-OST-001", "1.0", "current", "2029-11-02", "large-print")
    assert int(row["file_pages"]) == len(reader(built / row["file_path"]).pages)


class Page(HTMLParser):
    """What a browser would find in the register: links, table captions, the text."""

    def __init__(self):
        super().__init__()
        self.links, self.captions, self.text, self.tags = [], [], [], []
        self._in_caption = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_caption = tag == "caption"
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text.append(data)
        if self._in_caption:
            self.captions.append(data)
            self._in_caption = False


def test_register_html_links_every_file_and_needs_nothing_from_outside(built):
    page = Page()
    source = (built / "register.html").read_text(encoding="utf-8")
    page.feed(source)
    pages = {"index.html", *(f"{leaflet_id}/history.html" for leaflet_id in LIBRARY)}
    files = [link for link in page.links if not link.startswith("#") and link not in pages]
    assert sorted(files) == sorted(p.relative_to(built).as_posix() for p in published(built))
    assert pages <= set(page.links), "the catalogue and every leaflet's history page are linked"
    assert all((built / link).is_file() for link in (*files, *pages))
    assert not {"script", "img", "link"} & set(page.tags) and "http" not in source
    assert "Every leaflet in the library" in page.captions
    text = " ".join(page.text)
    assert "States judged on 23 November 2026" in text and "Review due" in text and "current" in text


def test_states_in_the_register_follow_the_rules(content_copy, tmp_path):
    for leaflet_id, status, today, state in [
        ("TEST-001", "draft", TODAY, "draft"),
        ("TEST-001", "withdrawn", TODAY, "withdrawn"),
        ("TEST-001", "approved", "2029-06-01", "due for review"),
        ("TEST-001", "approved", "2029-11-03", "overdue"),
    ]:
        write(content_copy, **{"status: approved": f"status: {status}"})
        main(["--content", str(content_copy), "--output", str(tmp_path), "--layout", "a4", "--today", today,
              "--allow-overdue", leaflet_id])
        [entry] = [l for l in manifest(tmp_path)["leaflets"] if l["id"] == leaflet_id]
        assert entry["state"] == state, status


def test_withdrawing_a_leaflet_archives_its_files(content_copy, tmp_path):
    write(content_copy)
    assert main(["--content", str(content_copy), "--output", str(tmp_path), "--layout", "a4", "--today", TODAY]) == 0
    pdf = tmp_path / "TEST-001" / "TEST-001-v1.0-a4.pdf"
    assert pdf.exists()
    write(content_copy, **{"status: approved": "status: withdrawn"})
    assert main(["--content", str(content_copy), "--output", str(tmp_path), "--layout", "a4", "--today", TODAY]) == 0
    assert not pdf.exists() and (tmp_path / "archive" / "TEST-001" / pdf.name).exists()
    [entry] = [l for l in manifest(tmp_path)["leaflets"] if l["id"] == "TEST-001"]
    assert entry["files"] == [] and entry["archived"][0]["path"] == f"archive/TEST-001/{pdf.name}"


def test_unchanged_files_are_not_rebuilt_unless_forced(tmp_path, capsys):
    args = ["--output", str(tmp_path), "--today", TODAY]
    assert main(args) == 0
    first = {p: p.stat().st_mtime_ns for p in published(tmp_path)}
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "wrote" not in out and f"{DEFAULT_FILES} files already up to date" in out
    assert {p: p.stat().st_mtime_ns for p in published(tmp_path)} == first
    damaged = next(path for path in first if path.suffix == ".pdf")
    damaged.write_bytes(b"%PDF-1.4 damaged")
    assert main(args) == 0
    assert f"{damaged.name} (" in capsys.readouterr().out and reader(damaged).pages
    assert main([*args, "--force"]) == 0
    forced = capsys.readouterr().out
    assert forced.count(".pdf (") == DEFAULT_PDFS and forced.count("wrote ") == DEFAULT_FILES, "every file again"


def test_a_changed_layout_rebuilds_only_its_files(tmp_path, capsys):
    layouts = tmp_path / "layouts"
    shutil.copytree(ROOT / "layouts", layouts)
    args = ["--output", str(tmp_path / "out"), "--layouts", str(layouts), "--today", TODAY]
    assert main(args) == 0
    capsys.readouterr()
    large = layouts / "large-print.yaml"
    large.write_text(large.read_text(encoding="utf-8") + "\n# a comment changes no setting\n", encoding="utf-8")
    assert main(args) == 0
    assert "wrote" not in capsys.readouterr().out
    large.write_text(large.read_text(encoding="utf-8").replace("heading: \"#005EB8\"", "heading: \"#003087\""),
                     encoding="utf-8")
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.count(".pdf (") == len(BUNDLED) and "large-print" in out and "a4" not in out


def test_one_process_or_two_give_the_same_bytes(tmp_path):
    for jobs in ("1", "2"):
        assert main(["--output", str(tmp_path / jobs), "--today", TODAY, "--jobs", jobs]) == 0
    one, two = ({p.relative_to(tmp_path / j): p.read_bytes() for p in pdfs(tmp_path / j)} for j in ("1", "2"))
    assert one == two and len(one) == DEFAULT_PDFS


def test_source_date_epoch_makes_the_register_reproducible(tmp_path):
    runs = []
    for run in ("a", "b"):
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}
        subprocess.run([sys.executable, str(ROOT / "make_leaflets.py"), "--output", str(tmp_path / run),
                        "--today", TODAY, "--layout", "a4", "PAIN-OST-003"], env=env, check=True, capture_output=True)
        runs.append((tmp_path / run / "manifest.json").read_bytes())
    moment = dt.datetime.fromtimestamp(1795000000, dt.timezone.utc).isoformat()
    assert runs[0] == runs[1] and json.loads(runs[0])["built_at"] == moment


def test_two_builds_at_once_leave_valid_files_and_a_consistent_register(tmp_path):
    command = [sys.executable, str(ROOT / "make_leaflets.py"), "--output", str(tmp_path), "--today", TODAY, "--force"]
    runs = [subprocess.Popen([*command, *ids], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            for ids in ((), ("PAIN-OST-002",), ())]
    assert [run.wait(timeout=120) for run in runs] == [0, 0, 0], [run.stderr.read() for run in runs]
    data = manifest(tmp_path)
    listed = {f["path"]: f for l in data["leaflets"] for f in l["files"]}
    assert set(listed) == {p.relative_to(tmp_path).as_posix() for p in published(tmp_path)}
    for path, entry in listed.items():
        assert hashlib.sha256((tmp_path / path).read_bytes()).hexdigest() == entry["sha256"]
        assert entry["format"] != "pdf" or reader(tmp_path / path).pages
    assert not list(tmp_path.rglob("*.part"))


def test_the_register_drops_a_file_changed_by_hand(tmp_path):
    args = ["--output", str(tmp_path), "--today", TODAY, "--format", "pdf", "--layout", "a4"]
    assert main([*args, "PAIN-OST-001", "PAIN-OST-002"]) == 0
    edited = tmp_path / "PAIN-OST-002" / "PAIN-OST-002-v1.0-a4.pdf"
    edited.write_bytes(edited.read_bytes() + b"\n% edited by hand\n")
    assert main([*args, "PAIN-OST-001"]) == 0
    listed = {f["path"] for l in manifest(tmp_path)["leaflets"] for f in l["files"]}
    assert listed == {"PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf"}
