"""Benchmark of the techbridges pipeline: a synthetic corpus generator (bench.corpus)
and an end-to-end timing harness that runs the real Dagster job (bench.run)."""
