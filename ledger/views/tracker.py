"""整改台账 judgements against an as-of date: overdue, due soon, stale, closed without evidence, the rate.

Pure functions over records. The date is always given (settings.as_of by default), never the computer's clock.

Which statuses each rule looks at:
- 逾期未完成 / 即将到期: problems still awaiting completion (未开始, 整改中). A problem at
  「阶段性完成、长期坚持」 has met its stage and is kept up for the long term, so its deadline no longer runs.
- 进展滞后: every problem not 已完成 (long-term ones too must keep logging progress); the last
  activity is the newest 整改进展 entry, or the day the problem was found when there is none.
- 缺少佐证材料: problems 已完成 with no 销号 (未销号) and no application waiting for review, a 销号 with
  neither evidence nor file, or an application waiting for review without evidence.
- 待审核销号: the last application for 销号 has no decision yet (days waiting counted from its date).
- 退回: the last application was sent back (until the 科室 applies again).
The 销号 is the closure written in one step or the review passed (Problem.closed; ledger/records/review.py).
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterable, Optional

from ledger.records import models as m
from ledger.records import review
from ledger.records.ledger import Ledger
from ledger.text import cn_date, percent

AWAITING_STATUSES: tuple[str, ...] = ("未开始", "整改中")

OVERDUE, DUE_SOON, STALE, NO_EVIDENCE = "overdue", "due_soon", "stale", "no_evidence"
AWAITING_REVIEW, SENT_BACK = "awaiting_review", "sent_back"
# rule -> how pages and the command line name it
ALERT_NAMES: dict[str, str] = {
    OVERDUE: "逾期未完成",
    DUE_SOON: "即将到期",
    STALE: "进展滞后",
    NO_EVIDENCE: "缺少佐证材料",
    AWAITING_REVIEW: "待审核销号",
    SENT_BACK: "销号退回",
}


@dataclass(frozen=True)
class Alert:
    """One judgement on one problem: a short label for a table cell, a sentence for lists."""
    problem: m.Problem
    kind: str
    label: str
    note: str


def is_awaiting(problem: m.Problem) -> bool:
    return problem.status in AWAITING_STATUSES


def last_activity(problem: m.Problem) -> dt.date:
    """The newest progress entry's date, or the day the problem was found."""
    return max((entry.date for entry in problem.progress), default=problem.found)


def overdue_alert(problem: m.Problem, as_of: dt.date) -> Optional[Alert]:
    if not is_awaiting(problem) or problem.deadline >= as_of:
        return None
    days = (as_of - problem.deadline).days
    return Alert(problem, OVERDUE, f"逾期{days}天",
                 f"已逾期{days}天（整改时限{cn_date(problem.deadline)}）")


def due_soon_alert(problem: m.Problem, as_of: dt.date, within_days: int) -> Optional[Alert]:
    days = (problem.deadline - as_of).days
    if not is_awaiting(problem) or not 0 <= days <= within_days:
        return None
    label = "今天到期" if days == 0 else f"{days}天后到期"
    return Alert(problem, DUE_SOON, label, f"{label}（整改时限{cn_date(problem.deadline)}）")


def stale_alert(problem: m.Problem, as_of: dt.date, stale_days: int) -> Optional[Alert]:
    if problem.is_done:
        return None
    last = last_activity(problem)
    days = (as_of - last).days
    if days <= stale_days:
        return None
    since = f"最近一次进展：{cn_date(last)}" if problem.progress else f"发现日期：{cn_date(last)}，尚无进展记录"
    return Alert(problem, STALE, f"{days}天无进展", f"{days}天没有新的整改进展（{since}）")


def evidence_alert(problem: m.Problem) -> Optional[Alert]:
    if not problem.is_done:
        return None
    closed, pending = problem.closed, review.pending_round(problem)
    if closed is None and pending is not None:
        if pending.evidence or pending.evidence_file:
            return None  # waiting for review, evidence attached: on the 待审核销号 list
        return Alert(problem, NO_EVIDENCE, "缺佐证", "已申请销号但没有附佐证材料")
    if closed is None:
        return Alert(problem, NO_EVIDENCE, "未销号", "已完成但尚未销号，没有佐证材料")
    if not (closed.evidence or closed.evidence_file):
        return Alert(problem, NO_EVIDENCE, "缺佐证", "已销号但没有佐证材料")
    return None


def awaiting_review_alert(problem: m.Problem, as_of: dt.date) -> Optional[Alert]:
    """待审核销号: applied for, not yet reviewed on `as_of`; the label and note say how long it has waited."""
    pending = review.pending_round(problem)
    if pending is None or pending.applied > as_of:
        return None
    days = (as_of - pending.applied).days
    who = f"，申请科室：{pending.department}" if pending.department else ""
    return Alert(problem, AWAITING_REVIEW, f"待审核{days}天" if days else "今天申请销号",
                 f"{cn_date(pending.applied)}申请销号，已等待审核{days}天{who}")


def sent_back_alert(problem: m.Problem, as_of: dt.date) -> Optional[Alert]:
    """退回: the last application was sent back by `as_of` and the 科室 has not applied again."""
    returned = review.sent_back_round(problem)
    if returned is None or returned.reviewed is None or returned.reviewed > as_of:
        return None
    reason = f"：{returned.reason}" if returned.reason else ""
    return Alert(problem, SENT_BACK, "销号退回", f"{cn_date(returned.reviewed)}销号申请被退回{reason}")


def finished_late_days(problem: m.Problem) -> Optional[int]:
    """Days a completed problem went past its deadline; None when on time or not completed."""
    if problem.completed is None or problem.completed <= problem.deadline:
        return None
    return (problem.completed - problem.deadline).days


def count_done(problems: Iterable[m.Problem]) -> int:
    return sum(1 for p in problems if p.is_done)


def completion_rate(problems: Iterable[m.Problem]) -> str:
    """整改完成率 as reports state it: 已完成 over all problems, e.g. 75%."""
    problems = tuple(problems)
    return percent(count_done(problems), len(problems))


def tally(problems: Iterable[m.Problem], key: Callable[[m.Problem], str],
          order: Iterable[str] = ()) -> tuple[dict[str, int], dict[str, int]]:
    """(totals, done) per group; groups named in `order` come first (zero if absent), others by first appearance."""
    problems = tuple(problems)
    totals = Counter(key(p) for p in problems)
    done = Counter(key(p) for p in problems if p.is_done)
    names = list(order) + [name for name in dict.fromkeys(key(p) for p in problems) if name not in order]
    return {n: totals.get(n, 0) for n in names}, {n: done.get(n, 0) for n in names}


@dataclass(frozen=True)
class Assessment:
    """Every judgement of a problem list on one date, each list in the records' order."""
    as_of: dt.date
    due_soon_days: int
    stale_days: int
    overdue: tuple[Alert, ...]
    due_soon: tuple[Alert, ...]
    stale: tuple[Alert, ...]
    without_evidence: tuple[Alert, ...]
    awaiting_review: tuple[Alert, ...] = ()
    sent_back: tuple[Alert, ...] = ()

    def by_kind(self) -> dict[str, tuple[Alert, ...]]:
        return {OVERDUE: self.overdue, DUE_SOON: self.due_soon, STALE: self.stale,
                NO_EVIDENCE: self.without_evidence, AWAITING_REVIEW: self.awaiting_review,
                SENT_BACK: self.sent_back}

    def count(self, kind: str) -> int:
        """How many problems a judgement names (a declared figure of measure `judgement` reads this)."""
        return len(self.by_kind()[kind])

    @cached_property
    def _by_problem(self) -> dict[str, tuple[Alert, ...]]:
        index: dict[str, list[Alert]] = {}
        for alerts in self.by_kind().values():
            for alert in alerts:
                index.setdefault(alert.problem.id, []).append(alert)
        return {key: tuple(value) for key, value in index.items()}

    def alerts_for(self, problem_id: str) -> tuple[Alert, ...]:
        """This problem's judgements, in the order overdue, due soon, stale, evidence, review."""
        return self._by_problem.get(problem_id, ())


def assess_problems(problems: Iterable[m.Problem], as_of: dt.date, due_soon_days: int,
                    stale_days: int) -> Assessment:
    problems = tuple(problems)

    def collect(judge) -> tuple[Alert, ...]:
        return tuple(alert for alert in map(judge, problems) if alert is not None)

    return Assessment(
        as_of=as_of, due_soon_days=due_soon_days, stale_days=stale_days,
        overdue=collect(lambda p: overdue_alert(p, as_of)),
        due_soon=collect(lambda p: due_soon_alert(p, as_of, due_soon_days)),
        stale=collect(lambda p: stale_alert(p, as_of, stale_days)),
        without_evidence=collect(evidence_alert),
        awaiting_review=collect(lambda p: awaiting_review_alert(p, as_of)),
        sent_back=collect(lambda p: sent_back_alert(p, as_of)),
    )


def assess(ledger: Ledger, as_of: Optional[dt.date] = None) -> Assessment:
    """The ledger's problems judged on `as_of` (default: the settings' 截至日期)."""
    s = ledger.settings
    return assess_problems(ledger.problems, as_of or s.as_of, s.due_soon_days, s.stale_days)


@dataclass(frozen=True)
class SeriesPoint:
    date: dt.date
    open: int    # found by this date and not yet 已完成
    closed: int  # 已完成 on or before this date


def open_closed_series(problems: Iterable[m.Problem], as_of: dt.date) -> tuple[SeriesPoint, ...]:
    """Open and closed counts on every day something changed (found or completed), up to `as_of`.

    The counts hold until the next point; the last point is `as_of` itself. Problems found after
    `as_of` are not counted, nor completions after it.
    """
    problems = tuple(problems)
    found_on = Counter(p.found for p in problems if p.found <= as_of)
    closed_on = Counter(p.completed for p in problems
                        if p.is_done and p.completed is not None and p.completed <= as_of)
    days = sorted(found_on.keys() | closed_on.keys())
    if not days:
        return ()
    if days[-1] != as_of:
        days.append(as_of)
    points, found, closed = [], 0, 0
    for day in days:  # one sweep: cumulative counts per day
        found += found_on.get(day, 0)
        closed += closed_on.get(day, 0)
        points.append(SeriesPoint(day, found - closed, closed))
    return tuple(points)
