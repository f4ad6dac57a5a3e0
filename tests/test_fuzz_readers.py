"""Fuzz targets, one per reader family: whatever the bytes, the scan of a file never raises, every record
it yields is text, every file is listed, and an error is words, never content. Short and seeded here;
`make fuzz` runs them for longer (tests/fuzzing.py)."""

from __future__ import annotations

import io
import json
import random
import tempfile
import warnings
import zipfile
from pathlib import Path

from hypothesis import strategies as st

from fuzzing import check_result, fixtures, json_value, mutate_bytes, replace_somewhere, run_budget
from handover_scan.scan import ScanResult, iter_records

JSON_FILES = fixtures(".json", ".js")
TEXT_FILES = fixtures(".csv", ".tsv", ".txt", ".md", ".html", ".vcf", ".jsonl")
OFFICE_FILES = fixtures(".xlsx", ".docx")
ARCHIVES = fixtures(".zip")


def scan_file(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / name).write_bytes(data)
        result = ScanResult()
        records = list(iter_records([Path(folder)], result, names=True))
        check_result(records, result)


def test_fuzz_json_structure():
    """Every JSON layout (WeFlow, Telegram, PyWxDump, chatlog, MemoTrace, generic) with one value anywhere
    swapped for another type: an object where a sender name belongs, a number for a message list."""
    def body(index, seed, value):
        path = JSON_FILES[index % len(JSON_FILES)]
        text = path.read_text(encoding="utf-8-sig")
        prefix, brace = "", min((i for i in (text.find("{"), text.find("[")) if i >= 0), default=0)
        if path.suffix == ".js":  # `window.data = [...]`: keep the assignment, fuzz the literal
            prefix, text = text[:brace], text[brace:].rstrip().rstrip(";")
        try:
            document = json.loads(text)
        except json.JSONDecodeError:
            return
        document = replace_somewhere(document, random.Random(seed), value)
        scan_file(path.name, (prefix + json.dumps(document, ensure_ascii=False)).encode("utf-8"))

    run_budget("json-structure", body, st.integers(0, 10_000), st.integers(), json_value)


def test_fuzz_json_bytes():
    def body(index, seed, rounds):
        path = JSON_FILES[index % len(JSON_FILES)]
        scan_file(path.name, mutate_bytes(path.read_bytes(), random.Random(seed), rounds))

    run_budget("json-bytes", body, st.integers(0, 10_000), st.integers(), st.integers(1, 12))


def test_fuzz_text_and_csv_bytes():
    """CSV, TSV, TXT, Markdown, HTML, vCard, JSON lines: cut, flipped, spliced, re-encoded."""
    def body(index, seed, rounds, encoding):
        path = TEXT_FILES[index % len(TEXT_FILES)]
        data = path.read_bytes()
        if encoding:
            data = data.decode("utf-8-sig", errors="replace").encode(encoding, errors="replace")
        scan_file(path.name, mutate_bytes(data, random.Random(seed), rounds))

    run_budget("text-csv-bytes", body, st.integers(0, 10_000), st.integers(), st.integers(0, 12),
               st.sampled_from(["", "", "gb18030", "utf-16-le", "utf-16", "utf-32-be", "utf-8-sig"]))


def test_fuzz_office_parts():
    """XLSX and DOCX with one part damaged inside an intact zip (the XML, shared strings, dimension)."""
    def body(index, seed, rounds):
        path = OFFICE_FILES[index % len(OFFICE_FILES)]
        rng = random.Random(seed)
        source = zipfile.ZipFile(path)
        names = source.namelist()
        victim = rng.choice([n for n in names if n.endswith(".xml")] or names)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                data = source.read(name)
                target.writestr(name, mutate_bytes(data, rng, rounds) if name == victim else data)
        scan_file(path.name, out.getvalue())

    run_budget("office-parts", body, st.integers(0, 10_000), st.integers(), st.integers(1, 8))


member_name = st.one_of(st.sampled_from(["", "/", "../x.txt", "/abs.txt", "a\\b.txt", "C:x.txt", "dir/",
                                         "WhatsApp Chat with +86 137 0000 1111.txt", "客户110101199003074514/a.txt",
                                         "x.zip", "\x00.txt"]),
                        st.text(min_size=1, max_size=20).map(lambda s: s + ".txt"))


def test_fuzz_archives():
    """Zips with hostile member names, nested zips, damaged members, and byte damage to a real bundle."""
    def body(members, seed, damage):
        rng = random.Random(seed)
        out = io.BytesIO()
        with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
            warnings.simplefilter("ignore")  # duplicate names are part of the fuzz
            for name, payload, compress in members:
                info = zipfile.ZipInfo(name or "x")
                info.filename = name  # ZipInfo refuses nothing: an empty or odd name as some tools write it
                info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
                archive.writestr(info, payload)
        data = out.getvalue()
        if damage:
            data = mutate_bytes(data if rng.random() < 0.7 else ARCHIVES[0].read_bytes(), rng, damage)
        scan_file("bundle.zip", data)

    payload = st.one_of(st.binary(max_size=64), st.text(max_size=64).map(lambda s: s.encode("utf-8", "replace")),
                        st.sampled_from([p.read_bytes() for p in fixtures(".csv", ".json")[:4]]))
    run_budget("archives", body, st.lists(st.tuples(member_name, payload, st.booleans()), max_size=5),
               st.integers(), st.integers(0, 6))
