"""Lower-casing for the word automata keeps one character for one: offsets into the lowered text are
offsets into the text. str.lower() turns İ (U+0130, the only such character) into two characters,
which moved every later match one place to the right."""

from __future__ import annotations

import pytest

from handover_scan.engine.analyzer import Analyzer
from handover_scan.engine.recognizers import lower_keeping_offsets


@pytest.fixture(scope="module")
def pair():
    return Analyzer(), Analyzer(cascade=False)


def test_lowering_keeps_the_length_and_every_other_character():
    assert lower_keeping_offsets("İİ HIV 头疼") == "İİ hiv 头疼"
    assert lower_keeping_offsets("ABC") == "abc"


@pytest.mark.parametrize("text", ["头疼三天了", "确诊HIV阳性", "跟Amy Wu说", "我找欧阳娜娜"])
def test_findings_after_a_dotted_capital_i_are_those_without_it_moved_along(pair, text):
    """Term lists and known names (both lower-case the text for their automata) find the same words."""
    for analyzer in pair:
        analyzer.register_names(["Amy Wu", "欧阳娜娜"], replace=True)
        plain = [(r.entity_type, text[r.start:r.end]) for r in analyzer.analyze(text, "StrContent")]
        moved = "İİ" + text
        assert plain and [(r.entity_type, moved[r.start:r.end]) for r in analyzer.analyze(moved, "StrContent")] \
            == plain, analyzer.cascade
        analyzer.register_names([], replace=True)
