"""Keyed pseudonyms: the same person gets the same stand-in in every file, and nobody can go back.

A pseudonym is an HMAC-SHA256 of the normalized value under the scan key (keys.load_key), never a
plain hash and never a table: no mapping file is written and the key is not put into the copy, so
the copy alone cannot be turned back into names (Civil Code Art. 1038: "cannot be restored").

>>> person_pseudonym(b"k", "周小姐") == person_pseudonym(b"k", "周小姐")
True
>>> person_pseudonym(b"k", "周小姐").startswith("客户")
True
"""

from __future__ import annotations

import hashlib
import hmac

from handover_scan.findings import normalize

PERSON_DIGITS = 6  # 10^6 stand-ins: two people of one export sharing one is unlikely
# Greek letters: no digits or Latin letters (never read as an account id) and no Han characters (the name
# model read 天干地支 such as 丁寅丁 as a name)
_LETTERS = "αβγδεζηθικλμνξοπρστυφχψω"


def _digest(key: bytes, kind: str, value: str) -> bytes:
    return hmac.new(key, f"redact\x1f{kind}\x1f{value}".encode("utf-8"), hashlib.sha256).digest()


def person_pseudonym(key: bytes, name: str, prefix: str = "客户", kind: str = "PERSON") -> str:
    """客户 + six digits from a keyed HMAC of the name (kind PERSON) or of a person_id (kind PERSON_ID, see
    persons.py): consistent across files, not reversible."""
    value = normalize("PERSON", name.strip()) if kind == "PERSON" else name.strip()
    number = int.from_bytes(_digest(key, kind, value)[:8], "big")
    return f"{prefix}{number % 10 ** PERSON_DIGITS:0{PERSON_DIGITS}d}"


def tag(key: bytes, kind: str, value: str, length: int = 6) -> str:
    """Six Greek letters from a keyed HMAC: keeps distinct ids distinct (readers count each once) without digits or Latin letters."""
    digest = _digest(key, kind, value.strip())
    return "".join(_LETTERS[b % len(_LETTERS)] for b in digest[:length])


def id_pseudonym(key: bytes, label: str, value: str) -> str:
    """A typed placeholder that still tells two accounts apart: `[微信号·κλμνξο]`."""
    return f"[{label}·{tag(key, label, value)}]"
