"""The ledger plugin's options, typed, as written in mkdocs.yml under `plugins: ledger:`."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ledger.editor.decap import BACKENDS, LOCAL_PORT


class EditorConfig(base.Config):
    """The form editor at /admin/ (README “表单编辑器（/admin/）”); only in the internal build."""
    enabled = c.Type(bool, default=True)
    # local: the local backend on this computer (./run.sh edit, ledger/editor/local_backend.py) | gitlab | gitea: the intranet git server
    backend = c.Choice(BACKENDS, default="local")
    repo = c.Optional(c.Type(str))          # group/project
    base_url = c.Optional(c.Type(str))      # https://git.example.cn (login)
    api_root = c.Optional(c.Type(str))      # https://git.example.cn/api/v4 (GitLab) | …/api/v1 (Gitea)
    app_id = c.Optional(c.Type(str))        # the OAuth application's ID
    branch = c.Type(str, default="main")
    editorial_workflow = c.Type(bool, default=False)  # GitLab: a save opens a merge request
    local_port = c.Type(int, default=LOCAL_PORT)
    site_url = c.Optional(c.Type(str))


class LedgerConfig(base.Config):
    # internal: every record (the default); public: internal records and fields left out (README “公开版与内部版”)
    audience = c.Choice(("internal", "public"), default="internal")
    # 截至日期 of the build, as YYYY-MM-DD; empty: data/settings.yml's as_of. Pages, downloads and search
    # then show the ledger as known on that day (ledger/records/dated.py): what happened later is not yet there
    as_of = c.Optional(c.Type(str))
    # true: the search index is made to find what is typed (ledger_mkdocs/search.py); false: Material's own
    # index as it is (bench/search_recall.py compares the two)
    search_index = c.Type(bool, default=True)
    editor = c.SubConfig(EditorConfig)
