"""Mainland phone numbers: phonenumbers knows the live mobile ranges and landline area codes."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

# Separators people put inside numbers, dropped; Chinese digits (一三八, 壹叁捌, 幺 for 1) read as digits.
_SEPARATORS = str.maketrans("一二三四五六七八九零〇幺壹贰叁肆伍陆柒捌玖", "123456789" "00" "1" "123456789", " \t\r\n.·_")


def is_cn_phone(value: str) -> bool:
    return _is_cn_phone(value.translate(_SEPARATORS))


@lru_cache(maxsize=65536)
def _parsed(value: str) -> phonenumbers.PhoneNumber | None:
    """phonenumbers.parse costs ~0.2 ms; chats repeat the same numbers, and a finding's number is parsed
    by the validator and again for its fingerprint (normalize_phone): one parse, cached, serves both."""
    try:
        return phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return None


@lru_cache(maxsize=65536)
def _is_cn_phone(value: str) -> bool:
    number = _parsed(value)
    return number is not None and number.country_code == 86 and phonenumbers.is_valid_number(number)


def normalize_phone(value: str) -> str:
    """National significant number, so +86 138 1234 5678 and 13812345678 fingerprint alike."""
    number = _parsed(value.translate(_SEPARATORS))
    return str(number.national_number) if number is not None else "".join(ch for ch in value if ch.isdigit())


# -- phone shape, for numbers with phone context ----------------------------------------------
# Real allocations run ahead of phonenumbers' metadata (149, 190-199 blocks, new landline lengths),
# so a number next to 电话/手机/座机 needs only a phone's shape: a mobile 1[3-9] + 9 digits, or a
# landline 0 + a known area code + 7-8 digits not starting with 0/1.
_AREA_CODES: frozenset[str] | None = None


def _area_codes() -> frozenset[str]:
    global _AREA_CODES
    if _AREA_CODES is None:
        from handover_scan.resources import data_lines

        _AREA_CODES = frozenset(line.split()[0] for line in data_lines("data/cn_landline_area_codes.txt"))
    return _AREA_CODES


def is_cn_phone_shape(value: str) -> bool:
    """A phone's shape: mobile 1[3-9] + 9 digits, or 0 + known area code + 7-8 digits.

    >>> is_cn_phone_shape("149 1234 5678"), is_cn_phone_shape("(0973)75491544"), is_cn_phone_shape("0999 1234567")
    (True, True, False)
    """
    digits = "".join(ch for ch in value.translate(_SEPARATORS) if ch.isdigit())
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789":
        return True
    if not digits.startswith("0"):
        return False
    codes = _area_codes()
    for n in (3, 4):
        rest = digits[n:]
        if digits[:n] in codes and 7 <= len(rest) <= 8 and rest[0] not in "01":
            return True
    return False
