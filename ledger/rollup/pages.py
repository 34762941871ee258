"""The roll-up's pages as Markdown, made from the units' records by this tool's code alone.

- index.md: the 汇总表 (units × figures, each unit's 截至 date and revision, the 合计 row by each
  figure's add-up rule) and the chart of each unit's rate and count;
- figures.md: every declared figure per unit and in total (breakdowns per unit only where the rule says);
- problems.md: one problem list across units (单位 column, the tracker's flags), filterable;
- units/index.md and units/<id>/index.md: each unit's figures, problems and a link to its own site;
- units/<id>/problems/<P>.md: each problem's page, under its unit's path (every unit has a P-001).

Every unit's name is written through `unit_name`, which adds 迟报 and the last-good revision beside it,
so that no page shows a late unit or an old revision without saying so. Record text is escaped
(ledger/text.py); every page turns macros off.
"""
from __future__ import annotations

import html
import json
import posixpath
from typing import Any, Iterator

from ledger.records.audience import AUDIENCES, INTERNAL
from ledger.rollup.chart import ChartRow, units_chart
from ledger.rollup.config import OWN_LABEL
from ledger.rollup.context import ProblemEntry, RollupContext, UnitPath, UnitRead
from ledger.rollup.downloads import summary_links
from ledger.text import cn_date, escape_text
from ledger.views import tracker
from ledger.views.figure_labels import value_text
from ledger.views.problem_page import ProblemLinks, page_name, problem_markdown, relative_link
from ledger.views.tables import choice_cell, date_cell, linked, markdown_table

SUMMARY_PAGE = "index.md"
FIGURES_PAGE = "figures.md"
PROBLEMS_PAGE = "problems.md"
UNITS_PAGE = "units/index.md"
FILTER_SCRIPT = "javascripts/rollup-filter.js"
STYLESHEET = "stylesheets/rollup.css"
RULE_WORDS = {"sum": "相加", "recompute": "重新计算", "union": "合并去重", "per_unit": "分单位列出"}
NO_FLAG = "无提醒"


def unit_dir(unit: UnitRead) -> str:
    return f"units/{unit.id}"


def unit_page(unit: UnitRead) -> str:
    return f"{unit_dir(unit)}/index.md"


def problem_path(unit: UnitRead, problem_id: str) -> str:
    return f"{unit_dir(unit)}/problems/{page_name(problem_id)}.md"


def _front_matter(title: str, *, wide: bool = False) -> str:
    """Macros off; the title escaped (a JSON string is YAML); wide: no table of contents beside a wide table."""
    hide = "hide:\n  - navigation\n  - toc\n" if wide else ""
    return f"---\nrender_macros: false\ntitle: {json.dumps(html.escape(title))}\n{hide}---\n"


def _titled(context: RollupContext, title: str) -> str:
    """A page's title; under a roll-up above (a 市局's pages in a 省局's site) with the roll-up's name."""
    return f"{context.config.name}{title}" if context.chain else title


def _up_link(context: RollupContext) -> str:
    """On a roll-up read as a unit: the way back to the roll-up above (its pages are two folders up)."""
    return "[返回上一级汇总表](../../index.md)\n" if context.chain else ""


# ---- a unit's name, always with what the reader must know beside it ----

def unit_marks(unit: UnitRead) -> list[tuple[str, str, str]]:
    """(css class, short text, whole sentence) of the marks a unit carries everywhere it appears."""
    marks = []
    if unit.late:
        marks.append(("rollup-late", "迟报", f"迟报：截至{cn_date(unit.as_of)}，比汇总截至日期早{unit.days_behind}天"))
    if unit.last_good is not None:
        marks.append(("rollup-last-good", f"上次通过检查的版本 {unit.last_good.used.short}",
                      f"最新版本 {unit.last_good.failed.text} 未通过检查（{unit.last_good.error_count} 处错误），"
                      f"显示的是上次通过检查的版本 {unit.last_good.used.text}"))
    return marks


def marks_html(unit: UnitRead) -> str:
    return "".join(f' <span class="rollup-mark {cls}" title="{escape_text(whole)}">{escape_text(short)}</span>'
                   for cls, short, whole in unit_marks(unit))


def unit_name(unit: UnitRead, from_page: str, *, link: bool = True, page: str | None = None,
              key: str | None = None) -> str:
    """The unit's name (linked to its page) and its marks, as safe Markdown for a table cell or a line.
    page: the unit's page when it is not units/<id>/ of this level; key: its data-unit (default its id)."""
    name = linked(unit.label, relative_link(page or unit_page(unit), from_page) if link else None)
    return (f'<span class="rollup-unit" data-unit="{html.escape(key or unit.id)}">{name}</span>'
            f'{marks_html(unit)}')


def path_dir(path: UnitPath, depth: int | None = None) -> str:
    """units/市局/units/区局: the folder of a unit's pages under this roll-up, through every level."""
    return "/".join(f"units/{u.id}" for u in path.units[:depth])


def path_name(path: UnitPath, from_page: str) -> str:
    """Every level's name, each linked to its own page and with its marks: 甲市 / 甲区."""
    return " / ".join(unit_name(u, from_page, page=f"{path_dir(path, k + 1)}/index.md", key="/".join(path.ids[:k + 1]))
                      for k, u in enumerate(path.units))


def entry_problem_path(entry: ProblemEntry) -> str:
    return f"{path_dir(entry.path)}/problems/{page_name(entry.problem.id)}.md"


def _marks_notice(unit: UnitRead) -> str:
    marks = unit_marks(unit)
    if not marks:
        return ""
    items = "\n".join(f"    - {escape_text(whole)}" for _cls, _short, whole in marks)
    return f'!!! warning "{escape_text(unit.label)}"\n\n{items}\n'


def _pin_note(context: RollupContext, unit: UnitRead) -> str:
    if unit.pin is None:
        return f"未写工具版本（以本工具 {context.tool_version} 检查）"
    if unit.pin_older_than(context.tool_version):
        return f"单位使用较旧的工具 {unit.pin}（以本工具 {context.tool_version} 检查）"
    return f"工具 {unit.pin}（以本工具 {context.tool_version} 检查）"


# ---- figures ----

def figure_cell(value: Any) -> str:
    """A figure's value in a table cell: a breakdown as lines of 组 数, a list joined, a number as it is."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "<br>".join(f"{escape_text(group)} {count}" for group, count in value.items()) or "（无）"
    return escape_text(value_text(value))


def _total_cell(context: RollupContext, figure_id: str, cell=figure_cell) -> str:
    if context.campaign.figure(figure_id).rule == "per_unit":
        return "分单位列出"
    return f"**{cell(context.totals[figure_id])}**"


def count_cell(value: Any) -> str:
    """A list figure (places) in the 汇总表: how many, with the list itself as the cell's tooltip."""
    if isinstance(value, (tuple, list)):
        return f'<span title="{escape_text(value_text(value))}">{len(value)}</span>'
    return figure_cell(value)


def _summary_header(context: RollupContext, figure_id: str) -> str:
    spec = context.campaign.figure(figure_id)
    return f"{spec.label}（个）" if spec.measure == "distinct" and not spec.unit else spec.caption


def summary_table(context: RollupContext, from_page: str = SUMMARY_PAGE) -> str:
    """Units × the summary figures, each unit's 截至 date and revision, and the 合计 row."""
    ids = context.summary_figures
    headers = ["单位", "截至日期", *(escape_text(_summary_header(context, i)) for i in ids), "版本"]
    rows = [[unit_name(u, from_page), date_cell(u.as_of), *(count_cell(u.figures[i]) for i in ids),
             escape_text(u.revision.text)] for u in context.units]
    rows.append(["**合计**", date_cell(context.as_of), *(_total_cell(context, i, count_cell) for i in ids), ""])
    return f'<div class="rollup-summary" markdown>\n\n{markdown_table(headers, rows)}\n\n</div>'


def _rule_note(context: RollupContext) -> str:
    used = dict.fromkeys(context.campaign.figure(i).rule for i in context.summary_figures)
    words = {"sum": "数量相加", "recompute": "比率由合计的分子、分母重新计算（不是各单位比率相加）",
             "union": "清单合并去重（如调研走访地点，多个单位去过的同一地点只算一次）", "per_unit": "按科室、领导等的分组只分单位列出，不合计"}
    return "合计：" + "；".join(words[r] for r in used) + "。"


def _chart(context: RollupContext) -> str:
    chart = context.config.chart
    if chart is None:
        return ""
    rate_spec = context.campaign.figure(chart.rate)
    rows = []
    for unit in context.units:
        part, whole = unit.figures[rate_spec.of], unit.figures[rate_spec.over]
        marks = "".join(f"（{short}）" for _cls, short, _whole in unit_marks(unit))
        rows.append(ChartRow(unit.label + marks, 100 * part / whole if whole else 0.0,
                             str(unit.figures[chart.rate]), int(unit.figures[chart.count])))
    count_spec = context.campaign.figure(chart.count)
    title = f"各单位{rate_spec.label}和{count_spec.label}"
    return f"## {escape_text(title)}\n\n" + units_chart(rows, rate_spec.label, count_spec.caption, title) + "\n"


def summary_page(context: RollupContext) -> str:
    late = [u for u in context.units if u.late]
    older = [u for u in context.units if u.last_good is not None]
    notices = "".join(_marks_notice(u) + "\n" for u in [*late, *[u for u in older if u not in late]])
    return "\n".join([
        _front_matter(_titled(context, "汇总表"), wide=True),
        f"# {escape_text(_titled(context, '汇总表'))}\n",
        _up_link(context),
        summary_links(context),
        f"汇总截至{cn_date(context.as_of)}，共 {len(context.units)} 个单位"
        + ("（含本级）" if any(u.own for u in context.units) else "")
        + ("" if context.audience == INTERNAL else f"（{AUDIENCES[context.audience]}：只含各单位公开的记录）")
        + f"。各单位的数字、逾期和即将到期等判断都按该单位自己的截至日期统计；"
        f"截至日期早于汇总截至日期超过 {context.config.late_days} 天的单位标为“迟报”。\n",
        notices,
        summary_table(context) + "\n",
        _rule_note(context) + " 全部数字见[全部数字](" + FIGURES_PAGE + ")，各单位的问题见[问题清单](" + PROBLEMS_PAGE + ")。\n",
        _chart(context),
    ])


def figures_page(context: RollupContext) -> str:
    """Every declared figure: one row each, a column per unit and the 合计 by its rule."""
    headers = ["数字", "汇总方法", *(escape_text(u.label) for u in context.units), "合计"]
    rows = []
    for spec in context.campaign.figures:
        rows.append([escape_text(spec.caption), RULE_WORDS[spec.rule],
                     *(figure_cell(u.figures[spec.id]) for u in context.units), _total_cell(context, spec.id)])
    names = "\n".join(f"- {unit_name(u, FIGURES_PAGE)}：截至{cn_date(u.as_of)}" for u in context.units)
    return "\n".join([
        _front_matter(_titled(context, "全部数字"), wide=True),
        f"# {escape_text(_titled(context, '全部数字'))}\n",
        f"活动定义 {escape_text(context.campaign.id)}（版本 {escape_text(context.campaign.version)}）的全部数字，"
        "每个单位按自己的截至日期统计：\n",
        names + "\n",
        f'<div class="rollup-figures" markdown>\n\n{markdown_table(headers, rows)}\n\n</div>\n',
    ])


# ---- problems ----

def _flag_cell(alerts) -> str:
    return " ".join(f'<span class="problem-alert alert-{a.kind.replace("_", "-")}" '
                    f'data-flag="{html.escape(tracker.ALERT_NAMES[a.kind])}">{escape_text(a.label)}</span>'
                    for a in alerts)


def _problem_rows(entries: list[ProblemEntry], from_page: str, with_unit: bool) -> list[list[str]]:
    rows = []
    for entry in entries:
        p = entry.problem
        row = [path_name(entry.path, from_page)] if with_unit else []
        row += [linked(p.id, relative_link(entry_problem_path(entry), from_page)), escape_text(p.description),
                f'<span data-status="{html.escape(p.status)}">{choice_cell(p.status)}</span>',
                date_cell(p.deadline), _flag_cell(entry.alerts)]
        rows.append(row)
    return rows


PROBLEM_COLUMNS = ("编号", "问题描述", "整改状态", "整改时限", "提醒")


def _select(name: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{html.escape(value)}">{html.escape(text)}</option>' for value, text in options)
    return (f'<label>{label} <select data-filter="{name}"><option value="">全部</option>{items}</select></label>')


def _unit_options(context: RollupContext) -> list[tuple[str, str]]:
    """Each unit of this level; under a roll-up read as a unit, each of its own units too (indented)."""
    options = []
    for unit in context.units:
        options.append((unit.id, unit.label))
        if unit.rollup is not None:
            options += [("/".join(leaf.ids), "\u3000" + " / ".join(u.label for u in leaf.units[1:]))
                        for leaf in unit.leaves()]
    return options


def problems_page(context: RollupContext) -> str:
    entries = context.problem_entries()
    statuses = list(dict.fromkeys(e.problem.status for e in entries))
    flags = [*tracker.ALERT_NAMES.values(), NO_FLAG]
    filters = ('<form class="rollup-filters" hidden role="search" aria-label="筛选问题">'
               + _select("unit", "单位", _unit_options(context))
               + _select("status", "整改状态", [(s, s) for s in statuses])
               + _select("flag", "提醒", [(f, f) for f in flags])
               + '<output class="rollup-filter-count" aria-live="polite"></output></form>')
    table = markdown_table(["单位", *PROBLEM_COLUMNS], _problem_rows(entries, PROBLEMS_PAGE, True))
    return "\n".join([
        _front_matter(_titled(context, "问题清单"), wide=True),
        f"# {escape_text(_titled(context, '问题清单'))}\n",
        f"各单位的问题，每个单位按自己的截至日期判断逾期、即将到期、进展滞后（提醒列）。"
        f"共 {len(entries)} 个问题。\n",
        filters + "\n",
        f'<div class="rollup-problems" markdown>\n\n{table}\n\n</div>\n',
    ])


# ---- units ----

def _site_cell(unit: UnitRead) -> str:
    return f'<a href="{html.escape(unit.url)}">{escape_text(unit.url)}</a>' if unit.url else "（未写）"


def units_page(context: RollupContext) -> str:
    """Each unit, its 截至 date and revision; the internal build also says where it was read from and its site
    (a public build names no folder, repository or intranet address)."""
    internal = context.audience == INTERNAL
    rows = []
    for u in context.units:
        row = [unit_name(u, UNITS_PAGE), date_cell(u.as_of), escape_text(u.revision.text)]
        rows.append(row + [escape_text(u.source), _site_cell(u)] if internal else row)
    headers = ["单位", "截至日期", "版本", *(("读取自", "单位站点") if internal else ())]
    return "\n".join([_front_matter(_titled(context, "各单位")), f"# {escape_text(_titled(context, '各单位'))}\n",
                      markdown_table(headers, rows) + "\n"])


def one_unit_page(context: RollupContext, unit: UnitRead) -> str:
    page = unit_page(unit)
    facts = [("单位", unit_name(unit, page, link=False)), ("截至日期", date_cell(unit.as_of)),
             ("版本", escape_text(unit.revision.text)), ("工具版本", escape_text(_pin_note(context, unit)))]
    if context.audience == INTERNAL:
        facts += [("读取自", escape_text(unit.source)), ("单位站点", _site_cell(unit))]
    figure_rows = [[escape_text(spec.caption), figure_cell(unit.figures[spec.id])] for spec in context.campaign.figures]
    problems = markdown_table(list(PROBLEM_COLUMNS),
                              _problem_rows([e for e in context.problem_entries() if e.path.leaf is unit], page, False))
    own = f"（{OWN_LABEL}）" if unit.own else ""
    return "\n".join([
        _front_matter(unit.label),
        f"# {escape_text(unit.name)}{own}\n",
        _marks_notice(unit),
        markdown_table(["项目", "内容"], [[a, b] for a, b in facts]) + "\n",
        f"[汇总表]({relative_link(SUMMARY_PAGE, page)}) · [问题清单]({relative_link(PROBLEMS_PAGE, page)})\n",
        f"## 数字（截至{cn_date(unit.as_of)}）\n",
        f'<div class="rollup-figures" markdown>\n\n{markdown_table(["数字", "数值"], figure_rows)}\n\n</div>\n',
        "## 问题\n",
        f'<div class="rollup-problems rollup-problems--unit" markdown>\n\n{problems}\n\n</div>\n',
    ])


def unit_problem_pages(context: RollupContext, unit: UnitRead) -> Iterator[tuple[str, str]]:
    folder = posixpath.dirname(problem_path(unit, "x"))
    notice = _marks_notice(unit)
    banner = (f"单位：{unit_name(unit, problem_path(unit, 'x'))}，截至{cn_date(unit.as_of)}，"
              f"版本 {escape_text(unit.revision.text)}\n" + (f"\n{notice}" if notice else ""))
    links = ProblemLinks(page_dir=folder, list_page=PROBLEMS_PAGE, board_page=None, regulations_page=None,
                         evidence=False, title_suffix=f"（{unit.label}）", banner=banner)
    for problem in unit.context.ledger.problems:
        yield problem_path(unit, problem.id), problem_markdown(unit.context.ledger, problem,
                                                               unit.context.assessment, links)


def pages(context: RollupContext) -> Iterator[tuple[str, str]]:
    """(path inside docs/, Markdown) of every page of the roll-up site. A roll-up read as a unit (a 市局
    under a 省局) has its own pages under units/<id>/: its 汇总表 is its unit page, its units under it."""
    yield SUMMARY_PAGE, summary_page(context)
    yield FIGURES_PAGE, figures_page(context)
    yield PROBLEMS_PAGE, problems_page(context)
    yield UNITS_PAGE, units_page(context)
    for unit in context.units:
        if unit.rollup is not None:
            for path, markdown in pages(unit.rollup):
                yield f"{unit_dir(unit)}/{path}", markdown
            continue
        yield unit_page(unit), one_unit_page(context, unit)
        yield from unit_problem_pages(context, unit)


NAV = [("汇总表", SUMMARY_PAGE), ("全部数字", FIGURES_PAGE), ("问题清单", PROBLEMS_PAGE), ("各单位", UNITS_PAGE)]
