"""Engines drive the same stage functions: ``local`` (one machine) and, later, Spark."""
