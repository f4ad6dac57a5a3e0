"""WeFlow's contact export (contactExportService.ts): contacts_<ts>.csv and .json (the .vcf: exports/vcard.py)."""

from __future__ import annotations

from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, strings
from handover_scan.exports.memotrace import ContactsCsvReader
from handover_scan.records import UNKNOWN_SUBJECT, Record

MEMBER_SKIP = frozenset({"wxid", "username", "userName", "avatarUrl", "avatar", "avatarKey", "type", "typeLabel"})


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
