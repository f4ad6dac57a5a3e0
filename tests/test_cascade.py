"""The cascade changes no result: prefilter + selected recognizers == every recognizer on every text.

The reference is Analyzer(cascade=False): one Presidio AnalyzerEngine with every recognizer, on
every text. The conditions in recognizers/*.yaml `requires` must only ever be necessary; a
condition stricter than its recognizer makes one of these tests fail.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import synth
from handover_scan.engine.analyzer import Analyzer, fold
from handover_scan.engine.definitions import load_definitions
from handover_scan.engine.names import collect_names
from handover_scan.scan import ScanOptions, ScanResult, iter_records, scan

REPO = Path(__file__).resolve().parents[1]


def _key(results):
    return [(r.entity_type, r.start, r.end, round(r.score, 6),
             r.recognition_metadata.get("recognizer_name")) for r in results]


@pytest.fixture(scope="module")
def pair():
    return Analyzer(), Analyzer(cascade=False)


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("corpus", ["eval/corpus.jsonl", "eval/probe/chats.jsonl"])
def test_same_results_on_eval_and_probe_sets(pair, corpus):
    cascade, full = pair
    texts = _texts(REPO / corpus)
    found = 0
    for text in texts:
        expected = _key(full.analyze(text))
        assert _key(cascade.analyze(text)) == expected, text
        found += bool(expected)
    assert found > len(texts) // 4  # the sets are full of values: the comparison is not between empty lists


@pytest.mark.parametrize("corpus", ["eval/corpus.jsonl", "eval/probe/chats.jsonl"])
def test_same_results_in_batches(pair, corpus):
    """The scan's path: analyze_batch prepares the name model for a batch, and a line where only it can
    fire gets its results without a Presidio call (Analyzer._prepared_only): the same results."""
    cascade, full = pair
    texts = _texts(REPO / corpus)
    found = []
    for i in range(0, len(texts), 256):
        found += cascade.analyze_batch([(t, "StrContent") for t in texts[i:i + 256]])
    assert [_key(r) for r in found] == [_key(full.analyze(t, "StrContent")) for t in texts]
    assert sum("PERSON" in [r.entity_type for r in rs] for rs in found) > 10


def test_same_findings_on_the_sample_exports(pair, tmp_path):
    cascade, full = pair
    exports = REPO / "sample_exports"
    options = ScanOptions(jobs=1)
    fast = scan([exports], options, analyzer=cascade)
    slow = scan([exports], options, analyzer=full)
    assert fast.findings and [dataclasses.astuple(f) for f in fast.findings] == [dataclasses.astuple(f) for f in slow.findings]
    # record by record with every field (names registered as the scan does), not only where findings are
    definitions = load_definitions()
    names = collect_names(iter_records([exports], ScanResult()), definitions)
    cascade.register_names(names, replace=True)
    full.register_names(names, replace=True)
    skipped = 0
    for record in iter_records([exports], ScanResult()):
        expected = _key(full.analyze(record.text, record.field))
        assert _key(cascade.analyze(record.text, record.field)) == expected, (record.file, record.locator)
        skipped += not cascade.prefilter.candidates(fold(record.text), record.field)
    assert skipped  # the prefilter did keep some records from Presidio


def _vocabulary() -> list[str]:
    """Every word the recognizers' definitions name: context words, labels, titles, term-list
    entries (a sample), unit and place words, and made-up values that validate."""
    definitions = load_definitions()
    words: set[str] = set()
    for spec in definitions.recognizers:
        words.update(spec.context)
        words.update(spec.negative_context)
        words.update(spec.field_context)
        for key in ("labels", "titles", "greeting_after", "relations", "room_after", "place_suffixes",
                    "not_after_title", "not_followed_by"):
            value = spec.options.get(key)
            if isinstance(value, list):
                words.update(value)
        requires = spec.options.get("requires")
        if isinstance(requires, dict):
            words.update(requires.get("words") or ())
    analyzer = Analyzer(cascade=False)
    for recognizer in analyzer.engine.registry.recognizers:
        automaton = getattr(recognizer, "automaton", None)
        if automaton is not None:
            terms = sorted(automaton.keys())
            words.update(random.Random(7).sample(terms, min(400, len(terms))))
    rng = random.Random(11)
    values = [synth.mobile(rng), synth.id_number(rng), synth.bank_card(rng), synth.email(rng), synth.qq_number(rng),
              synth.licence_plate(rng), synth.passport(rng), synth.person_name(rng), synth.wechat_id(rng)]
    for _ in range(30):
        values += [synth.mobile(rng), synth.person_name(rng), synth.id_number(rng)]
    return sorted(words | set(values) | {"朝阳区", "幸福路", "88号", "3栋", "2单元", "501室", "杭州市", "西湖区",
                                         "1990年3月7日", "39.9042,116.4074", "[位置]", "wxid_abc123", "A栋",
                                         "村", "三组", "一三八一二三四五六七八", "１３８１２３４５６７８"})


VOCABULARY = _vocabulary()
PIECES = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(alphabet="0123456789 -.:：，,@[]\nXx一二三四五六七八九十号楼栋室区县", min_size=1, max_size=14),
    st.text(min_size=1, max_size=4),
)
FIELDS = st.sampled_from(["", "StrContent", "text", "telephone", "地址", "姓名", "Remark", "location@label",
                          "备注", "birthday", "qq", "身份证"])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, min_size=1, max_size=8), field=FIELDS)
def test_same_results_on_strings_built_from_the_recognizers_vocabulary(pair, pieces, field):
    cascade, full = pair
    text = "".join(pieces)
    assert _key(cascade.analyze(text, field)) == _key(full.analyze(text, field))


def test_a_known_name_reaches_the_person_recognizer(pair):
    cascade, full = pair
    for analyzer in pair:
        analyzer.register_names(["欧阳娜娜"], replace=True)
    text = "昨天欧阳娜娜来过"
    assert [r.entity_type for r in cascade.analyze(text)] == ["PERSON"] == [r.entity_type for r in full.analyze(text)]


def test_plain_chat_never_reaches_presidio(pair):
    cascade, _ = pair
    # Running Chinese text is a candidate for the PERSON name model only (issue 9: names in running
    # text with no label or title); no other recognizer is selected, and text without two Han
    # characters (or one beside a Latin letter or a middle dot: 张x, 张·) never reaches Presidio.
    for text in ("好的，谢谢", "明天下午3点到店", "一共680元", "[图片]", "哈哈哈 okk"):
        mask = cascade.prefilter.candidates(text, "StrContent")
        assert set(cascade.prefilter.names(mask)) <= {"CnPersonRecognizer"}, text
    for text in ("[ok]", "okk 123", "👍👍"):
        assert cascade.prefilter.candidates(text, "StrContent") == 0, text


def test_plain_chat_with_no_name_skips_presidio_once_the_name_model_has_spoken(pair, monkeypatch):
    """The name model reads every running Chinese line; when it (and the rules it carries) finds nothing,
    the line reaches no Presidio call at all. A line with a name still does, with the same findings."""
    cascade, full = pair
    calls = []
    original = cascade.engine_for
    monkeypatch.setattr(cascade, "engine_for", lambda mask: calls.append(mask) or original(mask))
    plain = [("好的，谢谢", "StrContent"), ("明天下午3点到店", "StrContent"), ("一共680元", "StrContent")]
    assert cascade.analyze_batch(plain) == [[], [], []]
    assert calls == []
    named = [("好的，谢谢", "StrContent"), ("收件人：王建国，明天到", "StrContent"), ("王建国电话13812345678", "StrContent")]
    found = cascade.analyze_batch(named)
    for (text, field), results in zip(named, found):
        assert _key(results) == _key(full.analyze(text, field))
    assert "PERSON" in [r.entity_type for r in found[1]] and "PHONE_NUMBER" in [r.entity_type for r in found[2]]
    # a line where only the name recognizer can fire takes its prepared results (scored by the same
    # context enhancer) without a Presidio call; a line with a phone number too makes one call
    assert len(calls) == 1


def test_a_batch_recognizer_is_called_once_per_batch_with_only_its_candidates():
    """engine/batch.py: the hook the name model uses. Its results go through Presidio like any other."""
    from handover_scan.engine.batch import BatchRecognizer
    from handover_scan.engine.recognizers import RECOGNIZER_CLASSES, DataPatternRecognizer
    from handover_scan.scan import analyze_records
    from handover_scan.records import Record

    calls = []

    class Batched(BatchRecognizer, DataPatternRecognizer):
        def analyze_texts(self, texts):
            calls.append(list(texts))
            return [DataPatternRecognizer.analyze(self, t, None) for t in texts]

    RECOGNIZER_CLASSES["BatchedPhone"] = Batched
    try:
        definitions = load_definitions()
        specs = tuple(dataclasses.replace(s, kind="BatchedPhone") if s.name == "CnPhoneRecognizer" else s
                      for s in definitions.recognizers)
        batched = Analyzer(dataclasses.replace(definitions, recognizers=specs))
    finally:
        del RECOGNIZER_CLASSES["BatchedPhone"]
    texts = ["电话13812345678", "好的", "手机 139 1234 5678 谢谢", "一共680元"]
    records = [Record("f", "x", f"row:{i}", "c", "s", "StrContent", t) for i, t in enumerate(texts)]
    found = analyze_records(batched, records, b"k")
    assert calls == [["电话13812345678", "手机 139 1234 5678 谢谢"]]
    assert [[f.entity_type for f in r] for r in found] == [["PHONE_NUMBER"], [], ["PHONE_NUMBER"], []]
    reference = Analyzer(cascade=False)
    assert [_key(batched.analyze(t)) for t in texts] == [_key(reference.analyze(t)) for t in texts]


@pytest.mark.parametrize("text", [
    "paſſport：E12345678",  # ſ case-folds to s: the recognizer's context search (IGNORECASE) finds passport
    "电话１３８１２３４５６７８", "电话1381234\n5678", "qq：１２３４５６", "小美，138.1234.5678",
    "护照ＥＡ１２３４５６７", "身份证：" + synth.id_number(random.Random(3)).translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")),
])
def test_same_results_on_folding_and_wrapping_edge_cases(pair, text):
    cascade, full = pair
    expected = _key(full.analyze(text))
    assert expected and _key(cascade.analyze(text)) == expected


def test_a_user_recognizer_without_requires_always_runs(tmp_path):
    """--recognizers folders: a definition that says nothing about what it needs is never prefiltered out."""
    (tmp_path / "order.yaml").write_text(
        "name: ShopOrderRecognizer\nentity: PHONE_NUMBER\npatterns:\n"
        "  - name: order\n    regex: '(?<![A-Z])ORD[A-Z]{3}(?![A-Z])'\n    score: medium\n"
        "context: []\nnegative_context: []\nfield_context: []\n", encoding="utf-8")
    cascade, full = Analyzer(extra_dirs=(tmp_path,)), Analyzer(extra_dirs=(tmp_path,), cascade=False)
    for text in ("单号ORDABC", "好的ORDXYZ谢谢"):
        assert "ShopOrderRecognizer" in cascade.prefilter.names(cascade.prefilter.candidates(text, ""))
        expected = _key(full.analyze(text))
        assert [k[4] for k in expected] == ["ShopOrderRecognizer"] and _key(cascade.analyze(text)) == expected


def test_a_user_requires_pattern_means_what_the_regex_module_reads(tmp_path):
    """The prefilter compiles `requires` with the standard library's re where it can; re reads
    [[:digit:]] as a set of [ : d i g t followed by ], the regex module (the recognizer) as a digit."""
    (tmp_path / "order.yaml").write_text(
        "name: ShopOrderRecognizer\nentity: PHONE_NUMBER\nrequires: '[[:digit:]]'\npatterns:\n"
        "  - name: order\n    regex: 'ORD\\d{6}'\n    score: medium\n"
        "context: []\nnegative_context: []\nfield_context: []\n", encoding="utf-8")
    cascade, full = Analyzer(extra_dirs=(tmp_path,)), Analyzer(extra_dirs=(tmp_path,), cascade=False)
    expected = _key(full.analyze("单号ORD123456"))
    assert [k[4] for k in expected] == ["ShopOrderRecognizer"] and _key(cascade.analyze("单号ORD123456")) == expected


def test_patterns_that_need_a_digit_are_read_off_the_pattern():
    """The prefilter fails these on a line without a digit without searching (prefilter_patterns.needs_digit):
    only patterns every match of which holds a digit may be among them. Conditions of one character are
    answered per character (one_character): only patterns that match exactly one character and assert nothing."""
    import re

    from handover_scan.engine.prefilter_patterns import needs_digit, one_character

    for pattern in (r"[0-9]", r"\d{4}[ -]?\d{4}", r"\d(?:号|栋)", r"(?<![0-9])\d{6}", r"ab[0-9]+c",
                    r"(?:\d{4})|(?:\d号)"):
        assert needs_digit(re.compile(pattern)), pattern
    for pattern in (r"[0-9一二三]", r"\d?x", r"(?:\d|x)", r"\d|x", r"[^0-9]", r"x\d*", r"[0-9a]", r"(?:\d{4})|(?:x号)"):
        assert not needs_digit(re.compile(pattern)), pattern
    for pattern in (r"[0-9]", r"@", r"\[", r"[区县旗]", r"[^0-9]"):
        assert one_character(re.compile(pattern)), pattern
    for pattern in (r"\d{2}", r"[0-9]?", r"(?<!x)[0-9]", r"^@", r"ab", r"(?i)[a-z]", r"[0-9]|ab"):
        assert not one_character(re.compile(pattern)), pattern


def test_the_name_model_can_be_switched_off_for_the_benchmark():
    """Analyzer(name_model=False): PERSON by its rules alone (bench_cascade measures what the model adds)."""
    text = "明天让李建国把货送过去"
    with_model = [r.entity_type for r in Analyzer().analyze_batch([(text, "StrContent")])[0]]
    without = [r.entity_type for r in Analyzer(name_model=False).analyze_batch([(text, "StrContent")])[0]]
    assert with_model == ["PERSON"] and without == []


@pytest.mark.parametrize("text", ["张x", "李X", "张A:", "张Xiao", "张x123", "王B\n", "A郭", "y徐", "Ａ先👍士", "张·", "#欧·罗"])
def test_a_surname_beside_latin_letters_reaches_the_name_model(pair, text):
    """The name model reads a surname beside Latin letters (张x, 李X, A郭: a name written half in pinyin or
    initials) as a name with one Han character in the line: the prefilter must not keep such a line from it."""
    cascade, full = pair
    expected = _key(full.analyze(text, "StrContent"))
    assert "PERSON" in [k[0] for k in expected]  # the reference does find a name: the comparison can fail
    assert _key(cascade.analyze(text, "StrContent")) == expected
    assert [_key(r) for r in cascade.analyze_batch([(text, "StrContent")])] == [expected]


def test_words_beside_a_lone_surrogate_and_other_scripts_select_the_same_recognizers(pair):
    """The prefilter's automaton reads UTF-8 bytes (engine/prefilter.py _as_bytes): a word is found after
    characters of every width (1-4 bytes, and a lone surrogate as bad input leaves it), and only there."""
    cascade, full = pair
    for text in ("\ud800头疼三天了", "é头疼", "😀收件人：王建国", "𠀀发烧", "头\ud800疼", "ſ13812345678"):
        mask = cascade.prefilter.candidates(fold(text), "StrContent")
        expected = _key(full.analyze(text, "StrContent"))
        assert _key(cascade.analyze(text, "StrContent")) == expected, text
        if expected:
            assert mask, text
    # the surrogate's bytes neither make nor break a word: it selects what a punctuation mark does there
    select = cascade.prefilter.candidates
    assert select("头\ud800疼", "") == select("头。疼", "") != select("头疼", "")
    assert select("\ud800头疼", "") == select("。头疼", "") == select("头疼", "")
    assert "CnMedicalTermRecognizer" in cascade.prefilter.names(select("\ud800头疼", ""))


def test_a_text_seen_before_gets_copies_of_its_results_until_names_change():
    """Analyzer._seen: a repeated (text, field) is not analyzed again; the caller gets its own copies, and
    registering names (which can change a text's results) forgets them."""
    analyzer = Analyzer()
    text = "昨天欧阳娜娜来过，电话13812345678"
    first = analyzer.analyze(text, "StrContent")
    assert "PHONE_NUMBER" in [r.entity_type for r in first]
    first[0].score = -1.0  # a caller's change stays the caller's
    again = analyzer.analyze(text, "StrContent")
    assert _key(again) == _key(Analyzer(cascade=False).analyze(text, "StrContent")) and again[0].score > 0
    assert (text, "StrContent") in analyzer._seen
    analyzer.register_names(["欧阳娜娜"], replace=True)
    assert not analyzer._seen
    full = Analyzer(cascade=False)
    full.register_names(["欧阳娜娜"], replace=True)
    expected = _key(full.analyze(text, "StrContent"))
    assert "PERSON" in [k[0] for k in expected]
    assert _key(analyzer.analyze(text, "StrContent")) == expected == _key(analyzer.analyze(text, "StrContent"))


def test_a_batch_that_fails_to_prepare_leaves_nothing_prepared(monkeypatch):
    """analyze_batch's clean-up covers prepare_batch too: masks kept from a failed batch would be used by
    later analyze() calls of the same texts, even after register_names changed what they select."""
    analyzer = Analyzer()
    batcher = analyzer._batchers[0][1]

    def broken(texts):
        raise RuntimeError("model failed")

    monkeypatch.setattr(batcher, "analyze_texts", broken)
    with pytest.raises(RuntimeError):
        analyzer.analyze_batch([("王小明说他明天来", "StrContent")])
    assert not analyzer._batch_masks and batcher._prepared is None


def test_a_batch_recognizer_with_its_own_enhance_step_goes_through_presidio(monkeypatch):
    """A line only the name model could fire on skips Presidio (Analyzer._prepared_only), whose per-recognizer
    enhance_using_context step is then not run: only right while that step is the identity."""
    from handover_scan.engine.person import PersonRecognizer

    def drop_all(self, text, raw_recognizer_results, other_raw_recognizer_results, nlp_artifacts, context=None):
        return []

    monkeypatch.setattr(PersonRecognizer, "enhance_using_context", drop_all)
    cascade, full = Analyzer(), Analyzer(cascade=False)
    text = "王小明说他明天来"
    assert _key(full.analyze(text, "StrContent")) == []
    assert [_key(r) for r in cascade.analyze_batch([(text, "StrContent")])] == [[]]
