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
    diff.set_defaults(func=cmd_diff)
    from ledger.rollup.cli import add_rollup_commands
    add_rollup_commands(sub)  # python -m ledger rollup new | check
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LedgerInvalid as exc:  # found while making the report (a template string that cannot be rendered)
        print(exc.report(), file=sys.stderr)
        return 1
