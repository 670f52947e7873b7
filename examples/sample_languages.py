"""Storyline D of the sample corpus: Persian, Arabic and Russian copies retyped the way copy
desks and keyboards retype them, and a Persian translation of an English fact sheet.

Original writing for the copytrail project, like the rest of the corpus (every outlet and
person fictional).  Imported by ``build_sample_corpus.py``; each copy is made from its source
by the rules below, so source and copy can never drift apart.

- ``khalijonline-abshirinkon-fa.txt`` retypes two paragraphs of the Persian
  ``bandarnameh-abshirinkon.md`` on an Arabic keyboard (Arabic yeh and kaf, no half-spaces,
  Arabic-Indic digits) and changes a few words: ``edited``.
- ``sawtalmina-mahatta-ar.txt`` rewrites two paragraphs of the Arabic wire story
  ``sas-2025-0315-02``: sentences reordered, words swapped, the figure written in digits,
  hamzas dropped, harakat and tatweel added: ``edited``.
- ``portovye-vesti-voda.txt`` copies two paragraphs of ``vestnikzaliva-opresnitel.html`` with
  ``ё`` written as ``е`` and Latin letters that look Cyrillic inside words: ``edited``.
- ``hamvatan-dunmore-fa.txt`` translates two paragraphs of the English Dunmore fact sheet
  into Persian: ``translated`` (found only by cross-lingual alignment).
"""

from __future__ import annotations

FA_P0 = "بندرنامه در هفته‌های گذشته با ده‌ها نفر از ساکنان و کارشناسان آب در پورت‌ویرا گفت‌وگو کرده است."
FA_P1 = (
    "ساکنان محله‌های شرقی پورت‌ویرا می‌گویند از زمانی که آب‌شیرین‌کن دماغه شوره‌زار به شبکه "
    "شهری وصل شده است، آب لوله‌کشی طعمی فلزی پیدا کرده و روی کتری‌ها لایه‌ای سفید می‌نشیند. "
    "به گفته آنان نزدیک به ۳۰ هزار خانوار هر روز از این آب استفاده می‌کنند و هنوز هیچ گزارش "
    "کاملی از آزمایش‌ها منتشر نشده است."
)
FA_P2 = (
    "سازمان آب می‌گوید همه نمونه‌ها در محدوده مجاز ملی بوده‌اند، اما برگه‌های خام آزمایشگاه را "
    "برای ماه‌های خرداد تا آبان سال گذشته منتشر نمی‌کند. فعالان محلی یادآوری می‌کنند که هزینه "
    "ساخت این تأسیسات از ۴۱۲ میلیون کرون به بیش از ۵۳۰ میلیون کرون رسیده است و قرارداد "
    "بهره‌برداری سودی ثابت را برای ۲۵ سال تضمین می‌کند."
)
FA_P3 = (
    "قرار است سخنگوی سازمان آب روز ۲۸ اسفند در جلسه علنی شورای شهر به پرسش‌های ساکنان پاسخ "
    "دهد. بندرنامه گزارش این جلسه را منتشر خواهد کرد."
)

_ARABIC_KEYBOARD = str.maketrans({"ی": "ي", "ک": "ك", "\u200c": None, **{chr(0x06F0 + d): chr(0x0660 + d) for d in range(10)}})


def arabic_keyboard(text: str) -> str:
    """Persian retyped on an Arabic keyboard: Arabic yeh and kaf, Arabic-Indic digits, and
    the half-spaces lost (the two parts of a word run together)."""
    return text.translate(_ARABIC_KEYBOARD)


FAC_P1 = arabic_keyboard(
    FA_P1.replace("طعمی فلزی پیدا کرده", "مزه‌ای فلزی گرفته").replace("هر روز ", "")
)
FAC_P2 = arabic_keyboard(
    FA_P2.replace("سازمان آب می‌گوید", "به گفته سازمان آب").replace(" سال گذشته", "")
)
FAC_INTRO = "گزارش زیر را از یک نشریه محلی بازنشر می‌کنیم."  # the copy's own line
FAC_END = "خلیج آنلاین مسئولیتی در قبال درستی این ارقام ندارد."

# The Arabic wire story's first two paragraphs (build_sample_corpus.AR_P1, AR_P2) rewritten
# by hand: order swapped, "nearly forty-five thousand" in digits, hamzas on alef dropped,
# alef maksura written as yeh, a few harakat and a tatweel.
ARW_P2 = (
    "وأوضح المتحدث باسم الهيـئة ان المحطة تنتج يومياً قرابة ٤٥ ألف متر مكعب من المياه العذبة، "
    "مؤكداً ان كل العينات التي فُحصت خلال العام الماضي كانت ضمن الحدود الوطنية المسموح بها."
)
ARW_P1 = (
    "وكانت هيئة المياه في مدينة بورت فيرا قد اعلنت انها ستفتح ابواب محطة تحلية المياه في راس "
    "المالح امام الزوار يوم السبت المقبل، في محاولة للرد على الشكاوي المُتزايدة من السكان حول "
    "طعم مياه الشرب."
)
ARW_INTRO = "تتواصل في بورت فيرا الشكوك حول جودة مياه الشرب منذ تشغيل محطة التحلية الجديدة."

# Cyrillic letters and the Latin letters that look the same; every third word of a copy takes
# them (a known trick to hide a copy from search), and ё is written as е.
_LOOKALIKE = str.maketrans({"о": "o", "а": "a", "е": "e", "р": "p", "с": "c", "х": "x"})


def disguise(text: str) -> str:
    words = text.replace("ё", "е").split(" ")
    return " ".join(w.translate(_LOOKALIKE) if i % 3 == 1 else w for i, w in enumerate(words))


PV_INTRO = "Публикуем материал наших коллег о ситуации с водой в Порт-Вейре."

# Persian translation of the English fact sheet's paragraphs B_P2 and B_P3.
TR_B_P2 = (
    "دست‌کم ۱٬۲۰۰ کارگر از زمان آن اعلام کار خود را از دست داده‌اند، از جمله ۳۱۰ جوشکار و "
    "نصاب با بیش از بیست سال سابقه. اسناد خود شرکت کسترل نشان می‌دهد که ۴۰ درصد از "
    "قراردادهای ساخت بدنه که زمانی در دانمور اجرا می‌شد به کارگاه‌هایی در خارج منتقل شده است، "
    "جایی که هزینه نیروی کار کمتر از یک‌سوم دستمزدهای محلی است."
)
TR_B_P3 = (
    "صندوق توسعه منطقه‌ای میان سال‌های ۲۰۱۹ و ۲۰۲۳ مبلغ ۸۶ میلیون کرون کمک بلاعوض به کسترل "
    "پرداخت، به این شرط که شمار کارکنان کارگاه بالای ۲٬۰۰۰ نفر بماند. تا پایان سال گذشته "
    "کمتر از ۹۰۰ نفر همچنان در آنجا کار می‌کردند. حتی یک کرون از این پول بازگردانده نشده است."
)
TR_INTRO = "هم‌وطن: ماجرای کارخانه کشتی‌سازی دانمور به روایت فعالان محلی."


def files(txt_doc, md_doc, russian_paragraphs: tuple[str, str]) -> dict[str, str]:
    """The four documents of storyline D (``russian_paragraphs``: R_P2 and R_P4)."""
    r_p2, r_p4 = russian_paragraphs
    return {
        "bandarnameh-abshirinkon.md": md_doc(
            {
                "title": "آب‌شیرین‌کن دماغه شوره‌زار زیر ذره‌بین",
                "author": "نسرین کریمی",
                "published": "2025-03-12T08:00:00+03:30",
                "url": "https://bandarnameh.example/fa/2025/03/12/abshirinkon",
                "outlet": "بندرنامه",
            },
            "آب‌شیرین‌کن دماغه شوره‌زار زیر ذره‌بین",
            [FA_P0, FA_P1, FA_P2, FA_P3],
        ),
        "khalijonline-abshirinkon-fa.txt": txt_doc("آب پورت‌ویرا و پرسش‌های بی‌پاسخ", [FAC_INTRO, FAC_P1, FAC_P2, FAC_END]),
        "sawtalmina-mahatta-ar.txt": txt_doc("محطة التحلية تفتح أبوابها", [ARW_INTRO, ARW_P2, ARW_P1]),
        "portovye-vesti-voda.txt": txt_doc("Вода в Порт-Вейре: жители ждут ответа", [PV_INTRO, disguise(r_p2), disguise(r_p4)]),
        "hamvatan-dunmore-fa.txt": txt_doc("کشتی‌سازی دانمور", [TR_INTRO, TR_B_P2, TR_B_P3]),
    }


def reuse(r, wire: str, russian_paragraphs: tuple[str, str], arabic_paragraphs: tuple[str, str], english_paragraphs: tuple[str, str]) -> list[dict]:
    """Storyline D's truth rows, made with ``build_truth``'s ``r``."""
    r_p2, r_p4 = russian_paragraphs
    ar_p1, ar_p2 = arabic_paragraphs
    b_p2, b_p3 = english_paragraphs
    fa, ar, ru = "bandarnameh-abshirinkon.md", "sawtalmina-mahatta-ar.txt", "portovye-vesti-voda.txt"
    return [
        r(fa, "khalijonline-abshirinkon-fa.txt", "edited", FA_P1, FAC_P1, "D", language="fa"),
        r(fa, "khalijonline-abshirinkon-fa.txt", "edited", FA_P2, FAC_P2, "D", language="fa"),
        r(wire, ar, "edited", ar_p1, ARW_P1, "D", language="ar"),
        r(wire, ar, "edited", ar_p2, ARW_P2, "D", language="ar"),
        r("vestnikzaliva-opresnitel.html", ru, "edited", r_p2, disguise(r_p2), "D", language="ru"),
        r("vestnikzaliva-opresnitel.html", ru, "edited", r_p4, disguise(r_p4), "D", language="ru"),
        r("truthlantern-dunmore-fact-sheet.html", "hamvatan-dunmore-fa.txt", "translated", b_p2, TR_B_P2, "D",
          source_language="en", target_language="fa"),
        r("truthlantern-dunmore-fact-sheet.html", "hamvatan-dunmore-fa.txt", "translated", b_p3, TR_B_P3, "D",
          source_language="en", target_language="fa"),
    ]  # fmt: skip
