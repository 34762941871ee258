"""The `mkdocs serve` preview in Chromium while an editor saves a mistake and then the fix.

A copy of the project is served; a page is open in the browser. Saving a broken record makes the open
page (and any page opened next) show the check's Chinese report - file, line, record, field, what to
write - within seconds, without a manual reload; saving the fix brings the normal page back.
"""
from __future__ import annotations

import time

import pytest

from ledger.context import BuildContext
from ledger.records.errors import LedgerInvalid
from support import copy_project, mkdocs_serve

pytestmark = pytest.mark.browser

HEADING = "article h1"
REPORT_TITLE = "记录有错误，预览暂停更新"
SECONDS = 8  # a failed rebuild takes about 1 s here; generous for a loaded test machine



@pytest.fixture
def preview(tmp_path):
    project = copy_project(tmp_path / "project")
    log_path = tmp_path / "serve.log"
    with mkdocs_serve(project, log_path) as url:
        yield project, url, log_path


def _heading_is(page, text: str, *, starts: bool = False, timeout: float = SECONDS) -> float:
    """Wait until the page's heading reads `text` (or starts with it); seconds waited."""
    start = time.monotonic()
    test = "startsWith" if starts else "includes"
    page.wait_for_function(f"t => {{ const h = document.querySelector('{HEADING}'); return h && h.innerText.{test}(t); }}",
                           arg=text, timeout=timeout * 1000)
    return time.monotonic() - start


def test_a_saved_mistake_shows_the_check_report_on_the_open_page_and_the_fix_brings_it_back(browser, preview):
    project, url, log_path = preview
    record = project / "data" / "problems" / "P-002.yml"
    good = record.read_text(encoding="utf-8")
    assert good.count("status: 整改中\n") == 1

    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(url + "problems/P-002/", wait_until="load")  # (livereload keeps a request open: no networkidle)
    _heading_is(page, "P-002", starts=True)

    record.write_text(good.replace("status: 整改中\n", "status: 完成\n"), encoding="utf-8")
    waited = _heading_is(page, REPORT_TITLE)
    assert waited < SECONDS

    # the report, line for line, as the check words it
    with pytest.raises(LedgerInvalid) as broken:
        BuildContext(project)
    expected = [str(error) for error in broken.value.errors]
    shown = [item.inner_text().strip() for item in page.locator(".ledger-failure li").all()]
    assert shown == expected and len(shown) == 1
    line = shown[0]
    status_line = good.splitlines().index("status: 整改中") + 1
    assert line.startswith(f"data/problems/P-002.yml:{status_line}:")  # file and line
    assert "问题 P-002" in line and "字段 status" in line and "「完成」" in line and "「已完成」" in line  # record, field, fix
    assert page.locator(".ledger-failure").is_visible()
    assert page.locator(".ledger-failure__head").inner_text() == broken.value.report().splitlines()[0]

    # a page opened while the records are broken answers at once, with the same report
    other = context.new_page()
    start = time.monotonic()
    other.goto(url + "board/", wait_until="load", timeout=SECONDS * 1000)
    assert time.monotonic() - start < SECONDS
    assert other.locator(HEADING).inner_text() == REPORT_TITLE
    assert [i.inner_text().strip() for i in other.locator(".ledger-failure li").all()] == expected

    # the editor's terminal has the same report, and the server did not stop
    log = log_path.read_text(encoding="utf-8")
    assert expected[0] in log and "Aborted" not in log and "BuildError" not in log

    record.write_text(good, encoding="utf-8")
    _heading_is(page, "P-002", starts=True, timeout=SECONDS * 2)
    assert page.locator(".ledger-failure").count() == 0
    assert "整改中" in page.locator("article").inner_text()
    _heading_is(other, "整改看板", timeout=SECONDS * 2)
    context.close()
