"""False "figures disagree" on Reuters-21578 + BBC, with planted changed figures as the labels.

    .venv/bin/python bench/claims_disagreements.py [--copies 1000] [--out bench/claims_disagreements.json]

The corpus is every Reuters and BBC story plus, for ``--copies`` stories holding at least two
figures, two copies published a day later: one with a single figure changed (the label: which
figure, from what to what) and one verbatim (a control).  A scan with claims on groups them;
then, for every group whose figures disagree:

- **planted**: the group holds a story and its copy.  It is right when the copy's statement is
  the changed figure at its place; a disagreement between a story and its verbatim control, or
  between a story and its copy at any other figure, is a false disagreement (the copy states
  every other figure exactly as the story does).
- **natural**: the group holds only original stories.  Nothing is labelled there, so each
  changed statement's sentence is compared with the first statement's (figures masked, word
  sequence ratio); pairs under ``--same`` are listed as suspects to read, and counted.

Reports groups, disagreeing groups, planted changes found (recall), false disagreements per
1,000 groups, and the claims stage's time.  Nothing here is shipped.
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


def planted_copies(records: list[dict], count: int, seed: int = 7) -> tuple[list[dict], list[dict]]:
    """Changed copies and verbatim controls of ``count`` stories, with what was changed where."""
    from copytrail.stages.claims import extract_claims

    rng = random.Random(seed)
    dated = [r for r in records if r.get("published") or r["outlet"] == "BBC"]
    rng.shuffle(dated)
    copies: list[dict] = []
    labels: list[dict] = []
    for record in dated:
        if len(labels) >= count:
            break
        quantities = [c for c in extract_claims(record["text"]) if c.kind == "quantity" and any(ch.isdigit() for ch in c.surface)]
        if len(quantities) < 2:
            continue
        claim = rng.choice(quantities)
        new_surface = _changed_surface(claim.surface, rng)
        if new_surface is None:
            continue
        text = record["text"]
        changed = text[: claim.value_start] + new_surface + text[claim.value_end :]
        published = record.get("published") or "2005-01-01T00:00:00+00:00"
        later = published[:8] + f"{min(int(published[8:10]) + 1, 28):02d}" + published[10:]
        n = len(labels)
        copies.append({"id": f"changed-{n}", "text": changed, "outlet": f"copier-{n % 13}", "published": later})
        copies.append({"id": f"control-{n}", "text": text, "outlet": f"copier-{n % 13}", "published": later})
        labels.append({
            "source": record["id"], "changed": f"changed-{n}", "control": f"control-{n}",
            "value_start": claim.value_start, "old": claim.surface, "new": new_surface,
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
    """Sort disagreeing groups into planted (right or false) and natural (same statement or suspect)."""
    by_copy = {}
    for label in labels:
        by_copy[label["changed"]] = (label, True)
        by_copy[label["control"]] = (label, False)
    found: set[str] = set()
    false_planted: list[dict] = []
    natural = suspects = 0
    suspect_rows: list[dict] = []
    for row in rows:
        if not row["values_differ"]:
            continue
        statements = row["statements"]
        records = [names.get(s["doc"], "") for s in statements]
        planted = [k for k, r in enumerate(records) if r in by_copy]
        if planted:
            for k in planted:
                label, is_changed = by_copy[records[k]]
                # the verbatim control may be stored as the original and the story as its duplicate
                origin_name = label["source"] if label["source"] in records else label["control"]
                if origin_name not in records or origin_name == records[k]:
                    continue
                origin = statements[records.index(origin_name)]
                copy = statements[k]
                differs = (origin["value"], origin["qualifier"]) != (copy["value"], copy["qualifier"])
                if not differs:
                    continue
                if is_changed and origin["value_start"] == label["value_start"] and copy["value_start"] == label["value_start"]:
                    found.add(label["changed"])
                else:
                    false_planted.append({"label": label, "origin": origin["figure"], "copy": copy["figure"], "copy_doc": records[k],
                                          "origin_sentence": origin["sentence"], "copy_sentence": copy["sentence"]})
            continue
        natural += 1
        first = statements[0]
        for change in row["changes"]:
            other = statements[change["to"]]
            ratio = difflib.SequenceMatcher(None, _masked(first["sentence"]), _masked(other["sentence"])).ratio()
            if ratio < same:
                suspects += 1
                suspect_rows.append({"ratio": round(ratio, 3), "first": first["sentence"], "other": other["sentence"],
                                     "figures": [first["figure"], other["figure"]], "docs": [records[0], records[change["to"]]]})
                break
    return {
        "planted_found": len(found),
        "false_planted": false_planted,
        "natural_differ_groups": natural,
        "natural_suspects": suspects,
        "suspect_rows": suspect_rows,
    }


VARIANTS = {  # name -> MatchSettings changes: the matching as it ships, and without its filters
    "as shipped": {},
    "no recurring-report filter": {"unconfirmed_changes": 10**6},
    "recurring filter, no slack": {"unconfirmed_changes": 0},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=1000)
    parser.add_argument("--same", type=float, default=0.6, help="masked sentence ratio under which a natural change is a suspect")
    parser.add_argument("--db", default=None, help="keep the store here (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="regroup the store at --db instead of scanning again")
    parser.add_argument("--show", type=int, default=0, help="print this many suspect natural changes to read")
    parser.add_argument("--variants", default=",".join(VARIANTS), help="which matching variants to measure, comma-separated")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from dataclasses import replace

    from copytrail.engines.local import scan
    from copytrail.settings import ScanSettings
    from copytrail.stages.claims import MatchSettings
    from copytrail.store import open_store
    from copytrail.store.claims import claim_rows, update_claims

    records = list(reuters()) + list(bbc())
    copies, labels = planted_copies(records, args.copies)
    folder = Path(tempfile.mkdtemp(prefix="copytrail-claims-"))
    db = Path(args.db) if args.db else folder / "scan.duckdb"
    out: dict[str, object] = {"planted_changes": len(labels), "variants": {}}
    with open_store(db) as store:
        if not args.reuse:
            paths = write_jsonl(records + copies, folder / "rb", shards=4)
            started = time.perf_counter()
            result = scan(paths, store, ScanSettings())
            out.update(documents=result.documents_added, scan_seconds=round(time.perf_counter() - started, 1),
                       claims_seconds=round(result.stage_seconds.get("claims", 0.0), 1), claims=result.claims)
        names = _record_ids(store)
        for name in args.variants.split(","):
            changes = VARIANTS[name]
            started = time.perf_counter()
            update_claims(store, replace(MatchSettings(), **changes))
            regroup = time.perf_counter() - started
            rows = list(claim_rows(store))
            verdict = judge(rows, labels, names, args.same)
            groups = len(rows)
            false_planted = len(verdict["false_planted"])  # type: ignore[arg-type]
            out["variants"][name] = {  # type: ignore[index]
                "regroup_seconds": round(regroup, 1),
                "groups": groups,
                "differ_groups": sum(r["values_differ"] for r in rows),
                "planted_found": verdict["planted_found"],
                "planted_recall": round(verdict["planted_found"] / len(labels), 4) if labels else None,  # type: ignore[operator]
                "false_planted": false_planted,
                "false_planted_per_1000_groups": round(1000 * false_planted / groups, 3) if groups else None,
                "natural_differ_groups": verdict["natural_differ_groups"],
                "natural_suspects": verdict["natural_suspects"],
            }  # counts only: the stories' text stays out of the results file
            print(name, json.dumps(out["variants"][name]), flush=True)  # type: ignore[index]
            for row in verdict["suspect_rows"][: args.show]:  # type: ignore[index]
                print("  suspect", json.dumps(row, ensure_ascii=False), flush=True)
            if args.out:  # written after each variant: a long run keeps what it measured
                Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        update_claims(store, MatchSettings())
    print(json.dumps({k: v for k, v in out.items() if k != "variants"}), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
