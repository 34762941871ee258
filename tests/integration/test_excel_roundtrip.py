"""The 整改台账 down to the 科室 and back, through another office suite:
export -> fill cells with openpyxl -> re-save through LibreOffice headless -> import --apply -> the records
hold the new progress, `check` passes, and every comment in the data files is unchanged.
Also the printed sheet as LibreOffice lays it out: the page-number footer is whole, not clipped."""
from __future__ import annotations
from support import sample_template

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl

from ledger import load_ledger
from ledger.exports import xlsx
from support import copy_project

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def soffice(tmp_path: Path, target: str, source: Path, out: Path) -> Path:
    """soffice --headless --convert-to with a private profile (parallel runs do not share one)."""
    assert Path(SOFFICE).exists(), "需要 LibreOffice（apt-get install libreoffice-calc-nogui）"
    profile = tmp_path / "lo-profile"
    result = subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", target,
                             "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=180)
    converted = out / (source.stem + "." + target.split(":")[0])
    assert result.returncode == 0 and converted.exists(), result.stdout + result.stderr
    return converted


def ledger_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", "--data", str(project / "data"), *args],
                          cwd=project, capture_output=True, text=True, timeout=300)


def comments(data: Path) -> dict[str, list[str]]:
    """Every comment line (and end-of-line comment) of every data file."""
    found = {}
    for path in sorted(data.rglob("*.yml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        found[str(path.relative_to(data))] = [line[line.index("#"):] for line in lines
                                              if re.match(r"^\s*#", line) or " # " in line or "  #" in line]
    return found


def fill_by_id(path: Path, rows: dict[str, dict[str, object]]) -> None:
    book = openpyxl.load_workbook(path)
    ws = book[xlsx.PROBLEM_SHEET]
    columns = {"".join(str(c.value).replace(xlsx.FILL_MARK, "").split()): c.column for c in ws[xlsx.PROBLEM_HEADER_ROW]}
    for row in range(xlsx.PROBLEM_HEADER_ROW + 1, ws.max_row + 1):
        for header, value in rows.get(ws.cell(row=row, column=columns["编号"]).value, {}).items():
            cell = ws.cell(row=row, column=columns[header])
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
    book.save(path)


def test_down_to_the_departments_through_libreoffice_and_back(tmp_path):
    project = copy_project(tmp_path / "project")
    data = project / "data"
    # comments of the kinds editors write, on the lines an import changes
    p2 = data / "problems" / "P-002.yml"
    p2.write_text(p2.read_text(encoding="utf-8").replace("status: 整改中", "status: 整改中  # 每月由气象台报来")
                  + "# 下一条进展由科室在台账里填写\n", encoding="utf-8")
    before_comments = comments(data)
    before = {p: p.read_bytes() for p in data.rglob("*.yml")}

    exported = tmp_path / "down"
    for department in ("气象台", "办公室"):
        result = ledger_cli(project, "export", "--department", department, "--out", str(exported))
        assert result.returncode == 0, result.stderr
    forecast = exported / "XX区气象局主题教育整改台账（气象台）.xlsx"
    office = exported / "XX区气象局主题教育整改台账（办公室）.xlsx"
    fill_by_id(forecast, {
        "P-002": {"新增进展日期": dt.date(2023, 11, 18), "新增进展": "站点建设方案获批，=1+2 号站点开工",
                  "完成情况": "阶段性完成、长期坚持"},
        "P-008": {"新增进展日期": dt.date(2023, 11, 19), "新增进展": "建立村级气象信息员提醒机制",
                  "完成情况": "已完成", "完成日期": dt.date(2023, 11, 19)},
    })
    fill_by_id(office, {"P-004": {"佐证材料": "工作清单、科普活动记录及照片"}})

    back = tmp_path / "back"
    resaved = [soffice(tmp_path, "xlsx:Calc MS Excel 2007 XML", sheet, back) for sheet in (forecast, office)]
    # what the other office suite kept: text stays text, the drop-down, the protection, the hidden record
    ws = openpyxl.load_workbook(resaved[0])[xlsx.PROBLEM_SHEET]
    row = next(r for r in range(5, ws.max_row + 1) if ws[f"B{r}"].value == "P-002")
    assert ws[f"N{row}"].value == "站点建设方案获批，=1+2 号站点开工" and ws[f"N{row}"].data_type == "s"
    assert any(dv.type == "list" for dv in ws.data_validations.dataValidation)
    assert ws.protection.sheet and ws.column_dimensions["P"].hidden
    assert json.loads(ws[f"P{row}"].value)["id"] == "P-002"

    preview = ledger_cli(project, "import", *map(str, resaved))
    assert preview.returncode == 0, preview.stderr
    assert "问题 P-002：新增进展 2023-11-18「站点建设方案获批，=1+2 号站点开工」；状态 整改中 → 阶段性完成、长期坚持" in preview.stdout
    assert {p: p.read_bytes() for p in data.rglob("*.yml")} == before  # the preview wrote nothing

    applied = ledger_cli(project, "import", *map(str, resaved), "--apply")
    assert applied.returncode == 0, applied.stderr
    assert "记录检查通过" in applied.stdout
    check = ledger_cli(project, "check")
    assert check.returncode == 0, check.stderr

    ledger = load_ledger(data)
    p2_now, p8_now = ledger.problem("P-002"), ledger.problem("P-008")
    assert (p2_now.status, p2_now.progress[-1].date, p2_now.progress[-1].text) == (
        "阶段性完成、长期坚持", dt.date(2023, 11, 18), "站点建设方案获批，=1+2 号站点开工")
    assert (p8_now.status, p8_now.completed, p8_now.progress[-1].text) == (
        "已完成", dt.date(2023, 11, 19), "建立村级气象信息员提醒机制")
    assert ledger.problem("P-004").closure.evidence == "工作清单、科普活动记录及照片"
    assert comments(data) == before_comments
    changed = {str(p.relative_to(data)) for p in data.rglob("*.yml") if p.read_bytes() != before[p]}
    assert changed == {"problems/P-002.yml", "problems/P-004.yml", "problems/P-008.yml"}
    assert "status: 阶段性完成、长期坚持  # 每月由气象台报来\n" in p2.read_text(encoding="utf-8")

    # the same files once more: refused (already imported), nothing written
    again = ledger_cli(project, "import", *map(str, resaved), "--apply")
    assert again.returncode == 1 and "这张表已经导入过的，不必再导入" in again.stderr


def _ink_rows(pgm: bytes) -> list[int]:
    """Rows of a binary PGM (P5) image that hold a dark pixel."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", pgm)
    width, height = int(header[1]), int(header[2])
    pixels = pgm[header.end():]
    return [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 128]


def test_the_printed_footer_is_whole_in_libreoffice(root, tmp_path):
    """LibreOffice lays the page out; the page number in the footer must not be clipped by its margin."""
    for tool in ("pdftotext", "pdftoppm"):
        assert shutil.which(tool), "需要 poppler-utils（apt-get install poppler-utils）"
    sheet = xlsx.write_xlsx(load_ledger(root / "data"), tmp_path / "台账.xlsx", sample_template())
    pdf = soffice(tmp_path, "pdf", sheet, tmp_path)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    page = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', boxes)
    word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">第</word>', boxes)
    assert page and word, boxes[:2000]
    x0, y0, x1, y1 = map(float, word.groups())
    assert y1 <= float(page[2])
    scale = 4  # 288 dpi: 4 pixels a point
    crop = subprocess.run(["pdftoppm", "-gray", "-r", str(72 * scale), "-f", "1", "-l", "1",
                           "-x", str(int(x0 * scale) - 4), "-y", str(int(y0 * scale) - 8),
                           "-W", str(int((x1 - x0) * scale) + 8), "-H", str(int((y1 - y0) * scale) + 16),
                           str(pdf)], capture_output=True, check=True).stdout
    rows = _ink_rows(crop)
    assert rows, "页脚没有印出来"
    ink = (rows[-1] - rows[0] + 1) / scale
    assert ink >= 0.6 * (y1 - y0), f"页脚的字被截去：字高 {y1 - y0:.1f} pt，只印出 {ink:.1f} pt"
