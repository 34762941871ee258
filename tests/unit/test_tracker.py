"""整改台账 rules on small fixtures: overdue, due soon, stale, missing evidence, the rate, the series."""
import dataclasses
import datetime as dt

from hypothesis import given, settings, strategies as st

from ledger import compute_figures, load_ledger
from ledger.views import tracker
from ledger.records.models import Closure, ProgressEntry, Problem

D = dt.date
AS_OF = D(2023, 11, 20)


def problem(pid="P-1", *, status="整改中", found=D(2023, 10, 1), deadline=D(2023, 11, 30), completed=None,
            progress=(), closure=None) -> Problem:
    return Problem(id=pid, description="问题", source="调研发现", measures="措施", leader="党组书记、局长",
                   department="办公室", found=found, deadline=deadline, status=status, completed=completed,
                   progress=[ProgressEntry(date=d, text="进展") for d in progress], closure=closure)


def done(pid="P-1", *, completed=D(2023, 11, 1), closure="evidence", **kw) -> Problem:
    closures = {
        "evidence": Closure(date=completed, evidence="会议纪要", approved_by="党组书记、局长"),
        "file": Closure(date=completed, evidence_file="evidence/x.pdf", approved_by="党组书记、局长"),
        "bare": Closure(date=completed, approved_by="党组书记、局长"),
        None: None,
    }
    return problem(pid, status="已完成", completed=completed, closure=closures[closure], **kw)


# ---- 逾期未完成 ----
def test_open_problem_past_its_deadline_is_overdue_by_whole_days():
    alert = tracker.overdue_alert(problem(deadline=D(2023, 11, 15)), AS_OF)
    assert alert.kind == tracker.OVERDUE
    assert alert.label == "逾期5天"
    assert "2023年11月15日" in alert.note


def test_deadline_on_the_as_of_day_is_not_yet_overdue_but_due_today():
    p = problem(deadline=AS_OF)
    assert tracker.overdue_alert(p, AS_OF) is None
    assert tracker.due_soon_alert(p, AS_OF, 14).label == "今天到期"


def test_not_started_counts_as_overdue_too_but_done_and_long_term_do_not():
    late = D(2023, 11, 1)
    assert tracker.overdue_alert(problem(status="未开始", deadline=late), AS_OF) is not None
    assert tracker.overdue_alert(done(deadline=late, completed=D(2023, 11, 5)), AS_OF) is None
    assert tracker.overdue_alert(problem(status="阶段性完成、长期坚持", deadline=late), AS_OF) is None


# ---- 即将到期 ----
def test_due_soon_window_includes_its_last_day_and_not_the_next():
    assert tracker.due_soon_alert(problem(deadline=AS_OF + dt.timedelta(days=14)), AS_OF, 14).label == "14天后到期"
    assert tracker.due_soon_alert(problem(deadline=AS_OF + dt.timedelta(days=15)), AS_OF, 14) is None


def test_overdue_and_finished_problems_are_not_due_soon():
    assert tracker.due_soon_alert(problem(deadline=AS_OF - dt.timedelta(days=1)), AS_OF, 14) is None
    assert tracker.due_soon_alert(done(deadline=AS_OF + dt.timedelta(days=3)), AS_OF, 14) is None


# ---- 进展滞后 ----
def test_stale_counts_days_since_the_newest_progress_entry():
    p = problem(progress=[D(2023, 10, 5), D(2023, 10, 20)])
    alert = tracker.stale_alert(p, AS_OF, 30)
    assert alert.label == "31天无进展"
    assert "2023年10月20日" in alert.note
    assert tracker.stale_alert(p, AS_OF, 31) is None  # exactly N days without news is not yet stale


def test_without_any_progress_the_found_date_counts():
    p = problem(found=D(2023, 10, 1))
    assert tracker.last_activity(p) == D(2023, 10, 1)
    assert "尚无进展记录" in tracker.stale_alert(p, AS_OF, 30).note


def test_finished_problems_are_never_stale_long_term_ones_are():
    assert tracker.stale_alert(done(progress=[D(2023, 10, 2)], found=D(2023, 10, 1)), AS_OF, 30) is None
    long_term = problem(status="阶段性完成、长期坚持", progress=[D(2023, 10, 2)])
    assert tracker.stale_alert(long_term, AS_OF, 30) is not None


# ---- 缺少佐证材料 ----
def test_finished_without_closure_or_without_evidence_is_flagged():
    assert tracker.evidence_alert(done(closure=None)).label == "未销号"
    assert tracker.evidence_alert(done(closure="bare")).label == "缺佐证"


def test_evidence_text_or_file_is_enough_and_open_problems_are_not_judged():
    assert tracker.evidence_alert(done(closure="evidence")) is None
    assert tracker.evidence_alert(done(closure="file")) is None
    assert tracker.evidence_alert(problem()) is None


# ---- 完成率 ----
def test_rate_is_finished_over_all_rounded_as_reports_state_it():
    assert tracker.completion_rate([done("A"), done("B"), done("C"), problem("D")]) == "75%"
    assert tracker.completion_rate([done("A"), done("B"), problem("C")]) == "67%"
    assert tracker.completion_rate([done("A"), problem("B", status="阶段性完成、长期坚持")]) == "50%"
    assert tracker.completion_rate([]) == "0%"


def test_finished_late_days():
    assert tracker.finished_late_days(done(deadline=D(2023, 11, 1), completed=D(2023, 11, 4))) == 3
    assert tracker.finished_late_days(done(deadline=D(2023, 11, 30), completed=D(2023, 11, 4))) is None


# ---- one assessment, counted by Figures ----
def test_assessment_lists_each_rule_in_record_order():
    problems = [problem("A", deadline=D(2023, 11, 1)), problem("B", deadline=D(2023, 11, 25)),
                problem("C", deadline=D(2023, 11, 2), progress=[D(2023, 11, 18)]), done("D", closure=None)]
    result = tracker.assess_problems(problems, AS_OF, due_soon_days=14, stale_days=30)
    assert [a.problem.id for a in result.overdue] == ["A", "C"]
    assert [a.problem.id for a in result.due_soon] == ["B"]
    assert [a.problem.id for a in result.stale] == ["A", "B"]
    assert [a.problem.id for a in result.without_evidence] == ["D"]
    assert [a.kind for a in result.alerts_for("A")] == [tracker.OVERDUE, tracker.STALE]
    assert result.alerts_for("nothing") == ()


def test_figures_count_the_same_assessment(root):
    ledger = load_ledger(root / "data")
    assessment = tracker.assess(ledger)
    fig = compute_figures(ledger)
    assert (fig.problems_overdue, fig.problems_due_soon, fig.problems_stale, fig.problems_without_evidence) == (
        len(assessment.overdue), len(assessment.due_soon), len(assessment.stale), len(assessment.without_evidence))
    assert fig.completion_rate == tracker.completion_rate(ledger.problems)


def test_sample_data_shows_each_judgement_the_brief_describes(root):
    """P-002 falls due within 14 days of the as-of date; P-008 is overdue and has had no progress for 30 days."""
    assessment = tracker.assess(load_ledger(root / "data"))
    assert [a.problem.id for a in assessment.overdue] == ["P-008"]
    assert [a.problem.id for a in assessment.due_soon] == ["P-002"]
    assert [a.problem.id for a in assessment.stale] == ["P-008"]
    assert assessment.without_evidence == ()


def test_changing_a_record_changes_the_figures(root):
    ledger = load_ledger(root / "data")
    before = compute_figures(ledger)
    p2 = ledger.problem("P-002")
    late = p2.model_copy(update={"deadline": ledger.settings.as_of - dt.timedelta(days=1)})
    changed = dataclasses.replace(ledger, problems=tuple(late if p.id == "P-002" else p for p in ledger.problems))
    after = compute_figures(changed)
    assert after.problems_overdue == before.problems_overdue + 1
    assert after.problems_due_soon == before.problems_due_soon - 1


def test_an_as_of_date_other_than_the_settings_can_be_given(root):
    ledger = load_ledger(root / "data")
    p8 = ledger.problem("P-008")
    assert tracker.assess(ledger, as_of=p8.deadline - dt.timedelta(days=1)).overdue == ()


def test_tally_by_group_keeps_named_groups_and_first_appearance_order():
    problems = [problem("A"), done("B"), problem("C").model_copy(update={"department": "气象台"})]
    totals, finished = tracker.tally(problems, lambda p: p.department, order=["防灾减灾科"])
    assert totals == {"防灾减灾科": 0, "办公室": 2, "气象台": 1}
    assert finished == {"防灾减灾科": 0, "办公室": 1, "气象台": 0}


# ---- open versus closed over time ----
def test_series_steps_on_each_found_and_completed_day_up_to_as_of():
    problems = [done("A", found=D(2023, 9, 1), completed=D(2023, 9, 10)),
                problem("B", found=D(2023, 9, 5)),
                done("C", found=D(2023, 9, 5), completed=D(2023, 12, 1)),  # completed after as-of: still open
                problem("D", found=D(2023, 12, 1))]                         # found after as-of: not counted
    points = tracker.open_closed_series(problems, AS_OF)
    assert [(p.date, p.open, p.closed) for p in points] == [
        (D(2023, 9, 1), 1, 0), (D(2023, 9, 5), 3, 0), (D(2023, 9, 10), 2, 1), (AS_OF, 2, 1)]


def test_series_of_no_problems_is_empty():
    assert tracker.open_closed_series([], AS_OF) == ()


day = st.dates(min_value=D(2023, 1, 1), max_value=D(2023, 12, 31))


@st.composite
def problems_strategy(draw):
    out = []
    for i in range(draw(st.integers(0, 12))):
        found = draw(day)
        if draw(st.booleans()):
            completed = found + dt.timedelta(days=draw(st.integers(0, 90)))
            out.append(done(f"P{i}", found=found, completed=completed, deadline=found))
        else:
            out.append(problem(f"P{i}", found=found, deadline=found))
    return out


@settings(max_examples=60, deadline=None)
@given(problems_strategy(), day)
def test_series_invariants(problems, as_of):
    points = tracker.open_closed_series(problems, as_of)
    if not points:
        assert not any(p.found <= as_of for p in problems)
        return
    assert points[-1].date == as_of
    assert [p.date for p in points] == sorted({p.date for p in points})
    closed = [p.closed for p in points]
    assert closed == sorted(closed)  # closed never goes down
    last = points[-1]
    assert last.open + last.closed == sum(1 for p in problems if p.found <= as_of)
    assert last.closed == sum(1 for p in problems if p.is_done and p.completed <= as_of)
