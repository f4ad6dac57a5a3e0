"""The engine benchmark (`make bench`): a scan against the csv-module floor and a naive Presidio loop.

    .venv/bin/python bench/bench_cascade.py                     # 1,000,000 messages, 40 chats
    .venv/bin/python bench/bench_cascade.py --messages 200000 --sample 20000
    .venv/bin/python bench/bench_cascade.py --src /tmp/before/src  # the same run on other code

In one run, on one generated export of realistic chat text (bench/realistic.py):
- floor: Python's csv module reads every file and touches every message;
- scan: handover_scan.scan.scan() with the default --jobs (all CPUs), in a child process;
  wall time, messages/s, and the peak RSS of the whole process tree (sampled from /proc);
- on a `--sample`-message sample, one process each: a naive loop (AnalyzerEngine.analyze per
  message with every recognizer) and the Analyzer the scan uses; the speed-up between them;
- the name model's cost: the same one-process scan with the model off and on, CPU µs per message.
Ratios are measured in the same run, so a shared machine slows both sides alike.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def csv_floor(paths: list[Path]) -> tuple[float, int, float]:
    """Wall seconds, messages touched, CPU seconds."""
    cpu = time.process_time()
    start = time.perf_counter()
    n = 0
    for path in paths:
        with open(path, encoding="utf-8-sig", newline="") as f:
            rows = csv.reader(f)
            column = next(rows).index("StrContent")
            for row in rows:
                n += bool(row[column])
    return time.perf_counter() - start, n, time.process_time() - cpu


def _tree_rss(pid: int) -> int:
    """KiB resident in pid and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_child(args: list[str], src: str | None) -> tuple[dict, float]:
    """Run this script as a child; returns its JSON line and the peak RSS (MiB) of its process tree."""
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, env=env)
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], _tree_rss(proc.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    sampler.join()
    if proc.returncode:
        raise SystemExit(f"child {args[:2]} failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1]), peak[0] / 1024


def child_scan(folder: str, jobs: int) -> None:
    import handover_scan.scan as scan_module
    from handover_scan.scan import ScanOptions, scan

    options = ScanOptions(jobs=jobs) if jobs else ScanOptions()
    start = time.perf_counter()
    result = scan([folder], options)
    iterate = getattr(result, "iter_findings", None)
    findings = sum(1 for _ in (iterate() if iterate else result.findings))
    print(json.dumps({"seconds": time.perf_counter() - start, "records": result.records, "findings": findings,
                      "errors": len(result.errors), "jobs": options.jobs, "module": scan_module.__file__}))


def child_sample(folder: str, sample: int) -> None:
    import itertools

    from handover_scan.engine.analyzer import Analyzer, fold
    from handover_scan.engine.recognizers import LANGUAGE
    from handover_scan.scan import ScanResult, iter_records

    records = list(itertools.islice(iter_records([Path(folder)], ScanResult()), sample))
    analyzer = Analyzer()
    engine = analyzer.engine  # every recognizer, as main built it
    start = time.process_time()  # CPU time: the two sides compare even when the machine is busy
    naive = 0
    # (a fresh Analyzer per side would pay compiling twice; both sides share the recognizers)
    for r in records:
        naive += len(engine.analyze(fold(r.text), language=LANGUAGE, context=[r.field] if r.field else None,
                                    score_threshold=0.01))
    naive_s = time.process_time() - start
    start = time.process_time()
    batch = getattr(analyzer, "analyze_batch", None)
    if batch:
        found = sum(len(x) for x in batch([(r.text, r.field) for r in records]))
    else:
        found = sum(len(analyzer.analyze(r.text, r.field)) for r in records)
    engine_s = time.process_time() - start
    print(json.dumps({"records": len(records), "naive_seconds": naive_s, "naive_results": naive,
                      "analyzer_seconds": engine_s, "analyzer_results": found}))


def child_model(folder: str, messages: int) -> None:
    """The name model's cost inside a scan: the same one-process scan of the export with the model switched
    off (Analyzer(name_model=False): PERSON by its rules alone, findings differ) and on, CPU time each."""
    import inspect

    from handover_scan.engine.analyzer import Analyzer
    from handover_scan.scan import ScanOptions, scan

    if "name_model" not in inspect.signature(Analyzer).parameters:
        print(json.dumps({}))  # code without the switch (--src of an older commit)
        return
    out = {}
    for label, on in (("off", False), ("on", True)):
        analyzer = Analyzer(name_model=on)
        start = time.process_time()
        result = scan([folder], ScanOptions(jobs=1, key=b"bench"), analyzer=analyzer)
        out[label] = time.process_time() - start
        out["records"] = result.records
    print(json.dumps(out))


def startup(src: str | None) -> None:
    """Wall time of `handover-scan --help` and of a whole scan of a one-file folder (start-up dominates)."""
    env = dict(os.environ, **({"PYTHONPATH": src} if src else {}))
    cli = [sys.executable, "-m", "handover_scan"]
    with tempfile.TemporaryDirectory(prefix="handover-bench-small-") as tmp:
        (Path(tmp) / "in").mkdir()
        (Path(tmp) / "in" / "chat.txt").write_text("王女士电话13812345678\n好的\n", encoding="utf-8")
        times = {}
        for name, args in (("--help", ["--help"]), ("scan of a 1-file folder", ["scan", f"{tmp}/in", "--out",
                                                                                 f"{tmp}/out", "-q"])):
            start, cpu = time.perf_counter(), _children_cpu()
            subprocess.run([*cli, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name] = (time.perf_counter() - start, _children_cpu() - cpu)
        # from interpreter start to the first file opened for analysis (imports and the Analyzer included)
        probe = ("import time; t0 = time.perf_counter(); import handover_scan.cli; from handover_scan.scan import "
                 "ScanOptions, scan; first = []; scan([%r], ScanOptions(key=b'k'), on_file=lambda r: "
                 "first.append(time.perf_counter() - t0)); print(first[0])" % f"{tmp}/in")
        out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
        first = float(out.stdout.strip() or "nan")
    print("start-up: " + "; ".join(f"{k} {w:.2f} s wall, {c:.2f} s CPU" for k, (w, c) in times.items())
          + f"; first file opened for analysis {first:.2f} s after the interpreter started", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--jobs", type=int, default=0, help="0: the scan's default")
    parser.add_argument("--no-model-cost", action="store_true",
                        help="skip the two one-process scans that measure the name model's cost")
    parser.add_argument("--src", help="PYTHONPATH for the children (measure other code on the same export)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stage, folder, number = args.child
        {"scan": child_scan, "sample": child_sample, "model": child_model}[stage](folder, int(number))
        return
    import realistic

    startup(args.src)
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]), f"(cpus: {os.cpu_count()})", flush=True)
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        paths = realistic.make_export(Path(tmp), args.messages, args.files)
        mib = sum(p.stat().st_size for p in paths) / (1 << 20)
        floor, touched, floor_cpu = csv_floor(paths)
        print(f"export: {args.messages:,} messages in {len(paths)} MemoTrace CSV files, {mib:.0f} MiB", flush=True)
        print(f"csv-module floor: {floor:.2f} s wall, {floor_cpu:.2f} s CPU ({touched:,} messages touched)", flush=True)
        cpu = _children_cpu()
        scan, peak = run_child(["--child", "scan", tmp, str(args.jobs)], args.src)
        scan_cpu = _children_cpu() - cpu
        after, _, after_cpu = csv_floor(paths)
        floor, floor_cpu = (floor + after) / 2, (floor_cpu + after_cpu) / 2
        print(f"csv-module floor again after the scan: {after:.2f} s wall, {after_cpu:.2f} s CPU; mean "
              f"{floor:.2f} s wall, {floor_cpu:.2f} s CPU", flush=True)
        print(f"scan (--jobs {scan['jobs'] or os.cpu_count()}): {scan['seconds']:.2f} s wall, {scan_cpu:.2f} s CPU "
              f"(all processes), {scan['records']:,} records, {scan['findings']:,} findings, {scan['errors']} errors",
              flush=True)
        print(f"scan / floor: {scan['seconds'] / floor:.1f}x wall; {scan_cpu / floor_cpu:.1f}x CPU "
              f"(the CPU ratio does not depend on what else the machine runs)", flush=True)
        print(f"messages/s: {scan['records'] / scan['seconds']:,.0f}; peak RSS of the process tree: {peak:.0f} MiB",
              flush=True)
        if args.sample:
            s, _ = run_child(["--child", "sample", tmp, str(args.sample)], args.src)
            print(f"sample of {s['records']:,} records, one process, CPU time: naive AnalyzerEngine.analyze loop "
                  f"{s['naive_seconds']:.2f} s ({s['naive_results']} results); scan's analyzer "
                  f"{s['analyzer_seconds']:.2f} s ({s['analyzer_results']} results); "
                  f"speed-up {s['naive_seconds'] / s['analyzer_seconds']:.1f}x", flush=True)
        if not args.no_model_cost:
            m, _ = run_child(["--child", "model", tmp, "0"], args.src)
            if m:
                per = 1e6 / m["records"]
                print(f"name model's cost in a scan (one process, CPU time, same export): model off "
                      f"{m['off']:.2f} s ({m['off'] * per:.1f} us/msg), on {m['on']:.2f} s ({m['on'] * per:.1f} us/msg); "
                      f"the model adds {(m['on'] - m['off']) * per:.1f} us/msg", flush=True)


if __name__ == "__main__":
    main()
