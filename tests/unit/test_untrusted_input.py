"""Files nobody here wrote (issue #21): each refusal is a located Chinese message, and what is accepted today stays
accepted. The commands under a memory limit and a timeout: tests/integration/test_hostile_inputs.py."""
from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from ledger import LedgerInvalid, load_ledger
from ledger.exports.xlsx_guard import workbook_problem
from ledger.records import models as m
from ledger.records.load import nesting_needed, read_depth
from ledger.records.messages import describe_validation_error
from ledger.records.safeyaml import build
from ledger.views.report_template import DEFAULT_TEMPLATE, load_template
from support import ROOT


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "docs" / "evidence", tmp_path / "docs" / "evidence")
    return Path(shutil.copytree(ROOT / "data", tmp_path / "data"))


def errors_of(data: Path):
    with pytest.raises(LedgerInvalid) as caught:
        load_ledger(data)
    return caught.value.errors


def append(path: Path, text: str) -> int:
    """Append lines to a record file; returns the number of the first appended line."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


# ---- the loader: events checked before anything is built ----
def test_yaml_values_are_what_pyyaml_safe_loader_made_of_every_sample_file():
    for path in [*ROOT.glob("data/**/*.yml"), ROOT / DEFAULT_TEMPLATE]:
        text = path.read_text(encoding="utf-8")
        built = build(text, 32, 100_000)
        assert not built.problems, path
        assert built.data == yaml.load(text, Loader=yaml.SafeLoader), path


def test_an_ampersand_or_star_inside_a_text_is_text():
    built = build('a: R&D 与 *重点* 工作\nb: "&x"\nc: 甲 & 乙\n', 4, 1000)
    assert not built.problems
    assert built.data == {"a": "R&D 与 *重点* 工作", "b": "&x", "c": "甲 & 乙"}


def test_an_alias_bomb_is_refused_at_its_first_anchor_naming_the_record_and_field(data):
    problem = data / "problems" / "P-002.yml"
    first = append(problem, "extra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                            "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n")
    errors = [e for e in errors_of(data) if e.file == "data/problems/P-002.yml"]
    assert [(e.line, e.record, e.field) for e in errors] == [(first + 1, "问题 P-002", "extra.a"),
                                                             (first + 2, "问题 P-002", "extra.b"),
                                                             (first + 3, "问题 P-002", "extra.c")]
    assert "锚点“&a”" in errors[0].message and "请把要重复的内容直接写出来" in errors[0].message


@pytest.mark.parametrize("value, shown", [("!!python/object/apply:os.system [id]", "!!python/object/apply:os.system"),
                                          ("!foo 甲", "!foo"), ("!!str 3", "!!str")])
def test_a_tag_is_refused_with_the_record_and_field(data, value, shown):
    path = data / "plan.yml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("    title: "))
    path.write_text(text.replace(old, f"    title: {value}", 1), encoding="utf-8")
    (error,) = errors_of(data)
    assert (error.file, error.field) == ("data/plan.yml", "title") and error.record.startswith("计划 ")
    assert f"类型标记“{shown}”" in error.message


def test_a_merge_key_is_refused(data):
    line = append(data / "problems" / "P-003.yml", "closure:\n  <<: {date: 2023-11-01}\n")
    (error,) = [e for e in errors_of(data) if "合并键" in e.message]
    assert (error.file, error.line, error.record) == ("data/problems/P-003.yml", line + 1, "问题 P-003")


def test_nesting_is_bounded_by_what_the_kind_needs():
    # a problem: record, progress list, entry; a shared file adds its mapping and the list of records
    assert nesting_needed(m.Problem) == 3
    shared = build("plan:\n  - id: N-1\n    title: [[[[[x]]]]]\n", read_depth(m.PlanItem) + 2, 1000)
    assert [p.path for p in shared.problems] == [("plan", 0, "title", 0, 0, 0)]
    assert "套了超过" in shared.problems[0].message


def test_a_hundred_thousand_levels_stop_at_the_limit_without_recursion():
    built = build("extra: " + "[" * 100_000 + "]" * 100_000 + "\n", 5, 1000)
    assert len(built.problems) == 1 and built.data is None


def test_an_oversize_text_names_its_record_and_field_and_the_limit_is_settable(data):
    problem = data / "problems" / "P-004.yml"
    text = problem.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("measures: "))
    problem.write_text(text.replace(old, "measures: " + "制" * 30_000), encoding="utf-8")
    (error,) = errors_of(data)
    assert (error.record, error.field) == ("问题 P-004", "measures")
    assert "30,000 个字符" in error.message and "上限 20,000" in error.message
    settings = data / "settings.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "limits:\n  text_chars: 40000\n", encoding="utf-8")
    assert load_ledger(data).problem("P-004").measures == "制" * 30_000


def test_an_oversize_file_is_not_read(data):
    path = data / "plan.yml"
    path.write_bytes(path.read_bytes() + b"# " + b"x" * (11 * 2**20) + b"\n")
    (error,) = errors_of(data)
    assert error.file == "data/plan.yml" and "超过了上限 10 MB" in error.message and "limits.file_mb" in error.message


def test_settings_cannot_let_script_types_in_or_lift_limits_without_bound(data):
    settings = data / "settings.yml"
    original = settings.read_text(encoding="utf-8")
    settings.write_text(original + "limits:\n  evidence_types: [pdf, html]\n  file_mb: 100000\n", encoding="utf-8")
    errors = errors_of(data)
    assert {e.field for e in errors} == {"limits.evidence_types", "limits.file_mb"}
    assert any("「html」是浏览器会运行的类型" in e.message for e in errors)


def test_a_byte_order_mark_is_read_as_the_same_records(data):
    for path in data.glob("*.yml"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_ledger(data) == load_ledger(ROOT / "data")


def test_a_list_written_with_full_width_marks_is_advised_as_separate_items():
    detail = {"type": "list_type", "loc": ("parts",), "input": "【党组带头学，党组中心组专题学、支部跟进学】", "ctx": {}, "msg": ""}
    message = describe_validation_error(detail, m.Mechanism)
    assert "写成 [党组带头学, 党组中心组专题学, 支部跟进学]" in message
    assert yaml.safe_load("parts: [党组带头学, 党组中心组专题学, 支部跟进学]")["parts"] == [
        "党组带头学", "党组中心组专题学", "支部跟进学"]  # the advice, written as given, is three items


# ---- evidence files ----
@pytest.mark.parametrize("name, content, message", [
    ("P-001.html", b"<script>alert(1)</script>", "“.html”是浏览器会运行的类型"),
    ("P-001.svg", b"<svg onload=alert(1)/>", "“.svg”是浏览器会运行的类型"),
    ("P-001.js", b"alert(1)", "“.js”是浏览器会运行的类型"),
    ("P-001.exe", b"MZ", "不是可用的佐证材料类型"),
    ("P-001.pdf", b"<html><script>alert(1)</script>", "内容不是PDF"),
    ("P-001.md", b"# \xe4\xbd\x90\xe8\xaf\x81\n\n<img src=x onerror=alert(1)>\n", "HTML 标签“<img”"),
    ("P-001.md", b"# t\n\n{{ cycler.__init__ }}\n", "模板代码"),
    ("P-001.md", b"# t\n\n[a](b){: onclick=\"alert(1)\"}\n", "属性写法"),
    ("P-001.md", b"---\na: &a [*a]\n---\n# t\n", "设置读不懂"),
])
def test_an_evidence_file_a_browser_would_run_is_refused(data, name, content, message):
    (data.parent / "docs" / "evidence" / name).write_bytes(content)
    (error,) = errors_of(data)
    assert error.file == f"docs/evidence/{name}" and message in error.message


def test_links_are_not_read_as_records_or_served_as_evidence(data):
    (data / "problems" / "P-009.yml").symlink_to("/dev/zero")
    (data.parent / "docs" / "evidence" / "P-001.pdf").symlink_to("/etc/hostname")
    errors = errors_of(data)
    assert [(e.file, "符号链接" in e.message) for e in errors] == [("data/problems/P-009.yml", True),
                                                                  ("docs/evidence/P-001.pdf", True)]


def test_a_referenced_evidence_file_of_a_refused_type_names_the_record(data):
    (data.parent / "docs" / "notes").mkdir()
    (data.parent / "docs" / "notes" / "P-005.html").write_text("<p>x</p>", encoding="utf-8")
    path = data / "problems" / "P-005.yml"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if "evidence_file:" in line)
    path.write_text(text.replace(old, "  evidence_file: notes/P-005.html"), encoding="utf-8")
    (error,) = errors_of(data)
    assert (error.record, error.field) == ("问题 P-005", "closure.evidence_file") and ".html" in error.message


def test_office_files_and_the_sample_evidence_page_are_accepted(data):
    evidence = data.parent / "docs" / "evidence"
    for name, head in (("a.pdf", b"%PDF-1.7\n"), ("b.png", b"\x89PNG\r\n\x1a\n"), ("c.jpg", b"\xff\xd8\xff\xe0"),
                       ("d.docx", b"PK\x03\x04"), ("e.ofd", b"PK\x03\x04"), ("f.md", "# 说明\n\n`<b>` 与 R&D\n".encode())):
        (evidence / name).write_bytes(head + b"\0" * 64)
    assert load_ledger(data).record_count == load_ledger(ROOT / "data").record_count


# ---- returned workbooks ----
def test_a_zip_bomb_and_a_sheet_of_millions_of_cells_are_refused_before_openpyxl(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as book, book.open("xl/worksheets/sheet1.xml", "w") as sheet:
        for _ in range(64):
            sheet.write(b" " * 2**20)
    assert "压缩炸弹" in workbook_problem(bomb, m.Limits())
    wide = tmp_path / "wide.xlsx"
    with zipfile.ZipFile(wide, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", '<worksheet><dimension ref="A1:XFD1048576"/></worksheet>')
    assert "共 17,179,869,184 个单元格" in workbook_problem(wide, m.Limits())
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK" + b"\0" * (21 * 2**20))
    assert "超过了导入台账的上限 20 MB" in workbook_problem(big, m.Limits())


# ---- the report template ----
@pytest.mark.parametrize("payload, message", [
    ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", "模板不能用的写法"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "模板不能用的写法"),
    ("{{ 'x' * 10**10 }}", "太大"), ("{{ 9**9**9 }}", "太大"),
])
def test_the_report_template_renders_in_a_sandbox(tmp_path, payload, message):
    template = tmp_path / "report.yml"
    text = (ROOT / DEFAULT_TEMPLATE).read_text(encoding="utf-8")
    template.write_text(text.replace('title: "{{ settings.report_title }}"', f'title: "{payload}"', 1), encoding="utf-8")
    line = text[:text.index('title: "{{ settings.report_title }}"')].count("\n") + 1
    loaded = load_template(template)
    with pytest.raises(LedgerInvalid) as refused:
        loaded.render(("title",), loaded.model.title)
    (error,) = refused.value.errors
    assert (error.file.endswith("report.yml"), error.line, error.field) == (True, line, "title")
    assert message in error.message


def test_dates_read_as_before():
    built = build("a: 2023-09-15\nb: 2023-02-30\nc: yes\nd: '3'\ne: 3\n", 4, 1000)
    assert built.data == {"a": dt.date(2023, 9, 15), "b": "2023-02-30", "c": True, "d": "3", "e": 3}


def test_a_file_of_a_million_values_or_of_thousands_of_wrong_records_ends_with_a_bounded_report(data):
    plan = data / "plan.yml"
    plan.write_text("plan: [" + ", ".join(["x"] * 600_000) + "]\n", encoding="utf-8")
    (error,) = errors_of(data)
    assert "这个文件里的值超过了 500,000 个" in error.message
    plan.write_text("plan:\n" + "".join(f"  - {{id: N-{i}, title: 甲, text: 乙, typo: 丙}}\n" for i in range(1000)),
                    encoding="utf-8")
    errors = errors_of(data)
    assert len(errors) == 201 and "只列出了前 200 处" in errors[0].message
    assert all("未知字段" in e.message for e in errors[1:])
    record = "  - {id: N-1, title: 甲, text: [" + ", ".join(["[]"] * 6_000) + "]}\n"
    plan.write_text("plan:\n" + record, encoding="utf-8")
    (error,) = errors_of(data)
    assert error.record == "计划 N-1" and "这条记录里的值超过了 5,000 个" in error.message
