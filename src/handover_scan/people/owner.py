"""The export's owner: the account being handed over, never one of its data subjects.

Recognised from what the export says outright:
- the names exporters give the owner's side (`我` in MemoTrace / chatlog / WeFlow text, `me`, the
  Telegram reader's `(account owner)`);
- PyWxDump's folder `wxdump_work/export/<my_wxid>/...`;
- Telegram's `personal_information` object;
- a name field of the owner's own record (WeFlow's senderDisplayName of a message with isSend=1, the
  发送者昵称 of a row whose 发送者身份 is 我): the owner's display name, which group chats show instead of 我;
- WechatExporter's account folder `<out>/<账号>/<会话>/index.*` and `<out>/<账号>_Contacts.csv`;
and inferred from the chats (`infer_owner`):
- in a 1:1 chat with two senders where one is the chat's subject (the contact the file or chat is
  named after: WhatsApp `WhatsApp Chat with 张三.txt`, MemoTrace `<备注>_utf8.csv`), the other sender is
  the owner;
- a sender who is not the subject in two or more different 1:1 chats is the owner.
"""

from __future__ import annotations

import re

from handover_scan.people.identity import is_name_field
from handover_scan.records import Record

OWNER_NAMES = frozenset({"我", "me", "(account owner)", "本人", "自己"})
_PYWXDUMP_OWNER = re.compile(r"(?:^|/)export/([^/!]+)/")
_NOT_AN_ACCOUNT = frozenset({"csv", "json", "html", "txt", "export"})


def owner_names_of(record: Record) -> list[str]:
    """Names of the owner this record reveals ([] for most records)."""
    names = [n for n in (record.sender, record.data_subject) if n in OWNER_NAMES]
    match = _PYWXDUMP_OWNER.search(record.file)
    if match and match.group(1).lower() not in _NOT_AN_ACCOUNT:
        names.append(match.group(1))
    if record.format == "telegram-json" and record.locator.startswith("json:/personal_information"):
        names.append(record.data_subject)
    if record.data_subject in OWNER_NAMES and record.text not in OWNER_NAMES and len(record.text) <= 64 \
            and is_name_field(record.field):
        names.append(record.text.strip())
    if record.format.startswith("wechatexporter-"):
        names.extend(_wechatexporter_account(record))
    return names


def _wechatexporter_account(record: Record) -> list[str]:
    """The account's display name in a WechatExporter path (the folder it makes per account)."""
    parts = record.file.split("/")
    if record.format == "wechatexporter-contacts-csv" and parts[-1].endswith("_Contacts.csv"):
        return [parts[-1][: -len("_Contacts.csv")]]
    if record.format == "wechatexporter-js" and len(parts) >= 5 and parts[-3:-1] == ["Files", "Data"]:
        return [parts[-5]]  # <账号>/<会话>/Files/Data/msg-N.js
    if record.format in ("wechatexporter-txt", "wechatexporter-html") and len(parts) >= 3 \
            and parts[-1].startswith("index"):
        return [parts[-3]]  # <账号>/<会话>/index.html
    return []


def infer_owner(identities) -> None:
    """Add the owner inferred from the chats to identities.owner_keys, then link each 1:1 chat's other
    sender to the chat's subject (safe only once the owner is known)."""
    one_to_one = [where for where, senders in identities.senders.items()
                  if len(senders) <= 2 and not where[1].endswith("@chatroom")]
    not_subject_in: dict[str, set[str]] = {}  # sender -> chats (by name: one chat may come as TXT, CSV, JSON)
    for where in one_to_one:
        subject = _subject_of(identities, where)
        senders = [s for s in identities.senders[where] if s]
        subject_root = identities._find(subject) if subject else ""
        others = [s for s in senders if identities._find(s) != subject_root]
        if subject and len(senders) == 2 and len(others) == 1:
            identities.owner_keys.add(others[0])  # the subject is one party: the other one is the owner
        for s in others:
            not_subject_in.setdefault(s, set()).add(identities.cluster(where[1]))
    identities.owner_keys.update(s for s, chats in not_subject_in.items() if len(chats) >= 2)
    identities._groups = None  # group detection depends on who the owner is
    owner_roots = {identities._find(o) for o in identities.owner_keys}
    for where in one_to_one:
        if identities.is_group(*where):  # a group in another file (MemoTrace AI TXT folds its senders)
            continue
        subject = _subject_of(identities, where)
        others = [s for s in identities.senders[where] if s and identities._find(s) not in owner_roots]
        if subject and len(others) == 1 and identities._find(subject) not in owner_roots:
            identities._union(subject, others[0])


def _subject_of(identities, where) -> str:
    subjects = identities.subjects.get(where)
    return subjects.most_common(1)[0][0] if subjects else ""
