"""libyaml stops at a file's first mistake; the check still lists every record's mistake (ledger/yamlfile.py)."""
from __future__ import annotations

import shutil

import pytest

from ledger import LedgerInvalid, load_ledger


@pytest.fixture()
def data(root, tmp_path):
    return shutil.copytree(root / "data", tmp_path / "data")


def refused(data) -> list:
    with pytest.raises(LedgerInvalid) as caught:
        load_ledger(data)
    return caught.value.errors


def test_mistakes_in_three_lists_of_one_file_are_all_named_with_their_records(data):
    development = data / "development.yml"
    # V-03 written on one line, as an editor may (flow style), so that a brace can be left open
    text = development.read_text(encoding="utf-8").replace(
        "  - id: V-03\n    name: 新华书店\n    date: 2023-10-09\n", "  - {id: V-03, name: 新华书店, date: 2023-10-09}\n", 1)
    for right, wrong in (("    name: 项目攻坚年", "    name 项目攻坚年"),  # missing colon
                         ("  - {id: V-03, name: 新华书店, date: 2023-10-09}",
                          "  - {id: V-03, name: 新华书店, date: 2023-10-09"),  # brace left open
                         ("    category: 集体荣誉", "    category： 集体荣誉")):  # Chinese colon
        assert right in text
        text = text.replace(right, wrong, 1)
    development.write_text(text, encoding="utf-8")
    errors = refused(data)
    assert [e.record for e in errors] == ["行动 A-01", "走访 V-03", "荣誉 H-02"]
    lines = text.splitlines()
    assert lines[errors[0].line - 1] == "    name 项目攻坚年"
    assert "V-03" in lines[errors[1].line - 1] or "V-04" in lines[errors[1].line - 1]
    assert lines[errors[2].line - 1] == "    category： 集体荣誉"
    assert "中文冒号" in errors[2].message
    # the field is named where the broken line shows it (category：; name without its colon, a field of a 行动),
    # not where it shows none (the open brace)
    assert [e.field for e in errors] == ["name", None, "category"]
    assert "字段名 name 后面缺少冒号：应写成“name: 项目攻坚年”" in errors[0].message


def test_lists_written_without_indentation_are_recovered_the_same_way(data):
    plan = data / "plan.yml"
    text = plan.read_text(encoding="utf-8").replace("\n  - ", "\n- ").replace("\n    ", "\n  ")
    plan.write_text(text, encoding="utf-8")
    assert load_ledger(data).plan  # still valid YAML, only laid out differently
    lines = text.splitlines(keepends=True)
    items = [i for i, line in enumerate(lines) if line.startswith("- ")]
    lines[items[0] + 1] = lines[items[0] + 1].replace(": ", ' ', 1)  # a missing colon in the first item
    lines[items[2] + 1] = lines[items[2] + 1].replace(": ", '： ', 1)  # a Chinese colon in the third
    plan.write_text("".join(lines), encoding="utf-8")
    errors = refused(data)
    ids = [line.split("id:")[1].strip() for line in lines if line.startswith("- id:")]
    assert [e.record for e in errors] == [f"计划 {ids[0]}", f"计划 {ids[2]}"]


def test_a_mistake_outside_any_record_is_reported_alone(data):
    plan = data / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    assert "\nplan:\n" in text
    plan.write_text(text.replace("\nplan:\n", "\nplan: [\n", 1), encoding="utf-8")
    errors = refused(data)
    assert len(errors) == 1 and errors[0].record is None and errors[0].file == "data/plan.yml"


def test_a_quote_left_open_is_blamed_on_its_own_record_not_where_yaml_noticed_it(data):
    plan = data / "plan.yml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    items = [i for i, line in enumerate(lines) if line.lstrip().startswith("- id:")]
    for item in (items[0], items[2]):  # the first quote runs on to the second: YAML notices at the third item
        lines[item + 1] = lines[item + 1].replace(": ", ': "', 1)
    plan.write_text("".join(lines), encoding="utf-8")
    errors = refused(data)
    assert [e.line for e in errors] == [items[0] + 2, items[2] + 2]
    assert all("引号没有闭合" in e.message for e in errors)


def test_an_anchor_and_an_alias_are_refused_in_their_records_with_every_other_mistake(data):
    """&name / *name (YAML's references) are refused while reading, each in its record and field; a missing colon
    in another record is still found. (An alias bomb is ten such lines: tests/integration/test_hostile_inputs.py.)"""
    study = data / "study.yml"
    text = study.read_text(encoding="utf-8")
    first_date = text.index("    date: ") + len("    date: ")
    text = text[:first_date] + "&first_date " + text[first_date:]
    second = text.index("    date: ", first_date)
    end_of_line = text.index("\n", second)
    text = text[:second] + "    date: *first_date" + text[end_of_line:]
    first, second_id = (a.id for a in load_ledger(data).activities[:2])
    study.write_text(text, encoding="utf-8")
    errors = refused(data)
    assert [(e.record, e.field) for e in errors] == [(f"学习活动 {first}", "date"), (f"学习活动 {second_id}", "date")]
    assert "锚点“&first_date”" in errors[0].message and "引用“*first_date”" in errors[1].message
    assert [e.line for e in errors] == [text[:first_date].count("\n") + 1, text[:second].count("\n") + 1]
    study.write_text(text.replace("    title:", "    title", 1), encoding="utf-8")
    errors = refused(data)
    assert [(e.record, "缺少冒号" in e.message) for e in errors] == [("学习活动 XX-01", True)]