"""The 整改台账 coming back: rows matched by 编号, the plan shown in Chinese, written with comments kept,
all or nothing; every error names file, sheet!cell, problem, field and what was expected."""
from __future__ import annotations
from support import sample_template

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from ledger import load_ledger
from ledger.cli import main
from ledger.exports import xlsx, xlsx_import
from ledger.exports.xlsx import write_xlsx
from ledger.exports.xlsx_import import ImportRefused, apply_plan, plan_import
from ledger.records.errors import LedgerInvalid

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "xlsx_import"
HEADER = xlsx.PROBLEM_HEADER_ROW
# Column letters of the problem sheet, by header (the import itself finds them by header)
LETTER = {h: chr(ord("A") + i) for i, (h, _w) in enumerate(xlsx.PROBLEM_COLUMNS)}


@pytest.fixture
def data(root, tmp_path) -> Path:
    """A copy of the sample records (and the docs they point to), free to change."""
    project = tmp_path / "project"
    shutil.copytree(root / "data", project / "data")
    shutil.copytree(root / "docs", project / "docs")
    return project / "data"


def snapshot(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*.yml"))}


def export(data: Path, name: str = "台账.xlsx", department: str | None = None) -> Path:
    return write_xlsx(load_ledger(data), data.parent / name, sample_template(), department=department)


def row_of(ws, problem_id: str) -> int:
    return next(r for r in range(HEADER + 1, ws.max_row + 1) if ws[f"B{r}"].value == problem_id)


def fill(path: Path, rows: dict[str, dict[str, object]], out: Path | None = None) -> Path:
    """Fill cells by 编号 and header, as a 科室 would (text cells as text, not formulas)."""
    book = openpyxl.load_workbook(path)
    ws = book[xlsx.PROBLEM_SHEET]
    for problem_id, values in rows.items():
        row = row_of(ws, problem_id)
        for header, value in values.items():
            cell = ws[f"{LETTER[header]}{row}"]
            cell.value = value
            if isinstance(value, str) and not value.startswith("=FORMULA:"):
                cell.data_type = "s"
            elif isinstance(value, str):
                cell.value = value.removeprefix("=FORMULA:")
    out = out or path
    book.save(out)
    return out


def refused(files, data: Path) -> str:
    before = snapshot(data)
    with pytest.raises(ImportRefused) as caught:
        plan = plan_import(files, load_ledger(data))
        apply_plan(plan, data)
    assert snapshot(data) == before  # nothing written
    return caught.value.report()


P2_PROGRESS = {"新增进展日期": dt.date(2023, 11, 18), "新增进展": "站点建设方案获批"}


# ---- the plan and its writing ----
def test_dry_run_prints_the_changes_in_chinese_and_writes_nothing(data, capsys):
    sheet = fill(export(data), {"P-002": {**P2_PROGRESS, "完成情况": "已完成", "完成日期": dt.date(2023, 11, 18)}})
    before = snapshot(data)
    assert main(["--data", str(data), "import", str(sheet)]) == 0
    out = capsys.readouterr().out
    assert "读取 1 个文件：台账.xlsx（整改台账，8 行）" in out
    assert ("问题 P-002：新增进展 2023-11-18「站点建设方案获批」；状态 整改中 → 已完成；完成日期 （空） → 2023-11-18"
            in out)
    assert "以上是预览，没有写入任何文件" in out
    assert snapshot(data) == before


def test_apply_writes_only_the_changed_file_keeping_its_comments(data, capsys):
    """Golden file: comments, quoting, folded text, blank lines and key order of untouched nodes survive."""
    target = data / "problems" / "P-002.yml"
    shutil.copy(FIXTURES / "P-002.before.yml", target)
    sheet = fill(export(data), {"P-002": {**P2_PROGRESS, "完成情况": "已完成", "完成日期": dt.date(2023, 11, 18)}})
    before = snapshot(data)
    assert main(["--data", str(data), "import", str(sheet), "--apply"]) == 0
    out = capsys.readouterr().out
    assert f"已写入 {target}" in out and "记录检查通过" in out
    assert target.read_text(encoding="utf-8") == (FIXTURES / "P-002.after.yml").read_text(encoding="utf-8")
    after = snapshot(data)
    assert {name for name in before if before[name] != after[name]} == {"problems/P-002.yml"}
    p2 = load_ledger(data).problem("P-002")
    assert p2.status == "已完成" and p2.completed == dt.date(2023, 11, 18)
    assert p2.progress[-1].text == "站点建设方案获批"


def test_untouched_sheet_changes_nothing(data, capsys):
    sheet = export(data)
    assert main(["--data", str(data), "import", str(sheet), "--apply"]) == 0
    assert "表中没有需要写入记录的改动" in capsys.readouterr().out


def import_progress_texts(data: Path, texts: dict[str, str]) -> None:
    """Each problem gets a new progress entry of this text through the sheet; the records then hold it as typed."""
    sheet = fill(export(data), {pid: {"新增进展日期": dt.date(2023, 11, 19), "新增进展": text}
                                for pid, text in texts.items()})
    apply_plan(plan_import([sheet], load_ledger(data)), data)
    ledger = load_ledger(data)
    for pid, text in texts.items():
        assert ledger.problem(pid).progress[-1].text == text


def test_an_alias_bomb_or_a_tag_typed_in_a_cell_is_written_as_the_text_it_is(data):
    """A cell that YAML would read as anchors, aliases or a tag is written quoted, and the records' loader (which
    refuses those) reads it back as the text typed."""
    bomb = "{a: &a [x, x, x, x, x, x, x, x, x]" + "".join(f", {n}: &{n} [{', '.join([f'*{p}'] * 9)}]"
                                                       for p, n in zip("abcdefgh", "bcdefghi")) + "}"
    import_progress_texts(data, {"P-002": bomb, "P-008": "!!python/object/apply:os.system [id]"})


def test_text_that_yaml_would_read_otherwise_is_quoted_and_read_back_as_written(data):
    import_progress_texts(data, {"P-002": "yes", "P-008": "=1+2"})
    written = (data / "problems" / "P-002.yml").read_text(encoding="utf-8")
    assert "  - date: 2023-11-19\n    text: 'yes'\n" in written or '  - date: 2023-11-19\n    text: "yes"\n' in written


def test_evidence_goes_into_the_closure_or_becomes_a_progress_entry(data):
    sheet = fill(export(data), {
        "P-001": {"佐证材料": "宣传推广方案、推介活动图片及新闻报道"},
        "P-008": {"新增进展日期": dt.date(2023, 11, 19), "佐证材料": "村级气象信息员名单"}})
    plan = plan_import([sheet], load_ledger(data))
    rendered = plan.render()
    assert "问题 P-001：佐证材料 「宣传推广方案及推介活动图片」 → 「宣传推广方案、推介活动图片及新闻报道」" in rendered
    assert "问题 P-008：佐证材料（尚未销号，记为进展）2023-11-19「佐证材料：村级气象信息员名单」" in rendered
    apply_plan(plan, data)
    ledger = load_ledger(data)
    assert ledger.problem("P-001").closure.evidence == "宣传推广方案、推介活动图片及新闻报道"
    assert ledger.problem("P-008").progress[-1].text == "佐证材料：村级气象信息员名单"


def test_one_department_sheet_comes_back(data):
    sheet = fill(export(data, department="气象台"), {"P-005": {"佐证材料": "叫应工作细则及演练记录"}})
    apply_plan(plan_import([sheet], load_ledger(data)), data)
    assert load_ledger(data).problem("P-005").closure.evidence == "叫应工作细则及演练记录"


# ---- several 科室 at once ----
def test_files_of_several_departments_merge(data):
    office = fill(export(data, "办公室.xlsx", "办公室"), {"P-004": {"佐证材料": "工作清单、科普活动记录及照片"}})
    forecast = fill(export(data, "气象台.xlsx", "气象台"), {"P-002": P2_PROGRESS})
    plan = plan_import([office, forecast], load_ledger(data))
    assert plan.problem_ids == ["P-002", "P-004"]
    apply_plan(plan, data)
    ledger = load_ledger(data)
    assert ledger.problem("P-004").closure.evidence == "工作清单、科普活动记录及照片"
    assert ledger.problem("P-002").progress[-1].text == "站点建设方案获批"


def test_the_same_change_in_two_files_is_written_once(data):
    full = export(data)
    a = fill(full, {"P-002": P2_PROGRESS}, data.parent / "a.xlsx")
    b = fill(full, {"P-002": P2_PROGRESS}, data.parent / "b.xlsx")
    plan = plan_import([a, b], load_ledger(data))
    assert len(plan.changes) == 1


def test_two_files_changing_one_field_differently_are_a_conflict(data):
    full = export(data)
    row = row_of(openpyxl.load_workbook(full)[xlsx.PROBLEM_SHEET], "P-002")
    a = fill(full, {"P-002": {"完成情况": "阶段性完成、长期坚持"}, "P-008": P2_PROGRESS}, data.parent / "a.xlsx")
    b = fill(full, {"P-002": {"完成情况": "未开始"}}, data.parent / "b.xlsx")
    report = refused([a, b], data)
    assert (f"a.xlsx 整改台账!K{row} 问题 P-002 字段 完成情况：状态在 2 个文件里填得不一样："
            f"a.xlsx 整改台账!K{row} 写「阶段性完成、长期坚持」；b.xlsx 整改台账!K{row} 写「未开始」") in report
    assert "导入不替你选择" in report
    report = refused([b, a], data)  # not resolved by file order either way
    assert "状态在 2 个文件里填得不一样" in report


# ---- errors ----
def test_unknown_id(data):
    sheet = export(data)
    book = openpyxl.load_workbook(sheet)
    book[xlsx.PROBLEM_SHEET]["B6"] = "P-099"
    book.save(sheet)
    report = refused([sheet], data)
    assert "台账.xlsx 整改台账!B6 问题 P-099 字段 编号：记录里没有编号为「P-099」的问题" in report


def test_changed_id_is_caught_by_the_hidden_record(data):
    sheet = export(data)
    book = openpyxl.load_workbook(sheet)
    book[xlsx.PROBLEM_SHEET]["B6"] = "P-003"   # the row of P-002 now claims to be P-003
    book.save(sheet)
    report = refused([sheet], data)
    assert "整改台账!P6 问题 P-003 字段 导出时记录：隐藏的“导出时记录”列与编号对不上（导出时这一行是 P-002）" in report


def test_duplicated_id(data):
    sheet = export(data)
    book = openpyxl.load_workbook(sheet)
    ws = book[xlsx.PROBLEM_SHEET]
    for col in range(1, 17):
        ws.cell(row=7, column=col).value = ws.cell(row=6, column=col).value
    book.save(sheet)
    report = refused([sheet], data)
    assert "整改台账!B7 问题 P-002 字段 编号：编号「P-002」在这张表里出现了两次（第 6 行和第 7 行）" in report


def test_a_sheet_older_than_the_record_is_refused(data):
    sheet = export(data)
    p2 = data / "problems" / "P-002.yml"
    p2.write_text(p2.read_text(encoding="utf-8") + "  - {date: 2023-11-17, text: 建设方案已获批}\n", encoding="utf-8")
    fill(sheet, {"P-002": {"完成情况": "已完成", "完成日期": dt.date(2023, 11, 18)}})
    report = refused([sheet], data)
    assert ("台账.xlsx 整改台账!B6 问题 P-002 字段 编号：这张表导出之后，记录 data/problems/P-002.yml 里"
            "这个问题的状态、完成日期、整改进展或佐证材料已经改过；为免覆盖较新的修改，这一行（状态、完成日期）不导入") in report


def test_a_newer_record_does_not_stop_rows_nobody_touched(data):
    sheet = export(data)
    p2 = data / "problems" / "P-002.yml"
    p2.write_text(p2.read_text(encoding="utf-8").replace("status: 整改中", "status: 阶段性完成、长期坚持"),
                  encoding="utf-8")
    fill(sheet, {"P-008": P2_PROGRESS})
    plan = plan_import([sheet], load_ledger(data))
    assert plan.problem_ids == ["P-008"]  # the P-002 row (untouched, status as exported) changes nothing


def test_a_public_export_is_refused_as_such(data):
    from ledger.records.audience import public_view
    p8 = data / "problems" / "P-008.yml"
    p8.write_text(p8.read_text(encoding="utf-8").replace("internal_fields:\n  - leader\n  - department\n",
                                                         "internal_fields:\n  - leader\n  - department\n  - progress\n"),
                  encoding="utf-8")
    sheet = write_xlsx(public_view(load_ledger(data)), data.parent / "公开版.xlsx", sample_template())
    fill(sheet, {"P-008": P2_PROGRESS})
    report = refused([sheet], data)
    assert "公开版.xlsx 整改台账!B12 问题 P-008 字段 编号：这是公开版导出的台账" in report


def test_the_same_sheet_imported_twice_is_refused_the_second_time(data):
    sheet = fill(export(data), {"P-002": P2_PROGRESS})
    apply_plan(plan_import([sheet], load_ledger(data)), data)
    report = refused([sheet], data)
    assert "这张表已经导入过的，不必再导入" in report
    assert load_ledger(data).problem("P-002").progress.count(load_ledger(data).problem("P-002").progress[-1]) == 1


@pytest.mark.parametrize("written, expected", [
    ("2023年11月18日", "「2023年11月18日」是文字，不是日期。应填写日期，写成 2023-11-18"),
    ("11/18", "「11/18」没有年份。应填写完整日期，如 2023-11-18"),
    ("2023.11.18", "「2023.11.18」是文字，不是日期。应填写日期，写成 2023-11-18"),
    ("2023-02-30", "「2023-02-30」不是存在的日期"),
    ("下周", "「下周」不是日期。应填写日期，如 2023-11-18"),
    (dt.datetime(2023, 11, 18, 9, 30), "带了时间（2023-11-18 09:30）。只写日期，如 2023-11-18"),
])
def test_dates_written_otherwise(data, written, expected):
    sheet = fill(export(data), {"P-002": {"新增进展日期": written, "新增进展": "站点建设方案获批"}})
    report = refused([sheet], data)
    assert f"台账.xlsx 整改台账!M6 问题 P-002 字段 新增进展日期：{expected}" in report


def test_a_date_as_text_in_the_right_form_is_accepted(data):
    sheet = fill(export(data), {"P-002": {"新增进展日期": "2023-11-18", "新增进展": "站点建设方案获批"}})
    assert plan_import([sheet], load_ledger(data)).changes[0].new.date == dt.date(2023, 11, 18)


def test_progress_needs_its_date_and_a_date_needs_its_progress(data):
    sheet = fill(export(data), {"P-002": {"新增进展": "站点建设方案获批"},
                                "P-008": {"新增进展日期": dt.date(2023, 11, 18)}})
    report = refused([sheet], data)
    assert "整改台账!M6 问题 P-002 字段 新增进展日期：不能为空：写了新增进展，还要填写这条进展的日期" in report
    assert "整改台账!N12 问题 P-008 字段 新增进展：没有对应的进展" in report


def test_status_outside_the_list_and_a_formula(data):
    sheet = fill(export(data), {"P-002": {"完成情况": "基本完成"}, "P-008": {"新增进展": "=FORMULA:=1+2"}})
    report = refused([sheet], data)
    assert ("整改台账!K6 问题 P-002 字段 完成情况：「基本完成」不是可选的状态：应为 未开始、整改中、已完成、"
            "「阶段性完成、长期坚持」之一") in report
    assert "整改台账!N12 问题 P-008 字段 新增进展：是公式（=1+2）：导入只接受文字和日期" in report


def test_merged_cells(data):
    sheet = export(data)
    book = openpyxl.load_workbook(sheet)
    book[xlsx.PROBLEM_SHEET].merge_cells("N6:N7")
    book.save(sheet)
    report = refused([sheet], data)
    assert "台账.xlsx 整改台账!N6:N7：合并了单元格：表头和问题行里不能合并单元格" in report


def test_empty_sheet_and_empty_workbook(data):
    empty_sheet = data.parent / "空表.xlsx"
    book = openpyxl.Workbook()
    book.active.title = xlsx.PROBLEM_SHEET
    book.save(empty_sheet)
    report = refused([empty_sheet], data)
    assert "空表.xlsx 整改台账：工作表是空的：没有表头，也没有问题行" in report
    empty_book = data.parent / "空文件.xlsx"
    openpyxl.Workbook().save(empty_book)
    assert "空文件.xlsx：是空的：工作簿里没有任何内容" in refused([empty_book], data)
    header_only = export(data, "只有表头.xlsx")
    book = openpyxl.load_workbook(header_only)
    ws = book[xlsx.PROBLEM_SHEET]
    ws.delete_rows(HEADER + 1, ws.max_row)
    book.save(header_only)
    assert "只有表头.xlsx 整改台账：没有任何问题行：表头下面是空的" in refused([header_only], data)


def test_files_that_are_not_a_ledger(data):
    other = data.parent / "通讯录.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "通讯录"
    book.active["A1"] = "姓名"
    book.save(other)
    assert ("通讯录.xlsx：不是整改台账：没有名为「整改台账」的工作表（有：通讯录）" in refused([other], data))
    wrong_header = data.parent / "别的表.xlsx"
    book = openpyxl.Workbook()
    book.active.title = xlsx.PROBLEM_SHEET
    book.active.append(["姓名", "电话"])
    book.save(wrong_header)
    assert "别的表.xlsx 整改台账：不是整改台账：前 12 行里找不到含“序号”“编号”的表头行" in refused([wrong_header], data)
    old = data.parent / "旧版台账.xlsx"
    book = openpyxl.Workbook()
    book.active.title = xlsx.PROBLEM_SHEET
    book.active.append(["序号", "问题描述", "问题来源", "整改措施"])
    book.active.append([1, "天然氧吧品牌宣传推广不足", "调研发现", "制定方案"])
    book.save(old)
    assert "旧版台账.xlsx 整改台账：是旧版整改台账：表头没有“编号”列，无法对应记录" in refused([old], data)
    text = data.parent / "假的.xlsx"
    text.write_text("序号,编号\n", encoding="utf-8")
    assert "假的.xlsx：打不开：不是有效的 Excel 工作簿（.xlsx）" in refused([text], data)
    csv = data.parent / "台账.csv"
    csv.write_text("序号,编号\n", encoding="utf-8")
    assert "台账.csv：不是 .xlsx 文件" in refused([csv], data)
    assert "不存在.xlsx：文件不存在" in refused([data.parent / "不存在.xlsx"], data)


def test_missing_fill_column(data):
    sheet = export(data)
    book = openpyxl.load_workbook(sheet)
    book[xlsx.PROBLEM_SHEET]["N4"] = "备注"
    book.save(sheet)
    assert "台账.xlsx 整改台账!A4：第 4 行的表头缺少这些列：新增进展" in refused([sheet], data)


# ---- all or nothing ----
def test_one_bad_cell_and_nothing_is_written(data, capsys):
    sheet = fill(export(data), {"P-002": P2_PROGRESS, "P-008": {"新增进展日期": "11/18", "新增进展": "完成摸底"}})
    before = snapshot(data)
    assert main(["--data", str(data), "import", str(sheet), "--apply"]) == 1
    err = capsys.readouterr().err
    assert "导入未进行，没有写入任何文件：共 1 处错误" in err and "整改台账!M12 问题 P-008" in err
    assert snapshot(data) == before


def test_a_change_the_check_refuses_is_named_at_its_cell_and_nothing_is_written(data):
    # 已完成 without a completion date; progress dated before the last one
    sheet = fill(export(data), {"P-002": {"完成情况": "已完成"},
                                "P-008": {"新增进展日期": dt.date(2023, 10, 1), "新增进展": "更早的进展"}})
    report = refused([sheet], data)
    assert "整改台账!K6 问题 P-002 字段 完成情况：导入后记录检查不通过" in report
    assert "没有写完成日期" in report
    assert "整改台账!N12 问题 P-008 字段 新增进展：导入后记录检查不通过" in report


def test_files_are_restored_when_the_check_after_writing_fails(data, monkeypatch):
    sheet = fill(export(data), {"P-002": P2_PROGRESS, "P-008": P2_PROGRESS})
    plan = plan_import([sheet], load_ledger(data))
    before = snapshot(data)
    real_load = xlsx_import.load_ledger

    def load(where):
        if Path(where) == data:
            # the check of the real records (run after writing): pretend it fails
            assert snapshot(data) != before
            raise LedgerInvalid([xlsx_import.RecordError("data/problems/P-002.yml", 3, "模拟的错误",
                                                         record="问题 P-002", field="progress[3].date")])
        return real_load(where)

    monkeypatch.setattr(xlsx_import, "load_ledger", load)
    with pytest.raises(ImportRefused) as caught:
        apply_plan(plan, data)
    assert "导入未完成，已恢复原来的记录文件" in caught.value.report()
    assert snapshot(data) == before


def test_the_round_trip_settings_reproduce_every_problem_file_byte_for_byte(root):
    """Indentation, line width and flow style as the records are written: a load and dump changes nothing."""
    import io
    files = sorted((root / "data" / "problems").glob("*.yml")) + [FIXTURES / "P-002.before.yml"]
    for path in files:
        y = xlsx_import.round_trip_yaml()
        out = io.StringIO()
        y.dump(y.load(path.read_text(encoding="utf-8")), out)
        assert out.getvalue() == path.read_text(encoding="utf-8"), path.name
