"""Rules across records: unique IDs, references that resolve, dates and states that agree.

The rules run even when some records failed their own checks, so that one run
reports every error: records that failed are left out of the ledger (see
records.py), while IDs and references are read from the files as written.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Optional

from ledger.records import evidence
from ledger.records.dated import event_values
from ledger.records.errors import RecordError
from ledger.records.ledger import Ledger, iter_record_lists
from ledger.records.models import Limits
from ledger.records.registry import SETTINGS_FILE, noun
from ledger.records.review import review_problems
from ledger.records.sources import Sources


class _Reporter:
    """Builds located errors for a record given by (kind, index in the ledger's list)."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self.errors: list[RecordError] = []

    def add(self, key: str, index: int, record_id: str, field: str | None, message: str,
            subpath: tuple = (), *, as_written: bool = False) -> None:
        """`index` counts the records in the ledger, or as written in the files when as_written is set."""
        path = ((field,) if field else ()) + subpath
        display, line, column = self.sources.locate(key, index, path, as_written=as_written)
        field_text = field
        if field and subpath:
            field_text += "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in subpath)
        self.errors.append(RecordError(display, line, message, column=column,
                                       record=f"{noun(key)} {record_id}", field=field_text))


def _written_ids(sources: Sources, key: str, records: tuple) -> Optional[list[tuple[int, str]]]:
    """(index as written, ID) of a kind's records, valid or not; None when a file could not be read.
    Without sources (records made in code), the records themselves."""
    if not sources.files:
        return list(enumerate(r.id for r in records))
    items = sources.written.get(key)
    if items is None:
        return None
    return [(index, str(item["id"])) for index, (_parsed, _i, item) in enumerate(items)
            if isinstance(item, dict) and item.get("id") not in (None, "")]


def _check_unique_ids(ledger: Ledger, report: _Reporter) -> None:
    """IDs are unique across all files, ignoring case (P-001 and p-001 would share a page address)."""
    first_seen: dict[str, tuple[str, str, int]] = {}
    for kind, records in iter_record_lists(ledger):
        for index, record_id in _written_ids(report.sources, kind.key, records) or ():
            folded = record_id.casefold()
            if folded in first_seen:
                other_key, other_id, other_index = first_seen[folded]
                other_file, other_line, _ = report.sources.locate(other_key, other_index, ("id",), as_written=True)
                place = f"{other_file} 第 {other_line} 行" if other_line else other_file
                case = f"（与「{other_id}」只差大小写）" if other_id != record_id else ""
                report.add(kind.key, index, record_id, "id",
                           f"的值「{record_id}」重复{case}：{place}已经有这个编号。编号必须唯一，请换一个没用过的编号",
                           as_written=True)
            else:
                first_seen[folded] = (kind.key, record_id, index)


def _known_ids(report: _Reporter, key: str, records: tuple) -> Optional[set[str]]:
    """IDs a reference may name; None when they cannot be known (a file is unreadable or missing)."""
    written = _written_ids(report.sources, key, records)
    return None if written is None else {record_id for _, record_id in written}


def _options(ids: set[str]) -> str:
    return "、".join(sorted(ids)) if ids else "（还没有任何记录）"


def _check_references(ledger: Ledger, report: _Reporter) -> None:
    topic_ids = _known_ids(report, "topics", ledger.topics)
    problem_ids = _known_ids(report, "problems", ledger.problems)
    if topic_ids is not None:
        for key, records in (("reports", ledger.reports), ("problems", ledger.problems)):
            for index, item in enumerate(records):
                if item.topic is not None and item.topic not in topic_ids:
                    report.add(key, index, item.id, "topic",
                               f"的值「{item.topic}」找不到对应的调研选题，应为 data/research.yml 里已有的选题编号："
                               f"{_options(topic_ids)}")
    if problem_ids is not None:
        for index, item in enumerate(ledger.regulations):
            for position, ref in enumerate(item.answers):
                if ref not in problem_ids:
                    report.add("regulations", index, item.id, "answers",
                               f"的值「{ref}」找不到对应的问题，应为 data/problems/ 下已有的问题编号："
                               f"{_options(problem_ids)}", subpath=(position,))


def research_sources(campaign) -> tuple[str, ...] | None:
    """The problem sources that may name a research topic (campaign: research: true); None without a campaign."""
    if campaign is None:
        return None
    return tuple(c.value for c in campaign.choices.get("problem_sources", ()) if c.research)


def _check_problem_dates(ledger: Ledger, report: _Reporter) -> None:
    for index, p in enumerate(ledger.problems):
        add: Callable[..., None] = lambda field, msg, sub=(): report.add(
            "problems", index, p.id, field, msg, subpath=sub)
        if p.is_done and p.completed is None:
            add("status", "是“已完成”，但没有写完成日期：请加上一行 completed（完成日期），如 completed: 2023-11-20")
        if not p.is_done and p.completed is not None:
            add("completed", f"的值「{p.completed}」不应填写：状态是“{p.status}”的问题还没有完成。"
                             "已完成请把 status 改为“已完成”，否则删去 completed")
        if p.completed is not None and p.completed < p.found:
            add("completed", f"的值「{p.completed}」早于发现日期（found: {p.found}）。完成日期应不早于发现日期")
        if p.deadline < p.found:
            add("deadline", f"的值「{p.deadline}」早于发现日期（found: {p.found}）。整改时限应不早于发现日期")
        research = research_sources(ledger.campaign)
        if p.topic is not None and research is not None and p.source not in research:
            named = "或".join(f"“{s}”" for s in research) or "（活动定义里没有标 research: true 的来源）"
            add("topic", f"的值「{p.topic}」只用于来源为{named}的问题，而这个问题的来源是“{p.source}”。"
                         f"请删去 topic，或把 source 改为{named}")
        if p.closure is not None and not p.is_done:
            add("closure", f"不应填写：状态是“{p.status}”的问题不能销号。销号前请先把 status 改为“已完成”并写上完成日期")
        if p.closure is not None and p.completed is not None and p.closure.date < p.completed:
            add("closure", f"的值「{p.closure.date}」早于完成日期（completed: {p.completed}）。销号应在完成整改之后",
                ("date",))
        for position, entry in enumerate(p.progress):
            if entry.date < p.found:
                add("progress", f"的值「{entry.date}」早于发现日期（found: {p.found}）。整改进展应在发现问题之后",
                    (position, "date"))
            if position and entry.date < p.progress[position - 1].date:
                add("progress", f"的值「{entry.date}」早于上一条进展（{p.progress[position - 1].date}）。"
                                "整改进展应按日期先后排列", (position, "date"))


def _check_reviews(ledger: Ledger, report: _Reporter) -> None:
    """销号审核: no review before its application, no decision without one, 退回 with a reason, 通过 with a
    reviewer, the status agreeing with the last decision (ledger/records/review.py)."""
    for index, p in enumerate(ledger.problems):
        for field, subpath, message in review_problems(p):
            report.add("problems", index, p.id, field, message, subpath)


def _check_state_date(report: _Reporter, key: str, records, done: str, field: str,
                      title: str, noun: str) -> None:
    """A record in state `done` has its date `field`; one in any other state has none."""
    for index, r in enumerate(records):
        value = getattr(r, field)
        if r.status == done and value is None:
            report.add(key, index, r.id, "status",
                       f"是“{done}”，但没有写{title}：请加上一行 {field}（{title}）")
        if r.status != done and value is not None:
            report.add(key, index, r.id, field,
                       f"的值「{value}」不应填写：状态是“{r.status}”的{noun}还不是“{done}”。"
                       f"如已{done[1:]}请把 status 改为“{done}”，否则删去 {field}")


def _check_done_dates(ledger: Ledger, report: _Reporter) -> None:
    """Reports and regulations: a finished one has its date, an unfinished one has none."""
    _check_state_date(report, "reports", ledger.reports, "已完成", "completed", "完成日期", "报告")
    _check_state_date(report, "regulations", ledger.regulations, "已印发", "issued", "印发日期",
                      "制度")
    topics = {t.id: t for t in ledger.topics}
    for index, r in enumerate(ledger.reports):
        topic = topics.get(r.topic)
        if r.completed and topic is not None and topic.visit_date and r.completed < topic.visit_date:
            report.add("reports", index, r.id, "completed",
                       f"的值「{r.completed}」早于所属选题 {topic.id} 的调研日期（{topic.visit_date}）。报告应在调研之后完成")


def _check_activity_dates(ledger: Ledger, report: _Reporter) -> None:
    s = ledger.settings
    if s is None or s.period_end < s.period_start:
        return  # no usable period: settings.yml's own error says so
    for index, a in enumerate(ledger.activities):
        inside = s.period_start <= a.date <= s.period_end
        if not a.outside_period and not inside:
            report.add("activities", index, a.id, "date",
                       f"的值「{a.date}」不在{s.campaign_short}期间（{s.period_start} 至 {s.period_end}）内。"
                       "如确属期间外的活动，请在这条记录里加上一行 outside_period: true")
        if a.outside_period and inside:
            report.add("activities", index, a.id, "outside_period",
                       f"写了 true，但日期 {a.date} 在{s.campaign_short}期间（{s.period_start} 至 {s.period_end}）内。"
                       "请删去 outside_period 这一行")


def _after_as_of(value: dt.date, as_of: dt.date) -> str:
    return (f"的值「{value}」晚于截至日期 {as_of}（data/settings.yml 的 as_of）：记录里不能有截至日期之后才发生的事。"
            f"若截至日期已到，请把 data/settings.yml 的 as_of 改为 {value} 或更晚；否则请改正这个日期")


def _check_events_by_as_of(ledger: Ledger, report: _Reporter) -> None:
    """No event (a date on which something happened: the registry's event_dates) after the 截至日期."""
    s = ledger.settings
    if s is None:
        return
    for kind, records in iter_record_lists(ledger):
        for index, record in enumerate(records):
            for path in kind.event_dates:
                for location, value in event_values(record, path):
                    if value > s.as_of:
                        report.add(kind.key, index, record.id, location[0], _after_as_of(value, s.as_of),
                                   subpath=location[1:])


def _check_settings(ledger: Ledger, sources: Sources) -> list[RecordError]:
    s = ledger.settings
    if s is None:
        return []
    parsed = sources.files.get(SETTINGS_FILE)
    display = parsed.display_name if parsed else "data/settings.yml"
    found = []
    for field, message in (
        ("period_end", s.period_end < s.period_start and
         f"的值「{s.period_end}」早于开始日期（period_start: {s.period_start}）。结束日期应不早于开始日期"),
        ("as_of", s.as_of < s.period_start and
         f"的值「{s.as_of}」早于{s.campaign_short}开始日期（period_start: {s.period_start}）。截至日期应在{s.campaign_short}开始之后"),
    ):
        if message:
            where = parsed.location((field,)) if parsed else None
            found.append(RecordError(display, where[0] if where else None, message,
                                     column=where[1] if where else None, field=field))
    for position, sent in enumerate(s.reports_sent):
        if sent > s.as_of:
            where = parsed.location(("reports_sent", position)) if parsed else None
            found.append(RecordError(display, where[0] if where else None,
                                     f"的值「{sent}」晚于截至日期（as_of: {s.as_of}）。已报送的汇报日期应不晚于截至日期",
                                     column=where[1] if where else None, field=f"reports_sent[{position + 1}]"))
    return found


def _evidence_files_named(p) -> list[tuple[str, tuple, str]]:
    """(field, path inside it, file) of every evidence file a problem names: its closure's, its applications'."""
    named = [("closure", ("evidence_file",), p.closure.evidence_file)] if p.closure and p.closure.evidence_file else []
    return named + [("review", (i, "evidence_file"), r.evidence_file) for i, r in enumerate(p.review) if r.evidence_file]


def _check_evidence_files(ledger: Ledger, report: _Reporter, docs_dir: Path | None) -> list[RecordError]:
    """An evidence_file (a closure's, an application's for 销号) must be a file inside docs/ of a type an office
    hands in (ledger/records/evidence.py); so must every file uploaded to docs/evidence/. Checked when docs/ exists."""
    if docs_dir is None or not docs_dir.is_dir():
        return []
    limits = ledger.settings.limits if ledger.settings is not None else Limits()
    root = docs_dir.resolve()
    referenced = set()
    for index, p in enumerate(ledger.problems):
        for field, subpath, name in _evidence_files_named(p):
            target = (root / name).resolve()
            if name.startswith(("/", "\\")) or not target.is_relative_to(root) or not target.is_file():
                hint = "（路径从 docs/ 之下写起，不要以 docs/ 开头）" if name.startswith("docs/") else ""
                report.add("problems", index, p.id, field,
                           f"佐证材料文件「{name}」在 docs/ 下找不到{hint}；应写 docs/ 下已有文件的相对路径，"
                           f"例如 evidence/{p.id}-佐证材料.pdf", subpath)
                continue
            referenced.add(target)
            for _line, message in evidence.file_problems(target, name, limits):
                report.add("problems", index, p.id, field, message, subpath)
    folder = docs_dir / evidence.EVIDENCE_FOLDER
    found = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_symlink():
            found.append(RecordError(f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}", None,
                                     "是符号链接，不能作为佐证材料（它可能指向这台电脑上的其他文件）。请上传文件本身"))
        elif path.is_file() and not path.name.startswith(".") and path.resolve() not in referenced:
            display = f"{docs_dir.name}/{path.relative_to(docs_dir).as_posix()}"
            found += [RecordError(display, line, message)
                      for line, message in evidence.file_problems(path, path.relative_to(docs_dir).as_posix(), limits)]
    return found


def check_ledger(ledger: Ledger, sources: Sources | None = None,
                 docs_dir: Path | None = None) -> list[RecordError]:
    """Every cross-record error. `sources` (where each record was read) locates them in the files."""
    sources = sources or Sources()
    report = _Reporter(sources)
    uploaded = _check_evidence_files(ledger, report, docs_dir)
    _check_unique_ids(ledger, report)
    _check_references(ledger, report)
    _check_problem_dates(ledger, report)
    _check_reviews(ledger, report)
    _check_done_dates(ledger, report)
    _check_activity_dates(ledger, report)
    _check_events_by_as_of(ledger, report)
    return _check_settings(ledger, sources) + report.errors + uploaded
