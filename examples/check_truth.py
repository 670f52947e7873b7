#!/usr/bin/env python3
"""Verify examples/sample-truth.json against examples/sample-corpus/.

Checks, using only the standard library:

* every ``source_text``/``target_text`` (and every ``source_claim``/
  ``target_claim``) occurs verbatim in the named document - HTML with tags
  stripped and entities unescaped, JSONL records by their ``text`` field,
  other files decoded (UTF-8, UTF-16 with BOM, or cp1252);
* ``duplicates`` are byte-identical;
* ``unrelated`` pairs share no run of SHINGLE tokens;
* no pair of documents shares a run of SHINGLE tokens unless the truth file
  plants reuse between them (so the truth is complete);
* the hostile record carries its literal payloads, the undated JSONL records have
  no ``published`` field and every bare .txt file (which states no date) is listed
  as undated.

Exit status 0 when everything passes.
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "sample-corpus"
TRUTH = HERE / "sample-truth.json"
SHINGLE = 8

BLOCK = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "li",
    "ul",
    "nav",
    "header",
    "footer",
    "article",
    "aside",
    "main",
    "title",
    "br",
    "section",
    "time",
    "button",
}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.all: list[str] = []
        self.article: list[str] = []
        self._skip = 0
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "article":
            self._in_article += 1
        if tag in BLOCK:
            self.all.append("\n")
            self.article.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "article":
            self._in_article -= 1
        if tag in BLOCK:
            self.all.append("\n")
            self.article.append("\n")

    def handle_data(self, data):
        if self._skip:
            return
        self.all.append(data)
        if self._in_article:
            self.article.append(data)


def decode(raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def load() -> tuple[dict[str, str], dict[str, str], dict[str, dict]]:
    """Return (full text by name, main text by name, JSONL records by name)."""
    full: dict[str, str] = {}
    main: dict[str, str] = {}
    records: dict[str, dict] = {}
    for path in sorted(CORPUS.iterdir()):
        raw = path.read_bytes()
        if path.suffix == ".jsonl":
            for line in raw.decode("utf-8").splitlines():
                if not line.strip():
                    continue
                rec = json.loads(line)
                name = f"{path.name}#id={rec['id']}"
                records[name] = rec
                full[name] = main[name] = rec["text"]
        elif path.suffix in (".html", ".htm"):
            p = _Text()
            p.feed(decode(raw))
            p.close()
            full[path.name] = "".join(p.all)
            main[path.name] = "".join(p.article)
        else:
            text = decode(raw)
            full[path.name] = text
            if text.startswith("---\n"):  # drop front matter for the scan
                text = text.split("\n---\n", 1)[1]
            main[path.name] = text
    return full, main, records


TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_]+")


def shingles(text: str, n: int = SHINGLE) -> set[tuple[str, ...]]:
    toks = TOKEN.findall(text.lower())
    return {tuple(toks[i : i + n]) for i in range(len(toks) - n + 1)}


def main() -> int:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    full, text, records = load()
    errors: list[str] = []
    n_checked = 0

    def need(name: str, passage: str, what: str) -> None:
        nonlocal n_checked
        n_checked += 1
        if name not in full:
            errors.append(f"{what}: unknown document {name!r}")
        elif passage not in full[name]:
            errors.append(f"{what}: passage not found in {name}: {passage[:60]!r}...")

    for i, r in enumerate(truth["reuse"]):
        need(r["source"], r["source_text"], f"reuse[{i}] source")
        need(r["target"], r["target_text"], f"reuse[{i}] target")
        if r["kind"] == "verbatim" and r["source_text"] != r["target_text"]:
            errors.append(f"reuse[{i}]: verbatim but texts differ")
        if r["kind"] != "verbatim" and r["source_text"] == r["target_text"]:
            errors.append(f"reuse[{i}]: {r['kind']} but texts are identical")
    for key in ("claims_differ", "claims_same"):
        for i, c in enumerate(truth.get(key, [])):
            need(c["source"], c["source_claim"], f"{key}[{i}] source")
            need(c["target"], c["target_claim"], f"{key}[{i}] target")
            same = c["source_claim"] == c["target_claim"]
            if same != (key == "claims_same"):
                errors.append(f"{key}[{i}]: claims {'equal' if same else 'differ'}")

    for a, b in truth["duplicates"]:
        if (CORPUS / a).read_bytes() != (CORPUS / b).read_bytes():
            errors.append(f"duplicates: {a} and {b} are not byte-identical")

    planted = {frozenset((r["source"], r["target"])) for r in truth["reuse"]}
    planted |= {frozenset(p) for p in truth["duplicates"]}
    sh = {name: shingles(t) for name, t in text.items()}
    for a, b in truth["unrelated"]:
        for n in (a, b):
            if n not in full:
                errors.append(f"unrelated: unknown document {n!r}")
        if a in sh and b in sh and sh[a] & sh[b]:
            errors.append(f"unrelated pair shares text: {a} / {b}")
        if frozenset((a, b)) in planted:
            errors.append(f"unrelated pair is also planted: {a} / {b}")
    unplanned = []
    for a, b in combinations(sorted(sh), 2):
        common = sh[a] & sh[b]
        if common and frozenset((a, b)) not in planted:
            unplanned.append(f"{a} / {b}: {' '.join(next(iter(common)))!r}")
    # Copies of one source also share text with each other; that is expected.
    by_source: dict[str, set[str]] = {}
    for r in truth["reuse"]:
        by_source.setdefault(r["source"], set()).add(r["target"])
    siblings = {frozenset(p) for ts in by_source.values() for p in combinations(ts, 2)}
    for u in unplanned:
        a, b = u.split(":", 1)[0].split(" / ")
        if frozenset((a, b)) not in siblings:
            errors.append(f"unplanned shared text: {u}")

    for name in truth["hostile"]:
        rec = records[name]
        blob = rec["title"] + "\n" + rec["text"]
        for payload in (
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(2)>",
            "javascript:alert(3)",
        ):
            if payload not in blob:
                errors.append(f"hostile: {payload!r} missing from {name}")
    for name in truth["undated"]:
        if name in records:
            if "published" in records[name]:
                errors.append(f"undated: {name} has a published field")
        elif not name.endswith(".txt") or not (CORPUS / name).is_file():
            errors.append(f"undated: {name} is neither a JSONL record nor a .txt file")
    for name in (p.name for p in CORPUS.iterdir() if p.suffix == ".txt"):
        if name not in truth["undated"]:
            errors.append(f"undated: {name} is a bare .txt file (no date) but not listed")

    for name, enc in truth["encodings"].items():
        raw = (CORPUS / name).read_bytes()
        if enc.startswith("utf-16") and not raw.startswith(b"\xff\xfe"):
            errors.append(f"encodings: {name} lacks a UTF-16 LE BOM")
        if enc == "cp1252":
            try:
                raw.decode("utf-8")
                errors.append(f"encodings: {name} unexpectedly decodes as UTF-8")
            except UnicodeDecodeError:
                pass

    files = sorted(p.name for p in CORPUS.iterdir())
    words = {n: len(TOKEN.findall(t)) for n, t in text.items()}
    print(
        f"corpus: {len(files)} files, {len(text)} documents "
        f"({sum(n.endswith('.html') for n in files)} html, "
        f"{sum(n.endswith('.txt') for n in files)} txt, "
        f"{sum(n.endswith('.md') for n in files)} md, "
        f"{len(records)} jsonl records)"
    )
    print(f"document length in tokens: min {min(words.values())}, max {max(words.values())}")
    print(
        f"truth: {len(truth['reuse'])} reuse passages, "
        f"{len(truth['unrelated'])} unrelated pairs, "
        f"{len(truth['duplicates'])} duplicate pairs, "
        f"{len(truth['claims_differ'])} differing claims; "
        f"{n_checked} passages/claims located"
    )
    if errors:
        print(f"FAILED ({len(errors)} problems):")
        for e in errors:
            print("  -", e)
        return 1
    print("OK: all planted passages found, no unplanned shared text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
