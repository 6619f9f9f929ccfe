"""The audio format, as a listener and a player get it: its length, its tags, its chapters and the script it speaks."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from mutagen.mp3 import MP3

from conftest import built_in, CONTENT, DRAFT_NOTICE, TODAY, draft_of
from leaflets.cli import main
from leaflets.document.resolve import resolve
from leaflets.outputs.audio.speech import RATE_WPM, spoken
from leaflets.source import model
from leaflets.source.library import read_library


@pytest.fixture(scope="module")
def recordings(tmp_path_factory) -> dict[str, Path]:
    return built_in("audio", tmp_path_factory.mktemp("audio"))


def chapters(path: Path) -> list:
    return sorted(ID3(path).getall("CHAP"), key=lambda frame: frame.start_time)


def test_a_chapter_for_the_title_and_each_main_heading(recordings):
    library = read_library(CONTENT)
    for leaflet in library.leaflets:
        headings = [block.text for block in resolve(leaflet, library).blocks
                    if isinstance(block, model.Heading) and block.level == 1]
        marks = chapters(recordings[leaflet.id])
        assert [str(mark.sub_frames["TIT2"]) for mark in marks] == [leaflet.title, *headings]
        assert marks[0].start_time == 0 and all(a.end_time == b.start_time for a, b in zip(marks, marks[1:]))
        toc = ID3(recordings[leaflet.id]).getall("CTOC")[0]
        assert list(toc.child_element_ids) == [mark.element_id for mark in marks]


def test_it_lasts_as_long_as_reading_the_words_takes(recordings):
    library = read_library(CONTENT)
    for leaflet in library.leaflets:
        audio = MP3(recordings[leaflet.id])
        words = len(resolve(leaflet, library).words)
        assert words / RATE_WPM * 60 < audio.info.length < 2 * words / RATE_WPM * 60, (leaflet.id, audio.info.length)
        assert abs(chapters(recordings[leaflet.id])[-1].end_time / 1000 - audio.info.length) < 0.5
        assert audio.info.sample_rate == 22050 and audio.info.channels == 1


def test_the_tags_say_what_it_is_and_which_version(recordings):
    tags = ID3(recordings["PAIN-OST-001"])
    assert str(tags["TIT2"]) == "Back pain from osteoporosis"
    assert str(tags["TPE1"]) == "Example Hospitals NHS Foundation Trust \u2013 Pain Service"
    assert {frame.desc: str(frame) for frame in tags.getall("TXXX")} == {
        "reference": "PAIN-OST-001", "version": "Version 1.0", "approved": "Approved 2 November 2026",
        "review due": "Review due 2 November 2029", "status": "current"}


def test_numbers_to_write_down_are_read_digit_by_digit():
    assert spoken("Call 01632 960 200, or 999 or NHS 111, from 2026.") == \
        "Call 0 1 6 3 2, 9 6 0, 2 0 0, or 9 9 9 or NHS 1 1 1, from 2026."


def test_a_draft_says_so_in_its_title_and_tags_and_is_the_same_twice(tmp_path):
    content = draft_of(tmp_path / "content")
    made = []
    for run in ("first", "second"):
        assert main(["--content", str(content), "--output", str(tmp_path / run), "--today", TODAY,
                     "--format", "audio", "PAIN-OST-002"]) == 0
        [path] = (tmp_path / run / "PAIN-OST-002").glob("*-DRAFT.mp3")
        made.append(hashlib.sha256(path.read_bytes()).hexdigest())
    tags = ID3(path)
    assert str(tags["TIT2"]).startswith(f"{DRAFT_NOTICE.word}: ")
    assert {frame.desc: str(frame) for frame in tags.getall("TXXX")}["status"] == DRAFT_NOTICE.word
    assert made[0] == made[1], "the same source gives the same bytes"
