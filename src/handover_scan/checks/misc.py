"""Small structural checks: e-mail addresses, coordinates, licence plates."""

from __future__ import annotations

import regex

_COORD_NUMBERS = regex.compile(r"-?\d{1,3}\.\d+")
_TLD = regex.compile(r"^[a-z]{2,24}$")
# File names look like addresses (icon@2x.png, logo@3x.webp): their "TLD" is a file type.
_FILE_TYPES = frozenset({"png", "jpg", "jpeg", "gif", "webp", "bmp", "svg", "heic", "mp4", "mov", "avi", "mp3", "wav",
                         "amr", "silk", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "zip", "rar",
                         "7z", "apk", "ipa", "exe", "dat", "db", "json", "xml", "html", "js", "css"})


def is_email(value: str) -> bool:
    """An address with a plausible domain: labels not empty, no '..', an alphabetic TLD."""
    local, _, domain = value.rpartition("@")
    if not local or len(local) > 64 or ".." in value or local.startswith(".") or local.endswith("."):
        return False
    labels = domain.lower().split(".")
    if len(labels) < 2 or any(not label or label.startswith("-") or label.endswith("-") for label in labels):
        return False
    return bool(_TLD.match(labels[-1])) and labels[-1] not in _FILE_TYPES


def is_coordinate_pair(value: str) -> bool:
    """Two decimals with at least 4 places (about 10 m) that are a latitude and a longitude."""
    numbers = _COORD_NUMBERS.findall(value)
    if len(numbers) != 2 or any(len(n.split(".")[1]) < 4 for n in numbers):
        return False
    a, b = (float(n) for n in numbers)
    if abs(a) <= 90 and abs(b) <= 180:
        return not (a == 0 and b == 0)
    return abs(b) <= 90 and abs(a) <= 180  # written longitude first (116.40, 39.90)


def is_coordinate(value: str) -> bool:
    """One latitude or longitude with at least 4 decimal places (x / y of a shared location)."""
    numbers = _COORD_NUMBERS.findall(value)
    return len(numbers) == 1 and len(numbers[0].split(".")[1]) >= 4 and abs(float(numbers[0])) <= 180


def is_licence_plate(value: str) -> bool:
    """A plate has digits: 粤B12345, 京AD12345; 沪ABCDEF is a word, not a plate."""
    body = value[1:].replace("·", "").replace("•", "").replace(" ", "").upper()
    return sum(c.isdigit() for c in body) >= 3


def is_qq_number(value: str) -> bool:
    """5-11 digits that are not a mobile number (an 11-digit 1[3-9]... is a PHONE_NUMBER)."""
    from handover_scan.checks.phone import is_cn_phone

    digits = value.strip()
    return digits.isdigit() and 5 <= len(digits) <= 11 and len(set(digits)) > 1 and not (
        len(digits) == 11 and is_cn_phone(digits))


# Words that follow 微信 in chats and are not IDs: product names, versions, plain English.
_NOT_WECHAT_IDS = frozenset({
    "iphone", "android", "windows", "version", "wechat", "weixin", "online", "update", "mobile", "tencent",
    "please", "thanks", "thankyou", "hello", "friend", "friends", "message", "moments", "payment", "account",
})


def is_wechat_id(value: str) -> bool:
    """6-20 characters; a lower-case dictionary-ish word of letters only is talk, not an id."""
    lowered = value.lower()
    if lowered.startswith("wxid_"):
        return True
    return 6 <= len(value) <= 20 and lowered not in _NOT_WECHAT_IDS


def is_social_security(value: str) -> bool:
    """A social security / insurance number is none of the types that have their own recognizer."""
    from handover_scan.checks.id_card import is_cn_resident_id
    from handover_scan.checks.phone import is_cn_phone

    return not is_cn_resident_id(value) and not (value.isdigit() and len(value) == 11 and is_cn_phone(value))
