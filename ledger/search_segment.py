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
2. a hidden field of words: each token, every dictionary word inside it, each pair of
   neighbouring tokens (调研 + 报告), all with their prefixes - so any word is the prefix of some
   token and a typed word is cut to its own prefix, not to one character;
3. the single characters of the ledger's names (桃 of 水蜜桃) where indexing them cannot shorten
   a two-character query: no two-character word of the site starts with them.
"""
from __future__ import annotations

import re
from typing import Iterable

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZWSP = "\u200b"  # Material joins Chinese tokens with a zero-width space; its separator splits there


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


def with_prefixes(words: Iterable[str]) -> set[str]:
    """Each word and every prefix of it of two or more characters: 气象科普 -> 气象, 气象科, 气象科普."""
    return {word[:end] for word in words for end in range(2, len(word) + 1)}


def lone_characters(candidates: Iterable[str], words: Iterable[str]) -> set[str]:
    """The candidate characters that start no two-character word, so indexing them shortens no query."""
    starts = {word[0] for word in words if len(word) == 2}
    return {char for char in candidates if char not in starts}


class SearchSegmenter:
    """Cuts text with jieba and the ledger's names; lists the words a search should find in it."""

    def __init__(self, tokenizer, terms: Iterable[str]):
        self.tokenizer = tokenizer
        self.terms = [term for term in dict.fromkeys(terms) if len(term) >= 2]
        for term in self.terms:
            if not self.is_word(term):
                self.tokenizer.add_word(term)
        self.term_characters = {char for term in self.terms for char in term}

    def is_word(self, text: str) -> bool:
        return bool(self.tokenizer.FREQ.get(text))

    def tokens(self, run: str) -> list[str]:
        """One run of Chinese characters -> display tokens (jieba's precise cut, no new-word guessing)."""
        return display_tokens(list(self.tokenizer.cut(run, HMM=False)))

    def words_inside(self, token: str) -> set[str]:
        """The token and every dictionary word of two or more characters inside it."""
        inside = {token[start:end] for start in range(len(token)) for end in range(start + 2, len(token) + 1)
                  if self.is_word(token[start:end])}
        return inside | ({token} if len(token) >= 2 else set())

    def cut(self, text: str) -> tuple[str, set[str]]:
        """(text with its Chinese re-cut and joined by zero-width spaces, the words found in it)."""
        words: set[str] = set()

        def recut(match: re.Match) -> str:
            tokens = self.tokens(match.group(0))
            for index, token in enumerate(tokens):
                words.update(self.words_inside(token))
                if index + 1 < len(tokens):
                    words.add(token + tokens[index + 1])
            return ZWSP.join(tokens)

        return HAN.sub(recut, text.replace(ZWSP, "")), words
