"""What a YAML mistake means for an editor: parser errors and invisible characters, in Chinese.

libyaml's messages ("did not find expected key") describe the parser, not the
mistake. Here each one is read together with the offending line of the file to
name the mistake as the editor made it (a line indented one space too far, a
Chinese colon after a field name, a value starting with "[") and what to type instead.
"""
from __future__ import annotations

import re
from typing import Optional

import yaml

Explained = tuple[Optional[int], Optional[int], str]  # (line, column) 1-based, message

# Characters the YAML reader refuses or that nobody means to type: C0/C1 controls, stray BOM, non-characters.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]")
SUSPECT = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff]|^ *\u3000", re.M)

# A value starting with one of these is not plain text to YAML.
_SPECIAL_START = {
    '"': "双引号", "'": "单引号", "[": "方括号（列表）", "{": "花括号（“字段: 值”组）", "*": "星号（引用）",
    "&": "“&”（锚点）", "!": "感叹号（类型标记）", "|": "竖线（多行文字）", ">": "“>”（折叠文字）",
    "%": "百分号（指令）", "@": "“@”（保留符号）", "`": "反引号（保留符号）",
}


# Full-width spaces before a field name or a list dash: indentation typed with a Chinese input method.
# (Full-width spaces opening a paragraph inside a multi-line text are content, and fine.)
_FULLWIDTH_INDENT = re.compile(r"^[ \u3000]*\u3000[ \u3000]*(?:- |-$|[^\s:#][^\s:]*:(?:\s|$))")


def character_problems(text: str) -> list[Explained]:
    """Tabs, control characters and full-width indentation, one entry per offending line."""
    found: list[Explained] = []
    if not SUSPECT.search(text):
        return found
    for number, line in enumerate(text.split("\n"), start=1):
        if line.lstrip(" \t").startswith("#"):
            continue
        indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
        if "\t" in indent:
            found.append((number, indent.index("\t") + 1,
                          "行首用了制表符（Tab）缩进。YAML 只能用空格缩进，请把 Tab 换成空格"))
        elif "\u3000" in indent and _FULLWIDTH_INDENT.match(line):
            found.append((number, indent.index("\u3000") + 1,
                          "行首用了全角空格（　）缩进。缩进只能用半角空格：请切换到英文输入法，删掉后重新输入空格"))
        elif "\t" in line:
            found.append((number, line.index("\t") + 1,
                          "这里有制表符（Tab），常见于从 Word 或 Excel 复制来的文字。请把它换成空格"))
        match = _CONTROL.search(line)
        if match:
            found.append((number, match.start() + 1,
                          f"这里有看不见的控制字符（U+{ord(match.group()):04X}），常见于从其他软件复制来的文字。"
                          "请删去它（可把这一段文字删掉后重新输入）"))
    return found


def _line(lines: list[str], mark) -> str:
    return lines[mark.line] if mark is not None and 0 <= mark.line < len(lines) else ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _key_column(line: str) -> int:
    """Where the first field name of a line starts: after the indentation and any "- "."""
    column = _indent(line)
    while line[column:column + 2] == "- ":
        column += 2
        column += _indent(line[column:])
    return column


def _previous_content_line(lines: list[str], index: int) -> Optional[str]:
    for candidate in reversed(lines[:index]):
        if candidate.strip() and not candidate.lstrip().startswith("#"):
            return candidate
    return None


def _value_start(line: str) -> str:
    """The first character of the value on a 'key: value' or '- value' line."""
    match = re.match(r"^\s*(?:-\s+)*(?:[^\s:#][^:]*?:\s+|-\s+)?(\S)", line)
    return match.group(1) if match else ""


def _where(mark) -> tuple[Optional[int], Optional[int]]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _unclosed_quote(exc, lines) -> Optional[Explained]:
    if "quoted scalar" not in (exc.context or "") or "escape" in (exc.problem or ""):
        return None
    mark = exc.context_mark
    quote = _line(lines, mark)[mark.column:mark.column + 1] or '"'
    return (*_where(mark), f"引号没有闭合：这里的 {quote} 一直没有找到结束的 {quote}。"
                           f"请在这个值的末尾补上 {quote}，或去掉开头的 {quote}")


def _bad_escape(exc, lines) -> Optional[Explained]:
    if "escape" not in (exc.problem or ""):
        return None
    return (*_where(exc.problem_mark), "双引号里的反斜杠“\\”后面跟了不能转义的字符。"
                                       "请改用单引号把整个值括起来，或把“\\”写成“\\\\”")


def _missing_colon(exc, lines) -> Optional[Explained]:
    if "could not find expected ':'" not in (exc.problem or ""):
        return None
    mark = exc.context_mark or exc.problem_mark
    line = _line(lines, mark)
    if "：" in line:
        return (*_where(mark), "字段名后面用了中文冒号“：”。请改成英文冒号加一个空格，如“status: 已完成”")
    if re.search(r"[^\s:]:[^\s:]", line):
        return (*_where(mark), "冒号后面缺少空格。请写成“字段名: 值”（英文冒号后加一个空格）")
    return (*_where(mark), "这一行缺少冒号：应写成“字段名: 值”。如果这是上一行文字的延续，请把它接到上一行末尾")


def _misindented(exc, lines) -> Optional[Explained]:
    problem = exc.problem or ""
    if not any(p in problem for p in ("mapping values are not allowed", "did not find expected key",
                                       "did not find expected '-' indicator")):
        return None
    mark = exc.problem_mark
    line = _line(lines, mark)
    previous = _previous_content_line(lines, mark.line)
    if previous is None:
        return None
    here = _indent(line)
    if line.lstrip().startswith("- ") and "'-' indicator" in problem and exc.context_mark is not None:
        first = exc.context_mark
        if here != first.column:
            return (mark.line + 1, here + 1,
                    f"列表各项没有对齐：这一项的“- ”前有 {here} 个空格，而这个列表的第一项（第 {first.line + 1} 行）"
                    f"前有 {first.column} 个。同一列表的各项应当左对齐")
        return None
    expected = _key_column(previous)
    if "mapping values" in problem and previous.rstrip().endswith(":"):
        return None
    if here == expected or ("mapping values" in problem and here < expected):
        return None
    more = "多" if here > expected else "少"
    return (mark.line + 1, here + 1,
            f"缩进不对：这一行缩进了 {here} 个空格，比上一行的字段（{expected} 个空格）{more}了 {abs(here - expected)} 个。"
            "同一条记录的各个字段应当左对齐")


_FLOW_END = re.compile(r"expected ',' or '([\]}])'")
_CLOSING = {"[": "]", "{": "}"}


def _unclosed_flow(exc, lines) -> Optional[Explained]:
    """[甲, 乙 or {id: V-01, name: 应急 without its closing bracket on the line it opens."""
    if "flow" not in (exc.context or "") or exc.context_mark is None:
        return None
    mark = exc.context_mark
    line = _line(lines, mark)
    opening = line[mark.column:mark.column + 1]
    closing = _CLOSING.get(opening)
    if closing is None or line.count(opening) <= line.count(closing):
        return None
    what = "列表" if opening == "[" else "“字段: 值”组"
    example = "[甲, 乙]" if opening == "[" else "{id: V-01, name: 应急管理局}"
    return (mark.line + 1, mark.column + 1,
            f"{what}以“{opening}”开始，但这一行没有结尾的“{closing}”。请在最后一项后面补上“{closing}”，如 {example}"
            f"（如果这个值本来就是以“{opening}”开头的文字，才需要用引号把整个值括起来）")


def _colon_in_flow(exc, lines) -> Optional[Explained]:
    """{id: V-01, name: 应急: 管理局}: a second ': ' inside one value of a {…} or […]."""
    found = _FLOW_END.search(exc.problem or "")
    if not found or exc.problem_mark is None:
        return None
    mark = exc.problem_mark
    line = _line(lines, mark)
    if not line[:mark.column + 1].rstrip().endswith(":") and line[mark.column:mark.column + 1] != ":":
        return None
    where = "花括号 {…}" if found.group(1) == "}" else "方括号 […]"
    key = field_on_line(line, mark.column + 1)
    example = f"{key}: \"…: …\"" if key else "\"…: …\""
    return (mark.line + 1, mark.column + 1,
            f"{where} 里的值含有“: ”（英文冒号加空格），YAML 把它当作又一个字段。"
            f"请给这个值加上引号，如 {example}，或把冒号改成中文冒号“：”")


def _special_value(exc, lines) -> Optional[Explained]:
    for mark in (exc.problem_mark, exc.context_mark):
        line = _line(lines, mark)
        start = _value_start(line)
        if start in _SPECIAL_START:
            quote, which = ("'", "单") if start == '"' else ('"', "双")
            return (mark.line + 1, line.index(start) + 1,
                    f"值以{_SPECIAL_START[start]}开头，YAML 不把它当作普通文字。要写以“{start}”开头的文字，"
                    f"请用{which}引号把整个值括起来，如 {quote}{start}…{quote}")
    return None


def _colon_in_value(exc, lines) -> Optional[Explained]:
    if "mapping values are not allowed" not in (exc.problem or ""):
        return None
    mark = exc.problem_mark
    if ": " not in _line(lines, mark)[: mark.column]:
        return None
    return (*_where(mark), "值里含有“: ”（英文冒号加空格），YAML 会把它当作新的字段。"
                           "请给整个值加上引号，或把冒号改成中文冒号“：”")


def _second_document(exc, lines) -> Optional[Explained]:
    if "another document" not in (exc.problem or ""):
        return None
    return (*_where(exc.problem_mark), "这一行的“---”会被当作另一个文件的开始。一个文件里只能有一份记录，请删去这一行")


_EXPLAINERS = (_unclosed_quote, _bad_escape, _missing_colon, _misindented, _unclosed_flow, _colon_in_flow,
               _special_value, _colon_in_value, _second_document)

# A field name as written at the start of a line or inside {…}: "    - title:", "\tspeaker:", "as_of:2023", "name: "
_KEY = re.compile(r"(?:^|[{,\s-])\s*([A-Za-z_][A-Za-z0-9_]*)\s*[:：](?!//)")  # not the http of http://


def field_on_line(line: str, column: Optional[int] = None) -> Optional[str]:
    """The field a broken line shows: the last "name:" before the column (inside {…} several are
    written on one line), else the line's first; None when the line shows no field name."""
    keys = [(match.start(1), match.group(1)) for match in _KEY.finditer(line)]
    if not keys or (column is not None and line[column - 1:column] in ("{", "-")):
        return None  # the mistake is the whole {…} record, not one of its fields
    before = [key for start, key in keys if column is None or start < column - 1]
    return before[-1] if before else keys[0][1]


# A field name at the start of a line, then a space and a value, and no colon: "measures 制定本单位…"
_BARE_FIELD = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t\u3000]+[^\s:：]")


def bare_field(line: str, known: frozenset[str]) -> Optional[str]:
    """The field a line names without its colon, when the line starts with a field name the file's model knows."""
    match = _BARE_FIELD.match(line)
    return match.group(1) if match and match.group(1) in known else None


def explain_yaml_error(exc: yaml.YAMLError, text: str, known: frozenset[str] = frozenset()) -> Explained:
    """The mistake behind a parser error, located and worded for an editor. `known`: the field names of the
    file's model (a line that starts with one of them and has no colon is that field without its colon)."""
    lines = text.split("\n")
    if isinstance(exc, yaml.MarkedYAMLError) and "could not find expected ':'" in (exc.problem or ""):
        mark = exc.context_mark or exc.problem_mark
        name = bare_field(_line(lines, mark), known)
        if name:
            value = _line(lines, mark).split(name, 1)[1].strip()
            shown = value if len(value) <= 12 else value[:12] + "…"
            return (mark.line + 1, _line(lines, mark).index(name) + 1,
                    f"字段名 {name} 后面缺少冒号：应写成“{name}: {shown}”（英文冒号，后面加一个空格）")
    if isinstance(exc, yaml.MarkedYAMLError):
        for explainer in _EXPLAINERS:
            found = explainer(exc, lines)
            if found:
                return found
        line, column = _where(exc.problem_mark or exc.context_mark)
        return (line, column, "YAML 格式错误：这里的写法读不懂。请检查这一行和上一行的缩进、冒号（后面要有空格）、"
                              "引号和括号是否成对")
    return (None, None, "YAML 格式错误：文件的写法读不懂。请检查缩进、冒号、引号和括号是否成对")
