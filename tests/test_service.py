"""The staff web service, started as the README says and asked over HTTP as a browser asks.

One service runs for the module over a copy of the bundled content (with
PAIN-OST-003 withdrawn) and an output folder the command line has built
into. Each test reads back what a member of staff gets: the file's bytes
against the command line's, the words of each page, the status, the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from conftest import CONTENT, pdftotext, published
from leaflets.cli import main
from leaflets.publish.files import FileName, locate
from serving import running, start

WITHDRAWN = "looking-after-bones.yaml"
"""PAIN-OST-003, withdrawn in this module's content."""


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("service")
    content = root / "content"
    shutil.copytree(CONTENT, content)
    withdrawn = content / "leaflets" / WITHDRAWN
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8").replace("status: approved", "status: withdrawn", 1),
                         encoding="utf-8")
    assert main(["--content", str(content), "--output", str(root / "out"), "--format", "pdf", "--format", "text",
                 "--layout", "a4", "PAIN-OST-001", "PAIN-OST-002", "PAIN-OST-002-CY"]) == 0
    return root


@pytest.fixture(scope="module")
def service(place):
    with running(place / "content", place / "out", place / "service.log", "--jobs", "2") as started:
        yield started


def command_line_copy(place: Path, tmp_path: Path, *options: str) -> dict[str, bytes]:
    """What ``make_leaflets.py`` writes for ``options`` into a folder of its own, by path."""
    out = tmp_path / "command-line"
    assert main(["--content", str(place / "content"), "--output", str(out), *options]) == 0
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.parent.name.startswith("PAIN")}


def words(page: bytes) -> str:
    """A page's text as a reader gets it: tags and style dropped, entities read, spaces collapsed."""
    text = re.sub(r"<style>.*?</style>|<script>.*?</script>", " ", page.decode("utf-8"), flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def links(page: bytes) -> list[str]:
    return [html.unescape(found) for found in re.findall(r'href="([^"]*)"', page.decode("utf-8"))]


def test_a_name_reads_back_into_the_request_it_names(place):
    out = place / "out"
    files = [p for p in published(out) if p.parent.parent == out and p.parent.name.startswith("PAIN")]  # copies, not pages
    assert len(files) >= 6
    for path in files:
        name = FileName.parse(path.name)
        assert name is not None and str(name) == path.name and name.leaflet_id == path.parent.name
        assert locate(out, path.relative_to(out).parts, ()).path == path
    for strange in (["..", "etc", "passwd"], [".PAIN-OST-001.part"], ["PAIN-OST-001", ".x.part"], ["a", "b", "c"],
                    ["sites", "nowhere", "x"], ["", "x"], ["a..b"], ["archive", "..", "x"]):
        found = locate(out, strange, ("northdale",))
        assert found is None or found.path.resolve().is_relative_to(out), strange
    assert FileName.parse("PAIN-OST-001-v1.0-large-print-24pt.pdf") == FileName(
        "PAIN-OST-001", "1.0", "large-print-24pt", ".pdf")
    assert str(FileName("PAIN-OST-002-CY", "1.0", "text", ".txt", "-DRAFT")) == "PAIN-OST-002-CY-v1.0-text-DRAFT.txt"


def test_every_file_the_build_wrote_is_served_at_its_path(place, service):
    out = place / "out"
    served = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".") and "sites" not in p.parts]
    assert {"register.html", "manifest.json", "register.csv"} <= {p.name for p in served}
    for path in served:
        status, headers, body = service.get("/" + path.relative_to(out).as_posix())
        assert status == 200, path
        if path.name not in ("register.html", "index.html"):  # the register may carry the content's problems,
            assert body == path.read_bytes(), path                # the catalogue the copy form
        assert "default-src 'none'" in headers["content-security-policy"]
    assert service.get("/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf")[1]["content-type"] == "application/pdf"


def test_the_catalogue_offers_every_copy_on_each_entry_that_may_be_handed_out(service):
    status, headers, page = service.get("/")
    assert status == 200
    text = page.decode("utf-8")
    forms = re.findall(r'<form class="copy".*?</form>', text, re.S)
    assert len(forms) == 5, "one form per leaflet but the withdrawn PAIN-OST-003, the Easy Read edition among them"
    assert "Ask for a copy of PAIN-OST-003" not in text
    [unmade] = re.findall(r'<tr data-find="[^"]*pain-ost-002-ar.*?</tr>', text, re.S)  # no copy of it built yet
    assert "No copy made yet: ask for one here." in unmade and "None to print" not in unmade
    first = forms[0]
    assert re.findall(r'<option value="([a-z]+)"', first)[:6] == ["pdf", "html", "text", "braille", "pef", "audio"]
    assert 'name="size" type="number" min="18" max="30"' in first
    assert re.findall(r'<option value="([a-z]+)"(?: selected)?>\1</option>', first) == ["northdale", "sample"]
    for field in re.findall(r'<(?:select|input) id="([^"]+)"', first):
        assert f'<label for="{field}">' in first, f"{field} has no label"
    policy = headers["content-security-policy"]
    [script] = re.findall(r"<script>(.*?)</script>", text, re.S)
    import base64
    assert base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() in policy, "the find box's script may run"
    assert "unsafe-eval" not in policy and "script-src 'unsafe-inline'" not in policy
    assert not re.search(r'(?:src|href|action)="(?:https?:)?//', text), "nothing is loaded from outside"


def test_a_copy_asked_for_through_the_form_is_the_command_lines_copy(place, service, tmp_path):
    status, headers, _ = service.get("/copy?id=PAIN-OST-001&format=pdf&size=24&site=sample")
    assert status == 303 and headers["location"] == "PAIN-OST-001/PAIN-OST-001-v1.0-large-print-24pt.pdf"
    status, headers, body = service.get("/" + headers["location"])
    assert status == 200 and headers["content-type"] == "application/pdf"
    expected = command_line_copy(place, tmp_path, "--format", "pdf", "--size", "24", "PAIN-OST-001")
    assert body == expected["PAIN-OST-001/PAIN-OST-001-v1.0-large-print-24pt.pdf"]
    written = place / "out" / "PAIN-OST-001" / "PAIN-OST-001-v1.0-large-print-24pt.pdf"
    assert written.read_bytes() == body
    read = " ".join(pdftotext(written).split())
    assert "Back pain from osteoporosis" in read and "PAIN-OST-001" in read
    register = json.loads((place / "out" / "manifest.json").read_text(encoding="utf-8"))
    [entry] = [f for l in register["leaflets"] for f in l["files"] if f["path"].endswith("large-print-24pt.pdf")]
    assert entry["sha256"] == hashlib.sha256(body).hexdigest()
    assert service.get("/copy?id=PAIN-OST-001&format=pdf&size=")[1]["location"] == "PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf"
    assert service.get("/copy?id=PAIN-OST-001&format=braille&size=24")[1]["location"] == \
        "PAIN-OST-001/PAIN-OST-001-v1.0-braille.brf"


def test_two_requests_for_one_copy_make_it_once(service):
    path = "/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-26pt.pdf"
    results: list[tuple[int, bytes]] = []
    askers = [threading.Thread(target=lambda: results.append(service.get(path)[::2])) for _ in range(4)]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    assert [status for status, _ in results] == [200] * 4
    assert len({body for _, body in results}) == 1
    assert service.logged().count(f"making {path[1:]}") == 1


def test_other_formats_on_request(place, service, tmp_path):
    expected = command_line_copy(place, tmp_path, "--format", "braille", "--format", "html", "PAIN-OST-001")
    for name in ("PAIN-OST-001-v1.0-braille.brf", "PAIN-OST-001-v1.0-html.html"):
        status, headers, body = service.get(f"/PAIN-OST-001/{name}")
        assert status == 200 and body == expected[f"PAIN-OST-001/{name}"], name
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_a_draft_is_served_only_stamped_as_a_draft(service):
    status, _, page = service.get("/PAIN-OST-002-CY/PAIN-OST-002-CY-v1.0-large-print-20pt.pdf")
    assert status == 404
    assert "is a draft, not approved for use with patients" in words(page)
    assert "../PAIN-OST-002-CY/PAIN-OST-002-CY-v1.0-large-print-20pt-DRAFT.pdf" in links(page)
    status, _, body = service.get("/PAIN-OST-002-CY/PAIN-OST-002-CY-v1.0-text-DRAFT.txt")
    assert status == 200 and "DRAFT" in body.decode("utf-8").upper()
    assert service.get("/PAIN-OST-001/PAIN-OST-001-v1.0-text-DRAFT.txt")[0] == 404


def test_what_patients_must_not_be_given_is_gone_with_what_to_use_instead(service):
    status, _, page = service.get("/PAIN-OST-003/PAIN-OST-003-v1.0-a4.pdf")
    assert status == 410
    assert "has been withdrawn" in words(page) and "Do not give it to patients" in words(page)
    assert service.get("/copy?id=PAIN-OST-003&format=pdf")[0] == 410
    status, _, page = service.get("/PAIN-OST-001/PAIN-OST-001-v0.9-large-print-24pt.pdf")
    assert status == 410 and "replaced by version 1.0" in words(page)
    assert "../PAIN-OST-001/PAIN-OST-001-v1.0-large-print-24pt.pdf" in links(page)
    status, _, page = service.get("/PAIN-OST-001/PAIN-OST-001-v9.9-a4.pdf")
    assert status == 404 and "the version in use is 1.0" in words(page)


def test_what_does_not_exist_is_404_naming_what_does(service):
    status, _, page = service.get("/NOPE-001/NOPE-001-v1.0-a4.pdf")
    assert status == 404 and "PAIN-OST-001 (Back pain from osteoporosis)" in words(page)
    status, _, page = service.get("/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-31pt.pdf")
    assert status == 404 and "large print from 18 to 30 pt" in words(page)
    assert "../PAIN-OST-001/PAIN-OST-001-v1.0-large-print-30pt.pdf" in links(page)
    assert re.search(rb"can be asked for \(large print from 18 to 30 pt\):</p>\s*<ul>", page), "the list its lead-in names"
    status, _, page = service.get("/PAIN-OST-001/PAIN-OST-001-v1.0-a4.docx")
    assert status == 404 and "PAIN-OST-001-v1.0-audio.mp3" in words(page)
    for query, said in (("id=PAIN-OST-001&format=pdf&size=17", "whole sizes from 18 to 30 points"),
                        ("id=PAIN-OST-001&format=docx", "The formats are: pdf, html, text, braille, pef, audio"),
                        ("id=PAIN-OST-001&format=pdf&site=elsewhere", "The sites are: northdale, sample"),
                        ("id=NOPE&format=pdf", "No leaflet in the library has the reference NOPE")):
        status, _, page = service.get(f"/copy?{query}")
        assert status == 404 and said in words(page), query


def test_an_easy_read_edition_is_offered_only_the_copies_made_of_it(service):
    """No Braille and no large print of an Easy Read edition: its form does not offer them, and asked for, the answer
    is 404 in words, the build's reason and the copies there are, never "cannot be made yet"."""
    text = service.get("/")[2].decode("utf-8")
    [form] = [f for f in re.findall(r'<form class="copy".*?</form>', text, re.S) if "copy of PAIN-OST-002-ER" in f]
    assert re.findall(r'<option value="([a-z]+)">', form)[:4] == ["pdf", "html", "text", "audio"]
    assert 'name="size"' not in form
    status, _, page = service.get("/copy?id=PAIN-OST-002-ER&format=braille")
    assert status == 404 and "no copy of PAIN-OST-002-ER" in words(page) and "Easy Read edition" in words(page)
    assert "PAIN-OST-002-ER/PAIN-OST-002-ER-v1.0-easy-read-DRAFT.pdf" in links(page)  # from /copy
    assert "Easy Read: PAIN-OST-002-ER-v1.0-easy-read-DRAFT.pdf Web page: PAIN-OST-002-ER-v1.0-easy-read-DRAFT.html" \
        in words(page), "each copy named as staff ask for it"
    status, _, page = service.get("/copy?id=PAIN-OST-002-ER&format=pdf&size=24")
    assert status == 404 and "as PDF to print at 24 pt" in words(page)
    status, _, page = service.get("/PAIN-OST-002-ER/PAIN-OST-002-ER-v1.0-large-print-24pt-DRAFT.pdf")
    assert status == 404 and "can be asked for:" in words(page) and "large print from" not in words(page)


def test_another_sites_copy_waits_until_the_command_line_has_recorded_its_release(place, service, tmp_path):
    content = place / "content"
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    path = "/sites/northdale/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-20pt.pdf"
    status, _, page = service.get(path)
    assert status == 409
    assert "run make_leaflets.py --site northdale PAIN-OST-001" in words(page)
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before, "the service wrote into content/"
    assert main(["--content", str(content), "--output", str(place / "out" / "sites" / "northdale"), "--site", "northdale",
                 "--format", "text", "PAIN-OST-001"]) == 0
    assert "northdale" in (content / "releases.yaml").read_text(encoding="utf-8")
    deadline = time.monotonic() + 30
    while (status := service.get(path)[0]) == 409 and time.monotonic() < deadline:
        time.sleep(0.5)  # the service reads the content again within a second of the change
    status, _, body = service.get(path)
    assert status == 200
    expected = command_line_copy(place, tmp_path, "--site", "northdale", "--format", "pdf", "--size", "20", "PAIN-OST-001")
    assert body == expected["PAIN-OST-001/PAIN-OST-001-v1.0-large-print-20pt.pdf"]
    assert "Northdale" in pdftotext(place / "out" / path[1:])
    assert (place / "out" / "sites" / "northdale" / "index.html").exists()


def test_a_content_error_keeps_the_last_good_content_served_and_shows_it_on_the_register(place, service):
    leaflet = place / "content" / "leaflets" / "back-pain-osteoporosis.yaml"
    good = leaflet.read_text(encoding="utf-8")
    try:
        leaflet.write_text(good.replace("title: ", "title: [", 1), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "The content has problems" not in words(page := service.get("/register.html")[2]):
            assert time.monotonic() < deadline, "the register never showed the problem"
            time.sleep(0.5)
        assert "back-pain-osteoporosis.yaml:" in words(page)
        status, _, body = service.get("/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-27pt.pdf")
        assert status == 200 and "Back pain from osteoporosis" in " ".join(
            pdftotext(place / "out" / "PAIN-OST-001" / "PAIN-OST-001-v1.0-large-print-27pt.pdf").split())
        assert service.get("/")[0] == 200
    finally:
        leaflet.write_text(good, encoding="utf-8")
    deadline = time.monotonic() + 30
    while "The content has problems" in words(service.get("/register.html")[2]):
        assert time.monotonic() < deadline, "the problem stayed on the register once put right"
        time.sleep(0.5)


def test_a_translation_of_an_earlier_version_is_gone_with_its_source_offered_instead(place, service, tmp_path):
    source = place / "content" / "leaflets" / "managing-pain.yaml"
    good = source.read_text(encoding="utf-8")
    translation = "/PAIN-OST-002-CY/PAIN-OST-002-CY-v1.0-large-print-22pt-DRAFT.pdf"
    try:
        source.write_text(good.replace('version: "1.0"\nstatus', 'version: "1.1"\nstatus', 1).replace(
            "changes:\n", 'changes:\n  - version: "1.1"\n    date: 2026-11-20\n    summary: Reworded.\n', 1).replace(
            "approval_date: 2026-11-02", "approval_date: 2026-11-20", 1), encoding="utf-8")
        deadline = time.monotonic() + 30
        while (answer := service.get(translation))[0] != 410:
            assert time.monotonic() < deadline, answer[:2]
            time.sleep(0.5)
        said = words(answer[2])
        assert "translates version 1.0 of PAIN-OST-002, which is now at version 1.1" in said
        assert "give the patient PAIN-OST-002" in said
        status, _, page = service.get("/PAIN-OST-002/PAIN-OST-002-v1.1-large-print-22pt.pdf")
        assert status == 409 and "has not been released for the site sample yet" in words(page)
        assert main(["--content", str(place / "content"), "--output", str(tmp_path / "elsewhere"), "--format", "text",
                     "PAIN-OST-002"]) == 0  # releases version 1.1: now its copies can be made, and offered instead
        while "../PAIN-OST-002/PAIN-OST-002-v1.1-large-print-22pt.pdf" not in links(service.get(translation)[2]):
            assert time.monotonic() < deadline + 30, "the source's same copy was never offered instead"
            time.sleep(0.5)
    finally:
        source.write_text(good, encoding="utf-8")
    deadline = time.monotonic() + 30
    while service.get(translation)[0] != 200:
        assert time.monotonic() < deadline, "the translation came back once its source was put back"
        time.sleep(0.5)


def raw(port: int, request: bytes, timeout: float = 30) -> bytes:
    """Send ``request`` as it is, byte for byte, and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


HOSTILE = ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/PAIN-OST-001%2F..%2F..%2Fcontent%2Fsettings.yaml",
           "/PAIN-OST-001/..%2f..%2fcontent/settings.yaml", "/..%5c..%5cetc%5cpasswd", "/content/settings.yaml",
           "/PAIN-OST-001/../../content/settings.yaml", "/.hidden", "/PAIN-OST-001/.PAIN-OST-001-v1.0-a4.pdf.1.x.part",
           "/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-99999999999999999999pt.pdf", "/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf%00.txt",
           "/copy?id=PAIN-OST-001&format=pdf&size=1e309", "/copy?id=../../etc&format=pdf", "/copy?id=PAIN-OST-001&format=../x",
           "/copy?id=PAIN-OST-001&format=pdf&size=" + "9" * 5000, "/" + "a" * 5000, "/archive/../../etc/passwd",
           "/sites/../../etc/passwd", "/sites/nowhere/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf", "/%00", "//etc/passwd",
           "/sites/sample/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf",
           "/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf/..", "/sites/northdale/../../../etc/passwd"]


def test_hostile_paths_get_4xx_in_words_and_nothing_from_outside_the_output(place, service):
    outside = place / "outside.pdf"
    outside.write_bytes(b"%PDF- not the library's")
    link = place / "out" / "notes.html"
    link.symlink_to(outside)
    try:
        for path in HOSTILE + ["/notes.html"]:
            answer = raw(service.port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
            status = int(answer.split(b" ", 2)[1])
            assert 400 <= status < 500, (path, answer[:300])
            assert b"Traceback" not in answer and b"root:" not in answer and b"not the library's" not in answer, path
            assert b"<h1>" in answer or status in (400, 431), (path, answer[:300])  # the server's own refusal of a malformed line
    finally:
        link.unlink()
    copy = place / "out" / "PAIN-OST-001" / "PAIN-OST-001-v1.0-large-print-25pt.pdf"
    copy.symlink_to(outside)  # where a copy the build names would be: the build puts the real copy in its place
    status, _, body = service.get("/" + copy.relative_to(place / "out").as_posix())
    assert status == 200 and body.startswith(b"%PDF-1") and not copy.is_symlink()
    assert outside.read_bytes() == b"%PDF- not the library's"
    assert "Traceback" not in service.logged()


def test_only_reading_is_answered_and_nothing_is_taken_in(service):
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "BREW"):
        status, headers, page = service.get("/", method=method)
        assert status == 405 and headers["allow"] == "GET, HEAD", method
        assert "only answers requests to read a page or a file" in words(page)
    big = b"x" * 10_000_000
    for method in ("POST", "GET"):
        answer = raw(service.port, f"{method} / HTTP/1.1\r\nHost: x\r\nContent-Length: {len(big)}\r\n"
                                   "Connection: close\r\n\r\n".encode())  # the body is never sent: it is never read
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    try:
        status = raw(service.port, b"POST /copy HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n" + big)
        assert status.startswith(b"HTTP/1.1 413 ")
    except (ConnectionResetError, BrokenPipeError):
        pass  # answered and closed before the upload finished: what a server should do with 10 MB it will not read
    assert service.get("/", method="HEAD")[0] == 200


def test_a_thousand_connections_at_once_are_answered_or_asked_to_wait(service):
    async def one() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", service.port)
        try:
            writer.write(b"GET /register.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            await writer.drain()
            return await asyncio.wait_for(reader.read(), 120)
        finally:
            writer.close()

    async def all_at_once() -> list:
        return await asyncio.gather(*(one() for _ in range(1000)), return_exceptions=True)

    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    answers = asyncio.run(all_at_once())
    statuses = [int(a.split(b" ", 2)[1]) if isinstance(a, bytes) and a else repr(a) for a in answers]
    assert set(statuses) <= {200, 503}, sorted({str(s) for s in statuses})
    assert statuses.count(200) >= 900
    assert service.get("/")[0] == 200, "the service still answers"


def test_beyond_the_queue_a_copy_is_asked_to_wait(service):
    paths = [f"/{i}/{i}-v1.0-large-print-{size}pt.pdf" for i in ("PAIN-OST-002",) for size in range(18, 31)]
    paths += [f"/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-{size}pt.pdf" for size in (18, 19, 21, 22, 23)]
    results: dict[str, tuple[int, dict]] = {}

    def ask(path: str) -> None:
        status, headers, _ = service.get(path)
        results[path] = (status, headers)

    askers = [threading.Thread(target=ask, args=(path,)) for path in paths]
    for asker in askers:
        asker.start()
    for asker in askers:
        asker.join()
    statuses = [status for status, _ in results.values()]
    assert set(statuses) == {200, 503}, statuses
    assert statuses.count(200) >= 10  # two making, eight waiting
    for path, (status, headers) in results.items():
        if status == 503:
            assert int(headers["retry-after"]) >= 1
            assert service.get(path)[0] == 200, "once the queue has room the copy is made"


def test_one_log_line_per_request_with_nothing_about_who_asked(service):
    marks = [f"/no-such-page-{n}" for n in range(5)]
    for mark in marks:
        service.get(mark + "?patient=Jane+Doe", headers={"User-Agent": "Jane Doe's browser", "Cookie": "who=Jane"})
    deadline = time.monotonic() + 10
    while marks[-1] not in (log := service.logged()) and time.monotonic() < deadline:
        time.sleep(0.1)  # the line is written once the answer has gone
    for mark in marks:
        [line] = [line for line in log.splitlines() if mark in line]
        assert re.fullmatch(rf"\S+ \S+ GET {mark} 404 \d+ [\d.]+ms", line), line
    assert "Jane" not in log
    assert "127.0.0.1" not in log.split("(Press CTRL+C to quit)")[-1], "no address of whoever asked"


def descendants(pid: int) -> set[int]:
    """Every process started by ``pid``, and by those, from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def test_killing_the_service_during_a_copy_leaves_no_partial_file(place, tmp_path):
    out, name = tmp_path / "out", "PAIN-OST-001/PAIN-OST-001-v1.0-audio.mp3"
    service = start(place / "content", out, tmp_path / "killed.log", "--jobs", "1")

    def ask() -> None:
        with contextlib.suppress(OSError):  # the service is killed before it answers
            service.get("/" + name)

    asker = threading.Thread(target=ask)
    try:
        asker.start()
        deadline = time.monotonic() + 60
        while f"making {name}" not in service.logged():
            assert time.monotonic() < deadline, service.logged()
            time.sleep(0.05)
        time.sleep(0.3)
        helpers = descendants(service.process.pid)
        assert helpers, "the service has its workers"
    finally:
        service.process.kill()
        service.process.wait()
        asker.join()
    deadline = time.monotonic() + 30
    while (left := helpers & descendants(1)) or list(out.rglob("*.part")):
        assert time.monotonic() < deadline, f"still running: {left}; scratch files: {list(out.rglob('*.part'))}"
        time.sleep(0.2)
    assert "made " + name not in service.logged(), "killed before the copy was made"
    assert not (out / name).exists()
    expected = command_line_copy(place, tmp_path, "--format", "audio", "PAIN-OST-001")[name]
    with running(place / "content", out, tmp_path / "again.log", "--jobs", "1") as again:
        status, headers, body = again.get("/" + name)
    assert status == 200 and headers["content-type"] == "audio/mpeg" and body == expected
    assert not list(out.rglob("*.part"))
