"""Nothing approved vanishes from the register by accident: a broken or missing source keeps its last good entry."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import CONTENT, TODAY, run

LATER = "2026-12-01"


@pytest.fixture
def published(tmp_path):
    """The bundled library built into an output folder, with a content copy to break."""
    content, output = tmp_path / "content", tmp_path / "output"
    shutil.copytree(CONTENT, content)
    assert build(content, output) == 0
    return content, output


def build(content, output, today=TODAY) -> int:
    return run("--content", str(content), "--output", str(output), "--today", today)


def entry(output, leaflet_id):
    rows = json.loads((output / "manifest.json").read_text(encoding="utf-8"))["leaflets"]
    return next(row for row in rows if row["id"] == leaflet_id)


def csv_problem(output, leaflet_id) -> set[str]:
    with open(output / "register.csv", newline="", encoding="utf-8") as file:
        return {row["problem"] for row in csv.DictReader(file) if row["id"] == leaflet_id}


def test_a_source_with_a_syntax_error_keeps_its_last_good_entry(published, capsys):
    content, output = published
    before = entry(output, "PAIN-OST-002")
    source = content / "leaflets" / "managing-pain.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("title:", "title: [unclosed", 1), encoding="utf-8")
    capsys.readouterr()
    assert build(content, output) == 1
    assert "managing-pain.yaml:" in capsys.readouterr().err, "the file and line are named"
    kept = entry(output, "PAIN-OST-002")
    assert kept["problem"] == {"what": "source has errors", "since": TODAY}
    assert kept["files"] == before["files"] and len(kept["files"]) == 4, "its files are still listed"
    assert (kept["version"], kept["title"]) == (before["version"], before["title"])
    assert csv_problem(output, "PAIN-OST-002") == {f"source has errors since {TODAY}"}
    page = (output / "index.html").read_text(encoding="utf-8")
    assert "Source has errors since 23 November 2026: last good version still shown." in page
    assert "PAIN-OST-002/PAIN-OST-002-v1.0-a4.pdf" in page, "staff can still find it"

    assert build(content, output, LATER) == 1
    assert entry(output, "PAIN-OST-002")["problem"]["since"] == TODAY, "the date the fault began is kept"
    shutil.copy(CONTENT / "leaflets" / "managing-pain.yaml", source)
    assert build(content, output, LATER) == 0
    assert entry(output, "PAIN-OST-002")["problem"] is None and csv_problem(output, "PAIN-OST-002") == {""}


def test_a_second_file_with_the_same_id_names_both_and_the_published_one_stays(published, capsys):
    content, output = published
    shutil.copy(content / "leaflets" / "looking-after-bones.yaml", content / "leaflets" / "zz-copy.yaml")
    capsys.readouterr()
    assert build(content, output) == 1
    err = capsys.readouterr().err
    assert "zz-copy.yaml" in err and "looking-after-bones.yaml" in err
    kept = entry(output, "PAIN-OST-003")
    assert kept["problem"]["what"] == "source has errors" and kept["files"]


def test_a_deleted_source_is_listed_as_missing_not_dropped(published):
    content, output = published
    (content / "leaflets" / "looking-after-bones.yaml").unlink()
    assert build(content, output) == 0, "the rest builds"
    kept = entry(output, "PAIN-OST-003")
    assert kept["problem"]["what"] == "source file missing" and kept["files"]
    assert "Source file missing since" in (output / "index.html").read_text(encoding="utf-8")


def test_dates_that_break_the_rules_keep_the_last_good_entry(published):
    content, output = published
    source = content / "leaflets" / "managing-pain.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("review_date: 2029-11-02", "review_date: 2030-11-02"),
                      encoding="utf-8")
    assert build(content, output) == 1
    kept = entry(output, "PAIN-OST-002")
    assert kept["problem"]["what"] == "source has errors" and kept["review_date"] == "2029-11-02"


def test_only_a_withdrawal_on_purpose_takes_a_leaflet_off_the_shelf(published):
    content, output = published
    source = content / "leaflets" / "managing-pain.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("status: approved", "status: withdrawn", 1),
                      encoding="utf-8")
    assert build(content, output) == 0
    row = entry(output, "PAIN-OST-002")
    assert (row["state"], row["problem"], row["files"], row["withdrawn_on"]) == ("withdrawn", None, [], TODAY)
    assert row["archived"], "its files went to the archive, not away"
    assert build(content, output, LATER) == 0
    assert entry(output, "PAIN-OST-002")["withdrawn_on"] == TODAY, "the day it was withdrawn is kept"
    assert "Withdrawn</span> since 23 November 2026" in (output / "register.html").read_text(encoding="utf-8")
