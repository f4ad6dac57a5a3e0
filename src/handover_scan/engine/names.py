"""Names an export reveals about the people in it, for the PERSON recognizer.

Contact lists and chat headers name every counterpart (Remark, NickName, 备注, 昵称 ...);
when one of those names appears inside a message, that is a person mention. The fields
that hold such names are listed under `name_fields` in the PERSON recognizer YAML; the
record's sender (the chat header of a message) counts too. Which of the collected values
become names (not 客户, 老板, 宝宝; at least 2 characters) is the recognizer's decision.
"""

from __future__ import annotations

from typing import Iterable

from handover_scan.engine.context import field_matches
from handover_scan.engine.definitions import Definitions
from handover_scan.records import UNKNOWN_SUBJECT, Record


def name_fields(definitions: Definitions) -> tuple[str, ...]:
    fields: list[str] = []
    for spec in definitions.recognizers:
        fields.extend(spec.options.get("name_fields") or ())
    return tuple(fields)


def collect_names(records: Iterable[Record], definitions: Definitions) -> set[str]:
    """Distinct name values in contact-name fields and message senders."""
    fields = name_fields(definitions)
    names: set[str] = set()
    if not fields:
        return names
    for record in records:
        sender, field, text = record.sender, record.field, record.text
        # readers hand over what the export holds: a name that is not text (a JSON object) is no name
        if isinstance(sender, str) and sender and sender != UNKNOWN_SUBJECT:
            names.add(sender)
        if isinstance(field, str) and isinstance(text, str) and len(text) <= 64 \
                and field_matches({field.lower()}, fields):
            names.add(text.strip())
    return names
