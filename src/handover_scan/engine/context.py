"""Context words for unsegmented Chinese: a character window around the match.

Presidio's LemmaContextAwareEnhancer compares whole tokens, and Chinese has no spaces,
so 手机号13812345678 never yields the token 手机号. Here each recognizer's context words
are searched as substrings within `before` characters ahead of the match and `after`
characters behind it. The nearest word decides: a positive word moves the score up one
rung, a negative word (订单, 快递单号 ...) down one. The column a value came from counts
as a positive word that any word in the text outranks (a `telephone` cell is a phone).
Recognizers marked context_required drop matches with no positive word.

Per recognizer (YAML keys): `context_window: {before, after}` narrows or widens the window;
`field_required: true` keeps matches only in a field named in field_context (the label of
a shared location); `skip_fields` drops matches in the named fields (a contact's own name
column is the contact, not a mention of someone). A field matches a name when it equals it
or ends with it after "/" or "@" (`StrContent/msg/location@label` matches `location@label`).
"""

from __future__ import annotations

from functools import cache

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer

from handover_scan.engine.levels import ScoreLadder

FIELD_DISTANCE = (10**6, 0)


@cache
def _words_pattern(words: tuple[str, ...]) -> regex.Pattern | None:
    if not words:
        return None
    alternatives = sorted(set(words), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in alternatives), regex.IGNORECASE)


def _nearest(pattern: regex.Pattern | None, text: str, start: int, end: int, before: int,
             after: int) -> tuple[int, int] | None:
    """(distance in characters, -length) of the nearest context word, or None. At equal distance
    the longer word is the more specific one (本店地址 beats 地址), so it sorts first."""
    if pattern is None:
        return None
    best = None
    lo = max(0, start - before)
    for m in pattern.finditer(text, lo, start, overlapped=True):
        key = (start - m.end(), -len(m.group()))
        best = key if best is None else min(best, key)
    for m in pattern.finditer(text, end, min(len(text), end + after), overlapped=True):
        key = (m.start() - end, -len(m.group()))
        best = key if best is None else min(best, key)
    return best


def field_matches(fields, names) -> bool:
    return any(_field_matches(f, tuple(names)) for f in fields)


@cache
def _field_matches(field: str, names: tuple[str, ...]) -> bool:
    for name in names:
        name = name.lower()
        if field == name or (field.endswith(name) and field[-len(name) - 1] in "/@"):
            return True
    return False


class ChineseContextEnhancer(ContextAwareEnhancer):
    def __init__(self, ladder: ScoreLadder, before: int, after: int):
        super().__init__(context_similarity_factor=0.0, min_score_with_context_similarity=0.0,
                         context_prefix_count=before, context_suffix_count=after)
        self.ladder = ladder
        self._field_answers: dict[tuple[int, tuple[str, ...]], tuple[bool, bool]] = {}

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        by_id = {r.id: r for r in recognizers}
        fields = tuple(c.lower() for c in context or ())
        for result in raw_results:
            recognizer = by_id.get(result.recognition_metadata.get(RecognizerResult.RECOGNIZER_IDENTIFIER_KEY))
            spec = getattr(recognizer, "spec", None)
            if spec is None:
                continue
            result.score = self.rescore(text, result, spec, fields)
        return raw_results

    def _fields(self, spec, fields: tuple[str, ...]) -> tuple[bool, bool]:
        """(a skip field, a field_context field) for this spec and these fields, worked out once: fields
        repeat (StrContent), and each answer compares with every name in long lists (skip_fields)."""
        key = (id(spec), fields)  # specs live as long as the definitions that hold them (and this enhancer)
        answers = self._field_answers.get(key)
        if answers is None:
            options = spec.options
            answers = (bool(options.get("skip_fields")) and field_matches(fields, options["skip_fields"]),
                       bool(spec.field_context) and field_matches(fields, spec.field_context))
            if len(self._field_answers) > 4096:
                self._field_answers.clear()
            self._field_answers[key] = answers
        return answers

    def rescore(self, text: str, result: RecognizerResult, spec, fields) -> float:
        options = spec.options
        skip, field_hit = self._fields(spec, fields)
        if skip:
            return 0.0
        if options.get("field_required") and not field_hit:
            return 0.0
        window = options.get("context_window") or {}
        before = int(window.get("before", self.context_prefix_count))
        after = int(window.get("after", self.context_suffix_count))
        positive = _nearest(_words_pattern(spec.context), text, result.start, result.end, before, after)
        negative = _nearest(_words_pattern(spec.negative_context), text, result.start, result.end, before, after)
        if positive is None and field_hit:
            positive = FIELD_DISTANCE
        if positive is not None and (negative is None or positive <= negative):
            result.recognition_metadata["context"] = "positive"
            return self.ladder.step(result.score, +1)
        if spec.context_required:
            return 0.0
        if negative is not None:
            result.recognition_metadata["context"] = "negative"
            return self.ladder.step(result.score, -1)
        return result.score
