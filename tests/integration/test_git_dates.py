"""Each page shows its "last updated" date from git history, in Chinese; outside git the build still works."""
import os
import re
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from support import copy_project, run_build

pytestmark = pytest.mark.build

DATE_SPAN = re.compile(r'<span class="git-revision-date-localized-plugin git-revision-date-localized-plugin-date"'
                       r'[^>]*>([^<]+)</span>')


def page_date(html_file) -> str:
    dates = DATE_SPAN.findall(html_file.read_text(encoding="utf-8"))
    assert len(dates) == 1, f"{html_file} 应当恰有一个“最后更新”日期，实有 {dates}"
    return dates[0]


def git(project, *args, date=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-c", "user.name=编辑", "-c", "user.email=editor@example.invalid",
                    "-c", "commit.gpgsign=false", *args],
                   cwd=project, env=env, check=True, capture_output=True)


def committed_project(tmp_path):
    """A copy of the project as a git repository whose every file was first committed on 2026-03-02."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "初稿", date="2026-03-02T09:00:00+08:00")
    return project


def test_each_page_shows_its_own_last_commit_date_in_chinese(tmp_path):
    project = committed_project(tmp_path)
    # 01:30 in Beijing is still the previous day in UTC: the page must show the Beijing date.
    problems = project / "docs" / "problems.md"
    problems.write_text(problems.read_text(encoding="utf-8") + "\n<!-- 修订：补充整改说明 -->\n", encoding="utf-8")
    git(project, "commit", "-q", "-am", "修订检视整改页", date="2026-06-01T01:30:00+08:00")

    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert page_date(site / "problems" / "index.html") == "2026年6月1日"
    for page in ("index.html", "study/index.html", "research/index.html", "plan/index.html"):
        assert page_date(site / page) == "2026年3月2日", page


def test_a_record_change_dates_the_pages_made_from_it(tmp_path):
    """A progress note added to a problem touches only data/problems/P-002.yml, yet the pages showing it have changed."""
    project = committed_project(tmp_path)
    problems = project / "data" / "problems" / "P-002.yml"
    text = problems.read_text(encoding="utf-8")
    assert text.count("站点选址完成，建设方案报批中") == 1
    problems.write_text(text.replace("站点选址完成，建设方案报批中", "站点选址完成，建设方案已获批复"), encoding="utf-8")
    git(project, "commit", "-q", "-am", "补充整改进展", date="2026-07-15T10:00:00+08:00")

    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    # the strand page of that record, the pages generated from it, and the pages built from every record
    for page in ("problems/index.html", "problems/P-002/index.html", "index.html", "report/index.html"):
        assert page_date(site / page) == "2026年7月15日", page
    # pages made from other records keep their date
    for page in ("study/index.html", "research/index.html", "plan/index.html"):
        assert page_date(site / page) == "2026年3月2日", page


def test_a_build_outside_git_uses_the_build_date(tmp_path):
    """A downloaded zip has no .git: the strict build must still succeed, dated the day it was built."""
    project = copy_project(tmp_path / "project")
    assert not (project / ".git").exists()
    result = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=project, capture_output=True, text=True)
    assert result.returncode != 0, "临时文件夹不应位于某个 git 仓库之内"

    def today() -> str:
        now = datetime.now(ZoneInfo("Asia/Shanghai"))
        return f"{now.year}年{now.month}月{now.day}日"

    before = today()
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr
    assert page_date(site / "index.html") in {before, today()}
