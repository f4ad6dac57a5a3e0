"""File problems and skip reasons as a stable code plus parameters, rendered per language.

Readers, the archive code and the isolation layer say what went wrong with message(code, **params). A
Message is a str, its English text, so everything that stores or compares error text keeps working
(report.json `error`, FileReport.error, the CSV files); reports render it in their language with
render(text, lang). The wording lives in recognizers/messages.yaml (`messages:` code -> en/zh, `formats:`
format id -> en/zh label). Parameters are numbers, encoding or exception type names, errno names or other
Messages (the problem inside "...; the rest of the file was scanned"), never file content.

>>> m = message("json.malformed_at", line=3, column=7)
>>> str(m), m.code, m.params
('malformed JSON at line 3 column 7', 'json.malformed_at', {'line': 3, 'column': 7})
>>> render(m, "zh")
'JSON 格式错误（第 3 行第 7 列）'
>>> render("malformed JSON at line 3 column 7", "zh")  # English text read back (report.json, a batch rollup)
'JSON 格式错误（第 3 行第 7 列）'
>>> format_label("memotrace2-chat-csv", "en")
'MemoTrace 2.x chat CSV'
"""

from __future__ import annotations

import errno as errno_module
import re
import string
from functools import cache
from typing import Any

import yaml

from handover_scan.resources import builtin_dir

@cache
def catalogue() -> dict:
    """{"messages": {code: {en, zh}}, "formats": {format id: {en, zh}}} from recognizers/messages.yaml."""
    with open(builtin_dir() / "messages.yaml", encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return {"messages": data.get("messages") or {}, "formats": data.get("formats") or {}}


class Message(str):
    """A problem or skip reason: str(message) is its English text; .code and .params say it in any language."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, params: dict[str, Any] | None = None) -> "Message":
        params = dict(params or {})
        self = super().__new__(cls, _format(code, params, "en"))
        self.code, self.params = code, params
        return self

    def __reduce__(self):  # pickled across worker processes with its code, not as plain text
        return (Message, (self.code, self.params))

    def to_json(self) -> dict:
        """{"code": ..., "params": {...}} with nested messages as such objects (report.json error_params)."""
        return {"code": self.code, "params": {k: v.to_json() if isinstance(v, Message) else v
                                              for k, v in self.params.items()}}


def message(code: str, **params: Any) -> Message:
    """A Message; the code must be in the catalogue (tests/test_messages.py checks every code in the source)."""
    return Message(code, params)


def os_reason(exc: OSError) -> Message:
    """An OSError's reason by its errno name (EACCES: "Permission denied" / "权限不足")."""
    name = errno_module.errorcode.get(exc.errno or 0, "")
    if f"os.{name}" in catalogue()["messages"]:
        return message(f"os.{name}")
    return message("os.other", name=name or type(exc).__name__)


def _format(code: str, params: dict[str, Any], lang: str) -> str:
    entry = catalogue()["messages"].get(code) or {}
    template = entry.get(lang) or entry.get("en")  # a missing translation: English rather than nothing
    if not template:
        # not in the catalogue: the code and parameters, never a crash while reporting a problem
        shown = ", ".join(f"{k}={_param(v, lang)}" for k, v in params.items())
        return f"{code}({shown})" if shown else code
    try:
        return template.format(**{k: _param(v, lang) for k, v in params.items()})
    except (KeyError, IndexError, ValueError):
        return code


def _param(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return _format(value.code, value.params, lang)
    return str(value)


def render(text: str, lang: str) -> str:
    """A problem or skip reason in `lang`. A plain string in the English wording (a Message that lost its
    type, read back from report.json) is recognised by its template; any other text is returned as it is."""
    if not text:
        return text
    if isinstance(text, Message):
        return _format(text.code, text.params, lang)
    if lang == "en":
        return text
    parsed = parse(text)
    return _format(parsed.code, parsed.params, lang) if parsed is not None else text


def parse(text: str, parts: bool = False) -> Message | None:
    """The Message whose English rendering is `text`, nested parameters included, or None. parts: a
    word-level message (a field's name, an OS error's reason) rather than a whole problem."""
    if isinstance(text, Message):
        return text
    for code, pattern, names in _patterns(parts):
        match = pattern.match(text)
        if match:
            params = {}
            for name in names:
                value = match.group(name)
                nested = parse(value, NESTED[name]) if name in NESTED else None
                params[name] = nested if nested is not None else _number(value)
            candidate = Message(code, params)
            if candidate == text:
                return candidate
    return None


# Parameters that are messages themselves: a whole problem (False) or a word-level part (True).
NESTED = {"problem": False, "reason": True, "field": True, "kind": True}
PARTS = ("os.", "field.", "kind.", "csvwhy.")  # code prefixes of word-level messages


def _number(value: str) -> Any:
    return int(value) if value.isdigit() and not value.startswith("0") else value


@cache
def _patterns(parts: bool) -> list[tuple[str, re.Pattern, list[str]]]:
    """(code, regex of its English template, parameter names) of problems or of parts, templates with fewer
    parameters and more fixed text first."""
    out = []
    for code, entry in catalogue()["messages"].items():
        if code.startswith(PARTS) != parts:
            continue
        parts_re, names = [], []
        for literal, name, _, _ in string.Formatter().parse(entry.get("en") or ""):
            parts_re.append(re.escape(literal))
            if name is not None:
                parts_re.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
                if name not in names:
                    names.append(name)
        out.append((code, re.compile("^" + "".join(parts_re) + "$", re.S), names))
    return sorted(out, key=lambda item: (len(item[2]), -len(item[1].pattern)))


def detail(text: str) -> dict:
    """{"code", "params", "zh"} of a problem or skip reason for machine-readable reports ({} for none); a text
    no template matches keeps code "" (its English text is all there is).

    >>> detail(message("skip.vcs_folder", name=".git"))
    {'code': 'skip.vcs_folder', 'params': {'name': '.git'}, 'zh': '版本控制文件夹（.git），未扫描'}
    """
    if not text:
        return {}
    parsed = parse(text)
    if parsed is None:
        return {"code": "", "params": {}, "zh": str(text)}
    return {**parsed.to_json(), "zh": render(parsed, "zh")}


PATH_NAMES = ("path.empty_member_name", "path.unsafe_member_name", "path.analysis")


def render_path(path: str, lang: str) -> str:
    """A reported file path with the names that stand in for one ("(empty member name)") in `lang`.

    >>> render_path("a.zip!(unsafe member name)", "zh")
    'a.zip!（不安全的成员路径）'
    """
    if lang == "en" or "(" not in path:
        return path
    for code in PATH_NAMES:
        entry = catalogue()["messages"][code]
        path = path.replace(entry["en"], entry[lang])
    return path


def format_label(format_id: str, lang: str) -> str:
    """A person's name for an export format id; the id itself where the catalogue has none."""
    entry = catalogue()["formats"].get(format_id)
    return entry.get(lang) or format_id if entry else format_id
