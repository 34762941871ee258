"""The site commands of `python -m ledger` (what run.sh, deploy/ and .ci/ did before the tool became a package).

Each runs in the unit's folder (the current folder: run.sh changes to its own) and uses the Python it runs
under, so that a unit's run.sh is a thin wrapper: it makes .venv, installs the pinned tool, and hands over.

  serve   check the records, then preview (mkdocs serve)          edit    preview + the form editor at /admin/
  build   the site, --strict (--public: the public version)       bundle  the offline zip
  deploy  publish to the intranet web server (deploy | rollback | list)
  ci-diff in a merge request's CI: what it changes in the ledger   format  data/ in the form editor's formatting
  test    a unit's own test: check, both builds, report and downloads
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from ledger.editor import local_backend
from ledger.editor.decap import LOCAL_PORT

SCRIPTS = Path(__file__).parent / "scripts"
DEFAULT_ADDR = "127.0.0.1:8000"
CONFIG, PUBLIC_CONFIG = "mkdocs.yml", "mkdocs.public.yml"


def _env() -> dict[str, str]:
    """The environment for the engine: its end-of-life banner off; this Python's tools found first."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _run(args: list[str], **kwargs) -> int:
    try:
        return subprocess.run(args, env=_env(), **kwargs).returncode
    except KeyboardInterrupt:
        return 130


def _mkdocs(*args: str) -> list[str]:
    return [sys.executable, "-m", "mkdocs", *args]


def _check(project: Path) -> int:
    return _run([sys.executable, "-m", "ledger", "check"], cwd=project)


def _need_project(project: Path) -> None:
    if not (project / CONFIG).is_file():
        raise SystemExit(f"当前文件夹 {project} 里没有 {CONFIG}：请在台账仓库的文件夹里运行（或用 ./run.sh，它会先进入自己的文件夹）")


def _addr(args) -> str:
    return args.dev_addr or os.environ.get("ADDR") or DEFAULT_ADDR


# --dirty: a save remakes only the pages it reaches (README“预览”); --no-strict: MkDocs warns on every
# dirty build, which strict mode would count as a failure
PREVIEW = ("--dirty", "--no-strict")


def cmd_serve(args) -> int:
    project = Path.cwd()
    _need_project(project)
    status = _check(project)
    if status:
        return status
    return _run(_mkdocs("serve", *PREVIEW, "--dev-addr", _addr(args)), cwd=project)


def editor_port(project: Path) -> int:
    """The form editor's local port: mkdocs.yml's `plugins: ledger: editor: local_port` (default 8081)."""
    config = yaml.load((project / CONFIG).read_text(encoding="utf-8"), Loader=_AnyTagLoader) or {}
    plugins = config.get("plugins") or {}
    ledger = plugins.get("ledger") if isinstance(plugins, dict) else None
    editor = (ledger or {}).get("editor") or {}
    return int(editor.get("local_port", LOCAL_PORT))


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags such as !ENV or !!python/name: read them as plain values."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def cmd_edit(args) -> int:
    project = Path.cwd()
    _need_project(project)
    port = editor_port(project)
    try:
        server = local_backend.start(project, port)
    except OSError as exc:
        print(f"表单编辑器的本机服务无法在 127.0.0.1:{port} 启动（{exc.strerror}）：端口可能被占用，"
              f"请在 mkdocs.yml 的 ledger 插件 editor: 下改写 local_port", file=sys.stderr)
        return 1
    addr = _addr(args)
    print(f"表单编辑器：http://{addr}/admin/  （保存只写文件，不提交；按 Ctrl+C 同时停止预览和编辑器服务）")
    try:
        return _run(_mkdocs("serve", *PREVIEW, "--dev-addr", addr), cwd=project)
    finally:
        server.shutdown()


def cmd_build(args) -> int:
    project = Path.cwd()
    _need_project(project)
    config = PUBLIC_CONFIG if args.public_site else CONFIG
    return _run(_mkdocs("build", "--strict", "-f", config, *args.mkdocs_args), cwd=project)


def _script(name: str, project: Path, *args: str) -> int:
    env = {**_env(), "PROJECT": str(project), "PYTHON": sys.executable}
    try:
        return subprocess.run(["bash", str(SCRIPTS / name), *args], env=env, cwd=project).returncode
    except KeyboardInterrupt:
        return 130


def cmd_deploy(args) -> int:
    _need_project(Path.cwd())
    return _script("deploy.sh", Path.cwd(), *args.deploy_args)


def cmd_bundle(args) -> int:
    _need_project(Path.cwd())
    return _script("bundle.sh", Path.cwd(), *args.bundle_args)


def cmd_ci_diff(args) -> int:
    return _script("ledger-diff.sh", Path.cwd())


def nginx_conf() -> str:
    return (SCRIPTS / "nginx" / "ledger.conf").read_text(encoding="utf-8")


def cmd_nginx(args) -> int:
    print(nginx_conf(), end="")
    return 0


def cmd_format(args) -> int:
    """data/ rewritten in the form editor's formatting (ledger/editor/yamlformat.py; no Node.js): --check lists
    the files that would change and exits 1 if any."""
    from ledger.editor.decap import collections
    from ledger.editor.yamlformat import FormatError, format_project
    from ledger.records.errors import LedgerInvalid
    from ledger.records.load import load_campaign

    project = Path.cwd()
    unknown = [a for a in args.format_args if a != "--check"]
    if unknown:
        print(f"format 只接受 --check（只检查，不改写），不认识：{' '.join(unknown)}", file=sys.stderr)
        return 2
    check = "--check" in args.format_args
    try:
        campaign = load_campaign(project / "data")
    except LedgerInvalid as exc:
        print(exc.report(), file=sys.stderr)
        return 2
    try:
        changed = format_project(project, {"collections": collections(campaign)}, check)
    except (FormatError, OSError) as exc:
        print(f"没有改写任何文件：{exc}", file=sys.stderr)
        return 2
    for relative in changed:
        print(relative)
    return 1 if check and changed else 0


def cmd_test(args) -> int:
    """A unit's test: the records pass the check, the site builds --strict (internal and public), the report and
    the Word and Excel downloads are made. Nothing is written into the unit's folder."""
    project = Path.cwd()
    _need_project(project)
    steps = [("记录检查", [sys.executable, "-m", "ledger", "check"])]
    with tempfile.TemporaryDirectory(prefix="ledger-test-") as tmp:
        steps += [("构建网站（内部版）", _mkdocs("build", "--strict", "-q", "-d", f"{tmp}/site")),
                  ("构建网站（公开版）", _mkdocs("build", "--strict", "-q", "-f", PUBLIC_CONFIG, "-d", f"{tmp}/public")),
                  ("汇报", [sys.executable, "-m", "ledger", "report"]),
                  ("下载文件（Word、Excel）", [sys.executable, "-m", "ledger", "export", "--out", f"{tmp}/export"])]
        for label, command in steps:
            result = subprocess.run(command, cwd=project, env=_env(), capture_output=True, text=True)
            if result.returncode:
                print(f"✗ {label}未通过：", file=sys.stderr)
                print((result.stdout + result.stderr).strip(), file=sys.stderr)
                return result.returncode
            print(f"✓ {label}")
    print("全部通过。")
    return 0


def add_commands(sub) -> None:
    """The site commands, on the parser of `python -m ledger`."""
    serve = sub.add_parser("serve", help="检查记录后预览网站（浏览器打开 http://127.0.0.1:8000/）")
    serve.add_argument("--dev-addr", default=None, metavar="地址:端口", help=f"预览地址（默认 {DEFAULT_ADDR}）")
    serve.set_defaults(func=cmd_serve)
    edit = sub.add_parser("edit", help="预览 + 表单编辑器（http://127.0.0.1:8000/admin/，保存只写本机文件）")
    edit.add_argument("--dev-addr", default=None, metavar="地址:端口", help=f"预览地址（默认 {DEFAULT_ADDR}）")
    edit.set_defaults(func=cmd_edit)
    build = sub.add_parser("build", help="构建网站（--strict；--public 构建公开版；其余参数交给 mkdocs build，如 -d site）")
    build.add_argument("--public", dest="public_site", action="store_true", help="公开版（mkdocs.public.yml）")
    build.set_defaults(func=cmd_build, mkdocs_args=[])
    deploy = sub.add_parser("deploy", help="发布到内网网站服务器：deploy | rollback [发布名] | list")
    deploy.set_defaults(func=cmd_deploy, deploy_args=[])
    bundle = sub.add_parser("bundle", help="离线版 zip（默认 build/ledger-offline.zip）")
    bundle.set_defaults(func=cmd_bundle, bundle_args=[])
    sub.add_parser("ci-diff", help="CI 合并请求作业：目标分支与本次合并请求的台账比较").set_defaults(func=cmd_ci_diff)
    sub.add_parser("nginx", help="打印网站服务器的 nginx 配置（复制到 /etc/nginx/sites-available/）").set_defaults(func=cmd_nginx)
    fmt = sub.add_parser("format", help="把 data/ 改写成表单编辑器保存时的格式（--check 只检查）")
    fmt.set_defaults(func=cmd_format, format_args=[])
    sub.add_parser("test", help="单位仓库的测试：记录检查、内部版和公开版构建、汇报、Word 和 Excel").set_defaults(func=cmd_test)
