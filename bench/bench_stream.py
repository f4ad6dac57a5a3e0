"""Peak RSS of a whole `handover-scan scan` (walk, both passes, every worker, every report format), for growing
inputs, each in a fresh child process: the figures of the stream brief (issue 8 point 7, issue 14 point 5).

    .venv/bin/python bench/bench_stream.py --messages 200000 1000000   # realistic chat (bench/realistic.py)
    .venv/bin/python bench/bench_stream.py --small-files 1000 10000 100000

The peak is the sum of VmRSS over the process tree (the CLI and its workers), sampled every 0.1 s from /proc
(bench_cascade._tree_rss). Inputs and reports go to a temporary folder, never into the repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_cascade import _tree_rss  # noqa: E402


def run_scan(folder: Path, out: Path, jobs: int) -> tuple[float, float, dict]:
    """Wall seconds, peak tree RSS (MiB) and report.json's totals of one CLI scan."""
    cli = [sys.executable, "-m", "handover_scan", "scan", str(folder), "--out", str(out), "-q",
           *(["--jobs", str(jobs)] if jobs else [])]
    start = time.perf_counter()
    proc = subprocess.Popen(cli, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    proc.wait()
    sampler.join()
    wall = time.perf_counter() - start
    totals = json.loads((out / "report.json").read_text(encoding="utf-8"))["totals"]
    return wall, peak[0] / 1024, totals


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
                  f"{wall:.1f} s wall, peak RSS of the process tree {peak:.0f} MiB", flush=True)
    for files in args.small_files:
        with tempfile.TemporaryDirectory(prefix="handover-bench-files-") as tmp:
            folder = Path(tmp) / "in"
            folder.mkdir()
            for i in range(files):
                (folder / f"note{i:06d}.txt").write_text("你好，今天天气不错。\n", encoding="utf-8")
            wall, peak, totals = run_scan(folder, Path(tmp) / "out", args.jobs)
            print(f"{files:,} one-line files: {totals['files']:,} files, {wall:.1f} s wall, "
                  f"peak RSS of the process tree {peak:.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
