"""The evaluation corpus figures must not slide below the targets of the recognizer issue."""

import json

import pytest

from conftest import REPO, run_cli
from handover_scan.evaluation import DEFAULT_CORPUS, evaluate, match_spans

TARGETS = {"CN_ID_CARD": 0.99, "PHONE_NUMBER": 0.99, "BANK_CARD": 0.99, "EMAIL": 0.99,
           "BIRTH_DATE": 0.95, "ADDRESS": 0.95, "MEDICAL": 0.90, "PERSON": 0.90}
NUMERIC = ("CN_ID_CARD", "PHONE_NUMBER", "BANK_CARD", "QQ_NUMBER", "PASSPORT", "HK_MACAO_TW_PERMIT", "SOCIAL_SECURITY",
           "MEDICAL_RECORD_NO", "BIRTH_DATE")


@pytest.fixture(scope="module")
def result(analyzer):
    return evaluate(DEFAULT_CORPUS, analyzer)


@pytest.mark.parametrize("entity,target", sorted(TARGETS.items()))
def test_targets(result, entity, target):
    counts = result.per_entity[entity]
    assert counts.support >= 100, f"{entity}: too few gold spans to measure"
    assert counts.precision >= target and counts.recall >= target, (entity, counts)


def test_every_entity_type_is_measured(result, analyzer):
    assert set(analyzer.definitions.entities) <= set(result.per_entity)


def test_corpus_has_200_hard_negatives_per_numeric_type():
    records = [json.loads(line) for line in DEFAULT_CORPUS.read_text("utf-8").splitlines()]
    for entity in NUMERIC:
        assert sum(entity in r.get("hard_negative_for", ()) for r in records) >= 200, entity
    for r in records:
        for start, end, _ in r["spans"]:
            assert 0 <= start < end <= len(r["text"])


def test_corpus_generated_values_validate():
    from handover_scan.checks import VALIDATORS

    records = [json.loads(line) for line in DEFAULT_CORPUS.read_text("utf-8").splitlines()]
    checks = {"CN_ID_CARD": lambda v: VALIDATORS["cn_resident_id"](v) or VALIDATORS["cn_resident_id_15"](v),
              "PHONE_NUMBER": VALIDATORS["cn_phone"], "BANK_CARD": VALIDATORS["bank_card"], "EMAIL": VALIDATORS["email"]}
    fold = str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx")
    for r in records:
        for start, end, entity in r["spans"]:
            if entity in checks:
                assert checks[entity](r["text"][start:end].translate(fold)), (entity, r["id"])


def test_corpus_is_what_the_generator_writes(tmp_path):
    import subprocess
    import sys

    before = DEFAULT_CORPUS.read_bytes()
    subprocess.run([sys.executable, str(REPO / "eval" / "make_corpus.py")], check=True, capture_output=True)
    assert DEFAULT_CORPUS.read_bytes() == before


def test_span_matching_rules():
    gold = [(0, 10, "PHONE_NUMBER"), (20, 30, "PERSON")]
    # exact, wrong type on the right span, and a partial overlap below the IoU threshold
    tps, fns, fps = match_spans(gold, [(0, 10, "PHONE_NUMBER"), (20, 30, "ADDRESS")])
    assert len(tps) == 1 and fns == [(20, 30, "PERSON")] and fps == [(20, 30, "ADDRESS")]
    tps, fns, fps = match_spans(gold, [(0, 5, "PHONE_NUMBER"), (21, 30, "PERSON")])
    assert [g for g, _ in tps] == [(20, 30, "PERSON")] and fns == [(0, 10, "PHONE_NUMBER")]


def test_eval_command_prints_the_table():
    proc = run_cli("eval")
    assert proc.returncode == 0, proc.stderr
    assert "| CN_ID_CARD |" in proc.stdout and "precision" in proc.stdout
