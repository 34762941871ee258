"""The board's 待审核销号 and 销号退回 lists and the leaders' digest, on the sample at two dates, and the digest's limit.

The sample's P-007 (党组书记、局长) with a review history (tests/fixtures/review/P-007.yml): applied for 销号 on
2023-10-20, sent back on 10-23, applied again on 10-25, passed on 10-30."""
from __future__ import annotations

import dataclasses
import re
import datetime as dt
import shutil

import pytest

from ledger.cli import main
from ledger.context import BuildContext, BuildOptions
from ledger.views import digest, tracker, trackview
from support import with_review_histories

D = dt.date
LEADER = "党组书记、局长"


@pytest.fixture(scope="module")
def data(root, tmp_path_factory):
    copy = tmp_path_factory.mktemp("review") / "data"
    shutil.copytree(root / "data", copy)
    return with_review_histories(copy)


def context_on(data, day: dt.date, audience: str = "internal") -> BuildContext:
    return BuildContext(data.parent, BuildOptions(audience=audience, as_of=day), data_dir=data)


def part_of(parts, leader: str) -> digest.LeaderDigest:
    return next(p for p in parts if p.leader == leader)


def test_the_board_lists_an_application_waiting_then_sent_back(data):
    waiting = context_on(data, D(2023, 10, 22)).assessment
    assert [(a.problem.id, a.label) for a in waiting.awaiting_review] == [("P-007", "待审核2天")]
    assert waiting.sent_back == () and waiting.count(tracker.AWAITING_REVIEW) == 1
    table = trackview.alert_table(waiting.awaiting_review, lambda pid: f"problems/{pid}/")
    assert '<a href="problems/P-007/">P&#45;007</a>' in table and "申请销号，已等待审核2天，申请科室：办公室" in table
    returned = context_on(data, D(2023, 10, 24)).assessment
    assert returned.awaiting_review == ()
    assert [(a.problem.id, a.note) for a in returned.sent_back] == [
        ("P-007", "2023年10月23日销号申请被退回：实施办法尚未印发，征求意见稿不能作为销号依据")]
    on_as_of = context_on(data, D(2023, 11, 20)).assessment
    assert on_as_of.awaiting_review == () and on_as_of.sent_back == ()  # passed on 10-30


def test_the_public_board_hides_an_internal_reason(data):
    public = context_on(data, D(2023, 10, 24), "public").assessment
    assert [a.note for a in public.sent_back] == ["2023年10月23日销号申请被退回：（内部信息）"]


def test_digest_at_two_dates(data):
    on_22 = context_on(data, D(2023, 10, 22))
    part = part_of(digest.leaders_digest(on_22.ledger, on_22.assessment), LEADER)
    assert part.text.startswith(f"【{LEADER}】截至2023年10月22日，需要关注的整改事项")
    assert "待审核销号1项：P-007 重大气象灾害业务服务应急响应流程不够规范，部门联动不够紧密（待审核2天）。" in part.text
    assert "销号退回" not in part.text and not part.cut
    on_24 = context_on(data, D(2023, 10, 24))
    part = part_of(digest.leaders_digest(on_24.ledger, on_24.assessment), LEADER)
    assert "销号退回1项：P-007 重大气象灾害业务服务应急响应流程不够规范，部门联动不够紧密（销号退回）。" in part.text
    assert "待审核销号" not in part.text
    # the same judgements as the board, per leader
    for p in digest.leaders_digest(on_24.ledger, on_24.assessment):
        mine = [a for alerts in on_24.assessment.by_kind().values() for a in alerts if a.problem.leader == p.leader]
        assert p.count == len(mine)


def test_the_command_prints_the_digest_for_the_day_asked(root, capsys):
    assert main(["--data", str(root / "data"), "digest", "--as-of", "2023-11-16",
                 "--site-url", "https://ledger.example.cn/"]) == 0
    out = capsys.readouterr().out
    assert "【党组成员、副局长】截至2023年11月16日，需要关注的整改事项2项：" in out
    assert "逾期未完成1项：P-008 群众反映乡镇天气预报信息获取渠道少，灾害性天气提醒不够及时（逾期1天）。" in out
    assert "即将到期1项：P-002" in out and "【党组纪检组长】截至2023年11月16日，没有需要关注的整改事项。" in out


def test_a_long_part_is_cut_at_the_limit_with_the_count_and_the_board(data):
    """Sixty overdue problems of one leader: the part stays within 1,000 characters."""
    ctx = context_on(data, D(2023, 11, 20))
    p2 = ctx.ledger.problem("P-002")
    many = tuple(p2.model_copy(update={"id": f"P-2{i:02d}", "deadline": D(2023, 11, 1), "leader": "党组成员、副局长"})
                 for i in range(60))
    ledger = dataclasses.replace(ctx.ledger, problems=ctx.ledger.problems + many)
    parts = digest.leaders_digest(ledger, site_url="https://ledger.example.cn/")
    part = part_of(parts, "党组成员、副局长")
    assert part.cut and len(part.text) <= digest.LIMIT
    assert "等61项。" in part.text    # P-008 and the sixty, all overdue
    assert part.text.endswith("详见整改看板：https://ledger.example.cn/board/")
    assert "进展滞后" in part.text     # a later list keeps its count
    listed = part.text.split("逾期未完成：", 1)[1].split("等61项", 1)[0].split("；")
    assert 5 < len(listed) < 61
    assert all(re.search(r"（逾期\d+天）$", item) for item in listed)  # whole items: no description is cut
    # the same lists without a limit's need are whole
    short = part_of(parts, LEADER)
    assert not short.cut and "详见整改看板" not in short.text
