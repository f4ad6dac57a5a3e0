"""Positives and hard negatives for the entity types beyond the foundation's five."""

import pytest

import synth


def of(found, text, entity, field=""):
    return [(v, s) for t, v, s in found(text, field) if t == entity and s >= 0.5]


# ---------------------------------------------------------------- bank cards
def test_bank_card_spellings(found, rng):
    card = synth.bank_card(rng)
    grouped = " ".join(card[i:i + 4] for i in range(0, len(card), 4))
    assert of(found, f"卡号{card}", "BANK_CARD") == [(card, 0.9)]
    assert of(found, f"打到这个{grouped}谢谢", "BANK_CARD") == [(grouped, 0.6)]
    wide = card.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert [v for v, _ in of(found, f"工行{wide}", "BANK_CARD")] == [wide]


def test_bank_card_hard_negatives(found, rng):
    card = synth.bank_card(rng)
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert of(found, f"卡号{wrong}", "BANK_CARD") == []  # Luhn fails
    assert of(found, f"交易单号{card}", "BANK_CARD") == []  # negative context: below the gate
    assert of(found, f"{synth.bank_card(rng, prefix='999999', length=19)}", "BANK_CARD") == []  # no issuer
    assert of(found, f"卡号{card[:4]} **** **** {card[-4:]}", "BANK_CARD") == []  # already masked


def test_eighteen_digit_id_is_not_a_card(found, rng):
    while True:
        number = synth.id_number(rng, area="622421")
        from stdnum import luhn
        if luhn.is_valid(number):
            break
    assert of(found, f"卡号{number}", "BANK_CARD") == []


# ---------------------------------------------------------------- e-mail
def test_email_glued_to_chinese(found):
    assert of(found, "邮箱zhang.wei88@example.com谢谢", "EMAIL") == [("zhang.wei88@example.com", 0.9)]
    assert of(found, "发到12345678@qq.com", "EMAIL") == [("12345678@qq.com", 0.9)]
    assert of(found, "发到12345678@qq.com", "QQ_NUMBER") == []


@pytest.mark.parametrize("text", ["@张三 你好", "icon@2x.png", "a@b", "zh***@qq.com", "[email xxx]"])
def test_email_negatives(found, text):
    assert of(found, text, "EMAIL") == []


# ---------------------------------------------------------------- documents
def test_passport_needs_context(found, rng):
    number = synth.passport(rng)
    assert [v for v, _ in of(found, f"护照号{number}", "PASSPORT")] == [number]
    assert of(found, f"型号{number}", "PASSPORT") == []
    assert of(found, number, "PASSPORT") == []


@pytest.mark.parametrize("text,value", [("港澳通行证C12345678", "C12345678"), ("回乡证H1234567801", "H1234567801"),
                                        ("台胞证12345678", "12345678")])
def test_travel_permits(found, text, value):
    assert [v for v, _ in of(found, text, "HK_MACAO_TW_PERMIT")] == [value]


def test_travel_permit_negatives(found):
    assert of(found, "C12345678", "HK_MACAO_TW_PERMIT") == []
    assert of(found, "订单号12345678", "HK_MACAO_TW_PERMIT") == []


def test_fifteen_digit_legacy_id_needs_context(found):
    assert [v for v, _ in of(found, "老身份证号110105900307002", "CN_ID_CARD")] == ["110105900307002"]
    assert of(found, "110105900307002", "CN_ID_CARD") == []
    assert of(found, "订单110105900307002", "CN_ID_CARD") == []
    assert of(found, "身份证号110105901307002", "CN_ID_CARD") == []  # month 13


def test_social_security_and_medical_record_numbers(found, rng):
    assert [v for v, _ in of(found, "社保卡号：A12345678", "SOCIAL_SECURITY")] == ["A12345678"]
    assert of(found, "A12345678", "SOCIAL_SECURITY") == []
    number = synth.id_number(rng)
    assert of(found, f"社保卡号就是身份证号{number}", "SOCIAL_SECURITY") == []
    assert [v for v, _ in of(found, "住院号：50427593", "MEDICAL_RECORD_NO")] == ["50427593"]
    assert of(found, "住院号：50427593", "MEDICAL") == []


# ---------------------------------------------------------------- plates, online ids, location
@pytest.mark.parametrize("plate", ["粤B12345", "京AD12345", "沪A12345F", "苏E1234学", "浙AF12345"])
def test_licence_plates(found, plate):
    assert [v for v, _ in of(found, f"我的车牌{plate}", "LICENSE_PLATE")] == [plate]


@pytest.mark.parametrize("text", ["京A股", "沪ABCDE", "新A1", "型号粤B"])
def test_licence_plate_negatives(found, text):
    assert of(found, text, "LICENSE_PLATE") == []


def test_qq_numbers(found):
    assert of(found, "加我QQ 123456789", "QQ_NUMBER") == [("123456789", 0.9)]
    assert [v for v, _ in of(found, "扣扣：87654321", "QQ_NUMBER")] == ["87654321"]
    for text in ["QQ群123456789", "群号123456", "订单123456789", "123456789", "QQ密码123456"]:
        assert of(found, text, "QQ_NUMBER") == [], text


def test_wechat_ids(found, rng):
    wid = synth.wechat_id(rng)
    assert [v for v, _ in of(found, f"加我微信 {wid}", "WECHAT_ID")] == [wid]
    assert [v for v, _ in of(found, f"vx：{wid}", "WECHAT_ID")] == [wid]
    for text in ["微信支付成功", "公众号 abc_news123", f"{wid}", "微信iPhone版更新了"]:
        assert of(found, text, "WECHAT_ID") == [], text


def test_coordinates_and_shared_location(found, analyzer):
    assert [v for v, _ in of(found, "我在这 31.230416,121.473701", "LOCATION")] == ["31.230416,121.473701"]
    assert of(found, "价格 39.90, 116.40", "LOCATION") == []
    assert of(found, "版本 95.5000,200.1234", "LOCATION") == []
    assert of(found, "31.190128", "LOCATION", field="StrContent/msg/location@x") == [("31.190128", 0.9)]
    assert of(found, "31.190128", "LOCATION", field="StrContent") == []
    assert [v for v, _ in of(found, "[位置]北京南站", "LOCATION")] == ["北京南站"]


# ---------------------------------------------------------------- names
@pytest.mark.parametrize("text,name", [("姓名：王小美，电话等下发", "王小美"), ("收件人李雷 谢谢", "李雷"),
                                       ("我叫欧阳娜娜", "欧阳娜娜"), ("王女士您好", "王女士"), ("跟张伟老师说下", "张伟"),
                                       ("我们班主任王老师", "王老师")])
def test_person_with_label_or_title(found, text, name):
    assert [v for v, _ in of(found, text, "PERSON")] == [name]


@pytest.mark.parametrize("text", ["谢谢老师", "各位宝宝晚上好", "我是高中生", "王者荣耀来一把", "黄金价格又涨了",
                                  "麻烦老板发货", "客户说再等等"])
def test_person_negatives(found, text):
    assert of(found, text, "PERSON") == []


def test_known_names_from_the_contact_list():
    from handover_scan.engine.analyzer import Analyzer

    analyzer = Analyzer()
    assert analyzer.register_names(["王女士-水光针", "李先生代购", "赵姐", "客户", "宝宝", "亲", "小美", "LiLi"]) == 4
    found = lambda t, f="": [(r.entity_type, t[r.start:r.end]) for r in analyzer.analyze(t, f)]  # noqa: E731
    assert ("PERSON", "赵姐") in found("@赵姐 明天到")
    assert ("PERSON", "LiLi") in found("LiLi 你的货到了")
    assert ("PERSON", "LiLi") not in found("lilith")
    assert not [e for e in found("明天做水光针") if e[0] == "PERSON"]  # the treatment tag is no name
    # the name column itself: the contact's name is a PERSON finding on that contact (issue 10 point 4)
    assert [e for e in found("赵姐", "Remark") if e[0] == "PERSON"] == [("PERSON", "赵姐")]
    assert not [e for e in found("水光针 老客户", "Remark") if e[0] == "PERSON"]
    analyzer.register_names([], replace=True)
    assert not [e for e in found("LiLi 你的货到了") if e[0] == "PERSON"]


def test_collect_names_from_records():
    from handover_scan.engine.definitions import load_definitions
    from handover_scan.engine.names import collect_names
    from handover_scan.records import Record

    records = [Record("c.csv", "x", "row:1", "c", "s", "Remark", "赵姐"),
               Record("c.csv", "x", "row:1", "c", "s", "telephone", "13800000000"),
               Record("a.txt", "x", "line:2", "c", "s", "text", "你好", sender="孙阿姨")]
    assert collect_names(records, load_definitions()) == {"赵姐", "孙阿姨"}


# ---------------------------------------------------------------- number forms
def test_number_wrapped_over_a_line_break(found, rng):
    phone, number = synth.mobile(rng), synth.id_number(rng)
    text = f"电话{phone[:7]}\n{phone[7:]}，身份证{number[:10]}\n{number[10:]}"
    assert of(found, text, "PHONE_NUMBER") == [(f"{phone[:7]}\n{phone[7:]}", 0.9)]
    assert [v for v, _ in of(found, text, "CN_ID_CARD")] == [f"{number[:10]}\n{number[10:]}"]
    # two numbers on two lines stay two numbers
    other = synth.mobile(rng)
    assert [v for v, _ in of(found, f"{phone}\n{other}", "PHONE_NUMBER")] == [phone, other]


@pytest.mark.parametrize("template", ["手机{m3}****{m4}", "[phone xxx]", "身份证{i6}********{i4}", "[id_card xxx]",
                                      "电话{m3}xxxx{m4}", "[手机号 已隐藏]"])
def test_values_masked_by_the_exporter_are_not_exposed(found, rng, template):
    phone, number = synth.mobile(rng), synth.id_number(rng)
    text = template.format(m3=phone[:3], m4=phone[7:], i6=number[:6], i4=number[14:])
    assert [h for h in found(text) if h[2] >= 0.5] == []


def test_masked_bracket_with_a_real_number_still_counts(found, rng):
    phone = synth.mobile(rng)
    assert of(found, f"[phone {phone}]", "PHONE_NUMBER")


def test_id_with_spaces_between_groups(found, rng):
    number = synth.id_number(rng)
    spaced = f"{number[:6]} {number[6:14]} {number[14:]}"
    assert [v for v, _ in of(found, f"身份证 {spaced}", "CN_ID_CARD")] == [spaced]


# ---------------------------------------------------------------- medical precision
@pytest.mark.parametrize("text", ["我对这个不感冒", "你真恶心", "你有病吧", "【新店开业】热玛吉特惠体验价2999元，限时秒杀",
                                  "水光针活动价699元，原价1680元", "住院部在三楼"])
def test_medical_figures_of_speech_and_adverts(found, text):
    assert of(found, text, "MEDICAL") == []


def test_medical_weak_terms_need_context(found):
    assert of(found, "好恶心", "MEDICAL") == []
    assert [v for v, _ in of(found, "我这两天恶心", "MEDICAL")] == ["恶心"]
    assert [v for v, _ in of(found, "检查出来是胆囊结石", "MEDICAL")] == ["胆囊结石"]  # THUOCL-derived term


# ---------------------------------------------------------------- address
@pytest.mark.parametrize("text,value", [
    ("寄到桐庐县新店镇张家村2组9号，谢谢", "桐庐县新店镇张家村2组9号"),
    ("现在住南京路44号怡景新村26号楼2504。", "南京路44号怡景新村26号楼2504"),
    ("送到辽宁省沈阳市和平区光明西路782号", "辽宁省沈阳市和平区光明西路782号"),
])
def test_addresses_grow_over_units_and_divisions(found, text, value):
    assert [v for v, _ in of(found, text, "ADDRESS")] == [value]


@pytest.mark.parametrize("text", ["本店地址：光明路11号一楼，欢迎到店体验", "3号线地铁口见", "排到12号了", "我住7楼"])
def test_address_negatives(found, text):
    assert of(found, text, "ADDRESS") == []


# ---------------------------------------------------------------- user folders
def test_user_folder_adds_an_entity_and_overrides_a_recognizer(tmp_path):
    from handover_scan.engine.analyzer import Analyzer

    (tmp_path / "entities.yaml").write_text(
        "entities:\n  EMPLOYEE_ID:\n    category: 工号\n    sensitive: false\n    articles: [PIPL Art. 23]\n", "utf-8")
    (tmp_path / "employee_id.yaml").write_text(
        "name: EmployeeIdRecognizer\nentity: EMPLOYEE_ID\npatterns:\n  - {name: emp, regex: 'EMP\\d{6}', score: low}\n"
        "context_required: true\ncontext: [工号]\n", "utf-8")
    (tmp_path / "terms").mkdir()
    (tmp_path / "terms" / "mine.txt").write_text("小气泡\n", "utf-8")
    (tmp_path / "medical.yaml").write_text(
        "name: CnMedicalTermRecognizer\nentity: MEDICAL\nclass: TermListRecognizer\n"
        "terms:\n  - {file: terms/mine.txt, score: medium}\n", "utf-8")
    analyzer = Analyzer(extra_dirs=(tmp_path,))
    found = lambda t: [(r.entity_type, t[r.start:r.end]) for r in analyzer.analyze(t)]  # noqa: E731
    assert found("工号EMP123456") == [("EMPLOYEE_ID", "EMP123456")]
    assert found("EMP123456") == []
    assert ("MEDICAL", "小气泡") in found("做了小气泡")
    assert ("MEDICAL", "糖尿病") not in found("我有糖尿病")  # the built-in term list was replaced


# ---------------------------------------------------------------- spellings that dodge filters
def test_phone_spelled_with_spaces_or_chinese_digits(found, rng):
    phone = synth.mobile(rng)
    spaced = " ".join(phone)
    chinese = phone.translate(str.maketrans("0123456789", "零一二三四五六七八九"))
    assert [v for v, _ in of(found, f"加我 {spaced}", "PHONE_NUMBER")] == [spaced]
    assert [v for v, _ in of(found, f"电话{chinese}", "PHONE_NUMBER")] == [chinese]
    assert of(found, "1 2 3 4 5 6 7 8 9 0 1", "PHONE_NUMBER") == []
    assert of(found, "一二三四五六七八九十一", "PHONE_NUMBER") == []


def test_birth_date_in_chinese_numerals(found):
    assert [v for v, _ in of(found, "出生于一九九五年八月十二日", "BIRTH_DATE")] == ["一九九五年八月十二日"]
    assert of(found, "出生于一九九五年二月三十日", "BIRTH_DATE") == []
    assert of(found, "二〇二四年三月五日开业", "BIRTH_DATE") == []


def test_shared_location_label_is_location_not_also_address(found):
    text = "上海市徐汇区漕溪北路88号"
    assert [t for t, _, _ in found(text, "StrContent/msg/location@label")] == ["LOCATION"]
    assert [t for t, _, _ in found("寄到" + text)] == ["ADDRESS"]


def test_forms_year_month_birth_and_relation_before_name(found):
    assert [v for v, _ in of(found, "出生年月：1992年5月", "BIRTH_DATE")] == ["1992年5月"]
    assert of(found, "2024年3月活动开始", "BIRTH_DATE") == []
    assert [v for v, _ in of(found, "紧急联系人：母亲 刘秀英", "PERSON")] == ["刘秀英"]
    assert of(found, "快递单：寄件人 王芳 13912345678", "PHONE_NUMBER")  # 快递单 alone is no tracking number


def test_stars_next_to_a_whole_number_do_not_hide_it(found, rng):
    phone = synth.mobile(rng)
    assert of(found, f"电话{phone}***好评", "PHONE_NUMBER")
    assert of(found, f"电话{phone[:3]}****{phone[7:]}", "PHONE_NUMBER") == []


@pytest.mark.parametrize("text,value", [("我肚子疼", "肚子疼"), ("体检查出前列腺增生", "前列腺增生"), ("扁桃体发炎了", "扁桃体发炎")])
def test_medical_compounds(found, text, value):
    assert [v for v, _ in of(found, text, "MEDICAL")] == [value]


@pytest.mark.parametrize("text", ["头发多", "手机卡了", "背包很好看", "肝功能正常"[:3] + "科普"])
def test_medical_compound_negatives(found, text):
    assert [v for v, _ in of(found, text, "MEDICAL") if v not in ("肝功能",)] == []


def test_at_mentions_and_ids_glued_to_letters(found, rng):
    assert [v for v, _ in of(found, "@王小美 明天来吗", "PERSON")] == ["王小美"]
    assert [v for v, _ in of(found, "@潘姐介绍来的朋友", "PERSON")] == ["潘姐"]
    assert of(found, "@所有人 明天放假", "PERSON") == []
    number = synth.id_number(rng)
    assert [v for v, _ in of(found, f"sfz{number}", "CN_ID_CARD")] == [number]


@pytest.mark.parametrize("text", ["黄金女士手表", "这款男士专用", "中文老师布置的作业"])
def test_titles_that_name_a_product_or_a_subject(found, text):
    assert of(found, text, "PERSON") == []


def test_scan_learns_names_from_the_export_before_analysis(tmp_path):
    """A nickname from one file is a PERSON when another file (read first or later) mentions it."""
    import csv

    from handover_scan.scan import ScanOptions, scan

    chat = tmp_path / "a_chat_utf8.csv"
    with open(chat, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent",
                    "StrTime", "Remark", "NickName", "Sender"])
        w.writerow([1, 9, 1, 0, 1, 1704100000, 2, "Marlowe 明天到店吗", "2024-01-01 10:00:00", "", "店主", "wxid_o"])
        w.writerow([2, 9, 1, 0, 0, 1704100100, 2, "好的", "2024-01-01 10:01:00", "Marlowe", "M", "wxid_m"])
    for jobs in (1, 2):
        found = [(f.field, f.entity_type, f.value) for f in scan([tmp_path], ScanOptions(jobs=jobs)).findings]
        assert ("StrContent", "PERSON", "Marlowe") in found, jobs
        # the Remark column itself: the contact's name (issue 10 point 4); the nickname M is no name
        assert [x for x in found if x[0] in ("Remark", "NickName") and x[1] == "PERSON"] == \
            [("Remark", "PERSON", "Marlowe")]


def test_a_message_that_is_only_an_address(found):
    assert of(found, "文三路90号", "ADDRESS") == [("文三路90号", 0.6)]
    assert of(found, "解放路88号那家火锅店好吃", "ADDRESS") == []


@pytest.mark.parametrize("text,value", [("朝阳区望京街道", "朝阳区望京街道"), ("浙江省杭州市西湖区文三路", "浙江省杭州市西湖区文三路")])
def test_addresses_without_a_house_number(found, text, value):
    assert [v for v, _ in of(found, text, "ADDRESS")] == [value]


@pytest.mark.parametrize("text", ["朝阳区堵车", "我在浙江省杭州市西湖区工作", "住在西湖区那边"])
def test_districts_in_talk_are_not_addresses(found, text):
    assert of(found, text, "ADDRESS") == []
