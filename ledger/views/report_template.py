"""The report's connecting prose: a YAML file of Jinja sentence templates editors may change.

Figures and lists are never written in the template; they come in as variables.
The output is plain text (no escaping here): renderers escape for their medium.
Errors name the template file and line, in Chinese, like record errors do.
"""
from __future__ import annotations

import functools

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional

import jinja2
import jinja2.sandbox
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ledger.records.campaign import Campaign, WhereValue, figure_references
from ledger.records.campaign_check import guess_figure, selection_problems
from ledger.records.registry import KINDS_BY_KEY
from ledger.text import options_text
from ledger.records.errors import LedgerInvalid, RecordError
from ledger.records.load import read_depth
from ledger.records.messages import describe_validation_error
from ledger.records.yamlfile import ParsedFile, parse_yaml_file

DEFAULT_TEMPLATE = Path("templates") / "report.yml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SectionTemplate(_Strict):
    heading: str = Field(title="小标题", min_length=1)
    paragraphs: list[str] = Field(title="段落", min_length=1)


class PartTemplate(_Strict):
    heading: str = Field(title="标题", min_length=1)
    sections: list[SectionTemplate] = Field(default_factory=list, title="各节")
    from_plan: bool = Field(False, title="各节取自下一步工作计划记录")


class Phrases(_Strict):
    action: str = Field(title="年度行动短语")
    visits: str = Field(title="走访单位短语")
    visits_after_action: str = Field(title="走访单位写在哪项行动之后")
    mechanism: str = Field(title="学习机制短语")
    plan_lead: str = Field(title="工作计划小标题短语")


class ListTemplate(_Strict):
    """A list of names taken from records: one field's values, each once, joined as the report joins them."""
    kind: str = Field(title="记录种类", description="如 books、activities、topics")
    field: str = Field(title="字段", description="取哪个字段的值，如 title、name、places")
    where: dict[str, WhereValue] = Field(default_factory=dict, title="条件")
    order_by: Optional[str] = Field(None, title="排序字段", description="按这个日期字段先后排列")
    order: Literal["records", "choices"] = Field("records", title="顺序",
                                                 description="records 按记录的顺序；choices 按活动定义取值清单的顺序")
    join: Literal["、", "和", "书名号"] = Field("、", title="连接方式",
                                            description="、 用顿号；和 最后两项用“和”；书名号 都带书名号时直接相连")
    first: bool = Field(False, title="只取第一项")
    wording: dict[str, str] = Field(default_factory=dict, title="说法", description="值 → 汇报里的说法")


class HonourGroup(_Strict):
    categories: list[str] = Field(title="荣誉类别", min_length=1)
    join: str = Field("；", title="连接符")


class HonourSentence(_Strict):
    """One sentence of honours: each record of `each` as a sentence of its own, or the groups joined by ；."""
    each: list[str] = Field(default_factory=list, title="各自成句的类别")
    groups: list[HonourGroup] = Field(default_factory=list, title="同一句里的各组")


class SheetNotes(_Strict):
    """The line of figures under each Excel sheet's title (after 填报单位 and 截至日期)."""
    problems: str = Field(title="整改台账表")
    reports: str = Field(title="调研报告表")
    activities: str = Field(title="学习活动表")


class ReportTemplate(_Strict):
    title: str = Field(title="标题")
    opening: list[str] = Field(default_factory=list, title="开头段落")
    parts: list[PartTemplate] = Field(title="正文各部分", min_length=1)
    signature: str = Field(title="落款")
    phrases: Phrases = Field(title="短语")
    lists: dict[str, ListTemplate] = Field(default_factory=dict, title="由记录生成的清单")
    honours: list[HonourSentence] = Field(default_factory=list, title="荣誉与成效的写法")
    sheets: SheetNotes = Field(title="Excel 各表的数字说明")


MAX_OUTPUT = 10_000_000  # characters one template string may make (the longest: 0.9 million at the bench's 1000x)


class _Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """A template is text others may write (a merge request, a unit's repository): it may use the variables it
    is given, never reach Python's internals ({{ cycler.__init__.__globals__.os… }}), and never make a
    value or a text larger than a report can hold ({{ "x" * 10**10 }}, {{ 9**9**9 }})."""
    intercepted_binops = frozenset(("*", "**"))

    def call_binop(self, context, operator, left, right):
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, right))
        if operator == "**" and not (numbers and abs(right) <= 64 and abs(left) <= 10**6):
            raise jinja2.sandbox.SecurityError("power too large")
        if operator == "*" and not numbers and max(_size(left, right), _size(right, left)) > MAX_OUTPUT:
            raise jinja2.sandbox.SecurityError("repetition too large")
        return super().call_binop(context, operator, left, right)


def _size(value, times) -> int:
    """How long `value * times` would be, for a text or a list repeated."""
    return len(value) * times if isinstance(value, (str, list, tuple)) and isinstance(times, int) else 0


_ENV = _Sandbox(undefined=jinja2.StrictUndefined, autoescape=False)


def _rendered(template: jinja2.Template, context: dict) -> str:
    """The template's text, stopped once it grows past MAX_OUTPUT (a loop inside a loop)."""
    parts, size = [], 0
    for chunk in template.generate(**context):
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise jinja2.sandbox.SecurityError("output too large")
        parts.append(chunk)
    return "".join(parts)


@functools.lru_cache(maxsize=512)
def _compiled(source: str) -> jinja2.Template:
    """A template string compiled once: the same phrase is rendered for every action, plan item, … (the
    compiled form depends on the text alone, so keeping it changes no output)."""
    return _ENV.from_string(source)


@dataclass(frozen=True)
class LoadedTemplate:
    """The validated template plus where each of its strings sits in the file."""
    model: ReportTemplate
    parsed: ParsedFile

    def render(self, path: tuple, source: str, **context: Any) -> str:
        """Render one template string; a mistake in it becomes a located Chinese error."""
        try:
            return _rendered(_compiled(source), context)
        except jinja2.sandbox.SecurityError as exc:
            if "too large" in str(exc):
                raise self._error(path, f"这段文字生成不出来：模板里的计算、重复或循环太大（一段文字最多 {MAX_OUTPUT:,} 个字符）。"
                                        "请删去这处计算") from None
            raise self._error(path, "用到了模板不能用的写法（以“_”开头的名称、Python 的内部属性或方法）。"
                                    "汇报文字模板里只能用给出的名称，如 {{ fig.problem_count }}") from None
        except jinja2.UndefinedError as exc:
            raise self._error(path, f"用到了不存在的名称：{exc.message}。可用的名称见文件末尾的说明") from None
        except jinja2.TemplateSyntaxError as exc:
            raise self._error(path, f"{{{{ }}}} 或 {{% %}} 的写法有误：{exc.message}") from None
        except jinja2.TemplateError as exc:
            raise self._error(path, f"无法生成这段文字：{exc}") from None
        except (RecursionError, MemoryError, OverflowError, ArithmeticError):
            raise self._error(path, "这段文字生成不出来：模板里的计算出错或太大。请删去这处计算") from None

    def _error(self, path: tuple, message: str) -> LedgerInvalid:
        where = self.parsed.location(path)
        return LedgerInvalid([RecordError(
            self.parsed.display_name, where[0] if where else None, message,
            column=where[1] if where else None, field=_path_text(path) or None)])


def _path_text(path: tuple) -> str:
    return "".join(f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(path))


def _display_name(path: Path) -> str:
    try:
        return os.path.relpath(path).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _strings(node: Any, path: tuple = ()):
    """(path, text) of every string in the template's data."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, path + (index,))


def _campaign_errors(model: ReportTemplate, parsed: ParsedFile, campaign: Campaign) -> list[RecordError]:
    """Figures the template asks for that the campaign does not declare; lists naming unknown kinds,
    fields or values. Each located in the template."""
    errors = []

    def add(path: tuple, message: str) -> None:
        where = parsed.location(path) or parsed.location(path[:-1]) or parsed.location(path[:1])
        errors.append(RecordError(parsed.display_name, where[0] if where else None, message,
                                  column=where[1] if where else None, field=_path_text(path) or None))

    for path, text in _strings(parsed.data):
        for _line, figure_id in figure_references(text):
            if figure_id not in campaign.figures_by_id:
                add(path, f"用到了不存在的数字「{figure_id}」（fig.{figure_id}）：活动定义 data/campaign.yml 的 figures "
                          f"里没有这个编号{guess_figure(figure_id, campaign)}")
    for name, spec in getattr(model, "lists", {}).items():
        kind = KINDS_BY_KEY.get(spec.kind)
        if kind is None:
            add(("lists", name, "kind"), f"「{spec.kind}」不是一种记录，应为：{options_text(KINDS_BY_KEY)}")
            continue
        for sub, message in selection_problems(campaign, kind, spec.where, spec.field, spec.order_by):
            add(("lists", name, *sub), message)
    return errors


def load_template(path: str | os.PathLike = DEFAULT_TEMPLATE, campaign: Campaign | None = None, *,
                  model: type[BaseModel] = ReportTemplate) -> LoadedTemplate:
    """Read and validate the prose template (against the campaign's figures and record kinds, when given);
    raise LedgerInvalid with every located error. model: the template's shape (a roll-up's has its own)."""
    path = Path(path)
    if not path.exists():
        raise LedgerInvalid([RecordError(str(path), None, "找不到汇报文字模板文件")])
    parsed = parse_yaml_file(path, _display_name(path), depth=read_depth(model))
    if parsed.errors:
        raise LedgerInvalid(parsed.errors)
    try:
        validated = model.model_validate(parsed.data)
    except ValidationError as exc:
        errors = []
        for detail in exc.errors():
            where = parsed.location(tuple(detail["loc"]))
            errors.append(RecordError(parsed.display_name, where[0] if where else None,
                                      describe_validation_error(detail, model),
                                      column=where[1] if where else None,
                                      field=_path_text(tuple(detail["loc"])) or None))
        raise LedgerInvalid(errors) from None
    errors = _campaign_errors(validated, parsed, campaign) if campaign is not None else []
    if errors:
        raise LedgerInvalid(errors)
    return LoadedTemplate(validated, parsed)
