"""A build tells the editor what matters: no jieba dictionary messages, no mkdocs-macros INFO lines."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from support import ROOT

pytestmark = pytest.mark.build


def test_a_build_prints_no_jieba_or_macros_chatter(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], cwd=ROOT, capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    printed = result.stdout + result.stderr
    assert "Documentation built" in printed  # MkDocs' own INFO lines still come
    for chatter in ("[macros]", "prefix dict", "Loading model", "jieba.cache"):
        assert chatter not in printed, printed
