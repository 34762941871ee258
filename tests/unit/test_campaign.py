"""The campaign definition (data/campaign.yml) is checked like a record file: every mistake named with its
file, line, figure and field, all at once; a page or the report template asking for an unknown figure too."""
import re
import shutil

import pytest
import yaml

from ledger.records.errors import LedgerInvalid
from ledger.records.load import load_campaign, load_ledger
from ledger.views.report_template import load_template
from support import ROOT, sample_campaign


@pytest.fixture
def data(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def _edit(data, old: str, new: str, name: str = "campaign.yml") -> None:
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(data) -> list[str]:
    with pytest.raises(LedgerInvalid) as caught:
        load_ledger(data)
    return [str(e) for e in caught.value.errors]


def _line_of(data, text: str, name: str = "campaign.yml") -> int:
    lines = (data / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_sample_definition_passes_and_declares_every_figure_once():
    campaign = sample_campaign()
    ids = [f.id for f in campaign.figures]
    assert len(ids) == len(set(ids)) >= 40
    assert campaign.id and campaign.version


def test_a_word_not_in_the_choice_list_names_the_list_to_add_it_to(data):
    _edit(data, "type: 专题读书班", "type: 警示教育", "study.yml")
    (error,) = _errors(data)
    assert re.match(r"data/study.yml:\d+:\d+ 学习活动 XX-01 字段 type 的值「警示教育」无效，应为：专题读书班、", error)


def test_a_new_word_in_the_definition_is_accepted_everywhere_it_is_listed(data):
    _edit(data, "    - value: 专题党课\n", "    - value: 警示教育\n      unit: 次\n    - value: 专题党课\n")
    _edit(data, "type: 专题读书班", "type: 警示教育", "study.yml")
    ledger = load_ledger(data)
    assert ledger.activities[0].type == "警示教育"


def test_figures_naming_unknown_kinds_fields_values_or_figures_are_located_errors(data):
    _edit(data, "    kind: activities\n    where:\n      type: 专题党课", "    kind: activitys\n    where:\n      type: 专题党课")
    _edit(data, "      type: 党组中心组专题研讨", "      type: 中心组学习")
    _edit(data, "    field: days", "    field: hours")
    _edit(data, "    of: problems_done", "    of: problems_finished")
    _edit(data, "    judgement: stale", "    judgement: late")
    _edit(data, "  - reports_done\n", "  - report_done\n")
    errors = _errors(data)
    expected = [
        (_line_of(data, "kind: activitys"), "数字 lecture_count 字段 kind 的值", "「activitys」不是一种记录"),
        (_line_of(data, "type: 中心组学习"), "数字 seminar_count 字段 where.type", "学习活动的 type 没有「中心组学习」这个值"),
        (_line_of(data, "field: hours"), "数字 reading_class_days 字段 field", "学习活动没有字段「hours」"),
        (_line_of(data, "of: problems_finished"), "数字 completion_rate 字段 of", "「problems_finished」不是 figures 里的数字编号"),
        (_line_of(data, "judgement: late"), "数字 problems_stale 字段 judgement", "应为：overdue、due_soon、stale"),
        (_line_of(data, "- report_done"), "字段 progress_figures[", "是不是想写「reports_done」"),
    ]
    assert len(errors) == len(expected), errors
    for line, where, what in expected:
        found = [e for e in errors if e.startswith(f"data/campaign.yml:{line}:")]
        assert found and where in found[0] and what in found[0], (line, where, what, errors)


def test_a_choice_list_a_field_needs_is_missing_and_a_list_no_field_takes_is_a_typo(data):
    _edit(data, "  case_kinds:", "  case_kind:")
    errors = _errors(data)
    assert any("缺少取值清单 case_kinds" in e and "典型案例的 kind" in e for e in errors), errors
    assert any(e.startswith(f"data/campaign.yml:{_line_of(data, 'case_kind:')}:") and "case_kind 没有字段使用" in e
               for e in errors), errors


def test_a_broken_definition_still_reports_the_records_mistakes_in_the_same_run(data):
    _edit(data, "    measure: sum", "    measure: total")
    _edit(data, "status: 已完成", "status: 已整改", "problems/P-001.yml")
    errors = _errors(data)
    assert any(e.startswith("data/campaign.yml:") and "measure" in e for e in errors)
    assert any(e.startswith("data/problems/P-001.yml:") and "已整改" in e for e in errors)


def test_the_definition_alone_loads_for_schemas_and_the_editor(data):
    assert load_campaign(data).figure("problem_count").label == "问题清单"
    (data / "campaign.yml").unlink()
    with pytest.raises(LedgerInvalid, match="缺少活动定义数据文件 campaign.yml"):
        load_campaign(data)


def test_the_report_template_asking_for_an_unknown_figure_names_its_line(tmp_path):
    text = (ROOT / "templates" / "report.yml").read_text(encoding="utf-8")
    text = text.replace("梳理形成问题清单{{ fig.problem_count }}个", "梳理形成问题清单{{ fig.problem_total }}个")
    path = tmp_path / "report.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LedgerInvalid) as caught:
        load_template(path, sample_campaign())
    (error,) = caught.value.errors
    line = next(i for i, l in enumerate(text.splitlines(), 1) if "problem_total" in l)
    assert error.line == line
    assert "不存在的数字「problem_total」" in str(error) and "data/campaign.yml" in str(error)


def test_a_template_list_naming_an_unknown_field_or_value_is_refused(tmp_path):
    data = yaml.safe_load((ROOT / "templates" / "report.yml").read_text(encoding="utf-8"))
    data["lists"]["lecturers"] = {"kind": "activities", "where": {"type": "专题讲座"}, "field": "speakers"}
    path = tmp_path / "report.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(LedgerInvalid) as caught:
        load_template(path, sample_campaign())
    messages = [str(e) for e in caught.value.errors]
    assert any("lists.lecturers.where.type" in m and "没有「专题讲座」这个值" in m for m in messages), messages
    assert any("lists.lecturers.field" in m and "没有字段「speakers」" in m for m in messages), messages
