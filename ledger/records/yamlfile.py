"""Read one YAML data file: decode, parse with line marks, refuse what YAML lets slip.

Returns the plain Python data plus a map from each path inside it
(("problems", 3, "status")) to its (line, column), so that every later error
can name where it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from ledger.records.errors import RecordError
from ledger.records.models import Limits
from ledger.records.safeyaml import build
from ledger.records.yamlhelp import bare_field, character_problems, explain_yaml_error, field_on_line

try:  # libyaml's C loader is ~8x faster and still carries line marks
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader


class _Loader(_BaseLoader):
    """Line marks of a file already read by safeyaml.build (no anchors, no tags, nesting within bounds): its
    nodes are walked only to locate an error."""


DEFAULT_DEPTH = 32  # for a file whose model is not given: far more than any record needs, far below a crash

Path_ = tuple  # ("problems", 3, "status")
Location = tuple[int, int]  # (line, column), both 1-based


@dataclass
class ParsedFile:
    display_name: str
    data: Any = None
    locations: dict[Path_, Location] = field(default_factory=dict)
    errors: list[RecordError] = field(default_factory=list)
    # The text, parsed again for line marks only when an error needs one: node trees are not kept, as
    # holding them (cached across builds) costs more than re-parsing the rare file with an error.
    source: str | None = field(default=None, repr=False)
    text: str | None = field(default=None, repr=False)  # the decoded text, also of a refused file (never composed)
    written: dict[Path_, str] = field(default_factory=dict, repr=False)  # each scalar as typed in the file
    error_paths: dict[int, Path_] = field(default_factory=dict, repr=False)  # errors[i] concerns this path
    kept: dict[str, list[int]] = field(default_factory=dict, repr=False)  # list key -> indexes of its valid records
    # A file that holds one record (data/problems/P-001.yml) reads as item 0 of its kind's list: ("problems", 0)
    prefix: Path_ = ()
    fields: frozenset[str] = field(default=frozenset(), repr=False)  # the field names its model knows

    def as_record_of(self, key: str) -> "ParsedFile":
        """This one-record file seen as {key: [record]}, so that paths and messages work as in a list file."""
        self.prefix = (key, 0)
        if self.data is not None:
            self.data = {key: [self.data]}
        self.error_paths = {position: self.prefix + path for position, path in self.error_paths.items()}
        self.written = {self.prefix + path: value for path, value in self.written.items()}
        self.locations = {self.prefix + path: value for path, value in self.locations.items()}
        return self

    def index_in_file(self, key: str, index: int) -> int:
        """Where the index-th valid record of a list sits in the file (invalid records were left out)."""
        kept = self.kept.get(key)
        return kept[index] if kept is not None else index

    def _index(self) -> None:
        if self.source is not None and not self.locations:
            _walk(_Loader(self.source).get_single_node(), self.prefix, self)

    def written_value(self, path: Path_) -> str | None:
        """The value at path exactly as the editor typed it ('yes', '2023.9.15'), if it is a scalar."""
        self._index()
        return self.written.get(tuple(path))

    def location(self, path: Path_) -> Location | None:
        """The nearest known location: the path itself, else its closest parent."""
        self._index()
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), (1, 1) if self.prefix else None)


def _error(parsed: ParsedFile, line: int | None, message: str, column: int | None = None,
           path: Path_ | None = None) -> None:
    if path is not None:
        parsed.error_paths[len(parsed.errors)] = path
    parsed.errors.append(RecordError(parsed.display_name, line, message, column=column,
                                     field=path_text(path) if path else None))


def path_text(path: Path_) -> str:
    """('problems', 2, 'progress', 0, 'date') -> 'problems[3].progress[1].date' (counting from 1)."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _decode(raw: bytes, parsed: ParsedFile) -> str | None:
    """UTF-8 text; a byte order mark (older Windows Notepad writes one) is dropped: nothing about it is ambiguous."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            raw.decode("gbk")
            hint = "看起来是用 GBK（ANSI）编码保存的，"
        except UnicodeDecodeError:
            pass
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            hint, line = "看起来是用 UTF-16（“Unicode”）编码保存的，", 1
        _error(parsed, line, f"文件不是 UTF-8 编码，{hint}请在编辑器里选择“UTF-8”编码另存"
                             "（记事本：文件 → 另存为 → 编码选“UTF-8”；VS Code：点右下角的编码 → 通过编码保存 → UTF-8）")
        return None


def _walk(node: yaml.Node, path: Path_, parsed: ParsedFile) -> None:
    mark = node.start_mark
    parsed.locations.setdefault(path, (mark.line + 1, mark.column + 1))
    if isinstance(node, yaml.ScalarNode):
        parsed.written[path] = node.value
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                _error(parsed, key_line, f"重复出现（第 {seen[key]} 行已经写过）。同一条记录里每个字段只能写一次，"
                       "请删去其中一行", column=key_node.start_mark.column + 1, path=path + (key,))
                continue
            seen[key] = key_line
            parsed.locations[path + (key,)] = (key_line, key_node.start_mark.column + 1)
            _walk(value_node, path + (key,), parsed)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), parsed)


def parse_yaml_file(path: Path, display_name: str, *, limits: Limits = Limits(),
                    depth: int = DEFAULT_DEPTH, fields: frozenset[str] = frozenset(),
                    record_depth: int = 0) -> ParsedFile:
    """One data file read under `limits` (its size before it is read, each text's length) with at most `depth`
    nested collections (what its model can need, see load.nesting_needed). `fields`: the field names of its
    model, to name the field of a line written without its colon (`measures 制定…`). `record_depth`: 2 for a file
    of lists of records (each record's values are bounded), 0 for a file that is one record."""
    parsed = ParsedFile(display_name, fields=fields)
    if path.is_symlink() or not path.is_file():  # a link could point at /dev/zero or at a file of this computer
        _error(parsed, None, "不是普通文件（是符号链接或设备文件），没有读取。记录只能写在普通文件里")
        return parsed
    with path.open("rb") as file:
        raw = file.read(limits.file_bytes + 1)  # never more, whatever the file claims to be
    if len(raw) > limits.file_bytes:
        size = path.stat().st_size
        _error(parsed, None, f"文件有 {size / 2**20:.1f} MB，超过了上限 {limits.file_mb} MB（data/settings.yml 的 "
                             "limits.file_mb），没有读取。请检查是否误粘贴了大量内容")
        return parsed
    text = _decode(raw, parsed)
    if text is None:
        return parsed
    parsed.text = text
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        _error(parsed, 1, "文件是空的（或只有注释），至少应包含一个字段")
        return parsed
    problems = character_problems(text)
    for line, column, message in problems:
        _syntax_error(parsed, text, line, column, message)
    if problems:
        _note_own_id(parsed, text)
        return parsed
    try:
        built = build(text, depth, limits.text_chars, record_depth)
    except yaml.YAMLError as exc:
        if not _syntax_errors_by_record(text, parsed, depth, limits.text_chars, record_depth):  # the mistake is outside the records
            line, column, message = explain_yaml_error(exc, text, parsed.fields)
            _syntax_error(parsed, text, line, column, message, in_record=False)
        _note_own_id(parsed, text)
        return parsed
    if built.empty:
        _error(parsed, 1, "文件是空的，至少应包含一个字段")
        return parsed
    if built.problems:  # refused while reading: nothing of the file is used
        for problem in built.problems:
            _error(parsed, problem.line, problem.message, column=problem.column, path=problem.path)
            _note_record_id(parsed, built.partial, problem.path)
        _note_own_id(parsed, text)
        return parsed
    if built.repeated_keys:  # rare: walk the nodes to name the key and its lines
        _walk(_Loader(text).get_single_node(), (), parsed)
        if parsed.errors:
            return parsed
    parsed.source = text
    parsed.data = built.data
    return parsed



class ParseCache:
    """Data files parsed in earlier builds of one session (a preview under `mkdocs serve`), each kept with the
    file's (mtime, size, inode) as it was before it was read: a file not saved since is not parsed again.
    Each caller gets its own ParsedFile (errors, locations and written values are added to it later); the
    parsed data is shared, and nothing changes it (validation makes new objects). Only files that parsed
    without an error are kept: a broken file is read again, with its messages, on every build."""

    def __init__(self):
        self._files: dict[Path, tuple[tuple, ParsedFile]] = {}

    def parse(self, path: Path, display_name: str, *, limits: Limits = Limits(), depth: int = DEFAULT_DEPTH,
              fields: frozenset[str] = frozenset(), record_depth: int = 0) -> ParsedFile:
        try:
            stat = path.lstat()
        except OSError:
            stat = None
        key = (None if stat is None else (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino),
               display_name, limits.file_bytes, limits.text_chars, depth, fields, record_depth)
        kept = self._files.get(path)
        if kept is None or kept[0] != key or stat is None:
            parsed = parse_yaml_file(path, display_name, limits=limits, depth=depth, fields=fields,
                                     record_depth=record_depth)
            if stat is None or parsed.errors or parsed.data is None:
                self._files.pop(path, None)
                return parsed
            kept = self._files[path] = (key, parsed)
        return _fresh_copy(kept[1])


def _fresh_copy(parsed: ParsedFile) -> ParsedFile:
    return replace(parsed, locations=dict(parsed.locations), errors=list(parsed.errors), written=dict(parsed.written),
                   error_paths=dict(parsed.error_paths), kept={key: list(v) for key, v in parsed.kept.items()})


def _note_record_id(parsed: ParsedFile, partial: Any, path: Path_) -> None:
    """The ID of the record a refusal is in, as far as it was read: names the record in the message."""
    if len(path) < 2 or not isinstance(partial, dict):
        return
    records = partial.get(path[0])
    if isinstance(records, list) and isinstance(path[1], int) and path[1] < len(records) \
            and isinstance(records[path[1]], dict) and records[path[1]].get("id") not in (None, ""):
        parsed.written[(path[0], path[1], "id")] = str(records[path[1]]["id"])


_TOP_LEVEL_KEY = re.compile(r"^([^\s#'\"\-][^:#]*):")
_LIST_ITEM = re.compile(r"^( *)- ")
_ID_LINE = re.compile(r"^\s*(?:-\s+)?\{?\s*id:\s*['\"]?([^'\",}#\s]+)")  # id: P-001, or {id: V-01, ...}


@dataclass(frozen=True)
class _RecordLines:
    """One record of a list as laid out in the text: lines begin..end-1 (0-based)."""
    section: str  # the list's key, e.g. problems
    section_line: int  # where that key is written
    index: int  # its place in that list (0-based)
    begin: int
    end: int


def _record_lines(lines: list[str]) -> list[_RecordLines]:
    """Where each record of each top-level list starts and ends, read from the text alone."""
    item_indent = min((len(match.group(1)) for line in lines if (match := _LIST_ITEM.match(line))), default=None)
    records: list[_RecordLines] = []
    section, section_line, index, begin = None, 0, 0, None

    def close(end: int) -> None:
        if section is not None and begin is not None:
            records.append(_RecordLines(section, section_line, index - 1, begin, end))

    for number, line in enumerate(lines):
        top = _TOP_LEVEL_KEY.match(line)
        item = _LIST_ITEM.match(line)
        if top:
            close(number)
            section, section_line, index, begin = top.group(1).strip(), number, 0, None
        elif item and len(item.group(1)) == item_indent and section is not None:
            close(number)
            index, begin = index + 1, number
        elif line.strip() and not line[0].isspace() and not line.startswith("#") and not item:
            close(number)  # something at the left margin (---) belongs to no record
            begin = None
    close(len(lines))
    return records


def _syntax_errors_by_record(text: str, parsed: ParsedFile, depth: int, max_chars: int, record_depth: int) -> bool:
    """libyaml stops at the first mistake in a file, and where it notices a mistake is not always the
    record that holds it (a quote left open runs on into the next records). So each record is parsed on
    its own, under its list's key; every record that fails is reported with its name (问题 P-001), at
    its lines in the file. False if no record fails alone: the mistake is outside the records (a header
    line, ---), and the whole file's first error is the one to report."""
    lines = text.splitlines(keepends=True)
    found = False
    for record in _record_lines(lines):
        alone = f"{record.section}:\n" + "".join(lines[record.begin:record.end])
        try:
            build(alone, depth, max_chars, record_depth)  # built too: {{ }} fails only then
        except yaml.YAMLError as exc:
            _shift_marks(exc, record)
            line, column, message = explain_yaml_error(exc, text, parsed.fields)
            _error(parsed, line, message, column=column)
            _name_record(parsed, len(parsed.errors) - 1, record, lines)
            _name_field(parsed, len(parsed.errors) - 1, lines, line, column)
            found = True
    return found


def _shift_marks(exc: yaml.YAMLError, record: _RecordLines) -> None:
    """Marks of the record parsed alone (line 0: its list's key) -> lines of the whole file."""
    for name in ("problem_mark", "context_mark"):
        mark = getattr(exc, name, None)
        if mark is not None:  # libyaml's marks are read-only: put PyYAML's own in their place
            line = record.section_line if mark.line == 0 else record.begin + mark.line - 1
            setattr(exc, name, yaml.Mark(mark.name, mark.index, line, mark.column, None, None))


def _name_record(parsed: ParsedFile, position: int, record: _RecordLines, lines: list[str]) -> None:
    parsed.error_paths[position] = (record.section, record.index)
    for text in lines[record.begin:record.end]:
        if match := _ID_LINE.match(text):
            parsed.written[(record.section, record.index, "id")] = match.group(1)
            return


def _name_field(parsed: ParsedFile, position: int, lines: list[str], line: int | None, column: int | None) -> None:
    """The field the broken line shows (`as_of:2023-11-20`, a tab before `speaker:`, `title: "…`), added
    to the error's path: the error then names its field as well as its record."""
    if line is None or not 0 < line <= len(lines):
        return
    key = field_on_line(lines[line - 1], column) or bare_field(lines[line - 1], parsed.fields)
    if key is None:
        return
    path = parsed.error_paths.get(position, ())
    if path and path[-1] == key:
        return
    if not path and _TOP_LEVEL_KEY.match(lines[line - 1]) is None and lines[line - 1][:1].isspace():
        return  # an indented line in a file of plain fields: which field it belongs to is not sure
    parsed.error_paths[position] = path + (key,)
    parsed.errors[position] = replace(parsed.errors[position], field=path_text(path + (key,)))


def _syntax_error(parsed: ParsedFile, text: str, line: int | None, column: int | None, message: str, *,
                  in_record: bool = True) -> None:
    """A mistake found in the whole file's text: named with its field, and with the record whose lines hold
    it when `in_record` (a bad character sits where it is found; a YAML mistake libyaml notices in a record
    may have been made before it, on a header line: then no record is named)."""
    lines = text.splitlines(keepends=True)
    _error(parsed, line, message, column=column)
    position = len(parsed.errors) - 1
    if line is not None and in_record:
        record = next((r for r in _record_lines(lines) if r.begin <= line - 1 < r.end), None)
        if record is not None:
            _name_record(parsed, position, record, lines)
    _name_field(parsed, position, lines, line, column)


def _note_own_id(parsed: ParsedFile, text: str) -> None:
    """A file that is one record (data/problems/P-001.yml) names itself by its top-level id, also when
    its YAML is broken: the record's name in messages."""
    if match := re.search(r"^id:[ \t]*['\"]?([^'\",}#\s]+)", text, re.M):
        parsed.written.setdefault(("id",), match.group(1))
