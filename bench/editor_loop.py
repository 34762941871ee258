"""Editor's loop: time from saving a file to `mkdocs serve` serving the rebuilt page.

A copy of the project with the sample data, or N times it (bench/generate.py), in its own git repository
as an editor's checkout is, is served by `mkdocs serve` on a loopback port (as ./run.sh serve does:
`--dirty`). Each round saves one file with a new marker and polls the page that shows it until the marker
appears. What is saved (--target):
- problem: a problem's description in data/problems/P-008.yml, read on the problem list (problems/);
- shared: an activity's title in data/study.yml (a file many records share), read on study/;
- docs: a sentence of docs/study.md, read on study/.

    .venv/bin/python bench/editor_loop.py --rounds 12 --target problem -- --dirty --no-strict
    .venv/bin/python bench/editor_loop.py --scale 100 --rounds 12 --target shared -- --dirty --no-strict

When a save is noticed: MkDocs' watcher looks at the files every 0.5 s (watchdog's polling observer) and builds
0.1 s after the last change it saw. An editor saves at any moment, so the rounds are spaced by the pause plus a
random part of the polling interval (seeded, the same each run): with a fixed pause of 1.5 s (three polling
intervals) every save fell at the same point of the watcher's cycle and each round measured about 0.5 s
whatever the rebuild took. The server's CPU per save (what the rebuild and the watcher cost, less sensitive to
the machine's load than the wall clock) is recorded beside the time.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
import project  # noqa: E402
from run import save  # noqa: E402

POLL_SECONDS = 0.02
WATCH_INTERVAL = 0.5  # MkDocs' LiveReloadServer polls the watched files this often
# target -> (file saved, text in it that each round marks, the page that shows it)
TARGETS = {
    "problem": ("data/problems/P-008.yml", "灾害性天气提醒不够及时", "problems/"),
    "shared": ("data/study.yml", "主题教育专题读书班", "study/"),
    "docs": ("docs/study.md", "理论学习", "study/"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at url contains text."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if text in fetch(url):
                return time.perf_counter()
        except OSError:
            pass
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout} s")


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, with waited-for children such as git) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def git_checkout(destination: Path, scale: int = 1) -> Path:
    project.copy_project(destination, scale)
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=bench", "-c", "user.email=bench@localhost",
                                                     "commit", "-q", "-m", "sample"]):
        subprocess.run(["git", *command], cwd=destination, check=True)
    return destination


def rounds(checkout: Path, url: str, count: int, pause: float, pid: int, target: str) -> tuple[list[float], list[float]]:
    file, text, _page = TARGETS[target]
    problems = checkout / file
    original = problems.read_text(encoding="utf-8")
    assert text in original
    seconds, cpu = [], []
    jitter = random.Random(f"editor-loop-{target}")  # where in the watcher's cycle each save falls
    time.sleep(jitter.uniform(0, WATCH_INTERVAL))
    for i in range(count):
        marker = f"第{i + 1}次修改"
        changed = original.replace(text, f"{text}（{marker}）", 1)
        cpu_before = cpu_seconds(pid)
        saved = time.perf_counter()
        problems.write_text(changed, encoding="utf-8")
        seconds.append(wait_for(url, marker, 300) - saved)
        cpu.append(cpu_seconds(pid) - cpu_before)
        print(f"round {i + 1}/{count}: {seconds[-1]:.2f} s, server cpu {cpu[-1]:.2f} s", flush=True)
        time.sleep(pause + jitter.uniform(0, WATCH_INTERVAL))
    problems.write_text(original, encoding="utf-8")
    return seconds, cpu


def build_times(log_text: str) -> list[float]:
    """'Documentation built in 0.43 seconds' lines of the serve log (the first is the initial build). MkDocs logs a
    message only the first time (mkdocs.utils.DuplicateFilter): a rebuild as long as an earlier one is missing."""
    return [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", log_text)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="保存记录到预览页面更新的时间（mkdocs serve）")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--pause", type=float, default=1.5, help="两次修改之间等待的秒数")
    parser.add_argument("--label", default="mkdocs serve（默认）", help="写进结果的设置说明")
    parser.add_argument("--name", default="editor-loop", help="结果文件名 bench/results/<name>.json")
    parser.add_argument("--scale", type=int, default=1, help="样例数据的倍数（bench/generate.py）")
    parser.add_argument("--target", choices=sorted(TARGETS), nargs="+", default=["problem"],
                        help="保存哪一类文件（可以几类，在同一个 mkdocs serve 里先后测，结果各写一个文件）")
    parser.add_argument("--drop-hook", action="append", default=[], help="不用这个 hook（对比用），如 hooks/serve.py")
    parser.add_argument("serve_args", nargs="*", help="传给 mkdocs serve 的其他参数（写在 -- 之后）")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ledger-editor-") as tmp:
        checkout = git_checkout(Path(tmp) / "project", args.scale)
        config = checkout / "mkdocs.yml"
        if args.drop_hook:
            hooks = [h for h in project.read_config(checkout).get("hooks") or [] if h not in args.drop_hook]
            config = project.variant_config(checkout, "variant", hooks=hooks)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        log_path = Path(tmp) / "serve.log"
        measured = {}
        with open(log_path, "w") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "--dev-addr", f"127.0.0.1:{port}",
                 *args.serve_args],
                cwd=checkout, env=project.build_env(PYTHONUNBUFFERED="1"), stdout=log, stderr=subprocess.STDOUT)
            try:
                for target in args.target:
                    _file, text, page = TARGETS[target]
                    wait_for(base + page, text, 900)
                    time.sleep(args.pause)
                    builds_before = len(build_times(log_path.read_text(encoding="utf-8")))
                    load_before = measure.load_average()
                    seconds, cpu = rounds(checkout, base + page, args.rounds, args.pause, server.pid, target)
                    time.sleep(args.pause)
                    builds = build_times(log_path.read_text(encoding="utf-8"))[builds_before:]
                    measured[target] = (seconds, cpu, builds, load_before)
            finally:
                server.terminate()
                server.wait(timeout=30)
    for target, (seconds, cpu, builds, load_before) in measured.items():
        result = {"label": args.label, "runs": args.rounds, "scale": args.scale, "target": target,
                  "serve_args": args.serve_args, "dropped_hooks": args.drop_hook,
                  "seconds": [round(s, 3) for s in seconds], "median": measure.median(seconds),
                  "cpu_seconds": [round(c, 3) for c in cpu], "median_cpu": measure.median(cpu),
                  "median_build": measure.median(builds) if builds else None, "builds": builds,
                  "load_average_before": load_before, "load_average": measure.load_average()}
        save(args.name if len(args.target) == 1 else f"{args.name}-{target}", result)
        print(f"{target}：保存到页面更新中位数 {result['median']:.2f} 秒（{args.rounds} 次），其中重建中位数 "
              f"{result['median_build'] or 0:.2f} 秒，服务进程每次 CPU 中位数 {result['median_cpu']:.2f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
