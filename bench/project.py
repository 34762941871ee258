"""Project copies for the benchmark.

(a) the real project (docs, macros, the ledger plugin, config, ledger code as they are now) with a generated data/;
(b) its plain twin: the Markdown each page had once the macros and the ledger plugin were done with it,
    written out as ordinary files, built by MkDocs with the same theme and configuration minus the macros
    and ledger plugins.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from mkdocs.utils import yaml_load

from generate import generate
from ledger_mkdocs.plugin import THEME_DIR as TOOL_THEME

TOOL_THEME_FOLDER = "tool-theme"

ROOT = Path(__file__).resolve().parent.parent
CAPTURE_HOOK = Path(__file__).resolve().parent / "capture.py"
_NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "site", "__pycache__", ".pytest_cache", ".hypothesis",
                                     "*.egg-info", "tests", "bench", ".ci", "data", ".cache")


def copy_project(destination: Path, scale: int) -> Path:
    """The project as it is in the working tree, with data/ at `scale` times the sample."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(ROOT, destination, ignore=_NOT_COPIED)
    generate(scale, destination / "data")
    return destination


def read_config(project: Path) -> dict[str, Any]:
    """mkdocs.yml as MkDocs reads it (!ENV and friends resolved)."""
    with open(project / "mkdocs.yml", "rb") as file:
        return yaml_load(file)


def write_config(path: Path, config: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def variant_config(project: Path, name: str, **changes: Any) -> Path:
    """mkdocs.<name>.yml next to mkdocs.yml: the project's config with some top-level keys replaced."""
    config = read_config(project)
    config.update(changes)
    return write_config(project / f"mkdocs.{name}.yml", config)


def capture_config(project: Path) -> Path:
    """The project's config plus bench/capture.py, which writes out every page's final Markdown."""
    hooks = list(read_config(project).get("hooks") or [])
    return variant_config(project, "capture", hooks=hooks + [str(CAPTURE_HOOK)])


def _not_in_nav_patterns(pages: dict[str, str], original: str) -> str:
    """gitignore-style lines: whole folders where every page is outside the nav, single pages elsewhere."""
    outside = {src for src, inclusion in pages.items() if inclusion == "NOT_IN_NAV"}
    folders: set[str] = set()
    for src in outside:
        folder = str(PurePosixPath(src).parent)
        if folder != "." and all(s in outside for s in pages if s.startswith(folder + "/")):
            folders.add(folder)
    singles = sorted(s for s in outside if str(PurePosixPath(s).parent) not in folders)
    lines = [line for line in original.splitlines() if line.strip()]
    return "\n".join(lines + [f"/{f}/" for f in sorted(folders)] + [f"/{s}" for s in singles]) + "\n"


def plain_project(source: Path, captured: Path, destination: Path) -> Path:
    """Project (b): the captured Markdown plus docs/'s other files, no macros, no hooks, no data."""
    if destination.exists():
        shutil.rmtree(destination)
    config = read_config(source)
    shutil.copytree(source / config.get("docs_dir", "docs"), destination / "docs",
                    ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(captured / "docs", destination / "docs", dirs_exist_ok=True)
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:  # theme overrides (templates) are part of the theme, not of the data layer
        shutil.copytree(source / custom_dir, destination / custom_dir)
    else:  # the tool's overrides (the title's escaping, the 404 page), which the ledger plugin adds to (a)'s theme
        shutil.copytree(TOOL_THEME, destination / TOOL_THEME_FOLDER)
        config.setdefault("theme", {})["custom_dir"] = TOOL_THEME_FOLDER
    facts = json.loads((captured / "site.json").read_text(encoding="utf-8"))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_name"] = facts["site_name"]
    # the ledger plugin (records, problem pages, downloads, search re-cut) and the macros are what (a) adds
    config["plugins"] = {name: options for name, options in config.get("plugins", {}).items()
                         if name not in ("ledger", "macros")}
    config["not_in_nav"] = _not_in_nav_patterns(facts["pages"], config.get("not_in_nav") or "")
    write_config(destination / "mkdocs.yml", config)
    return destination


def add_static_files(site: Path, names: list[str], docs: Path) -> None:
    """Files the build of (a) wrote besides pages (the downloads), put into (b)'s docs/ as they are."""
    for name in names:
        target = docs / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / name, target)


def capture_env(captured: Path) -> dict[str, str]:
    return {"BENCH_CAPTURE_DIR": str(captured)}


def build_command(config_file: Path, site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config_file), "-d", str(site_dir)]


def build_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
