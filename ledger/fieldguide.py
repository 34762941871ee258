"""The editor's guide's field tables, read from the models so they never drift."""
from __future__ import annotations

import datetime as dt
import typing

from pydantic import BaseModel

from . import models as m
from .tables import cell, markdown_table
from .text import options_text

# list key inside a data file -> (file name, record model)
RECORD_KINDS: dict[str, tuple[str, type[BaseModel]]] = {
    "activities": ("study.yml", m.Activity), "books": ("study.yml", m.Book),
    "topics": ("research.yml", m.Topic), "reports": ("research.yml", m.ResearchReport),
    "cases": ("research.yml", m.Case),
    "actions": ("development.yml", m.Action), "visits": ("development.yml", m.Visit),
    "honours": ("development.yml", m.Honour),
    "problems": ("problems.yml", m.Problem),
    "mechanisms": ("institutions.yml", m.Mechanism), "regulations": ("institutions.yml", m.Regulation),
    "outputs": ("institutions.yml", m.Output),
    "items": ("plan.yml", m.PlanItem),
}


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


# fields every record may carry; listed after the record's own fields
_SHARED_FIELDS = ("internal", "internal_fields")


def field_table(model: type[BaseModel]) -> str:
    rows = []
    names = sorted(model.model_fields, key=lambda name: name in _SHARED_FIELDS)  # stable: own order kept
    for name in names:
        info = model.model_fields[name]
        required = "必填" if info.is_required() else "可选"
        rows.append([f"`{name}`", cell(info.title or ""), cell(describe_type(info.annotation)), required,
                     cell(info.description or "")])
    return markdown_table(["字段", "含义", "写法", "必填", "说明"], rows)


def kind_field_table(kind: str) -> str:
    return field_table(RECORD_KINDS[kind][1])


def settings_field_table() -> str:
    return field_table(m.Settings)
