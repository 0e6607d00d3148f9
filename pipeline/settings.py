"""Run settings: where raw files are read and releases written, and the safety limits.

One object, validated from its fields (types, ranges, paths): every field has a default
and an environment variable ``PIPELINE_<FIELD>`` read once, when the definitions load
(:meth:`PipelineSettings.from_env`), so `make run`, the schedule and the sensor work with
no configuration and a mistyped value stops the load with a message naming the
variable. `raw_dir`, `output_dir`, `cache_dir` and `steps_dir` may be local paths or
fsspec URLs (`s3://bucket/prefix`; see pipeline/storage.py).

`executor` picks where the steps run (pipeline/executors.py): `in_process` (default,
`make run`), `multiprocess` (a process per step) or `celery` (steps on Celery workers,
broker and result backend from `PIPELINE_CELERY_BROKER` / `PIPELINE_CELERY_BACKEND`).
With the last two every step process loads the definitions again, so these settings
must come from the environment of each process (the workers' too), not from code.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any, Literal

import dagster as dg
import pydantic
from pydantic import Field, field_validator

from pipeline.ingest.sources import Limits
from pipeline.storage import Storage, storage_at


class SettingsError(ValueError):
    """A setting has a value the pipeline cannot run with."""


SETTINGS_TAG = "techbridges/settings"

# Locations are read as written; the others lose spaces (and numbers `_`: 20_000_000).
LOCATIONS = ("raw_dir", "output_dir", "cache_dir", "steps_dir")


class PipelineSettings(dg.ConfigurableResource):
    """Paths and limits of a pipeline run."""

    raw_dir: str = "raw"
    output_dir: str = "data"
    cache_dir: str = ""            # extraction cache; "" means <output_dir>/.cache/extractions
    max_file_bytes: int = Field(default=20_000_000, gt=0)
    max_jsonl_lines: int = Field(default=100_000, gt=0)
    max_article_chars: int = Field(default=500_000, gt=0)
    extract_processes: int = Field(default=0, ge=0, le=256)  # 0: auto, per extract batch: 2 from 64 articles
    extract_timeout_s: float = Field(default=10.0, gt=0)  # per article, x (1 + characters / 50,000)
    max_row_loss_share: float = Field(default=0.5, ge=0, le=1)  # a release may lose at most this share of a table
    sensor_interval_s: int = Field(default=30, ge=1)  # how often the daemon evaluates the raw-folder sensor
    executor: Literal["in_process", "multiprocess", "celery"] = "in_process"
    steps_dir: str = ""            # tables between steps; "" means <DAGSTER_HOME>/storage/steps

    @field_validator("raw_dir", "output_dir")
    @classmethod
    def _a_location(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must name a folder or an fsspec URL, not be empty")
        if "\x00" in v:
            raise ValueError("must not contain a NUL character")
        return v

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "PipelineSettings":
        """Settings from ``PIPELINE_<FIELD>`` variables (unset or empty: the default).
        Raises :class:`SettingsError` naming the variable and the rule it breaks."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(f"PIPELINE_{name.upper()}")
            if raw is not None and raw.strip():
                values[name] = raw if name in LOCATIONS else raw.strip() if name == "executor" \
                    else raw.strip().replace("_", "")
        try:
            return cls(**values)
        except (pydantic.ValidationError, dg.DagsterInvalidConfigError) as exc:
            raise SettingsError(_explain(exc, env)) from None

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        """Every step process checks it runs with the run's settings: the first records
        them on the run (tag `techbridges/settings`), a later one that read other values
        from its environment (a Celery worker started without them) fails, naming them,
        instead of reading or writing somewhere else."""
        instance, run = context.instance, context.dagster_run
        if instance is None or run is None:
            return
        mine = self.model_dump(mode="json")
        recorded = run.tags.get(SETTINGS_TAG)
        if recorded is None:
            instance.add_run_tags(run.run_id, {SETTINGS_TAG: json.dumps(mine, sort_keys=True)})
            return
        theirs = json.loads(recorded)
        differ = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
        if differ:
            shown = "; ".join(f"PIPELINE_{k.upper()}: run {theirs.get(k)!r}, here {mine.get(k)!r}" for k in differ)
            raise SettingsError(f"this process's settings differ from the run's (start workers with the "
                                f"same PIPELINE_* environment as the run): {shown}")

    @property
    def limits(self) -> Limits:
        return Limits(max_file_bytes=self.max_file_bytes, max_jsonl_lines=self.max_jsonl_lines,
                      max_article_chars=self.max_article_chars)

    @property
    def extraction_cache_dir(self) -> str:
        return self.cache_dir or storage_at(self.output_dir).join(".cache", "extractions")

    @property
    def ingest_cache_dir(self) -> str:
        """What ingest made of each raw file (pipeline/ingest/cache.py): beside the
        extraction cache by default, inside `cache_dir` when that is set."""
        if self.cache_dir:
            return storage_at(self.cache_dir).join("ingest")
        return storage_at(self.output_dir).join(".cache", "ingest")

    # Local or object storage is decided here, once per location (pipeline/storage.py).
    def raw_storage(self) -> Storage:
        return storage_at(self.raw_dir)

    def output_storage(self) -> Storage:
        return storage_at(self.output_dir)


def _explain(exc: Exception, env: Mapping[str, str]) -> str:
    if not isinstance(exc, pydantic.ValidationError):
        return f"invalid pipeline settings: {exc}"
    lines = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err.get("loc") else "?"
        var = f"PIPELINE_{name.upper()}"
        lines.append(f"{var}={env.get(var)!r}: {err['msg']}")
    return "invalid pipeline settings:\n" + "\n".join(f"- {line}" for line in lines)
