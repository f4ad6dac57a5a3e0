"""Resident ID numbers (GB 11643-1999): check digit and birth date via python-stdnum, plus
an area code that existed at some time (GB/T 2260, 1980 onward: old cards keep old codes).

stdnum's own ric.is_valid() also looks the area up in a table of its own that misses real
districts (610113 雁塔区), so the area check uses the GB/T 2260 list shipped here instead."""

from __future__ import annotations

import datetime
from functools import cache

from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from handover_scan.resources import data_lines

EARLIEST_BIRTH = datetime.date(1900, 1, 1)


@cache
def area_codes() -> frozenset[str]:
    return frozenset(data_lines("data/cn_area_codes.txt"))


def is_cn_resident_id(value: str) -> bool:
    number = value.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or number[-1] != ric.calc_check_digit(number):
        return False
    try:
        birth = ric.get_birth_date(number)
    except ValidationError:
        return False
    if not EARLIEST_BIRTH <= birth <= datetime.date.today():
        return False
    return number[:6] in area_codes()
