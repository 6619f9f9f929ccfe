"""Generated leaflets, well formed and broken: each builds a valid PDF or gets a located message.

Never a traceback, never a hang, never a partial file. The examples are
derandomised and no example database is kept, so every CI run tries the same
cases. ``LEAFLETS_PROPERTY_EXAMPLES=20000`` runs that many of each kind instead
of the CI default (see README.md, "Quick start").
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sandbox import LARGE_28, Sandbox, qpdf_check, unlocated

SCALE = int(os.environ.get("LEAFLETS_PROPERTY_EXAMPLES", "0"))


def examples(default: int) -> settings:
    """CI's fixed, database-free profile, or the larger run asked for."""
    return settings(max_examples=SCALE or default, derandomize=True, database=None, deadline=None,
                    phases=[Phase.explicit, Phase.generate, Phase.shrink],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# Text: plain words most of the time, so many leaflets are valid and really build;
# otherwise the characters and shapes that break naive code.
WORDS = ["your", "back", "pain", "bone", "rest", "walk", "call", "the", "team", "if", "it", "gets", "worse",
         "vertebra", "osteoporosis", "01632 960 100", "9am", "2 November 2026"]
ODD = [
    "e\u0301", "n\u0303\u0323", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202eabc\u202c",
    "\U0001f9b4", "\U0001f468\u200d\u2695\ufe0f", "\u200b", "Y\u00adour", "\ue000", "\u00a0", "\ufeff", "\x07", "\x1b[31m", "\x85",
    "\ud800", "\udfff", "<font size=40>", "<img src='x.png'/>", '<a href="https://x.org">', "&amp;", "&", "<",
    "<br/>", "</para>", "**", "**bold**", "[x](https://example.org)", "[x](javascript:alert(1))", "[x](file:///etc/passwd)",
    "https://www.example.nhs.uk/" + "a" * 90, "W" * 60, "supercalifragilistic" * 4, "'", '"', "\\", "\t", "\n\n",
    "%", "{", "}", "#", ": ", "- ", "*a", "&a ", "!!python/object:os.system", "\u00e9\u00df\u00f8\u2013\u2019\u00a3",
]
word = st.sampled_from(WORDS)
fragment = st.one_of(word, word, word, st.sampled_from(ODD), st.text(max_size=6))
phrase = st.lists(fragment, min_size=1, max_size=8).map(" ".join)
clean = st.lists(word, min_size=1, max_size=8).map(lambda w: " ".join(w).capitalize() + ".")
ANY_TEXT = st.one_of(clean, clean, clean, phrase)

WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True), st.just(""), st.just("   "),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.lists(word, max_size=3),
    st.dictionaries(word, word, max_size=2), st.recursive(st.lists(st.none(), max_size=1), lambda inner: st.lists(inner, min_size=1, max_size=2), max_leaves=40),
)


def sometimes_wrong(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly ``valid``, sometimes a value of the wrong type or shape."""
    return st.one_of(*[valid] * 6, WRONG)


def as_is(valid: st.SearchStrategy) -> st.SearchStrategy:
    return valid


HUGE_LIST = st.integers(30, 80).map(lambda n: [f"Point {i} about your back." for i in range(n)])
LONG_PARAGRAPH = st.integers(20, 60).map(lambda n: " ".join(["Rest your back."] * n))
FIGURES = ["figures/vertebra-compression.svg", "figures/../figures/vertebra-compression.svg"]
BAD_FIGURES = ["../README.md", "/etc/passwd", "figures/none.svg", "figures", "shared/contact.yaml"]


def blocks(v, texts) -> st.SearchStrategy:
    """Lists of blocks; ``v`` wraps each value's strategy (``as_is`` for well formed, or ``sometimes_wrong``)."""
    items = v(st.one_of(*[st.lists(v(texts), min_size=1, max_size=6)] * 8, HUGE_LIST))
    files = st.sampled_from(FIGURES + (BAD_FIGURES if v is sometimes_wrong else []))
    block = st.one_of(
        st.fixed_dictionaries({"heading": v(texts)}),
        st.fixed_dictionaries({"subheading": v(texts)}),
        st.fixed_dictionaries({"paragraph": v(st.one_of(texts, texts, phrase, LONG_PARAGRAPH))}),
        st.fixed_dictionaries({"bullets": items}),
        st.fixed_dictionaries({"steps": items}),
        st.fixed_dictionaries({"callout": v(st.fixed_dictionaries(
            {"kind": v(st.sampled_from(["info", "important", "urgent"])), "text": v(texts)},
            optional={"title": v(texts), "bullets": items}))}),
        st.fixed_dictionaries({"figure": v(st.fixed_dictionaries(
            {"file": v(files), "alt": v(texts)}, optional={"caption": v(texts)}))}),
        st.fixed_dictionaries({"contacts": v(st.none())}),
        st.fixed_dictionaries({"write_in": v(st.fixed_dictionaries({"label": v(texts), "lines": v(st.integers(1, 12))}))}),
        st.fixed_dictionaries({"questions": v(st.lists(v(st.fixed_dictionaries(
            {"question": v(texts), "answer": v(texts)})), min_size=1, max_size=4))}),
        st.fixed_dictionaries({"include": v(st.sampled_from(["shared/urgent-signs.yaml", "shared/contact.yaml"]))}),
    )
    if v is sometimes_wrong:
        block = st.one_of(block, st.dictionaries(st.sampled_from(["paragraph", "bullets", "image", "Heading", ""]), texts, max_size=2),
                          st.fixed_dictionaries({"include": st.sampled_from(["shared/none.yaml", "../content/shared/contact.yaml"])}))
    return v(st.lists(v(block), min_size=1, max_size=6))


TODAY = dt.date(2026, 11, 23)
IDS = ["TEST-001", "A1", "X-Y-Z", "9-9", "WWWW-WWWW-WWWW-WWWW"]
BAD_IDS = ["test-001", "../ETC", "A/B", "CON", "A" * 300, "TEST_001", "-A", "A\u0000B"]


@st.composite
def leaflets(draw, broken: bool) -> dict:
    """A leaflet as data: well formed, or with values of the wrong type, shape or range and keys missing or misspelt."""
    v = sometimes_wrong if broken else as_is
    texts = ANY_TEXT if broken else clean  # odd text in a well-formed leaflet comes in its paragraphs
    version = draw(v(st.sampled_from(["1.0", "2.3", "10.11"])))
    approved = draw(st.dates(TODAY - dt.timedelta(days=900), TODAY))
    review = approved + dt.timedelta(days=draw(st.integers(-30, 1200)))
    if not broken:
        review = min(max(review, TODAY + dt.timedelta(days=1)), approved + dt.timedelta(days=1090))
    fields = {
        "id": v(st.sampled_from(IDS + (BAD_IDS if broken else []))),
        "title": v(texts),
        "subtitle": v(texts),
        "language": v(st.sampled_from(["en-GB", "cy", "en"])),
        "version": st.just(version),
        "status": v(st.sampled_from(["approved"] * 4 + ["draft"] * 2 + ["withdrawn"])),
        "owner": v(texts),
        "approved_by": v(texts),
        "approval_date": v(st.just(approved)),
        "review_date": v(st.just(review)),
        "feedback": v(texts),
        "changes": v(st.just([{"version": version, "date": approved, "summary": "First version."}])),
        "sources": v(st.lists(texts, min_size=1, max_size=3)),
        "blocks": blocks(v, texts),
    }
    data = {}
    for key, strategy in fields.items():
        if not broken or draw(st.integers(0, 40)) > 0 or key == "subtitle" and draw(st.booleans()):
            data[key] = draw(strategy)
    if broken and draw(st.integers(0, 30)) == 0:
        data[draw(st.sampled_from(["reveiw_date", "Title", "extra"]))] = draw(texts)
    return data


ANY_LEAFLET = st.booleans().flatmap(lambda broken: leaflets(broken=broken))


class _Plain(yaml.SafeDumper):
    """Writes repeated values out in full: the loader refuses aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=70)


# Damage done to the YAML text itself, for the loader.
INSERTS = ["&a ", "*a", "!!python/object/apply:os.system ['true']", "!custom ", "%TAG ! tag:x,2000:\n", "---\n",
           "\t", ": :", "[", "{", '"', "'", "\x00", "\ufeff", "\n  - ", "<<: *a\n", "? ", "|", ">-\n", "\\x"]


@st.composite
def damaged_texts(draw) -> bytes:
    text = dump(draw(ANY_LEAFLET))
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif kind == 2:
            text = text[:at] + draw(st.text(max_size=5)) + text[at:]
        else:
            text = text[:at]
    encoded = text.encode("utf-8", "surrogatepass")
    return draw(st.sampled_from([encoded, encoded, encoded, encoded[:-1] + b"\xff", text.encode("utf-16", "surrogatepass")]))


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory) -> Iterator[Sandbox]:
    """In memory when the machine has /dev/shm: thousands of fsyncs to a disk are most of the time otherwise."""
    shm = Path("/dev/shm")
    root = Path(tempfile.mkdtemp(prefix="leaflets-property-", dir=shm)) if shm.is_dir() else tmp_path_factory.mktemp("property")
    yield Sandbox(root)
    shutil.rmtree(root)


LAYOUTS = st.sampled_from(["a4", "large-print", LARGE_28])


def visible_words(data: dict) -> list[str]:
    """The words of the title and the paragraphs, as a reader would find them in the text layer."""
    texts = [data["title"]] + [b["paragraph"] for b in data["blocks"] if "paragraph" in b]
    plain = [re.sub(r"\[([^\]\n]+)\]\([^)\s]+\)", r"\1", t).replace("**", "") for t in texts]
    return [w for t in plain for w in re.findall(r"\w+", t.casefold())]


def check_outcome(outcome, sandbox: Sandbox, data: dict | None) -> None:
    """A build's one acceptable pair of outcomes: a valid PDF and exit 0, or located messages and exit 1."""
    assert "Traceback" not in outcome.err
    event("built" if outcome.pdfs else "refused" if outcome.code else "not built (withdrawn)")
    assert not outcome.leftovers, f"partial files left behind: {outcome.leftovers}"
    if outcome.code == 0 and "withdrawn, not built" in outcome.out:
        assert not outcome.pdfs
    elif outcome.code == 0:
        assert len(outcome.pdfs) == 1, outcome.out
        pdf = outcome.pdfs[0]
        reader = PdfReader(pdf, strict=True)
        found = re.findall(r"\w+", " ".join(p.extract_text() for p in reader.pages).casefold())
        if data is not None:
            assert set(visible_words(data)) <= set(found)
        assert qpdf_check(pdf) == ""
    else:
        assert outcome.code == 1, (outcome.code, outcome.err)
        assert outcome.err.strip(), "a failure says why"
        assert not outcome.pdfs, "a failed leaflet publishes nothing"
        assert unlocated(outcome.err) == [], outcome.err


@examples(1500)
@given(data=ANY_LEAFLET, layout=LAYOUTS)
def test_generated_leaflets_build_or_are_refused_with_a_located_message(sandbox, data, layout):
    outcome = sandbox.build(dump(data), layout)
    check_outcome(outcome, sandbox, data)


@examples(600)
@given(raw=damaged_texts())
def test_damaged_yaml_is_refused_with_a_located_message(sandbox, raw):
    outcome = sandbox.build(raw, "a4")
    check_outcome(outcome, sandbox, None)
