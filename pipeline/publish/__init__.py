"""Publish: validated tables in, a release (Parquet, CSV, datapackage, page) out,
locally or on object storage."""
