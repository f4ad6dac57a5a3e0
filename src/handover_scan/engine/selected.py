"""AnalyzerEngine.analyze's steps for one fixed set of recognizers, with its per-call set-up done once.

Each call of AnalyzerEngine.analyze asks the registry for its recognizers (a copy and a filter),
lists the supported entities twice over (sets of every recognizer's entities), logs, and builds the
NLP artifacts, before any recognizer runs: on a short chat line that costs more than the recognizers
the cascade selected. The recognizers, entities and artifacts do not change between calls of one
engine, so `SelectedRecognizers` takes them from the engine once and then runs, per text, exactly
the steps of AnalyzerEngine.analyze (presidio-analyzer 2.2, `analyze` with score_threshold and
context, no allow list, no decision process): every recognizer's Presidio `analyze`, the recognizer
id and name added to its results, each recognizer's own `enhance_using_context` on its results in
recognizer order, then the engine's context enhancer, the score threshold, Presidio's
`EntityRecognizer.remove_duplicates`, and the analysis explanation removed.

tests/test_cascade.py compares this path (Analyzer with cascade=True) with AnalyzerEngine.analyze
itself (cascade=False) on the eval corpus, the probe set, the sample exports and hypothesis strings.
"""

from __future__ import annotations

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult

ID_KEY = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
NAME_KEY = RecognizerResult.RECOGNIZER_NAME_KEY


class SelectedRecognizers:
    """analyze(text, context, score_threshold) == engine.analyze(text, language, context=...,
    score_threshold=...) for an engine whose registry does not change afterwards."""

    def __init__(self, engine: AnalyzerEngine, language: str):
        self.engine = engine
        self.language = language
        # the same calls AnalyzerEngine.analyze makes first, made once
        self.recognizers = engine.registry.get_recognizers(language=language, all_fields=True)
        self.entities = engine.get_supported_entities(language=language)
        self.enhancer = engine.context_aware_enhancer
        # a recognizer's own enhance step is the identity unless its class overrides it
        self.own_enhance = {id(r) for r in self.recognizers
                            if type(r).enhance_using_context is not EntityRecognizer.enhance_using_context}

    def analyze(self, text: str, context: list[str] | None, score_threshold: float) -> list[RecognizerResult]:
        nlp_artifacts = self.engine.nlp_engine.process_text(text, self.language)
        results: list[RecognizerResult] = []
        for recognizer in self.recognizers:
            if not recognizer.is_loaded:
                recognizer.load()
                recognizer.is_loaded = True
            current = recognizer.analyze(text=text, entities=self.entities, nlp_artifacts=nlp_artifacts)
            if current:
                for result in current:
                    if not result.recognition_metadata:
                        result.recognition_metadata = {}
                    metadata = result.recognition_metadata
                    if ID_KEY not in metadata:
                        metadata[ID_KEY] = recognizer.id
                    if NAME_KEY not in metadata:
                        metadata[NAME_KEY] = recognizer.name
                results.extend(current)
        results = self._enhance(text, results, nlp_artifacts, context)
        results = [r for r in results if r.score >= score_threshold]
        results = EntityRecognizer.remove_duplicates(results)
        for result in results:
            result.analysis_explanation = None
        return results

    def _enhance(self, text, results, nlp_artifacts, context):
        """AnalyzerEngine._enhance_using_context: results regrouped in recognizer order, each group through
        its recognizer's own enhance step, then all through the engine's context enhancer."""
        if results or self.own_enhance:
            grouped = []
            for recognizer in self.recognizers:
                mine = [r for r in results if r.recognition_metadata[ID_KEY] == recognizer.id]
                if id(recognizer) in self.own_enhance:
                    others = [r for r in results if r.recognition_metadata[ID_KEY] != recognizer.id]
                    mine = recognizer.enhance_using_context(text=text, raw_recognizer_results=mine,
                                                            other_raw_recognizer_results=others,
                                                            nlp_artifacts=nlp_artifacts, context=context)
                grouped.extend(mine)
            results = grouped
        return self.enhancer.enhance_using_context(text=text, raw_results=results, nlp_artifacts=nlp_artifacts,
                                                   recognizers=self.recognizers, context=context)
