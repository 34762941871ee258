"""Chinese text for Material for MkDocs' lunr search: every typed phrase found where it is written.

How the browser side works (Material 9.x search worker, integrations/search/_/index.ts and
query/segment/index.ts): a Chinese query is cut against the index's vocabulary (the tokens lunr
holds), using only the query's proper prefixes, never the whole query; each piece becomes a prefix
query (`piece*`) and the pieces are OR-ed. So with the token 工作 in the index, the query 工作组 is
searched as 工作* (every page with 工作计划, 工作细则, 工作清单 ...), and a long phrase as many pieces
(工作*, 服务行*, 距离* ...), of which a problem page's title matches one and outranks the one page
that has the whole phrase. When no proper prefix of the query is a token, the query is searched
whole: 工作组*.

So no token of the index is plain Chinese:
1. the displayed title and text keep a word cut (jieba's precise cut with the ledger's names as
   words, no lone characters) for the search result's highlighting, each Chinese token ending in an
   invisible WORD JOINER (U+2060), so that it is never a proper prefix of a query;
2. hidden fields hold every substring start of the text: each suffix of each token (from each
   Chinese character, and from the start of each run of digits or letters), up to SUFFIX_LENGTH
   characters, also ending in the joiner. A query typed whole, `Q*`, matches exactly the sections
   whose text contains Q (a phrase, a name, part of a word: 研讨 in 专题研讨).
Problem IDs: lunr's query parser always splits P-008 at the hyphen into the term p (exact) and
008*; the index separator swallows "P-" before digits, so no token p exists and 008* finds P-008 only.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import jieba

_HAN_CHARACTER = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HAN = re.compile(_HAN_CHARACTER + "+")
ZWSP = "\u200b"  # Material joins Chinese tokens with a zero-width space; its separator splits there
MARK = "\u2060"  # WORD JOINER: invisible, no separator, not Chinese - a token ending in it is never a query's prefix
SUFFIX_LENGTH = 24  # a typed phrase up to this long is found anywhere in a text
# Between Chinese and punctuation (（调研：…） “叫应”) a token ends, as in Material's own cut; digits and
# letters stay with the characters next to them (3次, 2023年), so no lone character becomes a token.
_PUNCTUATION_EDGE = re.compile(rf"(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff{MARK}])(?=[^\w\s{ZWSP}{MARK}])"
                               rf"|(?<=[^\w\s{ZWSP}{MARK}])(?={_HAN_CHARACTER})")


def display_tokens(pieces: list[str]) -> list[str]:
    """jieba pieces -> tokens of two or more characters where the run allows it."""
    groups: list[list[str]] = []
    for piece in pieces:
        if len(piece) == 1 and groups and len(groups[-1][-1]) == 1:
            groups[-1].append(piece)  # single characters in a row: an unknown word
        else:
            groups.append([piece])
    tokens: list[str] = []
    carry = ""
    for token in ("".join(group) for group in groups):
        token, carry = carry + token, ""
        if len(token) == 1:
            carry = token  # a lone character joins the next token
        else:
            tokens.append(token)
    if carry:
        if tokens:
            tokens[-1] += carry
        else:
            tokens.append(carry)
    return tokens


@dataclass(frozen=True)
class Cut:
    text: str  # the text with its Chinese cut into tokens (joined by zero-width spaces), each ending in MARK
    tokens: tuple[str, ...]  # the Chinese tokens, without MARK


def _starts(token: str) -> Iterable[int]:
    """Where a typed phrase may begin inside one lunr token: its start, each Chinese character, and each
    run of digits or letters that follows something else (the 11 of 2023年11月14日)."""
    def letter_or_digit(char: str) -> bool:
        return char.isalnum() and not HAN.match(char)

    for index, char in enumerate(token):
        if index == 0 or HAN.match(char) or (letter_or_digit(char) and not letter_or_digit(token[index - 1])):
            yield index


def substring_tokens(text: str, separator: str, length: int = SUFFIX_LENGTH) -> set[str]:
    """The tokens that let lunr's prefix query find any phrase of a text: every suffix of every token
    (cut where `separator`, the index's, cuts), from each start a phrase may have, at most `length`
    characters, ending in MARK when it holds Chinese. Markup (<p>, <li>) is skipped, as lunr does."""
    plain = re.sub(r"<[^>]+>", " ", text).replace(ZWSP, "").replace(MARK, "")  # Material's word cut undone
    found: set[str] = set()
    for token in re.split(separator, plain):
        for start in _starts(token):
            piece = token[start:start + length].lower()
            found.add(piece + MARK if HAN.search(piece) else piece)
    found.discard("")
    return found


class SearchSegmenter:
    """Cuts text with jieba and the ledger's names into the displayed tokens of the search index.

    The ledger's names are this segmenter's own: a run of Chinese characters is first cut at the
    longest names it holds, and only the stretches between them go to jieba (its default dictionary,
    read, never changed). Two segmenters with different names never affect each other or any later
    build, and jieba's dictionary is loaded once per process (jieba loads it on first use)."""

    def __init__(self, terms: Iterable[str]):
        self.terms = [term for term in dict.fromkeys(terms) if len(term) >= 2]
        self._names = frozenset(self.terms)
        self._longest = max((len(term) for term in self.terms), default=0)
        self._runs: dict[str, tuple[str, ...]] = {}  # the same runs recur on many pages

    def _pieces(self, run: str) -> list[str]:
        """The run cut at the longest names it holds (leftmost first); jieba cuts what lies between."""
        pieces: list[str] = []
        start = gap = 0
        while start < len(run):
            name = next((run[start:end] for end in range(min(len(run), start + self._longest), start + 1, -1)
                         if run[start:end] in self._names), None)
            if name is None:
                start += 1
                continue
            if gap < start:
                pieces += jieba.lcut(run[gap:start], HMM=False)
            pieces.append(name)
            start = gap = start + len(name)
        if gap < len(run):
            pieces += jieba.lcut(run[gap:], HMM=False)
        return pieces

    def tokens(self, run: str) -> tuple[str, ...]:
        """One run of Chinese characters -> display tokens (names first, then jieba's precise cut), memoised."""
        cached = self._runs.get(run)
        if cached is None:
            cached = self._runs[run] = tuple(display_tokens(self._pieces(run)))
        return cached

    def cut(self, text: str) -> Cut:
        """The text with its Chinese re-cut: tokens joined by zero-width spaces, each ending in MARK."""
        tokens: list[str] = []

        def recut(match: re.Match) -> str:
            run = self.tokens(match.group(0))
            tokens.extend(run)
            return ZWSP.join(token + MARK for token in run)

        text = _PUNCTUATION_EDGE.sub(ZWSP, HAN.sub(recut, text.replace(ZWSP, "").replace(MARK, "")))
        return Cut(text, tuple(tokens))
