"""Issue 9 rules: addresses after a cue, colloquial health talk, phone shape with phone context.
Examples here are development examples, not the held-out lines of eval/heldout/chats.txt."""

import pytest


def of(found, text, entity, min_score=0.5):
    return [v for t, v, s in found(text) if t == entity and s >= min_score]


# -- ADDRESS after a cue ----------------------------------------------------------------------

@pytest.mark.parametrize("text,address", [
    ("麻烦寄到宁波慈溪人民医院设备科维修组就行", "宁波慈溪人民医院设备科维修组"),
    ("地址金华义乌长春二区52-10-1054", "金华义乌长春二区52-10-1054"),
    ("送到江苏省江阴市新桥镇海澜工业园区圣凯诺服饰有限公司，谢谢", "江苏省江阴市新桥镇海澜工业园区圣凯诺服饰有限公司"),
    ("新地址：广西南宁市青秀区民族大道136号华润大厦B座", "广西南宁市青秀区民族大道136号华润大厦B座"),
    ("我住厦门思明区莲前西路2号莲富大厦", "厦门思明区莲前西路2号莲富大厦"),
    ("定位：合肥市包河区万达广场", "合肥市包河区万达广场"),
    ("收货地址 长乐路177-5-445", "长乐路177-5-445"),
])
def test_address_after_a_cue_runs_to_its_end(found, text, address):
    assert of(found, text, "ADDRESS") == [address]


@pytest.mark.parametrize("text", ["地址发我一下", "我住酒店", "送到楼下就行", "寄到杭州出差的同事那", "定位发你了",
                                  "你寄的东西到了", "我在杭州出差"])
def test_cue_without_an_address_is_nothing(found, text):
    assert of(found, text, "ADDRESS", min_score=0.01) == []


# -- MEDICAL in parents' and patients' words --------------------------------------------------

@pytest.mark.parametrize("text,term", [
    ("孩子昨天拉稀三次", "拉稀"), ("宝宝夜里咳了几声", "咳了几声"), ("老人嗓子有痰", "有痰"),
    ("他喘得很厉害", "喘得很厉害"), ("女儿发烧了", "发烧了"), ("我吃海鲜过敏了", "过敏了"),
    ("大便里好多奶瓣", "奶瓣"), ("这几天不肯吃奶", "不肯吃奶"), ("今天去验血了", "验血"),
    ("他也阳了", "阳了"),
])
def test_colloquial_symptoms_count(found, text, term):
    assert term in of(found, text, "MEDICAL")


@pytest.mark.parametrize("text", ["降温了大家小心感冒", "预防流感，从洗手做起", "我们到岳阳了", "太阳了，出去走走",
                                  "这个客户真让人头疼", "加班加到头疼死了", "痰盂放门口", "发烧友俱乐部"])
def test_advice_figures_of_speech_and_homographs_do_not(found, text):
    assert of(found, text, "MEDICAL") == []


# -- PHONE_NUMBER: shape with context, validation without --------------------------------------

@pytest.mark.parametrize("text,number", [
    ("我手机14987654321", "14987654321"), ("座机0415 7408813", "0415 7408813"),
    ("联系方式：09365340011", "09365340011"), ("前台(0973)75490012", "(0973)75490012"),
    ("电话 0571 8765 4321", "0571 8765 4321"),
])
def test_phone_shape_with_context(found, text, number):
    assert number in of(found, text, "PHONE_NUMBER")


@pytest.mark.parametrize("text", ["订单14987654321", "编号0415740881", "电话0999 1234567", "手机14987654321001"])
def test_phone_shape_alone_or_wrong_is_not_a_phone(found, text):
    assert of(found, text, "PHONE_NUMBER") == []


def test_heldout_jsonl_is_what_the_markup_says(tmp_path):
    import subprocess
    import sys

    from conftest import REPO

    files = [REPO / "eval/heldout/chats.jsonl", REPO / "eval/heldout/chats_b.jsonl"]
    before = [f.read_bytes() for f in files]
    subprocess.run([sys.executable, str(REPO / "eval/heldout/build.py")], check=True, capture_output=True)
    assert [f.read_bytes() for f in files] == before
