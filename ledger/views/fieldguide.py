"""The editor's guide's field tables, read from the models so they never drift."""
from __future__ import annotations

from pydantic import BaseModel

from ledger.records import models as m
from ledger.records.messages import describe_type
from ledger.records import registry
from ledger.records.registry import kind as record_kind
from ledger.views.tables import cell, markdown_table

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
    return field_table(record_kind(kind).model)


def settings_field_table() -> str:
    return field_table(m.Settings)


def record_files_table() -> str:
    """Where each kind of record is kept: one row per data file or record folder (from the registry)."""
    rows = [["`data/settings.yml`", "单位名称、主题教育期间、截至日期、提醒规则", "（单条设置）"]]
    for file_name, strand in registry.shared_files().items():
        lists = "，".join(f"`{k.key}` {k.title}" for k in registry.kinds_in(file_name))
        rows.append([f"`data/{file_name}`", cell(strand), lists])
    for kind in registry.folder_kinds():
        rows.append([f"`data/{kind.folder}/`", cell(kind.strand), f"一条{kind.noun}一个文件，如 `{kind.folder}/P-001.yml`"])
    return markdown_table(["文件", "内容", "记录列表"], rows)
