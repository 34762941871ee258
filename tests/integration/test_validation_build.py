"""One check, three doors, for real: the command and the site build refuse bad records with the same
report, and a refused build leaves the site folder exactly as it was."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import copy_project, run_build

pytestmark = pytest.mark.build


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _break(project: Path) -> None:
    """Three mistakes in three files: a YAML one, a value, a dangling reference."""
    settings = project / "data" / "settings.yml"
    settings.write_bytes(settings.read_text(encoding="utf-8").encode("gbk"))
    problems = project / "data" / "problems" / "P-002.yml"
    problems.write_text(problems.read_text(encoding="utf-8").replace("status: 整改中", "status: 完成", 1),
                        encoding="utf-8")
    institutions = project / "data" / "institutions.yml"
    institutions.write_text(institutions.read_text(encoding="utf-8").replace("      - P-005\n", "      - P-099\n"),
                            encoding="utf-8")


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", "check"], cwd=project, capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def test_a_refused_build_reports_what_check_reports_and_leaves_the_older_site_untouched(tmp_path, built_site):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)  # the site as last published
    before = _snapshot(site)
    project = copy_project(tmp_path / "project")
    _break(project)

    checked = _check(project)
    assert checked.returncode == 1
    report = checked.stderr.strip().splitlines()
    assert report[0] == "记录检查未通过：共 3 处错误", checked.stderr
    assert [line.split()[0] for line in report[1:]] == [
        "data/institutions.yml:32:9", "data/problems/P-002.yml:11:1", "data/settings.yml:2"]

    built = run_build(project, site)
    assert built.returncode != 0
    for line in report:
        assert line in built.stderr, f"构建输出里缺少：{line}\n{built.stderr}"
    assert _snapshot(site) == before, "构建失败后网站文件夹被改动了"


def test_a_refused_build_into_a_new_folder_writes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    _break(project)
    site = tmp_path / "site"
    assert run_build(project, site).returncode != 0
    assert not site.exists() or not any(site.iterdir())


def test_check_passes_on_the_sample_data(root):
    checked = _check(root)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("记录检查通过")
