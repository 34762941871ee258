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
    """editor/node_modules as editor/package-lock.json pins it: decap-cms and the yaml library its core writes with."""
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
    done = _format(ROOT, "--check")
    assert (done.returncode, done.stdout) == (0, ""), f"请运行 ./run.sh format：{done.stdout}{done.stderr}"


def test_format_rewrites_a_hand_edited_file_as_the_editor_would(tmp_path):
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


def test_format_needs_no_node(tmp_path):
    """format is the tool's own Python: it runs with no node on the PATH (an intranet PC without Node.js)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    path = project / "data" / "problems" / "P-003.yml"
    path.write_text(path.read_text(encoding="utf-8") + "# 手写的注释\n", encoding="utf-8")
    bare = tmp_path / "bin"
    bare.mkdir()
    done = subprocess.run([sys.executable, "-m", "ledger", "format"], cwd=project, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PATH": str(bare)})
    assert (done.returncode, done.stdout.split()) == (0, ["data/problems/P-003.yml"]), done.stderr
    assert path.read_bytes() == (ROOT / "data" / "problems" / "P-003.yml").read_bytes()


def test_format_refuses_what_it_cannot_read_and_writes_nothing(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    untidy = project / "data" / "problems" / "P-001.yml"
    untidy.write_text(untidy.read_text(encoding="utf-8") + "# 手写的注释\n", encoding="utf-8")
    broken = project / "data" / "plan.yml"
    broken.write_text(broken.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "data").rglob("*.yml")}
    done = _format(project)
    assert done.returncode == 2 and "没有改写任何文件：data/plan.yml:" in done.stderr, done.stderr
    assert {p: p.read_bytes() for p in (project / "data").rglob("*.yml")} == before


# ---- format against the form editor's own library ----
# Values a hand edit or a paste brings: line lengths around the fold width with spaces at each place, every
# indicator character at the start, inside and at the end, quotes of both kinds, line breaks, numbers, true and
# null written as text, control characters, characters outside the BMP, keys out of the form's order and unknown
PIECES = ["整改", " ", "  ", "a", ":", ": ", "#", " #", '"', "'", "\n", "\n\n", "\t", "-", "?", "[", "]", "{", "}", ",",
          "&", "*", "!", "|", ">", "%", "@", "`", "😀", "\u3000", "\x07", "1", "0", ".", "e", "true", "null", "~", "---",
          "...", "\\", "x", "长长的一段整改措施", "R&D", "0x1F", "0o17", "1e3", ".inf", "abcdefghij" * 3]
HAND_WRITTEN = [  # YAML as people type it, each parsed by both
    "status: 整改中   # 注释\nid: P-001\nprogress: [{date: 2023-10-01, text: 第一次}]\n",
    "id: 'P-001'\ndescription: >\n  折叠的\n  两行\n\n  第二段\nmeasures: |\n  第一行\n    缩进的一行\n  末行\n",
    "id: P-001\ndescription: 一段很长的文字 " + "跨过八十个字符的宽度 " * 9 + "\nfound: 2023-9-5\ndeadline: 2023-11-30\n",
    "id: P-001\ndays: 1.50\nratio: .5\nhex: 0x1F\noct: 0o17\nplus: +5\nnone: ~\nempty:\nyes: yes\non: on\n",
    "zzz: 1\nid: P-001\n10: 十\n2: 二\nsource: 调研发现\naaa: 2\n",
    "id: P-001\ndescription: 多行的\n  普通文字\n  第三行\nclosure:\n  date: 2023-11-20\n  evidence: 文件\n",
    "id: P-001\nprogress:\n- date: 2023-10-01\n  text: 不缩进的列表\n- date: 2023-10-02\n  text: \"引号\\t里\"\n",
]


def _cases() -> list[dict]:
    import random
    from ledger.editor.decap import collections
    from ledger.editor.yamlformat import targets
    config = {"collections": collections(sample_campaign())}
    second = ROOT / "ledger" / "examples" / "ziranziyuan-2024"
    cases = [{"text": path.read_text(encoding="utf-8"), "fields": fields}
             for root in (ROOT, second) for path, fields in targets(config, root)]
    problem = config["collections"][0]["fields"]
    cases += [{"text": text, "fields": problem} for text in HAND_WRITTEN]
    pick = random.Random(23)
    text = lambda: "".join(pick.choice(PIECES) for _ in range(pick.choice([0, 1, 2, 3, 5, 8, 15, 30, 60])))  # noqa: E731
    keys = [f["name"] for f in problem] + ["zzz", "aaa", "10", "2", "extra"]
    for _ in range(600):
        record = {}
        for key in pick.sample(keys, pick.randint(1, len(keys))):
            roll = pick.random()
            record[key] = (text() if roll < 0.6 else
                           pick.choice([None, True, False, 0, 7, -3, 1.5, 2.0, 1e21, 1e-7, 123456789012, 0.1]) if roll < 0.7
                           else [text() for _ in range(pick.randint(0, 3))] if roll < 0.85 else
                           [{"date": f"2023-10-0{pick.randint(1, 9)}", "text": text()} for _ in range(pick.randint(0, 2))])
        cases.append({"text": json.dumps(record, ensure_ascii=False), "fields": problem})
    for length in range(60, 200, 3):  # long lines with spaces at every place around the fold
        line = "".join(pick.choice(["字", "字", "字", " ", "ab"]) for _ in range(length))
        cases += [{"text": json.dumps({key: line, "progress": [{"date": "2023-01-01", "text": line}]},
                                      ensure_ascii=False), "fields": problem} for key in ("description", "id")]
    return cases


def test_format_writes_what_the_form_editors_own_library_writes():
    """python -m ledger format's writer against decap-cms-core's toFile run with the yaml library the editor
    package installs (tests/editor/decap_tofile.mjs): the same text for every case, the same refusals."""
    from ledger.editor.yamlformat import FormatError, format_text
    _node_modules()
    cases = _cases()
    done = subprocess.run(["node", str(ROOT / "tests" / "editor" / "decap_tofile.mjs"), str(EDITOR)],
                          input=json.dumps(cases), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    answers = json.loads(done.stdout)
    differ = []
    for case, answer in zip(cases, answers, strict=True):
        try:
            ours = format_text(case["text"], case["fields"])
        except FormatError as exc:
            ours = f"refused: {exc}"
        # a surrogate left alone by a fold is written to a file as U+FFFD (Node.js, browsers)
        theirs = (answer["out"].encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
                  if "out" in answer else None)
        if (theirs is None) != ours.startswith("refused: ") or (theirs is not None and ours != theirs):
            differ.append((case["text"], theirs, ours))
    assert len(cases) > 700
    assert differ == []
