"""mkdocs-macros reads this file: the macros themselves are the tool's (ledger_mkdocs/macros.py)."""
from ledger_mkdocs.macros import define_env  # noqa: F401
