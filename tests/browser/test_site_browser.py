"""Every page of the built site in Chromium, served on loopback: clean loads, print layout, phone width.

The pages are found by walking the built site, so pages that hooks generate (one per problem,
evidence pages...) are covered as soon as they exist.
"""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

NAV_PAGES = ["", "study/", "research/", "development/", "problems/", "board/", "institutions/", "plan/",
             "report/", "guide/"]
SITE_CHROME = [".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"]
# A4 minus the 公文 margins (left 28 mm, right 26 mm): the width the printed text has, in CSS pixels
A4_TEXT_WIDTH = round((210 - 28 - 26) / 25.4 * 96)
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


# The form editor (admin/) is a single-page application, not a page of the site: tests/browser/test_editor.py
EDITOR_APP = "admin/"


def site_pages(site: Path) -> list[str]:
    """Every page of the built site as a path relative to its root: '', 'study/', ..., '404.html'."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        relative = html.parent.relative_to(site).as_posix()
        pages.append("" if relative == "." else relative + "/")
    return [p for p in pages if not p.startswith(EDITOR_APP)] + ["404.html"]


def test_the_walk_finds_the_main_and_generated_pages(built_site):
    pages = site_pages(built_site)
    assert set(NAV_PAGES) <= set(pages)
    assert any(p.startswith("problems/P-") for p in pages)
    assert (built_site / EDITOR_APP / "index.html").is_file()  # left to the editor's own tests


def test_every_page_loads_without_console_errors_or_requests_to_other_hosts(page, built_site, site_url):
    failures = {}
    for path in site_pages(built_site):
        page.watch.console_errors.clear()
        page.watch.foreign_requests.clear()
        response = page.goto(site_url + path, wait_until="networkidle")
        problems = []
        if response is None or response.status != 200:
            problems.append(f"HTTP {response.status if response else '无响应'}")
        if page.locator("article h1").count() != 1:
            problems.append("正文没有唯一的一级标题")
        problems += [f"控制台错误：{e}" for e in page.watch.console_errors]
        problems += [f"访问外部主机：{u}" for u in page.watch.foreign_requests]
        if problems:
            failures[path or "首页"] = problems
    assert failures == {}


def _clipped(page) -> list[str]:
    """Content wider than the printed text: scrolled-away table columns, charts or images sticking out."""
    return page.evaluate("""() => {
      const article = document.querySelector("article").getBoundingClientRect();
      const out = [];
      for (const el of document.querySelectorAll("article *")) {
        const style = getComputedStyle(el);
        if (style.display === "none" || el.closest("[hidden]")) continue;
        const box = el.getBoundingClientRect();
        const name = el.tagName.toLowerCase() + (el.className && typeof el.className === "string" ? "." + el.className : "");
        if (["auto", "scroll", "hidden"].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
          out.push(`${name} 有 ${el.scrollWidth - el.clientWidth}px 被截掉`);
        else if (box.width > 0 && box.right > article.right + 1 && ["TABLE", "svg", "IMG", "PRE"].includes(el.tagName))
          out.push(`${name} 超出纸面 ${Math.round(box.right - article.right)}px`);
      }
      return out;
    }""")


def test_every_page_prints_its_content_without_the_site_chrome(browser, built_site, site_url):
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    failures = {}
    for path in site_pages(built_site)[:-1]:
        page.goto(site_url + path, wait_until="networkidle")
        page.emulate_media(media="print")
        problems = [f"打印时仍显示 {s}" for s in SITE_CHROME if page.locator(s).first.is_visible()]
        if not page.locator("article h1").is_visible():
            problems.append("打印时看不到正文标题")
        problems += _clipped(page)
        if problems:
            failures[path or "首页"] = problems
    context.close()
    assert failures == {}


def test_the_report_prints_its_text(browser, site_url):
    context = browser.new_context(viewport={"width": A4_TEXT_WIDTH, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(site_url + "report/", wait_until="networkidle")
    page.emulate_media(media="print")
    printed = page.locator("article").inner_text()
    context.close()
    assert "现将工作情况和下步工作计划汇报如下" in printed and "下一步工作计划" in printed


def test_phone_width_has_no_sideways_scrolling_and_a_working_menu(browser, site_url):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    wide = {}
    for path in NAV_PAGES:
        page.goto(site_url + path, wait_until="networkidle")
        widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if widths[0] > widths[1]:
            wide[path or "首页"] = widths
    assert wide == {}, "这些页面在手机上可以左右滚动（页面宽度, 屏幕宽度）"

    page.goto(site_url, wait_until="networkidle")
    menu = page.locator("label.md-header__button[for=__drawer]")
    assert menu.is_visible()
    assert page.locator("label.md-header__button[for=__search]").is_visible()
    menu.click()
    entry = page.locator("nav.md-nav--primary a.md-nav__link").get_by_text("检视整改", exact=True)
    entry.wait_for(state="visible")
    entry.click()
    page.wait_for_url("**/problems/")
    assert page.locator("article h1").inner_text() == "检视整改"
    context.close()
