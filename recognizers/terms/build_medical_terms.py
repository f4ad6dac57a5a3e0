"""Build terms/medical_thuocl.txt from THUOCL_medical (THUNLP, MIT; LICENSE.THUOCL.txt).

    python recognizers/terms/build_medical_terms.py ../shared/reference/THUOCL_medical.txt

THUOCL_medical is a raw word list: it holds 医院, 检查, 恢复 next to 糖尿病. Only words
whose ending makes them a disease, symptom, drug or examination are kept (…病, …炎, …癌,
…胶囊, …沙星, 胃镜 …), with a minimum length per ending and a list of plain or
figurative words dropped (神经病 is an insult, 适应症 is a drug-label word).
"""

from __future__ import annotations

import sys
from pathlib import Path

# ending -> minimum word length
ENDINGS = {
    "病": 3, "症": 3, "炎": 2, "癌": 2, "瘤": 2, "结石": 3, "溃疡": 3, "囊肿": 3, "结节": 4, "骨折": 3,
    "综合征": 4, "胶囊": 4, "注射液": 5, "颗粒": 4, "西林": 4, "沙星": 4, "他汀": 4, "霉素": 3,
    "疹": 2, "疮": 2, "癣": 2, "瘫": 2, "痛": 3, "出血": 3, "贫血": 2, "梗死": 3, "梗塞": 3, "衰竭": 3,
    "硬化": 4, "增生": 4, "息肉": 3, "积液": 3, "不全": 4, "狭窄": 4, "脱垂": 3, "肿大": 3, "感染": 4,
    "胃镜": 2, "肠镜": 2, "腹腔镜": 3, "喉镜": 2, "宫腔镜": 3, "膀胱镜": 3, "气管镜": 3, "胸腔镜": 3,
    # drugs by dosage form, treatments by their -术 ending, hormones and antibiotics
    "片": 4, "丸": 3, "膏": 4, "散": 3, "口服液": 4, "滴眼液": 4, "滴鼻液": 4, "冲剂": 4, "喷雾剂": 5,
    "术": 3, "激素": 2, "抗生素": 3, "岛素": 3, "腺素": 4, "扰素": 3, "褪黑素": 3, "青蒿素": 3, "肝素": 2,
    "催产素": 3,
}
# Endings that make a word something else: 技术 (technique), 艺术, herbs named 白术.
NOT_ENDINGS = ("技术", "艺术", "学术", "美术", "武术", "魔术", "战术", "算术", "白术", "苍术", "莪术", "催眠术",
               "维生素片", "螺旋藻片", "牙膏", "按摩膏", "石膏", "雪梨膏", "耗散", "扩散", "骨片", "萼片", "斑片", "薄片")
DROP = {
    "神经病", "疾病", "毛病", "通病", "心病", "相思病", "富贵病", "职业病", "慢性病", "传染病", "流行病", "常见病",
    "多发病", "疑难病", "地方病", "大病", "重病", "急病", "怪病", "老毛病", "文明病", "现代病", "公主病", "拖延症",
    "强迫症", "懒癌", "直男癌", "晚期癌", "适应症", "禁忌症", "综合症", "并发症", "后遗症", "恐惧症", "选择困难症",
    "中二病", "红眼病", "消炎", "心痛", "头痛医头", "发炎", "炎炎", "疼痛", "止痛", "镇痛", "刺痛", "肿痛", "阵痛",
    "病痛", "伤痛", "苦痛", "悲痛", "哀痛", "沉痛", "痛痛", "惨痛", "剧痛", "胶囊", "空心胶囊", "软胶囊", "缓释胶囊",
    "时间胶囊", "太空胶囊", "胶囊旅馆", "胶囊咖啡", "感染", "综合征", "流行性感染",
}


def build(source: Path) -> list[str]:
    words = []
    for line in source.read_text(encoding="utf-8").splitlines():
        word = line.split("\t", 1)[0].strip()
        if not word or word in DROP or word.endswith(NOT_ENDINGS) or \
                not all("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        for ending, minimum in ENDINGS.items():
            if word.endswith(ending) and len(word) >= minimum:
                words.append(word)
                break
    return sorted(set(words))


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/THUOCL_medical.txt")
    out = Path(__file__).with_name("medical_thuocl.txt")
    words = build(source)
    header = ("# Diseases, symptoms, drugs and examinations selected from THUOCL_medical (THUNLP, MIT licence,\n"
              "# LICENSE.THUOCL.txt) by terms/build_medical_terms.py: only words whose ending makes them medical.\n")
    out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"wrote {out.name}: {len(words)} terms")
