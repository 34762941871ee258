"""Record text made safe for Markdown pages, and Chinese date wording.

Record values are text, never markup: every character that Markdown, HTML,
Python-Markdown extensions or Jinja could read as syntax becomes a numeric
character reference, which every one of them passes through as plain text.
"""
from __future__ import annotations

import datetime as dt

# ASCII punctuation that some Markdown/HTML/extension syntax gives meaning to.
_SPECIAL = set("\\`*_{}[]()<>#+-.!|~^=:&\"'$%@")


def escape_text(value: object, *, line_breaks: str = "<br>") -> str:
    """Plain text -> Markdown-inert text; line breaks become `line_breaks`."""
    text = "" if value is None else str(value)
    out = []
    for char in text:
        if char in _SPECIAL:
            out.append(f"&#{ord(char)};")
        elif char == "\n":
            out.append(line_breaks)
        elif char == "\r":
            continue
        else:
            out.append(char)
    return "".join(out)


def cn_date(value: dt.date | None) -> str:
    """2023年9月15日 (no leading zeros), as 公文 write dates."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def percent(part: int, whole: int) -> str:
    """75% as reports state a rate, rounded half up (四舍五入: 12.5% -> 13%); 0 of 0 reads as 0%.

    Never 100% while part < whole, nor 0% while part > 0: such a rate reads 99% or 1%."""
    if whole <= 0:
        return "0%"
    rounded = (200 * part + whole) // (2 * whole)  # floor(100 * part / whole + 1/2), in integers
    if 0 < part < whole:
        rounded = min(max(rounded, 1), 99)
    return f"{rounded}%"


def join_cn(items, sep: str = "、") -> str:
    return sep.join(str(i) for i in items)


_CN_DIGITS = "零一二三四五六七八九"


def _cn_below_10000(n: int) -> str:
    """1..9999 with 零 for each run of missing places: 1005 -> 一千零五, 1010 -> 一千零一十."""
    text, gap = "", False
    for unit, value in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit = n // value % 10
        if digit:
            text += ("零" if gap and text else "") + _CN_DIGITS[digit] + unit
            gap = False
        else:
            gap = True
    return text


def cn_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一, 105 -> 一百零五, 10010 -> 一万零一十 (below 一亿)."""
    if n == 0:
        return _CN_DIGITS[0]
    if not 0 < n < 100_000_000:
        raise ValueError(f"cn_number: {n} is out of range")
    high, low = divmod(n, 10_000)
    text = _cn_below_10000(high) + "万" if high else ""
    if low:
        text += ("零" if high and low < 1000 else "") + _cn_below_10000(low)
    return text[1:] if text.startswith("一十") else text  # 十二, 十万 (not 一十二)


def options_text(values) -> str:
    """未开始、整改中、「阶段性完成、长期坚持」: a value that itself holds 、 is quoted."""
    return "、".join(f"「{v}」" if "、" in str(v) else str(v) for v in values)


def display_width(text: str) -> int:
    """Width in half-width units: a Chinese character (or full-width mark) counts two, a Latin letter one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
