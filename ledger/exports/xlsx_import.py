"""The 整改台账 coming back from the 科室: read filled-in sheets, plan the changes, show them, write them.

`python -m ledger import FILE.xlsx …` reads the problem sheet of each file (as ledger/exports/xlsx.py
wrote it, perhaps re-saved by Excel or LibreOffice), matches each row to its problem by 编号 and
reads only the fill-in columns (完成情况, 完成日期, 新增进展日期 + 新增进展, 佐证材料). What a row
changes is compared with the values exported into its hidden 导出时记录 cell, so an untouched row
changes nothing, and a row that changes something while its record has changed since the export
is refused (a newer edit is never overwritten silently).

The plan is data (ImportPlan: Change objects with the cell each came from), rendered in Chinese.
apply_plan writes it with ruamel.yaml's round-trip mode into data/problems/<编号>.yml — values
changed in place, progress entries appended in the style of the ones before — so comments, key order
and quoting of everything else survive, and files without a change are not touched. All or nothing:
the changed files are first checked in a scratch copy of the records; after writing, the full
check runs on the records themselves and the files are restored if it fails.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

import openpyxl
import yaml
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ledger.exports import xlsx as sheet
from ledger.exports.xlsx_guard import cells_problem, workbook_problem
from ledger.records import models as m
from ledger.records.audience import public_view
from ledger.records.errors import LedgerInvalid, RecordError
from ledger.records.ledger import Ledger
from ledger.records.load import load_ledger
from ledger.records.safeyaml import build
from ledger.records.yamlfile import DEFAULT_DEPTH
from ledger.records.registry import kind as kind_of
from ledger.records.review import pending_round
from ledger.text import options_text

PROBLEMS = kind_of("problems")
NOUN = PROBLEMS.noun  # 问题
# The fields an import may write, in the order a change is shown
STATUS, COMPLETED, PROGRESS, EVIDENCE = "status", "completed", "progress", "evidence"
APPLY, REVIEW = "apply", "review"   # a new application for 销号 (the 科室's sheet); a review (the office's sheet)
LABELS = {STATUS: "状态", COMPLETED: "完成日期", PROGRESS: "新增进展", EVIDENCE: "佐证材料", APPLY: "申请销号",
          REVIEW: "销号审核"}
ORDER = (PROGRESS, STATUS, COMPLETED, EVIDENCE, APPLY, REVIEW)
REOPENED_STATUS = "整改中"   # a 退回 opens the problem again (ledger/records/review.py)
EVIDENCE_PROGRESS_PREFIX = "佐证材料："   # evidence of a problem not yet closed becomes a progress entry
HEADER_SEARCH_ROWS = 12
EMPTY = "（空）"


# ---- errors ----
@dataclass(frozen=True)
class CellError:
    """One reason an import cannot go ahead: file, sheet!cell, problem and field, what was expected."""
    file: str
    message: str
    sheet: Optional[str] = None
    cell: Optional[str] = None       # "H5", or a range "K5:K6"
    record: Optional[str] = None     # "问题 P-002"
    field: Optional[str] = None      # the column's header: "新增进展日期"

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or ""

    def __str__(self) -> str:
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"字段 {self.field}")
        return " ".join(parts) + "：" + self.message


class ImportRefused(Exception):
    """Raised with every error found; nothing has been written."""

    def __init__(self, errors: Sequence[CellError | RecordError], head: str = "导入未进行，没有写入任何文件"):
        self.errors = list(errors)
        self.head = head
        super().__init__(self.report())

    def report(self) -> str:
        return "\n".join([f"{self.head}：共 {len(self.errors)} 处错误", *(f"  {e}" for e in self.errors)])


# ---- the plan ----
@dataclass(frozen=True)
class Source:
    file: str
    sheet: str
    cell: str

    def __str__(self) -> str:
        return f"{self.file} {self.sheet}!{self.cell}"


@dataclass(frozen=True)
class Change:
    problem_id: str
    field: str                       # STATUS | COMPLETED | PROGRESS | EVIDENCE
    old: object                      # the record's value now (PROGRESS: None)
    new: object                      # str, date or None; PROGRESS: a ProgressEntry
    source: Source
    column: str                      # header of the column read
    date: Optional[dt.date] = None   # EVIDENCE of a problem not yet closed: the date of the progress entry it becomes
    cells: tuple[tuple[str, Source, str], ...] = ()   # REVIEW: (field of the entry, cell, column) of each value

    def describe(self) -> str:
        label = LABELS[self.field]
        if self.field == PROGRESS:
            return f"{label} {self.new.date.isoformat()}「{self.new.text}」"
        if self.field == APPLY:
            return f"{label} {self.new.applied.isoformat()}（申请科室：{self.new.department}，佐证材料「{self.new.evidence}」）"
        if self.field == REVIEW:
            index, r = self.new
            text = f"{label}（第{index + 1}次申请）{r.reviewed.isoformat()} {r.decision}（审核人：{r.reviewer}）"
            if r.sent_back:
                text += f"，退回理由「{r.reason}」；问题重新打开：状态改为“{REOPENED_STATUS}”，删去完成日期"
            return text
        if self.date is not None:
            return f"{label}（尚未销号，记为进展）{self.date.isoformat()}「{EVIDENCE_PROGRESS_PREFIX}{self.new}」"
        return f"{label} {_shown(self.old)} → {_shown(self.new)}"


def _shown(value: object) -> str:
    """A short value as it is (整改中, 2023-11-18), a longer text in 「」."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 12 and not any(c.isspace() for c in text) else f"「{text}」"


@dataclass(frozen=True)
class SheetRead:
    file: str
    sheet: str
    rows: int                        # rows matched to a problem


@dataclass(frozen=True)
class ImportPlan:
    changes: tuple[Change, ...]
    sheets: tuple[SheetRead, ...]
    order: tuple[str, ...] = ()      # problem IDs in ledger order

    @property
    def problem_ids(self) -> list[str]:
        changed = {c.problem_id for c in self.changes}
        return [pid for pid in self.order if pid in changed]

    def changes_of(self, problem_id: str) -> list[Change]:
        mine = [c for c in self.changes if c.problem_id == problem_id]
        return sorted(mine, key=lambda c: ORDER.index(c.field))

    def render(self) -> str:
        """What would change, in Chinese, one line per problem."""
        read = "、".join(f"{s.file}（{s.sheet}，{s.rows} 行）" for s in self.sheets)
        lines = [f"读取 {len(self.sheets)} 个文件：{read}"]
        if not self.changes:
            lines.append("表中没有需要写入记录的改动。")
            return "\n".join(lines)
        lines.append(f"将修改 {len(self.problem_ids)} 个{NOUN}：")
        for pid in self.problem_ids:
            lines.append(f"  {NOUN} {pid}：" + "；".join(c.describe() for c in self.changes_of(pid)))
        return "\n".join(lines)


# ---- reading cells ----
_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$")
_SHORT_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{1,2})\s*$")


class _Bad(Exception):
    """A cell's value is not what its column needs (the message says what was expected)."""


def _date_of(value: object) -> Optional[dt.date]:
    """A date cell, or text written exactly 2023-11-18. Other forms are refused with the right form."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            raise _Bad(f"带了时间（{value:%Y-%m-%d %H:%M}）。只写日期，如 {value.date().isoformat()}")
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        raise _Bad(f"是数字 {value}，不是日期。应填写日期，如 2023-11-18（单元格格式设为日期）")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if match := _ISO_DATE.match(text):
        return _real_date(*match.groups(), text)
    if match := _CHINESE_DATE.match(text) or _LOOSE_DATE.match(text):
        right = _real_date(*match.groups(), text)
        raise _Bad(f"「{value}」是文字，不是日期。应填写日期，写成 {right.isoformat()}")
    if match := _SHORT_DATE.match(text):
        raise _Bad(f"「{value}」没有年份。应填写完整日期，如 2023-{int(match[1]):02d}-{int(match[2]):02d}")
    raise _Bad(f"「{value}」不是日期。应填写日期，如 2023-11-18")


def _real_date(year: str, month: str, day: str, text: str) -> dt.date:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise _Bad(f"「{text}」不是存在的日期。应填写日期，如 2023-11-18") from None


def _text_of(value: object) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, dt.date):
        raise _Bad("是日期，这一列应填写文字")
    if isinstance(value, bool):
        raise _Bad("应填写文字")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").strip()
    return text or None


def _header_key(value: object) -> str:
    """A header as written, without the fill-in mark and spaces: '完成情况\\n（填写）' -> '完成情况'."""
    text = "" if value is None else str(value)
    return "".join(text.replace(sheet.FILL_MARK, "").split())


@dataclass
class _Row:
    """One filled-in row, read and checked."""
    problem_id: str
    row: int
    edits: dict[str, tuple[object, Source, str]] = field(default_factory=dict)  # field -> (new, source, column)


@dataclass
class _FileReader:
    path: Path
    ledger: Ledger
    errors: list[CellError] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    sheet_name: str = sheet.PROBLEM_SHEET
    public: Optional[Ledger] = None
    old_version_told: bool = False

    @property
    def reviewing(self) -> bool:
        """The office's review sheet (export --review) rather than a 科室's 整改台账."""
        return self.sheet_name == sheet.REVIEW_SHEET

    @property
    def fill_headers(self) -> tuple[str, ...]:
        return sheet.REVIEW_FILL_HEADERS if self.reviewing else sheet.FILL_HEADERS

    @property
    def name(self) -> str:
        return self.path.name

    def public_fingerprint(self, problem_id: str) -> Optional[str]:
        """The fingerprint the public view's sheet would carry (made only when a row needs it)."""
        if self.public is None:
            self.public = public_view(self.ledger)
        return sheet.fingerprint(self.public.problem(problem_id)) if _has(self.public, problem_id) else None

    def error(self, message: str, cell: Optional[str] = None, record: Optional[str] = None,
              column: Optional[str] = None, whole_file: bool = False) -> None:
        self.errors.append(CellError(self.name, message, None if whole_file else self.sheet_name, cell,
                                     record, column))

    def read(self) -> Optional[SheetRead]:
        if self.path.suffix.lower() != ".xlsx":
            hint = "；.xls 请先在 Excel 里“另存为” Excel 工作簿（.xlsx）" if self.path.suffix.lower() == ".xls" else ""
            self.error(f"不是 .xlsx 文件，只能导入由本台账导出的 .xlsx{hint}", whole_file=True)
            return None
        if not self.path.is_file():
            self.error("文件不存在", whole_file=True)
            return None
        refused = workbook_problem(self.path, self.limits)
        if refused:
            self.error(refused, whole_file=True)
            return None
        try:
            book = openpyxl.load_workbook(self.path, data_only=False)
        except FileNotFoundError:
            self.error("文件不存在", whole_file=True)
            return None
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
            self.error("打不开：不是有效的 Excel 工作簿（.xlsx），可能已损坏或只是改了扩展名", whole_file=True)
            return None
        if self.sheet_name not in book.sheetnames and sheet.REVIEW_SHEET in book.sheetnames:
            self.sheet_name = sheet.REVIEW_SHEET
        if self.sheet_name not in book.sheetnames:
            if all(_is_empty(ws) for ws in book.worksheets):
                self.error("是空的：工作簿里没有任何内容。请导入由 `python -m ledger export` 导出、填写后的整改台账",
                           whole_file=True)
            else:
                self.error(f"不是整改台账：没有名为「{self.sheet_name}」的工作表（有：{'、'.join(book.sheetnames)}）。"
                           "请导入由 `python -m ledger export` 导出、填写后的整改台账", whole_file=True)
            return None
        return self._read_sheet(book[self.sheet_name])

    @property
    def limits(self) -> m.Limits:
        return self.ledger.settings.limits if self.ledger.settings is not None else m.Limits()

    def _read_sheet(self, ws) -> Optional[SheetRead]:
        too_many = cells_problem(ws.max_row, ws.max_column, self.limits)
        if too_many:
            self.error(too_many)
            return None
        if _is_empty(ws):
            self.error("工作表是空的：没有表头，也没有问题行。请导入由 `python -m ledger export` 导出、填写后的整改台账")
            return None
        header_row, columns = _find_header(ws)
        if header_row is None:
            keys = {_header_key(c.value) for row in ws.iter_rows(max_row=HEADER_SEARCH_ROWS) for c in row}
            if {"序号", "问题描述"} <= keys:
                self.error(f"是旧版整改台账：表头没有“{sheet.ID_HEADER}”列，无法对应记录。请重新导出台账（新版每行有编号），"
                           "把填写的内容抄到新表上再导入")
            else:
                self.error(f"不是整改台账：前 {HEADER_SEARCH_ROWS} 行里找不到含“序号”“{sheet.ID_HEADER}”的表头行")
            return None
        needed = (sheet.ID_HEADER, *self.fill_headers, sheet.EXPORTED_HEADER)
        missing = [h for h in needed if h not in columns]
        if missing:
            self.error(f"第 {header_row} 行的表头缺少这些列：{'、'.join(missing)}。请勿删除或改名表头；"
                       "请重新导出台账再填写", f"A{header_row}")
            return None
        merged = [r for r in ws.merged_cells.ranges if r.max_row >= header_row]
        for cells in sorted(merged, key=lambda r: (r.min_row, r.min_col)):
            self.error("合并了单元格：表头和问题行里不能合并单元格（每个问题占一行、每项填一格）。请取消合并后再导入",
                       cells.coord)
        if merged:
            return None
        seen: dict[str, int] = {}
        matched = 0
        read_row = self._read_review_row if self.reviewing else self._read_row
        for row in range(header_row + 1, ws.max_row + 1):
            read = read_row(ws, row, columns, seen)
            if read is not None:
                matched += 1
                if read.edits:
                    self.rows.append(read)
        if matched == 0 and not self.errors:
            what = "等待审核的申请" if self.reviewing else "问题行"
            self.error(f"没有任何{what}：表头下面是空的。请导入由 `python -m ledger export` 导出、填写后的表")
            return None
        return SheetRead(self.name, self.sheet_name, matched)

    def _match(self, ws, row: int, columns: dict[str, int], seen: dict[str, int], typed: Sequence[str]):
        """The row's problem, the hidden record as exported and the record's name, or None (an error said why,
        or the row is blank). `typed`: the fill-in columns whose content a blank row would not have."""
        def cell(header: str):
            return ws.cell(row=row, column=columns[header])

        def ref(header: str) -> str:
            return f"{get_column_letter(columns[header])}{row}"

        id_value = _text_of_quiet(cell(sheet.ID_HEADER).value)
        if not id_value:
            if any(cell(h).value not in (None, "") for h in typed):
                self.error(f"这一行填了内容，但“{sheet.ID_HEADER}”是空的：每行按编号对应记录，请勿删改编号",
                           ref(sheet.ID_HEADER))
            return None
        record = f"{NOUN} {id_value}"
        problem = self.ledger.problem(id_value) if _has(self.ledger, id_value) else None
        if problem is None:
            self.error(f"记录里没有编号为「{id_value}」的问题：请勿改动编号列（问题的编号见 data/problems/）",
                       ref(sheet.ID_HEADER), record, sheet.ID_HEADER)
            return None
        if id_value in seen:
            self.error(f"编号「{id_value}」在这张表里出现了两次（第 {seen[id_value]} 行和第 {row} 行）：每个问题只占一行",
                       ref(sheet.ID_HEADER), record, sheet.ID_HEADER)
            return None
        seen[id_value] = row
        version = _exported_version(cell(sheet.EXPORTED_HEADER).value)
        if version is not None and version < sheet.FINGERPRINT_VERSION:
            if not self.old_version_told:  # one sentence for the whole sheet
                self.old_version_told = True
                self.error("这张表是旧版程序导出的（那时还没有申请销号和销号审核），不能再导入：请重新导出台账"
                           "（python -m ledger export），把填写的内容抄到新表上再导入", ref(sheet.EXPORTED_HEADER),
                           record, sheet.EXPORTED_HEADER)
            return None
        exported = _exported(cell(sheet.EXPORTED_HEADER).value)
        if exported is None or exported.get("id") != id_value or (exported.get("sheet") == "review") != self.reviewing:
            was = f"（导出时这一行是 {exported['id']}）" if exported and exported.get("id") else ""
            self.error(f"隐藏的“{sheet.EXPORTED_HEADER}”列与编号对不上{was}：编号或隐藏列被改动过。请重新导出再填写",
                       ref(sheet.EXPORTED_HEADER), record, sheet.EXPORTED_HEADER)
            return None
        return problem, exported, record

    def _read_row(self, ws, row: int, columns: dict[str, int], seen: dict[str, int]) -> Optional[_Row]:
        def cell(header: str):
            return ws.cell(row=row, column=columns[header])

        def ref(header: str) -> str:
            return f"{get_column_letter(columns[header])}{row}"

        # status and completion date are prefilled: a row without an 编号 and only those has no content
        matched = self._match(ws, row, columns, seen, sheet.FILL_HEADERS[2:])
        if matched is None:
            return None
        problem, exported, record = matched
        id_value = problem.id
        result = _Row(id_value, row)
        values: dict[str, object] = {}
        bad = False
        for header in sheet.FILL_HEADERS:
            c = cell(header)
            if c.data_type == "f":
                self.error(f"是公式（{c.value}）：导入只接受文字和日期，请把公式改为它的结果", ref(header), record, header)
                bad = True
                continue
            try:
                values[header] = _date_of(c.value) if header in sheet.DATE_HEADERS else _text_of(c.value)
            except _Bad as exc:
                self.error(str(exc), ref(header), record, header)
                bad = True
        if bad:
            return result
        source = lambda header: Source(self.name, self.sheet_name, ref(header))  # noqa: E731
        status = values[sheet.STATUS_HEADER]
        if status is None:
            self.error(f"不能为空：请从下拉列表中选择（{options_text(m.PROBLEM_STATUSES)}）",
                       ref(sheet.STATUS_HEADER), record, sheet.STATUS_HEADER)
            return result
        if status not in m.PROBLEM_STATUSES:
            self.error(f"「{status}」不是可选的状态：应为 {options_text(m.PROBLEM_STATUSES)}之一（从下拉列表中选择）",
                       ref(sheet.STATUS_HEADER), record, sheet.STATUS_HEADER)
            return result
        if status != exported.get("status"):
            result.edits[STATUS] = (status, source(sheet.STATUS_HEADER), sheet.STATUS_HEADER)
        completed = values[sheet.COMPLETED_HEADER]
        if (completed.isoformat() if completed else None) != exported.get("completed"):
            result.edits[COMPLETED] = (completed, source(sheet.COMPLETED_HEADER), sheet.COMPLETED_HEADER)
        when, text = values[sheet.PROGRESS_DATE_HEADER], values[sheet.PROGRESS_TEXT_HEADER]
        evidence = values[sheet.EVIDENCE_HEADER]
        # 已完成 + 完成日期 + 佐证材料 is an application for 销号 (dated the completion date), for a problem with no
        # 销号 and no application waiting (never applied for, or sent back)
        applying = status == m.DONE_STATUS and evidence is not None and _may_apply(problem)
        if applying and completed is None:
            self.error("申请销号要填写完成日期：选了“已完成”并写了佐证材料即申请销号，申请日期取完成日期，如 2023-11-18",
                       ref(sheet.COMPLETED_HEADER), record, sheet.COMPLETED_HEADER)
        elif applying:
            result.edits[APPLY] = ((completed, evidence), source(sheet.EVIDENCE_HEADER), sheet.EVIDENCE_HEADER)
        evidence_changed = not applying and evidence is not None and evidence != exported.get("evidence")
        evidence_as_progress = evidence_changed and problem.closed is None and pending_round(problem) is None
        if when is not None and text is None and not evidence_as_progress:
            self.error("没有对应的进展：填写了新增进展日期，还要在“新增进展”里写这一天的进展",
                       ref(sheet.PROGRESS_TEXT_HEADER), record, sheet.PROGRESS_TEXT_HEADER)
        elif text is not None and when is None:
            self.error("不能为空：写了新增进展，还要填写这条进展的日期，如 2023-11-18",
                       ref(sheet.PROGRESS_DATE_HEADER), record, sheet.PROGRESS_DATE_HEADER)
        elif text is not None:
            result.edits[PROGRESS] = (m.ProgressEntry(date=when, text=text), source(sheet.PROGRESS_TEXT_HEADER),
                                      sheet.PROGRESS_TEXT_HEADER)
        if evidence_as_progress and when is None:
            self.error(f"不能为空：这个问题还没有销号记录，佐证材料记为一条整改进展（“{EVIDENCE_PROGRESS_PREFIX}…”），"
                       "请同时填写新增进展日期", ref(sheet.PROGRESS_DATE_HEADER), record, sheet.PROGRESS_DATE_HEADER)
        elif evidence_changed:
            result.edits[EVIDENCE] = ((evidence, when if evidence_as_progress else None),
                                      source(sheet.EVIDENCE_HEADER), sheet.EVIDENCE_HEADER)
        if result.edits and exported.get("fp") != sheet.fingerprint(problem):
            if exported.get("fp") == self.public_fingerprint(id_value):
                self.error("这是公开版导出的台账（内部文字显示为“（内部信息）”），不能用来收回填写：请用内部版重新导出"
                           "（export 不加 --public），把填写的内容抄到新表上再导入", ref(sheet.ID_HEADER), record,
                           sheet.ID_HEADER)
                result.edits.clear()
                return result
            changed = "、".join(LABELS[f] for f in ORDER if f in result.edits)
            self.error(f"这张表导出之后，记录 data/{PROBLEMS.folder}/{id_value}.yml 里这个问题的状态、完成日期、整改进展或佐证材料"
                       f"已经改过；为免覆盖较新的修改，这一行（{changed}）不导入。请重新导出台账，"
                       "把这一行填写的内容抄到新表上再导入（这张表已经导入过的，不必再导入）", ref(sheet.ID_HEADER), record, sheet.ID_HEADER)
            result.edits.clear()
        return result


    def _read_review_row(self, ws, row: int, columns: dict[str, int], seen: dict[str, int]) -> Optional[_Row]:
        """One row of the office's review sheet: 审核日期, 审核人, 审核结论 and 退回理由 of the application exported."""
        def ref(header: str) -> str:
            return f"{get_column_letter(columns[header])}{row}"

        matched = self._match(ws, row, columns, seen, sheet.REVIEW_FILL_HEADERS)
        if matched is None:
            return None
        problem, exported, record = matched
        result = _Row(problem.id, row)
        values: dict[str, object] = {}
        for header in sheet.REVIEW_FILL_HEADERS:
            c = ws.cell(row=row, column=columns[header])
            if c.data_type == "f":
                self.error(f"是公式（{c.value}）：导入只接受文字和日期，请把公式改为它的结果", ref(header), record, header)
                return result
            try:
                values[header] = _date_of(c.value) if header in sheet.DATE_HEADERS else _text_of(c.value)
            except _Bad as exc:
                self.error(str(exc), ref(header), record, header)
                return result
        if all(value is None for value in values.values()):
            return result  # not reviewed in this sheet
        reviewed, reviewer = values[sheet.REVIEWED_HEADER], values[sheet.REVIEWER_HEADER]
        decision, reason = values[sheet.DECISION_HEADER], values[sheet.REASON_HEADER]
        wrong = []
        if decision not in m.REVIEW_DECISIONS:
            said = f"「{decision}」不是可选的审核结论" if decision else "不能为空"
            wrong.append((sheet.DECISION_HEADER, f"{said}：应为 {options_text(m.REVIEW_DECISIONS)}之一（从下拉列表中选择）"))
        if reviewed is None:
            wrong.append((sheet.REVIEWED_HEADER, "不能为空：请填写审核日期，如 2023-11-18"))
        if not reviewer:
            wrong.append((sheet.REVIEWER_HEADER, "不能为空：请填写审核人（职务），如 党组书记、局长"))
        if decision == m.SENT_BACK and not reason:
            wrong.append((sheet.REASON_HEADER, "不能为空：退回必须写明退回理由，科室据此继续整改"))
        if decision == m.PASSED and reason:
            wrong.append((sheet.REASON_HEADER, "只在退回时填写：审核结论是“通过”，请清空这一格"))
        for header, message in wrong:
            self.error(message, ref(header), record, header)
        if wrong:
            return result
        index = exported.get("round")
        if exported.get("fp") != sheet.fingerprint(problem) or pending_round(problem) is None \
                or index != len(problem.review) - 1:
            self.error(f"这张审核表导出之后，记录 data/{PROBLEMS.folder}/{problem.id}.yml 里这个问题的销号申请或状态已经改过"
                       "（可能已经审核）；为免覆盖较新的修改，这一行不导入。请重新导出审核表（export --review）再填写",
                       ref(sheet.ID_HEADER), record, sheet.ID_HEADER)
            return result
        entry = problem.review[index].model_copy(update={"reviewed": reviewed, "reviewer": reviewer,
                                                         "decision": decision, "reason": reason})
        cells = tuple((name, Source(self.name, self.sheet_name, ref(header)), header) for name, header in (
            ("reviewed", sheet.REVIEWED_HEADER), ("reviewer", sheet.REVIEWER_HEADER),
            ("decision", sheet.DECISION_HEADER), ("reason", sheet.REASON_HEADER)))
        result.edits[REVIEW] = ((index, entry), cells[2][1], sheet.DECISION_HEADER, cells)
        return result


def _has(ledger: Ledger, problem_id: str) -> bool:
    return any(p.id == problem_id for p in ledger.problems)


def _text_of_quiet(value: object) -> Optional[str]:
    try:
        return _text_of(value)
    except _Bad:
        return str(value)


def _may_apply(problem: m.Problem) -> bool:
    """No 销号 yet and no application waiting: never applied for, or the last application sent back."""
    last = problem.last_round
    return problem.closure is None and (last is None or last.sent_back)


def _exported_version(value: object) -> Optional[int]:
    """The version written in a hidden cell (1: before 销号审核), None when it is no such cell."""
    try:
        data = json.loads(str(value))
    except (TypeError, ValueError):
        return None
    version = data.get("v") if isinstance(data, dict) else None
    return version if isinstance(version, int) else None


def _exported(value: object) -> Optional[dict]:
    try:
        data = json.loads(str(value))
    except (TypeError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("v") == sheet.FINGERPRINT_VERSION else None


def _is_empty(ws) -> bool:
    return all(c.value in (None, "") for row in ws.iter_rows() for c in row)


def _find_header(ws) -> tuple[Optional[int], dict[str, int]]:
    for row in ws.iter_rows(min_row=1, max_row=HEADER_SEARCH_ROWS):
        keys = {_header_key(c.value): c.column for c in row if c.value not in (None, "")}
        if "序号" in keys and sheet.ID_HEADER in keys:
            return row[0].row, keys
    return None, {}


# ---- planning ----
def plan_import(files: Iterable[str | os.PathLike], ledger: Ledger) -> ImportPlan:
    """Read every file and merge their rows into one plan; ImportRefused lists every problem found."""
    errors: list[CellError] = []
    sheets: list[SheetRead] = []
    edits: dict[tuple[str, str], list[tuple]] = {}
    for path in files:
        reader = _FileReader(Path(path), ledger)
        read = reader.read()
        errors.extend(reader.errors)
        if read is not None:
            sheets.append(read)
        for row in reader.rows:
            for name, edit in row.edits.items():
                edits.setdefault((row.problem_id, name), []).append(edit)
    changes: list[Change] = []
    for (pid, name), found in edits.items():
        values = list(dict.fromkeys(_comparable(v) for v, _s, _c, *_cells in found))
        if len(values) > 1:
            shown = "；".join(f"{src} 写「{_plain(v)}」" for v, src, _c, *_cells in found)
            first = found[0][1]
            errors.append(CellError(first.file, f"{LABELS[name]}在 {len(found)} 个文件里填得不一样：{shown}。"
                                    "导入不替你选择：请商定后只保留一种写法（或只在一个文件里填写）再导入",
                                    first.sheet, first.cell, f"{NOUN} {pid}", found[0][2]))
            continue
        new, source, column, *cells = found[0]
        date = None
        problem = ledger.problem(pid)
        if name == EVIDENCE:
            new, date = new
        elif name == APPLY:
            applied, evidence = new
            new = m.ReviewRound(applied=applied, department=problem.department, evidence=evidence)
        old = _current(problem, name)
        if name != PROGRESS and date is None and _comparable(old) == _comparable(new):
            continue  # the sheet says what the record already says
        if name == PROGRESS and new in problem.progress:
            continue  # already recorded (the same entry)
        changes.append(Change(pid, name, old, new, source, column, date, cells[0] if cells else ()))
    if errors:
        raise ImportRefused(errors)
    return ImportPlan(tuple(changes), tuple(sheets), tuple(p.id for p in ledger.problems))


def _comparable(value: object) -> object:
    if isinstance(value, m.ProgressEntry):
        return (value.date, value.text)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], m.ReviewRound):
        return (value[0], value[1].model_dump_json())
    return value


def _plain(value: object) -> str:
    if isinstance(value, m.ProgressEntry):
        return f"{value.date.isoformat()} {value.text}"
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], m.ReviewRound):
        return value[1].describe()
    if isinstance(value, tuple):  # evidence: (text, date); an application: (date, text)
        return "，".join(_plain(v) for v in value if v is not None)
    return EMPTY if value is None else (value.isoformat() if isinstance(value, dt.date) else str(value))


def _current(problem: m.Problem, name: str) -> object:
    if name == STATUS:
        return problem.status
    if name == COMPLETED:
        return problem.completed
    if name == EVIDENCE:
        return sheet.shown_evidence(problem)
    return None


# ---- writing ----
def round_trip_yaml() -> YAML:
    y = YAML(typ="rt")  # the pure-Python round trip: the C loader cannot keep comments
    y.preserve_quotes = True
    y.width = 4096      # never fold a long line of Chinese text
    y.indent(mapping=2, sequence=4, offset=2)  # "progress:\n  - {date: …}" as the records are written
    y.representer.ignore_aliases = lambda data: True  # one date in two places is written twice, not &id001
    return y


def _scalar(text: str):
    """Text as ruamel would write it, quoted when the records' reader (PyYAML, YAML 1.1) would read the plain
    form as something else: yes/no/on/off, numbers, dates, '#'."""
    try:
        # read as the records' loader reads it: a cell may hold `&a [*a, …]` (an alias bomb) or a tag
        built = build(text, DEFAULT_DEPTH, len(text) + 1)
        plain_ok = not built.problems and built.data == text
    except yaml.YAMLError:
        plain_ok = False
    return text if plain_ok and "\n" not in text else DoubleQuotedScalarString(text)


def _insert_after(doc: CommentedMap, after: Sequence[str], key: str, value: object) -> None:
    keys = list(doc.keys())
    position = max((keys.index(k) + 1 for k in after if k in doc), default=len(keys))
    doc.insert(position, key, value)


def _entry(date: dt.date, text: str, like: object) -> CommentedMap:
    entry = CommentedMap([("date", date), ("text", _scalar(text))])
    if not isinstance(like, CommentedMap) or like.fa.flow_style():
        entry.fa.set_flow_style()  # {date: …, text: …} like the entries before it
    return entry


def _set(doc: CommentedMap, key: str, value: object) -> None:
    """Replace a value in place; an end-of-line comment after it keeps its distance from the value
    (ruamel keeps the comment's column, so a longer value would crowd it)."""
    comment = doc.ca.items.get(key, [None, None, None])[2] if key in doc else None
    if comment is not None and getattr(comment, "column", None) is not None:
        comment.column = max(0, comment.column + len(str(value)) - len(str(doc[key])))
    doc[key] = value


def _apply_to(doc: CommentedMap, changes: Sequence[Change]) -> None:
    for change in changes:
        if change.field == STATUS:
            _set(doc, "status", _scalar(change.new))
        elif change.field == COMPLETED:
            if change.new is None:
                del doc["completed"]
            elif "completed" in doc:
                _set(doc, "completed", change.new)
            else:
                _insert_after(doc, ("status",), "completed", change.new)
        elif change.field == APPLY:
            _apply_for_closure(doc, change.new)
        elif change.field == REVIEW:
            _write_review(doc, *change.new)
        elif change.field in (PROGRESS, EVIDENCE):
            if change.field == EVIDENCE and change.date is None:  # into the 销号, or the application waiting
                holder = doc["closure"] if doc.get("closure") is not None else doc["review"][-1]
                if "evidence" in holder:
                    _set(holder, "evidence", _scalar(change.new))
                else:
                    _insert_after(holder, ("date", "department", "applied"), "evidence", _scalar(change.new))
                continue
            entry = change.new if change.field == PROGRESS else None
            date, text = ((entry.date, entry.text) if entry else
                          (change.date, EVIDENCE_PROGRESS_PREFIX + change.new))
            if "progress" not in doc:
                _insert_after(doc, ("completed", "status"), "progress", CommentedSeq())
            elif doc["progress"] is None:
                doc["progress"] = CommentedSeq()
            items = doc["progress"]
            items.append(_entry(date, text, items[-1] if len(items) else None))


def _apply_for_closure(doc: CommentedMap, application: m.ReviewRound) -> None:
    """A new entry at the end of `review` (the list made after the progress when there is none)."""
    if doc.get("review") is None:
        if "review" in doc:
            doc["review"] = CommentedSeq()
        else:
            _insert_after(doc, ("status", "completed", "progress", "closure"), "review", CommentedSeq())
    doc["review"].append(CommentedMap([("applied", application.applied),
                                       ("department", _scalar(application.department)),
                                       ("evidence", _scalar(application.evidence))]))


def _write_review(doc: CommentedMap, index: int, entry: m.ReviewRound) -> None:
    """The review written into its application; a 退回 opens the problem again (整改中, no completion date)."""
    target = doc["review"][index]
    for name in ("reviewed", "reviewer", "decision", "reason"):
        value = getattr(entry, name)
        if value is not None:
            target[name] = value if isinstance(value, dt.date) else _scalar(value)
    if entry.sent_back and doc.get("status") == m.DONE_STATUS:
        _set(doc, "status", _scalar(REOPENED_STATUS))
        if "completed" in doc:
            del doc["completed"]


def _new_text(path: Path, changes: Sequence[Change]) -> str:
    y = round_trip_yaml()
    original = path.read_text(encoding="utf-8")
    doc = y.load(original)
    _apply_to(doc, changes)
    out = io.StringIO()
    y.dump(doc, out)
    return out.getvalue()


def _verify(text: str, changes: Sequence[Change], display: str) -> list[CellError]:
    """The new file read back as the records' loader reads it holds exactly the planned values."""
    data = build(text, DEFAULT_DEPTH, 2**31).data or {}
    wrong = []
    for change in changes:
        got = data.get(change.field) if change.field in (STATUS, COMPLETED) else None
        ok = True
        if change.field in (STATUS, COMPLETED):
            ok = got == change.new
        elif change.field == PROGRESS:
            ok = {"date": change.new.date, "text": change.new.text} in (data.get("progress") or [])
        elif change.field in (APPLY, REVIEW):
            entry = change.new if change.field == APPLY else change.new[1]
            rounds = data.get("review") or []
            written = rounds[-1 if change.field == APPLY else change.new[0]] if rounds else {}
            got = written
            ok = all(written.get(name) == value for name, value in entry.model_dump(exclude_none=True).items())
        if not ok:
            wrong.append(CellError(change.source.file, f"写入 {display} 后读回的值是「{got}」，不是「{_plain(change.new)}」",
                                   change.source.sheet, change.source.cell, f"{NOUN} {change.problem_id}",
                                   change.column))
    return wrong


def planned_files(plan: ImportPlan, data_dir: Path) -> dict[Path, str]:
    """Each record file the plan changes -> its new text (files without a change are not listed)."""
    return {data_dir / PROBLEMS.folder / f"{pid}.yml": _new_text(data_dir / PROBLEMS.folder / f"{pid}.yml",
                                                                 plan.changes_of(pid))
            for pid in plan.problem_ids}


def _blame(errors: Sequence[RecordError], plan: ImportPlan) -> list[CellError | RecordError]:
    """Check errors of the records after the import, each pointed at the cell it came from when one is known."""
    fields = {STATUS: ("status",), COMPLETED: ("completed",), PROGRESS: ("progress",),
              EVIDENCE: ("closure", "progress", "review"), APPLY: ("review", "status"), REVIEW: ("review", "status")}
    out: list[CellError | RecordError] = []
    for error in errors:
        pid = error.record.split(" ", 1)[1] if error.record and error.record.startswith(NOUN + " ") else None
        field_name = (error.field or "").split("[", 1)[0].split(".", 1)[0]
        culprit = next((c for c in plan.changes_of(pid) if field_name in fields[c.field]), None) if pid else None
        if culprit is None:
            out.append(error)
            continue
        where = f"{error.file}" + (f":{error.line}" if error.line else "")
        inner = (error.field or "").rsplit(".", 1)[-1]   # review[1].reviewed -> reviewed: the cell it came from
        source, column = next(((src, col) for name, src, col in culprit.cells if name == inner),
                              (culprit.source, culprit.column))
        out.append(CellError(source.file, f"导入后记录检查不通过（{where} 字段 {error.field}）：{error.message}",
                             source.sheet, source.cell, error.record, column))
    return out


def check_plan(plan: ImportPlan, data_dir: str | os.PathLike) -> dict[Path, str]:
    """The new texts of the changed files, checked in a scratch copy of the records (nothing real is written)."""
    data_dir = Path(data_dir)
    texts = planned_files(plan, data_dir)
    errors: list[CellError | RecordError] = []
    for path, text in texts.items():
        errors += _verify(text, plan.changes_of(path.stem), _display(path, data_dir))
    if errors:
        raise ImportRefused(errors)
    with tempfile.TemporaryDirectory(prefix="ledger-import-") as scratch:
        copy = Path(scratch) / data_dir.name
        shutil.copytree(data_dir, copy)
        docs = data_dir.parent / "docs"  # the check looks for evidence files there: the same folder, not a copy
        if docs.is_dir():
            try:
                os.symlink(docs.resolve(), Path(scratch) / "docs", target_is_directory=True)
            except OSError:  # pragma: no cover - no symlinks (Windows without the right): checked after writing
                pass
        for path, text in texts.items():
            (copy / path.relative_to(data_dir)).write_text(text, encoding="utf-8")
        try:
            load_ledger(copy)
        except LedgerInvalid as exc:
            raise ImportRefused(_blame(exc.errors, plan)) from None
    return texts


def _display(path: Path, data_dir: Path) -> str:
    return os.path.relpath(path, data_dir.parent).replace(os.sep, "/")


def apply_plan(plan: ImportPlan, data_dir: str | os.PathLike) -> tuple[list[Path], Ledger]:
    """Write the plan into the record files; then the full check. All or nothing: ImportRefused leaves every
    file as it was."""
    data_dir = Path(data_dir)
    texts = check_plan(plan, data_dir)
    originals = {path: path.read_bytes() for path in texts}
    written: list[Path] = []
    try:
        for path, text in texts.items():
            _replace(path, text.encode("utf-8"))
            written.append(path)
        ledger = load_ledger(data_dir)
    except (LedgerInvalid, OSError) as exc:
        for path in written:
            _replace(path, originals[path])
        errors = _blame(exc.errors, plan) if isinstance(exc, LedgerInvalid) else [
            CellError(_display(path, data_dir), f"写入失败：{exc}")]
        raise ImportRefused(errors, "导入未完成，已恢复原来的记录文件") from None
    return written, ledger


def _replace(path: Path, content: bytes) -> None:
    """Write beside the file, then rename over it: a reader never sees half a file."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
