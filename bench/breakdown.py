"""Where the time of a build of (a) goes: CPU seconds per plugin or hook and event, in one in-process build.

    .venv/bin/python bench/breakdown.py 100        # uses (or makes) /tmp/ledger-bench/100x/a

Each handler MkDocs calls (plugins and hooks alike) is wrapped with a CPU clock; the rest of the
build is MkDocs and the theme (Markdown conversion, page templates). The first use of jieba loads its
dictionary, in whichever handler comes first; (b) pays that in the search plugin.
All the work of a build is in this one process, where the clocks can see it.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _owner(method) -> str:
    bound = getattr(method, "__self__", None)
    module = type(bound).__module__ if bound is not None else method.__module__
    return module.removesuffix(".plugin")


def measure_build(project: Path, site: Path) -> dict:
    """Runs inside the child process: one build of `project`, timed per handler."""
    os.chdir(project)
    sys.path.insert(0, str(project))
    started = time.process_time()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    spent: collections.Counter = collections.Counter()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    for event, methods in config.plugins.events.items():
        def timed(method, key):
            def run(*args, **kwargs):
                before = time.process_time()
                try:
                    return method(*args, **kwargs)
                finally:
                    spent[key] += time.process_time() - before
            return run
        config.plugins.events[event] = [timed(m, f"{_owner(m)} {event}") for m in methods]
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    config.plugins.on_shutdown()
    total = time.process_time() - started
    return {"total_cpu": total, "handlers": dict(spent.most_common()),
            "rest_cpu": total - sum(spent.values())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="(a) 的构建时间花在哪里（按插件、hook 和事件）")
    parser.add_argument("scale", type=int)
    parser.add_argument("--work", type=Path, default=Path("/tmp/ledger-bench"))
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_build(args.child, args.work / "site-breakdown")))
        return 0
    import project
    import report
    from run import save
    a = args.work / f"{args.scale}x" / "a"
    if not (a / "mkdocs.yml").exists():
        project.copy_project(a, args.scale)
    out = subprocess.run([sys.executable, __file__, str(args.scale), "--work", str(args.work), "--child", str(a)],
                         capture_output=True, text=True, check=True,
                         env=project.build_env())
    result = json.loads(out.stdout.strip().splitlines()[-1])
    save(f"breakdown-{args.scale}x", {"scale": args.scale, **result})
    for key, seconds in list(result["handlers"].items())[:12]:
        print(f"{seconds:7.2f} s  {key}")
    print(f"{result['rest_cpu']:7.2f} s  MkDocs + theme (the rest)\n{result['total_cpu']:7.2f} s  total CPU")
    report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())
