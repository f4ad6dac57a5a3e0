"""Bank card numbers: Luhn (python-stdnum) and an issuer prefix from data/bank_card_prefixes.txt.

A card number is 15-19 digits; about one random number in ten passes Luhn, so the issuer
prefix and the lengths it issues (UnionPay 62: 16-19, Visa 4: 16, Amex 34/37: 15 ...) do the
rest. An 18-digit value that is a valid resident ID number is an ID, not a card.
"""

from __future__ import annotations

from functools import cache

from stdnum import luhn

from handover_scan.checks.id_card import is_cn_resident_id
from handover_scan.resources import data_lines

_SEPARATORS = str.maketrans("", "", " -\t\r\n")


@cache
def card_prefixes() -> tuple[tuple[str, frozenset[int]], ...]:
    table = []
    for line in data_lines("data/bank_card_prefixes.txt"):
        prefix, lengths = line.split()[:2]
        low, _, high = lengths.partition("-")
        table.append((prefix, frozenset(range(int(low), int(high or low) + 1))))
    return tuple(sorted(table, key=lambda t: len(t[0]), reverse=True))


def is_bank_card(value: str) -> bool:
    number = value.translate(_SEPARATORS)
    if not number.isdigit() or not 15 <= len(number) <= 19 or len(set(number)) < 3:
        return False
    if not any(number.startswith(p) and len(number) in lengths for p, lengths in card_prefixes()):
        return False
    if not luhn.is_valid(number):
        return False
    return not (len(number) == 18 and is_cn_resident_id(number))
