"""Changed figures outside English and at a passage's edge: Chinese and Japanese figures read
with their dates, scales and units; days of months named in other languages read as dates; a retyped Arabic copy's unit is the original's; a figure
changed in the last sentence, just past the passage's trimmed edge, is still compared, from
the earliest statement.  Texts are our own writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import record_changes
from copytrail.stages.claims import extract_claims, qualifier_class
from copytrail.stages.claims.numbers import unit_key


def _read(text: str) -> list[tuple[str, object, str | None, str]]:
    return [(c.kind, c.value, c.unit, c.phrase) for c in extract_claims(text, "x")]


def test_chinese_dates_scales_and_units() -> None:
    text = (
        "2021 年 4 月 12 日，港口管理局表示，自 3 月中旬以来，新码头每天处理 1,200 万吨货物。"
        "去年投资5亿美元，吞吐量增长30%。工人需要培训14天，票价5元，航线全长12千米，共有2千例申请。"
    )
    assert _read(text) == [
        ("date", "2021-04-12", None, "2021 年 4 月 12 日"),  # a date, not the counts 4 and 12
        # "3 月中旬" (mid-March) is a month: no figure at all, and no count of "月"
        ("quantity", 12_000_000.0, "吨", "1,200 万吨"),  # 万: ten thousand; the unit is one character
        ("quantity", 500_000_000.0, "dollars", "5亿美元"),
        ("quantity", 30.0, "percent", "30%"),
        ("quantity", 14.0, "天", "14天"),
        ("quantity", 5.0, "yuan", "5元"),
        ("quantity", 12.0, "千米", "12千米"),  # kilometres: a unit that begins with a scale character
        ("quantity", 2000.0, "例", "2千例"),
    ]
    assert _read("会议于5月20日举行。") == [("date", "--05-20", None, "5月20日")]
    assert _read("入場料は1500円です。") == [("quantity", 1500.0, "yen", "1500円")]


def test_korean_dates_scales_and_units() -> None:
    assert _read("2025년 3월 4일 정부는 3만 명이 참석했다고 밝혔다.") == [
        ("date", "2025-03-04", None, "2025년 3월 4일"),
        ("quantity", 30_000.0, "명", "3만 명"),  # 만: ten thousand; the unit after a space
    ]
    assert _read("예산은 21억 달러이며 서울에서 1,200명이 모였다.") == [
        ("quantity", 2_100_000_000.0, "dollars", "21억 달러"),
        ("quantity", 1200.0, "명", "1,200명"),  # the particle 이 after the unit is no part of it
    ]
    assert _read("가격은 5,000원이고 20퍼센트 올랐다.") == [
        ("quantity", 5000.0, "won", "5,000원"),
        ("quantity", 20.0, "percent", "20퍼센트"),
    ]
    assert _read("300이 넘는 사람들이 왔다.") == [("quantity", 300.0, None, "300")]  # a particle, no unit


def test_a_day_before_a_month_named_in_another_language_is_a_date() -> None:
    assert _read("La reunión del 3 de marzo de 2025 reunió a 40 personas.") == [
        ("date", "2025-03-03", None, "3 de marzo de 2025"),  # the longer date, not the year alone
        ("quantity", 40.0, "personas", "40 personas"),
    ]
    assert _read("در ۳ مارس ۲۰۲۰، ۱۲۰ نفر آمدند.")[0] == ("date", "2020-03-03", None, "۳ مارس ۲۰۲۰")
    assert _read("4 اپریل کو 300 افراد پہنچے۔")[0] == ("date", "--04-04", None, "4 اپریل")
    assert _read("وفي 5 كانون الثاني أعلنت الوزارة عن 24 حالة.")[0] == ("date", "--01-05", None, "5 كانون الثاني")
    assert _read("Le 14 juillet, 2 000 personnes ont défilé.")[0] == ("date", "--07-14", None, "14 juillet")
    assert _read("He ate 3 Mars bars.") == [("quantity", 3.0, None, "3")]  # a French month is lower case


def test_an_ordinal_day_before_a_month_is_a_date() -> None:
    """"12. März 2025": the day's full stop ends no sentence, so the date is read whole."""
    assert _read("Am 12. März 2025 kamen 300 Menschen.")[0] == ("date", "2025-03-12", None, "12. März 2025")
    assert _read("Det skete den 5. maj 2024.")[0] == ("date", "2024-05-05", None, "5. maj 2024")


def test_a_date_written_year_first_with_its_month_named_is_a_date() -> None:
    """Hungarian and Lithuanian write the year first ("2024. május 14-én", "2024 m. gegužės 14
    d."): the year's full stop ends no sentence, and the day is no count."""
    assert _read("A közgyűlés 2024. május 14-én döntött a 300 millió forintos tervről.") == [
        ("date", "2024-05-14", None, "2024. május 14-én"),
        ("quantity", 300000000.0, "forintos", "300 millió forintos"),
    ]
    assert _read("Taryba 2024 m. gegužės 14 d. pritarė projektui.") == [("date", "2024-05-14", None, "2024 m. gegužės 14 d.")]
    assert _read("We launched in 2024. Mars is next.") == [("date", "2024", None, "2024")]  # a new sentence


def test_a_thai_date_is_a_date_in_the_gregorian_calendar() -> None:
    """Thai counts years in the Buddhist era: "14 พฤษภาคม 2567" is 14 May 2024; its day and
    year were read as two counts."""
    assert _read("เมื่อวันที่ 14 พฤษภาคม 2567 รัฐบาลอนุมัติงบประมาณ")[0] == ("date", "2024-05-14", None, "14 พฤษภาคม 2567")
    assert _read("วันที่ 3 มี.ค. 2025 รัฐบาลประกาศ")[0] == ("date", "2025-03-03", None, "3 มี.ค. 2025")


def test_a_german_noun_after_a_figure_is_its_unit() -> None:
    """German capitalises every noun; in English a capitalised word after a figure stays no unit."""
    assert _read("Am Dienstag kamen 300 Menschen zum Hafen und die Polizei zählte 30 Autos.") == [
        ("quantity", 300.0, "menschen", "300 Menschen"),
        ("quantity", 30.0, "autos", "30 Autos"),
    ]
    assert _read("In 2019 Smith said 300 Americans died.")[1] == ("quantity", 300.0, None, "300")


def test_scales_percentages_and_currencies_of_other_languages() -> None:
    """A figure's scale word, percent word and currency in other languages read as English ones
    are: the value is the whole amount, so a copy or a translation states the same figure."""
    cases = {
        "El alquiler costará 2,1 millones de coronas al año.": ("quantity", 2_100_000.0, "crowns", "2,1 millones de coronas"),
        "El plan vale 4 mil millones de dólares.": ("quantity", 4e9, "dollars", "4 mil millones de dólares"),
        "O custo é de 2,1 milhões de euros.": ("quantity", 2_100_000.0, "euros", "2,1 milhões de euros"),
        "La ville paiera 2,1 millions d'euros par an.": ("quantity", 2_100_000.0, "euros", "2,1 millions d'euros"),
        "Der Umsatz stieg auf 15 Milliarden Euro.": ("quantity", 15e9, "euros", "15 Milliarden Euro"),
        "Il costo è di 2,1 milioni di euro.": ("quantity", 2_100_000.0, "euros", "2,1 milioni di euro"),
        "De huur kost 2,1 miljoen euro per jaar.": ("quantity", 2_100_000.0, "euros", "2,1 miljoen euro"),
        "این طرح ۲٫۱ میلیون دلار هزینه دارد.": ("quantity", 2_100_000.0, "dollars", "۲٫۱ میلیون دلار"),
        "تبلغ التكلفة 2.1 مليون دولار.": ("quantity", 2_100_000.0, "dollars", "2.1 مليون دولار"),
        "اس منصوبے پر 2.1 ملین ڈالر لاگت آئے گی۔": ("quantity", 2_100_000.0, "dollars", "2.1 ملین ڈالر"),
        "सरकार ने 2.1 करोड़ रुपये खर्च किए।": ("quantity", 21_000_000.0, "rupees", "2.1 करोड़ रुपये"),  # Hindi
        "Biaya mencapai 2,1 juta rupiah.": ("quantity", 2_100_000.0, "rupiah", "2,1 juta rupiah"),
        "Koszt wyniesie 2,1 mln złotych.": ("quantity", 2_100_000.0, "zlotys", "2,1 mln złotych"),
        "Витрати склали 2,1 мільйона гривень.": ("quantity", 2_100_000.0, "hryvnias", "2,1 мільйона гривень"),
        "Το κόστος είναι 2,1 εκατομμύρια ευρώ.": ("quantity", 2_100_000.0, "euros", "2,1 εκατομμύρια ευρώ"),
        "Der Umsatz stieg um 3 Prozent.": ("quantity", 3.0, "percent", "3 Prozent"),
        "3 प्रतिशत अधिक।": ("quantity", 3.0, "percent", "3 प्रतिशत"),
        "Enflasyon %30 arttı.": ("quantity", 30.0, "percent", "%30"),  # Turkish: the sign first
        "İşsizlik yüzde 12 oldu.": ("quantity", 12.0, "percent", "yüzde 12"),
        "Subió un 3 por ciento.": ("quantity", 3.0, "percent", "3 por ciento"),
        "soit 3 pour cent de plus.": ("quantity", 3.0, "percent", "3 pour cent"),
        "قیمت‌ها ۳ درصد افزایش یافت.": ("quantity", 3.0, "percent", "۳ درصد"),
        "ارتفعت الأسعار 3 بالمئة.": ("quantity", 3.0, "percent", "3 بالمئة"),
        "قیمتوں میں 3 فیصد اضافہ ہوا۔": ("quantity", 3.0, "percent", "3 فیصد"),
    }
    for text, expected in cases.items():
        assert _read(text)[0] == expected, text
    hedged = {
        "Costará unos 2,1 millones de coronas.": "unos", "Kamen mehr als 300 Menschen?": "mehr als",
        "Il y avait environ 300 personnes.": "environ", "حدود ۳۰۰ نفر آمدند.": "حدود",
        "حضر أكثر من 300 شخص.": "أكثر من", "تقریباً 300 افراد آئے۔": "تقریباً", "Er waren ongeveer 300 mensen.": "ongeveer",
    }  # fmt: skip
    for text, qualifier in hedged.items():
        assert extract_claims(text, "x")[0].qualifier == qualifier, text
    # Urdu and Hindi write "more than" after the figure, before its unit
    assert _read("اجلاس میں 300 سے زائد افراد شریک ہوئے۔") == [("quantity", 300.0, "افراد", "300 سے زائد افراد")]
    assert qualifier_class(extract_claims("यहाँ 300 से अधिक लोग आए।", "x")[0].qualifier) == "lower"
    # retyped with Arabic yeh: the hedge as written, the same class as the Persian spelling
    retyped = extract_claims("بيش از ۴ برابر افزايش", "x")[0]
    assert (retyped.qualifier, qualifier_class(retyped.qualifier)) == ("بيش از", qualifier_class("بیش از")) == ("بيش از", "lower")
    assert _read("He paid 40 per cent more for 2 million shares.") == [
        ("quantity", 40.0, "percent", "40 per cent"),
        ("quantity", 2_000_000.0, "shares", "2 million shares"),
    ]


def test_a_solar_hijri_date_with_its_year_is_its_gregorian_day() -> None:
    """Exactly: a copy that writes the day in the other calendar states the same date; without
    its year the day is not known exactly (a leap day in between), and stays what it was."""
    assert _read("در ۱۴ اسفند ۱۴۰۳ حدود ۱۲۰ نفر آمدند.")[0] == ("date", "2025-03-04", None, "۱۴ اسفند ۱۴۰۳")
    assert _read("در ۴ مارس ۲۰۲۵ حدود ۱۲۰ نفر آمدند.")[0] == ("date", "2025-03-04", None, "۴ مارس ۲۰۲۵")
    assert _read("روز ۱۰ تیر ۱۴۰۲ ه.ش. مجلس تصویب کرد.")[0] == ("date", "2023-07-01", None, "۱۰ تیر ۱۴۰۲ ه.ش.")
    assert _read("در ۱۴ اسفند حدود ۱۲۰ نفر آمدند.")[0][0] == "quantity"


def test_a_retyped_units_key_is_the_originals() -> None:
    assert unit_key("مقاطعة") == unit_key("مقاطعه")  # teh marbuta written as heh
    assert unit_key("اپریل") == unit_key("اپريل")  # Persian or Arabic yeh
    assert unit_key("подтверждёнными") == unit_key("подтвержденными")
    assert unit_key("households") == "household"


ARABIC = (
    "أعلنت وزارة الصحة يوم الاثنين أنها ستفتح عيادات جديدة في المدن الساحلية خلال الأسابيع المقبلة. "
    "وقالت الوزارة إن الخدمة ستصل إلى {figure} مقاطعة قبل نهاية العام الحالي. "
    "وأضاف المتحدث باسم الوزارة أن الأطباء سيعملون في نوبات مسائية لتخفيف الضغط على المستشفيات الكبرى. "
    "وتأمل الحكومة أن يقلل المشروع من أوقات الانتظار الطويلة التي يشكو منها المرضى منذ سنوات عديدة. "
    "ولم تذكر الوزارة التكلفة الإجمالية للمشروع ولا مصادر تمويله."
)
LAST = (
    "The water board told residents of the lower town on Friday that a burst main had let river water "
    "into the supply, and that the repair crews would work through the weekend to replace the pipe. "
    "Shops along the quay were asked to stop selling ice until the board says the supply is clean. "
    "Until the board lifts its notice, residents should boil water for at least {figure} minutes."
)


def test_a_retyped_arabic_copy_that_changes_a_figure(tmp_path: Path) -> None:
    original = ARABIC.format(figure="24")
    retyped = ARABIC.format(figure="31").replace("ي", "ی").replace("ك", "ک").replace("ة", "ه")
    assert record_changes(tmp_path, [original, retyped]) == [("24 مقاطعة", "31 مقاطعه", "r0", "r1")]


GERMAN = (
    "Die Hafenverwaltung von Lindholm teilte am Dienstag mit, dass die Fähre nach einer dreimonatigen Pause "
    "wieder fahren wird. Das neue Schiff soll ab dem {}. März 2025 bis zu 240 Fahrgäste und 30 Autos "
    "befördern. Im Sommer fährt die Fähre viermal täglich, ab Oktober nur noch zweimal. Die Bewohner der "
    "Inseln zahlen wie bisher den halben Preis, Besucher zahlen 18 Kronen für eine einfache Fahrt."
)
SPANISH = (
    "La autoridad portuaria de Lindholm anunció el martes que el transbordador volverá a operar tras una "
    "pausa de tres meses. El nuevo barco transportará hasta 240 pasajeros y 30 coches en cada travesía. "
    "Según la autoridad, el alquiler costará a la ciudad unos {} millones de coronas al año. Los "
    "residentes de las islas seguirán pagando la mitad del precio del billete."
)


@pytest.mark.parametrize(
    ("text", "old", "new", "change"),
    [
        # not "12" → "14": the ordinal's full stop ends no sentence, so the change is a date's
        (GERMAN, "12", "14", ("12. März 2025", "14. März 2025")),
        (SPANISH, "2,1", "2,4", ("unos 2,1 millones de coronas", "unos 2,4 millones de coronas")),
    ],
)
def test_a_copy_in_another_language_reports_the_figure_it_changes(
    tmp_path: Path, text: str, old: str, new: str, change: tuple[str, str]
) -> None:
    assert record_changes(tmp_path, [text.format(old), text.format(new)]) == [(*change, "r0", "r1")]


def test_a_figure_changed_in_the_last_sentence_is_compared_from_the_earliest(tmp_path: Path) -> None:
    """The passage ends at its last shared run of words ("for at least"), before the figure; the
    change is still found, from the original (day 1) to the copy (day 2), not from the copy to
    a later verbatim reprint (day 3)."""
    texts = [LAST.format(figure="20"), LAST.format(figure="27"), "Reprinted. " + LAST.format(figure="20")]
    assert record_changes(tmp_path, texts) == [("at least 20 minutes", "at least 27 minutes", "r0", "r1")]


def test_a_translated_passage_states_the_figures_of_its_source() -> None:
    """A translation shares no words or unit with its source: its figures at the same place of
    the passage are one statement each (a date only with one of its precision); a figure
    it states otherwise is not offered as a change (a scale word one language's rules miss
    would read as one)."""
    from copytrail.records import Alignment, Span
    from copytrail.stages.claims.matching import match_claims, same_value
    from copytrail.stages.claims.translated import translated_offers

    english = (
        "The ferry will carry up to 240 passengers and 30 cars on each crossing from 12 March 2025. "
        "The lease will cost the town 2.1 million crowns a year."
    )
    russian = (
        "Паром будет перевозить за один рейс до 240 пассажиров и 35 автомобилей с 12 марта 2025 года. "
        "Аренда обойдётся городу в 2,1 миллиона крон в год."
    )
    claims = extract_claims(english, "en") + extract_claims(russian, "ru")
    passage = Alignment(Span("en", 0, len(english)), Span("ru", 0, len(russian)), "translated", 0.6, 30)
    offered = {(claims[i].phrase, claims[j].phrase) for i, j, _score in translated_offers(claims, [passage], same_value)}
    assert offered == {
        ("12 March 2025", "12 марта 2025 года"),
        ("up to 240 passengers", "до 240 пассажиров"),
        ("2.1 million crowns", "2,1 миллиона крон"),
    }  # 30 cars and 35 автомобилей: not one statement, and not a change either
    groups = match_claims(claims, [passage])
    assert len(groups) == 3 and not any(g.values_differ for g in groups)
    assert translated_offers(claims, [Alignment(passage.source, passage.target, "edited", 0.9, 30)], same_value) == []
