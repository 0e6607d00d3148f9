"""Run settings: where raw files are read and releases written, and the safety limits.

Every field has an environment variable (read when the code location loads) and a
default, so `make run`, the schedule and the sensor all work with no configuration.
`raw_dir`, `output_dir` and `cache_dir` may be local paths or fsspec URLs
(`s3://bucket/prefix`; see pipeline/storage.py).
"""
from __future__ import annotations

import os

import dagster as dg

from pipeline.storage import Storage, storage_at


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


class PipelineSettings(dg.ConfigurableResource):
    """Paths and limits of a pipeline run."""

    raw_dir: str = "raw"
    output_dir: str = "data"
    cache_dir: str = ""            # extraction cache; "" means <output_dir>/.cache
    max_file_bytes: int = 20_000_000
    max_jsonl_lines: int = 100_000
    max_article_chars: int = 500_000
    extract_processes: int = 0     # 0: one process for small batches, two from 400 articles
    extract_timeout_s: float = 10.0  # per article, x (1 + characters / 50,000); then `extract_timeout`
    max_row_loss_share: float = 0.5  # a release may not lose more than this share of any table's rows

    @classmethod
    def from_env(cls) -> "PipelineSettings":
        return cls(
            raw_dir=_env("PIPELINE_RAW_DIR", "raw"),
            output_dir=_env("PIPELINE_OUTPUT_DIR", "data"),
            cache_dir=_env("PIPELINE_CACHE_DIR", ""),
            max_file_bytes=int(_env("PIPELINE_MAX_FILE_BYTES", "20000000")),
            max_jsonl_lines=int(_env("PIPELINE_MAX_JSONL_LINES", "100000")),
            max_article_chars=int(_env("PIPELINE_MAX_ARTICLE_CHARS", "500000")),
            extract_processes=int(_env("PIPELINE_EXTRACT_PROCESSES", "0")),
            extract_timeout_s=float(_env("PIPELINE_EXTRACT_TIMEOUT_S", "10")),
            max_row_loss_share=float(_env("PIPELINE_MAX_ROW_LOSS_SHARE", "0.5")),
        )

    @property
    def extraction_cache_dir(self) -> str:
        return self.cache_dir or storage_at(self.output_dir).join(".cache", "extractions")

    # Local or object storage is decided here, once per location (pipeline/storage.py).
    def raw_storage(self) -> Storage:
        return storage_at(self.raw_dir)

    def output_storage(self) -> Storage:
        return storage_at(self.output_dir)
