"""The editors' guide in built sites: the tool's page (ledger/guide/), made for each ledger's campaign; a unit
made by `new` holds no copy of it, and a guide.md of the unit's own takes its place."""
from __future__ import annotations

import subprocess
import sys

import pytest

from ledger import load_ledger
from support import ROOT, article_text, run_build

pytestmark = pytest.mark.build
SECOND = "ziranziyuan-2024"


def test_the_sample_site_shows_the_tools_guide_for_its_campaign(built_site):
    assert not (ROOT / "docs" / "guide.md").exists()
    text = article_text(built_site / "guide" / "index.html")
    campaign = load_ledger(ROOT / "data").campaign
    assert text.startswith("编辑指南") and "gongzuo-taizhang" in text
    for word in campaign.values("activity_types"):
        assert word in text


def test_a_unit_made_by_new_gets_the_guide_from_the_tool_unless_it_writes_its_own(tmp_path):
    done = subprocess.run([sys.executable, "-m", "ledger", "new", "unit", "--from", SECOND], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    unit = tmp_path / "unit"
    assert not (unit / "docs" / "guide.md").exists()
    built = run_build(unit, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    text = article_text(tmp_path / "site" / "guide" / "index.html")
    campaign = load_ledger(unit / "data").campaign
    for word in [*campaign.values("activity_types"), *campaign.values("problem_sources")]:
        assert word in text, word
    for spec in campaign.figures:
        assert spec.id in text
    sample = load_ledger(ROOT / "data").campaign
    assert [w for w in sample.values("problem_sources") if w not in campaign.values("problem_sources") and w in text] == []
    assert "专题读书班" not in text and "气象" not in text and "主题教育" not in text

    (unit / "docs" / "guide.md").write_text("# 编辑指南\n\n本局自己的写法说明。\n", encoding="utf-8")
    built = run_build(unit, tmp_path / "own")
    assert built.returncode == 0, built.stderr
    own = article_text(tmp_path / "own" / "guide" / "index.html")
    assert "本局自己的写法说明" in own and "gongzuo-taizhang" not in own
