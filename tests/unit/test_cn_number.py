"""Chinese numerals for ordinals and headings at any ledger size (a 100x ledger has 500 actions: 一是 … 五百是)."""
import pytest

from ledger.text import cn_number


@pytest.mark.parametrize("n, text", [
    (0, "零"), (7, "七"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九"),
    (100, "一百"), (101, "一百零一"), (110, "一百一十"), (500, "五百"), (999, "九百九十九"),
    (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2005, "二千零五"),
    (10000, "一万"), (10010, "一万零一十"), (20304, "二万零三百零四"), (100000, "十万"), (110000, "十一万"),
    (12345678, "一千二百三十四万五千六百七十八"),
])
def test_cn_number(n, text):
    assert cn_number(n) == text


def test_every_number_up_to_ten_thousand_reads_back_the_same():
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    units = {"十": 10, "百": 100, "千": 1000}

    def read(text):
        total, digit = 0, None
        for char in text:
            if char in digits:
                digit = digits[char]
            elif char == "万":
                total, digit = (total + (digit or 0)) * 10000, None
            else:
                total += (1 if digit is None else digit) * units[char]
                digit = None
        return total + (digit or 0)

    assert all(read(cn_number(n)) == n for n in range(1, 10001))
    assert read(cn_number(10_000_001)) == 10_000_001
