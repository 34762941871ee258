"""YAML syntax mistakes name their field, and the advice matches the mistake (issue 15, item 5).

Each case breaks one line of a copy of the sample records and loads them the way `check` does.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ledger import load_ledger
from ledger.records.errors import LedgerInvalid
from ledger.records.messages import describe_validation_error
from ledger.records.models import Problem
from ledger.records.yamlfile import parse_yaml_file
from support import ROOT

ENGLISH = re.compile(r"[A-Za-z]{3,} [A-Za-z]{3,}")  # a parser sentence ("did not find expected")


@pytest.fixture
def data(tmp_path) -> Path:
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def break_line(path: Path, old: str, new: str) -> int:
    """Replace the first line equal to `old` (stripped of its newline); returns its line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    number = lines.index(old)
    lines[number] = new
    path.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


def errors_of(data: Path):
    with pytest.raises(LedgerInvalid) as caught:
        load_ledger(data)
    return caught.value.errors


def only_error(data: Path, file: str):
    found = [e for e in errors_of(data) if e.file == file]
    assert len(found) == 1, [str(e) for e in found]
    return found[0]


def test_a_missing_space_after_a_colon_names_the_field(data):
    line = break_line(data / "settings.yml", "as_of: 2023-11-20", "as_of:2023-11-20")
    error = only_error(data, "data/settings.yml")
    assert (error.line, error.field) == (line, "as_of")
    assert "冒号后面缺少空格" in error.message
    assert "字段 as_of" in str(error)


def test_a_tab_before_a_field_names_the_record_and_the_field(data):
    line = break_line(data / "study.yml", "    speaker: 处级领导干部（党支部书记）", "\tspeaker: 处级领导干部（党支部书记）")
    error = only_error(data, "data/study.yml")
    assert (error.line, error.record, error.field) == (line, "学习活动 DK-01", "speaker")
    assert "制表符" in error.message


def test_an_unclosed_quote_names_the_field_it_opens(data):
    line = break_line(data / "study.yml", "    title: 以学增智 提升气象防灾减灾第一道防线能力",
                      '    title: "以学增智 提升气象防灾减灾第一道防线能力')
    error = only_error(data, "data/study.yml")
    assert (error.line, error.record, error.field) == (line, "学习活动 DK-02", "title")
    assert "引号没有闭合" in error.message


def test_a_list_without_its_closing_bracket_is_told_to_add_it(data):
    research = data / "research.yml"
    text = research.read_text(encoding="utf-8")  # the places of T-01 as an editor may write them: [甲, 乙]
    block = re.search(r"(    places:\n)((?:      - [^\n]+\n)+)", text)
    items = [item.removeprefix("      - ") for item in block.group(2).splitlines()]
    research.write_text(text.replace(block.group(0), f"    places: [{', '.join(items)}]\n", 1), encoding="utf-8")
    old = next(l for l in research.read_text(encoding="utf-8").split("\n") if l.strip().startswith("places: ["))
    line = break_line(research, old, old.rstrip().removesuffix("]"))
    error = only_error(data, "data/research.yml")
    assert (error.line, error.field) == (line, "places")
    assert error.record and error.record.startswith("调研选题 T-")
    assert "补上“]”" in error.message
    assert not error.message.startswith("值以方括号")  # the old advice: quote the value


def test_a_colon_inside_braces_is_explained_in_chinese(data):
    problem = data / "problems" / "P-001.yml"
    problem.write_text(problem.read_text(encoding="utf-8").replace(  # one progress entry on one line (flow style)
        "  - date: 2023-10-31\n    text: 形成宣传推广方案初稿\n", "  - {date: 2023-10-31, text: 形成宣传推广方案初稿}\n", 1),
        encoding="utf-8")
    old = "  - {date: 2023-10-31, text: 形成宣传推广方案初稿}"
    line = break_line(problem, old, "  - {date: 2023-10-31, text: 形成方案: 初稿}")
    error = only_error(data, "data/problems/P-001.yml")
    assert (error.line, error.record, error.field) == (line, "问题 P-001", "progress[1].text")
    assert "“: ”" in error.message and "加上引号" in error.message
    assert "expected" not in error.message and not ENGLISH.search(error.message)


def test_an_unknown_parser_error_is_worded_without_the_parsers_english(tmp_path):
    path = tmp_path / "odd.yml"
    path.write_text("plan:\n  - id: J-01\n    title: 甲\n  - !!python/name:os.system\n", encoding="utf-8")
    parsed = parse_yaml_file(path, "data/odd.yml")
    assert parsed.errors
    assert all(not ENGLISH.search(e.message) for e in parsed.errors), [e.message for e in parsed.errors]


@pytest.mark.parametrize("written, meant", [("已整改", "已完成"), ("整改完成", "已完成"), ("完成", "已完成"),
                                            ("进行中", "整改中"), ("正在整改", "整改中"), ("未整改", "未开始"),
                                            ("长期坚持", "阶段性完成、长期坚持"), ("已完层", "已完成")])
def test_a_status_written_in_other_words_suggests_the_meant_one(written, meant):
    detail = {"type": "literal_error", "loc": ("status",), "input": written, "ctx": {}, "msg": ""}
    message = describe_validation_error(detail, Problem)
    assert f"是不是想写「{meant}」" in message


def test_status_written_as_done_in_a_record_suggests_done_not_in_progress(data):
    break_line(data / "problems" / "P-001.yml", "status: 已完成", "status: 已整改")
    error = only_error(data, "data/problems/P-001.yml")
    assert error.field == "status" and "是不是想写「已完成」" in error.message
    assert "整改中」" not in error.message
