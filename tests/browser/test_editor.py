"""The form editor (/admin/, Decap CMS) in local mode, as ./run.sh edit runs it: `python -m ledger edit`, the tool's
own local backend (Decap's local-backend protocol, no npm) on loopback writing the project's files, and
`mkdocs serve` rebuilding the preview after each save.

A clerk's path through it, driven in Debian's Chromium: open P-002, add a progress entry, save; the file
passes the check and git shows that record's lines alone; the problem's page shows the entry. Then a new
problem made with the form is counted, an activity edited in a shared file changes its own line only, and a
mistake the form cannot catch (a completed problem without its completion date) comes back in Chinese with
file, line, record and field, in the preview and from `check`.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ledger.records import registry
from ledger.records.errors import LedgerInvalid
from ledger.records.load import load_ledger
from support import copy_project, free_port, wait_for_text

pytestmark = [pytest.mark.browser, pytest.mark.build]



def _wait_for(url: str, text: str, timeout: float) -> str:
    return wait_for_text(url, text, timeout, poll=0.2)


def _wait_file(path: Path, changed_from: str | None, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text(encoding="utf-8") != changed_from:
            return path.read_text(encoding="utf-8")
        time.sleep(0.1)
    raise AssertionError(f"保存后 {path} 没有写入")


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=project, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def editor(tmp_path_factory):
    """A project copy under git, with `python -m ledger edit` (./run.sh edit) running in it."""
    tmp = tmp_path_factory.mktemp("editor")
    project = copy_project(tmp / "project")
    decap_port, site_port = free_port(), free_port()
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      backend: local\n" in text
    config.write_text(text.replace("      backend: local\n", f"      backend: local\n      local_port: {decap_port}\n"),
                      encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "add", "-A")
    _git(project, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "commit", "-qm", "样例数据")
    logs = (open(tmp / "edit.log", "w"),)
    edit = subprocess.Popen([sys.executable, "-m", "ledger", "edit", "--dev-addr", f"127.0.0.1:{site_port}"],
                            cwd=project, stdout=logs[0], stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{site_port}/"
    try:
        _wait_for(url + "admin/", "decap-cms.js", 180)
        _wait_for(url + "problems/", "问题清单", 60)
        yield project, url
    finally:
        os.killpg(edit.pid, signal.SIGINT)  # Ctrl+C in the terminal: the preview and the local backend stop
        edit.wait(timeout=30)
        for log in logs:
            log.close()


def _commit(project: Path) -> None:
    _git(project, "-c", "user.name=测试", "-c", "user.email=test@example.invalid", "commit", "-qam", "保存", "--allow-empty")


def _open(page, url: str, route: str = "") -> None:
    page.set_default_timeout(120_000)  # a 2-core CI runner rebuilding the preview after each save is slow
    page.goto(url + "admin/")
    login, signed_in = page.get_by_role("button", name="登录"), page.get_by_text("集合", exact=True)
    login.or_(signed_in).first.wait_for()  # the login page, or the collections when already signed in
    if login.is_visible():
        login.click()
    signed_in.wait_for()
    if route:
        page.goto(url + "admin/" + route)


def _field(page, label: str, nth: int = 0):
    """The input of the form field labelled `label` (Decap marks optional ones “(可选)”)."""
    labels = page.locator("label").filter(has_text=re.compile(f"^{re.escape(label)}( \\(可选\\))?$"))
    return page.locator(f"[id='{labels.nth(nth).get_attribute('for')}']")


def _choose(page, label: str, option: str) -> None:
    _field(page, label).click()
    page.get_by_role("option", name=option, exact=True).click()


def _publish(page) -> None:
    page.get_by_text("发布", exact=True).first.click()
    page.get_by_text("立即发布").click()
    page.get_by_text("修改已保存").wait_for()


def _added_and_removed(diff: str) -> tuple[list[str], list[str]]:
    lines = [line for line in diff.splitlines() if not line.startswith(("+++", "---"))]
    return [line[1:] for line in lines if line.startswith("+")], [line[1:] for line in lines if line.startswith("-")]


def test_the_editor_loads_in_chinese_with_every_kind_and_asks_no_other_host(editor, page):
    project, url = editor
    _open(page, url)
    page.get_by_text(registry.kind("problems").title).first.wait_for()
    page.get_by_text("P-002").first.wait_for()  # the entries load after the collection (slower on a busy machine)
    body = page.inner_text("body")
    for kind in registry.KINDS:
        assert kind.title in body
    assert "P-002" in body and "集合" in body  # the problem list, under Decap's Chinese UI
    page.goto(url + "admin/#/collections/problems/entries/P-002")
    _field(page, "问题描述").wait_for()
    assert page.get_by_role("link", name="查看发布").get_attribute("href") == url + "problems/"
    assert page.watch.console_errors == []
    assert page.watch.foreign_requests == []


def test_a_progress_entry_added_to_P002_is_saved_checked_and_shown(editor, page):
    project, url = editor
    path = project / "data" / "problems" / "P-002.yml"
    before = path.read_text(encoding="utf-8")
    _open(page, url, "#/collections/problems/entries/P-002")
    page.get_by_text("新增整改进展").click()
    _field(page, "日期", nth=-1).fill("2023-11-19")
    _field(page, "进展", nth=-1).fill("库区加密站建设方案获批<表单>")
    _publish(page)
    after = _wait_file(path, before)

    ledger = load_ledger(project / "data")  # the saved file passes the check
    p002 = next(p for p in ledger.problems if p.id == "P-002")
    assert (str(p002.progress[-1].date), p002.progress[-1].text) == ("2023-11-19", "库区加密站建设方案获批<表单>")
    assert _git(project, "status", "--porcelain").split() == ["M", "data/problems/P-002.yml"]
    added, removed = _added_and_removed(_git(project, "diff", "-U0"))
    assert removed == []
    assert added == ["  - date: 2023-11-19", "    text: 库区加密站建设方案获批<表单>"]
    assert after == before + "".join(line + "\n" for line in added)

    _wait_for(url + "problems/P-002/", "库区加密站建设方案获批", 240)
    view = page.context.new_page()
    view.goto(url + "problems/P-002/")
    shown = view.inner_text("article")
    assert "库区加密站建设方案获批<表单>" in shown and "2023年11月19日" in shown
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []
    _commit(project)


def test_the_preview_does_not_reload_the_editor_after_a_save(editor, page):
    """mkdocs serve reloads every page it serves after a rebuild, but not the form a clerk is filling in."""
    project, url = editor
    _open(page, url, "#/collections/problems/entries/P-004")
    _field(page, "整改措施").fill("还没保存的修改")
    page.evaluate("window.notReloaded = true")
    plan = project / "docs" / "plan.md"  # a rebuild, as after another save
    plan.write_text(plan.read_text(encoding="utf-8") + "\n预览已重建。\n", encoding="utf-8")
    _wait_for(url + "plan/", "预览已重建。", 240)
    view = page.context.new_page()
    view.goto(url + "plan/")  # an ordinary page of the preview still reloads itself: the rebuild happened
    assert "livereload" in view.content()
    assert page.evaluate("window.notReloaded") is True
    assert _field(page, "整改措施").input_value() == "还没保存的修改"
    _git(project, "checkout", "--", "docs/plan.md")
    _wait_for(url + "plan/", "下一步", 240)


def test_a_problem_created_with_the_form_is_counted(editor, page):
    project, url = editor
    count = len(load_ledger(project / "data").problems)
    _wait_for(url + "problems/", f"梳理形成问题清单{count}个", 60)
    _open(page, url, "#/collections/problems/new")
    _field(page, "编号").fill("P-009")
    _field(page, "问题描述").fill("乡镇气象信息员培训不够系统")
    _choose(page, "问题来源", "群众反映")
    _field(page, "整改措施").fill("制定年度培训计划")
    _field(page, "责任领导（职务）").fill("党组成员、副局长")
    _field(page, "责任科室").fill("办公室")
    _field(page, "发现日期").fill("2023-11-10")
    _field(page, "整改时限").fill("2023-12-20")
    _choose(page, "整改状态", "未开始")
    _publish(page)

    new_files = [line.split()[-1] for line in _git(project, "status", "--porcelain", "-uall").splitlines()]
    assert len(new_files) == 1 and new_files[0].lower() == "data/problems/p-009.yml"
    ledger = load_ledger(project / "data")
    assert [p.id for p in ledger.problems][-1] == "P-009" and len(ledger.problems) == count + 1
    _wait_for(url + "problems/", f"梳理形成问题清单{count + 1}个", 240)
    _wait_for(url + "problems/P-009/", "乡镇气象信息员培训不够系统", 60)
    assert page.watch.console_errors == [] and page.watch.foreign_requests == []
    _git(project, "add", "-A")
    _commit(project)


def test_editing_one_activity_of_a_shared_file_changes_that_record_alone(editor, page):
    project, url = editor
    path = project / "data" / "study.yml"
    before = path.read_text(encoding="utf-8")
    activity = load_ledger(project / "data").activities[2]
    _open(page, url, "#/collections/activities/entries/activities")
    item = page.locator("[class*=SortableListItem]").filter(
        has=page.locator("[class*=NestedObjectLabel]", has_text=f"{activity.id} {activity.title}"))
    item.locator("button").first.click()
    page.locator(f"input[value='{activity.title}']").fill(activity.title + "（表单修改）")
    _publish(page)
    after = _wait_file(path, before)

    added, removed = _added_and_removed(_git(project, "diff", "-U0"))
    assert (added, removed) == ([f"    title: {activity.title}（表单修改）"], [f"    title: {activity.title}"])
    assert after.splitlines()[0] == before.splitlines()[0]  # the JSON Schema line for VS Code stays
    assert load_ledger(project / "data").activities[2].title == activity.title + "（表单修改）"
    _commit(project)


def test_the_settings_file_of_many_fields_keeps_its_order_when_saved(editor, page):
    """Decap keeps a file's keys in the order of its collection's fields, not in its hash order (> 8 keys)."""
    project, url = editor
    path = project / "data" / "settings.yml"
    before = path.read_text(encoding="utf-8")
    title = load_ledger(project / "data").settings.report_title
    _open(page, url, "#/collections/settings/entries/settings")
    _field(page, "汇报标题").fill(title + "（修订）")
    _publish(page)
    after = _wait_file(path, before)
    assert len(before.splitlines()) > 9
    added, removed = _added_and_removed(_git(project, "diff", "-U0"))
    assert (added, removed) == ([f"report_title: {title}（修订）"], [f"report_title: {title}"])
    assert after.splitlines()[0] == before.splitlines()[0]
    _wait_for(url + "report/", f"{title}（修订）", 240)
    _commit(project)


def test_the_media_library_refuses_a_file_a_browser_would_run_and_takes_a_pdf(editor, page):
    """Evidence uploads (docs/evidence/): an .html is refused in Chinese before Decap writes it (the upload guard of
    admin/index.html); a PDF is written and passes the check."""
    project, url = editor
    evidence = project / "docs" / "evidence"
    before = sorted(p.name for p in evidence.iterdir())
    alerts: list[str] = []
    page.on("dialog", lambda dialog: (alerts.append(dialog.message), dialog.accept()))
    _open(page, url)
    page.get_by_text("媒体", exact=True).first.click()
    upload = page.locator("input[type=file]").first
    upload.wait_for(state="attached")
    upload.set_input_files(files=[{"name": "P-001-notice.html", "mimeType": "text/html",
                                   "buffer": b"<script>localStorage.getItem('decap-cms-user')</script>"}])
    deadline = time.monotonic() + 30
    while not alerts and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert alerts and "不能上传「P-001-notice.html」" in alerts[0] and "另存为 PDF" in alerts[0]
    page.wait_for_timeout(1000)
    assert sorted(p.name for p in evidence.iterdir()) == before
    upload.set_input_files(files=[{"name": "P-001-notice.pdf", "mimeType": "application/pdf",
                                   "buffer": b"%PDF-1.4\n%%EOF\n"}])
    saved = evidence / "p-001-notice.pdf"  # Decap writes an upload's name in lower case
    deadline = time.monotonic() + 60
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert saved.read_bytes().startswith(b"%PDF-")
    assert len(alerts) == 1
    load_ledger(project / "data")  # the uploaded PDF passes the check
    saved.unlink()


def test_a_mistake_the_form_cannot_catch_is_reported_in_the_preview_and_by_check(editor, page):
    project, url = editor
    path = project / "data" / "problems" / "P-008.yml"
    before = path.read_text(encoding="utf-8")
    _open(page, url, "#/collections/problems/entries/P-008")
    _choose(page, "整改状态", "已完成")
    _publish(page)
    _wait_file(path, before)

    with pytest.raises(LedgerInvalid) as failed:
        load_ledger(project / "data")
    (error,) = failed.value.errors
    assert (error.file, error.record, error.field) == ("data/problems/P-008.yml", "问题 P-008", "status")
    shown = _wait_for(url + "problems/", "记录有错误，预览暂停更新", 240)
    assert f"data/problems/P-008.yml:{error.line}" in shown and "没有写完成日期" in shown
    check = subprocess.run([sys.executable, "-m", "ledger", "check"], cwd=project, capture_output=True, text=True,
                           timeout=300)
    assert check.returncode != 0
    assert f"data/problems/P-008.yml:{error.line}" in check.stdout + check.stderr
    assert "问题 P-008" in check.stdout + check.stderr
