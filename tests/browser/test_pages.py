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


# ---- the problem list as a reader sees it (issue 15) ----
from ledger.context import BuildContext  # noqa: E402
from ledger.text import cn_date  # noqa: E402
from ledger.views.tables import PROBLEM_LIST_COLUMNS  # noqa: E402
from support import ROOT  # noqa: E402

DESKTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "zh-CN"}
PHONE_390 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


@pytest.fixture(scope="module")
def sample():
    return BuildContext(ROOT)


def _inside(box, width) -> bool:
    return box is not None and box["width"] > 0 and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_the_problem_list_columns_a_reader_scans_fit_a_desktop_screen(browser, site_url, sample):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(site_url + "problems/", wait_until="networkidle")
    table = page.locator(".problem-list table")
    headers = table.locator("th")
    assert headers.all_inner_texts() == list(PROBLEM_LIST_COLUMNS)
    for header in headers.all():
        assert _inside(header.bounding_box(), 1366), header.inner_text()
    wrap = page.locator(".problem-list .md-typeset__scrollwrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")  # nothing behind a sideways scroll
    rows = table.locator("tbody tr")
    assert rows.count() == len(sample.ledger.problems)
    for row, problem in zip(rows.all(), sample.ledger.problems):
        cells = row.locator("td")
        assert cells.nth(0).inner_text() == problem.id
        assert cells.nth(3).inner_text() == cn_date(problem.deadline)
        status = cells.nth(4)
        assert _inside(status.bounding_box(), 1366)
        for alert in sample.assessment.alerts_for(problem.id):
            mark = status.locator(".problem-alert", has_text=alert.label)
            assert mark.is_visible() and _inside(mark.bounding_box(), 1366), (problem.id, alert.label)
        # the date stays on one line: its box is one line high
        date = cells.nth(3).locator(".nowrap")
        assert date.evaluate("e => e.getClientRects().length") == 1
    assert sample.assessment.overdue, "the sample data has an overdue problem to show"
    context.close()


def test_on_a_phone_every_problem_shows_its_id_status_and_deadline(browser, site_url, sample):
    context = browser.new_context(**PHONE_390)
    page = context.new_page()
    page.goto(site_url + "problems/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    rows = page.locator(".problem-list tbody tr")
    assert rows.count() == len(sample.ledger.problems)
    for row, problem in zip(rows.all(), sample.ledger.problems):
        cells = row.locator("td")
        for index, text in ((0, problem.id), (3, cn_date(problem.deadline)), (4, problem.status)):
            cell = cells.nth(index)
            assert cell.is_visible() and text in cell.inner_text(), (problem.id, text)
            assert _inside(cell.bounding_box(), 390), (problem.id, text, cell.bounding_box())
        for alert in sample.assessment.alerts_for(problem.id):
            assert _inside(cells.nth(4).locator(".problem-alert", has_text=alert.label).bounding_box(), 390)
        row.scroll_into_view_if_needed()
    context.close()


def test_the_home_page_reaches_every_section_on_a_desktop(browser, site_url):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    nav = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link")
    titles = [t.strip() for t in nav.all_inner_texts()]
    assert titles[:1] == ["首页"] and {"汇报", "编辑指南", "检视整改", "整改看板"} <= set(titles)
    for link in nav.all():
        assert link.is_visible(), link.inner_text()
    article = page.locator("article")
    for target in ("report/", "guide/", "problems/", "board/"):
        link = article.locator(f'a[href$="{target}"]').first
        assert link.is_visible(), target
    context.close()


def test_figure_cards_are_red_only_for_warnings_that_are_not_zero(page, site_url, sample):
    page.goto(site_url + "board/", wait_until="networkidle")
    colours = {}
    for card in page.locator(".figure-card").all():
        label = card.locator(".figure-label").inner_text()
        colours[label] = card.locator(".figure-value").evaluate("e => getComputedStyle(e).color")
    fig = sample.figures
    red = colours["逾期未完成（个）"] if fig.problems_overdue else None
    assert red is not None, "the sample has an overdue problem"
    assert colours["已完成整改（个）"] != red and colours["问题清单（个）"] != red
    for label, count in (("即将到期（个）", fig.problems_due_soon), ("进展滞后（个）", fig.problems_stale),
                         ("缺少佐证材料（个）", fig.problems_without_evidence)):
        assert (colours[label] == red) == (count > 0), (label, count)
