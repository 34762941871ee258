"""Where each record was read from, so that a rule across records can name the file, line and field."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledger.records.registry import RecordKind, kind as kind_of
from ledger.records.yamlfile import ParsedFile

Origin = tuple[ParsedFile, int]  # the file, and the record's index in its kind's list there


@dataclass
class Sources:
    files: dict[str, ParsedFile] = field(default_factory=dict)  # "study.yml", "problems/P-001.yml"
    # kind key -> where each record of the ledger's list came from (the valid ones, in ledger order)
    placed: dict[str, list[Origin]] = field(default_factory=dict)
    # kind key -> every record as written, valid or not: (file, index, raw value); None when a file is unreadable
    written: dict[str, list[tuple[ParsedFile, int, Any]] | None] = field(default_factory=dict)

    def note_list(self, kind: RecordKind, file_name: str) -> None:
        parsed = self.files.get(file_name)
        if parsed is None or not isinstance(parsed.data, dict):
            self.written[kind.key] = None
            self.placed[kind.key] = []
            return
        items = parsed.data.get(kind.key)
        items = items if isinstance(items, list) else []
        self.written[kind.key] = [(parsed, index, item) for index, item in enumerate(items)]
        kept = parsed.kept.get(kind.key, range(len(items)))
        self.placed[kind.key] = [(parsed, index) for index in kept]

    def note_folder(self, kind: RecordKind) -> None:
        written: list | None = []
        placed = []
        for name, parsed in self.files.items():
            if not name.startswith(kind.folder + "/"):
                continue
            if parsed.data is None or not isinstance(parsed.data[kind.key][0], dict):
                written = None  # an unreadable file (or no record in it): its ID is unknown
                continue
            if written is not None:
                written.append((parsed, 0, parsed.data[kind.key][0]))
            if parsed.kept.get(kind.key, [0]):
                placed.append((parsed, 0))
        self.written[kind.key] = written
        self.placed[kind.key] = placed

    def origin(self, key: str, index: int, *, as_written: bool = False) -> Origin | None:
        table = self.written.get(key) if as_written else self.placed.get(key)
        if not table or index >= len(table):
            return None
        return table[index][0], table[index][1]

    def display_name(self, key: str, index: int, *, as_written: bool = False) -> str:
        found = self.origin(key, index, as_written=as_written)
        if found is not None:
            return found[0].display_name
        kind = kind_of(key)
        return f"data/{kind.file}"

    def locate(self, key: str, index: int, path: tuple = (), *, as_written: bool = False):
        """(display name, line, column) of a record's field; line and column None when unknown."""
        found = self.origin(key, index, as_written=as_written)
        if found is None:
            return self.display_name(key, index), None, None
        parsed, in_file = found
        where = parsed.location((key, in_file) + tuple(path))
        return parsed.display_name, where[0] if where else None, where[1] if where else None
