"""Shared fixtures: the project root, real site builds. Helpers live in tests/support.py."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import ROOT, run_build


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped test is a failed test: nothing may be skipped silently."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"CI 中不允许跳过测试：{report.longrepr}"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample data built once per test session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site
