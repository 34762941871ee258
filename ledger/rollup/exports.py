"""The roll-up's files handed upward: the 汇报 and the 进展情况 (.docx, 公文 format, ledger/exports/docx.py) and
the 汇总台账 (.xlsx): from the same RollupContext, hence the same figures, as the pages.

The workbook has three sheets, each printable on A4 landscape with page numbers, a frozen header repeated
on every printed page and an autofilter (ledger/exports/xlsx.py's sheet writer, which stores every text as
text: a unit's record that begins with = stays those characters):
- 汇总表: one row per unit (its 截至 date, the summary figures, its revision, its marks), a 合计 row by each
  figure's add-up rule (below the filtered rows, so that sorting leaves it last);
- 全部数字: every declared figure, a column per unit and the 合计;
- 问题清单: every problem of every ledger under the roll-up, with a 单位 column (市局 / 区局 at depth).
Rates are numbers shown as percentages (71%), counts numbers, lists counted (the list itself in 全部数字).
"""
from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import Any, Optional

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from ledger.exports.docx import write_docx
from ledger.exports.xlsx import (LINE_HEIGHT, OVERDUE_FILL, STATUS_FILLS, DATE_WIDTH, SheetSpec, alert_text, is_overdue,
                                 progress_text, shown_evidence, write_sheet)
from ledger.rollup.context import RollupContext
from ledger.rollup.downloads import campaign_short, rollup_downloads
from ledger.rollup.pages import RULE_WORDS
from ledger.rollup.progress import RollupPeriod, progress_report, rollup_period
from ledger.rollup.report import (TOTAL_LABEL, cell, header, load_rollup_template, marks_sentence, rollup_report,
                                  sheet_note, short_marks)
from ledger.text import cn_date, display_width
from ledger.views.report_template import LoadedTemplate

SUMMARY_SHEET, FIGURES_SHEET, PROBLEMS_SHEET = "汇总表", "全部数字", "问题清单"
UNIT_HEADER = "单位"
PERCENT_FORMAT = "0%"
ONE_PAGE_ROWS = 30
TOTAL_FONT = Font(name="宋体", size=10.5, bold=True)
CENTRE = Alignment(wrap_text=True, vertical="center", horizontal="center")
PROBLEM_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 5), (UNIT_HEADER, 16), ("编号", 8), ("问题描述", 24), ("问题来源", 9), ("整改措施", 24),
    ("责任领导", 10), ("责任科室", 10), ("整改时限", DATE_WIDTH), ("提醒", 11), ("整改进展", 28), ("完成情况", 11),
    ("完成日期", DATE_WIDTH), ("佐证材料", 16))


def _number(value: Any) -> Any:
    """A figure as a cell: a rate as a number shown as a percentage (0.71 → 71%), a count as it is, a list by
    how many, a breakdown as lines of text, no total (per unit only) as 分单位列出."""
    if isinstance(value, str) and value.endswith("%") and value[:-1].isdigit():
        return int(value[:-1]) / 100
    if isinstance(value, (tuple, list)):
        return len(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return cell(value)
    return value


def _figure_header(context: RollupContext, figure_id: str) -> tuple[str, float]:
    """A figure's column: its header with the unit on a line of its own (学习活动 / （次）), and a width that
    holds the longer line (a long label wraps)."""
    head = header(context, figure_id).replace("（", "\n（", 1)
    return head, max(9.0, min(16.0, max(display_width(line) for line in head.split("\n")) / 0.85 + 1))


def _finish(ws, spec: SheetSpec, *, total_rows: int = 0, freeze_column: bool = False, one_page: bool = False) -> None:
    """Rates shown as percentages; the 合计 rows bold and left out of the filter; the first column frozen too."""
    first = spec.header_row + 1
    lines = max(sum(math.ceil(display_width(line) / (0.85 * width)) or 1 for line in head.split("\n"))
                for head, width in spec.columns)
    ws.row_dimensions[spec.header_row].height = LINE_HEIGHT * lines + 6   # a header of two lines shows both
    for row in ws.iter_rows(min_row=first, max_row=first + len(spec.rows) - 1):
        for c in row:
            if isinstance(c.value, float):
                c.number_format = PERCENT_FORMAT
                c.alignment = CENTRE
    if total_rows:
        last = first + len(spec.rows) - 1
        for row in ws.iter_rows(min_row=last - total_rows + 1, max_row=last):
            for c in row:
                c.font = TOTAL_FONT
        left, _right = ws.auto_filter.ref.split(":")
        ws.auto_filter.ref = f"{left}:{ws.cell(row=max(last - total_rows, spec.header_row), column=len(spec.columns)).coordinate}"
    if freeze_column:
        ws.freeze_panes = ws.cell(row=first, column=2)
    if one_page and len(spec.rows) <= ONE_PAGE_ROWS:   # a short table on one page, not a row over onto a second
        ws.page_setup.fitToHeight = 1


def summary_sheet(context: RollupContext, template: LoadedTemplate) -> SheetSpec:
    ids = context.summary_figures
    columns = ((UNIT_HEADER, 18), ("截至日期", DATE_WIDTH), *(_figure_header(context, i) for i in ids),
               ("版本", 27), ("说明", 30))
    rows: list[list[object]] = [[u.label + short_marks(u), u.as_of, *(_number(u.figures[i]) for i in ids),
                                 u.revision.text, marks_sentence(u)] for u in context.units]
    rows.append([TOTAL_LABEL, context.as_of, *(_number(context.totals[i]) for i in ids), "", ""])
    late = sum(1 for u in context.units if u.late)
    note = (f"汇总单位：{context.config.name}　　截至日期：{cn_date(context.as_of)}　　单位：{len(context.units)}个"
            + (f"（迟报{late}个）" if late else "") + f"　　{sheet_note(context, template, 'summary')}")
    title = f"{context.config.name}{campaign_short(context)}汇总表"
    return SheetSpec(SUMMARY_SHEET, title, note, columns, rows)


def figures_sheet(context: RollupContext) -> SheetSpec:
    heads = [f"{u.label}{short_marks(u)}\n截至{cn_date(u.as_of)}" for u in context.units]
    columns = (("数字", 22), ("汇总方法", 10), *((h, 19) for h in heads), (f"{TOTAL_LABEL}\n截至{cn_date(context.as_of)}", 19))
    rows = [[spec.caption, RULE_WORDS[spec.rule], *(_full(u.figures[spec.id]) for u in context.units),
             _full(context.totals[spec.id])] for spec in context.campaign.figures]
    note = (f"汇总单位：{context.config.name}　　截至日期：{cn_date(context.as_of)}　　"
            "各单位按自己的截至日期（见表头）统计")
    return SheetSpec(FIGURES_SHEET, f"{context.config.name}{campaign_short(context)}全部数字", note, columns, rows)


def _full(value: Any) -> Any:
    """A figure in 全部数字: a list written out (、), the rest as in the 汇总表."""
    if isinstance(value, (tuple, list)):
        return "、".join(str(v) for v in value) or "（无）"
    return _number(value)


def problems_sheet(context: RollupContext, template: LoadedTemplate) -> SheetSpec:
    entries = context.problem_entries()
    rows = []
    for i, entry in enumerate(entries, start=1):
        p, assessment = entry.problem, entry.path.context.assessment
        unit = " / ".join(u.label + short_marks(u) for u in entry.path.units)
        rows.append([i, unit, p.id, p.description, p.source, p.measures, p.leader, p.department, p.deadline,
                     alert_text(p, assessment), progress_text(p), p.status, p.completed, shown_evidence(p)])
    headers = [h for h, _w in PROBLEM_COLUMNS]
    status_col, alert_col = headers.index("完成情况") + 1, headers.index("提醒") + 1

    def fill_for(index: int, col: int) -> Optional[str]:
        entry = entries[index]
        if col == status_col:
            return STATUS_FILLS.get(entry.problem.status)
        if col == alert_col and is_overdue(entry.problem, entry.path.context.assessment):
            return OVERDUE_FILL
        return None

    note = (f"汇总单位：{context.config.name}　　截至日期：{cn_date(context.as_of)}（各单位的提醒按其自己的截至日期）　　"
            f"{sheet_note(context, template, 'problems')}")
    title = f"{context.config.name}{campaign_short(context)}问题清单（各单位）"
    return SheetSpec(PROBLEMS_SHEET, title, note, PROBLEM_COLUMNS, rows, fill_for=fill_for)


def rollup_workbook(context: RollupContext, template: Optional[LoadedTemplate] = None) -> Workbook:
    template = template or load_rollup_template(context)
    book = Workbook()
    summary, figures, problems = summary_sheet(context, template), figures_sheet(context), problems_sheet(context, template)
    for index, spec in enumerate((summary, figures, problems)):
        ws = book.active if index == 0 else book.create_sheet()
        write_sheet(ws, spec)
    _finish(book[SUMMARY_SHEET], summary, total_rows=1, freeze_column=True, one_page=True)
    _finish(book[FIGURES_SHEET], figures, total_rows=0, freeze_column=True)
    _finish(book[PROBLEMS_SHEET], problems)
    moment = dt.datetime.combine(context.as_of, dt.time())
    book.properties.title = summary.title
    book.properties.creator = context.config.name
    book.properties.created = book.properties.modified = moment
    return book


def write_rollup_exports(context: RollupContext, out_dir: str | os.PathLike, *, site_names: bool = False,
                         template: Optional[LoadedTemplate] = None, period: Optional[RollupPeriod] = None) -> list[Path]:
    """Write the 汇报, the 汇总台账 and the 进展情况 into out_dir: site names (report.docx) or the Chinese names.
    template, period: the ones made for this roll-up already (the site's), so that they are not made twice."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    template = template or load_rollup_template(context)
    targets = [out_dir / (d.slug if site_names else d.save_as) for d in rollup_downloads(context)]
    write_docx(rollup_report(context, template), targets[0])
    rollup_workbook(context, template).save(str(targets[1]))
    write_docx(progress_report(context, period or rollup_period(context)), targets[2])
    return targets
