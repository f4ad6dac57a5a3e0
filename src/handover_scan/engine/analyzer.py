"""One Presidio AnalyzerEngine for `zh` with only this project's recognizers."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import regex
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult

from handover_scan.engine.batch import BatchRecognizer, _copy
from handover_scan.engine.context import ChineseContextEnhancer, field_matches
from handover_scan.engine.definitions import Definitions, load_definitions
from handover_scan.engine.levels import ScoreLadder
from handover_scan.engine.nlp import BlankChineseNlpEngine
from handover_scan.engine.person_model_spans import ModelNamesMixin
from handover_scan.engine.prefilter import Prefilter
from handover_scan.engine.recognizers import LANGUAGE, build_recognizers
from handover_scan.engine.selected import SelectedRecognizers

# Full-width digits, letters and the signs numbers are written with, folded to ASCII one
# character for one, so offsets into the folded text are offsets into the original.
_FULL_WIDTH = "０１２３４５６７８９＋－（）＠．　" + "".join(chr(c) for c in range(0xFF21, 0xFF3B)) + "".join(
    chr(c) for c in range(0xFF41, 0xFF5B))
_ASCII = "0123456789+-()@. " + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz"
FOLD = str.maketrans(_FULL_WIDTH, _ASCII)


def fold(text: str) -> str:
    return text.translate(FOLD)


# A line break between two digits: TXT exports wrap long numbers (1381234\n5678).
_SPLIT_NUMBER = regex.compile(r"(?<=\d-?)[ \t]*\r?\n[ \t]*(?=\d)")


def join_split_numbers(text: str) -> tuple[str, list[int]] | None:
    """Text with line breaks inside digit runs removed, and each kept character's original offset."""
    if "\n" not in text or not _SPLIT_NUMBER.search(text):
        return None
    kept: list[int] = []
    pieces: list[str] = []
    last = 0
    for m in _SPLIT_NUMBER.finditer(text):
        pieces.append(text[last:m.start()])
        kept.extend(range(last, m.start()))
        last = m.end()
    pieces.append(text[last:])
    kept.extend(range(last, len(text)))
    return "".join(pieces), kept


SEEN_LIMIT = 20_000  # texts whose results are kept (cleared when full: a bound on memory, not an LRU)


class Analyzer:
    """Finds entities in one text. Build once per process: compiling recognizers is the slow part."""

    def __init__(self, definitions: Definitions | None = None, extra_dirs: tuple[Path, ...] = (),
                 cascade: bool = True, name_model: bool = True):
        self.definitions = definitions or load_definitions(extra_dirs)
        recognizers = build_recognizers(self.definitions)
        if not name_model:  # PERSON by its rules alone (bench/bench_cascade.py measures what the model adds)
            for recognizer in recognizers:
                if isinstance(recognizer, ModelNamesMixin):
                    recognizer.model_names = None
        registry = RecognizerRegistry(recognizers=recognizers, supported_languages=[LANGUAGE])
        self.enhancer = ChineseContextEnhancer(ScoreLadder.from_levels(self.definitions.levels),
                                               self.definitions.window_before, self.definitions.window_after)
        self.nlp_engine = BlankChineseNlpEngine()
        self.engine = AnalyzerEngine(registry=registry, nlp_engine=self.nlp_engine,
                                     supported_languages=[LANGUAGE], context_aware_enhancer=self.enhancer)
        # The cascade: a prefilter picks the recognizers that could fire; Presidio runs only those.
        # cascade=False runs every recognizer on every text (the reference the tests compare with).
        self.cascade = cascade
        self.prefilter = Prefilter(self.engine.registry.recognizers)
        self._batch_masks: dict[tuple[str, str], tuple[str, int]] = {}
        self._batchers = [(i, r) for i, r in enumerate(self.engine.registry.recognizers) if isinstance(r, BatchRecognizer)]
        # _prepared_only skips Presidio's per-recognizer enhance step, the identity unless a class overrides it
        self._batch_bits = sum(1 << i for i, r in self._batchers
                               if type(r).enhance_using_context is EntityRecognizer.enhance_using_context)
        self._engines: dict[int, AnalyzerEngine] = {self.prefilter.full: self.engine}
        self._selected: dict[int, SelectedRecognizers] = {}
        # Results per (text, field) seen before: chat repeats itself (好的, 收到, [图片], the same question
        # to many customers), and analysis is a function of the text, the field and the names registered
        # (register_names clears it). Only the cascade uses it; cascade=False is the uncached reference.
        self._seen: dict[tuple[str, str], tuple[RecognizerResult, ...]] = {}

        self.masked = [regex.compile(p) for p in self.definitions.masked]
        # `yield_to: [LOCATION]`: a result of this recognizer inside one of those entities is not
        # reported twice (the label of a shared location is whereabouts, not also an address).
        self._yields = {r.name: frozenset(r.spec.options["yield_to"]) for r in self.engine.registry.recognizers
                        if getattr(r, "spec", None) is not None and r.spec.options.get("yield_to")}
        # Recognizers that only look at certain fields (a shared location's label) skip the rest early.
        self._field_only = [r for r in self.engine.registry.recognizers
                            if getattr(r, "spec", None) is not None and r.spec.options.get("field_required")]
        self._context_only = [r for r in self.engine.registry.recognizers
                              if getattr(r, "spec", None) is not None and r.spec.context_required
                              and r.spec.field_context]

    def register_names(self, names: Iterable[str], replace: bool = False) -> int:
        """Names the export itself reveals (contact remarks, nicknames, chat headers): later mentions
        of them in text are PERSON findings. `replace` forgets earlier names (a new scan).
        Returns how many names are known now."""
        known = 0
        names = list(names)
        self._seen = {}
        for recognizer in self.engine.registry.recognizers:
            if hasattr(recognizer, "add_known_names"):
                known = recognizer.add_known_names(names, replace)
                self.prefilter.add_names(getattr(recognizer, "known", ()), replace)
        return known

    def prepare_batch(self, items: list[tuple[str, str]]) -> None:
        """(text, field) pairs about to be analyzed one by one: batch recognizers (engine/batch.py) get,
        in one call each, the folded texts the prefilter selected them for. release_batch() afterwards."""
        batchers = self._batchers
        if not batchers:
            return
        seen = self._seen
        items = [(text, field) for text, field in items if (text, field) not in seen and text.strip()]
        folded = [fold(text) for text, _ in items]
        candidates = self.prefilter.candidates
        masks = [candidates(text, field) for text, (_, field) in zip(folded, items)] if self.cascade \
            else [self.prefilter.full] * len(items)
        # analyze() folds and asks the prefilter once per text, not twice
        self._batch_masks = dict(zip(items, zip(folded, masks)))
        for i, recognizer in batchers:
            recognizer.prepare([text for text, mask in zip(folded, masks) if mask >> i & 1])

    def _without_idle_batchers(self, text: str, mask: int) -> int:
        """The mask less the batch recognizers whose prepared results for this text are empty: a name
        model that found no name in a plain chat line keeps that line away from Presidio altogether."""
        for i, recognizer in self._batchers:
            if mask >> i & 1 and recognizer.found_nothing(text):
                mask &= ~(1 << i)
        return mask

    def release_batch(self) -> None:
        self._batch_masks = {}
        for recognizer in self.engine.registry.recognizers:
            if isinstance(recognizer, BatchRecognizer):
                recognizer.release()

    def analyze_batch(self, items: list[tuple[str, str]]) -> list[list[RecognizerResult]]:
        """analyze() for many (text, field) pairs, batch recognizers called once."""
        try:  # a failed preparation leaves nothing prepared behind (stale masks outlive register_names)
            self.prepare_batch(items)
            return [self.analyze(text, field) for text, field in items]
        finally:
            self.release_batch()

    def engine_for(self, mask: int) -> AnalyzerEngine:
        """An AnalyzerEngine over the recognizers in `mask` (same objects, enhancer and NLP engine), cached:
        Presidio's own merging (context, low scores, duplicates) runs as in the full engine."""
        engine = self._engines.get(mask)
        if engine is None:
            chosen = [r for i, r in enumerate(self.engine.registry.recognizers) if mask >> i & 1]
            registry = RecognizerRegistry(recognizers=chosen, supported_languages=[LANGUAGE])
            engine = AnalyzerEngine(registry=registry, nlp_engine=self.nlp_engine, supported_languages=[LANGUAGE],
                                    context_aware_enhancer=self.enhancer)
            if len(self._engines) > 512:  # combinations seen are few; bound them anyway
                self._engines = {self.prefilter.full: self.engine}
                self._selected = {}
            self._engines[mask] = engine
        return engine

    def _run(self, text: str, field: str, mask: int | None = None) -> list[RecognizerResult]:
        if mask is None:
            mask = self.prefilter.candidates(text, field) if self.cascade else self.prefilter.full
        if not mask:
            return []  # no recognizer could fire: the text never reaches Presidio
        if not mask & ~self._batch_bits:  # only batch recognizers left: their results are ready
            results = self._prepared_only(text, field, mask)
            if results is not None:
                return results
        engine = self.engine_for(mask)
        context = [field] if field else None
        if not self.cascade:  # the reference path: Presidio's own AnalyzerEngine.analyze
            return engine.analyze(text, language=LANGUAGE, context=context, score_threshold=0.01)
        # the same steps with the engine's per-call set-up done once (engine/selected.py)
        selected = self._selected.get(mask)
        if selected is None or selected.engine is not engine:
            selected = self._selected[mask] = SelectedRecognizers(engine, LANGUAGE)
        return selected.analyze(text, context, 0.01)

    def _prepared_only(self, text: str, field: str, mask: int) -> list[RecognizerResult] | None:
        """What AnalyzerEngine.analyze returns for batch recognizers whose results for this text are already
        prepared (the name model on a line that holds nothing else), without a Presidio call: the same
        steps in the same order (context enhancer, score threshold, Presidio's remove_duplicates, no
        decision process). None when a result is not prepared. tests/test_cascade.py compares both ways."""
        chosen = [r for i, r in self._batchers if mask >> i & 1]
        results: list[RecognizerResult] = []
        for recognizer in chosen:
            found = recognizer.prepared_results(text)
            if found is None:
                return None
            results.extend(found)
        results = self.enhancer.enhance_using_context(text, results, None, chosen, [field] if field else None)
        results = EntityRecognizer.remove_duplicates([r for r in results if r.score >= 0.01])
        for result in results:
            result.analysis_explanation = None
        return results

    def analyze(self, text: str, field: str = "") -> list[RecognizerResult]:
        """Results on the folded text, sorted by position; scores of 0 (dropped by context) removed.

        Numbers wrapped over a line break are found on a joined copy of the text, with offsets
        mapped back; anything overlapping a value the exporter already masked is dropped."""
        key = (text, field)
        seen = self._seen.get(key)
        if seen is not None:
            return [_copy(r) for r in seen]
        results = self._analyze(text, field)
        if self.cascade:
            if len(self._seen) >= SEEN_LIMIT:
                self._seen = {}
            self._seen[key] = tuple(_copy(r) for r in results)
        return results

    def _analyze(self, text: str, field: str) -> list[RecognizerResult]:
        if not text.strip():
            return []
        prepared = self._batch_masks.get((text, field))
        if prepared is None:
            folded = fold(text)
            mask = self.prefilter.candidates(folded, field) if self.cascade else self.prefilter.full
        else:
            folded, mask = prepared
        joined = join_split_numbers(folded)
        if self.cascade:
            mask = self._without_idle_batchers(folded, mask)
        if not mask and joined is None:
            return []  # the common case: no recognizer could fire (its conditions are necessary ones)
        self._set_field(field)
        results = self._run(folded, field, mask)
        if joined is not None:
            results = self._add_joined(results, *joined, field)
        if not results:
            return results
        if self._yields:
            results = self._drop_yielding(results)
        masked = [m.span() for p in self.masked for m in p.finditer(folded)]
        if masked:
            results = [r for r in results if not any(r.start < e and s < r.end for s, e in masked)]
        return sorted(results, key=lambda r: (r.start, r.end, r.entity_type))

    _field: str | None = None

    def _set_field(self, field: str) -> None:
        """Tell field-aware recognizers about this text's field (only when it changes: fields repeat)."""
        if field == self._field:
            return
        self._field = field
        fields = (field.lower(),) if field else ()
        for recognizer in self._field_only:
            recognizer.field_ok = field_matches(fields, recognizer.spec.field_context)
        for recognizer in self._context_only:
            recognizer.field_hit = field_matches(fields, recognizer.spec.field_context)

    def _drop_yielding(self, results: list[RecognizerResult]) -> list[RecognizerResult]:
        kept = []
        for r in results:
            stronger = self._yields.get(r.recognition_metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""))
            if stronger and any(o.entity_type in stronger and o.start <= r.start and r.end <= o.end
                                for o in results if o is not r):
                continue
            kept.append(r)
        return kept

    def _add_joined(self, results, joined: str, offsets: list[int], field: str) -> list[RecognizerResult]:
        extra = []
        for r in self._run(joined, field):
            start, end = offsets[r.start], offsets[r.end - 1] + 1
            if end - start == r.end - r.start:
                continue  # does not cross a removed line break: already found on the original
            r.start, r.end = start, end
            extra.append(r)
        if not extra:
            return results
        # pieces of a wrapped number found on the original text give way to the whole number
        kept = [r for r in results if not any(x.start <= r.start and r.end <= x.end for x in extra)]
        return kept + extra
