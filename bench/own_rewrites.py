"""Journalistic rewrites we wrote ourselves, in Russian, Persian and Arabic: an agency-style
story, a newspaper's rewrite of it (sentences reordered and restated, synonyms, the facts and
some phrases kept) and a story on the same event that shares no passage (the hard negative),
scanned among the 200 xling-dev articles (the same languages, ../shared/data) with the default
settings.  Reported per language: the rewrite linked to its source, with which kind, and any
link of the same-event story.

    .venv/bin/python bench/own_rewrites.py [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import unpack  # noqa: E402

# (source, rewrite, same event without a shared passage), our own writing
STORIES = {
    "ru": (
        'Власти региона объявили во вторник, что новая опреснительная станция на мысе Солёный начнёт работу в начале следующего года. По словам представителя администрации, станция будет производить около сорока пяти тысяч кубометров пресной воды в сутки и обеспечит водой жителей восточных районов города. Стоимость проекта превысила пятьсот тридцать миллионов рублей, а часть средств была получена из федерального бюджета. Местные активисты потребовали опубликовать результаты независимых анализов воды, поскольку опасаются повышенного содержания бора.',
        'Новая опреснительная станция на мысе Солёный заработает в начале будущего года, сообщили во вторник региональные власти. Как заявил представитель администрации, мощность станции составит примерно сорок пять тысяч кубометров пресной воды в день, что позволит снабжать водой жителей восточных районов. Проект обошёлся более чем в пятьсот тридцать миллионов рублей, причём часть денег выделил федеральный бюджет. Активисты из числа местных жителей настаивают на публикации результатов независимой проверки воды: они опасаются, что содержание бора окажется повышенным.',
        'Жители посёлка у мыса Солёный пожаловались на шум от строительства опреснительной станции. На собрании в доме культуры они рассказали, что грузовики с оборудованием проезжают по узким улицам даже ночью. Глава посёлка пообещал обратиться к подрядчику и ограничить движение тяжёлой техники после десяти вечера. Строители, со своей стороны, заявили, что работы идут по графику и будут завершены осенью.',
    ),
    "fa": (
        'مسئولان استان روز سه\u200cشنبه اعلام کردند که آب\u200cشیرین\u200cکن جدید دماغه شوره\u200cزار از اوایل سال آینده به بهره\u200cبرداری می\u200cرسد. به گفته سخنگوی استانداری، این تأسیسات روزانه حدود چهل و پنج هزار متر مکعب آب شیرین تولید خواهد کرد و آب ساکنان محله\u200cهای شرقی شهر را تأمین می\u200cکند. هزینه این طرح از پانصد و سی میلیارد ریال فراتر رفته و بخشی از آن از بودجه ملی پرداخت شده است. فعالان محلی خواستار انتشار نتایج آزمایش\u200cهای مستقل آب شده\u200cاند، زیرا نگران بالا بودن میزان بور هستند.',
        'آب\u200cشیرین\u200cکن تازه دماغه شوره\u200cزار اوایل سال بعد راه\u200cاندازی خواهد شد؛ این خبر را مقامات استان روز سه\u200cشنبه اعلام کردند. سخنگوی استانداری گفت ظرفیت این تأسیسات نزدیک به چهل و پنج هزار متر مکعب آب شیرین در روز است و ساکنان محله\u200cهای شرقی از آن آب دریافت خواهند کرد. هزینه طرح بیش از پانصد و سی میلیارد ریال شده و قسمتی از پول آن را بودجه ملی پرداخته است. گروهی از فعالان محلی می\u200cخواهند نتایج آزمایش\u200cهای مستقل آب منتشر شود، چون از زیاد بودن بور در آب نگرانند.',
        'ساکنان روستای نزدیک دماغه شوره\u200cزار از سروصدای ساخت آب\u200cشیرین\u200cکن شکایت کردند. آنان در جلسه\u200cای در خانه فرهنگ گفتند کامیون\u200cهای حامل تجهیزات حتی شب\u200cها از کوچه\u200cهای باریک عبور می\u200cکنند. دهیار روستا قول داد با پیمانکار صحبت کند و رفت\u200cوآمد ماشین\u200cهای سنگین را پس از ساعت ده شب محدود کند. سازندگان نیز گفتند کار طبق برنامه پیش می\u200cرود و تا پاییز تمام می\u200cشود.',
    ),
    "ar": (
        'أعلنت السلطات الإقليمية يوم الثلاثاء أن محطة التحلية الجديدة في رأس السبخة ستبدأ العمل في مطلع العام المقبل. وقال المتحدث باسم المحافظة إن المحطة ستنتج نحو خمسة وأربعين ألف متر مكعب من المياه العذبة يوميا، وستزود سكان الأحياء الشرقية بالمياه. وتجاوزت تكلفة المشروع خمسمائة وثلاثين مليون دينار، وجاء جزء من التمويل من الميزانية الوطنية. وطالب ناشطون محليون بنشر نتائج فحوص مستقلة للمياه، إذ يخشون ارتفاع نسبة البورون فيها.',
        'ستدخل محطة التحلية الجديدة في رأس السبخة الخدمة في بداية العام القادم، بحسب ما أعلنته السلطات الإقليمية الثلاثاء. وأوضح المتحدث باسم المحافظة أن طاقة المحطة تبلغ قرابة خمسة وأربعين ألف متر مكعب من المياه العذبة في اليوم، وهو ما سيسمح بتزويد سكان الأحياء الشرقية. وقد فاقت كلفة المشروع خمسمائة وثلاثين مليون دينار، وساهمت الميزانية الوطنية في جزء منها. ويطالب ناشطون من السكان المحليين بنشر نتائج فحص مستقل للمياه، لأنهم يخشون أن تكون نسبة البورون مرتفعة.',
        'اشتكى سكان القرية القريبة من رأس السبخة من ضجيج أعمال بناء محطة التحلية. وقالوا في اجتماع عقد في دار الثقافة إن الشاحنات المحملة بالمعدات تمر في الأزقة الضيقة حتى في الليل. ووعد رئيس البلدية بالتحدث إلى المقاول وتقييد حركة الآليات الثقيلة بعد العاشرة مساء. من جهتهم، أكد البناؤون أن العمل يسير وفق الجدول وسينتهي في الخريف.',
    ),
}


def main() -> None:
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    hay = unpack("xling-dev") / "docs"
    result: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        shutil.copytree(hay, corpus)
        for lang, (source, rewrite, other) in STORIES.items():
            for part, text in zip("abc", (source, rewrite, other), strict=True):
                (corpus / f"own-{lang}-{part}.txt").write_text(text + "\n", encoding="utf-8")
        with open_store(Path(folder) / "s.duckdb") as store:
            scan([corpus], store, ScanSettings(claims=ClaimsSettings(enabled=False)))
            rows = store.query(
                "SELECT s.path AS a, t.path AS b, l.kind, l.score FROM alignments l "
                "JOIN documents s ON s.id = l.source_doc JOIN documents t ON t.id = l.target_doc"
            )
    for lang in STORIES:
        ours = {f"own-{lang}-{p}.txt" for p in "abc"}
        links = [(Path(r["a"]).name, Path(r["b"]).name, r["kind"], round(r["score"], 2)) for r in rows
                 if Path(r["a"]).name in ours or Path(r["b"]).name in ours]
        rewrite = [link for link in links if {link[0], link[1]} == {f"own-{lang}-a.txt", f"own-{lang}-b.txt"}]
        result[lang] = {"rewrite_linked": bool(rewrite), "kinds": sorted({k for *_, k, _s in rewrite}),
                        "other_links": [link for link in links if link not in rewrite]}  # fmt: skip
        print(lang, result[lang])
    print(f"rewrites linked {sum(r['rewrite_linked'] for r in result.values())} / {len(result)}; "
          f"other links {sum(len(r['other_links']) for r in result.values())}")  # fmt: skip
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
