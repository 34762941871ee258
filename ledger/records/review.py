"""对账销号: a problem's 销号 as a review history (申请销号 → 审核, 通过 or 退回), and its rules.

A problem's `review` lists its applications in order (models.ReviewRound): the 科室 applies
(applied, department, evidence), the office reviews in the same entry (reviewed, reviewer, decision,
reason). What the words mean (the editors' guide, ledger/guide/guide.md, “销号审核” says the same in one table):

- 已完成 is the 科室's word, as before: 已完成整改 counts problems whose status is 已完成,
  reviewed or not. An application is made for a problem the 科室 reports 已完成 (the sheet's
  完成日期 and 佐证材料 are the application: ledger/exports/xlsx_import.py).
- 待审核销号: the last application has no decision yet.
- 通过: the review is the 销号 (Problem.closed reads it as the closure: date = 审核日期,
  approved_by = 审核人). A problem with a review history does not also carry `closure`; `closure`
  stays for a 销号 recorded in one step (the sample data, older records).
- 退回: the problem is open again. The record then says 整改中 (or 阶段性完成、长期坚持) without a
  completion date, or 已完成 with a completion date after the return (done again, to be applied for
  again). In the ledger as known on an earlier day (ledger/records/dated.py), between the application
  and the return the problem was 已完成 (completed on the application date), and from the return's
  date on it is 整改中 with no completion date.

`review_problems` lists what `check` refuses (ledger/records/rules.py locates each in its file).
`settle_on_day` is the dated view's part: the status a problem had on a day, given its history.
"""
from __future__ import annotations

from typing import Any, Iterator, Optional

from ledger.records import models as m

IN_PROGRESS, NOT_STARTED = "整改中", "未开始"
# the fields of a round written by the review, in the order a missing decision is looked for
REVIEW_FIELDS = ("reviewed", "reviewer", "reason")


def pending_round(problem: m.Problem) -> Optional[m.ReviewRound]:
    """The application waiting for review: the last one, applied and not decided."""
    last = problem.last_round
    return last if last is not None and last.applied is not None and not last.decided else None


def sent_back_round(problem: m.Problem) -> Optional[m.ReviewRound]:
    """The last application when it was sent back (and not applied for again since)."""
    last = problem.last_round
    return last if last is not None and last.sent_back else None


def settle_on_day(problem: m.Problem) -> dict[str, Any]:
    """Fields to change in a problem as known on a day (its later events already removed): an application
    waiting for review means the 科室 reported it 已完成 (on the application date, when its own completion
    date is later); a problem sent back is at least 整改中."""
    pending = pending_round(problem)
    if pending is not None and problem.status != m.DONE_STATUS:
        return {"status": m.DONE_STATUS, "completed": pending.applied}
    if problem.review and problem.status == NOT_STARTED:
        return {"status": IN_PROGRESS}
    return {}


Finding = tuple[str, tuple, str]   # (field, path inside it, message)


def _round_findings(problem: m.Problem, index: int, r: m.ReviewRound) -> Iterator[Finding]:
    n = index + 1
    where = lambda name: (index, name)  # noqa: E731
    if r.applied is None:
        written = next((name for name in ("decision", *REVIEW_FIELDS) if getattr(r, name) is not None), None)
        if written is not None:
            yield ("review", where(written),
                   f"第{n}条有审核内容，但没有申请销号日期：先有科室申请销号（写 applied 申请销号日期），才能审核")
        else:
            yield "review", (index,), f"第{n}条没有申请销号日期：请写 applied（申请销号日期），如 applied: 2023-11-18"
        return
    if r.applied < problem.found:
        yield ("review", where("applied"),
               f"的值「{r.applied}」早于发现日期（found: {problem.found}）。申请销号应在发现问题之后")
    if not r.decided:
        for name in REVIEW_FIELDS:
            if getattr(r, name) is not None:
                yield ("review", where(name), f"写了，但第{n}条没有审核结论：审核后请写 decision（通过或退回）；"
                                             "还没审核就删去审核日期、审核人、退回理由")
                break
        return
    if r.reviewed is None:
        yield "review", where("decision", ), f"是“{r.decision}”，但没有写审核日期：请加上 reviewed（审核日期）"
    elif r.reviewed < r.applied:
        yield ("review", where("reviewed"),
               f"的值「{r.reviewed}」早于申请销号日期（applied: {r.applied}）。审核应在申请之后")
    if not r.reviewer:
        yield "review", where("decision"), f"是“{r.decision}”，但没有写审核人：请加上 reviewer（审核人（职务））"
    if r.sent_back and not r.reason:
        yield "review", where("decision"), "是“退回”，但没有写退回理由：请加上 reason（退回理由），科室据此继续整改"
    if r.passed and r.reason:
        yield "review", where("reason"), "只在退回时写：审核结论是“通过”，请删去 reason"


def review_problems(problem: m.Problem) -> list[Finding]:
    """Every impossible step in a problem's review history, with the field and entry it is in."""
    found: list[Finding] = []
    rounds = problem.review
    for index, r in enumerate(rounds):
        found += _round_findings(problem, index, r)
        if index == 0:
            continue
        before = rounds[index - 1]
        if before.applied is None or r.applied is None:
            continue
        if not before.decided:
            found.append(("review", (index, "applied"),
                          f"第{index}条申请还没有审核，又申请了一次：上一次申请审核（通过或退回）之后才能再申请"))
        elif before.passed:
            found.append(("review", (index, "applied"),
                          f"第{index}条已经审核通过（销号），之后不能再申请销号"))
        elif before.reviewed is not None and r.applied < before.reviewed:
            found.append(("review", (index, "applied"),
                          f"的值「{r.applied}」早于上一次退回的日期（{before.reviewed}）。退回之后才能再次申请"))
    if rounds and problem.closure is not None:
        found.append(("closure", (), "不应与销号审核（review）同时填写：审核通过就是销号。请删去 closure，"
                                     "把佐证材料写在审核通过的那一条申请里"))
    last = problem.last_round
    if last is None or last.applied is None:
        return found
    n = len(rounds)
    if not last.sent_back:  # waiting for review, or passed: the 科室 reported it done
        if not problem.is_done:
            state = "已审核通过（销号）" if last.passed else "已申请销号、等待审核"
            found.append(("status", (), f"是“{problem.status}”，但第{n}条销号审核{state}：申请销号的问题应为“已完成”。"
                                        "请把 status 改为“已完成”并写上完成日期；整改尚未完成的，删去这条申请"))
        elif problem.completed is not None and last.applied < problem.completed:
            found.append(("review", (n - 1, "applied"),
                          f"的值「{last.applied}」早于完成日期（completed: {problem.completed}）。完成整改之后才能申请销号"))
    elif last.reviewed is not None:
        if problem.status == NOT_STARTED:
            found.append(("status", (), f"是“{NOT_STARTED}”，但第{n}条销号申请已于 {last.reviewed} 退回：退回的问题应为“整改中”"))
        elif problem.is_done and problem.completed is not None and problem.completed <= last.reviewed:
            found.append(("status", (), f"是“已完成”，但第{n}条销号申请已于 {last.reviewed} 退回，问题重新打开："
                                        "请把 status 改为“整改中”并删去 completed；退回之后已再次完成的，"
                                        "completed 写退回之后的完成日期，并再申请销号"))
    return found
