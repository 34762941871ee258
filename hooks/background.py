"""MkDocs hook: the build's helper process (ledger/background.py) ends with the build, built or failed."""
from __future__ import annotations

from mkdocs.plugins import event_priority

from ledger import background


@event_priority(-100)  # after every other post_build step (the search hook's uses the helper)
def on_post_build(*, config):
    background.close_shared()


def on_build_error(*, error):
    background.close_shared()
