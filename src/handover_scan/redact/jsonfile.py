"""JSON and JSON Lines: load, rewrite every string (keys too, where a key is a value), dump in the same style.

Key order is kept (dicts are ordered), `ensure_ascii` follows the original (\\uXXXX escapes or not), and the
indentation is read from the file. A number stored as a number (a phone number without quotes) that holds a
finding becomes a string placeholder.
"""

from __future__ import annotations

import json
import re
from typing import Any

from handover_scan.exports.jsonutil import _BAD_X_ESCAPE
from handover_scan.redact.policy import Replacer
from handover_scan.redact.pseudonym import tag

_INDENT = re.compile(r"\n([ \t]+)\S")


def _style(text: str) -> dict[str, Any]:
    body = text.strip()
    indent_match = _INDENT.search(body[:65536])
    indent: str | int | None = None
    if indent_match:
        unit = indent_match.group(1)
        indent = unit if "\t" in unit else len(unit)
    compact = indent is None and not re.search(r"[,:] ", body[:65536])
    return {"indent": indent, "ensure_ascii": body.isascii() and "\\u" in body,
            "separators": (",", ":") if compact else ((",", ": ") if indent is not None else (", ", ": "))}


def rewrite_value(value: Any, replacer: Replacer, key: str = "") -> Any:
    if isinstance(value, str):
        return replacer.value(value, key)
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for name, item in value.items():
            new_name = replacer.text(name, identifiers_only=True) if isinstance(name, str) else name
            if new_name != name and new_name in out:  # two keys masked alike stay two keys
                new_name = f"{new_name}·{tag(replacer.key, 'key', name)}"
            out[new_name] = rewrite_value(item, replacer, name)
        return out
    if isinstance(value, list):
        return [rewrite_value(item, replacer, key) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 100000:
        new = replacer.value(str(value), key)
        return value if new == str(value) else new
    return value


def load_lenient(text: str) -> Any:
    """The JSON value of text, read as the readers read it: Telegram writes control characters as \\xNN,
    which JSON does not allow (the copy writes them as \\u00NN, valid JSON). JSONDecodeError otherwise."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        fixed = _BAD_X_ESCAPE.sub(r"\1\\u00\2", text)
        if fixed == text:
            raise
        return json.loads(fixed)


def rewrite_json(text: str, replacer: Replacer) -> str:
    try:
        data = load_lenient(text)
    except json.JSONDecodeError:  # JSON Lines (a whole-file parse fails on the second value)
        return rewrite_jsonl(text, replacer)
    style = _style(text)
    result = json.dumps(rewrite_value(data, replacer), **style)
    return result + ("\n" if text.endswith("\n") else "")


def rewrite_jsonl(text: str, replacer: Replacer) -> str:
    """One JSON value per line; blank lines kept. A line that is not JSON is rewritten as text."""
    out = []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if not body.strip():
            out.append(line)
            continue
        try:
            data = load_lenient(body)
        except json.JSONDecodeError:
            out.append(replacer.text(body) + ending)
            continue
        out.append(json.dumps(rewrite_value(data, replacer), **_style(body)) + ending)
    return "".join(out)
