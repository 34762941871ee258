"""The form editor in the builds: /admin/ in the internal site only, its configuration the one made from the
models, the Decap bundle vendored with its licence; the data files kept in the editor's own formatting."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ledger.editor.decap import EditorSettings, config_yaml
from ledger.views.search_index import read_index
from support import sample_campaign
from support import ROOT, copy_project

EDITOR = ROOT / "editor"
VENDOR = ROOT / "ledger_mkdocs" / "assets" / "admin" / "vendor" / "decap-cms"
pytestmark = pytest.mark.build


def _node_modules() -> None:
    """editor/node_modules as editor/package-lock.json pins it (yaml for format.mjs)."""
    wanted = json.loads((EDITOR / "package.json").read_text())["dependencies"]["decap-cms"]
    installed = EDITOR / "node_modules" / "decap-cms" / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
        assert shutil.which("npm") and shutil.which("node"), "需要 Node.js 和 npm（apt-get install nodejs npm）"
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=EDITOR, check=True, timeout=900)


def _build(project: Path, config: str, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / config),
                           "-d", str(site)], cwd=project, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def _format(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", "format", *args], cwd=project,
                          capture_output=True, text=True, timeout=120)


def test_the_internal_site_has_the_editor_with_its_vendored_bundle(built_site):
    admin = built_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="vendor/decap-cms/decap-cms.js"></script>' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from another host
    assert (admin / "config.yml").read_text(encoding="utf-8") == config_yaml(EditorSettings(), sample_campaign())
    assert yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))["locale"] == "zh_Hans"
    vendor = admin / "vendor" / "decap-cms"
    assert {p.name for p in vendor.iterdir()} == {p.name for p in VENDOR.iterdir()}
    assert "MIT License" in (vendor / "LICENSE").read_text(encoding="utf-8")
    version = json.loads((EDITOR / "package.json").read_text())["dependencies"]["decap-cms"]
    assert f"decap-cms {version}" in (vendor / "VERSION.txt").read_text(encoding="utf-8")
    assert sum(p.stat().st_size for p in vendor.iterdir()) < 7_000_000
    # the editor is no page of the site: not in the search index
    locations = [doc["location"] for doc in read_index(built_site)]
    assert any(loc.startswith("problems/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith("admin")]


def test_the_public_build_and_the_offline_bundle_have_no_editor(tmp_path):
    project = copy_project(tmp_path / "project")
    for config in ("mkdocs.public.yml", "mkdocs.offline.yml"):
        site = tmp_path / config
        done = _build(project, config, site)
        assert done.returncode == 0, done.stderr
        assert (site / "index.html").is_file()
        assert not (site / "admin").exists(), config
        assert not list(site.rglob("decap-cms*")), config


def test_team_settings_missing_a_value_stop_the_build_in_chinese(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      backend: local\n", "      backend: gitlab\n"),
                      encoding="utf-8")
    done = _build(project, "mkdocs.yml", tmp_path / "site")
    assert done.returncode != 0
    assert "editor.backend 为 gitlab 时须写 editor.repo" in done.stdout + done.stderr


def test_the_data_files_are_in_the_editors_formatting():
    """So that a save in the editor changes the edited record's lines only (tests/browser/test_editor.py)."""
    _node_modules()
    done = _format(ROOT, "--check")
    assert (done.returncode, done.stdout) == (0, ""), f"请运行 ./run.sh format：{done.stdout}{done.stderr}"


def test_format_rewrites_a_hand_edited_file_as_the_editor_would(tmp_path):
    _node_modules()
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    path = project / "data" / "problems" / "P-002.yml"
    written = path.read_text(encoding="utf-8")
    hand = re.sub(r"  - date: (\S+)\n    text: ([^\n]+)\n", r"  - {date: \1, text: \2}\n", written)
    hand = hand.replace("status: 整改中\n", "status: 整改中   # 手写的注释\n")
    assert hand != written
    path.write_text(hand, encoding="utf-8")
    check = _format(project, "--check")
    assert (check.returncode, check.stdout.split()) == (1, ["data/problems/P-002.yml"])
    assert path.read_text(encoding="utf-8") == hand  # --check changes nothing
    done = _format(project)
    assert done.returncode == 0
    assert path.read_text(encoding="utf-8") == written
