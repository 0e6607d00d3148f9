"""Ingest: raw files in (local folder or object-store prefix), cleaned articles and
reject rows out. sources.py reads and decodes, clean.py repairs text and drops page furniture."""
