"""Semantic layer: sentence embeddings that find reworded reuse lexical alignment misses.

torch, tokenizers, safetensors, model2vec and faiss are optional (extra ``semantic``) and
imported only when a semantic command runs.  Importing this package imports nothing heavy:
its names load on first use, so ``copytrail.settings`` can read ``SemanticSettings``.

Glossary (each word names one thing):

- **static vectors**: a sentence's vector from ``StaticEncoder`` (``encoders``), a model2vec
  distillation of MiniLM: cheap, stored per document by a scan, searched by the
  ``SentenceIndex`` (``index``) to find documents close in meaning, and used to *propose*
  sentence pairs;
- **MiniLM**: the transformer itself (``MiniLMEncoder``, ``minilm_encoder``), costly; it
  *confirms* proposed pairs and measures whole passages.  Its vectors are kept per process
  and in the store (whose table and methods call them "judged"; a scan's result counts
  ``sentences_judged``, and its clock "judge (MiniLM)"); ``minilm_vector_key`` says which
  model, device and precision made a stored one;
- **proposal**: a sentence pair close by static vectors that shares content words;
  **confirmed**: a proposal MiniLM puts above ``SemanticSettings.confirm``;
- **plan**: the proposals of one document pair worth confirming (``semantic_plan`` in
  ``copytrail.stages.align``);
- ``DocumentVectors`` (``vectors``): one document's static vectors and the MiniLM vectors of
  those of its sentences that needed them; ``encode_minilm_rows`` / ``encode_planned_pairs``
  encode many documents' rows in one batch;
- ``PairParaphrases`` (``paraphrases``): one document pair seen by the semantic layer, the
  ``ParaphraseFinder`` that alignment asks;
- ``meaning``: aligning the pairs found by meaning alone, without MiniLM where it has
  nothing to confirm and with it, in batches, elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copytrail._lazy import lazy_attributes

_EXPORTS = {
    "SemanticSettings": "copytrail.stages.semantic.settings",
    "MODEL_LANGUAGES": "copytrail.stages.semantic.language",
    "detect_language": "copytrail.stages.semantic.language",
    "model_covers": "copytrail.stages.semantic.language",
    "MODEL_PACKAGE": "copytrail.stages.semantic.encoders",
    "STATIC_DIMS": "copytrail.stages.semantic.encoders",
    "MiniLMEncoder": "copytrail.stages.semantic.encoders",
    "StaticEncoder": "copytrail.stages.semantic.encoders",
    "cache_dir": "copytrail.stages.semantic.encoders",
    "minilm_encoder": "copytrail.stages.semantic.encoders",
    "minilm_precision": "copytrail.stages.semantic.encoders",
    "minilm_vector_key": "copytrail.stages.semantic.encoders",
    "model_path": "copytrail.stages.semantic.encoders",
    "static_encoder": "copytrail.stages.semantic.encoders",
    "summed_rows": "copytrail.stages.semantic.encoders",
    "MIN_SENTENCE_WORDS": "copytrail.stages.semantic.vectors",
    "DocumentVectors": "copytrail.stages.semantic.vectors",
    "MiniLMVectorStore": "copytrail.stages.semantic.vectors",
    "embed_texts": "copytrail.stages.semantic.vectors",
    "encode_minilm_rows": "copytrail.stages.semantic.vectors",
    "encode_planned_pairs": "copytrail.stages.semantic.vectors",
    "sentence_texts": "copytrail.stages.semantic.vectors",
    "static_sentence_vectors": "copytrail.stages.semantic.vectors",
    "static_sentence_vectors_batch": "copytrail.stages.semantic.vectors",
    "static_vectors_of_words": "copytrail.stages.semantic.vectors",
    "without_short": "copytrail.stages.semantic.vectors",
    "PairParaphrases": "copytrail.stages.semantic.paraphrases",
    "confirmed": "copytrail.stages.semantic.paraphrases",
    "passage_similarity": "copytrail.stages.semantic.paraphrases",
    "proposals": "copytrail.stages.semantic.paraphrases",
    "stem_dice": "copytrail.stages.semantic.paraphrases",
    "SentenceIndex": "copytrail.stages.semantic.index",
    "MeaningStore": "copytrail.stages.semantic.meaning",
    "align_meaning_pairs": "copytrail.stages.semantic.meaning",
    "align_with_minilm": "copytrail.stages.semantic.meaning",
    "align_without_minilm": "copytrail.stages.semantic.meaning",
}

__all__ = [
    "DocumentVectors",
    "MIN_SENTENCE_WORDS",
    "MODEL_LANGUAGES",
    "MODEL_PACKAGE",
    "MeaningStore",
    "MiniLMEncoder",
    "MiniLMVectorStore",
    "PairParaphrases",
    "STATIC_DIMS",
    "SemanticSettings",
    "SentenceIndex",
    "StaticEncoder",
    "align_meaning_pairs",
    "align_with_minilm",
    "align_without_minilm",
    "cache_dir",
    "confirmed",
    "detect_language",
    "embed_texts",
    "encode_minilm_rows",
    "encode_planned_pairs",
    "minilm_encoder",
    "minilm_precision",
    "minilm_vector_key",
    "model_covers",
    "model_path",
    "passage_similarity",
    "proposals",
    "sentence_texts",
    "static_encoder",
    "static_sentence_vectors",
    "static_sentence_vectors_batch",
    "static_vectors_of_words",
    "stem_dice",
    "summed_rows",
    "without_short",
]

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.stages.semantic.encoders import (
        MODEL_PACKAGE,
        STATIC_DIMS,
        MiniLMEncoder,
        StaticEncoder,
        cache_dir,
        minilm_encoder,
        minilm_precision,
        minilm_vector_key,
        model_path,
        static_encoder,
        summed_rows,
    )
    from copytrail.stages.semantic.index import SentenceIndex
    from copytrail.stages.semantic.language import MODEL_LANGUAGES, detect_language, model_covers
    from copytrail.stages.semantic.meaning import (
        MeaningStore,
        align_meaning_pairs,
        align_with_minilm,
        align_without_minilm,
    )
    from copytrail.stages.semantic.paraphrases import (
        PairParaphrases,
        confirmed,
        passage_similarity,
        proposals,
        stem_dice,
    )
    from copytrail.stages.semantic.settings import SemanticSettings
    from copytrail.stages.semantic.vectors import (
        MIN_SENTENCE_WORDS,
        DocumentVectors,
        MiniLMVectorStore,
        embed_texts,
        encode_minilm_rows,
        encode_planned_pairs,
        sentence_texts,
        static_sentence_vectors,
        static_sentence_vectors_batch,
        static_vectors_of_words,
        without_short,
    )


__getattr__ = lazy_attributes(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return __all__
