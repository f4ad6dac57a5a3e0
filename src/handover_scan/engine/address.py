"""ADDRESS: anchored on a house / building / unit / room / group number, grown both ways.

Chinese addresses have no fixed shape, but nearly every residential or delivery address
has a numbered part (88号, 3栋, 2单元, 301室, 3组). From each such unit the recognizer
  * grows right over more units (3栋2单元301室), a bare room number after a building
    (26号楼2504), and named places followed by a unit (…88号 阳光花园 5栋);
  * grows left over the place name before it (幸福路, 张家村, 阳光花园), stopping at the
    characters that end talk before an address (寄到 / 住在 / 地址是: `name_stop_chars`),
    then over province / city / district names (data/cn_admin_divisions.txt), also when a
    stop character is part of one (和平区).
Without a number, divisions ending in a district or county followed by a place are an
address: medium when the place is a street, village or estate (浙江省杭州市西湖区文三路,
朝阳区望京街道), low when it is not and at least two divisions lead (浙江省杭州市西湖区望京SOHO
needs a context word like 寄到).
A road and house number alone is low unless it is the whole message (then medium).
A match needs a place word (`place_suffixes`: 路, 街, 村, 小区 ...) or two units of which one
is a unit/room. Score: low; one rung up with an administrative prefix or a unit/room detail;
the context enhancer adds or takes one more (地址, 寄到 / 本店, 门店).
"""

from __future__ import annotations

from functools import cached_property

import regex

from handover_scan.engine.recognizers import SpecRecognizer
from handover_scan.resources import data_lines

_HAN_OR_LETTER = regex.compile(r"[\p{Han}A-Za-z]")
_PUNCT = " \t\r\n,.;:!?，。；：！？、~～"


class AddressRecognizer(SpecRecognizer):
    @cached_property
    def unit(self) -> regex.Pattern:
        # never start inside a digit run: \d+ backtracking over long digit strings is quadratic
        return regex.compile(r"(?<![0-9])[ ]?(?:" + self.spec.options["unit"] + ")")

    @cached_property
    def room(self) -> regex.Pattern:
        return regex.compile(r"[ -]?\d{2,5}(?![0-9])")

    @cached_property
    def room_after(self) -> tuple[str, ...]:
        return tuple(self.spec.options.get("room_after", ()))

    @cached_property
    def detail(self) -> regex.Pattern:
        return regex.compile(self.spec.options.get("unit_detail", r"\d+(?:单元|室)|\d+(?:栋|幢|号楼)"))

    @cached_property
    def place_suffixes(self) -> regex.Pattern:
        words = sorted(self.spec.options.get("place_suffixes", []), key=len, reverse=True)
        return regex.compile("|".join(map(regex.escape, words)))

    @cached_property
    def divisions(self) -> tuple[frozenset[str], int]:
        names = frozenset(data_lines(self.spec.options["admin_divisions"], self.spec.base_dir))
        return names, max(map(len, names), default=0)

    @cached_property
    def stop_chars(self) -> frozenset[str]:
        return frozenset(self.spec.options.get("name_stop_chars", ""))

    @cached_property
    def max_name(self) -> int:
        return int(self.spec.options.get("max_name_length", 14))

    @cached_property
    def low(self) -> float:
        return self.definitions.score(self.spec.options.get("score", "low"))

    @cached_property
    def cue_finder(self):
        from handover_scan.engine.address_cue import CueAddressFinder

        o = self.spec.options
        return CueAddressFinder(o.get("cues", []), o.get("cue_trailing", []), o.get("cue_places", []),
                                self.divisions[0])

    def analyze(self, text, entities, nlp_artifacts=None):
        results = self._analyze_structure(text)
        cued = self.cue_finder.spans_prefixed(text)
        if not cued:
            return results
        # an address after a cue is one span: it absorbs the structured matches it overlaps. Like
        # those, it is low, one rung up when it starts with a division; the cue word itself is
        # context for the enhancer (one more rung).
        kept = []
        for s, e, prefixed in cued:
            inside = [r for r in results if r.start < e and s < r.end]
            score = max([self.ladder.step(self.low, +1) if prefixed else self.low, *(r.score for r in inside)])
            s, e = min([s, *(r.start for r in inside)]), max([e, *(r.end for r in inside)])
            kept.append(self.result(s, e, score, "address_after_cue"))
        return kept + [r for r in results if not any(r.start < e and s < r.end for s, e, _ in cued)]

    def _analyze_structure(self, text: str) -> list:
        results = []
        consumed = 0
        for m in self.unit.finditer(text):
            if m.start() < consumed:
                continue
            start = self._left(text, m.start())
            end, units = self._right(text, m)
            consumed = end
            name = text[start:m.start()]
            has_place = bool(self.place_suffixes.search(text, start, end))
            has_detail = bool(self.detail.search(text, start, end))
            if not has_place and not (has_detail and units >= 2):
                continue
            if not name and units < 2:
                continue
            start, prefixed = self._extend_over_divisions(text, start)
            if not prefixed and not self._starts_with_division(text, start, end):
                start = self._skip_to_division(text, start, m.start())  # 家桐乡市… -> 桐乡市…
            prefixed = prefixed or self._starts_with_division(text, start, end)
            if end - start < 4:
                continue
            # a message or field that is nothing but the address (幸福路88号) is sent as an address
            standalone = not text[:start].strip(_PUNCT) and not text[end:].strip(_PUNCT)
            score = self.ladder.step(self.low, +1) if prefixed or has_detail or standalone else self.low
            results.append(self.result(start, end, score, "address"))
        if self.spec.options.get("division_chains", True):
            results += self._division_chains(text, [(r.start, r.end) for r in results])
        return results

    _CHAIN_HINT = regex.compile(r"[省市区县旗]")
    _TAIL = regex.compile(r"[\p{Han}A-Za-z0-9()（）#-]{2,16}")

    def _division_chains(self, text: str, taken: list[tuple[int, int]]) -> list:
        if not self._CHAIN_HINT.search(text):
            return []
        names, longest = self.divisions
        out = []
        pos = 0
        while pos < len(text) - 3:
            chain_end, parts = pos, 0
            while True:
                for length in range(min(longest, len(text) - chain_end), 1, -1):
                    if text[chain_end:chain_end + length] in names:
                        chain_end += length
                        parts += 1
                        break
                else:
                    break
            if parts >= 1 and text[chain_end - 1] in "区县旗" and not any(s <= pos < e for s, e in taken):
                tail = self._TAIL.match(text, chain_end)
                placed = bool(tail) and bool(self.place_suffixes.search(tail.group()))
                if tail and not any(c in self.stop_chars for c in tail.group()) and (parts >= 2 or placed):
                    # a street, village or estate after the divisions validates; 西湖区工作 does not
                    score = self.ladder.step(self.low, +1) if placed else self.low
                    out.append(self.result(pos, tail.end(), score, "division_chain"))
                    pos = tail.end()
                    continue
            pos = chain_end if parts else pos + 1
        return out

    _PHASE = "期区"
    _BARE_ROOM = regex.compile(r"\d{3,5}(?![0-9.年元月日号个件块%])")

    def _left(self, text: str, pos: int) -> int:
        """Start of the place name before a unit: back over letters and Han, to a stop character."""
        start = pos
        limit = max(0, pos - self.max_name * 3)
        while start > limit:
            if _HAN_OR_LETTER.match(text[start - 1]):
                start -= 1
            elif text[start - 1].isdigit() and start < pos and text[start] in self._PHASE and \
                    start - 1 > limit and not text[start - 2].isdigit():
                start -= 1  # the phase of an estate is part of its name: 龙湖天街2期
            else:
                break
        cut = start
        for i in range(pos - 1, start - 1, -1):
            if text[i] in self.stop_chars:
                cut = i + 1
                break
        return self._repair_cut(text, cut, start)

    def _repair_cut(self, text: str, cut: int, floor: int) -> int:
        """A stop character that belongs to a division name (和平区) is not a stop."""
        names, longest = self.divisions
        for back in range(1, 3):
            s = cut - back
            if s < floor:
                break
            for length in range(back + 1, longest + 1):
                if text[s:s + length] in names:
                    return s
        return cut

    def _right(self, text: str, m: regex.Match) -> tuple[int, int]:
        end, units, last = m.end(), 1, m.group()
        while end < len(text):
            nxt = self.unit.match(text, end)
            if nxt:
                end, units, last = nxt.end(), units + 1, nxt.group()
                continue
            if last.endswith(self.room_after):
                room = self.room.match(text, end)
                if room:
                    end, last = room.end(), room.group()
                    continue
            run = end
            while run < len(text) and run - end < self.max_name and _HAN_OR_LETTER.match(text[run]) \
                    and text[run] not in self.stop_chars and not (run > end and self.unit.match(text, run)):
                run += 1
            nxt = self.unit.match(text, run) if run > end else None
            if nxt and self.place_suffixes.search(text, end, run):
                end, units, last = nxt.end(), units + 1, nxt.group()
                continue
            room = self._BARE_ROOM.match(text, run) if run > end else None
            if room and self.place_suffixes.search(text, end, run):
                end, last = room.end(), room.group()  # …233号中信广场4501: a room in the building named
                continue
            break
        return end, units

    def _extend_over_divisions(self, text: str, start: int) -> tuple[int, bool]:
        names, longest = self.divisions
        extended = False
        while True:
            for length in range(min(longest, start), 1, -1):
                if text[start - length:start] in names:
                    start -= length
                    extended = True
                    break
            else:
                return start, extended

    def _skip_to_division(self, text: str, start: int, limit: int) -> int:
        """Talk glued before a division name (我家桐乡市…, 快递放和平区…) is not part of the address:
        start at the first division inside the name."""
        names, longest = self.divisions
        for k in range(1, limit - start - 1):
            if k <= 2 and self._starts_with_division(text, start + k, limit):
                return start + k
            if any(text[start + k:start + k + n] in names and text[start + k + n - 1] in "省市区县旗州盟"
                   for n in range(3, min(longest, limit - start - k) + 1)):
                return start + k  # a full division name further in: 快递放和平区…
        return start

    def _starts_with_division(self, text: str, start: int, end: int) -> bool:
        names, longest = self.divisions
        return any(text[start:start + n] in names for n in range(2, min(longest, end - start) + 1))
