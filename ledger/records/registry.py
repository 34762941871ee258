"""The record kinds: one entry each, and every list of kinds in the program derives from here.

The Ledger's fields, the loader, the names in messages (问题 P-007), the editor's guide, the search
terms, `check`'s count, the JSON Schema and the form editor's collections are all read from KINDS.
Adding a kind is one entry here, its model in models.py and its page.

Where a kind's records are kept:
- in a data file shared with other kinds of its strand, as a list under the kind's key
  (data/study.yml: `activities:` and `books:`);
- or one file per record in a folder named after the kind (data/problems/P-001.yml), for the kinds
  edited most often: a save by the form editor or an Excel import then touches that record's file alone.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

from pydantic import BaseModel, ConfigDict, Field, create_model

from ledger.records import models as m
from ledger.records.campaign import Campaign, campaign_model, model_with_words
from ledger.records.review import settle_on_day

SETTINGS_FILE = "settings.yml"
SETTINGS_SUBJECT = "单位设置"


@dataclass(frozen=True)
class Stage:
    """One status on a record's way to done, and the event date that brings it (ledger/records/dated.py).

    event None: the first status (before anything happened), or a status reached on no recorded date
    (阶段性完成、长期坚持), kept on a day while the dated stage below it has been reached."""
    status: str
    event: str | None = None


@dataclass(frozen=True)
class RecordKind:
    key: str                       # list key in its data file, the folder's name, the Ledger's field: "problems"
    model: type[m.Record]
    noun: str                      # one record, in messages: 问题 P-007
    title: str                     # the whole list: 问题清单
    strand: str                    # the part of the campaign it belongs to: 检视整改
    file: str                      # data file holding the list (folder kinds: the folder's name + "/")
    page: str                      # the docs page that lists the records
    name_fields: tuple[str, ...] = ()   # fields holding names (not sentences): words for the search
    # Dates on which something happened (not planned dates such as deadlines). The ledger as known on
    # a date leaves out what happened later (ledger/records/dated.py) and `check` refuses such dates
    # after the settings' 截至日期. Dotted: progress.date is the date of each progress entry.
    event_dates: tuple[str, ...] = ()
    one_file_per_record: bool = False
    # The event date on which a record comes into the ledger (an activity held, a problem found): on an
    # earlier day the record is not yet there. The kind's other event dates only mark its progress: on an
    # earlier day they are not yet written (a date cleared, an entry left out) and the status steps back.
    appears: str | None = None
    # The statuses in the order a record goes through them, each with the event date that brings it
    # (first: the status before anything happened). A record's status on a day is the last stage reached.
    stages: tuple[Stage, ...] = ()
    # Fields written with an event and not before it: (event date, fields), e.g. a topic's places are
    # the places visited, written with its visit_date (the ledger as known on an earlier day has neither).
    # Dotted: fields of the same entry (review.reviewed comes with the entry's reviewer, decision, reason).
    # Of several event dates in one list's entries, the first listed brings the entry (review.applied: on an
    # earlier day the application is not there); a later one is cleared in it (review.reviewed: not yet reviewed).
    comes_with: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # A yes/no field that, when true, keeps a record listed but out of every figure (an activity held
    # outside the campaign's period: outside_period).
    uncounted: str | None = None
    # After the stages: the kind's own rule for a record as known on a day (problems: an application for
    # 销号 waiting for review means 已完成, a 退回 reopens; ledger/records/review.py). Returns fields to change.
    settle: Optional[Callable[[Any], dict[str, Any]]] = None

    @property
    def folder(self) -> str | None:
        """data/<folder>/ holding one file per record, or None for a list inside a shared file."""
        return self.key if self.one_file_per_record else None


KINDS: tuple[RecordKind, ...] = (
    RecordKind("activities", m.Activity, "学习活动", "学习活动", "理论学习", "study.yml", "study.md",
               name_fields=("type", "place"), event_dates=("date",), appears="date", uncounted="outside_period"),
    RecordKind("books", m.Book, "书目", "学习书目", "理论学习", "study.yml", "study.md", name_fields=("title",)),
    RecordKind("topics", m.Topic, "调研选题", "调研选题", "调查研究", "research.yml", "research.md",
               name_fields=("name", "places", "department", "leader"), event_dates=("visit_date",),
               comes_with=(("visit_date", ("places",)),)),
    RecordKind("reports", m.ResearchReport, "调研报告", "调研报告", "调查研究", "research.yml", "research.md",
               name_fields=("title",), event_dates=("completed",),
               stages=(Stage("撰写中"), Stage("已完成", "completed")),
               comes_with=(("completed", ("outcomes",)),)),
    RecordKind("cases", m.Case, "典型案例", "典型案例", "调查研究", "research.yml", "research.md"),
    RecordKind("actions", m.Action, "行动", "年度行动", "推动发展", "development.yml", "development.md",
               name_fields=("name",)),
    RecordKind("visits", m.Visit, "走访", "走访单位", "推动发展", "development.yml", "development.md",
               name_fields=("name",), event_dates=("date",), appears="date"),
    RecordKind("honours", m.Honour, "荣誉", "荣誉与成效", "推动发展", "development.yml", "development.md",
               name_fields=("recipient",)),
    RecordKind("problems", m.Problem, "问题", "问题清单", "检视整改", "problems/", "problems.md",
               name_fields=("department", "leader"),
               event_dates=("found", "completed", "progress.date", "closure.date", "review.applied",
                            "review.reviewed"), one_file_per_record=True,
               appears="found",
               stages=(Stage("未开始"), Stage("整改中", "progress.date"), Stage("阶段性完成、长期坚持"),
                       Stage("已完成", "completed")),
               comes_with=(("review.reviewed", ("reviewer", "decision", "reason")),),
               settle=settle_on_day),
    RecordKind("mechanisms", m.Mechanism, "机制", "学习机制", "建章立制", "institutions.yml", "institutions.md",
               name_fields=("name", "parts")),
    RecordKind("regulations", m.Regulation, "制度", "制度", "建章立制", "institutions.yml", "institutions.md",
               name_fields=("title",), event_dates=("issued",),
               stages=(Stage("起草中"), Stage("已印发", "issued"))),
    RecordKind("outputs", m.Output, "成果", "标准与手册", "建章立制", "institutions.yml", "institutions.md",
               name_fields=("title", "kind", "partners")),
    RecordKind("plan", m.PlanItem, "计划", "工作计划", "下一步工作计划", "plan.yml", "plan.md",
               name_fields=("title",)),
)

KINDS_BY_KEY: dict[str, RecordKind] = {kind.key: kind for kind in KINDS}


def kind(key: str) -> RecordKind:
    return KINDS_BY_KEY[key]


def noun(key: str) -> str:
    """问题 for problems; 记录 for a key that is no kind (a typo in a file's top level)."""
    return KINDS_BY_KEY[key].noun if key in KINDS_BY_KEY else "记录"


def shared_files() -> dict[str, str]:
    """Data file -> its strand, for the files that hold lists (in the kinds' order)."""
    return {k.file: k.strand for k in KINDS if not k.one_file_per_record}


def kinds_in(file_name: str) -> tuple[RecordKind, ...]:
    return tuple(k for k in KINDS if k.file == file_name and not k.one_file_per_record)


def folder_kinds() -> tuple[RecordKind, ...]:
    return tuple(k for k in KINDS if k.one_file_per_record)


def record_model(kind: RecordKind, campaign: Campaign | None = None) -> type[m.Record]:
    """The kind's model with the campaign's words in its choice fields (campaign.py); without a
    campaign, the kind's own model, whose choice fields take any text."""
    return campaign_model(kind.model, campaign)


@functools.lru_cache(maxsize=64)
def _list_file_model(name: str, kinds: tuple[RecordKind, ...], fingerprint: tuple | None) -> type[BaseModel]:
    fields = {k.key: (list[_model_for(k, fingerprint)], Field(default_factory=list, title=k.title)) for k in kinds}
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


def _model_for(kind: RecordKind, fingerprint: tuple | None) -> type[m.Record]:
    return kind.model if fingerprint is None else model_with_words(kind.model, fingerprint)


def _fingerprint(campaign: Campaign | None) -> tuple | None:
    return None if campaign is None else campaign.fingerprint


def file_model(file_name: str, campaign: Campaign | None = None) -> type[BaseModel]:
    """The model of one shared data file: a list field per kind kept in it (study.yml: activities, books)."""
    if file_name == SETTINGS_FILE:
        return m.Settings
    name = file_name.removesuffix(".yml").title().replace("_", "") + "File"
    return _list_file_model(name, kinds_in(file_name), _fingerprint(campaign))


def data_files(campaign: Campaign | None = None) -> Iterator[tuple[str, type[BaseModel], str]]:
    """(file name, model, subject) of settings.yml and every shared data file."""
    yield SETTINGS_FILE, m.Settings, SETTINGS_SUBJECT
    for file_name, strand in shared_files().items():
        yield file_name, file_model(file_name, campaign), strand


def folder_model(kind: RecordKind, campaign: Campaign | None = None) -> type[BaseModel]:
    """A one-record file as the loader reads it ({problems: [record]}, see ParsedFile.as_record_of)."""
    return _list_file_model(f"{kind.model.__name__}File", (kind,), _fingerprint(campaign))
