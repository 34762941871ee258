"""A campaign is data: a new activity type, a new figure and a new problem source added by editing data and
pages only reach every output; a page asking for an unknown figure stops the build with its file and line;
the pages tell the truth on an early date."""
from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
import yaml

from support import article_text, copy_project, run_build

pytestmark = pytest.mark.build

NEW_TYPE = """    - value: 警示教育
      unit: 次
"""
NEW_FIGURE = """  - id: warning_education_count
    label: 警示教育
    unit: 次
    measure: count
    kind: activities
    where:
      type: 警示教育
    basis: 类型为“警示教育”的学习活动条数
"""
NEW_ACTIVITY = """  - id: JS-01
    type: 警示教育
    title: 观看警示教育片《<b>零容忍</b>》
    date: 2023-11-10
"""
NEW_PROBLEM = """# yaml-language-server: $schema=../../schemas/problems.schema.json
id: P-009
description: 巡察反馈的问题：值班制度落实不严
source: 巡察反馈
measures: 修订值班制度并逐月检查
leader: 党组书记、局长
department: 办公室
found: 2023-11-01
deadline: 2023-12-31
status: 整改中
progress:
  - date: 2023-11-15
    text: 已修订值班制度
"""


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def extended(tmp_path_factory):
    """The sample with 警示教育, its figure and the source 巡察反馈 added to data, a page and the template."""
    project = copy_project(tmp_path_factory.mktemp("extended") / "project")
    data = project / "data"
    _replace(data / "campaign.yml", "  # 学习书目的类别", NEW_TYPE + "  # 学习书目的类别")
    _replace(data / "campaign.yml", "  # ---- 调查研究 ----", NEW_FIGURE + "  # ---- 调查研究 ----")
    _replace(data / "campaign.yml", "    - 群众反映\n", "    - 群众反映\n    - 巡察反馈\n")
    _replace(data / "study.yml", "books:", NEW_ACTIVITY + "books:")
    (data / "problems" / "P-009.yml").write_text(NEW_PROBLEM, encoding="utf-8")
    _replace(project / "docs" / "study.md", '  "field_study_count",\n', '  "field_study_count",\n  "warning_education_count",\n')
    _replace(project / "templates" / "report.yml", "组织现场学习教育{{ fig.field_study_count }}次。",
             "组织现场学习教育{{ fig.field_study_count }}次，开展警示教育{{ fig.warning_education_count }}次。")
    _replace(project / "templates" / "report.yml", "      群众反映: 群众反映强烈的问题\n",
             "      群众反映: 群众反映强烈的问题\n      巡察反馈: 巡察反馈的问题\n")
    site = project / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


def test_the_new_figure_is_a_card_on_the_page_and_a_sentence_in_the_report(extended):
    _project, site = extended
    assert "1警示教育（次）" in article_text(site / "study" / "index.html")
    report = article_text(site / "report" / "index.html")
    assert "组织现场学习教育2次，开展警示教育1次。" in report
    assert "群众反映强烈的问题、巡察反馈的问题" in report and "梳理形成问题清单9个" in report
    # the new activity's title is text, not markup
    assert "《<b>零容忍</b>》" in article_text(site / "study" / "index.html")


def test_the_new_words_are_choices_of_the_form_editor(extended):
    _project, site = extended
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    collections = {c["name"]: c for c in config["collections"]}
    problem_fields = {f["name"]: f for f in collections["problems"]["fields"]}
    assert problem_fields["source"]["options"][-1] == "巡察反馈"
    activity_list = collections["activities"]["files"][0]["fields"][0]
    type_field = next(f for f in activity_list["fields"] if f["name"] == "type")
    assert type_field["widget"] == "select" and "警示教育" in type_field["options"]


def test_the_new_figure_and_words_reach_figures_and_the_record_schema(extended, tmp_path):
    project, _site = extended
    figures = subprocess.run([sys.executable, "-m", "ledger", "--data", str(project / "data"), "figures"],
                             capture_output=True, text=True, cwd=project, check=True).stdout
    assert "警示教育（次）：1" in figures.splitlines()
    assert "  巡察反馈：1" in figures.splitlines()
    subprocess.run([sys.executable, "-m", "ledger", "--data", str(project / "data"), "schema", "--out", str(tmp_path)],
                   capture_output=True, text=True, cwd=project, check=True)
    study = json.loads((tmp_path / "study.schema.json").read_text(encoding="utf-8"))
    assert "警示教育" in json.dumps(study, ensure_ascii=False)
    problems = json.loads((tmp_path / "problems.schema.json").read_text(encoding="utf-8"))
    assert "巡察反馈" in problems["properties"]["source"]["enum"]


def test_a_page_asking_for_an_unknown_figure_stops_the_build_naming_the_page_and_line(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "plan.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n共有 {{ fig.plan_total }} 项。\n", encoding="utf-8")
    line = len(page.read_text(encoding="utf-8").splitlines())
    result = run_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/plan.md:{line} 页面用到了不存在的数字「plan_total」" in result.stderr
    assert "plan_count" in result.stderr                   # the figure meant
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "plan" / "index.html").exists()


def test_on_an_early_date_the_pages_say_what_was_true_then(tmp_path):
    project = copy_project(tmp_path / "project")
    _replace(project / "mkdocs.yml", "    audience: internal\n", '    audience: internal\n    as_of: "2023-10-15"\n')
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    research = article_text(site / "research" / "index.html")
    assert "调研报告4篇正在撰写" in research and "完成调研报告" not in research
    assert "形成天然氧吧品牌宣传推广方案" not in research          # outcomes come with completion
    home = article_text(site / "index.html")
    assert re.search(r"5尚未完成整改（个）", home) and "正在整改" not in home
    institutions = article_text(site / "institutions" / "index.html")
    assert "制度（新建1个）" in institutions
