def of(found, text, entity):
    return [(v, s) for t, v, s in found(text) if t == entity]


def test_full_address_with_divisions_and_unit(found):
    hits = of(found, "寄到北京市朝阳区幸福路88号3栋2单元301室，谢谢", "ADDRESS")
    assert hits == [("北京市朝阳区幸福路88号3栋2单元301室", 0.9)]


def test_street_with_context_trimmed_of_talk(found):
    assert of(found, "明天下午三点到，地址是幸福路88号", "ADDRESS") == [("幸福路88号", 0.6)]


def test_estate_building_room(found):
    hits = of(found, "我住在阳光花园5栋1单元702室", "ADDRESS")
    assert hits and hits[0][0].endswith("阳光花园5栋1单元702室") and hits[0][1] >= 0.6


def test_district_alone_or_number_without_street_is_no_address(found):
    assert of(found, "朝阳区那边堵车", "ADDRESS") == []
    assert of(found, "88号技师很专业", "ADDRESS") == []


def test_medical_terms_including_aesthetic(found):
    hits = [v for v, _ in of(found, "我有糖尿病，上周做了双眼皮，打了玻尿酸和瘦脸针", "MEDICAL")]
    assert hits == ["糖尿病", "双眼皮", "玻尿酸", "瘦脸针"]


def test_plain_words_do_not_fire_alone(found):
    assert of(found, "去医院检查一下，恢复得挺好", "MEDICAL") == []


def test_longest_term_wins(found):
    assert [v for v, _ in of(found, "想做埋线双眼皮", "MEDICAL")] == ["埋线双眼皮"]


def test_latin_term_needs_latin_boundaries(found):
    assert [v for v, _ in of(found, "昨天拍了CT", "MEDICAL")] == ["CT"]
    assert of(found, "CTO明天到", "MEDICAL") == []


def test_medical_record_number_needs_context(found):
    assert [v for v, _ in of(found, "病历号：2023018845", "MEDICAL_RECORD_NO")] == ["2023018845"]
    assert of(found, "编号2023018845", "MEDICAL_RECORD_NO") == []
