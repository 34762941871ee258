"""Where a unit's ledger is read from: a folder as it is, or one revision of a local git repository.

A revision is written out with `git archive` into a temporary folder (only data/, docs/ and the
requirements file: what `check` reads and the tool pin); nothing of the unit is run: no hook, no
filter, no checkout, no network. The archive is read as a stream with tarfile's "data" filter (no
links out of the folder, no device files) and a bound on its size.
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

PIN_FILE = "requirements.txt"
READ_PARTS = ("data/", "docs/", PIN_FILE)
MAX_BYTES = 200 * 1024 * 1024   # a unit's data and docs together
GIT_TIMEOUT = 120
# git options that keep a unit's repository from running anything or reading replaced objects
_GIT = ("git", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "--no-replace-objects")
_PIN_LINE = re.compile(r"^\s*ledger\s*(?:\[[^\]]*\])?\s*(?:==\s*([0-9][^\s;#]*)|@\s*\S*@v?([0-9][^\s;#/]*))", re.M)


class SourceError(Exception):
    """A unit that cannot be read (missing folder, not a repository, unknown branch): Chinese text."""


@dataclass(frozen=True)
class Revision:
    """The version of a unit's ledger that was read."""
    commit: Optional[str]          # full hash; None for a folder outside git
    date: Optional[dt.date]        # the commit's date

    @property
    def short(self) -> str:
        return self.commit[:8] if self.commit else ""

    @property
    def text(self) -> str:
        if not self.commit:
            return "（文件夹，不在 git 中）"
        return f"{self.short}（{self.date.isoformat()}）" if self.date else self.short


def _git(repo: Path, *args: str, binary: bool = False):
    try:
        done = subprocess.run([*_GIT, "-C", str(repo), *args], capture_output=True, timeout=GIT_TIMEOUT,
                              text=not binary)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SourceError(f"无法运行 git：{exc}") from None
    return done


def _revision(repo: Path, commit: str) -> Revision:
    done = _git(repo, "show", "-s", "--format=%H %cs", commit)
    full, _, day = done.stdout.strip().partition(" ")
    return Revision(full or commit, dt.date.fromisoformat(day) if day else None)


def resolve(repo: Path, ref: str) -> str:
    """The commit a branch or tag names; SourceError when the repository or the name is not there."""
    if not repo.exists():
        raise SourceError(f"找不到仓库 {repo}")
    if _git(repo, "rev-parse", "--git-dir").returncode != 0:
        raise SourceError(f"{repo} 不是 git 仓库")
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0 or not done.stdout.strip():
        raise SourceError(f"仓库 {repo} 里没有分支或标签「{ref}」")
    return done.stdout.strip()


def history(repo: Path, commit: str, count: int) -> list[str]:
    """The commit and the ones before it on its branch (first parents), newest first, at most `count`."""
    done = _git(repo, "rev-list", "--first-parent", f"--max-count={count}", commit)
    return done.stdout.split() if done.returncode == 0 else [commit]


def extract(repo: Path, commit: str, dest: Path) -> Revision:
    """The commit's data/, docs/ and requirements file written into `dest` (a new, empty folder)."""
    dest.mkdir(parents=True, exist_ok=True)
    try:
        process = subprocess.Popen([*_GIT, "-C", str(repo), "archive", "--format=tar", commit],
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    except OSError as exc:
        raise SourceError(f"无法运行 git：{exc}") from None
    total = 0
    try:
        with tarfile.open(fileobj=process.stdout, mode="r|") as archive:
            for member in archive:
                if not member.name.startswith(READ_PARTS) and member.name != PIN_FILE:
                    continue
                total += member.size
                if total > MAX_BYTES:
                    raise SourceError(f"版本 {commit[:8]} 的 data/ 和 docs/ 超过 {MAX_BYTES // 1024 // 1024} MB，不予读取")
                try:
                    archive.extract(member, dest, filter="data")
                except tarfile.FilterError as exc:
                    raise SourceError(f"版本 {commit[:8]} 里的 {member.name} 不能读取（{exc}）") from None
    except tarfile.TarError as exc:
        raise SourceError(f"读取版本 {commit[:8]} 失败：{exc}") from None
    finally:
        process.stdout.close()
        if process.poll() is None:
            process.kill()
        process.wait(timeout=GIT_TIMEOUT)
    return _revision(repo, commit)


def folder_revision(folder: Path) -> Revision:
    """The newest commit that touched a unit folder inside a git repository; no commit outside git."""
    done = _git(folder, "log", "-1", "--format=%H %cs", "--", ".")
    full, _, day = done.stdout.strip().partition(" ") if done.returncode == 0 else ("", "", "")
    return Revision(full or None, dt.date.fromisoformat(day) if day else None)


def read_pin(folder: Path) -> Optional[str]:
    """The tool version a unit pins in its requirements file (ledger==0.1.0, or ledger @ git+…@v0.1.0)."""
    path = folder / PIN_FILE
    if not path.is_file() or path.stat().st_size > 1024 * 1024:
        return None
    match = _PIN_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
    return (match.group(1) or match.group(2)) if match else None


def version_key(version: str) -> tuple:
    """0.1.10 after 0.1.9: the leading numbers of each dotted part."""
    return tuple(int(m.group()) if (m := re.match(r"\d+", part)) else -1 for part in version.split("."))


FETCH_TIMEOUT = 600


def fetch(remote: str, repo: Path) -> str:
    """The unit's repository brought to this computer from the git server: cloned as a mirror the first time
    (no working files; every branch and tag), updated after. Returns what was done, in Chinese; SourceError
    when git fails. Only this command talks to the git server; a build reads the local copy."""
    if (repo / "HEAD").is_file() or (repo / ".git").exists():
        args, done_text = ["-C", str(repo), "fetch", "--quiet", "--prune", "--tags", "--force", remote,
                           "+refs/heads/*:refs/heads/*"], "已更新"
    else:
        repo.parent.mkdir(parents=True, exist_ok=True)
        args, done_text = ["clone", "--quiet", "--mirror", "--", remote, str(repo)], "已克隆"
    try:
        done = subprocess.run([*_GIT, *args], capture_output=True, text=True, timeout=FETCH_TIMEOUT)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SourceError(f"无法运行 git：{exc}") from None
    if done.returncode != 0:
        raise SourceError(f"从 {remote} 取仓库失败：{done.stderr.strip() or done.returncode}")
    return done_text
