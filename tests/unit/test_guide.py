"""The editors' guide is the tool's page made for each ledger (ledger/guide/): its tables, words, figure IDs and
dates come from the ledger's own campaign and settings, its examples are valid records of that campaign, and
nothing of another campaign shows."""
from __future__ import annotations

import re

import pytest
import yaml

from ledger import load_ledger
from ledger.guide import guide_context, guide_markdown
from ledger.records import registry
from ledger.version import version
from support import ROOT

LEDGERS = {"sample": ROOT / "data", "ziranziyuan-2024": ROOT / "ledger" / "examples" / "ziranziyuan-2024" / "data"}
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)


@pytest.fixture(scope="module", params=sorted(LEDGERS))
def made(request):
    ledger = load_ledger(LEDGERS[request.param])
    return request.param, ledger, guide_markdown(ledger)


def _campaign_words(ledger) -> set[str]:
    return {word for name in ledger.campaign.choices for word in ledger.campaign.values(name)}


def test_the_guide_is_final_markdown_with_macro_syntax_only_as_code(made):
    _name, _ledger, markdown = made
    assert markdown.startswith("---\n") and "render_macros: false" in markdown.split("---")[1]
    prose = CODE.sub("", markdown)
    assert "{{" not in prose and "{%" not in prose and "{#" not in prose
    assert "{{ figure_cards([" in markdown  # the macros' syntax, for the reader, inside code


def test_the_tables_and_words_are_the_ledgers_own(made):
    name, ledger, markdown = made
    for word in _campaign_words(ledger):
        assert word in markdown, word
    for spec in ledger.campaign.figures:
        assert f"`{spec.id}`" in markdown and spec.basis.replace("-", "&#45;")[:6] in markdown
    assert f"`{ledger.campaign.id}`" in markdown
    others = [load_ledger(path) for other, path in LEDGERS.items() if other != name]
    own = _campaign_words(ledger)
    # the other campaigns' activity types and problem sources (读书班 aside here: it is inside 专题读书班)
    foreign = {word for o in others for word in [*o.campaign.values("activity_types"), *o.campaign.values("problem_sources")]
               if not any(word in mine for mine in own)}
    assert foreign and [word for word in foreign if word in markdown] == []
    for other in others:
        assert other.settings.unit not in markdown and other.settings.campaign_short not in markdown
    assert f"gongzuo-taizhang {version()}" in markdown


def test_the_examples_are_valid_records_of_the_campaign_dated_in_its_period(made):
    _name, ledger, _markdown = made
    context = guide_context(ledger)
    campaign, settings = ledger.campaign, ledger.settings
    problem = yaml.safe_load(context["example_problem"])
    registry.record_model(registry.kind("problems"), campaign).model_validate(problem)
    assert problem["source"] in campaign.values("problem_sources")
    (activity,) = yaml.safe_load(context["example_activity"])["activities"]
    registry.record_model(registry.kind("activities"), campaign).model_validate(activity)
    assert activity["type"] in campaign.values("activity_types")
    for day in (activity["date"], problem["found"], problem["completed"]):
        assert settings.period_start <= day <= settings.period_end
    assert context["new_type"] not in campaign.values("activity_types")
    assert context["new_source"] not in campaign.values("problem_sources")


def test_the_macro_examples_name_the_campaigns_figures(made):
    _name, ledger, markdown = made
    table = markdown[markdown.index("| 写法 | 显示 |"):markdown.index("条件文字用")]
    named = set(re.findall(r"fig\.([a-z0-9_]+)", table)) | set(re.findall(r'"([a-z0-9_]+)"', table))
    named -= {"activities", "id", "type", "title", "date", "overdue"}  # a kind, its fields, a judgement
    declared = {spec.id for spec in ledger.campaign.figures}
    assert named and named <= declared, named - declared
