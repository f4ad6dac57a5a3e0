"""Resident ID numbers (GB 11643-1999): check digit and birth date via python-stdnum, plus
an area code that existed at some time (GB/T 2260, 1980 onward: old cards keep old codes).

stdnum's own ric.is_valid() also looks the area up in a table of its own that misses real
districts (610113 雁塔区), so the area check uses the GB/T 2260 list shipped here instead.
Legacy 15-digit numbers (first-generation cards, 19YYMMDD without the century, no check
digit) are checked for area and date only, so their recognizer requires a context word.
"""

from __future__ import annotations

import datetime
from functools import cache

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from handover_scan.resources import data_lines

EARLIEST_BIRTH = datetime.date(1900, 1, 1)
_SEPARATORS = str.maketrans("", "", " -\t\r\n")


@cache
def area_codes() -> frozenset[str]:
    return frozenset(data_lines("data/cn_area_codes.txt"))


def compact(value: str) -> str:
    return value.translate(_SEPARATORS).upper()


def is_cn_resident_id(value: str) -> bool:
    number = compact(value)
    if len(number) != 18 or not number[:17].isdigit() or number[-1] != ric.calc_check_digit(number):
        return False
    try:
        birth = ric.get_birth_date(number)
    except ValidationError:
        return False
    if not EARLIEST_BIRTH <= birth <= datetime.date.today():
        return False
    return number[:6] in area_codes()


def is_cn_resident_id_15(value: str) -> bool:
    """First-generation 15-digit number: area code that existed and a real 19YY date."""
    number = compact(value)
    if len(number) != 15 or not number.isdigit() or number[:6] not in area_codes():
        return False
    try:
        birth = datetime.date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))
    except ValueError:
        return False
    return EARLIEST_BIRTH <= birth <= datetime.date.today()
