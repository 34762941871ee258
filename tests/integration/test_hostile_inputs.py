"""Each hostile input of issue #21 through every command that reads it, in a subprocess held to 1 GB of memory
and a timeout: the command ends with its Chinese message, no Python traceback, no crash, nothing run.

The inputs: an alias bomb, 100,000 nested brackets, a tag that would run a command, an oversize file and an
oversize text, a record file linked to /dev/zero, a report template that would run a command, evidence files a
browser would run, a zip bomb returned as a workbook. The commands: check, a site build, `ledger diff` (as CI runs it on a merge request),
`ledger report`, `ledger import`.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support import copy_project

pytestmark = pytest.mark.build

MEMORY = 2**30  # 1 GB of address space for the command
TIMEOUT = 300   # seconds: a slow shared runner's build, far below the minutes an alias bomb would take
PWNED = "pwned-by-input"  # a file the hostile inputs try to create


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(project: Path, *command: str) -> subprocess.CompletedProcess:
    """A command in the project under the memory limit and the timeout (a timeout fails the test)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", *command], cwd=project, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT, preexec_fn=_limit_memory)


def git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=test@example.invalid", *args], cwd=project,
                   check=True, capture_output=True)


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The sample project under git (ledger diff reads revisions), one commit."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "sample")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "样例")
    return project


@pytest.fixture
def project(sample, tmp_path) -> Path:
    copy = tmp_path / "project"
    subprocess.run(["cp", "-a", str(sample), str(copy)], check=True)
    return copy


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def replace_line(path: Path, start: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith(start))
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def alias_bomb(project: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    append(project / "data" / "problems" / "P-002.yml", "\n".join(lines) + "\n")


def deep_nesting(project: Path) -> None:
    append(project / "data" / "problems" / "P-002.yml", "extra: " + "[" * 100_000 + "]" * 100_000 + "\n")


def python_tag(project: Path) -> None:
    replace_line(project / "data" / "plan.yml", "    title: ",
                 f"    title: !!python/object/apply:os.system [\"touch {PWNED}\"]")


def oversize_file(project: Path) -> None:
    append(project / "data" / "research.yml", "# " + "很长的注释" * (4 * 2**20) + "\n")  # 60 MB


def oversize_text(project: Path) -> None:
    replace_line(project / "data" / "problems" / "P-004.yml", "measures: ", "measures: " + "制定" * 25_000)


def template_payload(project: Path) -> None:
    replace_line(project / "templates" / "report.yml", "title: ",
                 f"title: \"{{{{ cycler.__init__.__globals__.os.popen('touch {PWNED}').read() }}}}\"")


def evidence_html(project: Path) -> None:
    (project / "docs" / "evidence" / "P-001-通知.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (project / "docs" / "evidence" / "P-001-图.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")


def device_link(project: Path) -> None:
    """A record file that is a link to /dev/zero (git carries links): reading it would never end."""
    (project / "data" / "problems" / "P-009.yml").symlink_to("/dev/zero")


RECORDS = "data/problems/P-002.yml"
CASES = {  # input -> (how to make it, the message that must be printed, the commands that read it)
    "alias_bomb": (alias_bomb, f"{RECORDS}:", "锚点“&a”", ("check", "build", "diff", "report", "import")),
    "deep_nesting": (deep_nesting, f"{RECORDS}:", "套了超过", ("check", "build", "diff", "report", "import")),
    "python_tag": (python_tag, "data/plan.yml:", "类型标记“!!python/object/apply:os.system”",
                   ("check", "build", "diff", "report")),
    "oversize_file": (oversize_file, "data/research.yml", "超过了上限 10 MB", ("check", "build", "diff")),
    "oversize_text": (oversize_text, "data/problems/P-004.yml:", "超过了上限 20,000 个字符", ("check", "build", "diff")),
    "template_payload": (template_payload, "templates/report.yml:", "模板不能用的写法", ("build", "report")),
    "device_link": (device_link, "data/problems/P-009.yml", "不是普通文件", ("check", "build", "diff", "report")),
    "evidence_types": (evidence_html, "docs/evidence/P-001-通知.html", "浏览器会运行的类型", ("check", "build")),
}


def command_for(name: str, project: Path) -> list[str]:
    if name == "check":
        return ["ledger", "check"]
    if name == "report":
        return ["ledger", "report"]
    if name == "diff":  # the edit committed, compared with the sample as CI compares a merge request with main
        git(project, "add", "-A")
        git(project, "commit", "-qm", "改动")
        return ["ledger", "diff", "HEAD~1", "HEAD", "--format", "text"]
    if name == "import":
        return ["ledger", "import", str(zip_bomb(project.parent / "bomb.xlsx"))]
    return ["mkdocs", "build", "--strict", "-q", "-d", str(project.parent / "site")]


def zip_bomb(path: Path) -> Path:
    """A workbook whose sheet inflates to 1 GB from about 1 MB."""
    if not path.exists():
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book, \
                book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"<row>" + b" " * (2**20 - 11) + b"</row>\n"
            for _ in range(1024):
                sheet.write(chunk)
    return path


@pytest.mark.parametrize("case, command", [(case, command) for case, (*_, commands) in CASES.items()
                                           for command in commands])
def test_a_hostile_input_ends_with_its_chinese_message(project, case, command):
    make, where, message, _commands = CASES[case]
    make(project)
    result = run(project, *command_for(command, project))
    output = result.stdout + result.stderr
    assert result.returncode not in (0, -9, -11, 137, 139), (result.returncode, output[-3000:])
    assert "Traceback" not in output and "MemoryError" not in output, output[-3000:]
    assert message in output and where in output, output[-3000:]
    assert not (project / PWNED).exists() and not Path(PWNED).exists()


def test_a_zip_bomb_returned_as_a_workbook_is_refused_before_it_is_opened(project):
    result = run(project, "ledger", "import", str(zip_bomb(project.parent / "bomb.xlsx")))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "bomb.xlsx：解压后有 1,024 MB" in result.stderr and "压缩炸弹" in result.stderr


def test_the_sample_passes_every_command_under_the_same_limits(project):
    """The limits are not what fails above: the sample itself builds, checks, reports and diffs within them."""
    for command in (["ledger", "check"], ["ledger", "report"], ["mkdocs", "build", "--strict", "-q", "-d",
                                                                  str(project.parent / "site")],
                    ["ledger", "diff", "HEAD", "."]):
        result = run(project, *command)
        assert result.returncode == 0, (command, result.stderr[-3000:])
