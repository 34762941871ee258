"""A roll-up of roll-ups and a public roll-up (#25), built for real over unit repositories made here.

- Two 市局 roll-ups over two 区局 each, one 省局 over the two 市局: the 省局's 汇总表 shows each 市局's
  totals (its units' own figures combined by rule), its problem list names 市局 / 区局, and every 区局's
  page and problem pages are there under units/<市局>/units/<区局>/.
- A public roll-up: one unit has an internal problem and internal fields; no file of the public build
  holds their text, and its figures count public records only.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from ledger.context import BuildContext, BuildOptions
from ledger.records.audience import PUBLIC
from ledger.rollup.context import RollupContext, RollupInvalid
from ledger.rollup.scaffold import new_rollup
from ledger.views.measures import add_up
from rollup_support import commit_all, edit, make_repo, page_tables, table_as_dicts, table_rows
from support import ROOT, run_build

pytestmark = pytest.mark.build

CITIES = {"shi-a": ("甲市气象局", [("qu-1", "一区气象局", "2023-11-28", ()), ("qu-2", "二区气象局", "2023-11-27", ("P-001",))]),
          "shi-b": ("乙市气象局", [("qu-1", "三区气象局", "2023-11-29", ("P-002", "P-003")),
                                ("qu-4", "四区气象局", "2023-11-20", ())])}
INTERNAL_PROBLEM = "内部问题标记甲乙丙丁"
INTERNAL_MEASURES = "内部措施标记戊己庚辛"
SUMMARY = ["problem_count", "problems_done", "completion_rate", "activity_count", "places_visited"]


def rollup_text(name: str, units: list[tuple[str, str, str]], as_of: str = "2023-11-30") -> str:
    """data/rollup.yml: (id, name, repo or path) of each unit; a folder with data/rollup.yml is a roll-up."""
    lines = "".join(f"  - id: {i}\n    name: {n}\n    {'repo' if kind == 'repo' else 'path'}: {where}\n"
                    for i, n, kind, where in units)
    figures = "".join(f"  - {f}\n" for f in SUMMARY)
    return f"name: {name}\ntitle: {name}汇总台账\nas_of: {as_of}\nsummary_figures:\n{figures}units:\n{lines}"


def make_rollup(folder: Path, name: str, units) -> Path:
    new_rollup(folder, name=name, campaign_from=ROOT / "data")
    (folder / "data" / "rollup.yml").write_text(rollup_text(name, units), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def levels(tmp_path_factory):
    """units/<市局>/<区局> repositories, a roll-up folder per 市局, and the 省局 over both 市局 folders."""
    root = tmp_path_factory.mktemp("levels")
    repos = {}
    for city, (city_name, units) in CITIES.items():
        for unit_id, name, as_of, drop in units:
            repos[city, unit_id] = make_repo(root / "repos" / city / unit_id, name=name, as_of=as_of,
                                             drop_problems=drop)
        make_rollup(root / city, city_name,
                    [(u, n, "repo", f"../repos/{city}/{u}") for u, n, _a, _d in units])
    province = make_rollup(root / "sheng", "某省气象局",
                           [(city, name, "path", f"../{city}") for city, (name, _u) in CITIES.items()])
    site = root / "site"
    result = run_build(province, site)
    assert result.returncode == 0, result.stderr
    return root, repos, province, site


def _own(repo: Path, audience: str = "internal"):
    return BuildContext(repo, BuildOptions(audience=audience)).figures


def test_the_province_shows_each_city_total_combined_by_rule(levels):
    root, repos, _province, site = levels
    campaign = _own(repos["shi-a", "qu-1"]).campaign
    summary = table_as_dicts(next(t for t in page_tables(site / "index.html") if t[0][0] == "单位"))
    city_totals = {}
    for city, (city_name, units) in CITIES.items():
        city_totals[city] = add_up(campaign, [_own(repos[city, u]) for u, *_ in units])
        row = next(r for key, r in summary.items() if key.startswith(city_name))
        for figure_id in ("problem_count", "problems_done", "completion_rate", "activity_count"):
            header = next(h for h in row if h.startswith(campaign.figure(figure_id).label))
            assert row[header] == str(city_totals[city][figure_id]), (city, figure_id)
    total = add_up(campaign, list(city_totals.values()))
    header = next(h for h in summary["合计"] if h.startswith(campaign.figure("completion_rate").label))
    assert summary["合计"][header] == total["completion_rate"]
    problems = sum(len(list((repos[key] / "data" / "problems").glob("P-*.yml"))) for key in repos)
    assert summary["合计"][next(h for h in summary["合计"] if h.startswith("问题清单"))] == str(problems)


def test_every_district_page_and_problem_is_under_its_city(levels):
    _root, repos, _province, site = levels
    for (city, unit_id), repo in repos.items():
        city_name, units = CITIES[city]
        name = next(n for u, n, *_ in units if u == unit_id)
        unit_page = site / "units" / city / "units" / unit_id / "index.html"
        assert name in unit_page.read_text(encoding="utf-8")
        for problem in (repo / "data" / "problems").glob("P-*.yml"):
            page = site / "units" / city / "units" / unit_id / "problems" / problem.stem / "index.html"
            assert page.is_file(), page
    # the city's own 汇总表 is its page in the province's site, with the way back up
    city_page = (site / "units" / "shi-a" / "index.html").read_text(encoding="utf-8")
    assert "甲市气象局汇总表" in city_page and "返回上一级汇总表" in city_page


def test_the_province_problem_list_names_city_and_district_and_links_each_problem(levels):
    _root, repos, _province, site = levels
    rows = table_rows(next(t for t in page_tables(site / "problems" / "index.html") if t[0][0] == "单位"))
    assert len(rows) == sum(len(list((r / "data" / "problems").glob("P-*.yml"))) for r in repos.values())
    assert {r["单位"].removesuffix(" 迟报") for r in rows} == {f"{CITIES[c][0]} / {n}" for c, (_cn, us) in CITIES.items()
                                                          for _u, n, *_ in us}
    # 四区 is 10 days behind its city's 截至 date: marked 迟报 on every row of its problems
    assert {r["单位"] for r in rows if "四区" in r["单位"]} == {"乙市气象局 / 四区气象局 迟报"}
    html = (site / "problems" / "index.html").read_text(encoding="utf-8")
    assert 'href="../units/shi-b/units/qu-1/problems/P-001/"' in html  # 三区 (乙市) has P-001; 一区 (甲市) too
    assert 'href="../units/shi-a/units/qu-1/problems/P-001/"' in html
    assert 'data-unit="shi-b/qu-4"' in html and '<option value="shi-b/qu-4">' in html


def test_a_failing_district_is_named_through_its_city(levels, tmp_path):
    root, repos, _province, _site = levels
    broken = make_repo(tmp_path / "broken", name="五区气象局", as_of="2023-11-28")
    edit(broken / "data" / "problems" / "P-001.yml", "status: 已完成", "status: 办完了")
    commit_all(broken, "写错")
    city = make_rollup(tmp_path / "shi-c", "丙市气象局", [("qu-5", "五区气象局", "repo", str(broken))])
    province = make_rollup(tmp_path / "sheng", "某省气象局", [("shi-c", "丙市气象局", "path", str(city))])
    with pytest.raises(RollupInvalid) as caught:
        RollupContext(province)
    report = caught.value.report()
    assert "丙市气象局" in report and "五区气象局" in report and "P-001.yml" in report and "办完了" in report


def test_a_roll_up_that_reads_itself_is_refused(tmp_path):
    folder = make_rollup(tmp_path / "loop", "某市气象局", [("self", "自己", "path", ".")])
    with pytest.raises(RollupInvalid) as caught:
        RollupContext(folder)
    assert "循环" in caught.value.report()


# ---- the public roll-up ----

@pytest.fixture(scope="module")
def public(tmp_path_factory):
    root = tmp_path_factory.mktemp("public")
    units = {u: make_repo(root / u, name=n, as_of="2023-11-28") for u, n in (("qu-a", "甲区气象局"), ("qu-b", "乙区气象局"))}
    problems = units["qu-a"] / "data" / "problems"
    (problems / "P-099.yml").write_text(
        "id: P-099\n"
        f"description: {INTERNAL_PROBLEM}\n"
        "source: 群众反映\nmeasures: 内部整改措施\nleader: 党组书记、局长\ndepartment: 办公室\n"
        "found: 2023-10-09\ndeadline: 2023-11-10\nstatus: 整改中\ninternal: true\n", encoding="utf-8")
    edit(problems / "P-007.yml", "measures: ", f"internal_fields:\n  - measures\nmeasures: {INTERNAL_MEASURES}；")
    commit_all(units["qu-a"], "内部的问题和字段")
    folder = make_rollup(root / "rollup", "某市气象局", [(u, n, "repo", str(p)) for (u, n), p in
                                                        zip((("qu-a", "甲区气象局"), ("qu-b", "乙区气象局")), units.values())])
    internal_site, public_site = root / "site", root / "site-public"
    for config, site in (("mkdocs.yml", internal_site), ("mkdocs.public.yml", public_site)):
        result = run_build(folder, site, config=config)
        assert result.returncode == 0, result.stderr
    return units, internal_site, public_site


def _texts(site: Path):
    """Every file of a site as text: JSON decoded (the search index escapes Chinese), .docx/.xlsx unzipped."""
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.suffix in (".docx", ".xlsx", ".zip"):
            with zipfile.ZipFile(path) as z:
                yield path, "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        elif path.suffix == ".json":
            yield path, json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)
        else:
            yield path, path.read_bytes().decode("utf-8", "replace")


def test_the_internal_roll_up_shows_the_internal_records(public):
    _units, internal_site, _public_site = public
    found = "".join(text for _p, text in _texts(internal_site))
    assert INTERNAL_PROBLEM in found and INTERNAL_MEASURES in found  # so the test below can fail


def test_no_file_of_the_public_roll_up_holds_an_internal_value(public):
    units, _internal_site, public_site = public
    for path, text in _texts(public_site):
        for secret in (INTERNAL_PROBLEM, INTERNAL_MEASURES, str(units["qu-a"])):
            assert secret not in text, (path, secret)
    assert not (public_site / "units" / "qu-a" / "problems" / "P-099").exists()


def test_the_public_roll_up_counts_public_records_only(public):
    units, internal_site, public_site = public
    campaign = _own(units["qu-a"]).campaign
    public_total = add_up(campaign, [_own(u, PUBLIC) for u in units.values()])
    internal_total = add_up(campaign, [_own(u) for u in units.values()])
    assert public_total["problem_count"] == internal_total["problem_count"] - 1
    for site, total in ((public_site, public_total), (internal_site, internal_total)):
        summary = table_as_dicts(next(t for t in page_tables(site / "index.html") if t[0][0] == "单位"))
        for figure_id in ("problem_count", "completion_rate"):
            header = next(h for h in summary["合计"] if h.startswith(campaign.figure(figure_id).label))
            assert summary["合计"][header] == str(total[figure_id]), (site.name, figure_id)
