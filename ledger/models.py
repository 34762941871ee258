"""Typed records. One pydantic model per record kind, one per data file.

Field titles are the Chinese labels editors see in errors, the guide and the
JSON Schema. Every model forbids unknown fields, so a typo is an error.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from typing import Annotated

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StringConstraints,
                      field_validator)
from pydantic_core import PydanticCustomError

from .dates import date_problem

ActivityType = Literal["专题读书班", "专题党课", "党组中心组专题研讨", "党支部集中学习", "现场学习教育"]
ACTIVITY_TYPES: tuple[str, ...] = ActivityType.__args__
BookKind = Literal["文件", "书目"]
ReportStatus = Literal["撰写中", "已完成"]
CaseKind = Literal["正面", "反面"]
HonourCategory = Literal["集体荣誉", "个人荣誉", "优秀案例", "发展排名"]
ProblemSource = Literal["调研发现", "推动发展中发现", "群众反映"]
PROBLEM_SOURCES: tuple[str, ...] = ProblemSource.__args__
ProblemStatus = Literal["未开始", "整改中", "已完成", "阶段性完成、长期坚持"]
PROBLEM_STATUSES: tuple[str, ...] = ProblemStatus.__args__
DONE_STATUS = "已完成"
RegulationKind = Literal["新建", "修订"]
RegulationStatus = Literal["起草中", "已印发"]
OutputStatus = Literal["研制中", "已发布"]

# A single field of free text, shown exactly as written; never empty (leave an optional field out instead).
Text = Annotated[str, StringConstraints(min_length=1)]
# A record's ID, and a reference to one: it becomes part of page addresses, so letters, digits, - and _ only.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
RecordId = Annotated[str, StringConstraints(min_length=1, pattern=ID_PATTERN)]
# The name of a field of a record (internal_fields lists them): not free text.
FieldName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]


def _to_date(value):
    """Accept a YAML date or the string 'YYYY-MM-DD'; refuse every other form, naming the right one."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.datetime.strptime(value.strip(), "%Y-%m-%d").date()
        except ValueError:
            pass
    raise PydanticCustomError("date_format", date_problem(value))


Date = Annotated[dt.date, BeforeValidator(_to_date)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: RecordId = Field(title="编号", description="稳定的唯一编号，一经确定不再改动；只用英文字母、数字和“-”，如 P-009")
    # 公开版与内部版（ledger/audience.py）：公开版不出现内部记录，内部字段的文字显示为“（内部信息）”
    internal: StrictBool = Field(False, title="内部记录", description="写 true：公开版里没有这条记录，也不计入数字")
    internal_fields: list[FieldName] = Field(default_factory=list, title="内部字段",
                                             description="公开版里这些字段的文字显示为“（内部信息）”，记录仍列出、仍计数；如 [title]")

    @field_validator("internal_fields", mode="before")
    @classmethod
    def _internal_fields_are_text(cls, names):
        from .audience import internal_field_problem  # audience reads these models

        for name in names if isinstance(names, list) else ():
            problem = internal_field_problem(cls, name) if isinstance(name, str) else None
            if problem:
                raise PydanticCustomError("internal_field", problem)
        return names


# ---- 单位设置 ----
class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    unit: Text = Field(title="单位名称")
    party_group: Text = Field(title="党组名称")
    campaign: Text = Field(title="主题教育全称")
    campaign_short: Text = Field(title="主题教育简称")
    batch: Text = Field(title="批次")
    period_start: Date = Field(title="开始日期")
    period_end: Date = Field(title="结束日期")
    as_of: Date = Field(title="截至日期", description="汇报所说的“截至到目前”，逾期等判断都以此为准")
    report_title: Text = Field(title="汇报标题")
    due_soon_days: StrictInt = Field(14, title="即将到期天数", ge=0)
    stale_days: StrictInt = Field(30, title="进展滞后天数", ge=1)


# ---- 理论学习 ----
class Activity(Record):
    type: ActivityType = Field(title="活动类型")
    title: Text = Field(title="题目")
    date: Date = Field(title="日期")
    days: StrictInt = Field(1, title="天数", ge=1)
    speaker: Optional[Text] = Field(None, title="主讲人（职务）")
    organizer: Optional[Text] = Field(None, title="组织者")
    place: Optional[Text] = Field(None, title="地点")
    outside_period: StrictBool = Field(False, title="不在主题教育期间", description="日期在主题教育期间之外时写 true")


class Book(Record):
    title: Text = Field(title="书目")
    kind: BookKind = Field("书目", title="类别")


class StudyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    activities: list[Activity] = Field(default_factory=list, title="学习活动")
    books: list[Book] = Field(default_factory=list, title="学习书目")


# ---- 调查研究 ----
class Topic(Record):
    name: Text = Field(title="调研选题")
    leader: Text = Field(title="带队领导（职务）")
    department: Text = Field(title="责任科室")
    places: list[Text] = Field(title="走访地点", min_length=1)
    visit_date: Optional[Date] = Field(None, title="调研日期")


class ResearchReport(Record):
    topic: RecordId = Field(title="所属选题编号")
    title: Text = Field(title="报告题目")
    status: ReportStatus = Field(title="状态")
    completed: Optional[Date] = Field(None, title="完成日期")
    outcomes: list[Text] = Field(default_factory=list, title="成果转化")


class Case(Record):
    kind: CaseKind = Field(title="案例类型")
    title: Text = Field(title="案例")
    dissected: StrictBool = Field(False, title="已开展解剖式调研")


class ResearchFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    topics: list[Topic] = Field(default_factory=list, title="调研选题")
    reports: list[ResearchReport] = Field(default_factory=list, title="调研报告")
    cases: list[Case] = Field(default_factory=list, title="典型案例")


# ---- 推动发展 ----
class Action(Record):
    name: Text = Field(title="行动名称")
    aim: Text = Field(title="目标")
    measures: list[Text] = Field(title="举措", min_length=1)


class Visit(Record):
    name: Text = Field(title="走访单位")
    date: Optional[Date] = Field(None, title="走访日期")


class Honour(Record):
    category: HonourCategory = Field(title="类别")
    recipient: Text = Field(title="获得者（单位或职务）")
    people: Optional[StrictInt] = Field(None, title="获奖人数", ge=1)
    award: Text = Field(title="荣誉或成效")


class DevelopmentFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    actions: list[Action] = Field(default_factory=list, title="年度行动")
    visits: list[Visit] = Field(default_factory=list, title="走访单位")
    honours: list[Honour] = Field(default_factory=list, title="荣誉与成效")


# ---- 检视整改 ----
class ProgressEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    date: Date = Field(title="日期")
    text: Text = Field(title="进展")


class Closure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    date: Date = Field(title="销号日期")
    evidence: Optional[Text] = Field(None, title="佐证材料")
    evidence_file: Optional[str] = Field(None, title="佐证材料文件", description="docs/ 下的文件路径")
    approved_by: Text = Field(title="审核人（职务）")


class Problem(Record):
    description: Text = Field(title="问题描述")
    source: ProblemSource = Field(title="问题来源")
    topic: Optional[RecordId] = Field(None, title="来源调研选题编号")
    measures: Text = Field(title="整改措施")
    leader: Text = Field(title="责任领导（职务）")
    department: Text = Field(title="责任科室")
    found: Date = Field(title="发现日期")
    deadline: Date = Field(title="整改时限")
    status: ProblemStatus = Field(title="整改状态")
    completed: Optional[Date] = Field(None, title="完成日期")
    progress: list[ProgressEntry] = Field(default_factory=list, title="整改进展")
    closure: Optional[Closure] = Field(None, title="销号")

    @property
    def is_done(self) -> bool:
        return self.status == DONE_STATUS


class ProblemsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    problems: list[Problem] = Field(default_factory=list, title="问题清单")


# ---- 建章立制 ----
class Mechanism(Record):
    name: Text = Field(title="机制名称")
    parts: list[Text] = Field(title="组成", min_length=1)


class Regulation(Record):
    title: Text = Field(title="制度名称")
    kind: RegulationKind = Field(title="新建或修订")
    status: RegulationStatus = Field(title="状态")
    issued: Optional[Date] = Field(None, title="印发日期")
    answers: list[RecordId] = Field(default_factory=list, title="回应的问题编号")


class Output(Record):
    title: Text = Field(title="成果名称")
    kind: Text = Field(title="类别")
    partners: list[Text] = Field(default_factory=list, title="联合部门")
    status: OutputStatus = Field(title="状态")


class InstitutionsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    mechanisms: list[Mechanism] = Field(default_factory=list, title="学习机制")
    regulations: list[Regulation] = Field(default_factory=list, title="制度")
    outputs: list[Output] = Field(default_factory=list, title="标准与手册")


# ---- 下一步工作计划 ----
class PlanItem(Record):
    title: Text = Field(title="标题")
    text: Text = Field(title="内容")


class PlanFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    items: list[PlanItem] = Field(default_factory=list, title="工作计划")


# data file name -> (model, Chinese name of the file's subject)
FILE_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "settings.yml": (Settings, "单位设置"),
    "study.yml": (StudyFile, "理论学习"),
    "research.yml": (ResearchFile, "调查研究"),
    "development.yml": (DevelopmentFile, "推动发展"),
    "problems.yml": (ProblemsFile, "检视整改"),
    "institutions.yml": (InstitutionsFile, "建章立制"),
    "plan.yml": (PlanFile, "下一步工作计划"),
}

# record kind (the list key inside a file) -> Chinese noun used in messages
RECORD_NOUNS: dict[str, str] = {
    "activities": "学习活动", "books": "书目", "topics": "调研选题", "reports": "调研报告",
    "cases": "典型案例", "actions": "行动", "visits": "走访", "honours": "荣誉",
    "problems": "问题", "mechanisms": "机制", "regulations": "制度", "outputs": "成果",
    "items": "计划",
}
