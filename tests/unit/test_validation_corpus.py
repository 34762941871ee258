"""The bad-input corpus: each case in tests/bad_inputs/ is refused with its own located Chinese message.

A case folder holds one or more changed data files (sample files with the mistake an editor could
make), each at its path under data/ (problems/P-002.yml for data/problems/P-002.yml), and
expected.yml listing every error the check must report: file, line, column, record, field, and a
fragment of the message. The sample data/ is copied, the case's files laid over it, and the records
loaded through all three doors: load_ledger (what everything uses), the `python -m ledger check`
command, and the build (the build context, and the ledger MkDocs plugin, whose on_config fails the
build with the check's report).
"""
from __future__ import annotations

import shutil
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ledger import LedgerInvalid, load_ledger
from ledger.cli import main as cli_main
from ledger.context import BuildContext
from ledger.records import registry

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (ROOT / "tests" / "bad_inputs").iterdir() if p.is_dir())


def _changed_files(case: Path) -> list[Path]:
    """The case's data files, as paths under data/ (problems/P-002.yml)."""
    return sorted(p.relative_to(case) for p in case.rglob("*") if p.is_file() and p.name != "expected.yml")


def _project_with(case: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    for changed in _changed_files(case):
        shutil.copyfile(case / changed, project / "data" / changed)
    return project


def _expected(case: Path) -> list[dict]:
    errors = yaml.safe_load((case / "expected.yml").read_text(encoding="utf-8"))["errors"]
    return sorted(errors, key=lambda e: (e["file"], e.get("line") or 0, e.get("column") or 0))


def test_the_corpus_has_at_least_thirty_cases_each_with_changed_files_laid_over_data():
    """Each case: expected.yml and one or more changed files, each at a path of the sample data/
    (a new record file may be added to a record folder: data/problems/P-009.yml)."""
    assert len(CASES) >= 30
    record_folders = {kind.folder for kind in registry.folder_kinds()}
    for case in CASES:
        assert (case / "expected.yml").is_file(), case.name
        changed = _changed_files(case)
        assert changed, case.name
        for path in changed:
            assert path.suffix in (".yml", ".yaml"), (case.name, path)
            in_record_folder = len(path.parts) == 2 and path.parts[0] in record_folders
            assert (ROOT / "data" / path).is_file() or in_record_folder, (case.name, path)


ACCEPTED = [c for c in CASES if not _expected(c)]  # inputs once refused that are read as meant (a BOM)


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.name for c in ACCEPTED])
def test_an_input_that_is_not_ambiguous_is_read_as_meant(case, tmp_path, capsys):
    project = _project_with(case, tmp_path)
    ledger = load_ledger(project / "data")
    assert cli_main(["--data", str(project / "data"), "check"]) == 0
    assert f"共 {ledger.record_count} 条记录，没有发现错误" in capsys.readouterr().out
    assert ledger == load_ledger(ROOT / "data")  # the same records as the sample's


REFUSED = [c for c in CASES if c not in ACCEPTED]


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_bad_input_is_refused_with_its_own_message(case, tmp_path):
    project = _project_with(case, tmp_path)
    with pytest.raises(LedgerInvalid) as refused:
        load_ledger(project / "data")
    actual = refused.value.errors
    expected = _expected(case)
    report = refused.value.report()
    assert len(actual) == len(expected), report
    for want, got in zip(expected, actual):
        assert got.file == want["file"], report
        assert got.line == want["line"], report
        if "column" in want:
            assert got.column == want["column"], report
        assert got.record == want.get("record"), report
        assert got.field == want.get("field"), report
        assert want["message"] in got.message, report
        where = f"{want['file']}:{want['line']}" + (f":{want['column']}" if "column" in want else "")
        assert str(got).startswith(where + " "), str(got)


@pytest.mark.parametrize("case", REFUSED, ids=[c.name for c in REFUSED])
def test_the_command_and_the_build_refuse_it_with_the_same_report(case, tmp_path, capsys):
    project = _project_with(case, tmp_path)
    with pytest.raises(LedgerInvalid) as refused:
        load_ledger(project / "data")
    report = refused.value.report()

    with pytest.raises(SystemExit) as exited:
        cli_main(["--data", str(project / "data"), "check"])
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == report

    with pytest.raises(LedgerInvalid) as context_failed:
        BuildContext(project)
    assert context_failed.value.report() == report

    # the plugin as MkDocs finds it (the `ledger` entry point), configured as under `plugins: ledger:`
    plugin = entry_points(group="mkdocs.plugins")["ledger"].load()()
    errors, _warnings = plugin.load_config({}, config_file_path=str(project / "mkdocs.yml"))
    assert not errors
    plugin.on_startup(command="build", dirty=False)
    with pytest.raises(PluginError) as build_failed:
        plugin.on_config(MkDocsConfig(config_file_path=str(project / "mkdocs.yml")))
    assert str(build_failed.value) == report
