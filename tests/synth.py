"""Synthetic personal data for tests and samples: values that validate but belong to nobody.

ID numbers get a correct GB 11643 check digit and a real area code; phones use live
mobile prefixes; bank cards pass Luhn. All are generated, never copied from anywhere.
"""

from __future__ import annotations

import random

from stdnum import luhn
from stdnum.cn import ric

AREA_CODES = ("110105", "310104", "440305", "320583", "510107", "330106", "420111", "610113")
MOBILE_PREFIXES = ("138", "139", "150", "151", "186", "177", "199", "135", "188", "166")


def id_number(rng: random.Random, area: str | None = None, birth: str | None = None) -> str:
    area = area or rng.choice(AREA_CODES)
    birth = birth or f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"{area}{birth}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects the check slot present


def wrong_check_id(rng: random.Random) -> str:
    good = id_number(rng)
    wrong = next(c for c in "0123456789X" if c != good[-1])
    return good[:-1] + wrong


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"


def bank_card(rng: random.Random, prefix: str = "622202", length: int = 19) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)
