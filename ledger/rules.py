"""Rules across records: unique IDs, references that resolve, dates that make sense."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterator

from . import models as m
from .errors import RecordError
from .records import Ledger, iter_record_lists
from .yamlfile import ParsedFile


class _Reporter:
    """Builds located errors for a record given by (file, list key, index)."""

    def __init__(self, parsed_files: dict[str, ParsedFile]):
        self.parsed_files = parsed_files
        self.errors: list[RecordError] = []

    def add(self, file_name: str, key: str, index: int, record_id: str, field: str | None, message: str,
            subpath: tuple = ()) -> None:
        parsed = self.parsed_files.get(file_name)
        path = (key, index) + ((field,) if field else ()) + subpath
        where = parsed.location(path) if parsed else None
        display = parsed.display_name if parsed else f"data/{file_name}"
        field_text = field
        if field and subpath:
            field_text += "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in subpath)
        self.errors.append(RecordError(
            display, where[0] if where else None, message, column=where[1] if where else None,
            record=f"{m.RECORD_NOUNS.get(key, '记录')} {record_id}", field=field_text,
        ))


def _indexed(records) -> Iterator[tuple[int, object]]:
    return enumerate(records)


def _check_unique_ids(ledger: Ledger, report: _Reporter) -> None:
    first_seen: dict[str, str] = {}
    for file_name, key, records in iter_record_lists(ledger):
        for index, record in _indexed(records):
            place = f"data/{file_name}"
            if record.id in first_seen:
                report.add(file_name, key, index, record.id, "id",
                           f"编号「{record.id}」重复：{first_seen[record.id]} 里已经有这个编号，编号必须唯一")
            else:
                first_seen[record.id] = place


def _check_references(ledger: Ledger, report: _Reporter) -> None:
    topic_ids = {t.id for t in ledger.topics}
    problem_ids = {p.id for p in ledger.problems}
    for index, item in _indexed(ledger.reports):
        if item.topic not in topic_ids:
            report.add("research.yml", "reports", index, item.id, "topic",
                       f"的值「{item.topic}」找不到对应的调研选题，应为：{'、'.join(sorted(topic_ids))}")
    for index, item in _indexed(ledger.problems):
        if item.topic is not None and item.topic not in topic_ids:
            report.add("problems.yml", "problems", index, item.id, "topic",
                       f"的值「{item.topic}」找不到对应的调研选题，应为：{'、'.join(sorted(topic_ids))}")
    for index, item in _indexed(ledger.regulations):
        for position, ref in enumerate(item.answers):
            if ref not in problem_ids:
                report.add("institutions.yml", "regulations", index, item.id, "answers",
                           f"的值「{ref}」找不到对应的问题，问题编号应为：{'、'.join(sorted(problem_ids))}",
                           subpath=(position,))


def _check_problem_dates(ledger: Ledger, report: _Reporter) -> None:
    for index, p in _indexed(ledger.problems):
        add: Callable[..., None] = lambda field, msg, sub=(): report.add(
            "problems.yml", "problems", index, p.id, field, msg, subpath=sub)
        if p.is_done and p.completed is None:
            add("completed", "缺少完成日期：状态为“已完成”的问题必须写 completed")
        if not p.is_done and p.completed is not None:
            add("completed", f"状态为“{p.status}”的问题不应有完成日期；已完成请把 status 改为“已完成”")
        if p.completed is not None and p.completed < p.found:
            add("completed", f"完成日期 {p.completed} 早于发现日期 {p.found}")
        if p.deadline < p.found:
            add("deadline", f"整改时限 {p.deadline} 早于发现日期 {p.found}")
        if p.closure is not None and not p.is_done:
            add("closure", f"状态为“{p.status}”的问题不能销号；销号前请先把 status 改为“已完成”")
        if p.closure is not None and p.completed is not None and p.closure.date < p.completed:
            add("closure", f"销号日期 {p.closure.date} 早于完成日期 {p.completed}", ("date",))
        for position, entry in enumerate(p.progress):
            if entry.date < p.found:
                add("progress", f"进展日期 {entry.date} 早于发现日期 {p.found}", (position, "date"))
            if position and entry.date < p.progress[position - 1].date:
                add("progress", "整改进展应按日期先后排列", (position, "date"))


def _check_activity_dates(ledger: Ledger, report: _Reporter) -> None:
    s = ledger.settings
    for index, a in _indexed(ledger.activities):
        if not a.outside_period and not (s.period_start <= a.date <= s.period_end):
            report.add("study.yml", "activities", index, a.id, "date",
                       f"的值「{a.date}」不在主题教育期间（{s.period_start} 至 {s.period_end}）内；"
                       "如确属期间外的活动，请加上 outside_period: true")


def _check_settings(ledger: Ledger, parsed_files: dict[str, ParsedFile]) -> list[RecordError]:
    s = ledger.settings
    if s.period_end < s.period_start:
        parsed = parsed_files.get("settings.yml")
        where = parsed.location(("period_end",)) if parsed else None
        return [RecordError("data/settings.yml" if not parsed else parsed.display_name,
                            where[0] if where else None,
                            f"结束日期 {s.period_end} 早于开始日期 {s.period_start}", field="period_end")]
    return []


def _check_evidence_files(ledger: Ledger, report: _Reporter, docs_dir: Path | None) -> None:
    """A closure's evidence_file must be a file inside docs/ (checked when that folder exists)."""
    if docs_dir is None or not docs_dir.is_dir():
        return
    root = docs_dir.resolve()
    for index, p in _indexed(ledger.problems):
        name = p.closure.evidence_file if p.closure is not None else None
        if not name:
            continue
        target = (root / name).resolve()
        if name.startswith(("/", "\\")) or not target.is_relative_to(root) or not target.is_file():
            hint = "（路径从 docs/ 之下写起，不要以 docs/ 开头）" if name.startswith("docs/") else ""
            report.add("problems.yml", "problems", index, p.id, "closure",
                       f"佐证材料文件「{name}」在 docs/ 下找不到{hint}；应写 docs/ 下已有文件的相对路径，"
                       f"例如 evidence/{p.id}-佐证材料.pdf", ("evidence_file",))


def check_ledger(ledger: Ledger, parsed_files: dict[str, ParsedFile],
                 docs_dir: Path | None = None) -> list[RecordError]:
    report = _Reporter(parsed_files)
    _check_evidence_files(ledger, report, docs_dir)
    _check_unique_ids(ledger, report)
    _check_references(ledger, report)
    _check_problem_dates(ledger, report)
    _check_activity_dates(ledger, report)
    return _check_settings(ledger, parsed_files) + report.errors
