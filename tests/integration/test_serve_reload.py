"""`mkdocs serve` rebuilds after a record or a page is saved, shows the check's report on every page while a
record is broken, and recovers on the next good save; `mkdocs build` does not use the serve-only template cache."""
import os
import re
import subprocess
import sys

import jinja2
import pytest

from support import copy_project, free_port, wait_for_text

pytestmark = pytest.mark.build



def _wait_for(url: str, text: str, timeout: float) -> str:
    return wait_for_text(url, text, timeout, poll=0.1)


@pytest.fixture
def served(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    log = open(tmp_path / "serve.log", "w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_saving_a_record_or_a_page_updates_the_preview(served):
    project, url = served
    _wait_for(url + "problems/", "灾害性天气提醒不够及时", 180)

    problems = project / "data" / "problems" / "P-008.yml"
    problems.write_text(problems.read_text(encoding="utf-8").replace(
        "灾害性天气提醒不够及时", "灾害性天气提醒不够及时（预览已更新）"), encoding="utf-8")
    _wait_for(url + "problems/", "灾害性天气提醒不够及时（预览已更新）", 60)

    plan = project / "docs" / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n页面修改也会刷新预览。\n", encoding="utf-8")
    _wait_for(url + "plan/", "页面修改也会刷新预览。", 60)


def test_a_broken_record_shows_the_check_report_in_the_preview_and_a_good_save_recovers(served):
    project, url = served
    _wait_for(url + "problems/", "灾害性天气提醒不够及时", 180)
    problem = project / "data" / "problems" / "P-002.yml"
    good = problem.read_text(encoding="utf-8")
    problem.write_text(good.replace("status: 整改中", "status: 完成", 1), encoding="utf-8")
    page = _wait_for(url + "problems/", "记录检查未通过", 60)
    shown = re.sub(r"<[^>]+>", "", page)  # the page's text, as the editor reads it
    assert "data/problems/P-002.yml:11:1 问题 P-002 字段 status 的值「完成」无效" in shown
    problem.write_text(good, encoding="utf-8")
    _wait_for(url + "problems/", "灾害性天气提醒不够及时", 60)


def test_the_template_cache_is_used_only_while_serving():
    from ledger_mkdocs.plugin import LedgerPlugin

    plugin = LedgerPlugin()
    plugin.on_startup(command="build", dirty=False)
    assert plugin.on_env(jinja2.Environment(), config=None, files=None).bytecode_cache is None
    plugin.on_startup(command="serve", dirty=False)
    assert isinstance(plugin.on_env(jinja2.Environment(), config=None, files=None).bytecode_cache,
                      jinja2.FileSystemBytecodeCache)
