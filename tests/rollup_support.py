"""Unit ledgers for roll-up tests: the sample's records, renamed and dated, in folders or git repositories made here."""
from __future__ import annotations

import importlib.util
import os
import subprocess
from html.parser import HTMLParser
from pathlib import Path

from support import ROOT

_spec = importlib.util.spec_from_file_location("rollup_demo", ROOT / "tools" / "rollup_demo.py")
rollup_demo = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rollup_demo)
make_unit = rollup_demo.make_unit
set_setting = rollup_demo.set_setting

_GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "测试",
            "GIT_COMMITTER_EMAIL": "t@example.invalid", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str, date: str = "2023-11-20T10:00:00+08:00") -> str:
    env = dict(os.environ, **_GIT_ENV, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


def commit_all(repo: Path, message: str, date: str = "2023-11-20T10:00:00+08:00") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def make_repo(dest: Path, *, name: str, as_of: str, drop_problems=(), pin: str | None = None) -> Path:
    """A unit's git repository (branch main) with one commit: the sample renamed and dated."""
    make_unit(dest, name=name, as_of=as_of, drop_problems=drop_problems)
    if pin:
        (dest / "requirements.txt").write_text(f"mkdocs==1.6.1\nledger=={pin}\n", encoding="utf-8")
    git(dest, "init", "-q", "-b", "main")
    commit_all(dest, f"{name}的台账")
    return dest


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class _Tables(HTMLParser):
    """Every table of a page's article as rows of cell texts (header row first)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html_file: Path) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html_file.read_text(encoding="utf-8"))
    return parser.tables


def table_as_dicts(table: list[list[str]]) -> dict[str, dict[str, str]]:
    """{first cell of a row: {header: cell}} for a table whose first row is its header."""
    header, *rows = table
    return {row[0]: dict(zip(header, row)) for row in rows}


def table_rows(table: list[list[str]]) -> list[dict[str, str]]:
    """Every row of a table as {header: cell}."""
    header, *rows = table
    return [dict(zip(header, row)) for row in rows]
