"""Issue 8 point 5 / the stream brief: attribution learns who is who from the records read for analysis,
so no file is read a third time after the scan; and a unit's identities merged in unit order equal one
Identities that watched every record go by."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from handover_scan import units
from handover_scan.people.identity import Identities
from handover_scan.scan import ScanOptions, ScanResult, iter_records, scan
from tests.test_people import memotrace_export
from tests.synth import mobile
import random


def _whatsapp(root: Path) -> None:
    rng = random.Random(88)
    lines = [f"2024/9/2 11:0{n} - {who}: 电话{mobile(rng)}" for n, who in enumerate(["张伟", "我", "张伟"])]
    (root / "WhatsApp Chat with 张伟.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def counted_reads(monkeypatch, tmp_path):
    """Count reader.read() calls per file (every pass detects and reads through units.detect), in a log file
    that forked workers append to as well."""
    log = tmp_path / "reads.log"
    log.touch()
    detect = units.detect

    def counting_detect(source):
        reader = detect(source)
        read = getattr(reader, "read", None)
        if read is None:
            return reader

        class Counting:
            def __getattr__(self, name):
                return getattr(reader, name)

            def read(self, src):
                with open(log, "a", encoding="utf-8") as f:
                    f.write(src.relpath + "\n")
                return read(src)
        return Counting()

    monkeypatch.setattr(units, "detect", counting_detect)
    return lambda: Counter(log.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("jobs", [1, 2])
def test_no_file_is_read_after_analysis(tmp_path, counted_reads, jobs):
    root = memotrace_export(tmp_path / "export")
    _whatsapp(root)
    result = scan([root], ScanOptions(key=b"k" * 32, jobs=jobs))
    counted_reads = counted_reads()
    assert result.findings and counted_reads
    chat = next(name for name in counted_reads if name.startswith("WhatsApp"))
    # the names pass (no fast path for WhatsApp text) and the analysis pass: two reads, not three
    assert counted_reads[chat] == 2
    memotrace = [name for name in counted_reads if name.endswith("_utf8.csv")]
    assert memotrace and all(counted_reads[name] == 1 for name in memotrace)  # names from the sender columns only


def test_merged_unit_identities_equal_one_observer(tmp_path):
    root = memotrace_export(tmp_path / "export")
    _whatsapp(root)
    whole = Identities()
    for _ in whole.observe(iter_records([root], ScanResult())):
        pass
    merged = Identities()
    for unit in units.plan_units([root]):
        part = Identities()
        units.learn_identities(part, units.read_unit(unit, [], names=True))
        merged.merge(part)
    assert {k: merged._find(k) for k in whole.parent} == {k: whole._find(k) for k in whole.parent}
    assert merged.raw == whole.raw and merged.owner_keys == whole.owner_keys
    assert merged.senders == whole.senders and merged.subjects == whole.subjects
    assert [list(c) for c in merged.subjects.values()] == [list(c) for c in whole.subjects.values()]
