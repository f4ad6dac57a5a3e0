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
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, strings
from handover_scan.exports.textutil import md_unescape
from handover_scan.exports.vcard import VCardReader
from handover_scan.exports.weflow_chatlab import WeFlowChatLabJsonlReader, WeFlowChatLabJsonReader
from handover_scan.exports.weflow_html import EchoTraceHtmlReader, WeFlowHtmlReader
from handover_scan.exports.weflow_weclone import WeCloneCsvReader
from handover_scan.exports.weflow_contacts import WeFlowContactsCsvReader, WeFlowContactsJsonReader
from handover_scan.exports.xlsxutil import iter_sheet, preview
from handover_scan.records import UNKNOWN_SUBJECT, Record

MESSAGE_SKIP = frozenset({"localId", "createTime", "formattedTime", "type", "localType", "isSend", "senderUsername",
                          "source", "senderAvatarKey", "emojiMd5", "emojiCdnUrl", "platformMessageId",
                          "replyToMessageId", "senderDisplayName", "serverId", "msgSvrId", "avatar", "mediaPath",
                          "senderID"})
OWNER = "我"  # what WeFlow itself writes for the owner's side of a 1:1 chat (people/owner.py knows it)
# WeFlow file names: <私聊_|群聊_|...><显示名>[_<suffix>][_<YYYYMMDD[-YYYYMMDD]>|_全部时间|...]
# (fileNaming.ts buildSessionExportBaseName, ExportContext.getSessionFilePrefix); EchoTrace: <显示名>_聊天记录_<ms>
_STEM_PREFIX = re.compile(r"^(?:私聊|群聊|公众号|企业微信|服务号|企业号)_")
_STEM_SUFFIX = re.compile(r"(?:_\d{8}(?:-\d{8})?|_\d{8}-至今|_截至-\d{8}|_全部时间|_聊天记录_\d{10,13})$")


def session_name(stem: str) -> str:
    """The chat's display name in a WeFlow / EchoTrace file name.

    >>> session_name("私聊_王建国 江阴装修_20240101-20240601"), session_name("张伟_聊天记录_1717302400002")
    ('王建国 江阴装修', '张伟')
    """
    return _STEM_SUFFIX.sub("", _STEM_PREFIX.sub("", stem)) or stem


def _is_send(value) -> bool:
    return value in (1, True, "1")
SESSION_NAMES = ("remark", "nickname", "displayName")
MEMBER_SKIP = frozenset({"wxid", "username", "userName", "avatarUrl", "avatar", "avatarKey", "type", "typeLabel"})


class _SessionJsonReader(Reader):
    def read(self, source: Source) -> Iterator[Record]:
        unit = lambda p: (len(p) == 2 and p[0] in ("messages", "groupMembers", "senders")) or (  # noqa: E731
            len(p) == 1 and p[0] in ("weflow", "avatars", "mediaBase"))
        session: dict = {}
        senders: dict = {}  # arkme-json: senderID -> display name (senders[] precedes messages[])
        names = NameOnce()
        pending: list[tuple] = []  # session names, held until the whole session object is known (the chat's
        for path, value in iter_json(source, unit):  # name is displayName, which follows nickname)
            if path[:1] == ("session",) and len(path) == 2:
                session[path[1]] = value
                if path[1] in SESSION_NAMES and names.first("session", value):
                    pending.append((path, value))
                continue
            yield from self._session_names(source, session, pending)
            if path[:1] in (("groupMembers",), ("senders",)) and isinstance(value, dict):
                who = (value.get("displayName") or value.get("remark") or value.get("groupNickname")
                       or value.get("nickname") or value.get("originalName") or "")
                if path[0] == "senders" and value.get("senderID") is not None:
                    senders[value["senderID"]] = who
                for sub, text in strings(value, skip=MEMBER_SKIP):
                    if not text.startswith("http"):
                        yield self.record(source, pointer((*path, *sub)), f"{path[0]}/" + "/".join(map(str, sub)),
                                          text, conversation=_conv(session, source), data_subject=who)
                continue
            if path[:1] != ("messages",) or not isinstance(value, dict):
                continue
            conversation = _conv(session, source)
            shown = value.get("senderDisplayName") or senders.get(value.get("senderID")) or ""
            own = _is_send(value.get("isSend"))
            sender = OWNER if own else shown
            group = session.get("type") == "群聊" or str(session.get("wxid", "")).endswith("@chatroom")
            # the owner's lines in a group are about someone the rules cannot tell (attribution decides)
            subject = (UNKNOWN_SUBJECT if own else sender or UNKNOWN_SUBJECT) if group else conversation
            common = dict(conversation=conversation, sender=sender, timestamp=str(value.get("formattedTime", "")))
            for sub, text in strings(value, skip=MESSAGE_SKIP):
                if text.startswith("http"):
                    continue
                yield self.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), text, data_subject=subject,
                                  **common)
            if shown and shown != OWNER and names.first("senderDisplayName", shown):
                # the owner's own name (isSend) goes to the owner, and tells people/ who the owner is
                yield self.record(source, pointer((*path, "senderDisplayName")), "senderDisplayName", shown,
                                  data_subject=OWNER if own else shown, **common)
        yield from self._session_names(source, session, pending)

    def _session_names(self, source: Source, session: dict, pending: list) -> Iterator[Record]:
        for path, value in pending:
            yield self.record(source, pointer(path), f"session/{path[1]}", value,
                              conversation=_conv(session, source), data_subject=_conv(session, source))
        pending.clear()


def _conv(session: dict, source: Source) -> str:
    return session.get("displayName") or session.get("remark") or session.get("nickname") or session_name(source.stem)


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
        return session_name(source.stem)

    def header(self, line: str) -> Header | None:
        match = WEFLOW_TXT_HEADER.match(line)
        return Header(match.group(2), match.group(1)) if match else None


XLSX_SHEET = "聊天记录"
XLSX_META = frozenset({"微信ID", "昵称", "备注"})
XLSX_NAMES = ("发送者昵称", "发送者备注", "群昵称")
XLSX_SKIP = frozenset({"序号", "时间", "发送者微信ID", "发送者身份", "消息类型", *XLSX_NAMES})


def _xlsx_header(rows: list[list[str]]) -> int | None:
    for index, row in enumerate(rows):
        if row[:1] == ["序号"] and "内容" in row:
            return index
    return None


def _labelled(cells: list[str]) -> Iterator[tuple[str, str]]:
    """(label, value) in a metadata row: the value is the next non-empty cell (merged cells leave gaps)."""
    cells = [c.strip() for c in cells]
    for i, label in enumerate(cells):
        if label in XLSX_META:
            value = next((c for c in cells[i + 1:] if c), "")
            yield label, "" if value in XLSX_META else value


class WeFlowXlsxReader(Reader):
    """WeFlow and EchoTrace Excel. 1:1 chats: WeFlow writes 微信ID and 昵称 only (备注 for groups), the chat's
    name is the file name's; 发送者身份 is 我 for the owner (EchoTrace: in groups too)."""

    format_id = "weflow-xlsx"
    description = "WeFlow / EchoTrace Excel: sheet 聊天记录, metadata rows, then 序号,时间,发送者昵称,...,消息类型,内容"
    priority = 15
    binary = True

    def sniff(self, source: Source, head: str) -> bool:
        rows = preview(source).get(XLSX_SHEET)
        return bool(rows) and _xlsx_header(rows) is not None

    def read(self, source: Source) -> Iterator[Record]:
        header: list[str] | None = None
        # the chat's name: its 备注 where written (EchoTrace, WeFlow groups), else the file name's
        rows = preview(source)[XLSX_SHEET]
        meta = dict(pair for row in rows[:_xlsx_header(rows)] for pair in _labelled(row))
        conversation = meta.get("备注") or session_name(source.stem)
        group = False
        names = NameOnce()
        for row_no, cells in iter_sheet(source, XLSX_SHEET):
            locator = f"{XLSX_SHEET}!row:{row_no}"
            if header is None:
                if cells[:1] == ["序号"] and "内容" in cells:
                    header = [c.strip() for c in cells]
                    group = group or "群昵称" in header
                    continue
                for label, value in _labelled(cells):  # 微信ID / 昵称 / 备注 (导出工具 ... are not scanned)
                    if label == "微信ID":
                        group = value.endswith("@chatroom")
                    elif value:
                        yield self.record(source, locator, label, value, conversation=conversation,
                                          data_subject=conversation)
                continue
            row = dict(zip(header, cells))
            role = (row.get("发送者身份") or "").strip()
            own = role == OWNER
            sender = OWNER if own else (row.get("群昵称") or row.get("发送者备注") or row.get("发送者昵称") or role)
            subject = (UNKNOWN_SUBJECT if own else sender or UNKNOWN_SUBJECT) if group else conversation
            for column, value in row.items():
                if column in XLSX_SKIP or not value.strip():
                    continue
                yield self.record(source, locator, column, value, conversation=conversation, data_subject=subject,
                                  sender=sender, timestamp=row.get("时间", ""))
            for column in XLSX_NAMES:
                if names.first(column, row.get(column)):
                    yield self.record(source, locator, column, row[column], conversation=conversation,
                                      data_subject=OWNER if own else sender, sender=sender)


WEFLOW_MD_HEADER = re.compile(r"^## (\d{4}\\-\d{2}\\-\d{2} \d{2}:\d{2}:\d{2}) (.*)$")


class WeFlowMarkdownReader(BlockTextReader):
    """WeFlow Markdown (MarkdownFormatter.ts): `# <会话>`, then `## <time> <sender>`, a blank line, the text;
    everything escaped with backslashes (escapeMarkdownText: `2024\\-06\\-01`, `138\\-0013`)."""

    format_id = "weflow-md"
    description = "WeFlow Markdown: '# <会话>', '## <YYYY\\-MM\\-DD HH:MM:SS> <sender>', text (backslash escapes)"
    priority = 24
    header_after_blank = True

    def sniff(self, source: Source, head: str) -> bool:
        lines = head.lstrip("\ufeff").split("\n")
        return lines[0].startswith("# ") and bool(line_matches(head, WEFLOW_MD_HEADER))

    def conversation(self, source: Source) -> str:
        with source.open_text() as stream:
            title = stream.readline(4096).lstrip("\ufeff").rstrip("\r\n")
        return md_unescape(title[2:]).strip() if title.startswith("# ") else session_name(source.stem)

    def ignore(self, line: str) -> bool:
        return line.startswith("# ")

    def header(self, line: str) -> Header | None:
        match = WEFLOW_MD_HEADER.match(line)
        return Header(md_unescape(match.group(2)), md_unescape(match.group(1))) if match else None

    def unescape(self, text: str) -> str:
        return md_unescape(text).strip("\n")


READERS = [WeFlowJsonReader, EchoTraceJsonReader, WeFlowHtmlReader, EchoTraceHtmlReader, WeFlowChatLabJsonReader,
           WeFlowChatLabJsonlReader, WeFlowTxtReader, WeFlowMarkdownReader, WeFlowXlsxReader,
           WeCloneCsvReader,
           WeFlowContactsCsvReader,
           WeFlowContactsJsonReader, VCardReader]
