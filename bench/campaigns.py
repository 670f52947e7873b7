"""Planted campaigns in seven languages, scanned as a user would: what the default scan finds.

    .venv/bin/python bench/campaigns.py [--languages fa,ar,ur,ru,es,zh,en] [--out bench/campaigns.json]

For each language, one article of the cross-lingual development set (``../shared/data/xling-dev``;
articles in no labelled reuse case, so nothing else in the set copies them) becomes a campaign
of HTML pages of outlets, their publication time in metadata:

- ``a``: the original (1 March);
- ``b``: a retyped copy with one figure changed (2 March): what retyping changes in its script
  (Arabic script: Arabic or Persian yeh, kaf and heh, teh marbuta, half-spaces as spaces;
  Cyrillic: ё as е and a Latin o inside a word; Latin: accents dropped on a word in five,
  curly apostrophes; Chinese: half-width punctuation), and the first figure of one to three
  digits raised by 7;
- ``c``: a condensed copy (3 March): two sentences dropped, the first two swapped;
- ``d``: three sentences of the original inside another article of the language (4 March);
- ``e``: an undated copy of its first six sentences;
- ``z-…``: eight unrelated articles of the language and three of others (dated in February);
- and, outside the scanned folder, ``f``: a new copy whose figure is raised by 7 again, which
  ``copytrail check`` then checks against the store.

Then ``copytrail scan`` (the default command, a fresh store each) and, from the store: which
pages the campaign's narrative holds, its earliest member, the changed figures, the share of
``d``'s planted sentences inside its passage and of its passage inside them (characters), and
every alignment that touches an unrelated article (false links); the changes the report's
"Changed figures" section shows (old figure, arrow, new figure, the outlet that changed it);
and what ``check`` says of
``f``: its exit status, the pages it matches, and the figures it changes.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpora import unpack  # noqa: E402

LANGUAGES = ("fa", "ar", "ur", "ru", "es", "zh", "en")
CAMPAIGN = ("a", "b", "c", "d", "e")
_NUMBER = re.compile(r"(?<![\d.,/:\-])(\d{1,3})(?![\d.,/:\-])")
_ACCENTS = str.maketrans("áéíóúÁÉÍÓÚ", "aeiouAEIOU")


def retype(text: str, language: str) -> str:
    """What retyping the text in another keyboard or editor changes, by script."""
    if language in ("fa", "ur"):
        return text.replace("ی", "ي").replace("ک", "ك").replace("ہ", "ه").replace("\u200c", " ")
    if language == "ar":
        return text.replace("ي", "ی").replace("ك", "ک").replace("ة", "ه")
    if language == "ru":
        words = text.replace("ё", "е").split(" ")
        return " ".join(w.replace("о", "o", 1) if i % 7 == 3 else w for i, w in enumerate(words))
    if language == "zh":
        return text.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")")
    words = text.replace("'", "\u2019").split(" ")
    return " ".join(w.translate(_ACCENTS) if i % 5 == 2 else w for i, w in enumerate(words))


def change_figure(sentences: list[str]) -> tuple[list[str], tuple[str, str] | None]:
    """The first count of one to three digits (any script's digits; read as the claims stage
    reads figures, so a month or a day is no count) raised by 7 (never what the other rounds to), written in the same digits;
    the changed sentences and ``(old, new)``."""
    from copytrail.stages.claims import extract_claims

    for i, sentence in enumerate(sentences):
        for claim in extract_claims(sentence, "x"):
            old = claim.surface
            if claim.kind != "quantity" or not _NUMBER.fullmatch(old) or claim.unit == "percent":
                continue
            zero = ord(old[0]) - int(old[0])  # the script's digit zero
            new = "".join(chr(zero + int(d)) for d in str(int(old) + 7))
            at = claim.value_start  # offsets index the string given
            changed = sentences[:]
            changed[i] = sentence[:at] + new + sentence[at + len(old) :]
            return changed, (old, new)
    return sentences, None


def _sentences(text: str) -> list[str]:
    from copytrail.stages.segment import sentence_bounds

    return [text[s:e].strip() for s, e in sentence_bounds(text)]


def _paragraphs(sentences: list[str], language: str) -> str:
    joiner = "" if language == "zh" else " "
    return "\n\n".join(joiner.join(sentences[i : i + 3]) for i in range(0, len(sentences), 3))


def write_page(
    folder: Path,
    name: str,
    language: str,
    outlet: str,
    date: str | None,
    title: str,
    text: str,
    meta: str = "article:published_time",
    nav: str = "",
) -> None:
    """An outlet's article page: the date in ``meta`` (a ``name`` tag for "date", else a
    ``property``), paragraphs from blank lines, ``nav`` markup before the article."""
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n"))
    dated = f'<meta {"name" if meta == "date" else "property"}="{meta}" content="{date}">' if date else ""
    (folder / name).write_text(
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f'<meta property="og:site_name" content="{outlet}">{dated}</head><body>{nav}'
        f"<article><h1>{html.escape(title)}</h1>{body}</article></body></html>",
        encoding="utf-8",
    )


def _articles() -> tuple[dict[str, list[Path]], Path]:
    """The set's articles in no labelled case, by language, and the set's folder."""
    root = unpack("xling-dev")
    involved = set()
    for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        involved |= {Path(case["source"]["path"]).name, Path(case["target"]["path"]).name}
    by_language: dict[str, list[Path]] = {}
    for row in (root / "docs.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        name, language = row.split("\t")[:2]
        if name not in involved:
            by_language.setdefault(language, []).append(root / "docs" / name)
    return by_language, root


def build(folder: Path, language: str) -> dict[str, object]:
    """Write one language's campaign into ``folder``; what was planted."""
    by_language, _ = _articles()
    mine = sorted(by_language[language])
    texts = [p.read_text(encoding="utf-8") for p in mine]
    # the original: the first article of 8+ sentences holding a figure of 1-3 digits
    pick = next(i for i, t in enumerate(texts) if len(_sentences(t)) >= 8 and change_figure(_sentences(t))[1])
    original = _sentences(texts[pick])
    host_index = next(i for i, t in enumerate(texts) if i != pick and len(_sentences(t)) >= 6)
    host = _sentences(texts[host_index])
    write_page(folder, "a-original.html", language, "Outlet A", "2025-03-01T08:00:00Z", "A", _paragraphs(original, language))
    changed, figure = change_figure([retype(s, language) for s in original])
    write_page(folder, "b-retyped.html", language, "Outlet B", "2025-03-02T08:00:00Z", "B", _paragraphs(changed, language))
    condensed = original[:]
    del condensed[5], condensed[2]
    condensed[0], condensed[1] = condensed[1], condensed[0]
    write_page(folder, "c-condensed.html", language, "Outlet C", "2025-03-03T08:00:00Z", "C", _paragraphs(condensed, language))
    planted = original[3:6]
    joiner = "" if language == "zh" else " "
    host_text = _paragraphs(host[:3], language) + "\n\n" + joiner.join(planted) + "\n\n" + _paragraphs(host[3:], language)
    write_page(folder, "d-partial.html", language, "Outlet D", "2025-03-04T08:00:00Z", "D", host_text)
    write_page(folder, "e-undated.html", language, "Outlet E", None, "E", _paragraphs(original[:6], language))
    others = [p for i, p in enumerate(mine) if i not in (pick, host_index)][:8]
    foreign = [paths[0] for lang, paths in sorted(by_language.items()) if lang != language][:3]
    for k, path in enumerate(others + foreign):
        other = path.read_text(encoding="utf-8")
        lang = language if k < len(others) else "und"
        write_page(folder, f"z-other-{k}.html", lang, f"Outlet Z{k}", f"2025-02-{10 + k:02d}T08:00:00Z", f"Z{k}", _paragraphs(_sentences(other), language))
    # what a user then checks: a new copy of the original, the same figure raised by 7 again
    checked, _ = change_figure(change_figure(original)[0])
    (folder.parent / "f-checked.txt").write_text(_paragraphs(checked, language), encoding="utf-8")
    return {"original": mine[pick].name, "host": mine[host_index].name, "figure": figure, "planted_sentences": planted}


def _overlap(found: list[tuple[int, int]], start: int, end: int) -> tuple[float, float]:
    """Characters of ``[start, end)`` inside the union of the found spans (recall) and of that
    union inside it (precision)."""
    covered: set[int] = set()
    for s, e in found:
        covered.update(range(s, e))
    inside = sum(1 for at in covered if start <= at < end)
    return inside / max(1, end - start), (inside / len(covered) if covered else 0.0)


def _report_changes(page: str) -> list[tuple[str, str, str, str]]:
    """The report's "Changed figures" section as (old, arrow, new, the changing page's outlet)."""
    section = page.split('<section id="changed-figures">', 1)[-1].split("</section>", 1)[0]
    found = re.findall(
        r'<span class="old">(.*?)</span> <span class="arrow"[^>]*>(.*?)</span> <span class="new">(.*?)</span>'
        r'.*?<div class="side after">.*?<bdi class="name">(.*?)</bdi>',
        section, flags=re.S,
    )  # fmt: skip
    return [tuple(html.unescape(part) for part in change) for change in found]


def measure(root: Path, language: str) -> dict[str, object]:
    from copytrail.store import open_store
    from copytrail.store.claims import claim_rows

    folder = root / "corpus"
    folder.mkdir()
    planted = build(folder, language)
    db = root / "store.duckdb"
    started = time.perf_counter()
    scan = subprocess.run(
        [sys.executable, "-m", "copytrail.cli.main", "scan", str(folder), "--db", str(db), "--json", "--quiet"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    check = subprocess.run(
        [sys.executable, "-m", "copytrail.cli.main", "check", str(root / "f-checked.txt"), "--db", str(db), "-f", "json"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    checked = json.loads(check.stdout) if check.stdout.strip() else {}
    report = root / "report.html"
    subprocess.run([sys.executable, "-m", "copytrail.cli.main", "report", "--db", str(db), "-o", str(report)], capture_output=True, check=False)
    shown = _report_changes(report.read_text(encoding="utf-8")) if report.exists() else []
    with open_store(db, read_only=True) as store:
        names = dict(store.con.execute("SELECT id, regexp_extract(path, '[^/]+$') FROM documents").fetchall())
        languages = dict(store.con.execute("SELECT regexp_extract(path, '[^/]+$'), language FROM documents").fetchall())
        d_text = store.con.execute("SELECT text FROM documents WHERE path LIKE '%d-partial.html'").fetchall()[0][0]
        links = store.query("SELECT source_doc, target_doc, source_start, source_end, target_start, target_end, kind FROM alignments")
        members = store.query("SELECT narrative, doc FROM narrative_members")
        narratives = {r["id"]: r for r in store.query("SELECT id, earliest, confidence FROM narratives")}
        changes = [
            (r["statements"][c["from"]]["figure"], r["statements"][c["to"]]["figure"],
             names[r["statements"][c["from"]]["doc"]], names[r["statements"][c["to"]]["doc"]])
            for r in claim_rows(store, differ_only=True) for c in r["changes"]
        ]  # fmt: skip
    of_a = {m["narrative"] for m in members if names[m["doc"]] == "a-original.html"}
    held = sorted({names[m["doc"]][0] for m in members if m["narrative"] in of_a})
    earliest = [names.get(str(narratives[n]["earliest"]).split(",")[0]) for n in of_a]
    first, last = planted["planted_sentences"][0], planted["planted_sentences"][-1]  # type: ignore[index]
    start = d_text.find(first)
    end = d_text.find(last, max(start, 0)) + len(last) if start >= 0 and last in d_text else -1
    d_spans = []
    for link in links:
        for side in ("source", "target"):
            if names[link[f"{side}_doc"]] == "d-partial.html":
                d_spans.append((link[f"{side}_start"], link[f"{side}_end"]))
    recall, precision = _overlap(d_spans, start, end) if start >= 0 and end > start else (None, None)
    false_links = [
        (names[link["source_doc"]], names[link["target_doc"]], link["kind"])
        for link in links
        if names[link["source_doc"]].startswith("z-") or names[link["target_doc"]].startswith("z-")
    ]
    figure = planted["figure"]
    found_change = bool(figure) and any(
        old.find(figure[0]) >= 0 and new.find(figure[1]) >= 0 and a == "a-original.html" and b == "b-retyped.html"
        for old, new, a, b in changes
    )  # type: ignore[index]
    return {
        "scan_exit": scan.returncode,
        "seconds": round(seconds, 1),
        "original": planted["original"],
        "languages_read": {k[0]: v for k, v in sorted(languages.items()) if not k.startswith("z-")},
        "narrative_holds": "".join(held),
        "earliest": earliest,
        "figure": figure,
        "changed_figure_found": found_change,
        "changes": changes,
        "partial_recall": None if recall is None else round(recall, 3),
        "partial_precision": None if precision is None else round(precision, 3),
        "kinds": sorted({link["kind"] for link in links}),
        "report_changes": shown,
        "check_exit": check.returncode,
        "check_matches": sorted(Path(m.get("path") or "").name[:1] for m in checked.get("matches", [])),
        "check_changed_figures": [
            (c["before"], c["after"], Path(c["cite"]).name[:1]) for c in checked.get("changed_figures", [])
        ],
        "false_links": false_links,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    results = {}
    for language in args.languages.split(","):
        with tempfile.TemporaryDirectory() as scratch:
            results[language] = measure(Path(scratch), language)
        r = results[language]
        print(
            f"{language}: narrative {r['narrative_holds'] or '-':5} earliest {r['earliest']} figure {r['figure']} "
            f"changed {r['changed_figure_found']} partial recall {r['partial_recall']} precision {r['partial_precision']} "
            f"false links {len(r['false_links'])}; report {r['report_changes']}; check exit {r['check_exit']} matches {''.join(r['check_matches'])} "
            f"changed {r['check_changed_figures']} ({r['seconds']} s)",
            flush=True,
        )
    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
