"""Shared by the fuzz targets (tests/test_fuzz_*.py): budgets, mutators, the properties every input must keep.

In the normal suite each target runs a short, seeded budget (FUZZ_EXAMPLES, default 25, derandomized).
`make fuzz` sets FUZZ_SECONDS: each target then keeps drawing fresh random inputs until its share of the
time is spent, and appends its count of inputs (and of failures, which stop it) to FUZZ_STATS.
"""

from __future__ import annotations

import json
import os
import random
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FILES = Path(__file__).parent / "fixtures" / "exports" / "files"
SECONDS = float(os.environ.get("FUZZ_SECONDS", "0"))
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
STATS = os.environ.get("FUZZ_STATS", "")
TEXT_TYPES = (str,)

_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
           HealthCheck.filter_too_much, HealthCheck.large_base_example]
SHORT = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                 suppress_health_check=_CHECKS, print_blob=True)
LONG = settings(max_examples=500, derandomize=False, deadline=None, database=None,
                suppress_health_check=_CHECKS, print_blob=True)


def run_budget(name: str, body, *strategies) -> None:
    """body(*drawn) under @given(*strategies): once with the short seeded budget (normal suite), or again
    and again with fresh random inputs until FUZZ_SECONDS is spent (make fuzz)."""
    counter = [0]

    def counted(drawn):
        counter[0] += 1
        body(*drawn)

    if not SECONDS:
        SHORT(given(st.tuples(*strategies))(counted))()
        return
    deadline = time.monotonic() + SECONDS
    try:
        while time.monotonic() < deadline:
            LONG(given(st.tuples(*strategies))(counted))()
    finally:
        if STATS:
            with open(STATS, "a", encoding="utf-8") as f:
                f.write(json.dumps({"target": name, "inputs": counter[0]}) + "\n")


def fixtures(*suffixes: str) -> list[Path]:
    return sorted(p for p in FILES.iterdir() if p.is_file() and p.name.endswith(suffixes))


# Values a field of a chat export could be given by a broken or hostile exporter.
json_leaf = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=40),
                      st.sampled_from(["13809722233", "110101199003074514", "", " ", "我", "\x00", "[/b]", "\u202e"]))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                          max_leaves=12)


def replace_somewhere(document, rng: random.Random, value):
    """document with one value (at a random path) replaced by value; the path's keys stay."""
    if not isinstance(document, (dict, list)) or not document:
        return value
    containers = []
    stack = [document]
    while stack:
        item = stack.pop()
        if isinstance(item, (dict, list)) and item:
            containers.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    target = rng.choice(containers)
    if isinstance(target, dict):
        target[rng.choice(list(target))] = value
    else:
        target[rng.randrange(len(target))] = value
    return document


def mutate_bytes(data: bytes, rng: random.Random, rounds: int) -> bytes:
    """Byte-level damage: cut, flip, insert, delete, duplicate a range, splice in a hostile token."""
    buf = bytearray(data)
    tokens = [b"\x00", b"\xff\xfe", b'"', b"\\", b"{", b"[", b"]]]]", b"\r", b"\n" * 3, b"\xe4\xb8",
              "\u202e".encode(), b"PK\x03\x04", b"9" * 40, b",,,,", b"'", b"<", b"]]>"]
    for _ in range(rounds):
        if not buf:
            buf += rng.choice(tokens)
            continue
        op = rng.randrange(6)
        at = rng.randrange(len(buf))
        if op == 0:
            del buf[rng.randrange(len(buf)):]
        elif op == 1:
            buf[at] ^= 1 << rng.randrange(8)
        elif op == 2:
            buf[at:at] = rng.choice(tokens)
        elif op == 3:
            del buf[at:at + rng.randrange(1, 16)]
        elif op == 4:
            end = min(len(buf), at + rng.randrange(1, 256))
            buf[at:at] = buf[at:end] * rng.randrange(1, 4)
        else:
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
    return bytes(buf)


PLANTED = ("13809722233", "18812633920", "13868106871", "15105032582", "13958202938", "420111195404035644",
           "110101199003074514")


def check_result(records, result) -> None:
    """What every input must keep: records are all text; every file is listed; errors are words, no values."""
    for record in records:
        for name in ("file", "format", "locator", "conversation", "data_subject", "field", "text", "sender",
                     "timestamp"):
            assert isinstance(getattr(record, name), str), (name, type(getattr(record, name)))
    assert result.files, "every input file is listed"
    for report in result.files:
        assert isinstance(report.error, str) and isinstance(report.skipped, str)
        assert "Traceback" not in report.error
        assert not any(value in report.error for value in PLANTED), report.error


if __name__ == "__main__":  # make fuzz: sum up FUZZ_STATS
    import sys

    totals: dict[str, int] = {}
    for line in Path(sys.argv[1]).read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        totals[entry["target"]] = totals.get(entry["target"], 0) + entry["inputs"]
    for target, count in sorted(totals.items()):
        print(f"{target:16} {count:>9,} inputs")
    print(f"{'total':16} {sum(totals.values()):>9,} inputs")
