"""Mainland phone numbers: phonenumbers knows the live mobile ranges and landline area codes."""

from __future__ import annotations

from functools import lru_cache

import phonenumbers

# Separators people put inside numbers, dropped; Chinese digits (一三八, 壹叁捌, 幺 for 1) read as digits.
_SEPARATORS = str.maketrans("一二三四五六七八九零〇幺壹贰叁肆伍陆柒捌玖", "123456789" "00" "1" "123456789", " \t\r\n.·_")


def is_cn_phone(value: str) -> bool:
    return _is_cn_phone(value.translate(_SEPARATORS))


@lru_cache(maxsize=65536)
def _is_cn_phone(value: str) -> bool:
    """phonenumbers.parse costs ~0.2 ms; chats repeat the same numbers, so results are cached."""
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return False
    return number.country_code == 86 and phonenumbers.is_valid_number(number)


def normalize_phone(value: str) -> str:
    """National significant number, so +86 138 1234 5678 and 13812345678 fingerprint alike."""
    try:
        return str(phonenumbers.parse(value.translate(_SEPARATORS), "CN").national_number)
    except phonenumbers.NumberParseException:
        return "".join(ch for ch in value if ch.isdigit())
