"""Memory of resolve, validation and publishing at large N, from cached extractions.

    python -m bench.memory [--sizes 10000 30000 100000] [--seed S] [--work DIR]

spaCy cannot read 100,000 articles on a small machine in reasonable time, so here every
extraction is a cache hit on an entry synthesised without spaCy (bench.synthetic) and
what is measured is everything else:

1. `--prepare` (child process, `--jobs` workers): the largest N generated articles as
   cleaned articles read off the generator's layout (bench.synthetic.cleaned_article:
   the cleaner itself costs ~20 ms of CPU an article), and one extraction cache entry
   each (bench.synthetic.synthetic_extraction), keyed and checked as the pipeline's own
   (`content_key`, extractor version, mentions quoting the body).
2. for each size N, in a fresh child process (`--one N`): a new ephemeral instance whose
   step storage holds the first N cleaned articles (articles 1..N), and a run of the `techbridges`
   job without the ingest step (extract -> resolve -> checks -> publish) through Dagster
   in process, as bench.run runs it; every extraction must come from the cache (checked).
   Recorded: wall time and per-stage seconds from the event log, process-tree RSS sampled
   every 0.25 s and attributed to stages (bench.run.stage_memory), getrusage peaks.

The parent prints a table (N, peak RSS by stage, whole run), fits peak RSS against N
(a + b*N by least squares; the log-log slope between sizes: 1 = linear), extrapolates
the largest N that fits in 24 GB, and writes bench/out/memory-<timestamp>.json.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import OUT_DIR, ROOT, STAGES, TreeSampler, code_revision, rusage_mb, snapshot_code
from bench.run import stage_memory
from bench.run import extract_metadata, failure_summary, release_metadata, step_timings

MACHINE_MB = 24 * 1024   # the 24 GB machine


def _settings(work: Path, raw: Path, out: Path):
    from pipeline.settings import PipelineSettings

    return PipelineSettings(raw_dir=str(raw), output_dir=str(out), cache_dir=str(work / "cache"),
                            extract_processes=1)


def _measured_run(job, instance, **kwargs: Any) -> dict[str, Any]:
    import threading

    t0 = time.perf_counter()
    with TreeSampler() as sampler:
        done = threading.Event()

        def progress() -> None:   # in the child's log, for a run stopped before its end
            while not done.wait(20):
                now = sampler.samples[-1][1] if sampler.samples else 0.0
                print(f"[memory] {time.perf_counter() - t0:,.0f} s: tree RSS {now:,.0f} MB, "
                      f"peak {sampler.peak_mb:,.0f} MB", flush=True)

        threading.Thread(target=progress, daemon=True).start()
        try:
            result = job.execute_in_process(instance=instance, raise_on_error=False, **kwargs)
        finally:
            done.set()
    wall = time.perf_counter() - t0
    timings = step_timings(instance, result.run_id)
    fig: dict[str, Any] = {"success": result.success, "wall_seconds": round(wall, 3),
                           "rss": rusage_mb(), "tree_peak_mb": round(sampler.peak_mb, 1),
                           **timings,
                           "stage_memory": stage_memory(sampler.samples, timings["steps"]),
                           "extractions": extract_metadata(instance, result.run_id),
                           "release": release_metadata(instance, result.run_id)}
    if not result.success:
        fig["failures"] = failure_summary(result)
    return fig


def _prepare_chunk(task: tuple[Path, int, int, int, str]) -> list[dict[str, Any]]:
    """Worker: articles start..stop-1 as cleaned rows, each with its cache entry written."""
    import dataclasses

    from bench.synthetic import cleaned_article, synthetic_extraction
    from pipeline.cache import ExtractionCache, content_key

    work, start, stop, seed, version = task
    cache = ExtractionCache(work / "cache", version)
    rows = []
    for i in range(start, stop):
        a = cleaned_article(i, seed)
        x = synthetic_extraction(a.article_id, a.body, a.published_date, version, seed=seed)
        cache.put(content_key(a.body, a.title, a.published_date), x)
        rows.append({**dataclasses.asdict(a), "_counts": (len(x.organisations), len(x.mentions),
                                                          len(x.agreements), len(x.engagements))})
    return rows


def prepare(work: Path, n: int, seed: int, jobs: int) -> dict[str, Any]:
    """The cleaned articles of the largest size and their synthesised cache entries."""
    import multiprocessing as mp

    import pandas as pd

    from pipeline.defs.ingest import ARTICLE_FIELDS
    from pipeline.extract import extractor_version
    from pipeline.tables_io import frame_bytes

    t0 = time.perf_counter()
    version = extractor_version()
    step = 2000
    tasks = [(work, i, min(i + step, n), seed, version) for i in range(0, n, step)]
    rows: list[dict[str, Any]] = []
    with mp.get_context("fork").Pool(jobs) as pool:
        for part in pool.imap_unordered(_prepare_chunk, tasks):
            rows += part
            print(f"prepared {len(rows)} of {n}", flush=True)
    counts = [r.pop("_counts") for r in rows]
    df = pd.DataFrame(sorted(rows, key=lambda r: r["article_id"]), columns=ARTICLE_FIELDS)
    (work / "cleaned_articles.parquet").write_bytes(frame_bytes(df))
    names = ("organisations", "mentions", "agreements", "engagements")
    return {"n": n, "articles": len(df), "extractor_version": version,
            "per_article": {k: round(sum(c[j] for c in counts) / max(len(df), 1), 3)
                            for j, k in enumerate(names)},
            "prepare_seconds": round(time.perf_counter() - t0, 1)}


def stage_ingest_outputs(work: Path, n: int, job, instance) -> tuple[int, list]:
    """Put the first n prepared articles (and no rejects) where `instance`'s IO manager
    keeps ingest's outputs, so a run of the returned asset keys (every asset but
    ingest's) starts from them. Returns (articles staged, asset keys to run)."""
    import pyarrow.parquet as pq

    from bench.corpus import article_name
    from pipeline.defs.ingest import rejects_frame
    from pipeline.tables_io import frame_bytes

    steps = Path(instance.storage_directory()) / "steps"
    steps.mkdir(parents=True, exist_ok=True)
    # Only the first n articles are read (names are zero-padded: string order is
    # number order), so the set-up does not leave the largest size's memory behind.
    table = pq.read_table(work / "cleaned_articles.parquet",
                          filters=[("source_path", "<=", article_name(n - 1))])
    df = table.to_pandas().sort_values("article_id").reset_index(drop=True)
    (steps / "cleaned_articles.parquet").write_bytes(frame_bytes(df))
    (steps / "ingest_rejects.parquet").write_bytes(frame_bytes(rejects_frame([])))
    keys = [k for k in job.asset_layer.executable_asset_keys
            if k.to_user_string() not in ("cleaned_articles", "ingest_rejects")]
    return len(df), keys


def measure(work: Path, n: int) -> dict[str, Any]:
    """One size: extract (all cached) -> resolve -> checks -> publish (see the module doc)."""
    import dagster as dg

    from pipeline.definitions import build_definitions

    res: dict[str, Any] = {"n": n, "pid": os.getpid(), "loadavg_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix=f"mem-{n}-", dir=work) as tmp:
        (work / "raw").mkdir(exist_ok=True)   # never read: the ingest step does not run
        settings = _settings(work, work / "raw", Path(tmp) / "out")
        job = build_definitions(settings).resolve_job_def("techbridges")
        instance = dg.DagsterInstance.ephemeral(tempdir=str(Path(tmp) / "instance"))
        res["articles"], keys = stage_ingest_outputs(work, n, job, instance)
        res["rss_before_run"] = rusage_mb()
        res["run"] = _measured_run(job, instance, asset_selection=keys)
    res["loadavg_end"] = os.getloadavg()
    return res


# ------------------------------------------------------------------ the parent
def fit(points: list[tuple[int, float]]) -> dict[str, Any]:
    """Least squares peak = a + b*N, and log-log slopes between consecutive sizes."""
    if len(points) < 2:
        return {}
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    a = my - b * mx
    slopes = [round(math.log(y2 / y1) / math.log(x2 / x1), 3)
              for (x1, y1), (x2, y2) in zip(points, points[1:]) if y1 > 0 and y2 > 0]
    worst = max(abs(a + b * x - y) / y for x, y in points)
    return {"a_mb": round(a, 1), "mb_per_1000_articles": round(b * 1000, 1),
            "loglog_slopes": slopes, "max_relative_residual": round(worst, 3),
            "n_at_24gb": int((MACHINE_MB - a) / b) if b > 0 else None}


def _steps_peak(f: dict[str, Any]) -> float:
    """The highest process-tree RSS sampled while a step ran: the pipeline's own peak
    (`tree_peak_mb` also covers the run's start and end in this process)."""
    return max((v["peak_mb"] for v in f.get("stage_memory", {}).values()), default=0.0)


def report(prep: dict[str, Any], results: list[dict[str, Any]]) -> dict[str, Any]:
    print(f"\n=== memory run: every extraction from a synthesised cache entry "
          f"(per article: {prep.get('per_article')})")
    print(f"\n{'N':>7} " + " ".join(f"{s:>9}" for s in STAGES[1:]) + f" {'steps':>9} {'tree':>9} "
          f"{'maxrss':>8} {'wall s':>8}   seconds: " + " ".join(f"{s[:7]:>7}" for s in STAGES[1:]))
    for r in results:
        f = r.get("run")
        if not f:
            print(f"{r['n']:>7} failed: {r.get('error', '?')[:300]}")
            continue
        sm = f["stage_memory"]
        print(f"{r['n']:>7} " + " ".join(f"{sm.get(s, {}).get('peak_mb', float('nan')):>9,.0f}"
                                        for s in STAGES[1:])
              + f" {_steps_peak(f):>9,.0f} {f['tree_peak_mb']:>9,.0f} {f['rss']['self_mb']:>8,.0f}"
              + f" {f['wall_seconds']:>8,.0f}"
              + "            " + " ".join(f"{f['stages'].get(s, 0):>7,.0f}" for s in STAGES[1:])
              + ("" if f["success"] else "  FAILED: " + "; ".join(f.get("failures", []))[:300]))
    ok = [r for r in results if r.get("run", {}).get("success")]
    fits: dict[str, Any] = {}
    for what in ("run", *STAGES[1:]):
        pts = [(r["n"], _steps_peak(r["run"]) if what == "run"
                else r["run"]["stage_memory"].get(what, {}).get("peak_mb", 0.0)) for r in ok]
        fits[what] = fit([p for p in pts if p[1] > 0])
    print("\nfit of peak RSS = a + b*N (log-log slope 1 = linear growth, 2 = quadratic):")
    for what, ft in fits.items():
        if ft:
            print(f"  {what:<9} a {ft['a_mb']:>8,.0f} MB, b {ft['mb_per_1000_articles']:>7,.1f} MB "
                  f"per 1,000 articles, slopes {ft['loglog_slopes']}, worst residual "
                  f"{ft['max_relative_residual']:.1%}, N at 24 GB ~ "
                  + (f"{ft['n_at_24gb']:,}" if ft["n_at_24gb"] else "-"))
    return fits


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, help="work folder, kept (corpus, cache); default temporary")
    ap.add_argument("--jobs", type=int, default=2,
                    help="processes that prepare the cleaned articles and cache entries (default 2)")
    ap.add_argument("--prepare", type=int, metavar="N", help=argparse.SUPPRESS)   # child modes
    ap.add_argument("--one", type=int, metavar="N", help=argparse.SUPPRESS)
    ap.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.prepare is not None or args.one is not None:
        try:
            res = (prepare(args.work, args.prepare, args.seed, args.jobs) if args.prepare is not None
                   else measure(args.work, args.one))
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            import traceback
            traceback.print_exc()
            res = {"n": args.prepare or args.one, "error": f"{type(exc).__name__}: {exc}"}
        args.result.write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
        return 0 if "error" not in res else 1

    sizes = sorted(set(args.sizes))
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    tmp_ctx = tempfile.TemporaryDirectory(prefix="techbridges-memory-")
    work = (args.work or Path(tmp_ctx.name) / "work").resolve()
    work.mkdir(parents=True, exist_ok=True)
    print(f"techbridges memory benchmark: sizes {sizes}, seed {args.seed}, {os.cpu_count()} CPUs, "
          f"load avg {os.getloadavg()[0]:.2f}; work folder {work}", flush=True)

    def child(mode: str, n: int) -> dict[str, Any]:
        result = work / f"{mode}-{n}.json"
        log = OUT_DIR / f"memory-{stamp}-{mode}-{n}.log"
        t0 = time.perf_counter()
        with open(log, "w", encoding="utf-8") as f:
            proc = subprocess.run([sys.executable, "-m", "bench.memory", f"--{mode}", str(n),
                                   "--work", str(work), "--seed", str(args.seed),
                                   "--jobs", str(args.jobs),
                                   "--result", str(result)], cwd=code_dir, stdout=f,
                                  stderr=subprocess.STDOUT)
        try:
            res = json.loads(result.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            res = {"n": n, "error": f"child exited {proc.returncode}; see {log}"}
        res["child_wall_seconds"] = round(time.perf_counter() - t0, 1)
        return res

    # The children run from a copy of the code taken now (as bench.run does), so edits
    # made during a long run do not mix code versions between sizes.
    code_dir = snapshot_code(Path(tmp_ctx.name) / "code")
    try:
        larger = sorted(work.glob("prepare-*.json"), key=lambda p: int(p.stem.split("-")[1]))
        if larger and int(larger[-1].stem.split("-")[1]) >= max(sizes):
            # A work folder prepared for this size or more (--work): reused.
            prep = json.loads(larger[-1].read_text(encoding="utf-8"))
            print(f"... reusing the prepared articles in {work} ({prep.get('n')})", flush=True)
        else:
            print(f"... preparing {max(sizes)} cleaned articles and cache entries", flush=True)
            prep = child("prepare", max(sizes))
        print(json.dumps(prep, default=str), flush=True)
        results = []
        # The largest first: on a busy machine it is the one that may not finish in time.
        for n in [sizes[-1], *sizes[:-1]]:
            if "error" in prep:
                break
            print(f"... N = {n}", flush=True)
            r = child("one", n)
            results.append(r)
            f = r.get("run", {})
            print(f"    {'ok' if f.get('success') else 'FAILED'}: tree peak "
                  f"{f.get('tree_peak_mb', 0):,.0f} MB, {f.get('wall_seconds', 0):,.0f} s, "
                  f"from cache {f.get('extractions', {}).get('from_cache')}, extracted "
                  f"{f.get('extractions', {}).get('extracted')}; stage peaks "
                  f"{ {k: v['peak_mb'] for k, v in f.get('stage_memory', {}).items()} }", flush=True)
        results.sort(key=lambda r: r["n"])
        fits = report(prep, results)
    finally:
        tmp_ctx.cleanup()
    out = OUT_DIR / f"memory-{stamp}.json"
    out.write_text(json.dumps({"started": stamp, "sizes": sizes, "seed": args.seed,
                               "revision": code_revision(), "cpus": os.cpu_count(),
                               "prepare": prep, "results": results, "fits": fits},
                              indent=1, default=str), encoding="utf-8")
    print(f"\nfigures written to {out.relative_to(ROOT)}")
    bad = "error" in prep or any(not r.get("run", {}).get("success") for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
