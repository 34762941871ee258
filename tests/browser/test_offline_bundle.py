"""The offline bundle (python -m ledger bundle) opened from disk via file:// in Chromium: pages, links, Chinese search."""
import os
import re
import subprocess
import sys
import zipfile
from urllib.parse import unquote

import pytest

from support import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.build]

LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def bundle_site(tmp_path_factory):
    """Build the zip with the real script, unzip it as a user would, return the unzipped site folder."""
    work = tmp_path_factory.mktemp("bundle")
    archive = work / "工作台账离线版.zip"
    result = subprocess.run([sys.executable, "-m", "ledger", "bundle", str(archive)], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(archive) as zf:
        assert zf.testzip() is None
        names = zf.namelist()
        assert all(name.startswith("ledger-offline/") for name in names)
        zf.extractall(work / "unzipped")
    site = work / "unzipped" / "ledger-offline"
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", text), f"{html} 从其他主机加载脚本"
    assert (site / "index.html").is_file()
    return site


@pytest.fixture(scope="module")
def bundle_home(bundle_site):
    return (bundle_site / "index.html").as_uri()


def test_every_link_in_the_bundle_leads_to_a_file(bundle_site):
    """From disk there is no server to turn xxx/ into xxx/index.html: each local link must name a file."""
    broken = []
    for html in bundle_site.rglob("*.html"):
        if html.name == "404.html":  # only a web server shows it
            continue
        for url in re.findall(r'(?:href|src)="([^"]*)"', html.read_text(encoding="utf-8")):
            path = unquote(url.split("#")[0].split("?")[0])
            if not path or re.match(r"(https?|mailto|data|javascript):", url):
                continue
            if path.startswith("/") or not (html.parent / path).is_file():
                broken.append(f"{html.relative_to(bundle_site)} → {url}")
    assert broken == []


@pytest.fixture
def offline_page(page):
    """A page that records every request it makes; from disk nothing but file:// may be fetched."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.requested = requested
    yield page
    remote = [url for url in requested if not url.startswith(LOCAL_SCHEMES)]
    assert remote == [], f"离线版发出了对其他主机的请求：{remote}"


def test_pages_open_from_disk_and_links_lead_to_pages(offline_page, bundle_home):
    page = offline_page
    page.goto(bundle_home, wait_until="load")
    assert "问题清单" in page.locator("article").inner_text()
    # links inside the pages are written as xxx.html, so they work without a web server
    page.locator("article").get_by_role("link", name="查看问题清单").click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and page.url.endswith("/problems.html")
    assert page.locator("article h1").count() == 1
    assert "整改完成率" in page.locator("article").inner_text()
    page.go_back()
    page.locator("article").get_by_role("link", name="理论学习详情").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/study.html")
    assert "专题读书班" in page.locator("article").inner_text()
    # Material's stylesheet applied: the header bar is laid out, not raw unstyled HTML
    assert page.locator("header.md-header").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert page.watch.console_errors == []


@pytest.mark.parametrize("query, expected_page", [("水蜜桃", "research.html"), ("整改", "problems.html")])
def test_chinese_search_works_from_disk(offline_page, bundle_home, query, expected_page):
    page = offline_page
    page.goto(bundle_home, wait_until="load")
    search = page.locator("input.md-search__input")
    search.click()
    # the search engine starts in a worker (an iframe from file://); Material says so when it is ready
    page.locator(".md-search-result__meta", has_text="键入以开始搜索").wait_for(timeout=15000)
    page.keyboard.type(query)
    # Playwright enters Chinese as input events only; a real keyboard or IME ends with a keyup,
    # which is what Material's search listens for
    page.keyboard.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15000)
    assert results.count() > 0
    links = [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]
    assert any(expected_page in (href or "") for href in links), links
    first = page.locator(".md-search-result__item > a").first
    first.click()
    page.wait_for_load_state("load")
    assert page.url.startswith("file://") and ".html" in page.url
    assert query in page.locator("article").inner_text()
    assert page.watch.console_errors == []
