"""Matching claims across documents: which statements are one claim, and did the copies change it.

Two claims are the same claim when their sentences sit at corresponding places of an alignment
(lexical or found by meaning), or when they state the same figure with the same hedge and their
sentences' content words overlap enough.  Figures are compared only where an alignment says two
sentences are one statement: similar wording alone never makes a "changed figure" (two stories
may say "below 300" and "around 300" about different things), and only where the passage is a
close copy whose passages keep the other figures (a copy edits one or two; a lone figure in
one shared sentence is no evidence): issues of a recurring report share a frame, not a copy.
Similarity joins are blocked by unit and prefix-filtered, so matching stays near-linear in the
number of claims.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

import numpy as np
import regex

from copytrail.records import Alignment
from copytrail.stages.claims.aligned import aligned_offers
from copytrail.stages.claims.columns import ClaimColumns, value_key
from copytrail.stages.claims.display import excerpt
from copytrail.stages.claims.match_settings import MatchSettings
from copytrail.stages.claims.numbers import STOP_WORDS, qualifier_class, rounded_equal
from copytrail.stages.claims.passages import passage_figures
from copytrail.stages.claims.records import Claim, ClaimGroup, Statement
from copytrail.stages.claims.similar import similar_pairs
from copytrail.stages.claims.translated import translated_offers
from copytrail.stages.segment import NO_SPACE_SCRIPTS, tokenize


def context_tokens(claim: Claim) -> frozenset[str]:
    """Content words of the claim's sentence without its figure and unit: what it is about."""
    return claim_contexts([claim])[0]


def claim_contexts(claims: Sequence[Claim]) -> list[frozenset[str]]:
    """:func:`context_tokens` of many claims, tokenising each sentence once (claims share them)."""
    out: list[frozenset[str]] = []
    key: tuple[str, int] | None = None
    words: list[tuple[int, str, str]] = []  # (start in sentence, norm, stem) of content words
    starts: list[int] = []
    norms: list[str] = []
    stems: list[str] = []
    for c in claims:
        if (c.doc, c.sentence_start) != key:
            key = (c.doc, c.sentence_start)
            words = _content_words(c.sentence)
            starts = [w[0] for w in words]
            norms = [w[1] for w in words]
            stems = [w[2] for w in words]
        rel_a, rel_b = c.start - c.sentence_start, c.end - c.sentence_start
        # The words starting inside the claim's phrase are a run of them (words are in order).
        lo, hi = bisect_left(starts, rel_a), bisect_left(starts, rel_b)
        unit_words = set(c.unit.split()) if c.unit else set()
        if unit_words.isdisjoint(norms[:lo]) and unit_words.isdisjoint(norms[hi:]):
            out.append(frozenset(stems[:lo] + stems[hi:]))
        else:
            out.append(frozenset(st for start, norm, st in words if not rel_a <= start < rel_b and norm not in unit_words))
    return out


# In lower-cased ASCII text, the words (runs of [a-z0-9_]) of three or more characters and no digit.
_ASCII_CONTENT_RE = re.compile(r"(?<![a-z0-9_])[a-z_]{3,}(?![a-z0-9_])")
_STEMS: dict[str, str] = {}


def _content_words(sentence: str) -> list[tuple[int, str, str]]:
    """``(start, norm, stem)`` of the sentence's words that may say what a claim is about (as
    :func:`context_tokens` keeps them): no stop word, no digit, three characters or more."""
    if sentence.isascii():  # the same words as tokenize's, found by one pattern
        found = [(m.start(), m.group()) for m in _ASCII_CONTENT_RE.finditer(sentence.lower())]
    else:
        found = _other_script_words(sentence)
    out = []
    for start, norm in found:
        if norm in STOP_WORDS:
            continue
        stem = _STEMS.get(norm)
        if stem is None:
            stem = _stem(norm)
            if len(_STEMS) < 500_000:
                _STEMS[norm] = stem
        out.append((start, norm, stem))
    return out


def _other_script_words(sentence: str) -> list[tuple[int, str]]:
    """``(start, norm)`` of a sentence's words of three characters or more, no digit, where the
    sentence is not ASCII.  Scripts written without spaces (Chinese, Japanese, Thai, Lao,
    Khmer, Myanmar) come out of ``tokenize`` a character (or cluster) at a time: there each
    pair of adjacent ones is a word, so a Japanese or Thai claim has a context too."""
    tokens = tokenize(sentence)
    found: list[tuple[int, str]] = []
    for k, t in enumerate(tokens):
        if _UNSPACED_RE.match(t.norm):
            after = tokens[k + 1] if k + 1 < len(tokens) else None
            if after is not None and after.start == t.end and _UNSPACED_RE.match(after.norm):
                found.append((t.start, t.norm + after.norm))
        elif len(t.norm) >= 3 and not any(ch.isdigit() for ch in t.norm):
            found.append((t.start, t.norm))
    return found


_UNSPACED_RE = regex.compile(f"[{NO_SPACE_SCRIPTS}]")


def _stem(word: str) -> str:
    """A crude English stem so that "began"/"begins", "districts"/"district" meet more often."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two token sets (0 when both are empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def same_value(a: Claim, b: Claim) -> bool:
    """Whether two claims state one figure: equal, equal but for float noise, or one the other rounded."""
    if a.kind != b.kind:
        return False
    va, vb = a.value, b.value
    if va == vb:  # the common case, first (equal floats are close)
        return True
    if isinstance(va, float) and isinstance(vb, float):
        gap = abs(va - vb)
        if gap > 1e-9 and gap > 0.1 * max(abs(va), abs(vb)):
            return False  # neither close nor one the other rounded (as rounded_equal's first test)
        return math.isclose(va, vb, rel_tol=1e-9, abs_tol=1e-9) or rounded_equal(va, a.surface, vb, b.surface)
    return False


_Candidates = dict[tuple[int, int], tuple[float, str]]  # (i, j) with i < j → best score, how found
_Link = tuple[int, int, str, float]  # claim i, claim j, how, score
_Similar = tuple["np.ndarray", "np.ndarray", "np.ndarray"]  # claims i < j and score, arrays


def match_claims(
    claims: Sequence[Claim],
    alignments: Sequence[Alignment] = (),
    settings: MatchSettings | None = None,
    *,
    paths: Mapping[str, str] | None = None,
    published: Mapping[str, str | None] | None = None,
    contexts: Sequence[frozenset[str]] | None = None,
) -> list[ClaimGroup]:
    """Group statements of the same claim across documents.

    Two claims are linked when (1) their sentences fall inside the two sides of one alignment
    at corresponding positions, with the same unit and some shared context, or (2) without an
    alignment, their sentences' content words overlap enough: a little when value and unit are
    equal, a lot when the value changed.  Each document pair is matched one-to-one, best first;
    linked claims form groups.  Claims that match nothing are not returned.  ``contexts``:
    the claims' :func:`context_tokens` when already known (stored claims carry no sentence).
    """
    settings = settings or MatchSettings()
    ctx = list(contexts) if contexts is not None else claim_contexts(claims)
    unit_keys = [c.unit_key for c in claims]
    columns = ClaimColumns.of(claims, unit_keys)
    candidates: _Candidates = {}
    _offer_aligned(claims, alignments, ctx, unit_keys, settings, candidates, columns)
    _drop_recurring(claims, candidates, settings.unconfirmed_changes)
    clear_copies = _drop_replaced_passages(claims, alignments, candidates, settings)
    _drop_formulas(claims, ctx, unit_keys, candidates, settings, clear_copies)
    similar = _offer_similar(claims, ctx, unit_keys, settings, columns)
    links, components = _link_one_to_one(claims, candidates, similar)
    members_of, links_of = _linked_groups(links, components)
    groups = [
        _group(claims, members, links_of[root], paths or {}, published or {})
        for root, members in members_of.items()
    ]
    groups.sort(key=lambda g: (not g.values_differ, -len(g.statements), g.id))
    return groups


def _offer(candidates: _Candidates, i: int, j: int, score: float, how: str) -> None:
    """Keep the strongest evidence for a pair of claims (the first offered wins a tie)."""
    key = (min(i, j), max(i, j))
    if key not in candidates or candidates[key][0] < score:
        candidates[key] = (score, how)


def _differ(a: Claim, b: Claim) -> bool:
    return not same_value(a, b) or qualifier_class(a.qualifier) != qualifier_class(b.qualifier)


def _drop_recurring(claims: Sequence[Claim], candidates: _Candidates, slack: int) -> None:
    """Forget the changed figures of two documents whose aligned figures mostly differ.

    A copy that edits a figure keeps most of the others; two issues of a recurring report
    ("a shortage of around 300 mln stg" one day, "around 450 mln stg" the next) share the
    template and change nearly every figure.  Per document pair, the aligned figures are
    paired one to one, best first; when more than ``slack`` pairs differ (a short copy may hold
    one figure only, and change it) and no more agree than differ, none of its differing pairs
    is offered (its agreeing ones still are).
    """
    by_pair: dict[tuple[str, str], list[tuple[float, int, int]]] = defaultdict(list)
    for (i, j), (score, how) in candidates.items():
        if how == "alignment":
            by_pair[(claims[i].doc, claims[j].doc)].append((score, i, j))
    for offered in by_pair.values():
        used: set[int] = set()
        agree = differ = 0
        for _score, i, j in sorted(offered, key=lambda t: (-t[0], t[1], t[2])):
            if i in used or j in used:
                continue
            used.update((i, j))
            if _differ(claims[i], claims[j]):
                differ += 1
            else:
                agree += 1
        if differ > slack and differ >= agree:
            for _score, i, j in offered:
                if _differ(claims[i], claims[j]):
                    del candidates[(i, j)]


def _drop_replaced_passages(
    claims: Sequence[Claim], alignments: Sequence[Alignment], candidates: _Candidates, settings: MatchSettings
) -> set[tuple[str, str]]:
    """Forget the changed figures of two documents whose copied passages replace more figures
    than a copy edits (:mod:`.passages`): more than ``copy_edits``, or at least as many as they
    keep.  This is the text's own evidence of a recurring report, where :func:`_drop_recurring`
    sees only the figures offered as pairs (a wrapped line cuts a sentence's context, so the
    replaced figures are not offered while the template's constant ones agree).  As there,
    one replaced figure alone is a copy's edit, unless nothing else in the passages is kept,
    they are shorter than ``lone_change_words`` and neither figure is repeated by a third
    document's copy (:func:`_campaign_figures`: a campaign's copies repeat the figure that one
    of them changed; a sentence of a template is filled with a new figure by each issue).
    Returns the document pairs whose passages are clear copies (``formula_clear_copy``)."""
    changed = [
        (i, j) for (i, j), (_score, how) in candidates.items() if how == "alignment" and _differ(claims[i], claims[j])
    ]
    if not changed:
        return set()
    pairs = {(claims[i].doc, claims[j].doc) for i, j in changed}
    copied = (al for al in alignments if al.kind == "translated" or al.score >= settings.changed_copy_score)
    counts = passage_figures(claims, copied, pairs, same_value)
    repeated = _campaign_figures(claims, candidates)
    for i, j in changed:
        kept, replaced, words = counts.get(tuple(sorted((claims[i].doc, claims[j].doc))), (0, 0, 0))  # type: ignore[arg-type]
        many_replaced = replaced > settings.unconfirmed_changes and (replaced >= kept or replaced > settings.copy_edits)
        lone_in_a_sentence = kept == 0 and words < settings.lone_change_words and not (i in repeated or j in repeated)
        if many_replaced or lone_in_a_sentence:
            del candidates[(i, j)]
    return {
        pair for pair, (kept, replaced, _words) in counts.items()
        if settings.formula_clear_copy and 0 < replaced <= settings.copy_edits and kept >= settings.formula_clear_copy * replaced
    }  # fmt: skip


def _campaign_figures(claims: Sequence[Claim], candidates: _Candidates) -> set[int]:
    """Claims whose figure another document's copy repeats, where the claims that alignments
    offer together (linked through one another) state two figures at most: a campaign, its
    figure and the one copy's change.  Where they state three or more, the sentence is a frame
    that each issue fills."""
    parent: dict[int, int] = {}

    def root(k: int) -> int:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    repeated: set[int] = set()
    for (i, j), (_score, how) in candidates.items():
        if how == "alignment":
            parent[root(i)] = root(j)
            if not _differ(claims[i], claims[j]):
                repeated.update((i, j))
    figures: defaultdict[int, set[tuple[float | str, str]]] = defaultdict(set)
    for k in parent:
        figures[root(k)].add((value_key(claims[k].value), qualifier_class(claims[k].qualifier)))
    return {k for k in repeated if len(figures[root(k)]) <= 2}


def _drop_formulas(
    claims: Sequence[Claim],
    ctx: Sequence[frozenset[str]],
    unit_keys: Sequence[str],
    candidates: _Candidates,
    settings: MatchSettings,
    clear_copies: Collection[tuple[str, str]] = (),
    checked: str | None = None,
) -> None:
    """Forget changed figures in formula sentences: frames (kind, unit, context words) that
    many documents fill with many different figures, as recurring reports do ("Non-callable
    for five years", "for seven years", ...).  A campaign's copies share a frame too, but
    repeat its figure: their distinct figures stay few.  ``checked``: a document whose own
    figures do not count towards a formula (``check``'s new text: its change would otherwise
    make the sentence it changes look like a template).  (A verbatim copy that changes one
    figure of such a formula, an earnings line "Shr 37 cts vs 27 cts", is left out too: the
    price of never calling a recurring report a changed copy.)"""
    changed = [
        (i, j) for (i, j), (_score, how) in candidates.items() if how == "alignment" and _differ(claims[i], claims[j])
    ]
    if not changed:
        return
    involved = {k for pair in changed for k in pair}
    frame_of = {k: (claims[k].kind, unit_keys[k], ctx[k]) for k in involved}
    wanted = set(frame_of.values())
    docs: dict[tuple[str, str, frozenset[str]], set[str]] = defaultdict(set)
    figures: dict[tuple[str, str, frozenset[str]], set[tuple[float | str, str]]] = defaultdict(set)
    for k, c in enumerate(claims):
        frame = (c.kind, unit_keys[k], ctx[k])
        if frame in wanted and c.doc != checked:
            docs[frame].add(c.doc)
            figures[frame].add((value_key(c.value), qualifier_class(c.qualifier)))
    formulas = {
        frame for frame in wanted
        if len(docs[frame]) >= settings.template_documents
        and len(figures[frame]) >= max(settings.template_figures, settings.formula_figures(len(docs[frame])))
    }
    for i, j in changed:
        copy = tuple(sorted((claims[i].doc, claims[j].doc))) in clear_copies
        if (frame_of[i] in formulas or frame_of[j] in formulas) and not copy:
            del candidates[(i, j)]


def _offer_aligned(
    claims: Sequence[Claim],
    alignments: Sequence[Alignment],
    ctx: Sequence[frozenset[str]],
    unit_keys: Sequence[str],
    settings: MatchSettings,
    candidates: _Candidates,
    columns: ClaimColumns | None = None,
) -> None:
    """Offer claims at corresponding positions of two aligned passages: copied text is the best
    evidence (the pairs and scores of :func:`.aligned.aligned_offers`, and a translated passage's
    figures, :func:`.translated.translated_offers`; a pair offered by several alignments keeps
    its best score)."""
    for a, b, found in translated_offers(claims, alignments, same_value):  # a translation: its figures alone
        _offer(candidates, a, b, found, "alignment")
    i, j, score = aligned_offers(claims, alignments, ctx, unit_keys, settings, same_value, columns)
    if not len(i):
        return
    n = len(claims)
    key = np.minimum(i, j) * n + np.maximum(i, j)
    best = np.lexsort((-score, key))
    first = best[np.r_[True, key[best][1:] != key[best][:-1]]]
    for k, s in zip(key[first].tolist(), score[first].tolist(), strict=True):
        _offer(candidates, k // n, k % n, s, "alignment")


def _offer_similar(
    claims: Sequence[Claim],
    ctx: Sequence[frozenset[str]],
    unit_keys: Sequence[str],
    settings: MatchSettings,
    columns: ClaimColumns | None = None,
) -> _Similar:
    """Claims that state the same figure with the same hedge in similar sentences, for copies
    that no alignment found.  A changed figure is never offered here: without an alignment, two
    sentences that share words may still be two statements.

    Never all pairs: claims are blocked by unit (dates by precision), equal values are joined
    at the low threshold inside their (unit, value) block, and bare numbers at the high one,
    each join a prefix-filtered set-similarity join over arrays (:mod:`.similar`).  A year
    alone is not joined (``similar_years``): only a copied passage makes two of them one.
    """
    return similar_pairs(
        claims, ctx, unit_keys,
        same_value_similarity=settings.same_value_similarity,
        changed_value_similarity=settings.changed_value_similarity,
        max_bucket_df=settings.max_bucket_df,
        max_changed_df=settings.max_changed_df,
        same_value=same_value,
        columns=columns,
        years=settings.similar_years,
    )


class _Components:
    """Union-find over claims that also knows the documents of each component (as numbers)."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.parent = list(range(len(claims)))
        doc_of: dict[str, int] = {}
        self.doc = [doc_of.setdefault(c.doc, len(doc_of)) for c in claims]
        # Documents of each component at its root, made at its first join (a root without
        # them is a lone claim: its own document); None elsewhere.
        self.docs: list[set[int] | None] = [None] * len(claims)

    def find(self, x: int) -> int:
        """The root of x's component (halving the path on the way)."""
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join_roots(self, ri: int, rj: int) -> bool:
        """Merge the components of roots ri and rj (two, already found), unless that would put
        two statements of one document in a group (so a claim is never linked twice into one
        document either)."""
        di = self.docs[ri] or {self.doc[ri]}
        dj = self.docs[rj] or {self.doc[rj]}
        if not di.isdisjoint(dj):
            return False  # a claim group holds at most one statement per document
        if len(di) < len(dj):  # the smaller joins the larger
            ri, rj, di, dj = rj, ri, dj, di
        self.parent[rj] = ri
        di |= dj
        self.docs[ri] = di
        self.docs[rj] = None
        return True

    def roots(self) -> np.ndarray:
        """Every claim's root at once (pointer jumping over the arrays: no walk per claim)."""
        parent = np.array(self.parent, dtype=np.int64)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                return parent
            parent = grand


def _link_one_to_one(
    claims: Sequence[Claim], candidates: _Candidates, similar: _Similar | None = None
) -> tuple[list[_Link], _Components]:
    """Accept candidates best first, one partner per claim in each other document, so a group never forks.

    ``similar``: pairs offered by similar wording (``i``, ``j``, score arrays); where a pair is
    also in ``candidates`` the higher score wins (a tie keeps ``candidates``').  Ties of score
    go by ``(i, j)``.
    """
    n = len(claims)
    keys = np.fromiter((i * n + j for i, j in candidates), dtype=np.int64, count=len(candidates))
    scores = np.fromiter((score for score, _how in candidates.values()), dtype=np.float64, count=len(candidates))
    by_alignment = [how for _score, how in candidates.values()]
    if similar is not None and len(similar[0]):
        sim_keys = similar[0] * n + similar[1]
        order = np.argsort(keys, kind="stable")
        at = np.searchsorted(keys[order], sim_keys)
        found = at < len(keys)
        found[found] = keys[order][at[found]] == sim_keys[found]
        beats = similar[2][found] > scores[order][at[found]]
        replaced = order[at[found][beats]]
        scores[replaced] = similar[2][found][beats]
        for k in replaced.tolist():
            by_alignment[k] = "similarity"
        keys = np.concatenate([keys, sim_keys[~found]])
        scores = np.concatenate([scores, similar[2][~found]])
        by_alignment += ["similarity"] * int((~found).sum())
    rank = np.lexsort((keys % n, keys // n, -scores)) if len(keys) else np.zeros(0, dtype=np.int64)
    # One partner per claim in each other document needs no test of its own: a claim already
    # linked into a document has that document in its group, which the join turns down.
    components = _Components(claims)
    links: list[_Link] = []
    parent, join_roots = components.parent, components.join_roots
    # Best first, a slice at a time: four Python integers per candidate for all of them at
    # once were the regroup's largest memory (a million candidates for 159k claims).
    for at in range(0, len(rank), _LINK_SLICE):
        part = rank[at : at + _LINK_SLICE]
        ranked = keys[part]
        for k, i, j, score in zip(part.tolist(), (ranked // n).tolist(), (ranked % n).tolist(), scores[part].tolist(), strict=True):
            # Components.find inlined (most candidates join claims already in one group):
            ri = i
            while parent[ri] != ri:
                parent[ri] = parent[parent[ri]]
                ri = parent[ri]
            rj = j
            while parent[rj] != rj:
                parent[rj] = parent[parent[rj]]
                rj = parent[rj]
            if ri != rj and join_roots(ri, rj):
                links.append((i, j, by_alignment[k], score))
    return links, components


_LINK_SLICE = 100_000  # candidates turned into Python integers at once when linking


def _linked_groups(
    links: Sequence[_Link], components: _Components
) -> tuple[dict[int, list[int]], dict[int, list[_Link]]]:
    """Members (in claim order) and links of each linked component, by root: claims without a link are left out."""
    if not links:
        return {}, {}
    roots = components.roots()
    link_roots = roots[np.fromiter((link[0] for link in links), dtype=np.int64, count=len(links))]
    linked, first_link = np.unique(link_roots, return_index=True)
    members = np.flatnonzero(np.isin(roots, linked))  # claim order
    by_root = members[np.argsort(roots[members], kind="stable")]  # then by root, claim order kept
    cuts = np.searchsorted(roots[by_root], linked).tolist() + [len(by_root)]
    of_root = {root: by_root[lo:hi].tolist() for root, lo, hi in zip(linked.tolist(), cuts[:-1], cuts[1:], strict=True)}
    members_of = {root: of_root[root] for root in link_roots[np.sort(first_link)].tolist()}  # by first link
    links_of: dict[int, list[_Link]] = defaultdict(list)
    for link, root in zip(links, link_roots.tolist(), strict=True):
        links_of[root].append(link)
    return members_of, links_of


def _group(
    claims: Sequence[Claim],
    members: list[int],
    links: list[tuple[int, int, str, float]],
    paths: Mapping[str, str],
    published: Mapping[str, str | None],
) -> ClaimGroup:
    items = sorted(members, key=lambda i: (published.get(claims[i].doc) or "9999", claims[i].doc, claims[i].start))
    statements = [Statement(claims[i], paths.get(claims[i].doc), published.get(claims[i].doc)) for i in items]
    first = min((claims[i].doc, claims[i].value_start) for i in members)
    gid = "c" + hashlib.sha1(f"{first[0]}:{first[1]}".encode()).hexdigest()[:10]
    values = [claims[i] for i in items]
    # Only linked statements are compared: a group is a chain of links, and two statements
    # joined through others were never said to be one statement (issues of a recurring report
    # may meet through a third).
    at = {i: k for k, i in enumerate(items)}
    linked = [(values[at[a]], values[at[b]]) for a, b, _how, _score in links]
    numbers_differ = any(not same_value(a, b) for a, b in linked)
    qualifiers_differ = any(qualifier_class(a.qualifier) != qualifier_class(b.qualifier) for a, b in linked)
    # The label is the first statement's own sentence (never its stems, never set order).
    lead = values[0]
    text, mark_start, mark_end = excerpt(
        lead.sentence, lead.value_start - lead.sentence_start, lead.value_end - lead.sentence_start
    ) if lead.sentence else (lead.surface, 0, len(lead.surface))
    return ClaimGroup(
        id=gid,
        text=text,
        highlight=(mark_start, mark_end),
        kind=values[0].kind,
        unit=values[0].unit,
        statements=statements,
        links=[(claims[a].id, claims[b].id, how, round(score, 4)) for a, b, how, score in links],
        numbers_differ=numbers_differ,
        qualifiers_differ=qualifiers_differ,
    )



def changed_figures(
    claims: Sequence[Claim], alignments: Sequence[Alignment], settings: MatchSettings | None = None, checked: str | None = None
) -> list[tuple[Claim, Claim]]:
    """Pairs ``(source claim, target claim)`` that one alignment says are one statement and
    whose figure or hedge differs: what a copy changed, oriented as the alignments are.

    Only alignment evidence counts here (never similar wording alone), one partner per claim
    in each other document, best first, as :func:`match_claims` links them.  ``checked``: the
    document under question, whose figures do not count towards a formula (``_drop_formulas``).
    """
    settings = settings or MatchSettings()
    ctx = claim_contexts(claims)
    unit_keys = [c.unit_key for c in claims]
    candidates: _Candidates = {}
    _offer_aligned(claims, alignments, ctx, unit_keys, settings, candidates)
    _drop_recurring(claims, candidates, settings.unconfirmed_changes)
    clear_copies = _drop_replaced_passages(claims, alignments, candidates, settings)
    _drop_formulas(claims, ctx, unit_keys, candidates, settings, clear_copies, checked)
    links, _components = _link_one_to_one(claims, candidates)
    sources = {al.source.doc for al in alignments}
    out: list[tuple[Claim, Claim]] = []
    for i, j, _how, _score in links:
        a, b = claims[i], claims[j]
        if not _differ(a, b):
            continue
        out.append((a, b) if a.doc in sources else (b, a))
    out.sort(key=lambda pair: (pair[1].doc, pair[1].value_start, pair[0].doc))
    return out
