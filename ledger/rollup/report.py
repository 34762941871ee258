"""The roll-up's 汇报: its totals and, where its template asks, each unit's figures, as one Report.

The wording is a template (ledger/rollup/templates/report.yml, shipped; a roll-up folder's own
templates/report.yml replaces it), rendered in the same sandbox as a unit's report template
(ledger/views/report_template.py): it may use the variables given here, never a unit's code or template.
Figures are never written in it; they come in as variables: `fig` (the totals, each by its add-up rule,
the same as the 汇总表's 合计), `summary` and `status` (the roll-up's summary figures and the campaign's
status figures, worded), and per unit `unit.fig`, `unit.summary`, `unit.status`.

A section may ask for a sentence per unit (`each_unit`) and/or a table of units (`units_table`). Whatever
the template says, every unit that is 迟报 or shown at its last good revision is said so: after its own
sentence, beside its name in the table, and in a paragraph after the opening (ledger/rollup/pages.py's
unit_marks, the marks every page carries).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field

from ledger.records.errors import LedgerInvalid, RecordError
from ledger.rollup.context import RollupContext, UnitRead
from ledger.rollup.downloads import campaign_short
from ledger.rollup.pages import unit_marks
from ledger.text import cn_date, cn_number
from ledger.views.figure_labels import value_text
from ledger.views.measures import FigureValues
from ledger.views.report import Paragraph, Part, Report, Section, Table
from ledger.views.report_template import DEFAULT_TEMPLATE, LoadedTemplate, load_template

PACKAGED_TEMPLATE = Path(__file__).parent / "templates" / "report.yml"
TOTAL_LABEL = "合计"
PER_UNIT = "分单位列出"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class RollupSection(_Strict):
    """一节：小标题、段落，每个单位一句（each_unit），和（或）各单位的数字表（units_table）。"""
    heading: str = Field(title="小标题", min_length=1)
    paragraphs: list[str] = Field(default_factory=list, title="段落")
    each_unit: Optional[str] = Field(None, title="每个单位一段",
                                     description="每个单位写一段，如 {{ unit.name }}：截至{{ unit.as_of }}，{{ unit.summary }}。")
    units_table: Optional[list[str]] = Field(None, title="各单位数字表",
                                             description="表里列出的数字编号；写 [] 列出汇总设置的 summary_figures")


class RollupPart(_Strict):
    heading: str = Field(title="标题", min_length=1)
    sections: list[RollupSection] = Field(min_length=1, title="各节")


class RollupSheetNotes(_Strict):
    """The line of figures under each Excel sheet's title (after 汇总单位 and 截至日期)."""
    summary: str = Field(title="汇总表")
    problems: str = Field(title="问题清单")


class RollupReportTemplate(_Strict):
    title: str = Field(title="标题")
    opening: list[str] = Field(default_factory=list, title="开头段落")
    parts: list[RollupPart] = Field(title="正文各部分", min_length=1)
    signature: str = Field(title="落款")
    sheets: RollupSheetNotes = Field(title="Excel 各表的数字说明")


def template_path(context: RollupContext) -> Path:
    """The roll-up folder's templates/report.yml when it has one, else the packaged one."""
    own = context.project_dir / DEFAULT_TEMPLATE
    return own if own.is_file() else PACKAGED_TEMPLATE


def load_rollup_template(context: RollupContext, path: Optional[Path] = None) -> LoadedTemplate:
    """The roll-up's report template, validated against its campaign's figures (located Chinese errors)."""
    template = load_template(path or template_path(context), context.campaign, model=RollupReportTemplate)
    errors = []
    for p, part in enumerate(template.model.parts):
        for s, section in enumerate(part.sections):
            for i, figure_id in enumerate(section.units_table or ()):
                if figure_id not in context.campaign.figures_by_id:
                    where = template.parsed.location(("parts", p, "sections", s, "units_table", i))
                    errors.append(RecordError(template.parsed.display_name, where[0] if where else None,
                                              f"的值「{figure_id}」不是活动定义（data/campaign.yml）里的数字编号",
                                              field=f"parts[{p + 1}].sections[{s + 1}].units_table[{i + 1}]"))
    if errors:
        raise LedgerInvalid(errors)
    return template


# ---- figures in words ----

def phrase(fig: FigureValues, figure_id: str) -> Optional[str]:
    """名称+数+单位 (问题清单8个); a list (places) by how many (调研走访地点5个); None for a breakdown or a
    figure listed per unit only (no total)."""
    value = fig[figure_id]
    if value is None or isinstance(value, dict):
        return None
    if isinstance(value, (tuple, list)):
        return f"{fig.label(figure_id)}{len(value)}{fig.unit(figure_id) or '个'}"
    return f"{fig.label(figure_id)}{value_text(value)}{fig.unit(figure_id)}"


def phrases(fig: FigureValues, figure_ids) -> str:
    return "，".join(p for p in (phrase(fig, i) for i in figure_ids) if p)


def cell(fig_value: Any) -> str:
    """A figure in a table cell: a list by how many, a breakdown as 组 数 lines, no total as 分单位列出."""
    if fig_value is None:
        return PER_UNIT
    if isinstance(fig_value, dict):
        return "\n".join(f"{group} {count}" for group, count in fig_value.items()) or "（无）"
    if isinstance(fig_value, (tuple, list)):
        return str(len(fig_value))
    return value_text(fig_value)


def header(context: RollupContext, figure_id: str) -> str:
    """A column's name: 名称（单位）, a list as 名称（个）, as the 汇总表 heads it."""
    spec = context.campaign.figure(figure_id)
    return f"{spec.label}（个）" if spec.measure == "distinct" and not spec.unit else spec.caption


# ---- the variables a template is given ----

@dataclass(frozen=True)
class UnitFacts:
    """What a template may say of one unit: plain text and its figures (no way into its ledger)."""
    name: str           # the unit's name (本级 marked)
    as_of: str          # 2023年11月28日
    late: bool
    marks: str          # 迟报：…；… (empty when none)
    fig: FigureValues
    summary: str        # the roll-up's summary figures, worded
    status: str         # the campaign's status figures, worded
    figure_text: Any    # figure_text('id'): 名称+数+单位


@dataclass(frozen=True)
class RollupFacts:
    name: str
    title: str
    as_of: str
    campaign_short: str
    unit_count: int
    unit_names: str     # 甲单位、乙单位
    late_count: int


def marks_sentence(unit: UnitRead) -> str:
    return "；".join(whole for _cls, _short, whole in unit_marks(unit))


def short_marks(unit: UnitRead) -> str:
    return "".join(f"（{short}）" for _cls, short, _whole in unit_marks(unit))


def unit_facts(context: RollupContext, unit: UnitRead) -> UnitFacts:
    fig = unit.figures
    return UnitFacts(unit.label, cn_date(unit.as_of), unit.late, marks_sentence(unit), fig,
                     phrases(fig, context.summary_figures), phrases(fig, context.campaign.status_figures),
                     functools.partial(phrase, fig))


def template_variables(context: RollupContext) -> dict[str, Any]:
    fig = context.figures
    facts = RollupFacts(context.config.name, context.config.title, cn_date(context.as_of), campaign_short(context),
                        len(context.units), "、".join(u.label for u in context.units),
                        sum(1 for u in context.units if u.late))
    return {"rollup": facts, "fig": fig, "figure_text": functools.partial(phrase, fig),
            "summary": phrases(fig, context.summary_figures), "status": phrases(fig, context.campaign.status_figures),
            "units": [unit_facts(context, u) for u in context.units]}


# ---- the report ----

def marked_units(context: RollupContext, above: tuple[UnitRead, ...] = ()) -> Iterator[tuple[str, UnitRead]]:
    """(name through every level, unit) of every unit at any level that carries a mark (迟报, last good)."""
    for unit in context.units:
        path = (*above, unit)
        if unit_marks(unit):
            yield " / ".join(u.label for u in path), unit
        if unit.rollup is not None:
            yield from marked_units(unit.rollup, path)


def marks_paragraph(context: RollupContext) -> Optional[Paragraph]:
    """需要说明的是：每个迟报或用上次通过检查的版本的单位，一句。"""
    said = [f"{name}（{marks_sentence(unit)}）" for name, unit in marked_units(context)]
    if not said:
        return None
    return Paragraph("需要说明的是：" + "；".join(said) + "。以上单位的数字按其所用的截至日期和版本统计。")


def units_table(context: RollupContext, figure_ids: list[str]) -> Table:
    """单位 × figures, each unit's 截至 date, and the 合计 row by each figure's rule (the 汇总表's)."""
    ids = figure_ids or context.summary_figures
    def day(date) -> str:   # 2023年 / 11月28日 on two lines: a narrow column
        return cn_date(date).replace("年", "年\n", 1)

    rows = [(u.label + (f"\n{short_marks(u)}" if short_marks(u) else ""), day(u.as_of), *(cell(u.figures[i]) for i in ids)) for u in context.units]
    rows.append((TOTAL_LABEL, day(context.as_of), *(cell(context.totals[i]) for i in ids)))
    heads = (header(context, i).replace("（", "\n（", 1) for i in ids)   # the unit on a line of its own
    return Table(("单位", "截至日期", *heads), tuple(rows), total=True)


def _section(context: RollupContext, template: LoadedTemplate, p: int, s: int, variables: dict) -> Section:
    spec = template.model.parts[p].sections[s]
    where = ("parts", p, "sections", s)
    blocks: list[Paragraph | Table] = [Paragraph(template.render((*where, "paragraphs", i), text, **variables))
                                       for i, text in enumerate(spec.paragraphs)]
    if spec.each_unit is not None:
        for n, (unit, facts) in enumerate(zip(context.units, variables["units"]), start=1):
            text = template.render((*where, "each_unit"), spec.each_unit, **variables, unit=facts, number=n,
                                   ordinal=cn_number(n))
            marks = marks_sentence(unit)
            blocks.append(Paragraph(text + (f"（{marks}）" if marks and marks not in text else "")))
    if spec.units_table is not None:
        blocks.append(units_table(context, spec.units_table))
    heading = template.render((*where, "heading"), spec.heading, **variables)
    return Section(f"（{cn_number(s + 1)}）", heading, tuple(blocks))


def rollup_report(context: RollupContext, template: Optional[LoadedTemplate] = None) -> Report:
    """The roll-up's 汇报: 落款 the roll-up's name (as the template words it), 成文日期 its 截至 date."""
    template = template or load_rollup_template(context)
    variables = template_variables(context)
    spec = template.model
    opening = [Paragraph(template.render(("opening", i), text, **variables)) for i, text in enumerate(spec.opening)]
    note = marks_paragraph(context)
    parts = tuple(Part(f"{cn_number(p + 1)}、", template.render(("parts", p, "heading"), part.heading, **variables),
                       tuple(_section(context, template, p, s, variables) for s in range(len(part.sections))))
                  for p, part in enumerate(spec.parts))
    return Report(title=template.render(("title",), spec.title, **variables),
                  opening=tuple(opening + ([note] if note else [])), parts=parts,
                  signature=template.render(("signature",), spec.signature, **variables), date=context.as_of)


def sheet_note(context: RollupContext, template: LoadedTemplate, sheet: str) -> str:
    """The line of figures under an Excel sheet's title, as the template's `sheets` words it."""
    return template.render(("sheets", sheet), getattr(template.model.sheets, sheet), **template_variables(context))
