"""WeFlow's "WeClone" CSV (shared/formats §5.2): the PyWxDump columns without room_name.

    id,MsgSvrID,type_name,is_sender,talker,msg,src,CreateTime

A file named 群聊_... is a group chat; any other is one until a second other talker shows it is not.
"""

from __future__ import annotations

from typing import Iterator

from handover_scan.exports.base import Reader, Source
from handover_scan.exports.csvutil import HOLD_ROWS, columns_and_rows, header_starts, iter_fitted
from handover_scan.exports.weflow_html import OWNER
from handover_scan.records import UNKNOWN_SUBJECT, Record


class WeCloneCsvReader(Reader):
    """WeFlow's "WeClone" CSV: the PyWxDump columns without room_name; talker is a display name (the owner's
    own in 1:1 chats, with is_sender=1), the chat's name is the file name's."""

    format_id = "weflow-weclone-csv"
    description = "WeFlow WeClone CSV: id,MsgSvrID,type_name,is_sender,talker,msg,src,CreateTime (no room_name)"
    priority = 9

    def sniff(self, source: Source, head: str) -> bool:
        return header_starts(head, "id", "MsgSvrID", "type_name", "is_sender", "talker", "msg", "src", "CreateTime")

    def read(self, source: Source) -> Iterator[Record]:
        from handover_scan.exports.weflow import session_name  # weflow.py imports this module

        col, rows = columns_and_rows(source)
        if col is None:
            return
        fit, talker_at, own_at, msg_at, time_at = col.fit, col["talker"], col["is_sender"], col["msg"], col["CreateTime"]
        group = source.stem.startswith("群聊_")
        held: list[tuple[int, list[str]]] = []  # until a second other talker makes it a group, or HOLD_ROWS
        others: set[str] = set()
        for item in () if group else rows:
            held.append(item)
            if fit(item[1])[own_at] != "1" and item[1][talker_at]:
                others.add(item[1][talker_at])
            if len(others) > 1 or len(held) >= HOLD_ROWS:
                break
        if not group and len(others) < 2 and len(held) >= HOLD_ROWS:  # a long 1:1 chat: a second pass decides
            others = {row[talker_at] for row in iter_fitted(source, col) if row[own_at] != "1"} - {""}
        group = group or len(others) > 1
        conversation, relpath, format_id = session_name(source.stem), source.relpath, self.format_id
        for done, part in ((True, held), (False, rows)):
            for row_no, row in part:
                if not done:
                    fit(row)
                own = row[own_at] == "1"
                sender = OWNER if own else row[talker_at]
                subject = (UNKNOWN_SUBJECT if own else sender or UNKNOWN_SUBJECT) if group else conversation
                if row[msg_at].strip():
                    yield Record(relpath, format_id, f"row:{row_no}", conversation, subject or UNKNOWN_SUBJECT,
                                 "msg", row[msg_at], sender, row[time_at])
