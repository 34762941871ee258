"""No build leaves state behind that changes a later build's search index.

`mkdocs serve` rebuilds in the same Python process: a place renamed under serve must give the
index a fresh build gives. Here one process builds a copied project twice with MkDocs' Python API,
its plugins told they run under serve (as serve's rebuilds do), the second time after 柏坑水库 is
renamed 库区 in data/research.yml; a fresh process builds the renamed project once with
`mkdocs build`; the two indexes must be the same bytes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from support import copy_project, run_build

pytestmark = pytest.mark.build

OLD, NEW = "柏坑水库", "库区"
INDEX = Path("search") / "search_index.json"

_TWO_BUILDS = textwrap.dedent("""
    import sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, first, second, old, new = sys.argv[1:]
    research = Path(project) / "data" / "research.yml"

    def build_into(site):
        config = load_config(str(Path(project) / "mkdocs.yml"), site_dir=site)
        config.plugins.on_startup(command="serve", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()

    build_into(first)
    research.write_text(research.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    build_into(second)
""")


def _run(argv, cwd):
    return subprocess.run(argv, cwd=cwd, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True,
                          text=True, timeout=600)


def _words(index_bytes: bytes) -> str:
    index = json.loads(index_bytes)
    return " ".join(doc["title"] + " " + doc["text"] + " " + doc.get("words", "") for doc in index["docs"])


def test_a_rename_built_in_the_same_process_gives_the_index_of_a_fresh_build(tmp_path):
    in_process = copy_project(tmp_path / "in-process")
    assert OLD in (in_process / "data" / "research.yml").read_text(encoding="utf-8")
    result = _run([sys.executable, "-c", _TWO_BUILDS, str(in_process), str(tmp_path / "first"),
                   str(tmp_path / "second"), OLD, NEW], cwd=in_process)
    assert result.returncode == 0, result.stderr

    fresh = copy_project(tmp_path / "fresh")
    research = fresh / "data" / "research.yml"
    research.write_text(research.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    result = run_build(fresh, tmp_path / "fresh-site")
    assert result.returncode == 0, result.stderr

    first = (tmp_path / "first" / INDEX).read_bytes()
    second = (tmp_path / "second" / INDEX).read_bytes()
    assert first != second  # the rename reached the index
    assert NEW in _words(second)
    assert second == (tmp_path / "fresh-site" / INDEX).read_bytes()
