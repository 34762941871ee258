"""The tool as a unit gets it: the wheel built from this repository, installed into a fresh virtual environment
outside the repository (its dependencies from the package index, through pip's cache), then used from there:
`new` makes a unit that checks, builds, previews with zeros and takes its first records (by YAML and through the
form editor's local backend) onto its pages, its report and its Excel; the examples the wheel carries build; a
stylesheet rule changed inside the package reaches a unit's site after a reinstall (the boundary); the unit's own
./run.sh installs the pinned wheel and runs its test.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ledger.unit.layout import EXAMPLE_PARTS
from support import ROOT, free_port, article_text, wait_for_text

pytestmark = [pytest.mark.package, pytest.mark.build]
DIST = "gongzuo_taizhang"
# What a wheel build copies from the repository (a copy keeps this checkout's own build/ and egg-info untouched)
SOURCE = ("setup.py", "pyproject.toml", "requirements.txt", "README.md", "ledger", "ledger_mkdocs", *EXAMPLE_PARTS)
BOUNDARY_RULE = ".ledger-boundary-check { outline: 3px dotted teal; }"
BOUNDARY_GUIDE = "本句由边界测试加进工具包的编辑指南。"


def run(args, cwd: Path, timeout: float = 900, env: dict | None = None, check: bool = True):
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    if check:
        assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(source_root: Path, out: Path) -> Path:
    """The wheel of a copy of the tool's source (pip wheel, as anyone would build it)."""
    copy = out / "source"
    for name in SOURCE:
        path = source_root / name
        if path.is_dir():
            shutil.copytree(path, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"))
        else:
            copy.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy / name)
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", out / "dist", copy], cwd=out)
    (wheel,) = (out / "dist").glob(f"{DIST}-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(ROOT, tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh virtual environment outside the repository with the wheel and its pinned dependencies."""
    where = tmp_path_factory.mktemp("venv") / "venv"
    run([sys.executable, "-m", "venv", where], cwd=where.parent)
    python = where / "bin" / "python"
    run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel], cwd=where.parent,
        timeout=1800)
    return python


@pytest.fixture(scope="module")
def unit(tmp_path_factory, venv, wheel) -> Path:
    where = tmp_path_factory.mktemp("units")
    run([venv, "-m", "ledger", "new", "unit", "--unit", "某县自然资源局", "--pin", wheel], cwd=where)
    return where / "unit"


def test_the_wheel_carries_the_tool_the_sample_and_the_unit_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("ledger_mkdocs/theme/main.html", "ledger_mkdocs/theme/404.html",
                 "ledger_mkdocs/assets/stylesheets/ledger.css", "ledger_mkdocs/assets/javascripts/tablesort-init.js",
                 "ledger_mkdocs/assets/vendor/iframe-worker/shim.js",
                 "ledger_mkdocs/assets/admin/vendor/decap-cms/decap-cms.js",
                 "ledger_mkdocs/scripts/deploy.sh", "ledger_mkdocs/scripts/bundle.sh",
                 "ledger_mkdocs/scripts/ledger-diff.sh", "ledger_mkdocs/scripts/nginx/ledger.conf",
                 "ledger/editor/yamlformat.py", "ledger/exports/templates/gongwen.docx",
                 "ledger_mkdocs/rollup_assets/rollup.css", "ledger_mkdocs/rollup_assets/rollup-filter.js",
                 "ledger/unit/files/run.sh", "ledger/unit/files/.gitlab-ci.yml", "ledger/unit/files/.gitignore",
                 "ledger/unit/files/.github/workflows/ledger.yml", "ledger/unit/files/.vscode/settings.json",
                 "ledger/unit/files/mkdocs.public.yml", "ledger/unit/files/macros.py",
                 "ledger/guide/__init__.py", "ledger/guide/guide.md", "ledger/unit/retired.py"):
        assert name in names, name
    # the sample: every file of its parts in the repository, under ledger/examples/sample/, none missing or extra
    repo = {p.relative_to(ROOT).as_posix() for part in EXAMPLE_PARTS for p in
            ([ROOT / part] if (ROOT / part).is_file() else (ROOT / part).rglob("*")) if p.is_file()}
    shipped = {n.removeprefix("ledger/examples/sample/") for n in names if n.startswith("ledger/examples/sample/")}
    assert shipped == repo
    with zipfile.ZipFile(wheel) as zf:
        assert zf.read("ledger/examples/sample/data/campaign.yml") == (ROOT / "data" / "campaign.yml").read_bytes()
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    pinned = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if line and line[0] != "#"]
    assert sorted(re.findall(r"^Requires-Dist: (.+)$", metadata, re.M)) == sorted(pinned)
    # every other example folder in the repository ships too
    for folder in (ROOT / "ledger" / "examples").glob("*/"):
        assert f"ledger/examples/{folder.name}/mkdocs.yml" in names


def test_the_installed_tool_runs_from_outside_the_repository(venv):
    where = run([venv, "-c", "import ledger, ledger_mkdocs; print(ledger.__file__, ledger_mkdocs.__file__)"],
                cwd=venv.parent).stdout
    assert str(ROOT) not in where and "site-packages" in where
    assert run([venv, "-m", "ledger", "version"], cwd=venv.parent).stdout.startswith("gongzuo-taizhang ")


def test_a_new_unit_checks_and_builds_an_empty_site_with_zeros(unit, venv, tmp_path):
    assert "共 0 条记录" in run([venv, "-m", "ledger", "check"], cwd=unit).stdout
    run([venv, "-m", "ledger", "build", "-d", tmp_path / "site"], cwd=unit)
    home = article_text(tmp_path / "site" / "index.html")
    assert "0问题清单（个）" in home and "0%整改完成率" in home
    assert "记录有错误" not in home
    problems = article_text(tmp_path / "site" / "problems" / "index.html")
    assert "梳理形成问题清单0个" in problems.replace(" ", "")
    assert "某县自然资源局" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "downloads").is_dir() and list((tmp_path / "site" / "downloads").glob("*.xlsx"))


def test_examples_the_wheel_carries_build_strictly(venv, tmp_path):
    site_packages = Path(run([venv, "-c", "import ledger; print(ledger.__file__)"], cwd=tmp_path).stdout.strip()).parent
    examples = sorted(p.name for p in (site_packages / "examples").iterdir() if p.is_dir())
    assert "sample" in examples
    for name in examples:
        project = tmp_path / name
        shutil.copytree(site_packages / "examples" / name, project)
        run([venv, "-m", "ledger", "upgrade", "--apply"], cwd=project)  # its generated files (public config …)
        done = run([venv, "-m", "ledger", "test"], cwd=project)
        assert "全部通过" in done.stdout, name
        made = tmp_path / f"new-{name}"
        run([venv, "-m", "ledger", "new", made, "--from", name], cwd=tmp_path)
        assert "全部通过" in run([venv, "-m", "ledger", "test"], cwd=made).stdout, name


ACTIVITY = """  - id: DK-01
    type: {type}
    title: 第一次专题党课
    date: {date}
"""
PROBLEM = """# yaml-language-server: $schema=../../schemas/problems.schema.json
id: P-001
description: 第一个问题：台账更新不及时
source: {source}
measures: 每周更新一次台账
leader: 党组书记
department: 办公室
found: {date}
deadline: 2099-12-31
status: 未开始
"""


def _first_words(unit: Path, list_name: str) -> str:
    import yaml
    campaign = yaml.safe_load((unit / "data" / "campaign.yml").read_text(encoding="utf-8"))
    choice = campaign["choices"][list_name][0]
    return choice["value"] if isinstance(choice, dict) else choice


def test_first_records_by_yaml_and_by_the_form_editor_appear_everywhere(unit, venv, tmp_path):
    import yaml
    settings = yaml.safe_load((unit / "data" / "settings.yml").read_text(encoding="utf-8"))
    day = str(settings["period_start"])
    study = unit / "data" / "study.yml"
    activity_type = _first_words(unit, "activity_types")
    study.write_text(study.read_text(encoding="utf-8").replace(
        "activities: []\n", "activities:\n" + ACTIVITY.format(type=activity_type, date=day)), encoding="utf-8")

    port, site_port = free_port(), free_port()
    config = unit / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      backend: local\n", f"      backend: local\n      local_port: {port}\n"), encoding="utf-8")
    edit = subprocess.Popen([venv, "-m", "ledger", "edit", "--dev-addr", f"127.0.0.1:{site_port}"], cwd=unit,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{site_port}/"
        wait_for_text(url + "study/", "第一次专题党课", 300)
        admin = wait_for_text(url + "admin/config.yml", "proxy_url", 60)  # local mode: Decap talks to the backend
        assert f"http://127.0.0.1:{port}/api/v1" in admin
        # the form editor's save of a new problem, as Decap sends it to the local backend
        body = json.dumps({"action": "persistEntry", "params": {
            "entry": {"path": "data/problems/p-001.yml",
                      "raw": PROBLEM.format(source=_first_words(unit, "problem_sources"), date=day)},
            "assets": [], "options": {}}}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1", data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Origin": url.rstrip("/")})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.loads(response.read()) == {"message": "entry persisted"}
        shown = wait_for_text(url + "problems/", "梳理形成问题清单1个", 300)
        assert "第一个问题" in shown or "P-001" in shown
    finally:
        os.killpg(edit.pid, 2)
        edit.wait(timeout=60)

    assert "共 2 条记录" in run([venv, "-m", "ledger", "check"], cwd=unit).stdout
    run([venv, "-m", "ledger", "build", "-d", tmp_path / "site"], cwd=unit)
    assert "第一次专题党课" in article_text(tmp_path / "site" / "study" / "index.html")
    assert "第一个问题：台账更新不及时" in article_text(tmp_path / "site" / "problems" / "P-001" / "index.html")
    report = run([venv, "-m", "ledger", "report"], cwd=unit).stdout
    assert "问题清单1个" in report
    run([venv, "-m", "ledger", "export", "--out", tmp_path / "export"], cwd=unit)
    (xlsx,) = (tmp_path / "export").glob("*.xlsx")
    cells = {str(cell.value) for sheet in openpyxl.load_workbook(xlsx).worksheets for row in sheet.iter_rows()
             for cell in row if cell.value is not None}
    assert "第一个问题：台账更新不及时" in cells and "第一次专题党课" in cells
    assert list((tmp_path / "export").glob("*.docx"))


def test_a_stylesheet_rule_and_a_guide_sentence_changed_in_the_package_reach_a_units_site(unit, venv, wheel, tmp_path):
    """The boundary: what is the tool's (a stylesheet, the editors' guide) comes from the installed package."""
    source = tmp_path / "tool"
    for name in SOURCE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(path, source / name)
    css = source / "ledger_mkdocs" / "assets" / "stylesheets" / "ledger.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n" + BOUNDARY_RULE + "\n", encoding="utf-8")
    guide = source / "ledger" / "guide" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\n" + BOUNDARY_GUIDE + "\n", encoding="utf-8")
    changed = build_wheel(source, tmp_path / "changed")
    try:
        run([venv, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", changed], cwd=tmp_path)
        run([venv, "-m", "ledger", "build", "-d", tmp_path / "site"], cwd=unit)
        assert BOUNDARY_RULE in (tmp_path / "site" / "stylesheets" / "ledger.css").read_text(encoding="utf-8")
        assert not list(unit.rglob("ledger.css"))  # the unit holds no copy of the tool's stylesheet
        assert BOUNDARY_GUIDE in article_text(tmp_path / "site" / "guide" / "index.html")
        assert not (unit / "docs" / "guide.md").exists()  # nor of the guide
    finally:  # the venv back to this repository's wheel
        run([venv, "-m", "pip", "install", "--quiet", "--no-deps", "--force-reinstall", wheel], cwd=tmp_path)
    run([venv, "-m", "ledger", "build", "-d", tmp_path / "again"], cwd=unit)
    assert BOUNDARY_RULE not in (tmp_path / "again" / "stylesheets" / "ledger.css").read_text(encoding="utf-8")
    again = article_text(tmp_path / "again" / "guide" / "index.html")
    assert BOUNDARY_GUIDE not in again and "编辑指南" in again
    assert _first_words(unit, "activity_types") in again  # made for the unit's own campaign


def test_the_units_own_run_sh_installs_the_pinned_wheel_and_tests_and_serves(unit):
    """The README's two commands of a unit: ./run.sh test and ./run.sh serve (the pinned line is the wheel file)."""
    done = run(["./run.sh", "test"], cwd=unit, timeout=1800)
    assert "全部通过" in done.stdout
    assert (unit / ".venv" / "bin" / "python").is_file()
    port = free_port()
    serve = subprocess.Popen(["./run.sh", "serve"], cwd=unit, env={**os.environ, "ADDR": f"127.0.0.1:{port}"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        shown = wait_for_text(f"http://127.0.0.1:{port}/", "某县自然资源局", 300)
        assert "记录有错误" not in shown
    finally:
        os.killpg(serve.pid, 2)
        serve.wait(timeout=60)
