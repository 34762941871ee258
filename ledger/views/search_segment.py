"""Chinese text cut for a prefix-matching search index (Material for MkDocs' lunr search).

How the browser side works (Material 9.x search worker): lunr indexes the tokens of each field;
a Chinese query is cut against the index's vocabulary and every piece becomes a prefix query
(`piece*`). Two quirks decide what is found:

- a word inside a longer token is not found: 研讨 is no prefix of the token 专题研讨;
- the query is cut using its proper prefixes only, never the whole query: when the vocabulary
  holds the single character 党, the query 党课 becomes 党* and lists every page with 党组, 党员,
  党章...; when it holds 调研 but not 调研报, the query 调研报告 becomes 调研*.

So the index gets:
1. display tokens (title and text) without single characters: jieba's precise cut with the
   ledger's own names as words; single characters in a row make one token (后/畈/村, an unknown
   word), a lone character joins the next token (面/雨量 -> 面雨量);
2. a hidden field of words: every dictionary word inside a token, each pair of neighbouring
   tokens (调研 + 报告, and 解剖 + 式调研 where a lone character joined the wrong side) - so any
   word is the prefix of some token - and, once in the whole index,
   the prefixes of all words, so that a typed word is cut to its own prefix, not to one character;
3. the single characters of the ledger's names (桃 of 水蜜桃) where indexing them cannot shorten
   a two-character query: no two-character word of the site starts with them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import jieba

_HAN_CHARACTER = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HAN = re.compile(_HAN_CHARACTER + "+")
ZWSP = "\u200b"  # Material joins Chinese tokens with a zero-width space; its separator splits there
# Between Chinese and punctuation (（调研：…） “叫应”) a token ends, as in Material's own cut; digits and
# letters stay with the characters next to them (3次, 2023年), so no lone character becomes a token.
_PUNCTUATION_EDGE = re.compile(rf"(?<={_HAN_CHARACTER})(?=[^\w\s{ZWSP}])|(?<=[^\w\s{ZWSP}])(?={_HAN_CHARACTER})")


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
    text: str
    tokens: set[str]
    words: set[str]  # the tokens, the words inside them and pairs of neighbouring tokens


def with_prefixes(words: Iterable[str]) -> set[str]:
    """Each word and every prefix of it of two or more characters: 气象科普 -> 气象, 气象科, 气象科普."""
    return {word[:end] for word in words for end in range(2, len(word) + 1)}


def missing_prefixes(doc_words: list[set[str]]) -> list[set[str]]:
    """For each document, the prefixes of its words that no document holds as a word and no earlier
    document received. A prefix only has to be in the index once for queries to be cut to it, and the
    first document with a word that starts with it matches that query anyway."""
    known = set().union(*doc_words) if doc_words else set()
    given: set[str] = set()
    result = []
    for words in doc_words:
        new = with_prefixes(words) - known - given
        given |= new
        result.append(new)
    return result


def lone_characters(candidates: Iterable[str], words: Iterable[str]) -> set[str]:
    """The candidate characters that start no two-character word, so indexing them shortens no query."""
    starts = {word[0] for word in words if len(word) == 2}
    return {char for char in candidates if char not in starts}


class SearchSegmenter:
    """Cuts text with jieba and the ledger's names; lists the words a search should find in it.

    The ledger's names are this segmenter's own: a run of Chinese characters is first cut at the
    longest names it holds, and only the stretches between them go to jieba (its default dictionary,
    read, never changed). Two segmenters with different names never affect each other or any later
    build, and jieba's dictionary is loaded once per process (jieba loads it on first use)."""

    def __init__(self, terms: Iterable[str]):
        self.terms = [term for term in dict.fromkeys(terms) if len(term) >= 2]
        self._names = frozenset(self.terms)
        self._longest = max((len(term) for term in self.terms), default=0)
        self.term_characters = {char for term in self.terms for char in term}
        self._runs: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}  # the same runs recur on many pages

    def is_word(self, text: str) -> bool:
        return text in self._names or bool(jieba.get_FREQ(text))

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

    def tokens(self, run: str) -> list[str]:
        """One run of Chinese characters -> display tokens (names first, then jieba's precise cut)."""
        return display_tokens(self._pieces(run))

    def words_inside(self, token: str) -> set[str]:
        """The token and every dictionary word of two or more characters inside it."""
        inside = {token[start:end] for start in range(len(token)) for end in range(start + 2, len(token) + 1)
                  if self.is_word(token[start:end])}
        return inside | ({token} if len(token) >= 2 else set())

    def word_endings(self, token: str) -> set[str]:
        """The token and the dictionary words it ends with: 了解剖 -> 了解剖, 解剖."""
        return {token[start:] for start in range(len(token) - 1) if start == 0 or self.is_word(token[start:])}

    def cut_run(self, han_run: str) -> tuple[tuple[str, ...], frozenset[str]]:
        """One run of Chinese characters -> its tokens and the words a search should find in it (memoised)."""
        cached = self._runs.get(han_run)
        if cached is None:
            run = self.tokens(han_run)
            words: set[str] = set()
            for index, token in enumerate(run):
                words.update(self.words_inside(token))
                if index + 1 < len(run):  # 调研+报告; 了解剖+式调研 also as 解剖式调研
                    words.update(end + run[index + 1] for end in self.word_endings(token))
            cached = self._runs[han_run] = (tuple(run), frozenset(words))
        return cached

    def cut(self, text: str) -> Cut:
        """The text with its Chinese re-cut (tokens joined by zero-width spaces), its tokens, and the
        words a search should find in it."""
        tokens: list[str] = []
        words: set[str] = set()

        def recut(match: re.Match) -> str:
            run, run_words = self.cut_run(match.group(0))
            words.update(run_words)
            tokens.extend(run)
            return ZWSP.join(run)

        text = _PUNCTUATION_EDGE.sub(ZWSP, HAN.sub(recut, text.replace(ZWSP, "")))
        return Cut(text, set(tokens), words)
