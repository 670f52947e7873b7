"""Figures and dates in 24 languages outside the development set, as the default scan reads
them: the same news item (our own writing, not from any corpus) in nine languages of South
Asia (Bengali, Tamil, Telugu, Marathi, Gujarati, Punjabi, Kannada, Malayalam, Nepali: a sum in
crores) and fifteen of the Balkans, the Baltic, Belarus, the Caucasus, Central Asia and Catalonia
(a sum in millions), each with a hedged count, a percentage and a date, and a copy published a
day later by another outlet with the sum changed and a word or two swapped.

    .venv/bin/python bench/figures_languages.py [--languages bn,ta,...] [--out FILE]
    PYTHONPATH=<a checkout of an earlier commit>/src .venv/bin/python bench/figures_languages.py

Every page goes into one folder as an outlet's HTML page (``languages_copies.write_page``),
then ``copytrail scan`` (the default command, one fresh store).  Per language, from the store:
the figures of the original read right (value, and for the hedged count its hedge class, for
the percentage that it is one; labelled by hand below), quantities read that are none of them
(a day or year read as a count, a figure cut in two), the date read (each written as that
language's papers write it), the copy aligned, and the changed sum reported as a changed figure.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from languages_copies import _figures_changed, _planted_found, _scan, copy_of, write_page  # noqa: E402

# language: (the original, [(what the copy replaces, with what), ...], its date or None, the
# sum); the first edit changes the sum (25 crore → 35 crore, 25 million → 35 million)
ITEMS: dict[str, tuple[str, list[tuple[str, str]], str | None, float]] = {
    "bn": (
        "রাজ্য সরকার মঙ্গলবার জানিয়েছে যে বন্যায় ক্ষতিগ্রস্ত কৃষকদের জন্য ২৫ কোটি টাকার সহায়তা দেওয়া হবে। কৃষি দপ্তরের "
        "হিসাবে প্রায় ৩০,০০০ পরিবার ক্ষতির মুখে পড়েছে এবং ৪০ শতাংশ ধানক্ষেত নষ্ট হয়েছে। ১৫ জুলাই ২০২৪ তারিখের মধ্যে প্রথম "
        "কিস্তি কৃষকদের অ্যাকাউন্টে পৌঁছাবে বলে মন্ত্রী জানিয়েছেন। বিরোধী দল অভিযোগ করেছে যে জরিপের কাজ খুব ধীরগতিতে চলছে।",
        [("২৫ কোটি", "৩৫ কোটি"), ("জানিয়েছে যে", "ঘোষণা করেছে যে"), ("অভিযোগ করেছে", "দাবি করেছে")],
        "2024-07-15",
        2.5e8,
    ),
    "ta": (
        "வெள்ளத்தால் பாதிக்கப்பட்ட விவசாயிகளுக்கு 25 கோடி ரூபாய் நிவாரணம் வழங்கப்படும் என்று மாநில அரசு செவ்வாய்க்கிழமை "
        "அறிவித்தது. வேளாண் துறையின் கணக்கின்படி சுமார் 30,000 குடும்பங்கள் பாதிக்கப்பட்டுள்ளன, 40 சதவீதம் நெல் வயல்கள் "
        "சேதமடைந்துள்ளன. முதல் தவணை 15 ஜூலை 2024 அன்று விவசாயிகளின் வங்கிக் கணக்கில் செலுத்தப்படும் என்று அமைச்சர் "
        "கூறினார். கணக்கெடுப்பு பணிகள் மிகவும் மெதுவாக நடைபெறுவதாக எதிர்க்கட்சிகள் குற்றம் சாட்டின.",
        [("25 கோடி", "35 கோடி"), ("அறிவித்தது", "தெரிவித்தது"), ("குற்றம் சாட்டின", "விமர்சித்தன")],
        "2024-07-15",
        2.5e8,
    ),
    "te": (
        "వరదల వల్ల నష్టపోయిన రైతులకు 25 కోట్ల రూపాయల సహాయం అందిస్తామని రాష్ట్ర ప్రభుత్వం మంగళవారం ప్రకటించింది. వ్యవసాయ "
        "శాఖ లెక్కల ప్రకారం సుమారు 30,000 కుటుంబాలు నష్టపోయాయి, 40 శాతం వరి పొలాలు దెబ్బతిన్నాయి. మొదటి విడత 15 జూలై "
        "2024 నాటికి రైతుల ఖాతాల్లో జమ అవుతుందని మంత్రి తెలిపారు. సర్వే పనులు చాలా నెమ్మదిగా సాగుతున్నాయని ప్రతిపక్షాలు "
        "ఆరోపించాయి.",
        [("25 కోట్ల", "35 కోట్ల"), ("ప్రకటించింది", "వెల్లడించింది"), ("ఆరోపించాయి", "విమర్శించాయి")],
        "2024-07-15",
        2.5e8,
    ),
    "mr": (
        "पूरग्रस्त शेतकऱ्यांना २५ कोटी रुपयांची मदत दिली जाईल, अशी घोषणा राज्य सरकारने मंगळवारी केली. कृषी विभागाच्या "
        "अंदाजानुसार सुमारे ३०,००० कुटुंबांचे नुकसान झाले असून ४० टक्के भातशेती उद्ध्वस्त झाली आहे. पहिला हप्ता १५ जुलै २०२४ "
        "पर्यंत शेतकऱ्यांच्या खात्यात जमा होईल, असे मंत्र्यांनी सांगितले. सर्वेक्षणाचे काम अतिशय संथ गतीने सुरू असल्याचा आरोप "
        "विरोधकांनी केला.",
        [("२५ कोटी", "३५ कोटी"), ("घोषणा", "माहिती"), ("आरोप", "टीका")],
        "2024-07-15",
        2.5e8,
    ),
    "gu": (
        "પૂરથી અસરગ્રસ્ત ખેડૂતોને 25 કરોડ રૂપિયાની સહાય આપવામાં આવશે, એવી જાહેરાત રાજ્ય સરકારે મંગળવારે કરી. કૃષિ વિભાગના "
        "અંદાજ મુજબ લગભગ 30,000 પરિવારોને નુકસાન થયું છે અને 40 ટકા ડાંગરના ખેતરો બરબાદ થયા છે. પહેલો હપ્તો 15 જુલાઈ 2024 "
        "સુધીમાં ખેડૂતોના ખાતામાં જમા થશે, એમ મંત્રીએ જણાવ્યું. સર્વેનું કામ ખૂબ ધીમી ગતિએ ચાલી રહ્યું હોવાનો આક્ષેપ વિપક્ષે કર્યો.",
        [("25 કરોડ", "35 કરોડ"), ("જાહેરાત", "ઘોષણા"), ("આક્ષેપ", "આરોપ")],
        "2024-07-15",
        2.5e8,
    ),
    "pa": (
        "ਸੂਬਾ ਸਰਕਾਰ ਨੇ ਮੰਗਲਵਾਰ ਨੂੰ ਐਲਾਨ ਕੀਤਾ ਕਿ ਹੜ੍ਹ ਪ੍ਰਭਾਵਿਤ ਕਿਸਾਨਾਂ ਨੂੰ 25 ਕਰੋੜ ਰੁਪਏ ਦੀ ਸਹਾਇਤਾ ਦਿੱਤੀ ਜਾਵੇਗੀ। ਖੇਤੀਬਾੜੀ ਵਿਭਾਗ "
        "ਅਨੁਸਾਰ ਲਗਭਗ 30,000 ਪਰਿਵਾਰ ਪ੍ਰਭਾਵਿਤ ਹੋਏ ਹਨ ਅਤੇ 40 ਫ਼ੀਸਦੀ ਝੋਨੇ ਦੀ ਫ਼ਸਲ ਤਬਾਹ ਹੋ ਗਈ ਹੈ। ਮੰਤਰੀ ਨੇ ਕਿਹਾ ਕਿ ਪਹਿਲੀ ਕਿਸ਼ਤ 15 "
        "ਜੁਲਾਈ 2024 ਤੱਕ ਕਿਸਾਨਾਂ ਦੇ ਖਾਤਿਆਂ ਵਿੱਚ ਪਹੁੰਚ ਜਾਵੇਗੀ। ਵਿਰੋਧੀ ਧਿਰ ਨੇ ਦੋਸ਼ ਲਾਇਆ ਕਿ ਸਰਵੇਖਣ ਦਾ ਕੰਮ ਬਹੁਤ ਹੌਲੀ ਚੱਲ ਰਿਹਾ ਹੈ।",
        [("25 ਕਰੋੜ", "35 ਕਰੋੜ"), ("ਐਲਾਨ", "ਘੋਸ਼ਣਾ"), ("ਦੋਸ਼ ਲਾਇਆ", "ਇਲਜ਼ਾਮ ਲਾਇਆ")],
        "2024-07-15",
        2.5e8,
    ),
    "kn": (
        "ಪ್ರವಾಹದಿಂದ ಸಂತ್ರಸ್ತರಾದ ರೈತರಿಗೆ 25 ಕೋಟಿ ರೂಪಾಯಿ ಪರಿಹಾರ ನೀಡಲಾಗುವುದು ಎಂದು ರಾಜ್ಯ ಸರ್ಕಾರ ಮಂಗಳವಾರ ಘೋಷಿಸಿದೆ. ಕೃಷಿ "
        "ಇಲಾಖೆಯ ಅಂದಾಜಿನ ಪ್ರಕಾರ ಸುಮಾರು 30,000 ಕುಟುಂಬಗಳು ನಷ್ಟ ಅನುಭವಿಸಿವೆ ಮತ್ತು ಶೇ 40 ರಷ್ಟು ಭತ್ತದ ಗದ್ದೆಗಳು ಹಾಳಾಗಿವೆ. ಮೊದಲ "
        "ಕಂತು 15 ಜುಲೈ 2024ರೊಳಗೆ ರೈತರ ಖಾತೆಗಳಿಗೆ ಜಮೆಯಾಗಲಿದೆ ಎಂದು ಸಚಿವರು ತಿಳಿಸಿದರು. ಸಮೀಕ್ಷೆ ಕಾರ್ಯ ತುಂಬಾ ನಿಧಾನವಾಗಿ "
        "ನಡೆಯುತ್ತಿದೆ ಎಂದು ವಿರೋಧ ಪಕ್ಷಗಳು ಆರೋಪಿಸಿವೆ.",
        [("25 ಕೋಟಿ", "35 ಕೋಟಿ"), ("ಘೋಷಿಸಿದೆ", "ಪ್ರಕಟಿಸಿದೆ"), ("ಆರೋಪಿಸಿವೆ", "ಟೀಕಿಸಿವೆ")],
        "2024-07-15",
        2.5e8,
    ),
    "ml": (
        "പ്രളയത്തിൽ നാശനഷ്ടം സംഭവിച്ച കർഷകർക്ക് 25 കോടി രൂപയുടെ സഹായം നൽകുമെന്ന് സംസ്ഥാന സർക്കാർ ചൊവ്വാഴ്ച "
        "പ്രഖ്യാപിച്ചു. കൃഷി വകുപ്പിന്റെ കണക്കനുസരിച്ച് ഏകദേശം 30,000 കുടുംബങ്ങൾക്ക് നഷ്ടമുണ്ടായി, 40 ശതമാനം നെൽവയലുകൾ "
        "നശിച്ചു. ആദ്യ ഗഡു 2024 ജൂലൈ 15നകം കർഷകരുടെ അക്കൗണ്ടുകളിൽ എത്തുമെന്ന് മന്ത്രി അറിയിച്ചു. സർവേ നടപടികൾ വളരെ "
        "മന്ദഗതിയിലാണെന്ന് പ്രതിപക്ഷം ആരോപിച്ചു.",
        [("25 കോടി", "35 കോടി"), ("പ്രഖ്യാപിച്ചു", "വ്യക്തമാക്കി"), ("ആരോപിച്ചു", "കുറ്റപ്പെടുത്തി")],
        "2024-07-15",
        2.5e8,
    ),
    "ne": (  # Nepal dates by its own calendar (साउन मसान्त): no Gregorian date to read
        "बाढीबाट प्रभावित किसानलाई २५ करोड रुपैयाँ राहत दिइने सरकारले मंगलबार घोषणा गरेको छ। कृषि मन्त्रालयका अनुसार करिब "
        "३०,००० परिवार प्रभावित भएका छन् र ४० प्रतिशत धानखेती नष्ट भएको छ। पहिलो किस्ता साउन मसान्तभित्र किसानका खातामा "
        "पुग्ने मन्त्रीले बताए। सर्वेक्षणको काम निकै ढिलो भइरहेको विपक्षीले आरोप लगाएका छन्।",
        [("२५ करोड", "३५ करोड"), ("घोषणा", "निर्णय"), ("आरोप", "गुनासो")],
        None,
        2.5e8,
    ),
    "sr": (
        "Vlada je izdvojila 25 miliona dinara za obnovu puteva posle poplava, a oko 30.000 porodica je "
        "pogođeno. Prema ministarstvu, 40 odsto puteva u regionu je i dalje zatvoreno. Sastanak sa "
        "predstavnicima opština održan je 15. jula 2024.",
        [("25 miliona", "35 miliona"), ("izdvojila", "odobrila")],
        "2024-07-15",
        2.5e7,
    ),
    "hr": (
        "Vlada je izdvojila 25 milijuna eura za obnovu cesta nakon poplava, a oko 30.000 obitelji je "
        "pogođeno. Prema ministarstvu, 40 posto cesta u regiji i dalje je zatvoreno. Sastanak s "
        "predstavnicima općina održan je 15. srpnja 2024.",
        [("25 milijuna", "35 milijuna"), ("izdvojila", "odobrila")],
        "2024-07-15",
        2.5e7,
    ),
    "bg": (
        "Правителството отпусна 25 милиона лева за ремонт на пътищата след наводненията, а около 30 000 "
        "семейства са засегнати. Според министерството 40 на сто от пътищата в региона все още са затворени. "
        "Срещата с кметовете се състоя на 15 юли 2024 г.",
        [("25 милиона", "35 милиона"), ("отпусна", "отдели")],
        "2024-07-15",
        2.5e7,
    ),
    "mk": (
        "Владата издвои 25 милиони денари за обнова на патиштата по поплавите, а околу 30.000 семејства се "
        "погодени. Според министерството, 40 отсто од патиштата во регионот сè уште се затворени. Состанокот "
        "со градоначалниците се одржа на 15 јули 2024 година.",
        [("25 милиони", "35 милиони"), ("издвои", "одобри")],
        "2024-07-15",
        2.5e7,
    ),
    "sl": (
        "Vlada je za obnovo cest po poplavah namenila 25 milijonov evrov, prizadetih je približno 30.000 "
        "družin. Po podatkih ministrstva je 40 odstotkov cest v regiji še vedno zaprtih. Sestanek z župani je "
        "bil 15. julija 2024.",
        [("25 milijonov", "35 milijonov"), ("namenila", "odobrila")],
        "2024-07-15",
        2.5e7,
    ),
    "lt": (
        "Vyriausybė kelių atstatymui po potvynių skyrė 25 milijonus eurų, nukentėjo apie 30 000 šeimų. "
        "Ministerijos duomenimis, 40 procentų regiono kelių vis dar uždaryta. Susitikimas su merais įvyko "
        "2024 m. liepos 15 d.",
        [("25 milijonus", "35 milijonus"), ("skyrė", "paskyrė")],
        "2024-07-15",
        2.5e7,
    ),
    "lv": (
        "Valdība ceļu atjaunošanai pēc plūdiem piešķīra 25 miljonus eiro, cietušas aptuveni 30 000 ģimenes. "
        "Pēc ministrijas datiem 40 procenti reģiona ceļu joprojām ir slēgti. Sanāksme ar mēriem notika 2024. "
        "gada 15. jūlijā.",
        [("25 miljonus", "35 miljonus"), ("piešķīra", "atvēlēja")],
        "2024-07-15",
        2.5e7,
    ),
    "et": (
        "Valitsus eraldas pärast üleujutusi teede taastamiseks 25 miljonit eurot, kannatada sai umbes 30 000 "
        "perekonda. Ministeeriumi andmetel on 40 protsenti piirkonna teedest endiselt suletud. Kohtumine "
        "linnapeadega toimus 15. juulil 2024.",
        [("25 miljonit", "35 miljonit"), ("eraldas", "andis")],
        "2024-07-15",
        2.5e7,
    ),
    "sq": (
        "Qeveria ndau 25 milionë euro për rindërtimin e rrugëve pas përmbytjeve, ndërsa rreth 30.000 familje "
        "janë prekur. Sipas ministrisë, 40 për qind e rrugëve në rajon janë ende të mbyllura. Takimi me "
        "kryetarët e bashkive u mbajt më 15 korrik 2024.",
        [("25 milionë", "35 milionë"), ("ndau", "miratoi")],
        "2024-07-15",
        2.5e7,
    ),
    "be": (
        "Урад выдзеліў 25 мільёнаў рублёў на аднаўленне дарог пасля паводкі, пацярпелі каля 30 000 сем'яў. "
        "Паводле міністэрства, 40 працэнтаў дарог у рэгіёне дагэтуль закрытыя. Сустрэча з кіраўнікамі раёнаў "
        "адбылася 15 ліпеня 2024 года.",
        [("25 мільёнаў", "35 мільёнаў"), ("выдзеліў", "зацвердзіў")],
        "2024-07-15",
        2.5e7,
    ),
    "ka": (
        "მთავრობამ წყალდიდობის შემდეგ გზების აღსადგენად 25 მილიონი ლარი გამოყო, დაზარალდა დაახლოებით 30 000 "
        "ოჯახი. სამინისტროს ცნობით, რეგიონში გზების 40 პროცენტი კვლავ დაკეტილია. შეხვედრა მერებთან 15 ივლისს "
        "2024 წელს გაიმართა.",
        [("25 მილიონი", "35 მილიონი"), ("გამოყო", "დაამტკიცა")],
        "2024-07-15",
        2.5e7,
    ),
    "hy": (
        "Կառավարությունը ջրհեղեղից հետո ճանապարհների վերականգնման համար հատկացրել է 25 միլիոն դրամ, տուժել է "
        "մոտ 30 000 ընտանիք։ Նախարարության տվյալներով՝ տարածաշրջանի ճանապարհների 40 տոկոսը դեռ փակ է։ "
        "Հանդիպումը համայնքների ղեկավարների հետ տեղի ունեցավ 2024 թվականի հուլիսի 15-ին։",
        [("25 միլիոն", "35 միլիոն"), ("հատկացրել", "տրամադրել")],
        "2024-07-15",
        2.5e7,
    ),
    "kk": (
        "Үкімет су тасқынынан кейін жолдарды қалпына келтіруге 25 миллион теңге бөлді, шамамен 30 000 отбасы "
        "зардап шекті. Министрліктің мәліметінше, өңірдегі жолдардың 40 пайызы әлі жабық. Әкімдермен кездесу "
        "2024 жылғы 15 шілдеде өтті.",
        [("25 миллион", "35 миллион"), ("бөлді", "берді")],
        "2024-07-15",
        2.5e7,
    ),
    "az": (
        "Hökumət daşqından sonra yolların bərpası üçün 25 milyon manat ayırıb, təxminən 30 000 ailə zərər "
        "çəkib. Nazirliyin məlumatına görə, bölgədəki yolların 40 faizi hələ də bağlıdır. Bələdiyyə sədrləri "
        "ilə görüş 15 iyul 2024-cü ildə keçirilib.",
        [("25 milyon", "35 milyon"), ("ayırıb", "verib")],
        "2024-07-15",
        2.5e7,
    ),
    "ca": (
        "El govern ha destinat 25 milions d'euros a reparar les carreteres després de les inundacions, i unes "
        "30.000 famílies s'han vist afectades. Segons el departament, el 40 per cent de les carreteres de la "
        "zona continuen tancades. La reunió amb els alcaldes es va fer el 15 de juliol de 2024.",
        [("25 milions", "35 milions"), ("destinat", "aprovat")],
        "2024-07-15",
        2.5e7,
    ),
}
SOUTH_ASIA = ("bn", "ta", "te", "mr", "gu", "pa", "kn", "ml", "ne")


def labels(total: float) -> tuple[tuple[float, str, bool], ...]:
    """Every item's figures, read right: the sum, the hedged count ("about 30,000") and the
    percentage, as (value, hedge class, is a percentage)."""
    return ((total, "exact", False), (30000.0, "approx", False), (40.0, "exact", True))


def _read(store: object, doc: str, total: float) -> dict[str, object]:
    """The figures and dates the store holds for one document, scored against ``labels``."""
    from copytrail.stages.claims import qualifier_class

    rows = store.query("SELECT kind, value, date_value, unit, qualifier, surface FROM claims WHERE doc = ?", [doc])  # type: ignore[attr-defined]
    quantities = [(float(r["value"]), qualifier_class(r["qualifier"]), r["unit"] == "percent", r["surface"]) for r in rows if r["kind"] == "quantity"]
    wanted = labels(total)
    right = [label for label in wanted if any((v, q, p) == label for v, q, p, _s in quantities)]
    extra = [s for v, q, p, s in quantities if (v, q, p) not in wanted]
    return {
        "figures_right": len(right),
        "other_quantities": extra,
        "dates": sorted(str(r["date_value"] or r["value"]) for r in rows if r["kind"] == "date"),
    }


def _summary(results: dict[str, dict[str, object]]) -> dict[str, int]:
    return {
        "figures_right": sum(int(f["figures_right"]) for f in results.values()),  # type: ignore[call-overload]
        "figures": 3 * len(results),
        "other_quantities": sum(len(f["other_quantities"]) for f in results.values()),  # type: ignore[arg-type]
        "dates_right": sum(bool(f["date_right"]) for f in results.values()),
        "copies_aligned": sum(bool(f["aligned"]) for f in results.values()),
        "changed_found": sum(_planted_found(f) for f in results.values()),
        "languages": len(results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(ITEMS))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    chosen = {language: ITEMS[language] for language in args.languages.split(",")}
    from copytrail.store import Store

    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        for language, (original, edits, _date, _total) in chosen.items():
            write_page(folder, f"{language}-a.html", f"Original {language}", "2025-03-01T09:00:00Z", original)
            write_page(folder, f"{language}-b.html", f"Copy {language}", "2025-03-02T09:00:00Z", copy_of(original, edits))
        db = Path(tmp) / "store.duckdb"
        seconds = _scan(folder, db, False)
        store = Store(str(db))
        docs = {Path(r["path"]).name: r for r in store.query("SELECT id, path, language FROM documents")}
        alignments = store.query("SELECT source_doc, target_doc, kind FROM alignments")
        for language, (_original, edits, date, total) in chosen.items():
            a, b = docs[f"{language}-a.html"], docs[f"{language}-b.html"]
            found = {
                "languages_read": [a["language"], b["language"]],
                "aligned": sum({x["source_doc"], x["target_doc"]} == {a["id"], b["id"]} for x in alignments),
                "planted": list(edits[0]),
                "changed_figures": _figures_changed(store, a["id"], b["id"]),
                **_read(store, a["id"], total),
            }
            found["date_right"] = found["dates"] == ([date] if date else [])
            results[language] = found
    for language, found in results.items():
        print(language, json.dumps(found, ensure_ascii=False))
    south = {k: v for k, v in results.items() if k in SOUTH_ASIA}
    others = {k: v for k, v in results.items() if k not in SOUTH_ASIA}
    summary = {"all": _summary(results), "south_asia": _summary(south), "others": _summary(others)}
    print(json.dumps(summary), f"scan {seconds:.1f} s")
    if args.out:
        args.out.write_text(
            json.dumps({"machine": platform.node(), "scan_seconds": round(seconds, 2), "summary": summary, "languages": results}, ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
