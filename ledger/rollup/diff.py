"""What changes in a roll-up between two states, unit by unit: `python -m ledger diff` in a roll-up's folder.

Two ways to name the two states:
- revisions of the roll-up's own repository (`diff origin/main HEAD`): data/rollup.yml and the campaign at
  each revision, every unit read as that revision's settings say (a merge request that moves a unit's
  ref to a newer tag shows what that tag brings);
- `--unit ID OLD NEW`: one unit read at two of its revisions (branches, tags or commits of its repository),
  every other unit as the settings say.

The result names each unit whose figures or records changed (its figures old → new, its records added,
removed and changed field by field, as a unit's own `ledger diff` says them), the units added or removed,
and the roll-up's totals that change. Each state is read and judged as a build would (RollupContext).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

from ledger import revisions
from ledger.revisions import FigureDiff, RecordChange, RevisionError, compare_figures, compare_records
from ledger.rollup import sources
from ledger.rollup.config import ROLLUP_FILE
from ledger.rollup.context import RollupContext, RollupInvalid, UnitRead
from ledger.text import escape_text

WORKING_FOLDER = revisions.WORKING_FOLDER


@dataclass(frozen=True)
class UnitDiff:
    key: str                       # shi-a/qu-1: the unit's ids through every level
    label: str                     # 某市局 / 某区局
    state: str                     # added | removed | changed
    revisions: tuple[str, str]     # the revision read on each side, in words
    figures: tuple[FigureDiff, ...] = ()
    records: tuple[RecordChange, ...] = ()


@dataclass(frozen=True)
class RollupDiff:
    rev1: str
    rev2: str
    totals: tuple[FigureDiff, ...]
    units: tuple[UnitDiff, ...]
    errors: tuple[tuple[str, str], ...] = ()   # (state, why it cannot be read)

    @property
    def empty(self) -> bool:
        return not (self.totals or self.units or self.errors)


def _walk(units, keys: tuple[str, ...] = (), labels: tuple[str, ...] = ()) -> Iterator[tuple[str, str, UnitRead]]:
    """Every unit at every level: (key, label, unit); a roll-up read as a unit, then its units."""
    for unit in units:
        key, label = (*keys, unit.id), (*labels, unit.label)
        yield "/".join(key), " / ".join(label), unit
        if unit.rollup is not None:
            yield from _walk(unit.rollup.units, key, label)


def compare_rollups(old: RollupContext, new: RollupContext, rev1: str = "", rev2: str = "") -> RollupDiff:
    before = {key: (label, unit) for key, label, unit in _walk(old.units)}
    after = {key: (label, unit) for key, label, unit in _walk(new.units)}
    found = []
    for key in dict.fromkeys([*after, *before]):
        if key not in before or key not in after:
            label, unit = after.get(key) or before[key]
            side = (("", unit.revision.text) if key not in before else (unit.revision.text, ""))
            found.append(UnitDiff(key, label, "added" if key not in before else "removed", side))
            continue
        (_, a), (label, b) = before[key], after[key]
        figures = compare_figures(a.figures, b.figures)
        records = (compare_records(a.context.ledger, b.context.ledger)
                   if a.context is not None and b.context is not None else ())
        if figures or records:
            found.append(UnitDiff(key, label, "changed", (a.revision.text, b.revision.text), figures, records))
    return RollupDiff(rev1, rev2, compare_figures(old.figures, new.figures), tuple(found))


def _read(make, state: str, errors: list) -> Optional[RollupContext]:
    try:
        return make()
    except RollupInvalid as exc:
        errors.append((state, exc.report()))
    except RevisionError as exc:
        errors.append((state, str(exc)))
    return None


def _diff(makes: tuple, rev1: str, rev2: str) -> RollupDiff:
    errors: list = []
    contexts = [_read(make, rev, errors) for make, rev in zip(makes, (rev1, rev2))]
    try:
        if errors:
            return RollupDiff(rev1, rev2, (), (), tuple(errors))
        return compare_rollups(contexts[0], contexts[1], rev1, rev2)
    finally:
        for context in contexts:
            if context is not None:
                context.close()


def diff_unit_revisions(folder: str | Path, unit_id: str, rev1: str, rev2: Optional[str] = None) -> RollupDiff:
    """The roll-up with unit `unit_id` read at rev1, then at rev2 (default: the ref its settings name)."""
    folder = Path(folder)
    probe = RollupContext.settings_of(folder)
    entry = next((u for u in probe.units if u.id == unit_id), None)
    if entry is None:
        raise RevisionError(f"汇总设置 data/{ROLLUP_FILE} 里没有编号为「{unit_id}」的单位（有：" +
                            "、".join(u.id for u in probe.units) + "）")
    if entry.repo is None:
        raise RevisionError(f"单位「{entry.name}」（{unit_id}）写的是文件夹（path），不是 git 仓库（repo），没有版本可比较")
    rev2 = rev2 or entry.ref
    for rev in (rev1, rev2):  # a name the unit's repository does not know is a mistake in the command
        try:
            sources.resolve((folder / entry.repo).resolve(), rev)
        except sources.SourceError as exc:
            raise RevisionError(f"单位「{entry.name}」（{unit_id}）：{exc}") from None
    return _diff((lambda: RollupContext(folder, refs={unit_id: rev1}),
                  lambda: RollupContext(folder, refs={unit_id: rev2})),
                 f"{entry.name} {rev1}", f"{entry.name} {rev2}")


def diff_rollup_revisions(folder: str | Path, rev1: str, rev2: str = "HEAD") -> RollupDiff:
    """The roll-up's settings at two revisions of its own repository ("." is the folder as it is now);
    the units' folders and repositories are the ones on this computer, as at a build."""
    folder = Path(folder).resolve()
    with tempfile.TemporaryDirectory(prefix="ledger-rollup-diff-") as tmp:
        def at(rev: str, index: int):
            def make():
                if rev == WORKING_FOLDER:
                    return RollupContext(folder)
                _project, data = revisions.extract(folder, rev, Path(tmp) / str(index))
                return RollupContext(folder, data_dir=data)
            return make
        return _diff((at(rev1, 0), at(rev2, 1)), rev1, rev2)


# ---- as Markdown (a job summary) and as plain text (a job log) ----
_STATES = {"added": "新增单位", "removed": "删除单位", "changed": "有变化"}


def diff_markdown_of(diff: RollupDiff) -> str:
    md = escape_text
    lines = [f"## 汇总台账变化：{md(diff.rev1)} → {md(diff.rev2)}", ""]
    for rev, report in diff.errors:
        lines += [f"**{md(rev)} 读取或检查未通过**，无法比较：", ""]
        lines += [f"- {md(line.strip())}" for line in report.splitlines() if line.strip()] + [""]
    if diff.errors:
        return "\n".join(lines)
    if diff.empty:
        return "\n".join(lines + ["各单位的数字和记录都没有变化。", ""])
    changed = "、".join(md(u.label) for u in diff.units) or "无"
    lines += [f"变化的单位：{changed}", "", "### 合计的变化", ""]
    lines += revisions.figures_markdown(diff.totals) if diff.totals else ["合计的各项数字都没有变化。"]
    for unit in diff.units:
        lines += ["", f"### {md(unit.label)}：{_STATES[unit.state]}", ""]
        before, after = unit.revisions
        lines.append(f"版本：{md(before or '（无）')} → {md(after or '（无）')}")
        if unit.figures:
            lines += ["", *revisions.figures_markdown(unit.figures)]
        if unit.records:
            lines += ["", *revisions.records_markdown(unit.records)]
    return "\n".join(lines + [""])


def diff_text_of(diff: RollupDiff) -> str:
    lines = [f"汇总台账变化：{diff.rev1} → {diff.rev2}"]
    for rev, report in diff.errors:
        lines += [f"{rev} 读取或检查未通过，无法比较：", report]
    if diff.errors:
        return "\n".join(lines) + "\n"
    if diff.empty:
        return "\n".join(lines + ["各单位的数字和记录都没有变化。"]) + "\n"
    lines.append("变化的单位：" + ("、".join(u.label for u in diff.units) or "无"))
    lines.append("合计的变化：" if diff.totals else "合计的变化：无")
    lines += revisions.figures_text(diff.totals)
    for unit in diff.units:
        before, after = unit.revisions
        lines.append(f"{unit.label}（{_STATES[unit.state]}，版本 {before or '（无）'} → {after or '（无）'}）：")
        lines += revisions.figures_text(unit.figures) + revisions.records_text(unit.records)
    return "\n".join(lines) + "\n"
