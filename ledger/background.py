"""A helper process for work that can run beside the page build on a second core.

MkDocs builds pages on one core. Two jobs of a site build need nothing from the pages: writing the
Word and Excel downloads, and loading jieba's dictionary (more than half a second) for cutting search
text. They run in one forked helper process while the pages are built; the build waits for them
only at the end (on_post_build), by when they are usually done.

The helper is used only where it helps and is safe: on Linux (fork), with two or more
cores available, and not under `mkdocs serve` (hooks/serve.py switches it off: the server's threads
make forking unsafe, and its rebuilds are warm anyway). Anywhere else `submit` runs the job at once
in this process, so callers never need to care which happened. LEDGER_BACKGROUND=off switches the
helper off. Jobs are module-level functions; their arguments and results are pickled. If the helper
dies (killed, out of memory), waiting for its job raises HelperDied instead of waiting forever.
"""
from __future__ import annotations

import atexit
import concurrent.futures
import multiprocessing
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

SWITCH_VARIABLE = "LEDGER_BACKGROUND"


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


class HelperDied(RuntimeError):
    pass


class Job:
    """A job in the helper: .get() waits for its result, re-raising the job's own error."""

    def __init__(self, future: concurrent.futures.Future):
        self._future = future

    def get(self, timeout: float | None = None):
        try:
            return self._future.result(timeout)
        except concurrent.futures.process.BrokenProcessPool:
            raise HelperDied("构建的辅助进程意外退出（可能是内存不足）。可设置 LEDGER_BACKGROUND=off 不用辅助进程后重新构建") from None


class Helper:
    """At most one forked helper process, started by the first job; jobs run one after another."""

    def __init__(self, environ=os.environ, min_cores: int = 2):
        # Linux only: elsewhere fork is missing (Windows) or unsafe with system libraries (macOS)
        self.enabled = (sys.platform.startswith("linux") and cores() >= min_cores
                        and environ.get(SWITCH_VARIABLE, "").strip().lower() != "off")
        self._executor: concurrent.futures.ProcessPoolExecutor | None = None
        self._folders: list[Path] = []

    def scratch_folder(self) -> Path:
        """A private temporary folder for a job's files; removed by close(), whether the build succeeded or not."""
        folder = Path(tempfile.mkdtemp(prefix="ledger-build-"))
        self._folders.append(folder)
        return folder

    def submit(self, fn: Callable, *args: Any, **kwargs: Any):
        """Run fn(*args, **kwargs) in the helper if there can be one, else now; returns an object with .get()."""
        if not self.enabled:
            return Job(_run_here(fn, *args, **kwargs))
        if self._executor is None:
            # fork: the helper starts with every module this process has imported, at no cost
            self._executor = concurrent.futures.ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"))
        return Job(self._executor.submit(fn, *args, **kwargs))

    def close(self) -> None:
        """Stop the helper at once (a job still running is dropped) and remove the scratch folders."""
        if self._executor is not None:
            # the executor would let a running job finish; a build that is over has no use for it
            processes = list((getattr(self._executor, "_processes", None) or {}).values())
            self._executor.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
                process.join()
            self._executor = None
        for folder in self._folders:
            shutil.rmtree(folder, ignore_errors=True)
        self._folders.clear()


def _run_here(fn: Callable, *args: Any, **kwargs: Any) -> concurrent.futures.Future:
    """fn run now, in this process, as a finished Future: its result or error, as the helper's would be."""
    future: concurrent.futures.Future = concurrent.futures.Future()
    try:
        future.set_result(fn(*args, **kwargs))
    except Exception as exc:
        future.set_exception(exc)
    return future


_shared: Helper | None = None


def shared() -> Helper:
    """The helper of this build, shared by the macros and the hooks."""
    global _shared
    if _shared is None:
        _shared = Helper()
    return _shared


def close_shared() -> None:
    """End of a build: stop the helper; the next build decides afresh whether to have one."""
    global _shared
    if _shared is not None:
        _shared.close()
        _shared = None


# A build can also end by SystemExit (mkdocs-macros exits on a page error), which MkDocs does not report
# to on_build_error: the helper and its scratch folders go when the process ends, whatever ends it.
atexit.register(close_shared)
