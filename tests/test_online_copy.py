"""The QR code to a leaflet's online version: on the last page, with its address in words and alt text."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp

from conftest import ONLINE, TODAY, leaflet_pdf, read_page, reader
from leaflets.cli import main

LAYOUTS = ("a4", "large-print", "a5-booklet")


def pdf(output, layout):
    return leaflet_pdf(output, "PAIN-OST-001", layout)


def figures(node, page_numbers, found):
    """Every Figure element under ``node``: (alt text, pages its content is on)."""
    node = node.get_object()
    kids = node.get("/K", [])
    kids = kids if isinstance(kids, list) else [kids]
    if node.get("/S") == "/Figure":
        pages = {page_numbers[kid.get_object().raw_get("/Pg").idnum] for kid in kids if "/Pg" in kid.get_object()}
        found.append((str(node.get("/Alt")), pages))
    for kid in kids:
        kid = kid.get_object()
        if hasattr(kid, "get") and "/S" in kid:
            figures(kid, page_numbers, found)
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_address_is_printed_on_the_last_page_only(clinic, layout):
    pages = reader(pdf(clinic, layout)).pages
    texts = [read_page(page).text.replace(" ", "") for page in pages]
    assert ONLINE in texts[-1]
    assert all(ONLINE not in text for text in texts[:-1])
    assert "Read this leaflet online" in read_page(pages[-1]).text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_code_is_a_figure_with_alt_text_on_the_last_page(clinic, layout):
    document = reader(pdf(clinic, layout))
    numbers = {page.indirect_reference.idnum: n for n, page in enumerate(document.pages, start=1)}
    found = figures(document.trailer["/Root"]["/StructTreeRoot"]["/K"], numbers, [])
    qr = [(alt, pages) for alt, pages in found if "QR code" in alt]
    assert qr == [(f"QR code that opens this leaflet online at {ONLINE}", {len(document.pages)})]


def test_leaflets_without_an_address_have_no_code(clinic):
    for path in (clinic / "PAIN-OST-002").glob("*.pdf"):
        assert "Read this leaflet online" not in " ".join(read_page(p).text for p in reader(path).pages)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_code_scans_from_a_black_and_white_print(clinic, layout):
    document = pypdfium2.PdfDocument(pdf(clinic, layout))
    image = document[len(document) - 1].render(scale=150 / 72, grayscale=True).to_pil()  # 150 dpi, black and white
    document.close()
    codes = zxingcpp.read_barcodes(image)
    assert [(code.format, code.text) for code in codes] == [(zxingcpp.BarcodeFormat.QRCode, ONLINE)]


def test_an_online_address_must_be_https(content_copy, tmp_path, capsys):
    leaflet = content_copy / "leaflets" / "back-pain-osteoporosis.yaml"
    lines = leaflet.read_text(encoding="utf-8").splitlines()
    leaflet.write_text("\n".join([*lines, "online: http://www.example.nhs.uk/leaflets/pain-ost-001"]) + "\n")
    assert main(["--content", str(content_copy), "--output", str(tmp_path / "out"), "--today", TODAY,
                 "--layout", "a4"]) == 1
    err = capsys.readouterr().err
    assert f"back-pain-osteoporosis.yaml:{len(lines) + 1}: online: 'http://" in err and "https" in err
