"""Who a build is for: the internal site shows every record; the public site leaves internal content out.

Records say what is internal (see README “公开版与内部版”):

- `internal: true` on a record: the public build leaves the whole record out. It is not listed and
  not counted: public figures are computed from the public records, so every public number
  matches the public tables, charts and downloads. What exists only through the record goes with
  it (a research report on an internal topic); references to it are dropped (a problem's source
  topic, a regulation's answered problems). For things whose very existence is not public.
- `internal_fields: [field, ...]`: the record stays, listed and counted (反面案例1个), but the text
  of those fields reads （内部信息）. Inside entries (整改进展, 销号) only the text is hidden; their
  dates stay, so deadlines and progress are judged the same way in both builds. Only text fields
  can be internal: IDs, dates, numbers and fixed choices are what figures and links are made of.

The switch is the environment variable LEDGER_AUDIENCE: `public` for the public build, `internal`
(the default) for the full one. Both the pages (macros.py) and the generated pages (hooks) read the
ledger through `ledger_for_build`, so everything a build writes follows the same view.
"""
from __future__ import annotations

import dataclasses
import os
import typing
from typing import Any, Mapping, Optional

from pydantic import BaseModel

from . import models as m
from .records import Ledger, iter_record_lists

INTERNAL_TEXT = "（内部信息）"
AUDIENCE_VARIABLE = "LEDGER_AUDIENCE"
INTERNAL, PUBLIC = "internal", "public"
RESERVED_FIELDS = ("id", "internal", "internal_fields")
_TEXT_SHAPES = (m.Text, Optional[m.Text], list[m.Text])


class AudienceError(ValueError):
    pass


def selected_audience(environ: Mapping[str, str] = os.environ) -> str:
    """internal or public, from LEDGER_AUDIENCE; anything else is refused in Chinese."""
    value = environ.get(AUDIENCE_VARIABLE, "").strip() or INTERNAL
    if value not in (INTERNAL, PUBLIC):
        raise AudienceError(f"环境变量 {AUDIENCE_VARIABLE} 的值「{value}」无效，应为 {PUBLIC}（公开版）或 {INTERNAL}（内部版，默认）")
    return value


def ledger_for_build(ledger: Ledger, environ: Mapping[str, str] = os.environ) -> Ledger:
    """The ledger a build shows: the public view when LEDGER_AUDIENCE=public, else the ledger itself."""
    return public_view(ledger) if selected_audience(environ) == PUBLIC else ledger


# ---- which fields can be internal ----
def _shape(model: type[BaseModel], name: str) -> Any:
    return typing.get_type_hints(model, include_extras=True)[name]


def _entry_model(shape: Any) -> type[BaseModel] | None:
    """The entry model of list[ProgressEntry] or Optional[Closure]; None for any other shape."""
    for candidate in typing.get_args(shape):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def is_text_field(model: type[BaseModel], name: str) -> bool:
    return _shape(model, name) in _TEXT_SHAPES


def can_be_internal(model: type[BaseModel], name: str) -> bool:
    """Free text, or entries holding free text (整改进展, 销号); not IDs, dates, numbers or choices."""
    if name in RESERVED_FIELDS or name not in model.model_fields:
        return False
    return is_text_field(model, name) or _entry_model(_shape(model, name)) is not None


def internal_field_problem(model: type[BaseModel], name: str) -> str | None:
    """Why `name` cannot be listed in a record's internal_fields, in Chinese; None when it can."""
    if can_be_internal(model, name):
        return None
    allowed = "、".join(f for f in model.model_fields if can_be_internal(model, f))
    if name not in model.model_fields or name in RESERVED_FIELDS:
        return f"「{name}」不是这种记录可以标为内部的字段，可写：{allowed}"
    return (f"「{name}」不是文字字段，不能标为内部（编号、日期、数字和取值要用于统计和链接）；"
            f"可写：{allowed}；要让整条记录不公开，写 internal: true")


# ---- the public view ----
def redact(value: Any) -> Any:
    """A field's value with its text hidden: text -> （内部信息）; entries keep dates, lose text."""
    if isinstance(value, str):
        return INTERNAL_TEXT
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(item, str) for item in value):
            return [INTERNAL_TEXT]
        return [redact(item) for item in value]
    if isinstance(value, BaseModel):
        model = type(value)
        update = {}
        for name in model.model_fields:
            inner = getattr(value, name)
            if is_text_field(model, name) and inner is not None:
                update[name] = redact(inner)
            elif isinstance(inner, str):
                update[name] = None  # a file path or another non-text string: not published
        return value.model_copy(update=update)
    return value


def hidden_ids(ledger: Ledger) -> set[str]:
    """IDs of the records a public build leaves out: internal ones and those that exist through them."""
    hidden = {r.id for _file, _key, records in iter_record_lists(ledger) for r in records if r.internal}
    return hidden | {r.id for r in ledger.reports if r.topic in hidden}


def _public_record(record: m.Record, hidden: set[str]) -> m.Record:
    update = {name: redact(getattr(record, name)) for name in record.internal_fields}
    if isinstance(record, m.Problem) and record.topic in hidden:
        update["topic"] = None
    if isinstance(record, m.Regulation) and any(ref in hidden for ref in record.answers):
        update["answers"] = [ref for ref in record.answers if ref not in hidden]
    return record.model_copy(update=update) if update else record


def public_view(ledger: Ledger) -> Ledger:
    """The ledger without internal records and with the text of internal fields hidden."""
    hidden = hidden_ids(ledger)
    lists = {}
    for field in dataclasses.fields(ledger):
        records = getattr(ledger, field.name)
        if isinstance(records, tuple):
            lists[field.name] = tuple(_public_record(r, hidden) for r in records if r.id not in hidden)
    return dataclasses.replace(ledger, **lists)


def evidence_files(ledger: Ledger) -> set[str]:
    """docs/ files that problems' closures point to."""
    return {p.closure.evidence_file for p in ledger.problems if p.closure and p.closure.evidence_file}


def withheld_files(ledger: Ledger, shown: Ledger) -> set[str]:
    """Evidence files the full ledger points to and the shown one does not: not to be published."""
    return evidence_files(ledger) - evidence_files(shown)
