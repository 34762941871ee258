"""The ledger as known on a date (ledger/records/dated.py), on hand-made records: each kind, the boundary day."""
from __future__ import annotations

import datetime as dt
import typing

import pytest

from ledger.context import BuildContext, BuildOptions
from ledger.records import models as m
from ledger.records.dated import as_known_on, status_on
from ledger.records.ledger import Ledger
from ledger.records.registry import KINDS, kind
from ledger.views import tracker
from ledger.views.measures import compute_figures
from support import sample_campaign

D = dt.date(2023, 10, 15)
BEFORE, AFTER = D - dt.timedelta(days=1), D + dt.timedelta(days=1)


def settings(**update) -> m.Settings:
    base = dict(unit="某局", party_group="某局党组", campaign="主题教育", campaign_short="主题教育", batch="第二批",
                period_start=dt.date(2023, 9, 1), period_end=dt.date(2024, 1, 31), as_of=dt.date(2023, 11, 20),
                report_title="汇报", reports_sent=[dt.date(2023, 10, 1), D, dt.date(2023, 11, 1)])
    return m.Settings(**(base | update))


def problem(pid="P-1", *, found=dt.date(2023, 9, 20), status="已完成", completed=None, progress=(), closure=None):
    return m.Problem(id=pid, description="问题", source="群众反映", measures="措施", leader="局长", department="办公室",
                     found=found, deadline=dt.date(2023, 12, 31), status=status, completed=completed,
                     progress=[m.ProgressEntry(date=day, text=f"进展{day}") for day in progress],
                     closure=m.Closure(date=closure, approved_by="局长") if closure else None)


def activity(aid, day, **extra):
    return m.Activity(id=aid, type="专题党课", title="党课", date=day, **extra)


def ledger(**lists) -> Ledger:
    return Ledger(settings=settings(), campaign=sample_campaign(), **{k: tuple(v) for k, v in lists.items()})


def on_d(**lists) -> Ledger:
    return as_known_on(ledger(**lists), D)


def test_the_day_becomes_the_as_of_date_and_later_reports_are_not_yet_sent():
    known = on_d()
    assert known.settings.as_of == D
    assert known.settings.reports_sent == [dt.date(2023, 10, 1), D]


@pytest.mark.parametrize("key, make", [
    ("activities", lambda day: activity("A", day)),
    ("visits", lambda day: m.Visit(id="V", name="单位", date=day)),
    ("problems", lambda day: problem(found=day, status="未开始")),
])
def test_a_record_that_appears_after_the_day_is_not_yet_there_and_on_the_day_it_is(key, make):
    assert getattr(on_d(**{key: [make(AFTER)]}), key) == ()
    for day in (D, BEFORE):
        assert getattr(on_d(**{key: [make(day)]}), key) == (make(day),)


def test_a_record_without_a_date_is_known_from_the_start():
    visit = m.Visit(id="V", name="单位")
    topic = m.Topic(id="T", name="选题", leader="局长", department="办公室", places=["某地"])
    known = on_d(visits=[visit], topics=[topic])
    assert known.visits == (visit,) and known.topics == (topic,)


def test_a_problem_completed_after_the_day_is_still_being_put_right():
    known = on_d(problems=[problem(completed=AFTER, progress=[BEFORE, AFTER], closure=AFTER)]).problems[0]
    assert (known.status, known.completed, known.closure) == ("整改中", None, None)
    assert [e.date for e in known.progress] == [BEFORE]


def test_a_problem_completed_after_the_day_without_progress_by_then_had_not_started():
    known = on_d(problems=[problem(completed=AFTER, progress=[AFTER])]).problems[0]
    assert (known.status, known.completed, known.progress) == ("未开始", None, [])
    no_progress_at_all = on_d(problems=[problem(completed=AFTER)]).problems[0]
    assert no_progress_at_all.status == "未开始"


def test_a_problem_completed_on_the_day_is_done_and_its_later_closure_not_yet_written():
    known = on_d(problems=[problem(completed=D, progress=[D], closure=AFTER)]).problems[0]
    assert (known.status, known.completed, known.closure) == ("已完成", D, None)
    closed = on_d(problems=[problem(completed=D, progress=[D], closure=D)]).problems[0]
    assert closed.closure.date == D


def test_a_problem_in_progress_whose_progress_all_came_later_had_not_started():
    assert on_d(problems=[problem(status="整改中", progress=[AFTER])]).problems[0].status == "未开始"
    assert on_d(problems=[problem(status="整改中", progress=[D])]).problems[0].status == "整改中"
    # no progress entry at all: the status as written (no date says otherwise)
    assert on_d(problems=[problem(status="整改中")]).problems[0].status == "整改中"


def test_a_long_term_problem_keeps_its_status_while_it_had_progress_by_then():
    long_term = "阶段性完成、长期坚持"
    assert on_d(problems=[problem(status=long_term, progress=[BEFORE, AFTER])]).problems[0].status == long_term
    assert on_d(problems=[problem(status=long_term, progress=[AFTER])]).problems[0].status == "未开始"
    assert on_d(problems=[problem(status=long_term)]).problems[0].status == long_term


def test_a_report_completed_after_the_day_is_being_written():
    def report(day):
        return m.ResearchReport(id="R", topic="T", title="报告", status="已完成", completed=day)
    assert on_d(reports=[report(AFTER)]).reports[0] == report(AFTER).model_copy(
        update={"status": "撰写中", "completed": None})
    assert on_d(reports=[report(D)]).reports[0] == report(D)


def test_a_regulation_issued_after_the_day_is_being_drafted_and_drops_answers_to_problems_not_yet_found():
    def regulation(day):
        return m.Regulation(id="G", title="制度", kind="新建", status="已印发", issued=day, answers=["P-1", "P-2"])
    problems = [problem("P-1", found=BEFORE, status="未开始"), problem("P-2", found=AFTER, status="未开始")]
    known = on_d(regulations=[regulation(AFTER)], problems=problems)
    assert (known.regulations[0].status, known.regulations[0].issued) == ("起草中", None)
    assert known.regulations[0].answers == ["P-1"] and [p.id for p in known.problems] == ["P-1"]
    assert on_d(regulations=[regulation(D)]).regulations[0].status == "已印发"


def test_a_topic_visited_after_the_day_has_no_visit_date_yet():
    def topic(day):
        return m.Topic(id="T", name="选题", leader="局长", department="办公室", places=["某地"], visit_date=day)
    later = on_d(topics=[topic(AFTER)])
    assert (later.topics[0].visit_date, later.topics[0].places) == (None, [])  # places: where the visit went
    assert compute_figures(later).places_visited == () and compute_figures(later).topic_count == 1
    assert on_d(topics=[topic(D)]).topics[0] == topic(D)
    assert compute_figures(on_d(topics=[topic(D)])).places_visited == ("某地",)


def test_figures_on_the_day_count_only_what_had_happened():
    known = on_d(activities=[activity("A1", BEFORE), activity("A2", D), activity("A3", AFTER)],
                 problems=[problem("P-1", completed=BEFORE, progress=[BEFORE]),
                           problem("P-2", completed=AFTER, progress=[BEFORE]),
                           problem("P-3", found=AFTER, status="未开始")])
    fig = compute_figures(known)
    assert (fig.lecture_count, fig.problem_count, fig.problems_done, fig.completion_rate) == (2, 2, 1, "50%")
    assert fig.problems_by_status["整改中"] == 1


def test_outside_period_activities_are_listed_but_not_counted():
    fig = compute_figures(ledger(activities=[activity("A1", dt.date(2023, 8, 20), outside_period=True),
                                             activity("A2", dt.date(2023, 9, 20))]))
    assert (fig.lecture_count, fig.activity_count) == (1, 1)


def test_no_judgement_reads_the_clock_the_day_given_is_used():
    known = on_d(problems=[problem(status="整改中", progress=[dt.date(2023, 9, 1)])])
    assessment = tracker.assess(known)
    assert assessment.as_of == D and [a.label for a in assessment.stale] == ["44天无进展"]


def test_on_its_own_as_of_date_the_sample_ledger_is_unchanged(root):
    full = BuildContext(root).full
    assert as_known_on(full, full.settings.as_of) == full


@pytest.mark.parametrize("day", [dt.date(2023, 9, 1), dt.date(2023, 10, 15), dt.date(2023, 11, 20)])
def test_the_build_context_on_a_day_counts_the_sample_records_dated_by_then(root, day):
    context = BuildContext(root, BuildOptions(as_of=day))
    full, fig = context.full, context.figures
    assert context.as_of == day and context.report.date == day
    assert fig.lecture_count == sum(1 for a in full.activities if a.type == "专题党课" and a.date <= day)
    assert fig.problem_count == sum(1 for p in full.problems if p.found <= day)
    assert fig.problems_done == sum(1 for p in full.problems if p.completed and p.completed <= day)
    assert fig.reports_done == sum(1 for r in full.reports if r.completed and r.completed <= day)
    # the board's chart already ended on the day; now every figure agrees with it
    series = tracker.open_closed_series(full.problems, day)
    assert (series[-1].open + series[-1].closed if series else 0) == fig.problem_count


def test_the_registry_stages_are_the_models_statuses_and_appear_dates_are_events():
    for record_kind in KINDS:
        if record_kind.appears:
            assert record_kind.appears in record_kind.event_dates, record_kind.key
        if record_kind.stages:
            allowed = typing.get_args(typing.get_type_hints(record_kind.model)["status"])
            assert {s.status for s in record_kind.stages} == set(allowed), record_kind.key
            assert all(s.event in record_kind.event_dates for s in record_kind.stages if s.event), record_kind.key
        for event, fields in record_kind.comes_with:
            field, _, inner = event.partition(".")
            holder = (m.entry_model(typing.get_type_hints(record_kind.model)[field]) if inner else record_kind.model)
            assert event in record_kind.event_dates and set(fields) <= set(holder.model_fields)


def test_status_on_follows_the_stages():
    p = problem(completed=AFTER, progress=[BEFORE])
    assert status_on(kind("problems"), p, D) == "整改中"
    assert status_on(kind("problems"), p, AFTER) == "已完成"
