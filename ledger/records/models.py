"""Typed records. One pydantic model per record kind, one per data file.

Field titles are the Chinese labels editors see in errors, the guide and the
JSON Schema. Every model forbids unknown fields, so a typo is an error.
"""
from __future__ import annotations

import datetime as dt
import functools
import typing
from typing import Annotated, Any, Literal, Optional

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt, StringConstraints,
                      field_validator)
from pydantic_core import PydanticCustomError

from ledger.records.dates import date_problem

ReportStatus = Literal["撰写中", "已完成"]
ProblemStatus = Literal["未开始", "整改中", "已完成", "阶段性完成、长期坚持"]
PROBLEM_STATUSES: tuple[str, ...] = ProblemStatus.__args__
DONE_STATUS = "已完成"
RegulationStatus = Literal["起草中", "已印发"]
OutputStatus = Literal["研制中", "已发布"]
# 销号审核 (ledger/records/review.py): an application is passed (销号) or sent back (reopened)
ReviewDecision = Literal["通过", "退回"]
REVIEW_DECISIONS: tuple[str, ...] = ReviewDecision.__args__
PASSED, SENT_BACK = "通过", "退回"

# A single field of free text, shown exactly as written; never empty (leave an optional field out instead).
Text = Annotated[str, StringConstraints(min_length=1)]


class ChoiceOf:
    """Marks a text field whose words come from a choice list of the campaign (data/campaign.yml):
    ledger/records/campaign.py makes the model that allows exactly those words."""

    def __init__(self, list_name: str):
        self.list_name = list_name

    def __repr__(self) -> str:
        return f"ChoiceOf({self.list_name!r})"


def choice(list_name: str) -> Any:
    """A text field taking one word of the campaign's list `list_name`."""
    return Annotated[str, StringConstraints(min_length=1), ChoiceOf(list_name)]


# The campaign's choice lists that record fields take (their words are in data/campaign.yml)
ActivityType = choice("activity_types")
BookKind = choice("book_kinds")
CaseKind = choice("case_kinds")
HonourCategory = choice("honour_categories")
ProblemSource = choice("problem_sources")
RegulationKind = choice("regulation_kinds")

# A record's ID, and a reference to one: it becomes part of page addresses, so letters, digits, - and _ only.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
RecordId = Annotated[str, StringConstraints(min_length=1, pattern=ID_PATTERN)]
# The name of a field of a record (internal_fields lists them): not free text. A field of the entries of a
# list or sub-record is written with a dot: review.reason (the 退回理由 of every 销号审核 entry).
FieldName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")]


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
        for name in names if isinstance(names, list) else ():
            problem = internal_field_problem(cls, name) if isinstance(name, str) else None
            if problem:
                raise PydanticCustomError("internal_field", problem)
        return names


# ---- which fields can be internal (公开版与内部版, ledger/records/audience.py) ----
RESERVED_FIELDS = ("id", "internal", "internal_fields")
_TEXT_SHAPES = (Text, Optional[Text], list[Text])


@functools.lru_cache(maxsize=None)
def type_hints(model: type[BaseModel]) -> dict[str, Any]:
    """A model's annotations, read once per model class (get_type_hints re-evaluates them on every call)."""
    return typing.get_type_hints(model, include_extras=True)


def _shape(model: type[BaseModel], name: str) -> Any:
    return type_hints(model)[name]


def entry_model(shape: Any) -> type[BaseModel] | None:
    """The entry model of list[ProgressEntry] or Optional[Closure]; None for any other shape."""
    for candidate in typing.get_args(shape):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def is_text_field(model: type[BaseModel], name: str) -> bool:
    return _shape(model, name) in _TEXT_SHAPES


def is_choice_field(model: type[BaseModel], name: str) -> bool:
    """A field whose value is one of fixed words (a Literal, perhaps optional): 审核结论, 整改状态."""
    shape = _shape(model, name)
    options = typing.get_args(shape) if typing.get_origin(shape) is typing.Union else (shape,)
    return any(typing.get_origin(option) is Literal for option in options)


def can_be_internal(model: type[BaseModel], name: str) -> bool:
    """Free text, or entries holding free text (整改进展, 销号), or one text field of such entries
    (review.reason); not IDs, dates, numbers or choices."""
    field, _, inner = name.partition(".")
    if field in RESERVED_FIELDS or field not in model.model_fields:
        return False
    entry = entry_model(_shape(model, field))
    if inner:
        return entry is not None and inner in entry.model_fields and is_text_field(entry, inner)
    return is_text_field(model, field) or entry is not None


def internal_choices(model: type[BaseModel]) -> list[str]:
    """Every name internal_fields may list for this model: its text fields and entries, then the text
    fields inside entries (review.reason)."""
    names = [f for f in model.model_fields if can_be_internal(model, f)]
    for field in list(names):
        entry = entry_model(_shape(model, field))
        if entry is not None:
            names += [f"{field}.{inner}" for inner in entry.model_fields if can_be_internal(model, f"{field}.{inner}")]
    return names


def internal_field_problem(model: type[BaseModel], name: str) -> str | None:
    """Why `name` cannot be listed in a record's internal_fields, in Chinese; None when it can."""
    if can_be_internal(model, name):
        return None
    allowed = "、".join(internal_choices(model))
    field = name.partition(".")[0]
    if "." in name and field in model.model_fields:
        return f"「{name}」不是这种记录可以标为内部的字段（点号后面应是{field}里的文字字段），可写：{allowed}"
    if name not in model.model_fields or name in RESERVED_FIELDS:
        return f"「{name}」不是这种记录可以标为内部的字段，可写：{allowed}"
    return (f"「{name}」不是文字字段，不能标为内部（编号、日期、数字和取值要用于统计和链接）；"
            f"可写：{allowed}；要让整条记录不公开，写 internal: true")


# ---- 读取上限：别人写的文件（记录、佐证材料、收回的台账）不能拖垮机器 (ledger/records/safeyaml.py) ----
# Browser-run types: never evidence, whatever limits.evidence_types says (served from the site's own origin).
SCRIPT_TYPES = ("html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "js", "mjs", "cjs",
                "xml", "xsl", "xslt", "swf", "hta", "wasm", "php")
EVIDENCE_TYPES = ("pdf", "ofd", "jpg", "jpeg", "png", "docx", "xlsx", "pptx", "zip", "md")


class Limits(BaseModel):
    """读取上限（一般不用改）：超过上限的记录文件、文字、佐证材料和收回的台账不读取，并给出中文说明。"""
    model_config = ConfigDict(extra="forbid", frozen=True)

    file_mb: StrictInt = Field(10, title="记录文件大小上限（MB）", ge=1, le=100,
                               description="data/ 下一个文件的大小上限；超过的文件不读取")
    text_chars: StrictInt = Field(20_000, title="一段文字的长度上限（字符）", ge=1_000, le=1_000_000,
                                  description="记录里一个字段的文字长度上限；长篇材料请作为佐证材料文件上传")
    evidence_types: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+$")]] = Field(
        list(EVIDENCE_TYPES), title="佐证材料文件类型", min_length=1,
        description="docs/evidence/ 下和 evidence_file 可用的文件扩展名（小写、不带点）；网页、SVG、脚本等浏览器会运行的类型不能加入")
    workbook_mb: StrictInt = Field(20, title="导入台账大小上限（MB）", ge=1, le=200,
                                   description="收回的整改台账（.xlsx）的文件大小上限")
    workbook_cells: StrictInt = Field(1_000_000, title="导入台账单元格上限", ge=10_000, le=10_000_000,
                                      description="工作表标明的范围（行数×列数）超过此数的台账不读取")
    workbook_ratio: StrictInt = Field(100, title="导入台账压缩比上限", ge=10, le=1_000,
                                      description="台账（.xlsx 是压缩包）解压后与压缩前大小之比的上限，防止“压缩炸弹”")

    @field_validator("evidence_types")
    @classmethod
    def _no_script_types(cls, types):
        refused = [t for t in types if t in SCRIPT_TYPES]
        if refused:
            raise PydanticCustomError("script_type", f"「{'、'.join(refused)}」是浏览器会运行的类型，不能作为佐证材料")
        return types

    @property
    def file_bytes(self) -> int:
        return self.file_mb * 2**20


# ---- 单位设置 ----
class Settings(BaseModel):
    """单位与活动设置：页面、汇报和台账里的单位名称、截至日期都取自这里。"""
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    unit: Text = Field(title="单位名称")
    unit_id: Optional[RecordId] = Field(None, title="单位编号",
                                        description="本单位在上级单位里的编号（英文字母、数字和“-”），如 xxq-qxj；"
                                                    "日历订阅里每个事件的编号含有它，上级订阅多个单位时不会混淆")
    party_group: Text = Field(title="党组名称")
    campaign: Text = Field(title="活动全称")
    campaign_short: Text = Field(title="活动简称")
    batch: Optional[Text] = Field(None, title="批次", description="分批开展的活动写批次，如 第二批；不分批开展的不写")
    period_start: Date = Field(title="开始日期")
    period_end: Date = Field(title="结束日期")
    as_of: Date = Field(title="截至日期", description="汇报所说的“截至到目前”，逾期等判断都以此为准")
    report_title: Text = Field(title="汇报标题")
    due_soon_days: StrictInt = Field(14, title="即将到期天数", ge=0, description="整改时限前多少天内算“即将到期”")
    stale_days: StrictInt = Field(30, title="进展滞后天数", ge=1, description="多少天没有新的整改进展算“进展滞后”")
    reports_sent: list[Date] = Field(default_factory=list, title="已报送日期",
                                     description="以往每次向上报送汇报的截至日期，如 [2023-10-15]；“本期进展”从最近一次算起")
    review_days: StrictInt = Field(7, title="销号审核天数", ge=0,
                                   description="科室申请销号后多少天内应审核完毕：日历里的审核提醒排在申请日期加这些天")
    site_url: Optional[Text] = Field(None, title="内部版网站地址",
                                     description="如 https://ledger.example.cn/；领导提醒里“详见整改看板”和日历事件的链接用它")
    limits: Limits = Field(default_factory=Limits, title="读取上限", description="一般不写；见编辑指南“读取上限与不能用的写法”")


# ---- 理论学习 ----
class Activity(Record):
    """每一次学习活动一条记录。首页和各页面上各类学习活动的期数、次数都由这里统计。"""
    type: ActivityType = Field(title="活动类型")
    title: Text = Field(title="题目")
    date: Date = Field(title="日期")
    days: StrictInt = Field(1, title="天数", ge=1)
    speaker: Optional[Text] = Field(None, title="主讲人（职务）")
    organizer: Optional[Text] = Field(None, title="组织者")
    place: Optional[Text] = Field(None, title="地点")
    outside_period: StrictBool = Field(False, title="不在活动期间", description="日期在活动期间（单位设置的开始、结束日期）之外时写 true：照常列出，不计入数字")


class Book(Record):
    """研读的文件和学习的书目，汇报按这里的顺序列出。"""
    title: Text = Field(title="书目")
    kind: BookKind = Field(title="类别", description="汇报里“研读……”的文件和“学习……等书目”的书目分别列出")


# ---- 调查研究 ----
class Topic(Record):
    """调查研究的选题，一个选题一条记录。"""
    name: Text = Field(title="调研选题")
    leader: Text = Field(title="带队领导（职务）", description="只写职务，不写姓名")
    department: Text = Field(title="责任科室")
    places: list[Text] = Field(title="走访地点", min_length=1)
    visit_date: Optional[Date] = Field(None, title="调研日期")


class ResearchReport(Record):
    """调研报告，写明所属的调研选题。"""
    topic: RecordId = Field(title="所属选题编号")
    title: Text = Field(title="报告题目", description="照原文填写（含书名号）")
    status: ReportStatus = Field(title="状态")
    completed: Optional[Date] = Field(None, title="完成日期")
    outcomes: list[Text] = Field(default_factory=list, title="成果转化")


class Case(Record):
    """正面和反面典型案例。"""
    kind: CaseKind = Field(title="案例类型")
    title: Text = Field(title="案例")
    dissected: StrictBool = Field(False, title="已开展解剖式调研")


# ---- 推动发展 ----
class Action(Record):
    """推动发展的五个“年”行动，按汇报的顺序。"""
    name: Text = Field(title="行动名称")
    aim: Text = Field(title="目标")
    measures: list[Text] = Field(title="举措", min_length=1)


class Visit(Record):
    """走访的单位（开放深化年）。"""
    name: Text = Field(title="走访单位", description="按汇报的简称填写")
    date: Optional[Date] = Field(None, title="走访日期")


class Honour(Record):
    """荣誉与成效。"""
    category: HonourCategory = Field(title="类别")
    recipient: Text = Field(title="获得者（单位或职务）", description="写单位或职务，不写姓名")
    people: Optional[StrictInt] = Field(None, title="获奖人数", ge=1,
                                        description="个人荣誉写获奖人数，汇报里写成“1人获评……”")
    award: Text = Field(title="荣誉或成效", description="只写荣誉本身，不写获奖者和人数（人数由获奖人数生成）")


# ---- 检视整改 ----
class ProgressEntry(BaseModel):
    """一次整改进展：日期和做了什么。"""
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    date: Date = Field(title="日期")
    text: Text = Field(title="进展")


class Closure(BaseModel):
    """销号（一步记下）：整改完成并经审核后写；写了销号，销号日期和审核人就必须填写。记了销号审核的问题不写这一项：审核通过就是销号。"""
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    date: Date = Field(title="销号日期")
    evidence: Optional[Text] = Field(None, title="佐证材料")
    evidence_file: Optional[str] = Field(None, title="佐证材料文件",
                                         description="docs/ 下的文件路径（可不写），如 evidence/P-005-叫应机制文件.pdf；问题页会链接到它")
    approved_by: Text = Field(title="审核人（职务）")


class ReviewRound(BaseModel):
    """一次申请销号和对它的审核：科室申请时写申请日期、申请科室和佐证材料；办公室审核后在同一条里写审核日期、审核人、
    审核结论（通过即销号；退回要写退回理由，问题重新打开：状态改回“整改中”，删去完成日期）。退回后再次申请，在末尾另加一条。"""
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    applied: Optional[Date] = Field(None, title="申请销号日期", description="科室报告整改完成、申请销号的日期")
    department: Optional[Text] = Field(None, title="申请科室")
    evidence: Optional[Text] = Field(None, title="佐证材料", description="随申请提交的佐证材料（文件名称、图片等）")
    evidence_file: Optional[str] = Field(None, title="佐证材料文件",
                                         description="docs/ 下的文件路径（可不写），如 evidence/P-008-提醒机制文件.pdf")
    reviewed: Optional[Date] = Field(None, title="审核日期", description="办公室审核的日期；还没审核时不写")
    reviewer: Optional[Text] = Field(None, title="审核人（职务）")
    decision: Optional[ReviewDecision] = Field(None, title="审核结论", description="通过（即销号）或退回")
    reason: Optional[Text] = Field(None, title="退回理由", description="退回时必须写明理由")

    @property
    def decided(self) -> bool:
        return self.decision is not None

    @property
    def passed(self) -> bool:
        return self.decision == PASSED

    @property
    def sent_back(self) -> bool:
        return self.decision == SENT_BACK

    def describe(self) -> str:
        """One line for diffs and lists: 申请 2023-11-06（办公室，佐证材料：…）；审核 2023-11-08 通过（党组书记）."""
        applied = f"申请 {self.applied or '（未写日期）'}"
        details = "，".join(filter(None, [self.department, self.evidence and f"佐证材料：{self.evidence}",
                                          self.evidence_file and f"文件：{self.evidence_file}"]))
        text = applied + (f"（{details}）" if details else "")
        if self.decided or self.reviewed or self.reviewer:
            review = f"审核 {self.reviewed or '（未写日期）'} {self.decision or '（未写结论）'}"
            review += f"（{self.reviewer}）" if self.reviewer else ""
            review += f"，退回理由：{self.reason}" if self.reason else ""
            text += "；" + review
        return text


class Problem(Record):
    """检视整改的问题，一个问题一条记录（data/problems/ 下一个文件，文件名就是编号）。整改状态改为“已完成”时须写完成日期；
    销号经“销号审核”记下（申请、审核），或在“销号”里一步记下。"""
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
    progress: list[ProgressEntry] = Field(default_factory=list, title="整改进展",
                                          description="每有进展就在末尾加一条，按日期先后")
    closure: Optional[Closure] = Field(None, title="销号")
    review: list[ReviewRound] = Field(default_factory=list, title="销号审核",
                                      description="每次申请销号一条，按先后；审核后在同一条里写审核结论")

    @property
    def is_done(self) -> bool:
        return self.status == DONE_STATUS

    @property
    def last_round(self) -> Optional[ReviewRound]:
        return self.review[-1] if self.review else None

    @property
    def closed(self) -> Optional[Closure]:
        """The 销号: the closure written in one step, or the review round passed (its 审核 is the 销号)."""
        if self.closure is not None:
            return self.closure
        last = self.last_round
        if last is not None and last.passed and last.reviewed is not None and last.reviewer:
            return Closure(date=last.reviewed, evidence=last.evidence, evidence_file=last.evidence_file,
                           approved_by=last.reviewer)
        return None


# ---- 建章立制 ----
class Mechanism(Record):
    """学习机制。"""
    name: Text = Field(title="机制名称")
    parts: list[Text] = Field(title="组成", min_length=1)


class Regulation(Record):
    """新建和修订的制度。"""
    title: Text = Field(title="制度名称")
    kind: RegulationKind = Field(title="制度类型", description="如新建、修订；可选的词见活动定义的 regulation_kinds")
    status: RegulationStatus = Field(title="状态")
    issued: Optional[Date] = Field(None, title="印发日期")
    answers: list[RecordId] = Field(default_factory=list, title="回应的问题编号",
                                    description="这项制度回应的问题的编号，如 P-005（可不写）")


class Output(Record):
    """成果转化：与其他部门联合研制的标准、手册。"""
    title: Text = Field(title="成果名称")
    kind: Text = Field(title="类别")
    partners: list[Text] = Field(default_factory=list, title="联合部门")
    status: OutputStatus = Field(title="状态")


# ---- 下一步工作计划 ----
class PlanItem(Record):
    """下一步工作计划，按汇报的顺序，一项一条记录。"""
    title: Text = Field(title="标题")
    text: Text = Field(title="内容")
