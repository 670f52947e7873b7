"""False "figures disagree" on Reuters-21578 + BBC, with planted changed figures as the labels.

    .venv/bin/python bench/claims_disagreements.py [--copies 1000] [--out bench/claims_disagreements.json]

The corpus is every Reuters and BBC story plus, for ``--copies`` stories holding at least two
figures, two copies published a day later: one with a single figure changed (the label: which
figure, from what to what) and one verbatim (a control); and, for ``--edited`` other stories,
a changed copy whose other words are also reworded (up to ``--edit-rate`` of them deleted,
replaced or added; figures kept), as an editor republishing a story would; and, with
``--partial``, for other stories, a page that quotes about 300 characters either side of one
changed figure between the openings of two other stories (their own figures).  A scan with
claims on groups them; then, for every group whose figures disagree:

- **planted**: the group holds a story and its copy.  Each of its changes (a linked pair of
  statements whose figures differ) that pairs a story with its own copy or control is right
  when it goes from the story's (or control's) figure to the changed copy's at the label's
  place (also counted: from another story's statement of the old figure, as written, to the
  changed copy's: the copy joined the claim through that statement); any other such change (a
  story and its verbatim control, or a story and its copy at any other figure) is a false
  disagreement (the copy states every other figure exactly as the story does).
- **natural**: the group holds only original stories.  Nothing is labelled there, so each
  change's two sentences are compared (figures masked, word sequence ratio); pairs under
  ``--same`` are listed as suspects to read, and counted.

Reports groups, disagreeing groups, planted changes found (recall, verbatim and reworded copies
apart), false disagreements per 1,000 groups holding a planted copy, disagreeing groups of
original stories per 1,000 groups (all, and holding only original stories), for each matching
variant in ``VARIANTS``: the matching as shipped, as it was before the near-copy and majority
rules, each candidate rule alone on top of the latter, and variants of the shipped rules, all
regrouping one store (``--show-natural`` prints the natural changes to classify by hand).
``--db`` keeps the store and its labels (``<db>.labels.json``), which ``--reuse`` reads back.
Nothing here is shipped.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpora import bbc, reuters, write_jsonl  # noqa: E402

_NUMBER = re.compile(r"\d[\d,.]*")


def _changed_surface(surface: str, rng: random.Random) -> str | None:
    """The figure's digits replaced by another number written the same way ("1,250" → "1,730")."""
    digits = _NUMBER.search(surface)
    if digits is None:
        return None
    old = digits.group()
    plain = old.replace(",", "")
    if not plain.replace(".", "", 1).isdigit():
        return None
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    value = float(plain)
    new_value = value * rng.choice([0.5, 0.7, 1.3, 1.5, 2.0, 3.0]) + (1 if value < 2 else 0)
    new = f"{new_value:,.{decimals}f}" if "," in old else f"{new_value:.{decimals}f}"
    if new == old:
        return None
    return surface[: digits.start()] + new + surface[digits.end() :]


_NEAR = 16  # characters around a figure's phrase where no word is reworded (a word there may read as a hedge)


def _reworded(text: str, kept: list[tuple[int, int]], rate: float, vocabulary: list[str], rng: random.Random) -> str:
    """``text`` with about ``rate`` of its words deleted, replaced or followed by another word, as
    an editor rewording a copy would; words holding a digit, inside a ``kept`` span (the figures
    with their units and hedges) or within a short word of one stay as they are, so that no
    figure, hedge or unit changes."""
    out: list[str] = []
    at = 0
    for word in re.finditer(r"\S+", text):
        out.append(text[at : word.start()])
        at = word.end()
        roll = rng.random()
        if roll >= rate or any(ch.isdigit() for ch in word.group()) or any(a - _NEAR < word.end() and word.start() < b + _NEAR for a, b in kept):
            out.append(word.group())
        elif roll < 2 * rate / 3:
            out.append(rng.choice(vocabulary) if roll >= rate / 3 else "")  # replaced, or deleted
        else:
            out.append(word.group() + " " + rng.choice(vocabulary))
    out.append(text[at:])
    return "".join(out)


def planted_copies(
    records: list[dict], count: int, seed: int = 7, edited: int = 0, edit_rate: float = 0.4
) -> tuple[list[dict], list[dict]]:
    """Changed copies and verbatim controls of ``count`` stories, with what was changed where;
    then ``edited`` more changed copies of other stories, also reworded at a rate up to
    ``edit_rate`` of their words (figures kept), labelled ``"edited": true``."""

    rng = random.Random(seed)
    dated = [r for r in records if r.get("published") or r["outlet"] == "BBC"]
    rng.shuffle(dated)
    vocabulary = sorted({w for r in records[:2000] for w in r["text"].split()[:50] if w.isalpha()})
    copies: list[dict] = []
    labels: list[dict] = []
    for record in dated:
        if len(labels) >= count + edited:
            break
        chosen = _figure_to_change(record["text"], rng)
        if chosen is None:
            continue
        found, claim, new_surface = chosen
        text = record["text"]
        reword = len(labels) >= count
        before, after = text[: claim.value_start], text[claim.value_end :]
        if reword:
            rate = rng.uniform(0.02, edit_rate)
            kept = [(c.start, c.end) for c in found]
            before = _reworded(before, kept, rate, vocabulary, rng)
            after = _reworded(after, [(a - claim.value_end, b - claim.value_end) for a, b in kept], rate, vocabulary, rng)
        changed = before + new_surface + after
        published = record.get("published") or "2005-01-01T00:00:00+00:00"
        later = published[:8] + f"{min(int(published[8:10]) + 1, 28):02d}" + published[10:]
        n = len(labels)
        copies.append({"id": f"changed-{n}", "text": changed, "outlet": f"copier-{n % 13}", "published": later})
        if not reword:
            copies.append({"id": f"control-{n}", "text": text, "outlet": f"copier-{n % 13}", "published": later})
        labels.append({
            "source": record["id"], "changed": f"changed-{n}", "control": f"control-{n}",
            "value_start": claim.value_start, "copy_value_start": len(before), "old": claim.surface, "new": new_surface,
            "edited": reword,
        })
    return copies, labels


def _figure_to_change(text: str, rng: random.Random) -> tuple[list, object, str] | None:
    """Every claim of ``text``, one of its written figures chosen to change, and the new
    figure; None when it states fewer than two figures or the chosen one cannot change."""
    from copytrail.stages.claims import extract_claims

    found = extract_claims(text)
    quantities = [c for c in found if c.kind == "quantity" and any(ch.isdigit() for ch in c.surface)]
    if len(quantities) < 2:
        return None
    claim = rng.choice(quantities)
    new_surface = _changed_surface(claim.surface, rng)
    return None if new_surface is None else (found, claim, new_surface)


def _window(text: str, start: int, end: int, reach: int) -> tuple[int, int]:
    """About ``reach`` characters either side of ``start:end``, cut at whitespace."""
    a, b = max(0, start - reach), min(len(text), end + reach)
    if a > 0:
        a = text.find(" ", a, start) + 1 or a
    if b < len(text):
        b = text.rfind(" ", end, b) if text.rfind(" ", end, b) > end else b
    return a, b


def partial_copies(records: list[dict], count: int, taken: set[str], seed: int = 11, reach: int = 300) -> tuple[list[dict], list[dict]]:
    """Changed partial copies of ``count`` stories (not in ``taken``): about ``reach`` characters
    either side of one figure, changed, between the openings of two other stories (with their
    own figures), as a page that quotes a passage among its own text would; labelled
    ``"partial": true``."""

    rng = random.Random(seed)
    dated = [r for r in records if (r.get("published") or r["outlet"] == "BBC") and r["id"] not in taken]
    rng.shuffle(dated)
    copies: list[dict] = []
    labels: list[dict] = []
    for record in dated:
        if len(labels) >= count:
            break
        chosen = _figure_to_change(record["text"], rng)
        if chosen is None:
            continue
        _found, claim, new_surface = chosen
        text = record["text"]
        a, b = _window(text, claim.value_start, claim.value_end, reach)
        own = [r["text"][: _window(r["text"], 0, 0, 400)[1]] for r in rng.sample(dated, 2) if r is not record]
        if len(own) < 2:
            continue
        lead = own[0] + "\n\n"
        quoted = text[a : claim.value_start] + new_surface + text[claim.value_end : b]
        published = record.get("published") or "2005-01-01T00:00:00+00:00"
        later = published[:8] + f"{min(int(published[8:10]) + 1, 28):02d}" + published[10:]
        n = len(labels)
        copies.append({"id": f"partial-{n}", "text": lead + quoted + "\n\n" + own[1], "outlet": f"quoter-{n % 7}", "published": later})
        labels.append({
            "source": record["id"], "changed": f"partial-{n}", "control": f"no-control-{n}",
            "value_start": claim.value_start, "copy_value_start": len(lead) + claim.value_start - a,
            "old": claim.surface, "new": new_surface, "edited": False, "partial": True,
        })
    return copies, labels


def _record_ids(store: object) -> dict[str, str]:
    """Store document id → the record id it was read from (``id=…`` of its JSONL line)."""
    from copytrail.records import record_of

    out = {}
    for doc, key, file in store.con.execute("SELECT id, source_key, file FROM documents").fetchall():  # type: ignore[attr-defined]
        record = record_of(key, file) or ""
        out[doc] = record.removeprefix("id=")
    return out


def _masked(sentence: str) -> list[str]:
    return [("#" if any(ch.isdigit() for ch in w) else w.casefold()) for w in sentence.split()]


def judge(rows: list[dict], labels: list[dict], names: dict[str, str], same: float) -> dict[str, object]:
    """Sort the changes of disagreeing groups (each a linked pair of statements) into planted
    (right or false) and natural (same statement or suspect)."""
    by_copy = {}
    for label in labels:
        by_copy[label["changed"]] = (label, True)
        by_copy[label["control"]] = (label, False)
    found: set[str] = set()
    through_another: set[str] = set()
    false_planted: list[dict] = []
    natural = suspects = planted_groups = 0
    between_originals = 0  # changes whose two statements are both original stories', in any group
    suspect_rows: list[dict] = []
    natural_rows: list[dict] = []  # every change of a group of original stories only, to read by hand
    for row in rows:
        statements = row["statements"]
        records = [names.get(s["doc"], "") for s in statements]
        planted = any(r in by_copy for r in records)
        planted_groups += planted
        if not row["values_differ"]:
            continue
        between_originals += sum(
            1 for change in row["changes"] if records[change["from"]] not in by_copy and records[change["to"]] not in by_copy
        )
        if planted:
            for change in row["changes"]:
                verdict = _planted_change(change, statements, records, by_copy)
                if verdict is True:
                    found.add(next(by_copy[records[k]][0]["changed"] for k in (change["from"], change["to"]) if records[k] in by_copy))
                elif verdict == "through another":
                    through_another.add(next(records[k] for k in (change["from"], change["to"]) if records[k] in by_copy))
                elif verdict is not None:
                    false_planted.append(verdict)
            continue
        natural += 1
        for change in row["changes"]:
            before, after = statements[change["from"]], statements[change["to"]]
            natural_rows.append({"group": row["claim"], "docs": [records[change["from"]], records[change["to"]]],
                                 "published": [before.get("published"), after.get("published")],
                                 "figures": [before["figure"], after["figure"]],
                                 "sentences": [before["sentence"], after["sentence"]]})
            ratio = difflib.SequenceMatcher(None, _masked(before["sentence"]), _masked(after["sentence"])).ratio()
            if ratio < same:
                suspects += 1
                suspect_rows.append({"ratio": round(ratio, 3), "first": before["sentence"], "other": after["sentence"],
                                     "figures": [before["figure"], after["figure"]],
                                     "docs": [records[change["from"]], records[change["to"]]]})
                break
    edited = {label["changed"] for label in labels if label.get("edited")}
    partial = {label["changed"] for label in labels if label.get("partial")}
    through_only = through_another - found
    found |= through_another
    return {
        "planted_found": len(found - edited - partial),
        "edited_found": len(found & edited),
        "partial_found": len(found & partial),
        "planted_found_through_another": len(through_only - edited - partial),
        "edited_found_through_another": len(through_only & edited),
        "planted_groups": planted_groups,
        "false_planted": false_planted,
        "natural_differ_groups": natural,
        "changes_between_original_stories": between_originals,
        "natural_suspects": suspects,
        "suspect_rows": suspect_rows,
        "natural_rows": natural_rows,
    }


def _through_another(change: dict, statements: list[dict], records: list[str], label: dict) -> str | None:
    """``"through another"`` when a change pairs the changed copy's figure (at the label's place)
    with another story's statement of the story's old figure (as written, same hedge): the
    planted change, shown from another outlet's statement of the same claim.  Else None (a copy
    and another story: not labelled)."""
    sides = (change["from"], change["to"])
    if label["changed"] not in (records[k] for k in sides):
        return None
    copy_at = sides[0] if records[sides[0]] == label["changed"] else sides[1]
    other = statements[sides[1] if copy_at == sides[0] else sides[0]]
    copy = statements[copy_at]
    at = label.get("copy_value_start", label["value_start"])
    if copy["value_start"] == at and other["surface"] == label["old"] and other["qualifier"] == copy["qualifier"]:
        return "through another"
    return None


def _planted_change(change: dict, statements: list[dict], records: list[str], by_copy: dict) -> bool | str | dict | None:
    """One change of a group holding a planted copy: True when it is the planted change (the
    story's or its control's figure → the changed copy's, at the label's place), ``"through
    another"`` when it is the planted change from another story's statement of the old figure,
    the false disagreement when it pairs a planted copy with its own story otherwise, else None."""
    sides = (change["from"], change["to"])
    copies = [k for k in sides if records[k] in by_copy]
    if not copies:
        return None  # two original stories
    label, _is_changed = by_copy[records[copies[0]]]
    family = {label["source"], label["control"], label["changed"]}
    if not all(records[k] in family for k in sides):
        return _through_another(change, statements, records, label)
    # the story or control first (an undated BBC story is listed after its dated copy)
    origin_at, copy_at = sides if records[sides[1]] == label["changed"] or records[sides[0]] == label["source"] else sides[::-1]
    origin, copy = statements[origin_at], statements[copy_at]
    at = label.get("copy_value_start", label["value_start"])
    if records[copy_at] == label["changed"] and origin["value_start"] == label["value_start"] and copy["value_start"] == at:
        return True
    return {"label": label, "origin": origin["figure"], "copy": copy["figure"], "copy_doc": records[copy_at],
            "origin_sentence": origin["sentence"], "copy_sentence": copy["sentence"]}


def _pairs_of_changes(claims: list, candidates: dict) -> dict[tuple[str, str], list[tuple[int, int, bool]]]:
    """Aligned candidates per document pair, one partner per claim best first, as the recurring
    rule pairs them: (claim, claim, whether they differ)."""
    from copytrail.stages.claims import matching

    by_pair: dict[tuple[str, str], list[tuple[float, int, int]]] = {}
    for (i, j), (score, how) in candidates.items():
        if how == "alignment":
            by_pair.setdefault((claims[i].doc, claims[j].doc), []).append((score, i, j))
    out = {}
    for pair, offered in by_pair.items():
        used: set[int] = set()
        out[pair] = []
        for _score, i, j in sorted(offered, key=lambda t: (-t[0], t[1], t[2])):
            if i not in used and j not in used:
                used.update((i, j))
                out[pair].append((i, j, matching._differ(claims[i], claims[j])))
    return out


def _drop_changes_of(claims: list, candidates: dict, unconvinced: set[tuple[str, str]]) -> None:
    from copytrail.stages.claims import matching

    for (i, j), (_score, how) in list(candidates.items()):
        if how == "alignment" and (claims[i].doc, claims[j].doc) in unconvinced and matching._differ(claims[i], claims[j]):
            del candidates[(i, j)]


def another_figure_agrees(claims: list, alignments: list, candidates: dict, **_: object) -> None:
    """Variant rule: a pair keeps its changed figures only where another aligned figure agrees."""
    pairs = _pairs_of_changes(claims, candidates)
    _drop_changes_of(claims, candidates, {p for p, links in pairs.items() if not any(not d for _i, _j, d in links)})


def a_rare_figure_agrees(claims: list, alignments: list, candidates: dict, rare: int = 3, **_: object) -> None:
    """Variant rule: ... only where an agreeing aligned figure is stated by at most ``rare`` documents."""
    from copytrail.stages.claims.columns import value_key

    holders: dict[tuple, set[str]] = {}
    for c in claims:
        holders.setdefault((c.kind, c.unit_key, value_key(c.value)), set()).add(c.doc)
    pairs = _pairs_of_changes(claims, candidates)

    def rare_agreement(links: list) -> bool:
        return any(not d and len(holders[(claims[i].kind, claims[i].unit_key, value_key(claims[i].value))]) <= rare for i, _j, d in links)
    _drop_changes_of(claims, candidates, {p for p, links in pairs.items() if not rare_agreement(links)})


def alignment_covers(claims: list, alignments: list, candidates: dict, lengths: dict | None = None, share: float = 0.5, **_: object) -> None:
    """Variant rule: ... only where the pair's passages cover ``share`` of the shorter document."""
    lengths = lengths or {}
    covered: dict[tuple[str, str], list[int]] = {}
    for al in alignments:
        for pair, a, b in (((al.source.doc, al.target.doc), al.source, al.target), ((al.target.doc, al.source.doc), al.target, al.source)):
            sides = covered.setdefault(pair, [0, 0])
            sides[0] += a.end - a.start
            sides[1] += b.end - b.start
    thin = set()
    for pair, (left, right) in covered.items():
        shorter = min(lengths.get(pair[0], 0), lengths.get(pair[1], 0)) or 1
        if (left if lengths.get(pair[0], 0) <= lengths.get(pair[1], 0) else right) < share * shorter:
            thin.add(pair)
    _drop_changes_of(claims, candidates, thin)


_COLUMN_GAP = re.compile(r"(?<=\S)(?: {3,}|\t)(?=\S)")


def table_cells(claims: list, alignments: list, candidates: dict, texts: dict | None = None, gaps: int = 2, **_: object) -> None:
    """Variant rule: a figure in a table's row (a line with ``gaps`` or more column gaps: runs
    of three spaces or a tab between words) is a cell, whose meaning its column gives; a
    differing cell is never a changed figure."""
    from copytrail.stages.claims import matching

    texts = texts or {}
    tabular: dict[int, bool] = {}

    def in_table(k: int) -> bool:
        if k not in tabular:
            c = claims[k]
            sentence = texts.get(c.doc, "")[c.sentence_start : c.sentence_end]
            tabular[k] = len(_COLUMN_GAP.findall(sentence)) >= gaps
        return tabular[k]

    for (i, j), (_score, how) in list(candidates.items()):
        if how == "alignment" and matching._differ(claims[i], claims[j]) and (in_table(i) or in_table(j)):
            del candidates[(i, j)]


def figures_mostly_shared(claims: list, alignments: list, candidates: dict, share: float = 0.5, **_: object) -> None:
    """Variant rule: two documents keep their changed figures only when, of the figures of the
    one that states fewer, those stated anywhere in the other are at least ``share`` of those
    and the ones stated nowhere there (the figures at stake left out): a copy keeps its story's
    figures; another issue of a report states new ones where no passage aligns."""
    from copytrail.stages.claims import matching
    from copytrail.stages.claims.columns import value_key

    changed = [(i, j) for (i, j), (_s, how) in candidates.items() if how == "alignment" and matching._differ(claims[i], claims[j])]
    at_stake: dict[tuple[str, str], set[int]] = {}
    for i, j in changed:
        at_stake.setdefault(tuple(sorted((claims[i].doc, claims[j].doc))), set()).update((i, j))  # type: ignore[arg-type]
    docs = {doc for pair in at_stake for doc in pair}
    figures: dict[str, list[tuple[int, tuple]]] = {}
    for k, c in enumerate(claims):
        if c.doc in docs:
            figures.setdefault(c.doc, []).append((k, (c.kind, c.unit_key, value_key(c.value))))
    unshared = set()
    for pair, stake in at_stake.items():
        fewer, more = sorted((figures[pair[0]], figures[pair[1]]), key=len)
        there = {key for _k, key in more}
        kept = sum(key in there for _k, key in fewer)
        new = sum(key not in there and k not in stake for k, key in fewer)
        if kept < share * (kept + new):
            unshared.add(pair)
    for i, j in changed:
        if tuple(sorted((claims[i].doc, claims[j].doc))) in unshared:
            del candidates[(i, j)]


def formulas_but_clear_copies(
    claims: list, alignments: list, candidates: dict, ctx: list | None = None, unit_keys: list | None = None,
    kept_per_replaced: int = 4, **_: object,
) -> None:
    """Variant rule (with the formula rule off): the formula rule as shipped, except for two
    documents whose copied passages keep ``kept_per_replaced`` figures or more per figure they
    replace (and replace no more than a copy edits): a copy, even of a formula line."""
    from copytrail.stages.claims import MatchSettings, matching
    from copytrail.stages.claims.passages import passage_figures

    settings = MatchSettings()
    changed = {(i, j) for (i, j), (_s, how) in candidates.items() if how == "alignment" and matching._differ(claims[i], claims[j])}
    pairs = {(claims[i].doc, claims[j].doc) for i, j in changed}
    copied = [al for al in alignments if al.kind == "translated" or al.score >= settings.changed_copy_score]
    counts = passage_figures(claims, copied, pairs, matching.same_value)

    def clear_copy(i: int, j: int) -> bool:
        kept, replaced, _words = counts.get(tuple(sorted((claims[i].doc, claims[j].doc))), (0, 0, 0))  # type: ignore[arg-type]
        return replaced <= settings.copy_edits and kept >= kept_per_replaced * replaced

    judged = {key: candidates[key] for key in changed if not clear_copy(*key)}
    matching._drop_formulas(claims, ctx or [], unit_keys or [], judged, settings)
    for key in changed:
        if key in judged or clear_copy(*key):
            continue
        del candidates[key]


def passages_keep_a_figure(claims: list, alignments: list, candidates: dict, words: int = 10**9, **_: object) -> None:
    """Variant rule: two documents keep their changed figures only when their copied passages
    also keep a figure, or match ``words`` words or more (one sentence of a template holding one
    figure, filled anew, is not told from a copy otherwise)."""
    from copytrail.stages.claims import MatchSettings, matching
    from copytrail.stages.claims.passages import passage_figures

    settings = MatchSettings()
    changed = [(i, j) for (i, j), (_s, how) in candidates.items() if how == "alignment" and matching._differ(claims[i], claims[j])]
    pairs = {(claims[i].doc, claims[j].doc) for i, j in changed}
    copied = [al for al in alignments if al.kind == "translated" or al.score >= settings.changed_copy_score]
    counts = passage_figures(claims, copied, pairs, matching.same_value)
    matched: dict[tuple[str, str], int] = {}
    for al in copied:
        key = tuple(sorted((al.source.doc, al.target.doc)))
        matched[key] = matched.get(key, 0) + al.matched_words  # type: ignore[index]
    for i, j in changed:
        key = tuple(sorted((claims[i].doc, claims[j].doc)))
        if counts.get(key, (0, 0, 0))[0] == 0 and matched.get(key, 0) < words:  # type: ignore[arg-type, call-overload]
            del candidates[(i, j)]


def recurring_before(claims: list, alignments: list, candidates: dict, **_: object) -> None:
    """The recurring-report rule as it was: a pair's changes go when more figures differ than agree, beyond one."""
    pairs = _pairs_of_changes(claims, candidates)
    _drop_changes_of(claims, candidates, {
        p for p, links in pairs.items() if sum(d for _i, _j, d in links) > sum(not d for _i, _j, d in links) + 1
    })


# Before this work: no near-copy test, the recurring rule as it was.  Each rule below is measured
# alone on top of that, then the rules as shipped together.
BEFORE = {"changed_copy_score": 0.0, "unconfirmed_changes": 10**6}
VARIANTS: dict[str, tuple[dict, tuple]] = {  # name -> (MatchSettings changes, extra pair rules run after the aligned offers)
    "as shipped": ({}, ()),
    "before": (BEFORE, (recurring_before,)),
    "near-copy passage >= 0.8 alone": ({**BEFORE, "changed_copy_score": 0.8}, (recurring_before,)),
    "near-copy passage >= 0.6 alone": ({**BEFORE, "changed_copy_score": 0.6}, (recurring_before,)),
    "near-copy passage >= 0.7 alone": ({**BEFORE, "changed_copy_score": 0.7}, (recurring_before,)),
    "near-copy passage >= 0.9 alone": ({**BEFORE, "changed_copy_score": 0.9}, (recurring_before,)),
    "more figures agree than differ (2+ differing) alone": ({**BEFORE, "unconfirmed_changes": 1}, ()),
    "another aligned figure agrees alone": (BEFORE, (recurring_before, another_figure_agrees)),
    "a rare aligned figure agrees alone": (BEFORE, (recurring_before, a_rare_figure_agrees)),
    "passages cover half the shorter document alone": (BEFORE, (recurring_before, alignment_covers)),
    "shipped with near-copy passage >= 0.7": ({"changed_copy_score": 0.7}, ()),
    "shipped without the formula rule": ({"template_documents": 10**9}, ()),
    "shipped with formulas of two figures": ({"template_figures": 2}, ()),
    "shipped with table cells never changed": ({}, (table_cells,)),
    "shipped with table cells (3+ column gaps) never changed": ({}, (partial(table_cells, gaps=3),)),
    "shipped with most figures shared": ({}, (figures_mostly_shared,)),
    "shipped with passages replacing as many figures as they keep only": ({"copy_edits": 10**6}, ()),
    "shipped with copies editing up to three figures": ({"copy_edits": 3}, ()),
    "shipped with copies editing one figure": ({"copy_edits": 1}, ()),
    "shipped with passages keeping a figure": ({}, (passages_keep_a_figure,)),
    "shipped with lone changes in 30+ words": ({"lone_change_words": 30}, ()),
    "shipped with lone changes in any passage": ({"lone_change_words": 0}, ()),
    "shipped without formulas of many figures whatever their spread": ({"template_many_figures": 0}, ()),
    "shipped with a year alone joined by similar wording": ({"similar_years": True}, ()),
    "shipped with formulas of 6+ figures whatever their spread": ({"template_many_figures": 6}, ()),
    "shipped with formulas of 10+ figures whatever their spread": ({"template_many_figures": 10}, ()),
    "shipped with formulas but clear copies": ({"template_documents": 10**9}, (formulas_but_clear_copies,)),
    "shipped with formulas but clear copies (8 kept per replaced)": (
        {"template_documents": 10**9}, (partial(formulas_but_clear_copies, kept_per_replaced=8),),
    ),
}


def _regroup_with(store: object, settings: object, rules: tuple, lengths: dict, texts: dict | None = None) -> None:
    """Regroup the stored claims with ``settings``, and ``rules`` run after the aligned pairs are offered."""
    from copytrail.stages.claims import matching
    from copytrail.store.claims import SIGNATURE_KEY, update_claims

    store.set_meta(SIGNATURE_KEY, "")  # type: ignore[attr-defined]  # regroup even when the settings are the same
    original = matching._offer_aligned
    if rules:
        def offer(claims, alignments, ctx, unit_keys, match_settings, candidates):  # noqa: ANN001, ANN202
            original(claims, alignments, ctx, unit_keys, match_settings, candidates)
            for rule in rules:
                rule(claims, alignments, candidates, lengths=lengths, texts=texts, ctx=ctx, unit_keys=unit_keys)
        matching._offer_aligned = offer  # type: ignore[assignment]
    try:
        update_claims(store, settings)  # type: ignore[arg-type]
    finally:
        matching._offer_aligned = original


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--edited", type=int, default=1000, help="changed copies also reworded (of other stories)")
    parser.add_argument("--partial", type=int, default=0, help="changed partial copies: a passage quoted among other text")
    parser.add_argument("--edit-rate", type=float, default=0.4, help="the most words an edited copy rewords")
    parser.add_argument("--same", type=float, default=0.6, help="masked sentence ratio under which a natural change is a suspect")
    parser.add_argument("--db", default=None, help="keep the store here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="regroup the store at --db instead of scanning again")
    parser.add_argument("--show", type=int, default=0, help="print this many suspect natural changes to read")
    parser.add_argument("--show-natural", action="store_true", help="print every change of the natural disagreeing groups (stories, dates, figures, sentences) to classify by hand")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="which matching variants to measure, comma-separated (default: all)")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from dataclasses import replace

    from copytrail.engines.local import scan
    from copytrail.settings import ScanSettings
    from copytrail.stages.claims import MatchSettings
    from copytrail.store import open_store
    from copytrail.store.claims import claim_rows

    folder = Path(tempfile.mkdtemp(prefix="copytrail-claims-"))
    db = Path(args.db) if args.db else folder / "scan.duckdb"
    # The labels are kept beside the store: the copies are made with the extractor of the tree
    # that scans, so another tree regrouping the store (--reuse) must judge by the same labels.
    saved = Path(f"{db}.labels.json")
    if args.reuse and saved.exists():
        records, copies, labels = [], [], json.loads(saved.read_text(encoding="utf-8"))
    else:
        records = list(reuters()) + list(bbc())
        copies, labels = planted_copies(records, args.copies, edited=args.edited, edit_rate=args.edit_rate)
        quoting, quoted = partial_copies(records, args.partial, {label["source"] for label in labels})
        copies, labels = copies + quoting, labels + quoted
    quoted = [label for label in labels if label.get("partial")]
    verbatim = sum(not label["edited"] and not label.get("partial") for label in labels)
    reworded = sum(bool(label["edited"]) for label in labels)
    out: dict[str, object] = {
        "planted_changes": verbatim, "planted_edited_changes": reworded, "planted_partial_changes": len(quoted), "variants": {},
    }
    with open_store(db) as store:
        if not args.reuse:
            paths = write_jsonl(records + copies, folder / "rb", shards=4)
            started = time.perf_counter()
            result = scan(paths, store, ScanSettings())
            saved.write_text(json.dumps(labels) + "\n", encoding="utf-8")
            out.update(documents=result.documents_added, scan_seconds=round(time.perf_counter() - started, 1),
                       claims_seconds=round(result.stage_seconds.get("claims", 0.0), 1), claims=result.claims)
        names = _record_ids(store)
        lengths = dict(store.con.execute("SELECT id, length(text) FROM documents").fetchall())
        texts = dict(store.con.execute("SELECT id, text FROM documents").fetchall())
        for name in args.variants.split(","):
            changes, rules = VARIANTS[name]
            started = time.perf_counter()
            _regroup_with(store, replace(MatchSettings(), **changes), rules, lengths, texts)
            regroup = time.perf_counter() - started
            rows = list(claim_rows(store))
            verdict = judge(rows, labels, names, args.same)
            groups = len(rows)
            false_planted = len(verdict["false_planted"])  # type: ignore[arg-type]
            planted_groups: int = verdict["planted_groups"]  # type: ignore[assignment]
            natural: int = verdict["natural_differ_groups"]  # type: ignore[assignment]
            out["variants"][name] = {  # type: ignore[index]
                "regroup_seconds": round(regroup, 1),
                "groups": groups,
                "differ_groups": sum(r["values_differ"] for r in rows),
                "planted_found": verdict["planted_found"],
                "planted_recall": round(verdict["planted_found"] / verbatim, 4) if verbatim else None,  # type: ignore[operator]
                "edited_found": verdict["edited_found"],
                "planted_found_through_another": verdict["planted_found_through_another"],
                "edited_found_through_another": verdict["edited_found_through_another"],
                "edited_recall": round(verdict["edited_found"] / reworded, 4) if reworded else None,  # type: ignore[operator]
                "partial_found": verdict["partial_found"],
                "planted_groups": planted_groups,
                "false_planted": false_planted,
                "false_planted_per_1000_planted_groups": round(1000 * false_planted / planted_groups, 2) if planted_groups else None,
                "original_groups": groups - planted_groups,
                "natural_differ_groups": natural,
                "natural_differ_per_1000_groups": round(1000 * natural / groups, 2) if groups else None,
                "natural_differ_per_1000_original_groups": round(1000 * natural / (groups - planted_groups), 2) if groups > planted_groups else None,
                "natural_suspects": verdict["natural_suspects"],
                "changes_between_original_stories": verdict["changes_between_original_stories"],
            }  # counts only: the stories' text stays out of the results file
            print(name, json.dumps(out["variants"][name]), flush=True)  # type: ignore[index]
            for row in verdict["suspect_rows"][: args.show]:  # type: ignore[index]
                print("  suspect", json.dumps(row, ensure_ascii=False), flush=True)
            for row in verdict["natural_rows"] if args.show_natural else ():  # type: ignore[union-attr]
                print("  natural", json.dumps(row, ensure_ascii=False), flush=True)
            if args.out:  # written after each variant: a long run keeps what it measured
                Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        _regroup_with(store, MatchSettings(), (), lengths)
    print(json.dumps({k: v for k, v in out.items() if k != "variants"}), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
