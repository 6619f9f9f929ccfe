"""The staff web service in a real browser: Debian's Chromium, driven by Selenium through Debian's chromium-driver.

A member of staff finds a leaflet with the catalogue's find box and asks for
a 24 pt copy through its form, with the keyboard alone, and gets the PDF;
axe-core finds no WCAG 2.2 A or AA violation on any page the service shows,
at 1200 and at 320 CSS pixels, and no page scrolls sideways at 320.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as Driver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import CONTENT, debian_tool, pdftotext
from serving import running
from test_axe import AXE, STANDARDS


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(CONTENT, root / "content")
    withdrawn = root / "content" / "leaflets" / "looking-after-bones.yaml"
    withdrawn.write_text(withdrawn.read_text(encoding="utf-8").replace("status: approved", "status: withdrawn", 1),
                         encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def service(place):
    with running(place / "content", place / "out", place / "service.log", "--jobs", "2") as started:
        yield started


@pytest.fixture(scope="module")
def browser(place):
    options = webdriver.ChromeOptions()
    options.binary_location = debian_tool("chromium")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={place / 'profile'}"):
        options.add_argument(flag)
    downloads = place / "downloads"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "plugins.always_open_pdf_externally": True})
    driver = webdriver.Chrome(options=options, service=Driver(executable_path=debian_tool("chromedriver")))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_window_size(1200, 900)
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def focused(browser):
    return browser.switch_to.active_element


def test_find_a_leaflet_and_ask_for_a_24_pt_copy_with_the_keyboard_alone(service, browser, place):
    browser.get(service.base + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert focused(browser).text == "Skip to the list of leaflets", "the skip link comes first"
    focused(browser).send_keys(Keys.TAB)
    assert focused(browser).text.startswith("Not for patients"), "then the heading's link to the copies listed apart"
    focused(browser).send_keys(Keys.TAB)
    assert focused(browser).get_attribute("id") == "find"
    focused(browser).send_keys("osteoporosis back")
    rows = [row for row in browser.find_elements(By.CSS_SELECTOR, "tr[data-find]") if row.is_displayed()]
    assert [row.find_element(By.TAG_NAME, "th").text.splitlines()[0] for row in rows] == ["Back pain from osteoporosis"]
    assert browser.find_element(By.ID, "found").text == "1 of 6 leaflets shown"
    path = []
    for _ in range(10):  # from the find box through the one row left, to its print size
        focused(browser).send_keys(Keys.TAB)
        here = focused(browser)
        assert here.is_displayed(), "focus never lands on something hidden"
        assert here.value_of_css_property("outline-style") != "none", f"{here.get_attribute('id')} shows no focus"
        path.append(here.get_attribute("id") or here.get_attribute("href").rsplit("/", 1)[-1])
        if path[-1] == "size-PAIN-OST-001":
            break
    assert path == ["history.html", "format-PAIN-OST-001", "size-PAIN-OST-001"], path  # its history, then the form
    focused(browser).send_keys("24")
    focused(browser).send_keys(Keys.TAB)
    assert focused(browser).get_attribute("id") == "site-PAIN-OST-001"
    focused(browser).send_keys(Keys.TAB)
    assert focused(browser).text == "Get this copy"
    focused(browser).send_keys(Keys.ENTER)
    wanted = browser.downloads / "PAIN-OST-001-v1.0-large-print-24pt.pdf"
    deadline = time.monotonic() + 120
    while not wanted.exists() or list(browser.downloads.glob("*.crdownload")):
        assert time.monotonic() < deadline, f"no PDF arrived: {list(browser.downloads.iterdir())}"
        time.sleep(0.2)
    assert wanted.read_bytes() == (place / "out" / "PAIN-OST-001" / wanted.name).read_bytes()
    text = " ".join(pdftotext(wanted).split())
    assert text.startswith("Back pain from osteoporosis") and "PAIN-OST-001" in text and "Version 1.0" in text


PAGES = ["/", "/register.html", "/sites/northdale/", "/PAIN-OST-001/PAIN-OST-001-v1.0-html.html",
         "/PAIN-OST-003/PAIN-OST-003-v1.0-a4.pdf", "/PAIN-OST-001/PAIN-OST-001-v1.0-large-print-40pt.pdf",
         "/sites/northdale/PAIN-OST-001/PAIN-OST-001-v1.0-a4.pdf", "/copy?id=PAIN-OST-001&format=pdf&size=99",
         "/no-such-page"]
"""The catalogues, the register, a web leaflet made on request, and each kind of answer in words (410, 404, 409)."""


@pytest.mark.parametrize("width", [1200, 320])
def test_axe_finds_nothing_on_any_page_the_service_shows(service, browser, width):
    assert AXE.exists(), "axe-core is missing: run the README's test command, which installs it with npm"
    browser.set_window_size(width, 900)
    source = AXE.read_text(encoding="utf-8")
    for page in PAGES:
        browser.get(service.base + page)
        assert browser.find_element(By.TAG_NAME, "h1").text, page
        browser.execute_script(source)
        results = browser.execute_async_script(
            "var done = arguments[arguments.length - 1];"
            f"axe.run(document, {{runOnly: {{type: 'tag', values: {STANDARDS!r}}}}}).then(function (r) {{"
            "done({violations: r.violations.map(function (v) { return [v.id, v.help, v.nodes.length]; }),"
            " passes: r.passes.length}); });")
        assert results["passes"] > 5, page
        assert results["violations"] == [], (page, width)
        if width == 320 and page != "/register.html":  # the register's wide table may scroll: WCAG 1.4.10 exempts data tables
            assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth"), \
                f"{page} scrolls sideways at 320 px"
