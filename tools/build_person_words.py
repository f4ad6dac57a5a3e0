"""recognizers/terms/person_model_words.txt from jieba's dictionary (MIT): everyday words that begin
with a surname character, which the name model's spans must not be (黄金, 平安, 马上).

    pip download jieba==0.42.1 --no-deps && tar xzf jieba-0.42.1.tar.gz
    python tools/build_person_words.py jieba-0.42.1/jieba/dict.txt > recognizers/terms/person_model_words.txt
(then put back the header comment of the file)
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    surnames = {w for line in (ROOT / "recognizers/data/cn_surnames.txt").read_text("utf-8").splitlines()
                if not line.startswith("#") for w in line.split() if len(w) == 1}
    for line in open(sys.argv[1], encoding="utf-8"):
        word, freq, tag = line.split()
        if not (2 <= len(word) <= 3 and all("\u4e00" <= c <= "\u9fff" for c in word)):
            continue
        if tag in ("nr", "nrt", "nrfg") or int(freq) < 50:
            continue
        if word[0] in "小老阿" and len(word) == 2 and word[1] in surnames:
            continue  # 小张, 老周: how chats name people
        if word[0] in surnames or word[0] in "小老阿":
            print(word)


if __name__ == "__main__":
    main()
