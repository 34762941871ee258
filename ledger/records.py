"""Load every data file into one typed, validated Ledger, or fail with every error at once."""
from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable

from pydantic import BaseModel, ValidationError

from . import models as m
from .errors import LedgerInvalid, RecordError
from .messages import describe_validation_error
from .cache import parse_cached
from .yamlfile import ParsedFile


@dataclass(frozen=True)
class Ledger:
    settings: m.Settings
    activities: tuple[m.Activity, ...]
    books: tuple[m.Book, ...]
    topics: tuple[m.Topic, ...]
    reports: tuple[m.ResearchReport, ...]
    cases: tuple[m.Case, ...]
    actions: tuple[m.Action, ...]
    visits: tuple[m.Visit, ...]
    honours: tuple[m.Honour, ...]
    problems: tuple[m.Problem, ...]
    mechanisms: tuple[m.Mechanism, ...]
    regulations: tuple[m.Regulation, ...]
    outputs: tuple[m.Output, ...]
    plan: tuple[m.PlanItem, ...]

    # ID lookups use an index built on first use: a scan per table row made pages quadratic at 1,000x.
    def topic(self, topic_id: str) -> m.Topic:
        return self._topics_by_id[topic_id]

    def problem(self, problem_id: str) -> m.Problem:
        return self._problems_by_id[problem_id]

    def regulations_answering(self, problem_id: str) -> tuple[m.Regulation, ...]:
        """The regulations that cite this problem in `answers`, in file order."""
        return self._regulations_by_problem.get(problem_id, ())

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


def _display_name(path: Path, data_dir: Path) -> str:
    """data/problems.yml as the editor sees it, relative to the project when possible."""
    try:
        return os.path.relpath(path, data_dir.parent).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _record_label(parsed: ParsedFile, loc: tuple) -> str | None:
    """'问题 P-007' for a location inside a list of records (read as written: the record may be invalid)."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        noun = m.RECORD_NOUNS.get(loc[0], "记录")
        try:
            item = parsed.data[loc[0]][loc[1]]
            record_id = item.get("id") if isinstance(item, dict) else None
        except (KeyError, IndexError, TypeError):
            record_id = parsed.written_value(loc[:2] + ("id",))
        return f"{noun} {record_id}" if record_id not in (None, "") else f"{noun}（第 {loc[1] + 1} 条）"
    return None


def _label_parse_errors(parsed: ParsedFile) -> None:
    """Name the record and field of YAML-level errors that concern one (a repeated field)."""
    for position, path in parsed.error_paths.items():
        error = parsed.errors[position]
        whole_record = len(path) <= 2  # (list, index): a mistake in the record's YAML, no one field
        parsed.errors[position] = replace(error, record=_record_label(parsed, path) or error.record,
                                          field=None if whole_record else _field_path(path) or error.field)


def _field_path(loc: tuple) -> str | None:
    """The part of a location after the record: 'status', 'progress[2].date'."""
    rest = loc[2:] if len(loc) >= 2 and isinstance(loc[1], int) else loc
    text = ""
    for part in rest:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


def _validate_file(parsed: ParsedFile, model: type[BaseModel]) -> BaseModel | None:
    """The file's model; when some records are invalid, report them and return the file without them."""
    if not isinstance(parsed.data, dict):
        parsed.errors.append(RecordError(parsed.display_name, 1, "文件的最外层应是“字段: 值”的形式，"
                                         f"如“{next(iter(model.model_fields), 'unit')}:”开头的一行"))
        return None
    try:
        return model.model_validate(parsed.data)
    except ValidationError as exc:
        bad = set()
        for detail in exc.errors():
            loc = tuple(detail["loc"])
            line_col = parsed.location(loc)
            parsed.errors.append(RecordError(
                parsed.display_name,
                line_col[0] if line_col else None,
                describe_validation_error(detail, model, parsed.written_value(loc)),
                column=line_col[1] if line_col else None,
                record=_record_label(parsed, loc),
                field=_field_path(loc),
            ))
            bad.add(loc[:2] if len(loc) >= 2 and isinstance(loc[1], int) else loc[:1])
        return _without(parsed, model, bad)


def _without(parsed: ParsedFile, model: type[BaseModel], bad: set[tuple]) -> BaseModel | None:
    """The file minus its invalid records (and invalid top-level fields), so cross-record rules still run."""
    data, kept = {}, {}
    for key, value in parsed.data.items():
        if (key,) in bad:
            continue
        if isinstance(value, list) and any(place[0] == key for place in bad):
            kept[key] = [i for i in range(len(value)) if (key, i) not in bad]
            value = [value[i] for i in kept[key]]
        data[key] = value
    try:
        result = model.model_validate(data)
    except ValidationError:
        return None
    parsed.kept = kept
    return result


def _read_files(data_dir: Path) -> tuple[dict[str, BaseModel], dict[str, ParsedFile], list[RecordError]]:
    validated: dict[str, BaseModel] = {}
    parsed_files: dict[str, ParsedFile] = {}
    errors: list[RecordError] = []
    for file_name, (model, subject) in m.FILE_MODELS.items():
        path = data_dir / file_name
        display = _display_name(path, data_dir)
        if not path.exists():
            errors.append(RecordError(display, None, f"缺少{subject}数据文件 {file_name}"))
            continue
        parsed = parse_cached(path, display)
        parsed_files[file_name] = parsed
        _label_parse_errors(parsed)
        if parsed.data is not None:  # parsed, perhaps with a BOM: its records are checked all the same
            result = _validate_file(parsed, model)
            if result is not None:
                validated[file_name] = result
        errors.extend(parsed.errors)
    return validated, parsed_files, errors


def build_ledger(files: dict[str, Any]) -> Ledger:
    study, research, development = files["study.yml"], files["research.yml"], files["development.yml"]
    institutions = files["institutions.yml"]
    return Ledger(
        settings=files["settings.yml"],
        activities=tuple(study.activities), books=tuple(study.books),
        topics=tuple(research.topics), reports=tuple(research.reports), cases=tuple(research.cases),
        actions=tuple(development.actions), visits=tuple(development.visits),
        honours=tuple(development.honours),
        problems=tuple(files["problems.yml"].problems),
        mechanisms=tuple(institutions.mechanisms), regulations=tuple(institutions.regulations),
        outputs=tuple(institutions.outputs),
        plan=tuple(files["plan.yml"].items),
    )


@contextmanager
def _gc_paused():
    """Loading allocates many objects and frees few: the cyclic GC would only rescan them (~40% of load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_ledger(data_dir: str | os.PathLike) -> Ledger:
    """Parse, validate and cross-check all records; raise LedgerInvalid listing every error."""
    with _gc_paused():
        return _load_ledger(Path(data_dir))


def _load_ledger(data_dir: Path) -> Ledger:
    from .rules import check_ledger  # cross-record rules need the built ledger

    validated, parsed_files, errors = _read_files(data_dir)
    # Files or records that failed are left out (settings as None), and the cross-record rules
    # still run on the rest: one run reports every error.
    partial = {name: validated.get(name) or (None if name == "settings.yml" else model())
               for name, (model, _subject) in m.FILE_MODELS.items()}
    ledger = build_ledger(partial)
    errors = errors + check_ledger(ledger, parsed_files, docs_dir=data_dir.parent / "docs")
    if errors:
        raise LedgerInvalid(errors)
    return ledger


def iter_record_lists(ledger: Ledger) -> Iterable[tuple[str, str, tuple]]:
    """(file name, list key, records) for every list of records with IDs."""
    for file_name, (model, _subject) in m.FILE_MODELS.items():
        for key in getattr(model, "model_fields", {}):
            if key in m.RECORD_NOUNS:
                attr = {"items": "plan"}.get(key, key)
                yield file_name, key, getattr(ledger, attr)
