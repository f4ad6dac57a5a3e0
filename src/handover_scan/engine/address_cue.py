"""ADDRESS after a cue: 我住 / 地址 / 寄到 / 送到 / 定位 ... followed by the whole address.

People paste delivery addresses whose numbered part is missing or comes last
(宁波慈溪人民医院设备科维修组, 金华义乌长春二区52-10-1054). After a cue word the address runs
from the cue to the end of the clause (punctuation, a line break or a space), less trailing
talk (就行, 吧, 谢谢, 门卫 ...). It counts when it starts with a province / city / district name
(data/cn_admin_divisions.txt) or names a place with a number (中山北路105号). Words and limits come
from address.yaml (`cues`, `cue_trailing`, `cue_places`).

>>> from handover_scan.engine.address_cue import CueAddressFinder
>>> f = CueAddressFinder(["寄到", "地址"], ["就行"], ["路", "医院"], frozenset({"宁波", "慈溪"}))
>>> [("寄到宁波慈溪人民医院设备科维修组就行"[s:e]) for s, e in f.spans("寄到宁波慈溪人民医院设备科维修组就行")]
['宁波慈溪人民医院设备科维修组']
>>> f.spans("地址发我一下")
[]
"""

from __future__ import annotations

import regex

_SKIP = regex.compile(r"[ \t]*(?:是|为|在|改为|改成)?[ \t]*[:：]?[ \t]*")
# The address ends at punctuation, an emoji or a sticker code ([玫瑰]), or a space not inside a
# room number (幸福路 88号 is one address, 7期 电话发你 is not).
_END = regex.compile(r"[^\p{Han}A-Za-z0-9\-#()（）·/ 　]|[ 　](?![0-9A-Za-z\-]{1,8}(?:[ 　]|$|号|室|栋|幢|单元))|$")
_COLON = regex.compile(r"[:：]")
_DIGIT = regex.compile(r"[0-9一二三四五六七八九十]")
MAX_LENGTH = 60


class CueAddressFinder:
    def __init__(self, cues: list[str], trailing: list[str], places: list[str], divisions: frozenset[str]):
        self.cue = regex.compile("|".join(map(regex.escape, sorted(cues, key=len, reverse=True)))) if cues else None
        self.trailing = regex.compile("(?:" + "|".join(map(regex.escape, sorted(trailing, key=len, reverse=True)))
                                      + ")+$") if trailing else None
        self.places = regex.compile("|".join(map(regex.escape, sorted(places, key=len, reverse=True)))) if places else None
        self.divisions = divisions
        self.longest = max(map(len, divisions), default=0)

    def spans(self, text: str) -> list[tuple[int, int]]:
        return [(s, e) for s, e, _ in self.spans_prefixed(text)]

    def spans_prefixed(self, text: str) -> list[tuple[int, int, bool]]:
        """(start, end, starts with a division) per address after a cue."""
        if self.cue is None:
            return []
        out: list[tuple[int, int, bool]] = []
        for m in self.cue.finditer(text):
            if out and m.start() < out[-1][1]:
                continue
            start = _SKIP.match(text, m.end()).end()
            # 地址改一下：苏州… -> the address starts after a colon close behind the cue
            colon = _COLON.search(text, start, min(len(text), start + 8))
            if colon and not self._division_at(text, start):
                start = _SKIP.match(text, colon.end()).end()
            end = _END.search(text, start).start()
            end = min(end, start + MAX_LENGTH)
            if self.trailing is not None:
                trail = self.trailing.search(text, start, end)
                if trail:
                    end = trail.start()
            if end - start >= 4 and self._is_address(text, start, end):
                out.append((start, end, self._division_at(text, start)))
        return out

    def _division_at(self, text: str, start: int) -> bool:
        return any(text[start:start + n] in self.divisions for n in range(2, self.longest + 1))

    def _is_address(self, text: str, start: int, end: int) -> bool:
        """Divisions then a place (杭州市文三路, 宁波慈溪人民医院), or a place with a number (中山北路105号).
        Divisions followed by talk (杭州出差) are not an address."""
        pos = start
        while True:
            n = next((n for n in range(min(self.longest, end - pos), 1, -1) if text[pos:pos + n] in self.divisions), 0)
            if not n:
                break
            pos += n
        rest = text[pos:end]
        placed = bool(self.places and self.places.search(rest))
        if pos > start:
            return placed or bool(_DIGIT.search(rest))
        return placed and bool(_DIGIT.search(rest))
