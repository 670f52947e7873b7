"""Two languages of one script in one text (a Spanish paragraph in an English article, English
in Spanish, Persian in Arabic, Arabic in Persian, Ukrainian in Russian): read at ingest into the
same ``languages`` field as a second script, each passage then read in its own language, while
stray words, names, titles and short quotes leave a text in one language."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import FAST
from copytrail.engines.local import scan
from copytrail.stages.language import (
    UNDETERMINED,
    document_languages,
    is_language_code,
    passage_language,
    read_languages,
    side_language,
)
from copytrail.store import open_store
from copytrail.store.queries import search_documents
from test_language_mixed import ENGLISH_CLOSING, ENGLISH_OPENING, PERSIAN_PARAGRAPH, PLAIN_ENGLISH

# Our own writing: the same council story, told in Spanish, Arabic, Russian and Ukrainian.
SPANISH_PARAGRAPH = (
    "El consejo municipal aprobó el martes, tras tres horas de debate, el presupuesto de la nueva "
    "planta desalinizadora con once votos a favor. Según el alcalde, la planta dará cada día cuarenta "
    "mil metros cúbicos de agua potable a los barrios del este de la ciudad. Los concejales de la "
    "oposición dicen que la factura de la luz se duplicará en verano y que el precio del agua subirá "
    "para las familias."
)
ENGLISH_WITH_SPANISH = ENGLISH_OPENING + SPANISH_PARAGRAPH + ENGLISH_CLOSING
SPANISH_WITH_ENGLISH = (
    "La escasez de agua en la costa volvió esta semana al pleno del ayuntamiento, donde los concejales "
    "discutieron durante toda la tarde sobre una planta que convertiría el agua del mar en agua potable. "
    "Los periódicos locales publicaron el comunicado completo de la empresa, que varios lectores nos "
    "enviaron después, escrito en inglés.\n\n"
    + PLAIN_ENGLISH
    + "\nLos ingenieros con los que hablamos dijeron que la estimación de la producción diaria les parecía "
    "razonable para una planta de ese tamaño, pero que la cifra que había que vigilar era el gasto en "
    "electricidad durante los meses de calor. Los vecinos de los barrios del oeste nos contaron que no "
    "sabían nada sobre cuándo les llegaría el nuevo suministro.\n"
)
ARABIC_PARAGRAPH = (
    "وافق مجلس مدينة بندر عباس يوم الثلاثاء، بعد نقاش دام ثلاث ساعات، على ميزانية مشروع تحلية المياه "
    "الجديد بأغلبية أحد عشر صوتا. وقال رئيس البلدية إن المشروع سيوفر يوميا أربعين ألف متر مكعب من مياه "
    "الشرب للأحياء الشرقية من المدينة. ويقول المعارضون إن تكلفة الكهرباء لهذه المحطات ستتضاعف في الصيف "
    "وإن سعر المياه سيرتفع على الأسر."
)
ARABIC_WITH_PERSIAN = (
    "عاد نقص المياه في المدينة الساحلية إلى قاعة المجلس البلدي هذا الأسبوع، حيث ناقش الأعضاء طوال فترة "
    "بعد الظهر مشروع محطة لتحلية مياه البحر. وقد نشرت الصحف المحلية البيان الكامل للمجلس باللغة "
    "الفارسية، وأرسله إلينا عدد من القراء. وجاء فيه ما يلي.\n\n"
    + PERSIAN_PARAGRAPH
    + "\n\nقال المهندسون الذين تحدثنا إليهم إن تقدير الإنتاج اليومي يبدو معقولا لمحطة بهذا الحجم، لكن "
    "فاتورة الكهرباء في أشهر الصيف هي الرقم الذي يجب مراقبته. وقال سكان الأحياء الغربية إنهم لم "
    "يسمعوا شيئا عن موعد وصول المياه الجديدة إليهم.\n"
)
PERSIAN_WITH_ARABIC = (
    "گزارش ویژه از جنوب کشور درباره کم‌آبی و راه‌های تازه برای تأمین آب شهرهای ساحلی. روزنامه‌های محلی "
    "متن کامل بیانیه شورا را به زبان عربی منتشر کردند و چند خواننده آن را برای ما فرستادند.\n\n"
    + ARABIC_PARAGRAPH
    + "\n\nنمایندگان محله‌های غربی خواستار آن شدند که سهمی از آب تازه به بیمارستان‌های شهر اختصاص یابد "
    "و گزارش ماهانه مصرف آب در اختیار مردم قرار گیرد. کارشناسان می‌گویند برآورد تولید روزانه برای "
    "دستگاهی به این اندازه پذیرفتنی است، اما هزینه برق در تابستان را باید زیر نظر داشت.\n"
)
UKRAINIAN_PARAGRAPH = (
    "Міська рада у вівторок після трьох годин суперечок ухвалила бюджет нової опріснювальної станції "
    "одинадцятьма голосами. За словами мера, станція щодня даватиме сорок тисяч кубічних метрів питної "
    "води для східних районів міста. Противники кажуть, що влітку рахунок за електрику подвоїться, а "
    "ціна води для родин зросте."
)
RUSSIAN_WITH_UKRAINIAN = (
    "Нехватка воды в приморском городе снова обсуждалась на этой неделе в городском совете, где депутаты "
    "почти весь день спорили о станции, которая должна превращать морскую воду в питьевую. Местные газеты "
    "напечатали заявление совета полностью, и несколько читателей прислали его нам.\n\n"
    + UKRAINIAN_PARAGRAPH
    + "\n\nИнженеры, с которыми мы говорили, сказали, что оценка суточной выработки выглядит правдоподобно "
    "для станции такого размера, но следить нужно за счётом за электричество в жаркие месяцы. Жители "
    "западных районов сказали нам, что ничего не слышали о том, когда новая вода дойдёт до них.\n"
)


@pytest.mark.parametrize(
    ("text", "languages", "paragraph", "paragraph_language"),
    [
        (ENGLISH_WITH_SPANISH, ("en", "es"), SPANISH_PARAGRAPH, "es"),
        (SPANISH_WITH_ENGLISH, ("es", "en"), PLAIN_ENGLISH, "en"),
        (ARABIC_WITH_PERSIAN, ("ar", "fa"), PERSIAN_PARAGRAPH, "fa"),
        (PERSIAN_WITH_ARABIC, ("fa", "ar"), ARABIC_PARAGRAPH, "ar"),
        (RUSSIAN_WITH_UKRAINIAN, ("ru", "uk"), UKRAINIAN_PARAGRAPH, "uk"),
    ],
)
def test_a_paragraph_of_another_language_of_the_same_script_is_read(
    text: str, languages: tuple[str, str], paragraph: str, paragraph_language: str
) -> None:
    main, second = languages
    assert read_languages(text) == languages
    assert document_languages(text) == (main, f"{main},{second}")
    assert passage_language(paragraph) == paragraph_language
    stored = document_languages(text)[1]
    assert side_language(main, stored, paragraph) == paragraph_language  # the passage, not the document
    host_sentence = text[: text.index(".") + 1]
    assert side_language(main, stored, host_sentence) == main


def test_a_paragraph_wrapped_in_short_lines_inside_a_wire_story_is_read() -> None:
    """Wire copy wraps every line (no blank line around the quoted paragraph): lines are
    weighed one by one and consecutive ones make the run."""
    wrapped = "\n".join(textwrap.wrap(ENGLISH_OPENING + SPANISH_PARAGRAPH + " " + ENGLISH_CLOSING, 64))
    assert read_languages(wrapped) == ("en", "es")
    assert read_languages("\n".join(textwrap.wrap(ENGLISH_OPENING + ENGLISH_CLOSING, 64))) == ("en",)


def test_one_paragraph_of_the_other_language_at_the_start_leaves_the_main_language_first() -> None:
    """The beginning (what the main language is read on) is the quoted paragraph: the language
    most of the text is written in still comes first."""
    text = SPANISH_PARAGRAPH + "\n\n" + ENGLISH_OPENING + PLAIN_ENGLISH + ENGLISH_CLOSING
    assert read_languages(text) == ("en", "es")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (PLAIN_ENGLISH.replace("fish market,", "fish market (el mercado de pescado),"), "en"),
        (PLAIN_ENGLISH.replace("Officials", "José Luis Rodríguez and other officials from the Ministerio de Sanidad"), "en"),
        (ENGLISH_OPENING + 'Its title, "El amor en los tiempos del cólera", was a joke. ' + ENGLISH_CLOSING, "en"),
        (ENGLISH_OPENING + "«¡No pasarán!», shouted the crowd outside. " + ENGLISH_CLOSING, "en"),
        (SPANISH_WITH_ENGLISH.replace(PLAIN_ENGLISH, "la Organización Mundial de la Salud (World Health Organization). "), "es"),
        (PERSIAN_WITH_ARABIC.replace(ARABIC_PARAGRAPH, "«بسم الله الرحمن الرحيم»"), "fa"),
        (ARABIC_WITH_PERSIAN.replace(PERSIAN_PARAGRAPH, "السيد محمد رضایی من وزارت بهداشت"), "ar"),
    ],
)
def test_stray_words_names_titles_and_short_quotes_leave_one_language(text: str, language: str) -> None:
    assert document_languages(text) == (language, language)


def test_lists_of_short_lines_in_two_languages_are_not_mixed() -> None:
    """A bilingual menu or table: every line too short to be read as a paragraph."""
    menu = "\n".join(
        f"{english} / {spanish} {price}"
        for english, spanish, price in [
            ("Soup of the day", "Sopa del día", "4.50"), ("Grilled fish", "Pescado a la plancha", "12.00"),
            ("Rice with chicken", "Arroz con pollo", "9.75"), ("Fruit of the season", "Fruta de temporada", "3.00"),
        ] * 6
    )  # fmt: skip
    assert document_languages(menu)[1].count(",") == 0
    assert document_languages(ENGLISH_OPENING + menu + ENGLISH_CLOSING) == ("en", "en")
    titles = [
        "El señor de los anillos", "Cien años de soledad", "La casa de los espíritus", "Don Quijote de la Mancha",
        "La sombra del viento", "Como agua para chocolate", "El túnel", "Los detectives salvajes",
    ]  # fmt: skip
    reading_list = ENGLISH_OPENING + "The books they read that year:\n" + "\n".join(titles) + "\n\n" + ENGLISH_CLOSING
    assert document_languages(reading_list) == ("en", "en")
    shouted = ENGLISH_OPENING + "EL CONSEJO MUNICIPAL DICE NO A LA NUEVA PLANTA DESALINIZADORA, SEGÚN EL ALCALDE DE LA COSTA\n" + ENGLISH_CLOSING
    assert document_languages(shouted) == ("en", "en")


@pytest.mark.parametrize(
    "text",
    ["", "2025 12 31 4,500 7.25 " * 20, "1.\n2.\n3.\n" * 40, "\n\n".join(["Sí.", "Yes.", "Claro que sí.", "Of course."] * 20)],
)
def test_empty_digits_and_short_paragraphs_are_never_mixed(text: str) -> None:
    language, languages = document_languages(text)
    assert "," not in languages and languages == language


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([ENGLISH_OPENING, SPANISH_PARAGRAPH, PLAIN_ENGLISH, ARABIC_PARAGRAPH, PERSIAN_PARAGRAPH, "¿Qué? ", "123 "]), max_size=6),
    st.sampled_from(["\n\n", " ", "\n", ". "]),
)
def test_any_mix_of_one_script_gets_codes_main_first_without_repeats(parts: list[str], joiner: str) -> None:
    language, languages = document_languages(joiner.join(parts))
    found = languages.split(",")
    assert found[0] == language and all(is_language_code(code) for code in found)
    assert len(found) == len(set(found)) and (len(found) == 1 or UNDETERMINED not in found)
    if SPANISH_PARAGRAPH not in parts and ARABIC_PARAGRAPH not in parts and PERSIAN_PARAGRAPH not in parts:
        assert found in (["en"], [UNDETERMINED], ["es"])  # English alone (or too little to read) is one language


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=()), min_size=150, max_size=600))
def test_any_text_gets_codes_and_never_und_beside_another(text: str) -> None:
    """Random characters of every category (lone surrogates, marks, accented and Arabic letters)."""
    language, languages = document_languages(text)
    found = languages.split(",")
    assert found[0] == language and all(is_language_code(code) for code in found)
    assert len(found) == len(set(found)) and (len(found) == 1 or UNDETERMINED not in found)


def write_same_script_mixes(corpus: Path) -> None:
    """Into a new folder: an English text quoting a Spanish paragraph, the Spanish source, and
    an Arabic text quoting a Persian one."""
    corpus.mkdir()
    (corpus / "english-quoting-spanish.txt").write_text(ENGLISH_WITH_SPANISH, encoding="utf-8")
    (corpus / "spanish-source.txt").write_text(
        "Crónica de la costa.\n\n" + SPANISH_PARAGRAPH + "\n\nLa obra empezará antes del final del otoño.\n", encoding="utf-8"
    )
    (corpus / "arabic-quoting-persian.txt").write_text(ARABIC_WITH_PERSIAN, encoding="utf-8")


def test_scan_stores_the_languages_of_texts_mixing_one_script(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_same_script_mixes(corpus)
    (corpus / "english-stray.txt").write_text(PLAIN_ENGLISH.replace("fish market,", "fish market (el mercado de pescado),"), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    with open_store(db) as store:
        scan([corpus], store, FAST)
    with open_store(db, read_only=True) as store:
        rows = store.query("SELECT path, language, languages FROM documents")
        spanish, total = search_documents(store, None, 50, 0, language="es")
        mixing, _ = search_documents(store, None, 50, 0, mixed=True)
    stored = {Path(r["path"]).stem: (r["language"], r["languages"]) for r in rows}
    assert stored == {
        "english-quoting-spanish": ("en", "en,es"),
        "spanish-source": ("es", "es"),
        "arabic-quoting-persian": ("ar", "ar,fa"),
        "english-stray": ("en", "en"),
    }
    assert total == 2 and {Path(r["path"]).stem for r in spanish} == {"english-quoting-spanish", "spanish-source"}
    assert {Path(r["path"]).stem for r in mixing} == {"english-quoting-spanish", "arabic-quoting-persian"}
