"""PERSON: names in unsegmented Chinese chat text.

Three ways a name shows itself, all driven by the YAML spec (recognizers/person.yaml):

1. After a label: 姓名：王小美, 收件人 李雷, 我叫欧阳娜娜 (`labels`). Surname from
   `surnames`, then one or two given-name characters that are not `given_name_stop`.
2. Before a title: 王女士, 李先生, 张老师, 王小美女士 (`titles`). A bare surname + title keeps the
   title in the span (王女士 is the mention); a full name does not. Surnames that are common
   words (`title_unsafe_surnames`: 和, 于, 时 ...) are not used here.
3. Beside a phone number, as shipping labels are pasted (王小美，13812345678，XX路88号 or
   XX路88号 王小美 13812345678): a standalone 2-4 character surname-led token next to a
   mobile number (`beside_phone`).
4. Names the export itself reveals: contact remarks, nicknames and chat headers, registered
   at analysis time with add_known_names(); a mention of one anywhere in text is a PERSON.
   Generic remarks (客户, 老板, 宝宝 ...) and names shorter than 2 characters never register.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Iterable

import ahocorasick
import regex

from handover_scan.engine.batch import BatchRecognizer
from handover_scan.engine.person_model_spans import ModelNamesMixin
from handover_scan.engine.person_rules import _HAN, NumberAndGreetingRules
from handover_scan.engine.recognizers import SpecRecognizer, _latin, _longest, lower_keeping_offsets
from handover_scan.resources import data_lines

# A remark is split into name candidates at separators, digits and emoji.
# Account ids (wxid_abc123, gh_..., zhangsan_88, 123@chatroom) name an account, not a person: their
# pieces (wxid, sample) would turn everyday words into "names".
_ACCOUNT_ID = regex.compile(r"(?i)^(?:wxid_|gh_)|@(?:chatroom|openim|stranger)$|^[a-z][a-z0-9]*(?:[_\-.][a-z0-9]+)+$|^[a-z]+\d+$")
_REMARK_SPLIT = regex.compile(r"[\s\-_—–·•|/\\()（）\[\]【】<>《》,，.。:：;；!！?？~～@#&+=*'\"“”‘’0-9]+|[^\p{Han}A-Za-z]+")


def _words(relative: str, base) -> list[str]:
    return [w for line in data_lines(relative, base) for w in line.split()]


class PersonRecognizer(BatchRecognizer, ModelNamesMixin, NumberAndGreetingRules, SpecRecognizer):
    @cached_property
    def surnames(self) -> tuple[frozenset[str], frozenset[str]]:
        words = _words(self.spec.options["surnames"], self.spec.base_dir)
        return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)

    @cached_property
    def generic(self) -> frozenset[str]:
        file = self.spec.options.get("generic_names")
        return frozenset(w.lower() for w in _words(file, self.spec.base_dir)) if file else frozenset()

    @cached_property
    def stop(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("given_name_stop", ""))

    @cached_property
    def title_unsafe(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("title_unsafe_surnames", ""))

    @cached_property
    def weak_titles(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("weak_titles", ()))

    @cached_property
    def weak_title_after(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("weak_title_after", ""))

    @cached_property
    def not_before_title(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("not_before_title", []))

    @cached_property
    def label_pattern(self) -> regex.Pattern:
        labels = sorted(self.spec.options.get("labels", []), key=len, reverse=True)
        relations = sorted(self.spec.options.get("relations", []), key=len, reverse=True)
        relation = ("(?:(?:" + "|".join(map(regex.escape, relations)) + r")[ \t:：,，]*)?") if relations else ""
        return regex.compile("(?P<label>" + "|".join(map(regex.escape, labels)) + r")[ \t]*(?:[:：是为叫写填]|是叫)?[ \t]*"
                             + relation)

    @cached_property
    def boundary_labels(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("boundary_labels", ()))

    @cached_property
    def title_pattern(self) -> regex.Pattern:
        titles = sorted(self.spec.options.get("titles", []), key=len, reverse=True)
        return regex.compile("|".join(map(regex.escape, titles)))

    @cached_property
    def scores(self) -> dict[str, float]:
        levels = self.spec.options.get("scores", {})
        return {k: self.definitions.score(levels.get(k, d)) for k, d in
                (("label", "high"), ("title", "medium"), ("known", "medium"), ("beside_phone", "medium"))}

    def __init__(self, spec, definitions):
        super().__init__(spec, definitions)
        self.known: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None

    # -- names the export reveals -------------------------------------------------------------
    def name_candidates(self, value: str) -> list[str]:
        """Names in one remark / nickname / header: 王女士-水光针 -> [王女士]; 李先生代购 -> [李先生]."""
        out = []
        titles = self.title_pattern
        if _ACCOUNT_ID.search(value.strip()):
            return out
        for piece in _REMARK_SPLIT.split(value.strip()):
            if not piece:
                continue
            if _HAN.search(piece):
                if not all(_HAN.match(c) for c in piece):
                    continue  # mixed scripts: rarely how a name is written
                title = titles.search(piece)
                if title and title.start() > 0:
                    piece = piece[:title.end()]  # 李先生代购 -> 李先生
                if not 2 <= len(piece) <= 4 or not self._looks_like_name(piece):
                    continue
            elif not (piece.isascii() and piece.isalpha() and 3 <= len(piece) <= 20 and piece[0].isupper()):
                continue  # a Latin name is written capitalised (LiLi, Qian); lowercase pieces are words
            if piece.lower() in self.generic or piece in titles.pattern.split("|"):
                continue
            out.append(piece)
        return out

    def _looks_like_name(self, piece: str) -> bool:
        """王女士, 赵赵, 欧阳娜娜, 小王, 老张: a surname first (after 小/老/阿) or a title last.
        水光针 (a treatment tag in a remark) is not a name."""
        single, double = self.surnames
        head = piece[1:] if piece[0] in "小老阿" else piece
        return head[:1] in single or head[:2] in double or bool(self.title_pattern.fullmatch(piece[-2:]) or
                                                                 self.title_pattern.fullmatch(piece[-1:]))

    def add_known_names(self, values: Iterable[str], replace: bool = False) -> int:
        added = False
        if replace and self.known:
            self.known, self._automaton = set(), None
        for value in values:
            for name in self.name_candidates(value or ""):
                if name not in self.known:
                    self.known.add(name)
                    added = True
        if added:
            automaton = ahocorasick.Automaton()
            for name in self.known:
                automaton.add_word(name.lower(), name)
            automaton.make_automaton()
            self._automaton = automaton
        return len(self.known)

    # -- analysis ---------------------------------------------------------------------------
    def analyze_texts(self, texts: list[str]) -> list[list]:
        """Batch path (engine/batch.py): the name model decodes all texts at once."""
        if len(texts) > 1:
            self.prime(texts)
        return [self.analyze_one(text) for text in texts]

    def analyze_one(self, text: str) -> list:
        spans: list[tuple[int, int, float]] = []
        # the label, title and greeting rules each start from their own words: one search for any of
        # them spares most lines all three (same calls in the same order where it finds one)
        worded = self._rule_words.search(text) is not None
        if worded:
            spans += self._after_labels(text)
            spans += self._before_titles(text)
        spans += self._beside_phone(text)
        spans += self._known(text)
        if worded:
            spans += self._line_start(text)
        spans += self.model_spans(text)  # last: on equal spans the rules' score wins
        if not spans:
            return []
        return [self.result(s, e, score, "person") for s, e, score in _longest(spans)]

    @cached_property
    def _rule_words(self) -> re.Pattern:
        """Any label, title or greeting word: the gates of _after_labels, _before_titles and _line_start."""
        words = sorted({*self.spec.options.get("labels", []), *self.spec.options.get("titles", []),
                        *(self.spec.options.get("greeting_after") or ())}, key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words)) if words else r"(?!)")

    @cached_property
    def not_name_start(self) -> tuple[str, ...]:
        return tuple(self.spec.options.get("not_name_start", []))

    def _name_at(self, text: str, start: int, max_given: int = 2, limit: int | None = None) -> int | None:
        """End of a surname + given name starting at `start` (not beyond `limit`), or None."""
        single, double = self.surnames
        if text[start:start + 2] in double:
            pos = start + 2
        elif start < len(text) and text[start] in single:
            pos = start + 1
        else:
            return None
        given = 0
        stop_at = len(text) if limit is None else limit
        while given < max_given and pos < stop_at and _HAN.match(text[pos]) and text[pos] not in self.stop:
            pos += 1
            given += 1
        return pos if given else None

    @cached_property
    def _gates(self) -> tuple[re.Pattern, re.Pattern]:
        """(any label, any title) as the standard library's re alternations: a search with re costs a
        fraction of one with regex, and most lines hold neither, so the rules' own patterns run less."""
        def words(key: str) -> re.Pattern:
            values = sorted(self.spec.options.get(key, []), key=len, reverse=True)
            return re.compile("|".join(map(re.escape, values)) if values else r"(?!)")
        return words("labels"), words("titles")

    def _after_labels(self, text: str) -> list[tuple[int, int, float]]:
        out = []
        if not self._gates[0].search(text):
            return out
        single, double = self.surnames
        for m in self.label_pattern.finditer(text):
            end = self._name_at(text, m.end())
            if end is None:
                continue
            surname_end = m.end() + (2 if text[m.end():m.end() + 2] in double else 1)
            for p in range(surname_end, end):
                title = self.title_pattern.match(text, p)
                if title:  # @潘姐介绍 -> 潘姐; 收件人王小美女士 -> 王小美
                    end = title.end() if p == surname_end else p
                    break
            if m.group("label") in self.boundary_labels and m.end() == m.end("label") and end < len(text) \
                    and _HAN.match(text[end]) and text[end] not in self.stop and not self.title_pattern.match(text, end):
                continue  # 患者应少吃盐: the name must end where the word ends
            if text[m.end():end].lower() not in self.generic:
                out.append((m.end(), end, self.scores["label"]))
        return out

    def _before_titles(self, text: str) -> list[tuple[int, int, float]]:
        out = []
        if not self._gates[1].search(text):
            return out
        single, double = self.surnames
        not_after = tuple(self.spec.options.get("not_after_title", ()))
        for m in self.title_pattern.finditer(text):
            t = m.start()
            if not_after and text.startswith(not_after, m.end()):
                continue  # 女士手表, 男士专用: a product, not a person
            found = None
            weak = m.group() in self.weak_titles
            # full name: surname + 1-2 given characters right before the title
            for length in (() if weak else (4, 3, 2)):
                start = t - length
                if length == 2 and start > 0 and text[t - 1] in single and _HAN.match(text[start - 1]):
                    continue  # 班主任王老师: 王老师, not 任王
                if start >= 0 and self._name_at(text, start, limit=t) == t and not self._inside_word(text, start) \
                        and not text.startswith(self.not_name_start, start) \
                        and text[start:t] not in self.not_before_title and text[start:t].lower() not in self.generic:
                    found = (start, t)
                    break
            if found is None:
                for length in (2, 1):  # bare surname + title: 王女士, 欧阳先生
                    start = t - length
                    surname = text[start:t] if start >= 0 else ""
                    if (surname in double or (length == 1 and surname in single and surname not in self.title_unsafe)) \
                            and not self._inside_word(text, start) and not (
                                weak and start > 0 and _HAN.match(text[start - 1])
                                and text[start - 1] not in self.weak_title_after):
                        found = (start, m.end())
                        break
            if found:
                out.append((*found, self.scores["title"]))
        return out

    @cached_property
    def not_names(self) -> frozenset[str]:
        file = self.spec.options.get("not_names_file")
        return frozenset(data_lines(file, self.spec.base_dir)) if file else frozenset()

    def _standalone_name(self, text: str, start: int, end: int) -> bool:
        """text[start:end] is a whole token (no Han on either side) that is exactly a name."""
        if not 2 <= end - start <= 4 or (start > 0 and _HAN.match(text[start - 1])) or \
                (end < len(text) and _HAN.match(text[end])):
            return False
        token = text[start:end]
        return self._name_at(text, start, limit=end) == end and token.lower() not in self.generic \
            and token not in self.not_names and not self.place_suffix_end(token)

    def place_suffix_end(self, token: str) -> bool:
        return token.endswith(tuple(self.spec.options.get("not_name_endings", ())))

    def _inside_word(self, text: str, start: int) -> bool:
        """谢谢老师 is thanks, not 谢老师: the character before the surname forms a word with it."""
        return start > 0 and text[start - 1:start + 1] in self.not_before_title

    def _known(self, text: str) -> list[tuple[int, int, float]]:
        if self._automaton is None:
            return []
        lowered = lower_keeping_offsets(text)
        out = []
        for end_index, name in self._automaton.iter(lowered):
            start, end = end_index - len(name) + 1, end_index + 1
            if name.isascii() and (_latin(lowered, start - 1) or _latin(lowered, end)):
                continue
            out.append((start, end, self.scores["known"]))
        return out
