import pytest


def births(found, text):
    return [v for t, v, _ in found(text) if t == "BIRTH_DATE"]


@pytest.mark.parametrize("text,value", [
    ("我生日是1990年3月7日", "1990年3月7日"),
    ("出生日期：1990-03-07", "1990-03-07"),
    ("出生年月 1990/3/7", "1990/3/7"),
    ("我是90年3月7号出生的", "90年3月7号"),
    ("生于19900307", "19900307"),
    ("生日3月7日，记得送蛋糕", "3月7日"),
])
def test_dates_near_birth_words(found, text, value):
    assert births(found, text) == [value]


def test_appointment_date_is_no_birth_date(found):
    assert births(found, "预约3月10日下午三点") == []
    assert births(found, "2024-03-05 14:22:10 已发货") == []


def test_appointment_near_birthday_word_goes_to_nearer_word(found):
    assert births(found, "我生日是1990年3月7日，预约3月10日做项目") == ["1990年3月7日"]


def test_impossible_and_future_dates(found):
    assert births(found, "生日1990年2月30日") == []
    assert births(found, "出生日期2099-01-01") == []
