"""Claims stage: checkable figures (quantities, dates) and which copies changed them.

A copied passage that keeps its words but changes "30,000" to "3,000", or "roughly" to "over",
is the most telling kind of edit.  This stage finds such figures in a text and groups the
statements of one claim across documents.  Everything here is a pure function over texts and
records; :mod:`copytrail.store.claims` reads and writes the database.

- :mod:`.numbers`: the vocabularies of figures, number parsing, unit keys;
- :mod:`.records`: ``Claim``, ``Statement``, ``ClaimGroup``;
- :mod:`.entities`: the named entities of a claim's sentence (spaCy or a rule);
- :mod:`.extraction`: sentences, then the claims in each (``extract_claims``), with
  :mod:`.other_languages`, :mod:`.south_asian`, :mod:`.eastern_languages`,
  :mod:`.further_languages`, :mod:`.noun_first` and :mod:`.unspaced` for the
  words around a figure in other languages;
- :mod:`.patterns`: the date and noise patterns, each sentence read by the alternatives it may hold;
- :mod:`.matching`: statements of one claim across documents (``match_claims``), and the
  figures a copy changed (``changed_figures``), with :mod:`.aligned` (the alignment offers)
  and :mod:`.similar` (the similarity join) over arrays, and :mod:`.passages` (the figures two
  copied passages keep and replace: another issue of a report replaces more than a copy edits);
- :mod:`.display`: how a claim reads (its kind in words, an excerpt with the figure marked,
  whether it is too ordinary to rank).
"""

from copytrail.stages.claims.display import FigureKind, excerpt, figure_kind, is_trivial, pieces
from copytrail.stages.claims.entities import SPACY_MODEL, EntityFinder, entity_finder, rule_entities
from copytrail.stages.claims.extraction import extract_claims
from copytrail.stages.claims.matching import (
    MatchSettings,
    changed_figures,
    claim_contexts,
    context_tokens,
    match_claims,
    same_value,
    similarity,
)
from copytrail.stages.claims.numbers import (
    parse_number,
    qualifier_class,
    thousands_dot_style,
    unit_key,
)
from copytrail.stages.claims.records import Claim, ClaimGroup, ClaimKind, Statement
from copytrail.stages.claims.sentences import sentence_spans

__all__ = [
    "SPACY_MODEL",
    "Claim",
    "ClaimGroup",
    "ClaimKind",
    "EntityFinder",
    "FigureKind",
    "MatchSettings",
    "Statement",
    "changed_figures",
    "claim_contexts",
    "context_tokens",
    "entity_finder",
    "excerpt",
    "extract_claims",
    "figure_kind",
    "is_trivial",
    "match_claims",
    "parse_number",
    "pieces",
    "qualifier_class",
    "rule_entities",
    "same_value",
    "sentence_spans",
    "similarity",
    "thousands_dot_style",
    "unit_key",
]
