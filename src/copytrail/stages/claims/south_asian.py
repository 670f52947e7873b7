"""Figures in the languages of South Asia written in their own scripts (Bengali, Tamil, Telugu,
Marathi, Gujarati, Punjabi, Kannada, Malayalam, Nepali, Sinhala, Hindi): the scale, percent and
currency words after a figure ("২৫ কোটি টাকা", "40 சதவீதம்"), the hedges before it ("প্রায়",
"ಸುಮಾರು") and after it, often glued to it as a case ending ("300க்கும் மேற்பட்ட", more than 300;
"300થી વધુ"; "300ലധികം").  Pure data and two small readers; :mod:`.numbers` merges the words
into its tables and :mod:`.extraction` asks the readers.

A Devanagari, Bengali or Gurmukhi letter with a nukta is written either as one character or as
the letter and the nukta ("ড়" U+09DC, or U+09A1 U+09BC; NFC keeps the second): every word here
is looked up in both spellings (``scripts.spellings``), so a text matches whichever its
keyboard typed.
"""

from __future__ import annotations

import regex

from copytrail.stages.scripts import spellings

# Scale words after a figure, with the oblique forms Dravidian languages write before a noun
# ("25 కోట్ల రూపాయలు", 25 crore rupees)
SCALES = {
    "হাজার": 1e3, "লাখ": 1e5, "লক্ষ": 1e5, "কোটি": 1e7, "মিলিয়ন": 1e6, "বিলিয়ন": 1e9,  # Bengali
    "ஆயிரம்": 1e3, "லட்சம்": 1e5, "கோடி": 1e7, "மில்லியன்": 1e6, "பில்லியன்": 1e9,  # Tamil
    "వేలు": 1e3, "వేల": 1e3, "లక్ష": 1e5, "లక్షల": 1e5, "లక్షలు": 1e5, "కోటి": 1e7, "కోట్ల": 1e7,
    "కోట్లు": 1e7, "మిలియన్": 1e6, "బిలియన్": 1e9,  # Telugu
    "कोटी": 1e7, "दशलक्ष": 1e6, "अब्ज": 1e9, "अर्ब": 1e9, "खर्ब": 1e11,  # Marathi, Nepali
    "હજાર": 1e3, "લાખ": 1e5, "કરોડ": 1e7, "અબજ": 1e9, "મિલિયન": 1e6,  # Gujarati
    "ਹਜ਼ਾਰ": 1e3, "ਹਜਾਰ": 1e3, "ਲੱਖ": 1e5, "ਕਰੋੜ": 1e7, "ਅਰਬ": 1e9,  # Punjabi
    "ಸಾವಿರ": 1e3, "ಲಕ್ಷ": 1e5, "ಕೋಟಿ": 1e7, "ಮಿಲಿಯನ್": 1e6, "ಬಿಲಿಯನ್": 1e9,  # Kannada
    "ആയിരം": 1e3, "ലക്ഷം": 1e5, "കോടി": 1e7, "ദശലക്ഷം": 1e6,  # Malayalam
    "දහස": 1e3, "ලක්ෂ": 1e5, "මිලියන": 1e6, "බිලියන": 1e9,  # Sinhala
}  # fmt: skip
PERCENT = frozenset({
    "শতাংশ", "সতাংশ", "சதவீதம்", "சதவிகிதம்", "சதவீத", "శాతం", "टक्के", "टक्का", "ટકા", "ਫ਼ੀਸਦੀ", "ਫੀਸਦੀ",
    "ਪ੍ਰਤੀਸ਼ਤ", "ಶೇಕಡಾ", "ശതമാനം", "ප්‍රතිශතය", "फीसदी", "फ़ीसदी", "फीसद",
})  # fmt: skip
# Percent written before the figure: Kannada "ಶೇ 40" / "ಶೇಕಡಾ 40", Bengali "শতকরা ৪০"
PERCENT_BEFORE = ("ಶೇಕಡಾ ", "ಶೇಕಡ ", "ಶೇ. ", "ಶೇ.", "ಶೇ ", "শতকরা ")
CURRENCIES = {
    "টাকা": "taka", "টাকার": "taka", "রুপি": "rupees", "ডলার": "dollars", "ডলারের": "dollars",
    "ரூபாய்": "rupees", "டாலர்": "dollars", "రూపాయలు": "rupees", "రూపాయల": "rupees", "డాలర్లు": "dollars",
    "रुपयांचा": "rupees", "रुपयांची": "rupees", "रुपयांच्या": "rupees", "रुपयांचे": "rupees", "रुपैयाँ": "rupees",
    "रूपैयाँ": "rupees", "डलर": "dollars", "રૂપિયા": "rupees", "રૂપિયાના": "rupees", "ડોલર": "dollars",
    "ਰੁਪਏ": "rupees", "ਡਾਲਰ": "dollars", "ರೂಪಾಯಿ": "rupees", "ರೂಪಾಯಿಗಳ": "rupees", "ಡಾಲರ್": "dollars",
    "രൂപ": "rupees", "രൂപയുടെ": "rupees", "ഡോളർ": "dollars", "රුපියල්": "rupees", "රුපියල්වලින්": "rupees",
}  # fmt: skip
# Hedges before the figure
HEDGES_BEFORE = {
    "প্রায়": "approx", "আনুমানিক": "approx", "কমপক্ষে": "lower", "অন্তত": "lower",
    "சுமார்": "approx", "ஏறத்தாழ": "approx", "கிட்டத்தட்ட": "approx", "குறைந்தது": "lower", "குறைந்தபட்சம்": "lower",
    "సుమారు": "approx", "సుమారుగా": "approx", "దాదాపు": "approx", "దాదాపుగా": "approx", "కనీసం": "lower",
    "सुमारे": "approx", "जवळपास": "approx", "अंदाजे": "approx", "किमान": "lower",
    "લગભગ": "approx", "આશરે": "approx", "અંદાજે": "approx", "ઓછામાં ઓછા": "lower", "ઓછામાં ઓછી": "lower",
    "ਲਗਭਗ": "approx", "ਤਕਰੀਬਨ": "approx", "ਕਰੀਬ": "approx", "ਘੱਟੋ-ਘੱਟ": "lower", "ਘੱਟੋ ਘੱਟ": "lower",
    "ಸುಮಾರು": "approx", "ಸರಿಸುಮಾರು": "approx", "ಅಂದಾಜು": "approx", "ಕನಿಷ್ಠ": "lower",
    "ഏകദേശം": "approx", "ഏതാണ്ട്": "approx", "കുറഞ്ഞത്": "lower", "ചുരുങ്ങിയത്": "lower",
    "करिब": "approx", "कम्तीमा": "lower", "झन्डै": "upper", "कम से कम": "lower", "कम-से-कम": "lower",
    "तकरीबन": "approx", "तक़रीबन": "approx", "දළ වශයෙන්": "approx", "අවම වශයෙන්": "lower",
}  # fmt: skip
# Hedges after the figure: "than" (often glued to the figure as a case ending), then "more" or
# "less"; the comparative is the hedge kept ("300-এর বেশি" is "বেশি", more than 300).
HEDGES_AFTER = {
    "বেশি": "lower", "অধিক": "lower", "কম": "upper",
    "மேற்பட்ட": "lower", "மேல்": "lower", "அதிகமான": "lower", "அதிகம்": "lower", "குறைவான": "upper",
    "పైగా": "lower", "పైన": "lower", "మించి": "lower", "ఎక్కువ": "lower", "తక్కువ": "upper",
    "जास्त": "lower", "अधिक": "lower", "कमी": "upper", "बढी": "lower", "धेरै": "lower", "कम": "upper",
    "વધુ": "lower", "વધારે": "lower", "અધિક": "lower", "ઓછા": "upper", "ઓછી": "upper",
    "ਵੱਧ": "lower", "ਵਧੇਰੇ": "lower", "ਜ਼ਿਆਦਾ": "lower", "ਜਿਆਦਾ": "lower", "ਘੱਟ": "upper",
    "ಹೆಚ್ಚು": "lower", "ಅಧಿಕ": "lower", "ಕಡಿಮೆ": "upper",
    "ലധികം": "lower", "ൽ അധികം": "lower", "ൽ കൂടുതൽ": "lower", "ൽ താഴെ": "upper", "ഓളം": "approx",
}  # fmt: skip
# "than" (or the case ending that says it) between the figure and the comparative, per language
_THAN: dict[tuple[str, ...], str] = {
    ("বেশি", "অধিক", "কম"): r"\s?-?(?:এরও|এর|রও|র|টিরও|টির|জনেরও|জনের)\s+",
    ("மேற்பட்ட", "மேல்", "அதிகமான", "அதிகம்", "குறைவான"): r"(?:க்கும்|ற்கும்|க்கு|ஐ\s+விட)\s+",
    ("పైగా", "పైన", "మించి"): r"(?:కు|కి|\s+కు)\s+",
    ("ఎక్కువ", "తక్కువ"): r"\s*(?:కంటే|కన్నా)\s+",
    ("जास्त", "अधिक", "कमी"): r"\s*(?:पेक्षाही|पेक्षा|हून)\s+",
    ("बढी", "धेरै", "अधिक", "कम"): r"\s+भन्दा\s+",
    ("વધુ", "વધારે", "અધિક", "ઓછા", "ઓછી"): r"\s*થી\s+",
    ("ਵੱਧ", "ਵਧੇਰੇ", "ਜ਼ਿਆਦਾ", "ਜਿਆਦਾ", "ਘੱਟ"): r"\s+ਤੋਂ\s+",
    ("ಹೆಚ್ಚು", "ಅಧಿಕ", "ಕಡಿಮೆ"): r"(?:ಕ್ಕೂ|ಕ್ಕಿಂತಲೂ|ಕ್ಕಿಂತ|ಕಿಂತ)\s+",
    ("ലധികം", "ഓളം"): r"-?",
    ("ൽ അധികം", "ൽ കൂടുതൽ", "ൽ താഴെ"): r"-?",
}
INDIC_FIRST, INDIC_LAST = "\u0900", "\u0dff"  # the blocks of these scripts: Devanagari to Sinhala


def is_indic(ch: str) -> bool:
    """Whether ``ch`` is a letter or sign of the scripts of South Asia (Devanagari to Sinhala)."""
    return INDIC_FIRST <= ch <= INDIC_LAST


def both_spellings(table: dict[str, object]) -> dict[str, object]:
    """``table`` with each key in its every spelling (``spellings``)."""
    return {form: value for key, value in table.items() for form in spellings(key)}


def hedge_after_pattern(than: dict[tuple[str, ...], str], tail: str) -> str:
    """The hedges written after a figure, as alternatives with one group each, the comparative:
    for each group of comparatives (in every spelling), the "than" or case ending before them
    (``than``), then what may follow the comparative (``tail``)."""
    parts = []
    for words, before in than.items():
        hedges = "|".join(regex.escape(form) for word in words for form in spellings(word))
        parts.append(rf"{before}({hedges})")
    return "(?:" + "|".join(parts) + ")" + tail


# the comparative may take an ending of its own ("மேற்பட்டோர்", over ... people)
HEDGE_AFTER_PATTERN = hedge_after_pattern(_THAN, r"[\p{L}\p{M}]*")
_GLUED_RE = regex.compile(rf"-?[{INDIC_FIRST}-{INDIC_LAST}]+")


def glued_ending(sentence: str, at: int) -> int:
    """Where a case ending written against a figure ends ("2024ರಂದು", on 2024; "৩০০-এর", of
    300): letters and signs of these scripts right after ``at``, else ``at``."""
    found = _GLUED_RE.match(sentence, at)
    return found.end() if found is not None else at


def scale_prefix(word: str) -> str | None:
    """The scale word an inflected word begins with ("కోట్లకు", to ... crore: "కోట్ల"), longest first."""
    for scale in _SCALES_LONGEST_FIRST:
        if word.startswith(scale) and len(word) > len(scale):
            return scale
    return None


_SCALES_LONGEST_FIRST = sorted(both_spellings(SCALES), key=len, reverse=True)
