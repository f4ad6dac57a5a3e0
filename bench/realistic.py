"""Realistic synthetic chat text for benchmarks: what a beauty-clinic / shop account's chats hold.

Rates (per message, roughly as in real customer-service chats): ~20% hold a time or date,
~8% an amount, ~3% an order or tracking number, ~12% a name or form of address, ~4% health
talk, ~5% a planted personal value (phone, ID, card, address, e-mail, QQ); the rest is
everyday chat filler with emoji, stickers and links. The values are made up and validate
(tests/synth.py generators), so the prefilter is not flattered by digit-free filler.

    make_export(folder, messages=1_000_000, files=40)  # MemoTrace 2.x CSV, one file per chat
"""

from __future__ import annotations

import csv
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import synth  # noqa: E402  (tests/synth.py: validating made-up values)

HEADER = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
          "Remark", "NickName", "Sender"]
FILLER = ["好的", "收到", "嗯嗯", "谢谢亲", "在吗", "稍等一下哈", "好的呢亲", "[图片]", "[表情]", "[语音]", "哈哈哈",
          "没问题", "可以的", "我看看", "辛苦啦", "不客气", "明白了", "那我等你消息", "okk", "好滴", "嗯",
          "今天人多吗", "我到门口了", "你们几点关门", "上次那个效果挺好的", "有优惠吗", "可以刷卡吗", "我考虑一下",
          "发我看看", "拍照给你了", "图片收到", "这个颜色好看", "有没有别的款", "什么时候发货", "还没收到呢",
          "已经签收了", "麻烦帮我查一下", "等下回你", "刚在忙", "好的我知道了", "下次再约", "周末有空吗",
          "外面下雨了", "路上堵车", "马上到", "不好意思来晚了", "我先走了", "晚安", "早上好", "👍", "🌹🌹",
          "亲，活动还有吗", "这个套餐包含什么", "能便宜点吗", "老顾客有折扣吗", "我朋友也想来",
          "https://mp.weixin.qq.com/s/AbCdEf", "[链接]", "[视频]", "[文件]", "转发了一条消息", "OK", "nice",
          "我拉你进群", "群里发了通知", "记得带身份证原件哦", "护肤品用完了", "面膜还有货吗", "寄顺丰还是中通",
          "包装很好", "味道有点大", "质量不错", "下单了", "付款了", "退款什么时候到", "发票能开吗"]
TIMES = ["明天下午{h}点", "{h}点半到", "{m}月{d}号可以吗", "{h}:{mi}见", "周{w}上午{h}点", "今天{h}点以后",
         "2024-{m:02d}-{d:02d}", "{m}.{d}那天", "等{n}分钟", "大概{n}天到"]
AMOUNTS = ["一共{a}元", "¥{a}", "{a}块", "定金{a}", "三次卡{a}元", "打完折{a}", "转账{a}.00", "余额还有{a}"]
ORDERS = ["订单号{o}", "单号SF{t}", "快递单号：YT{t}", "运单号 {t}", "订单{o}已发货", "中通{t}"]
NAMES = ["{s}女士", "{s}姐", "{s}哥", "{s}老师", "小{s}", "{nm}你好", "@{nm} 看下", "{s}医生说的", "收件人{nm}"]
HEALTH = ["最近失眠睡不着", "上周做了双眼皮", "打了玻尿酸有点肿", "我有点过敏", "孕期可以做吗", "吃了头孢能做吗",
          "医生说是湿疹", "我有高血压", "血糖7.8", "术后多久能洗脸", "脸上长痘痘", "最近胃疼", "在吃避孕药"]
PLANTED = ["电话{p}", "我手机{p}", "身份证{i}", "卡号{c}", "地址：{addr}", "寄到{addr}，{n}，{p}", "邮箱{e}",
           "我QQ{q}", "{n} {p}", "微信同号{p}"]
STREETS = ["朝阳区幸福路88号3栋2单元501", "浦东新区张江路100弄5号", "南山区科技园南路12号", "西湖区文三路158号",
           "武侯区人民南路四段9号", "天河区体育西路123号1201室"]


def message(rng: random.Random) -> str:
    parts = [rng.choice(FILLER) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
    fill = {"h": rng.randint(1, 12), "mi": rng.choice(("00", "15", "30", "45")), "m": rng.randint(1, 12),
            "d": rng.randint(1, 28), "w": rng.choice("一二三四五六日"), "n": rng.randint(2, 40),
            "a": rng.choice((99, 198, 299, 680, 1280, 2980, 3600, 12800)),
            "o": f"{rng.randint(10**17, 10**18 - 1)}", "t": f"{rng.randint(10**11, 10**13 - 1)}",
            "s": rng.choice(synth.SURNAMES)}
    fill["nm"] = synth.person_name(rng) if rng.random() < 0.5 else synth.person_name(rng, 1)
    for rate, pool in ((0.20, TIMES), (0.08, AMOUNTS), (0.03, ORDERS), (0.12, NAMES), (0.04, HEALTH)):
        if rng.random() < rate:
            parts.insert(rng.randint(0, len(parts)), rng.choice(pool).format(**fill))
    if rng.random() < 0.05:
        planted = rng.choice(PLANTED).format(p=synth.mobile(rng), i=synth.id_number(rng), c=synth.bank_card(rng),
                                             addr=rng.choice(STREETS), e=synth.email(rng), q=synth.qq_number(rng),
                                             n=synth.person_name(rng))
        parts.insert(rng.randint(0, len(parts)), planted)
    return rng.choice(("", " ", "，")).join(parts)


def write_chat(path: Path, messages: int, seed: int) -> None:
    rng = random.Random(seed)
    remark = rng.choice(synth.SURNAMES) + rng.choice(("女士", "姐", "先生")) + "-" + rng.choice(("水光针", "老客", "代购"))
    nick = synth.person_name(rng)
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        t = 1_704_100_000
        for i in range(1, messages + 1):
            mine = rng.random() < 0.5
            t += rng.randint(1, 900)
            w.writerow([i, 7, 1, 0, int(mine), t, 2, message(rng), time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)),
                        "我" if mine else remark, "我" if mine else nick, "wxid_me" if mine else f"wxid_c{seed}"])


def make_export(folder: Path, messages: int, files: int = 40) -> list[Path]:
    """A MemoTrace 2.x export of `messages` messages split over `files` chats."""
    paths = []
    for n in range(files):
        share = messages // files + (1 if n < messages % files else 0)
        chat = folder / f"chat{n:03d}"
        chat.mkdir(parents=True, exist_ok=True)
        path = chat / f"chat{n:03d}_utf8.csv"
        write_chat(path, share, seed=n)
        paths.append(path)
    return paths
