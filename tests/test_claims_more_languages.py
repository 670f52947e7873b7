"""Figures of languages beyond the first fifteen: Nordic, Polish, Hebrew, Vietnamese, Thai and
Indonesian scales and currencies, Hebrew's hedge joined by a hyphen, Vietnamese dates, and the
context words of scripts written without spaces, so that a Japanese or Hebrew copy that changes
a figure is reported.  Texts are our own writing."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import record_changes
from copytrail.stages.claims import claim_contexts, context_tokens, extract_claims, qualifier_class


def _figure(text: str, phrase: str) -> tuple[str, object, str | None, str | None]:
    """Kind, value, unit and hedge of the claim whose phrase (or figure) is ``phrase``."""
    claims = extract_claims(text, "x")
    found = {c.surface: c for c in claims} | {c.phrase: c for c in claims}
    assert phrase in found, sorted(found)
    claim = found[phrase]
    return claim.kind, claim.value, claim.unit, claim.qualifier


@pytest.mark.parametrize(
    ("text", "phrase", "reading"),
    [
        ("Kommunen satsar 8,5 miljarder kronor på nya skolor.", "8,5 miljarder kronor", ("quantity", 8.5e9, "crowns", None)),
        ("Valtio myöntää 120 miljoonaa euroa tukea kunnille.", "120 miljoonaa euroa", ("quantity", 1.2e8, "euros", None)),
        ("Rząd wyda w tym roku 3 miliardy złotych na drogi.", "3 miliardy złotych", ("quantity", 3e9, "zlotys", None)),
        ("הממשלה אישרה תקציב של 3.5 מיליארד שקל לתחבורה.", "3.5 מיליארד שקל", ("quantity", 3.5e9, "shekels", None)),
        ("לפי המשרד, כ-250 קווים חדשים יופעלו בשנה הבאה.", "כ-250 קווים", ("quantity", 250.0, "קווים", "כ-")),
        ("Gói hỗ trợ trị giá 15.000 tỷ đồng đã được phê duyệt.", "15.000 tỷ đồng", ("quantity", 1.5e13, "dong", None)),
        ("Vụ việc xảy ra ngày 31 tháng 12 năm 2024 tại Hà Nội.", "31 tháng 12 năm 2024", ("date", "2024-12-31", None, None)),
        ("Giá điện tăng từ tháng 3 năm 2025.", "tháng 3 năm 2025", ("date", "2025-03", None, None)),
        # "งบประมาณ" is "budget": its last word is no hedge before the figure
        ("รัฐบาลอนุมัติงบประมาณ 5,000 ล้านบาท เพื่อช่วยเหลือเกษตรกร", "5,000 ล้านบาท", ("quantity", 5e9, "baht", None)),
        ("ราคาน้ำมันเพิ่มขึ้นร้อยละ 12 ในเดือนที่ผ่านมา", "ร้อยละ 12", ("quantity", 12.0, "percent", None)),
        ("Dana darurat sebesar Rp 450 miliar telah disiapkan.", "Rp 450 miliar", ("quantity", 4.5e11, "rupiah", None)),
        ("O governo liberou R$ 12 bilhões para obras.", "R$ 12 bilhões", ("quantity", 1.2e10, "reais", None)),
        ("Toplantıya 5 bin kişi katıldı.", "5 bin kişi", ("quantity", 5000.0, "kişi", None)),
        ("Wydatki wzrosną do 4,1 proc. produktu krajowego.", "4,1 proc", ("quantity", 4.1, "percent", None)),
        ("Το πρόγραμμα ύψους 600 εκατομμυρίων ευρώ εγκρίθηκε.", "600 εκατομμυρίων ευρώ", ("quantity", 6e8, "euros", None)),
        # hedges: a copy that turns "omkring" (about) into "över" (over) changes what the figure says
        ("I kön väntar omkring 140 000 patienter.", "omkring 140 000 patienter", ("quantity", 140000.0, "patienter", "omkring")),
        ("Η φωτιά έκαψε περίπου 45.000 στρέμματα.", "περίπου 45.000 στρέμματα", ("quantity", 45000.0, "στρέμματα", "περίπου")),
        ("Sebanyak sekitar 3.200 rumah rusak.", "sekitar 3.200 rumah", ("quantity", 3200.0, "rumah", "sekitar")),
        ("Il y avait autour de 300 personnes.", "autour de 300 personnes", ("quantity", 300.0, "personnes", "autour de")),
        ("قتل ما يزيد على 300 شخص", "ما يزيد على 300 شخص", ("quantity", 300.0, "شخص", "ما يزيد على")),
        ("Có khoảng 2.300 doanh nghiệp tạm ngừng.", "khoảng 2.300 doanh", ("quantity", 2300.0, "doanh", "khoảng")),
        ("利用者の減少により約30路線が廃止の危機にある。", "約30路", ("quantity", 30.0, "路", "約")),
        ("事故造成超过300人受伤。", "超过300人", ("quantity", 300.0, "人", "超过")),
        ("最近30天内下雨。", "30天", ("quantity", 30.0, "天", None)),  # "最近" is "recent", no hedge
        # hedges written after the figure, and "万" a scale before the classifier
        ("事故造成300多人受伤。", "300多人", ("quantity", 300.0, "人", "多")),
        ("全国共有1000多万人。", "1000多万人", ("quantity", 1e7, "人", "多")),
        ("参加者は300人以上だった。", "300人以上", ("quantity", 300.0, "人", "以上")),
        ("约有300人左右参加。", "300人左右", ("quantity", 300.0, "人", "左右")),
        ("30여 명이 다쳤다.", "30여 명", ("quantity", 30.0, "명", "여")),
        ("30명 이상이 참석했다.", "30명 이상", ("quantity", 30.0, "명", "이상")),
        ("Depremde 300'den fazla kişi hayatını kaybetti.", "300'den fazla kişi", ("quantity", 300.0, "kişi", "'den fazla")),
        ("Toplantıya 5 bin'i aşkın kişi katıldı.", "5 bin'i aşkın kişi", ("quantity", 5000.0, "kişi", "'i aşkın")),
        # a Turkish currency under its case ending is money
        ("Şirket 300 milyon dolarlık yatırım yaptı.", "300 milyon dolarlık", ("quantity", 3e8, "dollars", None)),
        ("Ekmek 10 liraya çıktı.", "10 liraya", ("quantity", 10.0, "lira", None)),
        # "до 2028 року" is "until 2028": the year word after it says it is a year, not "up to 2028"
        ("Відновлення може затягнутися до 2028 року.", "2028", ("date", "2028", None, None)),
        ("A meta é chegar a 90% da população até 2033, conforme prevê a lei.", "2033", ("date", "2033", None, None)),
        ("Hasta 2.000 personas asistieron.", "Hasta 2.000 personas", ("quantity", 2000.0, "personas", "hasta")),
        ("新たな仕組みを2026年度から導入する。", "2026年", ("date", "2026", None, None)),  # a fiscal year, not 2,026 years
    ],
)
def test_figures_of_more_languages_read_with_their_scale_unit_and_hedge(text: str, phrase: str, reading: tuple) -> None:
    assert _figure(text, phrase) == reading
    if reading[3] is not None:  # a hedge says what it does to the figure
        assert qualifier_class(reading[3]) != "exact"


def test_a_thai_hedge_is_read_against_the_word_before_it_but_not_inside_one() -> None:
    """Thai writes "เสียหายประมาณ 2" (damaged about 2): the hedge touches the word before; in
    "งบประมาณ 5,000" (a budget of 5,000) the same letters end the word "budget"."""
    assert _figure("พื้นที่เสียหายประมาณ 2 ล้านไร่", "ประมาณ 2 ล้านไร่")[3] == "ประมาณ"
    assert _figure("รัฐบาลอนุมัติงบประมาณ 5,000 ล้านบาท", "5,000 ล้านบาท")[3] is None


def test_a_thai_figure_s_unit_is_a_known_word_never_the_rest_of_the_run() -> None:
    """Thai writes no spaces between words: after "2 ล้าน" (two million) comes "ไร่" (rai, a
    unit of area) and then the rest of the sentence, which is no part of the unit."""
    assert _figure("พื้นที่เสียหาย 2 ล้านไร่ในภาคตะวันออกเฉียงเหนือ", "2 ล้านไร่") == ("quantity", 2e6, "ไร่", None)
    assert _figure("เกษตรกร 300 รายได้รับความเสียหาย", "300 ราย")[2] == "ราย"
    assert _figure("มีผู้เข้าร่วม 40 ในงานนี้", "40")[2] is None  # no unit named: none guessed


def test_a_claim_in_a_script_without_spaces_has_context_words() -> None:
    """Matching needs a claim's context words; Japanese and Thai come out of the tokenizer a
    character at a time, so their words are the pairs of adjacent characters."""
    japanese = "政府は火曜日、総額1200億円の支援策を発表した。"
    claims = extract_claims(japanese, "x")
    contexts = claim_contexts(claims)
    assert {"政府", "支援", "発表"} <= contexts[0]
    assert context_tokens(claims[0]) == contexts[0]
    english = "The council spent 5 million dollars on roads."
    assert context_tokens(extract_claims(english, "y")[0]) == frozenset({"council", "spent", "road"})


JAPANESE = (
    "政府は火曜日、地方の鉄道路線を維持するため、総額{}億円の支援策を発表した。国土交通省によると、"
    "利用者の減少により約30路線が廃止の危機にあるという。新たな仕組みは2026年度から導入される。"
)
HEBREW = (
    "הממשלה אישרה ביום ראשון תוכנית בהיקף של {} מיליארד שקל לשיפור התחבורה הציבורית בפריפריה. לפי משרד "
    "התחבורה, כ-250 קווי אוטובוס חדשים יופעלו עד סוף השנה הבאה. ראשי הרשויות טענו כי התקציב אינו מספיק."
)
THAI = (
    "รัฐบาลอนุมัติงบประมาณ {} ล้านบาท เพื่อช่วยเหลือเกษตรกรที่ได้รับผลกระทบจากภัยแล้ง "
    "กระทรวงเกษตรระบุว่ามีพื้นที่เพาะปลูกเสียหายประมาณ 2 ล้านไร่ในภาคตะวันออกเฉียงเหนือ "
    "เงินช่วยเหลือจะโอนเข้าบัญชีเกษตรกรภายในสิ้นเดือนนี้"
)


@pytest.mark.parametrize(
    ("text", "old", "new", "change"),
    [
        (JAPANESE, "1200", "1500", ("1200億円", "1500億円")),
        (HEBREW, "3.5", "4.5", ("3.5 מיליארד שקל", "4.5 מיליארד שקל")),
        (THAI, "5,000", "7,000", ("5,000 ล้านบาท", "7,000 ล้านบาท")),
    ],
    ids=["ja", "he", "th"],
)
def test_a_copy_in_a_script_without_spaces_or_in_hebrew_reports_its_changed_figure(
    tmp_path: Path, text: str, old: str, new: str, change: tuple[str, str]
) -> None:
    assert record_changes(tmp_path, [text.format(old), text.format(new)]) == [(*change, "r0", "r1")]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        (
            "Tres personas murieron y dos millones de personas fueron evacuadas.",
            [("Tres personas", 3.0, "personas"), ("dos millones de personas", 2e6, "personas")],
        ),
        ("Trois personnes sont mortes et deux millions ont été évacuées.", [("Trois personnes", 3.0, "personnes"), ("deux millions", 2e6, None)]),
        (
            "O governo anunciou que três pessoas morreram. A polícia também disse que dois milhões de reais foram roubados.",
            [("três pessoas", 3.0, "pessoas"), ("dois milhões de reais", 2e6, "reais")],
        ),
        ("Tre persone sono morte e due milioni sono state evacuate nella regione.", [("Tre persone", 3.0, "persone"), ("due milioni", 2e6, None)]),
        ("Het kabinet geeft drie miljoen euro uit voor de dijken van het land.", [("drie miljoen euro", 3e6, "euros")]),
        # English: "due", "El Salvador", "per share" make no other language's number
        ("The notes due 1994 pay 5 dlrs per share, El Salvador said, due to rains in El Paso.", [("1994", "1994", None), ("5 dlrs", 5.0, "dollars")]),
        ("Celebrate Cinco de Mayo with us and the family.", []),  # a name, and an English sentence
    ],
)
def test_small_numbers_spelled_out_in_other_languages_are_figures(text: str, read: list[tuple[str, object, str | None]]) -> None:
    assert [(c.phrase, c.value, c.unit) for c in extract_claims(text, "x")] == read


def test_a_spelled_number_is_read_in_the_language_of_its_text() -> None:
    """A short sentence says too little of its language; its text says it."""
    text = "Die Regierung hat das Gesetz geändert und die Stadt ist nicht mehr sicher. Drei Menschen starben."
    assert [(c.phrase, c.value) for c in extract_claims(text, "x")] == [("Drei", 3.0)]
    assert extract_claims("Drei Menschen starben.", "x") == []


def test_a_german_noun_after_a_figure_is_its_unit_in_a_german_text() -> None:
    """German capitalises nouns: "300 Menschen" counts people wherever the text is German, also
    in a sentence too short to say so itself."""
    text = "Die Regierung hat das Gesetz geändert und die Stadt ist nicht mehr sicher. 300 Menschen starben."
    assert [(c.phrase, c.unit) for c in extract_claims(text, "x")] == [("300 Menschen", "menschen")]
    assert [(c.phrase, c.unit) for c in extract_claims("In 2019 300 Britons died.", "y")][-1] == ("300", None)


def test_a_conjunction_after_a_figure_is_no_unit() -> None:
    """Portuguese "e" (and) after "10" counts nothing."""
    read = [(c.phrase, c.unit) for c in extract_claims("Cerca de 10 e perto de 300 pessoas ficaram feridas.", "x")]
    assert read == [("Cerca de 10", None), ("perto de 300 pessoas", "pessoas")]


@pytest.mark.parametrize(
    ("sentence", "qualifier"),
    [
        ("The government will invest 10 billion dollars over five years in rail.", None),
        ("Savings of 5.3 billion over three years, sources said.", None),
        ("He has been in office for over five years.", "over"),
        ("The bridge is over 100 years old.", "over"),
        ("The mill closed over 20 years ago.", "over"),
        ("Players spend over 20 hours a week online.", "over"),
        ("Over 500 people came.", "over"),
    ],
)
def test_over_a_number_of_years_is_the_period_unless_it_means_more_than(sentence: str, qualifier: str | None) -> None:
    """English "over five years" is the period a sum is spread over (it translates Korean
    "5년간", during five years): no hedge, so the figure is one statement with the original's."""
    (claim,) = [c for c in extract_claims(sentence, "d") if c.value not in (10e9, 5.3e9)]
    assert claim.qualifier == qualifier
