"""What matching reads of every claim, as arrays built in one pass over the claims.

The alignment offers, the similarity join and the linking each asked every claim for its
document, figure, unit and hedge again (a quarter of a regroup's time went to walking the
claims); :class:`ClaimColumns` asks once, and each distinct hedge or figure is classified once.
Equal numbers in a column mean equal values; the numbers themselves carry no meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from copytrail.stages.claims.numbers import qualifier_class, significant_digits
from copytrail.stages.claims.records import Claim


def value_key(value: float | str) -> float | str:
    """A figure as blocking compares it (nine significant digits; a date as written)."""
    return float(f"{value:.9g}") if isinstance(value, float) else value


@dataclass(frozen=True, slots=True)
class ClaimColumns:
    """Per claim (in the order given): numbers for equal documents, values, units and hedges,
    the places and the figure as a float."""

    doc: np.ndarray  # equal documents, equal numbers
    doc_number: dict[str, int]  # a document's number in ``doc``
    value_start: np.ndarray
    sentence_start: np.ndarray
    sentence_end: np.ndarray
    is_date: np.ndarray
    is_float: np.ndarray  # a quantity whose value is a float (what the vectorised figure tests read)
    value: np.ndarray  # the figure as a float (0 for a date)
    value_id: np.ndarray  # equal values (a date as written), equal numbers
    value_key_id: np.ndarray  # equal :func:`value_key`, equal numbers
    date_len: np.ndarray  # a date's precision as the length of its text (0 for a quantity)
    unit: np.ndarray  # equal unit keys, equal numbers
    has_unit: np.ndarray
    hedge: np.ndarray  # equal :func:`qualifier_class`, equal numbers
    digits: np.ndarray  # significant digits of the written figure (:func:`significant_digits`)

    @classmethod
    def of(cls, claims: Sequence[Claim], unit_keys: Sequence[str]) -> ClaimColumns:
        """The columns of ``claims`` (``unit_keys``: their :attr:`Claim.unit_key`, which the caller holds)."""
        docs: dict[str, int] = {}
        values: dict[float | str, tuple[int, int]] = {}  # value → its number and its value key's
        keys: dict[float | str, int] = {}
        units: dict[str, int] = {}
        hedge_of: dict[str | None, int] = {}
        hedges: dict[str, int] = {}
        digits_of: dict[str, int] = {}
        rows: list[tuple[int, ...]] = []
        floats: list[float] = []
        for c, unit in zip(claims, unit_keys, strict=True):
            v = c.value
            is_date = c.kind == "date"
            ids = values.get(v)
            if ids is None:
                ids = values[v] = (len(values), keys.setdefault(value_key(v), len(keys)))
            hedge = hedge_of.get(c.qualifier)
            if hedge is None:
                hedge = hedge_of[c.qualifier] = hedges.setdefault(qualifier_class(c.qualifier), len(hedges))
            digits = digits_of.get(c.surface)
            if digits is None:
                digits = digits_of[c.surface] = significant_digits(c.surface)
            rows.append((
                docs.setdefault(c.doc, len(docs)), c.value_start, c.sentence_start, c.sentence_end, is_date,
                not is_date and isinstance(v, float), ids[0], ids[1], len(str(v)) if is_date else 0,
                units.setdefault(unit, len(units)), bool(unit), hedge, digits,
            ))  # fmt: skip
            floats.append(0.0 if is_date else v)  # type: ignore[arg-type]
        table = np.array(rows, dtype=np.int64).reshape(-1, 13)
        flag = table.astype(bool)
        return cls(
            doc=table[:, 0], doc_number=docs, value_start=table[:, 1], sentence_start=table[:, 2], sentence_end=table[:, 3],
            is_date=flag[:, 4], is_float=flag[:, 5], value=np.array(floats, dtype=np.float64), value_id=table[:, 6],
            value_key_id=table[:, 7], date_len=table[:, 8], unit=table[:, 9], has_unit=flag[:, 10], hedge=table[:, 11],
            digits=table[:, 12],
        )  # fmt: skip

    def same_value(
        self, claims: Sequence[Claim], i: np.ndarray, j: np.ndarray, same_value: Callable[[Claim, Claim], bool]
    ) -> np.ndarray:
        """``same_value`` of each pair of one kind, decided on the arrays where the rule is
        plain (equal values; floats close or far apart; figures whose significant digits leave
        no rounding to test) and asked of ``same_value`` only for the rest."""
        dates = self.is_date[i]
        va, vb = self.value[i], self.value[j]
        # Equal numbers: equal values as Python compares them (1 and 1.0 too), but never a NaN.
        equal = (self.value_id[i] == self.value_id[j]) & (dates | ~np.isnan(va))
        gap = np.abs(va - vb)
        larger = np.maximum(np.abs(va), np.abs(vb))
        floats = self.is_float[i] & self.is_float[j]  # other quantities are the same only when equal
        far = (gap > 1e-9) & (gap > 0.1 * larger)
        close = gap <= np.maximum(1e-9 * larger, 1e-9)  # math.isclose at same_value's tolerances
        da, db = self.digits[i], self.digits[j]
        # rounded_equal never holds for a zero figure, equal precision or one under two digits
        no_rounding = (va == 0) | (vb == 0) | (da == db) | (np.minimum(da, db) < 2)
        decided = dates | equal | ~floats | far | close | no_rounding
        out = equal | (~dates & floats & ~far & close)
        for k in np.flatnonzero(~decided).tolist():
            out[k] = same_value(claims[int(i[k])], claims[int(j[k])])
        return out

