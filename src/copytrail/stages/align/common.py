"""A corpus's common stems: those held by many of its documents.

Counting a word both texts hold once (``AlignSettings.shared_once``) lets a short rewrite's
kept words weigh what they should; but two wire stories that share only their formula
("Shr 17 cts vs 16 cts / Net ... / Revs ...", "told the Securities and Exchange Commission it
has acquired") share words just as a rewrite does.  Within one pair the two look alike; across
the corpus they do not: a formula's words are in hundreds of its stories, a rewrite's names,
figures and story words in few.  So the stems held by more than a share of the corpus's
documents keep counting twice.

The share is read on a sample (``SAMPLE`` documents, the same ones for every engine and
whatever files held them: the first by the SHA-1 of their text), so that it costs the same
at any size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from copytrail.stages.align.prepare import text_profile
from copytrail.stages.align.settings import AlignSettings

SAMPLE = 2000  # documents read for a corpus's common stems (about 2 s on two cores)


def common_stems(texts: Iterable[str], settings: AlignSettings) -> frozenset[str]:
    """The stems held by more than ``common_share`` of ``texts`` and by ``common_least`` of
    them at least (a handful of texts has none: every stem of a pair counts once)."""
    held: Counter[str] = Counter()
    documents = 0
    for text in texts:
        held.update(text_profile(text).df.keys())
        documents += 1
    share = settings.common_share * documents
    return frozenset(stem for stem, count in held.items() if count >= settings.common_least and count > share)
