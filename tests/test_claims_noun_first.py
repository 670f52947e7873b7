"""Swahili and Hausa figures: the counted noun, the scale and the hedge written before the figure."""

from __future__ import annotations

from copytrail.stages.claims import extract_claims, qualifier_class

TEXT = (
    "Serikali ya Tanzania imesema kwamba takriban familia 30,000 zimeathirika na mafuriko katika mikoa mitatu. "
    "Zaidi ya watu 300 wamejeruhiwa na watu wasiopungua 12 wamefariki. Serikali imetenga shilingi milioni 25 "
    "kwa ajili ya ukarabati, na asilimia 40 ya barabara zimeharibika. Mkutano ulifanyika tarehe 14 Mei 2024."
)


def test_swahili_figures_read_with_what_stands_before_them() -> None:
    found = [(TEXT[c.start : c.end], c.value, c.unit, qualifier_class(c.qualifier)) for c in extract_claims(TEXT)]
    assert found == [
        ("takriban familia 30,000", 30000.0, "familia", "approx"),
        ("Zaidi ya watu 300", 300.0, "watu", "lower"),
        ("watu wasiopungua 12", 12.0, "watu", "lower"),  # no fewer than 12 people
        ("shilingi milioni 25", 2.5e7, "shillings", "exact"),
        ("asilimia 40", 40.0, "percent", "exact"),
        ("14 Mei 2024", "2024-05-14", None, "exact"),
    ]


def test_english_is_not_read_the_swahili_way() -> None:
    text = "About 300 people were injured, and 40 per cent of the 12 districts lost power; the fund has 25 million dollars."
    assert [(c.value, c.unit, c.qualifier) for c in extract_claims(text)] == [
        (300.0, "people", "about"),
        (40.0, "percent", None),
        (12.0, "districts", None),
        (2.5e7, "dollars", None),
    ]


def test_hausa_figures_read_with_what_stands_before_them() -> None:
    text = (
        "Gwamnati ta ce kimanin iyalai 30,000 ne ambaliyar ruwa ta shafa a jihohi uku. Fiye da mutane 300 sun "
        "jikkata, kuma akalla mutane 12 sun mutu. Gwamnatin ta ware naira miliyan 25 domin gyaran hanyoyi, yayin "
        "da kashi 40 na hanyoyin suka lalace."
    )
    assert [(text[c.start : c.end], c.value, c.unit, qualifier_class(c.qualifier)) for c in extract_claims(text)] == [
        ("kimanin iyalai 30,000", 30000.0, "iyalai", "approx"),
        ("Fiye da mutane 300", 300.0, "mutane", "lower"),
        ("akalla mutane 12", 12.0, "mutane", "lower"),
        ("naira miliyan 25", 2.5e7, "naira", "exact"),
        ("kashi 40", 40.0, "percent", "exact"),
    ]


def test_a_hausa_percentage_written_in_a_hundred_is_one_figure() -> None:
    text = "Gwamnati ta ce kashi 40 cikin 100 na hanyoyin sun lalace, kuma mutane 300 sun jikkata."
    assert [(c.value, c.unit) for c in extract_claims(text)] == [(40.0, "percent"), (300.0, "mutane")]
