"""Build outputs remembered across builds, keyed by everything they are made from.

A site build writes the Word and Excel downloads and re-cuts the search index every time, although
most builds (a `mkdocs serve` rebuild, a CI run after a page edit) have the same records as the last
one. Like Material for MkDocs' own plugins, the ledger keeps such outputs under `.cache/` in the
project (`.cache/ledger/`, ignored by git) and reuses them when their inputs are byte for byte the
same. The key of an entry is a digest of its inputs *and* of the code that makes it (every file of
the `ledger` package plus the library versions), so changed code never serves an old output.

A cache is only ever a shortcut: an entry that cannot be read is treated as absent and made again,
and an entry is written atomically (a half-written one is never seen). Set LEDGER_CACHE_DIR to put
the cache elsewhere, or to `off` to build everything from scratch.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

CACHE_VARIABLE = "LEDGER_CACHE_DIR"
OFF = "off"
DEFAULT_FOLDER = Path(".cache") / "ledger"
KEEP_ENTRIES = 6  # per kind: a few branches or audiences built in turn stay warm
_PACKAGE_DIR = Path(__file__).resolve().parent
_LIBRARIES = ("pydantic", "python-docx", "openpyxl", "jieba", "Jinja2")


def cache_root(project_dir: str | os.PathLike, environ=os.environ) -> Path | None:
    """Where this project's cache lives, or None when caching is switched off."""
    setting = environ.get(CACHE_VARIABLE, "").strip()
    if setting.lower() == OFF:
        return None
    return Path(setting) if setting else Path(project_dir) / DEFAULT_FOLDER


def digest(parts: Iterable[bytes | str]) -> str:
    """One hex digest of several inputs; each is length-prefixed, so ("ab", "c") and ("a", "bc") differ."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The ledger package's files (code and the Word template) and the versions of the libraries it uses."""
    parts: list[bytes | str] = [sys.version]
    for path in sorted(p for p in _PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        parts += [path.relative_to(_PACKAGE_DIR).as_posix(), path.read_bytes()]
    for library in _LIBRARIES:
        try:
            parts += [library, importlib.metadata.version(library)]
        except importlib.metadata.PackageNotFoundError:
            parts += [library, "-"]
    return digest(parts)


def ledger_digest(ledger) -> str:
    """The records' content: every record of every kind as JSON, in order (models hold no sets)."""
    parts: list[bytes | str] = []
    for field in dataclasses.fields(ledger):
        value = getattr(ledger, field.name)
        records = value if isinstance(value, tuple) else (value,)
        parts.append(field.name)
        parts += [record.__pydantic_serializer__.to_json(record) for record in records]
    return digest(parts)


class Store:
    """One kind of cached output: entries named by key, each a folder of files."""

    def __init__(self, root: Path | None, kind: str, keep: int = KEEP_ENTRIES):
        self.folder = root / kind if root is not None else None
        self.keep = keep

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def get(self, key: str) -> Path | None:
        """The entry's folder if it is complete, else None. A hit is marked as recently used."""
        if self.folder is None:
            return None
        entry = self.folder / key
        if not (entry / ".complete").is_file():
            return None
        try:
            os.utime(entry)
        except OSError:
            pass
        return entry

    def put(self, key: str, files: dict[str, bytes]) -> None:
        """Store files under key atomically, replacing an older entry of that key; old entries beyond
        `keep` are removed. Failures are ignored: a build never fails because its cache cannot be
        written (a read-only checkout, a full disk)."""
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".new-", dir=self.folder))
            for name, data in files.items():
                (staging / name).write_bytes(data)
            (staging / ".complete").write_bytes(b"")
            target = self.folder / key
            if target.exists():
                old = Path(tempfile.mkdtemp(prefix=".old-", dir=self.folder))
                os.replace(target, old / key)
                shutil.rmtree(old, ignore_errors=True)
            try:
                os.rename(staging, target)
            except OSError:  # another build stored the same entry meanwhile
                shutil.rmtree(staging, ignore_errors=True)
            self._prune()
        except OSError:
            pass

    def _prune(self) -> None:
        """Keep the `keep` most recently used entries; drop staging folders a killed build left behind."""
        now = time.time()
        entries = []
        for path in self.folder.iterdir():
            if path.name.startswith("."):
                if now - path.stat().st_mtime > 3600:
                    shutil.rmtree(path, ignore_errors=True)
            elif path.is_dir():
                entries.append(path)
        entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[self.keep:]:
            shutil.rmtree(old, ignore_errors=True)
