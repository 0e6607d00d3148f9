"""Dagster definitions of the pipeline, one module per stage (ingest, extract,
resolve, publish), plus the blocking checks and the schedule and sensor."""
