"""Every main page loads in Chromium with no console error and no request to another host."""
import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "study/", "research/", "development/", "problems/", "institutions/", "plan/", "guide/", "progress/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_stays_on_the_intranet(page, site_url, path):
    page.goto(site_url + path, wait_until="networkidle")
    assert page.locator("article h1").count() == 1
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_dashboard_shows_rectification_figures(page, site_url):
    page.goto(site_url, wait_until="networkidle")
    cards = page.locator(".figure-card").all_inner_texts()
    assert any("75%" in c and "整改完成率" in c for c in cards)
