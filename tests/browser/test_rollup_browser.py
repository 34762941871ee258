"""In Chromium, the example roll-up (examples/rollup-demo): the 汇总表 fits at 1366 px and keeps the unit column in
view at 390 px, the problem list filters by 单位, 状态 and 提醒, search finds a unit's problem by its words and by
the unit's name; no request leaves the site."""
from __future__ import annotations

import pytest

from ledger.rollup.context import RollupContext
from search_client import search_pages
from support import ROOT, run_build

pytestmark = pytest.mark.browser
EXAMPLE = ROOT / "examples" / "rollup-demo"


@pytest.fixture(scope="module")
def rollup_url(tmp_path_factory, serve):
    site = tmp_path_factory.mktemp("rollup-site")
    result = run_build(EXAMPLE, site)
    assert result.returncode == 0, result.stderr
    return serve(site)


@pytest.fixture(scope="module")
def example():
    with RollupContext(EXAMPLE) as context:
        yield {u.id: (u.label, [p.id for p in u.context.ledger.problems], u.context.assessment)
               for u in context.units}


def _visible_rows(page):
    return page.locator(".rollup-problems tbody tr:visible")


def test_the_problem_list_filters_by_unit_status_and_flag(page, rollup_url, example):
    page.goto(rollup_url + "problems/", wait_until="networkidle")
    total = sum(len(ids) for _label, ids, _a in example.values())
    assert _visible_rows(page).count() == total
    page.select_option("select[data-filter=unit]", "qu-b")
    ids = [t.strip() for t in _visible_rows(page).locator("td:nth-child(2)").all_inner_texts()]
    assert ids == example["qu-b"][1]
    assert page.locator(".rollup-filter-count").inner_text() == f"显示 {len(ids)} / {total} 个问题"
    page.select_option("select[data-filter=status]", "整改中")
    assert set(_visible_rows(page).locator("td:nth-child(4)").all_inner_texts()) == {"整改中"}
    page.select_option("select[data-filter=unit]", "")
    page.select_option("select[data-filter=status]", "")
    page.select_option("select[data-filter=flag]", "逾期未完成")
    overdue = sorted((unit_id, a.problem.id) for unit_id, (_l, _i, assessment) in example.items()
                     for a in assessment.overdue)
    shown = sorted((row.locator("[data-unit]").get_attribute("data-unit"), row.locator("td:nth-child(2)").inner_text().strip())
                   for row in _visible_rows(page).all())
    assert shown == overdue and overdue
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_search_finds_a_units_problem_by_its_words_and_by_the_units_name(page, rollup_url, example):
    label = example["qu-c"][0]
    found = search_pages(page, rollup_url, [f"{label} 叫应", label, "叫应"])
    assert found[f"{label} 叫应"][0] == "units/qu-c/problems/P-005/"
    assert found[label] and all(path.startswith("units/qu-c/") or path in ("", "problems/", "figures/", "units/")
                                for path in found[label][:3])
    assert {f"units/{u}/problems/P-005/" for u in ("qu-a", "qu-b", "qu-c")} <= set(found["叫应"])


@pytest.mark.parametrize("width", [1366, 390])
def test_the_summary_table_at_desktop_and_phone_widths(browser, rollup_url, width, tmp_path):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.goto(rollup_url, wait_until="networkidle")
    page.screenshot(path=str(tmp_path / f"rollup-summary-{width}.png"), full_page=True)
    table = page.locator(".rollup-summary table")
    box, wrap = table.bounding_box(), page.locator(".rollup-summary .md-typeset__scrollwrap").bounding_box()
    if width == 1366:
        assert box["width"] <= wrap["width"] + 1  # every column in view, no scrolling
    else:  # scrolled to its end, the unit column is still there beside the last figures
        page.locator(".rollup-summary .md-typeset__scrollwrap").evaluate("el => el.scrollLeft = el.scrollWidth")
        first = page.locator(".rollup-summary tbody tr").first.locator("td").first.bounding_box()
        assert first["x"] >= wrap["x"] - 1 and first["x"] < wrap["x"] + 40
    assert page.locator(".rollup-summary .rollup-late").count() >= 1
    svg = page.locator("svg.rollup-chart").bounding_box()
    assert svg["width"] <= width
    context.close()


@pytest.mark.parametrize("width", [1366, 390])
def test_the_roll_up_pages_have_no_serious_axe_finding(browser, rollup_url, example, width):
    """The roll-up site on the units' accessible theme (WCAG 2.1 AA, as tests/browser/test_accessibility.py checks
    every unit page): the 汇总表, 本期进展, 全部数字, 问题清单 with its filters, 各单位, a unit's page and one of its problems."""
    from test_accessibility import axe_findings, new_page
    from test_accessibility import axe_source as _axe  # noqa: F401  (the fixture is requested below by name)
    source = (ROOT / "tests" / "browser" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
    context, page = new_page(browser, width, source)
    unit_id = next(iter(example))
    failures = {}
    for path in ("", "progress/", "figures/", "problems/", "units/", f"units/{unit_id}/",
                 f"units/{unit_id}/problems/P-001/"):
        page.goto(rollup_url + path, wait_until="load")
        findings = axe_findings(page, source)
        if findings:
            failures[path or "汇总表"] = findings
    # the header is the accessible red, not Material's own (3.4 : 1 under white text)
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    context.close()
    assert failures == {}
    assert header == "rgb(200, 22, 30)"
