"""An outlet's boilerplate: text it prints in many of its own documents.

A footer asking for donations, a standard disclaimer, an author's biography or a "follow us
on Telegram" line recurs in every article of an outlet.  Two of its articles share that text,
but neither copied it from the other: it is the outlet's furniture, and as reuse it would
make a narrative of every outlet's articles, ranked above the copying between outlets that
an investigation looks for.  Reuse of the same text *between* outlets is kept: sites that
share a footer are a finding.

A passage between two documents of one outlet is its boilerplate when, on both sides, the
outlet prints that text in at least ``min_documents`` of its documents: the passage's span in
each document is mostly covered by spans of that document aligned to enough other documents
of the same outlet.  A passage that holds more than the recurring text (a copied story with
the footer at its end) is not covered and stays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

SpanPair = tuple[str, int, int, str, int, int]  # source doc, start, end, target doc, start, end

# How much of a passage's span the spans aligned to another document must cover for that
# document to print the same text.
COVERED = 0.8


def outlet_key(outlet: str | None) -> str | None:
    """An outlet as compared here: case and surrounding spaces ignored; None when unknown."""
    key = " ".join(outlet.split()).casefold() if isinstance(outlet, str) else ""
    return key or None


def outlet_boilerplate(pairs: Sequence[SpanPair], outlet_of: Mapping[str, str | None], min_documents: int = 3) -> set[int]:
    """The indices of ``pairs`` (alignments as span pairs) that are an outlet's boilerplate.

    Only pairs whose two documents have one known outlet (``outlet_of``, by
    :func:`outlet_key`) can be; ``min_documents`` below 3 turns the rule off (two documents
    sharing a text are reuse, whoever printed them).
    """
    if min_documents < 3:
        return set()
    same = [
        k for k, (a, _sa, _ea, b, _sb, _eb) in enumerate(pairs)
        if a != b and outlet_key(outlet_of.get(a)) is not None and outlet_key(outlet_of.get(a)) == outlet_key(outlet_of.get(b))
    ]  # fmt: skip
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)  # doc -> (start, end, partner)
    for k in same:
        a, sa, ea, b, sb, eb = pairs[k]
        spans[a].append((sa, ea, b))
        spans[b].append((sb, eb, a))
    found = set()
    for k in same:
        a, sa, ea, b, sb, eb = pairs[k]
        if _printed_in(spans[a], sa, ea) >= min_documents and _printed_in(spans[b], sb, eb) >= min_documents:
            found.add(k)
    return found


def _printed_in(spans: Sequence[tuple[int, int, str]], start: int, end: int) -> int:
    """How many documents print the text at ``start:end`` of a document: itself and each
    partner whose aligned span there covers most of it."""
    length = max(1, end - start)
    partners = {partner for s, e, partner in spans if min(end, e) - max(start, s) >= COVERED * length}
    return 1 + len(partners)
