"""The editor hints as VS Code's YAML extension shows them: its language server, run on the data files.

yaml-language-server (pinned in tests/editor/package.json, installed with `npm ci` on first use) finds
each file's schema through the file's own first line, exactly as the extension does, and here it
completes, explains and underlines what an editor types.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from support import ROOT, node_tools


@pytest.fixture(scope="module")
def language_server() -> Path:
    return node_tools("yaml-language-server") / "probe.mjs"


@pytest.fixture
def workspace(tmp_path) -> Path:
    """data/ and schemas/ side by side, as in the project."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    return tmp_path


def _ask(probe: Path, mode: str, *args) -> object:
    done = subprocess.run(["node", str(probe), mode, *map(str, args)], capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout)


def _line_of(file: Path, text: str) -> int:
    return next(n for n, line in enumerate(file.read_text(encoding="utf-8").split("\n"), 1) if text in line)


def test_the_sample_records_show_no_warning(language_server, workspace):
    files = sorted((workspace / "data").rglob("*.yml"))
    assert len(files) >= 14  # settings, six shared files, eight problems
    assert _ask(language_server, "validate", *files) == {str(f): [] for f in files}


def test_mistakes_are_underlined_while_typing_with_chinese_messages(language_server, workspace):
    path = workspace / "data" / "problems" / "P-002.yml"
    text = path.read_text(encoding="utf-8")
    for old, new in [("status: 整改中", "status: 完成"), ("found: 2023-09-28", "found: 2023.9.28"),
                     ("id: P-002", "id: P 002"), ("department: 气象台\n", "departmnt: 气象台\n")]:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    shown = {(d["line"], d["message"]) for d in _ask(language_server, "validate", path)[str(path)]}
    assert (_line_of(path, "status: 完成"), "应为：未开始、整改中、已完成、「阶段性完成、长期坚持」") in shown
    assert (_line_of(path, "found: 2023.9.28"), "日期应写成 2023-09-15 这种格式（年-月-日，月和日都写两位数）") in shown
    assert (_line_of(path, "id: P 002"), "编号只能用英文字母、数字、“-”和“_”，以字母或数字开头，如 P-009") in shown
    assert any(line == _line_of(path, "departmnt:") and "departmnt" in message for line, message in shown)
    assert len(shown) == 5  # the four above, and the now missing `department`


def test_allowed_values_and_new_records_are_offered(language_server, workspace):
    path = workspace / "data" / "problems" / "P-002.yml"
    line = _line_of(path, "status: 整改中")
    assert _ask(language_server, "complete", path, line, len("status: ") + 1) == [
        "未开始", "整改中", "已完成", "阶段性完成、长期坚持"]
    study = workspace / "data" / "study.yml"
    study.write_text(study.read_text(encoding="utf-8").replace("\nbooks:", "\n  - \nbooks:", 1), encoding="utf-8")
    assert "新的学习活动" in _ask(language_server, "complete", study, _line_of(study, "books:") - 1, 5)


def test_hovering_a_field_shows_its_chinese_name(language_server, workspace):
    path = workspace / "data" / "problems" / "P-002.yml"
    hover = _ask(language_server, "hover", path, _line_of(path, "measures:"), 3)
    assert hover.startswith("#### 整改措施")
