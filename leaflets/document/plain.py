"""Plain English, measured: reading ease, long sentences, the passive voice and medical words left unexplained.

STANDARDS.md §4 asks for short sentences, active voice, everyday words and
each medical word explained where it first appears. The content tests hold the
bundled leaflets to the reading ease; the Word importer reports all four for
each leaflet it brings in, so an author sees what to fix before review. Every
measure works offline: syllables are counted with pyphen's hyphenation
dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

LONG_SENTENCE = 25
"""Words in a sentence beyond which readers lose its thread (STANDARDS.md §4: short sentences)."""

_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\u2022|(?<!\w)\d+\.(?=\s)")
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


def syllables(word: str) -> int:
    return max(1, len(_dictionary().inserted(word.lower()).split("-")))


def sentences(text: str) -> list[str]:
    """The sentences of ``text``: ended by a full stop, question or exclamation mark, or a list item's bullet."""
    return [s.strip() for s in _SENTENCE_END.split(text) if _WORD.search(s)]


def flesch_reading_ease(text: str) -> float:
    """206.835 − 1.015 × words per sentence − 84.6 × syllables per word.

    Sentences end at full stops, question and exclamation marks, and at each
    list item, since a bullet point is read as a sentence of its own.
    """
    words = _WORD.findall(text)
    if not words:
        return 0.0
    return 206.835 - 1.015 * len(words) / len(sentences(text)) - 84.6 * sum(map(syllables, words)) / len(words)


def word_count(sentence: str) -> int:
    return len(_WORD.findall(sentence))


def long_sentences(text: str) -> list[str]:
    """The sentences of more than :data:`LONG_SENTENCE` words."""
    return [s for s in sentences(text) if word_count(s) > LONG_SENTENCE]


_BE = r"(?:am|is|are|was|were|be|been|being|get|gets|got|getting)"
_IRREGULAR = ("born broken chosen done drawn driven eaten fallen felt forgotten found given gone grown held hidden hit "
              "hurt kept known laid led left lost made meant paid put read run said seen sent set shown shut sold spent "
              "split spoken stuck taken taught thought told torn understood woken worn written").split()
_NOT_PASSIVE = set(("called named known tired worried scared frightened interested pleased concerned married retired "
                    "supposed used related bored excited surprised confused embarrassed upset allowed able "
                    "involved prepared qualified advised").split())
"""Words after "is" that describe rather than tell who did what; "is called" and "is known as" are how a word is explained."""
_PASSIVE = re.compile(rf"\b{_BE}\s+(?:\w+ly\s+|not\s+|also\s+|often\s+|usually\s+)?(\w+ed|{'|'.join(_IRREGULAR)})\b",
                      re.IGNORECASE)


def is_passive(sentence: str) -> bool:
    """A form of "be" (or "get") followed by a past participle, as in "the bone is squashed": who did it is left unsaid."""
    return any(match[1].lower() not in _NOT_PASSIVE for match in _PASSIVE.finditer(sentence))


def passive_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if is_passive(s)]


MEDICAL_WORDS = frozenset("""
abscess acute anaemia anaesthetic analgesia analgesic aneurysm angina angiogram angioplasty antibiotic anticoagulant
arrhythmia arthritis arthroscopy asthma atrial benign biopsy bradycardia bronchitis cannula carcinoma cardiac
cardiology catheter cellulitis chemotherapy cholesterol chronic colonoscopy congenital contraindication coronary
cyst cystitis defibrillator dementia diabetes diagnosis dialysis diuretic dyspnoea embolism endoscopy epidural
fracture gastric gastroenteritis haematoma haemorrhage hepatitis hernia hypertension hypotension hypoglycaemia
immunosuppressant incontinence infusion inflammation insulin intravenous ischaemia kyphoplasty kyphosis laparoscopy
lesion lumbar lymphoma malignant metastasis mri myocardial nebuliser neuropathy oedema oncology osteoarthritis
osteopenia osteoporosis palliative physiotherapist physiotherapy pneumonia prognosis prophylaxis prosthesis
radiotherapy renal sciatica sedation sepsis spinal stenosis stent subcutaneous suture tachycardia tens thoracic
thrombosis tumour ultrasound vertebra vertebrae vertebroplasty
""".split())
"""Medical words patients often meet in leaflets; with the endings in :data:`_MEDICAL_ENDING`, what counts as jargon."""
_MEDICAL_ENDING = re.compile(r"\w{3,}(?:itis|osis|ectomy|otomy|ostomy|plasty|scopy|algia|aemia|pathy|ology)\b", re.IGNORECASE)
_EXPLAINED = re.compile(r"\bcalled\b|\bmeans?\b|\bmedical (?:word|name|term)\b|\bis when\b|\b(?:is|are) (?:a|an|the)\b"
                        r"|, (?:a|an|which)\b|\bwhat (?:is|are)\b|\bknown as\b|\bshort for\b|\bthat is\b|\(", re.IGNORECASE)


@dataclass(frozen=True)
class Jargon:
    """A medical word, and the sentence it first appears in."""

    word: str
    sentence: str


def medical_words(sentence: str) -> list[str]:
    """The medical words of ``sentence``, as written, in order."""
    return [w for w in _WORD.findall(sentence) if w.lower() in MEDICAL_WORDS or _MEDICAL_ENDING.fullmatch(w)]


def unexplained(texts: list[str]) -> list[Jargon]:
    """Medical words not explained where they first appear.

    A word counts as explained when its sentence, or the one after it, says
    what it is ("is called", "means", "is a", "is when", ", a", ", which", a
    bracket): the way the bundled leaflets explain vertebra, kyphosis and TENS.
    """
    said = [s for text in texts for s in sentences(text)]
    seen: set[str] = set()
    found = []
    for i, sentence in enumerate(said):
        for word in medical_words(sentence):
            key = word.lower().removesuffix("e") if word.lower() == "vertebrae" else word.lower()
            if key in seen:
                continue
            seen.add(key)
            context = sentence + " " + (said[i + 1] if i + 1 < len(said) else "")
            if not _EXPLAINED.search(context):
                found.append(Jargon(word, sentence))
    return found
