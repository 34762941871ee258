"""The site's macros.py driven without a build: what mkdocs-macros hands to define_env, and nothing more."""
from __future__ import annotations

import functools
import importlib.util
import types
from pathlib import Path

from mkdocs.structure.files import File

from ledger.context import BuildContext, BuildOptions

from support import ROOT


@functools.cache
def macros_module():
    """macros.py, loaded once (it is a file at the project root, not a package)."""
    spec = importlib.util.spec_from_file_location("ledger_site_macros", ROOT / "macros.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class MacrosEnv:
    """The env object define_env receives: project folder, config (with the ledger plugin and its build
    context), variables, the page being rendered. Making it loads the records (LedgerInvalid if broken)."""

    def __init__(self, project: Path, page_src: str = "index.md", options: BuildOptions = BuildOptions()):
        self.project_dir = str(project)
        plugin = types.SimpleNamespace(context=BuildContext(project, options),
                                       hold_tables=lambda markdown: markdown)  # as in a site build
        self.conf = types.SimpleNamespace(plugins={"ledger": plugin}, use_directory_urls=True)
        self.variables: dict = {}
        self.page = type("Page", (), {"file": type("File", (), {"src_uri": page_src})(),
                                      "url": File(page_src, "", "", True).url})()

    def macro(self, function, name=None):
        self.variables[name or function.__name__] = function

    def filter(self, function, name=None):
        pass
