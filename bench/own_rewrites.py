"""Journalistic rewrites we wrote ourselves, in ten languages (Russian, Persian, Arabic, Urdu,
Spanish, Chinese, Turkish, French, German, Hindi): an agency-style story, a newspaper's rewrite
of it (sentences reordered, split and restated, synonyms, the facts and some phrases kept) and
a story on the same event that shares no passage (the hard negative), scanned among the 200
xling-dev articles (en, fa, ar, ur, ru, es, zh; ../shared/data) with the default settings.
Reported per language: the rewrite linked to its source, with which kind, the share of each
text inside the passages linking them, and any link of the same-event story.

    .venv/bin/python bench/own_rewrites.py [--republished N [--edits R]] [--out FILE]

``--republished N``: each rewrite is also republished ``N`` times, as a campaign republishes
its text (each copy with its sentences rotated by one more and a mark of its own; with
``--edits R`` a share ``R`` of its words replaced by others of the text), so that the
rewrite's names and figures stand in ``N + 2`` documents; still reported is the link between
the source and the first rewrite.
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
    "ur": (
        'ضلعی انتظامیہ نے بدھ کے روز بتایا کہ دریائے سوات پر بنے پرانے پل کا ایک حصہ شدید بارشوں کے بعد گر گیا، جس سے دونوں کناروں کے درمیان آمد و رفت معطل ہو گئی۔ ڈپٹی کمشنر کے مطابق حادثے میں کوئی جانی نقصان نہیں ہوا، تاہم تقریباً بارہ ہزار افراد کو اب متبادل راستہ اختیار کرنا پڑے گا جو چالیس کلومیٹر لمبا ہے۔ محکمہ مواصلات نے عارضی پل کی تعمیر کے لیے پندرہ کروڑ روپے کی منظوری دے دی ہے اور کام اگلے ہفتے شروع ہونے کی توقع ہے۔ مقامی تاجروں نے شکایت کی کہ پل کی خستہ حالی کے بارے میں کئی برسوں سے درخواستیں دی جا رہی تھیں لیکن کوئی کارروائی نہیں کی گئی۔',
        'شدید بارشوں کے نتیجے میں دریائے سوات پر قائم پرانے پل کا ایک حصہ منہدم ہو گیا ہے، ضلعی حکام نے بدھ کو اس کی تصدیق کی۔ پل ٹوٹنے سے دریا کے دونوں اطراف کا رابطہ منقطع ہو گیا ہے۔ ڈپٹی کمشنر نے بتایا کہ واقعے میں کوئی شخص ہلاک یا زخمی نہیں ہوا، مگر لگ بھگ بارہ ہزار شہریوں کو اب چالیس کلومیٹر طویل متبادل سڑک استعمال کرنا ہو گی۔ مقامی تاجر برادری کا کہنا ہے کہ وہ برسوں سے پل کی خراب حالت کی نشاندہی کر رہے تھے مگر ان کی درخواستوں پر توجہ نہیں دی گئی۔ ادھر محکمہ مواصلات نے عارضی پل بنانے کے لیے پندرہ کروڑ روپے منظور کر لیے ہیں اور توقع ہے کہ تعمیر کا آغاز آئندہ ہفتے ہو گا۔',
        'دریائے سوات کے کنارے آباد دیہات کے طلبہ پل گرنے کے بعد اسکول نہیں پہنچ پا رہے۔ ایک سرکاری اسکول کے ہیڈ ماسٹر نے بتایا کہ جمعرات کو صرف آدھے بچے کلاسوں میں حاضر ہوئے۔ والدین کا کہنا ہے کہ کشتیوں کے ذریعے دریا پار کرنا خطرناک ہے کیونکہ پانی کا بہاؤ ابھی تک تیز ہے۔ محکمہ تعلیم نے متاثرہ علاقے کے لیے عارضی کلاس رومز قائم کرنے پر غور شروع کر دیا ہے۔',
    ),
    "es": (
        'Los estibadores del puerto de Valdemar iniciaron el lunes una huelga indefinida para exigir la renovación de su convenio colectivo, que caducó hace catorce meses. Según el sindicato mayoritario, el paro afecta a unos 2.300 trabajadores y ha dejado inmovilizados más de cuarenta buques en la bahía. La autoridad portuaria calcula que cada día de huelga supone pérdidas cercanas a los 6 millones de euros para las empresas exportadoras de la región. El Ministerio de Trabajo ha convocado a ambas partes a una reunión de mediación el jueves, aunque los representantes de los trabajadores advierten de que no aceptarán una subida salarial inferior al 4 %.',
        'Más de cuarenta barcos permanecen bloqueados en la bahía de Valdemar desde que los estibadores comenzaron el lunes un paro indefinido. Los trabajadores reclaman que se renueve el convenio colectivo, vencido desde hace catorce meses. El sindicato con más afiliados cifra en alrededor de 2.300 los empleados que secundan la protesta. Las pérdidas para los exportadores de la región rondan los 6 millones de euros por cada jornada de huelga, de acuerdo con las estimaciones de la autoridad portuaria. Trabajo ha citado a patronal y sindicatos el jueves para intentar una mediación, pero los estibadores avisan de que rechazarán cualquier aumento de sueldo por debajo del 4 %.',
        'Los agricultores de la comarca de Valdemar temen que la huelga de los estibadores arruine la campaña de exportación de cítricos. En una asamblea celebrada el martes en la cooperativa local, varios productores explicaron que sus naranjas esperan en cámaras frigoríficas que ya están casi llenas. El presidente de la cooperativa pidió al Gobierno que habilite puertos alternativos mientras dure el conflicto. Los transportistas, por su parte, han comenzado a desviar camiones hacia otras terminales del sur.',
    ),
    "zh": (
        '市交通委员会周二宣布，连接东部新区和机场的地铁十四号线将于今年十二月底正式开通运营。据介绍，该线路全长约三十八公里，共设二十二座车站，建成后从市中心到机场的时间将缩短至四十分钟左右。项目总投资超过二百六十亿元，其中一部分资金来自地方政府专项债券。沿线部分居民此前曾投诉施工噪音扰民，交通委员会表示已要求施工单位夜间停止高噪音作业。',
        '地铁十四号线有望在今年十二月底投入运营，这条线路将东部新区与机场连接起来。市交通委员会周二发布消息称，线路总长度约为三十八公里，沿线设有二十二个车站。开通以后，乘客从市中心前往机场只需大约四十分钟。整个项目的投资额超过二百六十亿元，部分资金通过地方政府专项债券筹集。针对此前一些沿线居民反映的施工噪音问题，交通委员会称已经要求施工方在夜间停止高噪音作业。',
        '东部新区的房地产中介表示，随着地铁十四号线即将开通，附近楼盘的咨询量明显增加。一家中介门店的经理说，上个月前来看房的客户比去年同期多了一倍。不过也有业内人士提醒购房者保持理性，不要盲目追高。区政府表示将继续完善新区的学校和医院等配套设施。',
    ),
    "tr": (
        "Devlet Su İşleri yetkilileri salı günü yaptıkları açıklamada, Karaçay Barajı'ndaki doluluk oranının son kırk yılın en düşük seviyesine indiğini bildirdi. Açıklamaya göre barajda yalnızca yüzde 17 oranında su bulunuyor ve mevcut rezerv, kentin yaklaşık 90 günlük ihtiyacını karşılayabilecek durumda. Belediye, su kesintilerinin önümüzdeki haftadan itibaren gece saatlerinde uygulanacağını duyurdu. Çiftçi birlikleri ise sulama suyunun kısıtlanmasının bu yılki buğday hasadını ciddi biçimde etkileyeceği uyarısında bulundu.",
        "Karaçay Barajı'nda su seviyesi son kırk yılın en düşük düzeyine geriledi. Devlet Su İşleri'nin salı günkü açıklamasına göre barajın doluluk oranı yüzde 17'ye kadar düştü; kalan su, şehrin ihtiyacını ancak 90 gün kadar karşılayabilecek. Belediye de gelecek haftadan başlayarak geceleri su kesintisine gidileceğini açıkladı. Sulama suyuna getirilecek kısıtlamanın bu sezonki buğday hasadını ciddi şekilde etkileyeceğini belirten çiftçi birlikleri ise endişeli.",
        "Karaçay Barajı çevresindeki köylerde yaşayanlar, kuraklık nedeniyle hayvanlarını satmak zorunda kaldıklarını söylüyor. Bir köy muhtarı, meraların kuruduğunu ve yem fiyatlarının iki katına çıktığını anlattı. İl tarım müdürlüğü, zarar gören üreticilere destek ödemesi yapılması için çalışma başlattığını açıkladı. Meteoroloji ise önümüzdeki günlerde de yağış beklenmediğini bildirdi.",
    ),
    "fr": (
        "L'agence régionale de santé a annoncé mercredi la fermeture nocturne des urgences de l'hôpital de Saint-Aubin pendant tout l'été, faute de médecins en nombre suffisant. Selon la direction de l'établissement, seuls 9 des 21 postes de praticiens urgentistes sont actuellement pourvus. Les patients devront se rendre au centre hospitalier de Montval, situé à 35 kilomètres, entre 20 heures et 8 heures. Le maire de la commune a dénoncé une décision « inacceptable » et appelé les habitants à manifester samedi devant l'hôpital.",
        "Faute de médecins, les urgences de l'hôpital de Saint-Aubin ne seront plus ouvertes la nuit cet été, a fait savoir mercredi l'agence régionale de santé. La direction explique que sur les 21 postes d'urgentistes, 9 seulement sont occupés aujourd'hui. De 20 heures à 8 heures, les malades seront donc orientés vers l'hôpital de Montval, à 35 kilomètres de là. Jugeant la mesure « inacceptable », le maire appelle la population à se rassembler samedi devant l'établissement.",
        "Les pompiers de Saint-Aubin s'inquiètent d'un allongement de leurs interventions depuis l'annonce de la fermeture nocturne des urgences. Le chef du centre de secours explique que ses équipes devront désormais parcourir de longues distances la nuit, laissant le secteur moins bien couvert. Plusieurs élus du canton ont écrit au ministre de la Santé pour demander des renforts. Une pétition en ligne a déjà recueilli plusieurs milliers de signatures.",
    ),
    "de": (
        "Die Bäckereikette Sonnenkorn hat am Montag beim Amtsgericht Kassel einen Insolvenzantrag gestellt. Nach Angaben des Unternehmens sind rund 480 Beschäftigte in 62 Filialen betroffen, die vorerst weiter geöffnet bleiben sollen. Als Gründe nannte die Geschäftsführung die stark gestiegenen Energiekosten sowie höhere Preise für Mehl und Butter. Der vorläufige Insolvenzverwalter will in den kommenden Wochen mit möglichen Investoren sprechen; Löhne und Gehälter seien bis Ende März über das Insolvenzgeld gesichert.",
        "Sonnenkorn ist pleite: Die Bäckereikette hat am Montag Insolvenz beim Amtsgericht Kassel beantragt. Von dem Schritt sind etwa 480 Mitarbeiterinnen und Mitarbeiter betroffen. Die 62 Filialen sollen zunächst geöffnet bleiben. Die Geschäftsleitung macht vor allem die drastisch gestiegenen Kosten für Energie sowie teurere Butter und teureres Mehl verantwortlich. Über das Insolvenzgeld sind die Löhne bis Ende März gesichert, wie es hieß. Der vorläufige Insolvenzverwalter will in den nächsten Wochen Gespräche mit Interessenten führen.",
        "In Kassel sorgen sich Stammkunden um ihre Lieblingsfiliale von Sonnenkorn. Eine Rentnerin erzählte, sie kaufe seit zwanzig Jahren jeden Morgen ihre Brötchen in der Bäckerei am Bahnhof. Die Verkäuferinnen versuchten, die Kundschaft zu beruhigen, wüssten aber selbst nicht, wie es weitergehe. Die Industrie- und Handelskammer bot betroffenen Beschäftigten eine Beratung an.",
    ),
    "hi": (
        'भारतीय मौसम विभाग ने मंगलवार को बताया कि राजस्थान के कई जिलों में तापमान 47 डिग्री सेल्सियस तक पहुंच गया है और अगले पांच दिनों तक लू चलने की संभावना है। विभाग के अनुसार बाड़मेर में इस मौसम का सबसे अधिक तापमान दर्ज किया गया। राज्य सरकार ने सभी सरकारी स्कूलों में गर्मी की छुट्टियां दस दिन पहले शुरू करने का आदेश दिया है। स्वास्थ्य विभाग ने लोगों से दोपहर बारह बजे से चार बजे के बीच घर से बाहर न निकलने और पर्याप्त पानी पीने की अपील की है।',
        'राजस्थान के कई जिले भीषण गर्मी की चपेट में हैं, जहां पारा 47 डिग्री सेल्सियस तक जा पहुंचा है। मौसम विभाग ने मंगलवार को कहा कि आने वाले पांच दिनों तक लू का प्रकोप जारी रह सकता है। बाड़मेर में इस सीजन का अब तक का सबसे ज्यादा तापमान रिकॉर्ड किया गया है। गर्मी को देखते हुए राज्य सरकार ने सरकारी स्कूलों में छुट्टियां दस दिन पहले से घोषित कर दी हैं। वहीं स्वास्थ्य विभाग ने अपील की है कि लोग दोपहर 12 से 4 बजे तक घरों में रहें और खूब पानी पिएं।',
        'बाड़मेर के बाजारों में भीषण गर्मी के कारण दिन में सन्नाटा पसरा रहता है। दुकानदारों का कहना है कि ग्राहक अब केवल शाम को ही खरीदारी के लिए निकलते हैं। कूलर और पंखों की बिक्री में पिछले साल की तुलना में काफी बढ़ोतरी हुई है। बिजली विभाग ने बताया कि मांग बढ़ने से कुछ इलाकों में कटौती करनी पड़ी है।',
    ),
}


def _covered(rows: list[dict], name: str) -> float:
    """The share of one text's characters inside the passages that link it to its partner."""
    marked: set[int] = set()
    length = 0
    for row in rows:
        side = "source" if Path(row["a"]).name == name else "target"
        length = row["a_len"] if side == "source" else row["b_len"]
        marked.update(range(row[f"{side}_start"], row[f"{side}_end"]))
    return round(len(marked) / length, 2) if length else 0.0


def republished(text: str, copies: int, edits: float = 0.0) -> list[str]:
    """``copies`` republications of ``text``: its sentences rotated by one more each, a mark,
    and a share ``edits`` of its words (between spaces) replaced by others of the text."""
    import random

    from copytrail.stages.segment import sentence_bounds

    rng = random.Random(len(text))
    sentences = [text[a:b].strip() for a, b in sentence_bounds(text) if text[a:b].strip()]
    out = []
    for k in range(1, copies + 1):
        words = " ".join(sentences[k % len(sentences) :] + sentences[: k % len(sentences)]).split(" ")
        out.append(" ".join(w if rng.random() >= edits else rng.choice(words) for w in words) + f" ({k})")
    return out


def main() -> None:
    from copytrail.engines.local import scan
    from copytrail.settings import ClaimsSettings, ScanSettings
    from copytrail.store import open_store

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out")
    parser.add_argument("--republished", type=int, default=0, help="republish each rewrite so many times")
    parser.add_argument("--edits", type=float, default=0.0, help="share of each republication's words replaced")
    args = parser.parse_args()
    hay = unpack("xling-dev") / "docs"
    result: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        shutil.copytree(hay, corpus)
        for lang, (source, rewrite, other) in STORIES.items():
            for part, text in zip("abc", (source, rewrite, other), strict=True):
                (corpus / f"own-{lang}-{part}.txt").write_text(text + "\n", encoding="utf-8")
            for k, copy in enumerate(republished(rewrite, args.republished, args.edits)):
                (corpus / f"own-{lang}-b{k}.txt").write_text(copy + "\n", encoding="utf-8")
        with open_store(Path(folder) / "s.duckdb") as store:
            scan([corpus], store, ScanSettings(claims=ClaimsSettings(enabled=False)))
            rows = store.query(
                "SELECT s.path AS a, t.path AS b, l.kind, l.score, l.source_start, l.source_end, l.target_start, "
                "l.target_end, length(s.text) AS a_len, length(t.text) AS b_len FROM alignments l "
                "JOIN documents s ON s.id = l.source_doc JOIN documents t ON t.id = l.target_doc"
            )
    def link(row: dict) -> tuple:
        return Path(row["a"]).name, Path(row["b"]).name, row["kind"], round(row["score"], 2)

    for lang in STORIES:
        ours = {f"own-{lang}-{p}.txt" for p in ["a", "b", "c", *(f"b{k}" for k in range(args.republished))]}
        links = [link(r) for r in rows if Path(r["a"]).name in ours or Path(r["b"]).name in ours]
        spans = [r for r in rows if {Path(r["a"]).name, Path(r["b"]).name} == {f"own-{lang}-a.txt", f"own-{lang}-b.txt"}]
        rewrite = [link(r) for r in spans]
        story = ours - {f"own-{lang}-c.txt"}  # the source, the rewrite and its republications link among themselves
        result[lang] = {"rewrite_linked": bool(rewrite), "kinds": sorted({k for *_, k, _s in rewrite}),
                        "source_covered": _covered(spans, f"own-{lang}-a.txt"), "rewrite_covered": _covered(spans, f"own-{lang}-b.txt"),
                        "other_links": [link for link in links if not {link[0], link[1]} <= story]}  # fmt: skip
        print(lang, result[lang])
    print(f"rewrites linked {sum(r['rewrite_linked'] for r in result.values())} / {len(result)}; "
          f"other links {sum(len(r['other_links']) for r in result.values())}")  # fmt: skip
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
