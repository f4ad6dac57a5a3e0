"""Peak RSS of a whole `handover-scan scan` (walk, both passes, every worker, every report format), for growing
inputs, each in a fresh child process: the figures of the stream brief (issue 8 point 7, issue 14 point 5).

    .venv/bin/python bench/bench_stream.py --messages 200000 1000000   # realistic chat (bench/realistic.py)
    .venv/bin/python bench/bench_stream.py --small-files 1000 10000 100000

The peaks are sums over the process tree (the CLI and its workers), sampled every 0.1 s from
/proc/PID/smaps_rollup: RSS (as bench_cascade.py; the pages forked workers share with the parent counted
once per process) and PSS (shared pages split between the processes that share them: what the tree uses). Inputs and reports go to a temporary folder, never into the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB summed over pid and all its descendants. RSS counts the pages forked workers share
    with the parent (the imports) once per process; PSS splits them between the sharers."""
    rss = pss = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1])
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return rss, pss


def run_scan(folder: Path, out: Path, jobs: int) -> tuple[float, tuple[float, float], dict]:
    """Wall seconds, peak tree (RSS, PSS) in MiB and report.json's totals of one CLI scan."""
    cli = [sys.executable, "-m", "handover_scan", "scan", str(folder), "--out", str(out), "-q",
           *(["--jobs", str(jobs)] if jobs else [])]
    start = time.perf_counter()
    proc = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    sampler.join()
    wall = time.perf_counter() - start
    totals = json.loads((out / "report.json").read_text(encoding="utf-8"))["totals"]
    return wall, (peak[0] / 1024, peak[1] / 1024), totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, nargs="*", default=[])
    parser.add_argument("--small-files", type=int, nargs="*", default=[])
    parser.add_argument("--jobs", type=int, default=0, help="0: the CLI's default")
    args = parser.parse_args()
    import realistic

    for messages in args.messages:
        with tempfile.TemporaryDirectory(prefix="handover-bench-stream-") as tmp:
            realistic.make_export(Path(tmp) / "in", messages)
            wall, peak, totals = run_scan(Path(tmp) / "in", Path(tmp) / "out", args.jobs)
            print(f"{messages:,} messages: {totals['records']:,} records, {totals['findings']:,} findings, "
                  f"{wall:.1f} s wall, peak of the process tree: RSS {peak[0]:.0f} MiB, PSS {peak[1]:.0f} MiB", flush=True)
    for files in args.small_files:
        with tempfile.TemporaryDirectory(prefix="handover-bench-files-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i in range(files):
                (folder / f"note{i:06d}.txt").write_text("你好，今天天气不错。\n", encoding="utf-8")
            wall, peak, totals = run_scan(folder, Path(tmp) / "out", args.jobs)
            print(f"{files:,} one-line files: {totals['files']:,} files, {wall:.1f} s wall, "
                  f"peak of the process tree: RSS {peak[0]:.0f} MiB, PSS {peak[1]:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
