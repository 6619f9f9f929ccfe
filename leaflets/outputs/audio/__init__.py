"""The audio format: the leaflet read aloud, as an MP3 with a chapter for each main heading.

Spoken offline by eSpeak NG (``speech``) from the script (``script``),
encoded with ``lameenc`` at a constant bit rate and tagged with ``mutagen``:
the title (status first), who it is from, the reference, version and dates,
and ID3 chapters (``CHAP`` and a ``CTOC`` table of contents) so a listener
can skip to a section. Nothing depends on the clock, so the same source
gives the same bytes.

Verification reads the file as a player does: its length, its tags and its
chapters, and the script it was spoken from must hold every word of the
leaflet in order.

One synthesis serves two formats: :func:`record` gives the checked MP3 with
the time of every sentence of its script, which the talking book (``epub``)
sets beside its text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ...document.words import words
from ...errors import VerificationError
from ...governance.edition import Edition
from ..base import Output, Rendition, Variant, check_words
from .script import Chapter, Line, script, text
from .speech import CHAPTER_PAUSE_MS, fresh, speak_line, voice

BIT_RATE = 48
"""kbit/s, constant: clear speech from a mono 22 kHz voice, about 360 KB a minute."""
QUALITY = 7
"""LAME's encoder quality (0 best, 9 fastest): 7 encodes a leaflet in a third of the time 2 takes, and speech at this bit rate needs no more."""


def minutes(seconds: float) -> str:
    """A length as staff say it: 7 min 30 s."""
    whole = round(seconds)
    return f"{whole // 60} min {whole % 60} s" if whole >= 60 else f"{whole} s"


@dataclass(frozen=True)
class Sentence:
    """One sentence of the script as heard: where it starts in its line's text, and when it is said."""

    start: int
    """Its first character in :attr:`Line.text`."""
    begin: int
    """Milliseconds from the start of the recording."""
    end: int
    """Where the next sentence begins: the silence after it is its own."""


@dataclass(frozen=True)
class Recording:
    """The leaflet spoken once: the checked MP3, and when each line of its script is said, sentence by sentence."""

    chapters: list[Chapter]
    mp3: bytes
    length: float
    """Seconds, as a player measures the MP3."""
    lines: tuple[tuple[Line, tuple[Sentence, ...]], ...]
    """Every line of the script in order, with its sentences; they run end to end from 0 to the last sample."""


def spoken(chapters: list[Chapter], voice_name: str) -> tuple[bytes, list[tuple[int, int]], list[list[tuple[int, int]]]]:
    """The chapters' samples, each chapter's start and end and each line's sentences' (character, start) in
    milliseconds (spoken in a fresh process)."""
    return fresh(lambda: speak_chapters(chapters, voice_name))


def speak_chapters(chapters: list[Chapter], voice_name: str) -> tuple[bytes, list[tuple[int, int]], list[list[tuple[int, int]]]]:
    speaker = voice()
    samples = bytearray()
    spans, sentences = [], []

    def now(extra: int = 0) -> int:
        return (len(samples) // 2 + extra) * 1000 // speaker.sample_rate

    for chapter in chapters:
        start = now()
        for line in chapter.lines:
            said_line = speak_line(line, voice_name)
            sentences.append([(character, now(sample)) for character, sample in said_line.sentences])
            samples += said_line.samples
        samples += speaker.silence(CHAPTER_PAUSE_MS)
        spans.append((start, now()))
    return bytes(samples), spans, sentences


def record(edition: Edition) -> Recording:
    """Speak ``edition`` once, encode, tag and check the MP3, and time every sentence of its script."""
    chapters = script(edition)
    samples, spans, starts = spoken(chapters, edition.document.phrases.voice)
    data = tagged(encoded(samples), edition, chapters, spans)
    length = read_back(data, edition, chapters, text(chapters))
    lines = [line for chapter in chapters for line in chapter.lines]
    begins = [begin for line_starts in starts for _, begin in line_starts] + [spans[-1][1]]
    timed, index = [], 0
    for line, line_starts in zip(lines, starts):
        timed.append((line, tuple(Sentence(character, begins[index + n], begins[index + n + 1])
                                  for n, (character, _) in enumerate(line_starts))))
        index += len(line_starts)
    return Recording(chapters, data, length, tuple(timed))


def encoded(samples: bytes) -> bytes:
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(BIT_RATE)
    encoder.set_in_sample_rate(voice().sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(QUALITY)
    return bytes(encoder.encode(samples) + encoder.flush())


def facts(edition: Edition) -> dict[str, str]:
    """The document control facts a player shows as tags: the stamp's, each named, and the version in use."""
    phrases, dates = edition.document.phrases, edition.dates
    named = {name: " / ".join(items) for name, items in edition.facts_in(phrases).items()}
    in_use = {"in use": dates.in_use.sentence(phrases)} if dates.in_use else {}
    status = named.pop("status", "current")
    return named | in_use | {"status": status}


def tagged(mp3: bytes, edition: Edition, chapters: list[Chapter], spans: list[tuple[int, int]]) -> bytes:
    """``mp3`` with its ID3 tags: what it is, which version, and a chapter per section."""
    from mutagen.id3 import CHAP, CTOC, ID3, TIT2, TLAN, TPE1, TXXX, CTOCFlags

    leaflet, site = edition.leaflet, edition.document.site
    tags = ID3()
    tags.add(TIT2(encoding=3, text=edition.title))
    tags.add(TPE1(encoding=3, text=f"{site.organisation} \u2013 {site.department}"))
    tags.add(TLAN(encoding=3, text=leaflet.language))
    for name, value in facts(edition).items():
        tags.add(TXXX(encoding=3, desc=name, text=value))
    ids = [f"chapter{n}" for n in range(1, len(chapters) + 1)]
    tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                  sub_frames=[TIT2(encoding=3, text="Contents")]))
    for element, chapter, (start, end) in zip(ids, chapters, spans):
        tags.add(CHAP(element_id=element, start_time=start, end_time=end, sub_frames=[TIT2(encoding=3, text=chapter.title)]))
    out = io.BytesIO(mp3)
    tags.save(out, padding=lambda info: 0)
    return out.getvalue()


def read_back(data: bytes, edition: Edition, chapters: list[Chapter], said: str) -> float:
    """Check the file as a player reads it; its length in seconds."""
    from mutagen.id3 import ID3
    from mutagen.mp3 import MP3

    audio = MP3(io.BytesIO(data))
    tags = ID3(io.BytesIO(data))
    if str(tags["TIT2"]) != edition.title:
        raise VerificationError(f"the audio's title tag is not '{edition.title}'")
    marks = sorted(tags.getall("CHAP"), key=lambda frame: frame.start_time)
    if [str(frame.sub_frames["TIT2"]) for frame in marks] != [chapter.title for chapter in chapters]:
        raise VerificationError("the audio's chapters do not follow the leaflet's headings")
    if abs(marks[-1].end_time / 1000 - audio.info.length) > 0.5:
        raise VerificationError(f"the audio lasts {audio.info.length:.1f} s but its chapters end at {marks[-1].end_time / 1000:.1f} s")
    check_words(edition, words(said), "audio script")
    edition.check_dates(" ".join(str(frame) for frame in tags.getall("TXXX")), "audio's tags",
                        {frame.desc: str(frame) for frame in tags.getall("TXXX")})
    return audio.info.length


class AudioOutput(Output):
    name = "audio"
    extension = ".mp3"
    label = "Audio (MP3)"

    def preload(self, work) -> None:
        voice()

    def make(self, edition: Edition, variant: Variant) -> list[Rendition]:
        recording = record(edition)
        said = text(recording.chapters)
        return [Rendition(variant.name, recording.mp3, len(recording.chapters), 0.0, tuple(words(said)), variant.label,
                          minutes(recording.length))]
