import synth


def types(found, text):
    return [(t, v) for t, v, _ in found(text) if t == "CN_ID_CARD"]


def test_valid_id_found_medium_without_context(found, rng):
    number = synth.id_number(rng)
    assert [(t, v, s) for t, v, s in found(f"{number}") if t == "CN_ID_CARD"] == [("CN_ID_CARD", number, 0.6)]


def test_context_word_raises_to_high(found, rng):
    number = synth.id_number(rng)
    hits = [h for h in found(f"我的身份证号是{number}，麻烦登记") if h[0] == "CN_ID_CARD"]
    assert hits == [("CN_ID_CARD", number, 0.9)]


def test_glued_to_chinese_on_both_sides(found, rng):
    number = synth.id_number(rng)
    assert types(found, f"证件{number}谢谢") == [("CN_ID_CARD", number)]


def test_lowercase_x_check_digit(found, rng):
    while not (number := synth.id_number(rng)).endswith("X"):
        pass
    assert types(found, f"身份证{number.lower()}") == [("CN_ID_CARD", number.lower())]


def test_full_width_digits(found, rng):
    number = synth.id_number(rng)
    wide = number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    assert types(found, f"身份证：{wide}") == [("CN_ID_CARD", wide)]


def test_wrong_check_digit_is_not_an_id(found, rng):
    assert types(found, f"身份证{synth.wrong_check_id(rng)}") == []


def test_order_number_of_18_digits_is_not_an_id(found):
    # shaped like an ID (area, date, sequence) but the check digit is wrong
    assert types(found, "订单号110105199003070022已发货") == []


def test_future_birth_date_rejected(found):
    from stdnum.cn import ric

    body = "11010520991231001"
    number = body + ric.calc_check_digit(body + "0")
    assert types(found, f"身份证{number}") == []


def test_unknown_area_code_rejected(found):
    from stdnum.cn import ric

    body = "99010519900307001"  # 99 is no province
    number = body + ric.calc_check_digit(body + "0")
    assert types(found, f"身份证{number}") == []


def test_negative_context_lowers_below_gate(found, rng):
    number = synth.id_number(rng)
    hits = [h for h in found(f"快递单号{number}") if h[0] == "CN_ID_CARD"]
    assert hits and hits[0][2] < 0.5


def test_longer_digit_run_is_not_an_id(found, rng):
    assert types(found, f"流水{synth.id_number(rng)}7") == []
