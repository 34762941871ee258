"""领导提醒: what needs each responsible leader's attention on a day, short enough to paste into a work chat.

The same judgements as the board (ledger/views/tracker.py, on the ledger as known on the day asked):
逾期未完成, 即将到期, 进展滞后, 待审核销号, 销号退回, for the problems each 责任领导 answers for.
Each leader's part is at most LIMIT characters: when the lists are longer, each list is cut where the
part would run over and ends in 等N项 (N: the whole list), and the part ends with the board's address.
`python -m ledger digest [--as-of]` prints it; the page 领导提醒 (docs/digest.md) shows the same text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

from ledger.records.ledger import Ledger
from ledger.text import cn_date, escape_text
from ledger.views import tracker

LIMIT = 1000                 # characters in one leader's part (a work chat's message)
SECTIONS: tuple[tuple[str, str], ...] = (
    (tracker.OVERDUE, "逾期未完成"),
    (tracker.DUE_SOON, "即将到期"),
    (tracker.STALE, "进展滞后"),
    (tracker.AWAITING_REVIEW, "待审核销号"),
    (tracker.SENT_BACK, "销号退回"),
)
BOARD_PAGE = "board/"


@dataclass(frozen=True)
class LeaderDigest:
    leader: str
    text: str
    count: int       # judgements in the part (a problem may be in two lists)
    cut: bool        # some list ends in 等N项


def board_address(site_url: Optional[str]) -> str:
    """The board on the internal site, or its name when the site's address is not known."""
    if site_url:
        return site_url.rstrip("/") + "/" + BOARD_PAGE
    return "网站“整改看板”页"


def _item(alert: tracker.Alert) -> str:
    """P-008 问题描述（逾期5天）: the description whole (record text is never cut; the limit cuts whole items)."""
    return f"{alert.problem.id} {alert.problem.description}（{alert.label}）"


def _render(head: str, lists: list[tuple[str, list[str]]], shown: list[int], board: str) -> str:
    lines = [head]
    cut = False
    for (name, items), count in zip(lists, shown):
        if count == len(items):
            lines.append(f"{name}{len(items)}项：" + "；".join(items) + "。")
        elif count:
            lines.append(f"{name}：" + "；".join(items[:count]) + f"等{len(items)}项。")
            cut = True
        else:
            lines.append(f"{name}{len(items)}项。")
            cut = True
    if cut:
        lines.append(f"详见整改看板：{board}")
    return "\n".join(lines)


def leader_part(leader: str, alerts: dict[str, tuple[tracker.Alert, ...]], as_of: dt.date, board: str,
                limit: int = LIMIT) -> LeaderDigest:
    """One leader's part: every list in full when it fits in `limit` characters, else each list as far as it
    fits (earlier lists first), the rest as 等N项, and the board's address."""
    lists = [(name, [_item(a) for a in alerts[kind]]) for kind, name in SECTIONS if alerts[kind]]
    count = sum(len(items) for _name, items in lists)
    if not lists:
        return LeaderDigest(leader, f"【{leader}】截至{cn_date(as_of)}，没有需要关注的整改事项。", 0, False)
    head = f"【{leader}】截至{cn_date(as_of)}，需要关注的整改事项{count}项："
    shown = [len(items) for _name, items in lists]
    text = _render(head, lists, shown, board)
    if len(text) <= limit:
        return LeaderDigest(leader, text, count, False)
    shown = [0] * len(lists)
    for index, (_name, items) in enumerate(lists):
        while shown[index] < len(items):
            shown[index] += 1
            if len(_render(head, lists, shown, board)) > limit:
                shown[index] -= 1
                break
        if shown[index] < len(items):
            break  # later lists keep their counts only: the earlier ones are the more urgent
    return LeaderDigest(leader, _render(head, lists, shown, board), count, True)


def leaders_digest(ledger: Ledger, assessment: Optional[tracker.Assessment] = None, *,
                   site_url: Optional[str] = None, limit: int = LIMIT) -> list[LeaderDigest]:
    """Every responsible leader's part, in the order leaders first appear in the problems, judged on the
    ledger's 截至日期 (the ledger as known on the day asked: ledger/records/dated.py)."""
    assessment = assessment or tracker.assess(ledger)
    board = board_address(site_url if site_url is not None else ledger.settings.site_url)
    parts = []
    for leader in dict.fromkeys(p.leader for p in ledger.problems):
        mine = {kind: tuple(a for a in alerts if a.problem.leader == leader)
                for kind, alerts in assessment.by_kind().items()}
        parts.append(leader_part(leader, mine, assessment.as_of, board, limit))
    return parts


def digest_text(parts: list[LeaderDigest]) -> str:
    """The parts one after another, a blank line between them (each pastes on its own)."""
    return "\n\n".join(part.text for part in parts) + "\n"


def digest_markdown(parts: list[LeaderDigest], board_link: str) -> str:
    """The page: one section per leader, the text as it pastes (escaped), and a link to the board."""
    sections = []
    for part in parts:
        lines = "<br>\n".join(escape_text(line) for line in part.text.splitlines())
        sections.append(f"### {escape_text(part.leader, line_breaks=' ')}\n\n{lines}\n")  # a heading: one line
    sections.append(f"[查看整改看板]({board_link})\n{{ .no-print }}\n")
    return "\n".join(sections)
