"""The editor's guide's field tables, read from the models so they never drift."""
from __future__ import annotations

import typing

from pydantic import BaseModel

from ledger.records import models as m
from ledger.records.campaign import ADD_UP_NAMES, ADD_UPS, DEFAULT_ADD_UP, MEASURES, Campaign, campaign_model
from ledger.records.campaign_check import choice_lists_used
from ledger.records.messages import describe_type
from ledger.records import registry
from ledger.records.registry import kind as record_kind
from ledger.records.safeyaml import MAX_FILE_VALUES, MAX_VALUES
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


def kind_field_table(kind: str, campaign: Campaign | None = None) -> str:
    """A kind's fields; its choice fields list the campaign's words."""
    return field_table(campaign_model(record_kind(kind).model, campaign))


def figure_table(campaign: Campaign) -> str:
    """The campaign's figures: id, name (unit), how it is counted (口径), over which records, how it adds up."""
    rows = []
    for spec in campaign.figures:
        over = f"`{spec.measure}` {record_kind(spec.kind).noun}" if spec.kind else f"`{spec.measure}`"
        rows.append([f"`{spec.id}`", cell(spec.caption), cell(spec.basis), over, cell(ADD_UP_NAMES[spec.rule])])
    return markdown_table(["编号", "名称（单位）", "口径", "统计方法", "汇总"], rows)


def measure_table() -> str:
    return markdown_table(["统计方法", "算法"], [[f"`{name}`", cell(text)] for name, text in MEASURES.items()])


def add_up_table() -> str:
    defaults = {rule: [m for m, r in DEFAULT_ADD_UP.items() if r == rule] for rule in ADD_UPS}
    return markdown_table(["汇总方法", "算法", "默认用于"],
                          [[f"`{rule}`", cell(text), "、".join(f"`{m}`" for m in defaults[rule]) or "—"]
                           for rule, text in ADD_UPS.items()])


def choice_table(campaign: Campaign) -> str:
    """The campaign's choice lists: which fields take them and their words (with units)."""
    used = choice_lists_used()
    rows = []
    for list_name, entries in campaign.choices.items():
        words = "、".join(c.value + (f"（{c.unit}）" if c.unit else "") for c in entries)
        rows.append([f"`{list_name}`", cell("；".join(used.get(list_name, []))), cell(words)])
    return markdown_table(["清单", "用于", "可选的值"], rows)


def settings_field_table() -> str:
    return field_table(m.Settings)


def limits_table() -> str:
    """data/settings.yml `limits`: each limit, its default and the range it may be set to (from the Limits model)."""
    rows = []
    for name, info in m.Limits.model_fields.items():
        default = info.get_default(call_default_factory=True)
        bounds = {type(x).__name__: x for x in info.metadata}
        allowed = (f"{bounds['Ge'].ge:,}–{bounds['Le'].le:,}" if "Ge" in bounds and "Le" in bounds
                   else "浏览器会运行的类型除外")
        shown = "、".join(default) if isinstance(default, list) else f"{default:,}"
        rows.append([f"`{name}`", cell(info.title or ""), cell(shown), cell(allowed), cell(info.description or "")])
    return markdown_table(["字段", "含义", "默认", "可写范围", "说明"], rows)


def value_limits() -> str:
    """The fixed bounds of the loader (ledger/records/safeyaml.py), in the guide's words."""
    return f"一条记录至多 {MAX_VALUES:,} 个值，一个文件至多 {MAX_FILE_VALUES:,} 个"


def record_files_table() -> str:
    """Where each kind of record is kept: one row per data file or record folder (from the registry)."""
    rows = [["`data/settings.yml`", "单位名称、活动名称和期间、截至日期、提醒规则", "（单条设置）"],
            ["`data/campaign.yml`", "活动定义：取值清单、数字及其口径", "`choices` 取值清单，`figures` 数字"]]
    for file_name, strand in registry.shared_files().items():
        lists = "，".join(f"`{k.key}` {k.title}" for k in registry.kinds_in(file_name))
        rows.append([f"`data/{file_name}`", cell(strand), lists])
    for kind in registry.folder_kinds():
        rows.append([f"`data/{kind.folder}/`", cell(kind.strand), f"一条{kind.noun}一个文件，如 `{kind.folder}/P-001.yml`"])
    return markdown_table(["文件", "内容", "记录列表"], rows)


def _status_before(kind: registry.RecordKind, path: str) -> str | None:
    """The status a record steps back to before the event of `path`: the dated stage below it, or the first."""
    events = [stage.event for stage in kind.stages]
    if path not in events:
        return None
    lower = [stage for stage in kind.stages[:events.index(path)] if stage.event is not None]
    return (lower[-1] if lower else kind.stages[0]).status


def _entry_title(kind: registry.RecordKind, path: str) -> str:
    field, _, inner = path.partition(".")
    title = kind.model.model_fields[field].title
    if not inner:
        return title
    entry = m.entry_model(typing.get_type_hints(kind.model)[field])
    return f"{title}的{entry.model_fields[inner].title}" if entry else title


def _event_effect(kind: registry.RecordKind, path: str) -> str:
    """What a record looks like on a day before the event of `path` (ledger/records/dated.py)."""
    field, _, inner = path.partition(".")
    title = kind.model.model_fields[field].title
    if path == kind.appears:
        return "这条记录还没有：不列出，不计入任何数字"
    many = typing.get_origin(typing.get_type_hints(kind.model)[field]) is list
    first_in_entries = next(p for p in kind.event_dates if p.partition(".")[0] == field)
    if inner and path != first_in_entries:  # a later date inside an entry: cleared with what comes with it
        entry = m.entry_model(typing.get_type_hints(kind.model)[field])
        names = [entry.model_fields[name].title for name in (inner, *dict(kind.comes_with).get(path, ()))]
        return f"{title}里还没有{'、'.join(names)}（{_entry_title(kind, first_in_entries)}仍在）"
    text = f"这一条{title}还没有" if many else f"还没有{title}"
    written_with = [kind.model.model_fields[name].title for name in dict(kind.comes_with).get(path, ())]
    if written_with:
        text = f"还没有{'、'.join([title, *written_with])}"
    before = _status_before(kind, path)
    if before is None:
        return text
    if many:
        return f"{text}；一条{title}也还没有的，状态按“{before}”算"
    first = kind.stages[0].status
    if before == first:
        return f"{text}，状态按“{before}”算"
    below = next(stage.event for stage in kind.stages if stage.status == before)
    below_title = kind.model.model_fields[below.partition(".")[0]].title
    return f"{text}，状态按“{before}”算（这天还没有{below_title}的按“{first}”）"


def event_dates_table() -> str:
    """The dates on which something happened, per kind, and what the ledger as known on an earlier day
    shows instead (from the registry's event_dates, appears and stages)."""
    rows = [[cell(kind.title), f"`{path}`（{cell(_entry_title(kind, path))}）", cell(_event_effect(kind, path))]
            for kind in registry.KINDS for path in kind.event_dates]
    return markdown_table(["记录", "日期", "按更早的一天截至时"], rows)
