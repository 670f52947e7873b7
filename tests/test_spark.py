"""The Spark engine gives what the local engine gives, on a corpus with planted reuse.

One JSONL file (~300 records: originals, verbatim and edited copies, chains of copies, exact
duplicates, HTML records, a shared boilerplate footer, dated / undated / same-day documents and
a few bad lines, two dates not kept as stated) is scanned by both engines; document ids,
alignments, narratives and errors (with the notes' rows) must match.  Skipped when pyspark or Java is missing.
"""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'copytrail[spark]')")
if shutil.which("java") is None:
    pytest.skip("Java is not installed: the Spark engine needs a JVM", allow_module_level=True)

import copytrail.outputs.export as export  # noqa: E402
from copytrail.engines import local  # noqa: E402
from copytrail.engines import spark as spark_engine  # noqa: E402
from copytrail.settings import ClaimsSettings, ScanSettings  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from copytrail.store.spark_import import import_spark_output  # noqa: E402

FAST = ScanSettings(workers=1, claims=ClaimsSettings(enabled=False))  # claims: local engine only


# ---------------------------------------------------------------------------------- corpus


class _Words:
    """A seeded generator of pseudo-words and sentences (no shared phrases by accident)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        syllables = [
            c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")
        ]
        vocab = {
            "".join(self.rng.choice(syllables) for _ in range(self.rng.randint(1, 4)))
            for _ in range(6000)
        }
        self.vocab = sorted(vocab)

    def sentence(self) -> str:
        words = [self.rng.choice(self.vocab) for _ in range(self.rng.randint(8, 20))]
        return " ".join(words).capitalize() + "."

    def sentences(self, count: int) -> list[str]:
        return [self.sentence() for _ in range(count)]

    def edit(self, sentences: list[str], rate: float) -> list[str]:
        out = []
        for sentence in sentences:
            words = sentence.rstrip(".").split()
            kept = []
            for word in words:
                roll = self.rng.random()
                if roll < rate / 2:
                    continue
                kept.append(self.rng.choice(self.vocab) if roll < rate else word)
            out.append(" ".join(kept).capitalize() + ".")
        return out


FOOTER = (
    "This article is published under the standard syndication terms of the network and may be "
    "reproduced by member outlets in print and online provided that the original byline and the "
    "dateline are kept intact and that no part of the text is altered in a way that changes its "
    "meaning for readers anywhere in the world today."
)


def _date(day: int, hour: int | None = None) -> str:
    month, mday = divmod(day, 28)
    stamp = f"2024-{month + 1:02d}-{mday + 1:02d}"
    return f"{stamp}T{hour:02d}:15:00Z" if hour is not None else stamp


def build_corpus(path: Path) -> list[str]:
    """Write the test corpus; returns its raw lines (some deliberately bad)."""
    gen = _Words(7)
    rng = gen.rng
    records: list[dict[str, Any]] = []
    bodies: dict[str, list[str]] = {}
    days: dict[str, int] = {}
    for n in range(230):
        ident = f"orig-{n}"
        body = gen.sentences(rng.randint(10, 18))
        bodies[ident], days[ident] = body, n % 40
        record: dict[str, Any] = {"id": ident, "outlet": f"outlet-{n % 13}", "title": f"Story {n}"}
        text = " ".join(body)
        if n % 4 == 0:  # a boilerplate footer on ~60 documents: over the max_bucket cap
            text += " " + FOOTER
        record["text"] = text
        if n % 9 == 0:
            pass  # undated
        elif n % 5 == 0:
            record["published"] = _date(days[ident], hour=6 + n % 12)
        else:
            record["published"] = _date(days[ident])
        records.append(record)
    copies: list[str] = []
    for n in range(70):
        pool = copies if copies and n % 5 == 4 else [f"orig-{k}" for k in range(200)]
        source = rng.choice(pool)
        body = bodies[source]
        size = rng.randint(4, min(8, len(body)))
        start = rng.randint(0, len(body) - size)
        passage = body[start : start + size]
        if n % 3:
            passage = gen.edit(passage, rng.uniform(0.02, 0.12))
        copied = gen.sentences(rng.randint(1, 4)) + passage + gen.sentences(rng.randint(1, 4))
        ident = f"copy-{n}"
        bodies[ident] = copied
        record = {
            "id": ident,
            "text": " ".join(copied),
            "url": f"https://www.copier{n % 7}.example/a/{n}",
        }
        lag = [0, 0, 1, 3, 10][n % 5]  # same day (tied or ordered by time) or later
        days[ident] = days[source] + lag
        if n % 11 == 0:
            pass  # undated copy
        elif n % 2:
            record["published"] = _date(days[ident], hour=rng.randint(0, 23))
        else:
            record["published"] = _date(days[ident])
        records.append(record)
        copies.append(ident)
    for n in range(3):  # exact duplicates of an original: same text, another id
        original = records[10 + n]
        records.append({"id": f"dup-{n}", "text": original["text"], "published": _date(39)})
    for n in range(2):  # HTML records carrying a copied passage
        source = f"orig-{20 + n}"
        paragraphs = "".join(
            f"<p>{s}</p>" for s in gen.sentences(2) + bodies[source][:6] + gen.sentences(2)
        )
        html = (
            f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
            f"{paragraphs}</article></body></html>"
        )
        records.append(
            {
                "id": 9000 + n,
                "html": html,
                "url": f"https://news{n}.example/p",
                "date": "March 3, 2024",
            }
        )
    records.append(
        {"text": " ".join(bodies["orig-30"][:5] + gen.sentences(3))}
    )  # no id: keyed by line
    lines = [json.dumps(r) for r in records]
    rng.shuffle(lines)
    lines.insert(5, "")  # blank line
    lines.insert(17, "{not json")  # bad line
    lines.insert(40, json.dumps({"id": "orig-3", "text": "a repeated id"}))  # duplicate id
    lines.insert(41, json.dumps({"id": "empty", "text": "  "}))  # empty text
    # kept, with a note each: a date no calendar has, a date no clock has reached
    lines.insert(42, json.dumps({"id": "no-such-day", "text": " ".join(gen.sentences(4)), "published": "2024-13-45"}))
    lines.insert(43, json.dumps({"id": "far-ahead", "text": " ".join(gen.sentences(4)), "published": "2999-05-01"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines


# ---------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    session = spark_engine.spark_session(
        "local[2]",
        partitions=4,
        conf={
            "spark.default.parallelism": "4",
            "spark.sql.adaptive.coalescePartitions.enabled": "true",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, spark: Any) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("spark")
    corpus = root / "corpus.jsonl"
    build_corpus(corpus)
    store = open_store(root / "local.duckdb")
    local_result = local.scan([corpus], store, FAST)
    out = root / "out"
    result = spark_engine.scan(spark, [str(corpus)], str(out), FAST)
    return {"store": store, "local": local_result, "spark": result, "out": out, "root": root}


def _table(out: Path, name: str) -> list[dict[str, Any]]:
    return pq.read_table(out / name).to_pylist()


# ---------------------------------------------------------------------------------- tests


def test_corpus_has_reuse(runs: dict[str, Any]) -> None:
    result = runs["local"]
    assert result.documents_added >= 300
    assert result.alignments_added >= 60
    assert len(result.errors) == 3  # bad JSON, repeated id, empty text
    assert len(result.notes) == 2 == runs["spark"].notes  # two dates not kept as stated, in both engines
    assert result.narratives >= 40
    # the footer several documents of each outlet print is that outlet's boilerplate, in both engines
    assert result.outlet_boilerplate == runs["spark"].outlet_boilerplate > 0


def test_same_documents(runs: dict[str, Any]) -> None:
    store, out = runs["store"], runs["out"]
    local_docs = {r["id"]: r for r in export.document_rows(store)}
    spark_docs = {r["id"]: r for r in _table(out, "documents")}
    assert set(spark_docs) == set(local_docs)
    for doc_id, row in local_docs.items():
        theirs = dict(spark_docs[doc_id])
        theirs["extra"] = json.loads(theirs["extra"])
        assert theirs == row, doc_id
    sources = {r["id"]: r for r in _table(out, "document_sources")}
    stored = {r["id"]: r for r in store.query("SELECT id, source_key, file, seq FROM documents")}
    assert {k: v["source_key"] for k, v in sources.items()} == {
        k: v["source_key"] for k, v in stored.items()
    }
    # ingest order (which breaks ties of undated documents) is the same
    assert sorted(sources, key=lambda k: sources[k]["seq"]) == sorted(
        stored, key=lambda k: stored[k]["seq"]
    )


def test_same_errors(runs: dict[str, Any]) -> None:
    store, out = runs["store"], runs["out"]
    local_errors = {
        (r["line"], r["reason"]) for r in store.query("SELECT line, reason FROM errors")
    }
    assert {(r["line"], r["reason"]) for r in _table(out, "errors")} == local_errors


def test_same_alignments(runs: dict[str, Any]) -> None:
    store, out = runs["store"], runs["out"]
    columns = (
        "source_doc",
        "source_start",
        "source_end",
        "target_doc",
        "target_start",
        "target_end",
        "kind",
    )
    local_rows = [export.flatten(r, "alignments") for r in export.alignment_rows(store)]
    mine = {tuple(r[c] for c in columns): r for r in _table(out, "alignments")}
    theirs = {tuple(r[c] for c in columns): r for rows in local_rows for r in rows}
    assert set(mine) == set(theirs)
    assert mine == theirs  # scores, order flags, paths and narrative ids too
    assert runs["spark"].pairs_compared == runs["local"].pairs_compared


def test_same_narratives(runs: dict[str, Any]) -> None:
    store, out = runs["store"], runs["out"]

    def grouped(rows: list[dict[str, Any]]) -> dict[str, tuple]:
        members: dict[str, set] = {}
        head: dict[str, tuple] = {}
        for r in rows:
            members.setdefault(r["narrative"], set()).add(
                (r["member_doc"], r["member_start"], r["member_end"], r["member_earliest"])
            )
            head[r["narrative"]] = (
                r["earliest"],
                r["earliest_status"],
                r["confidence"],
                r["documents"],
                r["outlets"],
                r["first_date"],
                r["last_date"],
                r["undated"],
            )
        return {n: (frozenset(members[n]), head[n]) for n in members}

    local_rows = [f for r in export.narrative_rows(store) for f in export.flatten(r, "narratives")]
    # a narrative's title and snippet are made by the exports from the store (outputs/view), the same for both engines' stores
    local_rows = [{k: v for k, v in r.items() if k not in ("title", "snippet")} for r in local_rows]
    spark_rows = _table(out, "narratives")
    assert grouped(spark_rows) == grouped(local_rows)
    assert {tuple(sorted(r.items())) for r in spark_rows} == {
        tuple(sorted(r.items())) for r in local_rows
    }
    assert runs["spark"].narratives == runs["local"].narratives


def test_import_gives_the_same_exports(runs: dict[str, Any]) -> None:
    store = runs["store"]
    imported = open_store(runs["root"] / "imported.duckdb")
    loaded = import_spark_output(runs["out"], imported)
    assert loaded["documents"] == store.counts()["documents"]
    for table in ("alignments", "narratives", "documents"):
        mine = [
            json.dumps(r, sort_keys=True, default=str) for r in export.rows_for(table, imported)
        ]
        theirs = [json.dumps(r, sort_keys=True, default=str) for r in export.rows_for(table, store)]
        assert sorted(mine) == sorted(theirs), table
    assert imported.get_meta("sketch_settings") == store.get_meta("sketch_settings")
    assert imported.get_meta("align_settings") == store.get_meta("align_settings")
    standard = ("documents", "alignments", "narratives", "errors", "duplicates")
    assert {k: store.counts()[k] for k in standard} == {k: imported.counts()[k] for k in standard}
    imported.close()


def test_connected_components_chain_and_stars(spark: Any, tmp_path: Path) -> None:
    """A long chain, a star and a separate pair: three components named by their least node."""
    chain = [(f"c{i:03d}", f"c{i + 1:03d}") for i in range(60)]
    star = [("s000", f"s{i:03d}") for i in range(1, 20)]
    edges = spark.createDataFrame(chain + star + [("x2", "x1")], "u string, v string")
    work = spark_engine.Work(spark, str(tmp_path))
    components, rounds = spark_engine.connected_components(edges, work)
    found = {r["node"]: r["component"] for r in components.collect()}
    assert len(found) == 61 + 20 + 2
    assert {found[f"c{i:03d}"] for i in range(61)} == {"c000"}
    assert {found[f"s{i:03d}"] for i in range(20)} == {"s000"}
    assert found["x1"] == found["x2"] == "x1"
    assert rounds < 20


def test_parquet_input_gives_the_same_alignments(runs: dict[str, Any], spark: Any) -> None:
    """The same records as Parquet: ids differ (another file) but every text pairs up the same."""
    import pyarrow as pa

    records = []
    for line in (runs["root"] / "corpus.jsonl").read_text(encoding="utf-8").split("\n"):
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        records.append({k: None if v is None else str(v) for k, v in record.items()})
    names = sorted({k for r in records for k in r})
    schema = pa.schema([(name, pa.string()) for name in names])
    source = runs["root"] / "corpus.parquet"
    pq.write_table(pa.Table.from_pylist(records, schema=schema), source, row_group_size=64)
    out = runs["root"] / "out-parquet"
    result = spark_engine.scan(spark, [str(source)], str(out), FAST)
    assert result.documents == runs["spark"].documents

    def by_text(folder: Path) -> set[tuple]:
        sha = {r["id"]: r["sha1"] for r in _table(folder, "documents")}
        return {
            (sha[r["source_doc"]], r["source_start"], r["source_end"], sha[r["target_doc"]],
             r["target_start"], r["target_end"], r["kind"], r["source_is_earlier"])
            for r in _table(folder, "alignments")
        }  # fmt: skip

    assert by_text(out) == by_text(runs["out"])
    assert {r["fmt"] for r in _table(out, "documents")} == {"parquet"}
