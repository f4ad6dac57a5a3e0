"""Exact and overlap F1 of the PERSON name model on public test splits it did not train on.

  Weibo NER test (hltcoe/golden-horse @ 7a73c08e, data/weiboNER_2nd_conll.test; PER.NAM only)
  MSRA NER test  (OYE93/Chinese-NLP-Corpus @ e9bb5b5f, NER/MSRA/msra_test_bio.txt)
  false names per 1,000 name-free clauses: Weibo dev+test cut at punctuation (the study's measure)

The corpora are fetched, never committed (see tools/train_person_crf.py for how to get them).
Rows: the model alone (find_names), and the whole analyzer's PERSON findings at the gate
(rules + model, score >= 0.5). exact = same start and end; overlap = IoU >= 0.5, one-to-one.

Run:  nice python tools/eval_person_model.py --corpora /tmp/models_corpora
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

from train_person_crf import read_conll, spans  # noqa: E402

from handover_scan.evaluation import iou  # noqa: E402


def score(gold: list[list[tuple[int, int]]], pred: list[list[tuple[int, int]]], overlap: bool) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        if overlap:
            pairs = sorted(((iou(a, b), i, j) for i, a in enumerate(g) for j, b in enumerate(p)), reverse=True)
            used_g, used_p = set(), set()
            for v, i, j in pairs:
                if v >= 0.5 and i not in used_g and j not in used_p:
                    used_g.add(i)
                    used_p.add(j)
            hits = len(used_g)
        else:
            hits = len(set(g) & set(p))
        tp += hits
        fp += len(p) - hits
        fn += len(g) - hits
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def clauses(sentences):
    """Weibo messages cut at punctuation: chat-sized clauses with their own name spans."""
    out = []
    for text, tags in sentences:
        start = 0
        for m in re.finditer(r"[，。！？!?；;\s]+|$", text):
            if m.start() > start:
                out.append((text[start:m.start()], tags[start:m.start()]))
            start = m.end()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=Path("/tmp/models_corpora"))
    ap.add_argument("--no-analyzer", action="store_true", help="model alone only (faster)")
    args = ap.parse_args()
    from handover_scan.engine.person_model import find_names

    analyzer = None
    if not args.no_analyzer:
        from handover_scan.engine.analyzer import Analyzer

        analyzer = Analyzer()
    sets = {
        "Weibo NER test": read_conll(args.corpora / "weibo.test", "weibo"),
        "MSRA test": read_conll(args.corpora / "msra.test", "bio"),
    }
    print("| corpus | names | model alone: exact P/R/F1 | overlap F1 | rules + model at the gate: exact P/R/F1 | overlap F1 |")
    print("|---|---:|---|---:|---|---:|")
    for name, data in sets.items():
        texts = [t for t, _ in data]
        gold = [spans(tags) for _, tags in data]
        model = [[(s, e) for s, e, _ in found] for found in find_names(texts)]
        row = [name, str(sum(map(len, gold)))]
        p, r, f = score(gold, model, False)
        row += [f"{p:.2f}/{r:.2f}/**{f:.2f}**", f"{score(gold, model, True)[2]:.2f}"]
        if analyzer is not None:
            full = [[(x.start, x.end) for x in analyzer.analyze(t) if x.entity_type == "PERSON" and x.score >= 0.5]
                    for t in texts]
            p, r, f = score(gold, full, False)
            row += [f"{p:.2f}/{r:.2f}/**{f:.2f}**", f"{score(gold, full, True)[2]:.2f}"]
        else:
            row += ["-", "-"]
        print("| " + " | ".join(row) + " |")
    free = [t for t, tags in clauses(read_conll(args.corpora / "weibo.dev", "weibo")
                                     + read_conll(args.corpora / "weibo.test", "weibo")) if "B" not in tags and t]
    t0 = time.process_time()
    found = find_names(free)
    dt = time.process_time() - t0
    bad = sum(1 for spans_ in found if any(e - s >= 2 for s, e, _ in spans_))
    print(f"\nname-free Weibo dev+test clauses: {len(free)}; clauses with a false name (model alone, 2+ chars): "
          f"{bad} = {1000 * bad / len(free):.1f} per 1,000 ({dt / len(free) * 1e6:.1f} µs CPU per clause)")
    if analyzer is not None:
        bad = sum(1 for t in free if any(x.entity_type == "PERSON" and x.score >= 0.5 for x in analyzer.analyze(t)))
        print(f"with the rules, at the gate (score >= 0.5): {bad} = {1000 * bad / len(free):.1f} per 1,000")
        import json

        for corpus in ("eval/corpus.jsonl", "eval/probe/chats.jsonl", "eval/heldout/chats.jsonl"):
            records = [json.loads(line) for line in (ROOT / corpus).read_text("utf-8").splitlines() if line.strip()]
            free_records = [r for r in records if not any(t == "PERSON" for _, _, t in r["spans"])]
            bad = 0
            for r in free_records:
                analyzer.register_names(r.get("known_names", ()), replace=True)
                bad += any(x.entity_type == "PERSON" and x.score >= 0.5 for x in analyzer.analyze(r["text"]))
            print(f"{corpus}: {len(free_records)} messages without a name, {bad} with a false name at the gate "
                  f"= {1000 * bad / len(free_records):.1f} per 1,000")


if __name__ == "__main__":
    main()
