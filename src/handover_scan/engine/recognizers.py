"""Presidio recognizers driven by the YAML specs: patterns and term lists (addresses: address.py,
names: person.py).

Each keeps its RecognizerSpec as `.spec`; the Chinese context enhancer reads the context
words from there. Scores leave here as low (pattern) or medium (validated); context moves
them afterwards.
"""

from __future__ import annotations

from functools import cached_property

import ahocorasick
import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult

from handover_scan.checks import VALIDATORS
from handover_scan.engine.definitions import Definitions, DefinitionError, RecognizerSpec
from handover_scan.engine.levels import ScoreLadder
from handover_scan.resources import data_lines

LANGUAGE = "zh"


class SpecRecognizer(LocalRecognizer):
    """Base: a Presidio LocalRecognizer built from a RecognizerSpec."""

    def __init__(self, spec: RecognizerSpec, definitions: Definitions):
        self.spec = spec
        self.definitions = definitions
        self.ladder = ScoreLadder.from_levels(definitions.levels)
        if spec.validator and spec.validator not in VALIDATORS:
            raise DefinitionError(f"{spec.path}: unknown validator {spec.validator!r}; known: {sorted(VALIDATORS)}")
        self.validator = VALIDATORS.get(spec.validator) if spec.validator else None
        super().__init__(supported_entities=[spec.entity], name=spec.name, supported_language=LANGUAGE,
                         context=list(spec.context))

    def load(self) -> None:  # everything is compiled in __init__ / on first use
        pass

    def result(self, start: int, end: int, score: float, pattern: str) -> RecognizerResult:
        return RecognizerResult(self.spec.entity, start, end, score, recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            "pattern": pattern,
        })

    def validated_score(self, value: str, score: float) -> float | None:
        """None drops the match; a validated match moves up one rung."""
        if self.validator is None:
            return score
        return self.ladder.step(score, +1) if self.validator(value) else None


class DataPatternRecognizer(SpecRecognizer):
    """Regex patterns from YAML, each match checked by the named validator."""

    @cached_property
    def patterns(self) -> list[tuple[str, regex.Pattern, float]]:
        compiled = []
        for p in self.spec.patterns:
            try:
                compiled.append((p.name, regex.compile(p.regex), self.definitions.score(p.score)))
            except regex.error as exc:
                raise DefinitionError(f"{self.spec.path}: pattern {p.name}: {exc}") from None
        return compiled

    @cached_property
    def requires(self) -> list[regex.Pattern]:
        """`requires:` in the YAML (its `pattern` part): cheap searches that must all succeed before the
        patterns run. The rest of `requires` is the prefilter's (engine/prefilter.py)."""
        option = self.spec.options.get("requires")
        if isinstance(option, dict):
            option = option.get("pattern")
        return [regex.compile(p) for p in ([option] if isinstance(option, str) else option or ())]

    # Set by the Analyzer before each text: the field allows this recognizer (`field_required`),
    # and the field name is itself a context word (`field_context`).
    field_ok: bool = True
    field_hit: bool = False

    @cached_property
    def context_words(self) -> regex.Pattern | None:
        from handover_scan.engine.context import _words_pattern

        return _words_pattern(tuple(self.spec.context))

    def analyze(self, text, entities, nlp_artifacts=None):
        if not self.field_ok or not all(p.search(text) for p in self.requires):
            return []
        # context_required and no context word anywhere in the text: nothing can survive, skip the work
        if self.spec.context_required and not self.field_hit and (
                self.context_words is None or not self.context_words.search(text)):
            return []
        results = []
        for name, pattern, score in self.patterns:
            for match in pattern.finditer(text):
                final = self.validated_score(match.group(), score)
                if final is not None:
                    results.append(self.result(match.start(), match.end(), final, name))
        return results


class TermListRecognizer(SpecRecognizer):
    """Aho-Corasick over term files. Terms with Latin letters must not touch other Latin letters."""

    @cached_property
    def automaton(self) -> ahocorasick.Automaton:
        automaton = ahocorasick.Automaton()
        for entry in self.spec.options.get("terms", []):
            # exclude: longer phrases that contain a term but are not health talk (不感冒); they win
            # the longest-match contest and are then dropped.
            score = 0.0 if entry.get("exclude") else self.definitions.score(entry.get("score", "medium"))
            for term in data_lines(entry["file"], self.spec.base_dir):
                key = term.lower()
                if key not in automaton or automaton.get(key)[1] < score or score == 0.0:
                    automaton.add_word(key, (term, score))
        automaton.make_automaton()
        return automaton

    @cached_property
    def not_followed_by(self) -> tuple[str, ...]:
        return tuple(self.spec.options.get("not_followed_by", ()))

    def analyze(self, text, entities, nlp_artifacts=None):
        if len(self.automaton) == 0:
            return []
        lowered = lower_keeping_offsets(text)
        spans: list[tuple[int, int, float]] = []
        for end_index, (term, score) in self.automaton.iter(lowered):
            start, end = end_index - len(term) + 1, end_index + 1
            # a Latin term is not part of a longer word (CT in ACT); digits may follow (HPV16, hcg120)
            if term.isascii() and (_latin(lowered, start - 1) or (_latin(lowered, end) and not lowered[end].isdigit())):
                continue
            if self.not_followed_by and lowered.startswith(self.not_followed_by, end):
                continue
            spans.append((start, end, score))
        return [self.result(s, e, score, "term") for s, e, score in _longest(spans) if score > 0]


def lower_keeping_offsets(text: str) -> str:
    """text.lower() one character for one, so offsets into it are offsets into text (the word automata
    report positions). lower() turns İ (U+0130, the only such character) into i and a combining dot;
    it stays İ here, as the prefilter's casefold (i and the dot) finds no plain i in it either.

    >>> lower_keeping_offsets("İ HIV")
    'İ hiv'
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if ch == "\u0130" else ch.lower() for ch in text)


def _latin(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


def _longest(spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Drop spans inside a longer one (双眼皮 inside 割双眼皮)."""
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    kept: list[tuple[int, int, float]] = []
    for span in spans:
        if kept and span[0] < kept[-1][1]:
            if span[1] - span[0] > kept[-1][1] - kept[-1][0]:
                kept[-1] = span
            continue
        kept.append(span)
    return kept


RECOGNIZER_CLASSES: dict[str, type[SpecRecognizer]] = {
    "PatternRecognizer": DataPatternRecognizer,
    "TermListRecognizer": TermListRecognizer,
}


def build_recognizers(definitions: Definitions) -> list[SpecRecognizer]:
    from handover_scan.engine.address import AddressRecognizer
    from handover_scan.engine.person import PersonRecognizer
    from handover_scan.people.contact_names import ContactNameRecognizer

    RECOGNIZER_CLASSES.setdefault("AddressRecognizer", AddressRecognizer)
    RECOGNIZER_CLASSES.setdefault("ContactNameRecognizer", ContactNameRecognizer)
    RECOGNIZER_CLASSES.setdefault("PersonRecognizer", PersonRecognizer)
    built = []
    for spec in definitions.recognizers:
        cls = RECOGNIZER_CLASSES.get(spec.kind)
        if cls is None:
            raise DefinitionError(f"{spec.path}: unknown class {spec.kind!r}; known: {sorted(RECOGNIZER_CLASSES)}")
        built.append(cls(spec, definitions))
    return built
