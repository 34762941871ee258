"""A roll-up ledger: many units' ledgers read and judged together, each as of its own 截至 date.

A roll-up folder holds data/rollup.yml (its units, ledger/rollup/config.py) and data/campaign.yml (the
campaign it collects). Every unit is read through the records' safe loader (a BuildContext of the unit:
load_ledger, the same checks as `check`, with this tool's own code): none of a unit's templates, pages
or code is rendered or run. What can stop a roll-up, and each unit that does, is gathered into one
RollupInvalid that names every unit at fault with its own errors: nothing is lost, nothing is silent.

Engine-free: ledger/rollup/pages.py writes the pages as Markdown, ledger_mkdocs/rollup.py hands them to
MkDocs.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from ledger.version import version
from pathlib import Path
from typing import Any, Iterator, Optional

from ledger.context import DATA_FOLDER, BuildContext, BuildOptions
from ledger.records.audience import INTERNAL, check_audience
from ledger.records.dated import as_known_on
from ledger.records.campaign import Campaign
from ledger.records.errors import LedgerInvalid, RecordError
from ledger.records.load import load_campaign, load_model_file
from ledger.records.yamlfile import ParsedFile
from ledger.rollup import sources
from ledger.rollup.config import OWN_ID, OWN_LABEL, ROLLUP_FILE, ROLLUP_SUBJECT, RollupConfig, UnitEntry
from ledger.rollup.sources import Revision, SourceError
from ledger.views.measures import FigureValues, add_up, compute_figures


def tool_version() -> str:
    """This tool's version, as installed (pyproject.toml's version)."""
    return version()


@dataclass(frozen=True)
class LastGood:
    """A unit shown at an older revision because its newest one failed its check."""
    failed: Revision              # the newest revision, which failed
    error_count: int
    used: Revision


@dataclass
class UnitProblem:
    """Why one unit stops the roll-up: a sentence, and the unit's own located errors if it has any."""
    unit: str                     # 单位「某区局」（qu-a）
    where: str                    # 仓库 ../qu-a 分支 main 版本 1a2b3c4d
    message: str
    errors: list[RecordError] = field(default_factory=list)
    inner: list["UnitProblem"] = field(default_factory=list)   # a roll-up read as a unit: its units at fault

    def lines(self) -> list[str]:
        head = f"{self.unit}（{self.where}）：{self.message}" if self.where else f"{self.unit}：{self.message}"
        return [head, *(f"    {e}" for e in self.errors), *(f"    {line}" for p in self.inner for line in p.lines())]


class RollupInvalid(Exception):
    """The roll-up cannot be built: its own settings are wrong, or some units cannot be read or fail."""

    def __init__(self, problems: list[UnitProblem], errors: list[RecordError] = ()):
        self.problems = problems
        self.errors = list(errors)
        super().__init__(self.report())

    def report(self) -> str:
        lines = []
        if self.errors:
            lines += [f"汇总设置有误：共 {len(self.errors)} 处错误", *(f"  {e}" for e in self.errors)]
        if self.problems:
            lines.append(f"汇总未通过：{len(self.problems)} 个单位有问题，构建停止")
            lines += [f"  {line}" for p in self.problems for line in p.lines()]
        return "\n".join(lines)


@dataclass
class UnitRead:
    """One unit as the roll-up shows it."""
    id: str
    name: str
    url: Optional[str]
    own: bool                     # the roll-up's own records (本级)
    source: str                   # where it was read from, in words
    context: Optional[BuildContext]   # a unit's own ledger; None for a roll-up read as a unit
    revision: Revision
    last_good: Optional[LastGood]
    pin: Optional[str]            # the tool version the unit pins, if it writes one
    days_behind: int              # the roll-up's 截至 minus the unit's
    late: bool                    # 迟报
    rollup: Optional["RollupContext"] = None   # a roll-up read as a unit (a 市局 under a 省局)

    @property
    def as_of(self) -> dt.date:
        return self.rollup.as_of if self.rollup is not None else self.context.as_of

    @property
    def figures(self) -> FigureValues:
        """The unit's figures on its own 截至 date; a roll-up's: its totals."""
        return self.rollup.figures if self.rollup is not None else self.context.figures

    def figures_on(self, day: dt.date) -> FigureValues:
        """The unit's figures as its records stood on `day` (a roll-up's: its units' on that day, added up)."""
        if self.rollup is not None:
            return self.rollup.figures_on(day)
        if day >= self.context.as_of:
            return self.context.figures
        return compute_figures(as_known_on(self.context.ledger, day))

    def leaves(self, path: tuple["UnitRead", ...] = ()) -> Iterator["UnitPath"]:
        """The ledgers under this unit: itself, or every unit of a roll-up, with the units leading to each."""
        here = (*path, self)
        if self.rollup is None:
            yield UnitPath(here)
        else:
            for unit in self.rollup.units:
                yield from unit.leaves(here)

    @property
    def label(self) -> str:
        """The row's name: the unit's name, 本级 for the roll-up's own records."""
        return f"{self.name}（{OWN_LABEL}）" if self.own and OWN_LABEL not in self.name else self.name

    def pin_older_than(self, version: str) -> bool:
        return self.pin is not None and sources.version_key(self.pin) < sources.version_key(version)


@dataclass(frozen=True)
class UnitPath:
    """A unit's own ledger and the roll-ups it is read through: (市局, 区局) under a 省局, (区局,) under a 市局."""
    units: tuple[UnitRead, ...]

    @property
    def leaf(self) -> UnitRead:
        return self.units[-1]

    @property
    def context(self) -> BuildContext:
        return self.units[-1].context

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.units)

    @property
    def label(self) -> str:
        """市局甲 / 区局乙: every level's name, for a 单位 column."""
        return " / ".join(u.label for u in self.units)


@dataclass(frozen=True)
class ProblemEntry:
    """One problem of one unit's ledger, as a roll-up lists it."""
    path: UnitPath
    problem: Any

    @property
    def unit(self) -> UnitRead:
        return self.path.leaf

    @property
    def alerts(self) -> tuple:
        return tuple(self.path.context.assessment.alerts_for(self.problem.id))


class RollupContext:
    """The roll-up of one folder: its settings, every unit read and checked, and the totals."""

    def __init__(self, project_dir: str | Path, *, look_back: Optional[int] = None, audience: str = INTERNAL,
                 data_dir: str | Path | None = None, chain: tuple[Path, ...] = (),
                 refs: Optional[dict[str, str]] = None):
        """audience: internal, or public (each unit read as its public build: internal records left out,
        figures of public records only). data_dir: where data/rollup.yml is, when not under project_dir
        (a roll-up read as a unit at a git revision; its units' paths stay relative to project_dir).
        refs: {unit id: branch, tag or commit} read instead of the settings' ref (`ledger diff --unit`)."""
        self.project_dir = Path(project_dir).resolve()
        self.data_dir = Path(data_dir) if data_dir is not None else self.project_dir / DATA_FOLDER
        self.audience = check_audience(audience)
        self.chain = chain   # the roll-ups above this one, when it is read as a unit (a loop is refused)
        self.refs = dict(refs or {})
        self.units: tuple[UnitRead, ...] = ()
        self.tool_version = tool_version()
        self._temp = tempfile.TemporaryDirectory(prefix="ledger-rollup-")
        try:
            self._read(look_back)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Remove the units' revisions written out for this build (and those of the roll-ups read as units)."""
        for unit in self.units:
            if unit.rollup is not None:
                unit.rollup.close()
        self._temp.cleanup()

    def __enter__(self) -> "RollupContext":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @staticmethod
    def settings_of(project_dir: str | Path) -> RollupConfig:
        """A roll-up folder's settings alone (data/rollup.yml), no unit read; RollupInvalid when they are wrong."""
        try:
            return load_model_file(Path(project_dir) / DATA_FOLDER, ROLLUP_FILE, RollupConfig, ROLLUP_SUBJECT)[0]
        except LedgerInvalid as exc:
            raise RollupInvalid([], exc.errors) from None

    # ---- reading ----
    def _read(self, look_back: Optional[int]) -> None:
        try:
            self.config, parsed = load_model_file(self.data_dir, ROLLUP_FILE, RollupConfig, ROLLUP_SUBJECT)
            self.campaign = load_campaign(self.data_dir)
        except LedgerInvalid as exc:
            raise RollupInvalid([], exc.errors) from None
        settings_errors = self._settings_errors(parsed)
        if settings_errors:
            raise RollupInvalid([], settings_errors)
        self.look_back = look_back or self.config.look_back
        units: list[UnitRead] = []
        problems: list[UnitProblem] = []
        entries: list[Any] = list(self.config.units)
        if self.config.own is not None:
            entries.append(self.config.own)
        for index, entry in enumerate(entries):
            try:
                units.append(self._read_unit(entry, index))
            except _UnitFailed as failed:
                problems.append(failed.problem)
        self.units = tuple(units)   # set before a failure too, so that close() removes what they wrote out
        if problems:
            raise RollupInvalid(problems)

    def _settings_errors(self, parsed: ParsedFile) -> list[RecordError]:
        """Figure ids this tool's campaign does not declare, repeated unit ids: located in data/rollup.yml."""
        errors = []

        def error(loc: tuple, message: str, field_name: str) -> None:
            line_col = parsed.location(loc)
            errors.append(RecordError(parsed.display_name, line_col[0] if line_col else None, message,
                                      column=line_col[1] if line_col else None, field=field_name))

        known = self.campaign.figures_by_id
        for i, figure_id in enumerate(self.config.summary_figures):
            if figure_id not in known:
                error(("summary_figures", i), f"的值「{figure_id}」不是活动定义（data/campaign.yml）里的数字编号",
                      f"summary_figures[{i + 1}]")
        chart = self.config.chart
        if chart is not None:
            for name in ("rate", "count"):
                figure_id = getattr(chart, name)
                spec = known.get(figure_id)
                if spec is None:
                    error(("chart", name), f"的值「{figure_id}」不是活动定义里的数字编号", f"chart.{name}")
                elif (name == "rate") != (spec.measure == "rate") or spec.measure in ("distinct", "breakdown"):
                    wanted = "比率（measure: rate）" if name == "rate" else "一个数量（count、sum 或 judgement）"
                    error(("chart", name), f"的数字「{figure_id}」不合用：应是{wanted}", f"chart.{name}")
        seen: dict[str, int] = {}
        for i, unit in enumerate(self.config.units):
            if (unit.path is None) == (unit.repo is None):
                error(("units", i), f"单位「{unit.name}」应写 path（台账文件夹）或 repo（git 仓库）二者之一"
                      + ("，不能都写" if unit.path else ""), f"units[{i + 1}]")
            if unit.id in seen:
                error(("units", i, "id"), f"的值「{unit.id}」与第 {seen[unit.id] + 1} 个单位重复：每个单位的编号须不同",
                      f"units[{i + 1}].id")
            seen.setdefault(unit.id, i)
        return errors

    def _read_unit(self, entry, index: int) -> UnitRead:
        own = not isinstance(entry, UnitEntry)
        unit_id = OWN_ID if own else entry.id
        name = entry.name
        who = f"单位「{name}」（{unit_id}）"
        repo = getattr(entry, "repo", None)
        if repo is None:
            folder = (self.project_dir / entry.path).resolve()
            where = f"文件夹 {entry.path}"
            if not (folder / DATA_FOLDER).is_dir():
                raise _UnitFailed(UnitProblem(who, where, f"找不到台账：{folder} 下没有 {DATA_FOLDER}/ 文件夹"))
            context = self._check(folder, who, where, own=own)
            revision, last_good = sources.folder_revision(folder), None
        else:
            repo_dir = (self.project_dir / repo).resolve()
            ref = self.refs.get(unit_id, entry.ref)
            where = f"仓库 {repo} 分支或标签 {ref}"
            try:
                commit = sources.resolve(repo_dir, ref)
            except SourceError as exc:
                raise _UnitFailed(UnitProblem(who, where, f"无法读取：{exc}")) from None
            use_last_good = entry.last_good if entry.last_good is not None else self.config.use_last_good
            context, revision, last_good, folder = self._read_revisions(repo_dir, commit, who, where, index,
                                                                        use_last_good)
        rollup = context if isinstance(context, RollupContext) else None
        self._same_campaign(rollup.campaign if rollup else context.full.campaign, who, where)
        days_behind = (self.config.as_of - context.as_of).days
        return UnitRead(id=unit_id, name=name, url=entry.url, own=own, source=where,
                        context=None if rollup else context, rollup=rollup,
                        revision=revision, last_good=last_good, pin=sources.read_pin(folder),
                        days_behind=days_behind, late=days_behind > self.config.late_days)

    def _read_revisions(self, repo_dir: Path, commit: str, who: str, where: str, index: int, use_last_good: bool):
        """The unit at `commit`; when it fails and the unit may fall back, the newest earlier one that passes."""
        commits = sources.history(repo_dir, commit, self.look_back) if use_last_good else [commit]
        first_failure: Optional[tuple[Revision, _UnitFailed]] = None
        for n, candidate in enumerate(commits):
            folder = Path(self._temp.name) / f"{index}-{n}"
            try:
                revision = sources.extract(repo_dir, candidate, folder)
            except SourceError as exc:
                failed = _UnitFailed(UnitProblem(who, f"{where} 版本 {candidate[:8]}", f"无法读取：{exc}"))
                revision = Revision(candidate, None)
            else:
                try:
                    context = self._check(folder, who, f"{where} 版本 {revision.short}", units_dir=repo_dir)
                except _UnitFailed as exc:
                    failed = exc
                else:
                    if first_failure is None:
                        return context, revision, None, folder
                    bad_revision, bad = first_failure
                    return context, revision, LastGood(bad_revision, len(bad.problem.errors) or 1, revision), folder
            if first_failure is None:
                first_failure = (revision, failed)
        bad_revision, bad = first_failure
        if use_last_good:
            bad.problem.message += f"往回查看了 {len(commits)} 个版本（look_back），都没有通过检查"
        elif bad.problem.errors:
            bad.problem.message += ("请单位改正；要先用它上次通过检查的版本汇总，"
                                    "在 data/rollup.yml 这个单位下写 last_good: true")
        raise bad

    def _check(self, folder: Path, who: str, where: str, *, units_dir: Optional[Path] = None, own: bool = False):
        """The unit's ledger loaded and checked by this tool (the safe loader), on its own 截至 date: a
        BuildContext; or, when the folder holds a roll-up's settings (data/rollup.yml), that roll-up read
        in turn (a RollupContext), its units' paths taken from `units_dir` (default: the folder)."""
        if not own and (folder / DATA_FOLDER / ROLLUP_FILE).is_file():
            return self._check_rollup(folder, who, where, units_dir or folder)
        try:
            context = BuildContext(folder, BuildOptions(audience=self.audience))
            context.figures  # the figures and judgements as of the unit's own 截至 date, computed now
        except LedgerInvalid as exc:
            raise _UnitFailed(UnitProblem(who, where, f"记录检查未通过（本工具 {self.tool_version} 检查），"
                                                      f"共 {len(exc.errors)} 处错误（见下）。", list(exc.errors))) from None
        except (OSError, UnicodeError, ValueError, RecursionError, MemoryError) as exc:
            raise _UnitFailed(UnitProblem(who, where, f"无法读取：{type(exc).__name__}：{exc}")) from None
        return context

    def _check_rollup(self, folder: Path, who: str, where: str, units_dir: Path) -> "RollupContext":
        """A roll-up read as a unit (a 市局 under a 省局): every unit under it read as it reads them."""
        chain = (*self.chain, self.project_dir)
        if units_dir.resolve() in chain:
            raise _UnitFailed(UnitProblem(who, where, "这个汇总台账（直接或间接）把本汇总当作自己的单位，形成循环，不能汇总"))
        if len(chain) >= MAX_LEVELS:
            raise _UnitFailed(UnitProblem(who, where, f"汇总层级超过 {MAX_LEVELS} 级，不能汇总"))
        try:
            return RollupContext(units_dir, look_back=self.look_back, audience=self.audience,
                                 data_dir=folder / DATA_FOLDER, chain=chain)
        except RollupInvalid as exc:
            message = (f"这个汇总台账的设置有误，共 {len(exc.errors)} 处错误（见下）。" if exc.errors else
                       f"这个汇总台账未通过（本工具 {self.tool_version} 检查）：其中 {len(exc.problems)} 个单位有问题（见下）。")
            raise _UnitFailed(UnitProblem(who, where, message, list(exc.errors), list(exc.problems))) from None

    def _same_campaign(self, campaign: Campaign, who: str, where: str) -> None:
        """A unit of another campaign (id or version), or whose figures differ, is refused naming the differences."""
        mine = self.campaign
        differences = [f"{name} 为「{getattr(campaign, name)}」，汇总的为「{getattr(mine, name)}」"
                       for name in ("id", "version") if getattr(campaign, name) != getattr(mine, name)]
        theirs_ids, mine_ids = set(campaign.figures_by_id), set(mine.figures_by_id)
        if not differences:
            if mine_ids - theirs_ids:
                differences.append("缺少数字 " + "、".join(sorted(mine_ids - theirs_ids)))
            if theirs_ids - mine_ids:
                differences.append("多出数字 " + "、".join(sorted(theirs_ids - mine_ids)))
            differences += [f"数字 {i} 的统计方法或汇总方法不同" for i in sorted(mine_ids & theirs_ids)
                            if (campaign.figure(i).measure, campaign.figure(i).rule)
                            != (mine.figure(i).measure, mine.figure(i).rule)]
        if differences:
            raise _UnitFailed(UnitProblem(who, where, "活动定义（data/campaign.yml）与汇总的不同，不能汇总："
                                          + "；".join(differences)))

    # ---- what the pages show ----
    @property
    def as_of(self) -> dt.date:
        return self.config.as_of

    @cached_property
    def totals(self) -> dict[str, Any]:
        """合计: every unit (本级 too) by each figure's add-up rule."""
        return add_up(self.campaign, [u.figures for u in self.units])

    @cached_property
    def figures(self) -> FigureValues:
        """The totals as figure values (labels and units from the campaign): what a roll-up above reads."""
        return FigureValues(self.campaign, self.totals)

    def figures_on(self, day: dt.date) -> FigureValues:
        """The totals of the units' figures as their records stood on `day`."""
        return FigureValues(self.campaign, add_up(self.campaign, [u.figures_on(day) for u in self.units]))

    def leaves(self) -> list[UnitPath]:
        """Every unit's own ledger under this roll-up, at any depth, in the settings' order."""
        return [leaf for unit in self.units for leaf in unit.leaves()]

    def problem_entries(self) -> list[ProblemEntry]:
        """Every problem of every ledger under this roll-up, with the units it is read through."""
        return [ProblemEntry(leaf, p) for leaf in self.leaves() for p in leaf.context.ledger.problems]

    @cached_property
    def summary_figures(self) -> list[str]:
        """The 汇总表's figures: as listed in the settings, or every figure that adds up to one number."""
        if self.config.summary_figures:
            return list(self.config.summary_figures)
        return [s.id for s in self.campaign.figures if s.rule in ("sum", "recompute") and s.measure != "breakdown"]

    def unit(self, unit_id: str) -> UnitRead:
        return next(u for u in self.units if u.id == unit_id)


MAX_LEVELS = 5   # 省局 over 市局 over 区局 is three; deeper nesting is refused


class _UnitFailed(Exception):
    def __init__(self, problem: UnitProblem):
        super().__init__(problem.message)
        self.problem = problem
