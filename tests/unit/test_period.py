"""本期进展 (ledger/views/period.py): figures then → now, the records behind the change, the Word 进展情况."""
from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from docx import Document

from ledger.cli import main
from ledger.context import BuildContext
from ledger.exports.docx import write_docx
from ledger.records import models as m
from ledger.records.dated import as_known_on
from ledger.records.ledger import Ledger
from ledger.records.registry import KINDS
from ledger.views.measures import compute_figures
from support import sample_campaign
from ledger.views.period import (EVENT_NAMES, PeriodError, period_between, period_markdown,
                                 period_report, period_text)
from ledger.views.report_views import report_text

SINCE, UNTIL = dt.date(2023, 10, 15), dt.date(2023, 11, 20)


def settings(**update) -> m.Settings:
    base = dict(unit="某局", party_group="某局党组", campaign="主题教育", campaign_short="主题教育", batch="第二批",
                period_start=dt.date(2023, 9, 1), period_end=dt.date(2024, 1, 31), as_of=UNTIL,
                report_title="汇报", reports_sent=[dt.date(2023, 9, 30), SINCE])
    return m.Settings(**(base | update))


def problem(pid, found, *, completed=None, progress=(), closure=None):
    return m.Problem(id=pid, description=f"问题{pid}", source="群众反映", measures="措施", leader="局长",
                     department="办公室", found=found, deadline=dt.date(2023, 12, 31),
                     status="已完成" if completed else ("整改中" if progress else "未开始"), completed=completed,
                     progress=[m.ProgressEntry(date=d, text=f"进展{d}") for d in progress],
                     closure=m.Closure(date=closure, approved_by="局长") if closure else None)


@pytest.fixture
def small() -> Ledger:
    return Ledger(
        settings=settings(), campaign=sample_campaign(),
        activities=(m.Activity(id="A1", type="专题党课", title="第一课", date=dt.date(2023, 10, 1)),
                    m.Activity(id="A2", type="专题党课", title="第二课", date=SINCE),       # on the report's day: before
                    m.Activity(id="A3", type="专题党课", title="第三课", date=dt.date(2023, 10, 16))),
        problems=(problem("P-1", dt.date(2023, 9, 20), completed=dt.date(2023, 10, 10), progress=[dt.date(2023, 10, 1)]),
                  problem("P-2", dt.date(2023, 10, 1), completed=dt.date(2023, 11, 1), progress=[dt.date(2023, 10, 20)],
                          closure=UNTIL),
                  problem("P-3", dt.date(2023, 11, 5))),
        regulations=(m.Regulation(id="G", title="新制度", kind="新建", status="已印发", issued=dt.date(2023, 11, 2),
                                  answers=["P-3"]),),
    )


def test_the_period_runs_from_the_last_report_sent_to_the_as_of_date(small):
    period = period_between(small)
    assert (period.since, period.until, period.since_is) == (SINCE, UNTIL, "report")
    assert period.since_text() == "上次报送（2023年10月15日）"
    assert period_between(small, until=dt.date(2023, 10, 10)).since == dt.date(2023, 9, 30)
    no_report = period_between(small, until=dt.date(2023, 9, 30))
    assert (no_report.since, no_report.since_is, no_report.since_text()) == (dt.date(2023, 8, 31), "start", "主题教育开始")
    given = period_between(small, SINCE)
    assert (given.since_is, given.since_text()) == ("date", "2023年10月15日")
    assert report_text(period_report(given, "某局党组", "主题教育")).splitlines()[1].startswith(
        "2023年10月15日以来（2023年10月15日至2023年11月20日），某局党组")


def test_each_figure_then_and_now_with_its_change(small):
    changes = {f.field: f for f in period_between(small).figures}
    then = compute_figures(as_known_on(small, SINCE))
    assert (changes["problems_done"].before, changes["problems_done"].after) == (then.problems_done, 2)
    assert changes["problems_done"].text() == "已完成整改 1 → 2，新增 1"
    assert changes["lecture_count"].text() == "专题党课 2 → 3，新增 1"
    assert changes["problems_open"].text() == "尚未完成整改 1 → 1，无变化"
    assert changes["completion_rate"].text() == "整改完成率 50% → 67%，提高 17 个百分点"
    assert changes["regulations_issued"].text() == "印发制度 0 → 1，新增 1"
    # the figures the campaign definition lists for a period, in its order, named as it names them
    assert [f.field for f in period_between(small).figures] == small.campaign.progress_figures
    assert [f.label for f in period_between(small).figures] == [small.campaign.figure(i).label
                                                                 for i in small.campaign.progress_figures]


def test_the_records_behind_the_change_are_the_events_after_the_first_day_up_to_the_last(small):
    events = [(e.day, e.name, e.record_id) for e in period_between(small).events]
    assert events == [
        (dt.date(2023, 10, 16), "专题党课", "A3"),
        (dt.date(2023, 10, 20), "整改进展", "P-2"),
        (dt.date(2023, 11, 1), "完成整改", "P-2"),
        (dt.date(2023, 11, 2), "印发制度", "G"),
        (dt.date(2023, 11, 5), "查摆问题", "P-3"),
        (UNTIL, "销号", "P-2"),
    ]


def test_any_two_dates_and_a_wrong_order_is_refused(small):
    period = period_between(small, dt.date(2023, 10, 31), dt.date(2023, 11, 2))
    assert [e.record_id for e in period.events] == ["P-2", "G"]
    with pytest.raises(PeriodError, match="应早于"):
        period_between(small, UNTIL, SINCE)


def test_every_event_date_of_the_registry_has_a_name():
    assert {(k.key, path) for k in KINDS for path in k.event_dates if k.key != "activities"} == set(EVENT_NAMES)


def test_text_and_page_show_the_changes_and_escape_record_text(small):
    odd = dataclasses.replace(small, problems=small.problems[:2] + (
        small.problems[2].model_copy(update={"description": "<b>=1+1</b> | *x*"}),))
    period = period_between(odd)
    text = period_text(period)
    assert "已完成整改 1 → 2，新增 1" in text and "2023年11月5日 查摆问题 问题 P-3：<b>=1+1</b> | *x*" in text
    page = period_markdown(period, url_for=lambda event: f"../{event.record_id}/")
    assert "<b>" not in page and "&#60;b&#62;" in page and "| *x*" not in page
    assert '<a href="../P-3/">问题 P&#45;3</a>' in page


def test_the_word_progress_report_is_a_gongwen_with_the_changes(small, tmp_path):
    report = period_report(period_between(small), "某局党组", "主题教育")
    path = write_docx(report, tmp_path / "进展情况.docx")
    paragraphs = [p for p in Document(str(path)).paragraphs]
    texts = [p.text for p in paragraphs]
    assert texts[0] == "某局关于主题教育进展情况的汇报" and paragraphs[0].style.name == "公文标题"
    assert "已完成整改由1个增加到2个（新增 1）；" in texts
    assert "2023年11月5日，查摆问题：问题P-3（问题 P-3）。" in texts
    assert texts[-2:] == ["某局", "2023年11月20日"] and paragraphs[-1].style.name == "公文落款"
    assert "\n".join(texts) + "\n" == report_text(report)


def test_the_progress_command_on_the_sample(root, capsys):
    assert main(["--data", str(root / "data"), "progress"]) == 0
    out = capsys.readouterr().out
    full = BuildContext(root).full
    then = compute_figures(as_known_on(full, SINCE))
    now = compute_figures(full)
    assert out.startswith("XX区气象局本期进展：上次报送（2023年10月15日）至2023年11月20日")
    assert f"已完成整改 {then.problems_done} → {now.problems_done}，新增 {now.problems_done - then.problems_done}" in out
    assert main(["--data", str(root / "data"), "progress", "--since", "2023-11-20", "--until", "2023-11-01"]) == 2


def test_a_day_before_the_campaign_began_still_has_a_period(small):
    period = period_between(small, until=dt.date(2023, 8, 1))
    assert (period.since, period.events, period.changes) == (dt.date(2023, 7, 31), (), ())
    assert "本期各项数字均无变化。" in report_text(period_report(period, "某局党组", "主题教育"))


def test_a_long_period_lists_a_count_per_kind_and_the_first_events(small, monkeypatch):
    from ledger.views import period as period_module
    monkeypatch.setattr(period_module, "PAGE_LISTED", 2)
    monkeypatch.setattr(period_module, "WORD_LISTED", 1)
    period = period_between(small)
    page = period_markdown(period)
    assert "<tr><td>整改进展</td><td>1</td></tr>" in page and "<tr><td>完成整改</td><td>1</td></tr>" in page
    assert page.count("<tr><td>2023年") == 2 and f"期间共{len(period.events)}项，上表列出前2项" in page
    lines = report_text(period_report(period, "某局党组", "主题教育")).splitlines()
    problems = lines[lines.index("（二）检视整改") + 1:]
    assert problems[0] == "本期整改进展1项、完成整改1项、查摆问题1项、销号1项。"
    assert problems[1].startswith("2023年10月20日，整改进展") and problems[2] == "以上为其中1项，完整清单见网站“本期进展”页。"
