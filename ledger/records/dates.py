"""Dates as editors write them, and what to tell them when the form is wrong.

Records take only 2023-09-15. Editors write 2023.9.15, 2023/9/15, 2023年9月15日,
full-width digits or a time of day as well: each is refused, and the message
spells out the same date in the right form, so the fix is a copy and paste.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

RIGHT_FORM = "2023-09-15"

_LOOSE = re.compile(
    r"^\s*(\d{4})\s*(?:[-./年—–]|\s)\s*(\d{1,2})\s*(?:[-./月—–]|\s)\s*(\d{1,2})\s*日?\s*"
    r"(?P<time>(?:[T\s]\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?)\s*$"
)


def iso(value: dt.date) -> str:
    return value.isoformat()


def date_problem(value: object) -> str:
    """Why `value` is not a date as records need it, ending with the form to write instead."""
    if isinstance(value, dt.datetime):
        return f"带了时间。只写日期，应写成 {iso(value.date())}"
    text = unicodedata.normalize("NFKC", str(value)).strip()
    match = _LOOSE.match(text)
    if not match:
        return f"不是日期。日期应写成 {RIGHT_FORM} 这种格式（年-月-日，月和日都写两位数）"
    year, month, day = (int(part) for part in match.group(1, 2, 3))
    try:
        right = dt.date(year, month, day)
    except ValueError:
        return f"不是存在的日期（{year} 年 {month} 月没有 {day} 日）。日期应写成 {RIGHT_FORM} 这种格式"
    if match.group("time").strip():
        return f"带了时间。只写日期，应写成 {iso(right)}"
    return f"写法不对，应写成 {iso(right)}（年-月-日，月和日都写两位数）"
