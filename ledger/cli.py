"""Command line for editors and CI: python -m ledger check | figures | … | report | export."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ledger.cliparser import ChineseArgumentParser
from ledger.records.errors import LedgerInvalid

# Each command imports what it uses: `check` (run on every save and in CI) does not load Jinja, jieba or git reading.


def _context(args):
    """The records of --data's project, loaded and judged once, as --public and --as-of ask (a BuildContext)."""
    from ledger.context import BuildContext, BuildOptions
    from ledger.records.audience import INTERNAL, PUBLIC
    options = BuildOptions(audience=PUBLIC if getattr(args, "public", False) else INTERNAL,
                           as_of=getattr(args, "as_of", None))
    try:
        context = BuildContext(Path(args.data).resolve().parent, options, data_dir=Path(args.data),
                               template=getattr(args, "template", None))
        if hasattr(args, "template"):  # the commands that write the report read its prose now, errors and all
            context.template
        return context
    except LedgerInvalid as exc:
        print(exc.report(), file=sys.stderr)
        raise SystemExit(1)


def _load(args):
    return _context(args).ledger


def cmd_check(args) -> int:
    from ledger.records.load import load_ledger
    try:
        ledger = load_ledger(args.data)  # the records alone: no view, no report
    except LedgerInvalid as exc:
        print(exc.report(), file=sys.stderr)
        raise SystemExit(1)
    print(f"记录检查通过：{args.data} 下共 {ledger.record_count} 条记录，没有发现错误。")
    return 0


def cmd_figures(args) -> int:
    from ledger.views.figure_labels import figure_lines
    print("\n".join(figure_lines(_context(args).figures)))
    return 0


def _date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是有效日期，应写成 2023-11-20 这种格式") from None


def cmd_status(args) -> int:
    from ledger.views.status import status_summary
    print(status_summary(_load(args)))
    return 0


def cmd_schema(args) -> int:
    from ledger.records.load import load_campaign
    from ledger.records.schema import write_schemas
    try:
        campaign = load_campaign(Path(args.data))
    except LedgerInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    out = args.out if args.out is not None else Path(args.data).parent / SCHEMA_FOLDER
    for path in write_schemas(out, campaign):
        print(f"已写入 {path}")
    return 0


def cmd_report(args) -> int:
    from ledger.views.report_views import report_text
    print(report_text(_context(args).report), end="")
    return 0


EXPORT_FOLDER = "导出"  # export's default --out, next to the records' folder
SCHEMA_FOLDER = "schemas"  # schema's default --out, next to the records' folder


def cmd_export(args) -> int:
    context = _context(args)
    out = args.out if args.out is not None else Path(args.data).resolve().parent / EXPORT_FOLDER
    if getattr(args, "review", False):
        from ledger.exports.downloads import write_review_sheet
        try:
            paths = [write_review_sheet(context.ledger, out, args.department)]
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 1
    elif getattr(args, "department", None):
        from ledger.exports.downloads import write_department_ledger
        try:
            paths = [write_department_ledger(context.ledger, context.template, args.department, out)]
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 1
    else:
        paths = context.write_downloads(out)
    for path in paths:
        print(f"已写入 {path}")
    return 0


def cmd_import(args) -> int:
    from ledger.exports.xlsx_import import ImportRefused, apply_plan, check_plan, plan_import
    from ledger.records.load import load_ledger
    try:
        ledger = load_ledger(args.data)  # the records as they are (internal: every record and field)
    except LedgerInvalid as exc:
        print("导入前的记录检查未通过，请先改正记录：", file=sys.stderr)
        print(exc.report(), file=sys.stderr)
        return 1
    try:
        plan = plan_import(args.files, ledger)
        print(plan.render())
        if not plan.changes:
            return 0
        if not args.apply:
            check_plan(plan, args.data)
            print("以上是预览，没有写入任何文件；导入后记录检查可以通过。确认无误后加 --apply 写入记录。")
            return 0
        written, ledger = apply_plan(plan, args.data)
    except ImportRefused as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    for path in written:
        print(f"已写入 {path}")
    print(f"记录检查通过：{args.data} 下共 {ledger.record_count} 条记录，没有发现错误。")
    return 0


def cmd_progress(args) -> int:
    from ledger.views.period import PeriodError, period_between, period_text
    try:
        period = period_between(_context(args).ledger, args.since, args.until)
    except PeriodError as exc:
        print(f"本期进展：{exc}", file=sys.stderr)
        return 2
    print(period_text(period), end="")
    return 0


def cmd_digest(args) -> int:
    from ledger.views.digest import digest_text, leaders_digest
    context = _context(args)
    print(digest_text(leaders_digest(context.ledger, context.assessment, site_url=args.site_url)), end="")
    return 0


def cmd_diff(args) -> int:
    from ledger import revisions
    from ledger.rollup.config import ROLLUP_FILE
    if (Path(args.data) / ROLLUP_FILE).is_file() or args.unit:  # a roll-up's folder (ledger/rollup/diff.py)
        return cmd_rollup_diff(args)
    try:
        diff = revisions.diff_revisions(Path(args.data).resolve().parent, args.rev1, args.rev2,
                                        data_folder=Path(args.data))
    except revisions.RevisionError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.out is not None:
        args.out.write_text(revisions.diff_markdown_of(diff), encoding="utf-8")
    print(revisions.diff_text_of(diff) if args.format == "text" else revisions.diff_markdown_of(diff), end="")
    return 1 if any(rev == args.rev2 for rev, _report in diff.errors) else 0  # the edit's own records broken


def cmd_rollup_diff(args) -> int:
    from ledger.revisions import RevisionError
    from ledger.rollup import diff as rollup_diff
    from ledger.rollup.context import RollupInvalid
    folder = Path(args.data).resolve().parent
    try:
        if args.unit:
            diff = rollup_diff.diff_unit_revisions(folder, args.unit, args.rev1,
                                                   None if args.rev2 == "HEAD" else args.rev2)
        else:
            diff = rollup_diff.diff_rollup_revisions(folder, args.rev1, args.rev2)
    except (RevisionError, RollupInvalid) as exc:
        print(exc.report() if isinstance(exc, RollupInvalid) else str(exc), file=sys.stderr)
        return 2
    if args.out is not None:
        args.out.write_text(rollup_diff.diff_markdown_of(diff), encoding="utf-8")
    print(rollup_diff.diff_text_of(diff) if args.format == "text" else rollup_diff.diff_markdown_of(diff), end="")
    return 1 if any(rev == diff.rev2 for rev, _report in diff.errors) else 0


def cmd_new(args) -> int:
    from ledger.unit import UnitRefused, example_dir, new_unit
    if args.rollup:  # a roll-up ledger (ledger/rollup/): the units' campaign from --campaign or the example's
        from ledger.rollup.cli import cmd_rollup_new
        if not args.unit:
            print("没有新建汇总台账：--rollup 须写 --unit 汇总单位的名称，如 --unit 某市局", file=sys.stderr)
            return 2
        source = example_dir(args.example)
        if args.campaign is None and source is None:
            print(f"没有新建汇总台账：没有名为「{args.example}」的示例", file=sys.stderr)
            return 2
        return cmd_rollup_new(argparse.Namespace(folder=args.folder, name=args.unit, title=args.title,
                                                 campaign=args.campaign or source / "data", pin=args.pin))
    try:
        made = new_unit(args.folder, args.example, unit=args.unit, pin=args.pin)
    except UnitRefused as exc:
        print(f"没有新建台账：{exc}", file=sys.stderr)
        return 2
    print(f"已新建台账 {made.folder}（从示例 {made.example}，{made.files} 个文件，已 git init）。接下来：\n"
          f"  1. 在 data/settings.yml 填写单位名称、活动名称和日期；\n"
          f"  2. cd {made.folder} && ./run.sh serve   预览（浏览器打开 http://127.0.0.1:8000/）；\n"
          f"  3. ./run.sh test   检查记录、构建网站、生成汇报和台账；\n"
          f"  4. 记录写在 data/ 下（或 ./run.sh edit 用表单编辑器），提交并推送到本单位的 git 服务器。")
    return 0


def cmd_upgrade(args) -> int:
    from ledger.unit import UnitRefused, apply_changes, upgrade_changes, upgrade_notes, version
    try:
        changes = upgrade_changes(Path.cwd())
    except (UnitRefused, LedgerInvalid) as exc:
        print(exc.report() if isinstance(exc, LedgerInvalid) else str(exc), file=sys.stderr)
        return 2
    notes = upgrade_notes(Path.cwd())
    if not changes:
        print(f"生成的文件（run.sh、CI 文件、schemas/ 等）已是工具 {version()} 的版本，没有要改的。")
    for change in changes:
        print(f"{change.verb} {change.path}" + ("（工具以前复制进来的编辑指南，没有改过；现在由工具提供，随工具升级更新）"
                                                if change.new is None else ""))
        print(change.diff())
    for note in notes:
        print(f"注意：{note}")
    if not changes:
        return 0
    if not args.apply:
        print(f"以上 {len(changes)} 个文件与工具 {version()} 生成的不同；这是预览，没有写入任何文件。"
              "确认后运行 python -m ledger upgrade --apply（./run.sh upgrade --apply）写入。")
        return 0
    for path, change in zip(apply_changes(Path.cwd(), changes), changes):
        print(f"已删除 {path}" if change.new is None else f"已写入 {path}")
    return 0


def cmd_version(args) -> int:
    from ledger.unit import DISTRIBUTION, version
    print(f"{DISTRIBUTION} {version()}")
    return 0


def _report_options(command) -> None:
    command.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                         help="截至日期（默认 data/settings.yml 的 as_of）")
    command.add_argument("--template", type=Path, default=None, metavar="文件",
                         help="汇报文字模板（默认为记录文件夹旁的 templates/report.yml）")


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="python -m ledger", description="工作台账：检查记录、统计数字、生成汇报和台账")
    parser.add_argument("--data", type=Path, default=Path("data"), metavar="文件夹", help="记录所在文件夹（默认 data）")
    parser.add_argument("--public", action="store_true", help="公开版：不含标为内部的记录和字段")
    sub = parser.add_subparsers(dest="command", required=True, metavar="命令")
    sub.add_parser("check", help="检查全部记录，有错误时列出全部错误并以非零状态退出").set_defaults(func=cmd_check)
    figures = sub.add_parser("figures", help="列出由记录统计出的全部数字")
    _report_options(figures)
    figures.set_defaults(func=cmd_figures)
    status = sub.add_parser("status", help="整改情况：完成率、逾期、即将到期、进展滞后、缺少佐证材料（可直接粘贴）")
    status.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="按哪一天判断（默认 data/settings.yml 的截至日期 as_of）")
    status.set_defaults(func=cmd_status)
    schema = sub.add_parser("schema", help="由记录定义生成 schemas/*.schema.json（编辑器的自动补全和提示用）")
    schema.add_argument("--out", type=Path, default=None, metavar="文件夹",
                        help="写到哪个文件夹（默认为记录文件夹旁的 schemas）")
    schema.set_defaults(func=cmd_schema)
    report = sub.add_parser("report", help="由记录生成汇报全文并打印（与网页、Word 同一内容）")
    _report_options(report)
    report.set_defaults(func=cmd_report)
    export = sub.add_parser("export", help="生成汇报（Word .docx）和整改台账（Excel .xlsx）")
    export.add_argument("--out", type=Path, default=None, metavar="文件夹",
                        help=f"写到哪个文件夹（默认记录文件夹旁的 {EXPORT_FOLDER}/）")
    export.add_argument("--department", default=None, metavar="科室",
                        help="只导出这个责任科室的问题（整改台账，供科室填写后收回导入）")
    export.add_argument("--review", action="store_true",
                        help="导出销号审核表：等待审核的销号申请，由办公室填写审核结论后同样用 import 收回（可加 --department）")
    _report_options(export)
    export.set_defaults(func=cmd_export)
    imported = sub.add_parser("import", help="收回科室填写的整改台账（.xlsx）：先列出将要修改的内容，加 --apply 写入记录")
    imported.add_argument("files", nargs="+", type=Path, metavar="FILE.xlsx", help="一个或多个填写后的整改台账")
    imported.add_argument("--apply", action="store_true", help="写入记录（全部无误才写入，写入后运行记录检查）")
    imported.set_defaults(func=cmd_import)
    progress = sub.add_parser("progress", help="本期进展：上次报送以来（或两个日期之间）各项数字的变化和期间的进展记录")
    progress.add_argument("--since", type=_date, default=None, metavar="YYYY-MM-DD",
                          help="从哪一天之后算起（默认 data/settings.yml 的 reports_sent 里最近一次报送）")
    progress.add_argument("--until", type=_date, default=None, metavar="YYYY-MM-DD",
                          help="算到哪一天（含当天；默认截至日期 as_of）")
    progress.set_defaults(func=cmd_progress)
    digest = sub.add_parser("digest", help="领导提醒：每位责任领导当天需要关注的整改事项，每段不超过1000字")
    digest.add_argument("--as-of", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="按哪一天判断（默认 data/settings.yml 的截至日期 as_of）")
    digest.add_argument("--site-url", default=None, metavar="网址",
                        help="内部版网站地址，用于“详见整改看板”（默认 data/settings.yml 的 site_url）")
    digest.set_defaults(func=cmd_digest)
    diff = sub.add_parser("diff", help="比较两个 git 版本的台账：哪些数字变了，哪些记录增加、删除、改动（逐字段）")
    diff.add_argument("rev1", metavar="版本1", help="原来的版本（如 main、origin/main、提交号）")
    diff.add_argument("rev2", metavar="版本2", nargs="?", default="HEAD", help="改后的版本（默认 HEAD；写 . 表示文件夹里现在的记录，含未提交的改动）")
    diff.add_argument("--format", choices=("markdown", "text"), default="markdown",
                      help="打印成 Markdown（默认，如 GitHub 的作业摘要）或纯文字（如 GitLab 的作业日志）")
    diff.add_argument("--out", type=Path, default=None, help="同时把结果（Markdown）写入这个文件")
    diff.add_argument("--unit", default=None, metavar="单位编号",
                      help="汇总台账：比较这个单位的两个版本（版本1、版本2 是该单位仓库的分支、标签或提交号；"
                           "不写版本2 时为汇总设置里的 ref）；不写时比较汇总台账自己仓库的两个版本")
    diff.set_defaults(func=cmd_diff)
    from ledger.rollup.cli import add_rollup_commands
    add_rollup_commands(sub)  # python -m ledger rollup new | check
    from ledger.unit import SAMPLE, example_names
    new = sub.add_parser("new", help="新建一个单位的台账仓库（从示例开始：记录清空，页面、汇报模板、表单编辑器、CI 文件齐备，已 git init）")
    new.add_argument("folder", type=Path, metavar="文件夹", help="新台账的文件夹（不存在或为空）")
    new.add_argument("--from", dest="example", default=SAMPLE, metavar="示例",
                     help=f"从哪个示例开始：{'、'.join(example_names())}（默认 {SAMPLE}）")
    new.add_argument("--unit", default=None, metavar="单位名称", help="单位名称（写入 data/settings.yml；不写则以后填写）")
    new.add_argument("--pin", default=None, metavar="一行",
                     help="requirements.txt 里钉住工具的一行（默认本机所装版本：gongzuo-taizhang==版本号）")
    new.add_argument("--rollup", action="store_true",
                     help="新建汇总台账（汇总各单位的台账，见 README“汇总台账”）：--unit 写汇总单位的名称")
    new.add_argument("--title", default=None, metavar="名称", help="汇总台账的站点名称（只用于 --rollup）")
    new.add_argument("--campaign", type=Path, default=None, metavar="文件夹",
                     help="汇总台账从哪个台账的 data/ 复制活动定义（只用于 --rollup；默认 --from 示例的）")
    new.set_defaults(func=cmd_new)
    upgrade = sub.add_parser("upgrade", help="把本仓库生成的文件（run.sh、CI 文件、schemas/ 等）更新到所装工具的版本：先列出改动")
    upgrade.add_argument("--apply", action="store_true", help="写入（不加时只列出改动）")
    upgrade.set_defaults(func=cmd_upgrade)
    sub.add_parser("version", help="所装工具的版本").set_defaults(func=cmd_version)
    from ledger_mkdocs.commands import add_commands
    add_commands(sub)
    parser.command_names = tuple(sub.choices)  # run.sh hands these over (tests/unit/test_pipelines.py)
    return parser


# Commands that hand their other arguments to another program (mkdocs build -d site, format --check …)
PASS_THROUGH = {"build": "mkdocs_args", "deploy": "deploy_args", "bundle": "bundle_args", "format": "format_args"}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        if args.command not in PASS_THROUGH:
            parser.error(f"不认识的参数：{' '.join(extra)}")
        setattr(args, PASS_THROUGH[args.command], [*getattr(args, PASS_THROUGH[args.command]), *extra])
    try:
        return args.func(args)
    except LedgerInvalid as exc:  # found while making the report (a template string that cannot be rendered)
        print(exc.report(), file=sys.stderr)
        return 1
