"""本期进展 across units: since the roll-up's last report sent (data/rollup.yml `reports_sent`), each unit's
changes in figures and its events, as a page (progress.md) and as a Word 进展情况 (a Report).

The period runs after `since` (the last report sent before the roll-up's 截至 date; when none was, the day
before the earliest unit's campaign began) up to each unit's own 截至 date: a unit's figures then are
`unit.figures_on(since)`, now its figures as the 汇总表 shows them; the totals are both added up by each
figure's rule. A unit's events are those of ledger/views/period.py (events_between over its own records);
for a roll-up read as a unit (a 市局 under a 省局), its units' events, each with the units it is read through.
Every unit's name carries its marks (迟报, last good revision), as on every other page.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Optional

from ledger.rollup.context import RollupContext, UnitPath, UnitRead
from ledger.rollup.downloads import campaign_short, progress_links
from ledger.rollup.pages import _front_matter, path_dir, unit_name
from ledger.rollup.report import marks_paragraph, marks_sentence, short_marks
from ledger.text import cn_date, cn_number, escape_text
from ledger.views.measures import FigureValues, add_up
from ledger.views.period import (REPORT, START, Event, FigureChange, events_between,
                                 event_sentence, figure_sentence, tally_sentence)
from ledger.views.problem_page import page_name, relative_link
from ledger.views.report import Paragraph, Part, Report, Section
from ledger.views.tables import linked, markdown_table

PROGRESS_PAGE = "progress.md"
WORD_LISTED = 10   # events listed one by one per unit in the Word 进展情况 (a count of each kind is always given)
PAGE_LISTED = 100  # ... and on the page (20 units at 10x have thousands): the rest on the unit's own site
NAV_ENTRY = ("本期进展", PROGRESS_PAGE)


@dataclass(frozen=True)
class PathEvent:
    path: UnitPath       # the ledger the event is in, through every level under this roll-up
    event: Event


@dataclass(frozen=True)
class UnitProgress:
    unit: UnitRead
    figures: tuple[FigureChange, ...]
    events: tuple[PathEvent, ...]

    @property
    def changes(self) -> tuple[FigureChange, ...]:
        return tuple(f for f in self.figures if f.changed)


@dataclass(frozen=True)
class RollupPeriod:
    name: str
    campaign_short: str
    since: dt.date
    since_is: str        # REPORT (the roll-up's last report sent) or START (before the campaign began)
    until: dt.date       # the roll-up's 截至 date
    totals: tuple[FigureChange, ...]
    units: tuple[UnitProgress, ...]

    def since_text(self) -> str:
        return f"上次报送（{cn_date(self.since)}）" if self.since_is == REPORT else f"{self.campaign_short}开始"


def _changes(context: RollupContext, before: FigureValues, after: FigureValues) -> tuple[FigureChange, ...]:
    return tuple(FigureChange(i, after.label(i), after.unit(i), before[i], after[i])
                 for i in context.campaign.progress_figures)


def rollup_period(context: RollupContext) -> RollupPeriod:
    sent = [day for day in context.config.reports_sent if day < context.as_of]
    leaves = context.leaves()
    if sent:
        since, since_is = max(sent), REPORT
    else:
        start = min(leaf.context.ledger.settings.period_start for leaf in leaves)
        since, since_is = min(start, context.as_of) - dt.timedelta(days=1), START
    units, before = [], []
    for unit in context.units:
        events = tuple(sorted((PathEvent(leaf, event) for leaf in unit.leaves()
                               for event in events_between(leaf.context.ledger, since, leaf.leaf.as_of)),
                              key=lambda item: item.event.day))   # stable: each ledger's own order within a day
        before.append(unit.figures_on(since))
        units.append(UnitProgress(unit, _changes(context, before[-1], unit.figures), events))
    totals_then = FigureValues(context.campaign, add_up(context.campaign, before))   # context.figures_on(since)
    return RollupPeriod(context.config.name, campaign_short(context), since, since_is, context.as_of,
                        _changes(context, totals_then, context.figures), tuple(units))


# ---- the page ----

def _figures_table(changes: tuple[FigureChange, ...], since: dt.date, until_label: str) -> str:
    rows = [[escape_text(f.label), escape_text(f"{f.before}{f.unit}"), escape_text(f"{f.after}{f.unit}"),
             ("**" + escape_text(f.change_text()) + "**") if f.changed else "无变化"] for f in changes]
    return markdown_table(["项目", escape_text(cn_date(since)), escape_text(until_label), "变化"], rows)


def _changes_text(progress: UnitProgress) -> str:
    return "；".join(f.text() for f in progress.changes) or "各项数字均无变化"


def _event_link(item: PathEvent) -> Optional[str]:
    """A problem's page under its unit's path; other records have no page on the roll-up site."""
    if item.event.kind != "problems":
        return None
    return relative_link(f"{path_dir(item.path)}/problems/{page_name(item.event.record_id)}.md", PROGRESS_PAGE)


def _below(path: UnitPath) -> str:
    """The levels under the unit a section is about (区局 under 市局), each linked to its page, with its marks."""
    return " / ".join(unit_name(u, PROGRESS_PAGE, page=f"{path_dir(path, k + 1)}/index.md", key="/".join(path.ids[:k + 1]))
                      for k, u in enumerate(path.units) if k > 0)


def _events_table(progress: UnitProgress) -> str:
    nested = progress.unit.rollup is not None
    rows = []
    for item in progress.events[:PAGE_LISTED]:
        e = item.event
        record = linked(f"{e.noun} {e.record_id}", _event_link(item))
        row = [_below(item.path)] if nested else []
        rows.append(row + [escape_text(cn_date(e.day)), escape_text(e.name), record, escape_text(e.text)])
    more = (f"\n\n共{len(progress.events)}项，上表列出前{PAGE_LISTED}项；其余见这个单位自己的台账网站。"
            if len(progress.events) > PAGE_LISTED else "")
    return markdown_table((["单位"] if nested else []) + ["日期", "事项", "记录", "内容"], rows) + more


def progress_page(context: RollupContext, period: Optional[RollupPeriod] = None) -> str:
    period = period or rollup_period(context)
    overview = [[unit_name(p.unit, PROGRESS_PAGE), escape_text(cn_date(p.unit.as_of)),
                 escape_text(_changes_text(p)), str(len(p.events))] for p in period.units]
    blocks = [
        _front_matter("本期进展", wide=True),
        "# 本期进展\n",
        progress_links(context),
        f"{escape_text(period.since_text())}至{escape_text(cn_date(period.until))}：各单位的数字变化和进展。"
        f"本期从{escape_text(cn_date(period.since + dt.timedelta(days=1)))}算起，到每个单位自己的截至日期为止；"
        "截至日期不晚于本期开始的单位（迟报）本期没有变化。\n",
        "## 合计的数字变化\n",
        _figures_table(period.totals, period.since, cn_date(period.until)) + "\n",
        "## 各单位\n",
        markdown_table(["单位", "截至日期", "本期数字变化", "本期进展（项）"], overview) + "\n",
    ]
    for p in period.units:
        blocks += [f"### {escape_text(p.unit.label)}\n",
                   unit_name(p.unit, PROGRESS_PAGE) + f"，截至{escape_text(cn_date(p.unit.as_of))}，"
                   f"本期进展{len(p.events)}项（数字变化见上表）。\n",
                   _events_table(p) + "\n" if p.events else "本期没有新的进展记录。\n"]
    return "\n".join(blocks)


def pages(context: RollupContext, period: Optional[RollupPeriod] = None) -> Iterator[tuple[str, str]]:
    """The 本期进展 page of a roll-up (none for a roll-up read as a unit: its 省局 has the page)."""
    if not context.chain:
        yield PROGRESS_PAGE, progress_page(context, period)


# ---- the Word 进展情况 ----

def _figure_paragraphs(changes: tuple[FigureChange, ...]) -> tuple[Paragraph, ...]:
    changed = [c for c in changes if c.changed]
    return tuple(Paragraph(figure_sentence(c) + ("。" if i == len(changed) - 1 else "；"))
                 for i, c in enumerate(changed)) or (Paragraph("本期各项数字均无变化。"),)


def _event_paragraphs(progress: UnitProgress) -> list[Paragraph]:
    nested = progress.unit.rollup is not None
    events = [item.event for item in progress.events]
    paragraphs = [Paragraph(tally_sentence(events))] if events else []
    for item in progress.events[:WORD_LISTED]:
        who = " / ".join(u.label + short_marks(u) for u in item.path.units[1:]) + "：" if nested else ""
        paragraphs.append(Paragraph(who + event_sentence(item.event)))
    if len(events) > WORD_LISTED:
        paragraphs.append(Paragraph(f"以上为其中{WORD_LISTED}项，完整清单见汇总网站“本期进展”页。"))
    return paragraphs


def progress_report(context: RollupContext, period: Optional[RollupPeriod] = None) -> Report:
    """The period as a 公文 (进展情况), in the Report model the 汇报 uses, for the same Word writer."""
    period = period or rollup_period(context)
    span = f"（{cn_date(period.since)}至{cn_date(period.until)}）"
    since = (f"{cn_date(period.since)}上次报送以来{span}" if period.since_is == REPORT
             else f"{period.campaign_short}开展以来（截至{cn_date(period.until)}）")
    opening = [Paragraph(f"{since}，{period.name}所属{len(period.units)}个单位持续推进{period.campaign_short}各项工作。"
                         "现将本期进展情况汇报如下：")]
    note = marks_paragraph(context)
    if note:
        opening.append(note)
    sections = []
    for n, p in enumerate(period.units, start=1):
        marks = marks_sentence(p.unit)
        head = Paragraph(f"截至{cn_date(p.unit.as_of)}，" + ("；".join(figure_sentence(c) for c in p.changes) or
                                                            "本期各项数字均无变化") + "。"
                         + (f"{marks}。" if marks else ""))
        body = _event_paragraphs(p) or [Paragraph("本期没有新的进展记录。")]
        sections.append(Section(f"（{cn_number(n)}）", p.unit.label + short_marks(p.unit), (head, *body)))
    parts = (Part("一、", "主要数字变化（合计）", (Section("", "", _figure_paragraphs(period.totals)),)),
             Part("二、", "各单位进展", tuple(sections)))
    return Report(title=f"{period.name}关于{period.campaign_short}进展情况的汇报", opening=tuple(opening),
                  parts=parts, signature=period.name, date=period.until)
