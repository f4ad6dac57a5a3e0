"""Two PERSON rules that start from something other than a label or title (engine/person.py):
a name pasted beside a phone, ID or card number (王小美，13812345678，XX路88号), and a name opening
a line and greeted (李强你好). A mixin of PersonRecognizer: it uses the recognizer's name tests."""

from __future__ import annotations

import re
from functools import cached_property

import regex

_HAN = regex.compile(r"\p{Han}")


class NumberAndGreetingRules:
    _PHONE = regex.compile(r"(?<![0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![0-9])")
    _SEP = regex.compile(r"[ \t\r\n,，;；:：/|、]+")

    # A resident ID or bank card number: a name pasted beside one needs no address part.
    _ID_OR_CARD = regex.compile(r"(?<![0-9])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[0-9Xx]|\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)"
                                r"(?![0-9A-Za-z])")

    _ELEVEN_DIGITS = re.compile(r"\d(?:[ -]?\d){10}")  # in _PHONE (11) and _ID_OR_CARD (16, 18)

    def _beside_phone(self, text: str) -> list[tuple[int, int, float]]:
        if not self._ELEVEN_DIGITS.search(text):
            return []  # every number below holds 11 digits or more, at most one space or dash apart
        from handover_scan.checks import VALIDATORS

        # beside an ID or card number only three or more characters: two-character words beside a
        # card are as often a bank or an amount (平安, 华夏, 金额, 余额) as a name
        numbers = [(m, 3) for m in self._ID_OR_CARD.finditer(text)
                   if VALIDATORS["cn_resident_id"](m.group()) or VALIDATORS["bank_card"](m.group())]
        need = self.beside_phone_needs
        if need is not None and need.search(text):
            numbers += [(m, 2) for m in self._PHONE.finditer(text)]
        out = []
        for m, shortest in numbers:
            before = self._SEP.search(text, max(0, m.start() - 3), m.start())
            if before and before.end() == m.start():
                end = before.start()
                start = end
                while start > 0 and _HAN.match(text[start - 1]) and end - start < 5:
                    start -= 1
                if end - start >= shortest and self._standalone_name(text, start, end):
                    out.append((start, end, self.scores["beside_phone"]))
            after = self._SEP.match(text, m.end())
            if after:
                start = end = after.end()
                while end < len(text) and _HAN.match(text[end]) and end - start < 5:
                    end += 1
                if end - start >= shortest and self._standalone_name(text, start, end):
                    out.append((start, end, self.scores["beside_phone"]))
        return out

    _LINE_START = regex.compile(r"(?m)^[ \t]*")

    @cached_property
    def greeting_after(self) -> regex.Pattern | None:
        words = self.spec.options.get("greeting_after")
        return regex.compile("[ \t,，]?(?:" + "|".join(map(regex.escape, words)) + ")") if words else None

    @cached_property
    def greeting_anywhere(self) -> regex.Pattern:
        return re.compile("|".join(map(re.escape, self.spec.options.get("greeting_after") or ())))

    def _line_start(self, text: str) -> list[tuple[int, int, float]]:
        """A name opening a line and greeted: 李强你好, 王芳，早上好."""
        out = []
        if self.greeting_after is None or not self.greeting_anywhere.search(text):
            return out  # a greeting must follow the name: no greeting word, no line to look at
        for m in self._LINE_START.finditer(text):
            start = m.end()
            end = self._name_at(text, start)
            if end is None:
                continue
            token = text[start:end]
            if token.lower() in self.generic or token in self.not_names or self.place_suffix_end(token) \
                    or token[0] in self.title_unsafe or token.startswith(self.not_name_start):
                continue  # 文明你好, 和平：
            # (a token before a colon is not used: 高血压：, 程序员：, 毛重量： open lines as often as names do)
            if self.greeting_after is not None and self.greeting_after.match(text, end) is not None:
                out.append((start, end, self.scores["beside_phone"]))
        return out

    @cached_property
    def beside_phone_needs(self) -> regex.Pattern | None:
        """What else a message must hold for a token beside a phone to be a name (an address part)."""
        option = self.spec.options.get("beside_phone")
        return regex.compile(option) if isinstance(option, str) else None
