"""Checks that need code, referred to by name from the recognizer YAML files (`validator: NAME`).

Each check takes the matched text (already folded to ASCII digits) and returns True when
the value is real. Add one by writing a function and listing it in VALIDATORS.
"""

from __future__ import annotations

from typing import Callable

from handover_scan.checks.cards import is_bank_card
from handover_scan.checks.dates import is_birth_date
from handover_scan.checks.id_card import is_cn_resident_id, is_cn_resident_id_15
from handover_scan.checks.misc import (is_coordinate, is_coordinate_pair, is_email, is_licence_plate, is_qq_number,
                                      is_social_security, is_wechat_id)
from handover_scan.checks.phone import is_cn_phone, is_cn_phone_shape

VALIDATORS: dict[str, Callable[[str], bool]] = {
    "cn_resident_id": is_cn_resident_id,
    "cn_resident_id_15": is_cn_resident_id_15,
    "cn_phone": is_cn_phone,
    "cn_phone_shape": is_cn_phone_shape,  # only behind phone context (phone_number_context.yaml)
    "birth_date": is_birth_date,
    "bank_card": is_bank_card,  # Luhn (python-stdnum) + issuer prefix, not an ID number
    "email": is_email,
    "coordinate_pair": is_coordinate_pair,
    "coordinate": is_coordinate,
    "licence_plate": is_licence_plate,
    "qq_number": is_qq_number,
    "wechat_id": is_wechat_id,
    "social_security": is_social_security,
}
