"""Telegram Desktop `result.json` (shared/formats §6.2).

Single chat: `{"name","type","id","messages":[...]}`. Full export: `personal_information`
{first_name,last_name,phone_number,username,bio}, `contacts.list` and `frequent_contacts.list`
[{first_name,last_name,phone_number,...}], `sessions.list`/`web_sessions.list` (last_ip,
last_country, last_region, device_model), `chats.list[*].messages`, `left_chats.list`.
A message: `{"id","type","date","date_unixtime","from","from_id","text","text_entities",...}`;
`text` is a string or an array of strings and {type,text} parts (joined here: what a person
reads; text_entities repeats it and is not scanned). Shared contacts, locations, places,
polls and forwarded names are scanned; ids, dates, media paths and types are not.
Telegram writes control characters as `\\xNN` (invalid JSON); files under the whole-parse cap
are read leniently.
"""

from __future__ import annotations

from typing import Any, Iterator

from handover_scan.exports.base import NameOnce, Reader, Source
from handover_scan.exports.jsonutil import iter_json, looks_like_json, pointer, strings
from handover_scan.records import UNKNOWN_SUBJECT, Record

OWNER = "(account owner)"
MESSAGE_SKIP = frozenset({"id", "type", "date", "date_unixtime", "edited", "edited_unixtime", "from_id", "actor_id",
                          "action", "photo", "file", "thumbnail", "media_type", "mime_type", "duration_seconds",
                          "width", "height", "reply_to_message_id", "reply_to_peer_id", "text_entities", "text",
                          "from", "sticker_emoji", "photo_file_size", "file_size", "file_name_unused",
                          "inline_bot_buttons", "reactions", "saved_from", "self_destruct_period_seconds"})
PERSON_SKIP = frozenset({"user_id", "date", "date_unixtime", "id", "category", "type", "created",
                         "created_unixtime", "last_active", "last_active_unixtime", "photo", "rating"})
LISTS = {"contacts", "frequent_contacts", "sessions", "web_sessions", "other_data"}


def _is_unit(path: tuple) -> bool:
    if len(path) >= 2 and path[-2] == "messages" and isinstance(path[-1], int):
        return True
    if len(path) == 3 and path[0] in LISTS and path[1] == "list" and isinstance(path[2], int):
        return True
    return path == ("personal_information",) or path == ("profile_pictures",)


def flatten_text(text: Any) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict) else ""
                       for part in text)
    return ""


def _person(value: dict) -> str:
    name = " ".join(str(value.get(k) or "") for k in ("first_name", "last_name")).strip()
    return name or str(value.get("name") or value.get("phone_number") or UNKNOWN_SUBJECT)


class TelegramJsonReader(Reader):
    format_id = "telegram-json"
    description = ("Telegram Desktop result.json: chat {name,type,messages} or full export (personal_information, "
                   "contacts, frequent_contacts, sessions, chats)")
    priority = 15

    def sniff(self, source: Source, head: str) -> bool:
        if not looks_like_json(head):
            return False
        # older Telegram Desktop writes neither date_unixtime nor text_entities: a chat's type and from_id tell it
        return any(k in head for k in ('"date_unixtime"', '"text_entities"', '"personal_information"',
                                       '"frequent_contacts"')) or (
            '"messages"' in head and '"from_id": "user' in head and '"type": "' in head)

    def read(self, source: Source) -> Iterator[Record]:
        chat: dict[str, Any] = {}
        chat_path: tuple = ()
        owner = OWNER
        names = NameOnce()
        for path, value in iter_json(source, _is_unit):
            if path == ("personal_information",) and isinstance(value, dict):
                owner = _person(value)
                yield from self._fields(source, path, value, owner, owner)
            elif len(path) == 3 and path[0] in LISTS and isinstance(value, dict):
                subject = owner if path[0] in ("sessions", "web_sessions", "other_data") else _person(value)
                yield from self._fields(source, path, value, path[0], subject)
            elif len(path) >= 2 and path[-2] == "messages" and isinstance(value, dict):
                if path[:-2] != chat_path:
                    chat_path, chat = path[:-2], {}
                yield from self._message(source, path, value, chat, names)
            elif isinstance(value, str) and path and path[-1] in ("name", "type") and "messages" not in path:
                # chat-level keys come before the chat's messages
                parent = path[:-1]
                if parent != chat_path:
                    chat_path, chat = parent, {}
                chat[path[-1]] = value
                if path[-1] == "name" and names.first("chat_name", value):
                    yield self.record(source, pointer(path), "name", value, conversation=value, data_subject=value)
            elif isinstance(value, str) and path[:1] == ("personal_information",):
                yield self.record(source, pointer(path), path[-1], value, conversation="personal_information",
                                  data_subject=owner)

    def _fields(self, source: Source, path: tuple, value: dict, conversation: str, subject: str) -> Iterator[Record]:
        for sub, text in strings(value, skip=PERSON_SKIP):
            yield self.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), text,
                              conversation=conversation, data_subject=subject)

    def _message(self, source: Source, path: tuple, message: dict, chat: dict, names: NameOnce) -> Iterator[Record]:
        conversation = chat.get("name") or "(chat)"
        sender = str(message.get("from") or message.get("actor") or "")
        personal = chat.get("type") in ("personal_chat", "bot_chat")
        subject = conversation if personal else (sender or UNKNOWN_SUBJECT)
        common = dict(conversation=conversation, sender=sender, timestamp=str(message.get("date", "")))
        text = flatten_text(message.get("text"))
        if text.strip():
            yield self.record(source, pointer((*path, "text")), "text", text, data_subject=subject, **common)
        for sub, value in strings(message, skip=MESSAGE_SKIP):
            if sub[0] == "actor":
                continue
            who = _person(message[sub[0]]) if sub[0] == "contact_information" else subject
            yield self.record(source, pointer((*path, *sub)), "/".join(map(str, sub)), value, data_subject=who,
                              **common)
        if sender and names.first("from", sender):
            yield self.record(source, pointer((*path, "from")), "from", sender, data_subject=sender, **common)


READERS = [TelegramJsonReader]
