"""One Presidio AnalyzerEngine for `zh` with only this project's recognizers."""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry, RecognizerResult

from handover_scan.engine.context import ChineseContextEnhancer
from handover_scan.engine.definitions import Definitions, load_definitions
from handover_scan.engine.levels import ScoreLadder
from handover_scan.engine.nlp import BlankChineseNlpEngine
from handover_scan.engine.recognizers import LANGUAGE, build_recognizers

# Full-width digits, letters and the signs numbers are written with, folded to ASCII one
# character for one, so offsets into the folded text are offsets into the original.
_FULL_WIDTH = "０１２３４５６７８９＋－（）＠．　" + "".join(chr(c) for c in range(0xFF21, 0xFF3B)) + "".join(
    chr(c) for c in range(0xFF41, 0xFF5B))
_ASCII = "0123456789+-()@. " + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz"
FOLD = str.maketrans(_FULL_WIDTH, _ASCII)


def fold(text: str) -> str:
    return text.translate(FOLD)


class Analyzer:
    """Finds entities in one text. Build once per process: compiling recognizers is the slow part."""

    def __init__(self, definitions: Definitions | None = None, extra_dirs: tuple[Path, ...] = ()):
        self.definitions = definitions or load_definitions(extra_dirs)
        registry = RecognizerRegistry(recognizers=build_recognizers(self.definitions),
                                      supported_languages=[LANGUAGE])
        enhancer = ChineseContextEnhancer(ScoreLadder.from_levels(self.definitions.levels),
                                          self.definitions.window_before, self.definitions.window_after)
        self.engine = AnalyzerEngine(registry=registry, nlp_engine=BlankChineseNlpEngine(),
                                     supported_languages=[LANGUAGE], context_aware_enhancer=enhancer)

    def analyze(self, text: str, field: str = "") -> list[RecognizerResult]:
        """Results on the folded text, sorted by position; scores of 0 (dropped by context) removed."""
        if not text.strip():
            return []
        results = self.engine.analyze(fold(text), language=LANGUAGE, context=[field] if field else None,
                                      score_threshold=0.01)
        return sorted(results, key=lambda r: (r.start, r.end, r.entity_type))
