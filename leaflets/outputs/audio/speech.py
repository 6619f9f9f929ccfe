"""Speech: a script's lines spoken by eSpeak NG, as 16-bit mono samples.

eSpeak NG comes from the ``espeakng-loader`` wheel, which carries the library
and its voices, so nothing is installed from the system and nothing is
fetched while a leaflet is read. The library is driven through ctypes,
synchronously. It keeps state from one utterance to the next that no call
resets (the same sentence spoken twice in a process gives different
samples), so each leaflet is spoken in a process of its own, forked from one
that has loaded the voice but never spoken: the same script then gives the
same samples, whichever worker builds it and whatever it built before.

Numbers a listener must write down are read digit by digit in their groups
("0 1 6 3 2, 9 6 0, 2 0 0"), as are 111 and 999; other numbers, dates
among them, are read as numbers. Silence is made here, not by the voice, so
a pause is exactly as long as its kind says.

While it speaks, the voice reports where each word starts in its samples;
a line's sentences are timed from those reports, so the talking book's
highlighting follows the very samples the MP3 is encoded from.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import re
from dataclasses import dataclass
from functools import cache
from typing import Callable, TypeVar

from ...errors import RenderError
from ...processes import die_with_parent
from .script import Line, sentence_starts

RATE_WPM = 155
"""Words a minute: a little slower than conversation, as guidance on audio information suggests."""
PAUSES_MS = {"sentence": 350, "item": 500, "heading": 800}
"""Silence after a line, by its kind."""
CHAPTER_PAUSE_MS = 1200
"""Silence between chapters."""
SYNCHRONOUS = 2
"""AUDIO_OUTPUT_SYNCHRONOUS: espeak_Synth returns when the speech is made."""
UTF8 = 1
"""espeakCHARS_UTF8."""
RATE_PARAMETER = 1
"""espeakRATE."""
POSITION_CHARACTER = 1
"""POS_CHARACTER."""
WORD_EVENT = 1
"""espeakEVENT_WORD: a word starts; the list of events ends with espeakEVENT_LIST_TERMINATED (0)."""
SPOKEN_DIGITS = re.compile(r"\b0\d{2,4}(?: \d{3,4}){1,2}\b|\b(?:111|999)\b")
"""Phone numbers (a leading 0 and their groups) and the emergency numbers."""

T = TypeVar("T")



class Event(ctypes.Structure):
    """espeak_EVENT, as speak_lib.h lays it out."""

    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", ctypes.c_char * 8)]


CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(Event))


@dataclass
class Voice:
    """eSpeak NG, loaded and set up in this process."""

    library: ctypes.CDLL
    sample_rate: int
    chunks: list[bytes]
    words: list[tuple[int, int]]
    """Where each word of the last text spoken starts: its character (from 0) and its first sample."""
    callback: object  # kept alive: eSpeak NG calls it for every chunk of samples

    def speak(self, text: str, name: str) -> bytes:
        """``text`` read by the voice ``name`` (the language file's ``voice``)."""
        if self.library.espeak_SetVoiceByName(name.encode()) != 0:
            raise RenderError(f"eSpeak NG has no voice '{name}'; check voice: in the language file")
        self.library.espeak_SetParameter(RATE_PARAMETER, RATE_WPM, 0)
        self.chunks.clear()
        self.words.clear()
        data = text.encode("utf-8")
        if self.library.espeak_Synth(data, len(data) + 1, 0, POSITION_CHARACTER, 0, UTF8, None, None) != 0:
            raise RenderError("eSpeak NG could not speak the leaflet")
        self.library.espeak_Synchronize()
        if not any(self.chunks):
            raise RenderError(f"eSpeak NG made no sound for '{text[:40]}'")
        return b"".join(self.chunks)

    def silence(self, milliseconds: int) -> bytes:
        return b"\0\0" * (self.sample_rate * milliseconds // 1000)


@cache
def voice() -> Voice:
    """eSpeak NG, loaded once per process; speak only in :func:`fresh` processes."""
    import espeakng_loader

    library = ctypes.CDLL(espeakng_loader.get_library_path())
    sample_rate = library.espeak_Initialize(SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0)
    if sample_rate <= 0:
        raise RenderError("eSpeak NG would not start (espeakng-loader's library or voices are missing)")
    chunks: list[bytes] = []
    words: list[tuple[int, int]] = []

    def collect(samples, count: int, events) -> int:
        index = 0
        while events[index].type != 0:
            if events[index].type == WORD_EVENT:
                words.append((events[index].text_position - 1, events[index].sample))
            index += 1
        if count > 0:
            chunks.append(ctypes.string_at(samples, count * 2))
        return 0

    callback = CALLBACK(collect)
    library.espeak_SetSynthCallback(callback)
    return Voice(library, sample_rate, chunks, words, callback)


def spoken(text: str) -> str:
    """``text`` as the voice should read it: numbers to write down read digit by digit, group by group."""
    return SPOKEN_DIGITS.sub(lambda match: ", ".join(" ".join(group) for group in match.group().split()), text)


@dataclass(frozen=True)
class SpokenLine:
    """A line's samples, the silence after it included, and where its sentences start."""

    samples: bytes
    sentences: tuple[tuple[int, int], ...]
    """Each sentence the voice said: its first character in the line's text, and its first sample (the first at 0)."""


def speak_line(line: Line, name: str) -> SpokenLine:
    """One line read by the voice ``name``, timed sentence by sentence, and the silence after it.

    A sentence starts where the voice reports its first word; one in which
    it reports no word joins the sentence before it.
    """
    spoken_voice = voice()
    samples = spoken_voice.speak(spoken(line.text), name) + spoken_voice.silence(PAUSES_MS[line.pause])
    sentences = [(0, 0)]
    for start in sentence_starts(line.text)[1:]:
        at = len(spoken(line.text[:start]))  # where the sentence starts in the text as the voice read it
        first = next((sample for character, sample in spoken_voice.words if character >= at), None)
        if first is not None and first > sentences[-1][1]:
            sentences.append((start, first))
    return SpokenLine(samples, tuple(sentences))


def fresh(work: Callable[[], T]) -> T:
    """``work()`` done in a child forked for it, so it starts from this process's state and leaves it alone."""
    voice()  # loaded here, once, so every child starts from the same state
    parent = os.getpid()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (the child)
        status = 1
        try:
            die_with_parent(parent)
            os.close(read)
            with os.fdopen(write, "wb") as pipe:
                pickle.dump(work(), pipe)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child, 0)
    if status != 0 or not data:
        raise RenderError("eSpeak NG stopped before it had read the leaflet")
    return pickle.loads(data)
