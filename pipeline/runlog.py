"""`make run`: the whole job in this process, reported like a command-line tool.

What it prints (stderr, INFO level; ``PIPELINE_LOG_LEVEL=DEBUG`` shows every Dagster
event instead, through :data:`full_console`):

* one line per stage as it finishes: what it produced and how long it took
  (``ingest    2 articles, 0 rejects  0.4 s``);
* during extraction, a progress line every few seconds (done / total, rate, ETA);
* at the end a summary: outcome, release id, path, rows per table and the change
  against the previous release; or, when the run failed, the reason in plain words
  (the check or stage that failed and what to do), no stack trace, exit status 1.

The concise output comes from :data:`concise_console`, a Dagster logger that replaces
the default console logger for this run only (the instance's event log, which the UI
reads, still records every event). It writes to a copy of the terminal's stderr taken
before the run (:func:`console_stream`): while steps run, Dagster points stderr at the
compute-log file and mirrors it back with `tail -F`, which it stops at the end of the
run, sometimes before the last lines came through (the stage line of `release` went
missing under load). The DEBUG output goes to the same copy, for the same reason.
Runs are tagged ``techbridges/outcome``
(published / unchanged / failed) by the release asset, or here when the run failed.
"""
from __future__ import annotations

import io
import logging
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from typing import Any, TextIO

if __name__ == "__main__":  # `make run`: spaCy loads in a worker during the imports below
    from pipeline import prestart
    prestart.start_early()

import dagster as dg  # noqa: E402
from dagster._core.log_manager import get_log_record_metadata, has_log_record_metadata  # noqa: E402

from pipeline.progress import PROGRESS  # noqa: E402

STAGES = ("ingest", "extract", "resolve", "cooperation_edges", "release")


# ------------------------------------------------------------------------ console logger


@dataclass
class RunReport:
    """What the concise logger saw during one run (read by :func:`main`)."""

    failed_checks: list[tuple[str, str]] = field(default_factory=list)   # (check, why)
    stage_failures: list[tuple[str, str]] = field(default_factory=list)  # (step, reason)
    stage_seconds: dict[str, float] = field(default_factory=dict)


REPORT = RunReport()
_console: TextIO | None = None   # where the concise logger writes (main() sets it); else stderr


def console_stream() -> TextIO:
    """A line-buffered text stream on a duplicate of stderr's file descriptor, so that
    lines written to it reach the terminal directly while Dagster's compute-log capture
    has pointed descriptor 2 at a file. `sys.stderr` itself when it has no descriptor
    (a test runner's capture)."""
    try:
        fd = os.dup(sys.stderr.fileno())
    except (AttributeError, OSError, io.UnsupportedOperation):
        return sys.stderr
    return open(fd, "w", buffering=1, encoding=sys.stderr.encoding or "utf-8",
                errors="backslashreplace")


def stage_of(step: str) -> str:
    """The stage a step belongs to: a step inside a graph-backed asset is named
    `<asset>.<op>[<batch>]` (`extract.extract_batch[b3]` -> `extract`)."""
    return step.split(".", 1)[0]


def _plain(value: Any) -> str:
    v = getattr(value, "value", value)
    return " ".join(str(v).split())


def check_reason(evaluation: Any) -> str:
    """The plain reason of a failed asset check: its ``why`` metadata, else ``details``."""
    md = evaluation.metadata or {}
    for key in ("why", "details"):
        if key in md and _plain(md[key]) not in ("", "ok", "none"):
            return _plain(md[key])
    return "failed (no details)"


def failure_reason(event: Any) -> str:
    """The plain reason of a STEP_FAILURE event: a ``dg.Failure`` description, else the
    error's one-line message (never its stack trace)."""
    data = event.step_failure_data
    if data.user_failure_data and data.user_failure_data.description:
        return data.user_failure_data.description.strip()
    err = data.error
    while err is not None and err.cause is not None and err.cls_name in (
            "DagsterExecutionStepExecutionError", "DagsterUserCodeExecutionError"):
        err = err.cause
    if err is None:
        return "failed"
    lines = err.message.strip().splitlines()
    return lines[0] if lines else err.cls_name


class ConciseHandler(logging.Handler):
    """Turns Dagster log records into the few lines described in the module docstring."""

    def __init__(self, stream, report: RunReport, level: int = logging.INFO):
        super().__init__()  # sees every record: Dagster logs its events at DEBUG
        self.stream, self.report, self.user_level = stream, report, level
        self.buffered: dict[str, list[str]] = {}

    def out(self, text: str) -> None:
        print(text, file=self.stream, flush=True)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._emit(record)
        except Exception:  # a reporting bug must never fail the run
            self.handleError(record)

    def _emit(self, record: logging.LogRecord) -> None:
        if not has_log_record_metadata(record):
            return
        meta = get_log_record_metadata(record)
        step_key = meta.get("step_key") or ""
        step = stage_of(step_key)
        event = meta.get("dagster_event")
        if event is None:
            msg = " ".join(str(meta.get("orig_message", "")).split())
            if getattr(record, PROGRESS, False):
                self.out(f"{step:<9} {msg}")
            elif record.levelno >= logging.WARNING and step in STAGES \
                    and not msg.startswith("Dependencies for step"):
                self.out(f"{step:<9} warning: {msg}")
            elif record.levelno >= self.user_level:
                self.buffered.setdefault(step_key, []).append(msg)
            return
        kind = event.event_type_value
        if kind == "STEP_SUCCESS":
            data: Any = event.event_specific_data  # dagster types it as a union of every event's data
            secs = (data.duration_ms or 0) / 1000
            self.report.stage_seconds[step] = self.report.stage_seconds.get(step, 0.0) + secs \
                if step != step_key else secs
            msgs = self.buffered.pop(step_key, [])
            if msgs or step in STAGES:
                text = "; ".join(msgs) or "done"
                self.out(f"{step:<9} {text}  {secs:.1f} s")
        elif kind == "ASSET_CHECK_EVALUATION":
            ev: Any = event.event_specific_data
            if not ev.passed:
                why = check_reason(ev)
                self.report.failed_checks.append((ev.check_name, why))
                self.out(f"check     {ev.check_name} FAILED: {why}")
        elif kind == "STEP_FAILURE":
            reason = failure_reason(event)
            self.report.stage_failures.append((step_key, reason))
            if "DagsterAssetCheckFailedError" not in reason:
                self.out(f"{step:<9} FAILED: {reason}")


@dg.logger(config_schema={"log_level": dg.Field(str, is_required=False, default_value="INFO")},
           description="Concise console output for `make run` (one line per stage).")
def concise_console(init_context) -> logging.Logger:
    level = init_context.logger_config["log_level"].upper()
    logger = logging.Logger("techbridges", level=logging.DEBUG)
    logger.addHandler(ConciseHandler(_console or sys.stderr, REPORT, getattr(logging, level, logging.INFO)))
    return logger


@dg.logger(config_schema={"log_level": dg.Field(str, is_required=False, default_value="DEBUG")},
           description="Every Dagster event, in Dagster's console format (PIPELINE_LOG_LEVEL=DEBUG).")
def full_console(init_context) -> logging.Logger:
    level = init_context.logger_config["log_level"].upper()
    logger = logging.Logger("dagster", level=getattr(logging, level, logging.DEBUG))
    handler = logging.StreamHandler(_console or sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s - %(name)s - %(levelname)s - %(message)s"))
    logger.addHandler(handler)
    return logger


# ------------------------------------------------------------------------ the command


def summary_lines(md: dict[str, Any]) -> list[str]:
    """The closing lines of a successful run from the release asset's metadata."""
    outcome = _plain(md["outcome"])
    rid = _plain(md["release_id"])
    path = _plain(md["path"])
    rows: dict[str, int] = md["row_counts"].value
    if outcome == "unchanged":
        head = f"unchanged: the content equals the latest release {rid}; nothing new was written"
    else:
        head = f"published release {rid}"
    out = [head, f"  path: {path}"]
    if "site" in md:
        out.append(f"  page: {_plain(md['site'])}")
    changes = md["row_changes"].value if "row_changes" in md else None
    if changes is not None:
        out.append(f"  rows per table (change against {_plain(md['previous_release'])}):")
    else:
        out.append("  rows per table:")
    width = max(len(t) for t in rows)
    for t, n in rows.items():
        change = ""
        if changes is not None:
            d = int(changes.get(t, n))
            change = f"  {d:+d}" if d else "  ="
        out.append(f"    {t:<{width}} {n:>7}{change}")
    return out


def reuse_line(md: dict[str, dict[str, Any]],
               checks: dict[str, dict[str, Any]] | None = None) -> str | None:
    """What this run took from the caches, from the metadata of `cleaned_articles` and
    `extractions`, and whether the release gate relied on the run's checks (`release`)
    ({asset: metadata}); with `checks` ({check name: metadata}), how many rows the
    contract checks knew valid from earlier runs. None when none says."""
    def val(asset: str, key: str) -> int | None:
        v = md.get(asset, {}).get(key)
        return None if v is None else int(getattr(v, "value", v))

    parts = []
    by_stamp, by_content = val("cleaned_articles", "from_cache_by_stamp"), val("cleaned_articles", "from_cache_by_content")
    cleaned = val("cleaned_articles", "read_and_cleaned")
    if by_stamp is not None and by_content is not None and cleaned is not None:
        parts.append(f"{by_stamp + by_content} of {by_stamp + by_content + cleaned} raw files from the ingest cache")
    cached, articles = val("extractions", "from_cache"), val("extractions", "articles")
    run, skipped = val("extractions", "batches_run"), val("extractions", "batches_skipped")
    if cached is not None and articles is not None:
        text = f"{cached} of {articles} extractions from the cache"
        if run is not None and skipped is not None:
            text += f" ({run} of {run + skipped} extract batches run)"
        before = val("extractions", "cache_entries_checked_before")
        if before:
            text += f", {before} of them checked in an earlier run and passed on unparsed"
        parts.append(text)
    known = total = 0
    for name, cmd in (checks or {}).items():
        if name.endswith("_matches_contract") and "rows_known_valid" in cmd and "rows" in cmd:
            known += int(getattr(cmd["rows_known_valid"], "value", cmd["rows_known_valid"]))
            total += int(getattr(cmd["rows"], "value", cmd["rows"]))
    if known:
        parts.append(f"{known} of {total} table rows known valid from earlier runs "
                     f"({total - known} validated)")
    gate = md.get("release", {}).get("gate")
    if gate is not None and str(getattr(gate, "value", gate)) == "checks of this run":
        parts.append("this run's blocking checks for the release gate (tables validated once)")
    return "  reused: " + "; ".join(parts) if parts else None


def failure_lines(report: RunReport) -> list[str]:
    reasons = [f"check {name}: {why}" for name, why in report.failed_checks]
    reasons += [f"stage {step}: {r}" if not r.startswith("stage ") else r
                for step, r in report.stage_failures
                if "DagsterAssetCheckFailedError" not in r]
    if not reasons:
        reasons = ["the run failed (see the run's logs in the Dagster UI)"]
    return [f"run failed: {reasons[0]}", *(f"  also: {r}" for r in reasons[1:]),
            "  nothing was published; `latest` still points at the last good release"]


def main(argv: list[str] | None = None) -> int:
    global _console
    warnings.filterwarnings("ignore", category=dg.BetaWarning)
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    level = os.environ.get("PIPELINE_LOG_LEVEL", "INFO").upper()
    from pipeline.settings import PipelineSettings, SettingsError

    try:
        settings = PipelineSettings.from_env()
        from pipeline.definitions import build_definitions  # loads the settings too
    except SettingsError as exc:
        print(f"techbridges: {exc}", file=sys.stderr)
        return 2
    loggers = {"console": full_console if level == "DEBUG" else concise_console}
    defs = build_definitions(settings, loggers=loggers)
    job = defs.resolve_job_def("techbridges")
    vars(REPORT).update(vars(RunReport()))  # a fresh report for this run
    t0 = time.monotonic()
    print(f"techbridges: raw {settings.raw_dir} -> output {settings.output_dir}",
          file=sys.stderr, flush=True)
    _console = console_stream()
    try:
        with dg.DagsterInstance.get() as instance:
            run_config = {"loggers": {"console": {"config": {"log_level": level}}}}
            result = job.execute_in_process(instance=instance, raise_on_error=False,
                                            run_config=run_config,
                                            tags={"techbridges/trigger": "make run"})
            if not result.success:
                from pipeline.defs.outcome import OUTCOME_TAG

                instance.add_run_tags(result.run_id, {OUTCOME_TAG: "failed"})
    finally:
        if _console is not sys.stderr:
            _console.close()
        _console = None
    took = time.monotonic() - t0
    if not result.success:
        for line in failure_lines(REPORT):
            print(line, file=sys.stderr)
        return 1
    [mat] = [m for m in result.asset_materializations_for_node("release")]
    for line in summary_lines(dict(mat.metadata)):
        print(line, file=sys.stderr)
    mats = [ev.step_materialization_data.materialization for ev in result.get_asset_materialization_events()]
    evaluations = result.get_asset_check_evaluations()
    checks = {e.check_name: dict(e.metadata) for e in evaluations}
    reuse = reuse_line({m.asset_key.to_user_string(): dict(m.metadata) for m in mats}, checks)
    if reuse:
        print(reuse, file=sys.stderr)
    print(f"  {sum(e.passed for e in evaluations)} blocking checks passed; {took:.0f} s in all; "
          f"run {result.run_id[:8]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
