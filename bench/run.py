"""Benchmark: builds through records and macros (a) against the same final Markdown built plainly (b).

    taskset -c 0 .venv/bin/python bench/run.py build --scales 1 10 100 --runs 5   # on one core
    .venv/bin/python bench/run.py build --scales 1000 --runs 3
    .venv/bin/python bench/run.py check --records 10000
    .venv/bin/python bench/run.py nav --scale 100 --runs 3

Each command writes bench/results/*.json and rewrites the tables in bench/RESULTS.md (bench/report.py).
"""
from __future__ import annotations

import argparse
import json
import math
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
import parity  # noqa: E402
import project  # noqa: E402
import report  # noqa: E402
from generate import generate, load_templates, record_count  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, flush=True)


def save(name: str, result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    result.update(machine=measure.machine(), finished=time.strftime("%Y-%m-%d %H:%M"))
    (RESULTS / f"{name}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    report.write()


def build(config: Path, site: Path, **env: str) -> measure.Run:
    return measure.timed_run(project.build_command(config, site), config.parent, project.build_env(**env))


def prepare(scale: int, work: Path) -> tuple[Path, Path, Path]:
    """Project (a) with generated data, its captured final Markdown, and the plain project (b)."""
    base = work / f"{scale}x"
    a = project.copy_project(base / "a", scale)
    captured = base / "captured"
    shutil.rmtree(captured, ignore_errors=True)
    log(f"{scale}x: capture build of (a)")
    build(project.capture_config(a), base / "site-capture", **project.capture_env(captured))
    b = project.plain_project(a, captured, base / "b")
    return a, b, base


def make_parity(a: Path, b: Path, base: Path) -> dict:
    """Build (b) and check it is (a)'s site; files (a) writes besides pages (downloads) become static files of (b)."""
    build(b / "mkdocs.yml", base / "site-b")
    same = parity.compare(base / "site-capture", base / "site-b")
    # files (a) writes besides pages: the downloads, and the form editor's app (admin/: HTML, but no page)
    extra = [f for f in parity.only_in_first(same) if not f.endswith(".html") or f.startswith("admin/")]
    if extra:
        project.add_static_files(base / "site-capture", extra, b / "docs")
        build(b / "mkdocs.yml", base / "site-b")
        same = parity.compare(base / "site-capture", base / "site-b")
    if same["differences"]:
        raise SystemExit(f"(b) does not reproduce (a): {same['differences'][:5]}")
    same["static_copies"] = extra
    return same


def _summary(runs: list[measure.Run]) -> dict:
    return {"seconds": [round(r.seconds, 3) for r in runs], "cpu_seconds": [round(r.cpu_seconds, 3) for r in runs],
            "median": measure.median(r.seconds for r in runs), "median_cpu": measure.median(r.cpu_seconds for r in runs),
            "max_rss_mb": max(r.max_rss_mb for r in runs)}


def cmd_build(args) -> None:
    for scale in args.scales:
        a, b, base = prepare(scale, args.work)
        log(f"{scale}x: parity of (b) with (a)")
        same = make_parity(a, b, base)
        variants = {"a": a / "mkdocs.yml", "b": b / "mkdocs.yml"}
        runs: dict[str, list[measure.Run]] = {kind: [] for kind in variants}
        load_before = measure.load_average()
        for i in range(args.runs):  # interleaved, so that load from elsewhere falls on all alike
            for kind, config in variants.items():
                run = build(config, base / f"site-{kind}")
                runs[kind].append(run)
                log(f"{scale}x run {i + 1}/{args.runs} ({kind}): {run.seconds:.2f} s wall, "
                    f"{run.cpu_seconds:.2f} s cpu, {run.max_rss_mb:.0f} MB")
        result = {kind: _summary(r) for kind, r in runs.items()}
        ratio = {"a": result["a"]["median"] / result["b"]["median"]}
        ratio_cpu = {"a": result["a"]["median_cpu"] / result["b"]["median_cpu"]}
        save(f"build-{scale}x", {
            "scale": scale, "runs": args.runs, "records": record_count(load_templates(a / "data")),
            "cores": measure.cores(), "pages": same["pages"], "static_copies": same["static_copies"],
            "site_a": measure.site_stats(base / "site-a"), "builds": result, "ratio": ratio, "ratio_cpu": ratio_cpu,
            "load_average": [load_before, measure.load_average()],
        })
        log(f"{scale}x: ratio (a)/(b) {ratio['a']:.3f} wall, {ratio_cpu['a']:.3f} cpu")


def _timed_python(code: str, cwd: Path) -> float:
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cmd_check(args) -> None:
    per_copy = record_count(load_templates(project.ROOT / "data"))
    scale = math.ceil(args.records / per_copy)
    data = args.work / "check" / "data"
    records = generate(scale, data)
    command = [sys.executable, "-m", "ledger", "--data", str(data), "check"]
    measure.timed_run(command, project.ROOT, project.build_env())  # warm the file cache
    runs = [measure.timed_run(command, project.ROOT, project.build_env()) for _ in range(args.runs)]
    load_code = ("import time; from ledger import load_ledger; t = time.perf_counter(); "
                 f"load_ledger({str(data)!r}); print(time.perf_counter() - t)")
    loads = [_timed_python(load_code, project.ROOT) for _ in range(args.runs)]
    save("check", {"records": records, "scale": scale, "runs": args.runs,
                   "command_seconds": [round(r.seconds, 3) for r in runs],
                   "median_command": measure.median(r.seconds for r in runs),
                   "median_command_cpu": measure.median(r.cpu_seconds for r in runs),
                   "median_load": measure.median(loads), "max_rss_mb": max(r.max_rss_mb for r in runs)})
    log(f"check {records} records: {measure.median(r.seconds for r in runs):.2f} s "
        f"(load_ledger {measure.median(loads):.2f} s)")


def cmd_nav(args) -> None:
    a, _b, base = prepare(args.scale, args.work)
    facts = json.loads((base / "captured" / "site.json").read_text(encoding="utf-8"))
    outside = sorted(src for src, inclusion in facts["pages"].items()
                     if inclusion == "NOT_IN_NAV" and src.startswith("problems/"))
    config = project.read_config(a)
    nav_all = config["nav"] + [{"问题详情": outside}]
    theme_prune = dict(config["theme"], features=config["theme"].get("features", []) + ["navigation.prune"])
    variants = {
        "now": a / "mkdocs.yml",
        "all_in_nav": project.variant_config(a, "navall", nav=nav_all),
        "all_in_nav_prune": project.variant_config(a, "navprune", nav=nav_all, theme=theme_prune),
    }
    results = {}
    for name, config_file in variants.items():
        runs = []
        for i in range(args.runs):
            runs.append(build(config_file, base / f"site-{name}"))
            log(f"nav {args.scale}x {name} run {i + 1}/{args.runs}: {runs[-1].seconds:.2f} s")
        results[name] = {**_summary(runs), "site": measure.site_stats(base / f"site-{name}")}
    save(f"nav-{args.scale}x", {"scale": args.scale, "runs": args.runs, "problem_pages": len(outside),
                                "variants": results})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="工作台账基准测试")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ledger-bench"), help="生成的项目和站点放在这里")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("build", help="(a) 记录+宏 与 (b) 同样的最终 Markdown 的构建时间")
    p.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    p.add_argument("--runs", type=int, default=5)
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("check", help="python -m ledger check 检查约一万条记录的时间")
    p.add_argument("--records", type=int, default=10000)
    p.add_argument("--runs", type=int, default=7)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("nav", help="问题页在导航之外 / 全部列入导航 / 列入导航并 navigation.prune")
    p.add_argument("--scale", type=int, default=100)
    p.add_argument("--runs", type=int, default=3)
    p.set_defaults(func=cmd_nav)
    args = parser.parse_args(argv)
    args.func(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
