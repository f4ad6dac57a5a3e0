"""The legal mapping in recognizers/entities.yaml is complete enough for the report to cite."""

from handover_scan.engine.definitions import load_definitions

ART_28_KINDS = {"特定身份", "医疗健康", "金融账户", "行踪轨迹", "生物识别", "宗教信仰", "未成年人"}


def test_every_entity_has_a_category_article_and_reason():
    for name, spec in load_definitions().entities.items():
        assert spec.category and spec.category_en, name
        assert "Civil Code Art. 1034" in spec.articles and "Civil Code Art. 1038" in spec.articles, name
        assert spec.reason_zh and spec.reason_en, name


def test_sensitive_types_name_their_pipl_article_28_kind():
    entities = load_definitions().entities
    sensitive = {n for n, s in entities.items() if s.sensitive}
    assert {"CN_ID_CARD", "MEDICAL", "BANK_CARD", "LOCATION"} <= sensitive
    for name in sensitive:
        assert entities[name].pipl_sensitive_category in ART_28_KINDS, name
        assert "PIPL Art. 28" in entities[name].articles, name
    for name in set(entities) - sensitive:
        assert entities[name].pipl_sensitive_category is None, name


def test_every_recognizer_reports_a_defined_entity():
    definitions = load_definitions()
    assert {r.entity for r in definitions.recognizers} <= set(definitions.entities)
