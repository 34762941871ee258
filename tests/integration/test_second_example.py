"""The second example ledger (ledger/examples/ziranziyuan-2024: a county 自然资源局's 2024 党纪学习教育), shipped
with the tool and made of data alone, built `--strict` as a unit would build it.

Its figures are computed here from its YAML, with yaml.safe_load and counting in this file (never through the
ledger's code), following each figure's declaration in its campaign.yml (measure, kind, where, field). The
built pages' figure cards, the report page, the Word report and the Excel 台账 must say the same numbers, for
the internal build and for the public one (which leaves out its internal records). Its form editor offers its
own words, its search index holds its problems' words, and its public build holds no internal value.
"""
from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
import yaml
from docx import Document

from ledger.views.search_index import read_index
from support import ROOT, article_text, run_build

pytestmark = pytest.mark.build

EXAMPLE = ROOT / "ledger" / "examples" / "ziranziyuan-2024"
DATA = EXAMPLE / "data"
# where each kind's list is kept (problems: one file each in data/problems/)
FILES = {"activities": "study.yml", "books": "study.yml", "topics": "research.yml", "reports": "research.yml",
         "cases": "research.yml", "actions": "development.yml", "visits": "development.yml",
         "honours": "development.yml", "mechanisms": "institutions.yml", "regulations": "institutions.yml",
         "outputs": "institutions.yml", "plan": "plan.yml"}
DEFAULTS = {"days": 1}  # a field left out of a record, as the guide documents it
PAGES = ["index.html", "study/index.html", "research/index.html", "development/index.html",
         "problems/index.html", "board/index.html", "institutions/index.html"]
CARD = re.compile(r'<div class="figure-card[^"]*"><span class="figure-value">(.*?)</span> '
                  r'<span class="figure-label">(.*?)</span></div>')


def _yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


CAMPAIGN = _yaml(DATA / "campaign.yml")
SETTINGS = _yaml(DATA / "settings.yml")
SPECS = {spec["id"]: spec for spec in CAMPAIGN["figures"]}


def records(kind: str, public: bool) -> list[dict]:
    """A kind's records as an audience sees them and as figures count them."""
    if kind == "problems":
        found = [_yaml(path) for path in sorted((DATA / "problems").glob("*.yml"))]
    else:
        found = _yaml(DATA / FILES[kind]).get(kind) or []
    return [r for r in found if not (public and r.get("internal")) and not r.get("outside_period")]


def _matches(record: dict, where: dict) -> bool:
    for field, wanted in where.items():
        value = record.get(field, False if isinstance(wanted, bool) else None)
        if value not in (wanted if isinstance(wanted, list) else [wanted]):
            return False
    return True


def _percent(part: int, whole: int) -> str:
    """四舍五入, never 100% while something is left, never 0% once something is done."""
    if not whole:
        return "0%"
    value = int(part * 100 / whole + 0.5)
    if 0 < part < whole:
        value = min(max(value, 1), 99)
    return f"{value}%"


def _judged(problem: dict, judgement: str) -> bool:
    as_of, status = SETTINGS["as_of"], problem["status"]
    awaiting = status in ("未开始", "整改中")
    if judgement == "overdue":
        return awaiting and problem["deadline"] < as_of
    if judgement == "due_soon":
        return awaiting and 0 <= (problem["deadline"] - as_of).days <= SETTINGS["due_soon_days"]
    if judgement == "stale":
        last = max([entry["date"] for entry in problem.get("progress", [])], default=problem["found"])
        return status != "已完成" and (as_of - last).days > SETTINGS["stale_days"]
    closure = problem.get("closure") or {}
    return status == "已完成" and not (closure.get("evidence") or closure.get("evidence_file"))


def expected_figures(public: bool) -> dict[str, object]:
    """Every declared figure, computed from the YAML by the declaration's plain meaning."""
    values: dict[str, object] = {}
    for figure_id, spec in SPECS.items():
        measure = spec["measure"]
        if measure == "rate":
            continue
        chosen = [r for r in records(spec["kind"], public) if _matches(r, spec.get("where", {}))]
        if measure == "count":
            values[figure_id] = len(chosen)
        elif measure == "sum":
            values[figure_id] = sum(r.get(spec["field"], DEFAULTS.get(spec["field"], 0)) for r in chosen)
        elif measure == "breakdown":
            values[figure_id] = Counter(r[spec["field"]] for r in chosen)
        elif measure == "judgement":
            values[figure_id] = sum(_judged(r, spec["judgement"]) for r in chosen)
        elif measure == "distinct":
            ordered = sorted(chosen, key=lambda r: r.get(spec.get("order_by")) or dt.date.min)
            values[figure_id] = list(dict.fromkeys(v for r in ordered for v in r[spec["field"]]))
    for figure_id, spec in SPECS.items():
        if spec["measure"] == "rate":
            values[figure_id] = _percent(values[spec["of"]], values[spec["over"]])
    return values


def caption(figure_id: str) -> str:
    spec = SPECS[figure_id]
    return f"{spec['label']}（{spec['unit']}）" if spec.get("unit") else spec["label"]


def card_text(fig: dict, figure_id: str, companion: str | None = None) -> str:
    if companion is None:
        return str(fig[figure_id])
    return f"{fig[figure_id]}{SPECS[figure_id]['unit']}（{fig[companion]}{SPECS[companion]['unit']}）"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The example built in place, as its unit would: the internal site and the public one."""
    built = {}
    for audience, config in (("internal", "mkdocs.yml"), ("public", "mkdocs.public.yml")):
        site = tmp_path_factory.mktemp(f"example-{audience}")
        result = run_build(EXAMPLE, site, config=config)
        assert result.returncode == 0, result.stderr
        built[audience] = site
    return built


def test_the_example_has_records_enough_to_fill_every_page():
    activities = records("activities", public=False)
    problems = records("problems", public=False)
    assert len(activities) >= 12
    assert {a["type"] for a in activities} == {c["value"] for c in CAMPAIGN["choices"]["activity_types"]}
    assert len(problems) == 6
    assert {"未开始", "整改中", "已完成"} <= {p["status"] for p in problems}
    assert all(p.get("progress") for p in problems if p["status"] == "整改中")
    assert all(p.get("closure") for p in problems if p["status"] == "已完成")
    fig = expected_figures(public=False)
    assert fig["problems_overdue"] >= 1 and fig["regulations_drafting"] >= 1
    assert SETTINGS["reports_sent"] and SETTINGS["as_of"] >= max(SETTINGS["reports_sent"])
    assert any(a.get("internal") or a.get("internal_fields") for kind in FILES for a in records(kind, False))
    assert any(p.get("internal") for p in problems)


def test_the_example_passes_check_and_has_no_python_of_its_own():
    result = subprocess.run([sys.executable, "-m", "ledger", "--data", str(DATA), "check"],
                            capture_output=True, text=True, cwd=EXAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "记录检查通过" in result.stdout
    assert [p for p in EXAMPLE.rglob("*.py")] == []


def test_its_schemas_are_what_its_campaign_generates():
    from ledger.records.load import load_campaign
    from ledger.records.schema import schema_texts

    expected = schema_texts(load_campaign(DATA))
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in (EXAMPLE / "schemas").glob("*.schema.json")}
    assert on_disk == expected, "示例的 schemas/ 与活动定义不一致：运行 python -m ledger --data 示例/data schema"


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_every_figure_card_on_every_page_says_the_figure_computed_from_the_yaml(sites, audience):
    fig = expected_figures(public=audience == "public")
    by_caption = {caption(i): i for i in SPECS}
    by_label = {SPECS[i]["label"]: i for i in SPECS}
    shown = set()
    for page in PAGES:
        cards = [(html.unescape(v), html.unescape(label))
                 for v, label in CARD.findall((sites[audience] / page).read_text(encoding="utf-8"))]
        assert cards, page
        for value, label in cards:
            if label in by_caption:
                figure_id = by_caption[label]
                assert value == card_text(fig, figure_id), (page, label)
            else:  # a pair card: 1期（3天） named by the first figure's label
                figure_id = by_label[label]
                companion = next(i for i in SPECS if SPECS[i].get("field") == "days" and i != figure_id)
                assert value == card_text(fig, figure_id, companion), (page, label)
            shown.add(figure_id)
    activity_figures = {i for i, s in SPECS.items() if s.get("kind") == "activities" and s["measure"] == "count"}
    assert activity_figures <= shown
    assert {"problem_count", "problems_done", "completion_rate", "problems_overdue"} <= shown


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_board_tables_break_the_problems_down_as_the_yaml_does(sites, audience):
    fig = expected_figures(public=audience == "public")
    board = article_text(sites[audience] / "board" / "index.html")
    total = fig["problem_count"]
    for status, count in fig["problems_by_status"].items():
        assert f"{status}{count}{_percent(count, total)}" in board
    for source, count in fig["problems_by_source"].items():
        done = fig["problems_done_by_source"].get(source, 0)
        assert f"{source}{count}{done}{count - done}{_percent(done, count)}" in board


def _report_sentences(fig: dict) -> list[str]:
    """The report's sentences that carry figures, as its template words them."""
    return [
        f"举办党纪学习教育读书班{fig['reading_class_count']}期（{fig['reading_class_days']}天）",
        f"逐章逐条学习《条例》{fig['original_reading_count']}次",
        f"开展警示教育{fig['warning_education_count']}次",
        f"选取{fig['system_case_count']}个自然资源系统典型案例和{fig['nearby_case_count']}个身边典型案例",
        f"带头讲专题党课{fig['lecture_count']}次",
        f"开展研讨交流{fig['discussion_count']}次",
        f"等{fig['topic_count']}个专题开展调研",
        f"调研报告{fig['reports_done']}篇",
        f"形成问题清单{fig['problem_count']}个",
        f"已完成整改{fig['problems_done']}个，整改完成率{fig['completion_rate']}",
        f"制度{fig['new_regulation_count']}个",
        f"另有{fig['regulations_drafting']}个制度正在起草",
    ]


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_report_page_and_the_word_report_say_the_same_figures(sites, audience):
    fig = expected_figures(public=audience == "public")
    page = article_text(sites[audience] / "report" / "index.html")
    word = "".join("".join(p.text.split()) for p in Document(str(sites[audience] / "downloads" / "report.docx")).paragraphs)
    for sentence in _report_sentences(fig):
        assert sentence in page, sentence
        assert sentence in word, sentence
    assert SETTINGS["report_title"] in word and "党纪学习教育开展情况" in word


@pytest.mark.parametrize("audience", ["internal", "public"])
def test_the_excel_ledger_lists_every_record_and_states_its_figures(sites, audience):
    public = audience == "public"
    fig = expected_figures(public)
    book = openpyxl.load_workbook(sites[audience] / "downloads" / "ledger.xlsx")
    sheets = {ws.title: [row for row in ws.iter_rows(values_only=True)] for ws in book}
    problem_rows = [r for r in sheets["整改台账"] if isinstance(r[1], str) and re.fullmatch(r"P-\d+", r[1])]
    assert sorted(r[1] for r in problem_rows) == sorted(p["id"] for p in records("problems", public))
    overdue = [r[1] for r in problem_rows if any(isinstance(c, str) and c.startswith("逾期") for c in r)]
    assert len(overdue) == fig["problems_overdue"]
    note = sheets["整改台账"][1][0]
    assert (f"问题清单{fig['problem_count']}个（巡察反馈{fig['inspection_problem_count']}个、"
            f"自查自纠{fig['self_check_problem_count']}个、专题调研发现{fig['research_problem_count']}个、"
            f"群众举报{fig['complaint_problem_count']}个），已完成整改{fig['problems_done']}个，"
            f"整改完成率{fig['completion_rate']}，逾期未完成{fig['problems_overdue']}个") in note
    listed = [a for a in _yaml(DATA / "study.yml")["activities"] if not (public and a.get("internal"))]
    activity_rows = [r for r in sheets["学习活动"][3:] if r[0] is not None]
    assert [r[2] for r in activity_rows] == [a["title"] for a in listed]
    assert (f"读书班{fig['reading_class_count']}期（{fig['reading_class_days']}天），"
            f"读原文学原著{fig['original_reading_count']}次，警示教育{fig['warning_education_count']}次，"
            f"专题党课{fig['lecture_count']}次，研讨交流{fig['discussion_count']}次") in sheets["学习活动"][1][0]
    assert f"调研报告{fig['report_count']}篇（已完成{fig['reports_done']}篇）" in sheets["调研报告"][1][0]


def test_its_form_editor_offers_its_own_activity_types_and_problem_sources(sites):
    config = yaml.safe_load((sites["internal"] / "admin" / "config.yml").read_text(encoding="utf-8"))
    collections = {c["name"]: c for c in config["collections"]}
    sources = next(f for f in collections["problems"]["fields"] if f["name"] == "source")
    assert sources["options"] == [c if isinstance(c, str) else c["value"] for c in CAMPAIGN["choices"]["problem_sources"]]
    activity_list = collections["activities"]["files"][0]["fields"][0]
    types = next(f for f in activity_list["fields"] if f["name"] == "type")
    assert types["options"] == [c["value"] for c in CAMPAIGN["choices"]["activity_types"]]
    assert not (sites["public"] / "admin").exists()


def _search_docs(site: Path) -> list[dict]:
    return read_index(site)


def test_its_search_index_holds_each_shown_problem_on_its_own_page(sites):
    for audience, site in sites.items():
        docs = _search_docs(site)
        for problem in records("problems", public=audience == "public"):
            own = [d for d in docs if d["location"].startswith(f"problems/{problem['id']}/")]
            text = re.sub(r"[\s\u200b\u2060]+", "", "".join(d["text"] for d in own))
            assert problem["description"] in text, (audience, problem["id"])


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _internal_values() -> tuple[list[str], set[str]]:
    """(ids of internal records, texts that only internal records and internal fields hold), from the YAML."""
    ids, hidden, shown = [], set(), set()
    for kind in [*FILES, "problems"]:
        for record in records(kind, public=False):
            if record.get("internal"):
                ids.append(record["id"])
                hidden |= set(_strings({k: v for k, v in record.items() if k != "id"}))
                continue
            internal_fields = record.get("internal_fields", [])
            hidden |= set(_strings([record.get(f) for f in internal_fields]))
            shown |= set(_strings({k: v for k, v in record.items() if k not in internal_fields}))
    return ids, {text for text in hidden - shown if len(text) >= 4}


def test_its_public_build_holds_no_internal_record_or_field(sites):
    ids, texts = _internal_values()
    assert ids and texts
    public, internal = sites["public"], sites["internal"]
    for record_id in ids:
        assert not (public / "problems" / record_id).exists()
    public_text = "".join(path.read_text(encoding="utf-8", errors="ignore")
                          for path in public.rglob("*") if path.suffix in (".html", ".json", ".xml"))
    public_text += "".join(p.text for p in Document(str(public / "downloads" / "report.docx")).paragraphs)
    book = openpyxl.load_workbook(public / "downloads" / "ledger.xlsx")
    public_text += "".join(str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c)
    public_text = public_text.replace("\u200b", "")
    internal_text = "".join(path.read_text(encoding="utf-8", errors="ignore")
                            for path in internal.rglob("*.html")).replace("\u200b", "")
    for text in texts:
        assert text in internal_text, text             # the internal build shows it …
        assert text not in public_text, text           # … the public build nowhere


@pytest.mark.parametrize("day", ["2024-04-02", *[str(d) for d in SETTINGS["reports_sent"]]])
def test_its_report_on_an_early_date_states_no_empty_count(day):
    """Before the first lecture, warning session or problem, the report leaves those sentences out
    instead of saying 0次 or 问题清单0个; titles of activities held later are not quoted."""
    result = subprocess.run([sys.executable, "-m", "ledger", "--data", str(DATA), "report", "--as-of", day],
                            capture_output=True, text=True, cwd=EXAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr
    text = result.stdout
    assert not re.search(r"(?<![0-9])0(次|期|个问题|篇)", text), text
    assert "问题清单0个" not in text
    later = [a["title"] for a in _yaml(DATA / "study.yml")["activities"] if a["date"] > dt.date.fromisoformat(day)]
    assert later and not [title for title in later if title in text]
