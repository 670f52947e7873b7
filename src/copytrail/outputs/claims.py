"""Claims as files: claim groups as JSONL (nested) or CSV (one statement a row).

The rows come from the store (``copytrail.store.claims.claim_rows``); this module only writes.
"""

from __future__ import annotations

import csv
import json

from copytrail.errors import UsageError
from copytrail.outputs.files import text_output
from copytrail.store import Store
from copytrail.store.claims import cite_statements, claim_rows, flatten_group_row


def export_claims(store: Store, fmt: str = "jsonl", out: str | None = None, differ_only: bool = False) -> int:
    """Write claim groups as JSONL (nested) or CSV (one statement a row); returns rows written."""
    if fmt not in ("jsonl", "csv"):
        raise UsageError(f"unknown claims format {fmt!r}; choose jsonl or csv")
    count = 0
    with text_output(out) as handle:  # a file is written whole or not at all
        writer: csv.DictWriter[str] | None = None
        for row in cite_statements(store, claim_rows(store, differ_only)):
            if fmt == "jsonl":
                handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                count += 1
                continue
            for flat in flatten_group_row(row):
                if writer is None:
                    writer = csv.DictWriter(handle, fieldnames=list(flat), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow(flat)
                count += 1
    return count
