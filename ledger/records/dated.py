"""The ledger as known on a date: the records as they stood that day, for every figure, page and export.

`as_known_on(ledger, day)` is driven by the registry (ledger/records/registry.py):
- a record whose `appears` date is after the day is not yet there (an activity held later, a problem
  found later, a visit made later);
- every other event date after the day is not yet written: a date field is cleared (a topic's
  visit_date, a report's completed date) with the fields written with it (`comes_with`: the places a
  topic's visit went to), a dated entry is left out (a progress entry) or cleared (a closure), and
  the record's status steps back to the last of its `stages` reached by then
  (a report completed later is 撰写中; a regulation issued later is 起草中; a problem completed later
  is 整改中, or 未开始 when it had no progress entry yet);
- references to records not yet there are dropped (a regulation answering a problem found later);
- the settings' as_of becomes the day, and only the reports sent by then are in reports_sent.
A record without a date is known from the start. Nothing here reads the clock.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, Optional

from ledger.records import models as m
from ledger.records.ledger import Ledger, iter_record_lists
from ledger.records.registry import RecordKind


def _split(path: str) -> tuple[str, Optional[str]]:
    """progress.date -> (progress, date); completed -> (completed, None)."""
    field, _, inner = path.partition(".")
    return field, inner or None


def event_values(record: Any, path: str) -> list[tuple[tuple, dt.date]]:
    """(location, date) of every date an event path names in a record: (completed,), (progress, 1, date)."""
    field, inner = _split(path)
    value = getattr(record, field, None)
    if inner is None:
        return [((field,), value)] if isinstance(value, dt.date) else []
    if isinstance(value, (list, tuple)):
        return [((field, i, inner), getattr(entry, inner)) for i, entry in enumerate(value)
                if isinstance(getattr(entry, inner, None), dt.date)]
    date = getattr(value, inner, None) if value is not None else None
    return [((field, inner), date)] if isinstance(date, dt.date) else []


def reached(record: Any, path: str, day: dt.date, *, undated: bool = True) -> bool:
    """Whether the event of `path` had happened by `day`: its first date is on or before it; with no
    date at all, `undated` (the record's own status is known from the start; a stage below it is not)."""
    dates = [date for _loc, date in event_values(record, path)]
    return min(dates) <= day if dates else undated


def status_on(kind: RecordKind, record: Any, day: dt.date) -> Optional[str]:
    """The record's status on `day` by its kind's stages (a kind with stages has a status field)."""
    status = record.status
    names = [stage.status for stage in kind.stages]
    if status not in names:
        return status
    current = names.index(status)
    below = current
    while below > 0:
        event = kind.stages[below].event
        # with no date at all, the stage is known from the start when the record's own status rests on it
        own = all(stage.event is None for stage in kind.stages[below + 1:current + 1])
        if event is not None and reached(record, event, day, undated=own):
            break
        below -= 1
    # an undated status (阶段性完成、长期坚持) holds while the dated stage it rests on has been reached
    undated_above = all(stage.event is None for stage in kind.stages[below + 1:current + 1])
    return status if current > below and undated_above else names[below]


def _not_yet_there(kind: RecordKind, record: Any, day: dt.date) -> bool:
    if kind.appears is None:
        return False
    value = getattr(record, kind.appears)
    return isinstance(value, dt.date) and value > day


def _empty(value: Any) -> Any:
    return [] if isinstance(value, (list, tuple)) else None


def _later(value: Any, day: dt.date) -> bool:
    return isinstance(value, dt.date) and value > day


def _entries_on(kind: RecordKind, field: str, entries, day: dt.date) -> list:
    """A list's entries as written by `day`: those brought by a later date left out (the first event path
    on the field), later dates inside the others cleared with the fields written with them."""
    paths = [_split(path)[1] for path in kind.event_dates if _split(path)[0] == field]
    brought_by, cleared = paths[0], paths[1:]
    comes_with = dict(kind.comes_with)
    kept = []
    for entry in entries:
        if _later(getattr(entry, brought_by), day):
            continue
        update = {}
        for inner in cleared:
            if _later(getattr(entry, inner), day):
                update[inner] = None
                update.update((name, None) for name in comes_with.get(f"{field}.{inner}", ()))
        kept.append(entry.model_copy(update=update) if update else entry)
    return kept


def _event_update(kind: RecordKind, record: Any, day: dt.date) -> dict[str, Any]:
    """The fields to change so the record holds no event after `day`."""
    update: dict[str, Any] = {}
    for path in kind.event_dates:
        if path == kind.appears:
            continue
        field, inner = _split(path)
        value = getattr(record, field, None)
        if inner is None:
            if isinstance(value, dt.date) and value > day:
                update[field] = None
                for written_with in dict(kind.comes_with).get(path, ()):
                    update[written_with] = _empty(getattr(record, written_with))
        elif isinstance(value, (list, tuple)):
            if field in update:
                continue  # the list's entries were settled by its first path
            kept = _entries_on(kind, field, value, day)
            if kept != list(value):
                update[field] = kept
        elif value is not None and getattr(value, inner) > day:
            update[field] = None
    return update


def record_on(kind: RecordKind, record: Any, day: dt.date) -> Any:
    """The record as it stood on `day` (it is there: see as_known_on for records not yet there)."""
    if not kind.event_dates:
        return record
    update = _event_update(kind, record, day)
    if kind.stages:
        status = status_on(kind, record, day)
        if status != record.status:
            update["status"] = status
    on_day = record.model_copy(update=update) if update else record
    settled = kind.settle(on_day) if kind.settle is not None else {}
    return on_day.model_copy(update=settled) if settled else on_day


def _drop_references(record: Any, gone: set[str]) -> Any:
    """References to records not yet there are not yet written (a regulation's answered problems)."""
    if isinstance(record, m.Regulation) and any(ref in gone for ref in record.answers):
        return record.model_copy(update={"answers": [ref for ref in record.answers if ref not in gone]})
    return record


def as_known_on(ledger: Ledger, day: dt.date) -> Ledger:
    """The ledger as known on `day`, with settings.as_of = day (see the module's docstring)."""
    lists: dict[str, tuple] = {}
    gone: set[str] = set()
    for kind, records in iter_record_lists(ledger):
        kept = []
        for record in records:
            if _not_yet_there(kind, record, day):
                gone.add(record.id)
            else:
                kept.append(record_on(kind, record, day))
        lists[kind.key] = kept
    for key, records in lists.items():
        lists[key] = tuple(_drop_references(r, gone) for r in records) if gone else tuple(records)
    s = ledger.settings
    settings = s.model_copy(update={"as_of": day, "reports_sent": [d for d in s.reports_sent if d <= day]})
    return dataclasses.replace(ledger, settings=settings, **lists)


def known_on(ledger: Ledger, day: Optional[dt.date]) -> Ledger:
    """as_known_on for a given day; None keeps the ledger as it is (on its settings' as_of)."""
    return ledger if day is None else as_known_on(ledger, day)
