"""Added CPU time per message of the PERSON name model (batch path), against a floor in the same run.

    .venv/bin/python bench/bench_person_model.py [N] [--peer OTHER.npz]   # default 1,000,000 messages

Builds N unique chat-like messages (1-3 fragments of everyday chat, 5% with a synthetic name,
mean ~14 characters), then times in one process, on the same messages:
  * floor: one compiled regex search per message (the cheapest check any recognizer does);
  * model: find_names() over chunks of 4,096 messages, and of 256 (scan.py's batch, what
    Analyzer.prepare_batch() hands the name model);
  * unprimed: find_names_one(text), one message at a time in pure Python (the path without batching), on 20,000.
  * peer (--peer): another compiled model (e.g. a candidate with more pair features), batches of 4,096,
    timed right after the shipped model on the same messages.
CPU time (time.process_time), so other jobs on a shared machine inflate it less than wall time.
Timing only; nothing is asserted.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import synth  # noqa: E402

from handover_scan.engine.person_model import PersonModel, default_model  # noqa: E402

FRAGMENTS = ["好的亲", "明天发货", "收到，谢谢", "在吗？", "这个多少钱", "今天下午三点到店可以吗", "哈哈哈哈", "[图片]",
             "嗯嗯，我晚点看看", "快递到驿站了", "群里有人拼单吗", "活动价299元", "买二送一", "那我周六过去",
             "大概十点左右", "老板在吗", "面膜还有货没", "已付款", "麻烦发顺丰", "颜色要白色的", "尺码偏小吗",
             "退货地址发我一下", "谢谢老板", "好评返现", "今天天气真好", "下班了", "吃饭了没", "我到楼下了",
             "宝宝睡了", "这周末有空吗", "发个定位", "等我一下", "没问题", "晚安", "早上好", "辛苦了",
             "价格能便宜点吗", "包邮吗", "什么时候到", "已经发出了", "单号给你", "质量挺好的", "回购了"]
CHUNK = 4096
SCAN_BATCH = 256  # scan.BATCH


def messages(n: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(n):
        parts = rng.sample(FRAGMENTS, rng.randint(1, 3))
        if rng.random() < 0.05:
            parts.insert(rng.randint(0, len(parts)), synth.person_name(rng) + rng.choice(["说", "刚才", "的快递", "你好"]))
        out.append("，".join(parts) + rng.choice(["", "", "~", "😊", str(i % 97)]))
    return out


def main() -> None:
    args = sys.argv[1:]
    peer = None
    if "--peer" in args:
        at = args.index("--peer")
        peer = PersonModel(Path(args[at + 1]))
        del args[at:at + 2]
    n = int(args[0]) if args else 1_000_000
    texts = messages(n, random.Random(9))
    model = default_model()
    model.find_names(texts[:CHUNK])  # warm up: load tables
    floor_pattern = regex.compile(r"\d{7}")
    t0 = time.process_time()
    for t in texts:
        floor_pattern.search(t)
    floor = (time.process_time() - t0) / n * 1e6
    t0 = time.process_time()
    names = 0
    for i in range(0, n, CHUNK):
        names += sum(map(len, model.find_names(texts[i:i + CHUNK])))
    batch = (time.process_time() - t0) / n * 1e6
    t0 = time.process_time()
    for i in range(0, n, SCAN_BATCH):
        model.find_names(texts[i:i + SCAN_BATCH])
    scan_batch = (time.process_time() - t0) / n * 1e6
    few = texts[:20_000]
    t0 = time.process_time()
    for t in few:
        model.find_names_one(t)
    single = (time.process_time() - t0) / len(few) * 1e6
    mean = sum(map(len, texts)) / n
    print(f"{n:,} messages, mean {mean:.1f} characters, {names:,} name spans")
    print(f"floor (one regex search per message): {floor:.2f} µs/message")
    print(f"name model, batches of {CHUNK}: {batch:.2f} µs/message ({batch / floor:.1f}x the floor)")
    print(f"name model, batches of {SCAN_BATCH} (scan.py's batch): {scan_batch:.2f} µs/message "
          f"({scan_batch / floor:.1f}x the floor)")
    print(f"name model, one message per call (unprimed): {single:.1f} µs/message")
    if peer is not None:
        peer.find_names(texts[:CHUNK])
        t0 = time.process_time()
        for i in range(0, n, CHUNK):
            peer.find_names(texts[i:i + CHUNK])
        other = (time.process_time() - t0) / n * 1e6
        t0 = time.process_time()
        for i in range(0, n, CHUNK):
            model.find_names(texts[i:i + CHUNK])
        again = (time.process_time() - t0) / n * 1e6
        print(f"peer model, batches of {CHUNK}: {other:.2f} µs/message; shipped model timed again after it: "
              f"{again:.2f} µs/message (peer/shipped {other / again:.2f}x)")


if __name__ == "__main__":
    main()
