"""Patient packs: chosen leaflets in one PDF, with a contents page, bookmarks and each leaflet's own stamps."""

from __future__ import annotations

import pikepdf
import pytest

from conftest import CONTENT, PACK, TODAY, leaflet_pdf, read_page, reader
from leaflets.cli import main

NAME, IDS = PACK
TITLES = {"PAIN-OST-001": "Back pain from osteoporosis", "PAIN-OST-002": "Managing pain after a spinal compression fracture",
          "PAIN-OST-003": "Looking after your bones"}
FLOORS = {"a4": 12, "large-print": 16, "a5-booklet": 12}


@pytest.mark.parametrize("layout", FLOORS)
def test_pack_is_contents_then_each_leaflet_unchanged(clinic, layout):
    pack = reader(clinic / "packs" / f"{NAME}-{layout}.pdf")
    contents = read_page(pack.pages[0]).text
    assert "Leaflets in this pack" in contents and f"This pack has {len(IDS)} leaflets" in contents
    positions = [contents.index(TITLES[leaflet_id]) for leaflet_id in IDS]
    assert positions == sorted(positions), "in the order asked for"
    position = 1
    for leaflet_id in IDS:
        own = reader(leaflet_pdf(clinic, leaflet_id, layout)).pages
        assert f"{TITLES[leaflet_id]} ({len(own)} pages)" in contents
        for number, page in enumerate(own, start=1):
            text = read_page(pack.pages[position]).text
            assert text == read_page(page).text, "the leaflet's page, stamps and all"
            assert leaflet_id in text and f"Page {number} of {len(own)}" in text
            position += 1
    assert position == len(pack.pages)


@pytest.mark.parametrize("layout", FLOORS)
def test_contents_page_is_clear_print_for_its_layout(clinic, layout):
    page = read_page(reader(clinic / "packs" / f"{NAME}-{layout}.pdf").pages[0])
    assert min(page.sizes) >= FLOORS[layout]


@pytest.mark.parametrize("layout", FLOORS)
def test_one_bookmark_per_leaflet_at_its_first_page(clinic, layout):
    pack = reader(clinic / "packs" / f"{NAME}-{layout}.pdf")
    top = [(item.title, pack.get_destination_page_number(item)) for item in pack.outline if not isinstance(item, list)]
    expected, first = [("Leaflets in this pack", 0)], 1
    for leaflet_id in IDS:
        expected.append((f"{TITLES[leaflet_id]} ({leaflet_id})", first))
        first += len(reader(leaflet_pdf(clinic, leaflet_id, layout)).pages)
    assert top == expected


def _elements(node, found):
    node = node.get_object()
    found.append(node)
    kids = node.get("/K", [])
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object()
        if hasattr(kid, "get") and "/S" in kid:
            _elements(kid, found)
    return found


def test_pack_is_one_tagged_document_screen_readers_can_follow(clinic):
    assert pikepdf.open(clinic / "packs" / f"{NAME}-a4.pdf").check_pdf_syntax() == []
    pack = reader(clinic / "packs" / f"{NAME}-a4.pdf")
    catalog = pack.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"] and catalog["/Lang"] == "en-GB"
    tree = catalog["/StructTreeRoot"]
    document = tree["/K"].get_object()
    kinds = [kid.get_object()["/S"] for kid in document["/K"]]
    assert kinds == ["/H1", "/P", "/P", *["/P"] * len(IDS), *["/Art"] * len(IDS)], "the contents page, then one article per leaflet"
    # Every page's marked content belongs to elements, via the parent tree, and each of
    # those elements says it has content on that very page.
    nums = tree["/ParentTree"]["/Nums"]
    parents = dict(zip((int(n) for n in nums[::2]), nums[1::2]))
    assert int(tree["/ParentTreeNextKey"]) == max(parents) + 1
    for number, page in enumerate(pack.pages):
        owners = parents[int(page["/StructParents"])].get_object()
        assert owners, f"page {number + 1} has tagged content"
        for mcid, owner in enumerate(owners):
            kids = owner.get_object()["/K"]
            marked = [k.get_object() for k in (kids if isinstance(kids, list) else [kids])]
            assert any(k.get("/MCID") == mcid and k.raw_get("/Pg").idnum == page.indirect_reference.idnum
                       for k in marked if hasattr(k, "get")), (number, mcid)
    figures = [e for e in _elements(document, []) if e.get("/S") == "/Figure"]
    assert figures and all(e.get("/Alt") for e in figures)
    for element in _elements(document, [])[1:]:
        assert element["/P"].get_object() is not None


@pytest.mark.parametrize("name", ["../escape", "a b", "nested/pack", ".hidden", "x" * 65])
def test_an_unsafe_pack_name_is_a_usage_error(tmp_path, capsys, name):
    assert main(["--output", str(tmp_path / "out"), "--today", TODAY, "--pack", name, "PAIN-OST-001"]) == 2
    assert "cannot be a pack name" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_pack_needs_leaflets(tmp_path, capsys):
    assert main(["--output", str(tmp_path / "out"), "--today", TODAY, "--pack", "empty"]) == 2
    assert "--pack needs the references" in capsys.readouterr().err


def test_a_pack_missing_a_leaflet_is_not_made(tmp_path, capsys):
    output = tmp_path / "out"
    assert main(["--content", str(CONTENT), "--output", str(output), "--today", TODAY, "--layout", "a4",
                 "--pack", "incomplete", "PAIN-OST-001", "PAIN-OST-999"]) == 1
    err = capsys.readouterr().err
    assert "PAIN-OST-999" in err and "pack incomplete (A4 clear print) was not made" in err
    assert not (output / "packs").exists()
