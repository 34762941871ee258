"""Read YAML nobody here wrote: libyaml's events, checked one by one, built into plain data in the same pass.

PyYAML's safe loaders refuse `!!python/…` tags but expand aliases (ten lines of `&a`/`*a` grow to
gigabytes when composed) and compose nested collections recursively (libyaml's C composer ends the
process at about 50,000 nested `[`). Here only libyaml's parser runs; each event is looked at before
anything is made of it:

- anchors (`&a`), aliases (`*a`) and merge keys (`<<`) are refused (an `&` or `*` inside a text, as in
  "R&D", is no anchor: the parser tells the two apart);
- tags (`!!python/object`, `!foo`, `!!str`) are refused;
- nesting deeper than `max_depth` collections stops the reading at once;
- a scalar longer than `max_chars` characters is refused;
- a record (an item of a list `record_depth` collections deep; the whole file when 0) of more than
  MAX_VALUES values stops the reading: validation lists an error per wrong value, and a million of
  them would cost gigabytes.

The data is built from the same events without a node tree (faster than PyYAML's loader: its
resolver and constructor run in Python for every node). Plain scalars are resolved by PyYAML's own
implicit resolvers and constructors (int, float, bool, null, date), so values are as before; an
impossible date (2023-02-30) stays text for the date check to explain.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import Resolver

try:  # libyaml's parser; PyYAML's pure-Python one gives the same events, slower
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser

_RESOLVERS = Resolver.yaml_implicit_resolvers
_CONSTRUCTOR = SafeConstructor()
TIMESTAMP = "tag:yaml.org,2002:timestamp"
MERGE = "tag:yaml.org,2002:merge"
MAX_PROBLEMS = 20  # a file of ten thousand aliases is told about twenty of them, not ten thousand
MAX_VALUES = 5_000  # values in one record (a problem of the sample has about 40; the report template 300)
MAX_FILE_VALUES = 500_000  # values in one file (the bench's 1000x: at most about 200,000)

Path_ = tuple


@dataclass(frozen=True)
class Problem:
    """Something refused: where (1-based line and column, the path inside the data) and why, in Chinese."""
    line: int
    column: int
    path: Path_
    message: str


@dataclass
class Built:
    data: Any = None                  # None when anything was refused
    partial: Any = None               # what was built up to the end or the refusal (names the records of problems)
    problems: list[Problem] = field(default_factory=list)
    repeated_keys: bool = False       # a mapping wrote a key twice (the last value is kept, as YAML does)
    empty: bool = False               # no document at all


def _resolved(value: str, event) -> Any:
    """A plain scalar as PyYAML's safe loader makes it: 3 -> int, yes -> True, 2023-09-15 -> date, text stays text."""
    for tag, regexp in _RESOLVERS.get(value[:1] if value else "", ()):
        if regexp.match(value):
            if tag == MERGE:
                return value  # `<<`: refused by the caller
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
            construct = SafeConstructor.yaml_constructors.get(tag)
            if construct is None:
                raise ConstructorError(None, None, f"could not determine a constructor for the tag {tag!r}",
                                       event.start_mark)
            try:
                return construct(_CONSTRUCTOR, node)
            except ValueError:
                if tag == TIMESTAMP:
                    return value  # 2023-02-30: text, for the date check to explain
                raise
    return value


class _Stop(Exception):
    """Reading ends here (a record of too many values)."""


class _Frame:
    __slots__ = ("value", "mark", "key", "has_key")

    def __init__(self, value, mark):
        self.value, self.mark, self.key, self.has_key = value, mark, None, False


def _path(stack: list[_Frame]) -> Path_:
    """Where the next value goes: ("problems", 3, "progress", 0) (an enclosing mapping's last key is the one
    its inner collection belongs to; the innermost mapping names its key only once the key is read)."""
    path = []
    for depth, frame in enumerate(stack, start=1):
        if isinstance(frame.value, list):
            path.append(len(frame.value) - (depth < len(stack)))
        elif depth < len(stack) or frame.has_key:
            path.append(frame.key)
    return tuple(path)


def build(text: str, max_depth: int, max_chars: int, record_depth: int = 0) -> Built:
    """The data of one YAML document; raises yaml.YAMLError for a syntax mistake (as PyYAML's loaders do).
    record_depth: how deep the lists of records are (2 in a shared file: its mapping, then each list)."""
    parser = _Parser(text)
    values = total = 0  # in the record being read, in the file
    out = Built()
    stack: list[_Frame] = []
    documents = 0
    first_document = None
    seen_lines: set[int] = set()
    plain: dict = {}  # plain scalar -> its value (int, bool, date, text: all immutable)

    def refuse(event, message: str, path: Path_ | None = None) -> None:
        line = event.start_mark.line + 1
        if line not in seen_lines:  # one problem a line
            seen_lines.add(line)
            out.problems.append(Problem(line, event.start_mark.column + 1,
                                        _path(stack) if path is None else path, message))
        if len(out.problems) >= MAX_PROBLEMS:
            raise _Stop

    def add(value, event) -> None:
        nonlocal values, total
        values = 0 if record_depth and len(stack) == record_depth and isinstance(stack[-1].value, list) else values + 1
        total += 1
        if values > MAX_VALUES or total > MAX_FILE_VALUES:
            where, limit = ("这条记录", MAX_VALUES) if values > MAX_VALUES else ("这个文件", MAX_FILE_VALUES)
            refuse(event, f"{where}里的值超过了 {limit:,} 个（列表的项、字段），没有读完。请检查是否误粘贴了大量内容")
            raise _Stop
        if not stack:
            out.partial = value
            return
        frame = stack[-1]
        container = frame.value
        if isinstance(container, list):
            container.append(value)
        elif frame.has_key:
            if frame.key in container:
                out.repeated_keys = True
            container[frame.key] = value
            frame.has_key = False  # frame.key stays: the path of what is read inside this value
        else:
            if isinstance(value, (list, dict)):
                raise ConstructorError("while constructing a mapping", frame.mark, "found unhashable key",
                                       event.start_mark)
            frame.key, frame.has_key = value, True

    get_event = parser.get_event
    scalar, mapping, sequence = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None:
                    refuse(event, _anchor(event.anchor))
                if event.tag is not None:
                    refuse(event, _tag(event.tag))
                value = event.value
                if len(value) > max_chars:
                    refuse(event, f"这段文字有 {len(value):,} 个字符，超过了上限 {max_chars:,} 个字符"
                                  "（data/settings.yml 的 limits.text_chars）。记录里只写要点，长篇材料请作为佐证材料文件上传")
                    value = ""
                elif event.implicit[0] and event.tag is None and value[:1] in _RESOLVERS:  # plain: 3, yes, 2023-09-15
                    if value == "<<":
                        refuse(event, "用了合并键“<<”（把另一处的字段合并进来）。记录里不能用合并键，请把字段直接写出来")
                    resolved = plain.get(value, plain)
                    if resolved is plain:  # each distinct word resolved once a file (keys repeat: title, date…)
                        resolved = plain[value] = _resolved(value, event)
                    value = resolved
                add(value, event)
            elif kind is mapping or kind is sequence:
                if event.anchor is not None:
                    refuse(event, _anchor(event.anchor))
                if event.tag is not None:
                    refuse(event, _tag(event.tag))
                if len(stack) >= max_depth:
                    refuse(event, f"这里的列表或“字段: 值”组套了超过 {max_depth} 层，这种文件用不到这么多层。"
                                  "请检查是否多写了“[”“{”或“- ”")
                    break  # deeper is never needed: stop reading here
                container = {} if kind is mapping else []
                add(container, event)
                stack.append(_Frame(container, event.start_mark))
            elif kind in ends:
                frame = stack.pop()
                if not stack:
                    out.partial = frame.value
            elif kind is yaml.AliasEvent:
                refuse(event, f"用了引用“*{event.anchor}”（重复另一处的内容）。记录里不能用锚点“&”和引用“*”，"
                              "请把要重复的内容直接写出来")
                add(None, event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 1:
                    first_document = event.start_mark
                else:
                    raise ComposerError("expected a single document in the stream", first_document,
                                        "but found another document", event.start_mark)
            elif kind is yaml.StreamEndEvent:
                break
    except _Stop:
        pass
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()
    out.empty = documents == 0
    if not out.problems:
        out.data = out.partial
    return out


def _anchor(name: str) -> str:
    return (f"用了锚点“&{name}”（供别处引用的标记）。记录里不能用锚点“&”和引用“*”，请把要重复的内容直接写出来"
            "（文字里要用“&”，请给整个值加上引号）")


def _tag(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"用了类型标记“{shown}”。记录里不能写类型标记，请删去它，直接写值（文字以“!”开头时请给整个值加上引号）"
