"""Turn pydantic's validation details into sentences an office editor can act on.

Each sentence follows "文件:行:列 记录 字段 name" (see errors.RecordError) and says
what the value was and what is expected instead.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel

from ledger.text import options_text

_NOTHING = object()


def _show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "「true」" if value else "「false」"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "一个列表"
    return f"「{value}」"


def _field_info(model: type[BaseModel], loc: tuple):
    """The FieldInfo at loc, following nested models and lists; None when loc leaves the models."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        current = _inner_model(info.annotation)
    return info


def _field_title(model: type[BaseModel], loc: tuple) -> str | None:
    info = _field_info(model, loc)
    return info.title if info is not None else None


def _inner_model(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", ()) or ()
    for candidate in (annotation, *args):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
        inner_args = getattr(candidate, "__args__", ()) or ()
        for inner in inner_args:
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return None


def _literal_options(model: type[BaseModel], loc: tuple) -> tuple:
    """The allowed values of the Literal field at loc."""
    info = _field_info(model, loc)
    annotation: Any = info.annotation if info is not None else None
    while annotation is not None and typing.get_origin(annotation) is not typing.Literal:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = inner[0] if inner else None
    return typing.get_args(annotation) if annotation is not None else ()


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    parent = _field_info(model, loc[:-1]) if loc[:-1] else None
    current = model if not loc[:-1] else (_inner_model(parent.annotation) if parent is not None else None)
    return list(getattr(current, "model_fields", {}) or [])


# What editors write for an allowed value, in other words. Characters alone mislead here: 已整改 shares
# 整改 with 整改中 but means 已完成. A word maps to the value it means wherever that value is allowed.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "已完成": ("已整改", "整改完成", "整改完毕", "已整改完成", "完成", "已完结", "完结", "已办结", "办结", "已销号",
             "销号", "已结束", "结束", "已落实", "落实", "已解决", "解决", "已闭环", "完成整改"),
    "整改中": ("进行中", "正在整改", "正在进行", "推进中", "在整改", "整改进行中", "未完成", "进行", "持续整改"),
    "未开始": ("未整改", "待整改", "尚未开始", "没开始", "未启动", "待启动", "未进行"),
    "阶段性完成、长期坚持": ("长期坚持", "阶段性完成", "长期整改", "持续推进", "长期"),
    "已印发": ("印发", "已发布", "发布", "已下发", "下发", "已出台", "出台", "已发文"),
    "起草中": ("草拟中", "起草", "正在起草", "拟定中", "修订中", "征求意见中", "待印发"),
    "撰写中": ("写作中", "正在撰写", "起草中", "未完成", "进行中"),
    "已发布": ("发布", "已印发", "印发", "已出版"),
    "研制中": ("编制中", "正在研制", "起草中", "进行中"),
}
_MEANT = [(word, value) for value, words in SYNONYMS.items() for word in words]


def _did_you_mean(value: Any, options) -> str:
    """'是不是想写「已完成」？' when the value means one option in other words, or is close to one."""
    if not isinstance(value, str):
        return ""
    options = [str(o) for o in options]
    written = value.strip()
    meant = [target for word, target in _MEANT if word == written and target in options]
    if meant:
        return f"是不是想写「{meant[0]}」？"
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.5)
    if not close:
        close = [o for o in options if value and (value in o or o in value)][:1]
    return f"是不是想写「{close[0]}」？" if close else ""


def _expected_text(model: type[BaseModel], loc: tuple) -> str:
    """'文字（标题）', '整数（天数）', '日期' … for messages about an empty or wrong value."""
    info = _field_info(model, loc)
    if info is None:
        return "一个值"
    kind = describe_type(info.annotation)
    return f"{kind}（{info.title}）" if info.title else kind


def describe_type(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return "取值：" + options_text(args)
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return describe_type(inner[0]) if len(inner) == 1 else "、".join(describe_type(a) for a in inner)
    if origin is typing.Annotated:
        return describe_type(args[0])
    if origin is list:
        return "列表：" + describe_type(args[0]) if args else "列表"
    if annotation is dt.date:
        return "日期，如 2023-09-15"
    if annotation is int:
        return "整数"
    if annotation is bool:
        return "true 或 false"
    if annotation is str:
        return "文字"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "一组字段：" + "、".join(annotation.model_fields)
    return str(annotation)


def _string_typed(value: Any, shown: Any, named: str) -> str:
    if isinstance(value, dict):
        return (f"的值是{_show(value)}，应为文字{named}。如果文字以“{{”开头，或含有“: ”，"
                "请给整个值加上引号")
    if isinstance(value, list):
        return f"的值是{_show(value)}，应为文字{named}。如果文字以“[”或“- ”开头，请给整个值加上引号"
    if isinstance(value, (dt.date, int, float, bool)):
        return f"的值{_show(shown)}不是文字，应为文字{named}。要把数字、日期或 yes/no 当文字写，请给整个值加上引号"
    return f"的值{_show(shown)}无效，应为文字{named}"


_FULLWIDTH_BRACKETS = "【】［］〔〕〖〗「」『』[]"
_ITEM_SEPARATORS = re.compile(r"[，、；;,]")


def list_example(text: str) -> str:
    """A list written as text, as YAML wants it: 【甲，乙、丙】 -> [甲, 乙, 丙] (full-width brackets and commas
    are text to YAML: kept, they would make one item of the whole)."""
    items = [item.strip() for item in _ITEM_SEPARATORS.split(text.strip().strip(_FULLWIDTH_BRACKETS)) if item.strip()]
    return f"[{', '.join(items)}]" if items else "[甲, 乙]"


def describe_validation_error(detail: dict, model: type[BaseModel], raw: Any = _NOTHING) -> str:
    """One pydantic error detail as Chinese. `raw` is the value as written in the file, when known."""
    kind = detail["type"]
    loc = tuple(detail["loc"])
    value = detail.get("input")
    shown = value if raw is _NOTHING or raw is None or isinstance(value, (dict, list)) else raw
    ctx = detail.get("ctx") or {}
    title = _field_title(model, loc)
    named = f"（{title}）" if title else ""
    if kind == "missing":
        field = loc[-1] if loc else ""
        return f"缺少必填字段{named}：请加上一行“{field}: …”"
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc)
        guess = _did_you_mean(str(loc[-1]), allowed)
        return f"是未知字段（可能拼写有误）。{guess}这里可用的字段有：{'、'.join(allowed)}"
    if kind == "literal_error":
        options = _literal_options(model, loc)
        if value is None:
            return f"没有填写内容，应为：{options_text(options)}"
        guess = _did_you_mean(shown, options)
        return f"的值{_show(shown)}无效，应为：{options_text(options)}" + (f"。{guess}" if guess else "")
    if value is None:
        return f"没有填写内容，应为{_expected_text(model, loc)}。不需要这个字段时请把这一行删去"
    if kind == "date_format":
        return f"的值{_show(shown)}{detail['msg']}"
    if kind == "internal_field":  # ledger/audience.py names the field and what may be written
        return f"中的{detail['msg']}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"的值{_show(shown)}无效，应为整数{named}，如 3"
    if kind in ("bool_type", "bool_parsing"):
        return f"的值{_show(shown)}无效，应为 true 或 false"
    if kind == "string_type":
        return _string_typed(value, shown, named)
    if kind == "string_pattern_mismatch":
        return (f"的值{_show(shown)}无效：编号只能用英文字母、数字、“-”和“_”，以字母或数字开头，"
                "不能有空格或中文，如 P-009")
    if kind == "list_type":
        example = list_example(shown) if isinstance(shown, str) else "[甲, 乙]"
        return (f"的值{_show(shown)}无效，应为列表：写成 {example}（方括号、逗号都用英文的），"
                "或每项另起一行、以“- ”开头")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"的值{_show(shown)}无效，应为一组“字段: 值”（每个字段另起一行并缩进）"
    if kind in ("too_short", "string_too_short"):
        if isinstance(value, str):
            return "不能为空。不需要这个字段时请把这一行删去"
        return f"至少需要 {ctx.get('min_length', 1)} 项"
    if kind in ("greater_than_equal", "greater_than"):
        return f"的值{_show(shown)}无效，应不小于 {ctx.get('ge', ctx.get('gt'))}"
    return f"的值{_show(shown)}无效：{detail['msg']}"
