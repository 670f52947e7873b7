"""The store: the one owner of the DuckDB file, its schema and every SQL statement.

Stages never touch the database; engines, outputs and the command line go through ``Store``
(``database``) and the shared read queries (``queries``).  ``schema`` declares the tables,
``key_index`` holds the sorted band keys beside the file, ``vectors`` the sentence-vector
tables; ``claims``, ``network`` and ``spark_import`` serve their stages.
"""

from copytrail.store.database import DEFAULT_DB, Store, StoredDocument, open_store

__all__ = ["DEFAULT_DB", "Store", "StoredDocument", "open_store"]
