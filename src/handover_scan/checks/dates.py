"""Calendar checks for birth dates written the ways people write them in chats."""

from __future__ import annotations

import datetime

import regex

_NUMBERS = regex.compile(r"\d+")
EARLIEST = 1900


_CN_DIGITS = {c: str(i) for i, c in enumerate("零一二三四五六七八九")} | {"〇": "0", "○": "0", "o": "0"}
_CN_NUMBER = regex.compile(r"[零〇○一二三四五六七八九十]+")


def _cn_to_arabic(match: regex.Match) -> str:
    """一九九〇 -> 1990 (digit by digit); 十二 -> 12, 二十三 -> 23, 三十 -> 30 (tens)."""
    token = match.group()
    if "十" not in token:
        return "".join(_CN_DIGITS[c] for c in token)
    tens, _, units = token.partition("十")
    return str(int(_CN_DIGITS.get(tens, "1") if tens else "1") * 10 + (int(_CN_DIGITS[units]) if units else 0))


def parse_date_parts(value: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) from 1990年3月7日, 90年3月7号, 1990-03-07, 19900307, 3月7日,
    一九九〇年三月七日."""
    value = _CN_NUMBER.sub(_cn_to_arabic, value)
    digits = _NUMBERS.findall(value)
    if len(digits) == 1 and len(digits[0]) == 8:
        token = digits[0]
        return int(token[:4]), int(token[4:6]), int(token[6:])
    if len(digits) == 3:
        year = int(digits[0])
        if len(digits[0]) == 2:  # 90年 -> 1990, 05年 -> 2005
            year += 1900 if year > datetime.date.today().year % 100 else 2000
        return year, int(digits[1]), int(digits[2])
    if len(digits) == 2 and len(digits[0]) == 4:  # 1992年5月, 1992.05: year and month
        return int(digits[0]), int(digits[1]), 1
    if len(digits) == 2:
        return None, int(digits[0]), int(digits[1])
    return None


def is_birth_date(value: str) -> bool:
    parts = parse_date_parts(value)
    if parts is None:
        return False
    year, month, day = parts
    try:
        date = datetime.date(year or 2000, month, day)  # 2000 is a leap year: 2月29日 stays valid
    except ValueError:
        return False
    return year is None or EARLIEST <= year and date <= datetime.date.today()
