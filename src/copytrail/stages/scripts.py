"""Script rules for comparing words: the spellings that writers, keyboards and copy desks swap
freely are folded to one form, so that a copy is not missed because it was retyped.

Applied by ``segment.normalise_word`` after NFKC and casefolding, one word at a time (words are
cached, so each distinct word pays once).  Offsets never move: only the compared form changes.

- Arabic script: the Arabic, Persian and Urdu forms of yeh (and alef maksura), kaf and heh
  (with teh marbuta and heh goal) are one letter each; alef with hamza or madda and alef wasla
  are alef, waw and yeh with hamza are waw and yeh; harakat, Quranic marks and tatweel go.
- Join controls inside a word (the Persian half-space), soft hyphens, word joiners go.
- Digits of every script (Arabic-Indic, Persian, Devanagari, ...) are ASCII digits.
- Hebrew points and cantillation go.
- Latin and Greek accents go (``café`` = ``cafe``, ``ά`` = ``α``); Cyrillic ``ё`` is ``е`` and
  stress marks go (``й`` stays a letter of its own).
- A word mixing Latin with Cyrillic or Greek look-alike letters (``pаypal`` with a Cyrillic
  ``а``, a Russian word with a Latin ``o``) is read in the script of its other letters.

Also ``own_letter_forms``: a text a keyboard typed in another language's Arabic-script letter
forms, written in its own, for the language model to read it again (``stages.language``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_word", "own_letter_forms"]


def _arabic_table() -> dict[int, str | None]:
    """One letter for each family of Arabic-script variants; marks and tatweel removed."""
    table: dict[int, str | None] = {}
    families = {
        "\u0627": "\u0622\u0623\u0625\u0671\u0672\u0673",  # alef: madda, hamza above/below, wasla, wavy
        "\u064a": "\u0649\u06cc\u0626\u06d0\u06cd",  # yeh: alef maksura, Farsi yeh, yeh hamza, e, yeh tail
        "\u0643": "\u06a9\u06aa",  # kaf: keheh (Persian/Urdu), swash kaf
        "\u0647": "\u0629\u06c0\u06c1\u06c2\u06c3\u06be\u06d5",  # heh: teh marbuta, heh yeh, heh goal, doachashmee, ae
        "\u0648": "\u0624",  # waw with hamza
    }
    for letter, variants in families.items():
        for variant in variants:
            table[ord(variant)] = letter
    marks = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06DD),
             *range(0x06DF, 0x06E5), 0x06E7, 0x06E8, *range(0x06EA, 0x06EE), *range(0x08D3, 0x0900)]
    for mark in marks:
        if mark != 0x08E2:  # an Arabic disputed end of ayah, not a mark
            table[mark] = None
    table[0x0640] = None  # tatweel
    return table


def _hebrew_points() -> dict[int, None]:
    points = [*range(0x0591, 0x05BE), 0x05BF, 0x05C1, 0x05C2, 0x05C4, 0x05C5, 0x05C7]
    return dict.fromkeys(points)


def _digits() -> dict[int, str]:
    """Every decimal digit of the Basic Multilingual Plane as its ASCII digit."""
    table: dict[int, str] = {}
    for code in range(0x0100, 0x10000):
        char = chr(code)
        if unicodedata.category(char) == "Nd":
            table[code] = str(unicodedata.decimal(char))
    return table


_FOLD: dict[int, str | None] = {
    **_arabic_table(),
    **_hebrew_points(),
    **_digits(),
    **dict.fromkeys(map(ord, "\u200c\u200d\u00ad\u2060\ufeff")),  # joiners inside a word
}

# Latin letter -> its look-alike in Cyrillic and in Greek (lower case: words are casefolded).
_CYRILLIC_LOOKS = dict(zip("abcehijkmopstxy", "авсеніјкмоѕртху", strict=True))
_GREEK_LOOKS = dict(zip("aeikoptuvx", "αεικορτυνχ", strict=True))
_TO_LATIN = {ord(c): latin for latin, c in (*_CYRILLIC_LOOKS.items(), *_GREEK_LOOKS.items())}
_TO_CYRILLIC = {ord(latin): c for latin, c in _CYRILLIC_LOOKS.items()}
_TO_GREEK = {ord(latin): c for latin, c in _GREEK_LOOKS.items()}
_ACCENTS = range(0x0300, 0x0370)
_KEEP_CYRILLIC_MARK = "\u0306"  # the breve of й


def _script(char: str) -> str:
    """'latin', 'cyrillic', 'greek' or '' for one letter."""
    code = ord(char)
    if char.isascii():
        return "latin" if char.isalpha() else ""
    if 0x00C0 <= code < 0x0250 or 0x1E00 <= code < 0x1F00:
        return "latin"
    if 0x0370 <= code < 0x0400 or 0x1F00 <= code < 0x2000:
        return "greek"
    if 0x0400 <= code < 0x0530:
        return "cyrillic"
    return ""


def _unmix(word: str) -> str:
    """A word holding Latin and Cyrillic (or Greek) letters read in the script of its letters
    that look like no letter of the other script; left alone when both scripts hold such."""
    scripts = {_script(c) for c in word}
    other = "cyrillic" if "cyrillic" in scripts else "greek" if "greek" in scripts else ""
    if "latin" not in scripts or not other:
        return word
    to_other = _TO_CYRILLIC if other == "cyrillic" else _TO_GREEK
    looks_latin = set(_TO_LATIN)
    latin_own = sum(1 for c in word if _script(c) == "latin" and ord(c) not in to_other)
    other_own = sum(1 for c in word if _script(c) == other and ord(c) not in looks_latin)
    if latin_own and other_own:
        return word
    if other_own or (not latin_own and sum(_script(c) == other for c in word) > sum(_script(c) == "latin" for c in word)):
        return word.translate(to_other)
    return word.translate(_TO_LATIN)


def _strip_accents(word: str) -> str:
    """Accents off Latin and Greek letters, ``ё`` to ``е`` and stress marks off Cyrillic."""
    decomposed = unicodedata.normalize("NFD", word)
    if not any(ord(c) in _ACCENTS for c in decomposed):
        return word
    kept: list[str] = []
    base = ""
    for char in decomposed:
        if ord(char) in _ACCENTS and base in ("latin", "greek", "cyrillic"):
            if base == "cyrillic" and char == _KEEP_CYRILLIC_MARK:
                kept.append(char)
            continue
        if not unicodedata.combining(char):
            base = _script(char)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def fold_word(word: str) -> str:
    """The script rules above applied to one NFKC-normalised, casefolded word.

    Never empty for a non-empty word: a word made only of what the rules remove (a lone
    tatweel, a stray mark) keeps its unfolded form.
    """
    if word.isascii():
        return word
    folded = _strip_accents(_unmix(word.translate(_FOLD)))
    return folded or word


# Persian and Urdu typed with Arabic yeh and kaf (ي ك, as an Arabic keyboard types them), and
# Arabic typed with Persian ones (ی ک), read as each other to a language model.  Letters
# Persian and Urdu write and Arabic does not (پ چ ژ گ; Urdu's ٹ ڈ ڑ ں ے ھ), or their absence
# from a long enough text, say which it is.
_NOT_ARABIC_LETTERS = re.compile("[\u067e\u0686\u0698\u06af\u0679\u0688\u0691\u06ba\u06d2\u06be]")
_URDU_LETTERS = re.compile("[\u0679\u0688\u0691\u06ba\u06d2]")
_ARABIC_LETTERS = re.compile("[\u0620-\u064a\u066e-\u06d3]")
_PERSIAN_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc"})
_URDU_FORMS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9", "\u0649": "\u06cc", "\u0647": "\u06c1"})
_ARABIC_FORMS = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})
NOT_ARABIC_SHARE = 0.005  # of a text's Arabic-script letters: a quoted Persian name is fewer
LEAST_PERSIAN_SIGNS = 100  # Arabic-script letters a text without one Persian letter must hold


def own_letter_forms(text: str, language: str) -> str | None:
    """``text`` in the letter forms of the language it may really be written in, where what a
    language model read it as (``language``) may be a keyboard's doing: read as Arabic but
    holding letters Arabic never writes, two or more and ``NOT_ARABIC_SHARE`` of its letters
    (Persian forms of yeh and kaf, and Urdu's heh where Urdu's own letters are there); read as
    Persian without one letter only Persian writes in ``LEAST_PERSIAN_SIGNS`` letters (Arabic
    forms).  None where neither holds."""
    if language == "ar":
        found = len(_NOT_ARABIC_LETTERS.findall(text))
        if found >= 2 and found >= NOT_ARABIC_SHARE * len(_ARABIC_LETTERS.findall(text)):
            return text.translate(_URDU_FORMS if _URDU_LETTERS.search(text) else _PERSIAN_FORMS)
    elif language == "fa" and not _NOT_ARABIC_LETTERS.search(text) and len(_ARABIC_LETTERS.findall(text)) >= LEAST_PERSIAN_SIGNS:
        return text.translate(_ARABIC_FORMS)
    return None


_NUKTA_LETTERS = {
    "\u0958": "\u0915\u093c", "\u0959": "\u0916\u093c", "\u095a": "\u0917\u093c", "\u095b": "\u091c\u093c",
    "\u095c": "\u0921\u093c", "\u095d": "\u0922\u093c", "\u095e": "\u092b\u093c", "\u095f": "\u092f\u093c",
    "\u09dc": "\u09a1\u09bc", "\u09dd": "\u09a2\u09bc", "\u09df": "\u09af\u09bc",
    "\u0a33": "\u0a32\u0a3c", "\u0a36": "\u0a38\u0a3c", "\u0a59": "\u0a16\u0a3c", "\u0a5a": "\u0a17\u0a3c",
    "\u0a5b": "\u0a1c\u0a3c", "\u0a5e": "\u0a2b\u0a3c",
}  # fmt: skip
_COMPOSED = {two: one for one, two in _NUKTA_LETTERS.items()}


def spellings(word: str) -> set[str]:
    """``word`` with its nukta letters as one character and as two (NFC writes the second)."""
    decomposed = unicodedata.normalize("NFC", word)
    composed = decomposed
    for two, one in _COMPOSED.items():
        composed = composed.replace(two, one)
    return {word, decomposed, composed}
