"""Each measure of a declared figure, and each rule by which a figure adds up across units, on hand-made records."""
import datetime as dt

import pytest

from ledger.records import models as m
from ledger.records.campaign import Campaign, FigureSpec
from ledger.records.ledger import Ledger
from ledger.views.measures import add_up, compute_figures
from support import sample_campaign

D = dt.date(2023, 10, 1)


def settings(**changes) -> m.Settings:
    values = dict(unit="某单位", party_group="某单位党组", campaign="某学习教育", campaign_short="学习教育",
                  batch="第一批", period_start=dt.date(2023, 9, 1), period_end=dt.date(2024, 1, 31), as_of=D,
                  report_title="汇报")
    return m.Settings(**{**values, **changes})


def campaign(*figures: dict) -> Campaign:
    base = sample_campaign()
    return Campaign(id="test", version="1", choices={k: [c.model_dump() for c in v] for k, v in base.choices.items()},
                    figures=[FigureSpec(**{"basis": "测试", **f}) for f in figures])


def activity(i, type_, days=1, date=D, **more):
    return m.Activity(id=i, type=type_, title=f"活动{i}", date=date, days=days, **more)


def problem(i, status="整改中", source="群众反映", department="办公室", deadline=dt.date(2023, 12, 1), **more):
    completed = dt.date(2023, 9, 20) if status == "已完成" else None
    return m.Problem(id=i, description=f"问题{i}", source=source, measures="措施", leader="局长", department=department,
                     found=dt.date(2023, 9, 10), deadline=deadline, status=status, completed=completed, **more)


def topic(i, places, visit_date):
    return m.Topic(id=i, name=f"选题{i}", leader="局长", department="办公室", places=places, visit_date=visit_date)


def ledger(c: Campaign, **lists) -> Ledger:
    return Ledger(settings=settings(), campaign=c, **{k: tuple(v) for k, v in lists.items()})


def test_count_takes_the_records_matching_every_condition_and_any_listed_value():
    c = campaign({"id": "lectures", "label": "党课", "measure": "count", "kind": "activities", "where": {"type": "专题党课"}},
                 {"id": "two_kinds", "label": "两类", "measure": "count", "kind": "activities",
                  "where": {"type": ["专题党课", "专题读书班"]}},
                 {"id": "all", "label": "全部", "measure": "count", "kind": "activities"})
    fig = compute_figures(ledger(c, activities=[activity("A", "专题党课"), activity("B", "专题党课"),
                                                activity("C", "专题读书班"), activity("E", "党支部集中学习")]))
    assert (fig["lectures"], fig["two_kinds"], fig["all"]) == (2, 3, 4)


def test_a_record_marked_outside_the_period_is_listed_but_never_counted():
    c = campaign({"id": "all", "label": "全部", "measure": "count", "kind": "activities"},
                 {"id": "days", "label": "天数", "measure": "sum", "kind": "activities", "field": "days"})
    fig = compute_figures(ledger(c, activities=[activity("A", "专题读书班", days=7),
                                                activity("B", "专题读书班", days=3, date=dt.date(2023, 8, 1),
                                                         outside_period=True)]))
    assert (fig["all"], fig["days"]) == (1, 7)


def test_sum_adds_a_number_field_of_the_matching_records():
    c = campaign({"id": "days", "label": "读书班天数", "measure": "sum", "kind": "activities", "field": "days",
                  "where": {"type": "专题读书班"}})
    fig = compute_figures(ledger(c, activities=[activity("A", "专题读书班", days=7), activity("B", "专题读书班", days=2),
                                                activity("C", "专题党课", days=5)]))
    assert fig["days"] == 9


def test_distinct_lists_each_value_once_in_the_order_asked():
    c = campaign({"id": "places", "label": "地点", "measure": "distinct", "kind": "topics", "field": "places",
                  "order_by": "visit_date"},
                 {"id": "as_written", "label": "地点", "measure": "distinct", "kind": "topics", "field": "places"})
    fig = compute_figures(ledger(c, topics=[topic("T1", ["乙地", "甲地"], dt.date(2023, 9, 20)),
                                            topic("T2", ["丙地"], None),
                                            topic("T3", ["甲地", "丁地"], dt.date(2023, 9, 5))]))
    assert fig["places"] == ("甲地", "丁地", "乙地", "丙地")     # by visit date, undated last
    assert fig["as_written"] == ("乙地", "甲地", "丙地", "丁地")


def test_rate_is_the_part_over_the_whole_as_reports_state_it():
    c = campaign({"id": "done", "label": "已完成", "measure": "count", "kind": "problems", "where": {"status": "已完成"}},
                 {"id": "total", "label": "全部", "measure": "count", "kind": "problems"},
                 {"id": "rate", "label": "完成率", "measure": "rate", "of": "done", "over": "total"})
    fig = compute_figures(ledger(c, problems=[problem(f"P{i}", "已完成") for i in range(199)] + [problem("X")]))
    assert fig["rate"] == "99%"      # 199/200 rounds to 100%, but one is open
    assert compute_figures(ledger(c))["rate"] == "0%"


def test_judgement_counts_the_problems_the_board_judges():
    c = campaign({"id": "late", "label": "逾期", "measure": "judgement", "kind": "problems", "judgement": "overdue"},
                 {"id": "soon", "label": "即将到期", "measure": "judgement", "kind": "problems", "judgement": "due_soon"})
    fig = compute_figures(ledger(c, problems=[problem("P1", deadline=dt.date(2023, 9, 30)),
                                              problem("P2", deadline=dt.date(2023, 10, 5)),
                                              problem("P3", "已完成", deadline=dt.date(2023, 9, 25))]))
    assert (fig["late"], fig["soon"]) == (1, 1)


def test_breakdown_groups_by_choices_in_their_order_then_other_values_as_met():
    c = campaign({"id": "by_source", "label": "按来源", "measure": "breakdown", "kind": "problems", "field": "source"},
                 {"id": "by_dept", "label": "按科室", "measure": "breakdown", "kind": "problems", "field": "department"},
                 {"id": "done_by_dept", "label": "已完成按科室", "measure": "breakdown", "kind": "problems",
                  "field": "department", "where": {"status": "已完成"}})
    fig = compute_figures(ledger(c, problems=[problem("P1", source="群众反映", department="乙科"),
                                              problem("P2", "已完成", source="调研发现", department="甲科")]))
    assert fig["by_source"] == {"调研发现": 1, "推动发展中发现": 0, "群众反映": 1}
    assert fig["by_dept"] == {"乙科": 1, "甲科": 1}
    assert fig["done_by_dept"] == {"乙科": 0, "甲科": 1}   # the same groups, counted among the done


def test_figures_keep_the_definitions_order_and_are_named_by_it():
    c = campaign({"id": "z_last", "label": "乙", "unit": "个", "measure": "count", "kind": "problems"},
                 {"id": "a_first", "label": "甲", "unit": "次", "measure": "count", "kind": "activities"})
    fig = compute_figures(ledger(c))
    assert list(fig) == ["z_last", "a_first"]
    assert (fig.label("a_first"), fig.unit("a_first"), fig.caption("a_first"), fig.a_first) == ("甲", "次", "甲（次）", 0)
    with pytest.raises(KeyError, match="no_such"):
        fig["no_such"]


# ---- how each figure adds up across units ----

def test_add_up_sums_counts_recomputes_rates_unites_places_and_keeps_breakdowns_by_unit_apart():
    c = campaign({"id": "done", "label": "已完成", "measure": "count", "kind": "problems", "where": {"status": "已完成"}},
                 {"id": "total", "label": "全部", "measure": "count", "kind": "problems"},
                 {"id": "rate", "label": "完成率", "measure": "rate", "of": "done", "over": "total"},
                 {"id": "places", "label": "地点", "measure": "distinct", "kind": "topics", "field": "places"},
                 {"id": "by_source", "label": "按来源", "measure": "breakdown", "kind": "problems", "field": "source"},
                 {"id": "by_dept", "label": "按科室", "measure": "breakdown", "kind": "problems", "field": "department",
                  "add_up": "per_unit"})
    one = compute_figures(ledger(c, problems=[problem("P1", "已完成")], topics=[topic("T", ["甲地", "乙地"], None)]))
    two = compute_figures(ledger(c, problems=[problem("P1"), problem("P2"), problem("P3", "已完成", source="调研发现")],
                                 topics=[topic("T", ["乙地", "丙地"], None)]))
    assert (one["rate"], two["rate"]) == ("100%", "33%")
    total = add_up(c, [one, two])
    assert (total["done"], total["total"]) == (2, 4)
    assert total["rate"] == "50%"                       # recomputed from the totals, not 100% + 33%
    assert total["places"] == ("甲地", "乙地", "丙地")   # a place visited by both units counts once
    assert total["by_source"] == {"调研发现": 1, "推动发展中发现": 0, "群众反映": 3}
    assert total["by_dept"] is None                      # a 科室 is a unit's own: no total
