"""Each problem's generated page: safe names, whole history in order, evidence link, judgements, inert text."""
import dataclasses
import html
import datetime as dt
import shutil

import pytest
import yaml

from ledger import LedgerInvalid, load_ledger
from ledger.views import tracker
from ledger.cli import main
from ledger.records.models import ProgressEntry
from ledger.views.tables import link_target
from ledger.views.problem_page import page_name, page_path, problem_markdown, problem_pages, relative_link


def test_page_names_are_the_id_when_safe_else_a_stable_hash():
    assert page_path("P-001") == "problems/P-001.md"
    assert page_name("问题1") == "问题1"
    for unsafe in ("P/1", "../x", "a b", ".hidden", "P?1"):
        name = page_name(unsafe)
        assert name.startswith("problem-") and name == page_name(unsafe)
    assert page_name("P/1") != page_name("P/2")


def test_links_are_relative_to_the_linking_page():
    assert relative_link("problems/P-001.md", "problems.md") == "problems/P-001.md"
    assert relative_link("problems/P-001.md", "reports/2023/summary.md") == "../../problems/P-001.md"
    assert relative_link("board.md", "problems/P-001.md") == "../board.md"


def _page(ledger, pid):
    return dict(problem_pages(ledger))[page_path(pid)]


def test_every_problem_gets_a_page(root):
    ledger = load_ledger(root / "data")
    assert sorted(dict(problem_pages(ledger))) == sorted(page_path(p.id) for p in ledger.problems)


def test_page_holds_the_whole_history_oldest_first(root):
    ledger = load_ledger(root / "data")
    p = ledger.problem("P-005")
    md = _page(ledger, "P-005")
    history = md.split("## 整改过程")[1].split("## 销号")[0]
    positions = [history.index(entry.text) for entry in p.progress]
    assert positions == sorted(positions)
    for event in ("发现问题", "完成整改", "销号"):
        assert event in history
    assert history.index("发现问题") < positions[0] and positions[-1] < history.index("销号")
    assert "render_macros: false" in md


def test_closed_problem_links_its_evidence_file_relative_to_its_page(root):
    ledger = load_ledger(root / "data")
    p = ledger.problem("P-005")
    assert p.closure.evidence_file
    md = _page(ledger, "P-005")
    assert f"]({link_target('../' + p.closure.evidence_file)})" in md  # percent-encoded, in <>: any file name
    assert p.closure.approved_by in md


def test_overdue_problem_page_warns(root):
    ledger = load_ledger(root / "data")
    md = _page(ledger, "P-008")
    assert '!!! warning "需要关注' in md
    alerts = tracker.assess(ledger).alerts_for("P-008")
    assert alerts
    for alert in alerts:
        assert alert.note in md
    assert "!!! warning" not in _page(ledger, "P-001")


def test_record_text_stays_text(root):
    ledger = load_ledger(root / "data")
    nasty = ledger.problems[0].model_copy(update={
        "description": "<script>alert(1)</script> **粗** {{ fig }}",
        "progress": [ProgressEntry(date=ledger.problems[0].found, text="[链接](http://example.com) | 竖线")]})
    body = problem_markdown(ledger, nasty, tracker.assess(ledger)).split("---\n", 2)[2]  # after the front matter
    for raw in ("<script>", "**粗**", "{{", "](http", "| 竖线"):
        assert raw not in body


def test_page_title_is_escaped_for_themes_that_print_it_raw(root):
    """Material prints a front-matter title unescaped into <title>: it must hold no markup of its own."""
    ledger = load_ledger(root / "data")
    nasty = ledger.problems[0].model_copy(update={"description": "</title><script>alert(1)</script> & \"引号\""})
    md = problem_markdown(ledger, nasty, tracker.assess(ledger))
    meta = yaml.safe_load(md.split("---\n")[1])
    assert meta["render_macros"] is False
    assert html.unescape(meta["title"]) == f"{nasty.id} {nasty.description}"
    assert "<" not in meta["title"] and ">" not in meta["title"]


def test_late_completion_is_said(root):
    ledger = load_ledger(root / "data")
    p = ledger.problems[0]
    late = p.model_copy(update={"completed": p.deadline + dt.timedelta(days=3),
                                "closure": p.closure.model_copy(update={"date": p.deadline + dt.timedelta(days=4)})})
    assert "超过整改时限3天完成" in problem_markdown(ledger, late, tracker.assess(ledger))


# ---- the evidence file must exist under docs/ ----
def _project_with_evidence(tmp_path, root, evidence_file):
    shutil.copytree(root / "data", tmp_path / "data")
    (tmp_path / "docs" / "evidence").mkdir(parents=True)
    (tmp_path / "docs" / "evidence" / "real.pdf").write_bytes(b"%PDF-1.4\n")
    text = (tmp_path / "data" / "problems" / "P-005.yml").read_text(encoding="utf-8")
    sample = load_ledger(root / "data").problem("P-005").closure.evidence_file
    (tmp_path / "data" / "problems" / "P-005.yml").write_text(
        text.replace(f"evidence_file: {sample}", f"evidence_file: {evidence_file}"), encoding="utf-8")
    return tmp_path / "data"


def test_existing_evidence_file_passes(tmp_path, root):
    ledger = load_ledger(_project_with_evidence(tmp_path, root, "evidence/real.pdf"))
    assert ledger.problem("P-005").closure.evidence_file == "evidence/real.pdf"


@pytest.mark.parametrize("bad", ["evidence/missing.pdf", "../data/problems/P-005.yml", "docs/evidence/real.pdf",
                                 "/etc/passwd", "evidence"])
def test_missing_or_outside_evidence_file_is_an_error_with_its_line(tmp_path, root, bad):
    data = _project_with_evidence(tmp_path, root, bad)
    with pytest.raises(LedgerInvalid) as caught:
        load_ledger(data)
    [error] = caught.value.errors
    assert error.record == "问题 P-005" and error.field == "closure.evidence_file"
    assert f"佐证材料文件「{bad}」" in error.message
    assert error.file == "data/problems/P-005.yml"
    line = (data / "problems" / "P-005.yml").read_text(encoding="utf-8").splitlines()[error.line - 1]
    assert "evidence_file" in line
    if bad.startswith("docs/"):
        assert "不要以 docs/ 开头" in error.message


# ---- python -m ledger status ----
def test_status_command_prints_a_pasteable_summary(root, capsys):
    ledger = load_ledger(root / "data")
    assert main(["--data", str(root / "data"), "status"]) == 0
    out = capsys.readouterr().out
    s = ledger.settings
    assert out.startswith(f"{s.unit}检视整改情况（截至{s.as_of.year}年{s.as_of.month}月{s.as_of.day}日）")
    assessment = tracker.assess(ledger)
    for alerts in assessment.by_kind().values():
        for alert in alerts:
            assert f"{alert.problem.id} {alert.problem.description}" in out and alert.note in out
    assert f"整改完成率{tracker.completion_rate(ledger.problems)}" in out


def test_status_command_judges_on_another_date(root, capsys):
    ledger = load_ledger(root / "data")
    p8 = ledger.problem("P-008")
    later = p8.deadline + dt.timedelta(days=9)
    assert main(["--data", str(root / "data"), "status", "--as-of", later.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "已逾期9天" in out


def test_status_command_refuses_a_bad_date(root, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--data", str(root / "data"), "status", "--as-of", "2023-13-01"])
    assert caught.value.code == 2
    assert "不是有效日期" in capsys.readouterr().err


def test_status_of_a_ledger_with_a_finished_but_unclosed_problem(root, capsys):
    from ledger.views.status import status_summary
    ledger = load_ledger(root / "data")
    p1 = ledger.problem("P-001").model_copy(update={"closure": None})
    changed = dataclasses.replace(ledger, problems=(p1,) + ledger.problems[1:])
    assert "已完成但缺少佐证材料1个：" in status_summary(changed)
    assert "P-001" in status_summary(changed).split("已完成但缺少佐证材料")[1]
