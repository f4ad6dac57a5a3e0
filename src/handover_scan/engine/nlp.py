"""Presidio's NLP engine for Chinese without a downloadable model, and without the work.

No spaCy Chinese model can be installed offline, and AnalyzerEngine() would try to
download an English one. A blank `zh` pipeline (character segmentation, no weights) is
loaded so that Presidio is configured as usual, but no recognizer here uses tokens, lemmas
or NER: context is found by the character-window enhancer (context.py). So process_text
hands every recognizer the same empty NlpArtifacts instead of segmenting each message,
which was a third of the per-message time.
"""

from __future__ import annotations

import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine
from spacy.tokens import Doc


class BlankChineseNlpEngine(SpacyNlpEngine):
    engine_name = "spacy_blank_zh"

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "zh", "model_name": "blank:zh"}])
        self._empty: NlpArtifacts | None = None

    def load(self) -> None:
        self.nlp = {"zh": spacy.blank("zh")}

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        if self._empty is None:
            doc = Doc(self.nlp[language].vocab, words=[])
            self._empty = NlpArtifacts(entities=[], tokens=doc, tokens_indices=[], lemmas=[], nlp_engine=self,
                                       language=language)
        return self._empty
