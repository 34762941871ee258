"""Timing and memory of child processes, site sizes, and a description of the machine."""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mkdocs-git-revision-date-localized-plugin",
            "PyYAML", "pydantic", "pydantic-core", "Jinja2", "Markdown", "pymdown-extensions", "jieba", "click")


@dataclass
class Run:
    seconds: float  # wall clock
    cpu_seconds: float  # user + system: less disturbed by other work on the machine
    max_rss_mb: float


def timed_run(command: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Wall time and peak resident memory of one child process (its own rusage, from wait4)."""
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(command)} failed:\n{errors.read().decode('utf-8', 'replace')[-4000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(values) -> float:
    return statistics.median(values)


def site_stats(site: Path) -> dict[str, float]:
    files = [p for p in site.rglob("*") if p.is_file()]
    html = [p for p in files if p.suffix == ".html"]
    return {"files": len(files), "html_pages": len(html),
            "size_mb": sum(p.stat().st_size for p in files) / 1e6,
            "html_mb": sum(p.stat().st_size for p in html) / 1e6}


def _cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return 0.0


def cores() -> int:
    """Cores this process (and the builds it starts) may run on: 1 under `taskset -c 0`."""
    return len(os.sched_getaffinity(0))


def machine() -> dict[str, object]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"nproc": os.cpu_count(), "cpu": _cpu_model(), "memory_gb": round(_memory_gb(), 1),
            "python": platform.python_version(), "system": f"{platform.system()} {platform.release()}",
            "packages": versions}


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def python() -> str:
    return sys.executable
