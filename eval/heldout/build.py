"""chats.txt and chats_b.txt (markup [[value|P]]) -> .jsonl for `handover-scan eval --corpus eval/heldout/chats.jsonl`.

Held out: written before the issue-9 tuning; see the header of chats.txt.
Run: python eval/heldout/build.py
"""

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
TYPES = {"P": "PERSON", "A": "ADDRESS", "M": "MEDICAL", "T": "PHONE_NUMBER"}
MARK = re.compile(r"\[\[(.+?)\|([PAMT])\]\]")


def parse(line: str) -> tuple[str, list[list]]:
    text, spans, last = "", [], 0
    for m in MARK.finditer(line):
        text += line[last:m.start()]
        spans.append([len(text), len(text) + len(m.group(1)), TYPES[m.group(2)]])
        text += m.group(1)
        last = m.end()
    return text + line[last:], spans


def build(name: str, prefix: str) -> None:
    section, out = "", []
    for n, line in enumerate((HERE / f"{name}.txt").read_text("utf-8").splitlines(), 1):
        if line.startswith("# section:"):
            section = line.split(":", 1)[1].strip()
        if not line.strip() or line.startswith("#"):
            continue
        text, spans = parse(line)
        out.append({"id": f"{prefix}{n:03d}", "section": section, "text": text, "spans": spans})
    (HERE / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), "utf-8")
    print(f"{name}: {len(out)} records")


def main() -> None:
    build("chats", "h")
    build("chats_b", "hb")


if __name__ == "__main__":
    main()
