import pytest

import synth


def phones(found, text, field=""):
    return [(v, s) for t, v, s in found(text, field) if t == "PHONE_NUMBER"]


@pytest.mark.parametrize("template", ["{0}", "电话{0}谢谢", "+86 {1} {2} {3}", "0086-{0}", "{1}-{2}-{3}",
                                      "手机：{1} {2} {3}"])
def test_mobile_spellings(found, rng, template):
    number = synth.mobile(rng)
    text = template.format(number, number[:3], number[3:7], number[7:])
    hits = phones(found, text)
    assert len(hits) == 1 and "".join(ch for ch in hits[0][0] if ch.isdigit()).endswith(number)


def test_context_gives_high_plain_gives_medium(found, rng):
    number = synth.mobile(rng)
    assert phones(found, f"我手机号{number}") == [(number, 0.9)]
    assert phones(found, f"好的{number}") == [(number, 0.6)]


def test_field_name_counts_as_context(found, rng):
    number = synth.mobile(rng)
    assert phones(found, number, field="telephone") == [(number, 0.9)]


def test_landlines_with_area_code(found):
    assert phones(found, "座机010-62345678")[0][0] == "010-62345678"
    assert phones(found, "店里电话0755-86123456")[0][0] == "0755-86123456"


def test_twelve_digit_order_number_is_not_a_phone(found):
    assert phones(found, "订单号138123456789") == []


def test_unassigned_prefix_is_not_a_phone(found):
    assert phones(found, "12012345678") == []


def test_tracking_number_context_lowers_below_gate(found, rng):
    hits = phones(found, f"快递单号{synth.mobile(rng)}")
    assert hits and hits[0][1] < 0.5


def test_amount_and_timestamp_not_phones(found):
    assert phones(found, "合计13800元，1704100000") == []
