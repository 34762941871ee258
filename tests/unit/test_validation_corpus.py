"""The bad-input corpus: each case in tests/bad_inputs/ is refused with its own located Chinese message.

A case folder holds one changed data file (the sample file with one mistake an editor could
make) and expected.yml listing every error the check must report: file, line, column, record,
field, and a fragment of the message. The sample data/ is copied, the case's file laid over it,
and the records loaded through all three doors: load_ledger (what everything uses), the
`python -m ledger check` command, and the build's macros adapter (which fails the build).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import PluginError

from ledger import LedgerInvalid, load_ledger
from ledger.cli import main as cli_main
from macros_adapter import MacrosEnv, macros_module

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted(p for p in (ROOT / "tests" / "bad_inputs").iterdir() if p.is_dir())


def _project_with(case: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    for changed in case.iterdir():
        if changed.name != "expected.yml":
            shutil.copyfile(changed, project / "data" / changed.name)
    return project


def _expected(case: Path) -> list[dict]:
    errors = yaml.safe_load((case / "expected.yml").read_text(encoding="utf-8"))["errors"]
    return sorted(errors, key=lambda e: (e["file"], e.get("line") or 0, e.get("column") or 0))


def test_the_corpus_has_at_least_thirty_cases_each_with_one_changed_file():
    assert len(CASES) >= 30
    for case in CASES:
        files = sorted(p.name for p in case.iterdir())
        assert len(files) == 2 and "expected.yml" in files, case.name


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
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


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_the_command_and_the_build_refuse_it_with_the_same_report(case, tmp_path, capsys):
    project = _project_with(case, tmp_path)
    with pytest.raises(LedgerInvalid) as refused:
        load_ledger(project / "data")
    report = refused.value.report()

    with pytest.raises(SystemExit) as exited:
        cli_main(["--data", str(project / "data"), "check"])
    assert exited.value.code == 1
    assert capsys.readouterr().err.strip() == report

    with pytest.raises(PluginError) as build_failed:
        macros_module().define_env(MacrosEnv(project))
    assert str(build_failed.value) == report
