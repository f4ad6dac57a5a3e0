"""Presidio's NLP engine for Chinese without a downloadable model.

No spaCy Chinese model can be installed offline, and AnalyzerEngine() would try to
download an English one. A blank `zh` pipeline (character segmentation, no weights)
gives Presidio real tokens at about 35 µs a message; no recognizer here needs NER.
"""

from __future__ import annotations

import spacy
from presidio_analyzer.nlp_engine import SpacyNlpEngine


class BlankChineseNlpEngine(SpacyNlpEngine):
    engine_name = "spacy_blank_zh"

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "zh", "model_name": "blank:zh"}])

    def load(self) -> None:
        self.nlp = {"zh": spacy.blank("zh")}
