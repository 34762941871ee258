"""The declared figures computed from records, and how each adds up across units.

A figure is declared in the campaign definition (data/campaign.yml, ledger/records/campaign.py) as a
measure over one kind of record; this module is the only place that computes one:

- count: the kind's records matching `where` (field: value, or field: [values], any of them);
- sum: a number field of those records added up;
- distinct: the values of a field (a list field's items too), each once, in the records' order or by
  `order_by` (a date field; records without the date last);
- rate: one figure over another as reports state a rate (75%; never 100% while some are open);
- judgement: the problems the 整改看板 judges overdue, due soon, stale or without evidence;
- breakdown: the matching records counted per value of a field; the groups are the field's choices
  (or statuses) in their order, then any other value in order of first appearance among all the kind's
  counted records, so that done_by_x and by_x list the same groups.

A record whose kind names an `uncounted` field (registry) set to true is listed but never counted.
The figures of one ledger are a FigureValues: a mapping id -> value in the definition's order, which
pages also read as attributes (fig.lecture_count) and which names each figure (label, unit) from the
definition.
"""
from __future__ import annotations

import datetime as dt
import typing
from collections import Counter
from typing import Any, Callable, Iterable, Iterator, Mapping, Optional

from ledger.records import models as m
from ledger.records.campaign import Campaign, FigureSpec, choice_fields
from ledger.records.ledger import Ledger
from ledger.records.registry import kind as record_kind
from ledger.text import percent
from ledger.views import tracker


class UnknownFigure(KeyError):
    """A figure id the campaign does not declare."""

    def __init__(self, figure_id: str, campaign: Campaign):
        super().__init__(figure_id)
        self.figure_id = figure_id
        self.campaign = campaign

    def __str__(self) -> str:
        return (f"活动定义（data/campaign.yml）里没有编号为「{self.figure_id}」的数字；"
                f"可用的编号见编辑指南的“数字”一节，或运行 python -m ledger figures")


class FigureValues(Mapping):
    """Every declared figure's value for one ledger, in the definition's order."""

    def __init__(self, campaign: Campaign, values: dict[str, Any]):
        self._campaign = campaign
        self._values = values

    @property
    def campaign(self) -> Campaign:
        return self._campaign

    def __getitem__(self, figure_id: str) -> Any:
        try:
            return self._values[figure_id]
        except KeyError:
            raise UnknownFigure(figure_id, self._campaign) from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FigureValues) and self._values == other._values

    def spec(self, figure_id: str) -> FigureSpec:
        if figure_id not in self._values:
            raise UnknownFigure(figure_id, self._campaign)
        return self._campaign.figure(figure_id)

    def label(self, figure_id: str) -> str:
        return self.spec(figure_id).label

    def unit(self, figure_id: str) -> str:
        return self.spec(figure_id).unit

    def caption(self, figure_id: str) -> str:
        return self.spec(figure_id).caption

    def as_dict(self) -> dict[str, Any]:
        return dict(self._values)


# ---- one ledger ----

def counted(ledger: Ledger, kind_key: str) -> tuple:
    """The kind's records that figures count (those with their `uncounted` field true are left out)."""
    kind = record_kind(kind_key)
    records = ledger.records(kind)
    if kind.uncounted is None:
        return records
    return tuple(r for r in records if not getattr(r, kind.uncounted))


def matches(record: Any, where: Mapping[str, Any]) -> bool:
    for field, wanted in where.items():
        value = getattr(record, field)
        if isinstance(wanted, list):
            if value not in wanted:
                return False
        elif value != wanted:
            return False
    return True


def selected(ledger: Ledger, spec: FigureSpec) -> list:
    return [r for r in counted(ledger, spec.kind) if matches(r, spec.where)]


def _values_of(record: Any, field: str) -> list:
    value = getattr(record, field)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def distinct_values(records: Iterable[Any], field: str, order_by: Optional[str] = None) -> tuple:
    records = list(records)
    if order_by:
        far = dt.date.max
        records.sort(key=lambda r: (getattr(r, order_by) is None, getattr(r, order_by) or far))
    return tuple(dict.fromkeys(v for r in records for v in _values_of(r, field)))


def group_order(ledger: Ledger, kind_key: str, field: str) -> list[str]:
    """The groups of a breakdown: the field's choices or statuses in order, then other values as met."""
    kind = record_kind(kind_key)
    listed = choice_fields(kind.model).get(field)
    if listed:
        order = list(ledger.campaign.values(listed))
    else:
        annotation = m.type_hints(kind.model)[field]
        order = [str(a) for a in typing.get_args(annotation)] if typing.get_origin(annotation) is typing.Literal else []
    seen = dict.fromkeys(v for r in counted(ledger, kind_key) for v in _values_of(r, field))
    return order + [v for v in seen if v not in order]


def breakdown(ledger: Ledger, spec: FigureSpec) -> dict[str, int]:
    counts = Counter(v for r in selected(ledger, spec) for v in _values_of(r, spec.field))
    return {group: counts.get(group, 0) for group in group_order(ledger, spec.kind, spec.field)}


_JUDGED: dict[str, Callable[[tracker.Assessment], tuple]] = {
    "overdue": lambda a: a.overdue,
    "due_soon": lambda a: a.due_soon,
    "stale": lambda a: a.stale,
    "without_evidence": lambda a: a.without_evidence,
    "awaiting_review": lambda a: a.awaiting_review,   # tracker.awaiting_review_alert
    "sent_back": lambda a: a.sent_back,               # tracker.sent_back_alert
}


def compute_figure(ledger: Ledger, spec: FigureSpec, done: Mapping[str, Any],
                   assessment: Optional[tracker.Assessment] = None) -> Any:
    """One figure; `done` holds the figures computed before it (a rate reads its parts there)."""
    if spec.measure == "count":
        return len(selected(ledger, spec))
    if spec.measure == "sum":
        return sum(getattr(r, spec.field) or 0 for r in selected(ledger, spec))
    if spec.measure == "distinct":
        return distinct_values(selected(ledger, spec), spec.field, spec.order_by)
    if spec.measure == "breakdown":
        return breakdown(ledger, spec)
    if spec.measure == "judgement":
        return len(_JUDGED[spec.judgement](assessment or tracker.assess(ledger)))
    if spec.measure == "rate":
        return percent(done[spec.of], done[spec.over])
    raise ValueError(spec.measure)  # pragma: no cover - the model allows no other measure


def compute_figures(ledger: Ledger, assessment: Optional[tracker.Assessment] = None) -> FigureValues:
    """Every declared figure of the ledger's campaign (rates after the figures they divide)."""
    campaign = ledger.campaign
    needs_assessment = any(s.measure == "judgement" for s in campaign.figures)
    assessment = assessment or (tracker.assess(ledger) if needs_assessment else None)
    values: dict[str, Any] = {}
    for spec in sorted(campaign.figures, key=lambda s: s.measure == "rate"):
        values[spec.id] = compute_figure(ledger, spec, values, assessment)
    return FigureValues(campaign, {spec.id: values[spec.id] for spec in campaign.figures})


# ---- across units ----

def _sum_breakdowns(values: Iterable[Mapping[str, int]]) -> dict[str, int]:
    total: dict[str, int] = {}
    for value in values:
        for group, count in value.items():
            total[group] = total.get(group, 0) + count
    return total


def add_up(campaign: Campaign, units: list[Mapping[str, Any]]) -> dict[str, Any]:
    """The total of each figure over the units' figures, by each figure's rule: sums added, rates
    recomputed from their parts' totals, distinct values united in order; per_unit figures: None."""
    total: dict[str, Any] = {}
    for spec in sorted(campaign.figures, key=lambda s: s.rule == "recompute"):
        parts = [unit[spec.id] for unit in units]
        if spec.rule == "per_unit":
            total[spec.id] = None
        elif spec.rule == "union":
            total[spec.id] = tuple(dict.fromkeys(v for part in parts for v in part))
        elif spec.rule == "recompute":
            total[spec.id] = percent(total[spec.of], total[spec.over])
        elif spec.measure == "breakdown":
            total[spec.id] = _sum_breakdowns(parts)
        else:
            total[spec.id] = sum(parts)
    return {spec.id: total[spec.id] for spec in campaign.figures}
