"""The tool's distribution name and its version as installed (pyproject.toml's version)."""
from __future__ import annotations

from importlib import metadata

DISTRIBUTION = "gongzuo-taizhang"


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # pragma: no cover - the tool run from a checkout without installing it
        return "0+source"
