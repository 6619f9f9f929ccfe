"""Site details: each clinic's own contacts, chosen with --site, checked like content."""

from __future__ import annotations

import pytest
import yaml

from conftest import CONTENT, TODAY, read_page, reader
from leaflets.cli import main

SITES = sorted((CONTENT / "sites").glob("*.yaml"))


def build(content, output, *extra: str) -> int:
    return main(["--content", str(content), "--output", str(output), "--today", TODAY, "--layout", "a4",
                 "PAIN-OST-001", *extra])


def pdf_text(output) -> str:
    pdf = output / "PAIN-OST-001" / "PAIN-OST-001-v1.0-a4.pdf"
    return " ".join(read_page(page).text for page in reader(pdf).pages)


@pytest.mark.parametrize("path", SITES, ids=lambda p: p.stem)
def test_site_option_prints_that_sites_details(content_copy, tmp_path, path):
    site = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert build(content_copy, tmp_path / "out", "--site", path.stem) == 0
    text = pdf_text(tmp_path / "out")
    first = read_page(reader(tmp_path / "out" / "PAIN-OST-001" / "PAIN-OST-001-v1.0-a4.pdf").pages[0]).text
    assert site["organisation"] in first and site["department"] in first
    for phone in site["phones"]:
        assert phone["number"] in text and phone["hours"] in text
    assert site["web"] in text and site["other_formats"]["phone"] in text
    assert ", ".join(site["address"]) in text


def test_the_default_site_comes_from_the_settings(content_copy, tmp_path):
    (content_copy / "settings.yaml").write_text(
        (content_copy / "settings.yaml").read_text().replace("site: sample", "site: northdale"))
    assert build(content_copy, tmp_path / "out") == 0
    assert "Northdale Teaching Hospitals NHS Trust" in pdf_text(tmp_path / "out")


def test_sample_numbers_are_in_ofcom_drama_ranges():
    drama = ("01632 960", "0113 496 0", "020 7946 0")
    for path in SITES:
        site = yaml.safe_load(path.read_text(encoding="utf-8"))
        numbers = [p["number"] for p in site["phones"]] + [site["other_formats"]["phone"]]
        assert all(number.startswith(drama) for number in numbers), path.name


def test_an_unknown_site_is_a_usage_error_listing_the_known_ones(tmp_path, capsys):
    assert build(CONTENT, tmp_path / "out", "--site", "nowhere") == 2
    err = capsys.readouterr().err
    assert "unknown site 'nowhere'" in err and "northdale, sample" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("old, new, line, words", [
    ('number: "01632 960 100"', 'number: "960 100"', 6, ["'960 100' is not a UK phone number", "01632 960 100"]),
    ('number: "01632 960 101"', 'number: "01632-960-101"', 9, ["is not a UK phone number"]),
    ('phone: "01632 960 200"', 'phone: "0163 2960 20000"', 19, ["is not a UK phone number"]),
    ("web: https://www.example.nhs.uk/pain-service", "web: http://www.example.nhs.uk/pain-service", 16,
     ["is not a secure web address", "https, not http"]),
    ("web: https://www.example.nhs.uk/pain-service", "web: www.example.nhs.uk", 16, ["is not a secure web address"]),
])
def test_bad_site_details_are_named_at_their_line(content_copy, tmp_path, capsys, old, new, line, words):
    site = content_copy / "sites" / "sample.yaml"
    text = site.read_text(encoding="utf-8")
    assert old in text
    site.write_text(text.replace(old, new), encoding="utf-8")
    assert build(content_copy, tmp_path / "out") == 1
    err = capsys.readouterr().err
    located = [l for l in err.splitlines() if f"sample.yaml:{line}:" in l]
    assert located, err
    assert all(word in located[0] for word in words), located[0]
    assert not list((tmp_path / "out").rglob("*.pdf"))


@pytest.mark.parametrize("number", ["01632 960 100", "020 7946 0000", "0113 496 0000", "+44 20 7946 0000", "0300 123 4567"])
def test_uk_numbers_are_accepted(number):
    from leaflets.source.validate import UK_PHONE
    assert UK_PHONE.fullmatch(number)
