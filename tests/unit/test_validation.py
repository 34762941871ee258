"""Validation beyond the one-mistake corpus: every error of a run at once, date advice, YAML details."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from ledger import LedgerInvalid, load_ledger
from ledger.records.dates import date_problem
from ledger.records.rules import check_ledger
from ledger.records.yamlhelp import character_problems


@pytest.fixture
def data(tmp_path, root):
    target = tmp_path / "data"
    shutil.copytree(root / "data", target)
    return target


def _change(data, file_name, old, new):
    path = data / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _errors(data):
    with pytest.raises(LedgerInvalid) as refused:
        load_ledger(data)
    return [str(e) for e in refused.value.errors]


def test_sample_data_passes_every_rule(root):
    ledger = load_ledger(root / "data")
    assert check_ledger(ledger, {}) == []


def test_one_run_reports_every_error_of_every_kind_in_every_file(data):
    """A YAML mistake, a schema mistake and cross-record mistakes, in four files, all in one report."""
    _change(data, "plan.yml", "title: 营造良好氛围", 'title: "营造良好氛围')                 # YAML: unclosed quote
    _change(data, "problems/P-002.yml", "status: 整改中", "status: 完成")                # schema: value
    _change(data, "problems/P-003.yml", "topic: T-03", "topic: T-9")                    # rule: reference
    _change(data, "institutions.yml", "      - P-005\n", "      - P-099\n")              # rule: reference
    _change(data, "study.yml", "date: 2023-10-19", "date: 2023-08-19")                   # rule: period
    errors = _errors(data)
    assert len(errors) == 5, errors
    assert errors[0].startswith("data/institutions.yml:32:") and "「P-099」找不到对应的问题" in errors[0]
    assert errors[1].startswith("data/plan.yml:10:12 ") and "引号没有闭合" in errors[1]
    assert errors[2].startswith("data/problems/P-002.yml:11:1 问题 P-002 字段 status 的值「完成」无效")
    assert errors[3].startswith("data/problems/P-003.yml:5:1 问题 P-003 字段 topic 的值「T-9」找不到")
    assert errors[4].startswith("data/study.yml:17:5 学习活动 DK-02 字段 date 的值「2023-08-19」不在主题教育期间")


def test_a_reference_to_an_invalid_record_is_not_reported_as_missing(data):
    """P-007 is invalid (bad status) but exists: G-01's answers: [P-007] must not be called dangling."""
    _change(data, "problems/P-007.yml", "status: 已完成", "status: 完成")
    errors = _errors(data)
    assert len(errors) == 1 and "问题 P-007 字段 status" in errors[0]


def test_a_tab_on_several_lines_is_reported_on_each():
    found = character_problems("a:\n\tb: 1\n\tc: 2\n# \tcomment is fine\nd: x\ty\n")
    assert [(line, column) for line, column, _ in found] == [(2, 1), (3, 1), (5, 5)]


@pytest.mark.parametrize("written, advice", [
    ("2023.9.15", "写法不对，应写成 2023-09-15"),
    ("2023/9/15", "写法不对，应写成 2023-09-15"),
    ("2023年9月15日", "写法不对，应写成 2023-09-15"),
    ("２０２３－０９－１５", "写法不对，应写成 2023-09-15"),  # typed with a Chinese input method
    ("2023-9-5", "写法不对，应写成 2023-09-05"),
    ("2023-02-29", "不是存在的日期（2023 年 2 月没有 29 日）"),
    ("2023-09-15 10:30", "带了时间。只写日期，应写成 2023-09-15"),
    (dt.datetime(2023, 9, 15, 10, 30), "带了时间。只写日期，应写成 2023-09-15"),
    ("下周一", "不是日期。日期应写成 2023-09-15 这种格式"),
    ("2023年9月", "不是日期"),
])
def test_date_advice_spells_out_the_right_form(written, advice):
    assert advice in date_problem(written)


def test_a_date_written_in_quotes_is_still_a_date(data):
    _change(data, "problems/P-001.yml", "found: 2023-10-25", 'found: "2023-10-25"')
    assert load_ledger(data).problem("P-001").found == dt.date(2023, 10, 25)


@pytest.mark.parametrize("value, fragment", [
    ("yes", "的值「yes」不是文字"),          # YAML 1.1 reads yes as true: the editor sees what they typed
    ("2023-09-15", "的值「2023-09-15」不是文字"),
    ("'  '", "不能为空"),
    ("{a: b}", "的值是一组“字段: 值”，应为文字"),
])
def test_text_fields_refuse_what_is_not_text_showing_the_value_as_typed(data, value, fragment):
    _change(data, "plan.yml", "title: 注重上下联动", f"title: {value}")
    errors = _errors(data)
    assert len(errors) == 1 and "计划 N-1 字段 title" in errors[0] and fragment in errors[0], errors


def test_missing_data_file_is_named(data):
    (data / "plan.yml").unlink()
    errors = _errors(data)
    assert errors == ["data/plan.yml 缺少下一步工作计划数据文件 plan.yml"]


# ---- events after the 截至日期 (settings as_of: 2023-11-20) ----
@pytest.mark.parametrize("file_name, old, new, where", [
    ("problems/P-003.yml", "completed: 2023-11-10", "completed: 2023-12-18", "问题 P-003 字段 completed"),
    ("problems/P-003.yml", "found: 2023-10-12", "found: 2023-11-21", "问题 P-003 字段 found"),
    ("problems/P-002.yml", "  - date: 2023-11-15", "  - date: 2023-11-25", "问题 P-002 字段 progress[2].date"),
    ("problems/P-004.yml", "date: 2023-11-16", "date: 2023-11-30", "问题 P-004 字段 closure.date"),
    ("study.yml", "date: 2023-11-16", "date: 2023-11-21", "学习活动 ZB-05 字段 date"),
    ("research.yml", "visit_date: 2023-10-24", "visit_date: 2023-12-01", "调研选题 T-01 字段 visit_date"),
    ("research.yml", "completed: 2023-11-06", "completed: 2023-11-27", "调研报告 R-04 字段 completed"),
    ("development.yml", "name: 综合执法局\n    date: 2023-11-02", "name: 综合执法局\n    date: 2023-12-02",
     "走访 V-06 字段 date"),
    ("institutions.yml", "issued: 2023-10-25", "issued: 2024-01-05", "制度 G-01 字段 issued"),
])
def test_an_event_after_the_as_of_date_is_an_error_naming_both_dates_and_the_fix(data, file_name, old, new, where):
    _change(data, file_name, old, new)
    errors = [e for e in _errors(data) if "晚于截至日期" in e]
    assert len(errors) == 1, errors
    later = new.split(": ")[-1].strip("{},")
    assert where in errors[0] and f"「{later}」晚于截至日期 2023-11-20" in errors[0]
    assert f"as_of 改为 {later} 或更晚" in errors[0] and "否则请改正这个日期" in errors[0]
    assert errors[0].startswith(f"data/{file_name}:")


def test_an_event_on_the_as_of_date_itself_is_no_error(data):
    _change(data, "problems/P-003.yml", "completed: 2023-11-10", "completed: 2023-11-20")
    _change(data, "problems/P-003.yml", "date: 2023-11-13", "date: 2023-11-20")
    _change(data, "study.yml", "date: 2023-11-16", "date: 2023-11-20")
    assert load_ledger(data).problems[2].closure.date == dt.date(2023, 11, 20)


def test_planned_dates_may_lie_after_the_as_of_date(data):
    """A deadline or the campaign's end is a plan, not an event."""
    _change(data, "problems/P-002.yml", "deadline: 2023-11-30", "deadline: 2024-03-31")
    assert load_ledger(data).problems[1].deadline == dt.date(2024, 3, 31)


def test_a_report_sent_after_the_as_of_date_is_an_error(data):
    _change(data, "settings.yml", "reports_sent:\n  - 2023-10-15\n", "reports_sent:\n  - 2023-10-15\n  - 2023-12-01\n")
    errors = _errors(data)
    assert len(errors) == 1 and errors[0].startswith("data/settings.yml:")
    assert "reports_sent[2]" in errors[0] and "「2023-12-01」晚于截至日期（as_of: 2023-11-20）" in errors[0]
