"""The roll-up (#24), built for real over unit repositories made here from the sample: the 合计 is the units'
own figures combined by each figure's rule, a late unit is marked everywhere, every unit's P-001 has its
own page; a unit that fails, is missing, is of another campaign or is hostile stops the build by name,
unless it may be shown at its last good revision, which every page then says."""
from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from ledger.context import BuildContext
from ledger.records.load import load_ledger
from ledger.rollup.scaffold import new_rollup
from ledger.text import percent
from ledger.views.figure_labels import value_text
from ledger.views.measures import compute_figures
from ledger.views.search_index import read_index
from rollup_support import commit_all, edit, make_repo, make_unit, page_tables, table_as_dicts, table_rows
from support import ROOT, article_text, run_build

pytestmark = pytest.mark.build

# (id, name, 截至, problems left out): three rates whose mean is not the rate of the totals
UNITS = [("qu-a", "甲区气象局", "2023-11-28", ()),
         ("qu-b", "乙区气象局", "2023-11-24", ("P-001", "P-003", "P-004", "P-006", "P-008")),
         ("qu-c", "丙区气象局", "2023-11-16", ("P-001", "P-006"))]
OWN_NAME = "某市气象局本级"
NEW_PLACE = "丙区新设观测场"
SUMMARY = ["activity_count", "reading_class_days", "places_visited", "problem_count", "problems_done",
           "completion_rate", "problems_overdue", "problems_due_soon"]


def rollup_yml(units: str, *, as_of: str = "2023-11-30", extra: str = "") -> str:
    figures = "".join(f"  - {f}\n" for f in SUMMARY)
    return (f"name: 某市气象局\ntitle: 某市气象局汇总台账\nas_of: {as_of}\nlate_days: 7\n{extra}"
            f"summary_figures:\n{figures}chart:\n  rate: completion_rate\n  count: problems_open\nunits:\n{units}")


def unit_lines(unit_id: str, name: str, repo: str, **more: str) -> str:
    lines = f"  - id: {unit_id}\n    name: {name}\n    repo: {repo}\n"
    return lines + "".join(f"    {key}: {value}\n" for key, value in more.items())


def new_folder(root: Path, text: str) -> Path:
    folder = root / "rollup"
    new_rollup(folder, name="某市气象局", campaign_from=ROOT / "data")
    (folder / "data" / "rollup.yml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    root = tmp_path_factory.mktemp("units")
    made = {}
    for unit_id, name, as_of, drop in UNITS:
        made[unit_id] = make_repo(root / unit_id, name=name, as_of=as_of, drop_problems=drop,
                                  pin="0.0.9" if unit_id == "qu-b" else None)
    research = made["qu-c"] / "data" / "research.yml"
    edit(research, "      - 滨海旅游度假区\n", f"      - 滨海旅游度假区\n      - {NEW_PLACE}\n")
    commit_all(made["qu-c"], "新的走访地点")
    return made


@pytest.fixture(scope="module")
def built(repos, tmp_path_factory):
    """A roll-up over the three repositories and its own records (本级), built with --strict."""
    root = tmp_path_factory.mktemp("rollup")
    units = "".join(unit_lines(u, name, str(repos[u])) for u, name, _d, _p in UNITS)
    folder = new_folder(root, rollup_yml(units, extra=f"own:\n  name: {OWN_NAME}\n  path: benji\n"))
    make_unit(folder / "benji", name=OWN_NAME, as_of="2023-11-30", drop_problems=("P-002", "P-008"))
    site = root / "site"
    result = run_build(folder, site)
    assert result.returncode == 0, result.stderr
    return folder, site


def _own_figures(folder: Path):
    return compute_figures(load_ledger(folder / "data"))


def test_the_total_row_is_the_units_own_figures_combined_by_each_rule(repos, built):
    folder, site = built
    ledgers = [_own_figures(repos[u]) for u, *_ in UNITS] + [_own_figures(folder / "benji")]
    summary = table_as_dicts(next(t for t in page_tables(site / "index.html") if t[0][0] == "单位"))
    total = summary["合计"]
    campaign = ledgers[0].campaign
    for figure_id in SUMMARY:
        spec = campaign.figure(figure_id)
        header = next(h for h in total if h.startswith(spec.label))
        values = [f[figure_id] for f in ledgers]
        if spec.rule == "sum":
            expected = str(sum(values))
        elif spec.rule == "recompute":
            expected = percent(sum(f[spec.of] for f in ledgers), sum(f[spec.over] for f in ledgers))
            mean = percent(sum(int(v.rstrip("%")) for v in values), 100 * len(values))
            assert expected != mean and expected != f"{sum(int(v.rstrip('%')) for v in values)}%"  # not summed
        else:  # union: the 汇总表 counts the places, each once
            united = list(dict.fromkeys(v for value in values for v in value))
            assert NEW_PLACE in united and len(united) < sum(len(v) for v in values)
            expected = str(len(united))
        assert total[header] == expected, figure_id
    # each unit's own row is its own figures, as of its own 截至 date
    for (unit_id, name, as_of, _p), own in zip(UNITS, ledgers):
        row = next(r for key, r in summary.items() if key.startswith(name))
        assert row["截至日期"] == f"{int(as_of[:4])}年{int(as_of[5:7])}月{int(as_of[8:])}日"
        assert row[next(h for h in row if h.startswith("整改完成率"))] == own["completion_rate"]
    assert any(key.startswith(OWN_NAME) for key in summary)  # 本级, counted in the totals above
    # 全部数字: the places united as a list, the breakdowns by department per unit only
    figures = table_as_dicts(next(t for t in page_tables(site / "figures" / "index.html") if t[0][0] == "数字"))
    places = next(r for k, r in figures.items() if k.startswith(campaign.figure("places_visited").label))
    assert places["合计"] == value_text(tuple(dict.fromkeys(v for f in ledgers for v in f["places_visited"])))
    by_department = figures[campaign.figure("problems_by_department").caption]
    assert by_department["合计"] == "分单位列出"
    assert by_department["甲区气象局"] != "—"


def test_every_units_p001_has_its_own_page(built):
    _folder, site = built
    texts = {u: article_text(site / "units" / u / "problems" / "P-001" / "index.html") for u in ("qu-a", "qu-c")
             if (site / "units" / u / "problems" / "P-001").exists()}
    assert set(texts) == {"qu-a"}  # 丙区 left P-001 out: its list does not link a page that is not there
    own = article_text(site / "units" / "benji" / "problems" / "P-001" / "index.html")
    assert "甲区气象局" in texts["qu-a"] and OWN_NAME in own and "甲区气象局" not in own
    listed = (site / "problems" / "index.html").read_text(encoding="utf-8")
    assert 'href="../units/qu-a/problems/P-001/"' in listed and 'href="../units/benji/problems/P-001/"' in listed


def test_a_late_unit_is_marked_wherever_it_appears(built):
    _folder, site = built
    pages = [site / "index.html", site / "problems" / "index.html", site / "figures" / "index.html",
             site / "units" / "index.html", site / "units" / "qu-c" / "index.html",
             site / "units" / "qu-c" / "problems" / "P-002" / "index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'data-unit="qu-c"><a' in html or 'data-unit="qu-c">丙区' in html, page
        marked = html.split('data-unit="qu-c"')[1][:400]
        assert "迟报" in marked, page
        assert "迟报" not in html.split('data-unit="qu-a"')[1][:300] if 'data-unit="qu-a"' in html else True
    assert "迟报：截至2023年11月16日，比汇总截至日期早14天" in article_text(site / "index.html")


def test_the_unit_pages_link_to_the_units_site_and_name_an_older_tool(repos, tmp_path):
    folder = new_folder(tmp_path, rollup_yml(unit_lines("qu-b", "乙区气象局", str(repos["qu-b"]),
                                                         url="http://10.1.2.10/")))
    site = tmp_path / "site"
    result = run_build(folder, site)
    assert result.returncode == 0, result.stderr
    html = (site / "units" / "qu-b" / "index.html").read_text(encoding="utf-8")
    assert 'href="http://10.1.2.10/"' in html
    assert "单位使用较旧的工具0.0.9（以本工具" in article_text(site / "units" / "qu-b" / "index.html")


def _broken_unit(repos, tmp_path) -> tuple[Path, str, str]:
    """乙区's repository with a second commit whose P-002 has a status no list allows."""
    repo = tmp_path / "qu-b"
    subprocess.run(["git", "clone", "-q", str(repos["qu-b"]), str(repo)], check=True)
    good = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    edit(repo / "data" / "problems" / "P-002.yml", "status: 整改中", "status: 差不多了")
    bad = commit_all(repo, "改错了状态", date="2023-11-25T10:00:00+08:00")
    return repo, good, bad


def test_a_unit_failing_its_check_stops_the_build_with_its_own_errors(repos, tmp_path):
    repo, _good, bad = _broken_unit(repos, tmp_path)
    folder = new_folder(tmp_path, rollup_yml(unit_lines("qu-a", "甲区气象局", str(repos["qu-a"]))
                                             + unit_lines("qu-b", "乙区气象局", str(repo))))
    result = run_build(folder, tmp_path / "site")
    assert result.returncode != 0
    assert "单位「乙区气象局」（qu-b）" in result.stderr and bad[:8] in result.stderr
    line = next(i for i, text in enumerate((repo / "data/problems/P-002.yml").read_text().splitlines(), 1)
                if text.startswith("status:"))
    assert f"data/problems/P-002.yml:{line}" in result.stderr and "字段 status" in result.stderr
    assert "差不多了" in result.stderr and "甲区气象局" not in result.stderr.split("汇总未通过")[1]
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_failing_unit_set_to_its_last_good_revision_is_shown_there_and_said_so(repos, tmp_path):
    repo, good, bad = _broken_unit(repos, tmp_path)
    folder = new_folder(tmp_path, rollup_yml(unit_lines("qu-a", "甲区气象局", str(repos["qu-a"]))
                                             + unit_lines("qu-b", "乙区气象局", str(repo), last_good="true")))
    site = tmp_path / "site"
    result = run_build(folder, site)
    assert result.returncode == 0, result.stderr
    said = f"上次通过检查的版本 {good[:8]}"
    for page in [site / "index.html", site / "problems" / "index.html", site / "figures" / "index.html",
                 site / "units" / "qu-b" / "index.html", site / "units" / "qu-b" / "problems" / "P-002" / "index.html"]:
        html = page.read_text(encoding="utf-8")
        beside = html.split('data-unit="qu-b"')[1][:600]
        assert said in beside, page
        assert bad[:8] in html, page  # the revision that failed is named (in the mark's sentence)
    # the figures are those of the good revision: P-002 still 整改中 there
    rows = table_rows(next(t for t in page_tables(site / "problems" / "index.html") if t[0][0] == "单位"))
    assert [r["整改状态"] for r in rows if r["单位"].startswith("乙区") and r["编号"] == "P-002"] == ["整改中"]


def test_a_unit_of_another_campaign_is_refused_naming_the_differences(repos, tmp_path):
    repo = make_repo(tmp_path / "qu-d", name="丁区气象局", as_of="2023-11-28")
    edit(repo / "data" / "campaign.yml", "id: zhuti-jiaoyu-2023", "id: dangji-xuexi-2024")
    edit(repo / "data" / "campaign.yml", 'version: "1"', 'version: "2"')
    commit_all(repo, "另一次活动")
    folder = new_folder(tmp_path, rollup_yml(unit_lines("qu-d", "丁区气象局", str(repo))))
    result = subprocess.run([sys.executable, "-m", "ledger", "rollup", "check", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "单位「丁区气象局」（qu-d）" in result.stderr
    assert "id 为「dangji-xuexi-2024」，汇总的为「zhuti-jiaoyu-2023」" in result.stderr
    assert "version 为「2」，汇总的为「1」" in result.stderr
    built = run_build(folder, tmp_path / "site")
    assert built.returncode != 0 and "dangji-xuexi-2024" in built.stderr


@pytest.mark.parametrize("where, said", [("repo: {missing}", "找不到仓库"),
                                         ("repo: {repo}\n    ref: v9", "没有分支或标签「v9」"),
                                         ("path: {missing}", "找不到台账")])
def test_a_missing_or_unreadable_unit_is_named_and_stops(repos, tmp_path, where, said):
    place = where.format(missing=tmp_path / "nowhere", repo=repos["qu-a"])
    units = unit_lines("qu-a", "甲区气象局", str(repos["qu-a"])) + f"  - id: qu-x\n    name: 戊区气象局\n    {place}\n"
    folder = new_folder(tmp_path, rollup_yml(units))
    result = subprocess.run([sys.executable, "-m", "ledger", "rollup", "check", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "单位「戊区气象局」（qu-x）" in result.stderr and said in result.stderr


def _limit_memory():  # the child process: 1.5 GB of address space, as a CI runner might have
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


ALIAS_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
j: &j [*i, *i, *i, *i, *i, *i, *i, *i, *i]
"""


def test_a_hostile_unit_file_is_refused_with_the_units_name(repos, tmp_path):
    repo = make_repo(tmp_path / "qu-e", name="戊区气象局", as_of="2023-11-28")
    (repo / "data" / "problems" / "P-009.yml").write_text(ALIAS_BOMB, encoding="utf-8")
    commit_all(repo, "一个不怀好意的文件")
    folder = new_folder(tmp_path, rollup_yml(unit_lines("qu-a", "甲区气象局", str(repos["qu-a"]))
                                             + unit_lines("qu-e", "戊区气象局", str(repo))))
    result = subprocess.run([sys.executable, "-m", "ledger", "rollup", "check", str(folder)], capture_output=True,
                            text=True, timeout=300, preexec_fn=_limit_memory)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "单位「戊区气象局」（qu-e）" in result.stderr
    assert "data/problems/P-009.yml" in result.stderr


def test_a_unit_file_linking_outside_its_repository_is_refused_with_the_units_name(repos, tmp_path):
    repo = make_repo(tmp_path / "qu-f", name="己区气象局", as_of="2023-11-28")
    (repo / "data" / "problems" / "P-010.yml").symlink_to("/etc/hostname")
    commit_all(repo, "一个指向仓库外的链接")
    folder = new_folder(tmp_path, rollup_yml(unit_lines("qu-f", "己区气象局", str(repo))))
    result = subprocess.run([sys.executable, "-m", "ledger", "rollup", "check", str(folder)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "单位「己区气象局」（qu-f）" in result.stderr and "data/problems/P-010.yml 不能读取" in result.stderr


def test_the_example_rollup_builds(tmp_path):
    """examples/rollup-demo: three example units made from the sample (tools/rollup_demo.py), built strict."""
    site = tmp_path / "site"
    result = run_build(ROOT / "examples" / "rollup-demo", site)
    assert result.returncode == 0, result.stderr
    locations = {doc["location"] for doc in read_index(site)}
    assert {"units/qu-a/problems/P-001/", "units/qu-b/problems/P-001/"} <= locations
    for unit_id in ("qu-a", "qu-b", "qu-c"):
        assert BuildContext(ROOT / "examples" / "rollup-demo" / "units" / unit_id).figures  # each passes check
