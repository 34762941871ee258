"""A roll-up in CI (#25): `rollup fetch` brings each unit's repository from the git server (here: a bare
repository on disk) to the local path the build reads, and a later fetch brings the unit's new merges; a unit
pinned to a tag stays there. The CI files a new roll-up gets call only commands this tool has."""
from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ledger.cli import build_parser
from ledger.context import BuildContext
from ledger.rollup.context import RollupContext
from ledger.rollup.scaffold import CI_FILES, new_rollup
from rollup_support import commit_all, edit, git, make_repo
from support import ROOT

pytestmark = pytest.mark.build


def ledger(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=folder, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture()
def server(tmp_path):
    """Two units' repositories on 'the git server' (bare), and their working copies where units commit."""
    made = {}
    for unit_id, name in (("qu-a", "甲区气象局"), ("qu-b", "乙区气象局")):
        work = make_repo(tmp_path / "work" / unit_id, name=name, as_of="2023-11-28")
        git(work, "tag", "v1")
        bare = tmp_path / "server" / f"{unit_id}.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True)
        git(work, "remote", "add", "origin", str(bare))
        made[unit_id] = (work, bare)
    folder = tmp_path / "rollup"
    new_rollup(folder, name="某市气象局", campaign_from=ROOT / "data")
    (folder / "data" / "rollup.yml").write_text(
        "name: 某市气象局\ntitle: 某市气象局汇总台账\nas_of: 2023-11-30\nunits:\n"
        f"  - id: qu-a\n    name: 甲区气象局\n    repo: repos/qu-a\n    remote: {made['qu-a'][1]}\n"
        f"  - id: qu-b\n    name: 乙区气象局\n    repo: repos/qu-b\n    ref: v1\n    remote: {made['qu-b'][1]}\n",
        encoding="utf-8")
    return made, folder


def _merge(work: Path, problem: str) -> str:
    edit(work / "data" / "problems" / f"{problem}.yml", "status: 整改中", "status: 已完成\ncompleted: 2023-11-26")
    commit = commit_all(work, f"{problem} 完成")
    git(work, "push", "-q", "origin", "main")
    return commit


def test_fetch_clones_then_brings_new_merges_and_a_tag_stays_put(server):
    made, folder = server
    first = ledger(folder, "rollup", "fetch")
    assert first.returncode == 0, first.stderr
    assert "单位「甲区气象局」（qu-a）：已克隆 repos/qu-a" in first.stdout
    with RollupContext(folder) as context:
        before = {u.id: (u.revision.commit, u.figures["problems_done"]) for u in context.units}
    commit_a = _merge(made["qu-a"][0], "P-002")
    _merge(made["qu-b"][0], "P-002")
    second = ledger(folder, "rollup", "fetch")
    assert second.returncode == 0, second.stderr
    assert "单位「甲区气象局」（qu-a）：已更新 repos/qu-a" in second.stdout
    with RollupContext(folder) as context:
        after = {u.id: (u.revision.commit, u.figures["problems_done"]) for u in context.units}
    assert after["qu-a"] == (commit_a, before["qu-a"][1] + 1)   # main moved: the new merge is read
    assert after["qu-b"] == before["qu-b"]                        # pinned to v1: unchanged
    check = ledger(folder, "rollup", "check")
    assert check.returncode == 0 and commit_a[:8] in check.stdout


def test_a_server_that_cannot_be_reached_is_named(server, tmp_path):
    _made, folder = server
    text = (folder / "data" / "rollup.yml").read_text(encoding="utf-8")
    (folder / "data" / "rollup.yml").write_text(text.replace(str(_made["qu-b"][1]), str(tmp_path / "nowhere.git")),
                                                encoding="utf-8")
    result = ledger(folder, "rollup", "fetch")
    assert result.returncode == 1
    assert "单位「乙区气象局」（qu-b）：从" in result.stderr and "取仓库失败" in result.stderr
    assert "1 个单位的仓库没有取到" in result.stderr


def _run_sh_commands(ci_text: str) -> list[list[str]]:
    """Every `./run.sh …` command line in a CI file's scripts (GitLab script lists, GitHub run steps)."""
    found = []
    for line in ci_text.splitlines():
        line = line.strip().lstrip("-").strip()
        if line.startswith("run:"):
            line = line[4:].strip()
        if line.startswith("./run.sh "):
            found.append(shlex.split(line)[1:])
    return found


@pytest.mark.parametrize("name", CI_FILES)
def test_the_roll_ups_ci_files_call_only_this_tools_commands(tmp_path, name):
    folder = tmp_path / "new"
    new_rollup(folder, name="某市气象局", campaign_from=ROOT / "data")
    text = (folder / name).read_text(encoding="utf-8")
    yaml.safe_load(text)  # valid YAML
    commands = _run_sh_commands(text)
    assert ["rollup", "fetch"] in commands and ["rollup", "check"] in commands
    assert ["build", "--public", "-d", "site-public"] in commands
    parser = build_parser()
    for args in commands:
        parsed, _rest = parser.parse_known_args(args)  # an unknown command exits (SystemExit) here
        assert parsed.command == args[0]
    assert (folder / "requirements.txt").read_text(encoding="utf-8").startswith("gongzuo-taizhang==")
    assert (folder / "run.sh").stat().st_mode & 0o111


def test_a_province_fetches_its_cities_and_their_districts(tmp_path):
    """省局 over a 市局's repository on the server, whose own settings name its 区局 on the server: one fetch
    brings all three levels, and the 省局 reads each 区局 where the 市局's settings put it."""
    server = tmp_path / "server"
    districts = {}
    for unit_id, name in (("qu-1", "一区气象局"), ("qu-2", "二区气象局")):
        work = make_repo(tmp_path / "work" / unit_id, name=name, as_of="2023-11-28")
        districts[unit_id] = work
        subprocess.run(["git", "clone", "-q", "--bare", str(work), str(server / f"{unit_id}.git")], check=True)
    city = tmp_path / "work" / "shi-a"
    new_rollup(city, name="甲市气象局", campaign_from=ROOT / "data")
    (city / "data" / "rollup.yml").write_text(
        "name: 甲市气象局\ntitle: 甲市气象局汇总台账\nas_of: 2023-11-30\nunits:\n" + "".join(
            f"  - id: {u}\n    name: {u}\n    repo: units/{u}\n    remote: {server / f'{u}.git'}\n" for u in districts),
        encoding="utf-8")
    git(city, "init", "-q", "-b", "main")
    commit_all(city, "甲市汇总")
    subprocess.run(["git", "clone", "-q", "--bare", str(city), str(server / "shi-a.git")], check=True)
    province = tmp_path / "sheng"
    new_rollup(province, name="某省气象局", campaign_from=ROOT / "data")
    (province / "data" / "rollup.yml").write_text(
        "name: 某省气象局\ntitle: 某省气象局汇总台账\nas_of: 2023-11-30\nunits:\n"
        f"  - id: shi-a\n    name: 甲市气象局\n    repo: repos/shi-a\n    remote: {server / 'shi-a.git'}\n",
        encoding="utf-8")
    result = ledger(province, "rollup", "fetch")
    assert result.returncode == 0, result.stderr
    assert "单位「甲市气象局」（shi-a）：已克隆 repos/shi-a" in result.stdout
    assert "  单位「qu-2」（qu-2）：已克隆 units/qu-2" in result.stdout
    with RollupContext(province) as context:
        (city_read,) = context.units
        assert [leaf.label for leaf in context.leaves()] == ["甲市气象局 / qu-1", "甲市气象局 / qu-2"]
        own = [BuildContext(work).figures for work in districts.values()]
        assert context.totals["problem_count"] == sum(f["problem_count"] for f in own)
        assert city_read.revision.commit == git(city, "rev-parse", "HEAD")
