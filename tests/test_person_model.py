"""The shipped name model: the batch decoder with its gate equals exact Viterbi; the tables load."""

import itertools
import json

import numpy as np
import pytest

from conftest import REPO
from handover_scan.engine import person_features as pf
from handover_scan.engine.person_model import B, I, O, PersonModel, default_model, find_names, model_path


@pytest.fixture(scope="module")
def model() -> PersonModel:
    return default_model()


def corpus_texts() -> list[str]:
    texts = []
    for path in (REPO / "eval/corpus.jsonl", REPO / "eval/probe/chats.jsonl", REPO / "eval/heldout/chats.jsonl"):
        texts += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    return texts


def test_model_ships_beside_the_recognizers_and_is_small():
    path = model_path()
    assert path.is_file() and path.parent.name == "models" and (path.parent / "MODEL_CARD.md").is_file()
    assert path.stat().st_size < 5_000_000


def test_gated_batch_equals_exact_viterbi_on_every_corpus_message(model):
    texts = corpus_texts()
    assert len(texts) > 4000
    gated = model.find_names(texts)
    exact = model.find_names(texts, gate=None)
    assert gated == exact
    assert sum(map(bool, exact)) > 100  # the comparison covers messages with names, not only empty ones


def test_batch_equals_one_message_at_a_time(model):
    texts = ["明天让李建国把货送过去", "", "😀王小明说好的", "a", "刘芳你到了没\n张伟也来"] * 3
    assert model.find_names(texts) == [model.find_names([t])[0] for t in texts]


def _brute_force(model: PersonModel, em: np.ndarray) -> list[int]:
    best, best_path = -np.inf, None
    for path in itertools.product((B, I, O), repeat=len(em)):
        score = sum(em[i, lab] for i, lab in enumerate(path)) + sum(
            model.trans[a, b] for a, b in zip(path, path[1:]))
        if score > best:
            best, best_path = score, list(path)
    return best_path


def test_viterbi_is_the_best_path(model):
    rng = np.random.default_rng(7)
    for n in range(1, 7):
        for _ in range(5):
            em = rng.normal(0, 3, size=(n, 3))
            assert model.viterbi(em) == _brute_force(model, em)


def test_character_classes_match_the_training_features(model):
    types = list(pf.CHAR_TYPES)
    vocab_ids = set(range(2 + len(types), model.size))
    for cp in range(0, 0x10000, 7):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        row = model.ids[cp]
        if row not in vocab_ids:
            assert types[row - 2] == pf.char_type(chr(cp)), hex(cp)


def test_find_names_api_shape():
    out = find_names(["你好", "明天让李建国把货送过去"])
    assert len(out) == 2 and out[0] == []
    for start, end, confidence in out[1]:
        assert 0 <= start < end <= 11 and 0.5 <= confidence <= 1.0


def test_one_message_path_equals_the_batch(model):
    texts = corpus_texts()[::3] + ["", "a", "😀王小明说好的"]
    assert [model.find_names_one(t) for t in texts] == model.find_names(texts)
    assert [model.find_names_one(t, gate=None) for t in texts[:300]] == model.find_names(texts[:300], gate=None)


# -- inside the PERSON recognizer ------------------------------------------------------------

def persons(found, text):
    return [v for t, v, s in found(text) if t == "PERSON" and s >= 0.5]


@pytest.mark.parametrize("text,name", [
    ("明天让李建国把货送过去", "李建国"),
    ("你把钱转给周海涛就行", "周海涛"),
    ("王秀兰昨天来店里办了卡", "王秀兰"),
])
def test_model_finds_names_in_running_text(found, text, name):
    assert persons(found, text) == [name]


@pytest.mark.parametrize("text", ["祝你一路平安", "我到海燕路口了，你在哪", "中国平安的保险到期了", "杨浦那边堵车",
                                  "今天好高兴啊", "白云机场接机的人在哪", "我家宝宝今天学会走路了"])
def test_model_spans_pass_the_rules_vetoes(found, text):
    assert persons(found, text) == []


def test_rules_win_on_the_same_span_and_titles_stay(found):
    assert persons(found, "姓名：王小美") == ["王小美"]
    assert persons(found, "刚跟王总吃完饭") == ["王总"]


def test_batch_analysis_gives_the_same_findings(analyzer):
    texts = ["明天让李建国把货送过去", "你把钱转给周海涛就行", "今天好高兴啊"]
    plain = [[(r.start, r.end, r.score) for r in analyzer.analyze(t)] for t in texts]
    batch = analyzer.analyze_batch([(t, "") for t in texts])
    assert [[(r.start, r.end, r.score) for r in found] for found in batch] == plain


def test_pair_features_recorded_in_the_file_are_decoded_at_their_offsets(tmp_path):
    """A model trained with other pair features (train_person_crf.py --pairs) records them in the npz;
    the decoder adds each pair's scores where the pair sits relative to the character, in both paths."""
    vocab = sorted("王先生")
    first = 2 + len(pf.CHAR_TYPES)
    n = first + len(vocab)
    idx = {ch: first + i for i, ch in enumerate(vocab)}
    unigram = np.zeros((5, n, 3), dtype=np.float32)
    unigram[:, :, O] = 0.1  # without the pair, every character is O
    path = tmp_path / "pairs.npz"
    np.savez(path, vocab=np.array([ord(c) for c in vocab], dtype=np.int32), types=np.array(pf.CHAR_TYPES),
             unigram=unigram, transitions=np.zeros((3, 3), dtype=np.float32), labels=np.array(["B", "I", "O"]),
             pair_names=np.array(["nn"]), pair_offsets=np.array([pf.ALL_PAIRS["nn"]], dtype=np.int32),
             pair_nn_keys=np.array([idx["先"] * n + idx["生"]], dtype=np.int64),
             pair_nn_vals=np.array([[5.0, 0.0, 0.0]], dtype=np.float32))
    toy = PersonModel(path)
    seq, pos, _ = toy._encode(["王先生", "先生王"])
    em = toy._emissions(seq, pos)
    assert em[0, B] == 5.0 and em[0, O] == pytest.approx(0.5)  # 先生 at +1,+2 of 王
    assert (em[1:, B] == 0).all()  # nowhere else: not at 先 (生 + EOS), not in the second text
    assert toy.find_names(["王先生", "先生王"], gate=None) == [toy.find_names_one(t, gate=None) for t in ["王先生", "先生王"]]
    assert [(s, e) for s, e, _ in toy.find_names(["王先生"], gate=None)[0]] == [(0, 1)]


def test_a_lone_surrogate_reads_the_same_in_a_batch_as_alone(model):
    """JSON exports carry lone surrogates (a broken emoji: "\\ud83d" with its pair cut off). The batch path
    encodes every text at once as UTF-32; without surrogatepass one such text failed the whole batch
    (the scan then analyzed each record of it alone: the same findings, the batch's speed lost)."""
    from handover_scan.engine.analyzer import Analyzer

    texts = ["王小明\ud83d说他明天来", "好的", "\udfff李娜到了吗"]
    assert model.find_names(texts) == [model.find_names_one(t) for t in texts]
    analyzer = Analyzer()
    analyzer.prepare_batch([(t, "") for t in texts])  # raised UnicodeEncodeError
    try:
        assert analyzer._batch_masks
    finally:
        analyzer.release_batch()
