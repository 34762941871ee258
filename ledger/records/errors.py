"""Problems found in records, each located and worded in Chinese for editors."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional


@dataclass(frozen=True)
class RecordError:
    file: str                     # path as the editor knows it, e.g. data/problems.yml
    line: Optional[int]           # 1-based
    message: str                  # what is wrong and what was expected, in Chinese
    column: Optional[int] = None  # 1-based
    record: Optional[str] = None  # e.g. "问题 P-007"
    field: Optional[str] = None   # e.g. "status" or "progress[2].date"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        parts = [where]
        if self.record:
            parts.append(self.record)
        if self.field:
            parts.append(f"字段 {self.field}")
        return " ".join(parts) + " " + self.message


class LedgerInvalid(Exception):
    """Raised with every error of a run, never only the first."""

    def __init__(self, errors: list[RecordError]):
        self.errors = sorted(errors, key=lambda e: (e.file, e.line or 0, e.column or 0))
        super().__init__(self.report())

    def report(self) -> str:
        head = f"记录检查未通过：共 {len(self.errors)} 处错误"
        return "\n".join([head, *(f"  {e}" for e in self.errors)])
