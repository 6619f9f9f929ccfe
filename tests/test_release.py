"""The version lock: an approved version's content never changes without a new number."""

from __future__ import annotations

import shutil

import yaml

from conftest import CONTENT, TODAY, pdfs, read_page, reader
from leaflets.cli import main
from test_governance import build, write


def releases(content):
    return yaml.safe_load((content / "releases.yaml").read_text(encoding="utf-8"))["releases"]


def release_of(content, leaflet_id, version):
    return next(r for r in releases(content) if (r["id"], r["version"]) == (leaflet_id, version))


def build_all(content, output, *args):
    return main(["--content", str(content), "--output", str(output), "--today", TODAY, "--layout", "a4", *args])


def test_bundled_library_is_recorded_and_matches(tmp_path):
    recorded = {(r["id"], r["version"]) for r in releases(CONTENT)}
    assert recorded == {("PAIN-OST-001", "1.0"), ("PAIN-OST-002", "1.0"), ("PAIN-OST-003", "1.0")}
    before = (CONTENT / "releases.yaml").read_bytes()
    assert build_all(CONTENT, tmp_path) == 0
    assert (CONTENT / "releases.yaml").read_bytes() == before


def test_first_build_of_an_approved_version_records_it(content_copy, tmp_path, capsys):
    write(content_copy)
    assert build(content_copy, tmp_path, "--today", TODAY) == 0
    assert "recorded TEST-001 version 1.0" in capsys.readouterr().out
    entry = release_of(content_copy, "TEST-001", "1.0")
    assert entry["approved_by"] == "Patient Information Group"
    assert [f["site"] for f in entry["fingerprints"]] == ["sample"]
    assert len(entry["fingerprints"][0]["sha256"]) == 64
    wording = (content_copy / "releases" / "TEST-001-v1.0.txt").read_text(encoding="utf-8").splitlines()
    assert wording[:2] == ["# A test leaflet", "Hello."] and "- Version: 1.0" in wording


def test_drafts_and_check_record_nothing(content_copy, tmp_path):
    before = (content_copy / "releases.yaml").read_bytes()
    write(content_copy, **{"status: approved": "status: draft"})
    assert build(content_copy, tmp_path, "--today", TODAY) == 0
    write(content_copy)
    assert main(["--content", str(content_copy), "--check", "--output", str(tmp_path / "none"), "--today", TODAY]) == 0
    assert (content_copy / "releases.yaml").read_bytes() == before


def test_changed_words_in_an_approved_version_fail_and_say_what_to_do(content_copy, tmp_path, capsys):
    leaflet = content_copy / "leaflets" / "managing-pain.yaml"
    text = leaflet.read_text(encoding="utf-8")
    assert "What to expect" in text
    leaflet.write_text(text.replace("What to expect", "What happens next"), encoding="utf-8")
    assert build_all(content_copy, tmp_path) == 1
    err = capsys.readouterr().err
    assert "PAIN-OST-002 version 1.0 was approved on 2 November 2026" in err
    assert "now '## What happens next'" in err
    assert "new version number" in err and "changes entry" in err
    built = {p.name for p in pdfs(tmp_path)}
    assert "PAIN-OST-001-v1.0-a4.pdf" in built and not any(n.startswith("PAIN-OST-002-v") for n in built)


def test_changed_shared_block_figure_or_site_detail_is_a_content_change(content_copy, tmp_path, capsys):
    shared = content_copy / "shared" / "urgent-signs.yaml"
    shared.write_text(shared.read_text(encoding="utf-8").replace("999", "111", 1), encoding="utf-8")
    figure = content_copy / "figures" / "vertebra-compression.svg"
    figure.write_text(figure.read_text(encoding="utf-8").replace("</svg>", "<!-- redrawn --></svg>"), encoding="utf-8")
    assert build_all(content_copy, tmp_path, "PAIN-OST-001") == 1
    assert "PAIN-OST-001 version 1.0" in capsys.readouterr().err
    shutil.copy(CONTENT / "shared" / "urgent-signs.yaml", shared)
    assert build_all(content_copy, tmp_path, "PAIN-OST-001") == 1
    assert "a figure, a link address or a site detail changed" in capsys.readouterr().err
    shutil.copy(CONTENT / "figures" / "vertebra-compression.svg", figure)
    site = content_copy / "sites" / "sample.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("01632 960", "01632 961"), encoding="utf-8")
    assert build_all(content_copy, tmp_path, "PAIN-OST-003") == 1
    assert "PAIN-OST-003 version 1.0" in capsys.readouterr().err


def test_a_new_layout_is_not_a_content_change(content_copy, tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(CONTENT.parent / "layouts", layouts)
    a4 = layouts / "a4.yaml"
    a4.write_text(a4.read_text(encoding="utf-8").replace("heading: \"#005EB8\"", "heading: \"#003087\""), encoding="utf-8")
    assert "#003087" in a4.read_text(encoding="utf-8")
    assert build_all(content_copy, tmp_path / "out", "--layouts", str(layouts)) == 0


def new_version(content, sentence):
    """PAIN-OST-002 as its reviewers would make version 1.1: new words, a changes entry, a fresh approval."""
    leaflet = content / "leaflets" / "managing-pain.yaml"
    text = leaflet.read_text(encoding="utf-8")
    text = text.replace('version: "1.0"\nstatus', 'version: "1.1"\nstatus', 1)
    text = text.replace("approval_date: 2026-11-02", "approval_date: 2026-11-20")
    text = text.replace("changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Clearer heading.\n', 1)
    text = text.replace("What to expect", sentence)
    leaflet.write_text(text, encoding="utf-8")


def test_new_version_is_recorded_archives_the_old_and_diff_shows_the_change(content_copy, tmp_path, capsys):
    assert build_all(content_copy, tmp_path, "PAIN-OST-002") == 0
    old_pdf = tmp_path / "PAIN-OST-002" / "PAIN-OST-002-v1.0-a4.pdf"
    old_bytes = old_pdf.read_bytes()
    new_version(content_copy, "What happens over time")
    assert build_all(content_copy, tmp_path, "PAIN-OST-002") == 0
    out = capsys.readouterr().out
    assert "recorded PAIN-OST-002 version 1.1" in out and "3 superseded files archived" in out, "the PDF, web page and text"
    assert sorted(p.name for p in (tmp_path / "archive" / "PAIN-OST-002").iterdir()) == \
        ["PAIN-OST-002-v1.0-a4.pdf", "PAIN-OST-002-v1.0-html.html", "PAIN-OST-002-v1.0-text.txt"]
    assert not old_pdf.exists()
    archived = tmp_path / "archive" / "PAIN-OST-002" / "PAIN-OST-002-v1.0-a4.pdf"
    assert archived.read_bytes() == old_bytes
    assert "Version 1.1" in read_page(reader(tmp_path / "PAIN-OST-002" / "PAIN-OST-002-v1.1-a4.pdf").pages[0]).text
    assert {r["version"] for r in releases(content_copy) if r["id"] == "PAIN-OST-002"} == {"1.0", "1.1"}

    assert main(["--content", str(content_copy), "--diff", "PAIN-OST-002", "1.0", "1.1"]) == 0
    diff = capsys.readouterr().out.splitlines()
    assert diff[0] == "--- PAIN-OST-002 version 1.0 (released)"
    assert "-## What to expect" in diff and "+## What happens over time" in diff
    assert "-- Version: 1.0" in diff and "+- Version: 1.1" in diff
    assert main(["--content", str(content_copy), "--diff", "PAIN-OST-002", "1.0", "3.0"]) == 2
    assert "versions known: 1.0, 1.1" in capsys.readouterr().err


def test_archive_never_overwrites_an_archived_file(content_copy, tmp_path):
    folder = tmp_path / "archive" / "PAIN-OST-002"
    folder.mkdir(parents=True)
    (folder / "PAIN-OST-002-v1.0-a4.pdf").write_bytes(b"an earlier, different copy")
    assert build_all(content_copy, tmp_path, "PAIN-OST-002") == 0
    new_version(content_copy, "What happens over time")
    assert build_all(content_copy, tmp_path, "PAIN-OST-002") == 0
    assert (folder / "PAIN-OST-002-v1.0-a4.pdf").read_bytes() == b"an earlier, different copy"
    assert reader(folder / "PAIN-OST-002-v1.0-a4.1.pdf").pages


def test_diff_of_an_edited_approved_version_shows_the_edit(content_copy, capsys):
    leaflet = content_copy / "leaflets" / "managing-pain.yaml"
    leaflet.write_text(leaflet.read_text(encoding="utf-8").replace("What to expect", "What happens now"),
                       encoding="utf-8")
    assert main(["--content", str(content_copy), "--diff", "PAIN-OST-002", "1.0", "1.0"]) == 0
    diff = capsys.readouterr().out.splitlines()
    assert "+## What happens now" in diff and diff[1].startswith("+++ PAIN-OST-002 version 1.0 (approved, in ")
