"""PERSON in a contact's own name fields: the personal name inside a remark, nickname, display name,
first/last name or vCard FN, and not the rest of the remark.

    王建国 江阴装修 -> 王建国       (江阴 is a place, 装修 a trade)
    李娜 水光针 老客户 -> 李娜      (水光针 has no surname; 老客户 is generic)
    王女士-水光针 -> 王女士;  李先生代购 -> 李先生 (a title ends the name)
    王建国江阴装修 -> 王建国       (a name glued to a place name)
    Ying Chen -> Ying Chen (a whole value of one or two capitalised Latin words)

Rules only (surname list, place names, titles, generic words); people.contact_names is the one place to
swap in a name model later. Field-only: the Analyzer runs it on the fields listed in its YAML.
"""

from __future__ import annotations

from functools import cached_property

import regex

from handover_scan.engine.recognizers import SpecRecognizer
from handover_scan.resources import data_lines

_PIECE = regex.compile(r"\p{Han}+|[A-Za-z]+")
_LATIN_NAME = regex.compile(r"^\s*([A-Z][a-z]{1,19})\s*$")  # first_name / last_name: one word


class ContactNameRecognizer(SpecRecognizer):
    field_ok: bool = False  # set per text by the Analyzer (field_required)

    def _list(self, key: str) -> frozenset[str]:
        file = self.spec.options.get(key)
        return frozenset(w for line in data_lines(file, self.spec.base_dir) for w in line.split()) if file \
            else frozenset()

    @cached_property
    def surnames(self) -> tuple[frozenset[str], frozenset[str]]:
        words = self._list("surnames")
        return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)

    @cached_property
    def places(self) -> frozenset[str]:
        return self._list("not_names_file")

    @cached_property
    def generic(self) -> frozenset[str]:
        return frozenset(w.lower() for w in self._list("generic_names"))

    @cached_property
    def titles(self) -> tuple[str, ...]:
        return tuple(sorted(self.spec.options.get("titles", ()), key=len, reverse=True))

    @cached_property
    def not_endings(self) -> tuple[str, ...]:
        return tuple(self.spec.options.get("not_name_endings", ()))

    def _surname(self, piece: str) -> int:
        single, double = self.surnames
        return 2 if piece[:2] in double else 1 if piece[:1] in single else 0

    def _place_at(self, piece: str, i: int) -> bool:
        return any(piece[i:i + n] in self.places for n in (2, 3, 4))

    def name_in(self, piece: str) -> int:
        """Length of the personal name that starts `piece` (a run of Han characters), 0 if none."""
        surname = self._surname(piece)
        if not surname or self._place_at(piece, 0) or piece.lower() in self.generic:
            return 0
        for title in self.titles:  # 王女士, 李先生代购: a title ends the name
            at = piece.find(title, surname)
            if at == surname or (at == surname + 1 and surname + 1 < 4):
                return at + len(title) if title not in piece[:surname] else 0
        if len(piece) <= surname + 2:
            n = len(piece)
        else:  # glued to what follows: only where a place name starts (王建国江阴装修)
            n = next((k for k in (surname + 2, surname + 1) if self._place_at(piece, k)), 0)
        if n < 2 or piece[:n].endswith(self.not_endings) or piece[:n] in self.places:
            return 0
        return n

    def analyze(self, text, entities, nlp_artifacts=None):
        if not self.field_ok or len(text) > 64:
            return []
        latin = _LATIN_NAME.match(text)
        if latin and latin.group(1).lower() not in self.generic:
            return [self.result(latin.start(1), latin.end(1), self.definitions.score("medium"), "latin_name")]
        results = []
        for match in _PIECE.finditer(text):
            if not regex.match(r"\p{Han}", match.group()):
                continue
            n = self.name_in(match.group())
            if n:
                results.append(self.result(match.start(), match.start() + n, self.definitions.score("medium"),
                                           "name_in_name_field"))
        return results
