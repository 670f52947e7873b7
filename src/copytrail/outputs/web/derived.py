"""What the web app derives from its private copy of the store, so that its commonest pages
cost one small query each.

The app never writes the user's store: it serves a copy of its own (:mod:`.snapshot`), which
no one else changes.  When it takes a copy it adds to it, in the copy alone, a numbered
documents list and each alignment seen from both sides (:mod:`copytrail.store.page_tables`).

A copy is never changed after it is taken, so what is derived from it holds for its life:
:class:`Memo` keeps a few such answers (the corpus counts, the narratives' labels), each
bounded by the size of the store, and is dropped with the copy.  A store read in place (too
large to copy) has neither: its pages run the store's own queries (:mod:`copytrail.store.queries`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from copytrail.store import Store

T = TypeVar("T")


class Memo:
    """Answers computed once for one copy of the store (which never changes), each under its
    own name; ``tables`` says whether the copy has the page tables
    (:func:`copytrail.store.page_tables.add_tables`)."""

    def __init__(self, tables: bool) -> None:
        self.tables = tables
        self._answers: dict[str, Any] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def get(self, name: str, compute: Callable[[], T]) -> T:
        """The answer kept under ``name``, computed by the first request that asks for it
        (the others that want it wait for it rather than compute it again; those that want
        another answer do not wait)."""
        try:
            return self._answers[name]  # type: ignore[no-any-return]
        except KeyError:
            pass
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name not in self._answers:
                self._answers[name] = compute()
            return self._answers[name]  # type: ignore[no-any-return]


def memo_of(store: Store) -> Memo | None:
    """The memo of the copy ``store`` reads, or None for the store read in place."""
    memo = getattr(store, "memo", None)
    return memo if isinstance(memo, Memo) else None
