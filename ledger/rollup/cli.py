"""Command line of the roll-up: python -m ledger rollup new | check | export | template | fetch (added to ledger/cli.py's parser)."""
from __future__ import annotations

import sys
from pathlib import Path

from ledger.records.errors import LedgerInvalid
from ledger.text import cn_date


def cmd_rollup_new(args) -> int:
    from ledger.rollup.scaffold import ScaffoldError, new_rollup
    try:
        written = new_rollup(args.folder, name=args.name, title=args.title, campaign_from=args.campaign,
                             pin=getattr(args, "pin", None))
    except ScaffoldError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except LedgerInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for path in written:
        print(f"已写入 {path}")
    print(f"下一步：在 {args.folder}/data/rollup.yml 的 units 里写上各单位，然后运行 "
          f"python -m ledger rollup check {args.folder}")
    return 0


def cmd_rollup_check(args) -> int:
    from ledger.rollup.context import RollupContext, RollupInvalid
    from ledger.rollup.pages import unit_marks
    try:
        context = RollupContext(args.folder, look_back=args.look_back)
    except RollupInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    with context:
        print(f"汇总检查通过：{context.config.name}，截至{cn_date(context.as_of)}，共 {len(context.units)} 个单位"
              f"（以本工具 {context.tool_version} 检查）")
        for unit in context.units:
            marks = "".join(f"［{whole}］" for _cls, _short, whole in unit_marks(unit))
            print(f"  {unit.label}：截至{cn_date(unit.as_of)}，版本 {unit.revision.text}{marks}")
    return 0


def _read(args):
    """The roll-up and its report template, or None after printing why not (every located error)."""
    from ledger.rollup.context import RollupContext, RollupInvalid
    from ledger.rollup.report import load_rollup_template
    from ledger.records.audience import INTERNAL, PUBLIC
    try:
        context = RollupContext(args.folder, look_back=args.look_back,
                                audience=PUBLIC if getattr(args, "public", False) else INTERNAL)
    except RollupInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return None
    try:
        return context, load_rollup_template(context)
    except LedgerInvalid as exc:
        context.close()
        print(exc.report(), file=sys.stderr)
        return None


def cmd_rollup_export(args) -> int:
    from ledger.rollup.exports import write_rollup_exports
    read = _read(args)
    if read is None:
        return 1
    context, template = read
    with context:
        if args.progress:
            from ledger.rollup.progress import progress_report, rollup_period
            from ledger.views.report_views import report_text
            print(report_text(progress_report(context, rollup_period(context))), end="")
            return 0
        for path in write_rollup_exports(context, args.out, template=template):
            print(f"已写入 {path}")
    return 0


def cmd_rollup_template(args) -> int:
    """The packaged report template copied into the roll-up's folder (templates/report.yml), to be reworded."""
    import shutil
    from ledger.rollup.report import PACKAGED_TEMPLATE
    from ledger.views.report_template import DEFAULT_TEMPLATE
    target = Path(args.folder) / DEFAULT_TEMPLATE
    if target.exists():
        print(f"{target} 已存在，没有改动", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PACKAGED_TEMPLATE, target)
    print(f"已写入 {target}：汇总汇报按它的措辞生成（删去它则用工具自带的模板）")
    return 0


def _fetch_units(config, base: Path, depth: int = 0) -> int:
    """Fetch every unit with a `remote` into its `repo` (relative to `base`); a unit that is itself a roll-up
    (data/rollup.yml at its ref) has its own units fetched in turn, relative to its repository, as the build
    reads them. Returns how many failed."""
    import tempfile
    from ledger.rollup import sources
    from ledger.context import DATA_FOLDER
    from ledger.rollup.config import ROLLUP_FILE
    from ledger.rollup.context import MAX_LEVELS, RollupContext, RollupInvalid
    failed, indent = 0, "  " * depth
    for unit in config.units:
        who = f"{indent}单位「{unit.name}」（{unit.id}）"
        if unit.remote is None or unit.repo is None:
            print(f"{who}：没有写 remote 和 repo，不从服务器取")
            continue
        repo = (base / unit.repo).resolve()
        try:
            print(f"{who}：{sources.fetch(unit.remote, repo)} {unit.repo}")
            if depth + 1 >= MAX_LEVELS:
                continue
            with tempfile.TemporaryDirectory(prefix="ledger-fetch-") as tmp:
                sources.extract(repo, sources.resolve(repo, unit.ref), Path(tmp))
                if (Path(tmp) / DATA_FOLDER / ROLLUP_FILE).is_file():
                    failed += _fetch_units(RollupContext.settings_of(tmp), repo, depth + 1)
        except sources.SourceError as exc:
            print(f"{who}：{exc}", file=sys.stderr)
            failed += 1
        except RollupInvalid as exc:
            print(f"{who}：它的汇总设置有误，其下的单位没有取：\n{exc.report()}", file=sys.stderr)
            failed += 1
    return failed


def cmd_rollup_fetch(args) -> int:
    """Each unit with a `remote`: its repository cloned or updated at its `repo` path (CI runs this first)."""
    from ledger.rollup.context import RollupContext, RollupInvalid
    try:
        config = RollupContext.settings_of(args.folder)
    except RollupInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    failed = _fetch_units(config, Path(args.folder))
    if failed:
        print(f"{failed} 个单位的仓库没有取到（见上）", file=sys.stderr)
    return 1 if failed else 0


def _folder_argument(command) -> None:
    command.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="文件夹",
                         help="汇总台账的文件夹（默认当前文件夹）")


def add_rollup_commands(sub) -> None:
    rollup = sub.add_parser("rollup", help="汇总台账：读取各单位的台账，生成汇总表和各单位的页面")
    commands = rollup.add_subparsers(dest="rollup_command", required=True, metavar="命令")
    new = commands.add_parser("new", help="新建一个汇总台账文件夹（mkdocs.yml、data/rollup.yml、活动定义）")
    new.add_argument("folder", type=Path, metavar="文件夹", help="新汇总台账的文件夹")
    new.add_argument("--name", required=True, metavar="名称", help="汇总单位的名称，如 某市局")
    new.add_argument("--title", default=None, metavar="名称", help="汇总台账（站点）的名称，默认“名称汇总台账”")
    new.add_argument("--campaign", type=Path, default=Path("data"), metavar="文件夹",
                     help="从哪个台账的 data/ 复制活动定义 campaign.yml（默认 data）")
    new.set_defaults(func=cmd_rollup_new)
    check = commands.add_parser("check", help="读取并检查汇总的每个单位；有问题时列出每个单位的错误并以非零状态退出")
    _folder_argument(check)
    check.add_argument("--look-back", type=int, default=None, metavar="N", help="往回查找通过检查的版本数（默认 data/rollup.yml 的 look_back）")
    check.set_defaults(func=cmd_rollup_check)
    export = commands.add_parser("export", help="写出汇总汇报（Word）、汇总台账（Excel）和进展情况（Word）")
    _folder_argument(export)
    export.add_argument("--out", type=Path, default=Path("exports"), metavar="文件夹", help="写到哪个文件夹（默认 exports）")
    export.add_argument("--progress", action="store_true",
                        help="不写文件，打印本期进展（上次报送以来各单位的变化，data/rollup.yml 的 reports_sent）")
    export.add_argument("--look-back", type=int, default=None, metavar="N", help="往回查找通过检查的版本数")
    export.set_defaults(func=cmd_rollup_export)
    template = commands.add_parser("template", help="把工具自带的汇总汇报模板复制到汇总台账的 templates/report.yml，以便修改措辞")
    _folder_argument(template)
    template.set_defaults(func=cmd_rollup_template)
    fetch = commands.add_parser("fetch", help="把写了 remote 的单位仓库从 git 服务器克隆或更新到 repo 写的本机路径（CI 先运行它）")
    _folder_argument(fetch)
    fetch.set_defaults(func=cmd_rollup_fetch)
