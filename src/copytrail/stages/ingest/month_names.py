"""Gregorian month names of other languages, read as the English ones, so that a date an input
states in its own language ("12 марта 2025 года", "12 de marzo de 2025", "١٢ مارس ٢٠٢٥",
"12 جنوری 2025", "2025年3月12日") is read exactly: a named month leaves no doubt about which
number is the day.  A month with no day ("март 2025") stays unread, as in English.

The names of the Solar Hijri months (Persian and Dari) are not here: ``calendars`` converts
those dates.  Levantine Arabic names ("آذار", March) differ from the Persian month names they
resemble ("آذر", Azar); Arabic-script spellings are matched with their letter variants folded.
"""

from __future__ import annotations

import re
import unicodedata

from copytrail.stages.scripts import spellings

__all__ = [
    "BUDDHIST_ERA", "DIGIT_AND_LETTER_FOLD", "JAPANESE_ERA", "era_of", "month_names", "month_number",
    "thai_gregorian_year", "thai_month", "thai_month_names", "with_english_months",
]

_ENGLISH = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# Per month, its names in other languages (nominative and genitive where they differ).
_NAMES: tuple[str, ...] = (
    # January
    "janvier enero janeiro gennaio januar jänner januari январь января січень січня styczeń "
    "stycznia ocak ιανουάριος ιανουαρίου يناير جانفي ژانویه جنوری जनवरी",
    "février fevrier febrero fevereiro febbraio februar februari февраль февраля лютий лютого "
    "luty lutego şubat φεβρουάριος φεβρουαρίου فبراير فيفري فوریه فروری फ़रवरी फरवरी",
    "mars marzo março marco märz maerz maart март марта березень березня marzec marca mart "
    "μάρτιος μαρτίου مارس مارچ मार्च",
    "avril abril aprile april апрель апреля квітень квітня kwiecień kwietnia nisan απρίλιος "
    "απριλίου أبريل ابريل افريل آوریل اپریل अप्रैल",
    "mai mayo maio maggio mei май мая травень травня maj maja mayıs μάιος μαΐου مايو ماي مه "
    "مئی मई",
    "juin junio junho giugno juni июнь июня червень червня czerwiec czerwca haziran ιούνιος "
    "ιουνίου يونيو يونيه جوان ژوئن جون जून",
    "juillet julio julho luglio juli июль июля липень липня lipiec lipca temmuz ιούλιος "
    "ιουλίου يوليو يوليه جويلية ژوئیه جولای جولائی जुलाई",
    "août aout agosto august augustus август августа серпень серпня sierpień sierpnia ağustos "
    "αύγουστος αυγούστου أغسطس اغسطس أوت اوت آگوست اگست अगस्त",
    "septembre septiembre setiembre setembro settembre september сентябрь сентября вересень "
    "вересня wrzesień września eylül σεπτέμβριος σεπτεμβρίου سبتمبر سپتامبر ستمبر सितंबर सितम्बर",
    "octobre octubre outubro ottobre oktober октябрь октября жовтень жовтня październik "
    "października ekim οκτώβριος οκτωβρίου أكتوبر اكتوبر اکتبر اکتوبر अक्टूबर अक्तूबर",
    "novembre noviembre novembro november ноябрь ноября листопад листопада listopad listopada "
    "kasım νοέμβριος νοεμβρίου نوفمبر نوامبر نومبر नवंबर नवम्बर",
    "décembre decembre diciembre dezembro dicembre dezember december декабрь декабря грудень "
    "грудня grudzień grudnia aralık δεκέμβριος δεκεμβρίου ديسمبر دجنبر دسامبر دسمبر दिसंबर दिसम्बर",
)
# ... in Czech, Slovak, Hungarian, Romanian, Swedish, Danish, Finnish, Estonian, Lithuanian,
# Latvian, Bulgarian, Serbian, Slovene, Catalan, Indonesian, Malay, Azerbaijani and Hebrew (with
# its prefix "in": "במאי"), nominative, genitive and locative where those differ.  No name
# here names another month in any language listed (Croatian's "listopad" is October, Czech's
# and Polish's November: it is left out of Croatian's below).
_MORE_NAMES: tuple[str, ...] = (
    "leden ledna január januára ianuarie tammikuu tammikuuta jaanuar sausis sausio janvāris "
    "janvārī януари јануар gener yanvar ינואר בינואר",
    "únor února február februára februarie helmikuu helmikuuta veebruar vasaris vasario "
    "februāris februārī февруари фебруар febrer fevral פברואר בפברואר",
    "březen března marec március martie marts maaliskuu maaliskuuta märts kovas kovo martā "
    "març maret מרץ במרץ",
    "duben dubna apríl apríla április aprilie huhtikuu huhtikuuta aprill balandis balandžio "
    "aprīlis aprīlī април aprel אפריל באפריל",
    "květen května máj mája május toukokuu toukokuuta gegužė gegužės maijs maijā мај maig "
    "מאי במאי",
    "červen června jún júna június iunie kesäkuu kesäkuuta juuni birželis birželio jūnijs "
    "jūnijā юни јун junij juny iyun יוני ביוני",
    "červenec července júl júla július iulie heinäkuu heinäkuuta juuli liepa liepos jūlijs "
    "jūlijā юли јул julij juliol iyul יולי ביולי",
    "srpen srpna augusta augusztus augusti elokuu elokuuta rugpjūtis rugpjūčio augusts augustā "
    "avgust agost agustus ogos avqust אוגוסט באוגוסט",
    "září septembra szeptember septembrie syyskuu syyskuuta rugsėjis rugsėjo septembris "
    "septembrī септември септембар setembre sentyabr ספטמבר בספטמבר",
    "říjen října októbra október octombrie lokakuu lokakuuta oktoober spalis spalio oktobris "
    "oktobrī октомври октобар octubre oktyabr אוקטובר באוקטובר",
    "listopadu novembra noiembrie marraskuu marraskuuta lapkritis lapkričio novembris novembrī "
    "ноември новембар noyabr נובמבר בנובמבר",
    "prosinec prosince decembra decembrie joulukuu joulukuuta detsember gruodis gruodžio "
    "decembris decembrī декември децембар desembre desember disember dekabr דצמבר בדצמבר",
)
# ... in Bengali, Tamil, Telugu, Marathi, Gujarati, Punjabi, Kannada, Malayalam, Nepali and
# Sinhala (each with the spellings its papers use), Swahili, Filipino and Hausa (but its "Maris",
# March, which French writes for husbands: "ses 3 maris").
_SOUTH_NAMES: tuple[str, ...] = (
    "জানুয়ারি জানুয়ারী ஜனவரி జనవరి जानेवारी જાન્યુઆરી ਜਨਵਰੀ ಜನವರಿ ജനുവരി ජනවාරි januari enero janairu",
    "ফেব্রুয়ারি ফেব্রুয়ারী பிப்ரவரி ఫిబ్రవరి फेब्रुवारी फेब्रुअरी ફેબ્રુઆરી ਫ਼ਰਵਰੀ ਫਰਵਰੀ ಫೆಬ್ರವರಿ ഫെബ്രുവരി "
    "පෙබරවාරි februari pebrero fabrairu",
    "মার্চ மார்ச் మార్చి మార్చ్ માર્ચ ਮਾਰਚ ಮಾರ್ಚ್ മാർച്ച് මාර්තු machi marso",
    "এপ্রিল ஏப்ரல் ఏప్రిల్ एप्रिल अप्रिल એપ્રિલ ਅਪ੍ਰੈਲ ಏಪ್ರಿಲ್ ഏപ്രിൽ අප්‍රේල් aprili afrilu",
    "মে மே మే मे મે ਮਈ ಮೇ മേയ് മെയ് මැයි mayu",
    "জুন ஜூன் జూన్ जुन જૂન ਜੂਨ ಜೂನ್ ജൂൺ ජූනි hunyo yuni",
    "জুলাই ஜூலை జూలై जुलै જુલાઈ ਜੁਲਾਈ ಜುಲೈ ജൂലൈ ජූලි julai hulyo yuli",
    "আগস্ট ஆகஸ்ட் ఆగస్టు ఆగస్ట్ ऑगस्ट अगस्ट ઓગસ્ટ ਅਗਸਤ ಆಗಸ್ಟ್ ഓഗസ്റ്റ് ആഗസ്റ്റ് අගෝස්තු agosti agusta",
    "সেপ্টেম্বর செப்டம்பர் సెప్టెంబర్ सप्टेंबर सेप्टेम्बर સપ્ટેમ્બર ਸਤੰਬਰ ಸೆಪ್ಟೆಂಬರ್ സെപ്റ്റംബർ "
    "සැප්තැම්බර් septemba setyembre satumba",
    "অক্টোবর அக்டோபர் అక్టోబర్ ऑक्टोबर अक्टोबर ઓક્ટોબર ਅਕਤੂਬਰ ಅಕ್ಟೋಬರ್ ഒക്ടോബർ ඔක්තෝබර් oktoba oktubre",
    "নভেম্বর நவம்பர் నవంబర్ नोव्हेंबर नोभेम्बर નવેમ્બર ਨਵੰਬਰ ನವೆಂಬರ್ നവംബർ නොවැම්බර් novemba nobyembre nuwamba",
    "ডিসেম্বর டிசம்பர் డిసెంబర్ डिसेंबर डिसेम्बर ડિસેમ્બર ਦਸੰਬਰ ಡಿಸೆಂಬರ್ ഡിസംബർ දෙසැම්බර් desemba disyembre disamba",
)
# ... in Albanian, Belarusian, Macedonian, Georgian (with its dative, "15 ივლისს"), Armenian
# (with its genitive, "15 հուլիսի"), Kazakh (and its locative, "15 шілдеде"), Serbian, Bosnian and
# Slovene (their genitive, "15. jula", "15. julija"; Serbian's nominative too, "15. oktobar"), Estonian's adessive ("15. juulil"),
# and Croatian (but "listopad", its October and the Czech and Polish November: after a day
# written with a full stop, ``_AFTER_DOTTED_DAY``).
_EASTERN_NAMES: tuple[str, ...] = (
    "janar студзень студзеня јануари იანვარი იანვარს հունվար հունվարի қаңтар januara јануара siječanj siječnja januarja jaanuaril қаңтарда",
    "shkurt люты лютага февруари თებერვალი თებერვალს փետրվար փետրվարի ақпан februara фебруара veljača veljače februarja veebruaril ақпанда",
    "сакавік сакавіка მარტი მარტს մարտ մարտի наурыз marta ožujak ožujka märtsil наурызда",
    "prill красавік красавіка აპრილი აპრილს ապրիլ ապրիլի сәуір aprila априла travanj travnja aprillil сәуірде",
    "траўня მაისი მაისს մայիս մայիսի мамыр maja маја svibanj svibnja мамырда",
    "qershor чэрвень чэрвеня јуни ივნისი ივნისს հունիս հունիսի маусым jun juna јуна lipanj lipnja junija juunil маусымда",
    "korrik ліпень ліпеня јули ივლისი ივლისს հուլիս հուլիսի шілде jul jula јула srpanj srpnja julija juulil шілдеде",
    "gusht жнівень жніўня აგვისტო აგვისტოს օգոստոս օգոստոսի тамыз avgusta августа kolovoz kolovoza augustil тамызда",
    "shtator septembar верасень верасня სექტემბერი სექტემბერს սեպտեմբեր սեպտեմբերի қыркүйек septembra септембра rujan rujna septembril қыркүйекте",
    "tetor oktobar кастрычнік кастрычніка ოქტომბერი ოქტომბერს հոկտեմբեր հոկտեմբերի қазан oktobra октобра oktoobril қазанда",
    "nëntor novembar лістапад лістапада ნოემბერი ნოემბერს նոյեմբեր նոյեմբերի қараша novembra новембра studeni studenoga studenog novembril қарашада",
    "dhjetor decembar снежань снежня დეკემბერი დეკემბერს դեկտեմբեր դեկտեմբերի желтоқсан decembra децембра prosinac prosinca detsembril желтоқсанда",
)
# Levantine and Iraqi Arabic names, two of them two words long.
_LEVANTINE = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)  # fmt: skip
# Words that join a day, month and year in other languages ("12 de marzo de 2025", "12 марта
# 2025 года", "le 12 mars"): left out before the date is parsed.
_JOINING = "de del do da du le à um den der в года г року р στις ga"

# Arabic-script letter variants (keyboards swap them), folded before matching.
_ARABIC_FOLD = str.maketrans({"ی": "ي", "ى": "ي", "ک": "ك", "أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ۀ": "ه", "ہ": "ه"})


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold().translate(_ARABIC_FOLD)


def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    english: dict[str, str] = {}
    for month, names in (*enumerate(_NAMES), *enumerate(_MORE_NAMES), *enumerate(_SOUTH_NAMES), *enumerate(_EASTERN_NAMES)):
        for name in names.split():
            english[_fold(name)] = _ENGLISH[month]  # folded as a text is: NFC, a nukta letter as two characters
    for month, name in enumerate(_LEVANTINE):
        english[_fold(name)] = _ENGLISH[month]
    for word in _JOINING.split():
        english[_fold(word)] = " "
    names = sorted(english, key=len, reverse=True)  # "كانون الثاني" before a shorter match
    # Catalan elides "de" before a vowel: "15 d'octubre de 2024" (the name read without it)
    return re.compile(r"(?<!\w)(?:d['’](?=[aeiou]))?(?:" + "|".join(map(re.escape, names)) + r")(?!\w)"), english


_MONTHS, _ENGLISH_OF = _pattern()
_EAST_ASIAN = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]?")
# Japanese counts years by era too ("令和6年5月14日" is 14 May 2024; 元年 is an era's first year)
_JAPANESE_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_JAPANESE_ERA = re.compile(r"(令和|平成|昭和)\s*(\d{1,2}|元)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# Vietnamese numbers its months ("14 tháng 5 năm 2024": day, month, year, each named)
_VIETNAMESE = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})(?!\d)", re.IGNORECASE)
# Thai names its months, and counts years in the Buddhist era ("14 พฤษภาคม 2567" is 14 May 2024):
# a year of 2400 or more beside a Thai month is one (2400 BE is 1857), one under 2100 is Gregorian.
_THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)  # fmt: skip
_THAI_ABBREVIATIONS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_THAI_MONTH_OF = {name: k for names in (_THAI_MONTHS, _THAI_ABBREVIATIONS) for k, name in enumerate(names, start=1)}
_THAI_NAMES = sorted(_THAI_MONTH_OF, key=len, reverse=True)  # longest first: "มี.ค." before a shorter match
_THAI = re.compile(
    r"(?<!\d)(\d{1,2})\s*(" + "|".join(map(re.escape, _THAI_NAMES)) + r")\s*(?:พ\.\s?ศ\.\s*|ค\.\s?ศ\.\s*)?(\d{4})(?!\d)"
)
BUDDHIST_ERA_OFFSET = 543
FIRST_BUDDHIST_YEAR = 2400  # beside a Thai month, a year from here on is Buddhist-era (2400 BE is 1857)
# Lithuanian writes the year first with "m." (metai) and the day with "d." (diena): "2024 m.
# gegužės 14 d."
_LITHUANIAN_MONTHS = ("sausio", "vasario", "kovo", "balandžio", "gegužės", "birželio", "liepos", "rugpjūčio", "rugsėjo", "spalio", "lapkričio", "gruodžio")
_LITHUANIAN = re.compile(
    r"(?<!\d)(\d{4})\s*m\.\s*(" + "|".join(_LITHUANIAN_MONTHS) + r")\s+(\d{1,2})\s*d\.?(?!\w)", re.IGNORECASE
)
_DIGITS = {code: str(unicodedata.decimal(chr(code))) for code in range(0x0660, 0x1000) if unicodedata.category(chr(code)) == "Nd"}


# One character for one: digits of every script as ASCII, Arabic-script letter variants as one;
# a text translated with it keeps its offsets (the claims stage reads dates in it).
DIGIT_AND_LETTER_FOLD = {**_DIGITS, **{k: v for k, v in _ARABIC_FOLD.items() if v is not None and len(v) == 1}}
_NUMBER_OF = {name: number for number, name in enumerate(_ENGLISH, start=1)}


def month_names() -> list[str]:
    """Every other language's Gregorian month name here, folded as ``DIGIT_AND_LETTER_FOLD``
    folds a text (then lower-cased), longest first."""
    return sorted(
        {form for name, english in _ENGLISH_OF.items() if english.strip() for form in spellings(name)}, key=len, reverse=True
    )  # both spellings of a nukta letter: the claims stage reads the text as it was typed


def thai_month_names() -> list[str]:
    """The Thai months' names and abbreviations ("พฤษภาคม", "พ.ค."), longest first."""
    return list(_THAI_NAMES)


def thai_gregorian_year(year: int) -> int:
    """The Gregorian year a year written beside a Thai month is: Buddhist-era from
    ``FIRST_BUDDHIST_YEAR`` on, else already Gregorian."""
    return year - BUDDHIST_ERA_OFFSET if year >= FIRST_BUDDHIST_YEAR else year


def thai_month(name: str) -> int | None:
    """The month (1-12) a Thai name or abbreviation is, else None."""
    return _THAI_MONTH_OF.get(name)


def month_number(name: str, dotted_day: bool = False) -> int | None:
    """The month (1-12) a name of ``month_names`` (or a spelling of it) is, else None;
    ``dotted_day``: the name follows a day written with a full stop (``_AFTER_DOTTED_DAY``)."""
    folded = _fold(name)
    if dotted_day and folded in _AFTER_DOTTED_DAY:
        return _NUMBER_OF[_AFTER_DOTTED_DAY[folded]]
    english = _ENGLISH_OF.get(folded)
    return _NUMBER_OF.get(english.strip()) if english and english.strip() else None


# A name two languages give to two months, told apart by how the day before it is written:
# Croatian's October ("15. listopada 2024.") and Polish's November ("15 listopada 2024") are
# one word, but Croatian writes a day as an ordinal with a full stop and Polish without one
# (Czech's November is "15. listopadu").  Read as October there, as November elsewhere.
_AFTER_DOTTED_DAY = {"listopada": "October"}
_DOTTED_DAY_BEFORE_RE = re.compile(r"(?<![\d.])\d{1,2}\.\s*$")


BUDDHIST_ERA = "Buddhist era"
JAPANESE_ERA = "Japanese era"


def era_of(text: str) -> str | None:
    """The calendar era a date in ``text`` counts its year in, where its reading makes it
    Gregorian (``BUDDHIST_ERA``: a Thai month beside a year of 2400 or more; ``JAPANESE_ERA``:
    令和, 平成, 昭和), so that what was stated is shown beside the day; else None."""
    if not isinstance(text, str):
        return None
    digits = text.translate(_DIGITS)
    if _JAPANESE_ERA.search(digits):
        return JAPANESE_ERA
    thai = _THAI.search(digits)
    return BUDDHIST_ERA if thai is not None and thai_gregorian_year(int(thai.group(3))) != int(thai.group(3)) else None


def _numbered_months(text: str) -> str:
    """``text`` with its first date of a form no month name reads (Chinese, Japanese and Korean
    年月日, a Japanese era's year, Vietnamese "tháng", a Thai month with its Buddhist-era year,
    Lithuanian "m. ... d.") written as an ISO date."""
    for pattern in (_JAPANESE_ERA, _EAST_ASIAN, _VIETNAMESE, _THAI, _LITHUANIAN):
        found = pattern.search(text)
        if found is None:
            continue
        if pattern is _JAPANESE_ERA:
            era, number, month, day = found.group(1), found.group(2), int(found.group(3)), int(found.group(4))
            year = _JAPANESE_ERAS[era] + (1 if number == "元" else int(number))
        elif pattern is _EAST_ASIAN:
            year, month, day = (int(part) for part in found.groups())
        elif pattern is _VIETNAMESE:
            day, month, year = (int(part) for part in found.groups())
        elif pattern is _THAI:
            day, month, year = int(found.group(1)), _THAI_MONTH_OF[found.group(2)], thai_gregorian_year(int(found.group(3)))
        else:
            year, month, day = int(found.group(1)), _LITHUANIAN_MONTHS.index(found.group(2).casefold()) + 1, int(found.group(3))
        return f"{text[: found.start()]}{year}-{month:02d}-{day:02d}{text[found.end() :]}"
    return text


def with_english_months(text: str) -> str:
    """``text`` with digits of every script as ASCII and other languages' month names (and the
    words that join a date's parts) as English ones; unchanged when it holds none."""
    text = _numbered_months(text.translate(_DIGITS))
    folded = _fold(text)
    english = _MONTHS.sub(_english_month, folded)
    if english == folded:
        return text  # none, or English's own abbreviations alone ("Tue Jul 16 2024 00:30:00 GMT+0200")
    return re.sub(r"\s+", " ", english).strip()


def _english_month(name: re.Match[str]) -> str:
    """The English name (or a space, for a joining word) of a month name matched in a folded text."""
    found = name.group()
    if found[1:2] in ("'", "’") and found[2:] in _ENGLISH_OF:
        found = found[2:]  # "d'octubre"
    if len(found) == 3 and _ENGLISH_OF[found].casefold().startswith(found):
        return found  # "jun", "jul" (Serbian) are English's own abbreviations: "Jul. 15" as written
    if found in _AFTER_DOTTED_DAY and _DOTTED_DAY_BEFORE_RE.search(name.string, max(0, name.start() - 8), name.start()):
        return f" {_AFTER_DOTTED_DAY[found]} "
    return f" {_ENGLISH_OF[found]} "
