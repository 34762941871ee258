"""The roll-up's files handed upward (#25): the 汇报 and 进展情况 (.docx) and the 汇总台账 (.xlsx), read back.

Three unit repositories are made here from the sample: 甲区 with record text that looks like a formula, HTML
or a template; 乙区 whose newest commit fails its check (shown at its last good revision); 丙区 迟报. The
totals in both files equal the 汇总表 page's and the units' own figures (each unit's own BuildContext)
combined by each figure's rule; the marks are said in the text; 本期进展 runs from the roll-up's last report
sent. A 省局 over two 市局 folders exports one row per 市局 and problems under 市局 / 区局."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from docx import Document

from ledger.context import BuildContext
from ledger.records.dated import as_known_on
from ledger.rollup.scaffold import new_rollup
from ledger.text import cn_date, percent
from ledger.views.measures import compute_figures
from rollup_support import commit_all, edit, git, make_repo, page_tables, table_as_dicts
from support import ROOT, article_text, run_build

pytestmark = pytest.mark.build

SUMMARY = ["activity_count", "places_visited", "problem_count", "problems_done", "completion_rate",
           "problems_overdue"]
NEW_PLACE = "丙区新设观测场"
SENT = "2023-10-15"
# record text that a spreadsheet, a web page or a template would take for something else
FORMULA = "=SUM(A1:A9)+1"
HOSTILE_PROGRESS = "<b>粗体</b>{{ 7*7 }}已对接"
ANGLE = "<script>alert(1)</script>站点不足"


def rollup_yml(name: str, units: str, *, as_of: str = "2023-11-30", extra: str = "") -> str:
    figures = "".join(f"  - {f}\n" for f in SUMMARY)
    return (f"name: {name}\ntitle: {name}汇总台账\nas_of: {as_of}\nlate_days: 7\n{extra}"
            f"summary_figures:\n{figures}units:\n{units}")


def unit_lines(unit_id: str, name: str, **where: str) -> str:
    return f"  - id: {unit_id}\n    name: {name}\n" + "".join(f"    {k}: {v}\n" for k, v in where.items())


def new_folder(folder: Path, text: str) -> Path:
    new_rollup(folder, name="汇总", campaign_from=ROOT / "data")
    (folder / "data" / "rollup.yml").write_text(text, encoding="utf-8")
    return folder


def own_figures(folder: Path):
    """A unit's figures as its own build states them (its own BuildContext)."""
    return BuildContext(folder).figures


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    root = tmp_path_factory.mktemp("units")
    qu_a = make_repo(root / "qu-a", name="甲区气象局", as_of="2023-11-28")
    problem = qu_a / "data" / "problems" / "P-002.yml"
    edit(problem, "description: 柏坑水库扩容工程库区气象监测站点不足，精细化预报能力不强",
         f'description: "{FORMULA}"')
    edit(problem, "progress:\n", f'progress:\n  - date: 2023-10-16\n    text: "{HOSTILE_PROGRESS}"\n')
    edit(qu_a / "data" / "problems" / "P-003.yml", "description: ", f'description: "{ANGLE}"\n# ')
    commit_all(qu_a, "记录里有像公式和网页的文字")
    qu_b = make_repo(root / "qu-b", name="乙区气象局", as_of="2023-11-24",
                     drop_problems=("P-001", "P-003", "P-004", "P-006", "P-008"))
    good = git(qu_b, "rev-parse", "HEAD")
    good_figures = own_figures(qu_b)
    edit(qu_b / "data" / "problems" / "P-002.yml", "status: 整改中", "status: 差不多了")
    bad = commit_all(qu_b, "改错了状态", date="2023-11-25T10:00:00+08:00")
    qu_c = make_repo(root / "qu-c", name="丙区气象局", as_of="2023-11-16", drop_problems=("P-001", "P-006"))
    edit(qu_c / "data" / "research.yml", "      - 滨海旅游度假区\n", f"      - 滨海旅游度假区\n      - {NEW_PLACE}\n")
    commit_all(qu_c, "新的走访地点")
    return {"qu-a": qu_a, "qu-b": qu_b, "qu-c": qu_c, "good": good, "bad": bad,
            "figures": [own_figures(qu_a), good_figures, own_figures(qu_c)]}


@pytest.fixture(scope="module")
def built(units, tmp_path_factory):
    root = tmp_path_factory.mktemp("rollup")
    lines = (unit_lines("qu-a", "甲区气象局", repo=units["qu-a"]) + unit_lines("qu-b", "乙区气象局", repo=units["qu-b"],
                                                                          last_good="true")
             + unit_lines("qu-c", "丙区气象局", repo=units["qu-c"]))
    folder = new_folder(root / "shi", rollup_yml("某市气象局", lines, extra=f"reports_sent: [{SENT}]\n"))
    site = root / "site"
    result = run_build(folder, site)
    assert result.returncode == 0, result.stderr
    return folder, site


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def docx_table(path: Path) -> list[dict[str, str]]:
    """The first table's rows as {header: cell}, line breaks inside a cell removed."""
    rows = [[c.text.replace("\n", "") for c in row.cells] for row in Document(str(path)).tables[0].rows]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def sheet_rows(ws) -> list[dict[str, object]]:
    """A sheet's body rows as {header: value}: the header is the first row whose first cell is 单位, 序号 or 数字."""
    rows = list(ws.iter_rows(values_only=True))
    first = next(i for i, row in enumerate(rows) if row[0] in ("单位", "序号", "数字"))
    header = [str(h).replace("\n", "") if h is not None else "" for h in rows[first]]
    return [dict(zip(header, row)) for row in rows[first + 1:] if any(v is not None for v in row)]


def as_text(value) -> str:
    """A cell as the page writes it: a rate (a number shown as a percentage) as 71%."""
    return f"{round(value * 100)}%" if isinstance(value, float) else str(value)


def combined(figures: list, figure_id: str) -> str:
    """The units' own figures combined by the figure's rule, as the 汇总表 writes the total."""
    campaign = figures[0].campaign
    spec = campaign.figure(figure_id)
    values = [f[figure_id] for f in figures]
    if spec.rule == "sum":
        return str(sum(values))
    if spec.rule == "recompute":
        total = percent(sum(f[spec.of] for f in figures), sum(f[spec.over] for f in figures))
        assert total != f"{sum(int(v.rstrip('%')) for v in values)}%"  # recomputed, not added
        return total
    assert spec.rule == "union", figure_id
    united = list(dict.fromkeys(v for value in values for v in value))
    assert len(united) < sum(len(v) for v in values)  # a place two units visited counts once
    return str(len(united))


def test_the_totals_in_the_word_and_excel_files_are_the_pages_and_the_units_own_combined(units, built):
    _folder, site = built
    figures = units["figures"]
    campaign = figures[0].campaign
    page = table_as_dicts(next(t for t in page_tables(site / "index.html") if t[0][0] == "单位"))["合计"]
    word = next(r for r in docx_table(site / "downloads" / "report.docx") if r["单位"] == "合计")
    book = openpyxl.load_workbook(site / "downloads" / "ledger.xlsx")
    excel = next(r for r in sheet_rows(book["汇总表"]) if r["单位"] == "合计")
    for figure_id in SUMMARY:
        label = campaign.figure(figure_id).label
        expected = combined(figures, figure_id)
        column = next(h for h in page if h.startswith(label))
        assert page[column] == expected, figure_id
        assert word[next(h for h in word if h.startswith(label))] == expected, figure_id
        assert as_text(excel[next(h for h in excel if h.startswith(label))]) == expected, figure_id
    # each unit's own row: its own figures and its own 截至 date, in both files
    excel_rows = sheet_rows(book["汇总表"])
    for (name, as_of), own in zip([("甲区气象局", dt.date(2023, 11, 28)), ("乙区气象局", dt.date(2023, 11, 24)),
                                   ("丙区气象局", dt.date(2023, 11, 16))], figures):
        row = next(r for r in excel_rows if str(r["单位"]).startswith(name))
        assert row["截至日期"] == dt.datetime.combine(as_of, dt.time())
        rate = next(h for h in row if h.startswith(campaign.figure("completion_rate").label))
        assert as_text(row[rate]) == own["completion_rate"]
        word_row = next(r for r in docx_table(site / "downloads" / "report.docx") if r["单位"].startswith(name))
        assert word_row["截至日期"] == cn_date(as_of)
        assert word_row[next(h for h in word_row if h.startswith("问题清单"))] == str(own["problem_count"])
    # the 全部数字 sheet lists the places themselves, united
    places = next(r for r in sheet_rows(book["全部数字"])
                  if str(r["数字"]).startswith(campaign.figure("places_visited").label))
    total = next(v for h, v in places.items() if h.startswith("合计"))
    assert NEW_PLACE in total and total.count("、") == int(combined(figures, "places_visited")) - 1


def test_the_sheets_print_on_a4_landscape_with_page_numbers_a_frozen_header_and_a_filter(built):
    _folder, site = built
    book = openpyxl.load_workbook(site / "downloads" / "ledger.xlsx")
    assert book.sheetnames == ["汇总表", "全部数字", "问题清单"]
    for ws in book.worksheets:
        assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert "&P" in ws.oddFooter.center.text and ws.freeze_panes and ws.print_title_rows
    summary = book["汇总表"]
    total_row = next(r for r in range(1, summary.max_row + 1) if summary.cell(r, 1).value == "合计")
    assert int(summary.auto_filter.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) == total_row - 1
    assert book["问题清单"].auto_filter.ref


def test_record_text_that_looks_like_a_formula_html_or_a_template_stays_text(built, tmp_path):
    _folder, site = built
    book = openpyxl.load_workbook(site / "downloads" / "ledger.xlsx")
    problems = book["问题清单"]
    cells = {c.value: c for row in problems.iter_rows() for c in row if isinstance(c.value, str)}
    assert cells[FORMULA].data_type == "s"            # text, not a formula for Excel to evaluate
    assert ANGLE in cells and cells[ANGLE].data_type == "s"
    assert any(HOSTILE_PROGRESS in v for v in cells)  # the progress text as written, {{ }} not evaluated
    rows = sheet_rows(problems)
    assert [r["单位"] for r in rows if r["问题描述"] == FORMULA] == ["甲区气象局"]
    # re-saved by an office suite (LibreOffice headless), the cell is still those characters, not a result
    resaved = tmp_path / "resaved"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(resaved),
                    str(site / "downloads" / "ledger.xlsx")], check=True, capture_output=True, timeout=300)
    again = sheet_rows(openpyxl.load_workbook(resaved / "ledger.xlsx", data_only=True)["问题清单"])  # values, not formulas
    assert [r["问题描述"] for r in again if r["单位"] == "甲区气象局" and r["编号"] == "P-002"] == [FORMULA]
    progress = docx_text(site / "downloads" / "progress.docx")
    assert HOSTILE_PROGRESS in progress and "49已对接" not in progress
    page = (site / "progress" / "index.html").read_text(encoding="utf-8")
    assert "<b>粗体</b>" not in page and HOSTILE_PROGRESS.replace(" ", "") in article_text(site / "progress" / "index.html")


def test_late_and_last_good_units_are_said_so_in_the_word_files(units, built):
    _folder, site = built
    late = "迟报：截至2023年11月16日，比汇总截至日期早14天"
    older = f"显示的是上次通过检查的版本 {units['good'][:8]}"
    report = Document(str(site / "downloads" / "report.docx"))
    paragraphs = [p.text for p in report.paragraphs]
    note = next(p for p in paragraphs if p.startswith("需要说明的是"))
    assert late in note and older in note and units["bad"][:8] in note
    assert any(p.startswith("丙区气象局") and late in p for p in paragraphs)   # beside its own sentence
    assert any(p.startswith("乙区气象局") and older in p for p in paragraphs)
    assert not any(p.startswith("甲区气象局") and ("迟报" in p or "上次通过" in p) for p in paragraphs)
    table = docx_table(site / "downloads" / "report.docx")
    assert [r["单位"] for r in table] == ["甲区气象局", f"乙区气象局（上次通过检查的版本 {units['good'][:8]}）",
                                         "丙区气象局（迟报）", "合计"]
    progress = docx_text(site / "downloads" / "progress.docx")
    assert late in progress and older in progress
    excel = {str(r["单位"]): r for r in sheet_rows(openpyxl.load_workbook(site / "downloads" / "ledger.xlsx")["汇总表"])}
    assert late in excel["丙区气象局（迟报）"]["说明"] and not excel["甲区气象局"]["说明"]


def test_the_period_since_the_last_report_sent_on_a_page_and_in_word(units, built):
    _folder, site = built
    since = dt.date.fromisoformat(SENT)
    text = article_text(site / "progress" / "index.html")
    assert "上次报送（2023年10月15日）至2023年11月30日" in text
    ledgers = [BuildContext(units["qu-a"]).ledger, None, BuildContext(units["qu-c"]).ledger]
    done_then = [compute_figures(as_known_on(ledger, since))["problems_done"] for ledger in ledgers if ledger]
    done_now = [units["figures"][0]["problems_done"], units["figures"][2]["problems_done"]]
    totals = table_as_dicts(next(t for t in page_tables(site / "progress" / "index.html") if t[0][0] == "项目"))
    row = totals[units["figures"][0].label("problems_done")]
    # 乙区 at its good revision: its own figures then and now, from a checkout of that revision
    good = Path(str(units["qu-b"]) + "-good")
    subprocess.run(["git", "clone", "-q", str(units["qu-b"]), str(good)], check=True)
    subprocess.run(["git", "-C", str(good), "checkout", "-q", units["good"]], check=True)
    done_then.append(compute_figures(as_known_on(BuildContext(good).ledger, since))["problems_done"])
    done_now.append(units["figures"][1]["problems_done"])
    assert row["2023年10月15日"] == f"{sum(done_then)}个" and row["2023年11月30日"] == f"{sum(done_now)}个"
    assert sum(done_now) > sum(done_then)
    # the event in 甲区's records after the report sent: on the page (linked to its page) and in the Word file
    html = (site / "progress" / "index.html").read_text(encoding="utf-8")
    assert 'href="../units/qu-a/problems/P-002/"' in html
    doc = Document(str(site / "downloads" / "progress.docx"))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "某市气象局关于主题教育进展情况的汇报"
    assert paragraphs[1].startswith("2023年10月15日上次报送以来（2023年10月15日至2023年11月30日）")
    assert f"2023年10月16日，整改进展：{HOSTILE_PROGRESS}（问题 P-002）。" in paragraphs
    assert not any("2023年10月8日" in p for p in paragraphs)  # before the report sent: not this period
    assert paragraphs[-2:] == ["某市气象局", "2023年11月30日"]


def test_a_province_over_two_cities_exports_one_row_per_city_and_problems_under_both_levels(units, tmp_path):
    qu_d = make_repo(tmp_path / "qu-d", name="丁区气象局", as_of="2023-11-27", drop_problems=("P-008",))
    shi_a = new_folder(tmp_path / "shi-a", rollup_yml("甲市气象局", unit_lines("qu-a", "甲区气象局", repo=units["qu-a"])
                                                      + unit_lines("qu-c", "丙区气象局", repo=units["qu-c"])))
    shi_b = new_folder(tmp_path / "shi-b", rollup_yml("乙市气象局", unit_lines("qu-d", "丁区气象局", repo=qu_d)))
    sheng = new_folder(tmp_path / "sheng", rollup_yml("某省气象局", unit_lines("shi-a", "甲市气象局", path=shi_a)
                                                      + unit_lines("shi-b", "乙市气象局", path=shi_b),
                                                      extra="reports_sent: [2023-10-15]\n"))
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "ledger", "rollup", "export", str(sheng), "--out", str(out)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted(["某省气象局主题教育汇总汇报.docx", "某省气象局主题教育汇总台账.xlsx",
                            "某省气象局主题教育进展情况.docx"])
    book = openpyxl.load_workbook(out / "某省气象局主题教育汇总台账.xlsx")
    rows = sheet_rows(book["汇总表"])
    assert [r["单位"] for r in rows] == ["甲市气象局", "乙市气象局", "合计"]
    leaves = [own_figures(units["qu-a"]), own_figures(units["qu-c"]), own_figures(qu_d)]
    count = next(h for h in rows[0] if h.startswith("问题清单"))
    assert [r[count] for r in rows] == [leaves[0]["problem_count"] + leaves[1]["problem_count"],
                                        leaves[2]["problem_count"], sum(f["problem_count"] for f in leaves)]
    problem_units = [r["单位"] for r in sheet_rows(book["问题清单"])]
    assert set(problem_units) == {"甲市气象局 / 甲区气象局", "甲市气象局 / 丙区气象局（迟报）", "乙市气象局 / 丁区气象局"}
    assert len(problem_units) == sum(f["problem_count"] for f in leaves)
    report = docx_table(out / "某省气象局主题教育汇总汇报.docx")
    assert [r["单位"] for r in report] == ["甲市气象局", "乙市气象局", "合计"]
    note = next(p.text for p in Document(str(out / "某省气象局主题教育汇总汇报.docx")).paragraphs
                if p.text.startswith("需要说明的是"))
    assert "甲市气象局 / 丙区气象局（迟报：截至2023年11月16日" in note
    progress = docx_text(out / "某省气象局主题教育进展情况.docx")
    assert f"甲区气象局：2023年10月16日，整改进展：{HOSTILE_PROGRESS}（问题 P-002）。" in progress
    # the site of the 省局 builds (its 本期进展 links each 区局 under its 市局)
    site = tmp_path / "site"
    built = run_build(sheng, site)
    assert built.returncode == 0, built.stderr
    html = (site / "progress" / "index.html").read_text(encoding="utf-8")
    assert 'href="../units/shi-a/units/qu-a/problems/P-002/"' in html
    assert (site / "downloads" / "ledger.xlsx").is_file()


def test_the_roll_ups_own_template_words_the_report_and_a_wrong_figure_is_named_at_its_line(units, tmp_path):
    folder = new_folder(tmp_path / "shi", rollup_yml("某市气象局", unit_lines("qu-a", "甲区气象局", repo=units["qu-a"])))
    copied = subprocess.run([sys.executable, "-m", "ledger", "rollup", "template", str(folder)],
                            capture_output=True, text=True, timeout=300)
    template = folder / "templates" / "report.yml"
    assert copied.returncode == 0 and "each_unit" in template.read_text(encoding="utf-8")   # the packaged one
    template.write_text(
        'title: "{{ rollup.name }}的汇总"\n'
        "parts:\n  - heading: 各单位\n    sections:\n      - heading: 问题\n"
        '        each_unit: "{{ unit.name }}有问题{{ unit.fig.problem_count }}个，{{ unit.figure_text(\'completion_rate\') }}"\n'
        'signature: "{{ rollup.name }}"\nsheets:\n  summary: "{{ status }}"\n  problems: "{{ fig.problem_count }}"\n',
        encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ledger", "rollup", "export", str(folder), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    own = own_figures(units["qu-a"])
    paragraphs = [p.text for p in Document(str(out / "某市气象局主题教育汇总汇报.docx")).paragraphs]
    assert paragraphs[0] == "某市气象局的汇总"
    assert f"甲区气象局有问题{own['problem_count']}个，整改完成率{own['completion_rate']}" in paragraphs
    text = template.read_text(encoding="utf-8").replace("unit.fig.problem_count", "unit.fig.problem_cuont")
    template.write_text(text, encoding="utf-8")
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "problem_cuont" in t)
    assert f"templates/report.yml:{line}" in result.stderr and "problem_cuont" in result.stderr


def test_the_summary_and_progress_pages_link_the_files_the_build_wrote(built):
    _folder, site = built
    summary = (site / "index.html").read_text(encoding="utf-8")
    progress = (site / "progress" / "index.html").read_text(encoding="utf-8")
    for html, href, name in [(summary, "downloads/report.docx", "某市气象局主题教育汇总汇报.docx"),
                             (summary, "downloads/ledger.xlsx", "某市气象局主题教育汇总台账.xlsx"),
                             (progress, "../downloads/progress.docx", "某市气象局主题教育进展情况.docx")]:
        assert f'href="{href}" download="{name}"' in html
        assert (site / "progress" / href).resolve().is_file() if href.startswith("..") else (site / href).is_file()
    nav = summary.split('class="md-tabs__list"')[1][:3000]
    assert nav.index("汇总表") < nav.index("本期进展") < nav.index("全部数字")


def test_without_a_report_sent_the_period_runs_from_the_campaigns_start(units, tmp_path):
    folder = new_folder(tmp_path / "shi", rollup_yml("某市气象局", unit_lines("qu-c", "丙区气象局", repo=units["qu-c"])))
    result = subprocess.run([sys.executable, "-m", "ledger", "rollup", "export", str(folder), "--progress"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "某市气象局关于主题教育进展情况的汇报"
    assert lines[1].startswith("主题教育开展以来（截至2023年11月30日），某市气象局所属1个单位")
    own = own_figures(units["qu-c"])
    label = own.label("problems_done")
    assert f"{label}由0{own.unit('problems_done')}增加到{own['problems_done']}{own.unit('problems_done')}" in result.stdout
    assert "迟报：截至2023年11月16日" in result.stdout
