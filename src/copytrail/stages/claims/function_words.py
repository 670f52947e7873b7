"""Function words of the languages copytrail reads most beside English: never what a figure
counts.  A figure's unit is the words after it ("10 days", "10 روز", "300 человек"); without
these lists the first word after a Persian or Arabic figure was its unit whatever it was ("19
که": "19 that").

Arabic-script words are listed once and also kept in the other letter forms a retyped copy
uses (Arabic yeh and kaf for Persian ones, and the reverse), as written text is matched.
English words are left out: these lists must change nothing in English text.
"""

from __future__ import annotations

_PERSIAN = """
و در به از که این آن را با است برای تا یک بر هم نیز اما یا شد شده شود می هر پس پیش بود کرد کند
دارد باید ها های اند ای همه خود بین چون اگر ولی هیچ دیگر بیش کمتر بیشتر حدود حداقل حداکثر روی زیر
"""
_ARABIC = """
في من على إلى الى عن أن ان إن مع هذا هذه ذلك تلك التي الذي الذين كان كانت قد لا ما و ثم أو او كل
بعد قبل حتى عند بين منذ خلال حيث لم لن هو هي هم أيضا وقد وفي كما أكثر اكثر أقل اقل نحو حوالي
"""
_URDU = """
کے کی کا میں سے کو نے پر اور ہے ہیں تھا تھی تھے یہ وہ بھی جو کہ ایک گیا گئی گئے کیا کر ہو ہوا ہوئے
لیے تک اس ان زیادہ کم تقریباً
"""
_RUSSIAN = """
было была были будет будут есть этом этого этой том так чем где когда после более менее около
всего свыше почти лишь примерно
"""
# Latin-script languages: words that are no English word or abbreviation ("son", "era", "con",
# "die", "war", "ha" for hectares, "est" for Eastern time, "y" of "y/y" are left out).
_LATIN = """
de la el en que los las del un una por para se al es su sus lo como más pero ya fue
este esta entre sobre desde hasta según unos unas
le les des du et pour dans sur au aux qui ont été avec ce cette ne pas près environ
der das und von zu mit des im für auf ist sind wurde wurden ein eine einer dem bei nach als auch
aus sich nicht rund etwa
os das dos em uma com não é foi são ao pelo pela foram têm e ou
il della delle dei degli sono nel nella gli anche che è hanno stati
het een niet voor zijn werd werden ook naar bij
"""

_LETTER_FORMS = (("ی", "ي"), ("ک", "ك"), ("ی", "ى"))


def _with_letter_forms(words: set[str]) -> set[str]:
    """Each Arabic-script word in every yeh and kaf form a copy may write it in."""
    out = set(words)
    for persian, arabic in _LETTER_FORMS:
        out |= {w.replace(persian, arabic) for w in out} | {w.replace(arabic, persian) for w in out}
    return out


FUNCTION_WORDS: frozenset[str] = frozenset(
    _with_letter_forms(set((_PERSIAN + _ARABIC + _URDU).split())) | set((_RUSSIAN + _LATIN).split())
)
