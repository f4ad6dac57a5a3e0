"""The hook for recognizers that are cheaper on many texts at once (a statistical name model).

A batch recognizer implements analyze_texts(texts) -> one result list per text. Before a batch of
records is analyzed, Analyzer.prepare_batch() hands it, in one call, every text of the batch that
the prefilter selected it for; Presidio's per-text analyze() then returns the prepared results, so
context, score thresholds and duplicate merging stay Presidio's (AnalyzerEngine). A text that was
not prepared (a joined copy of a wrapped number, a field name) is analyzed on its own.

    class NameModelRecognizer(BatchRecognizer, SpecRecognizer):
        def analyze_texts(self, texts):
            return [[self.result(s, e, score, "model") for s, e, score in spans] for spans in model(texts)]

Its YAML `requires` tells the prefilter which texts can hold a finding (engine/prefilter.py), so
the model only ever sees candidate texts.
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult


class BatchRecognizer:
    """Mixin: put it before SpecRecognizer (or any Presidio EntityRecognizer) in the bases."""

    _prepared: dict[str, list[RecognizerResult]] | None = None

    def analyze_texts(self, texts: list[str]) -> list[list[RecognizerResult]]:
        raise NotImplementedError

    def prepare(self, texts: list[str]) -> None:
        unique = list(dict.fromkeys(texts))
        self._prepared = dict(zip(unique, self.analyze_texts(unique))) if unique else {}

    def release(self) -> None:
        self._prepared = None

    def found_nothing(self, text: str) -> bool:
        """True when the prepared results say this text holds nothing for this recognizer: the analyzer
        then leaves it out of the text's Presidio call (and skips the call when nothing else is left)."""
        return self._prepared is not None and self._prepared.get(text) == []

    def prepared_results(self, text: str) -> list[RecognizerResult] | None:
        """Copies of this text's prepared results, or None when it was not prepared."""
        prepared = self._prepared.get(text) if self._prepared is not None else None
        return None if prepared is None else [_copy(r) for r in prepared]

    def analyze(self, text, entities, nlp_artifacts=None):
        prepared = self._prepared.get(text) if self._prepared is not None else None
        results = prepared if prepared is not None else self.analyze_texts([text])[0]
        # Presidio's enhancer rescores results in place: each call gets its own copies
        return [_copy(r) for r in results]


def _copy(result: RecognizerResult) -> RecognizerResult:
    """copy.copy (a new object with the same attributes) without its generic __reduce_ex__ machinery."""
    twin = object.__new__(type(result))
    twin.__dict__.update(result.__dict__)
    twin.recognition_metadata = dict(result.recognition_metadata or {})
    return twin
