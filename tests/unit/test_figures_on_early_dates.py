"""Figures that are true on every date: the defects an independent recomputation found, each at its date.

(The pages' side of the same cases is in tests/integration/test_campaign_build.py.)
"""
import datetime as dt

from ledger.context import BuildContext, BuildOptions
from ledger.views.figure_labels import figure_lines
from ledger.views.report_views import report_text
from ledger.views.status import status_summary
from support import ROOT


def at(day: str) -> BuildContext:
    return BuildContext(ROOT, BuildOptions(as_of=dt.date.fromisoformat(day)))


def test_unfinished_problems_have_one_name_and_in_progress_is_its_own_figure():
    context = at("2023-09-30")
    fig = context.figures
    statuses = {p.status for p in context.ledger.problems if p.status != "已完成"}
    assert statuses == {"未开始"}                     # nothing is 整改中 yet …
    assert (fig.problems_open, fig.problems_in_progress) == (3, 0)   # … so 3 unfinished, 0 in progress
    assert fig.label("problems_open") == "尚未完成整改"
    assert "尚未完成整改（个）：3" in figure_lines(fig)
    assert "尚未完成整改3个" in status_summary(context.ledger)
    assert "正在整改" not in "\n".join(figure_lines(fig)) + status_summary(context.ledger)


def test_a_regulation_still_being_drafted_is_not_established():
    context = at("2023-10-15")
    drafts = [r.id for r in context.ledger.regulations if r.status == "起草中"]
    assert drafts == ["G-01"]                          # issued 2023-10-25
    assert context.figures.new_regulation_count == 1
    text = report_text(context.report)
    assert "新建《XX区气象局气象灾害预警信号叫应工作细则》等制度1个" in text
    assert "应急响应实施办法" not in text
    assert at("2023-11-20").figures.new_regulation_count == 2


def test_outcomes_of_a_research_report_come_with_its_completion():
    context = at("2023-10-15")
    assert all(r.status == "撰写中" and r.outcomes == [] for r in context.ledger.reports)
    done = at("2023-10-26").ledger.reports   # R-02 completed on 2023-10-25
    assert [(r.id, bool(r.outcomes)) for r in done] == [("R-01", False), ("R-02", True), ("R-03", False), ("R-04", False)]


def test_the_report_quotes_no_activity_held_after_its_date():
    early = report_text(at("2023-09-30").report)
    for held_later in ("跟进学习习近平总书记最新重要讲话和文章", "再认识再对标再落实习近平总书记关于气象工作重要指示精神"):
        assert held_later not in early
        assert held_later in report_text(at("2023-11-20").report)
    assert "调研报告正在撰写" in early                 # none completed yet: no 完成…篇


def test_the_report_says_the_cases_were_dissected_only_when_every_case_was(tmp_path):
    import shutil
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    path = tmp_path / "data" / "research.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("dissected: true", "dissected: false", 1), encoding="utf-8")
    context = BuildContext(tmp_path)
    assert (context.figures.case_count, context.figures.dissected_case_count) == (2, 1)
    assert "解剖式调研" not in report_text(context.report)
    assert "并开展了解剖式调研" in report_text(BuildContext(ROOT).report)
