"""Numbers and units: the words that make a figure, how a written number reads, and unit keys.

Vocabularies of number words, scales, currencies, percent signs, qualifiers and stop words are
shared by extraction (to find a figure) and matching (to compare two).  ``parse_number`` reads
digits in any grouping style and spelled-out numbers: ``number-parser`` (English, Russian,
Ukrainian, Spanish, Hindi) when it is installed, a built-in English table otherwise.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

import regex

from copytrail.stages.claims import eastern_languages, further_languages, noun_first, south_asian
from copytrail.stages.scripts import fold_word

_EN_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
EN_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Scale words and abbreviations after digits ("1.2 million", "30k", "$5bn", "2 млн").
SCALE_AFTER = {
    "thousand": 1e3, "thousands": 1e3, "k": 1e3, "million": 1e6, "millions": 1e6, "m": 1e6,
    "mn": 1e6, "mln": 1e6, "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9,
    "trillion": 1e12, "tn": 1e12, "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
    "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "тысяча": 1e3, "млн": 1e6, "миллион": 1e6,
    "миллиона": 1e6, "миллионов": 1e6, "млрд": 1e9, "миллиард": 1e9, "миллиарда": 1e9,
    "миллиардов": 1e9,
}
# The same after digits in other languages (Spanish, Portuguese, French, German, Italian, Dutch,
# Persian, Arabic, Urdu): "2,1 millones", "15 Milliarden", "۲٫۱ میلیون", "3 ارب"; Spanish
# and Portuguese write a thousand million as "mil millones" / "mil milhões".
OTHER_SCALES = {
    "mil": 1e3, "millón": 1e6, "millon": 1e6, "millones": 1e6, "mil millones": 1e9, "billón": 1e12, "billones": 1e12,
    "milhão": 1e6, "milhao": 1e6, "milhões": 1e6, "milhoes": 1e6, "mil milhões": 1e9, "bilhão": 1e9, "bilhões": 1e9,
    "millions": 1e6, "milliard": 1e9, "milliards": 1e9,
    "tausend": 1e3, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9,
    "mila": 1e3, "milione": 1e6, "milioni": 1e6, "miliardo": 1e9, "miliardi": 1e9,
    "duizend": 1e3, "miljoen": 1e6, "miljard": 1e9,
    "هزار": 1e3, "میلیون": 1e6, "ميليون": 1e6, "میلیارد": 1e9, "ميليارد": 1e9,
    "ألف": 1e3, "الف": 1e3, "آلاف": 1e3, "مليون": 1e6, "ملايين": 1e6, "مليار": 1e9, "مليارات": 1e9,
    "ہزار": 1e3, "لاکھ": 1e5, "کروڑ": 1e7, "ارب": 1e9, "ملین": 1e6, "بلین": 1e9,
    "हज़ार": 1e3, "हजार": 1e3, "लाख": 1e5, "करोड़": 1e7, "करोड": 1e7, "अरब": 1e9,  # Hindi
    "milyon": 1e6, "milyar": 1e9, "ribu": 1e3, "juta": 1e6, "miliar": 1e9,  # Turkish, Indonesian and Malay
    "tys": 1e3, "mld": 1e9, "тис": 1e3, "мільйон": 1e6, "мільйона": 1e6, "мільйонів": 1e6, "мільярд": 1e9,
    "мільярда": 1e9, "мільярдів": 1e9, "εκατομμύρια": 1e6, "εκατομμύριο": 1e6, "εκατομμυρίων": 1e6,
    "δισεκατομμύρια": 1e9, "δισεκατομμύριο": 1e9, "δισεκατομμυρίων": 1e9,
    "tusen": 1e3, "miljon": 1e6, "miljoner": 1e6, "miljarder": 1e9,  # Swedish
    "tusind": 1e3, "millioner": 1e6, "milliarder": 1e9,  # Danish and Norwegian
    "tuhatta": 1e3, "miljoona": 1e6, "miljoonaa": 1e6, "miljardi": 1e9, "miljardia": 1e9,  # Finnish
    "tysięcy": 1e3, "tysiące": 1e3, "milion": 1e6, "miliony": 1e6, "milionów": 1e6, "miliard": 1e9,
    "miliardy": 1e9, "miliardów": 1e9, "tisíc": 1e3, "milionů": 1e6, "milión": 1e6, "milióny": 1e6,
    "miliónov": 1e6, "miliarda": 1e9, "miliardů": 1e9,  # Polish, Czech, Slovak
    "mii": 1e3, "milioane": 1e6, "miliarde": 1e9, "ezer": 1e3, "millió": 1e6, "milliárd": 1e9,  # Romanian, Hungarian
    "bin": 1e3, "triliun": 1e12, "bilion": 1e9, "trilion": 1e12,  # Turkish, Indonesian, Malay
    "billionen": 1e12, "tsd": 1e3, "трлн": 1e12, "тисяч": 1e3, "тисячі": 1e3, "χιλιάδες": 1e3,
    "אלף": 1e3, "מיליון": 1e6, "מיליארד": 1e9, "טריליון": 1e12,  # Hebrew
    "nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9,  # Vietnamese
    "libo": 1e3, "libong": 1e3, "milyong": 1e6, "bilyon": 1e9, "bilyong": 1e9,  # Filipino ("25 milyong piso")
}  # fmt: skip
OTHER_SCALES.update(south_asian.SCALES)
OTHER_SCALES.update(eastern_languages.SCALES)
OTHER_SCALES.update(further_languages.SCALES)
SCALE_AFTER.update(OTHER_SCALES)
CURRENCY_SYMBOLS = {
    "$": "dollars", "US$": "dollars", "€": "euros", "£": "pounds", "¥": "yen", "₽": "roubles", "₹": "rupees",
    "stg": "pounds", "R$": "reais", "Rp": "rupiah", "Rp.": "rupiah", "₪": "shekels", "₺": "lira", "₩": "won",
    "₫": "dong", "฿": "baht", "₱": "pesos", "₴": "hryvnias", "₦": "naira",
    # South Asian papers in English: "Rs 1,20,000 crore", "Tk 500 crore"
    "Rs": "rupees", "Rs.": "rupees", "₨": "rupees", "Tk": "taka", "Tk.": "taka", "৳": "taka",
}  # fmt: skip
# The currency signs a figure may follow (``CURRENCY_SYMBOLS``' keys), as a pattern.
CURRENCY_PREFIX = r"US\$|R\$|Rp\.?|(?<!\p{L})(?:Rs|Tk)\.?|[$€£¥₽₹₪₺₩₫฿₱₴₨৳₦]"
CURRENCY_WORDS = {
    "dollar": "dollars", "dollars": "dollars", "dlr": "dollars", "dlrs": "dollars", "usd": "dollars",
    "euro": "euros", "euros": "euros", "eur": "euros", "pound": "pounds", "pounds": "pounds",
    "gbp": "pounds", "yen": "yen", "rouble": "roubles", "roubles": "roubles", "ruble": "roubles",
    "rubles": "roubles", "stg": "pounds", "рублей": "roubles", "рубля": "roubles", "рубль": "roubles",
    "crown": "crowns", "crowns": "crowns", "krona": "crowns", "kronor": "crowns", "kroner": "crowns",
    "yuan": "yuan", "renminbi": "yuan", "franc": "francs", "francs": "francs", "rupee": "rupees",
    "rupees": "rupees", "peso": "pesos", "pesos": "pesos", "lira": "lira", "riyal": "riyals",
    "riyals": "riyals", "dirham": "dirhams", "dirhams": "dirhams", "zloty": "zlotys", "zlotys": "zlotys",
    # Chinese and Japanese (a unit there is what follows the figure, no space between)
    "美元": "dollars", "欧元": "euros", "英镑": "pounds", "日元": "yen", "人民币": "yuan", "元": "yuan",
    "卢布": "roubles", "円": "yen", "ドル": "dollars", "ユーロ": "euros",
    # other languages (German nouns are capitalised: looked up case-folded)
    "dólar": "dollars", "dólares": "dollars", "dolares": "dollars", "coronas": "crowns", "kronen": "crowns",
    "libras": "pounds", "rublos": "roubles", "dollari": "dollars", "corone": "crowns", "sterline": "pounds",
    "دلار": "dollars", "یورو": "euros", "يورو": "euros", "دولار": "dollars", "تومان": "tomans", "ریال": "rials",
    "ڈالر": "dollars", "روپے": "rupees", "روپیہ": "rupees", "달러": "dollars", "원": "won", "유로": "euros",
    "रुपये": "rupees", "रुपए": "rupees", "डॉलर": "dollars", "rupiah": "rupiah", "złotych": "zlotys", "zł": "zlotys",
    "гривень": "hryvnias", "гривні": "hryvnias", "ευρώ": "euros", "δολάρια": "dollars",
    "엔": "yen", "위안": "yuan",
    "kr": "crowns", "euroa": "euros", "reais": "reais", "forint": "forints", "lei": "lei", "đồng": "dong",
    "baht": "baht", "บาท": "baht", "shekel": "shekels", "shekels": "shekels", "שקל": "shekels", "שקלים": "shekels",
    "דולר": "dollars", "דולרים": "dollars", "יורו": "euros", "אירו": "euros", "долларов": "dollars",
    "доллара": "dollars", "доларів": "dollars", "евро": "euros", "євро": "euros", "dolarów": "dollars",
    "piso": "pesos", "shilingi": "shillings", "dola": "dollars", "naira": "naira",  # Filipino, Swahili, Hausa
}  # fmt: skip
PERCENT_RE = r"(?:\s?[%\u066a]|\s?per\s?cent\b|\s?percent\b|\s?pct\b|\s?процент(?:а|ов)?\b)"
# Percent words of other languages after a figure, looked up (as ``OTHER_SCALES``) rather than
# matched by the figure pattern: one or two words, case-folded.
OTHER_PERCENT = frozenset({
    "por ciento", "pour cent", "per cento", "por cento", "prozent", "procent", "persen", "درصد", "فیصد",
    "فيصد", "بالمئة", "بالمائة", "في المئة", "في المائة", "प्रतिशत", "відсотків", "відсотки", "відсотка",
    "τοις εκατό", "prosent", "prosenttia", "procenta", "procentů", "százalék", "la sută", "peratus",
    "phần trăm", "אחוז", "אחוזים", "proc", "porsiyento", "porsyento", *south_asian.PERCENT, *eastern_languages.PERCENT, *further_languages.PERCENT,
})  # fmt: skip

# Qualifiers, longest first; each belongs to a class that says what it does to the number.
QUALIFIER_CLASS = {
    "more than": "lower", "over": "lower", "at least": "lower", "above": "lower", "just over": "lower",
    "in excess of": "lower", "upwards of": "lower", "exceeding": "lower", "passed": "lower",
    "topped": "lower", "better than": "lower", "не менее": "lower", "более": "lower",
    "больше": "lower", "свыше": "lower", "не меньше": "lower", "свыше чем": "lower",
    "less than": "upper", "fewer than": "upper", "under": "upper", "up to": "upper",
    "at most": "upper", "below": "upper", "nearly": "upper", "almost": "upper", "just under": "upper",
    "as many as": "upper", "as much as": "upper", "no more than": "upper", "менее": "upper",
    "меньше": "upper", "почти": "upper", "до": "upper", "не более": "upper",
    "about": "approx", "around": "approx", "roughly": "approx", "approximately": "approx",
    "some": "approx", "an estimated": "approx", "estimated": "approx", "close to": "approx",
    "approx.": "approx", "approx": "approx", "circa": "approx", "c.": "approx", "~": "approx",
    "около": "approx", "примерно": "approx", "приблизительно": "approx", "порядка": "approx",
    "почти что": "upper", "exactly": "exact", "precisely": "exact", "ровно": "exact",
}
# The same before a figure in other languages (German "fast" left out: English "fast 100 metres").
QUALIFIER_CLASS.update({
    "más de": "lower", "al menos": "lower", "por encima de": "lower", "menos de": "upper", "hasta": "upper",
    "casi": "upper", "unos": "approx", "unas": "approx", "alrededor de": "approx", "aproximadamente": "approx",
    "cerca de": "approx",
    "mais de": "lower", "pelo menos": "lower", "até": "upper", "quase": "upper", "uns": "approx",
    "plus de": "lower", "au moins": "lower", "moins de": "upper", "jusqu'à": "upper", "près de": "upper",
    "presque": "upper", "environ": "approx", "quelque": "approx",
    "mehr als": "lower", "über": "lower", "mindestens": "lower", "weniger als": "upper", "bis zu": "upper",
    "knapp": "upper", "rund": "approx", "etwa": "approx", "ungefähr": "approx", "ca.": "approx",
    "più di": "lower", "oltre": "lower", "almeno": "lower", "meno di": "upper", "fino a": "upper",
    "quasi": "upper", "intorno a": "approx",
    "meer dan": "lower", "ruim": "lower", "minstens": "lower", "minder dan": "upper", "tot": "upper",
    "bijna": "upper", "ongeveer": "approx", "zo'n": "approx",
    "بیش از": "lower", "بیشتر از": "lower", "دست‌کم": "lower", "دست کم": "lower", "دستکم": "lower",
    "حداقل": "lower", "کمتر از": "upper",
    "نزدیک به": "upper", "حدود": "approx", "حدوداً": "approx", "تقریباً": "approx",
    "أكثر من": "lower", "اكثر من": "lower", "ما لا يقل عن": "lower", "أقل من": "upper", "اقل من": "upper",
    "قرابة": "upper", "حوالي": "approx", "حوالى": "approx", "نحو": "approx", "تقريبا": "approx",
    "کم از کم": "lower", "تقریبا": "approx", "لگ بھگ": "approx",
    # written after the figure (``extraction``): Urdu and Hindi "than ... more / less"
    "سے زیادہ": "lower", "سے زائد": "lower", "سے کم": "upper", "से अधिक": "lower", "से ज़्यादा": "lower",
    "से ज्यादा": "lower", "से कम": "upper", "लगभग": "approx", "करीब": "approx", "क़रीब": "approx",
    # Turkish, after the figure and its case ending ("300'den fazla")
    **{f"{mark}{ending} {word}": cls for mark in "'’" for ending in ("den", "dan", "ten", "tan") for word, cls in (("fazla", "lower"), ("az", "upper"))},
    **{f"{mark}{ending} {word}": "lower" for mark in "'’" for ending in ("i", "ı", "u", "ü", "in", "ın", "un", "ün") for word in ("aşkın", "üzerinde")},
    "civarında": "approx",
    # Hebrew joins a one-letter preposition to a figure by a hyphen or maqaf: "כ-250", about 250
    "כ-": "approx", "כ־": "approx", "בערך": "approx", "כמעט": "upper", "יותר מ-": "lower", "יותר מ־": "lower",
    "למעלה מ-": "lower", "מעל": "lower", "לפחות": "lower", "פחות מ-": "upper", "פחות מ־": "upper", "עד": "upper",
    "קרוב ל-": "upper",
    # Thai "เกิน" (over) only after a space: written against a word it ends "ส่วนเกิน" (surplus);
    # the other Thai hedges are THAI_QUALIFIERS below
    "เกิน": "lower",
    # Swedish, Danish, Norwegian, Finnish
    "omkring": "approx", "cirka": "approx", "drygt": "lower", "över": "lower", "mer än": "lower", "minst": "lower",
    "nästan": "upper", "knappt": "upper", "upp till": "upper", "mere end": "lower", "mer enn": "lower",
    "mindst": "lower", "næsten": "upper", "nesten": "upper", "op til": "upper", "opp til": "upper",
    "noin": "approx", "lähes": "upper", "yli": "lower", "ainakin": "lower", "vähintään": "lower",
    # Polish, Czech, Slovak, Ukrainian, Greek
    "około": "approx", "ok.": "approx", "ponad": "lower", "prawie": "upper", "blisko": "upper",
    "niemal": "upper", "co najmniej": "lower", "mniej niż": "upper", "przeszło": "lower",
    "přibližně": "approx", "zhruba": "approx", "téměř": "upper", "skoro": "upper", "více než": "lower",
    "nejméně": "lower", "alespoň": "lower", "méně než": "upper", "takmer": "upper", "viac ako": "lower",
    "близько": "approx", "приблизно": "approx", "понад": "lower", "більше": "lower", "майже": "upper",
    "щонайменше": "lower", "менше": "upper",
    "περίπου": "approx", "σχεδόν": "upper", "πάνω από": "lower", "τουλάχιστον": "lower", "λιγότερο από": "upper",
    "περισσότερα από": "lower", "περισσότερους από": "lower", "περισσότερες από": "lower",
    # Romanian, Hungarian, Turkish, Indonesian and Malay, Vietnamese, Korean
    "aproximativ": "approx", "în jur de": "approx", "peste": "lower", "mai mult de": "lower", "aproape": "upper",
    "cel puțin": "lower", "mintegy": "approx", "körülbelül": "approx", "kb.": "approx", "több mint": "lower",
    "közel": "upper", "csaknem": "upper", "legalább": "lower", "yaklaşık": "approx", "en az": "lower",
    "neredeyse": "upper", "sekitar": "approx", "lebih dari": "lower", "hampir": "upper", "kurang dari": "upper",
    "humigit-kumulang": "approx", "mahigit": "lower", "halos": "upper", "hindi bababa sa": "lower", "higit sa": "lower",
    "setidaknya": "lower", "sedikitnya": "lower", "lebih daripada": "lower", "khoảng": "approx", "hơn": "lower",
    "gần": "upper", "ít nhất": "lower", "약": "approx",
    # more of the languages above
    "en torno a": "approx", "autour de": "approx", "pas moins de": "lower", "nahezu": "upper", "annähernd": "upper",
    "höchstens": "upper", "em torno de": "approx", "perto de": "upper", "ما يزيد على": "lower", "ما يزيد عن": "lower",
    "أزيد من": "lower", "زهاء": "approx", "بالغ بر": "lower", "قریب به": "upper",
})  # fmt: skip
# Chinese and Japanese hedges, written against the figure ("約30路線", "超过300人"): read where
# such a character stands right before it (``extraction``); "近" is left out ("最近30天", the
# last 30 days).
CJK_QUALIFIERS = {"大约": "approx", "大約": "approx", "约": "approx", "約": "approx", "超过": "lower", "超過": "lower", "至少": "lower", "逾": "lower"}
# ... and those written after the figure: "300多人", "300余人" (over 300 people, before the
# classifier), "1000多万" (before the scale), "30여 명"; "300人以上", "300人左右", "30명 이상" (after it)
CJK_HEDGES_INSIDE = {"多": "lower", "余": "lower", "餘": "lower", "여": "lower"}
CJK_HEDGES_AFTER = {
    "以上": "lower", "以下": "upper", "左右": "approx", "前後": "approx", "前后": "approx", "이상": "lower",
    "이하": "upper", "정도": "approx", "가량": "approx",
}  # fmt: skip
# Thai hedges, which Thai writes against the word before them ("เสียหายประมาณ 2"): read so
# by ``unspaced.thai_qualifier``
THAI_QUALIFIERS = {
    "ประมาณ": "approx", "ราว": "approx", "เกือบ": "upper", "มากกว่า": "lower", "อย่างน้อย": "lower",
    "ไม่ต่ำกว่า": "lower", "ไม่เกิน": "upper",
}  # fmt: skip
# The hedges and currencies of the languages read in modules of their own
QUALIFIER_CLASS.update(noun_first.HEDGES)
QUALIFIER_CLASS.update(eastern_languages.HEDGES_BEFORE)
QUALIFIER_CLASS.update(eastern_languages.HEDGES_AFTER)
CURRENCY_WORDS.update(eastern_languages.CURRENCIES)
QUALIFIER_CLASS.update(further_languages.HEDGES_BEFORE)
QUALIFIER_CLASS.update(further_languages.HEDGES_AFTER)
CURRENCY_WORDS.update(further_languages.CURRENCIES)
QUALIFIER_CLASS.update(south_asian.HEDGES_BEFORE)
QUALIFIER_CLASS.update(south_asian.HEDGES_AFTER)
CURRENCY_WORDS.update(south_asian.CURRENCIES)
QUALIFIER_CLASS.update(CJK_QUALIFIERS)
QUALIFIER_CLASS.update(THAI_QUALIFIERS)
QUALIFIER_CLASS.update(CJK_HEDGES_INSIDE)
QUALIFIER_CLASS.update(CJK_HEDGES_AFTER)
# A retyped Persian or Urdu hedge ("بيش از" for "بیش از"): Arabic-script letters swapped one for
# one before hedges are looked for or classed (offsets hold; the hedge is kept as written).
QUALIFIER_LETTERS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ہ": "ه", "ۀ": "ه"})
QUALIFIER_CLASS.update({q.translate(QUALIFIER_LETTERS): c for q, c in list(QUALIFIER_CLASS.items()) if not q.isascii()})
# ... and a word with a nukta in either spelling (``scripts.spellings``)
for _table in (QUALIFIER_CLASS, OTHER_SCALES, SCALE_AFTER, CURRENCY_WORDS):
    _table.update(south_asian.both_spellings(_table))  # type: ignore[arg-type]
OTHER_PERCENT = frozenset(form for word in OTHER_PERCENT for form in south_asian.spellings(word))
# A hedge's last word as extraction's hedge pattern can meet it at the end of a window: after the last
# space or of the characters that may stand before a hedge.
_HEDGE_WORD_SPLIT_RE = regex.compile(r"[\s(\"'«“]")
_HEDGE_LAST_WORDS = frozenset(
    form for q in QUALIFIER_CLASS for form in (_HEDGE_WORD_SPLIT_RE.split(q)[-1].lower(), _HEDGE_WORD_SPLIT_RE.split(q)[-1].casefold())
)


def may_end_a_hedge(window: str) -> bool:
    """Whether the window's last word may end a hedge (else extraction's hedge pattern cannot match)."""
    last = _HEDGE_WORD_SPLIT_RE.split(window.rstrip())[-1]
    return last.lower() in _HEDGE_LAST_WORDS or last.casefold() in _HEDGE_LAST_WORDS

# Numbers: grouped digits in any script, plain digits, decimals with dot or comma (and the
# Arabic decimal and thousands separators, U+066B and U+066C, with Arabic-Indic or Persian digits);
# South Asian grouping first, thousands then lakhs and crores in pairs ("1,20,000", "12,34,56,789"),
# as Indian, Pakistani, Bangladeshi and Nepali papers write in every language (read as "1,20" and
# "000" by the other forms).
NUM_CORE = r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?!\d)(?:\.\d+)?|\d{1,3}(?:(?:,|\u066c|\u00a0|\u202f| )\d{3})+(?:[.\u066b]\d+)?|\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,\u066b]\d+)?)"

# Function words: never the unit of a figure, never evidence that two sentences say one thing.
STOP_WORDS = frozenset(
    """a an the of in on at to for from by with and or but as is was were are be been being has have
    had this that these those it its their his her they he she we you i not no than then there which
    who whom whose what when where while into over under about after before between during since
    until also more most less least some such only very just so if out up down off per said says say
    would will could can may might should must do does did new one other all any each both own same
    about against among around through up said told according year years
    и в во на с со по за из к о об от до для не что как это его ее её их а но же ли бы был была были
    который которая которые также уже при""".split()
)

# Patterns used per figure, compiled once (the regex module's cache lookup costs more than the match).
_CURRENCY_PREFIX_RE = regex.compile(rf"^(?:{CURRENCY_PREFIX})\s?")
_PERCENT_TAIL_RE = regex.compile(PERCENT_RE + r"$", regex.IGNORECASE)
_HALF_FULL_RE = regex.compile(r"(?:a\s+|one\s+)?(half|quarter)(?:-a-|\s+a\s+|\s+of\s+a\s+|-of-a-)(\w+)", regex.IGNORECASE)
_DIGITS_FULL_RE = regex.compile(r"(" + NUM_CORE + r")\s?-?\s?([^\d\s].*)?")
_WORD_SPLIT_RE = regex.compile(r"[\s-]+")
_LINE_GAP_RE = regex.compile(r"[^\S\n\r]*(?:\r\n|[\n\r])[^\S\n\r]*")
_ARABIC_SEPARATORS = {0x066B: ".", 0x066C: ","}  # decimal, thousands
_DECIMAL_DOT_RE = regex.compile(r"\d\.\d{1,2}(?!\d)|\d\.\d{4,}|\d,\d{3}(?!\d)")
_THOUSANDS_DOT_RE = regex.compile(r"(?<![\d.])\d{1,3}\.\d{3}(?![\d.,]\d)")


@lru_cache(maxsize=1)
def _number_parser() -> Any | None:
    try:
        import number_parser
    except ImportError:  # optional: English spelled numbers still work without it
        return None
    return number_parser


@lru_cache(maxsize=1)
def word_vocabulary() -> dict[str, str]:
    """Number words → language, from number-parser's data when present (else English only)."""
    vocab = {w: "en" for w in (*_EN_UNITS, *EN_SCALES)}
    if _number_parser() is not None:
        import importlib

        for lang in ("ru", "uk"):  # Latin-script vocabularies collide with English ("once" = 11)
            try:
                info = importlib.import_module(f"number_parser.data.{lang}").info
            except (ImportError, AttributeError):
                continue
            for key in ("UNIT_NUMBERS", "DIRECT_NUMBERS", "TENS", "HUNDREDS", "BIG_POWERS_OF_TEN"):
                for word in info.get(key, {}):
                    vocab.setdefault(word.casefold().replace("ё", "е"), lang)
    # Words too ambiguous to start a spelled number in running text.
    for word in ("one", "a", "и", "y", "un", "una", "uno", "сто", "ста", "до"):
        vocab.pop(word, None)
    return vocab


@lru_cache(maxsize=1)
def vocabulary_set() -> frozenset[str]:
    """The number words, as a set for a quick test of whether a sentence may hold a figure."""
    return frozenset(word_vocabulary())


def parse_number(surface: str, thousands_dot: bool | None = None) -> float | None:
    """The value of a written number: "30,000", "30 000", "30.000", "1.2 million", "30k",
    "thirty thousand", "half a million", "двух тысяч".  None when it is not a number.

    ``thousands_dot``: whether a dot before exactly three digits groups thousands ("30.000");
    None decides from the string alone (a single dot group is then a decimal point).
    """
    s = surface.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if "\n" in s or "\r" in s:  # hard-wrapped text: "1.2\r\n mln" is "1.2 mln"
        s = _LINE_GAP_RE.sub(" ", s)
    if not s:
        return None
    s = _CURRENCY_PREFIX_RE.sub("", s)
    s = _PERCENT_TAIL_RE.sub("", s).strip()
    half = _HALF_FULL_RE.fullmatch(s)
    if half:
        scale = EN_SCALES.get(half.group(2).casefold()) or (12 if half.group(2).casefold() == "dozen" else None)
        if scale is None:
            return None
        return (0.5 if half.group(1).casefold() == "half" else 0.25) * scale
    m = _DIGITS_FULL_RE.fullmatch(s)
    if m:
        value = _parse_digits(m.group(1), thousands_dot)
        if value is None:
            return None
        rest = (m.group(2) or "").strip().rstrip(".").casefold()
        if rest:
            scale = SCALE_AFTER.get(rest)
            if scale is None:
                return None
            value *= scale
        return value
    return _parse_words(s)


def _parse_digits(num: str, thousands_dot: bool | None) -> float | None:
    num = num.translate(_ARABIC_SEPARATORS).replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    try:
        if "," in num and "." in num:
            # "1,234.5" (English) or "1.234,5" (continental): the last separator is the decimal.
            if num.rfind(",") > num.rfind("."):
                return float(num.replace(".", "").replace(",", "."))
            return float(num.replace(",", ""))
        if "," in num:
            groups = num.split(",")
            if all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
                return float(num.replace(",", ""))
            if len(groups) > 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]) and 1 <= len(groups[0]) <= 2:
                return float(num.replace(",", ""))  # lakhs and crores: "1,20,000"
            return float(num.replace(",", ".")) if len(groups) == 2 else None
        if "." in num:
            groups = num.split(".")
            if len(groups) > 2:
                return float(num.replace(".", "")) if all(len(g) == 3 for g in groups[1:]) else None
            if thousands_dot and len(groups[1]) == 3 and groups[0].lstrip("0"):  # "0.809" is never 809
                return float(num.replace(".", ""))
            return float(num)
        return float(num)
    except ValueError:
        return None


def _parse_words(s: str) -> float | None:
    words = [w for w in _WORD_SPLIT_RE.split(s.casefold().replace("ё", "е")) if w and w != "and"]
    if not words:
        return None
    if all(w in _EN_UNITS or w in EN_SCALES for w in words) or words == ["one"]:
        total, current = 0.0, 0.0
        for w in words:
            if w in _EN_UNITS:
                current += _EN_UNITS[w]
            elif w == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * EN_SCALES[w]
                current = 0.0
        return total + current
    np_mod = _number_parser()
    if np_mod is None:
        return None
    vocab = word_vocabulary()
    langs = [vocab[w] for w in words if w in vocab]
    lang = Counter(langs).most_common(1)[0][0] if langs else None
    if lang is None:
        return None
    try:
        value = np_mod.parse_number(" ".join(words), language=lang)
    except Exception:  # noqa: BLE001 - a third-party parser must never stop extraction
        return None
    return float(value) if value is not None else None


# English never groups thousands with dots: a text whose words are this often English function
# words writes "2.704 billion" and "111.981 pct" as decimals, even with no other decimal in it.
_ENGLISH_FUNCTION_WORDS = regex.compile(r"\b(?:the|and|of|for|with|said|that|from|has|have|which)\b", regex.IGNORECASE)
_WORD = regex.compile(r"\w+")
_ENGLISH_SHARE = 0.05


def thousands_dot_style(text: str) -> bool:
    """Does this text group thousands with dots ("30.000")?  Yes unless it also uses dots as
    decimal points or commas as thousands separators anywhere, or it is written in English (a
    German text that names "Bank of America" is not: its English words are too few)."""
    if _DECIMAL_DOT_RE.search(text) or not _THOUSANDS_DOT_RE.search(text):
        return False
    english = len(_ENGLISH_FUNCTION_WORDS.findall(text))
    return english < 3 or english < _ENGLISH_SHARE * len(_WORD.findall(text))


def unit_key(unit: str | None) -> str:
    """Head noun of a unit, lowercase and singular-ish: "political prisoners" → "prisoner";
    outside ASCII folded as alignment compares words (``stages.scripts.fold_word``), so that a
    retyped copy's unit is the original's (Arabic and Persian yeh or kaf, teh marbuta, ё)."""
    if not unit:
        return ""
    head = unit.split()[-1]
    if not head.isascii():
        head = fold_word(unicodedata.normalize("NFKC", head).casefold())
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if head.endswith(suffix) and len(head) > len(suffix) + 2:
            return head[: -len(suffix)] + repl
    if head.endswith("s") and not head.endswith(("ss", "us", "is")) and len(head) > 3:
        return head[:-1]
    return head


def qualifier_class(qualifier: str | None) -> str:
    """What a hedge does to a figure: ``exact``, ``approx``, ``lower`` (over) or ``upper`` (under)."""
    if not qualifier:
        return "exact"
    return QUALIFIER_CLASS.get(qualifier.translate(QUALIFIER_LETTERS)) or noun_first.relative_class(qualifier) or "exact"


_DIGIT_RUN_RE = regex.compile(r"\d[\d,.\u00a0\u202f \u066b\u066c]*")
_DECIMAL_TAIL_RE = regex.compile(r"[.\u066b]\d{1,2}$|,\d{1,2}$")


@functools.lru_cache(maxsize=65536)  # matching asks for the same surfaces again and again
def significant_digits(surface: str) -> int:
    """Significant digits of a written figure: "2.5 mln" 2, "2,465,996" 7, "30,000" 1 (an
    integer's trailing zeros are not counted), 0 when it has no digits."""
    run = _DIGIT_RUN_RE.search(surface)
    if run is None:
        return 0
    text = run.group().rstrip(" ,.\u00a0\u202f")
    decimal = bool(_DECIMAL_TAIL_RE.search(text))
    digits = "".join(ch for ch in text if ch.isdigit()).lstrip("0")
    return len(digits) if decimal else len(digits.rstrip("0"))


def rounded_equal(a: float, a_surface: str, b: float, b_surface: str) -> bool:
    """Whether one figure is the other rounded ("2.5 mln" and "2,465,996"): the more precise
    rounded to the other's significant digits (two at least: "2,000" and "2,400" differ)."""
    if not a or not b or abs(a - b) > 0.1 * max(abs(a), abs(b)):
        return False  # rounding to two or more significant digits moves a figure by under 10%
    na, nb = significant_digits(a_surface), significant_digits(b_surface)
    if na == nb or min(na, nb) < 2 or not a or not b:
        return False
    (coarse, fine, digits) = (a, b, na) if na < nb else (b, a, nb)
    # Writers round a half up ("2.145" as "2.15"); formatting rounds the binary value half to
    # even ("2.14"): either reading is the same figure.
    exact = Decimal(repr(fine))
    half_up = exact.quantize(Decimal(1).scaleb(exact.adjusted() - digits + 1), rounding=ROUND_HALF_UP)
    return any(math.isclose(r, coarse, rel_tol=1e-9) for r in (float(f"{fine:.{digits}g}"), float(half_up)))

