"""Many accounts: sequential scans vs `batch` on the local default vs a two-worker loopback cluster.

    .venv/bin/python bench/bench_batch.py                    # 20 accounts x 3 chats x 400 messages
    .venv/bin/python bench/bench_batch.py --accounts 20 --messages 400 --skip-pool

Accounts are generated in a temporary folder (deleted afterwards): MemoTrace 2.x layout, a contact
list and three chats each, synthetic values that validate (tests/synth.py). Every mode scans the
same accounts and writes the same reports, in a fresh child process, timed from start to exit
(imports, cluster start and report writing included):

  sequential   one process, the accounts one after the other (scan() + reports, one Analyzer)
  pool         the accounts one after the other, each `scan --jobs N` (the engine's own process pool)
  batch-local  `handover-scan batch` without --scheduler (LocalCluster, one worker per core)
  batch-2w     `handover-scan batch --scheduler` on `dask scheduler` + 2 `dask worker` on 127.0.0.1
               (the cluster is started before the clock, as an existing cluster would be)

Findings of every mode are compared with the sequential run (same counts per account).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
BIN = Path(sys.executable).parent

HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
          "Remark", "NickName", "Sender"]
WORDS = ["好的", "明天下午三点到店", "收到", "水光针三次卡", "地址发我一下", "谢谢亲", "[图片]", "定金已付", "几点方便",
         "我到了", "稍等", "上次的效果很好"]


def make_account(folder: Path, rng: random.Random, messages: int, chats: int = 3) -> None:
    import synth

    folder.mkdir(parents=True)
    people = [(f"wxid_c{rng.randint(10**6, 10**7)}", synth.person_name(rng)) for _ in range(chats)]
    with open(folder / "contacts.csv", "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["UserName", "Alias", "Type", "Remark", "NickName", "telephone"])
        for wxid, name in people:
            w.writerow([wxid, "", 3, f"{name}-客户", name, synth.mobile(rng)])
    for n, (wxid, name) in enumerate(people):
        chat = folder / "聊天记录" / f"{name}-客户"
        chat.mkdir(parents=True)
        with open(chat / f"{name}-客户_utf8.csv", "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(HEADER)
            t = 1_704_100_000
            for i in range(1, messages + 1):
                mine = rng.random() < 0.5
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 6)))
                if i % 40 == 0:
                    text += f"，电话{synth.mobile(rng)}"
                if i % 97 == 0:
                    text += f"，身份证{synth.id_number(rng)}"
                t += rng.randint(1, 600)
                w.writerow([i, n, 1, 0, int(mine), t, 2, text, time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)),
                            f"{name}-客户", name, "wxid_me" if mine else wxid])


def child_sequential(accounts: str, out: str, jobs: int) -> None:
    """Each account as `scan` does it, one after the other, in this one process."""
    from handover_scan.config import load_policy
    from handover_scan.engine.analyzer import Analyzer
    from handover_scan.engine.definitions import load_definitions
    from handover_scan.keys import load_key
    from handover_scan.policy import decide
    from handover_scan.reports import ReportData, write_reports
    from handover_scan.scan import ScanOptions, scan

    definitions, policy, key = load_definitions(), load_policy(), load_key()
    analyzer = Analyzer(definitions) if jobs == 1 else None
    counts = {}
    for account in sorted(Path(accounts).iterdir()):
        result = scan([account], ScanOptions(key=key, jobs=jobs), analyzer=analyzer)
        decision = decide(result, policy, None, definitions.entities)
        write_reports(Path(out) / account.name, ReportData(result, decision, definitions, roots=[str(account)]))
        counts[account.name] = len(result.findings)
    print(json.dumps(counts))


def _timed(command: list[str], env: dict | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[:3]} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, done.stdout


def _batch_counts(out: Path) -> dict:
    with open(out / "accounts.csv", encoding="utf-8-sig") as f:
        return {row["account"]: int(row["findings"]) for row in csv.DictReader(f)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loopback_cluster(workers: int, tmp: Path, env: dict):
    """`dask scheduler` and `dask worker` processes on 127.0.0.1; returns (address, processes)."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    for n in range(workers):
        procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                       "--no-dashboard", "--local-directory", str(tmp / f"w{n}")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
    return address, procs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--messages", type=int, default=400, help="messages per chat (3 chats per account)")
    parser.add_argument("--skip-pool", action="store_true")
    parser.add_argument("--child", nargs=3, metavar=("ACCOUNTS", "OUT", "JOBS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_sequential(args.child[0], args.child[1], int(args.child[2]))
        return
    cores = os.cpu_count() or 1
    env = {**os.environ, "HANDOVER_SCAN_KEY": os.environ.get("HANDOVER_SCAN_KEY", "bench-key")}
    print("command:", " ".join([Path(sys.executable).name, *sys.argv]), f"(cores: {cores})")
    with tempfile.TemporaryDirectory(prefix="handover-bench-batch-") as tmp:
        tmp = Path(tmp)
        rng = random.Random(13)
        for i in range(args.accounts):
            make_account(tmp / "accounts" / f"account{i:02d}", rng, args.messages)
        print(f"{args.accounts} accounts x 3 chats x {args.messages} messages")
        me = [sys.executable, __file__, "--child", str(tmp / "accounts")]
        seconds, stdout = _timed([*me, str(tmp / "seq"), "1"], env)
        floor = json.loads(stdout.strip().splitlines()[-1])
        results = {"sequential": seconds}
        print(f"sequential (one process, scan + reports per account): {seconds:.1f} s")
        if not args.skip_pool:
            seconds, stdout = _timed([*me, str(tmp / "pool"), str(cores)], env)
            assert json.loads(stdout.strip().splitlines()[-1]) == floor, "pool findings differ"
            results["pool"] = seconds
            print(f"pool (accounts in turn, scan --jobs {cores}): {seconds:.1f} s")
        batch = [str(BIN / "handover-scan"), "batch", str(tmp / "accounts"), "--quiet"]
        seconds, _ = _timed([*batch, "--out", str(tmp / "local")], env)
        assert _batch_counts(tmp / "local") == floor, "batch-local findings differ"
        results["batch-local"] = seconds
        print(f"batch-local (LocalCluster, {cores} workers, start included): {seconds:.1f} s")
        address, procs = loopback_cluster(2, tmp, env)
        try:
            from distributed import Client

            with Client(address, timeout=60) as client:
                client.wait_for_workers(2, timeout=120)
            seconds, _ = _timed([*batch, "--out", str(tmp / "two"), "--scheduler", address], env)
        finally:
            for proc in reversed(procs):
                proc.terminate()
            for proc in procs:
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        assert _batch_counts(tmp / "two") == floor, "batch-2w findings differ"
        results["batch-2w"] = seconds
        print(f"batch-2w (dask scheduler + 2 dask worker on 127.0.0.1, running before the clock): {seconds:.1f} s")
        base = results["sequential"]
        print("speed-up over sequential: " + ", ".join(f"{k} {base / v:.2f}x" for k, v in results.items()))
        shutil.rmtree(tmp / "accounts", ignore_errors=True)


if __name__ == "__main__":
    main()
