"""Character features of the PERSON name model, shared by training and the run-time decoder.

Every feature depends on one character at a fixed offset or on one pair of characters, so the
trained weights compile into per-character and per-pair tables (`person_model.py` decodes with
table lookups, no feature strings at run time). Changing anything here changes the model:
retrain with `tools/train_person_crf.py`.

>>> char_type("张"), char_type("7"), char_type("a"), char_type("，")
('han', 'digit', 'latin', 'punct')
>>> sorted(features(["<s>", "<s>", "王", "小", "明", "</s>", "</s>"], 2, frozenset("王"), frozenset()))[:4]
['b', 'c-1=<s>', 'c-2=<s>', 'c0=王']
"""

from __future__ import annotations

from pathlib import Path

BOS, EOS = "<s>", "</s>"
UNIGRAM_OFFSETS = (-2, -1, 0, 1, 2)
SURNAME_OFFSETS = (-2, -1, 0)
TYPE_OFFSETS = (-1, 0, 1)
# Pair features: name -> (offset of the first character, offset of the second). PAIRS is the
# default set; a model may be trained with more (ALL_PAIRS, chosen by tools/cv_person_crf.py) and
# records its own in the npz (`pair_names`, `pair_offsets`), which the decoder reads.
PAIRS = {"pc": (-1, 0), "cn": (0, 1), "pn": (-1, 1)}
ALL_PAIRS = {**PAIRS, "pp": (-2, -1), "nn": (1, 2)}
# The compound-surname flag rides on the pair tables: it fires for the pair that forms one.
COMPOUND_ON = ("pc", "cn")
CHAR_TYPES = ("han", "digit", "latin", "punct", "space", "other", "bos", "eos")


def char_type(ch: str) -> str:
    """A coarse class of one character; code-point ranges only, so numpy can do the same."""
    if ch == BOS:
        return "bos"
    if ch == EOS:
        return "eos"
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF:
        return "han"
    if 0x30 <= cp <= 0x39 or 0xFF10 <= cp <= 0xFF19:
        return "digit"
    if 0x41 <= cp <= 0x5A or 0x61 <= cp <= 0x7A or 0xFF21 <= cp <= 0xFF3A or 0xFF41 <= cp <= 0xFF5A:
        return "latin"
    if cp in (0x20, 0x3000, 0x09, 0x0A, 0x0D):
        return "space"
    if 0x21 <= cp <= 0x7E or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFF65 or 0x2000 <= cp <= 0x206F:
        return "punct"
    return "other"


def load_surnames(path: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(single-character surnames, compound surnames) from recognizers/data/cn_surnames.txt."""
    single: set[str] = set()
    compound: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        for word in line.split():
            (single if len(word) == 1 else compound).add(word)
    return frozenset(single), frozenset(compound)


def padded(text: str) -> list[str]:
    return [BOS, BOS, *text, EOS, EOS]


def features(chars: list[str], i: int, surnames: frozenset[str], compounds: frozenset[str],
             pairs: dict[str, tuple[int, int]] = PAIRS) -> list[str]:
    """Feature strings for position i of a padded character list (see `padded`)."""
    out = ["b"]
    for k in UNIGRAM_OFFSETS:
        out.append(f"c{k}={chars[i + k]}")
    for k in SURNAME_OFFSETS:
        if chars[i + k] in surnames:
            out.append(f"s{k}")
    for k in TYPE_OFFSETS:
        out.append(f"t{k}={char_type(chars[i + k])}")
    for name, (a, b) in pairs.items():
        pair = chars[i + a] + chars[i + b] if BOS not in (chars[i + a], chars[i + b]) and EOS not in (chars[i + a], chars[i + b]) else None
        if pair is not None:
            out.append(f"{name}={pair}")
            if name in COMPOUND_ON and pair in compounds:
                out.append(f"k{name}")
    return out


def sentence_features(text: str, surnames: frozenset[str], compounds: frozenset[str],
                      pairs: dict[str, tuple[int, int]] = PAIRS) -> list[list[str]]:
    chars = padded(text)
    return [features(chars, i, surnames, compounds, pairs) for i in range(2, len(chars) - 2)]
