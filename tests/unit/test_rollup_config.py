"""The roll-up's settings (data/rollup.yml) are checked like records: file, line, field and what to write, in
Chinese; the chart's rows and the pin line read as written."""
from __future__ import annotations

import pytest

from ledger.rollup.chart import ChartRow, units_chart
from ledger.rollup.context import RollupContext, RollupInvalid
from ledger.rollup.scaffold import ScaffoldError, new_rollup
from ledger.rollup.sources import read_pin, version_key
from support import ROOT

GOOD_UNIT = "  - id: qu-a\n    name: 甲区\n    path: ../qu-a\n"


def _folder(tmp_path, text: str):
    folder = tmp_path / "rollup"
    new_rollup(folder, name="某市局", campaign_from=ROOT / "data")
    (folder / "data" / "rollup.yml").write_text(text, encoding="utf-8")
    return folder


def _errors(tmp_path, text: str) -> str:
    with pytest.raises(RollupInvalid) as caught:
        RollupContext(_folder(tmp_path, text))
    assert caught.value.problems == []  # the settings are wrong: no unit is read
    return caught.value.report()


HEAD = "name: 某市局\ntitle: 某市局汇总台账\nas_of: 2023-11-30\n"


@pytest.mark.parametrize("text, said", [
    (HEAD + "late_days: 七\nunits:\n" + GOOD_UNIT, "data/rollup.yml:4:1 字段 late_days 的值「七」无效，应为整数（迟报天数）"),
    (HEAD + "units:\n  - id: qu-a\n    name: 甲区\n    repo: https://git.example.cn/qu-a.git\n",
     "data/rollup.yml:7:5 记录 qu-a 字段 repo 的值「https://git.example.cn/qu-a.git」无效：汇总只读本机的仓库"),
    (HEAD + "units:\n  - id: benji\n    name: 甲区\n    path: a\n", "编号「benji」留给汇总单位本级的记录"),
    (HEAD + "units:\n  - id: qu-a\n    name: 甲区\n    path: a\n    url: javascript:alert(1)\n",
     "data/rollup.yml:8:5 记录 qu-a 字段 url 的值「javascript:alert(1)」无效：应是以 http:// 或 https:// 开头的网址"),
    (HEAD + "summary_figures:\n  - problem_count\n  - no_such_figure\nunits:\n" + GOOD_UNIT,
     "data/rollup.yml:6:5 字段 summary_figures[2] 的值「no_such_figure」不是活动定义（data/campaign.yml）里的数字编号"),
    (HEAD + "chart:\n  rate: problem_count\n  count: problems_open\nunits:\n" + GOOD_UNIT,
     "data/rollup.yml:5:3 字段 chart.rate 的数字「problem_count」不合用：应是比率（measure: rate）"),
    (HEAD + "units:\n" + GOOD_UNIT + GOOD_UNIT, "data/rollup.yml:8:5 字段 units[2].id 的值「qu-a」与第 1 个单位重复"),
    (HEAD + "units:\n  - id: qu-a\n    name: 甲区\n", "字段 units[1] 单位「甲区」应写 path（台账文件夹）或 repo（git 仓库）二者之一"),
    (HEAD + "units: []\n", "字段 units"),
])
def test_a_mistake_in_the_rollup_settings_is_located_and_said_in_chinese(tmp_path, text, said):
    report = _errors(tmp_path, text)
    assert report.startswith("汇总设置有误")
    assert said in report


def test_a_new_rollup_refuses_to_overwrite_and_needs_a_campaign(tmp_path):
    new_rollup(tmp_path / "r", name="某市局", campaign_from=ROOT / "data")
    with pytest.raises(ScaffoldError, match="已存在"):
        new_rollup(tmp_path / "r", name="某市局", campaign_from=ROOT / "data")
    with pytest.raises(ScaffoldError, match="找不到活动定义"):
        new_rollup(tmp_path / "s", name="某市局", campaign_from=tmp_path)


@pytest.mark.parametrize("line, pin", [("ledger==0.1.0", "0.1.0"), ("ledger @ git+https://git.example.cn/t.git@v0.2.1", "0.2.1"),
                                       ("mkdocs==1.6.1", None), ("ledgers==1.0", None)])
def test_the_tool_pin_is_read_from_the_requirements_file(tmp_path, line, pin):
    (tmp_path / "requirements.txt").write_text(f"# 工具\n{line}\n", encoding="utf-8")
    assert read_pin(tmp_path) == pin


def test_versions_compare_by_number():
    assert version_key("0.1.10") > version_key("0.1.9") > version_key("0.1")


def test_the_chart_writes_each_units_values_and_escapes_names():
    svg = units_chart([ChartRow("甲<区>", 75.0, "75%", 2), ChartRow("乙区（迟报）", 100.0, "100%", 0)],
                      "完成率", "未完成（个）", "各单位")
    assert 'data-unit="甲&lt;区&gt;"' in svg and "<区>" not in svg
    assert 'data-rate="75%" data-count="2"' in svg and 'data-rate="100%" data-count="0"' in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
