"""A variable font is cut into static faces once, kept in the user's cache, and never trusted blindly."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from leaflets.outputs import fontfiles


def test_a_variable_font_is_cut_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    first = fontfiles.face("Noto Sans Arabic", 700)
    [cached] = (tmp_path / "leaflets" / "fonts").glob("*-700-100.ttf")
    assert cached.read_bytes() == first
    cut = TTFont(cached)
    assert "fvar" not in cut and cut["OS/2"].usWeightClass == 700, "a static bold face"
    assert fontfiles.face("Noto Sans Arabic", 700) == first, "the same bytes from the cache"


def test_a_cache_that_cannot_be_written_costs_only_time(tmp_path, monkeypatch):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert not fontfiles.variable(fontfiles.face("Noto Sans Arabic", 400))


def test_a_static_font_is_its_own_file():
    data = fontfiles.font_file("Atkinson Hyperlegible", 400).read_bytes()
    assert not fontfiles.variable(data) and fontfiles.face("Atkinson Hyperlegible", 400) == data
