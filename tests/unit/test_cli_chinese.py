"""The command line speaks Chinese: help, errors, figures; export works without --out."""
from __future__ import annotations

import re

import pytest

from ledger.cli import main
from ledger.context import BuildContext, BuildOptions
from ledger.views.figure_labels import figure_lines
from support import ROOT, copy_project

# argparse's own English (Python 3.11-3.13), none of which may reach the user
ENGLISH = re.compile(r"usage|options|optional arguments|positional arguments|show this help|invalid choice|"
                     r"the following arguments|unrecognized arguments|expected one argument|error:|required",
                     re.I)
HAN = re.compile(r"[\u4e00-\u9fff]")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def commands(capsys) -> list[str]:
    """The subcommands, as the Chinese error for an unknown one lists them."""
    code, _out, err = run(capsys, "没有这个命令")
    assert code == 2
    listed = re.search(r"可选：(.+)", err)
    assert listed, err
    return listed.group(1).split("、")


def test_an_unknown_command_is_named_in_chinese_with_the_choices(capsys):
    code, out, err = run(capsys, "chekc")
    assert code == 2 and out == ""
    assert "错误" in err and "「chekc」" in err and "check、figures" in err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize("argv, words", [
    ((), "缺少必须给出的参数"),
    (("check", "--bogus"), "不认识的参数：--bogus"),
    (("status", "--as-of"), "--as-of 后面应当跟一个值"),
    (("status", "--as-of", "2023-13-01"), "「2023-13-01」不是有效日期"),
])
def test_argument_errors_are_chinese(capsys, argv, words):
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert words in err
    assert err.startswith("用法：")
    assert not ENGLISH.search(err), err


def test_help_of_the_program_and_of_every_command_is_chinese_with_a_description(capsys):
    names = commands(capsys)
    assert {"check", "figures", "status", "schema", "report", "export"} <= set(names)
    code, main_help, _err = run(capsys, "-h")
    assert code == 0
    assert main_help.startswith("用法：python -m ledger") and "显示本帮助并退出" in main_help
    assert not ENGLISH.search(main_help), main_help
    for name in names:
        code, text, _err = run(capsys, name, "-h")
        assert code == 0
        assert not ENGLISH.search(text), (name, text)
        # the description: the line after the usage block is the command's own Chinese sentence,
        # the one the main help lists beside its name
        listed = re.search(rf"^\s+{re.escape(name)}\s+(\S.*)$", main_help, re.M)
        assert listed, (name, main_help)
        paragraphs = text.split("\n\n")
        assert paragraphs[0].startswith(f"用法：python -m ledger {name}")
        assert paragraphs[1].strip() == listed.group(1).strip(), (name, text)


def test_every_figure_has_a_chinese_label():
    figures = BuildContext(ROOT, BuildOptions()).figures
    assert all(HAN.search(figures.label(figure_id)) for figure_id in figures)


def test_figures_prints_chinese_labels_and_the_computed_numbers(capsys):
    code, out, _err = run(capsys, "--data", str(ROOT / "data"), "figures")
    assert code == 0
    figures = BuildContext(ROOT, BuildOptions()).figures
    lines = out.splitlines()
    assert lines == figure_lines(figures)
    assert not re.search(r"[{}\[\]]|\w+_\w+|'", out), "输出里不应有 Python 的字典、列表或英文字段名"
    assert f"问题清单（个）：{figures.problem_count}" in lines
    assert f"整改完成率：{figures.completion_rate}" in lines
    assert f"调研走访地点：{'、'.join(figures.places_visited)}" in lines
    status = lines.index("问题（按整改状态）：")
    for offset, (name, count) in enumerate(figures.problems_by_status.items(), start=1):
        assert lines[status + offset] == f"  {name}：{count}"


def test_export_without_out_writes_next_to_the_records(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--data", str(project / "data"), "--public", "export")
    assert code == 0, err
    written = sorted(p.name for p in (project / "导出").iterdir())
    assert [name for name in written if name.endswith(".docx")] and [n for n in written if n.endswith(".xlsx")]
    assert all(str(project / "导出" / name) in out for name in written)
