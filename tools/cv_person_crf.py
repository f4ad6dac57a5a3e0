"""Choose the PERSON CRF's training settings by k-fold cross-validation inside the training data.

Weibo train (the in-domain social-media text) is cut into K folds (seeded shuffle). For each fold
and each setting, the model trains on MSRA train + the other Weibo folds (+ the augmentation drawn
from those only) and is measured on the held-back fold: exact and overlap F1 of the model alone,
and false names per 1,000 name-free clauses of that fold (the eval's measure). A fixed slice of
MSRA train (`--msra-check`, never trained on in CV) is measured too, so a setting that helps Weibo
but hurts news text shows. No dev or test split of any corpus is read here, except to drop
training sentences that also occur in them (tools/train_person_crf.load_corpora).

Each (setting, fold) result is appended to `--work`/cv.jsonl, so an interrupted run resumes.
The final model is then trained once on all training data with the chosen setting
(tools/train_person_crf.py) and the test splits are measured once (tools/eval_person_model.py).

Run:  nice python tools/cv_person_crf.py --corpora /tmp/models_corpora --weights 1 6 --iterations 60 --jobs 2
      nice python tools/cv_person_crf.py --setting weibo_weight=1,pairs=pc+cn+pn+pp+nn --setting weibo_weight=1,extra=resume
      python tools/cv_person_crf.py --work /tmp/models_cv --summary      # mean table + per-fold paired view
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tools"))

import train_person_crf as tp  # noqa: E402
from eval_person_model import clauses, score  # noqa: E402

from handover_scan.engine import person_features as pf  # noqa: E402


def folds(weibo: list, k: int, seed: int) -> list[list]:
    order = list(range(len(weibo)))
    random.Random(seed).shuffle(order)
    return [[weibo[i] for i in order[f::k]] for f in range(k)]


def measure(model, data: list) -> dict:
    texts = [t for t, _ in data]
    gold = [tp.spans(tags) for _, tags in data]
    pred = [[(s, e) for s, e, _ in found] for found in model.find_names(texts)]
    p, r, f = score(gold, pred, False)
    return {"p": p, "r": r, "f1": f, "overlap_f1": score(gold, pred, True)[2], "names": sum(map(len, gold))}


def false_names(model, data: list) -> tuple[int, int]:
    free = [t for t, tags in clauses(data) if "B" not in tags and t]
    found = model.find_names(free)
    return sum(1 for s in found if any(e - b >= 2 for b, e, _ in s)), len(free)


def run_one(args: argparse.Namespace, setting: dict, fold: int) -> dict:
    from handover_scan.engine.person_model import PersonModel

    surnames, compounds = pf.load_surnames(ROOT / "recognizers/data/cn_surnames.txt")
    extra = tuple(e for e in setting.get("extra", "").split("+") if e)
    weibo, msra, _ = tp.load_corpora(args.corpora)
    # extra corpora come after MSRA in load_corpora's list; the MSRA check slice stays the same
    extra_sentences = tp.load_corpora(args.corpora, extra)[1][len(msra):] if extra else []
    rng = random.Random(args.seed)
    msra_order = list(range(len(msra)))
    rng.shuffle(msra_order)
    check = [msra[i] for i in msra_order[:args.msra_check]]
    msra_train = [msra[i] for i in msra_order[args.msra_check:]] + extra_sentences
    parts = folds(weibo, args.k, args.seed)
    held = parts[fold]
    rest = [s for f, part in enumerate(parts) if f != fold for s in part]
    sentences = tp.build_training(rest, msra_train, surnames, args.seed, setting["weibo_weight"])
    pairs = {name: pf.ALL_PAIRS[name] for name in setting.get("pairs", "pc+cn+pn").split("+")}
    tag = (f"w{setting['weibo_weight']}_c1{setting['c1']}_c2{setting['c2']}_i{setting['iterations']}"
           f"_{setting.get('extra') or 'none'}_{'+'.join(pairs)}_f{fold}")
    crf = args.work / f"{tag}.crfsuite"
    npz = args.work / f"{tag}.npz"
    tp.train(sentences, surnames, compounds, crf, setting["iterations"], setting["c1"], setting["c2"], pairs)
    tp.compile_model(crf, surnames, compounds, npz, pairs)
    model = PersonModel(npz)
    bad, n_free = false_names(model, held)
    result = {**setting, "fold": fold, "weibo_fold": measure(model, held), "msra_check": measure(model, check),
              "false_names": bad, "free_clauses": n_free, "size_mb": npz.stat().st_size / 1e6}
    crf.unlink()
    return result


def summary(rows: list[dict]) -> None:
    by: dict[tuple, list[dict]] = {}
    for row in rows:
        by.setdefault((row["weibo_weight"], row["c1"], row["c2"], row["iterations"], row.get("extra", ""),
                             row.get("pairs", "pc+cn+pn")), []).append(row)
    print("| Weibo weight | c1 | c2 | iterations | extra corpora | pair features | folds | Weibo fold exact P/R/F1 (mean) | overlap F1 | false names /1,000 | MSRA check exact F1 | MB |")
    print("|---:|---:|---:|---:|---|---|---:|---|---:|---:|---:|---:|")
    for (w, c1, c2, iters, extra, pairs), group in sorted(by.items()):
        n = len(group)
        mean = {k: sum(r["weibo_fold"][k] for r in group) / n for k in ("p", "r", "f1", "overlap_f1")}
        fn = 1000 * sum(r["false_names"] for r in group) / sum(r["free_clauses"] for r in group)
        msra = sum(r["msra_check"]["f1"] for r in group) / n
        size = max(r["size_mb"] for r in group)
        print(f"| {w} | {c1} | {c2} | {iters} | {extra or '-'} | {pairs} | {n} | {mean['p']:.3f}/{mean['r']:.3f}/**{mean['f1']:.3f}** | "
              f"{mean['overlap_f1']:.3f} | {fn:.1f} | {msra:.3f} | {size:.2f} |")
    # Paired view: settings tried on only some folds compare with the others on the same folds.
    print("\nPer fold (exact F1 on the held-back Weibo fold / false names):")
    for setting, group in sorted(by.items()):
        cells = ", ".join(f"fold {r['fold']}: {r['weibo_fold']['f1']:.3f} / {r['false_names']}"
                          for r in sorted(group, key=lambda r: r["fold"]))
        print(f"- {' '.join(map(str, setting))}: {cells}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=Path("/tmp/models_corpora"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/models_cv"))
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--msra-check", type=int, default=3000, help="MSRA train sentences held back in CV")
    ap.add_argument("--iterations", type=int, default=tp.ITERATIONS,
                    help="L-BFGS iterations in CV (fewer than the final model's on a shared machine)")
    ap.add_argument("--weights", type=int, nargs="+", default=[1], help="Weibo weights to try")
    ap.add_argument("--c1", type=float, nargs="+", default=[tp.C1])
    ap.add_argument("--c2", type=float, nargs="+", default=[tp.C2])
    ap.add_argument("--extra", nargs="+", default=[""],
                    help="extra training corpora to try, e.g. '' resume ('' = none; see train_person_crf.EXTRA)")
    ap.add_argument("--setting", action="append", default=[],
                    help="one setting instead of the grid, e.g. 'weibo_weight=1,c1=0.1,c2=0.01,extra=resume,pairs=pc+cn+pn+pp+nn' (repeatable)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--summary", action="store_true", help="only print the table of cv.jsonl")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work / "cv.jsonl"
    done = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    if not args.summary:
        def key(r: dict) -> tuple:
            return (r["weibo_weight"], r["c1"], r["c2"], r["iterations"], r.get("extra", ""),
                    r.get("pairs", "pc+cn+pn"), r["fold"])

        have = {key(r) for r in done}
        grid = [{"weibo_weight": w, "c1": c1, "c2": c2, "iterations": args.iterations, "extra": e,
                 "pairs": "pc+cn+pn"} for w in args.weights for c1 in args.c1 for c2 in args.c2 for e in args.extra]
        if args.setting:
            grid = []
            for spec in args.setting:
                given = dict(item.split("=", 1) for item in spec.split(","))
                grid.append({"weibo_weight": int(given.get("weibo_weight", tp.WEIBO_WEIGHT)),
                             "c1": float(given.get("c1", tp.C1)), "c2": float(given.get("c2", tp.C2)),
                             "iterations": int(given.get("iterations", args.iterations)),
                             "extra": given.get("extra", ""), "pairs": given.get("pairs", "pc+cn+pn")})
        # fold-major order: an interrupted run still holds paired comparisons on the same folds
        todo = [(setting, f) for f in range(args.k) for setting in grid if key({**setting, "fold": f}) not in have]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            futures = [pool.submit(run_one, args, setting, f) for setting, f in todo]
            for fut in futures:
                row = fut.result()
                done.append(row)
                with log.open("a") as fh:
                    fh.write(json.dumps(row) + "\n")
                print(json.dumps(row), flush=True)
    summary(done)


if __name__ == "__main__":
    main()
