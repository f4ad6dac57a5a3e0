"""vCard .vcf files: WeFlow's contact export (FN, NICKNAME, NOTE, X-WECHAT-ID) and any other vCard
(a contact shared in a WhatsApp chat: FN + TEL; people/identity.py links the name and the number).

Locator row:N is the Nth card; folded lines are joined and escapes undone.
"""

from __future__ import annotations

import re
from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.textutil import iter_lines
from handover_scan.records import UNKNOWN_SUBJECT, Record

VCARD_SKIP = frozenset({"BEGIN", "END", "VERSION", "PHOTO", "UID", "REV", "PRODID", "X-WECHAT-USERNAME"})


def vcard_unescape(value: str) -> str:
    return re.sub(r"\\([nN,;:\\])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


class VCardReader(Reader):
    """One card per contact; locator row:N is the Nth card (folded lines joined, escapes undone)."""

    format_id = "weflow-contacts-vcf"
    description = "vCard .vcf (WeFlow contacts: FN, NICKNAME, NOTE with 描述/地区, X-WECHAT-ID; any vCard)"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return head.lstrip().upper().startswith("BEGIN:VCARD")

    def read(self, source: Source) -> Iterator[Record]:
        card: list[tuple[str, str]] = []
        number = 0
        with source.open_text() as stream:
            pending = ""
            for _, offset, line in iter_lines(stream):
                if offset == 0 and line[:1] in (" ", "\t") and pending:
                    pending += line[1:]  # folded continuation
                    continue
                if pending:
                    card.append(_property(pending))
                pending = line.rstrip("\r")
                if pending.upper() == "END:VCARD":
                    number += 1
                    yield from self._card(source, number, card)
                    card, pending = [], ""
            if pending:
                card.append(_property(pending))
            if card:
                yield from self._card(source, number + 1, card)

    def _card(self, source: Source, number: int, card: list[tuple[str, str]]) -> Iterator[Record]:
        props = dict(card)
        subject = props.get("FN") or props.get("NICKNAME") or UNKNOWN_SUBJECT
        for name, value in card:
            if name in VCARD_SKIP or not value.strip():
                continue
            parts = _note_parts(value) if name == "NOTE" else [(name, value)]
            for field, text in parts:
                yield self.record(source, f"row:{number}", field, text, conversation=source.stem,
                                  data_subject=subject)


def _property(line: str) -> tuple[str, str]:
    key, _, value = line.partition(":")
    return key.split(";", 1)[0].upper(), vcard_unescape(value)


NOTE_LABEL = re.compile(r"^(标签|描述|个性签名|地区)[:：] ?(.*)$", re.S)


def _note_parts(note: str) -> list[tuple[str, str]]:
    r"""WeFlow's NOTE is the remark, then `标签: ...`, `描述: ...`, `个性签名: ...`, `地区: ...`, one a line
    (contactExportService.ts exportToVCF). The remark is a name field (its personal name is a PERSON, the
    rest of it not); each labelled part keeps its label.

    >>> _note_parts("王建国 江阴装修\n标签: 客户\n描述: 手机 13800138000")
    [('NOTE/备注', '王建国 江阴装修'), ('NOTE/标签', '客户'), ('NOTE/描述', '手机 13800138000')]
    """
    lines = note.split("\n")
    if not any(NOTE_LABEL.match(line) for line in lines):
        return [("NOTE", note)]
    parts: list[tuple[str, str]] = []
    for line in lines:
        label = NOTE_LABEL.match(line)
        if label:
            parts.append((f"NOTE/{label.group(1)}", label.group(2)))
        elif parts and parts[-1][0] != "NOTE/备注":
            parts[-1] = (parts[-1][0], parts[-1][1] + "\n" + line)  # a labelled value that runs on
        elif line.strip():
            parts.append(("NOTE/备注", line))
    return [(field, text) for field, text in parts if text.strip()]
