"""The ledger's own vocabulary: names of topics, places, units, actions, mechanisms, regulations...

jieba's general dictionary does not know 柏坑水库, 桃研所, 叫应 or 四学机制, so it cuts them into
pieces a person would never type. The records name these things in structured fields, and free
text quotes them in “…” and 《…》; those names, split at punctuation, placeholders and numbers,
are the domain dictionary that the search index is segmented with (see search_segment.py).
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from pydantic import BaseModel

from ledger.records.ledger import Ledger, iter_record_lists

# Anything that is not a Chinese character ends a term: punctuation, brackets, the XX placeholder, digits.
_NOT_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Quoted names inside free text: “叫应”, 《工作细则》, 「…」, ‘…’.
_QUOTED = re.compile(r"“([^”]+)”|《([^》]+)》|「([^」]+)」|‘([^’]+)’")
# A name that starts with an administrative level (区桃研所, 区财政局) is also known without it.
_ADMIN_LEVELS = "省市区县镇乡"
MIN_LENGTH = 2
# A longer piece is a title or a phrase (重大灾害应急响应实施办法): jieba cuts it into words
# itself, and one token that long would hide the words inside it from the search index.
MAX_LENGTH = 6

def split_name(name: str) -> list[str]:
    """'XX区桃研所' -> ['桃研所', '区桃研所']; '《XX水蜜桃地方标准》' -> ['水蜜桃地方标准'] is too long: []."""
    terms = []
    for piece in _NOT_HAN.split(name):
        if piece[:1] in _ADMIN_LEVELS and len(piece) - 1 > MIN_LENGTH:
            terms.append(piece[1:])
        terms.append(piece)
    return [term for term in terms if MIN_LENGTH <= len(term) <= MAX_LENGTH]


def _strings(value) -> Iterator[str]:
    """Every string inside a record value: nested models, lists, plain strings."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for field in type(value).model_fields:
            yield from _strings(getattr(value, field))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def quoted_names(text: str) -> list[str]:
    """The names a sentence quotes: “叫应”、《……实施办法》."""
    return [next(group for group in match.groups() if group) for match in _QUOTED.finditer(text)]


def _names(ledger: Ledger) -> Iterable[str]:
    yield ledger.settings.unit
    yield ledger.settings.party_group
    for kind, records in iter_record_lists(ledger):
        for record in records:
            for field in kind.name_fields:
                yield from _strings(getattr(record, field))
    for _kind, records in iter_record_lists(ledger):
        for text in _strings(list(records)):
            yield from quoted_names(text)


def domain_terms(ledger: Ledger) -> list[str]:
    """The ledger's names as dictionary words, each once, in first-seen order."""
    seen: dict[str, None] = {}
    for name in _names(ledger):
        for term in split_name(name):
            seen.setdefault(term, None)
    return list(seen)

