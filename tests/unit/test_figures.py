"""Figures are counted from records: the seed report's numbers fall out of the sample data."""
import dataclasses

from ledger import compute_figures, load_ledger


def test_sample_data_gives_the_seed_reports_figures(root):
    fig = compute_figures(load_ledger(root / "data"))
    assert (fig.reading_class_count, fig.reading_class_days) == (1, 7)
    assert fig.lecture_count == 3
    assert fig.seminar_count == 3
    assert fig.branch_study_count == 5
    assert fig.field_study_count == 2
    assert fig.topic_count == 4 and fig.report_count == 4
    assert (fig.positive_case_count, fig.negative_case_count) == (1, 1)
    assert (fig.problem_count, fig.problems_done) == (8, 6)
    assert fig.completion_rate == "75%"
    assert fig.new_regulation_count == 2
    assert fig.action_count == 5


def test_counts_follow_the_records(root):
    ledger = load_ledger(root / "data")
    extra_lecture = ledger.activities[1].model_copy(update={"id": "DK-99"})
    assert extra_lecture.type == "专题党课"
    more = dataclasses.replace(ledger, activities=ledger.activities + (extra_lecture,))
    assert compute_figures(more).lecture_count == compute_figures(ledger).lecture_count + 1


def test_rate_of_an_empty_problem_list_is_zero(root):
    ledger = load_ledger(root / "data")
    fig = compute_figures(dataclasses.replace(ledger, problems=()))
    assert (fig.problem_count, fig.completion_rate) == (0, "0%")
