"""WCAG 2.1 AA in Chromium (issue #27: 适老化, GB/T 37668): what axe-core finds, the keyboard, reflow and large text.

- axe-core (vendored: tests/browser/vendor/axe-core/, no request to other hosts) runs its WCAG 2.0/2.1 A and AA
  rules over every page of the internal and the public build at desktop (1366 px) and phone (390 px) width, and
  over the states a reader opens: the search box with results, the board's chart data, the preview's page of
  record errors, the 404 page, the offline bundle from disk. A serious or critical finding fails, naming the
  rule and the element.
- The keyboard alone sorts the problem list by 整改时限, opens the chart data, reaches the search box and the
  download links, each with a visible focus ring.
- Reflow: at 320 CSS px (400 % zoom of a 1280 px screen) no page scrolls sideways (only data tables scroll,
  inside their own box); with Chromium's minimum font size at 20 px no text overlaps or is cut.
"""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from test_offline_bundle import bundle_site  # noqa: F401  (fixture: the zip built by deploy/bundle.sh, unzipped)
from test_serve_preview import REPORT_TITLE, preview  # noqa: F401  (fixture: mkdocs serve of a project copy)
from test_site_browser import site_pages

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
AXE_FILE = HERE / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
LAYOUT_CHECK = (HERE / "layout_check.js").read_text(encoding="utf-8")
WIDTHS = {"桌面": 1366, "手机": 390}
REFLOW_WIDTH = 320
MIN_FONT_PX = 20

_RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), impact: n.impact, summary: n.failureSummary || ""}))}));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    source = AXE_FILE.read_text(encoding="utf-8")
    assert source.startswith(f"/*! axe v{AXE_VERSION}"), "tests/browser/vendor/axe-core/axe.min.js 不是所记的版本"
    return source


def axe_findings(page, axe_source: str) -> list[str]:
    """axe-core's serious and critical WCAG 2.0/2.1 A/AA findings on the open page: rule, element, what is wrong."""
    if not page.evaluate("typeof axe === 'object'"):
        page.add_script_tag(content=axe_source)
    findings = []
    for violation in page.evaluate(_RUN_AXE, AXE_TAGS):
        for node in violation["nodes"]:
            impact = node["impact"] or violation["impact"]
            if impact in BLOCKING:
                summary = " ".join(node["summary"].split())[:300]
                findings.append(f"{violation['id']}（{impact}）{node['target']}：{summary}")
    return findings


def sitemap_pages(site: Path) -> list[str]:
    """The pages sitemap.xml lists, relative to the site's root like site_pages() ('' for the home page).
    (MkDocs lists none while mkdocs.yml sets no site_url.)"""
    tree = ET.parse(site / "sitemap.xml")
    paths = [urlparse(loc.text.strip()).path for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    root = min(paths, key=len) if paths else "/"  # the home page's path: where the site is published
    return [unquote(path[len(root):]) for path in paths]


def pages_to_check(site: Path) -> list[str]:
    """Every page of a build: the pages found by walking it (generated pages and the 404 page included), which
    must hold every page sitemap.xml lists."""
    pages = site_pages(site)
    missing = sorted(set(sitemap_pages(site)) - set(pages))
    assert missing == [], f"sitemap.xml 列出的这些页面不在检查之列：{missing}"
    return pages


@pytest.fixture(scope="module")
def served(built_site, site_url, public_site, public_site_url):
    """Both builds served on loopback: build name -> (folder, base URL)."""
    return {"内部版": (built_site, site_url), "公开版": (public_site, public_site_url)}


def new_page(browser, width: int, axe_source: str | None = None):
    """A page at that width (a phone's touch screen below 600 px); with axe_source, axe-core is in every page it opens."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN",
                                  is_mobile=width < 600, has_touch=width < 600)
    if axe_source:
        context.add_init_script(axe_source)
    return context, context.new_page()


# --- axe-core over every page -------------------------------------------------------------------------------

@pytest.mark.parametrize("build", ["内部版", "公开版"])
@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_every_page_has_no_serious_axe_finding(browser, served, axe_source, build, width_name):
    site, url = served[build]
    context, page = new_page(browser, WIDTHS[width_name], axe_source)
    failures, checked = {}, 0
    for path in pages_to_check(site):
        page.goto(url + path, wait_until="load")
        findings = axe_findings(page, axe_source)
        checked += 1
        if findings:
            failures[path or "首页"] = findings
    context.close()
    assert checked >= 15  # the ten main pages, the problem pages, the evidence page, 404
    assert failures == {}, f"{build}，{width_name}宽度（{WIDTHS[width_name]} px）"


def _open_search(page, query: str):
    """Open the search from the keyboard (the header's search button on a phone, Tab into the box on a desktop),
    type a query and wait for the results."""
    box = page.locator("input.md-search__input")
    for _ in range(10):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.matches('input.md-search__input, label[for=__search]')")
        if focused:
            break
    else:
        raise AssertionError("用 Tab 到不了搜索框或搜索按钮")
    if page.evaluate("document.activeElement.matches('label[for=__search]')"):
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.matches('input.md-search__input')")
    box.fill(query)
    box.press("End")  # Material's search answers on keyup
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    # the results fade in (Material's opacity transitions): contrast is judged on what the reader then sees
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_search_with_results_and_opened_chart_data_have_no_serious_axe_finding(browser, served, axe_source, width_name):
    _site, url = served["内部版"]
    context, page = new_page(browser, WIDTHS[width_name])
    failures = {}

    page.goto(url, wait_until="networkidle")
    _open_search(page, "整改")
    assert page.locator(".md-search-result__item").count() > 0
    failures["搜索结果"] = axe_findings(page, axe_source)

    page.goto(url + "board/", wait_until="networkidle")
    summary = page.locator("article details summary", has_text="图表数据")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.locator("article details[open] table")
    table.wait_for(state="visible")
    assert table.locator("tbody tr").count() > 1
    failures["整改看板的图表数据"] = axe_findings(page, axe_source)
    context.close()
    assert {state: found for state, found in failures.items() if found} == {}


def test_the_preview_page_of_record_errors_has_no_serious_axe_finding(browser, preview, axe_source):  # noqa: F811
    project, url, _log = preview
    record = project / "data" / "problems" / "P-002.yml"
    good = record.read_text(encoding="utf-8")
    assert "status: 整改中\n" in good
    record.write_text(good.replace("status: 整改中\n", "status: 完成\n"), encoding="utf-8")
    failures = {}
    for width_name, width in WIDTHS.items():
        context, page = new_page(browser, width)
        deadline = time.monotonic() + 30
        while True:  # the preview rebuilds after the save
            page.goto(url + "problems/", wait_until="load")  # (livereload keeps a request open: no networkidle)
            if page.locator("article h1").inner_text() == REPORT_TITLE or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert page.locator("article h1").inner_text() == REPORT_TITLE
        assert page.locator(".ledger-failure li").count() == 1
        failures[width_name] = axe_findings(page, axe_source)
        context.close()
    assert {w: found for w, found in failures.items() if found} == {}


def test_the_offline_bundle_from_disk_has_no_serious_axe_finding(browser, bundle_site, axe_source):  # noqa: F811
    # 404.html only a web server shows (its links start at the site root); from disk there is none
    pages = sorted(p for p in bundle_site.rglob("*.html") if p.name != "404.html")
    assert len(pages) >= 15
    failures = {}
    for width_name, width in WIDTHS.items():
        context, page = new_page(browser, width, axe_source)
        for html in pages:
            page.goto(html.as_uri(), wait_until="load")
            findings = axe_findings(page, axe_source)
            if findings:
                failures[f"{width_name} {html.relative_to(bundle_site)}"] = findings
        context.close()
    assert failures == {}


# --- keyboard ------------------------------------------------------------------------------------------------

_FOCUS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), role: el.getAttribute("role") || "", text: (el.getAttribute("aria-label") || el.textContent || "").trim().slice(0, 30),
    href: el.getAttribute("href") || "", classes: typeof el.className === "string" ? el.className : "",
    ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    onScreen: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth,
  };
}"""


def tab_until(page, test, limit: int = 120) -> list[dict]:
    """Press Tab until the focused element passes test(focus); every stop on the way, each checked for a visible
    focus ring on screen. Fails when test never passes."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(_FOCUS)
        if focus["tag"] == "body":
            continue
        stops.append(focus)
        if test(focus):
            return stops
    raise AssertionError(f"按了 {limit} 次 Tab 仍没有到达目标；经过：{[s['text'] for s in stops]}")


def no_visible_focus(stops: list[dict]) -> list[str]:
    # Material's skip link fades in as it gets focus: its ring is there, the fade not yet
    return [f"{s['tag']}「{s['text']}」" for s in stops
            if not (s["ring"] and s["onScreen"]) and "md-skip" not in s["classes"]]


_DEADLINES = "[...document.querySelectorAll('.problem-list table tbody tr td:nth-child(4)')].map(td => td.textContent.trim())"


def _day(text: str) -> tuple[int, int, int]:
    match = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", text)
    assert match, f"整改时限不是日期：{text!r}"
    return tuple(int(g) for g in match.groups())


def test_the_keyboard_sorts_the_problem_list_by_deadline(browser, served):
    _site, url = served["内部版"]
    context, page = new_page(browser, WIDTHS["桌面"])
    page.goto(url + "problems/", wait_until="networkidle")
    header = page.locator(".problem-list th", has_text="整改时限")
    assert header.get_attribute("role") == "columnheader"
    before = page.evaluate(_DEADLINES)
    assert len(before) > 2 and [_day(d) for d in before] != sorted(_day(d) for d in before)  # not sorted already

    stops = tab_until(page, lambda f: f["role"] == "button" and f["text"] == "整改时限")
    assert page.evaluate("document.activeElement.closest('th') !== null")  # the header's own button
    assert no_visible_focus(stops) == []
    page.keyboard.press("Enter")
    ascending = page.evaluate(_DEADLINES)
    assert [_day(d) for d in ascending] == sorted(_day(d) for d in before)
    assert header.get_attribute("aria-sort") == "ascending"
    page.keyboard.press("Space")
    descending = page.evaluate(_DEADLINES)
    assert [_day(d) for d in descending] == sorted((_day(d) for d in before), reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    assert page.evaluate(_FOCUS)["text"] == "整改时限"  # the focus stays on the header
    context.close()


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_the_keyboard_reaches_search_downloads_and_chart_data_with_a_visible_focus(browser, served, width_name):
    _site, url = served["内部版"]
    context, page = new_page(browser, WIDTHS[width_name])
    failures = []

    # the search box (desktop) or the header's search button (phone), then the results
    page.goto(url, wait_until="networkidle")
    stops = tab_until(page, lambda f: "md-search__input" in f["classes"] or f["text"] == "搜索", limit=10)
    failures += no_visible_focus(stops)
    if stops[-1]["tag"] == "label":
        page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('input.md-search__input')")
    page.keyboard.insert_text("整改")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15000)
    page.keyboard.press("ArrowDown")
    result = page.evaluate(_FOCUS)
    assert "md-search-result__link" in result["classes"]
    failures += no_visible_focus([result])
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(target)

    # the download links on the problem list
    page.goto(url + "problems/", wait_until="networkidle")
    links = page.locator("article a[href$='.docx'], article a[href$='.xlsx']")
    wanted = {a.get_attribute("href") for a in links.all()}
    assert len(wanted) >= 2
    stops = tab_until(page, lambda f: f["href"] in wanted and (wanted.discard(f["href"]) or not wanted))
    failures += no_visible_focus(stops)

    # the board's chart data: open it, then its table (and its scrolling box, where it scrolls) from the keyboard
    page.goto(url + "board/", wait_until="networkidle")
    stops = tab_until(page, lambda f: f["tag"] == "summary" and "图表数据" in f["text"])
    failures += no_visible_focus(stops)
    page.keyboard.press("Enter")
    assert page.locator("article details[open] table").is_visible()
    page.keyboard.press("Tab")
    inside = page.evaluate("document.activeElement.closest('details[open]') !== null")
    assert inside, "打开图表数据后，Tab 没有进入数据表"
    failures += no_visible_focus([page.evaluate(_FOCUS)])
    context.close()
    assert failures == [], f"{width_name}宽度：这些控件得到焦点时看不出来"


def test_the_phone_menu_opens_and_closes_from_the_keyboard(browser, served):
    _site, url = served["内部版"]
    context, page = new_page(browser, WIDTHS["手机"])
    page.goto(url + "board/", wait_until="networkidle")
    stops = tab_until(page, lambda f: f["text"] == "导航菜单", limit=5)
    assert no_visible_focus(stops) == []
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    # the drawer slides in: focus is drawn once it stands still (a busy machine is slow to finish the transition)
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    assert page.evaluate("document.getElementById('__drawer').checked")
    stops = tab_until(page, lambda f: f["text"] == "检视整改", limit=20)
    assert no_visible_focus(stops) == []
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__drawer').checked")
    assert page.evaluate(_FOCUS)["text"] == "导航菜单"
    # closed, the menu is out of the Tab order: the next stops are the search button and the page
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUS)["text"] == "搜索"
    context.close()


# --- reflow and large text -------------------------------------------------------------------------------------

def test_at_320_px_no_page_scrolls_sideways_and_nothing_is_cut_or_overlaps(browser, served):
    site, url = served["内部版"]
    context, page = new_page(browser, REFLOW_WIDTH)
    failures = {}
    for path in pages_to_check(site):
        page.goto(url + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.clientWidth") == REFLOW_WIDTH
        found = page.evaluate(LAYOUT_CHECK)
        if found:
            failures[path or "首页"] = found
    context.close()
    assert failures == {}


@pytest.mark.parametrize("width_name", list(WIDTHS))
def test_with_a_20_px_minimum_font_nothing_overlaps_or_is_cut(browser_with_settings, served, width_name):
    """Chromium's minimum font size at 20 px (设置 → 外观 → 自定义字体 → 最小字号), as a reader sets it."""
    site, url = served["内部版"]
    prefs = {"webkit": {"webprefs": {"minimum_font_size": MIN_FONT_PX, "minimum_logical_font_size": MIN_FONT_PX}}}
    context = browser_with_settings(prefs, {"width": WIDTHS[width_name], "height": 900})
    page = context.new_page()
    failures = {}
    for path in pages_to_check(site):
        page.goto(url + path, wait_until="networkidle")
        if not path:  # the setting is in force: the navigation's 14 px text is shown at 20 px
            assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-nav__link')).fontSize)") >= MIN_FONT_PX
        found = page.evaluate(LAYOUT_CHECK)
        if found:
            failures[path or "首页"] = found
    context.close()
    assert failures == {}, f"{width_name}宽度"
