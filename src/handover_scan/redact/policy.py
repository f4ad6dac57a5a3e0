"""What replaces each kind of personal information in the redacted copy, and the text rewriter.

The policy maps an entity type to an action: `placeholder` (a typed tag such as [手机号]),
`pseudonym` (客户000123, the same for one person in every file), `city` (an address cut back to its
city), `year` (a birth date keeps only its year), `health` ([健康信息]), `keep` (left as it is: the re-scan
then fails the copy, so keeping is a visible decision, never a silent one). The export's own identity
fields (wxid, Alias, remark, nickname, avatar URL, contact-card phone, 描述 ...) are replaced whole.
"""

from __future__ import annotations

import html
import re
from collections import Counter

import ahocorasick
from dataclasses import dataclass, field
from typing import Callable, Iterable

from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.names import name_fields
from handover_scan.redact.persons import PersonPseudonyms
from handover_scan.redact.pseudonym import id_pseudonym, person_pseudonym

ACTIONS = ("placeholder", "pseudonym", "city", "year", "health", "keep")
DEFAULT_ACTIONS = {"PERSON": "pseudonym", "ADDRESS": "city", "BIRTH_DATE": "year", "MEDICAL": "health"}
LABELS = {
    "CN_ID_CARD": "身份证号", "PHONE_NUMBER": "手机号", "BANK_CARD": "银行卡号", "EMAIL": "邮箱",
    "PASSPORT": "护照号", "HK_MACAO_TW_PERMIT": "通行证号", "SOCIAL_SECURITY": "社保号",
    "MEDICAL_RECORD_NO": "病历号", "LICENSE_PLATE": "车牌号", "QQ_NUMBER": "QQ号", "WECHAT_ID": "微信号",
    "LOCATION": "位置", "ADDRESS": "地址", "BIRTH_DATE": "出生日期", "MEDICAL": "健康信息", "PERSON": "姓名",
}

# The export's identity fields, by what they hold; compared lower-case, on the last part of a key path.
ID_FIELDS = {"fullpy", "quanpin", "remarkquanpin", "wxid", "微信id", "发送者微信id", "username", "user_name", "alias", "account", "微信号", "账号", "talker", "strtalker",
             "x-wechat-id", "from_id", "user_id", "sender_id", "chatroom", "chatroomid", "roomid", "userid",
             "weixin", "wechat", "wechat_id", "qq", "qq号"}
URL_FIELDS = {"headimgurl", "avatar", "avatar_path", "avatarurl", "avatar_url", "smallheadurl", "bigheadurl",
              "smallheadimgurl", "bigheadimgurl", "头像", "头像链接", "headurl", "photo"}
PHONE_FIELDS = {"手机号", "手机", "电话", "phone", "mobile", "telephone", "phone_number", "tel", "联系电话"}
TEXT_FIELDS = {"describe", "描述", "description", "签名", "个性签名", "signature", "bio", "sign"}
GROUP_FIELDS = {"群名", "群名称", "chatroom_name", "group_name", "groupname", "roomname", "群聊名称"}
EXTRA_NAME_FIELDS = {"name", "sender", "talkername", "conversation", "会话", "联系人", "姓名", "客户",
                     "收件人", "发送人", "real_name", "realname", "full_name", "contact"}
# Values of name fields that name no one (the owner's own side, roles), left as they are.
NOT_NAMES = {"我", "me", "self", "客户", "老板", "宝宝", "亲", "群主", "system", "系统消息", "(unknown)", "unknown"}
_WXID = re.compile(r"(?<![A-Za-z0-9])(?:wxid_[A-Za-z0-9_-]{4,}|[A-Za-z0-9_-]{5,}@chatroom)(?![A-Za-z0-9_-])")
_URL = re.compile(r"^https?://", re.I)
# Profile-picture links anywhere in a text (a header-less contact list): they lead to the person's photo.
_AVATAR = re.compile(r"https?://[^\s\"'<>，。]*?(?:qlogo\.cn|qpic\.cn|thirdwx|headimg|/mmhead/|avatar|/head/)"
                     r"[^\s\"'<>，。]*", re.I)
_YEAR = re.compile(r"(19|20)\d\d")
_CITY = re.compile(r"^(?:[^市省]{2,7}?(?:省|自治区))?(?:[^市省区县]{1,7}?(?:市|自治州|地区|盟))|^(?:北京|上海|天津|重庆)")
_XML_ATTRIBUTE = re.compile(r"(?<![\w:-])([A-Za-z_][\w:-]*)=\"([^\"<>]*)\"")
_TIME_AFTER = re.compile(r"[ T]?\d{1,2}:\d{2}")
# Cells that hold no value (a row number, a flag, a message timestamp) skip the analyzer; known values and
# account ids are still looked for in them. A bare date is not skipped: it may be a birth date.
_PLAIN = re.compile(r"\d{1,4}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")
_EPOCH = re.compile(r"1\d{9}|1\d{12}")  # unix time in seconds or milliseconds, under a time column
_TIME_FIELDS = ("time", "date", "时间", "timestamp")


@dataclass
class RedactPolicy:
    """Entity type -> action; types not listed get a typed placeholder."""

    min_score: float = 0.5
    actions: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ACTIONS))

    def action(self, entity_type: str) -> str:
        return self.actions.get(entity_type, "placeholder")

    @classmethod
    def with_overrides(cls, overrides: Iterable[str], min_score: float = 0.5) -> "RedactPolicy":
        """`TYPE=ACTION` strings (from --action); ValueError names a bad one."""
        if not 0 <= min_score <= 1:
            raise ValueError(f"--min-score must be between 0 and 1, not {min_score}")
        policy = cls(min_score=min_score)
        for item in overrides:
            entity_type, sep, action = item.partition("=")
            if not sep or action not in ACTIONS:
                raise ValueError(f"--action {item!r}: expected TYPE=ACTION with ACTION one of {', '.join(ACTIONS)}")
            policy.actions[entity_type.strip().upper()] = action
        return policy


def placeholder(entity_type: str) -> str:
    return f"[{LABELS.get(entity_type, entity_type)}]"


def generalise(entity_type: str, value: str, action: str, key: bytes,
               pseudonym: Callable[[str], str] | None = None) -> str:
    """The stand-in for one value under its action; pseudonym(name): the person's (persons.py), else the name's."""
    if action == "keep":
        return value
    if action == "pseudonym":
        return pseudonym(value) if pseudonym else person_pseudonym(key, value)
    if action == "health":
        return "[健康信息]"
    if action == "year":
        year = _YEAR.search(value)
        return (f"{year.group()}年" if re.search(r"[\u4e00-\u9fff]", value) else year.group()) if year else \
            placeholder(entity_type)
    if action == "city":
        city = _CITY.match(value.strip())
        return city.group() if city and city.end() < len(value.strip()) else placeholder(entity_type)
    return placeholder(entity_type)


CACHED_CHARS = 256
CACHE_SIZE = 1 << 16


class Replacer:
    """Rewrites one text value at a time and counts what it replaced, per entity type, for the current file.

    A span is replaced when the analyzer finds it at or above min_score in this text, or when it is a
    value the scan of the original found at or above min_score (`values`), or an account id (wxid_...).
    """

    def __init__(self, analyzer: Analyzer, key: bytes, policy: RedactPolicy, values: dict[str, str],
                 persons: PersonPseudonyms | None = None):
        self.analyzer, self.key, self.policy = analyzer, key, policy
        self.persons = persons or PersonPseudonyms(key)  # names of one person share one pseudonym
        self.name_fields = {f.lower() for f in name_fields(analyzer.definitions)} | EXTRA_NAME_FIELDS
        self.counts: Counter[str] = Counter()
        self._cache: dict[tuple[str, str, bool], list[tuple[int, int, str]]] = {}
        # one pass over a text finds every known value, the longest where they overlap (上海市徐汇区… over 上海市)
        self.values = values
        self._known: ahocorasick.Automaton | None = None
        if any(len(v.strip()) >= 2 for v in values):
            self._known = ahocorasick.Automaton()
            for value, entity_type in values.items():
                if len(value.strip()) >= 2:
                    self._known.add_word(value, (len(value), entity_type))
            self._known.make_automaton()

    def known_in(self, text: str) -> list[tuple[str, int]]:
        """(entity type, length) of each value known from the original that occurs in text."""
        return [(entity_type, end - start) for start, end, entity_type in self._iter_known(text)]

    def _iter_known(self, text: str):
        """(start, end, type) of known values in text; a Latin value (zhou) only as a whole word, not in Zhengzhou."""
        if self._known is None:
            return
        for last, (length, entity_type) in self._known.iter_long(text):
            start, end = last + 1 - length, last + 1
            if _latin(text[start]) and start > 0 and _latin(text[start - 1]) or \
                    _latin(text[end - 1]) and end < len(text) and _latin(text[end]):
                continue  # a Latin value (zhou) only as a whole word, not inside Zhengzhou; digits match anywhere
            yield start, end, entity_type

    # -- whole identity fields -------------------------------------------------------------------
    def field_kind(self, field: str) -> str | None:
        name = field.rsplit("/", 1)[-1].strip().lower()
        for kind, names in (("id", ID_FIELDS), ("url", URL_FIELDS), ("phone", PHONE_FIELDS), ("text", TEXT_FIELDS),
                            ("group", GROUP_FIELDS), ("name", self.name_fields)):
            if name in names:
                return kind
        return None

    def identity(self, value: str, kind: str) -> str:
        stripped = value.strip()
        if not stripped or stripped in NOT_NAMES or stripped.lower() in NOT_NAMES:
            return value
        if _URL.match(stripped) or kind == "url":
            return self._count("AVATAR_URL", id_pseudonym(self.key, "链接", stripped))
        if _WXID.fullmatch(stripped):  # the same stand-in as the same wxid inside a text or a key
            return self._count("WECHAT_ID", id_pseudonym(self.key, "微信号", stripped))
        if kind == "id":
            return self._count("ACCOUNT_ID", id_pseudonym(self.key, "账号", stripped))
        if kind == "phone":
            return self._count("PHONE_NUMBER", id_pseudonym(self.key, "手机号", stripped))
        if kind == "text":
            return self._count("DESCRIPTION", id_pseudonym(self.key, "描述", stripped))
        if kind == "group":
            return self._count("GROUP_NAME", person_pseudonym(self.key, stripped, "群聊"))
        if stripped.isdigit() or len(stripped) < 2:
            return self.text(value)  # a numeric id or one-character name: only what is found in it
        return self._count("PERSON", self.persons.pseudonym(stripped))

    def _count(self, entity_type: str, replacement: str) -> str:
        self.counts[entity_type] += 1
        return replacement

    # -- any text ---------------------------------------------------------------------------------
    def value(self, value: str, field: str = "") -> str:
        """A structured value (cell, JSON string, property): identity fields whole, other text by span."""
        kind = self.field_kind(field) if field else None
        return self.identity(value, kind) if kind else self.text(value, field)

    def text(self, text: str, field: str = "", identifiers_only: bool = False) -> str:
        """text with every finding at or above min_score replaced; line breaks inside a span are kept, so a
        text file keeps its lines. identifiers_only: leave names, places and health words (for headers and keys)."""
        spans = self.spans(text, field, identifiers_only)
        return self.apply(text, spans) if spans else text

    def spans(self, text: str, field: str = "", identifiers_only: bool = False) -> list[tuple[int, int, str]]:
        """(start, end, entity type) of everything to replace in text, merged."""
        # no pre-check of its own: what may hold a finding is the analyzer's prefilter's decision (the scan's), so
        # anything the scan reports is looked for here too (Latin names, pinyin nicknames included)
        if len(text) < 2 or text.isspace():
            return []
        if len(text) > CACHED_CHARS:
            return self._spans(text, field, identifiers_only)
        key = (text, field, identifiers_only)  # short texts repeat (好的, 收到, a sender's name): analyzed once
        if key not in self._cache:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            self._cache[key] = self._spans(text, field, identifiers_only)
        return self._cache[key]

    def _spans(self, text: str, field: str, identifiers_only: bool) -> list[tuple[int, int, str]]:
        spans = []
        plain = _PLAIN.fullmatch(text) or (_EPOCH.fullmatch(text) and any(w in field.lower() for w in _TIME_FIELDS))
        for r in ([] if plain else self.analyzer.analyze(text, field)):
            if r.entity_type == "BIRTH_DATE" and _TIME_AFTER.match(text, r.end):
                continue  # a date with a time of day is a message timestamp, never a birth date
            if r.score >= self.policy.min_score:
                spans.append((r.start, r.end, r.entity_type))
        spans.extend(self._iter_known(text))
        spans.extend((m.start(), m.end(), "WECHAT_ID") for m in _WXID.finditer(text))
        spans.extend((m.start(), m.end(), "AVATAR_URL") for m in _AVATAR.finditer(text))
        if '="' in text:  # a shared contact card or a quoted message: XML whose attributes name the person
            for m in _XML_ATTRIBUTE.finditer(text):
                kind = self.field_kind(m.group(1))
                if kind and m.group(2).strip():
                    spans.append((m.start(2), m.end(2), "IDENTITY:" + kind))
        if identifiers_only:
            spans = [s for s in spans if s[2] not in ("PERSON", "MEDICAL", "LOCATION", "ADDRESS")]
        return join_latin_names(text, merge(spans))

    def apply(self, text: str, spans: list[tuple[int, int, str]]) -> str:
        out, pos = [], 0
        for start, end, entity_type in spans:
            value = text[start:end]
            if entity_type.startswith("IDENTITY:"):
                new = self.identity(html.unescape(value), entity_type[9:])  # counts what it replaced
                new = value if new == html.unescape(value) else html.escape(new)
                out.append(text[pos:start] + new)
                pos = end
                continue
            if entity_type == "WECHAT_ID" and _WXID.fullmatch(value):
                new = id_pseudonym(self.key, "微信号", value)
            elif entity_type == "AVATAR_URL":
                new = id_pseudonym(self.key, "链接", value)
            else:
                new = generalise(entity_type, value, self.policy.action(entity_type), self.key, self.persons.pseudonym)
            if new != value:
                self.counts[entity_type] += 1
            out.append(text[pos:start])
            out.append(new + "\n" * value.count("\n"))
            pos = end
        out.append(text[pos:])
        return "".join(out)


def _latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def join_latin_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Latin given name and surname found apart (Haoran, Feng) become one name (Haoran Feng): one pseudonym, the
    person's whole name, not two stand-ins side by side."""
    out: list[tuple[int, int, str]] = []
    for span in spans:
        if out and span[2] == out[-1][2] == "PERSON" and text[out[-1][1]:span[0]] == " " \
                and text[out[-1][0]:span[1]].replace(" ", "").isascii():
            out[-1] = (out[-1][0], span[1], "PERSON")
        else:
            out.append(span)
    return out


def merge(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Overlapping spans become one (their union), typed as the longest of them."""
    merged: list[list] = []
    for start, end, entity_type in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            if end - start > last[4]:
                last[2], last[4] = entity_type, end - start
            last[1] = max(last[1], end)
            continue
        merged.append([start, end, entity_type, None, end - start])
    return [(s, e, t) for s, e, t, _, _ in merged]
