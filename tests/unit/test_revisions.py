"""`python -m ledger diff REV1 REV2` (ledger/revisions.py) on a small git repository made in the test."""
from __future__ import annotations

import dataclasses
import html
import shutil
import subprocess

import markdown
import pytest
import yaml

from ledger.cli import main
from ledger.context import BuildContext
from ledger.revisions import diff_markdown_of, diff_revisions, diff_text_of


def rendered(markdown_text: str) -> str:
    """The Markdown as HTML, character references read back (what a reader of the job summary sees)."""
    return html.unescape(markdown.markdown(markdown_text, extensions=["tables"]))


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path, root):
    """A git repository holding a project in a subfolder (台账/), the sample records committed once."""
    repo = tmp_path / "repo"
    project = repo / "台账"
    project.mkdir(parents=True)
    shutil.copytree(root / "data", project / "data")
    shutil.copytree(root / "templates", project / "templates")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.com")
    git(repo, "config", "user.name", "测试")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "样例")
    return repo


def edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def complete_p008(data):
    data.update(status="已完成", completed="2023-11-18",
                closure={"date": "2023-11-19", "evidence": "提醒机制文件", "approved_by": "党组书记、局长"})


def test_diff_lists_changed_figures_and_records_field_by_field(repo):
    project = repo / "台账"
    before = BuildContext(project)
    edit(project / "data" / "problems" / "P-008.yml", complete_p008)
    edit(project / "data" / "study.yml", lambda d: d["activities"].append(
        {"id": "DK-04", "type": "专题党课", "title": "新党课", "date": "2023-11-18"}))
    edit(project / "data" / "development.yml", lambda d: d["visits"].pop())
    git(repo, "commit", "-qam", "改动")
    after = BuildContext(project)

    diff = diff_revisions(project, "HEAD~1", "HEAD")
    figures = {f.field: (f.before, f.after) for f in diff.figures}
    assert figures["problems_done"] == (str(before.figures.problems_done), str(after.figures.problems_done))
    assert figures["completion_rate"] == (before.figures.completion_rate, after.figures.completion_rate)
    assert figures["lecture_count"] == (str(before.figures.lecture_count), str(after.figures.lecture_count))
    assert figures["problems_by_status.已完成"] == (str(before.figures.problems_by_status["已完成"]),
                                                  str(after.figures.problems_by_status["已完成"]))
    assert "book_count" not in figures
    records = {(r.noun, r.record_id): r for r in diff.records}
    removed_visit = before.ledger.visits[-1].id
    assert set(records) == {("问题", "P-008"), ("学习活动", "DK-04"), ("走访", removed_visit)}
    assert records[("学习活动", "DK-04")].state == "added" and records[("走访", removed_visit)].state == "removed"
    fields = {f.field: (f.title, f.before, f.after) for f in records[("问题", "P-008")].fields}
    assert fields == {"status": ("整改状态", "整改中", "已完成"), "completed": ("完成日期", "（空）", "2023-11-18"),
                      "closure": ("销号", "（空）", "2023-11-19 提醒机制文件 党组书记、局长")}

    page = rendered(diff_markdown_of(diff))  # as the job summary shows it
    assert "<h2>台账变化：HEAD~1 → HEAD</h2>" in page
    assert "<h3>记录变化（新增1条，删除1条，改动1条）</h3>" in page
    assert (f"<td>已完成整改（个）</td>\n<td>{before.figures.problems_done}</td>\n"
            f"<td>{after.figures.problems_done}</td>") in page
    assert "<strong>改动</strong> 问题 P-008" in page and "<li>整改状态（status）：整改中 → 已完成</li>" in page
    text = diff_text_of(diff)
    assert "  改动 问题 P-008\n    整改状态（status）：整改中 → 已完成" in text


def test_no_change_to_the_records_says_so(repo):
    (repo / "说明.txt").write_text("与台账无关", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "无关改动")
    diff = diff_revisions(repo / "台账", "HEAD~1", "HEAD")
    assert diff.empty and "这次改动不改变台账" in diff_markdown_of(diff)


def test_the_command_prints_markdown_and_writes_the_report_file(repo, capsys, tmp_path):
    data = repo / "台账" / "data"
    edit(data / "problems" / "P-008.yml", complete_p008)
    git(repo, "commit", "-qam", "完成 P-008")
    out_file = tmp_path / "ledger-diff.md"
    assert main(["--data", str(data), "diff", "main~1", "main", "--out", str(out_file)]) == 0
    printed = capsys.readouterr().out
    assert printed == out_file.read_text(encoding="utf-8") and "整改状态（status）：整改中 → 已完成" in printed
    assert main(["--data", str(data), "diff", "main~1", "--format", "text"]) == 0
    assert capsys.readouterr().out.startswith("台账变化：main~1 → HEAD\n")


def test_an_unknown_revision_or_broken_records_are_reported_in_chinese(repo, capsys):
    data = repo / "台账" / "data"
    assert main(["--data", str(data), "diff", "不存在的分支", "HEAD"]) == 2
    assert "git 里找不到版本「不存在的分支」" in capsys.readouterr().err
    text = (data / "problems" / "P-008.yml").read_text(encoding="utf-8").replace("status: 整改中", "status: 完成")
    (data / "problems" / "P-008.yml").write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "写错")
    assert main(["--data", str(data), "diff", "HEAD~1", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "版本 HEAD 的记录检查未通过" in rendered(out) and "问题 P-008 字段 status" in rendered(out)


def test_broken_records_before_the_edit_do_not_fail_the_edit_that_mends_them(repo, capsys):
    data = repo / "台账" / "data"
    path = data / "problems" / "P-008.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("status: 整改中", "status: 完成"), encoding="utf-8")
    git(repo, "commit", "-qam", "写错")
    path.write_text(good, encoding="utf-8")
    git(repo, "commit", "-qam", "改正")
    assert main(["--data", str(data), "diff", "HEAD~1", "HEAD", "--format", "text"]) == 0
    assert "版本 HEAD~1 的记录检查未通过，无法比较" in capsys.readouterr().out


def test_the_working_folder_against_the_last_commit(repo):
    project = repo / "台账"
    edit(project / "data" / "problems" / "P-008.yml", complete_p008)  # saved, not committed
    diff = diff_revisions(project, "HEAD", ".")
    assert [(r.record_id, r.state) for r in diff.records] == [("P-008", "changed")]
    assert diff_revisions(project, "HEAD", "HEAD").empty
