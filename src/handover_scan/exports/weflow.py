"""WeFlow and EchoTrace exports, WeChat 4.x (shared/formats §5.2).

JSON (WeFlow has a `weflow` key, EchoTrace not)::

    {"weflow": {...}, "session": {"wxid", "nickname", "remark", "displayName", "type": "私聊"|"群聊", ...},
     "messages": [{"localId", "createTime", "formattedTime", "type": "文本消息", "content",
                   "isSend", "senderUsername", "senderDisplayName", "locationPoiname", ...}]}

TXT: `2024-01-01 17:06:40 '张三'` / content / blank line (sender in single quotes, `我` = owner).
Excel: sheet 聊天记录, metadata rows, then `序号,时间,发送者昵称,...,消息类型,内容`.
Contacts: `contacts_<ts>.csv` `用户名,显示名称,备注,昵称,微信号,标签,描述,个性签名,地区,类型`;
`.json` {"exportedAt","count","contacts":[...]}; `.vcf` vCards (FN, NICKNAME, NOTE, X-WECHAT-ID).

Message ids, times, type names, wxids, media keys and URLs are not scanned.
"""

from __future__ import annotations

import re
from typing import Iterator

from handover_scan.exports.base import NameOnce, Reader, Source
from handover_scan.exports.blocktext import BlockTextReader, Header, line_matches
from handover_scan.exports.memotrace import ContactsCsvReader
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, strings
from handover_scan.exports.textutil import iter_lines
from handover_scan.exports.xlsxutil import iter_sheet, preview
from handover_scan.records import UNKNOWN_SUBJECT, Record

MESSAGE_SKIP = frozenset({"localId", "createTime", "formattedTime", "type", "localType", "isSend", "senderUsername",
                          "source", "senderAvatarKey", "emojiMd5", "emojiCdnUrl", "platformMessageId",
                          "replyToMessageId", "senderDisplayName", "serverId", "msgSvrId", "avatar", "mediaPath"})
SESSION_NAMES = ("remark", "nickname", "displayName")
MEMBER_SKIP = frozenset({"wxid", "username", "userName", "avatarUrl", "avatar", "avatarKey", "type", "typeLabel"})


class _SessionJsonReader(Reader):
    def read(self, source: Source) -> Iterator[Record]:
        unit = lambda p: (len(p) == 2 and p[0] in ("messages", "groupMembers", "senders")) or (  # noqa: E731
            len(p) == 1 and p[0] in ("weflow", "avatars", "mediaBase"))
        session: dict = {}
        names = NameOnce()
        for path, value in iter_json(source, unit):
            if path[:1] == ("session",) and len(path) == 2:
                session[path[1]] = value
                if path[1] in SESSION_NAMES and names.first("session", value):
                    yield self.record(source, pointer(path), f"session/{path[1]}", value,
                                      conversation=_conv(session, source), data_subject=_conv(session, source))
                continue
            if path[:1] in (("groupMembers",), ("senders",)) and isinstance(value, dict):
                who = value.get("displayName") or value.get("nickname") or value.get("groupNickname") or ""
                for sub, text in strings(value, skip=MEMBER_SKIP):
                    if not text.startswith("http"):
                        yield self.record(source, pointer((*path, *sub)), f"{path[0]}/" + "/".join(map(str, sub)),
                                          text, conversation=_conv(session, source), data_subject=who)
                continue
            if path[:1] != ("messages",) or not isinstance(value, dict):
                continue
            conversation = _conv(session, source)
            sender = value.get("senderDisplayName") or ""
            group = session.get("type") == "群聊"
            subject = (sender or UNKNOWN_SUBJECT) if group else conversation
            common = dict(conversation=conversation, sender=sender, timestamp=str(value.get("formattedTime", "")))
            for sub, text in strings(value, skip=MESSAGE_SKIP):
                if text.startswith("http"):
                    continue
                yield self.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), text, data_subject=subject,
                                  **common)
            if sender != "我" and names.first("senderDisplayName", sender):
                yield self.record(source, pointer((*path, "senderDisplayName")), "senderDisplayName", sender,
                                  data_subject=sender, **common)


def _conv(session: dict, source: Source) -> str:
    return session.get("displayName") or session.get("remark") or session.get("nickname") or source.stem


class WeFlowJsonReader(_SessionJsonReader):
    format_id = "weflow-json"
    description = "WeFlow JSON: {weflow:{...}, session:{...}, messages:[{content,senderDisplayName,...}]}"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head) and re.search(r'"weflow"\s*:\s*\{', head) is not None


class EchoTraceJsonReader(_SessionJsonReader):
    format_id = "echotrace-json"
    description = "EchoTrace JSON: {session:{...}, messages:[{content,senderUsername,...}], exportTime}"
    priority = 16

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head) and '"session"' in head and '"senderUsername"' in head


WEFLOW_TXT_HEADER = re.compile(r"^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) '(.*)'$")


class WeFlowTxtReader(BlockTextReader):
    format_id = "weflow-txt"
    description = "WeFlow TXT: \"<YYYY-MM-DD HH:MM:SS> '<sender>'\" header, content, blank line"
    priority = 25
    header_after_blank = True

    def sniff(self, source: Source, head: str) -> bool:
        matches = line_matches(head, WEFLOW_TXT_HEADER)
        return bool(matches) and matches[0] == 0

    def conversation(self, source: Source) -> str:
        # WeFlow names files <显示名>[_<suffix>][_<YYYYMMDD-YYYYMMDD>]
        return re.sub(r"_\d{8}-\d{8}$", "", source.stem)

    def header(self, line: str) -> Header | None:
        match = WEFLOW_TXT_HEADER.match(line)
        return Header(match.group(2), match.group(1)) if match else None


XLSX_SHEET = "聊天记录"
XLSX_META = frozenset({"昵称", "备注"})
XLSX_NAMES = ("发送者昵称", "发送者备注", "群昵称")
XLSX_SKIP = frozenset({"序号", "时间", "发送者微信ID", "发送者身份", "消息类型", *XLSX_NAMES})


def _xlsx_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows):
        if row[:1] == ["序号"] and "内容" in row:
            return index
    return None


class WeFlowXlsxReader(Reader):
    format_id = "weflow-xlsx"
    description = "WeFlow Excel: sheet 聊天记录, metadata rows, then 序号,时间,发送者昵称,...,消息类型,内容"
    priority = 15
    binary = True

    def sniff(self, source: Source, head: str) -> bool:
        rows = preview(source).get(XLSX_SHEET)
        return bool(rows) and _xlsx_header(rows) is not None

    def read(self, source: Source) -> Iterator[Record]:
        header: list[str] | None = None
        conversation = source.stem
        group = "群昵称" in (preview(source)[XLSX_SHEET][_xlsx_header(preview(source)[XLSX_SHEET])])
        names = NameOnce()
        for row_no, cells in iter_sheet(source, XLSX_SHEET):
            locator = f"{XLSX_SHEET}!row:{row_no}"
            if header is None:
                if cells[:1] == ["序号"] and "内容" in cells:
                    header = [c.strip() for c in cells]
                    continue
                # metadata rows: label, value pairs (微信ID / 昵称 / 备注 / 导出工具 ...)
                for label, value in zip(cells[::2], cells[1::2]):
                    if label.strip() in XLSX_META and value.strip():
                        if label.strip() == "备注" or conversation == source.stem:
                            conversation = value.strip()
                        yield self.record(source, locator, label.strip(), value, conversation=conversation,
                                          data_subject=conversation)
                continue
            row = dict(zip(header, cells))
            sender = row.get("群昵称") or row.get("发送者备注") or row.get("发送者昵称") or ""
            subject = (sender or UNKNOWN_SUBJECT) if group else conversation
            for column, value in row.items():
                if column in XLSX_SKIP or not value.strip():
                    continue
                yield self.record(source, locator, column, value, conversation=conversation, data_subject=subject,
                                  sender=sender, timestamp=row.get("时间", ""))
            for column in XLSX_NAMES:
                if names.first(column, row.get(column)):
                    yield self.record(source, locator, column, row[column], conversation=conversation,
                                      data_subject=sender, sender=sender)


class WeFlowContactsCsvReader(ContactsCsvReader):
    format_id = "weflow-contacts-csv"
    description = "WeFlow contacts_<ts>.csv: 用户名,显示名称,备注,昵称,微信号,标签,描述,个性签名,地区,类型"
    priority = 10
    header = ("用户名", "显示名称", "备注", "昵称", "微信号")
    subject_columns = ("显示名称", "备注", "昵称", "用户名")
    skip = frozenset({"用户名", "类型"})


class WeFlowContactsJsonReader(Reader):
    format_id = "weflow-contacts-json"
    description = "WeFlow contacts_<ts>.json: {exportedAt,count,contacts:[{displayName,remark,alias,description,...}]}"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head) and '"contacts"' in head and '"exportedAt"' in head

    def read(self, source: Source) -> Iterator[Record]:
        for path, contact in iter_json(source, lambda p: len(p) == 2 and p[0] == "contacts"):
            if not isinstance(contact, dict):
                continue
            subject = (contact.get("displayName") or contact.get("remark") or contact.get("nickname")
                       or contact.get("username") or UNKNOWN_SUBJECT)
            for sub, text in strings(contact, skip=MEMBER_SKIP):
                if not text.startswith("http"):
                    yield self.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), text,
                                      conversation=source.stem, data_subject=subject)


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
            yield self.record(source, f"row:{number}", name, value, conversation=source.stem, data_subject=subject)


def _property(line: str) -> tuple[str, str]:
    key, _, value = line.partition(":")
    return key.split(";", 1)[0].upper(), vcard_unescape(value)


READERS = [WeFlowJsonReader, EchoTraceJsonReader, WeFlowTxtReader, WeFlowXlsxReader, WeFlowContactsCsvReader,
           WeFlowContactsJsonReader, VCardReader]
