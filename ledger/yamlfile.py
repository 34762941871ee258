"""Read one YAML data file: decode, parse with line marks, refuse what YAML lets slip.

Returns the plain Python data plus a map from each path inside it
(("problems", 3, "status")) to its (line, column), so that every later error
can name where it is.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import RecordError

try:  # libyaml's C loader is ~8x faster and still carries line marks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

Path_ = tuple  # ("problems", 3, "status")
Location = tuple[int, int]  # (line, column), both 1-based


@dataclass
class ParsedFile:
    display_name: str
    data: Any = None
    locations: dict[Path_, Location] = field(default_factory=dict)
    errors: list[RecordError] = field(default_factory=list)
    root: Any = field(default=None, repr=False)  # the node tree: locations are indexed only when asked for

    def location(self, path: Path_) -> Location | None:
        """The nearest known location: the path itself, else its closest parent."""
        if self.root is not None and not self.locations:
            _walk(self.root, (), self)
        path = tuple(path)
        while path:
            if path in self.locations:
                return self.locations[path]
            path = path[:-1]
        return self.locations.get((), None)


def _error(parsed: ParsedFile, line: int | None, message: str, column: int | None = None) -> None:
    parsed.errors.append(RecordError(parsed.display_name, line, message, column=column))


def _decode(raw: bytes, parsed: ParsedFile) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        _error(parsed, 1, "文件开头有字节顺序标记（BOM）。请用“UTF-8（无 BOM）”编码另存此文件")
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
        _error(parsed, line, f"文件不是 UTF-8 编码，{hint}请在编辑器里选择“UTF-8”编码另存")
        return None


def _check_tabs(text: str, parsed: ParsedFile) -> bool:
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            _error(parsed, number, "行首用了制表符（Tab）缩进。YAML 只能用空格缩进，请把 Tab 换成空格",
                   column=indent.index("\t") + 1)
            found = True
    return found


_YAML_PROBLEMS = [
    ("found character '\\t'", "这里有制表符（Tab）。YAML 只能用空格，请把 Tab 换成空格"),
    ("while scanning a quoted scalar", "引号没有闭合：这一行开始的引号缺少对应的结束引号"),
    ("found unexpected end of stream", "引号没有闭合：文件结束时引号仍未闭合"),
    ("mapping values are not allowed here", "冒号位置不对：可能是缩进错误，或值里含有“: ”却没有加引号"),
    ("did not find expected key", "缩进不一致：同一层的字段应当左对齐"),
    ("expected <block end>", "缩进不一致：同一层的字段应当左对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的各项“- ”应当左对齐"),
    ("found duplicate anchor", "锚点名称重复"),
    ("could not find expected ':'", "缺少冒号：字段名后面要有“: ”"),
]


def _describe_yaml_error(exc: yaml.YAMLError) -> str:
    text = str(exc)
    for needle, message in _YAML_PROBLEMS:
        if needle in text:
            return message
    problem = getattr(exc, "problem", None) or text
    return f"YAML 格式错误：{problem}"


def _walk(node: yaml.Node, path: Path_, parsed: ParsedFile) -> None:
    mark = node.start_mark
    parsed.locations.setdefault(path, (mark.line + 1, mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in seen:
                _error(parsed, key_line, f"字段「{key}」重复出现（第 {seen[key]} 行已经写过）。同一条记录里每个字段只能写一次",
                       column=key_node.start_mark.column + 1)
                continue
            seen[key] = key_line
            parsed.locations[path + (key,)] = (key_line, key_node.start_mark.column + 1)
            _walk(value_node, path + (key,), parsed)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), parsed)


def _has_repeated_keys(root: yaml.Node) -> bool:
    """A cheap first pass (no paths, no marks): only when it finds a repeated key does _walk run up front."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            keys = {key.value for key, _ in node.value if isinstance(key, yaml.ScalarNode)}
            if len(keys) != len(node.value):
                return True
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return False


def parse_yaml_file(path: Path, display_name: str) -> ParsedFile:
    parsed = ParsedFile(display_name)
    text = _decode(path.read_bytes(), parsed)
    if text is None:
        return parsed
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        _error(parsed, 1, "文件是空的（或只有注释），至少应包含一个字段")
        return parsed
    if _check_tabs(text, parsed):
        return parsed
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            _error(parsed, 1, "文件是空的，至少应包含一个字段")
            return parsed
        if _has_repeated_keys(node):
            _walk(node, (), parsed)
            if parsed.errors:
                return parsed
        parsed.root = node
        parsed.data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        _error(parsed, line, _describe_yaml_error(exc), column=column)
    except yaml.YAMLError as exc:
        _error(parsed, None, _describe_yaml_error(exc))
    finally:
        loader.dispose()
    return parsed
