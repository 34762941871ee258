"""What an edit changes: the ledger at two git revisions compared, figures and records field by field.

`python -m ledger diff REV1 REV2` takes data/ and templates/ of each revision out of git (git archive,
into a temporary folder), loads both through BuildContext as a build would, and lists the figures
that change, the records added and removed, and each changed record's fields (old → new). CI runs it
on every merge request against the target branch (.gitlab-ci.yml, .github/workflows/ledger.yml).
The result is Chinese Markdown (a job summary, a report file) or plain text (a job log).
"""
from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ledger.context import BuildContext, DATA_FOLDER
from ledger.records import models as m
from ledger.records.errors import LedgerInvalid
from ledger.records.ledger import Ledger, iter_record_lists
from ledger.text import escape_text
from ledger.records.campaign import CAMPAIGN_FILE
from ledger.views.measures import FigureValues
from ledger.views.report_template import DEFAULT_TEMPLATE

SETTINGS_KEY = "settings"
WORKING_FOLDER = "."   # as a revision: the records as they are in the folder now, saved or not
EMPTY = "（空）"


class RevisionError(Exception):
    """A revision that cannot be read (unknown to git, not a git folder): the message is Chinese."""


@dataclass(frozen=True)
class FieldChange:
    field: str       # status
    title: str       # 整改状态
    before: str
    after: str


@dataclass(frozen=True)
class RecordChange:
    kind: str        # problems, or settings
    noun: str        # 问题, 单位设置
    record_id: str
    state: str       # added | removed | changed
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class FigureDiff:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class LedgerDiff:
    rev1: str
    rev2: str
    figures: tuple[FigureDiff, ...]
    records: tuple[RecordChange, ...]
    errors: tuple[tuple[str, str], ...] = ()   # (revision, the check's report) of a revision whose records fail

    @property
    def empty(self) -> bool:
        return not (self.figures or self.records or self.errors)


# ---- reading a revision out of git ----
def _git(cwd: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise RevisionError("找不到 git 命令：请先安装 git") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RevisionError(f"git {' '.join(args[:2])} 失败：{message}")
    return result.stdout


def _plain_files(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo:
    """Folders and files only: a symbolic link in a revision could point at /dev/zero or at a file of this computer."""
    if not (member.isfile() or member.isdir()):
        raise RevisionError(f"{member.name} 不是普通文件（是符号链接或设备文件），没有读取这个版本。"
                            "记录文件夹和汇报文字模板里只能有普通文件")
    return tarfile.data_filter(member, path)


def extract(project_dir: Path, rev: str, dest: Path, data_folder: Path | None = None) -> tuple[Path, Path]:
    """The records and the report template of `rev` written under `dest`: (project folder, data folder) there."""
    project_dir = project_dir.resolve()
    data_dir = (data_folder if data_folder is not None else project_dir / DATA_FOLDER).resolve()
    top = Path(_git(project_dir, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    try:
        commit = _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except RevisionError:
        raise RevisionError(f"git 里找不到版本「{rev}」（应为分支名、标签或提交号，如 origin/main）") from None
    try:
        wanted = [data_dir.relative_to(top).as_posix(), (project_dir / DEFAULT_TEMPLATE).relative_to(top).as_posix()]
    except ValueError:
        raise RevisionError(f"{data_dir} 不在 git 仓库 {top} 里") from None
    present = [path for path in wanted if _git(top, "ls-tree", "--name-only", commit, "--", path).strip()]
    if not present or present[0] != wanted[0]:
        raise RevisionError(f"版本 {rev} 里没有记录文件夹 {wanted[0]}/")
    archive = _git(top, "archive", "--format=tar", commit, "--", *present)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter=_plain_files)
    extracted = dest / data_dir.relative_to(top)
    if not (extracted / CAMPAIGN_FILE).exists() and (data_dir / CAMPAIGN_FILE).is_file():
        # a revision from before campaign definitions were data: read with the working folder's definition
        (extracted / CAMPAIGN_FILE).write_bytes((data_dir / CAMPAIGN_FILE).read_bytes())
    return dest / project_dir.relative_to(top), extracted


def load_revision(project_dir: Path, rev: str, dest: Path, data_folder: Path | None = None) -> BuildContext:
    """The build context of the project as it was at `rev` (raises LedgerInvalid for broken records)."""
    project, data = extract(project_dir, rev, dest, data_folder)
    template = project / DEFAULT_TEMPLATE
    return BuildContext(project, data_dir=data, template=template if template.is_file() else None)


# ---- comparing ----
def show_value(value: Any) -> str:
    """A field's value as one line of text: dates as 2023-11-20, lists joined, entries by their fields."""
    if value is None or value == [] or value == ():
        return EMPTY
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, m.ReviewRound):  # 申请 2023-11-06（办公室，佐证材料：…）；审核 2023-11-08 通过（局长）
        return value.describe()
    if isinstance(value, BaseModel):
        return " ".join(show_value(v) for v in value.model_dump().values() if v not in (None, [], ""))
    if isinstance(value, dict):
        return "，".join(f"{k} {show_value(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, (list, tuple)):
        return "；".join(show_value(v) for v in value)
    return str(value)


def _field_changes(model: type[BaseModel], old: BaseModel, new: BaseModel) -> tuple[FieldChange, ...]:
    changes = []
    for name, info in model.model_fields.items():
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(FieldChange(name, info.title or name, show_value(before), show_value(after)))
    return tuple(changes)


def compare_records(old: Ledger, new: Ledger) -> tuple[RecordChange, ...]:
    """Settings, then each kind's records: added, removed, changed (field by field), in file order."""
    found: list[RecordChange] = []
    settings_fields = _field_changes(type(new.settings), old.settings, new.settings)
    if settings_fields:
        found.append(RecordChange(SETTINGS_KEY, "单位设置", "settings.yml", "changed", settings_fields))
    old_lists = dict((kind.key, records) for kind, records in iter_record_lists(old))
    for kind, records in iter_record_lists(new):
        before = {r.id: r for r in old_lists[kind.key]}
        after = {r.id: r for r in records}
        for record_id, record in after.items():
            if record_id not in before:
                found.append(RecordChange(kind.key, kind.noun, record_id, "added"))
            elif before[record_id] != record:
                found.append(RecordChange(kind.key, kind.noun, record_id, "changed",
                                          _field_changes(kind.model, before[record_id], record)))
        found += [RecordChange(kind.key, kind.noun, record_id, "removed") for record_id in before
                  if record_id not in after]
    return tuple(found)


def _figure_value(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value)) or EMPTY
    return show_value(value)


def compare_figures(old: FigureValues, new: FigureValues) -> tuple[FigureDiff, ...]:
    """The figures that differ, named as the newer campaign definition names them; a figure made of parts
    (by status, by source) lists only the parts that differ; a figure one side does not declare reads （空）."""
    found = []
    for name in dict.fromkeys([*new, *old]):
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        label = (new if name in new else old).caption(name)
        if before is None or after is None:
            found.append(FigureDiff(name, label, _figure_value(before), _figure_value(after)))
            continue
        if isinstance(before, dict):
            for part in dict.fromkeys([*before, *after]):
                if before.get(part, 0) != after.get(part, 0):
                    found.append(FigureDiff(f"{name}.{part}", f"{label}·{part}", str(before.get(part, 0)),
                                            str(after.get(part, 0))))
        else:
            found.append(FigureDiff(name, label, _figure_value(before), _figure_value(after)))
    return tuple(found)


def compare(old: BuildContext, new: BuildContext, rev1: str = "", rev2: str = "") -> LedgerDiff:
    return LedgerDiff(rev1, rev2, compare_figures(old.figures, new.figures), compare_records(old.ledger, new.ledger))


def diff_revisions(project_dir: str | Path, rev1: str, rev2: str = "HEAD", *,
                   data_folder: Path | None = None) -> LedgerDiff:
    """The ledger at rev1 compared with the ledger at rev2 (each loaded and judged on its own as_of);
    "." is the working folder (edits not yet committed)."""
    project_dir = Path(project_dir)
    with tempfile.TemporaryDirectory(prefix="ledger-diff-") as tmp:
        contexts, errors = [], []
        for index, rev in enumerate((rev1, rev2)):
            try:
                contexts.append(BuildContext(project_dir, data_dir=data_folder) if rev == WORKING_FOLDER
                                else load_revision(project_dir, rev, Path(tmp) / str(index), data_folder))
            except LedgerInvalid as exc:
                contexts.append(None)
                errors.append((rev, exc.report()))
        if errors:
            return LedgerDiff(rev1, rev2, (), (), tuple(errors))
        return compare(contexts[0], contexts[1], rev1, rev2)


# ---- as Markdown (a job summary, a report file) and as plain text (a job log) ----
STATE_WORDS = {"added": "新增", "removed": "删除", "changed": "改动"}


def _md(value: str) -> str:
    return escape_text(value)


def figures_markdown(figures: tuple[FigureDiff, ...]) -> list[str]:
    """The changed figures as a Markdown table (数字 | 改前 | 改后)."""
    return ["| 数字 | 改前 | 改后 |", "| --- | --- | --- |",
            *(f"| {_md(f.label)} | {_md(f.before)} | {_md(f.after)} |" for f in figures)]


def records_markdown(records: tuple[RecordChange, ...]) -> list[str]:
    """Each record added, removed or changed, its changed fields below it, as a Markdown list."""
    lines = []
    for change in records:
        lines.append(f"- **{STATE_WORDS[change.state]}** {_md(change.noun)} {_md(change.record_id)}")
        lines += [f"    - {_md(f.title)}（{_md(f.field)}）：{_md(f.before)} → {_md(f.after)}" for f in change.fields]
    return lines


def figures_text(figures: tuple[FigureDiff, ...]) -> list[str]:
    return [f"  {f.label}：{f.before} → {f.after}" for f in figures]


def records_text(records: tuple[RecordChange, ...]) -> list[str]:
    lines = []
    for change in records:
        lines.append(f"  {STATE_WORDS[change.state]} {change.noun} {change.record_id}")
        lines += [f"    {f.title}（{f.field}）：{f.before} → {f.after}" for f in change.fields]
    return lines


def diff_markdown_of(diff: LedgerDiff) -> str:
    lines = [f"## 台账变化：{_md(diff.rev1)} → {_md(diff.rev2)}", ""]
    for rev, report in diff.errors:
        lines += [f"**版本 {_md(rev)} 的记录检查未通过**，无法比较：", ""]
        lines += [f"- {_md(line.strip())}" for line in report.splitlines()[1:]] + [""]
    if diff.errors:
        return "\n".join(lines)
    if diff.empty:
        return "\n".join(lines + ["这次改动不改变台账：数字和记录都没有变化。", ""])
    lines += ["### 数字变化", ""]
    lines += figures_markdown(diff.figures) if diff.figures else ["各项数字都没有变化。"]
    counts = {state: sum(1 for r in diff.records if r.state == state) for state in STATE_WORDS}
    lines += ["", f"### 记录变化（新增{counts['added']}条，删除{counts['removed']}条，改动{counts['changed']}条）", ""]
    lines += records_markdown(diff.records)
    return "\n".join(lines + [""])


def diff_text_of(diff: LedgerDiff) -> str:
    lines = [f"台账变化：{diff.rev1} → {diff.rev2}"]
    for rev, report in diff.errors:
        lines += [f"版本 {rev} 的记录检查未通过，无法比较：", report]
    if diff.errors:
        return "\n".join(lines) + "\n"
    if diff.empty:
        return "\n".join(lines + ["这次改动不改变台账：数字和记录都没有变化。"]) + "\n"
    lines.append("数字变化：" if diff.figures else "数字变化：无")
    lines += figures_text(diff.figures)
    lines.append("记录变化：" if diff.records else "记录变化：无")
    lines += records_text(diff.records)
    return "\n".join(lines) + "\n"

