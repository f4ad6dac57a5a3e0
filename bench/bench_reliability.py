"""Issue 14's shape attacks, each timed against a peer of the same size in the same run (the machine is
shared: ratios, not seconds, are the figures), and memory per file for many small files.

    .venv/bin/python bench/bench_reliability.py [--files 1000 20000]

Inputs are generated in a temporary folder; nothing is written to the repository.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import re
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

from handover_scan.scan import ScanResult, iter_records


def read_all(path: Path) -> tuple[float, ScanResult]:
    result = ScanResult()
    started = time.perf_counter()
    for _ in iter_records([path], result):
        pass
    return time.perf_counter() - started, result


def workbook(path: Path, whole_sheet: bool) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    for i in range(200):
        book.active.append([f"客户{i}", f"139{i:08d}"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if whole_sheet and info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', data.decode()).encode()
            target.writestr(info, data)


def bench_xlsx(folder: Path) -> None:
    peer, attack = folder / "peer.xlsx", folder / "whole.xlsx"
    workbook(peer, False)
    workbook(attack, True)
    t_peer, _ = read_all(peer)
    t_attack, _ = read_all(attack)
    print(f"XLSX declaring A1:XFD1048576 ({attack.stat().st_size:,} B): {t_attack:.2f} s, "
          f"same workbook with its true dimension {t_peer:.2f} s, ratio {t_attack / t_peer:.1f}")


def bench_json(folder: Path) -> None:
    text = "好" * (3 << 20)
    attack, peer = folder / "string.json", folder / "lines.txt"
    attack.write_text(json.dumps({"messages": [{"content": text}]}, ensure_ascii=False), encoding="utf-8")
    peer.write_text("\n".join(text[i:i + 1000] for i in range(0, len(text), 1000)), encoding="utf-8")
    t_attack, _ = read_all(attack)
    t_peer, _ = read_all(peer)
    print(f"JSON with one {attack.stat().st_size / 2**20:.0f} MiB string (streamed): {t_attack:.2f} s, the same text "
          f"as lines {t_peer:.2f} s, ratio {t_attack / t_peer:.1f}")


def bench_zip(folder: Path) -> None:
    attack = folder / "many.zip"
    with zipfile.ZipFile(attack, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(200):
            z.writestr(f"m{i:03d}.txt", "1" * ((1 << 20) - 1))
    t_attack, result = read_all(attack)
    refused = sum(1 for f in result.files if "zip bomb" in f.error)
    peer = folder / "small.zip"
    with zipfile.ZipFile(peer, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(200):
            z.writestr(f"m{i:03d}.txt", f"{i}\n")
    t_peer, _ = read_all(peer)
    print(f"zip of 200 members just under 1 MiB ({attack.stat().st_size:,} B): {t_attack:.2f} s, {refused} refused; "
          f"zip of 200 one-line members {t_peer:.2f} s, ratio {t_attack / t_peer:.1f}")


def bench_files(folder: Path, counts: list[int]) -> None:
    per_file = []
    for n in counts:
        sub = folder / f"files{n}"
        sub.mkdir()
        for i in range(n):
            (sub / f"f{i:06d}.txt").write_text("你好，今天天气不错。\n", encoding="utf-8")
        gc.collect()
        tracemalloc.start()
        result = ScanResult()
        for _ in iter_records([sub], result, names=True):
            pass
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_file.append(peak / n)
        print(f"{n:,} one-line files, walk + read + name records: peak {peak / 2**20:.1f} MiB traced, "
              f"{peak / n:.0f} B a file (the file list), kept after: {current / 2**20:.1f} MiB")
        del result


def bench_folder_names(folder: Path, n: int) -> None:
    """n one-line files in a folder named with a value (and the scanned folder named so too) against n
    files in folders with plain ASCII names, which cost no analyzer call: whole scans, one process."""
    from handover_scan.engine.analyzer import Analyzer
    from handover_scan.scan import ScanOptions, scan

    def make(root: Path, inner: str) -> Path:
        (root / inner).mkdir(parents=True)
        for i in range(n):
            (root / inner / f"f{i:06d}.txt").write_text("今天天气不错。\n", encoding="utf-8")
        return root

    named = make(folder / "王小美13709722233的微信", "客户110101199003074514")
    plain = make(folder / "plain", "export")
    analyzer = Analyzer()
    times, found = {}, {}
    for label, root in (("plain", plain), ("named", named)):
        started = time.perf_counter()
        scanned = scan([root], ScanOptions(key=b"bench", jobs=1), analyzer=analyzer)
        times[label] = time.perf_counter() - started
        found[label] = sum(f.format == "name" for f in scanned.findings)
    print(f"{n:,} files in a folder whose name holds an ID number, the scanned folder's name a phone number: "
          f"{times['named']:.2f} s, {found['named']} name findings; {n:,} files in ASCII-named folders "
          f"{times['plain']:.2f} s, ratio {times['named'] / times['plain']:.2f}")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, nargs="*", default=[1000, 20000])
    parser.add_argument("--name-files", type=int, default=1000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bench_xlsx(folder)
        bench_json(folder)
        bench_zip(folder)
        bench_files(folder, args.files)
        bench_folder_names(folder, args.name_files)


if __name__ == "__main__":
    main(sys.argv[1:])
