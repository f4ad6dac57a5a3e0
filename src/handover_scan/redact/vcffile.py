"""vCards: property by property (folded lines unfolded), values unescaped, rewritten, escaped again.

The structured name N (family;given;...) becomes the pseudonym in its first part; FN, NICKNAME, TEL,
X-WECHAT-ID, PHOTO and the like are identity fields and are replaced whole; NOTE and the rest by span.
"""

from __future__ import annotations

import quopri
import re

from handover_scan.redact.policy import Replacer

_PROPERTY = re.compile(r"^((?:[\w\-]+\.)?([\w\-]+)(?:;[^:]*)?):(.*)$", re.S)
_QP = re.compile(r"ENCODING=QUOTED-PRINTABLE|;QUOTED-PRINTABLE", re.I)
_CHARSET = re.compile(r"CHARSET=([\w\-]+)", re.I)
_UNESCAPE = re.compile(r"\\([\\;,nN])")
STRUCTURE = {"BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "KIND", "CATEGORIES"}
FIELD_OF = {"TEL": "phone", "X-WECHAT-ID": "wxid", "PHOTO": "avatar", "X-QQ": "qq", "URL": "avatar",
            "EMAIL": "", "ADR": "", "NOTE": "", "ORG": "", "TITLE": ""}


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for line in re.split(r"\r\n|\n|\r", text):
        if line[:1] in (" ", "\t") and lines:
            lines[-1] += line[1:]
        elif lines and lines[-1].endswith("=") and _QP.search(lines[-1].split(":", 1)[0]):
            lines[-1] = lines[-1][:-1] + line  # a quoted-printable soft line break (vCard 2.1)
        else:
            lines.append(line)
    return lines


def _quoted_printable(head: str, raw: str, name: str, replacer: Replacer) -> str:
    """vCard 2.1 phones export names as ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E5=91=A8...: decoded, rewritten,
    encoded again (without soft line breaks, which vCard readers do not need)."""
    charset = (_CHARSET.search(head) or [None, "utf-8"])[1]
    try:
        value = quopri.decodestring(raw.encode("ascii")).decode(charset)
    except (UnicodeError, LookupError, ValueError):
        return raw
    if name == "N":
        whole = value.replace(";", "").strip()
        new = replacer.value(_person_name(value, whole, replacer), "FN") + ";" * value.count(";") if whole else value
    elif name == "ADR":
        new = replacer.text(value, "address")
    else:
        new = replacer.value(value, FIELD_OF.get(name, name))
    if new == value:
        return raw
    return quopri.encodestring(new.encode(charset)).decode("ascii").replace("=\n", "").replace("\n", "=0A")


def _person_name(as_read: str, whole: str, replacer: Replacer) -> str:
    """The N value to pseudonymise: as the reader gives it (Tang;Ruoxi;;;) when that is a known person's name, so
    it gets the person's pseudonym like FN; else its parts joined (周;小姐 -> 周小姐, the pseudonym of FN:周小姐)."""
    return as_read if replacer.persons.knows(as_read) else whole


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
        if _QP.search(head):
            new_raw = _quoted_printable(head, raw, name, replacer)
        elif name == "N":
            whole = "".join(_unescape(part) for part in raw.split(";")).strip()
            name_value = _person_name(_unescape(raw), whole, replacer)
            new_raw = _escape(replacer.value(name_value, "FN")) + ";" * raw.count(";") if whole else raw
        elif name == "ADR":
            new_raw = ";".join(_escape(replacer.text(_unescape(part), "address")) for part in raw.split(";"))
        else:
            field = FIELD_OF.get(name, name)
            value = _unescape(raw)
            new = replacer.value(value, field)
            new_raw = raw if new == value else _escape(new)
        out.append(f"{head}:{new_raw}")
    return newline.join(out)
