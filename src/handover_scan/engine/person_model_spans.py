"""The name model's spans inside the PERSON recognizer: batch priming, filtering, scores.

The engine may hand a whole chunk of messages to `prime(texts)` before analysing them one by
one: the CRF then runs once, in numpy, over the chunk (the fast path, a few µs per message).
Without priming each text is decoded on its own in pure Python (same spans, more time).

A model span is a name when it is 2-6 characters and holds a Han character, and none of the
rules' vetoes applies: a generic word, a division name (杭州, 高邮, 杨浦 for 杨浦区), a token ending
like a place (朝阳区), a word that opens talk (谢谢, 麻烦), a listed brand, game or public figure
(`model_not_names`), or overlap with a listed drug or disease (`model_not_overlapping`: 阿莫西林,
桥本甲状腺炎). An adverb the model took along at the end (郑凯刚到 -> 郑凯; `model_trim_end`) is
cut off. Its score is `model_score` (medium) when the model's confidence is at least
`model_confident`, else one rung lower; the context ladder then moves it like any other match.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Callable

import regex

from handover_scan.engine.person_model import PersonModel
from handover_scan.engine.recognizers import lower_keeping_offsets
from handover_scan.resources import data_lines

_HAN = regex.compile(r"\p{Han}")
_NAME_CHARS = regex.compile(r"[\p{Han}A-Za-z·]+")
_MODELS: dict[Path, PersonModel] = {}


def load_model(path: Path) -> PersonModel:
    if path not in _MODELS:
        _MODELS[path] = PersonModel(path)
    return _MODELS[path]


class ModelNames:
    def __init__(self, model: PersonModel, score: float, low: float, confident: float,
                 veto: Callable[[str, int, int], bool], trim_end: frozenset[str] = frozenset(),
                 cache_size: int = 100_000):
        self.model, self.score, self.low, self.confident, self.veto = model, score, low, confident, veto
        self.trim_end = trim_end
        self.cache: dict[str, list[tuple[int, int, float]]] = {}
        self.cache_size = cache_size

    def prime(self, texts: list[str]) -> None:
        """Decode a chunk of texts in one batch; spans() then reads each text's result once."""
        if len(self.cache) > self.cache_size:
            self.cache.clear()
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        for text, spans in zip(todo, self.model.find_names(todo)):
            self.cache[text] = spans

    def spans(self, text: str) -> list[tuple[int, int, float]]:
        found = self.cache.pop(text, None)
        if found is None:
            found = self.model.find_names_one(text)
        out = []
        for start, end, confidence in found:
            token = text[start:end]
            if not _NAME_CHARS.fullmatch(token):  # trim a space or a sign the model took along
                m = _NAME_CHARS.search(token)
                if m is None:
                    continue
                start, end = start + m.start(), start + m.end()
                token = m.group()
            if end - start >= 3 and token[-1] in self.trim_end:
                end -= 1
                token = token[:-1]
            if not 2 <= end - start <= 6 or not _HAN.search(token) or self.veto(text, start, end):
                continue
            out.append((start, end, self.score if confidence >= self.confident else self.low))
        return out


class ModelNamesMixin:
    """PersonRecognizer's side of the model: YAML keys `model`, `model_score`, `model_confident`,
    `model_trim_end`, `model_not_names`, `model_not_overlapping`. Expects generic, not_names,
    not_name_start, place_suffix_end, spec, definitions and ladder from the recognizer."""

    @cached_property
    def model_names(self) -> ModelNames | None:
        option = self.spec.options.get("model")
        if not option or not (self.spec.base_dir / option).is_file():
            return None
        score = self.definitions.score(self.spec.options.get("model_score", "medium"))
        return ModelNames(load_model(self.spec.base_dir / option), score, self.ladder.step(score, -1),
                          float(self.spec.options.get("model_confident", 0.8)), self._model_veto,
                          frozenset(self.spec.options.get("model_trim_end", "")))

    def _model_veto(self, text: str, start: int, end: int) -> bool:
        token = text[start:end]
        if token.lower() in self.generic or token in self.not_names or self.place_suffix_end(token) \
                or token in self.model_not_names or token.startswith(self._talk_openers) \
                or any(token + suffix in self.not_names for suffix in "区市县镇") \
                or (self._generic_words is not None and self._generic_words.search(token)):  # 我家宝宝 -> 家宝宝
            return True
        automaton = self.model_not_overlapping
        if automaton is None:
            return False
        lo = max(0, start - 8)
        for last, word in automaton.iter(lower_keeping_offsets(text[lo:end + 8])):
            w_end = lo + last + 1
            if w_end - len(word) < end and start < w_end:
                return True
        return False

    @cached_property
    def _generic_words(self):
        """One pattern over the generic words of 2+ characters (a span holding one is no name): one search
        per span instead of a substring test per word."""
        import re

        words = sorted((w for w in self.generic if len(w) >= 2 and not w.isascii()), key=len, reverse=True)
        return re.compile("|".join(map(re.escape, words))) if words else None

    @cached_property
    def _talk_openers(self) -> tuple[str, ...]:
        """The rules' not_name_start words of two or more characters (谢谢, 麻烦): single ones
        (于, 祝, 向) are surnames as often as words, and the model has seen them as both."""
        return tuple(w for w in self.not_name_start if len(w) >= 2)

    def _files(self, key: str) -> list[str]:
        files = self.spec.options.get(key) or []
        return [files] if isinstance(files, str) else list(files)

    @cached_property
    def model_not_names(self) -> frozenset[str]:
        return frozenset(w for f in self._files("model_not_names") for w in data_lines(f, self.spec.base_dir))

    @cached_property
    def model_not_overlapping(self):
        import ahocorasick

        words = {w.lower() for f in self._files("model_not_overlapping") for w in data_lines(f, self.spec.base_dir)
                 if len(w) >= 2}
        if not words:
            return None
        automaton = ahocorasick.Automaton()
        for word in words:
            automaton.add_word(word, word)
        automaton.make_automaton()
        return automaton

    def prime(self, texts: list[str]) -> None:
        """Run the name model once over a chunk of texts that analyze() will see next (fast path)."""
        if self.model_names is not None:
            self.model_names.prime(texts)

    def model_spans(self, text: str) -> list[tuple[int, int, float]]:
        return self.model_names.spans(text) if self.model_names is not None else []
