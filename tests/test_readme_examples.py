"""Every YAML example in the README is valid as an author would copy it."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from leaflets.errors import ContentError
from leaflets.source import easyread, validate
from leaflets.source.load import Source, load_yaml

README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCED = re.findall(r"```yaml\n(.*?)```", README, re.S)
BLOCK_ROWS = re.findall(r"^\| `(\w+)` \| `(- \w+:.*?)` \|", README, re.M)
SCHEMAS = {"organisation": validate.site, "id": validate.leaflet, "translates": validate.translation,
           "explains": easyread.edition}
"""What each fenced example is, by its first key: a site file, a leaflet, a translation or an Easy Read edition."""


def test_the_readme_has_the_examples_this_file_checks():
    assert len(FENCED) >= 2 and {name for name, _ in BLOCK_ROWS} == set(validate.BLOCKS)


@pytest.mark.parametrize("example", FENCED, ids=lambda text: text.split(":", 1)[0])
def test_each_file_example_loads_and_validates(example, tmp_path):
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    source = load_yaml(path)
    SCHEMAS[next(iter(source.data))](source)


@pytest.mark.parametrize("kind, example", BLOCK_ROWS, ids=[name for name, _ in BLOCK_ROWS])
def test_each_block_example_is_a_valid_block(kind, example):
    [value] = yaml.safe_load(example)
    checker = validate.Checker(Source(ROOT / "README.md", None))
    parsed = validate.block(checker, ("blocks", 0), value)
    assert not checker.problems and parsed is not None, checker.problems


def test_unquoted_punctuation_gets_the_usual_fix_in_plain_words(tmp_path):
    path = tmp_path / "leaflet.yaml"
    path.write_text("blocks:\n  - questions: [{question: Will it heal?, answer: Yes, usually.}]\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_yaml(path)
    assert "leaflet.yaml:2:" in str(raised.value) and "in quotes" in str(raised.value)
