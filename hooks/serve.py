"""MkDocs hook for `mkdocs serve`: the preview shows a saved record sooner. `mkdocs build` is untouched.

- MkDocs looks for changed files every 0.5 s; here every 0.1 s (records, code and pages alike).
- Each rebuild compiles Material's templates anew; while serving, compiled templates are kept in
  Jinja's bytecode cache (keyed by each template's source, so an edited template is recompiled).
"""
from __future__ import annotations

import os

from jinja2 import FileSystemBytecodeCache
from mkdocs.plugins import event_priority
from watchdog.observers.polling import PollingObserver

from ledger import background

POLL_SECONDS = 0.1
# Hooks are loaded afresh for every rebuild, the process environment stays: it remembers "serving".
_SERVING = "LEDGER_SERVING_PID"


def on_startup(command, dirty):
    if command == "serve":
        os.environ[_SERVING] = str(os.getpid())
        # no helper process (ledger/background.py): forking beside the server's threads is unsafe
        os.environ[background.SWITCH_VARIABLE] = "off"


def serving() -> bool:
    return os.environ.get(_SERVING) == str(os.getpid())


@event_priority(100)  # before any other plugin watches a path
def on_serve(server, config, builder):
    """The same polling observer as MkDocs', polling more often; paths already watched move to it."""
    moved = []
    for path in [config.docs_dir, config.config_file_path, *config.theme.dirs]:
        try:
            server.unwatch(path)
            moved.append(path)
        except KeyError:  # not watched (theme folders unless --watch-theme)
            pass
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    for path in moved:
        server.watch(path)
    return server


def on_env(env, config, files):
    if serving():
        env.bytecode_cache = FileSystemBytecodeCache()
    return env
