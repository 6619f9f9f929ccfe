"""Choosing formats: on the command line, in the trust's settings file, or all of them."""

from __future__ import annotations

import re

from conftest import TODAY, pdfs, run


def test_an_unknown_format_in_the_settings_file_is_named_with_its_line(content_copy, tmp_path, capsys):
    settings = content_copy / "settings.yaml"
    settings.write_text(re.sub(r"(?m)^formats:.*$", "formats: [pdf, htm]", settings.read_text(encoding="utf-8")),
                        encoding="utf-8")
    assert run("--content", str(content_copy), "--output", str(tmp_path), "--today", TODAY) == 1
    err = capsys.readouterr().err
    line = next(n for n, text in enumerate(settings.read_text(encoding="utf-8").splitlines(), 1) if text.startswith("formats"))
    assert f"settings.yaml:{line}: formats.1: 'htm' is not a format (use one of: pdf" in err
    assert pdfs(tmp_path) == []


def test_an_unknown_format_on_the_command_line_is_a_usage_error(capsys):
    assert run("--format", "braile") == 2
    assert "unknown format 'braile'; choose from: pdf" in capsys.readouterr().err


def test_the_settings_file_chooses_the_formats_when_the_command_names_none(content_copy, tmp_path):
    settings = content_copy / "settings.yaml"
    assert "formats: [pdf, html, text]" in settings.read_text(encoding="utf-8"), "the bundled settings name their formats"
    settings.write_text(re.sub(r"(?m)^formats:.*\n", "", settings.read_text(encoding="utf-8")), encoding="utf-8")
    assert run("--content", str(content_copy), "--output", str(tmp_path), "--today", TODAY, "PAIN-OST-003") == 0
    assert [p.name for p in pdfs(tmp_path)] == ["PAIN-OST-003-v1.0-a4.pdf", "PAIN-OST-003-v1.0-large-print.pdf"]
