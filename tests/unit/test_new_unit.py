"""`python -m ledger new` and `upgrade` from this checkout (the installed wheel: tests/package/), and the form
editor's local backend answering Decap's protocol."""
from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from ledger.editor import local_backend
from ledger.records import registry
from ledger.records.load import load_ledger
from ledger.unit import FILES, STAMP, example_names, generated_files, version
from support import ROOT, free_port


def ledger_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledger", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture(scope="module")
def unit(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("new")
    done = ledger_cli("new", "县局台账", "--unit", "某县自然资源局", cwd=where)
    assert done.returncode == 0, done.stderr
    assert "已新建台账" in done.stdout and "./run.sh serve" in done.stdout
    return where / "县局台账"


def test_new_makes_a_unit_with_empty_records_and_settings_to_fill_in(unit):
    ledger = load_ledger(unit / "data")
    assert ledger.record_count == 0
    assert ledger.settings.unit == "某县自然资源局" and ledger.settings.reports_sent == []
    assert (unit / "data" / "campaign.yml").read_bytes() == (ROOT / "data" / "campaign.yml").read_bytes()
    assert ledger.campaign == load_ledger(ROOT / "data").campaign
    for kind in registry.folder_kinds():
        assert [p.name for p in (unit / "data" / kind.folder).iterdir()] == [".gitkeep"]
    assert sorted(p.name for p in (unit / "docs").glob("*.md")) == sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert (unit / "templates" / "report.yml").read_bytes() == (ROOT / "templates" / "report.yml").read_bytes()
    assert [p.name for p in (unit / "docs" / "evidence").iterdir()] == [".gitkeep"]  # the sample's evidence stays
    assert (unit / ".git").is_dir()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=unit, capture_output=True, text=True).returncode == 0


def test_new_writes_the_generated_files_and_one_pinned_line(unit):
    for relative in (".gitlab-ci.yml", ".github/workflows/ledger.yml", ".gitignore", "run.sh", "macros.py",
                     "mkdocs.public.yml", "mkdocs.offline.yml", ".vscode/settings.json"):
        assert (unit / relative).read_bytes() == (FILES / relative).read_bytes(), relative
    assert (unit / "run.sh").stat().st_mode & 0o111
    pinned = [line for line in (unit / "requirements.txt").read_text(encoding="utf-8").splitlines()
              if line and not line.startswith("#")]
    assert pinned == [f"gongzuo-taizhang=={version()}"]
    assert (unit / STAMP).read_text(encoding="utf-8").splitlines()[-1] == version()
    schema = json.loads((unit / "schemas" / "study.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "schemas" / "study.schema.json").read_text(encoding="utf-8"))


def test_a_new_unit_passes_check(unit):
    done = ledger_cli("check", cwd=unit)
    assert done.returncode == 0 and "共 0 条记录" in done.stdout, done.stderr


@pytest.mark.parametrize("args, said", [
    (["new", "occupied"], "已经存在且不是空文件夹"),
    (["new", "fresh", "--from", "没有这个示例"], "没有名为「没有这个示例」的示例"),
    (["new", "a-file.txt"], "已经存在且不是空文件"),
])
def test_new_refuses_wrong_use_in_chinese_and_writes_nothing(tmp_path, args, said):
    (tmp_path / "occupied").mkdir()
    (tmp_path / "occupied" / "笔记.txt").write_text("别动", encoding="utf-8")
    (tmp_path / "a-file.txt").write_text("文件", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    done = ledger_cli(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert said in done.stderr and done.stderr.startswith("没有新建台账：")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
    if "--from" in args:
        for name in example_names():
            assert name in done.stderr  # the examples one may choose


def test_new_into_an_empty_folder_is_allowed(tmp_path):
    (tmp_path / "empty").mkdir()
    done = ledger_cli("new", "empty", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]  # no partial folder left beside it


OLD_RUN_SH = """#!/usr/bin/env bash
# an older tool's wrapper
set -euo pipefail
cd "$(dirname "$0")"
exec .venv/bin/python -m ledger "$@"
"""


def test_upgrade_shows_each_change_first_and_writes_only_when_asked(tmp_path):
    assert ledger_cli("new", "unit", cwd=tmp_path).returncode == 0
    unit = tmp_path / "unit"
    (unit / "run.sh").write_text(OLD_RUN_SH, encoding="utf-8")
    gitlab = unit / ".gitlab-ci.yml"
    gitlab.write_text(gitlab.read_text(encoding="utf-8").replace("./run.sh ci-diff", "bash .ci/ledger-diff"),
                      encoding="utf-8")
    (unit / "schemas" / "plan.schema.json").unlink()
    (unit / STAMP).write_text("0.1.0\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in unit.rglob("*") if p.is_file() and ".git" not in p.parts}

    shown = ledger_cli("upgrade", cwd=unit)
    assert shown.returncode == 0, shown.stderr
    assert "修改 run.sh" in shown.stdout and "-exec .venv/bin/python -m ledger \"$@\"" in shown.stdout
    assert "-    - bash .ci/ledger-diff" in shown.stdout and "+    - ./run.sh ci-diff" in shown.stdout
    assert "新增 schemas/plan.schema.json" in shown.stdout and f"+{version()}" in shown.stdout
    assert "没有写入任何文件" in shown.stdout
    assert {p: p.read_bytes() for p in unit.rglob("*") if p.is_file() and ".git" not in p.parts} == before

    applied = ledger_cli("upgrade", "--apply", cwd=unit)
    assert applied.returncode == 0 and applied.stdout.count("已写入") == 4, applied.stdout
    for relative, content in generated_files(unit / "data").items():
        assert (unit / relative).read_bytes() == content, relative
    assert (unit / "run.sh").stat().st_mode & 0o111
    assert "没有要改的" in ledger_cli("upgrade", cwd=unit).stdout
    # the unit's own files are not the tool's: untouched
    for relative in ("mkdocs.yml", "data/settings.yml", "templates/report.yml", "requirements.txt"):
        assert (unit / relative).read_bytes() == before[unit / relative]


# The guide `new` copied into a unit at 0.2.0 (gzipped: as a text file git would take it for docs/guide.md renamed,
# and apply later changes of that file to it when merging)
OLD_GUIDE = gzip.decompress((ROOT / "tests" / "fixtures" / "guide-0.2.0.md.gz").read_bytes())


def test_a_new_unit_holds_no_copy_of_the_guide(unit):
    """The editors' guide is the tool's page (ledger/guide/), served by the site adapter: not in the unit."""
    assert not (unit / "docs" / "guide.md").exists()
    assert "编辑指南: guide.md" in (unit / "mkdocs.yml").read_text(encoding="utf-8")  # the nav still lists it
    assert "没有要改的" in ledger_cli("upgrade", cwd=unit).stdout


@pytest.mark.parametrize("line_end", ["\n", "\r\n"])  # as committed; as a Windows checkout writes it
def test_upgrade_offers_to_remove_the_old_copied_guide_and_removes_it_only_when_asked(tmp_path, line_end):
    assert ledger_cli("new", "unit", cwd=tmp_path).returncode == 0
    unit = tmp_path / "unit"
    guide = unit / "docs" / "guide.md"
    copied = OLD_GUIDE.replace(b"\n", line_end.encode())
    guide.write_bytes(copied)
    shown = ledger_cli("upgrade", cwd=unit)
    assert shown.returncode == 0, shown.stderr
    assert "删除 docs/guide.md（工具以前复制进来的编辑指南，没有改过" in shown.stdout
    assert "--- a/docs/guide.md" in shown.stdout and "+++ /dev/null" in shown.stdout
    assert "-# 编辑指南" in shown.stdout  # the change shown line by line, first
    assert "没有写入任何文件" in shown.stdout and guide.read_bytes() == copied
    applied = ledger_cli("upgrade", "--apply", cwd=unit)
    assert applied.returncode == 0 and f"已删除 {guide}" in applied.stdout, applied.stdout
    assert not guide.exists()
    assert "没有要改的" in ledger_cli("upgrade", cwd=unit).stdout


def test_upgrade_leaves_a_guide_the_unit_changed_and_says_what_to_do(tmp_path):
    assert ledger_cli("new", "unit", cwd=tmp_path).returncode == 0
    unit = tmp_path / "unit"
    guide = unit / "docs" / "guide.md"
    own = OLD_GUIDE.decode("utf-8") + "\n## 本局的编号规则\n\n问题编号按年度连续编写。\n"
    guide.write_text(own, encoding="utf-8")
    for args in (["upgrade"], ["upgrade", "--apply"]):
        done = ledger_cli(*args, cwd=unit)
        assert done.returncode == 0, done.stderr
        assert "注意：docs/guide.md 是本单位改过的编辑指南，upgrade 不删它" in done.stdout
        assert "删除 docs/guide.md" not in done.stdout
        assert guide.read_text(encoding="utf-8") == own


def test_upgrade_outside_a_ledger_says_so(tmp_path):
    done = ledger_cli("upgrade", cwd=tmp_path)
    assert done.returncode == 2 and "不是台账仓库" in done.stderr


# ---- the form editor's local backend ----
@pytest.fixture
def backend(tmp_path):
    (tmp_path / "data" / "problems").mkdir(parents=True)
    (tmp_path / "data" / "problems" / "P-001.yml").write_text("id: P-001\n", encoding="utf-8")
    (tmp_path / "data" / "study.yml").write_text("activities: []\n", encoding="utf-8")
    port = free_port()
    server = local_backend.start(tmp_path, port)
    yield tmp_path, f"http://127.0.0.1:{port}/api/v1"
    server.shutdown()
    server.server_close()


def call(url: str, action: str, params: dict | None = None, origin: str = "http://127.0.0.1:8000"):
    request = urllib.request.Request(url, data=json.dumps({"action": action, "params": params or {}}).encode(),
                                     headers={"Content-Type": "application/json", "Origin": origin}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read()), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read()), exc.headers


def test_the_local_backend_lists_reads_and_writes_records_as_decap_server_does(backend):
    root, url = backend
    status, info, headers = call(url, "info")
    assert (status, info) == (200, {"repo": root.name, "publish_modes": ["simple"], "type": "local_fs"})
    assert headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8000"
    status, entries, _ = call(url, "entriesByFolder", {"folder": "data/problems", "extension": "yml", "depth": 1})
    assert [(e["file"]["path"], e["data"]) for e in entries] == [("data/problems/P-001.yml", "id: P-001\n")]
    assert len(entries[0]["file"]["id"]) == 64
    status, entry, _ = call(url, "getEntry", {"path": "data/study.yml"})
    assert entry["data"] == "activities: []\n"
    status, _, _ = call(url, "entriesByFiles", {"files": [{"path": "data/none.yml", "label": "x"}]})
    assert status == 200
    new = {"path": "data/problems/p-002.yml", "raw": "id: P-002\ndescription: 新问题\n"}
    status, said, _ = call(url, "persistEntry", {"entry": new, "assets": [], "options": {}})
    assert (status, said) == (200, {"message": "entry persisted"})
    assert (root / "data" / "problems" / "p-002.yml").read_text(encoding="utf-8") == new["raw"]
    picture = base64.b64encode(b"%PDF-1.4 evidence").decode()
    status, media, _ = call(url, "persistMedia", {"asset": {"path": "docs/evidence/a.pdf", "content": picture,
                                                            "encoding": "base64"}})
    assert status == 200 and media["name"] == "a.pdf" and media["content"] == picture
    status, listed, _ = call(url, "getMedia", {"mediaFolder": "docs/evidence"})
    assert [m["path"] for m in listed] == ["docs/evidence/a.pdf"]
    call(url, "deleteFile", {"path": "docs/evidence/a.pdf"})
    assert not (root / "docs" / "evidence" / "a.pdf").exists()


def test_the_local_backend_refuses_paths_outside_the_project_and_other_origins(backend):
    root, url = backend
    outside = {"path": "../escaped.yml", "raw": "x"}
    status, _, _ = call(url, "persistEntry", {"entry": outside, "assets": []})
    assert status == 422 and not (root.parent / "escaped.yml").exists()
    status, _, _ = call(url, "persistEntry", {"entry": {"path": ".git/config", "raw": "x"}, "assets": []})
    assert status == 422 and not (root / ".git").exists()
    status, _, _ = call(url, "info", origin="http://evil.example")
    assert status == 403
    status, said, _ = call(url, "noSuchAction")
    assert status == 422 and said == {"error": "Unknown action noSuchAction"}


def test_new_rollup_makes_a_roll_up_ledger_with_the_examples_campaign(tmp_path):
    done = ledger_cli("new", "市局汇总", "--rollup", "--unit", "某市局", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "市局汇总"
    assert yaml.safe_load((folder / "data" / "rollup.yml").read_text(encoding="utf-8"))["name"] == "某市局"
    assert (folder / "data" / "campaign.yml").read_bytes() == (ROOT / "data" / "campaign.yml").read_bytes()
    assert "ledger-rollup" in (folder / "mkdocs.yml").read_text(encoding="utf-8")
    refused = ledger_cli("new", "另一个", "--rollup", cwd=tmp_path)
    assert refused.returncode == 2 and "--unit" in refused.stderr and not (tmp_path / "另一个").exists()
