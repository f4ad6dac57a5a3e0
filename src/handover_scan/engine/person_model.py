"""The trained PERSON name model at run time: a character CRF decoded in numpy batches.

The weights (recognizers/models/person_crf.npz, built by tools/train_person_crf.py, described in
recognizers/models/MODEL_CARD.md) are lookup tables: per character and offset (-2..+2) and per
character pair (previous+current, current+next, previous+next), three label scores B/I/O, plus a
3x3 transition matrix. No feature strings are built at run time.

Most chat messages hold no name, so `find_names` first computes for every position and name
length 1-7 the score gain of the best single name segment over the all-O path (the gate of the
research study, shared/research/person-names.md §3), and runs exact Viterbi only on messages
whose best gain exceeds GATE (-1.0). tests/test_person_model.py checks that the result equals
Viterbi on every message.

>>> from handover_scan.engine.person_model import find_names
>>> [[(s, e) for s, e, _ in spans] for spans in find_names(["明天让李建国把货送过去", "天气不错"])]
[[(3, 6)], []]
"""

from __future__ import annotations

from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from handover_scan.resources import builtin_dir

B, I, O = 0, 1, 2
MAX_NAME = 7
GATE = -1.0
PAD = 2  # BOS/EOS pads on each side of a message (the features look two characters away)
_TYPE_RANGES = {  # same ranges as person_features.char_type
    "han": [(0x4E00, 0x9FFF), (0x3400, 0x4DBF)],
    "digit": [(0x30, 0x39), (0xFF10, 0xFF19)],
    "latin": [(0x41, 0x5A), (0x61, 0x7A), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)],
    "punct": [(0x21, 0x7E), (0x3000, 0x303F), (0xFF00, 0xFF65), (0x2000, 0x206F)],
    "space": [(0x20, 0x20), (0x3000, 0x3000), (0x09, 0x09), (0x0A, 0x0A), (0x0D, 0x0D)],
}
# assignment order: later wins, so a range listed earlier in char_type is assigned last
_TYPE_ORDER = ("punct", "space", "latin", "digit", "han")


def model_path() -> Path:
    return builtin_dir() / "models" / "person_crf.npz"


class PersonModel:
    """Compiled CRF tables and the batch decoder."""

    def __init__(self, path: Path):
        data = np.load(path, allow_pickle=False)
        types = [str(t) for t in data["types"]]
        vocab = data["vocab"]
        self.size = 2 + len(types) + len(vocab)
        ids = np.full(0x110000, 2 + types.index("other"), dtype=np.int32)
        for name in _TYPE_ORDER:
            for lo, hi in _TYPE_RANGES[name]:
                ids[lo:hi + 1] = 2 + types.index(name)
        ids[vocab] = np.arange(2 + len(types), self.size, dtype=np.int32)
        self.ids = ids
        self.bos, self.eos = 0, 1
        self.unigram = data["unigram"].astype(np.float64)  # [offset -2..2, id, label]
        self.trans = data["transitions"].astype(np.float64)
        self.pairs = {}
        # the pair features the model was trained with (older files: the three default pairs)
        names = [str(x) for x in data["pair_names"]] if "pair_names" in data.files else ["pc", "cn", "pn"]
        offsets = data["pair_offsets"].tolist() if "pair_offsets" in data.files else [(-1, 0), (0, 1), (-1, 1)]
        for name, (a, b) in zip(names, offsets):
            self.pairs[name] = ((a, b), data[f"pair_{name}_keys"], data[f"pair_{name}_vals"].astype(np.float64))

    # -- one message in pure Python (no numpy call overhead: ~10x faster than a batch of one) ----
    @cached_property
    def _py(self):
        """Python copies of the tables: per offset a list of label-score tuples, pair dicts."""
        # lists straight from tolist() (C): tuples per row cost ~0.5 s per process for one unprimed text
        uni = [self.unigram[k].tolist() for k in range(5)]
        pairs = [(a, b, dict(zip(keys.tolist(), vals.tolist()))) for (a, b), keys, vals in self.pairs.values()]
        return uni, pairs, self.trans.tolist()

    def _char_id(self, ch: str) -> int:
        return int(self.ids[ord(ch)])

    def find_names_one(self, text: str, gate: float | None = GATE) -> list[tuple[int, int, float]]:
        """find_names([text])[0] without numpy in the loop: for callers that cannot batch."""
        n = len(text)
        if n == 0:
            return []
        uni, pairs, t = self._py
        ids_of = self._id_cache
        seq = [self.bos, self.bos, *[ids_of.get(c) or self._remember(c) for c in text], self.eos, self.eos]
        size = self.size
        em = []
        for i in range(PAD, n + PAD):
            b = i_ = o = 0.0
            for k in range(5):
                row = uni[k][seq[i + k - 2]]
                b += row[0]
                i_ += row[1]
                o += row[2]
            for a, c, table in pairs:
                left, right = seq[i + a], seq[i + c]
                if left > 1 and right > 1:
                    row = table.get(left * size + right)
                    if row is not None:
                        b += row[0]
                        i_ += row[1]
                        o += row[2]
            em.append((b, i_, o))
        if gate is not None and self._gain_one(em, t) <= gate:
            return []
        arr = np.array(em)
        return self._spans(self.viterbi(arr), arr)

    @cached_property
    def _id_cache(self) -> dict[str, int]:
        return {}

    def _remember(self, ch: str) -> int:
        cache = self._id_cache
        if len(cache) > 50_000:
            cache.clear()
        cache[ch] = value = int(self.ids[ord(ch)])
        return value

    @staticmethod
    def _gain_one(em: list[tuple[float, float, float]], t) -> float:
        """The gate of _gains for one message, in Python."""
        n = len(em)
        eb = [e[0] - e[2] for e in em]
        cum = [0.0]
        for e in em:
            cum.append(cum[-1] + e[1] - e[2])
        const = [0.0, t[O][B] + t[B][O] - 2 * t[O][O]]
        for L in range(2, MAX_NAME + 1):
            const.append(t[O][B] + t[B][I] + (L - 2) * t[I][I] + t[I][O] - (L + 1) * t[O][O])
        start_fix = t[O][O] - t[O][B]
        end_fix = (t[O][O] - t[B][O], t[O][O] - t[I][O])
        best = -np.inf
        for i in range(n):
            base = eb[i] + (start_fix if i == 0 else 0.0)
            for L in range(1, min(MAX_NAME, n - i) + 1):
                g = base + const[L] + (cum[i + L] - cum[i + 1] if L > 1 else 0.0)
                if i + L == n:
                    g += end_fix[0 if L == 1 else 1]
                if g > best:
                    best = g
        return best

    # -- emissions ---------------------------------------------------------------------------
    def _encode(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Concatenate messages as BOS BOS text EOS EOS ...; return ids, character positions, lengths."""
        lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
        # surrogatepass: a lone surrogate (a broken emoji in a JSON export) is its code point, as in find_names_one
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
        starts = PAD + np.r_[0, np.cumsum(lengths + 2 * PAD)[:-1]]
        seq = np.empty(int(lengths.sum()) + 2 * PAD * len(texts), dtype=np.int64)
        ends = starts + lengths
        seq[starts - 2] = seq[starts - 1] = self.bos
        seq[ends] = seq[ends + 1] = self.eos
        first = np.r_[0, np.cumsum(lengths)[:-1]]  # index of each message's first character in codes
        pos = np.arange(len(codes)) + np.repeat(starts - first, lengths)
        seq[pos] = self.ids[codes]
        return seq, pos, lengths

    def _emissions(self, seq: np.ndarray, pos: np.ndarray) -> np.ndarray:
        """Label scores [len(pos), 3] at positions `pos` of the encoded sequence."""
        em = np.zeros((len(pos), 3))
        for oi, k in enumerate((-2, -1, 0, 1, 2)):
            em += self.unigram[oi][seq[pos + k]]
        n = self.size
        for (a, b), keys, vals in self.pairs.values():
            left, right = seq[pos + a], seq[pos + b]
            key = left * n + right
            valid = (left > 1) & (right > 1)  # pairs with a pad are not features
            if len(keys) == 0:
                continue
            idx = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
            hit = valid & (keys[idx] == key)
            em[hit] += vals[idx[hit]]
        return em

    # -- decoding ----------------------------------------------------------------------------
    def viterbi(self, em: np.ndarray) -> list[int]:
        """Exact best label path of one message (emissions [n, 3]). Plain Python over 3 labels: numpy's
        per-call overhead cost ~6x more on messages of a few dozen characters. Ties go to the lower
        label, as numpy's argmax does, so the path is the one the numpy version gave."""
        n = len(em)
        if n == 0:
            return []
        rows = em.tolist()
        t = self._trans_rows
        score = rows[0]
        back = []
        for i in range(1, n):
            e = rows[i]
            step = []
            new = []
            for k in (0, 1, 2):
                best, arg = score[0] + t[0][k], 0
                v = score[1] + t[1][k]
                if v > best:
                    best, arg = v, 1
                v = score[2] + t[2][k]
                if v > best:
                    best, arg = v, 2
                step.append(arg)
                new.append(best + e[k])
            back.append(step)
            score = new
        last = 0
        if score[1] > score[last]:
            last = 1
        if score[2] > score[last]:
            last = 2
        path = [last]
        for step in reversed(back):
            path.append(step[path[-1]])
        return path[::-1]

    @cached_property
    def _trans_rows(self) -> list[list[float]]:
        return self.trans.tolist()

    def _gains(self, em: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best single-segment gain over the all-O path, per message (the gate). Names of
        length L start at i: gain = e_B(i) + sum e_I(i+1..i+L-1) + the transitions in and out
        of the segment - those of the O path it replaces (-inf for an empty message)."""
        t = self.trans
        eb = em[:, B] - em[:, O]
        cum = np.r_[0.0, np.cumsum(em[:, I] - em[:, O])]
        total = len(em)
        first = np.r_[0, np.cumsum(lengths)[:-1]]
        offset = np.arange(total) - np.repeat(first, lengths)
        left = np.repeat(lengths, lengths) - offset  # characters from i to the message end
        at_start = np.where(offset == 0, t[O, O] - t[O, B], 0.0)
        best = np.full(total, -np.inf)
        idx = np.arange(total)
        for L in range(1, MAX_NAME + 1):
            if L == 1:
                g = eb + t[O, B] + t[B, O] - 2 * t[O, O]
                last = B
            else:
                g = eb + cum[np.minimum(idx + L, total)] - cum[idx + 1] + (
                    t[O, B] + t[B, I] + (L - 2) * t[I, I] + t[I, O] - (L + 1) * t[O, O])
                last = I
            g = g + at_start + np.where(left == L, t[O, O] - t[last, O], 0.0)
            np.maximum(best, np.where(left >= L, g, -np.inf), out=best)
        out = np.full(len(lengths), -np.inf)
        nonempty = lengths > 0
        if total:
            out[nonempty] = np.maximum.reduceat(best, first[nonempty])
        return out

    def find_names(self, texts: list[str], gate: float | None = GATE) -> list[list[tuple[int, int, float]]]:
        """Name spans (start, end, confidence) per text. gate=None runs Viterbi on every text."""
        out: list[list[tuple[int, int, float]]] = [[] for _ in texts]
        if not texts:
            return out
        seq, pos, lengths = self._encode(texts)
        em = self._emissions(seq, pos)
        bounds = np.r_[0, np.cumsum(lengths)]
        if gate is None:
            todo = np.nonzero(lengths > 0)[0]
        else:
            todo = np.nonzero(self._gains(em, lengths) > gate)[0]
        for m in todo:
            e = em[bounds[m]:bounds[m + 1]]
            out[m] = self._spans(self.viterbi(e), e)
        return out

    def _spans(self, path: list[int], em: np.ndarray) -> list[tuple[int, int, float]]:
        """B I* segments; confidence = logistic of the segment's gain over labelling it O."""
        t = self.trans
        spans = []
        n = len(path)
        i = 0
        while i < n:
            if path[i] != B:
                i += 1
                continue
            j = i + 1
            while j < n and path[j] == I:
                j += 1
            labels = path[i:j]
            gain = sum(em[k, lab] - em[k, O] for k, lab in zip(range(i, j), labels))
            prev = path[i - 1] if i > 0 else None
            nxt = path[j] if j < n else None
            chain = [prev, *labels, nxt]
            plain = [prev, *([O] * len(labels)), nxt]
            for seq_ in (chain, plain):
                sign = 1 if seq_ is chain else -1
                for a, b in zip(seq_, seq_[1:]):
                    if a is not None and b is not None:
                        gain += sign * t[a, b]
            spans.append((i, j, float(1.0 / (1.0 + np.exp(-gain)))))
            i = j
        return spans


@lru_cache(maxsize=1)
def default_model() -> PersonModel:
    return PersonModel(model_path())


def find_names(texts: list[str]) -> list[list[tuple[int, int, float]]]:
    """Batch API: name spans (start, end, confidence 0.5-1.0) for each text, with the shipped model."""
    return default_model().find_names(texts)
