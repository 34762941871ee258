"""Data files remembered by content, so records that have not changed are not parsed again.

A build loads the records more than once (macros.py, hooks/problem_pages.py, ...), and
`mkdocs serve` rebuilds in the same process after every save. Parsing is most of the cost of
loading; a file whose bytes are the same as when it was last parsed is not parsed again.
The key is the content itself (a digest), not the modification time, so a rewrite within
one clock tick, or a file put back as it was, is never mistaken.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections import OrderedDict
from pathlib import Path

from .yamlfile import ParsedFile, parse_yaml_file

_MAX_FILES = 32  # a few data folders' worth (tests load many copies of the sample data)
_parsed: OrderedDict[tuple, ParsedFile] = OrderedDict()


def parse_cached(path: Path, display_name: str) -> ParsedFile:
    """parse_yaml_file(), reusing the last parse of the same bytes under the same name."""
    try:
        raw = path.read_bytes()
    except OSError:
        return parse_yaml_file(path, display_name)
    key = (str(path.resolve()), display_name, hashlib.blake2b(raw, digest_size=16).digest())
    if key in _parsed:
        _parsed.move_to_end(key)
        return dataclasses.replace(_parsed[key], errors=[])  # callers add their own errors
    parsed = parse_yaml_file(path, display_name, raw=raw)
    if not parsed.errors:
        _parsed[key] = dataclasses.replace(parsed, errors=[])
        while len(_parsed) > _MAX_FILES:
            _parsed.popitem(last=False)
    return parsed


def clear() -> None:
    _parsed.clear()
