"""Time and peak memory of `redact` against its peer, the full scan of the same export, in the same run.

    .venv/bin/python bench/bench_redact.py --messages 20000

redact scans the original, rewrites every file and scans the copy, so its floor is two scans; the ratio
redact / scan (both measured here, one after the other, on the same generated MemoTrace 2.x CSV) is what to
read, not the seconds: the development machine is shared. Each stage runs in a fresh child process, so its
peak RSS (getrusage ru_maxrss) is its own. Inputs are generated in a temporary folder, deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_memory import make_csv  # noqa: E402 - the same generated export as the reading benchmark


def child(stage: str, path: str, out: str) -> None:
    from handover_scan.scan import ScanOptions, scan

    start = time.perf_counter()
    if stage == "scan":
        result = scan([path], ScanOptions(key=b"bench"))
        extra = {"records": result.records, "findings": len(result.findings)}
    else:
        from handover_scan.redact import RedactOptions, redact

        outcome = redact([path], out, RedactOptions(key=b"bench"))
        extra = {"exit_code": outcome.exit_code, "replaced": sum(outcome.report["replaced_by_type"].values())}
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": round(seconds, 1), "peak_rss_mib": round(peak, 1), **extra}))


def measure(stage: str, path: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", stage, str(path), str(out)], capture_output=True,
                          text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20000)
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "PATH", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="hs-bench-redact-") as tmp:
        export = Path(tmp) / "in" / "王女士_utf8.csv"
        export.parent.mkdir()
        make_csv(export, args.messages)
        size = export.stat().st_size / (1 << 20)
        scan = measure("scan", export, Path(tmp) / "unused")
        redacted = measure("redact", export, Path(tmp) / "out")
        print(f"MemoTrace 2.x CSV, {args.messages:,} messages, {size:.1f} MiB")
        print(f"scan:   {scan['seconds']} s, peak RSS {scan['peak_rss_mib']} MiB, {scan['findings']} findings")
        print(f"redact: {redacted['seconds']} s, peak RSS {redacted['peak_rss_mib']} MiB, "
              f"{redacted['replaced']} values replaced, exit {redacted['exit_code']}")
        print(f"redact / scan: time x{redacted['seconds'] / max(scan['seconds'], 0.1):.2f}, "
              f"peak RSS x{redacted['peak_rss_mib'] / max(scan['peak_rss_mib'], 1):.2f}")


if __name__ == "__main__":
    main()
