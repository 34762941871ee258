"""The site adapter: every line that knows MkDocs (and Material for MkDocs) lives in this package.

- config.py: the ledger plugin's typed options in mkdocs.yml (audience, as_of);
- plugin.py: the plugin: loads one BuildContext per build and hands it to the pages, adds the
  problem pages, dates pages, writes the downloads and re-cuts the search index;
- macros.py: the mkdocs-macros functions the pages call (the project's macros.py imports them);
- search.py: Material's search index re-cut with the ledger's names.
The core package (ledger/) knows nothing of any of this.
"""
