"""The cascade's first stage: which recognizers could fire on a text, decided in one cheap pass.

Every recognizer states in its YAML what a text must hold before it can find anything
(`requires`). One Aho-Corasick automaton holds every word those conditions name (term lists,
context words of context-required recognizers, labels and titles, names the export
revealed), and one compiled pattern is the union of every regex condition (digit runs,
`@`, `[`); a text that matches neither reaches no pattern test at all. The result is a
bitmask over the recognizers; 0 means the text never reaches Presidio.

`requires` in a recognizer YAML:

    requires: '[0-9]'                 # a regex the text must match (the recognizer checks it too)
    requires:
      pattern: '[0-9]'                # as above (a list: every one must match)
      any: ['\\d{4}', '\\p{Han}{titles}'] # and at least one of these regexes ({key}: the words under that
                                      # key of the same YAML, as an alternation) or words must be found:
      words: [疼, 痛]                 #   words, searched case-insensitively
      words_from: [labels, titles]    #   the words under these keys of the same YAML
      known_names: true               #   names registered from the export (PERSON)

Implicit conditions: a TermListRecognizer needs one of its terms (not the `exclude` ones);
`context_required` needs one of the recognizer's context words or a field named in
`field_context`; `field_required` needs such a field. Words are compared case-folded (casefold, not
lower: the recognizers' IGNORECASE searches match ſ to s, which lower() keeps apart), a superset of
both the recognizers' lower() automata and their IGNORECASE patterns; the automaton reads them as UTF-8
bytes (as_bytes). Conditions are necessary, never sufficient: the recognizer decides. tests/test_cascade.py checks, against the full pipeline,
that no condition is stricter than its recognizer.

>>> from handover_scan.engine.analyzer import Analyzer
>>> a = Analyzer()
>>> a.prefilter.names(a.prefilter.candidates("好的，谢谢", ""))  # running Chinese: the name model reads it
['CnPersonRecognizer']
>>> a.prefilter.names(a.prefilter.candidates("okk 123", ""))
[]
>>> "CnPhoneRecognizer" in a.prefilter.names(a.prefilter.candidates("电话13812345678", ""))
True
"""

from __future__ import annotations

import re
from typing import Iterable

import ahocorasick
import regex

from handover_scan.engine.context import field_matches
from handover_scan.engine.prefilter_patterns import as_bytes, compile_condition, merge_any, needs_digit, one_character
from handover_scan.resources import data_lines


def _as_list(value) -> list:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


_DIGIT_RUN = regex.compile(r"\\d\{(\d+)\}")
_DIGITS = re.compile(r"\d+")


_OPTION = re.compile(r"\{([a-z_]+)\}")
_ANY_DIGIT = re.compile(r"\d")


def _fill(pattern: str, options: dict) -> str:
    """`{titles}` in a pattern: the words under that key of the same YAML, as an alternation."""

    def words(m: re.Match) -> str:
        value = options.get(m.group(1))
        if not isinstance(value, (list, tuple)):
            return m.group()
        return "(?:" + "|".join(re.escape(w) for w in sorted(value, key=len, reverse=True)) + ")"

    return _OPTION.sub(words, pattern)


class Condition:
    """One recognizer's necessary conditions, read from its spec (see the module docstring)."""

    def __init__(self, recognizer):
        spec = getattr(recognizer, "spec", None)
        self.name = recognizer.name
        self.all_patterns: list[str] = []
        self.any_patterns: list[str] = []
        self.words: set[str] = set()
        self.known_names = False
        self.has_any = False
        self.context_words: set[str] = set()
        self.context_required = False
        self.field_context: tuple[str, ...] = ()
        self.field_required = False
        if spec is None:
            return  # not one of ours: always a candidate
        requires = spec.options.get("requires")
        if isinstance(requires, dict):
            self.all_patterns = _as_list(requires.get("pattern"))
            self.any_patterns = [_fill(p, spec.options) for p in _as_list(requires.get("any"))]
            self.words = {w.casefold() for w in _as_list(requires.get("words"))}
            for key in _as_list(requires.get("words_from")):
                value = spec.options.get(key) or ()
                self.words.update(w.casefold() for w in (value if isinstance(value, (list, tuple)) else [value]))
            self.known_names = bool(requires.get("known_names"))
        elif requires:
            self.all_patterns = [requires]
        if spec.kind == "TermListRecognizer":
            for entry in spec.options.get("terms", []):
                if not entry.get("exclude"):
                    self.words.update(t.casefold() for t in data_lines(entry["file"], spec.base_dir))
        self.has_any = bool(self.any_patterns or self.words or self.known_names)
        self.field_context = tuple(spec.field_context)
        self.field_required = bool(spec.options.get("field_required"))
        self.context_required = bool(spec.context_required)
        if self.context_required:
            self.context_words = {w.casefold() for w in spec.context}


class Prefilter:
    """Bitmask of the recognizers (in registry order) that could fire on a folded text."""

    def __init__(self, recognizers: Iterable):
        self.recognizers = list(recognizers)
        self.conditions = [Condition(r) for r in self.recognizers]
        n = len(self.conditions)
        self.full = (1 << n) - 1
        self.has_any = self.needs_context = self.field_required = 0
        patterns: dict[str, list[int]] = {}  # regex -> [all-mask, any-mask]
        for i, c in enumerate(self.conditions):
            bit = 1 << i
            self.has_any |= bit if c.has_any else 0
            self.needs_context |= bit if c.context_required else 0
            self.field_required |= bit if c.field_required else 0
            for p in c.all_patterns:
                patterns.setdefault(p, [0, 0])[0] |= bit
            for p in c.any_patterns:
                patterns.setdefault(p, [0, 0])[1] |= bit
        # `\d{n}` conditions are one question, the longest digit run, asked once per text
        self.runs: list[tuple[int, int]] = []  # (n, any-mask)
        for p in list(patterns):
            run = _DIGIT_RUN.fullmatch(p)
            if run and not patterns[p][0]:
                self.runs.append((int(run.group(1)), patterns.pop(p)[1]))
        self.runs.sort(reverse=True)
        compiled = [(compile_condition(p), masks[0], masks[1]) for p, masks in patterns.items()]
        self.all_mask = 0
        for _, all_bits, _ in compiled:
            self.all_mask |= all_bits
        # one-character conditions ([0-9], @, \[, [A-Za-z], [区县旗]) are answered together: one findall of
        # their union gives the characters present, and each character's answers are kept (_char_sat)
        self.singles = [item for item in compiled if one_character(item[0])]
        self.singles_union = re.compile("|".join(f"(?:{p.pattern})" for p, _, _ in self.singles)) \
            if self.singles else None
        self._char_sat: dict[str, int] = {}
        self._single_outcome: dict[int, tuple[int, int]] = {}
        self._plans: dict[tuple[bool, int, int], list[tuple]] = {}
        # conditions that only pattern-less recognizers' `all` lists hold go first: failing one skips the rest
        self.patterns = sorted(merge_any((item for item in compiled if not one_character(item[0]))),
                               key=lambda item: not item[1])
        # a text without a digit: the patterns that need one fail unasked (the same mask, fewer searches)
        self.without_digit = [p for p in self.patterns if not needs_digit(p[0])]
        self.digit_all_mask = 0
        for p in self.patterns:
            if needs_digit(p[0]):
                self.digit_all_mask |= p[1]
        # the one pattern: a text it does not match fails every pattern condition at once. Han conditions
        # first: most chat lines are Chinese, and the search then stops at the first two characters
        alternatives = sorted([*patterns, *(r"\d" for _ in self.runs[:1])], key=lambda p: r"\p{Han}" not in p)
        self.union = compile_condition("|".join(f"(?:{p})" for p in alternatives)) if alternatives else None
        self._fields: dict[str, tuple[int, int]] = {}
        self.known: set[str] = set()
        self._build()

    def _build(self) -> None:
        n = len(self.conditions)
        words: dict[str, int] = {}
        for i, c in enumerate(self.conditions):
            for w in c.words | (self.known if c.known_names else set()):
                if w and "\x00" not in w:
                    words[w] = words.get(w, 0) | (1 << i)
            for w in c.context_words:
                if w:
                    words[w] = words.get(w, 0) | (1 << (n + i))
        automaton = ahocorasick.Automaton()
        for word, mask in words.items():
            automaton.add_word(as_bytes(word), mask)
        if words:
            automaton.make_automaton()
        self.automaton = automaton if words else None

    def add_names(self, names: Iterable[str], replace: bool = False) -> None:
        """Names the PERSON recognizer registered (already its candidates, in any case)."""
        names = {n.casefold() for n in names if n}
        if replace:
            self.known = set()
        if not names <= self.known or replace:
            self.known |= names
            self._build()

    def _field_masks(self, field: str) -> tuple[int, int]:
        """(field-required recognizers this field allows, context-required ones it counts as context for)."""
        masks = self._fields.get(field)
        if masks is None:
            fields = (field.lower(),) if field else ()
            allowed = context = 0
            for i, c in enumerate(self.conditions):
                if c.field_context and field_matches(fields, c.field_context):
                    allowed |= 1 << i if c.field_required else 0
                    context |= 1 << i
            if len(self._fields) > 4096:
                self._fields.clear()
            masks = self._fields[field] = (allowed, context)
        return masks

    def candidates(self, folded: str, field: str = "") -> int:
        """Bitmask of recognizers that could fire on `folded` (the analyzer's folded text) in `field`."""
        hits = 0
        if self.automaton is not None:
            for _, mask in self.automaton.iter(as_bytes(folded.casefold())):
                hits |= mask
        return self._decide(folded, field, hits)

    def _decide(self, folded: str, field: str, hits: int) -> int:
        n = len(self.conditions)
        failed_all = 0
        if self.union is not None and self.union.search(folded):
            if self.singles_union is not None:
                sat = 0
                char_sat = self._char_sat
                for ch in set(self.singles_union.findall(folded)):
                    bits = char_sat.get(ch)
                    if bits is None:
                        bits = self._sat(ch)
                    sat |= bits
                outcome = self._single_outcome.get(sat)
                if outcome is None:
                    outcome = self._outcome(sat)
                failed_all, single_hits = outcome
                hits |= single_hits
            digits = _ANY_DIGIT.search(folded) is not None
            if not digits:
                failed_all |= self.digit_all_mask
            key = (digits, failed_all, hits & self.full)
            plan = self._plans.get(key)
            if plan is None:
                plan = self._plan(*key)
            for pattern, all_bits, any_bits in plan:
                if all_bits & ~failed_all or any_bits & ~hits & ~failed_all:  # still a question worth asking
                    if pattern.search(folded):
                        hits |= any_bits
                    else:
                        failed_all |= all_bits
            if self.runs and digits:
                longest = max(map(len, _DIGITS.findall(folded)), default=0)
                for run, any_bits in self.runs:
                    if longest >= run:
                        hits |= any_bits
        else:
            failed_all = self.all_mask
        field_allowed, field_context = self._field_masks(field)
        context = (hits >> n) | field_context
        return self.full & ~failed_all & (hits | ~self.has_any) & (context | ~self.needs_context) \
            & (field_allowed | ~self.field_required)

    def _plan(self, digits: bool, failed_all: int, hits: int) -> list[tuple]:
        """The patterns still worth asking in this state (the rest cannot change the mask), in order."""
        plan = [(pattern, all_bits, any_bits) for pattern, all_bits, any_bits in
                (self.patterns if digits else self.without_digit)
                if all_bits & ~failed_all or any_bits & ~hits & ~failed_all]
        if len(self._plans) > 4096:
            self._plans.clear()
        self._plans[(digits, failed_all, hits)] = plan
        return plan

    def _sat(self, ch: str) -> int:
        """Which one-character conditions `ch` meets (bit j: self.singles[j])."""
        bits = sum(1 << j for j, (pattern, _, _) in enumerate(self.singles) if pattern.search(ch))
        if len(self._char_sat) > 65536:
            self._char_sat.clear()
        self._char_sat[ch] = bits
        return bits

    def _outcome(self, sat: int) -> tuple[int, int]:
        """(all-conditions failed, any-conditions met) when the one-character conditions in `sat` are met."""
        failed = hit = 0
        for j, (_, all_bits, any_bits) in enumerate(self.singles):
            if sat >> j & 1:
                hit |= any_bits
            else:
                failed |= all_bits
        self._single_outcome[sat] = (failed, hit)
        return failed, hit

    def names(self, mask: int) -> list[str]:
        return [c.name for i, c in enumerate(self.conditions) if mask >> i & 1]
