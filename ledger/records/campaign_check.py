"""`check` of the campaign definition against the record kinds: every list a record field takes is
there, and every figure names a kind, fields and values that exist. Each mistake is a located Chinese
error (file, line, the figure or list, the field), like a record's."""
from __future__ import annotations

import difflib
import typing
from typing import Callable

from ledger.records import models as m
from ledger.records.campaign import JUDGEMENTS, Campaign, FigureSpec, choice_fields
from ledger.records.errors import RecordError
from ledger.records.registry import KINDS, KINDS_BY_KEY, RecordKind
from ledger.records.yamlfile import ParsedFile
from ledger.text import options_text

NUMERIC_MEASURES = ("count", "sum", "judgement")


def choice_lists_used() -> dict[str, list[str]]:
    """list name -> the fields that take it ('学习活动 type'), over every kind."""
    used: dict[str, list[str]] = {}
    for kind in KINDS:
        for field, list_name in choice_fields(kind.model).items():
            used.setdefault(list_name, []).append(f"{kind.noun}的 {field}（{kind.model.model_fields[field].title}）")
    return used


def _field_kind(kind: RecordKind, field: str) -> str:
    """'choice', 'status', 'bool', 'int', 'date', 'list' or 'text' for a model field."""
    annotation = m.type_hints(kind.model)[field]
    if field in choice_fields(kind.model):
        return "choice"
    base = annotation
    while typing.get_origin(base) in (typing.Union, typing.Annotated):
        base = next(a for a in typing.get_args(base) if a is not type(None))
    if typing.get_origin(base) is typing.Literal:
        return "status"
    if typing.get_origin(base) is list:
        return "list"
    return {bool: "bool", int: "int"}.get(base, "date" if "date" in str(base).lower() else "text")


def _allowed_values(campaign: Campaign, kind: RecordKind, field: str) -> tuple | None:
    list_name = choice_fields(kind.model).get(field)
    if list_name:
        return campaign.values(list_name)
    annotation = m.type_hints(kind.model)[field]
    while typing.get_origin(annotation) in (typing.Union, typing.Annotated):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is typing.Literal:
        return typing.get_args(annotation)
    return None


def check_campaign(campaign: Campaign, parsed: ParsedFile) -> list[RecordError]:
    errors: list[RecordError] = []

    def add(path: tuple, message: str, record: str | None = None) -> None:
        where = parsed.location(path) or parsed.location(path[:-1]) or parsed.location(path[:1])
        inside = path[2:] if path[0] == "figures" else path   # a figure's own field, or the definition's
        field = "".join(f"[{p + 1}]" if isinstance(p, int) else (f".{p}" if i else str(p)) for i, p in enumerate(inside))
        errors.append(RecordError(parsed.display_name, where[0] if where else None, message,
                                  column=where[1] if where else None, record=record, field=field or None))

    used = choice_lists_used()
    for list_name, fields in used.items():
        if not campaign.choices.get(list_name):
            add(("choices",), f"缺少取值清单 {list_name}（{'、'.join(fields)} 的可选值），请在 choices 下加上它，至少一项")
    for list_name, entries in campaign.choices.items():
        if list_name not in used:
            add(("choices", list_name), f"取值清单 {list_name} 没有字段使用（可能拼写有误），可用的清单：{options_text(used)}")
        seen: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.value in seen:
                add(("choices", list_name, i), f"取值清单 {list_name} 里「{entry.value}」重复了")
            seen.add(entry.value)

    # every id written in the file: a figure left out for its own mistake is still no unknown id elsewhere
    raw = parsed.data.get("figures") if isinstance(parsed.data, dict) else None
    written = {f.get("id") for f in raw if isinstance(f, dict)} if isinstance(raw, list) else set()
    ids: dict[str, int] = {}
    for i, spec in enumerate(campaign.figures):
        label = f"数字 {spec.id}"
        if spec.id in ids:
            add(("figures", i, "id"), f"数字编号「{spec.id}」重复了（第 {ids[spec.id] + 1} 个数字也用了它）", label)
        ids.setdefault(spec.id, i)
        for path, message in _figure_problems(campaign, spec, written):
            add(("figures", i, *path), message, label)
    for list_name in ("progress_figures", "status_figures"):
        for i, figure_id in enumerate(getattr(campaign, list_name)):
            if figure_id not in campaign.figures_by_id and figure_id not in written:
                add((list_name, i), f"的值「{figure_id}」不是 figures 里的数字编号{guess_figure(figure_id, campaign)}")
    return errors


def selection_problems(campaign: Campaign, kind: RecordKind, where: dict, field: str | None,
                       order_by: str | None) -> list[tuple[tuple, str]]:
    """What is wrong in a selection of a kind's records: unknown fields, values no record can have, an
    order_by that is not a date field. ((path inside the entry), message) each."""
    problems: list[tuple[tuple, str]] = []
    fields = kind.model.model_fields
    for name, wanted in where.items():
        if name not in fields:
            problems.append((("where", name), f"{kind.noun}没有字段「{name}」，可用的字段：{options_text(fields)}"))
            continue
        allowed = _allowed_values(campaign, kind, name)
        kind_of_field = _field_kind(kind, name)
        for value in wanted if isinstance(wanted, list) else [wanted]:
            if allowed is not None and value not in allowed:
                problems.append((("where", name), f"{kind.noun}的 {name} 没有「{value}」这个值，应为：{options_text(allowed)}"))
            elif kind_of_field == "bool" and not isinstance(value, bool):
                problems.append((("where", name), f"{kind.noun}的 {name} 只能是 true 或 false"))
    if field is not None and field not in fields:
        problems.append((("field",), f"{kind.noun}没有字段「{field}」，可用的字段：{options_text(fields)}"))
    if order_by is not None and (order_by not in fields or _field_kind(kind, order_by) != "date"):
        dates = [f for f in fields if _field_kind(kind, f) == "date"]
        problems.append((("order_by",), f"「{order_by}」不是{kind.noun}的日期字段，可写：{options_text(dates) or '（无）'}"))
    return problems


def _figure_problems(campaign: Campaign, spec: FigureSpec, written: set) -> list[tuple[tuple, str]]:
    problems: list[tuple[tuple, str]] = []
    need: Callable[[str, str], None] = lambda name, why: problems.append(((name,), f"{why}，请写 {name}: …"))
    if spec.measure == "rate":
        for name in ("of", "over"):
            target = getattr(spec, name)
            if target is None:
                need(name, "比率（rate）须写分子 of 和分母 over（数字编号）")
            elif target not in campaign.figures_by_id:
                if target not in written:  # else: declared, with a mistake of its own
                    problems.append(((name,), f"的值「{target}」不是 figures 里的数字编号{guess_figure(target, campaign)}"))
            elif campaign.figure(target).measure not in NUMERIC_MEASURES:
                problems.append(((name,), f"的值「{target}」不是一个数（比率只能由 count、sum、judgement 的数字算出）"))
        if spec.rule != "recompute":
            problems.append((("add_up",), "比率汇总时只能由合计重新计算：add_up 写 recompute 或不写"))
        return problems
    if spec.rule == "recompute":
        problems.append((("add_up",), "recompute 只用于比率（measure: rate）"))
    if spec.kind is None:
        need("kind", "须写统计哪种记录")
        return problems
    kind = KINDS_BY_KEY.get(spec.kind)
    if kind is None:
        problems.append((("kind",), f"的值「{spec.kind}」不是一种记录，应为：{options_text(KINDS_BY_KEY)}"))
        return problems
    fields = kind.model.model_fields
    problems += selection_problems(campaign, kind, spec.where, spec.field, spec.order_by)
    if spec.measure in ("sum", "distinct", "breakdown"):
        if spec.field is None:
            need("field", f"{spec.measure} 须写用哪个字段")
        elif spec.measure == "sum" and spec.field in fields and _field_kind(kind, spec.field) != "int":
            problems.append((("field",), f"{kind.noun}的 {spec.field} 不是整数字段，不能相加"))
    if spec.measure == "judgement":
        if spec.judgement not in JUDGEMENTS:
            problems.append((("judgement",), f"应为：{options_text(JUDGEMENTS)}"))
        if spec.kind != "problems":
            problems.append((("kind",), "整改看板的判断只用于问题：kind 写 problems"))
    if spec.rule == "union" and spec.measure != "distinct":
        problems.append((("add_up",), "union 只用于不重复的值（measure: distinct）"))
    if spec.measure == "distinct" and spec.rule == "sum":
        problems.append((("add_up",), "不重复的值汇总时合并去重：add_up 写 union 或不写"))
    return problems


def unknown_figure_errors(text: str, campaign: Campaign, display_name: str,
                          references: Callable[[str], list[tuple[int, str]]], what: str) -> list[RecordError]:
    """A page's or template's `fig.X` naming no declared figure, as located errors."""
    return [RecordError(display_name, line,
                        f"{what}用到了不存在的数字「{figure_id}」（fig.{figure_id}）：活动定义 data/campaign.yml 的 "
                        f"figures 里没有这个编号{guess_figure(figure_id, campaign)}")
            for line, figure_id in references(text) if figure_id not in campaign.figures_by_id]


def guess_figure(figure_id: str, campaign: Campaign) -> str:
    close = difflib.get_close_matches(figure_id, list(campaign.figures_by_id), n=1, cutoff=0.6)
    return f"。是不是想写「{close[0]}」？" if close else "。可用的编号见编辑指南的“数字”一节"
