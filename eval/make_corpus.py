"""Write eval/corpus.jsonl: a labelled, synthetic chat corpus for `handover-scan eval`.

    python eval/make_corpus.py

Every message is built from segments; a segment tagged with an entity type is a planted
value and its offsets become a gold span. Values are generated (valid check digits, live
number ranges, real area codes, Luhn) and belong to nobody. The phrasing around them is
written for this corpus, not taken from the recognizer files: many messages carry no
context word at all, some use words no recognizer lists, and noise (emoji, stickers,
full-width digits, spaces, wrapped lines) is mixed in. Hard negatives are the digits and
words chats are full of that are NOT personal information: order, tracking and group
numbers, amounts, timestamps, codes, masked values, shop addresses, clinic adverts,
plain medical words. Each hard negative names the numeric types it stresses; there are
at least 200 per numeric type.

The random seed is fixed; rerunning writes the same file.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from stdnum import luhn
from stdnum.cn import ric

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import synth  # noqa: E402

OUT = ROOT / "eval" / "corpus.jsonl"
SEED = 20261122
rng = random.Random(SEED)

Segment = tuple[str, str | None]
records: list[dict] = []

WIDE = str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ")
NOISE_END = ["", "", "", "～", "哈", "[呲牙]", "😂", "🙏", "。", "！", "？", " ", "~~", "[玫瑰]", "哦", "呀"]
NOISE_START = ["", "", "", "嗯嗯 ", "好的，", "亲 ", "[OK]", "哈喽，", "在吗？", "额，"]


def add(segments: list[Segment], kind: str, stresses: tuple[str, ...] = (), known_names: tuple[str, ...] = (),
        noise: bool = True) -> None:
    if noise:
        segments = [(rng.choice(NOISE_START), None), *segments, (rng.choice(NOISE_END), None)]
    text, spans = "", []
    for piece, entity in segments:
        if entity:
            spans.append([len(text), len(text) + len(piece), entity])
        text += piece
    record = {"id": f"m{len(records) + 1:05d}", "kind": kind, "text": text, "spans": spans}
    if stresses:
        record["hard_negative_for"] = list(stresses)
    if known_names:
        record["known_names"] = list(known_names)
    records.append(record)


def digits(n: int, first: str = "123456789") -> str:
    return rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))


def maybe_wide(value: str, p: float = 0.08) -> str:
    return value.translate(WIDE) if rng.random() < p else value


# ---------------------------------------------------------------- values
AREAS = ("110105", "110108", "310104", "310115", "440305", "440106", "320583", "320102", "510107", "330106",
         "420111", "610113", "370202", "500103", "130102", "210102", "350203", "430104", "450103", "620102",
         "110102", "440304", "350102", "370102")


def id18() -> str:
    birth = f"{rng.randint(1940, 2012)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    return synth.id_number(rng, rng.choice(AREAS), birth)


def id15() -> str:
    return f"{rng.choice(AREAS)}{rng.randint(40, 89):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"


MOBILE = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "157",
          "158", "159", "166", "170", "171", "173", "175", "176", "177", "178", "180", "181", "182", "183", "185",
          "186", "187", "188", "189", "191", "193", "195", "198", "199")
LANDLINE = (("010", 8), ("021", 8), ("020", 8), ("0755", 8), ("0571", 8), ("028", 8), ("027", 8), ("0512", 8),
            ("0731", 8), ("0591", 8), ("023", 8), ("0532", 8), ("0898", 8), ("0931", 7))


def mobile() -> str:
    return rng.choice(MOBILE) + f"{rng.randint(0, 99999999):08d}"


def phone_spelling(number: str) -> str:
    r = rng.random()
    if r < 0.45:
        return number
    if r < 0.6:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    if r < 0.7:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if r < 0.8:
        return f"+86 {number}" if rng.random() < 0.5 else f"+86-{number[:3]}-{number[3:7]}-{number[7:]}"
    if r < 0.9:
        return number.translate(WIDE)
    return f"0086{number}"


def landline() -> str:
    area, n = rng.choice(LANDLINE)
    local = str(rng.randint(2, 8)) + "".join(rng.choice("0123456789") for _ in range(n - 1))
    return rng.choice((f"{area}-{local}", f"({area}){local}", f"{area}-{local}"))


BANK_PREFIXES = (("622202", 19), ("621700", 19), ("622848", 19), ("621226", 19), ("622588", 16), ("621483", 16),
                 ("622609", 16), ("623058", 19), ("622155", 16), ("625907", 16), ("436742", 16), ("518710", 16),
                 ("622700", 19), ("601382", 19), ("955880", 19), ("628288", 16))


def bank_card() -> str:
    prefix, length = rng.choice(BANK_PREFIXES)
    return synth.bank_card(rng, prefix, length)


def card_spelling(number: str) -> str:
    r = rng.random()
    if r < 0.55:
        return number
    if r < 0.85:
        return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    if r < 0.93:
        return "-".join(number[i:i + 4] for i in range(0, len(number), 4))
    return number.translate(WIDE)


def luhn_number(prefix: str, length: int) -> str:
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志红梅玉晓燕子涵浩然欣怡梓萱宇轩思雨佳琪俊凯婷雪琳颖鹏飞斌博文瑶倩悦晨阳洁蕾慧"


def person() -> str:
    if rng.random() < 0.05:
        return rng.choice(("欧阳", "司马", "诸葛", "上官")) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


CHAINS = [("北京市", "", "朝阳区"), ("北京市", "", "海淀区"), ("上海市", "", "浦东新区"), ("上海市", "", "徐汇区"),
          ("广东省", "深圳市", "南山区"), ("广东省", "广州市", "天河区"), ("浙江省", "杭州市", "西湖区"),
          ("江苏省", "苏州市", "工业园区"), ("江苏省", "南京市", "鼓楼区"), ("四川省", "成都市", "武侯区"),
          ("湖北省", "武汉市", "洪山区"), ("陕西省", "西安市", "雁塔区"), ("山东省", "青岛市", "市南区"),
          ("重庆市", "", "渝中区"), ("福建省", "厦门市", "思明区"), ("湖南省", "长沙市", "岳麓区"),
          ("河北省", "石家庄市", "长安区"), ("辽宁省", "沈阳市", "和平区"), ("广西壮族自治区", "南宁市", "青秀区"),
          ("河南省", "郑州市", "金水区"), ("云南省", "昆明市", "五华区"), ("安徽省", "合肥市", "蜀山区")]
ROADS = ("人民", "解放", "中山", "建设", "文化", "新华", "和平", "胜利", "长江", "黄河", "科技", "学院", "幸福", "光明",
         "东风", "迎宾", "滨江", "金沙", "望京", "花园", "青年", "团结", "朝阳", "五一", "北京", "南京", "延安", "建国")
ROAD_KIND = ("路", "路", "路", "街", "大道", "大街", "东路", "西路", "南路", "北路", "中路")
ESTATES = ("阳光花园", "金色家园", "碧桂园", "万科城", "世纪城", "翠湖苑", "锦绣华庭", "湖畔小区", "新城公馆", "龙湖天街",
           "保利花园", "幸福里小区", "紫荆公寓", "海悦大厦", "御景湾", "东方明珠苑", "怡景新村", "春江花月")


def address() -> str:
    province, city, district = rng.choice(CHAINS)
    r = rng.random()
    prefix = ""
    if r < 0.35:
        prefix = province + city + district
    elif r < 0.55:
        prefix = (city or province) + district
    elif r < 0.7:
        prefix = district
    road = rng.choice(ROADS) + rng.choice(ROAD_KIND) + f"{rng.randint(1, 999)}号"
    estate = rng.choice(ESTATES)
    unit = rng.choice((f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元{rng.randint(1, 33)}{rng.randint(1, 4):02d}室",
                       f"{rng.randint(1, 30)}号楼{rng.randint(1, 33)}{rng.randint(1, 4):02d}",
                       f"{rng.randint(1, 30)}幢{rng.randint(1, 33)}{rng.randint(1, 4):02d}室",
                       f"{rng.randint(1, 20)}栋{rng.randint(101, 3304)}"))
    shape = rng.random()
    if shape < 0.35:
        return prefix + road
    if shape < 0.6:
        return prefix + road + estate + unit
    if shape < 0.85:
        return prefix + estate + unit
    village = rng.choice(("张家", "李庄", "王店", "石桥", "河西", "杨柳", "新村"))
    return (province + city if rng.random() < 0.5 else "") + rng.choice(("平阳县", "长丰县", "桐庐县", "宁乡市")) + \
        rng.choice(("城关镇", "水口镇", "大桥乡", "新店镇")) + village + f"村{rng.randint(1, 12)}组{rng.randint(1, 80)}号"


def birth_date() -> str:
    y, m, d = rng.randint(1945, 2015), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}/{m}/{d}", f"{y}.{m:02d}.{d:02d}",
                       f"{y % 100:02d}年{m}月{d}号", f"{y}{m:02d}{d:02d}", f"{m}月{d}号", f"{m}月{d}日",
                       f"{y}年{m:02d}月{d:02d}日"))


# Health talk: diseases, symptoms, drugs, examinations, procedures, medical aesthetics.
MEDICAL = ("糖尿病", "高血压", "甲亢", "抑郁症", "焦虑症", "乙肝", "哮喘", "痛风", "湿疹", "荨麻疹", "胃炎", "脂肪肝",
           "乳腺结节", "甲状腺结节", "子宫肌瘤", "多囊卵巢", "偏头痛", "过敏性鼻炎", "失眠症", "腰椎间盘突出", "颈椎病",
           "胆结石", "肾结石", "痔疮", "带状疱疹", "贫血", "冠心病", "肺结节", "宫颈糜烂", "阑尾炎",
           "发烧", "咳嗽", "过敏", "红肿", "头晕", "恶心", "拉肚子", "失眠", "心悸", "胸闷",
           "二甲双胍", "胰岛素", "优甲乐", "布洛芬", "头孢", "阿莫西林", "抗抑郁药", "降压药", "避孕药", "激素",
           "胃镜", "肠镜", "核磁共振", "CT", "彩超", "B超", "血常规", "HPV", "TCT", "心电图",
           "化疗", "剖腹产", "人流", "试管婴儿", "住院", "手术",
           "热玛吉", "水光针", "超声刀", "溶脂针", "瘦脸针", "埋线", "削骨", "吸脂", "隆胸", "假体", "玻尿酸", "双眼皮",
           "隆鼻", "肉毒素", "光子嫩肤", "皮秒", "线雕", "植发", "抽脂", "下颌角")

FILLER = ["好的收到", "今天天气不错", "晚点再说", "明天见", "谢谢亲", "我先去忙了", "在路上了", "哈哈哈哈",
          "这个颜色好看吗", "周末一起吃饭吧", "辛苦了", "刚下班", "孩子放学了", "等我一下", "OK的", "[图片]",
          "这款面膜补货了吗", "链接发你了", "拼单的来", "好评返现哦", "已经在排队了", "你们几点关门"]

# ---------------------------------------------------------------- positives
for _ in range(170):  # resident ID numbers
    v = id18()
    if rng.random() < 0.3:
        v = v[:-1] + v[-1].lower() if v.endswith("X") else v
    lead = rng.choice(["身份证号：", "身份证", "证件号码 ", "sfz:", "我的身份证号是", "", "", "登记用这个：", "号码",
                       "实名信息 ", "帮我订票，", "开户资料，身份证 ", "孩子的身份证："])
    tail = rng.choice(["", "，谢谢", " 麻烦登记下", "。", "，名字等下发你", " 核对下"])
    r = rng.random()
    if r < 0.1:
        v = f"{v[:6]} {v[6:14]} {v[14:]}"
    elif r < 0.18:
        v = v.translate(WIDE)
    elif r < 0.24:
        cut = rng.randint(6, 15)
        v = v[:cut] + "\n" + v[cut:]
    add([(lead, None), (v, "CN_ID_CARD"), (tail, None)], "positive")
for _ in range(20):  # legacy 15-digit numbers, said to be ID numbers
    add([(rng.choice(["老身份证号", "身份证号码：", "一代证号 "]), None), (id15(), "CN_ID_CARD"),
         (rng.choice(["", "，还能用吗", "，是15位的"]), None)], "positive")

for _ in range(200):  # mobile and landline numbers
    v = phone_spelling(mobile()) if rng.random() < 0.85 else landline()
    lead = rng.choice(["手机", "电话：", "我电话", "联系方式 ", "有事打", "tel:", "", "", "", "号码是", "微信同号",
                       "收件电话 ", "你存一下", "到了打我", "家里座机 "])
    tail = rng.choice(["", "，谢谢", " 随时联系", "。", "，白天都在", " 打不通发短信"])
    if rng.random() < 0.05:
        cut = rng.randint(3, 9)
        v = v[:cut] + "\n" + v[cut:] if "\n" not in v and " " not in v else v
    add([(lead, None), (v, "PHONE_NUMBER"), (tail, None)], "positive")

for _ in range(150):  # bank cards
    v = card_spelling(bank_card())
    lead = rng.choice(["卡号", "银行卡：", "工行 ", "建行卡号", "退款打这张卡", "转到我卡上 ", "", "", "尾款打这个 ",
                       "开户行招商银行，卡号", "农行储蓄卡", "收款账号 "])
    add([(lead, None), (v, "BANK_CARD"), (rng.choice(["", "，户名本人", " 谢谢", "。", "，到账说一声"]), None)],
        "positive")

for _ in range(120):  # e-mail
    v = synth.email(rng)
    lead = rng.choice(["邮箱", "发我邮箱", "email: ", "简历发到", "", "", "报告发", "我的邮箱是", "合同寄电子版到 "])
    add([(lead, None), (v, "EMAIL"), (rng.choice(["", " 谢谢", "，收到回复", "。", "就行"]), None)], "positive")

for _ in range(150):  # birth dates
    v = birth_date()
    lead = rng.choice(["我生日", "生日是", "出生日期：", "出生年月 ", "我是", "宝宝", "他", "我老公生日", "DOB "])
    tail = {"我是": "出生的", "宝宝": "出生的", "他": "生的"}.get(lead, rng.choice(["", "，记一下", "。", " 阳历"]))
    add([(lead, None), (v, "BIRTH_DATE"), (tail, None)], "positive")

for _ in range(150):  # addresses
    v = address()
    lead = rng.choice(["寄到", "地址：", "收货地址 ", "我住在", "家住", "送到", "发到", "我家在", "快递寄", "新地址 ",
                       "搬家了，现在住"])
    add([(lead, None), (v, "ADDRESS"), (rng.choice(["", "，谢谢", " 放门口", "，到了打电话", "。"]), None)], "positive")

for _ in range(240):  # health talk
    a, b = rng.sample(MEDICAL, 2)
    shape = rng.random()
    if shape < 0.3:
        segs = [("我有", None), (a, "MEDICAL"), (rng.choice(["，能做吗", "，需要注意什么", "好几年了", "，医生说要控制"]), None)]
    elif shape < 0.55:
        segs = [(rng.choice(["上周刚做了", "我上个月打了", "去年做过", "想约个", "打算做"]), None), (a, "MEDICAL"),
                (rng.choice(["，现在有点", "，还要", "，之前还"]), None), (b, "MEDICAL"),
                (rng.choice(["", "，正常吗", "了"]), None)]
    elif shape < 0.75:
        segs = [(rng.choice(["医生给我开了", "一直在吃", "每天要用", "刚拿了"]), None), (a, "MEDICAL"),
                (rng.choice(["", "，副作用大吗", "，效果一般"]), None)]
    else:
        segs = [(rng.choice(["孩子", "我妈", "我", "老公"]), None), (rng.choice(["最近", "昨晚", "这两天"]), None),
                (a, "MEDICAL"), (rng.choice(["，去医院查了", "，要不要紧", "，请假了"]), None)]
    add(segs, "positive")

for _ in range(150):  # names with a label or a title, and names the contact list revealed
    n = person()
    shape = rng.random()
    if shape < 0.4:
        segs = [(rng.choice(["姓名：", "收件人", "收货人：", "联系人 ", "我叫", "患者姓名 ", "名字：", "持卡人"]), None),
                (n, "PERSON"), (rng.choice(["", "，电话等下发", " 谢谢", "。", "，男"]), None)]
        add(segs, "positive")
    elif shape < 0.7:
        t = rng.choice(["女士", "先生", "小姐", "老师", "医生", "阿姨"])
        if rng.random() < 0.5:
            segs = [(rng.choice(["", "请", "麻烦", "找"]), None), (n[0] + t, "PERSON"),
                    (rng.choice(["您好", "到店了吗", "的预约改到周五", "在吗"]), None)]
        else:
            segs = [(rng.choice(["", "跟", "麻烦"]), None), (n, "PERSON"),
                    (t + rng.choice(["您好", "说下周来", "的资料齐了"]), None)]
        add(segs, "positive")
    else:  # a contact remark or nickname from the export, mentioned in a message
        remark = rng.choice([n, n[0] + rng.choice(("姐", "哥", "女士", "先生")), "小" + n[0]])
        decorated = rng.choice([remark, remark + "-热玛吉", remark + "（老客户）", remark + "2023", remark])
        segs = [(rng.choice(["", "@", "刚才", "跟"]), None), (remark, "PERSON"),
                (rng.choice(["说她明天到", " 你的货到了", "也想报名", "介绍来的朋友"]), None)]
        add(segs, "positive", known_names=(decorated,))

for _ in range(40):  # passports
    add([(rng.choice(["护照号", "护照：", "passport ", "办签证用的护照号码是"]), None), (synth.passport(rng), "PASSPORT"),
         (rng.choice(["", "，有效期到2030年", "。"]), None)], "positive")
for _ in range(40):  # travel permits
    kind = rng.random()
    if kind < 0.5:
        segs = [(rng.choice(["港澳通行证", "通行证号码 ", "往来港澳通行证："]), None),
                ("C" + f"{rng.randint(0, 99999999):08d}", "HK_MACAO_TW_PERMIT")]
    elif kind < 0.75:
        segs = [(rng.choice(["回乡证", "回乡证号码："]), None),
                (rng.choice("HM") + f"{rng.randint(0, 99999999):08d}" + rng.choice(("", "01", "02")), "HK_MACAO_TW_PERMIT")]
    else:
        segs = [(rng.choice(["台胞证", "台胞证号 "]), None), (f"{rng.randint(0, 99999999):08d}", "HK_MACAO_TW_PERMIT")]
    add(segs + [(rng.choice(["", "，过关用", "。"]), None)], "positive")
for _ in range(60):  # licence plates
    add([(rng.choice(["车牌", "我的车是", "车牌号：", "停车场登记下", "", "挪车，"]), None), (synth.licence_plate(rng), "LICENSE_PLATE"),
         (rng.choice(["", "，白色的", " 谢谢", "。"]), None)], "positive")
for _ in range(60):  # QQ numbers
    add([(rng.choice(["QQ", "加我QQ ", "扣扣：", "q号", "QQ号是"]), None), (synth.qq_number(rng), "QQ_NUMBER"),
         (rng.choice(["", "，备注来意", "。"]), None)], "positive")
for _ in range(60):  # WeChat IDs
    add([(rng.choice(["微信号", "加我微信 ", "vx:", "V信 ", "wx：", "我的微信是"]), None), (synth.wechat_id(rng), "WECHAT_ID"),
         (rng.choice(["", "，备注名字", "。"]), None)], "positive")
for _ in range(50):  # coordinates and shared locations
    lat, lng = rng.uniform(22.3, 45.0), rng.uniform(100.0, 125.0)
    if rng.random() < 0.5:
        add([(rng.choice(["我在这 ", "定位：", "位置 ", "坐标"]), None), (f"{lat:.6f},{lng:.6f}", "LOCATION"),
             (rng.choice(["", " 过来接我", "。"]), None)], "positive")
    else:
        place = rng.choice(("星巴克(国贸店)", "北京南站", "万达广场", "人民医院门诊楼", "西湖文化广场", "机场T2航站楼"))
        add([(rng.choice(["[位置]", "[位置] "]), None), (place, "LOCATION")], "positive", noise=False)
for _ in range(40):  # social security and medical record numbers
    if rng.random() < 0.5:
        add([(rng.choice(["社保卡号", "医保卡号：", "社保号 ", "电脑号"]), None),
             (rng.choice(("", "A", "B")) + f"{rng.randint(10000000, 999999999)}", "SOCIAL_SECURITY")], "positive")
    else:
        add([(rng.choice(["病历号", "住院号：", "门诊号 ", "病案号"]), None), (f"{rng.randint(100000, 99999999)}", "MEDICAL_RECORD_NO"),
             (rng.choice(["", "，复印病历用", "。"]), None)], "positive")

# ---------------------------------------------------------------- harder, mixed messages
for _ in range(80):  # shipping labels pasted from a shop: name, phone, address in one line, no labels
    n, m, addr = person(), mobile(), address()
    sep = rng.choice(["，", " ", ",", "  ", "\n"])
    order = rng.random()
    if order < 0.6:
        segs = [(n, "PERSON"), (sep, None), (m, "PHONE_NUMBER"), (sep, None), (addr, "ADDRESS")]
    else:
        segs = [(addr, "ADDRESS"), (sep, None), (n, "PERSON"), (sep, None), (m, "PHONE_NUMBER")]
    add(segs, "positive", noise=False)
for _ in range(25):  # names in plain talk, no label, no title, not in the contact list
    n = person()
    add([(rng.choice(["刚才", "昨天", "听说", ""]), None), (n, "PERSON"),
         (rng.choice(["说她也想做", "把钱转过来了", "介绍的朋友到了", "今天没来上班"]), None)], "positive")
for _ in range(15):  # addresses without a house number
    province, city, district = rng.choice(CHAINS)
    place = rng.choice(("望京SOHO", "科技园南区", "大学城", "万达广场", "软件园二期", "火车站对面"))
    add([(rng.choice(["寄到", "地址：", "我住"]), None), (province + city + district + place, "ADDRESS"),
         (rng.choice(["", "，谢谢", "附近"]), None)], "positive")
RARE_MEDICAL = ("肌无力", "鼻窦炎", "颈动脉斑块", "尿酸高", "窦性心律不齐", "甲状腺功能减退", "桥本甲状腺炎", "腱鞘炎",
                "幽门螺杆菌", "胆囊息肉", "子宫内膜异位", "玫瑰糠疹", "面瘫", "耳石症", "骨质增生", "肩周炎",
                "扁桃体发炎", "前列腺增生", "心肌缺血", "血小板减少")
for _ in range(60):
    term = rng.choice(RARE_MEDICAL)
    add([(rng.choice(["我查出来", "医生说我是", "我妈有", "体检发现", "我老公"]), None), (term, "MEDICAL"),
         (rng.choice(["，能做项目吗", "，要紧吗", "好多年了", "，在吃药"]), None)], "positive")

# ---------------------------------------------------------------- hard negatives
NUMERIC = ("CN_ID_CARD", "PHONE_NUMBER", "BANK_CARD", "QQ_NUMBER", "PASSPORT", "HK_MACAO_TW_PERMIT", "SOCIAL_SECURITY",
           "MEDICAL_RECORD_NO", "BIRTH_DATE")
for _ in range(220):  # order / tracking / transaction numbers, 11-20 digits
    n = rng.choice((11, 12, 13, 15, 16, 17, 18, 19, 20))
    v = digits(n)
    if n == 18 and rng.random() < 0.4:  # shaped like an ID: area + date + sequence, wrong check digit
        v = synth.wrong_check_id(rng)
    lead = rng.choice(["订单号", "订单编号：", "快递单号 ", "运单号", "物流单号：", "交易单号", "流水号", "商户单号 ",
                       "退款编号", "售后单号："])
    add([(lead, None), (v, None), (rng.choice(["，已发货", "，请查收", " 麻烦查下", "，明天到"]), None)], "hard_negative",
        ("CN_ID_CARD", "PHONE_NUMBER", "BANK_CARD", "QQ_NUMBER", "SOCIAL_SECURITY", "MEDICAL_RECORD_NO"))
for _ in range(210):  # tracking numbers with carrier letters, product codes, batch numbers
    v = rng.choice(("SF", "YT", "ZTO", "JD", "JT", "YD", "DPK")) + digits(rng.choice((12, 13, 15)), "0123456789")
    add([(rng.choice(["顺丰", "中通", "京东", "快递"]), None), (rng.choice(["单号", " "]), None), (v, None),
         (rng.choice(["", "，到驿站了", "，物流有点慢"]), None)], "hard_negative",
        ("PHONE_NUMBER", "BANK_CARD", "PASSPORT", "HK_MACAO_TW_PERMIT", "CN_ID_CARD"))
for _ in range(210):  # amounts, prices, verification codes, timestamps, group ids, product codes
    shape = rng.random()
    if shape < 0.2:
        text = f"合计{rng.randint(100, 99999)}元，已付定金{rng.randint(50, 999)}元"
    elif shape < 0.35:
        text = f"【某宝】验证码{rng.randint(100000, 999999)}，5分钟内有效，请勿泄露"
    elif shape < 0.5:
        text = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} 已签收"
    elif shape < 0.6:
        text = f"时间戳{rng.randint(1500000000, 1799999999)}{rng.choice(['', str(rng.randint(100, 999))])}"
    elif shape < 0.72:
        text = f"{rng.choice(['QQ群', '群号', '微信群号', '粉丝群'])}{rng.randint(10000000, 999999999)}，进群备注"
    elif shape < 0.82:
        text = f"型号{rng.choice('EGCHMLW')}{rng.randint(10000000, 99999999)}，货号{rng.choice('EGDS')}{rng.randint(1000000, 9999999)}"
    elif shape < 0.9:
        text = f"批号{rng.randint(10000000, 99999999)}，生产日期{rng.randint(2022, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}，有效期至{rng.randint(2026, 2028)}年{rng.randint(1, 12)}月"
    else:
        text = f"会员卡积分{rng.randint(1000, 99999)}，工号{rng.randint(10000, 999999)}，房间{rng.randint(100, 3999)}"
    add([(text, None)], "hard_negative", NUMERIC)
for _ in range(210):  # values the exporter already masked
    shape = rng.random()
    m, i, c = mobile(), id18(), bank_card()
    if shape < 0.3:
        v = f"{m[:3]}****{m[7:]}"
    elif shape < 0.5:
        v = f"{i[:6]}********{i[14:]}"
    elif shape < 0.65:
        v = f"{c[:4]} **** **** {c[-4:]}"
    elif shape < 0.8:
        v = rng.choice(("[phone xxx]", "[id_card xxx]", "[bank_card xxx]", "[手机号 已隐藏]", "[身份证 已隐藏]"))
    else:
        v = f"{m[:3]}xxxx{m[7:]}"
    add([(rng.choice(["手机", "身份证", "卡号", "联系电话", "号码", ""]), None), (v, None),
         (rng.choice(["", "，已脱敏", "。"]), None)], "hard_negative", ("CN_ID_CARD", "PHONE_NUMBER", "BANK_CARD"))
for _ in range(210):  # Luhn-valid or phone-shaped numbers in a clearly non-personal role
    shape = rng.random()
    if shape < 0.4:
        v = luhn_number(rng.choice(("62", "60", "4")), rng.choice((16, 19)))
        lead = rng.choice(["交易单号", "商户订单号", "支付流水号", "订单号"])
    elif shape < 0.7:
        v = mobile()
        lead = rng.choice(["快递单号", "运单号", "订单号"])
    else:
        v = str(rng.randint(10000, 99999999))
        lead = rng.choice(["取件码", "提货码", "预约号", "排队号", "会员号"])
    add([(lead, None), (v, None), (rng.choice(["", "，记一下", "，别弄丢了"]), None)], "hard_negative", NUMERIC)
for _ in range(210):  # dates that are not birth dates
    d = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日" if rng.random() < 0.5 else \
        f"{rng.randint(2023, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    lead = rng.choice(["预约", "复诊时间", "发货时间", "活动截止", "下单时间", "到店时间", "有效期至", "开业时间", "入职"])
    add([(lead, None), (d, None), (rng.choice(["，别忘了", "下午三点", "，记得来", ""]), None)], "hard_negative",
        ("BIRTH_DATE",))
for _ in range(120):  # shop addresses and numbers that are not addresses
    shape = rng.random()
    if shape < 0.5:
        text = f"本店地址：{rng.choice(ROADS)}路{rng.randint(1, 300)}号{rng.choice(['', '一楼'])}，欢迎到店体验"
    elif shape < 0.75:
        text = rng.choice([f"{rng.randint(1, 99)}号技师手法很好", "朝阳区那边堵车", f"{rng.randint(1, 30)}号线地铁口见",
                           f"排到{rng.randint(1, 200)}号了", "去北京出差几天", "杭州下雨了"])
    else:
        text = f"门店{rng.choice(['新开', '搬迁'])}，{rng.choice(ROADS)}街{rng.randint(1, 99)}号商场{rng.randint(1, 5)}楼"
    add([(text, None)], "hard_negative")
for _ in range(150):  # plain words, clinic adverts, generic titles: not a person's health or name
    text = rng.choice([
        "去医院检查一下，恢复得挺好", "明天去医院看看我奶奶", "体检中心几点开门", "这个精华液适合敏感肌吗",
        f"【新店开业】热玛吉特惠体验价{rng.randint(999, 9999)}元，限时秒杀", f"水光针活动价{rng.randint(199, 999)}元，原价{rng.randint(1000, 3000)}元",
        "谢谢老师", "各位宝宝晚上好", "亲，在吗", "老板在吗", "王者荣耀来一把", "张家界好玩吗", "我是高中生",
        "黄金价格又涨了", "马上到", "周末愉快", "白天没空", "方便的时候回我", "林子里空气好", "江边散步去了",
        "师傅几点上门", "美女你好", "客户说再等等", "宝宝们晚安", "金额对不上", "石头剪刀布", "时间定了告诉我",
        "药店买的口罩还有吗", "医美机构招聘咨询师", "今天健身练腿了", "恢复原价了", "检查一下订单信息"])
    add([(text, None)], "hard_negative")
for _ in range(80):  # filler
    add([(rng.choice(FILLER), None)], "filler")

OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
counts: dict[str, int] = {}
for r in records:
    for t in r.get("hard_negative_for", []):
        counts[t] = counts.get(t, 0) + 1
print(f"wrote {OUT.relative_to(ROOT)}: {len(records)} messages, "
      f"{sum(len(r['spans']) for r in records)} gold spans; hard negatives per type: {counts}")
