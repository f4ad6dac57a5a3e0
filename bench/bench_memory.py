"""Peak memory and time of the reading stage on big generated exports.

    .venv/bin/python bench/bench_memory.py                      # 1,000,000-message MemoTrace 2.x CSV + 256 MB one-line file
    .venv/bin/python bench/bench_memory.py --messages 200000 --line-mb 1024
    .venv/bin/python bench/bench_memory.py --scan-messages 20000  # also the full scan (--jobs 2) on a smaller export

Inputs are generated in a temporary folder (deleted afterwards), never in the repository.
Each measurement runs in a fresh child process, so its peak RSS (getrusage ru_maxrss)
belongs to that stage alone. The reading stage is iter_records: detection, decoding
check, the reader's passes over the file, records out; analysis is not included.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
          "Remark", "NickName", "Sender"]
WORDS = ["好的", "明天下午三点到店", "收到", "水光针三次卡", "地址发我一下", "谢谢亲", "[图片]", "定金已付", "几点方便",
         "我到了", "稍等", "上次的效果很好"]


def make_csv(path: Path, messages: int) -> None:
    rng = random.Random(1)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        t = 1_704_100_000
        for i in range(1, messages + 1):
            mine = rng.random() < 0.5
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
            if i % 1000 == 0:
                text += f" 电话138{rng.randint(0, 99999999):08d}"
            t += rng.randint(1, 600)
            w.writerow([i, 7, 1, 0, int(mine), t, 2, text, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)),
                        "小美" if mine else "王女士", "小美" if mine else "小王", "wxid_me" if mine else "wxid_wang"])


def make_line(path: Path, megabytes: int) -> None:
    block = ("这是一段没有换行的很长的文本，" * 2000 + "电话13812345678。").encode()
    with open(path, "wb") as f:
        written = 0
        while written < megabytes << 20:
            f.write(block)
            written += len(block)


def make_json(path: Path, megabytes: int) -> None:
    """A Telegram single-chat result.json of about this size, written message by message."""
    rng = random.Random(2)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{\n "name": "王女士",\n "type": "personal_chat",\n "id": 1,\n "messages": [\n')
        i = 0
        while f.tell() < megabytes << 20:
            i += 1
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
            message = {"id": i, "type": "message", "date": "2024-01-01T17:06:40", "date_unixtime": "1704100000",
                       "from": "王女士", "from_id": "user1", "text": text,
                       "text_entities": [{"type": "plain", "text": text}]}
            f.write(("" if i == 1 else ",\n") + json.dumps(message, ensure_ascii=False))
        f.write("\n ]\n}\n")


def child(stage: str, path: str, jobs: int) -> None:
    start = time.perf_counter()
    if stage == "baseline":  # the imports alone: what every stage pays before reading a byte
        import handover_scan.scan  # noqa: F401

        extra = {}
    elif stage == "read":
        from handover_scan.scan import ScanResult, iter_records

        result = ScanResult()
        records = sum(1 for _ in iter_records([Path(path)], result))
        extra = {"records": records, "errors": [f.error for f in result.errors], "formats": sorted(
            {f.format for f in result.files})}
    else:
        from handover_scan.scan import ScanOptions, scan

        result = scan([path], ScanOptions(jobs=jobs))
        extra = {"records": result.records, "findings": len(result.findings)}
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB -> MiB on Linux
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"stage": stage, "seconds": round(seconds, 1), "peak_rss_mib": round(peak, 1),
                      "peak_rss_worker_mib": round(children, 1), **extra}, ensure_ascii=False))


def measure(stage: str, path: Path, jobs: int = 1) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", stage, str(path), "--jobs", str(jobs)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--line-mb", type=int, default=256, help="size of the one-line text file (0: skip)")
    parser.add_argument("--json-mb", type=int, default=0, help="also a Telegram result.json of this size (streamed)")
    parser.add_argument("--scan-messages", type=int, default=0, help="also run the full scan --jobs 2 on this many")
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.jobs)
        return
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]))
    print(f"baseline (imports only): peak RSS {measure('baseline', Path('.'))['peak_rss_mib']} MiB")
    with tempfile.TemporaryDirectory(prefix="handover-bench-") as tmp:
        folder = Path(tmp) / "王女士"
        folder.mkdir()
        chat = folder / "王女士_utf8.csv"
        make_csv(chat, args.messages)
        size = chat.stat().st_size / (1 << 20)
        result = measure("read", chat)
        print(f"MemoTrace 2.x CSV, {args.messages:,} messages, {size:.0f} MiB: read {result['records']:,} records "
              f"in {result['seconds']} s, peak RSS {result['peak_rss_mib']} MiB {result}")
        chat.unlink()
        if args.line_mb:
            line = Path(tmp) / "one_line.txt"
            make_line(line, args.line_mb)
            result = measure("read", line)
            print(f"one-line text file, {line.stat().st_size / (1 << 20):.0f} MiB: read {result['records']:,} records "
                  f"in {result['seconds']} s, peak RSS {result['peak_rss_mib']} MiB {result}")
            line.unlink()
        if args.json_mb:
            result_json = Path(tmp) / "result.json"
            make_json(result_json, args.json_mb)
            result = measure("read", result_json)
            print(f"Telegram result.json, {result_json.stat().st_size / (1 << 20):.0f} MiB: read "
                  f"{result['records']:,} records in {result['seconds']} s, peak RSS {result['peak_rss_mib']} MiB "
                  f"{result}")
            result_json.unlink()
        if args.scan_messages:
            make_csv(chat, args.scan_messages)
            result = measure("scan", chat, jobs=2)
            print(f"full scan --jobs 2, {args.scan_messages:,} messages: {result['findings']} findings in "
                  f"{result['seconds']} s, peak RSS main {result['peak_rss_mib']} MiB, "
                  f"largest worker {result['peak_rss_worker_mib']} MiB")


if __name__ == "__main__":
    main()
