"""The ledger plugin's options, typed, as written in mkdocs.yml under `plugins: ledger:`."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LedgerConfig(base.Config):
    # internal: every record (the default); public: internal records and fields left out (README “公开版与内部版”)
    audience = c.Choice(("internal", "public"), default="internal")
    # 截至日期 of the build, as YYYY-MM-DD; empty: data/settings.yml's as_of. Pages, downloads and search
    # then show the ledger as known on that day (ledger/records/dated.py): what happened later is not yet there
    as_of = c.Optional(c.Type(str))
    # true: the search index is made to find what is typed (ledger_mkdocs/search.py); false: Material's own
    # index as it is (bench/search_recall.py compares the two)
    search_index = c.Type(bool, default=True)
