"""Synthetic personal data for tests and samples: values that validate but belong to nobody.

ID numbers get a correct GB 11643 check digit and a real area code; phones use live
mobile prefixes; bank cards pass Luhn. All are generated, never copied from anywhere.
"""

from __future__ import annotations

import random

from stdnum import luhn
from stdnum.cn import ric

AREA_CODES = ("110105", "310104", "440305", "320583", "510107", "330106", "420111", "610113")
MOBILE_PREFIXES = ("138", "139", "150", "151", "186", "177", "199", "135", "188", "166")


def id_number(rng: random.Random, area: str | None = None, birth: str | None = None) -> str:
    area = area or rng.choice(AREA_CODES)
    birth = birth or f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"{area}{birth}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects the check slot present


def wrong_check_id(rng: random.Random) -> str:
    good = id_number(rng)
    wrong = next(c for c in "0123456789X" if c != good[-1])
    return good[:-1] + wrong


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"


def bank_card(rng: random.Random, prefix: str = "622202", length: int = 19) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    return body + luhn.calc_check_digit(body)


SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
            "马", "罗", "欧阳", "司马", "诸葛")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红梅玉兰晓燕子涵浩然欣怡梓萱宇轩思雨佳琪俊杰"


def person_name(rng: random.Random, given: int | None = None) -> str:
    count = given or rng.choice((1, 2, 2))
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(count))


def email(rng: random.Random) -> str:
    user = rng.choice(("zhang", "li.na", "wang_wei", "chen88", "xiaomei", "lily.w", "h.jun")) + str(rng.randint(1, 9999))
    if rng.random() < 0.3:
        return f"{rng.randint(10000, 9999999999)}@qq.com"
    return f"{user}@{rng.choice(('163.com', '126.com', 'qq.com', 'example.com', 'foxmail.com', 'sina.cn', 'mail.example.org'))}"


def wechat_id(rng: random.Random) -> str:
    head = rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ")
    body = "".join(rng.choice("abcdefghijkmnpqrstuvwxyz0123456789_") for _ in range(rng.randint(5, 14)))
    return head + body


def qq_number(rng: random.Random) -> str:
    return str(rng.randint(10000, 3999999999))


def licence_plate(rng: random.Random) -> str:
    province = rng.choice("京津沪渝冀豫云辽黑湘皖鲁苏浙赣鄂桂甘晋陕吉闽贵粤川")
    letter = rng.choice("ABCDEFGHJKLMN")
    if rng.random() < 0.3:  # new-energy plate
        return province + letter + rng.choice("DF") + rng.choice("ABCDEFGHJK0123456789") + f"{rng.randint(0, 9999):04d}"
    body = [rng.choice("0123456789") for _ in range(5)]
    if rng.random() < 0.4:
        body[rng.randint(0, 1)] = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
    return province + letter + "".join(body)


def passport(rng: random.Random) -> str:
    if rng.random() < 0.7:
        return "E" + f"{rng.randint(0, 99999999):08d}"
    return "E" + rng.choice("ABCDEFGHJK") + f"{rng.randint(0, 9999999):07d}"
