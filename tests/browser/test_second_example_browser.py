"""The second example ledger (ledger/examples/ziranziyuan-2024) in Chromium: its search box finds a problem by
the words of its description and an activity type's page by the type; its pages read on a
desktop and on a phone without sideways scrolling and without a request to another host."""
from __future__ import annotations

import pytest
import yaml

from conftest import PageWatch, serve_directory
from search_client import search_box_pages, search_pages
from support import ROOT, run_build

pytestmark = pytest.mark.browser

EXAMPLE = ROOT / "ledger" / "examples" / "ziranziyuan-2024"


@pytest.fixture(scope="module")
def example_url(tmp_path_factory):
    site = tmp_path_factory.mktemp("example-site")
    result = run_build(EXAMPLE, site)
    assert result.returncode == 0, result.stderr
    url, server = serve_directory(site)
    yield url
    server.shutdown()


def _problem(problem_id: str) -> dict:
    return yaml.safe_load((EXAMPLE / "data" / "problems" / f"{problem_id}.yml").read_text(encoding="utf-8"))


def test_its_search_finds_a_problem_by_the_words_of_its_description(browser, example_url):
    words = "卫片执法图斑"
    assert words in _problem("P-002")["description"]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    results = search_pages(page, example_url, [words, "警示教育"])
    assert "problems/P-002/" in results[words][:3]
    assert "study/" in results["警示教育"][:3]
    # typed into the search box, the same problem is listed
    shown = search_box_pages(page, words)
    assert "problems/P-002/" in shown, shown
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("path", ["", "report/", "study/", "research/", "development/", "institutions/", "plan/"])
def test_its_pages_read_without_sideways_scrolling(browser, example_url, width, path):
    """Its strand pages show only the columns a phone has room for: no page and no table scrolls sideways."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    watch = PageWatch(page)
    page.goto(example_url + path, wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    wide = page.evaluate("[...document.querySelectorAll('.md-typeset__table')]"
                         ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 20))")
    assert wide == []
    unit = yaml.safe_load((EXAMPLE / "data" / "settings.yml").read_text(encoding="utf-8"))["unit"]
    assert unit in page.title()
    assert watch.foreign_requests == [] and watch.console_errors == []
    context.close()
