"""The store: the one owner of the DuckDB file, its schema and every SQL statement.

Stages never touch the database; engines, outputs and the command line go through ``Store``.
"""

from copytrail.store.database import DEFAULT_DB, Store, StoredDocument, open_store

__all__ = ["DEFAULT_DB", "Store", "StoredDocument", "open_store"]
