"""`python -m ledger diff` in a roll-up's folder (#25): which unit's figures and records changed, and the totals.

Two unit repositories made here; 甲区 completes P-002 in a second commit (tagged v1 before it). Asked for
one unit's two revisions (--unit), or for two revisions of the roll-up's own repository (a merge request
that moves 甲区 from v1 to main), the diff names 甲区 alone, its figures old → new as its own ledgers
compute them, the record's fields, and the totals that change; an unknown unit is refused in Chinese.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ledger.context import BuildContext
from ledger.rollup.scaffold import new_rollup
from ledger.views.measures import add_up
from rollup_support import commit_all, edit, git, make_repo
from support import ROOT

pytestmark = pytest.mark.build


def rollup_yml(ref_a: str) -> str:
    return ("name: 某市气象局\ntitle: 某市气象局汇总台账\nas_of: 2023-11-30\nunits:\n"
            f"  - id: qu-a\n    name: 甲区气象局\n    repo: ../qu-a\n    ref: {ref_a}\n"
            "  - id: qu-b\n    name: 乙区气象局\n    repo: ../qu-b\n")


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff")
    qu_a = make_repo(root / "qu-a", name="甲区气象局", as_of="2023-11-28")
    make_repo(root / "qu-b", name="乙区气象局", as_of="2023-11-27")
    git(qu_a, "tag", "v1")
    before = BuildContext(qu_a).figures
    edit(qu_a / "data" / "problems" / "P-002.yml", "status: 整改中", "status: 已完成\ncompleted: 2023-11-25")
    commit_all(qu_a, "P-002 整改完成")
    after = BuildContext(qu_a).figures
    folder = root / "rollup"
    new_rollup(folder, name="某市气象局", campaign_from=ROOT / "data")
    (folder / "data" / "rollup.yml").write_text(rollup_yml("v1"), encoding="utf-8")
    git(folder, "init", "-q", "-b", "main")
    commit_all(folder, "汇总：甲区读 v1")
    (folder / "data" / "rollup.yml").write_text(rollup_yml("main"), encoding="utf-8")
    commit_all(folder, "汇总：甲区读 main")
    return root, folder, before, after


def ledger_diff(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", "diff", *args], cwd=folder, capture_output=True,
                          text=True, timeout=300)


def _says_the_change(out: str, before, after) -> None:
    assert "变化的单位：甲区气象局\n" in out
    assert "乙区气象局（" not in out  # 乙区 did not change: not listed
    for figure_id in ("problems_done", "completion_rate"):
        line = f"  {after.caption(figure_id)}：{before[figure_id]} → {after[figure_id]}"
        assert line in out.split("甲区气象局（有变化")[1], figure_id
    assert "改动 问题 P-002" in out and "整改状态（status）：整改中 → 已完成" in out


def test_one_units_two_revisions(setup):
    root, folder, before, after = setup
    result = ledger_diff(folder, "--unit", "qu-a", "v1", "main", "--format", "text")
    assert result.returncode == 0, result.stderr
    _says_the_change(result.stdout, before, after)
    # the totals: both units' own figures added up by rule, before and after
    other = BuildContext(root / "qu-b").figures
    old, new = add_up(before.campaign, [before, other]), add_up(before.campaign, [after, other])
    totals = result.stdout.split("合计的变化：")[1].split("甲区气象局（")[0]
    assert f"{after.caption('completion_rate')}：{old['completion_rate']} → {new['completion_rate']}" in totals


def test_two_revisions_of_the_roll_up_itself(setup):
    _root, folder, before, after = setup
    result = ledger_diff(folder, "HEAD~1", "HEAD", "--format", "text")
    assert result.returncode == 0, result.stderr
    _says_the_change(result.stdout, before, after)
    markdown = ledger_diff(folder, "HEAD~1", "HEAD").stdout
    assert markdown.startswith("## 汇总台账变化：") and "### 甲区气象局：有变化" in markdown


def test_no_change_says_so(setup):
    _root, folder, _before, _after = setup
    result = ledger_diff(folder, "HEAD", ".", "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "各单位的数字和记录都没有变化。" in result.stdout


def test_an_unknown_unit_is_refused_in_chinese(setup):
    _root, folder, _before, _after = setup
    result = ledger_diff(folder, "--unit", "qu-x", "v1")
    assert result.returncode == 2
    assert "没有编号为「qu-x」的单位（有：qu-a、qu-b）" in result.stderr
    result = ledger_diff(folder, "--unit", "qu-a", "v9")
    assert result.returncode == 2 and "单位「甲区气象局」（qu-a）" in result.stderr and "没有分支或标签「v9」" in result.stderr
