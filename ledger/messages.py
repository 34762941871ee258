"""Turn pydantic's validation details into sentences an office editor can act on."""
from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from .text import options_text


def _show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, (dict, list)):
        return "一组内容"
    return f"「{value}」"


def _field_title(model: type[BaseModel], loc: tuple) -> str | None:
    """Follow the location through nested models to the field's Chinese title."""
    current: Any = model
    title = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return None
        info = fields[part]
        title = info.title
        current = _inner_model(info.annotation)
    return title


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
    current: Any = model
    annotation: Any = None
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            break
        annotation = fields[part].annotation
        current = _inner_model(annotation)
    while annotation is not None and typing.get_origin(annotation) is not typing.Literal:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = inner[0] if inner else None
    return typing.get_args(annotation) if annotation is not None else ()


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
    return list(getattr(current, "model_fields", {}) or [])


def describe_validation_error(detail: dict, model: type[BaseModel]) -> str:
    kind = detail["type"]
    loc = tuple(detail["loc"])
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    title = _field_title(model, loc)
    named = f"（{title}）" if title else ""
    if kind == "missing":
        return f"缺少必填字段{named}"
    if kind == "extra_forbidden":
        allowed = "、".join(_allowed_fields(model, loc))
        return f"是未知字段（可能拼写有误），这里可用的字段有：{allowed}"
    if kind == "literal_error":
        return f"的值{_show(value)}无效，应为：{options_text(_literal_options(model, loc))}"
    if kind == "date_format":
        return f"的值{_show(value)}{detail['msg']}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"的值{_show(value)}无效，应为整数{named}"
    if kind in ("bool_type", "bool_parsing"):
        return f"的值{_show(value)}无效，应为 true 或 false"
    if kind == "string_type":
        return f"的值{_show(value)}无效，应为文字{named}；如果要写数字或日期作为文字，请加引号"
    if kind == "list_type":
        return f"的值{_show(value)}无效，应为列表（每项另起一行，以“- ”开头）"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"的值{_show(value)}无效，应为一组“字段: 值”"
    if kind == "too_short":
        if isinstance(value, str):
            return "不能为空"
        return f"至少需要 {ctx.get('min_length', 1)} 项"
    if kind == "string_too_short":
        return "不能为空"
    if kind in ("greater_than_equal", "greater_than"):
        return f"的值{_show(value)}无效，应不小于 {ctx.get('ge', ctx.get('gt'))}"
    return f"的值{_show(value)}无效：{detail['msg']}"
