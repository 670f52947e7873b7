"""Engines drive the stage functions: ``local`` (one machine, a process pool) and ``spark``
(a cluster).  Both call the same public stage functions, so their results cannot drift."""
