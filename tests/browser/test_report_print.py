"""The report page in Chromium: on screen with download buttons; printed with nothing but the report."""
import re

import pytest

pytestmark = pytest.mark.browser

CHROME = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".report-downloads",
          ".report-about"]


def test_report_page_on_screen(page, site_url):
    page.goto(site_url + "report/", wait_until="networkidle")
    assert page.locator("article h1").inner_text() == "XX区气象局关于主题教育开展情况的汇报"
    buttons = page.locator(".report-downloads a")
    assert buttons.all_inner_texts() == ["下载汇报（Word）", "下载整改台账（Excel）"]
    response = page.request.get(site_url + "downloads/report.docx")
    assert response.ok and response.body()[:2] == b"PK"
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_report_page_prints_only_the_report(page, site_url):
    page.goto(site_url + "report/", wait_until="networkidle")
    page.emulate_media(media="print")
    for selector in CHROME:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("article h1").is_visible()
    assert page.locator("text=截至到目前已完成问题整改6个").first.is_visible()
    headings = page.locator(".gongwen h2, .gongwen h3")
    assert {h.evaluate("e => getComputedStyle(e).breakAfter") for h in headings.all()} == {"avoid"}
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pdf.startswith(b"%PDF") and 3 <= pages <= 8, pages  # the report alone: a few A4 pages
