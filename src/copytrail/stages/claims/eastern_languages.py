"""Figures in the languages of the Balkans, the Baltic, Belarus, the Caucasus and Central Asia,
and Catalan: Serbian, Croatian and Bosnian (both alphabets), Bulgarian, Macedonian, Slovene,
Albanian, Lithuanian, Latvian, Estonian, Belarusian, Georgian, Armenian, Kazakh, Azerbaijani
and Uzbek.  Their scale and percent words after a figure ("25 milijuna eura", "40 odsto"),
their currencies, the hedges before a figure ("oko 30.000", "approximately") and those written
after it against a case ending ("300-ზე მეტი", "300-ден астам", "300-dən çox": more than 300).
Pure data; :mod:`.numbers` merges it into its tables, :mod:`.other_languages` into its pattern
of hedges written after a figure.

Left out where another language reads the word otherwise before or after a figure: Azerbaijani
"min" and Uzbek "ming" (thousand; "25 min" is minutes, "the 16 Ming tombs" no thousands),
Lithuanian "per" (over), Serbian "do" (up to).
"""

from __future__ import annotations

from copytrail.stages.claims.south_asian import hedge_after_pattern

SCALES = {
    "hiljada": 1e3, "hiljade": 1e3, "хиљада": 1e3, "хиљаде": 1e3, "tisuća": 1e3, "tisuće": 1e3, "илјади": 1e3,
    "milion": 1e6, "miliona": 1e6, "milijun": 1e6, "milijuna": 1e6, "milijuni": 1e6, "милион": 1e6, "милиона": 1e6,
    "милиони": 1e6, "milijarda": 1e9, "milijarde": 1e9, "milijardi": 1e9, "милијарда": 1e9, "милијарде": 1e9,
    "милијарди": 1e9,  # Serbian, Croatian, Bosnian, Macedonian
    "хиляда": 1e3, "хиляди": 1e3, "милиард": 1e9, "милиарда": 1e9, "милиарди": 1e9,  # Bulgarian
    "tisoč": 1e3, "milijon": 1e6, "milijona": 1e6, "milijonov": 1e6, "milijard": 1e9, "milijardo": 1e9,  # Slovene
    "mijë": 1e3, "milionë": 1e6, "miliardë": 1e9,  # Albanian
    "tūkstančių": 1e3, "tūkstančiai": 1e3, "milijonai": 1e6, "milijonų": 1e6, "milijonus": 1e6,
    "milijardai": 1e9, "milijardų": 1e9, "milijardus": 1e9,  # Lithuanian
    "tūkstoši": 1e3, "tūkstošiem": 1e3, "miljoni": 1e6, "miljonus": 1e6, "miljonu": 1e6, "miljardus": 1e9,
    "miljardu": 1e9,  # Latvian
    "tuhat": 1e3, "miljonit": 1e6, "miljardit": 1e9,  # Estonian
    "тысячы": 1e3, "мільён": 1e6, "мільёны": 1e6, "мільёнаў": 1e6, "мільярд": 1e9, "мільярды": 1e9,
    "мільярдаў": 1e9,  # Belarusian
    "ათასი": 1e3, "მილიონი": 1e6, "მილიარდი": 1e9,  # Georgian
    "հազար": 1e3, "միլիոն": 1e6, "միլիարդ": 1e9,  # Armenian
    "мың": 1e3, "миллион": 1e6, "миллиард": 1e9,  # Kazakh
    "milyard": 1e9, "million": 1e6, "milliard": 1e9,  # Azerbaijani, Uzbek
    "milions": 1e6, "milió": 1e6, "mil milions": 1e9,  # Catalan
}  # fmt: skip
PERCENT = frozenset({
    "odsto", "posto", "procenata", "procenta", "одсто", "посто", "процената", "процента", "отсто", "на сто",
    "odstotkov", "odstotka", "odstotke", "odstotki", "procentų", "procentai", "procenti", "procentiem", "procentu",
    "protsenti", "protsendi", "për qind", "працэнтаў", "працэнты", "працэнта", "პროცენტი", "პროცენტით",
    "տոկոս", "տոկոսը", "տոկոսով", "пайыз", "пайызы", "пайызға", "faiz", "faizi", "foiz", "foizi",
})  # fmt: skip
CURRENCIES = {
    "dinara": "dinars", "динара": "dinars", "dinari": "dinars", "динари": "dinars", "денари": "denars",
    "eura": "euros", "евра": "euros", "evrov": "euros", "eurų": "euros", "eurus": "euros", "eiro": "euros",
    "eurot": "euros", "лева": "leva", "лв": "leva", "kuna": "kuna", "рублёў": "roubles", "ლარი": "lari",
    "დოლარი": "dollars", "դրամ": "drams", "դոլար": "dollars", "теңге": "tenge", "manat": "manat",
    "so'm": "som", "сўм": "som", "lekë": "lek",
}  # fmt: skip
HEDGES_BEFORE = {
    "oko": "approx", "око": "approx", "približno": "approx", "приближно": "approx", "otprilike": "approx",
    "отприлике": "approx", "više od": "lower", "више од": "lower", "najmanje": "lower", "најмање": "lower",
    "manje od": "upper", "мање од": "upper", "gotovo": "upper", "готово": "upper",
    "над": "lower", "близо": "upper", "повече от": "lower", "по-малко от": "upper", "най-малко": "lower",
    "приблизително": "approx", "околу": "approx", "повеќе од": "lower", "речиси": "upper", "најмалку": "lower",
    "помалку од": "upper", "okoli": "approx", "več kot": "lower", "skoraj": "upper", "vsaj": "lower",
    "manj kot": "upper", "apie": "approx", "beveik": "upper", "daugiau nei": "lower", "daugiau kaip": "lower",
    "mažiau nei": "upper", "mažiausiai": "lower", "aptuveni": "approx", "apmēram": "approx", "gandrīz": "upper",
    "vairāk nekā": "lower", "mazāk nekā": "upper", "vismaz": "lower", "umbes": "approx", "ligikaudu": "approx",
    "peaaegu": "upper", "üle": "lower", "vähemalt": "lower", "rohkem kui": "lower", "rreth": "approx",
    "afro": "upper", "më shumë se": "lower", "mbi": "lower", "të paktën": "lower", "më pak se": "upper",
    "gati": "upper", "каля": "approx", "больш за": "lower", "больш як": "lower", "амаль": "upper",
    "менш за": "upper", "прыкладна": "approx", "не менш за": "lower", "დაახლოებით": "approx",
    "თითქმის": "upper", "სულ მცირე": "lower", "մոտ": "approx", "շուրջ": "approx",
    "ավելի քան": "lower", "գրեթե": "upper", "առնվազն": "lower", "шамамен": "approx", "кем дегенде": "lower",
    "təxminən": "approx", "təqribən": "approx", "ən azı": "lower", "unes": "approx", "més de": "lower",
    "gairebé": "upper", "almenys": "lower", "prop de": "upper", "menys de": "upper", "aproximadament": "approx",
    "taxminan": "approx", "qariyb": "approx", "kamida": "lower",
}  # fmt: skip
# Written after the figure, against its case ending (the hyphen Georgian, Kazakh and Azerbaijani
# write before it optional): the comparative is the hedge kept
HEDGES_AFTER = {"მეტი": "lower", "астам": "lower", "артық": "lower", "жуық": "upper", "çox": "lower", "artıq": "lower", "yaxın": "upper", "ortiq": "lower", "ko'p": "lower"}
_THAN: dict[tuple[str, ...], str] = {
    ("მეტი",): r"-?ზე\s+",
    ("астам", "артық"): r"-?(?:ден|тен|нан|дан)\s+",
    ("жуық",): r"-?(?:ге|ке|қа|ға)\s+",
    ("çox", "artıq"): r"-?(?:dən|dan|ndən|ndan)\s+",
    ("yaxın",): r"-?(?:ə|a|yə|ya)\s+",
    ("ortiq", "ko'p"): r"\s+(?:dan|ta)\s+",
}
HEDGE_AFTER_PATTERN = hedge_after_pattern(_THAN, r"(?![\p{L}\p{M}])")
