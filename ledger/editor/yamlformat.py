"""`python -m ledger format`: the data files in the form editor's own YAML formatting, without Node.js.

A save in the form editor (Decap CMS) rewrites the whole file the way decap-cms-core's `toFile`
(src/formats/yaml.ts) writes it with the `yaml` library it bundles (1.10.x): the file read into plain values
(YAML 1.2 core schema), the top-level keys ordered as the form's fields (a key the form does not know keeps its
place as V8's sort leaves it), the comments the configuration declares (the JSON Schema line) written before
their keys, every other comment dropped, each value written in that library's style (plain where it can be,
double quotes otherwise, single quotes for text with a `"` and no `'`, block literals for lines, long lines
folded at spaces, 2-space indents, sequences indented under their key). A file in that formatting is written
back unchanged by a save, so a save changes only the lines of the record edited.

ruamel.yaml reads the file (its composer: the nodes with their scalar styles, before any type is decided); the
values are resolved by the 1.2 core schema as Decap's library resolves them; the writing below follows that
library's stringify, function by function. Strings are handled as JavaScript handles them, in UTF-16 code
units, so that widths and folds count a character outside the BMP as two.
tests/integration/test_editor_build.py checks the result against the library itself (editor/package.json).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

LINE_WIDTH, MIN_CONTENT_WIDTH = 80, 20      # yaml 1.x strOptions.fold
MIN_MULTILINE_LENGTH = 40                   # strOptions.doubleQuoted.minMultiLineLength
INDENT = "  "
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"  # JavaScript's \s
JS_DOT = "[^\n\r\u2028\u2029]"                                                           # JavaScript's .


class FormatError(Exception):
    """A file format cannot rewrite (not YAML, or not a mapping), said in Chinese with its place."""


# ---- JavaScript strings and numbers ----
def to_js(text: str) -> str:
    """A Python string as JavaScript sees it: characters beyond the BMP as their two UTF-16 code units."""
    if all(ord(c) < 0x10000 for c in text):
        return text
    return "".join(c if ord(c) < 0x10000 else
                   chr(0xD800 + ((ord(c) - 0x10000) >> 10)) + chr(0xDC00 + ((ord(c) - 0x10000) & 0x3FF)) for c in text)


def from_js(text: str) -> str:
    """Back to Python; a surrogate left alone (a quoted line folded inside a pair, as the library may) becomes
    U+FFFD, as a browser or Node.js writes it to a file."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def js_number(value: int | float) -> str:
    """JSON.stringify of a number (what yaml 1.x writes for one)."""
    if isinstance(value, int) and abs(value) < 2 ** 53:
        return str(value)
    value = float(value)
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    if value == 0:
        return "0"
    digits, exponent = _shortest_digits(abs(value))
    sign = "-" if value < 0 else ""
    point = exponent + len(digits)  # the decimal point's place after the first `point` digits
    if -6 < point <= 21:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        if point >= len(digits):
            return f"{sign}{digits}{'0' * (point - len(digits))}"
        return f"{sign}{digits[:point]}.{digits[point:]}"
    mantissa = digits[0] + (f".{digits[1:]}" if len(digits) > 1 else "")
    power = point - 1
    return f"{sign}{mantissa}e{'+' if power > 0 else '-'}{abs(power)}"


def _shortest_digits(value: float) -> tuple[str, int]:
    """The shortest digits that read back as value (as repr finds them) and their exponent."""
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0")
    return text or "0", exponent + (len(digits) - len(text))


# ---- reading: YAML 1.2 core schema, as decap's library resolves a file into plain values ----
_CORE = [  # (pattern, value) in the schema's order; the first that matches decides
    (re.compile(r"(?:~|[Nn]ull|NULL)?"), lambda s, m: None),
    (re.compile(r"(?:[Tt]rue|TRUE|[Ff]alse|FALSE)"), lambda s, m: s[0] in "tT"),
    (re.compile(r"0o([0-7]+)"), lambda s, m: int(m.group(1), 8)),
    (re.compile(r"[-+]?[0-9]+"), lambda s, m: int(s)),
    (re.compile(r"0x([0-9a-fA-F]+)"), lambda s, m: int(m.group(1), 16)),
    (re.compile(r"(?:[-+]?\.inf|(\.nan))", re.I),
     lambda s, m: math.nan if m.group(1) else (-math.inf if s[0] == "-" else math.inf)),
    (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+"), lambda s, m: float(s)),
    (re.compile(r"[-+]?(?:\.([0-9]+)|[0-9]+\.([0-9]*))"), lambda s, m: float(s)),
]


def resolve_plain(text: str):
    for pattern, value in _CORE:
        match = pattern.fullmatch(text)
        if match:
            return value(text, match)
    return text


def _key_text(value) -> str:
    """String(key) in JavaScript: a map key as a plain object holds it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "NaN" if isinstance(value, float) and math.isnan(value) else (
            "Infinity" if value == math.inf else "-Infinity" if value == -math.inf else js_number(value))
    return value


_INDEX_KEY = re.compile(r"0|[1-9][0-9]*")


def _object_order(keys: list[str]) -> list[str]:
    """A JavaScript object's key order: array-index keys first, ascending, then the rest as inserted."""
    index = sorted((k for k in keys if _INDEX_KEY.fullmatch(k) and int(k) < 2 ** 32 - 1), key=int)
    return index + [k for k in keys if k not in index]


def _where(node, path: str) -> str:
    return f"{path}:{node.start_mark.line + 1}"


def plain_values(node, path: str):
    """The node's value as decap's library gives it (doc.toJSON()): strings in JavaScript form."""
    if isinstance(node, ScalarNode):
        if node.style:  # quoted or block: a string whatever it looks like
            return to_js(node.value)
        value = resolve_plain(node.value)
        return to_js(value) if isinstance(value, str) else value
    if isinstance(node, SequenceNode):
        return [plain_values(item, path) for item in node.value]
    if isinstance(node, MappingNode):
        out: dict[str, object] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise FormatError(f"{_where(key, path)} 键不能是列表或映射")
            name = _key_text(plain_values(key, path))
            if name in out:
                raise FormatError(f"{_where(key, path)} 字段 {from_js(name)} 写了两次（请先运行 python -m ledger check）")
            out[name] = plain_values(value, path)
        return {k: out[k] for k in _object_order(list(out))}
    raise FormatError(f"{_where(node, path)} 无法读取的内容")


# ---- writing: yaml 1.10.x stringify ----
def _contains_document_marker(text: str) -> bool:
    return re.search(r"^(%|---|\.\.\.)", text, re.M) is not None


def fold_flow_lines(text: str, indent: str, mode: str, indent_at_start: int | None = None) -> str:
    """foldFlowLines: lines kept to LINE_WIDTH by breaking at single spaces (escaped breaks in quoted mode)."""
    at = lambda i: text[i] if 0 <= i < len(text) else ""  # noqa: E731 (JavaScript's text[i])
    end_step = max(1 + MIN_CONTENT_WIDTH, 1 + LINE_WIDTH - len(indent))
    if len(text) <= end_step:
        return text
    folds: list[int] = []
    escaped_folds: set[int] = set()
    end = LINE_WIDTH - len(indent)
    if indent_at_start is not None:
        if indent_at_start > LINE_WIDTH - max(2, MIN_CONTENT_WIDTH):
            folds.append(0)
        else:
            end = LINE_WIDTH - indent_at_start
    split = None
    prev = ""
    overflow = False
    i, esc_start, esc_end = -1, -1, -1
    if mode == "block":
        i = _more_indented(text, i)
        if i != -1:
            end = i + end_step
    while True:
        i += 1
        ch = at(i)
        if not ch:
            break
        if mode == "quoted" and ch == "\\":
            esc_start = i
            i += {"x": 3, "u": 5, "U": 9}.get(at(i + 1), 1)
            esc_end = i
        if ch == "\n":
            if mode == "block":
                i = _more_indented(text, i)
            end = i + end_step
            split = None
        else:
            if ch == " " and prev and prev not in " \n\t":
                following = at(i + 1)
                if following and following not in " \n\t":
                    split = i
            if i >= end:
                if split:
                    folds.append(split)
                    end = split + end_step
                    split = None
                elif mode == "quoted":
                    while prev in (" ", "\t"):
                        prev = ch
                        i += 1
                        ch = at(i)
                        overflow = True
                    j = i - 2 if i > esc_end + 1 else esc_start - 1
                    if j in escaped_folds:
                        return text
                    folds.append(j)
                    escaped_folds.add(j)
                    end = j + end_step
                    split = None
                else:
                    overflow = True
        prev = ch
    if not folds:
        return text
    out = text[:folds[0]]
    for n, fold in enumerate(folds):
        stop = folds[n + 1] if n + 1 < len(folds) and folds[n + 1] else len(text)
        if fold == 0:
            out = f"\n{indent}{text[0:stop]}"
        else:
            if mode == "quoted" and fold in escaped_folds:
                out += f"{text[fold]}\\"
            out += f"\n{indent}{text[fold + 1:stop]}"
    return out


def _more_indented(text: str, i: int) -> int:
    """consumeMoreIndentedLines: past the lines after i that start with a space or tab."""
    at = lambda k: text[k] if 0 <= k < len(text) else ""  # noqa: E731
    ch = at(i + 1)
    while ch in (" ", "\t") and ch:
        while True:
            i += 1
            ch = at(i)
            if not ch or ch == "\n":
                break
        ch = at(i + 1)
    return i


_JSON_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _json_string(value: str) -> str:
    """JSON.stringify of a string (lone surrogates aside, which a JavaScript-form string never has alone)."""
    return '"' + "".join(_JSON_ESCAPES.get(c) or (f"\\u{ord(c):04x}" if ord(c) < 0x20 else c) for c in value) + '"'


_SHORT_ESCAPES = {"0000": "\\0", "0007": "\\a", "000b": "\\v", "001b": "\\e", "0085": "\\N", "00a0": "\\_",
                  "2028": "\\L", "2029": "\\P"}


@dataclass(frozen=True)
class Ctx:
    indent: str = ""
    implicit_key: bool = False
    indent_at_start: int | None = None
    force_block_indent: bool = False


def double_quoted(value: str, ctx: Ctx) -> str:
    js = _json_string(value)
    indent = ctx.indent or (INDENT if _contains_document_marker(value) else "")
    out, start, i = "", 0, 0
    at = lambda k: js[k] if 0 <= k < len(js) else ""  # noqa: E731
    while i < len(js):
        ch = js[i]
        if ch == " " and at(i + 1) == "\\" and at(i + 2) == "n":
            out += js[start:i] + "\\ "  # a space before a line break is escaped, not folded away
            i += 1
            start = i
            ch = "\\"
        if ch == "\\":
            following = at(i + 1)
            if following == "u":
                out += js[start:i]
                code = js[i + 2:i + 6]
                out += _SHORT_ESCAPES.get(code) or ("\\x" + code[2:] if code[:2] == "00" else js[i:i + 6])
                i += 5
                start = i + 1
            elif following == "n":
                if ctx.implicit_key or at(i + 2) == '"' or len(js) < MIN_MULTILINE_LENGTH:
                    i += 1
                else:  # a line break written as one (folding takes the first)
                    out += js[start:i] + "\n\n"
                    while at(i + 2) == "\\" and at(i + 3) == "n" and at(i + 4) != '"':
                        out += "\n"
                        i += 2
                    out += indent
                    if at(i + 2) == " ":
                        out += "\\"
                    i += 1
                    start = i + 1
            else:
                i += 1
        i += 1
    out = out + js[start:] if start else js
    return out if ctx.implicit_key else fold_flow_lines(out, indent, "quoted", ctx.indent_at_start or None)


def single_quoted(value: str, ctx: Ctx) -> str:
    if ctx.implicit_key:
        if "\n" in value:
            return double_quoted(value, ctx)
    elif re.search(r"[ \t]\n|\n[ \t]", value):
        return double_quoted(value, ctx)
    indent = ctx.indent or (INDENT if _contains_document_marker(value) else "")
    out = "'" + re.sub(r"\n+", lambda m: f"{m.group(0)}\n{indent}", value.replace("'", "''")) + "'"
    return out if ctx.implicit_key else fold_flow_lines(out, indent, "flow", ctx.indent_at_start or None)


def _line_over_limit(text: str, indent_length: int) -> bool:
    limit = LINE_WIDTH - indent_length
    if len(text) <= limit:
        return False
    start = 0
    for i, ch in enumerate(text):
        if ch == "\n":
            if i - start > limit:
                return True
            start = i + 1
            if len(text) - start <= limit:
                return False
    return True


def block_string(value: str, ctx: Ctx) -> str:
    if re.search(r"\n[\t ]+\Z", value) or re.fullmatch(f"[{JS_SPACE}]*", value):
        return double_quoted(value, ctx)
    indent = ctx.indent or (INDENT if ctx.force_block_indent or _contains_document_marker(value) else "")
    indent_size = "2" if indent else "1"
    literal = not _line_over_limit(value, len(indent))
    header = "|" if literal else ">"
    if not value:
        return header + "\n"
    trailing = re.search(r"[\n\t ]*\Z", value)
    ws = trailing.group(0)
    n = ws.find("\n")
    if n == -1:
        header += "-"
    elif value == ws or n != len(ws) - 1:
        header += "+"
    ws_end = re.sub(r"\n\Z", "", ws)
    value = value[:trailing.start()]
    leading = re.match(r"[\n ]*", value).group(0)
    if " " in leading:
        header += indent_size
    spaces = re.search(r" +\Z", leading)
    ws_start = leading[:-len(spaces.group(0))] if spaces else leading
    value = value[len(ws_start):]
    if ws_end:
        ws_end = re.sub(r"\n+(?!\n|\Z)", lambda m: m.group(0) + indent, ws_end)
    if ws_start:
        ws_start = re.sub(r"\n+", lambda m: m.group(0) + indent, ws_start)
    if not value:
        return f"{header}{indent_size}\n{indent}{ws_end}"
    if literal:
        value = re.sub(r"\n+", lambda m: m.group(0) + indent, value)
        return f"{header}\n{indent}{ws_start}{value}{ws_end}"
    value = re.sub(r"\n+", lambda m: "\n" + m.group(0), value)
    value = re.sub(rf"(?:\A|\n)([\t ]{JS_DOT}*)(?:([\n\t ]*)\n(?![\n\t ]))?",
                   lambda m: m.group(1) + (m.group(2) or ""), value)
    value = re.sub(r"\n+", lambda m: m.group(0) + indent, value)
    body = fold_flow_lines(f"{ws_start}{value}{ws_end}", indent, "block")
    return f"{header}\n{indent}{body}"


_PLAIN_REFUSED = re.compile(r"\A[\n\t ,\[\]{}#&*!|>'\"%@`]|\A[?-]\Z|\A[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]\Z")


def plain_string(value: str, ctx: Ctx) -> str:
    if ctx.implicit_key and re.search(r"[\n\[\]{},]", value):
        return double_quoted(value, ctx)
    if not value or _PLAIN_REFUSED.search(value):
        if ctx.implicit_key or "\n" not in value:
            return single_quoted(value, ctx) if '"' in value and "'" not in value else double_quoted(value, ctx)
        return block_string(value, ctx)
    if not ctx.implicit_key and "\n" in value:
        return block_string(value, ctx)
    if ctx.indent == "" and _contains_document_marker(value):
        return block_string(value, Ctx(ctx.indent, ctx.implicit_key, ctx.indent_at_start, True))
    if not isinstance(resolve_plain(value), str):  # it would read back as a number, true, null …
        return double_quoted(value, ctx)
    return value if ctx.implicit_key else fold_flow_lines(value, ctx.indent, "flow", ctx.indent_at_start or None)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def string(value: str, ctx: Ctx) -> str:
    return double_quoted(value, ctx) if _CONTROL.search(value) else plain_string(value, ctx)


def scalar(value, ctx: Ctx) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    return string(value, ctx)


def collection(value, indent: str, comments: dict[str, str] | None = None) -> str:
    """A block sequence or mapping at `indent` (Collection.toString); comments: key -> the lines before it."""
    if isinstance(value, list):
        if not value:
            return "[]"
        item_indent = indent + INDENT
        lines = [f"- {node(item, Ctx(item_indent))}" for item in value]
        return f"\n{indent}".join(lines)
    if not value:
        return "{}"
    only_nulls = all(v is None for v in value.values())  # such a map is written as a set: ? key
    lines = []
    for key, item in value.items():
        for line in (comments or {}).get(key, []):
            lines.append(f"#{line}")
        lines.append(f"? {string(key, Ctx(indent + INDENT, implicit_key=True))}" if only_nulls else pair(key, item, indent))
    return f"\n{indent}".join(lines)


def pair(key: str, value, indent: str) -> str:
    value_indent = indent + INDENT
    head = string(key, Ctx(value_indent, implicit_key=True)) + ":"
    if isinstance(value, (list, dict)):
        body = collection(value, value_indent)
        flow = body[:1] in ("[", "{")
        return f"{head} {body}" if flow and "\n" not in body else f"{head}\n{value_indent}{body}"
    body = scalar(value, Ctx(value_indent, indent_at_start=len(head) + 1))
    return f"{head}{'' if body.startswith(chr(10)) else ' '}{body}"


def node(value, ctx: Ctx) -> str:
    return collection(value, ctx.indent) if isinstance(value, (list, dict)) else scalar(value, ctx)


# ---- decap-cms-core's toFile ----
def v8_sort(items: list, compare) -> list:
    """Array.prototype.sort as V8 runs it on fewer than 64 items (TimSort: one run, then binary insertion);
    with a comparator that calls unknown keys equal to everything, the order depends on exactly this."""
    a = list(items)
    n = len(a)
    if n < 2:
        return a
    run = 2
    descending = compare(a[1], a[0]) < 0
    previous = a[1]
    for index in range(2, n):
        order = compare(a[index], previous)
        if (descending and order >= 0) or (not descending and order < 0):
            break
        previous = a[index]
        run += 1
    if descending:
        a[:run] = reversed(a[:run])
    for start in range(run, n):
        pivot = a[start]
        left, right = 0, start
        while left < right:
            mid = left + ((right - left) >> 1)
            if compare(pivot, a[mid]) < 0:
                right = mid
            else:
                left = mid + 1
        a[left + 1:start + 1] = a[left:start]
        a[left] = pivot
    return a


def field_names(fields: list[dict], prefix: str = "") -> list[str]:
    """getFieldsNames: the form's fields, nested ones as a.b, in the order of the form."""
    names = [f"{prefix}{f['name']}" for f in fields]
    for i, f in enumerate(fields):
        if f.get("fields"):
            names += field_names(f["fields"], f"{names[i]}.")
        elif f.get("field"):
            names += field_names([f["field"]], f"{names[i]}.")
    return names


def field_comments(fields: list[dict], prefix: str = "") -> dict[str, str]:
    out = {}
    for f in fields:
        name = f"{prefix}{f['name']}"
        if f.get("comment"):
            out[name] = f["comment"]
        if f.get("fields"):
            out.update(field_comments(f["fields"], f"{name}."))
        if f.get("field"):
            out.update(field_comments([f["field"]], f"{name}."))
    return out


def to_file(data: dict, fields: list[dict]) -> str:
    """The text a save writes for data: keys in the form's order, the declared comments, yaml 1.x's style."""
    order = field_names(fields)
    notes = field_comments(fields)
    comments = {key: f" {notes[key]}".replace("\\n", "\n ").split("\n") for key in data if key in notes}

    def compare(a: str, b: str) -> int:
        if a not in order or b not in order:
            return 0
        return (order.index(a) > order.index(b)) - (order.index(a) < order.index(b))

    ordered = {key: data[key] for key in v8_sort(list(data), compare)}
    return from_js(collection(ordered, "", comments)) + "\n"


# Line breaks of YAML 1.1 that YAML 1.2 (the editor's library) reads as text: the two would disagree on the file
_OTHER_BREAKS = re.compile("[\u0085\u2028\u2029]")


def format_text(text: str, fields: list[dict], path: str = "") -> str:
    """A data file's text as the form editor would save it."""
    odd = _OTHER_BREAKS.search(text)
    if odd:
        line = text.count("\n", 0, odd.start()) + 1
        column = odd.start() - (text.rfind("\n", 0, odd.start()) + 1) + 1
        raise FormatError(f"{path}:{line}:{column} 这里有看不见的分行符（U+{ord(odd.group()):04X}），常见于从其他软件复制来的文字："
                          "请删去它后再运行 format")
    try:
        root = YAML(typ="safe", pure=True).compose(text)  # (round-trip mode marks folds in the text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        raise FormatError(f"{where} 不是有效的 YAML（{exc.problem or exc.context}）：请先运行 python -m ledger check") from None
    if not isinstance(root, MappingNode):
        raise FormatError(f"{path} 应是“字段: 值”的记录文件{'，现在是空的' if root is None else ''}：请先运行 python -m ledger check")
    return to_file(plain_values(root, path), fields)


# ---- the project's data files ----
def targets(config: dict, root: Path) -> list[tuple[Path, list[dict]]]:
    """Every file the form editor writes that exists, with the fields of its form (a shared file once)."""
    found: dict[Path, list[dict]] = {}
    for collection_ in config["collections"]:
        if collection_.get("folder") and (root / collection_["folder"]).is_dir():
            folder = root / collection_["folder"]
            extension = "." + collection_.get("extension", "yml")
            for path in sorted(folder.iterdir(), key=lambda p: to_js(p.name)):
                if path.name.endswith(extension) and path.is_file():
                    found.setdefault(path, collection_["fields"])
        for file in collection_.get("files", []):
            if (root / file["file"]).is_file():  # a file not yet written is the editor's to make
                found.setdefault(root / file["file"], file["fields"])
    return list(found.items())


def format_project(root: Path, config: dict, check: bool) -> list[str]:
    """Rewrite (check: only list) the project's data files that differ from the editor's formatting."""
    changed = []
    rewritten: dict[Path, str] = {}
    for path, fields in targets(config, root):
        relative = path.relative_to(root).as_posix()
        before = path.read_text(encoding="utf-8")
        after = format_text(before, fields, relative)
        if after != before:
            changed.append(relative)
            rewritten[path] = after
    if not check:  # every file read and formatted first: a file that cannot be read leaves all as they were
        for path, text in rewritten.items():
            path.write_text(text, encoding="utf-8", newline="")
    return changed
