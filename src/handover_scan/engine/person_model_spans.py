"""The name model's spans inside the PERSON recognizer: batch priming, filtering, scores.

The engine may hand a whole chunk of messages to `prime(texts)` before analysing them one by
one: the CRF then runs once, in numpy, over the chunk (the fast path, ~µs per message). Without
priming each text is decoded on its own (same spans, more overhead per call).

A model span is a name when it is 2-6 characters, holds a Han character, and is not a generic
word, a division name (杭州, 高邮) or a token ending like a place (朝阳区, 顺丰站): the same
vetoes as the rules. Its score is `model_score` (medium) when the model's confidence is at
least `model_confident`, else one rung lower; the context ladder then moves it like any other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import regex

from functools import cached_property

from handover_scan.engine.person_model import PersonModel
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
                 veto: Callable[[str], bool], cache_size: int = 100_000):
        self.model, self.score, self.low, self.confident, self.veto = model, score, low, confident, veto
        self.cache: dict[str, list[tuple[int, int, float]]] = {}
        self.cache_size = cache_size

    def prime(self, texts: list[str]) -> None:
        """Decode a chunk of texts in one batch; analyze() then reads the spans from here."""
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
            if not 2 <= end - start <= 6 or not _HAN.search(token) or self.veto(token):
                continue
            out.append((start, end, self.score if confidence >= self.confident else self.low))
        return out


class ModelNamesMixin:
    """PersonRecognizer's side of the model: YAML keys `model`, `model_score`, `model_confident`,
    `model_not_names`. Expects generic, not_names, place_suffix_end, spec, definitions, ladder."""

    @cached_property
    def model_names(self):
        """The trained name model (`model:` in the YAML), or None; see engine/person_model_spans.py."""
        option = self.spec.options.get("model")
        if not option or not (self.spec.base_dir / option).is_file():
            return None
        score = self.definitions.score(self.spec.options.get("model_score", "medium"))
        return ModelNames(load_model(self.spec.base_dir / option), score, self.ladder.step(score, -1),
                          float(self.spec.options.get("model_confident", 0.8)), self._model_veto)

    def _model_veto(self, token: str) -> bool:
        # a division named without its suffix (杨浦 for 杨浦区) is a place too
        return token.lower() in self.generic or token in self.not_names or self.place_suffix_end(token) \
            or token in self.known_words or any(token + suffix in self.not_names for suffix in "区市县镇")

    @cached_property
    def known_words(self) -> frozenset[str]:
        file = self.spec.options.get("model_not_names")
        return frozenset(data_lines(file, self.spec.base_dir)) if file else frozenset()

    def prime(self, texts: list[str]) -> None:
        """Run the name model once over a chunk of texts that analyze() will see next (fast path)."""
        if self.model_names is not None:
            self.model_names.prime(texts)

    def model_spans(self, text: str) -> list[tuple[int, int, float]]:
        return self.model_names.spans(text) if self.model_names is not None else []
