"""PyWxDump exports (shared/formats §4): `wxdump_work/export/<my_wxid>/{csv,json,html}/<wxid>/`.

CSV v3 (`<wxid>_<start>_<end>.csv`, also WeClone/WeFlow without room_name)::

    id,MsgSvrID,type_name,is_sender,talker,room_name,msg,src,CreateTime
    3,7310000000000000003,转账,0,wxid_example001,wxid_example001,"转账：￥200.00
    转账说明：定金",,2024-01-01 17:08:00

CSV ≤ v2.4: `...,room_name,content,CreateTime` with content a JSON dict {"src","msg"}.
JSON: an array of objects with the CSV keys plus `extra`. `users.json`: an object keyed
by wxid, each with nickname, remark, account, describe (描述) and ExtraBuf {手机号,
个性签名, 国, 省, 市, 公司名称}. HTML: `data.js` with `const local_user_list = {...}` and
`const local_msg_list = [...]`.

Only msg/content (and extra) and the contact fields are scanned; ids, type names,
is_sender, talker wxids, media paths and CreateTime are not.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterator

from handover_scan.exports.base import ExportError, Reader, Source
from handover_scan.exports.csvutil import header_starts, iter_rows
from handover_scan.exports.jsarray import iter_array_items
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, strings
from handover_scan.exports.wechat_xml import looks_like_xml, xml_parts
from handover_scan.messages import message
from handover_scan.records import UNKNOWN_SUBJECT, Record

CSV_COLUMNS = ("id", "MsgSvrID", "type_name", "is_sender", "talker")
EXTRA_SKIP = frozenset({"url", "thumburl", "appid", "md5", "cdnthumburl", "dataurl", "lowurl", "type", "src"})
USER_SKIP = frozenset({"wxid", "headImgUrl", "性别[1男2女]", "朋友圈背景", "备注图片", "备注图片2", "企微属性",
                       "roomWxids", "owner", "wxid2userinfo_wxids", "smallHeadImgUrl", "bigHeadImgUrl"})


def _subject(talker: str, room: str, conversation: str) -> str:
    if room.endswith("@chatroom"):
        return talker or UNKNOWN_SUBJECT
    return room or conversation


def _message_records(reader: Reader, source: Source, locator_of, item: dict[str, Any],
                     conversation: str) -> Iterator[Record]:
    room = str(item.get("room_name") or conversation)
    talker = str(item.get("talker") or "")
    common = dict(conversation=room, data_subject=_subject(talker, room, conversation), sender=talker,
                  timestamp=str(item.get("CreateTime", "")))
    msg = item.get("msg")
    if "content" in item and msg is None:  # ≤ v2.4: content is a JSON dict in a CSV cell
        content = item["content"]
        try:
            parsed = json.loads(content) if isinstance(content, str) else content
        except json.JSONDecodeError:
            parsed = content
        if isinstance(parsed, dict):
            if isinstance(parsed.get("msg"), str) and parsed["msg"].strip():
                yield reader.record(source, locator_of("content"), "content/msg", parsed["msg"], **common)
        elif isinstance(parsed, str) and parsed.strip():
            yield reader.record(source, locator_of("content"), "content", parsed, **common)
    elif isinstance(msg, str) and looks_like_xml(msg):  # system and unknown types: raw StrContent XML
        for path, text in xml_parts(msg):
            yield reader.record(source, locator_of("msg"), "msg/" + path, text, **common)
    elif isinstance(msg, str) and msg.strip():
        yield reader.record(source, locator_of("msg"), "msg", msg, **common)
    extra = item.get("extra")
    if isinstance(extra, (dict, list)):
        for sub, text in strings(extra, skip=EXTRA_SKIP):
            if not text.startswith("http"):
                yield reader.record(source, locator_of("extra", *sub), "extra/" + "/".join(map(str, sub)), text,
                                    **common)


class PyWxDumpCsvReader(Reader):
    format_id = "pywxdump-csv"
    description = ("PyWxDump CSV (also WeClone/WeFlow): id,MsgSvrID,type_name,is_sender,talker,[room_name,]"
                   "msg|content,src,CreateTime")
    priority = 10

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, *CSV_COLUMNS)

    def read(self, source: Source) -> Iterator[Record]:
        conversation = source.parent_name or source.stem
        for row_no, row in iter_rows(source):
            yield from _message_records(self, source, lambda *_: f"row:{row_no}", row, conversation)


class PyWxDumpJsonReader(Reader):
    format_id = "pywxdump-json"
    description = "PyWxDump JSON <wxid>_0_<N>.json: [{id,MsgSvrID,type_name,is_sender,talker,room_name,msg,...}]"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return looks_like_json(head) and '"MsgSvrID"' in head and '"type_name"' in head

    def read(self, source: Source) -> Iterator[Record]:
        conversation = source.parent_name or source.stem
        for path, item in iter_json(source, lambda p: len(p) == 1):
            if isinstance(item, dict):
                yield from _message_records(self, source, lambda *key: pointer((*path, *key)), item, conversation)


def user_records(reader: Reader, source: Source, path: tuple, user: Any) -> Iterator[Record]:
    if not isinstance(user, dict):
        return
    subject = user.get("remark") or user.get("nickname") or user.get("account") or user.get("wxid") or str(path[-1])
    for sub, text in strings(user, skip=USER_SKIP):
        if text.startswith("http"):
            continue
        yield reader.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), text,
                            conversation=source.stem, data_subject=subject)


class PyWxDumpUsersReader(Reader):
    format_id = "pywxdump-users-json"
    description = "PyWxDump users.json: {wxid: {nickname,remark,account,describe,ExtraBuf:{手机号,个性签名,...}}}"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return head.lstrip().startswith("{") and '"ExtraBuf"' in head

    def read(self, source: Source) -> Iterator[Record]:
        for path, user in iter_json(source, lambda p: len(p) == 1):
            yield from user_records(self, source, path, user)


DATA_JS_USERS = re.compile(r"(?m)^\s*const\s+local_user_list\s*=\s*")
DATA_JS_MSGS = re.compile(r"(?m)^\s*const\s+local_msg_list\s*=\s*")


class PyWxDumpDataJsReader(Reader):
    format_id = "pywxdump-data-js"
    description = "PyWxDump HTML export data.js: const local_user_list = {...}; const local_msg_list = [...]"
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        return bool(DATA_JS_USERS.search(head) or DATA_JS_MSGS.search(head))

    def read(self, source: Source) -> Iterator[Record]:
        with source.open_text() as stream:
            for item in iter_array_items(stream, DATA_JS_USERS, single=True):
                users = _json(item)
                if isinstance(users, dict):
                    for wxid, user in users.items():
                        yield from user_records(self, source, ("local_user_list", wxid), user)
        conversation = source.parent_name or source.stem
        with source.open_text() as stream:
            for index, item in enumerate(iter_array_items(stream, DATA_JS_MSGS)):
                message = _json(item)
                if isinstance(message, dict):
                    yield from _message_records(
                        self, source, lambda *key: pointer(("local_msg_list", index, *key)), message, conversation)


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise ExportError(message("pywxdump.data_js_malformed")) from None


READERS = [PyWxDumpCsvReader, PyWxDumpJsonReader, PyWxDumpUsersReader, PyWxDumpDataJsReader]
