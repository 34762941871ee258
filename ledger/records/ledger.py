"""The Ledger: the settings and one tuple of records per kind (fields from the registry)."""
from __future__ import annotations

import dataclasses
from functools import cached_property
from typing import Iterable

from ledger.records import models as m
from ledger.records.campaign import Campaign
from ledger.records.registry import KINDS, RecordKind


class _Lookups:
    """ID lookups, with an index built on first use (a scan per table row made pages quadratic)."""

    def topic(self, topic_id: str) -> m.Topic:
        return self._topics_by_id[topic_id]

    def problem(self, problem_id: str) -> m.Problem:
        return self._problems_by_id[problem_id]

    def regulations_answering(self, problem_id: str) -> tuple[m.Regulation, ...]:
        """The regulations that cite this problem in `answers`, in file order."""
        return self._regulations_by_problem.get(problem_id, ())

    def records(self, kind: RecordKind) -> tuple:
        return getattr(self, kind.key)

    @property
    def record_count(self) -> int:
        return sum(len(self.records(k)) for k in KINDS)

    @cached_property
    def _regulations_by_problem(self) -> dict[str, tuple[m.Regulation, ...]]:
        answering: dict[str, list[m.Regulation]] = {}
        for regulation in self.regulations:
            for problem_id in dict.fromkeys(regulation.answers):
                answering.setdefault(problem_id, []).append(regulation)
        return {problem_id: tuple(found) for problem_id, found in answering.items()}

    @cached_property
    def _topics_by_id(self) -> dict[str, m.Topic]:
        return {t.id: t for t in reversed(self.topics)}  # reversed: a repeated ID gives its first record

    @cached_property
    def _problems_by_id(self) -> dict[str, m.Problem]:
        return {p.id: p for p in reversed(self.problems)}


# settings: m.Settings, the campaign definition, then one tuple per kind, in the registry's order (activities, books, ..., plan)
Ledger = dataclasses.make_dataclass(
    "Ledger",
    [("settings", m.Settings), ("campaign", Campaign)] + [(k.key, tuple, dataclasses.field(default=())) for k in KINDS],
    bases=(_Lookups,), frozen=True, namespace={"__module__": __name__},
)
Ledger.__doc__ = "The settings, the campaign definition and every record, one tuple per kind of ledger/records/registry.py."


def iter_record_lists(ledger) -> Iterable[tuple[RecordKind, tuple]]:
    """(kind, records) for every kind, in the registry's order."""
    for kind in KINDS:
        yield kind, getattr(ledger, kind.key)
