"""A returned workbook is read only if it cannot cost more than a workbook should: checked before openpyxl opens it.

An .xlsx is a zip: a small file whose sheet expands to gigabytes (a zip bomb), or whose sheet states a range
of millions of cells, costs that much memory and time when openpyxl reads it. The sizes in the zip's directory
are what zipfile (and so openpyxl) will inflate at most (it stops at the stated size), so they can be trusted.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

from openpyxl.utils.cell import range_boundaries

from ledger.records.models import Limits

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")
_SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
HEAD = 4096  # a sheet states its range near its start (<dimension ref="A1:P57"/>)
SMALL = 2**20  # members smaller than this are not judged by their ratio (an empty sheet compresses 50:1)


def workbook_problem(path: Path, limits: Limits) -> str | None:
    """Why this .xlsx is not opened, in Chinese; None when it may be."""
    size = path.stat().st_size
    if size > limits.workbook_mb * 2**20:
        return (f"文件有 {size / 2**20:.1f} MB，超过了导入台账的上限 {limits.workbook_mb} MB（data/settings.yml 的 "
                "limits.workbook_mb），没有打开。整改台账一般不到 1 MB：请确认是导出后填写的台账")
    try:
        with zipfile.ZipFile(path) as book:
            members = book.infolist()
            inflated = sum(m.file_size for m in members)
            packed = max(sum(m.compress_size for m in members), 1)
            bomb = [m for m in members if m.file_size > SMALL and m.file_size > limits.workbook_ratio * max(m.compress_size, 1)]
            if bomb or (inflated > SMALL and inflated > limits.workbook_ratio * packed):
                return (f"解压后有 {inflated / 2**20:,.0f} MB，是压缩后的 {inflated // packed:,} 倍，超过了上限 "
                        f"{limits.workbook_ratio} 倍（limits.workbook_ratio）：这不像 Excel 保存的台账（可能是“压缩炸弹”），"
                        "没有打开。请导入由本台账导出、在 Excel 或 WPS 里填写保存的文件")
            for member in members:
                if _SHEET.match(member.filename):
                    with book.open(member) as sheet:
                        found = _DIMENSION.search(sheet.read(HEAD))
                    if found:
                        min_col, min_row, max_col, max_row = range_boundaries(found.group(1).decode())
                        cells = (max_row - min_row + 1) * (max_col - min_col + 1)
                        if cells > limits.workbook_cells:
                            return (f"工作表 {member.filename.rsplit('/', 1)[-1]} 标明的范围是 {found.group(1).decode()}，"
                                    f"共 {cells:,} 个单元格，超过了上限 {limits.workbook_cells:,} 个（limits.workbook_cells），"
                                    "没有打开。请在 Excel 里删去台账以外的行和列（或复制台账到新工作簿）后再导入")
    except (zipfile.BadZipFile, OSError, ValueError, TypeError):
        return None  # not a zip, or a broken one: openpyxl's own refusal names it
    return None


def cells_problem(rows: int, columns: int, limits: Limits) -> str | None:
    """A sheet whose cells, once read, reach further than a ledger does (no range stated, cells far out)."""
    if rows * columns > limits.workbook_cells:
        return (f"工作表用到了 {rows:,} 行、{columns:,} 列，共 {rows * columns:,} 个单元格，超过了上限 "
                f"{limits.workbook_cells:,} 个（limits.workbook_cells）。请删去台账以外的行和列后再导入")
    return None
