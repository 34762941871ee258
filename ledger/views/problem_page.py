"""One Markdown page per problem: its particulars, judgements, whole history, closure and evidence.

The pages live under problems/ in the docs tree (problems/P-001.md). Links are Markdown links to
source paths, relative to the page, so that MkDocs checks them and turns them into URLs.
"""
from __future__ import annotations

import hashlib
import html
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from ledger.records import models as m
from ledger.views import tracker
from ledger.records.ledger import Ledger
from ledger.views.tables import cell, date_cell, linked, markdown_table, text_cell
from ledger.text import cn_date, escape_text

PAGE_DIR = "problems"
LIST_PAGE = "problems.md"
BOARD_PAGE = "board.md"
REGULATIONS_PAGE = "institutions.md"
_SAFE_ID = re.compile(r"[0-9A-Za-z\u4e00-\u9fff_-][0-9A-Za-z\u4e00-\u9fff_.-]*")


def page_name(problem_id: str) -> str:
    """A file name for a problem: the ID itself when it is safe in a path and a URL, else a stable hash."""
    if _SAFE_ID.fullmatch(problem_id):
        return problem_id
    return "problem-" + hashlib.sha1(problem_id.encode("utf-8")).hexdigest()[:12]


def page_path(problem_id: str) -> str:
    """The page's path inside docs/, e.g. problems/P-001.md."""
    return f"{PAGE_DIR}/{page_name(problem_id)}.md"


def relative_link(target: str, from_page: str) -> str:
    """Path of docs file `target` as written in a link on docs page `from_page`."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


@dataclass(frozen=True)
class ProblemLinks:
    """Where a problem page sits and links to (paths inside docs/; None: no link), and what it says under
    its title. The defaults are a unit's own site; a roll-up puts a unit's pages under units/<id>/."""
    page_dir: str = PAGE_DIR
    list_page: Optional[str] = LIST_PAGE
    board_page: Optional[str] = BOARD_PAGE
    regulations_page: Optional[str] = REGULATIONS_PAGE
    evidence: bool = True         # link the closure's evidence file (False: its name only)
    title_suffix: str = ""        # plain text after the title (a roll-up: the unit's name)
    banner: str = ""              # safe Markdown under the title


UNIT_SITE = ProblemLinks()


def _from_problem(target: Optional[str], links: ProblemLinks = UNIT_SITE) -> Optional[str]:
    return relative_link(target, f"{links.page_dir}/x.md") if target else None


def _history(problem: m.Problem) -> list[tuple]:
    """(date, order, event, text) for everything that happened, oldest first."""
    events = [(problem.found, 0, "发现问题", f"问题来源：{problem.source}")]
    events += [(entry.date, 1, "整改进展", entry.text) for entry in problem.progress]
    if problem.completed is not None:
        late = tracker.finished_late_days(problem)
        events.append((problem.completed, 2, "完成整改",
                       f"超过整改时限{late}天完成" if late else "在整改时限内完成"))
    if problem.closure is not None:
        events.append((problem.closure.date, 3, "销号", f"审核人：{problem.closure.approved_by}"))
    for r in problem.review:
        if r.applied is not None:
            events.append((r.applied, 3, "申请销号", "；".join(filter(None, [
                r.department and f"申请科室：{r.department}", r.evidence and f"佐证材料：{r.evidence}"])) or "申请销号"))
        if r.reviewed is not None and r.decided:
            events.append((r.reviewed, 4, REVIEW_EVENTS[r.decision], "；".join(filter(None, [
                r.reviewer and f"审核人：{r.reviewer}", r.reason and f"退回理由：{r.reason}"]))))
    return sorted(events, key=lambda e: (e[0], e[1]))


# a review's 事项 in the history, by its decision
REVIEW_EVENTS = {m.PASSED: "审核通过（销号）", m.SENT_BACK: "审核退回"}


def _particulars(problem: m.Problem, ledger: Ledger) -> str:
    source = problem.source
    if problem.topic is not None:
        source += f"（调研选题：{ledger.topic(problem.topic).name}）"
    rows = [("问题描述", problem.description), ("问题来源", source), ("整改措施", problem.measures),
            ("责任领导", problem.leader), ("责任科室", problem.department), ("发现日期", cn_date(problem.found)),
            ("整改时限", cn_date(problem.deadline)), ("整改状态", problem.status),
            ("完成日期", cn_date(problem.completed) or "（尚未完成）")]
    return markdown_table(["项目", "内容"], [[name, cell(value)] for name, value in rows])


def _evidence_link(path: str, links: ProblemLinks) -> str:
    name = posixpath.basename(path).removesuffix(".md")  # a .md file is shown as a page
    return linked(name, _from_problem(path, links) if links.evidence else None)


def _review_state(problem: m.Problem, as_of) -> str:
    """Where the 销号 stands: passed, waiting (for how long), or sent back (why)."""
    last = problem.last_round
    if last.passed and last.reviewed is not None:
        return f"已销号：{cn_date(last.reviewed)}审核通过。"
    if last.sent_back and last.reviewed is not None:
        reason = f"，退回理由：{escape_text(last.reason)}" if last.reason else ""
        return f"销号申请已于{cn_date(last.reviewed)}退回{reason}；问题重新整改，完成后再次申请销号。"
    if last.applied is not None:
        return f"{cn_date(last.applied)}申请销号，等待审核（截至{cn_date(as_of)}已等待{(as_of - last.applied).days}天）。"
    return "销号审核记录不完整。"


def _review(problem: m.Problem, as_of, links: ProblemLinks) -> str:
    """The whole path: each application and its review, one row each, then where it stands."""
    rows = []
    for r in problem.review:
        applied = " ".join(filter(None, [cn_date(r.applied) if r.applied else "", r.department and f"（{r.department}）"]))
        evidence = text_cell(r.evidence) if r.evidence else ""
        if r.evidence_file:
            evidence = (evidence + "<br>" if evidence else "") + _evidence_link(r.evidence_file, links)
        reviewed = " ".join(filter(None, [cn_date(r.reviewed) if r.reviewed else "", r.reviewer and f"（{r.reviewer}）"]))
        rows.append([cell(applied or "（未写）"), evidence or "（未写）", cell(reviewed or "（尚未审核）"),
                     cell(r.decision or "待审核"), text_cell(r.reason) if r.reason else ""])
    table = markdown_table(["申请销号（科室）", "佐证材料", "审核（审核人）", "审核结论", "退回理由"], rows)
    return f"{_review_state(problem, as_of)}\n\n{table}"


def _closure(problem: m.Problem, links: ProblemLinks, as_of=None) -> str:
    if problem.review and problem.closure is None:
        return _review(problem, as_of, links)
    closure = problem.closure
    if closure is None:
        return "尚未销号。" if problem.is_done else "尚未完成整改，未销号。"
    lines = [f"- 销号日期：{cn_date(closure.date)}",
             f"- 佐证材料：{escape_text(closure.evidence) if closure.evidence else '（未写）'}"]
    if closure.evidence_file:
        lines.append(f"- 佐证材料文件：{_evidence_link(closure.evidence_file, links)}")
    lines.append(f"- 审核人：{escape_text(closure.approved_by)}")
    return "\n".join(lines)


def _alerts(assessment: tracker.Assessment, problem: m.Problem) -> str:
    alerts = assessment.alerts_for(problem.id)
    if not alerts:
        return ""
    items = "\n".join(f"    - **{tracker.ALERT_NAMES[a.kind]}**：{escape_text(a.note)}" for a in alerts)
    return f'!!! warning "需要关注（截至{cn_date(assessment.as_of)}）"\n\n{items}\n'


def _regulations(ledger: Ledger, problem: m.Problem, links: ProblemLinks) -> str:
    answering = ledger.regulations_answering(problem.id)
    if not answering:
        return ""
    items = "\n".join(f"- {linked(r.title, _from_problem(links.regulations_page, links))}（{escape_text(r.kind)}，"
                      f"{escape_text(r.status)}）" for r in answering)
    return f"## 相关制度\n\n{items}\n"


def _front_matter(problem: m.Problem, suffix: str = "") -> str:
    """No Jinja pass over record text; the page title HTML-escaped, because themes print meta titles raw."""
    title = json.dumps(html.escape(f"{problem.id} {problem.description}{suffix}"))  # a JSON string is a YAML string
    return f"---\nrender_macros: false\ntitle: {title}\n---\n"


def _nav_links(links: ProblemLinks) -> str:
    found = [(name, _from_problem(target, links)) for name, target in (("问题清单", links.list_page),
                                                                        ("整改看板", links.board_page)) if target]
    if not found:
        return ""
    return " · ".join(f"[{name}]({target})" for name, target in found) + "\n{ .no-print }\n"  # links: not on paper


def problem_markdown(ledger: Ledger, problem: m.Problem, assessment: tracker.Assessment,
                     links: ProblemLinks = UNIT_SITE) -> str:
    history = markdown_table(["日期", "事项", "内容"],
                             [[date_cell(d), cell(event), text_cell(text)] for d, _o, event, text in _history(problem)])
    parts = [
        _front_matter(problem, links.title_suffix),
        f"# {escape_text(problem.id)} {escape_text(problem.description, line_breaks=' ')}"  # a title: one line
        f"{escape_text(links.title_suffix)}\n",
        links.banner,
        _nav_links(links),
        _alerts(assessment, problem),
        f"## 基本情况\n\n{_particulars(problem, ledger)}\n",
        f"## 整改过程\n\n{history}\n",
        f"## 销号\n\n{_closure(problem, links, assessment.as_of)}\n",
        _regulations(ledger, problem, links),
    ]
    return "\n".join(part for part in parts if part)


def problem_pages(ledger: Ledger) -> Iterator[tuple[str, str]]:
    """(path inside docs/, Markdown) for every problem, judged on the settings' 截至日期."""
    assessment = tracker.assess(ledger)
    for problem in ledger.problems:
        yield page_path(problem.id), problem_markdown(ledger, problem, assessment)
