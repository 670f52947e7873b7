"""Figures and dates in the languages of the Balkans, the Baltic, Belarus, the Caucasus and
Central Asia, and Catalan: scale, percent and currency words, hedges before and after."""

from __future__ import annotations

import pytest

from copytrail.stages.claims import extract_claims, qualifier_class

# per language: a sum with its scale and currency, a hedged count, more than 300, a percentage
TEXTS = {
    "sr": "Vlada je izdvojila 25 miliona dinara, a oko 30.000 porodica je pogođeno. Više od 300 ljudi je povređeno, 40 odsto puteva je zatvoreno.",
    "sr-Cyrl": "Влада је издвојила 25 милиона динара, а око 30.000 породица је погођено. Више од 300 људи је повређено, 40 одсто путева је затворено.",
    "hr": "Vlada je izdvojila 25 milijuna eura, a oko 30.000 obitelji je pogođeno. Više od 300 ljudi je ozlijeđeno, 40 posto cesta je zatvoreno.",
    "bg": "Правителството отпусна 25 милиона лева, а около 30 000 семейства са засегнати. Над 300 души са ранени, 40 на сто от пътищата са затворени.",
    "mk": "Владата издвои 25 милиони денари, а околу 30.000 семејства се погодени. Повеќе од 300 луѓе се повредени, 40 отсто од патиштата се затворени.",
    "sl": "Vlada je namenila 25 milijonov evrov, prizadetih je približno 30.000 družin. Več kot 300 ljudi je ranjenih, 40 odstotkov cest je zaprtih.",
    "lt": "Vyriausybė skyrė 25 milijonus eurų, nukentėjo apie 30 000 šeimų. Daugiau nei 300 žmonių sužeista, 40 procentų kelių uždaryta.",
    "lv": "Valdība piešķīra 25 miljonus eiro, cietušas aptuveni 30 000 ģimenes. Vairāk nekā 300 cilvēki ievainoti, 40 procenti ceļu slēgti.",
    "et": "Valitsus eraldas 25 miljonit eurot, kannatada sai umbes 30 000 perekonda. Üle 300 inimese sai vigastada, 40 protsenti teedest on suletud.",
    "sq": "Qeveria ndau 25 milionë euro, rreth 30.000 familje janë prekur. Më shumë se 300 njerëz janë plagosur, 40 për qind e rrugëve janë mbyllur.",
    "be": "Урад выдзеліў 25 мільёнаў рублёў, пацярпелі каля 30 000 сем'яў. Больш за 300 чалавек паранены, 40 працэнтаў дарог закрытыя.",
    "ka": "მთავრობამ 25 მილიონი ლარი გამოყო, დაზარალდა დაახლოებით 30 000 ოჯახი. 300-ზე მეტი ადამიანი დაშავდა, გზების 40 პროცენტი დაკეტილია.",
    "hy": "Կառավարությունը հատկացրել է 25 միլիոն դրամ, տուժել է մոտ 30 000 ընտանիք։ Ավելի քան 300 մարդ վիրավորվել է, ճանապարհների 40 տոկոսը փակ է։",
    "kk": "Үкімет 25 миллион теңге бөлді, шамамен 30 000 отбасы зардап шекті. 300-ден астам адам жарақат алды, жолдардың 40 пайызы жабық.",
    "az": "Hökumət 25 milyon manat ayırıb, təxminən 30 000 ailə zərər çəkib. 300-dən çox insan yaralanıb, yolların 40 faizi bağlıdır.",
    "ca": "El govern ha destinat 25 milions d'euros, i unes 30.000 famílies s'han vist afectades. Més de 300 persones han resultat ferides i el 40 per cent de les carreteres estan tancades.",
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_figures_read_with_their_scale_hedge_and_percent(language: str) -> None:
    found = [(c.value, qualifier_class(c.qualifier), c.unit == "percent") for c in extract_claims(TEXTS[language]) if c.kind == "quantity"]
    assert found == [(2.5e7, "exact", False), (30000.0, "approx", False), (300.0, "lower", False), (40.0, "exact", True)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Takimi u mbajt më 15 korrik 2024.",
        "Сустрэча адбылася 15 ліпеня 2024 года.",
        "Состанокот се одржа на 15 јули 2024 година.",
        "შეხვედრა 15 ივლისს 2024 წელს გაიმართა.",
        "Հանդիպումը տեղի ունեցավ 15 հուլիսի 2024 թ.",
        "Кездесу 15 шілде 2024 жылы өтті.",
        "Sastanak je održan 15. jula 2024.",
        "Sastanak je održan 15. srpnja 2024.",
        "Sastanak je održan 15. jul 2024.",  # Serbian's nominative
        "Sestanek je bil 15. julija 2024.",
        "Kohtumine toimus 15. juulil 2024.",
        "Sanāksme notika 2024. gada 15. jūlijā.",  # the year first, its "gada", then day and month
        "Հանդիպումը տեղի ունեցավ 2024 թվականի հուլիսի 15-ին։",
        "Кездесу 2024 жылғы 15 шілдеде өтті.",
    ],
)
def test_a_day_before_a_month_named_in_these_languages_is_a_date(sentence: str) -> None:
    assert [c.value for c in extract_claims(sentence)] == ["2024-07-15"]


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        ("Vlada je to objavila 15. listopada 2024.", "2024-10-15"),  # Croatian: October
        ("Rząd ogłosił to 15 listopada 2024 r.", "2024-11-15"),  # Polish: November
        ("Vláda to oznámila 15. listopadu 2024.", "2024-11-15"),  # Czech: November
    ],
)
def test_listopad_is_the_month_its_language_writes_it_for(sentence: str, day: str) -> None:
    assert [c.value for c in extract_claims(sentence)] == [day]


def test_catalan_elides_de_before_a_month_that_starts_with_a_vowel() -> None:
    assert [c.value for c in extract_claims("El govern ho va anunciar el 15 d'octubre de 2024.")] == ["2024-10-15"]


def test_listopad_in_a_stated_date_follows_the_way_the_day_is_written() -> None:
    from copytrail.stages.ingest.metadata import date_among_words, normalise_date

    assert normalise_date("15. listopada 2024.") == "2024-10-15"
    assert normalise_date("15. listopada 2024. 10:30") == "2024-10-15T10:30:00"
    assert date_among_words("Objavljeno: 3. listopada 2024.") == "2024-10-03"
    assert normalise_date("15 listopada 2024") == "2024-11-15"
    assert normalise_date("15. listopadu 2024") == "2024-11-15"


# Pashto, Amharic (its preposition against the figure: "ከ300 በላይ", more than 300), Somali and Burmese
FURTHER = {
    "ps": ("حکومت ۲۵ میلیونه افغانۍ ځانګړې کړې، شاوخوا ۳۰۰۰۰ کورنۍ زیانمنې شوې دي. له ۳۰۰ څخه زیات کسان ټپیان شوي، ۴۰ سلنه سړکونه بند دي.", "afghanis"),
    "am": ("መንግሥት 25 ሚሊዮን ብር መድቧል፤ ወደ 30 ሺህ የሚጠጉ ቤተሰቦች ተጎድተዋል። ከ300 በላይ ሰዎች ቆስለዋል፤ 40 በመቶ መንገዶች ተዘግተዋል።", "birr"),
    "so": ("Dowladda ayaa ku bixisay 25 milyan oo shilin, qiyaastii 30,000 qoys ayaa saameeyay. In ka badan 300 qof ayaa dhaawacmay, boqolkiiba 40 waddooyinka ayaa xiran.", "shillings"),
}


@pytest.mark.parametrize("language", sorted(FURTHER))
def test_figures_of_pashto_amharic_and_somali(language: str) -> None:
    text, money = FURTHER[language]
    found = [(c.value, qualifier_class(c.qualifier), c.unit == "percent") for c in extract_claims(text) if c.kind == "quantity"]
    assert found == [(2.5e7, "exact", False), (30000.0, "approx", False), (300.0, "lower", False), (40.0, "exact", True)]
    assert extract_claims(text)[0].unit == money


def test_burmese_hedges_after_the_figure() -> None:
    text = "မိသားစု ၃၀,၀၀၀ ခန့် ထိခိုက်ခဲ့သည်။ လူ ၃၀၀ ကျော် ဒဏ်ရာရခဲ့ပြီး လမ်း ၄၀ ရာခိုင်နှုန်း ပိတ်ထားသည်။"
    assert [(c.value, qualifier_class(c.qualifier), c.unit == "percent") for c in extract_claims(text)] == [
        (30000.0, "approx", False), (300.0, "lower", False), (40.0, "exact", True),
    ]
