"""Where a scan's CPU goes, stage by stage, in one process (the profile in bench/README.md).

    .venv/bin/python bench/profile_stages.py [MESSAGES]   # default 100,000 (bench/realistic.py)
"""

from __future__ import annotations

import sys
import tempfile
from collections import deque
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realistic  # noqa: E402

from handover_scan.engine.analyzer import Analyzer, fold  # noqa: E402
from handover_scan.engine.definitions import load_definitions  # noqa: E402
from handover_scan.people.identity import Identities  # noqa: E402
from handover_scan.scan import ScanResult, analyze_records, iter_records  # noqa: E402
from handover_scan.units import plan_units, unit_names  # noqa: E402


def main() -> None:
    messages = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        realistic.make_export(Path(tmp), messages, files=8)
        clock = time.process_time
        t0 = clock()
        definitions = load_definitions()
        names = set().union(*(unit_names(u, definitions) for u in plan_units([tmp])))
        t1 = clock()
        records = list(iter_records([tmp], ScanResult()))
        t2 = clock()
        analyzer = Analyzer(definitions)
        analyzer.register_names(names, replace=True)
        t3 = clock()
        masks = [analyzer.prefilter.candidates(fold(r.text), r.field) for r in records]
        t4 = clock()
        # the scan's path: batches of 256 (scan._batches), the name model primed once per batch
        calls = [0]
        engine_for = analyzer.engine_for
        analyzer.engine_for = lambda mask: calls.__setitem__(0, calls[0] + 1) or engine_for(mask)
        results = []
        for i in range(0, len(records), 256):
            results += analyzer.analyze_batch([(r.text, r.field) for r in records[i:i + 256]])
        analyzer.engine_for = engine_for
        t5 = clock()
        # a new scan: registering the names again forgets the results of texts seen before (the analyzer
        # reuses those within a scan, so without this the next stage would only look them up)
        analyzer.register_names(names, replace=True)
        t5 = clock()  # (registering is set-up, not analysis)
        findings = []
        for i in range(0, len(records), 256):
            findings += analyze_records(analyzer, records[i:i + 256], b"bench-key")
        t6 = clock()
        deque(Identities().observe(iter_records([tmp], ScanResult())), maxlen=0)
        t7 = clock()
    reach = sum(1 for m in masks if m)
    distinct = len({(r.text, r.field) for r in records})
    print(f"{distinct:,} distinct (text, field) pairs ({distinct / len(records):.0%} of the records; the analyzer "
          f"reuses the results of a pair seen before in the same scan)")
    print(f"{len(records):,} records; {reach:,} selected by the prefilter ({reach / len(records):.0%}), "
          f"{calls[0]:,} reach a Presidio call ({calls[0] / len(records):.0%}); "
          f"{sum(map(len, results)):,} results, {sum(len(f) for f in findings):,} findings")
    for stage, seconds in (("names pass", t1 - t0), ("read", t2 - t1), ("build analyzer", t3 - t2),
                           ("prefilter alone", t4 - t3), ("analyze in batches (prefilter + name model + PERSON "
                                                          "rules + Presidio + rest)", t5 - t4),
                           ("analyze + findings (analyze_records)", t6 - t5),
                           ("people pass (read again + identities)", t7 - t6)):
        print(f"{stage}: {seconds:.2f} s CPU ({seconds / len(records) * 1e6:.1f} us/record)")


if __name__ == "__main__":
    main()
