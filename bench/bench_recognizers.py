"""Per-message analysis time of the recognizers on a synthetic chat mix.

    .venv/bin/python bench/bench_recognizers.py [N]

Builds one Analyzer, then analyzes N (default 5000) chat-like messages (mostly plain talk,
some with numbers, names, addresses and health words) and prints microseconds per message.
Timing only; nothing is asserted.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import synth  # noqa: E402

from handover_scan.engine.analyzer import Analyzer  # noqa: E402

PLAIN = ["好的亲，明天发货", "收到，谢谢", "在吗？", "这个多少钱", "今天下午三点到店可以吗", "哈哈哈哈哈",
         "[图片]", "[表情]", "嗯嗯，我晚点看看", "亲，您的快递已经到驿站了，记得去取哦", "群里有人拼单吗",
         "这款精华液现在活动价299元，买二送一", "好的，那我周六过去，大概十点左右", "老板在吗，想问问那个面膜还有货没"]


def messages(n: int, rng: random.Random) -> list[str]:
    out = []
    for i in range(n):
        r = rng.random()
        if r < 0.70:
            out.append(rng.choice(PLAIN))
        elif r < 0.78:
            out.append(f"订单号{rng.randint(10**17, 10**18 - 1)}，已发货，金额{rng.randint(10, 9999)}元")
        elif r < 0.84:
            out.append(f"我手机号{synth.mobile(rng)}，身份证{synth.id_number(rng)}")
        elif r < 0.90:
            out.append("寄到北京市朝阳区幸福路88号3栋2单元301室，收件人王小美")
        elif r < 0.95:
            out.append("我上个月刚打过玻尿酸，有点过敏，医生说是荨麻疹")
        else:
            out.append("验证码582913，5分钟内有效。" * 3)
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    t0 = time.perf_counter()
    analyzer = Analyzer()
    analyzer.analyze("预热 13812345678")
    build = time.perf_counter() - t0
    texts = messages(n, random.Random(7))
    t0 = time.perf_counter()
    found = sum(len(analyzer.analyze(t)) for t in texts)
    elapsed = time.perf_counter() - t0
    print(f"recognizers: {len(analyzer.engine.registry.recognizers)}, build {build:.2f} s")
    print(f"{n} messages: {elapsed:.2f} s, {elapsed / n * 1e6:.0f} us/message, {found} findings")


if __name__ == "__main__":
    main()
