"""Public and internal views of the ledger (ledger/audience.py)."""
import dataclasses

import pytest
from pydantic import ValidationError

from ledger import compute_figures, load_ledger
from ledger.records import models as m
from ledger.records.audience import INTERNAL_TEXT, AudienceError, check_audience, public_view, view_for, withheld_files
from ledger.records.models import internal_field_problem


@pytest.fixture(scope="module")
def ledger(root):
    return load_ledger(root / "data")


def _replace(ledger, kind, record_id, **changes):
    """The ledger with one record changed (records are frozen)."""
    records = tuple(r.model_copy(update=changes) if r.id == record_id else r for r in getattr(ledger, kind))
    return dataclasses.replace(ledger, **{kind: records})


def test_the_audience_is_an_argument_checked_in_chinese(ledger):
    assert view_for(ledger, "internal") is ledger
    assert view_for(ledger, "public") == public_view(ledger)
    with pytest.raises(AudienceError, match="读者范围「公开」无效"):
        check_audience("公开")


def test_an_internal_field_is_hidden_but_the_record_still_counts(ledger):
    public = public_view(ledger)
    case = next(c for c in public.cases if c.id == "C-02")
    assert case.title == INTERNAL_TEXT and case.kind == "反面"
    assert compute_figures(public).negative_case_count == compute_figures(ledger).negative_case_count == 1
    problem = next(p for p in public.problems if p.id == "P-008")
    assert (problem.leader, problem.department) == (INTERNAL_TEXT, INTERNAL_TEXT)
    assert problem.description == next(p for p in ledger.problems if p.id == "P-008").description


def test_an_internal_record_is_left_out_and_not_counted(ledger):
    marked = _replace(ledger, "problems", "P-007", internal=True)
    public = public_view(marked)
    assert "P-007" not in {p.id for p in public.problems}
    assert compute_figures(public).problem_count == len(ledger.problems) - 1
    assert compute_figures(public).problems_done == compute_figures(ledger).problems_done - 1
    regulation = next(r for r in public.regulations if r.id == "G-01")
    assert regulation.answers == []  # G-01 answered P-007 only


def test_what_exists_through_an_internal_topic_goes_with_it(ledger):
    public = public_view(_replace(ledger, "topics", "T-04", internal=True))
    assert "T-04" not in {t.id for t in public.topics}
    assert "R-04" not in {r.id for r in public.reports}  # the report on that topic
    assert next(p for p in public.problems if p.id == "P-004").topic is None
    assert "粮食种植基地" not in compute_figures(public).places_visited


def test_entries_keep_their_dates_and_lose_their_text(ledger):
    public = public_view(_replace(ledger, "problems", "P-005", internal_fields=["progress", "closure"]))
    original = next(p for p in ledger.problems if p.id == "P-005")
    problem = next(p for p in public.problems if p.id == "P-005")
    assert [e.date for e in problem.progress] == [e.date for e in original.progress]
    assert {e.text for e in problem.progress} == {INTERNAL_TEXT}
    assert problem.closure.date == original.closure.date
    assert (problem.closure.evidence, problem.closure.approved_by) == (INTERNAL_TEXT, INTERNAL_TEXT)
    assert problem.closure.evidence_file is None
    assert withheld_files(ledger, public) == {original.closure.evidence_file}
    assert withheld_files(ledger, public_view(ledger)) == set()


def test_a_list_of_names_reads_as_one_hidden_entry(ledger):
    public = public_view(_replace(ledger, "topics", "T-02", internal_fields=["places"]))
    assert next(t for t in public.topics if t.id == "T-02").places == [INTERNAL_TEXT]


def test_only_text_can_be_internal():
    assert internal_field_problem(m.Case, "title") is None
    assert internal_field_problem(m.Problem, "closure") is None
    assert "不是文字字段" in internal_field_problem(m.Case, "kind")
    assert "不是文字字段" in internal_field_problem(m.Problem, "deadline")
    assert "不是文字字段" in internal_field_problem(m.ResearchReport, "topic")  # a reference to another record
    assert "可写：title" in internal_field_problem(m.Case, "titel")
    assert internal_field_problem(m.Case, "id") is not None
    with pytest.raises(ValidationError, match="「status」不是文字字段"):
        m.Regulation(id="G-09", title="制度", kind="新建", status="已印发", internal_fields=["status"])
