"""Bad input gets a ``path:line: message`` and exit code 1, and the good leaflets still build."""

from __future__ import annotations

import pytest

from conftest import TODAY, pdfs, published
from leaflets.cli import main

GOOD = """\
id: TEST-001
title: A test leaflet
language: en-GB
version: "1.0"
status: approved
owner: Pain Service
approved_by: Patient Information Group
approval_date: 2026-11-02
review_date: 2029-11-02
feedback: Tell the Pain Service what you think.
changes:
  - version: "1.0"
    date: 2026-11-02
    summary: First version.
sources:
  - "NHS website: Back pain"
blocks:
  - paragraph: Hello.
"""

# (name, what replaces what in GOOD, expected line, words expected in the message)
BROKEN = [
    ("misspelt key", ("review_date:", "reveiw_date:"), 9, ["unknown key 'reveiw_date'", "did you mean 'review_date'"]),
    ("missing key", ("owner: Pain Service\n", ""), 1, ["missing required key 'owner'"]),
    ("bad date", ("approval_date: 2026-11-02", "approval_date: 2nd November"), 8, ["'2nd November' is not a date", "YYYY-MM-DD"]),
    ("impossible date", ("review_date: 2029-11-02", "review_date: 2029-02-30"), 9, ["'2029-02-30' is not a real date", "YYYY-MM-DD"]),
    ("bad status", ("status: approved", "status: final"), 5, ["'final' is not allowed", "draft, approved, withdrawn"]),
    ("unquoted version", ('version: "1.0"\nstatus', "version: 1.0\nstatus"), 4, ["must be text", "quotes"]),
    ("unknown block", ("  - paragraph: Hello.", "  - paragrahp: Hello."), 18, ["unknown block type 'paragrahp'", "did you mean 'paragraph'"]),
    ("figure without alt", ("  - paragraph: Hello.", "  - figure:\n      file: figures/vertebra-compression.svg"), 18, ["missing required key 'alt'"]),
    ("unsafe link", ("  - paragraph: Hello.", "  - paragraph: See [this](javascript:alert(1))."), 18, ["is not allowed", "https:"]),
    ("python tag", ("  - paragraph: Hello.", "  - paragraph: !!python/object/apply:os.system [echo]"), 18, ["is not allowed"]),
    ("bad yaml", ("title: A test leaflet", "title: [A test leaflet"), 3, []),
    ("version without a change entry", ('version: "1.0"\nstatus', 'version: "1.1"\nstatus'), 12, ["newest change is for version 1.0"]),
    ("missing figure file", ("  - paragraph: Hello.", "  - figure: {file: figures/none.svg, alt: A picture}"), 18, ["does not exist"]),
    ("figure outside content", ("  - paragraph: Hello.", "  - figure: {file: ../README.svg, alt: A picture}"), 18, ["inside content/"]),
    ("missing include", ("  - paragraph: Hello.", "  - include: shared/none.yaml"), 18, ["does not exist"]),
]


@pytest.mark.parametrize("name, change, line, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_bad_leaflet_is_reported_at_its_line_and_the_rest_still_build(content_copy, tmp_path, capsys, name, change, line, words):
    bad = content_copy / "leaflets" / "broken.yaml"
    old, new = change
    assert old in GOOD
    bad.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    output = tmp_path / "out"
    code = main(["--content", str(content_copy), "--output", str(output), "--today", TODAY, "--layout", "a4"])
    err = capsys.readouterr().err
    assert code == 1
    located = [l for l in err.splitlines() if f"broken.yaml:{line}:" in l]
    assert located, err
    for word in words:
        assert word in located[0], err
    good = len(list((content_copy / "leaflets").glob("*.yaml"))) - 1 + len(list((content_copy / "translations").glob("*.yaml")))
    assert len(pdfs(output)) == good
    assert not [path for path in published(output) if path.name.startswith("TEST-001")], "no copy of the bad leaflet"


def test_the_good_variant_builds(content_copy, tmp_path):
    (content_copy / "leaflets" / "good.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["--content", str(content_copy), "--output", str(tmp_path), "--today", TODAY, "TEST-001", "--layout", "a4"]) == 0
    assert [p.name for p in pdfs(tmp_path)] == ["TEST-001-v1.0-a4.pdf"]


def test_every_problem_in_a_file_is_listed_at_once(content_copy, tmp_path, capsys):
    text = GOOD.replace("review_date:", "reveiw_date:").replace("status: approved", "status: final")
    (content_copy / "leaflets" / "broken.yaml").write_text(text, encoding="utf-8")
    assert main(["--content", str(content_copy), "--check"]) == 1
    err = capsys.readouterr().err
    assert "broken.yaml:5:" in err and "broken.yaml:9:" in err and "missing required key 'review_date'" in err


def test_not_utf8_and_aliases_get_messages_not_tracebacks(content_copy, capsys):
    (content_copy / "leaflets" / "latin1.yaml").write_bytes(GOOD.replace("Hello.", "Caf\xe9.").encode("latin-1"))
    (content_copy / "leaflets" / "alias.yaml").write_text(GOOD.replace("sources:\n", "sources: &s\n") + "x: *s\n")
    assert main(["--content", str(content_copy), "--check"]) == 1
    err = capsys.readouterr().err
    assert "latin1.yaml:18: file is not UTF-8 text" in err
    assert "alias.yaml:" in err and "aliases (*name) are not allowed" in err
    assert "Traceback" not in err


def test_two_leaflets_with_one_id_are_both_named(content_copy, capsys):
    for name in ("one.yaml", "two.yaml"):
        (content_copy / "leaflets" / name).write_text(GOOD, encoding="utf-8")
    assert main(["--content", str(content_copy), "--check"]) == 1
    err = capsys.readouterr().err
    assert "TEST-001 is also the id of" in err and "one.yaml" in err and "two.yaml" in err


def test_markup_lookalikes_print_exactly_as_typed(content_copy, tmp_path):
    from conftest import read_page, reader
    literal = "Use <font size=40> & <b>not</b> bold; 3 < 4."
    (content_copy / "leaflets" / "good.yaml").write_text(GOOD.replace("Hello.", f"'{literal}'"), encoding="utf-8")
    assert main(["--content", str(content_copy), "--output", str(tmp_path), "--today", TODAY, "TEST-001", "--layout", "a4"]) == 0
    text = read_page(reader(pdfs(tmp_path)[0]).pages[0]).text
    assert literal in text


@pytest.mark.parametrize("args", [["--layout", "nope"], ["--today", "23/11/2026"], ["--check", "--list"]])
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        raise SystemExit(main(args))
    assert exit_.value.code == 2


def test_unknown_id_fails(tmp_path, capsys):
    assert main(["NOPE-999", "--output", str(tmp_path), "--today", TODAY]) == 1
    assert "no valid leaflet has the id NOPE-999" in capsys.readouterr().err
