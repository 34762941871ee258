"""对账销号: each path of a problem's review history on hand-made records, each refusal located, the dated view."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest

from ledger import LedgerInvalid, load_ledger
from ledger.records.dated import as_known_on

D = dt.date


@pytest.fixture
def data(tmp_path, root):
    target = tmp_path / "data"
    shutil.copytree(root / "data", target)
    return target


HEAD = """id: P-009
description: 测试用的问题
source: 群众反映
measures: 测试用的措施
leader: 党组成员、副局长
department: 气象台
found: 2023-10-01
deadline: 2023-11-30
"""
PROGRESS = """progress:
  - date: 2023-10-10
    text: 开始整改
"""


def write(data, status: str, completed: str | None, review: str, extra: str = "") -> None:
    """P-009 with the given status, completion date and `review:` block (lines 9, 10, then progress)."""
    text = HEAD + f"status: {status}\n" + (f"completed: {completed}\n" if completed else "") + PROGRESS
    text += extra + ("review:\n" + review if review else "")
    (data / "problems" / "P-009.yml").write_text(text, encoding="utf-8")


def errors_of(data) -> list[str]:
    with pytest.raises(LedgerInvalid) as refused:
        load_ledger(data)
    return [str(e) for e in refused.value.errors]


def line_of(data, needle: str, nth: int = 1) -> int:
    lines = (data / "problems" / "P-009.yml").read_text(encoding="utf-8").splitlines()
    hits = [i for i, line in enumerate(lines, 1) if needle in line]
    return hits[nth - 1]


APPLIED = """  - applied: 2023-11-02
    department: 气象台
    evidence: 提醒机制文件
"""
PASSED = APPLIED + """    reviewed: 2023-11-05
    reviewer: 党组书记、局长
    decision: 通过
"""
RETURNED = APPLIED + """    reviewed: 2023-11-05
    reviewer: 办公室主任
    decision: 退回
    reason: 佐证材料不全
"""
AGAIN = """  - applied: 2023-11-12
    department: 气象台
    evidence: 提醒机制文件及运行记录
"""


# ---- the paths a review history may take ----
@pytest.mark.parametrize("status, completed, review, state", [
    ("已完成", "2023-11-01", APPLIED, "待审核"),
    ("已完成", "2023-11-01", PASSED, "通过"),
    ("整改中", None, RETURNED, "退回"),
    ("阶段性完成、长期坚持", None, RETURNED, "退回"),
    ("已完成", "2023-11-10", RETURNED, "退回后再次完成，尚未申请"),
    ("已完成", "2023-11-10", RETURNED + AGAIN, "退回后再申请"),
    ("已完成", "2023-11-10", RETURNED + AGAIN + """    reviewed: 2023-11-14
    reviewer: 党组书记、局长
    decision: 通过
""", "退回后再申请并通过"),
])
def test_each_possible_path_passes_the_check(data, status, completed, review, state):
    write(data, status, completed, review)
    problem = load_ledger(data).problem("P-009")
    assert len(problem.review) == review.count("applied:"), state


def test_a_passed_review_is_the_closure(data):
    write(data, "已完成", "2023-11-01", PASSED)
    closed = load_ledger(data).problem("P-009").closed
    assert (closed.date, closed.approved_by, closed.evidence) == (D(2023, 11, 5), "党组书记、局长", "提醒机制文件")


def test_a_pending_or_returned_application_is_no_closure(data):
    write(data, "已完成", "2023-11-01", APPLIED)
    assert load_ledger(data).problem("P-009").closed is None
    write(data, "整改中", None, RETURNED)
    assert load_ledger(data).problem("P-009").closed is None


# ---- each refusal, with file, line and field ----
def _only(errors: list[str]) -> str:
    assert len(errors) == 1, errors
    return errors[0]


def test_review_before_application_is_refused(data):
    write(data, "已完成", "2023-11-01", PASSED.replace("reviewed: 2023-11-05", "reviewed: 2023-11-01"))
    error = _only(errors_of(data))
    line = line_of(data, "reviewed:")
    assert error.startswith(f"data/problems/P-009.yml:{line}:") and "问题 P-009 字段 review[1].reviewed" in error
    assert "早于申请销号日期" in error


def test_return_without_reason_is_refused(data):
    write(data, "整改中", None, RETURNED.replace("    reason: 佐证材料不全\n", ""))
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'decision:')}:")
    assert "字段 review[1].decision" in error and "没有写退回理由" in error


def test_pass_without_reviewer_is_refused(data):
    write(data, "已完成", "2023-11-01", PASSED.replace("    reviewer: 党组书记、局长\n", ""))
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'decision:')}:")
    assert "字段 review[1].decision" in error and "没有写审核人" in error


def test_decision_on_a_problem_never_applied_for_is_refused(data):
    write(data, "已完成", "2023-11-01", """  - reviewed: 2023-11-05
    reviewer: 党组书记、局长
    decision: 通过
""")
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'decision:')}:")
    assert "字段 review[1].decision" in error and "没有申请销号日期" in error


def test_review_without_decision_is_refused(data):
    write(data, "已完成", "2023-11-01", APPLIED + "    reviewed: 2023-11-05\n")
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'reviewed:')}:")
    assert "字段 review[1].reviewed" in error and "没有审核结论" in error


def test_an_application_on_a_problem_not_done_is_refused(data):
    write(data, "整改中", None, APPLIED)
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'status:')}:")
    assert "字段 status" in error and "申请销号的问题应为“已完成”" in error


def test_a_return_leaves_the_problem_open(data):
    write(data, "已完成", "2023-11-01", RETURNED)
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'status:')}:")
    assert "问题重新打开" in error and "改为“整改中”并删去 completed" in error


def test_a_second_application_while_the_first_waits_is_refused(data):
    write(data, "已完成", "2023-11-01", APPLIED + AGAIN)
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'applied:', 2)}:")
    assert "字段 review[2].applied" in error and "还没有审核" in error


def test_an_application_after_a_pass_is_refused(data):
    write(data, "已完成", "2023-11-01", PASSED + AGAIN)
    error = _only(errors_of(data))
    assert "字段 review[2].applied" in error and "已经审核通过" in error


def test_reapplying_before_the_return_is_refused(data):
    write(data, "已完成", "2023-11-01", RETURNED + AGAIN.replace("2023-11-12", "2023-11-04"))
    errors = errors_of(data)
    assert any("字段 review[2].applied" in e and "早于上一次退回的日期" in e for e in errors), errors


def test_closure_beside_a_review_history_is_refused(data):
    write(data, "已完成", "2023-11-01", PASSED, extra="""closure:
  date: 2023-11-05
  approved_by: 党组书记、局长
""")
    error = _only(errors_of(data))
    assert error.startswith(f"data/problems/P-009.yml:{line_of(data, 'closure:')}:")
    assert "字段 closure" in error and "审核通过就是销号" in error


def test_a_review_after_the_as_of_date_is_refused(data):
    write(data, "已完成", "2023-11-01", PASSED.replace("reviewed: 2023-11-05", "reviewed: 2023-11-25"))
    error = _only(errors_of(data))
    assert "字段 review[1].reviewed" in error and "晚于截至日期" in error


# ---- the dated view ----
def _on(data, day: dt.date):
    return as_known_on(load_ledger(data), day).problem("P-009")


def test_a_return_reopens_the_problem_from_its_date_on(data):
    """Applied 11-02, returned 11-05 (the record then says 整改中), applied again 11-12 after completing 11-10."""
    write(data, "已完成", "2023-11-10", RETURNED + AGAIN)
    before, waiting, returned, again = (_on(data, D(2023, 11, d)) for d in (1, 3, 6, 12))
    assert (before.status, before.completed, before.review) == ("整改中", None, [])
    assert (waiting.status, waiting.completed) == ("已完成", D(2023, 11, 2))   # 已完成整改 counts it
    assert waiting.review[0].decision is None and waiting.review[0].reviewer is None   # not yet reviewed
    assert (returned.status, returned.completed) == ("整改中", None)
    assert returned.review[0].decision == "退回" and len(returned.review) == 1
    assert (again.status, again.completed, len(again.review)) == ("已完成", D(2023, 11, 10), 2)


def test_a_passed_review_is_the_closure_from_its_date_on(data):
    write(data, "已完成", "2023-11-01", PASSED)
    waiting, passed = _on(data, D(2023, 11, 4)), _on(data, D(2023, 11, 5))
    assert waiting.status == "已完成" and waiting.closed is None
    assert passed.closed is not None and passed.closed.date == D(2023, 11, 5)


# ---- diff ----
def test_diff_shows_an_application_and_its_review_in_words(data):
    from ledger.revisions import compare_records

    write(data, "已完成", "2023-11-01", APPLIED)
    before = load_ledger(data)
    write(data, "已完成", "2023-11-01", PASSED)
    change = next(c for c in compare_records(before, load_ledger(data)) if c.record_id == "P-009")
    (field,) = change.fields
    assert (field.field, field.title) == ("review", "销号审核")
    assert field.before == "申请 2023-11-02（气象台，佐证材料：提醒机制文件）"
    assert field.after == "申请 2023-11-02（气象台，佐证材料：提醒机制文件）；审核 2023-11-05 通过（党组书记、局长）"


# ---- 本期进展 (page and Word) and the public view, on P-007 with a history (tests/fixtures/review/) ----
def test_the_period_lists_applications_and_reviews_and_the_public_one_hides_the_reason(data):
    from ledger.context import BuildContext, BuildOptions
    from ledger.views.period import period_report
    from support import with_review_histories

    with_review_histories(data)
    for audience, reason in (("internal", "实施办法尚未印发，征求意见稿不能作为销号依据"), ("public", "（内部信息）")):
        context = BuildContext(data.parent, BuildOptions(audience=audience), data_dir=data)
        events = [(e.day, e.name, e.text) for e in context.period.events if e.record_id == "P-007" and e.day > D(2023, 10, 15)]
        assert [(day, name) for day, name, _text in events] == [
            (D(2023, 10, 20), "申请销号"), (D(2023, 10, 23), "审核退回"), (D(2023, 10, 25), "完成整改"),
            (D(2023, 10, 25), "整改进展"), (D(2023, 10, 25), "申请销号"), (D(2023, 10, 30), "审核通过（销号）")]
        assert f"退回理由：{reason}" in events[1][2]
        s = context.settings
        word = [p.text for part in period_report(context.period, s.party_group, s.campaign_short).parts
                for section in part.sections for p in section.paragraphs]
        assert any("审核退回" in text and reason in text for text in word), word
