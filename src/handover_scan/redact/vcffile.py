"""vCards: property by property (folded lines unfolded), values unescaped, rewritten, escaped again.

The structured name N (family;given;...) becomes the pseudonym in its first part; FN, NICKNAME, TEL,
X-WECHAT-ID, PHOTO and the like are identity fields and are replaced whole; NOTE and the rest by span.
"""

from __future__ import annotations

import re

from handover_scan.redact.policy import Replacer

_PROPERTY = re.compile(r"^((?:[\w\-]+\.)?([\w\-]+)(?:;[^:]*)?):(.*)$", re.S)
_UNESCAPE = re.compile(r"\\([\\;,nN])")
STRUCTURE = {"BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "KIND", "CATEGORIES"}
FIELD_OF = {"TEL": "phone", "X-WECHAT-ID": "wxid", "PHOTO": "avatar", "X-QQ": "qq", "URL": "avatar",
            "EMAIL": "", "ADR": "", "NOTE": "", "ORG": "", "TITLE": ""}


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for line in re.split(r"\r\n|\n|\r", text):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def _unescape(value: str) -> str:
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def rewrite_vcf(text: str, replacer: Replacer) -> str:
    newline = "\r\n" if "\r\n" in text[:4096] else "\n"
    out = []
    for line in _unfold(text):
        match = _PROPERTY.match(line)
        if not match or match.group(2).upper() in STRUCTURE:
            out.append(line)
            continue
        head, name, raw = match.group(1), match.group(2).upper(), match.group(3)
        if name == "N":
            whole = "".join(_unescape(part) for part in raw.split(";")).strip()
            new_raw = _escape(replacer.value(whole, "FN")) + ";" * raw.count(";") if whole else raw
        elif name == "ADR":
            new_raw = ";".join(_escape(replacer.text(_unescape(part), "address")) for part in raw.split(";"))
        else:
            field = FIELD_OF.get(name, name)
            value = _unescape(raw)
            new = replacer.value(value, field)
            new_raw = raw if new == value else _escape(new)
        out.append(f"{head}:{new_raw}")
    return newline.join(out)
