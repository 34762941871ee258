"""Load every data file into one typed, validated Ledger, or fail with every error at once."""
from __future__ import annotations

import functools
import gc
import os
import re
import typing
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ledger.records import registry
from ledger.records.campaign import CAMPAIGN_FILE, CAMPAIGN_SUBJECT, LIST_NOUNS, Campaign
from ledger.records.campaign_check import check_campaign
from ledger.records.errors import LedgerInvalid, RecordError
from ledger.records.ledger import Ledger
from ledger.records.models import Limits, Record
from ledger.records.messages import describe_validation_error
from ledger.records.registry import RecordKind
from ledger.records.rules import check_ledger
from ledger.records.sources import Sources
from ledger.records.yamlfile import ParseCache, ParsedFile, parse_yaml_file


def _display_name(path: Path, data_dir: Path) -> str:
    """data/problems.yml as the editor sees it, relative to the project when possible."""
    try:
        return os.path.relpath(path, data_dir.parent).replace(os.sep, "/")
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)


def _record_label(parsed: ParsedFile, loc: tuple) -> str | None:
    """'问题 P-007' for a location inside a list of records (read as written: the record may be invalid)."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        noun = LIST_NOUNS.get(loc[0]) or registry.noun(loc[0])
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
        whole_record = len(path) == 2 and isinstance(path[1], int)  # (list, index): the record's YAML, no one field
        parsed.errors[position] = replace(error, record=_record_label(parsed, path) or error.record,
                                          field=None if whole_record else _field_path(path) or error.field)


def _field_path(loc: tuple) -> str | None:
    """The part of a location after the record: 'status', 'progress[2].date'."""
    rest = loc[2:] if len(loc) >= 2 and isinstance(loc[1], int) else loc
    text = ""
    for part in rest:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or None


# Records validated in one call: pydantic makes every error of a call before any can be read, so a call is kept
# small (safeyaml bounds the values of one record); and a file lists at most MAX_ERRORS errors.
CHUNK = 10
MAX_ERRORS = 200


@functools.lru_cache(maxsize=None)
def _record_keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a file model that hold lists of records (study.yml: activities, books)."""
    return tuple(name for name, info in model.model_fields.items() if typing.get_origin(info.annotation) is list
                 and any(isinstance(t, type) and issubclass(t, Record) for t in typing.get_args(info.annotation)))


def _validate_file(parsed: ParsedFile, model: type[BaseModel]) -> BaseModel | None:
    """The file's model; when some records are invalid, report them and return the file without them."""
    if not isinstance(parsed.data, dict):
        parsed.errors.append(RecordError(parsed.display_name, 1, "文件的最外层应是“字段: 值”的形式，"
                                         f"如“{next(iter(model.model_fields), 'unit')}:”开头的一行"))
        return None
    lists = {key: parsed.data[key] for key in _record_keys(model) if isinstance(parsed.data.get(key), list)}
    pieces = [({k: v for k, v in parsed.data.items() if k not in lists}, None, 0)]
    pieces += [({key: items[start:start + CHUNK]}, key, start) for key, items in lists.items()
               for start in range(0, len(items), CHUNK)]
    results, bad, listed, unlisted = [], set(), 0, False
    for piece, key, start in pieces:
        if listed >= MAX_ERRORS:  # not validated: left out of the ledger, as invalid records are
            bad |= {(key, start + i) for i in range(len(piece[key]))} if key else {(k,) for k in piece}
            unlisted = True
            continue
        try:
            results.append(model.model_validate(piece))
        except ValidationError as exc:
            unlisted |= exc.error_count() > MAX_ERRORS - listed
            for detail in exc.errors()[:MAX_ERRORS - listed]:
                loc = tuple(detail["loc"])
                if key is not None:
                    loc = (key, loc[1] + start, *loc[2:])
                _add_validation_error(parsed, model, detail, loc)
                bad.add(loc[:2] if len(loc) >= 2 and isinstance(loc[1], int) else loc[:1])
                listed += 1
    if unlisted:
        parsed.errors.append(RecordError(parsed.display_name, None, f"这个文件的错误很多，只列出了前 {MAX_ERRORS} 处，"
                                         "其余的记录没有检查。请先改正列出的错误，再检查一遍"))
    if bad:
        return _without(parsed, model, bad)
    if not lists:
        return results[0]
    records = {key: [] for key in lists}  # each list read in pieces, put together in order
    for result in results[1:]:
        for key in lists:
            records[key] += getattr(result, key)
    return results[0].model_copy(update=records)


def _add_validation_error(parsed: ParsedFile, model: type[BaseModel], detail: dict, loc: tuple) -> None:
    line_col = parsed.location(loc)
    parsed.errors.append(RecordError(
        parsed.display_name,
        line_col[0] if line_col else None,
        describe_validation_error(detail, model, parsed.written_value(loc)),
        column=line_col[1] if line_col else None,
        record=_record_label(parsed, loc),
        field=_field_path(loc),
    ))


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


# Nesting a file may have beyond what its model needs: one or two levels too many (a list where a text goes)
# get the model's own message; more are refused while reading (safeyaml), before anything is built.
NESTING_MARGIN = 2


def nesting_needed(shape: Any) -> int:
    """How many collections deep a value of this type can go: a problem (record, progress list, entry) is 3;
    a shared file adds its own mapping and the list of records."""
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        hints = typing.get_type_hints(shape, include_extras=True)
        return 1 + max((nesting_needed(hints[name]) for name in shape.model_fields), default=0)
    inner = max((nesting_needed(arg) for arg in typing.get_args(shape)), default=0)  # Optional, Annotated, list[…]
    return inner + (typing.get_origin(shape) in (list, tuple, set, frozenset, dict))


@functools.lru_cache(maxsize=None)
def field_names(model: type[BaseModel]) -> frozenset[str]:
    """Every field name a file of this model may hold, at any depth (progress: date, text)."""
    names: set[str] = set()
    seen, pending = set(), [model]
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            names.update(current.model_fields)
            pending += [t for shape in typing.get_type_hints(current, include_extras=True).values()
                        for t in _types_in(shape)]
    return frozenset(names)


def _types_in(shape: Any) -> list[type[BaseModel]]:
    if isinstance(shape, type) and issubclass(shape, BaseModel):
        return [shape]
    return [found for arg in typing.get_args(shape) for found in _types_in(arg)]


@functools.lru_cache(maxsize=None)
def read_depth(model: type[BaseModel]) -> int:
    """The nesting a file of this model is read with (safeyaml refuses deeper)."""
    return nesting_needed(model) + NESTING_MARGIN


def _read_shared_file(data_dir: Path, file_name: str, model: type[BaseModel], subject: str,
                      sources: Sources, errors: list[RecordError], limits: Limits,
                      parse=None) -> BaseModel | None:
    path = data_dir / file_name
    display = _display_name(path, data_dir)
    if not path.exists():
        errors.append(RecordError(display, None, f"缺少{subject}数据文件 {file_name}"))
        return None
    parsed = (parse or parse_yaml_file)(path, display, limits=limits, depth=read_depth(model),
                                        fields=field_names(model), record_depth=2 if _record_keys(model) else 0)
    sources.files[file_name] = parsed
    _label_parse_errors(parsed)
    result = None
    if parsed.data is not None:  # parsed, perhaps with a BOM: its records are checked all the same
        result = _validate_file(parsed, model)
    errors.extend(parsed.errors)
    return result


def _read_campaign(data_dir: Path, sources: Sources, errors: list[RecordError],
                   parse=None) -> Campaign | None:
    """The campaign definition, checked against the record kinds; None when it has errors (the records
    are then read with any word allowed in their choice fields, and every error is still reported).
    Read under the default limits, as settings.yml is."""
    found: list[RecordError] = []
    campaign = _read_shared_file(data_dir, CAMPAIGN_FILE, Campaign, CAMPAIGN_SUBJECT, sources, found, Limits(), parse)
    if campaign is not None:
        found += check_campaign(campaign, sources.files[CAMPAIGN_FILE])
    errors.extend(found)
    return None if found else campaign


def _read_folder(data_dir: Path, kind: RecordKind, sources: Sources, errors: list[RecordError],
                 campaign: Campaign | None, limits: Limits, parse=None) -> list:
    """data/problems/*.yml: one record a file, each named after its ID, in the order of their names with case
    aside (the form editor names a new record's file in lower case: p-009.yml for P-009, read after P-008.yml)."""
    folder = data_dir / kind.folder
    if not folder.is_dir():
        errors.append(RecordError(_display_name(folder, data_dir) + "/", None,
                                  f"缺少{kind.strand}的记录文件夹 {kind.folder}/（每条{kind.noun}一个文件）"))
        return []
    records = []
    model = registry.folder_model(kind, campaign)
    paths = sorted(folder.glob("*.yml"), key=lambda p: (p.name.casefold(), p.name))
    for path in sorted(set(folder.iterdir()) - set(paths)):  # P-009.yaml would be left out without a word
        if path.suffix.lower() in (".yml", ".yaml") and path.is_file():
            errors.append(RecordError(_display_name(path, data_dir), 1,
                                      f"这个文件不会被读取：{kind.noun}的记录文件名应以 .yml 结尾，"
                                      f"请改名为 {path.stem}.yml"))
    depth, fields = read_depth(kind.model), field_names(kind.model)
    for path in paths:
        parsed = (parse or parse_yaml_file)(path, _display_name(path, data_dir), limits=limits, depth=depth,
                                            fields=fields).as_record_of(kind.key)
        sources.files[f"{kind.folder}/{path.name}"] = parsed
        record_id = _one_record_id(parsed, kind.key)
        if record_id is not None and parsed.data is None:
            parsed.written[(kind.key, 0, "id")] = record_id  # names the record in its YAML errors
        _label_parse_errors(parsed)
        if parsed.data is not None:
            if not isinstance(parsed.data[kind.key][0], dict):
                line_col = parsed.location((kind.key, 0)) or (1, 1)
                parsed.errors.append(RecordError(
                    parsed.display_name, line_col[0],
                    f"文件的最外层应是一条{kind.noun}的“字段: 值”，如“id:”开头的一行（每个文件只写一条{kind.noun}，"
                    "字段前不加“- ”，也不缩进）", column=line_col[1]))
            else:
                result = _validate_file(parsed, model)
                if result is not None:
                    records.extend(getattr(result, kind.key))
                _check_file_name(parsed, kind, path, record_id)
        if record_id is not None:  # every mistake in this file is one in this record
            label = f"{kind.noun} {record_id}"
            parsed.errors[:] = [e if e.record else replace(e, record=label) for e in parsed.errors]
        errors.extend(parsed.errors)
    return records


# the ID line of a one-record file, read from its text when the YAML does not parse (id: P-001, - id: P-001)
_ID_LINE = re.compile(r"^[ \t]*(?:-[ \t]+)?id:[ \t]*['\"]?([^'\"#\s,{}\[\]]+)", re.MULTILINE)


def _one_record_id(parsed: ParsedFile, key: str) -> str | None:
    """The ID of the record a one-record file holds, as written; None when it cannot be read."""
    if parsed.data is not None and isinstance(parsed.data[key][0], dict):
        value = parsed.data[key][0].get("id")
        return None if value in (None, "") else str(value)
    if parsed.text is None:  # not UTF-8, or too large to be read
        return None
    match = _ID_LINE.search(parsed.text)
    return match.group(1) if match else None


def _check_file_name(parsed: ParsedFile, kind: RecordKind, path: Path, record_id: str | None) -> None:
    """data/problems/P-003.yml holds problem P-003: the site's page problems/P-003/, its "last updated"
    date and the form editor find a record's file by its ID. Not checked when the ID has its own error."""
    if record_id is None or record_id.casefold() == path.stem.casefold() or any(e.field == "id" for e in parsed.errors):
        return
    line_col = parsed.location((kind.key, 0, "id"))
    wanted = f"{record_id}.yml"
    if (path.parent / wanted).exists():  # the name is taken (a copied file whose id was not changed)
        fix = f"{wanted} 已是另一个文件，请把 id 改为 {path.stem}"
    else:
        fix = f"请把文件改名为 {wanted}，或把 id 改为 {path.stem}"
    parsed.errors.append(RecordError(
        parsed.display_name, line_col[0] if line_col else None,
        f"的值「{record_id}」与文件名 {path.name} 不一致（每条{kind.noun}的文件以它的编号命名）：{fix}",
        column=line_col[1] if line_col else None, record=f"{kind.noun} {record_id}", field="id"))


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


def load_campaign(data_dir: str | os.PathLike) -> Campaign:
    """The campaign definition alone (data/campaign.yml), checked; raise LedgerInvalid with its errors."""
    errors: list[RecordError] = []
    campaign = _read_campaign(Path(data_dir), Sources(), errors)
    if errors or campaign is None:
        raise LedgerInvalid(errors)
    return campaign


def load_ledger(data_dir: str | os.PathLike, *, cache: ParseCache | None = None) -> Ledger:
    """Parse, validate and cross-check all records; raise LedgerInvalid listing every error. `cache`: the files
    parsed by earlier loads of the same session (a preview's), parsed again only when saved since."""
    with _gc_paused():
        return _load_ledger(Path(data_dir), cache.parse if cache is not None else parse_yaml_file)


def _load_ledger(data_dir: Path, parse) -> Ledger:
    sources = Sources()
    errors: list[RecordError] = []
    # Files or records that failed are left out (settings as None), and the cross-record rules
    # still run on the rest: one run reports every error.
    lists: dict[str, tuple] = {}
    settings = None
    campaign = _read_campaign(data_dir, sources, errors, parse)
    limits = Limits()  # settings.yml is read under the defaults; the other files under its limits
    for file_name, model, subject in registry.data_files(campaign):
        result = _read_shared_file(data_dir, file_name, model, subject, sources, errors, limits, parse)
        if file_name == registry.SETTINGS_FILE:
            settings = result
            limits = settings.limits if settings is not None else limits
            continue
        for kind in registry.kinds_in(file_name):
            lists[kind.key] = tuple(getattr(result, kind.key)) if result is not None else ()
            sources.note_list(kind, file_name)
    for kind in registry.folder_kinds():
        lists[kind.key] = tuple(_read_folder(data_dir, kind, sources, errors, campaign, limits, parse))
        sources.note_folder(kind)
    ledger = Ledger(settings=settings, campaign=campaign, **lists)
    errors = errors + check_ledger(ledger, sources, docs_dir=data_dir.parent / "docs")
    if errors:
        raise LedgerInvalid(errors)
    return ledger


def load_model_file(data_dir: str | os.PathLike, file_name: str, model: type[BaseModel], subject: str):
    """One more data file (such as a roll-up's data/rollup.yml) read by the same safe loader and validated
    against `model`: (the model, the parsed file for locating later errors); raise LedgerInvalid with its errors."""
    errors: list[RecordError] = []
    sources = Sources()
    result = _read_shared_file(Path(data_dir), file_name, model, subject, sources, errors, Limits())
    if errors or result is None:
        raise LedgerInvalid(errors)
    return result, sources.files[file_name]
