"""本期进展: what moved between two dates (by default the last report sent and the 截至日期).

Each headline figure then → now with its change (已完成整改 1 → 6，新增 5), and the records behind
the change: every event (ledger/records/registry.py's event_dates) dated in the period, after the
first day and up to the last. Both ends are the ledger as known on that day (ledger/records/dated.py),
so the figures are the ones a report of that day stated. The same period is a page (docs/progress.md),
a command (`python -m ledger progress`) and a Word 进展情况 (a Report, written by ledger/exports/docx.py).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Optional

from ledger.records.dated import as_known_on, event_values
from ledger.records.ledger import Ledger, iter_record_lists
from ledger.records.registry import KINDS, RecordKind
from ledger.text import cn_date, cn_number, escape_text
from ledger.views.measures import FigureValues, compute_figures
from ledger.views.report import Paragraph, Part, Report, Section
from ledger.views.tables import html_link, html_table


REPORT, START, DATE = "report", "start", "date"   # where a period's first day comes from

# At most this many events are listed one by one (a count per kind of event is always given): on the
# page, and per strand in the Word 进展情况; the command line lists every one.
PAGE_LISTED = 1000
WORD_LISTED = 30

# What each event is called: (kind, event date) -> 事项 (an activity is called by its type)
EVENT_NAMES: dict[tuple[str, str], str] = {
    ("topics", "visit_date"): "开展调研",
    ("reports", "completed"): "完成调研报告",
    ("visits", "date"): "走访单位",
    ("problems", "found"): "查摆问题",
    ("problems", "progress.date"): "整改进展",
    ("problems", "completed"): "完成整改",
    ("problems", "closure.date"): "销号",
    ("problems", "review.applied"): "申请销号",
    ("problems", "review.reviewed"): "销号审核",
    ("regulations", "issued"): "印发制度",
}


@dataclass(frozen=True)
class FigureChange:
    field: str
    label: str
    unit: str
    before: object
    after: object

    @property
    def changed(self) -> bool:
        return self.before != self.after

    @property
    def delta(self) -> int:
        """after - before; a rate in percentage points."""
        return _number(self.after) - _number(self.before)

    def change_text(self) -> str:
        """新增 2 / 减少 1 / 提高 12 个百分点 / 无变化."""
        if not self.changed:
            return "无变化"
        if not self.unit:  # a rate
            return f"{'提高' if self.delta > 0 else '下降'} {abs(self.delta)} 个百分点"
        return f"{'新增' if self.delta > 0 else '减少'} {abs(self.delta)}"

    def text(self) -> str:
        """已完成整改 4 → 6，新增 2"""
        return f"{self.label} {self.before} → {self.after}，{self.change_text()}"


@dataclass(frozen=True)
class Event:
    day: dt.date
    kind: str        # the registry key: problems
    noun: str        # 问题
    record_id: str
    name: str        # 完成整改
    text: str        # the record's title or the entry's text


@dataclass(frozen=True)
class Period:
    unit: str
    campaign_short: str      # the period since the campaign began is "<campaign_short>开始"
    since: dt.date           # the period runs after this day ...
    until: dt.date           # ... up to and including this one
    since_is: str            # REPORT (the last report sent), START (the day before the campaign), or DATE (given)
    figures: tuple[FigureChange, ...]
    events: tuple[Event, ...]

    @property
    def changes(self) -> tuple[FigureChange, ...]:
        return tuple(f for f in self.figures if f.changed)

    def since_text(self) -> str:
        """上次报送（2023年10月15日）; <campaign>开始 when no report was sent before; else the day given."""
        if self.since_is == REPORT:
            return f"上次报送（{cn_date(self.since)}）"
        return f"{self.campaign_short}开始" if self.since_is == START else cn_date(self.since)

    def events_of(self, kind: str) -> tuple[Event, ...]:
        return tuple(e for e in self.events if e.kind == kind)


class PeriodError(ValueError):
    pass


def _number(value: object) -> int:
    return int(str(value).rstrip("%"))


def last_report_before(ledger: Ledger, until: dt.date) -> Optional[dt.date]:
    """The latest report sent before `until` (settings.reports_sent), or None."""
    sent = [day for day in ledger.settings.reports_sent if day < until]
    return max(sent) if sent else None


def _record_text(kind: RecordKind, record) -> str:
    for name in ("title", "name", "description"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id


# a review's 事项 by its decision: 通过 is the 销号
REVIEW_EVENT_NAMES = {"通过": "审核通过（销号）", "退回": "审核退回"}


def _event_name(kind: RecordKind, record, path: str, location: tuple) -> str:
    if kind.key == "activities":
        return record.type  # the activity type, as the campaign names it
    if location[0] == "review" and location[2] == "reviewed":
        return REVIEW_EVENT_NAMES.get(record.review[location[1]].decision, EVENT_NAMES[(kind.key, path)])
    return EVENT_NAMES.get((kind.key, path)) or kind.model.model_fields[location[0]].title


def _review_text(record, location: tuple) -> str:
    """申请销号: the problem, the 科室 and the evidence; 审核: the reviewer, and the reason of a 退回."""
    entry = record.review[location[1]]
    if location[2] == "applied":
        details = "，".join(filter(None, [entry.department and f"申请科室：{entry.department}",
                                          entry.evidence and f"佐证材料：{entry.evidence}"]))
    else:
        details = "，".join(filter(None, [entry.reviewer and f"审核人：{entry.reviewer}",
                                          entry.reason and f"退回理由：{entry.reason}"]))
    return f"{record.description}（{details}）" if details else record.description


def _event_text(kind: RecordKind, record, location: tuple) -> str:
    if kind.key == "topics":
        return f"{record.name}（{'、'.join(record.places)}）"
    if location[0] == "progress":
        return record.progress[location[1]].text
    if location[0] == "review":
        return _review_text(record, location)
    return _record_text(kind, record)


def events_between(ledger: Ledger, since: dt.date, until: dt.date) -> tuple[Event, ...]:
    """Every event dated after `since` up to `until`, by date (records' order within a day)."""
    found = []
    for kind, records in iter_record_lists(ledger):
        for record in records:
            for path in kind.event_dates:
                for location, day in event_values(record, path):
                    if since < day <= until:
                        found.append(Event(day, kind.key, kind.noun, record.id,
                                           _event_name(kind, record, path, location),
                                           _event_text(kind, record, location)))
    order = {k.key: i for i, k in enumerate(KINDS)}
    return tuple(sorted(found, key=lambda e: (e.day, order[e.kind])))


def period_between(ledger: Ledger, since: Optional[dt.date] = None, until: Optional[dt.date] = None, *,
                   figures_now: Optional[FigureValues] = None) -> Period:
    """The period from `since` (default: the last report sent before `until`, else the day before the
    campaign began) to `until` (default: the ledger's 截至日期). `ledger` holds the records known on
    `until` or later (a build's ledger, or the full one: `check` leaves no event after its as_of).
    figures_now: the ledger's own figures when already computed (until = its as_of)."""
    until = until or ledger.settings.as_of
    since_is = DATE if since is not None else REPORT if last_report_before(ledger, until) is not None else START
    if since is None:  # a day before the campaign began, or just before `until` when that is earlier
        since = last_report_before(ledger, until) or min(ledger.settings.period_start, until) - dt.timedelta(days=1)
    if since >= until:
        raise PeriodError(f"起始日期 {since} 应早于结束日期 {until}")
    # a ledger on its own as_of is already as known then (check refuses later events)
    known = ledger if until == ledger.settings.as_of else as_known_on(ledger, until)
    now = figures_now if figures_now is not None and known is ledger else compute_figures(known)
    before = compute_figures(as_known_on(ledger, since))
    # the figures the campaign definition lists for a period (progress_figures), named as it names them
    figures = tuple(FigureChange(figure_id, now.label(figure_id), now.unit(figure_id), before[figure_id], now[figure_id])
                    for figure_id in ledger.campaign.progress_figures)
    return Period(ledger.settings.unit, ledger.settings.campaign_short, since, until, since_is, figures,
                  events_between(known, since, until))


# ---- as text, as a page, as a 公文 ----
def _heading(period: Period) -> str:
    return f"{period.unit}本期进展：{period.since_text()}至{cn_date(period.until)}"


def period_text(period: Period) -> str:
    """Plain Chinese text for the command line: the figures that changed, then the events."""
    lines = [_heading(period), "", "数字变化："]
    lines += [f"  {f.text()}" for f in period.changes] or ["  各项数字均无变化。"]
    lines += ["", f"期间进展（{len(period.events)}项）："]
    lines += [f"  {cn_date(e.day)} {e.name} {e.noun} {e.record_id}：{e.text}" for e in period.events] or ["  无。"]
    return "\n".join(lines) + "\n"


def period_markdown(period: Period, *, url_for=None) -> str:
    """The page's body: the figures table (every headline figure) and the events table; text escaped. The tables
    are HTML (a period of a big ledger lists a thousand events): `url_for(event)` gives the final relative address
    of the record's page (or None)."""
    figure_rows = [[escape_text(f.label), escape_text(f"{f.before}{f.unit}"), escape_text(f"{f.after}{f.unit}"),
                    ("<strong>" + escape_text(f.change_text()) + "</strong>") if f.changed else "无变化"]
                   for f in period.figures]
    event_rows = [[escape_text(cn_date(e.day)), escape_text(e.name),
                   html_link(f"{e.noun} {e.record_id}", url_for(e) if url_for else None), escape_text(e.text)]
                  for e in period.events[:PAGE_LISTED]]
    tally = [[escape_text(name), str(count)] for name, count in Counter(e.name for e in period.events).items()]
    more = (f"\n\n期间共{len(period.events)}项，上表列出前{PAGE_LISTED}项；全部清单："
            f"`python -m ledger progress --since {period.since} --until {period.until}`"
            if len(period.events) > PAGE_LISTED else "")
    summary = "；".join(escape_text(f.text()) for f in period.changes) or "各项数字均无变化"
    return "\n\n".join([
        f"**{escape_text(_heading(period))}**",
        f"{summary}。",
        "### 数字变化",
        html_table(["项目", escape_text(cn_date(period.since)), escape_text(cn_date(period.until)), "变化"], figure_rows),
        f"### 期间进展（{len(period.events)}项）",
        html_table(["事项", "项数"], tally) if tally else "",
        html_table(["日期", "事项", "记录", "内容"], event_rows) + more,
    ]) + "\n"


# the strands in the Word 进展情况, each with the kinds whose events it lists
def _strands() -> tuple[tuple[str, tuple[str, ...]], ...]:
    strands: dict[str, list[str]] = {}
    for kind in KINDS:
        if kind.event_dates:
            strands.setdefault(kind.strand, []).append(kind.key)
    return tuple((strand, tuple(keys)) for strand, keys in strands.items())


def figure_sentence(change: FigureChange) -> str:
    if not change.unit:
        return f"{change.label}由{change.before}{'提高' if change.delta > 0 else '下降'}到{change.after}"
    verb = "增加" if change.delta > 0 else "减少"
    return f"{change.label}由{change.before}{change.unit}{verb}到{change.after}{change.unit}（{change.change_text()}）"


def tally_sentence(events) -> str:
    counts = Counter(e.name for e in events)
    return "本期" + "、".join(f"{name}{count}项" for name, count in counts.items()) + "。"


def event_sentence(event: Event) -> str:
    return f"{cn_date(event.day)}，{event.name}：{event.text}（{event.noun} {event.record_id}）。"


def period_report(period: Period, party_group: str, campaign_short: str) -> Report:
    """The period as a 公文 (进展情况), in the same Report model the 汇报 uses, for the same Word writer."""
    span = f"（{cn_date(period.since)}至{cn_date(period.until)}）"
    since = {REPORT: f"{cn_date(period.since)}上次报送以来{span}", DATE: f"{cn_date(period.since)}以来{span}",
             START: f"{campaign_short}开展以来（截至{cn_date(period.until)}）"}[period.since_is]
    opening = (Paragraph(f"{since}，{party_group}持续推进"
                         f"{campaign_short}各项工作。现将本期进展情况汇报如下："),)
    changes = period.changes
    figures_part = Part("一、", "主要数字变化", (Section("", "", tuple(
        Paragraph(figure_sentence(c) + ("。" if i == len(changes) - 1 else "；")) for i, c in enumerate(changes)
    ) or (Paragraph("本期各项数字均无变化。"),)),))
    sections = []
    for strand, keys in _strands():
        events = [e for e in period.events if e.kind in keys]
        if events:
            paragraphs = [Paragraph(tally_sentence(events))] if len(events) > WORD_LISTED else []
            paragraphs += [Paragraph(event_sentence(e)) for e in events[:WORD_LISTED]]
            if len(events) > WORD_LISTED:
                paragraphs.append(Paragraph(f"以上为其中{WORD_LISTED}项，完整清单见网站“本期进展”页。"))
            sections.append((strand, tuple(paragraphs)))
    events_part = Part("二、", "本期工作进展", tuple(
        Section(f"（{cn_number(i)}）", strand, paragraphs) for i, (strand, paragraphs) in enumerate(sections, 1)
    ) or (Section("", "", (Paragraph("本期没有新的进展记录。"),)),))
    return Report(title=f"{period.unit}关于{campaign_short}进展情况的汇报", opening=opening,
                  parts=(figures_part, events_part), signature=period.unit, date=period.until)

