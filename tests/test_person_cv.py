"""The name model's cross-validation tooling (tools/cv_person_crf.py): folds partition Weibo train,
the training list weights Weibo as asked and augments only from the sentences it is given."""

import sys

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))

import cv_person_crf as cv  # noqa: E402
import train_person_crf as tp  # noqa: E402


def labelled(text: str, name: str) -> tuple[str, list[str]]:
    start = text.index(name)
    tags = ["O"] * len(text)
    tags[start] = "B"
    for i in range(start + 1, start + len(name)):
        tags[i] = "I"
    return text, tags


def test_folds_partition_the_sentences_without_overlap():
    data = [(f"句子{i}", ["O"] * 3) for i in range(10)]
    parts = cv.folds(data, 3, seed=13)
    assert len(parts) == 3
    assert sorted(s for part in parts for s in part) == sorted(data)
    assert {len(part) for part in parts} == {3, 4}
    assert cv.folds(data, 3, seed=13) == parts  # seeded: the same folds on every run


def test_build_training_repeats_weibo_and_augments_only_given_sentences():
    weibo = [labelled("今天和王建国吃饭", "王建国"), ("天气不错", ["O"] * 4)]
    msra = [labelled("记者李明华报道", "李明华")]
    surnames = frozenset("王李")
    out = tp.build_training(weibo, msra, surnames, seed=13, weibo_weight=3)
    assert out[:6] == weibo * 3
    assert out[6] == msra[0]
    extra = out[7:]
    assert extra, "the name sentences give 小X/老X or given-name copies"
    for text, tags in extra:
        assert len(text) == len(tags)
        assert text.startswith(("今天和", "记者"))  # drawn from the given sentences, nothing else
    unweighted = tp.build_training(weibo, msra, surnames, seed=13, weibo_weight=1)
    assert unweighted[:3] == weibo + msra
