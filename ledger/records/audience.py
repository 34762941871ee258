"""Who a build is for: the internal site shows every record; the public site leaves internal content out.

Records say what is internal (see README “公开版与内部版”):

- `internal: true` on a record: the public build leaves the whole record out. It is not listed and
  not counted: public figures are computed from the public records, so every public number
  matches the public tables, charts and downloads. What exists only through the record goes with
  it (a research report on an internal topic); references to it are dropped (a problem's source
  topic, a regulation's answered problems). For things whose very existence is not public.
- `internal_fields: [field, ...]`: the record stays, listed and counted (反面案例1个), but the text
  of those fields reads （内部信息）. Inside entries (整改进展, 销号, 销号审核) only the text is hidden;
  their dates and choices (审核结论) stay, so deadlines, progress and reviews are judged the same way in
  both builds. One text field of entries is written with a dot: `review.reason` hides every 退回理由
  of the problem and nothing else. Only text fields can be internal: IDs, dates, numbers and fixed
  choices are what figures and links are made of.

Which one a build makes is the `audience` option of the ledger plugin in mkdocs.yml (`public` or
`internal`, the default); the command line takes --public. The build context (ledger/context.py)
makes the view once, so every page, generated page and download of a build follows it.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel

from ledger.records import models as m
from ledger.records.ledger import Ledger, iter_record_lists

INTERNAL_TEXT = "（内部信息）"
INTERNAL, PUBLIC = "internal", "public"
AUDIENCES = {INTERNAL: "内部版", PUBLIC: "公开版"}


class AudienceError(ValueError):
    pass


def check_audience(value: str) -> str:
    """internal or public; anything else is refused in Chinese."""
    if value not in AUDIENCES:
        raise AudienceError(f"读者范围「{value}」无效，应为 {PUBLIC}（公开版）或 {INTERNAL}（内部版，默认）")
    return value


def view_for(ledger: Ledger, audience: str) -> Ledger:
    """The ledger an audience sees: the public view for public, else the ledger itself."""
    return public_view(ledger) if check_audience(audience) == PUBLIC else ledger


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
            if m.is_text_field(model, name) and inner is not None:
                update[name] = redact(inner)
            elif isinstance(inner, str) and not m.is_choice_field(model, name):
                update[name] = None  # a file path or another non-text string: not published
        if isinstance(value, (m.Closure, m.ReviewRound)) and value.evidence_file and not value.evidence:
            # the file is not published, but that there is evidence is: the closure is judged as in the
            # internal build (not 缺少佐证材料), and its 佐证材料 reads （内部信息）
            update["evidence"] = INTERNAL_TEXT
        return value.model_copy(update=update)
    return value


def hidden_ids(ledger: Ledger) -> set[str]:
    """IDs of the records a public build leaves out: internal ones and those that exist through them."""
    hidden = {r.id for _kind, records in iter_record_lists(ledger) for r in records if r.internal}
    return hidden | {r.id for r in ledger.reports if r.topic in hidden}


def _redact_inner(entries: Any, inner: str) -> Any:
    """One text field hidden in a list's entries (review.reason) or in one sub-record."""
    def one(entry):
        value = getattr(entry, inner)
        return entry.model_copy(update={inner: redact(value)}) if value is not None else entry
    if isinstance(entries, (list, tuple)):
        return [one(entry) for entry in entries]
    return one(entries) if entries is not None else None


def _public_record(record: m.Record, hidden: set[str]) -> m.Record:
    update: dict[str, Any] = {}
    for name in record.internal_fields:
        field, _, inner = name.partition(".")
        value = update.get(field, getattr(record, field))
        update[field] = _redact_inner(value, inner) if inner else redact(value)
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
    """docs/ files that problems' closures and applications for 销号 point to."""
    files = {p.closure.evidence_file for p in ledger.problems if p.closure and p.closure.evidence_file}
    return files | {r.evidence_file for p in ledger.problems for r in p.review if r.evidence_file}


def withheld_files(ledger: Ledger, shown: Ledger) -> set[str]:
    """Evidence files the full ledger points to and the shown one does not: not to be published."""
    return evidence_files(ledger) - evidence_files(shown)
