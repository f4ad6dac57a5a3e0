"""Checks that need code, referred to by name from the recognizer YAML files (`validator: NAME`).

Each check takes the matched text (already folded to ASCII digits) and returns True when
the value is real. Add one by writing a function and listing it in VALIDATORS.
"""

from __future__ import annotations

from typing import Callable

from handover_scan.checks.dates import is_birth_date
from handover_scan.checks.id_card import is_cn_resident_id
from handover_scan.checks.phone import is_cn_phone

VALIDATORS: dict[str, Callable[[str], bool]] = {
    "cn_resident_id": is_cn_resident_id,
    "cn_phone": is_cn_phone,
    "birth_date": is_birth_date,
}
