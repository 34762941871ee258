"""The editors' guide (编辑指南): the tool's page, served to every unit's site, made for the unit's ledger.

How to edit (by form, Excel, YAML), dates, checks, reading errors, 整改台账下发与收回, 汇总台账 … is the tool's,
written once in guide.md next to this file and shipped in the package: a unit does not hold a copy, so a new
version of the tool brings a new guide. What is the campaign's is drawn from the unit's ledger when the page is
made: the field tables and choice lists from data/campaign.yml and the record models (ledger/views/fieldguide.py),
the figures with their 口径, and the examples' words, figure IDs and dates (from the campaign and the settings).

The result is final Markdown (front matter `render_macros: false`): the site adapter adds it as the page
guide.md unless the unit's docs/ has one of its own; any engine can render it.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ledger.editor.yamlformat import collection, from_js, to_js
from ledger.records import registry
from ledger.records.campaign import Campaign, FigureSpec
from ledger.records.ledger import Ledger
from ledger.version import DISTRIBUTION, version
from ledger.views import fieldguide

GUIDE_PAGE = "guide.md"          # its place in the site (guide/), where a unit's nav points
TEMPLATE = "guide.md"            # next to this file
# Words for the examples that add something new: the first not already in the unit's campaign
NEW_TYPES = (("专题辅导", "tutorial_count"), ("主题观影", "film_count"), ("现场教学", "site_teaching_count"))
NEW_SOURCES = ("上级督查", "审计反馈", "信访反映")
DEPARTMENT = "办公室"


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(Path(__file__).parent)), undefined=StrictUndefined,
                       keep_trailing_newline=True, autoescape=False)


def _yaml(value: dict) -> str:
    """A record as the form editor writes it (the examples look like the files)."""
    return from_js(collection(_js(value), ""))


def _js(value):
    if isinstance(value, dict):
        return {to_js(k): _js(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_js(v) for v in value]
    return to_js(value) if isinstance(value, str) else value


def _code(word: str) -> str:
    """A word of the campaign inside a code span: no backtick can end it early."""
    return word.replace("`", "'")


def kind_heading(key: str) -> str:
    kind = registry.kind(key)
    if kind.one_file_per_record:
        return f"### {kind.noun}（`data/{kind.folder}/` 下，一个{kind.noun}一个文件）"
    return f"### {kind.title}（`data/{kind.file}` 的 `{kind.key}`）"


class _Figures:
    """The campaign's words and figures the macro examples name, each the first of its shape, with a fallback."""

    def __init__(self, campaign: Campaign):
        self.figures = campaign.figures
        types = campaign.values("activity_types")
        self.type = _code(types[0]) if types else ""
        first = self.figures[0].id
        self.problems_spec = self._find(lambda f: f.measure == "count" and f.kind == "problems" and not f.where)
        self.problems = self.problems_spec.id if self.problems_spec else first
        self.problems_label = (self.problems_spec or self.figures[0]).caption
        rate = self._find(lambda f: f.measure == "rate" and bool(f.of) and bool(f.over))
        self.bar = f"fig.{rate.of}, fig.{rate.over}" if rate else f"fig.{self.problems}, fig.{self.problems}"
        cards = [self.problems, *([rate.of, rate.id] if rate else [])]
        self.cards = ", ".join(f'"{i}"' for i in dict.fromkeys(cards))
        typed = self._find(lambda f: f.measure == "count" and f.kind == "activities" and "type" in f.where)
        self.activity = typed.id if typed else self.problems
        days = typed and self._find(lambda f: f.measure == "sum" and f.kind == typed.kind and f.where == typed.where)
        self.pair = f'"{typed.id}", "{days.id}"' if days else ""
        share = (self._find(lambda f: f.measure == "breakdown" and f.kind == "problems")
                 or self._find(lambda f: f.measure == "breakdown"))
        self.share = share.id if share else self.problems
        pairs = [(a, b) for a in self.figures for b in self.figures if a.measure == b.measure == "breakdown"
                 and a.kind == b.kind and a.field == b.field and not a.where and b.where]
        self.done = f'"{pairs[0][0].id}", "{pairs[0][1].id}"' if pairs else f'"{self.share}", "{self.share}"'

    def _find(self, test) -> FigureSpec | None:
        return next((f for f in self.figures if test(f)), None)


def guide_context(ledger: Ledger) -> dict:
    """What guide.md draws on: the tables, the campaign's words and figure IDs, dates of the unit's campaign."""
    campaign, settings = ledger.campaign, ledger.settings
    start = settings.period_start

    def day(offset: int, style: str = "-") -> str:
        when = start + dt.timedelta(days=offset)
        return {"-": when.isoformat(), ".": f"{when.year}.{when.month}.{when.day}",
                "年": f"{when.year}年{when.month}月{when.day}日"}[style]

    types = campaign.values("activity_types")
    sources = campaign.values("problem_sources")
    figure_ids = {f.id for f in campaign.figures}
    new_type, new_figure = next(((t, i) for t, i in NEW_TYPES if t not in types and i not in figure_ids), NEW_TYPES[0])
    ids = _Figures(campaign)
    activity = {"id": "HD-01", "type": types[0] if types else "", "title": "活动题目", "date": day(14),
                "speaker": "党组书记"}
    problem = {"id": "P-008", "description": "问题描述", "source": sources[0] if sources else "",
               "measures": "整改措施", "leader": "党组成员", "department": DEPARTMENT, "found": day(37),
               "deadline": day(75), "status": "已完成", "completed": day(78),
               "progress": [{"date": day(49), "text": "完成情况摸底"}, {"date": day(78), "text": "建立提醒机制"}],
               "closure": {"date": day(80), "evidence": "提醒机制文件", "evidence_file": "evidence/P-008-提醒机制文件.pdf",
                           "approved_by": "党组书记"}}
    return {
        "day": day, "ids": ids, "department": DEPARTMENT,
        "campaign_id": campaign.id, "campaign_version": _code(campaign.version),
        "new_type": new_type, "new_figure": new_figure,
        "new_source": next((s for s in NEW_SOURCES if s not in sources), NEW_SOURCES[0]),
        "example_activity": _yaml({"activities": [activity]}),
        "example_report": _yaml({"reports": [{"id": "R-05", "topic": "T-01", "title": "《报告题目》", "status": "撰写中"}]}),
        "example_problem": _yaml(problem),
        "distribution": DISTRIBUTION, "tool_version": version(),
        "kind_heading": kind_heading,
        "field_table": lambda kind: fieldguide.kind_field_table(kind, campaign),
        "settings_field_table": fieldguide.settings_field_table,
        "record_files_table": fieldguide.record_files_table,
        "choice_table": lambda: fieldguide.choice_table(campaign),
        "figure_table": lambda: fieldguide.figure_table(campaign),
        "measure_table": fieldguide.measure_table,
        "add_up_table": fieldguide.add_up_table,
        "event_dates_table": fieldguide.event_dates_table,
        "limits_table": fieldguide.limits_table,
        "value_limits": fieldguide.value_limits,
    }


def guide_markdown(ledger: Ledger) -> str:
    """The guide page's Markdown for this ledger (final: no macro left to render)."""
    return _environment().get_template(TEMPLATE).render(guide_context(ledger))
