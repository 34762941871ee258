"""Change one record, rebuild: every page quoting that figure shows the new value."""
import re

import pytest

from support import article_text, copy_project, run_build

pytestmark = pytest.mark.build

CLOSE_P008 = """status: 已完成
completed: 2023-11-18
progress:
  - {date: 2023-10-20, text: 完成乡镇气象信息员摸底}
  - {date: 2023-11-18, text: 村级气象信息员提醒机制建立}
closure:
  date: 2023-11-19
  evidence: 提醒机制文件
  approved_by: 党组书记、局长
"""

FOURTH_LECTURE = """  - id: DK-04
    type: 专题党课
    title: 以学促干 推动气象事业高质量发展
    date: 2023-11-17
    speaker: 处级领导干部（党支部书记）
"""


def test_marking_a_problem_rectified_updates_every_page(tmp_path):
    project = copy_project(tmp_path / "project")
    problems = project / "data" / "problems" / "P-008.yml"
    p008 = re.sub(r"status: 整改中\nprogress:\n  - date: 2023-10-20\n    text: 完成乡镇气象信息员摸底\n",
                  CLOSE_P008, problems.read_text(encoding="utf-8"))
    assert "已完成" in p008
    problems.write_text(p008, encoding="utf-8")

    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    home = article_text(site / "index.html")
    assert "已完成整改7个，共8个，整改完成率88%" in home
    assert "7已完成整改（个）" in home and "1尚未完成整改（个）" in home
    ledger_page = article_text(site / "problems" / "index.html")
    assert "已完成问题整改7个" in ledger_page and "整改完成率88%" in ledger_page


def test_adding_a_fourth_lecture_updates_every_page(tmp_path):
    project = copy_project(tmp_path / "project")
    study = project / "data" / "study.yml"
    text = study.read_text(encoding="utf-8")
    study.write_text(text.replace("\nbooks:", "\n" + FOURTH_LECTURE.rstrip("\n") + "\nbooks:", 1), encoding="utf-8")

    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert "4专题党课（次）" in article_text(site / "index.html")
    study_page = article_text(site / "study" / "index.html")
    assert "讲专题党课4次" in study_page and "DK-04" in study_page


def test_a_bad_record_fails_the_build_with_a_chinese_message(tmp_path):
    project = copy_project(tmp_path / "project")
    problems = project / "data" / "problems" / "P-002.yml"
    problems.write_text(problems.read_text(encoding="utf-8").replace("status: 整改中", "status: 完成", 1),
                        encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode != 0
    assert "data/problems/P-002.yml:" in result.stderr and "字段 status 的值「完成」无效" in result.stderr
    assert not (site / "index.html").exists()
