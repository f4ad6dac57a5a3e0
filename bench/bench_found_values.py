"""The found-values pass (found_values.py) in scan.finish_scan: mask_paths over 200,000 synthetic findings (500 distinct files, 5,000 distinct found values, one finding in 20 with another value in its context), with the
found-values pass and without it (the floor), in one run; prints seconds each, best of 3. One finding is a file name's, so the path rewriting runs in both.

    .venv/bin/python bench/bench_found_values.py
"""
import random, sys, time
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "tests"))
from synth import mobile, wechat_id
from handover_scan.findings import Finding
from handover_scan.units import FileReport
from handover_scan.exports.pathnames import mask_paths
from handover_scan.found_values import FoundValues
from types import SimpleNamespace

rng = random.Random(3)
phones = [mobile(rng) for _ in range(2500)]; wx = [wechat_id(rng) for _ in range(2500)]
def make():
    findings = []
    for i in range(200_000):
        v = phones[i % 2500] if i % 2 else wx[i % 2500]
        findings.append(Finding(f"chats/客户{i % 500}/chat.txt", "text", f"line:{i}", f"客户{i % 500}", "张三", "text",
                                "PHONE_NUMBER" if i % 2 else "WECHAT_ID", "c", False, 0, len(v), 0.9, "x", f"{i:032x}",
                                "r", value=v, context=(f"电话 {phones[(i + 7) % 2500]} " if i % 20 == 0 else "电话 ", "谢谢")))
    findings.append(Finding("chats/客户0/chat.txt", "name", "name", "", "", "file name", "PHONE_NUMBER", "c", False,
                            0, 4, 0.9, "1***", "f" * 32, "r", value="13912345678"))
    files = [FileReport(f"chats/客户{i}/chat.txt", "/data/export") for i in range(500)]
    return SimpleNamespace(findings=findings, files=files, people={})
for label, values in (("floor (no found values)", lambda: None), ("with found values", FoundValues)):
    best = 1e9
    for _ in range(3):
        r = make(); t = time.perf_counter(); mask_paths(r, values()); best = min(best, time.perf_counter() - t)
    print(f"{label}: {best:.2f} s for 200,000 findings ({best / 200_000 * 1e6:.2f} us each)")
if "--profile" in sys.argv:
    import cProfile, pstats
    r = make()
    cProfile.run("mask_paths(r, FoundValues())", "/tmp/mask3/prof")
    pstats.Stats("/tmp/mask3/prof").sort_stats("cumtime").print_stats(12)
