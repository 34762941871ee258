"""A 市局's roll-up at scale: 20 units, each the sample at 1x or 10x, read from 20 git repositories.

For each scale it makes the 20 unit repositories (bench/generate.py's records, each unit renamed and with
its own 截至 date), a roll-up folder over them (python -m ledger rollup new), then measures, each `--runs`
times (median; CPU = user + system of the process and its git children; peak memory of the process):

- `python -m ledger rollup check`: every unit read out of git and checked;
- `mkdocs build --strict` of the roll-up site (its pages, every unit's problem pages, search index, downloads).

    .venv/bin/python bench/rollup.py                   # 1x and 10x, 3 runs each; JSON in bench/results/
    .venv/bin/python bench/rollup.py --scales 1 --runs 1
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from generate import generate  # noqa: E402
from rollup_demo import rename_unit, set_setting  # noqa: E402
from measure import median, site_stats, timed_run  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
UNITS = 20
GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "b@example.invalid", "GIT_COMMITTER_NAME": "bench",
           "GIT_COMMITTER_EMAIL": "b@example.invalid", "GIT_CONFIG_NOSYSTEM": "1"}


def make_unit_repo(dest: Path, index: int, scale: int) -> None:
    """Unit `index`: the sample's records at `scale`, named 第N区气象局, 截至 spread over the last 10 days."""
    generate(scale, dest / "data")
    shutil.copytree(ROOT / "docs" / "evidence", dest / "docs" / "evidence")
    rename_unit(dest, f"第{index + 1}区气象局")
    set_setting(dest, "as_of", f"2023-11-{20 + index % 10:02d}")
    env = dict(os.environ, **GIT_ENV)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "台账"]):
        subprocess.run(["git", "-C", str(dest), *args], check=True, env=env, capture_output=True)


def make_rollup(root: Path, scale: int) -> Path:
    for index in range(UNITS):
        make_unit_repo(root / "units" / f"qu-{index + 1:02d}", index, scale)
    folder = root / "rollup"
    subprocess.run([sys.executable, "-m", "ledger", "rollup", "new", str(folder), "--name", "某市气象局",
                    "--campaign", str(ROOT / "data")], check=True, capture_output=True)
    units = "".join(f"  - id: qu-{i + 1:02d}\n    name: 第{i + 1}区气象局\n    repo: ../units/qu-{i + 1:02d}\n"
                    for i in range(UNITS))
    (folder / "data" / "rollup.yml").write_text(
        "name: 某市气象局\ntitle: 某市气象局汇总台账\nas_of: 2023-11-30\nlate_days: 7\n"
        "summary_figures: [activity_count, report_count, places_visited, problem_count, problems_done,"
        " completion_rate, problems_overdue, problems_due_soon]\n"
        "chart: {rate: completion_rate, count: problems_open}\n"
        f"units:\n{units}", encoding="utf-8")
    return folder


def measure(scale: int, runs: int) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix=f"rollup-bench-{scale}x-") as tmp:
        folder = make_rollup(Path(tmp), scale)
        problems = sum(1 for _ in Path(tmp).glob("units/*/data/problems/*.yml"))
        check = [timed_run([sys.executable, "-m", "ledger", "rollup", "check", str(folder)], folder, env)
                 for _ in range(runs)]
        site = Path(tmp) / "site"
        builds = []
        for _ in range(runs):
            shutil.rmtree(site, ignore_errors=True)
            builds.append(timed_run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                                     str(folder / "mkdocs.yml"), "-d", str(site)], folder, env))
        stats = site_stats(site)
    return {"scale": scale, "units": UNITS, "problems": problems, "runs": runs, "load": os.getloadavg()[0],
            **{f"check_{k}": median(getattr(r, k) for r in check) for k in ("seconds", "cpu_seconds", "max_rss_mb")},
            **{f"build_{k}": median(getattr(r, k) for r in builds) for k in ("seconds", "cpu_seconds", "max_rss_mb")},
            **{f"site_{k}": v for k, v in stats.items()}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="汇总台账的基准：20 个单位（样例的 1 倍、10 倍），读取检查和构建的时间、内存")
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    print("| 规模 | 问题数 | rollup check 墙钟 / CPU 秒 | 峰值内存 MB | 构建 墙钟 / CPU 秒 | 峰值内存 MB | 页面数 | 站点 MB | 负载 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for scale in args.scales:
        result = measure(scale, args.runs)
        (RESULTS / f"rollup-20units-{scale}x.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
        print(f"| 20 个单位 × {scale}x | {result['problems']} | {result['check_seconds']:.1f} / {result['check_cpu_seconds']:.1f} "
              f"| {result['check_max_rss_mb']:.0f} | {result['build_seconds']:.1f} / {result['build_cpu_seconds']:.1f} "
              f"| {result['build_max_rss_mb']:.0f} | {result['site_html_pages']:.0f} | {result['site_size_mb']:.1f} "
              f"| {result['load']:.1f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
