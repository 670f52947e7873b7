"""Which way article text runs, and in what language, for the report, the web app and the
evidence pack.

The pages' own words are English and run left to right; article text may be Persian, Arabic,
Urdu or Hebrew, or an English text quoting a Persian paragraph.  Each element that shows
article text says its direction (``dir``) and, where the store knows it, its language
(``lang``): from the stored language of the document, or of the passage where a document mixes
languages.  Nothing is guessed here: an unknown language (``und``, unread, not a code) gives
``dir="auto"`` (the browser reads the first strong letter) and ``lang=""`` (HTML's "unknown",
so the text is not taken for the page's English).  The text itself is never changed: offsets
index it exactly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup, escape

# Languages written right to left (ISO 639-1 where one exists, else the three-letter code the
# language model gives): Arabic and its varieties, Persian, Urdu, Hebrew (and its old code),
# Pashto, Sindhi, Uyghur, Yiddish, Central Kurdish, Dhivehi, South Azerbaijani, Mazanderani,
# Western Punjabi (Shahmukhi), Syriac.
RTL_LANGUAGES = frozenset(
    {"ar", "fa", "ur", "he", "iw", "ps", "sd", "ug", "yi", "ckb", "dv", "arz", "azb", "mzn", "pnb", "syr"}
)
# ISO 15924 scripts written right to left: a stated code such as ``az-Arab`` or ``sd-Deva``
# says its script, which decides over the language's usual one.
RTL_SCRIPTS = frozenset({"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr"})
_CODE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
UNKNOWN = frozenset({"", "und", "zxx", "mul"})
# A block of text whose language is not known: its direction from its first strong letter, and
# its language said to be unknown rather than inherited from the page.
UNKNOWN_TEXT = {"dir": "auto", "lang": ""}


def lang_code(code: str | None) -> str | None:
    """``code`` as an HTML ``lang`` value, or None where the language is not known (``und``,
    unread, or a stated value that is not a language code)."""
    if not code:
        return None
    code = code.strip()
    if code.lower() in UNKNOWN or not _CODE.fullmatch(code):
        return None
    return code


def direction(code: str | None) -> str:
    """``rtl`` or ``ltr`` for a known language, ``auto`` for an unknown one."""
    known = lang_code(code)
    if known is None:
        return "auto"
    parts = known.lower().split("-")
    script = next((p for p in parts[1:] if len(p) == 4 and p.isalpha()), None)
    if script is not None:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def text_attributes(language: str | None, languages: str | None = None) -> dict[str, str]:
    """``dir`` and ``lang`` of a block showing a document's text.  A document in one language
    gets that language's direction and code; one that mixes languages gets ``dir="auto"`` (the
    pages let each paragraph of it find its own direction; its passages say their own language)
    unless every one of its languages runs the same way, and ``lang=""``: no one language."""
    found = [c for c in (languages or "").split(",") if c.strip()]
    if len(found) > 1:
        directions = {direction(c) for c in found}
        return {"dir": directions.pop() if len(directions) == 1 else "auto", "lang": ""}
    code = lang_code(language) or (lang_code(found[0]) if found else None)
    return {"dir": direction(code), "lang": code} if code else dict(UNKNOWN_TEXT)


def passage_attributes(language: str | None) -> dict[str, str]:
    """``dir`` and ``lang`` of one passage whose own language was read (a side of a document
    that mixes languages); empty where it is not known (the passage follows its block)."""
    code = lang_code(language)
    return {"dir": direction(code), "lang": code} if code else {}


def html_attributes(attrs: Mapping[str, str | None] | None) -> Markup:
    """``attrs`` written as HTML attributes (`` dir="rtl" lang="fa"``), values escaped; an empty
    value is written (``lang=""``: unknown), a None one left out."""
    return Markup("".join(f' {name}="{escape(value)}"' for name, value in (attrs or {}).items() if value is not None))


def is_mixed(languages: str | None) -> bool:
    """Whether a document's stored ``languages`` name two or more."""
    return bool(languages) and "," in str(languages)


_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
FSI, PDI = "\u2068", "\u2069"


def isolated_plain(text: str | None) -> str:
    """``text`` for a place that holds plain text only (a page's ``<title>``, where ``<bdi>``
    cannot go): its bidi controls left out and the rest isolated between FSI and PDI, so it
    cannot reorder the words after it.  For display only: the stored text keeps them."""
    cleaned = FSI + _BIDI_CONTROLS.sub("", text or "") + PDI
    return Markup(cleaned) if isinstance(text, Markup) else cleaned  # escaped already: kept so


# What the templates call: ``attrs(...)`` writes the attributes ``text_attrs`` and
# ``passage_attrs`` give.
TEMPLATE_GLOBALS = {
    "attrs": html_attributes, "text_attrs": text_attributes, "passage_attrs": passage_attributes,
    "isolated_plain": isolated_plain, "unknown_text": UNKNOWN_TEXT,
}  # fmt: skip
