"""Every figure the site, the report and the exports quote, computed once from records."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ledger.records import models as m
from ledger.views import tracker
from ledger.records.ledger import Ledger


@dataclass(frozen=True)
class Figures:
    activities_by_type: dict[str, int]
    reading_class_count: int
    reading_class_days: int
    lecture_count: int
    seminar_count: int
    branch_study_count: int
    field_study_count: int
    activity_count: int
    book_count: int
    topic_count: int
    places_visited: tuple[str, ...]
    report_count: int
    reports_done: int
    positive_case_count: int
    negative_case_count: int
    action_count: int
    visit_count: int
    honour_count: int
    problem_count: int
    problems_done: int
    problems_open: int
    problems_by_status: dict[str, int]
    problems_by_source: dict[str, int]
    completion_rate: str
    # 整改台账 (ledger.tracker), judged on settings.as_of
    problems_by_department: dict[str, int]
    problems_by_leader: dict[str, int]
    problems_done_by_source: dict[str, int]
    problems_done_by_department: dict[str, int]
    problems_done_by_leader: dict[str, int]
    problems_overdue: int
    problems_due_soon: int
    problems_stale: int
    problems_without_evidence: int
    mechanism_count: int
    new_regulation_count: int
    regulation_count: int
    regulations_issued: int
    output_count: int
    plan_count: int


def _count_types(activities) -> dict[str, int]:
    counts = Counter(a.type for a in activities)
    return {kind: counts.get(kind, 0) for kind in m.ACTIVITY_TYPES}


def campaign_activities(ledger: Ledger) -> tuple[m.Activity, ...]:
    """The activities counted as the campaign's: those marked outside_period are listed, not counted."""
    return tuple(a for a in ledger.activities if not a.outside_period)


def compute_figures(ledger: Ledger) -> Figures:
    activities = campaign_activities(ledger)
    by_type = _count_types(activities)
    reading_classes = [a for a in activities if a.type == "专题读书班"]
    status_counts = Counter(p.status for p in ledger.problems)
    source_counts = Counter(p.source for p in ledger.problems)
    done = status_counts.get(m.DONE_STATUS, 0)
    assessment = tracker.assess(ledger)
    _, done_by_source = tracker.tally(ledger.problems, lambda p: p.source, m.PROBLEM_SOURCES)
    by_department, done_by_department = tracker.tally(ledger.problems, lambda p: p.department)
    by_leader, done_by_leader = tracker.tally(ledger.problems, lambda p: p.leader)
    places: list[str] = []
    # places in the order they were visited, as the report lists them
    for topic in sorted(ledger.topics, key=lambda t: (t.visit_date is None, t.visit_date or ledger.settings.as_of)):
        places.extend(pl for pl in topic.places if pl not in places)
    return Figures(
        activities_by_type=by_type,
        reading_class_count=by_type["专题读书班"],
        reading_class_days=sum(a.days for a in reading_classes),
        lecture_count=by_type["专题党课"],
        seminar_count=by_type["党组中心组专题研讨"],
        branch_study_count=by_type["党支部集中学习"],
        field_study_count=by_type["现场学习教育"],
        activity_count=len(activities),
        book_count=len(ledger.books),
        topic_count=len(ledger.topics),
        places_visited=tuple(places),
        report_count=len(ledger.reports),
        reports_done=sum(1 for r in ledger.reports if r.status == "已完成"),
        positive_case_count=sum(1 for c in ledger.cases if c.kind == "正面"),
        negative_case_count=sum(1 for c in ledger.cases if c.kind == "反面"),
        action_count=len(ledger.actions),
        visit_count=len(ledger.visits),
        honour_count=len(ledger.honours),
        problem_count=len(ledger.problems),
        problems_done=done,
        problems_open=len(ledger.problems) - done,
        problems_by_status={s: status_counts.get(s, 0) for s in m.PROBLEM_STATUSES},
        problems_by_source={s: source_counts.get(s, 0) for s in m.PROBLEM_SOURCES},
        completion_rate=tracker.completion_rate(ledger.problems),
        problems_by_department=by_department,
        problems_by_leader=by_leader,
        problems_done_by_source=done_by_source,
        problems_done_by_department=done_by_department,
        problems_done_by_leader=done_by_leader,
        problems_overdue=len(assessment.overdue),
        problems_due_soon=len(assessment.due_soon),
        problems_stale=len(assessment.stale),
        problems_without_evidence=len(assessment.without_evidence),
        mechanism_count=len(ledger.mechanisms),
        new_regulation_count=sum(1 for r in ledger.regulations if r.kind == "新建"),
        regulation_count=len(ledger.regulations),
        regulations_issued=sum(1 for r in ledger.regulations if r.status == "已印发"),
        output_count=len(ledger.outputs),
        plan_count=len(ledger.plan),
    )
