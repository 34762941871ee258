"""A ledger 100 times the sample (800 problems, bench/generate.py) built and read in Chromium: search finds
a query's own page first, and the problem list filters by 责任科室, 整改状态 and the tracker's marks.

How fast is the bench's business (bench/reader_speed.py, figures in bench/RESULTS.md); here only what a
reader sees is checked.
"""
from __future__ import annotations

import re
import shutil
import sys
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from search_client import search_box_pages, search_pages

from support import ROOT, copy_project, run_build
from test_report_print import serve_directory

sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

from ledger.context import BuildContext  # noqa: E402
from ledger.views import tracker  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.build]
SCALE = 100


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """(project, built site) of the generated 100x ledger."""
    work = tmp_path_factory.mktemp("scale")
    project = copy_project(work / "project")
    shutil.rmtree(project / "data")
    generate(SCALE, project / "data")
    result = run_build(project, work / "site")
    assert result.returncode == 0, result.stderr
    return project, work / "site"


@pytest.fixture(scope="module")
def big_url(big):
    url, server = serve_directory(big[1])
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def context(big):
    return BuildContext(big[0])


def test_search_puts_the_page_of_an_id_or_a_name_first(page, big_url, context):
    problems = context.ledger.problems
    assert len(problems) == 8 * SCALE
    copy = next(p.id for p in problems if p.id.startswith("P-008-") and p.id.endswith("7"))
    queries = ["P-008", copy, "理论学习", "气象零距离服务行动", "整改"]
    found = search_pages(page, big_url, queries)
    assert found["P-008"][0] == "problems/P-008/"
    assert found[copy][0] == f"problems/{copy}/"
    assert found["理论学习"][0] == "study/"
    assert found["气象零距离服务行动"][0] == "development/"
    # a word on every problem's page finds every one of them
    assert sum(1 for p in found["整改"] if p.startswith("problems/P-")) == len(problems)
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []


def test_the_search_box_answers_from_the_keyboard(page, big_url, context):
    copy = next(p for p in context.ledger.problems if p.id.startswith("P-003-"))
    page.goto(big_url, wait_until="load")
    shown = search_box_pages(page, copy.id)
    assert shown[0] == f"problems/{copy.id}/"
    # arrow down to the first result, Enter opens it
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(f"/problems/{copy.id}/")))
    assert copy.id in page.locator("article h1").inner_text()


def _visible_rows(page):
    return page.evaluate("""() => [...document.querySelectorAll('.problem-list--all tbody tr')]
        .filter((tr) => tr.offsetParent !== null)
        .map((tr) => [...tr.cells].map((td) => td.innerText.trim()))""")


def _count_line(page):
    return page.locator(".problem-filter__count").inner_text()


def _count_becomes(page, text: str) -> None:
    """The count line (aria-live) once it says text: a change is applied when its event has run."""
    page.wait_for_function("t => document.querySelector('.problem-filter__count').textContent.includes(t)", arg=text)


def test_the_problem_list_filters_by_department_status_and_marks(page, big_url, context):
    problems = context.ledger.problems
    page.goto(big_url + "problems/", wait_until="load")
    page.locator(".problem-filter").wait_for()
    assert f"共 {len(problems)} 个问题" in _count_line(page)
    # a long list comes 100 rows at a time
    assert len(_visible_rows(page)) == 100
    page.get_by_role("button", name=re.compile("再显示")).click()
    assert len(_visible_rows(page)) == 200

    # 责任科室, chosen from the keyboard
    departments = Counter(p.department for p in problems)
    department = "气象台"
    page.get_by_label("责任科室").focus()
    while page.get_by_label("责任科室").input_value() != department:
        page.keyboard.press("ArrowDown")
    rows = _visible_rows(page)
    assert {row[2] for row in rows} == {department}
    assert f"筛出 {departments[department]} 个问题" in _count_line(page)
    assert len(rows) == min(100, departments[department])
    assert parse_qs(urlsplit(page.url).query) == {"科室": [department]}  # the filtered list has its own address

    # and 整改状态
    status = "整改中"
    page.get_by_label("整改状态").select_option(status)
    want = sum(1 for p in problems if p.department == department and p.status == status)
    _count_becomes(page, f"筛出 {want} 个问题")
    assert all(row[4].startswith(status) for row in _visible_rows(page))

    # a mark of the tracker, ticked with the space bar, after the other filters are cleared
    page.get_by_role("button", name="清除筛选").click()
    _count_becomes(page, f"共 {len(problems)} 个问题")
    overdue = {a.problem.id for a in context.assessment.by_kind()[tracker.OVERDUE]}
    assert overdue
    page.get_by_label("逾期未完成").focus()
    page.keyboard.press("Space")
    _count_becomes(page, f"筛出 {len(overdue)} 个问题")
    if len(overdue) > 100:
        page.get_by_role("button", name="全部显示").click()
    assert {row[0] for row in _visible_rows(page)} == overdue
    assert page.watch.console_errors == []


def test_a_filtered_list_prints_every_problem_it_holds_and_says_how_it_was_filtered(page, big_url, context):
    problems = context.ledger.problems
    department = "办公室"
    wanted = [p.id for p in problems if p.department == department]
    assert len(wanted) > 100  # more than the screen shows at once
    page.goto(big_url + f"problems/?科室={department}", wait_until="load")
    page.locator(".problem-filter").wait_for()
    page.emulate_media(media="print")
    printed = [row[0] for row in _visible_rows(page)]
    assert sorted(printed) == sorted(wanted)
    assert page.locator(".problem-filter").is_hidden()
    line = page.locator(".problem-filter__printed").inner_text()
    assert f"责任科室：{department}" in line and f"{len(wanted)} 个问题" in line
