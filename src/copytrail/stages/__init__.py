"""The pipeline's stages, in the order a scan runs them.

ingest → segment → sketch → candidates → align (+ semantic) → cluster → claims → network

Each stage is a set of pure functions over the plain records of ``copytrail.records``: no
database, no processes, no printing.  ``copytrail.engines`` drives them; ``copytrail.store``
keeps what they make.
"""
