"""The shape of the code: layers that import only downward, no engine in the core, one registry of kinds."""
from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from ledger import load_ledger
from ledger.records import registry
from ledger.records.ledger import Ledger
from ledger.records.schema import schema_targets
from support import ROOT

PACKAGES = ("ledger", "ledger_mkdocs")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            found[name] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module of ours a file imports, at the top or inside a function."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name in MODULES}


GRAPH = {name: _imports(path) for name, path in MODULES.items()}


def test_no_module_imports_itself_through_others():
    def cycle_from(start):
        stack, seen = [(start, (start,))], set()
        while stack:
            node, trail = stack.pop()
            for dep in GRAPH[node]:
                if dep == start:
                    return trail + (dep,)
                if dep not in seen:
                    seen.add(dep)
                    stack.append((dep, trail + (dep,)))
        return None

    cycles = [cycle_from(name) for name in GRAPH]
    assert [c for c in cycles if c] == []


@pytest.mark.parametrize("layer, forbidden", [
    ("ledger.records", ("ledger.views", "ledger.exports", "ledger.context", "ledger.rollup", "ledger.cli", "ledger_mkdocs")),
    ("ledger.views", ("ledger.exports", "ledger.context", "ledger.rollup", "ledger.cli", "ledger_mkdocs")),
    ("ledger.exports", ("ledger.context", "ledger.rollup", "ledger.cli", "ledger_mkdocs")),
    ("ledger.context", ("ledger.rollup", "ledger.cli", "ledger_mkdocs")),
    ("ledger.rollup", ("ledger.cli", "ledger_mkdocs")),
])
def test_layers_import_only_downward(layer, forbidden):
    upward = {name: sorted(d for d in deps if d.startswith(forbidden))
              for name, deps in GRAPH.items() if name.startswith(layer)}
    assert {name: deps for name, deps in upward.items() if deps} == {}


def test_the_core_knows_no_site_engine_and_reads_no_environment():
    for name, path in MODULES.items():
        if name.startswith("ledger_mkdocs"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (mkdocs|material|mkdocs_macros)\b", text, re.M), name
        assert "os.environ" not in text and "getenv" not in text, name


def test_no_forked_helper_and_no_private_attribute_of_another_package():
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        for word in ("fork", "ProcessPoolExecutor", "multiprocessing", "_segment_chinese", "jieba.dt",
                     ".FREQ", "server.observer", "add_word"):
            assert word not in text, (name, word)


def test_the_ledger_has_one_field_per_registered_kind(root):
    assert [f.name for f in dataclasses.fields(Ledger)] == ["settings", "campaign", *(k.key for k in registry.KINDS)]
    ledger = load_ledger(root / "data")
    assert ledger.record_count == sum(len(getattr(ledger, k.key)) for k in registry.KINDS) == 64


def test_every_kind_has_its_schema_its_data_and_its_page(root):
    described = {files for _model, _subject, files in schema_targets().values()}
    for kind in registry.KINDS:
        where = f"data/{kind.folder}/*.yml" if kind.one_file_per_record else f"data/{kind.file}"
        assert where in described, kind.key
        assert list(root.glob(where)), kind.key
        assert (root / "docs" / kind.page).is_file(), kind.key
        assert set(kind.name_fields) <= set(kind.model.model_fields), kind.key
        for event in kind.event_dates:
            assert event.split(".")[0] in kind.model.model_fields, (kind.key, event)


EXAMPLES = ROOT / "ledger" / "examples"  # the shipped example ledgers: data, like the sample's own files


def test_no_code_names_the_campaign_or_the_unit(root):
    """A campaign is data (data/campaign.yml): the tool's code names no campaign, no unit's trade and none of
    the activity types or problem sources of the sample or of a shipped example (tests and the ledgers'
    own files aside)."""
    words = ["主题教育", "气象", "党纪", "自然资源"]
    for data in [root / "data", *sorted(EXAMPLES.glob("*/data"))]:
        campaign = load_ledger(data).campaign
        words += [*campaign.values("activity_types"), *campaign.values("problem_sources")]
    found = []
    for folder in ("ledger", "ledger_mkdocs"):
        for path in sorted((root / folder).rglob("*")):
            if (path.suffix not in (".py", ".html", ".yml", ".md", ".js", ".css") or "vendor" in path.parts
                    or path.is_relative_to(EXAMPLES)):
                continue
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(root)}: {word}" for word in words if word in text]
    assert found == []
