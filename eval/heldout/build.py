"""chats.txt (markup [[value|P]]) -> chats.jsonl for `handover-scan eval --corpus eval/heldout/chats.jsonl`.

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


def main() -> None:
    section, out = "", []
    for n, line in enumerate((HERE / "chats.txt").read_text("utf-8").splitlines(), 1):
        if line.startswith("# section:"):
            section = line.split(":", 1)[1].strip()
        if not line.strip() or line.startswith("#"):
            continue
        text, spans = parse(line)
        out.append({"id": f"h{n:03d}", "section": section, "text": text, "spans": spans})
    (HERE / "chats.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in out), "utf-8")
    print(f"{len(out)} records")


if __name__ == "__main__":
    main()
