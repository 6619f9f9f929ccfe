"""Status and date rules, judged against --today, read back from the files the command writes."""

from __future__ import annotations

import hashlib

import pytest

from conftest import TODAY, pdfs, read_page, reader
from leaflets.cli import main
from test_validation import GOOD


def build(content, output, *args):
    return main(["--content", str(content), "--output", str(output), "--layout", "a4", "TEST-001", *args])


def write(content, **changes):
    text = GOOD
    for old, new in changes.items():
        text = text.replace(old, new)
    (content / "leaflets" / "test.yaml").write_text(text, encoding="utf-8")


def every_page(path, words):
    pages = reader(path).pages
    return all(words in read_page(page).text for page in pages)


def test_draft_is_marked_on_every_page_and_in_its_name(content_copy, tmp_path):
    write(content_copy, **{"status: approved": "status: draft"})
    assert build(content_copy, tmp_path, "--today", TODAY) == 0
    [pdf] = pdfs(tmp_path)
    assert pdf.name == "TEST-001-v1.0-a4-DRAFT.pdf"
    assert every_page(pdf, "DRAFT \u2013 not approved for use with patients")


def test_withdrawn_is_not_built_and_says_so(content_copy, tmp_path, capsys):
    write(content_copy, **{"status: approved": "status: withdrawn"})
    assert build(content_copy, tmp_path, "--today", TODAY) == 0
    assert pdfs(tmp_path) == []
    assert "TEST-001: withdrawn, not built" in capsys.readouterr().out


def test_overdue_is_refused_unless_allowed_then_marked(content_copy, tmp_path, capsys):
    write(content_copy)
    assert build(content_copy, tmp_path, "--today", "2029-11-03") == 1
    err = capsys.readouterr().err
    assert "TEST-001 was due for review on 2 November 2029" in err and "needs a review" in err
    assert pdfs(tmp_path) == []
    assert build(content_copy, tmp_path, "--today", "2029-11-03", "--allow-overdue") == 0
    [pdf] = pdfs(tmp_path)
    assert every_page(pdf, "REVIEW OVERDUE \u2013 check before use")


def test_due_for_review_within_six_months_builds_with_a_note(content_copy, tmp_path, capsys):
    write(content_copy)
    assert build(content_copy, tmp_path, "--today", "2029-06-01") == 0
    assert "TEST-001: due for review on 2 November 2029" in capsys.readouterr().out
    assert build(content_copy, tmp_path, "--today", "2029-04-01") == 0
    assert "due for review" not in capsys.readouterr().out


@pytest.mark.parametrize("old, new, message", [
    ("approval_date: 2026-11-02", "approval_date: 2026-12-25", "is in the future"),
    ("review_date: 2029-11-02", "review_date: 2029-11-03", "at most 3 years later"),
    ("review_date: 2029-11-02", "review_date: 2026-01-01", "must be after approval"),
])
def test_date_rules_for_approved_leaflets(content_copy, tmp_path, capsys, old, new, message):
    write(content_copy, **{old: new})
    assert build(content_copy, tmp_path, "--today", TODAY) == 1
    assert message in capsys.readouterr().err
    assert pdfs(tmp_path) == []


def test_same_content_gives_byte_identical_files(tmp_path):
    digests = []
    for run in ("one", "two"):
        assert main(["--output", str(tmp_path / run), "--today", TODAY]) == 0
        digests.append({p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in pdfs(tmp_path / run)})
    assert digests[0] == digests[1] and len(digests[0]) >= 6


def test_pdf_info_names_the_leaflet_version_and_owner(built):
    pdf = next(built.rglob("PAIN-OST-001-*-a4.pdf"))
    info = reader(pdf).metadata
    assert info["/Title"] == "Back pain from osteoporosis"
    assert info["/Author"] == "Pain Service"
    assert "PAIN-OST-001" in info["/Keywords"] and "Version 1.0" in info["/Keywords"]
    assert info["/CreationDate"].startswith("D:20261102")


def test_check_reports_what_a_build_would_refuse(content_copy, capsys):
    write(content_copy, **{"approval_date: 2026-11-02": "approval_date: 2026-12-25"})
    assert main(["--content", str(content_copy), "--check", "--today", TODAY]) == 1
    assert "is in the future" in capsys.readouterr().err
