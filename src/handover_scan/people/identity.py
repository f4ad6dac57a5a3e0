"""Who is who across the files of one export: every identifier the export gives a person, linked.

An export names one person in many ways: wxid / UserName / talker, Alias (微信号), remark, nickname,
group display name, a phone number on a contact card, a Telegram first/last name, the WhatsApp
saved name. `Identities` watches the records of a scan go by (`observe`) and links:

- the fields of one contact-list row (one contact = one row or one JSON object);
- two spellings of one name: `王建国 江阴装修` (raw remark) and `王建国_江阴装修` (MemoTrace's
  folder name) share a key, as do Telegram's `建国 王` (first, last) and `王建国`;
- the two parties of a 1:1 chat are never linked to each other; a sender is linked to the chat's
  subject only when the owner is known to be someone else (see owner.py).

>>> ids = Identities()
>>> ids.link("王建国 江阴装修", "wxid_abc123")
>>> ids.same("王建国_江阴装修", "wxid_abc123")
True
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Iterable, Iterator

from handover_scan.records import UNKNOWN_SUBJECT, Record

# Contact layouts: one row or JSON object is one contact.
CONTACT_FORMAT = re.compile(r"contacts|users-json|data-js|members-csv|list-csv|items-json")
# Fields (last key path part, lower case) that identify or name the row's person.
ID_FIELDS = frozenset({
    "username", "alias", "remark", "nickname", "wxid", "userid", "user_id", "talker", "sender", "conremark",
    "displayname", "display_name", "name", "first_name", "last_name", "phone_number", "phone", "telephone",
    "mobile", "tel", "fn", "n", "微信号", "微信id", "备注", "昵称", "群昵称", "备注名", "电话", "手机", "手机号",
    "联系人", "姓名", "username/wxid", "strnickname", "strremark", "m_nsusrname", "m_nsremark", "m_nsnickname",
    "senderdisplayname", "发送者昵称", "发送者备注", "dspname", "sender-name", "sendername", "accountname",
    "groupnickname", "originalname",
})
# Priority of a field's value as the person's display name (lower is better).
NAME_RANK = {"remark": 0, "备注": 0, "conremark": 0, "备注名": 0, "strremark": 0, "m_nsremark": 0, "fn": 0,
             "姓名": 0, "联系人": 0, "displayname": 1, "display_name": 1, "群昵称": 1, "name": 1,
             "nickname": 2, "昵称": 2, "strnickname": 2, "m_nsnickname": 2}
_SEPARATORS = re.compile(r"[\s_\-·•・.()（）]+")
_CJK = re.compile(r"^[\u3400-\u9fff]+$")
# wxid_..., an alias with a digit, _ or - (a word is a name), a phone number, gh_..., a chatroom id
_ID_LIKE = re.compile(r"^(?:wxid_[0-9a-z]+|[a-z](?=[0-9a-z_\-]*[\d_\-])[0-9a-z_\-]{5,19}|\+?\d[\d \-]{6,18}\d"
                      r"|gh_[0-9a-f]+|\d{5,}@chatroom)$", re.I)


@lru_cache(maxsize=1 << 16)
def key(name: str) -> str:
    """The form two spellings of one identifier share (width, case, separators folded). Cached: the
    people pass asks it for the sender, subject and conversation of every message, which repeat."""
    folded = unicodedata.normalize("NFKC", name).strip().lower()
    digits = re.sub(r"[ \-]", "", folded)
    if re.fullmatch(r"\+?\d{7,15}", digits):  # a phone number: the national number
        digits = digits.lstrip("+")
        return digits[2:] if digits.startswith("86") and len(digits) == 13 else digits
    return _SEPARATORS.sub("", folded)


def is_id(name: str) -> bool:
    """wxid_..., an alias, a phone number, a chatroom: an identifier that is a value, not a name."""
    return bool(_ID_LIKE.match(name.strip()))


def is_name_field(field: str) -> bool:
    """A field that names or identifies its record's person (Remark, NickName, 备注, first_name ...)."""
    return field.rsplit("@", 1)[0].rsplit("/", 1)[-1].strip().lower() in ID_FIELDS


@lru_cache(maxsize=1 << 16)
def swapped(name: str) -> str:
    """Telegram writes `first last` (`建国 王`); Chinese order puts the surname first (`王建国`)."""
    parts = name.split()
    if len(parts) == 2 and all(_CJK.match(p) for p in parts) and len(parts[1]) <= 2:
        return parts[1] + parts[0]
    return ""


def _field(record: Record) -> str:
    name = record.field.rsplit("@", 1)[0]
    return name.rsplit("/", 1)[-1].strip().lower()


def _row(record: Record) -> str:
    """The contact a contact-list record belongs to: its row, or its JSON object."""
    if record.locator.startswith("json:"):
        return record.locator.rsplit("/", 1)[0]
    return record.locator


class Identities:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.raw: dict[str, Counter[tuple[int, str]]] = defaultdict(Counter)  # key -> (rank, raw spelling)
        self.owner_keys: set[str] = set()
        # (file, conversation) -> sender keys, and the subjects the reader gave the chat's messages
        self.senders: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.subjects: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.conversation_keys: set[str] = set()
        self._row_id: tuple[str, str] | None = None
        self._row_subject = ""
        self._groups: set[str] | None = None  # conversation keys of group chats, once the owner is known
        # A message record like one learned before (same file, format, conversation, sender, subject) only
        # adds 1 to the same counters: (file, format, conversation, sender, subject) -> those counters.
        self._repeats: dict[tuple[str, str, str, str, str], list[tuple[Counter, object]]] = {}
        self._contact_format: dict[str, bool] = {}
        from handover_scan.people.owner import OWNER_NAMES  # owner.py imports this module

        self._owner_names = OWNER_NAMES

    # -- union-find ------------------------------------------------------------------------------------
    def _find(self, k: str) -> str:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def add(self, name: str, rank: int = 3, counts: list | None = None) -> str:
        """The key of `name`, remembered with its spelling; '' for no name. counts, if given, receives the
        (counter, item) pairs this incremented: what learning the same name again would do."""
        if not name or not name.strip() or name == UNKNOWN_SUBJECT:
            return ""
        k = key(name)
        if not k:
            return ""
        self._find(k)
        spellings, spelling = self.raw[k], (rank, name.strip())
        spellings[spelling] += 1
        if counts is not None:
            counts.append((spellings, spelling))
        alternative = swapped(name.strip())
        if alternative:
            self._union(k, self.add(alternative, rank, counts))
        return k

    def _union(self, a: str, b: str) -> None:
        if a and b:
            ra, rb = self._find(a), self._find(b)
            if ra != rb:
                self.parent[max(ra, rb)] = min(ra, rb)

    def link(self, a: str, b: str, rank_a: int = 3, rank_b: int = 3) -> None:
        self._union(self.add(a, rank_a), self.add(b, rank_b))

    def same(self, a: str, b: str) -> bool:
        return bool(a and b) and self._find(key(a)) == self._find(key(b))

    def cluster(self, name: str) -> str:
        """The root key of the person `name` stands for ('' for no name)."""
        k = key(name) if name and name != UNKNOWN_SUBJECT else ""
        return self._find(k) if k else ""

    def members(self) -> dict[str, list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for k in list(self.parent):
            groups[self._find(k)].append(k)
        return groups

    # -- observing a scan ------------------------------------------------------------------------------
    def observe(self, records: Iterable[Record]) -> Iterator[Record]:
        """Pass records through, learning identities from them (tee on the scan's first pass)."""
        for record in records:
            self.learn(record)
            yield record

    def merge(self, other: "Identities") -> None:
        """Add what `other` learned (one unit's records, learned in a worker) to this one.

        The result equals learning both record streams in turn: links are a partition (its root is the
        smallest key, whatever the order), spellings and senders are counts, and a (file, conversation)
        belongs to one unit only, so the order of its counts is the order its file was read in."""
        self._groups = None
        for k, spellings in other.raw.items():
            self.raw[k].update(spellings)
        for k in other.parent:
            self._union(k, other._find(k))
        self.owner_keys |= other.owner_keys
        for where, senders in other.senders.items():
            self.senders[where].update(senders)
        for where, subjects in other.subjects.items():
            self.subjects[where].update(subjects)
        self.conversation_keys |= other.conversation_keys

    def learn(self, record: Record) -> None:
        self._groups = None
        fmt = record.format
        contact = self._contact_format.get(fmt)
        if contact is None:
            contact = self._contact_format[fmt] = bool(CONTACT_FORMAT.search(fmt))
        if contact or fmt == "telegram-json" or record.data_subject in self._owner_names:
            self._learn(record, contact, None)  # what it teaches depends on more than who and where
            return
        seen = (record.file, fmt, record.conversation, record.sender, record.data_subject)
        counts = self._repeats.get(seen)
        if counts is None:
            counts = self._repeats[seen] = []
            self._learn(record, contact, counts)
        else:
            for counter, item in counts:
                counter[item] += 1

    def _learn(self, record: Record, contact: bool, counts: list | None) -> None:
        self._note_owner(record, counts)
        if contact:
            rid = (record.file, _row(record))
            if rid != self._row_id:
                self._row_id, self._row_subject = rid, record.data_subject
                self.add(self._row_subject, 1)
                for part in rid[1].split("/")[1:]:  # users.json is keyed by wxid: {"wxid_...": {...}}
                    if is_id(part) and not part.isdigit():
                        self.link(self._row_subject, part, 1, 9)
            field = _field(record)
            if field in ID_FIELDS and len(record.text) <= 64:
                rank = 9 if is_id(record.text) else NAME_RANK.get(field, 3)
                self.link(self._row_subject, record.text.strip(), 1, rank)
            return
        where = (record.file, record.conversation)
        self.conversation_keys.add(key(record.conversation))
        if record.sender and record.sender != UNKNOWN_SUBJECT:
            sender = self.add(record.sender, 3, counts)
            self.senders[where][sender] += 1
            if counts is not None:
                counts.append((self.senders[where], sender))
        if record.data_subject and record.data_subject != UNKNOWN_SUBJECT:
            subject = self.add(record.data_subject, 2, counts)
            self.subjects[where][subject] += 1
            if counts is not None:
                counts.append((self.subjects[where], subject))

    def _note_owner(self, record: Record, counts: list | None = None) -> None:
        from handover_scan.people.owner import owner_names_of

        for name in owner_names_of(record):
            k = self.add(name, 9, counts)
            if k:
                self.owner_keys.add(k)

    # -- conclusions ------------------------------------------------------------------------------------
    def is_group(self, file: str, conversation: str) -> bool:
        """A WeChat chatroom id, or a chat that has more than one sender besides the owner in this file or
        in any other file of the export (MemoTrace 2.x DOCX names no senders; its CSV beside it does)."""
        if conversation.endswith("@chatroom"):
            return True
        if self._groups is None:
            owners = {self._find(o) for o in self.owner_keys}
            self._groups = {key(conv) for (_, conv), senders in self.senders.items()
                            if len({self._find(s) for s in senders} - owners) > 1}
        return key(conversation) in self._groups

    def is_owner(self, name: str) -> bool:
        root = self.cluster(name)
        return bool(root) and root in {self._find(o) for o in self.owner_keys}

    def display_name(self, root: str) -> str:
        spellings: Counter[tuple[int, str]] = Counter()
        for k in self.members().get(root, [root]):
            spellings.update(self.raw.get(k, {}))
        names = [(rank, -count, raw) for (rank, raw), count in spellings.items() if not is_id(raw)]
        if names:
            return min(names)[2]
        ids = sorted(raw for (_, raw) in spellings)
        return ids[0] if ids else root

    def spellings(self, root: str) -> tuple[list[str], list[str]]:
        """(names, ids) seen for the person whose root key is `root`."""
        raw: set[str] = set()
        for k in self.members().get(root, [root]):
            raw.update(spelling for (_, spelling) in self.raw.get(k, {}))
        return sorted(r for r in raw if not is_id(r)), sorted(r for r in raw if is_id(r))

    def canonical(self, root: str, groups: dict[str, list[str]] | None = None) -> str:
        """The identifier a person_id is derived from: the smallest id-like key, else the smallest key.
        groups: members(), when the caller asks for many roots (members() walks every key)."""
        keys = (groups if groups is not None else self.members()).get(root, [root])
        ids = sorted(k for k in keys if is_id(k))
        return (ids or sorted(keys))[0]
