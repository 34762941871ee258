"""argparse in Chinese: usage, section headings, the help option and the error messages.

argparse writes its own words through gettext (`usage:`, `options:`, `invalid choice: …`) and no
Chinese catalogue ships with Python; installing one would change every program of the process.
So this parser puts the Chinese in itself:
- `ChineseArgumentParser` adds its own -h/--help (帮助文字 in Chinese), gives its formatter, and
  words every error in Chinese (the known argparse sentences are matched and re-worded; an unknown
  one is shown as it is, after "错误：");
- `ChineseHelpFormatter` writes 用法： and the section headings 参数 / 选项;
- subcommands made with `parser.add_subparsers().add_parser(name, help=…)` are parsers of the same
  class (argparse makes them with the parent's class), and the help text doubles as the
  subcommand's description when none is given. New subcommands need nothing else.
"""
from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

HELP_TEXT = "显示本帮助并退出"

_HEADINGS = {"options": "选项", "optional arguments": "选项", "positional arguments": "参数"}


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def start_section(self, heading):
        return super().start_section(_HEADINGS.get(heading, heading))


def _quoted_list(text: str) -> str:
    """"'check', 'figures'" -> "check、figures"."""
    return "、".join(item.strip().strip("'\"") for item in text.split(","))


# argparse's sentences (Python 3.11-3.13) -> Chinese. Order matters: the argument prefix comes first.
_MESSAGES: list[tuple[re.Pattern, object]] = [
    (re.compile(r"^invalid choice: (.*?) \(choose from (.*)\)$", re.S),
     lambda m: f"没有「{m.group(1).strip(chr(39) + chr(34))}」这一项，可选：{_quoted_list(m.group(2))}"),
    (re.compile(r"^the following arguments are required: (.*)$", re.S),
     lambda m: f"缺少必须给出的参数：{'、'.join(part.strip() for part in m.group(1).split(','))}"),
    (re.compile(r"^unrecognized arguments: (.*)$", re.S), lambda m: f"不认识的参数：{m.group(1)}"),
    (re.compile(r"^expected one argument$"), lambda m: "后面应当跟一个值"),
    (re.compile(r"^expected at most one argument$"), lambda m: "后面最多跟一个值"),
    (re.compile(r"^expected at least one argument$"), lambda m: "后面至少应当跟一个值"),
    (re.compile(r"^expected (\d+) arguments?$"), lambda m: f"后面应当跟 {m.group(1)} 个值"),
    (re.compile(r"^invalid (\S+) value: (.*)$", re.S), lambda m: f"的值 {m.group(2)} 无效"),
    (re.compile(r"^ambiguous option: (\S+) could match (.*)$", re.S),
     lambda m: f"选项 {m.group(1)} 不明确，可能是：{'、'.join(p.strip() for p in m.group(2).split(','))}"),
    (re.compile(r"^not allowed with argument (.*)$", re.S), lambda m: f"不能与 {m.group(1)} 同时使用"),
    (re.compile(r"^one of the arguments (.*) is required$", re.S), lambda m: f"须给出其中一个参数：{m.group(1)}"),
    (re.compile(r"^ignored explicit argument (.*)$", re.S), lambda m: f"这个选项不带值，多给的 {m.group(1)} 无法使用"),
]
_ARGUMENT = re.compile(r"^argument ([^:]+): (.*)$", re.S)


def chinese_message(message: str) -> str:
    """One argparse error sentence in Chinese; text that is already Chinese (our own types) stays."""
    named = _ARGUMENT.match(message)
    if named:
        inner = chinese_message(named.group(2))
        joiner = " " if inner.startswith(("的值", "后面", "不能")) else "："
        return f"参数 {named.group(1)}{joiner}{inner}"
    for pattern, word in _MESSAGES:
        match = pattern.match(message)
        if match:
            return word(match)
    return message


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose every word to the user is Chinese (see the module's doc)."""

    def __init__(self, *args, add_help: bool = True, formatter_class=ChineseHelpFormatter, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=formatter_class, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_TEXT)

    def add_subparsers(self, **kwargs):
        action = super().add_subparsers(**kwargs)
        plain_add_parser = action.add_parser

        def add_parser(name, **options):
            if options.get("help") and not options.get("description"):
                options["description"] = options["help"]
            return plain_add_parser(name, **options)

        action.add_parser = add_parser
        return action

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{chinese_message(message)}\n"
                     f"（运行 {self.prog} -h 查看用法）\n")
