"""The campaign definition (data/campaign.yml): a campaign's vocabulary and its declared figures.

Every year brings a new campaign with its own activity types, problem
sources, case kinds and figures. None of them is written in the code: a campaign is this file.

- `id` and `version` name the definition (a roll-up compares them across units).
- `choices`: the words a record's choice fields allow (an activity's type, a problem's source, …), each
  with its unit where it matters (期, 次, 篇). Records keep the words themselves as values.
  Which field takes which list is the models' business (models.ChoiceOf); the lists are the campaign's.
- `figures`: every figure pages, the report, the exports and the commands quote, each declared as a
  measure over one kind of record (ledger/views/measures.py computes them), with its 口径 and the rule
  by which it adds up across units.
- `progress_figures`: the figures 本期进展 and `diff` state, in order.

Statuses the program's logic depends on (a problem done, a report finished, a regulation issued) keep
their meaning in the code (models.py); the campaign cannot rename them.
"""
from __future__ import annotations

import functools
import re
import typing
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model, field_validator
from typing import Annotated

from ledger.records import models as m

CAMPAIGN_FILE = "campaign.yml"
CAMPAIGN_SUBJECT = "活动定义"

# The lists of the definition, as messages name one of their entries: 数字 lecture_count
LIST_NOUNS = {"figures": "数字"}

FIGURE_ID_PATTERN = r"^[a-z][a-z0-9_]*$"
FigureId = Annotated[str, StringConstraints(pattern=FIGURE_ID_PATTERN)]

# A figure's measure: what it computes from the records of its kind (ledger/views/measures.py).
MEASURES: dict[str, str] = {
    "count": "记录条数：这种记录中符合 where 条件的条数",
    "sum": "合计：符合条件的记录的一个数字字段（field）相加",
    "distinct": "不重复的值：符合条件的记录的一个字段（field，可为列表）中出现过的值，按出现先后（order_by 可指定排序字段）",
    "rate": "比率：一个数字（of）占另一个数字（over）的百分比，四舍五入，不到 100% 时不写 100%",
    "judgement": "整改看板的判断：符合 judgement 的问题个数（overdue 逾期未完成、due_soon 即将到期、stale 进展滞后、"
                 "without_evidence 缺少佐证材料、awaiting_review 待审核销号、sent_back 销号退回）",
    "breakdown": "分组计数：符合条件的记录按一个字段（field）分组的条数",
}
Measure = Literal["count", "sum", "distinct", "rate", "judgement", "breakdown"]

# How a figure adds up across units (a 市局 over its 区局).
ADD_UPS: dict[str, str] = {
    "sum": "相加",
    "recompute": "由组成它的数字的合计重新计算（比率）",
    "union": "合并去重（如走访地点）",
    "per_unit": "只按单位分别列出，不合计（如按科室、按领导的分组）",
}
ADD_UP_NAMES = {"sum": "相加", "recompute": "重新计算", "union": "合并去重", "per_unit": "分单位列出"}
AddUp = Literal["sum", "recompute", "union", "per_unit"]
DEFAULT_ADD_UP: dict[str, str] = {"count": "sum", "sum": "sum", "judgement": "sum", "breakdown": "sum",
                                  "rate": "recompute", "distinct": "union"}

# The judgements of the 整改看板 a `judgement` figure may count (ledger/views/tracker.py).
JUDGEMENTS: dict[str, str] = {
    "overdue": "逾期未完成",
    "due_soon": "即将到期",
    "stale": "进展滞后",
    "without_evidence": "缺少佐证材料",
    "awaiting_review": "待审核销号",
    "sent_back": "销号退回",
}
Tone = Literal["plain", "good", "warn"]

WhereValue = Union[str, bool, int, list[Union[str, bool, int]]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Choice(_Strict):
    """One allowed word of a choice list."""
    value: m.Text = Field(title="取值")
    unit: Optional[m.Text] = Field(None, title="单位", description="计数的单位，如 期、次、篇、个")
    research: bool = Field(False, title="来自调查研究",
                           description="问题来源：写 true 的来源，问题可写来源调研选题（topic）")
    wording: Literal["award", "people", "recipient"] = Field(
        "award", title="汇报写法",
        description="荣誉类别：award 只写荣誉；people 写成“1人获评……”（用获奖人数）；recipient 写成“局党支部获评……”")


class FigureSpec(_Strict):
    """One declared figure."""
    id: FigureId = Field(title="编号", description="页面、汇报模板里写 fig.编号；只用小写英文字母、数字和下划线")
    label: m.Text = Field(title="名称", description="各处显示的中文名称")
    unit: str = Field("", title="单位", description="如 次、期、篇、个；比率和清单不写")
    measure: Measure = Field(title="统计方法")
    kind: Optional[str] = Field(None, title="记录种类", description="统计哪种记录，如 activities、problems")
    where: dict[str, WhereValue] = Field(default_factory=dict, title="条件",
                                         description="字段: 值（或值的列表，符合其一即可），如 {status: 已完成}")
    field: Optional[str] = Field(None, title="字段", description="sum、distinct、breakdown 用的字段")
    order_by: Optional[str] = Field(None, title="排序字段", description="distinct：按这个日期字段先后排列")
    of: Optional[str] = Field(None, title="分子", description="rate：分子的数字编号")
    over: Optional[str] = Field(None, title="分母", description="rate：分母的数字编号")
    judgement: Optional[str] = Field(None, title="判断", description="judgement：" + "、".join(JUDGEMENTS))
    basis: m.Text = Field(title="口径", description="一句话说明这个数字怎么数，编辑指南里列在数字旁边")
    add_up: Optional[AddUp] = Field(None, title="汇总方法",
                                    description="多个单位汇总时：" + "；".join(f"{k} {v}" for k, v in ADD_UPS.items()))
    tone: Tone = Field("plain", title="卡片样式", description="plain 普通；good 完成类（绿色）；warn 提醒类（不为 0 时红色）")

    @property
    def rule(self) -> str:
        """The add-up rule, the measure's default when none is written."""
        return self.add_up or DEFAULT_ADD_UP[self.measure]

    @property
    def caption(self) -> str:
        """名称（单位） as a card or a column header names it."""
        return f"{self.label}（{self.unit}）" if self.unit else self.label


class Campaign(_Strict):
    """活动定义：取值清单和数字。"""
    id: m.RecordId = Field(title="活动编号", description="如 zhuti-jiaoyu-2023；汇总时各单位须相同")
    version: m.Text = Field(title="版本", description="定义改动时加一，如 1、2；汇总时各单位须相同")
    # a word alone, or a word with its unit and notes: {value: 某类活动, unit: 次}
    choices: dict[str, list[Union[Choice, m.Text]]] = Field(title="取值清单")
    figures: list[FigureSpec] = Field(title="数字", min_length=1)
    progress_figures: list[str] = Field(default_factory=list, title="本期进展列出的数字",
                                        description="“本期进展”按这个顺序列出的数字编号")
    status_figures: list[str] = Field(default_factory=list, title="整改情况列出的数字",
                                      description="python -m ledger status 开头一句按这个顺序列出的数字编号；"
                                                  "最后一个之后列出未完成问题的各状态个数")

    @field_validator("choices", mode="after")
    @classmethod
    def _plain_words(cls, value):
        """A word written alone is the same as {value: word}."""
        return {name: [Choice(value=e) if isinstance(e, str) else e for e in entries] for name, entries in value.items()}

    def values(self, list_name: str) -> tuple[str, ...]:
        return tuple(choice.value for choice in self.choices.get(list_name, ()))

    def choice(self, list_name: str, value: str) -> Optional[Choice]:
        return next((c for c in self.choices.get(list_name, ()) if c.value == value), None)

    @functools.cached_property
    def figures_by_id(self) -> dict[str, FigureSpec]:
        return {spec.id: spec for spec in self.figures}

    def figure(self, figure_id: str) -> FigureSpec:
        return self.figures_by_id[figure_id]

    @property
    def fingerprint(self) -> tuple:
        """The choice lists as a hashable key: two campaigns with the same lists share their models."""
        return tuple((name, self.values(name)) for name in sorted(self.choices))


# ---- record models with the campaign's words ----

def choice_list_of(annotation: Any) -> Optional[str]:
    """The choice list a field's annotation takes its words from (models.ChoiceOf), or None."""
    for item in typing.get_args(annotation) if typing.get_origin(annotation) is Annotated else ():
        if isinstance(item, m.ChoiceOf):
            return item.list_name
    for inner in typing.get_args(annotation):
        found = choice_list_of(inner) if inner is not type(None) else None
        if found:
            return found
    return None


def choice_fields(model: type[BaseModel]) -> dict[str, str]:
    """field name -> choice list name, for the model's choice fields."""
    hints = m.type_hints(model)
    return {name: found for name in model.model_fields if (found := choice_list_of(hints[name]))}


def _with_words(annotation: Any, words: tuple[str, ...]) -> Any:
    """The annotation with its ChoiceOf text replaced by Literal[words] (Optional and list kept)."""
    if choice_list_of(annotation) and typing.get_origin(annotation) is Annotated:
        return Literal[words] if words else Literal[""]
    origin = typing.get_origin(annotation)
    if origin is Union:
        return Optional[_with_words(next(a for a in typing.get_args(annotation) if a is not type(None)), words)]
    if origin is list:
        return list[_with_words(typing.get_args(annotation)[0], words)]
    return annotation


@functools.lru_cache(maxsize=64)
def model_with_words(model: type[BaseModel], fingerprint: tuple) -> type[BaseModel]:
    words = dict(fingerprint)
    fields = {}
    for name, list_name in choice_fields(model).items():
        info = model.model_fields[name]
        annotation = _with_words(m.type_hints(model)[name], words.get(list_name, ()))
        fields[name] = (annotation, Field(info.default, title=info.title, description=info.description)
                        if not info.is_required() else Field(title=info.title, description=info.description))
    if not fields:
        return model
    derived = create_model(model.__name__, __base__=model, __module__=model.__module__, **fields)
    derived.__doc__ = model.__doc__
    return derived


def campaign_model(model: type[BaseModel], campaign: Optional[Campaign]) -> type[BaseModel]:
    """The record model whose choice fields allow the campaign's words (a subclass of `model`);
    without a campaign (it failed its own check), the model itself: its choice fields take any text."""
    return model if campaign is None else model_with_words(model, campaign.fingerprint)


_FIG_ATTRIBUTE = re.compile(r"\bfig\.([A-Za-z_][A-Za-z0-9_]*)|\bfig\[\s*['\"]([^'\"]+)['\"]\s*\]"
                            r"|\bfigure_text\(\s*['\"]([^'\"]+)['\"]\s*\)")


# the page macros that take figure ids as strings: figure_cards(["a", ["b", "c"]]), share_table("a") …
FIGURE_MACROS = ("figure_cards", "share_table", "done_table")
_FIG_MACRO_CALL = re.compile(r"\b(?:" + "|".join(FIGURE_MACROS) + r")\((.*?)\)\s*(?:\||\}\})", re.S)
_QUOTED_ID = re.compile(r"[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']")


_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", re.S)


def figure_references(text: str) -> list[tuple[int, str]]:
    """(line, figure id) of every figure a page or template text asks for: `fig.X`, `fig["X"]`, and the
    ids given to the figure macros; text inside {% raw %} … {% endraw %} is shown as written, not asked for."""
    text = _RAW.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    found = []
    for match in _FIG_ATTRIBUTE.finditer(text):
        found.append((text.count("\n", 0, match.start()) + 1, match.group(1) or match.group(2) or match.group(3)))
    for call in _FIG_MACRO_CALL.finditer(text):
        for quoted in _QUOTED_ID.finditer(call.group(1)):
            found.append((text.count("\n", 0, call.start(1) + quoted.start()) + 1, quoted.group(1)))
    return sorted(found)
