"""One new article into a large corpus, from synthesised cache entries (no spaCy).

    python -m bench.rerun --work DIR --n 10000 [--profile PREFIX]

Uses a work folder prepared by bench.memory (`python -m bench.memory --prepare N+1
--work DIR --result DIR/prepare-<N+1>.json`: N+1 cleaned articles and one extraction
cache entry each). In two fresh processes, each timing its imports:

1. run 1: the `techbridges` job without the ingest step (extract -> resolve -> checks
   -> publish) on articles 1..N, into a fresh output folder;
2. run 2: the same on articles 1..N+1 (one new article), same output folder and cache,
   as the next scheduled run would be.

Prints each run's wall and CPU seconds, seconds per stage, and run 2 / run 1. What this
leaves out compared with bench.run: ingest (its cache makes an unchanged file cost a
stat; bench.run measures it) and spaCy (every extraction here is a cache hit, so run 1 is
far shorter than a real first run: the share printed is NOT the issue's figure, which
divides by the real full run; use the seconds of run 2). `--profile PREFIX` writes
cProfile stats of each run's job to PREFIX-<run>.prof.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.memory import stage_ingest_outputs
from bench.run import ROOT, cpu_seconds, step_timings, extract_metadata, failure_summary


class CpuSampler:
    """The process's CPU seconds (all threads) against the wall clock, every 50 ms, so
    that each stage's CPU can be read off its steps' start and end times (the steps run
    one after the other in this process): CPU seconds do not grow when other work shares
    the cores, wall seconds do."""

    def __init__(self, every: float = 0.05):
        import threading

        self.every, self.samples = every, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append((time.time(), time.process_time()))
            if self._stop.wait(self.every):
                self.samples.append((time.time(), time.process_time()))
                return

    def __enter__(self) -> "CpuSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()

    def at(self, t: float) -> float:
        """CPU seconds at wall time `t` (linear between the samples around it)."""
        import bisect

        times = [s[0] for s in self.samples]
        i = bisect.bisect_left(times, t)
        if i <= 0:
            return self.samples[0][1]
        if i >= len(self.samples):
            return self.samples[-1][1]
        (ta, ca), (tb, cb) = self.samples[i - 1], self.samples[i]
        return ca + (cb - ca) * ((t - ta) / (tb - ta) if tb > ta else 0.0)

    def by_stage(self, steps: dict[str, dict[str, Any]]) -> dict[str, float]:
        out: dict[str, float] = {}
        for s in steps.values():
            if s.get("t0") and s.get("t1") and self.samples:
                out[s["stage"]] = out.get(s["stage"], 0.0) + self.at(s["t1"]) - self.at(s["t0"])
        return {k: round(v, 2) for k, v in out.items()}


class GcTimer:
    """Seconds the cyclic garbage collector ran (all generations), from gc.callbacks."""

    def __init__(self) -> None:
        self.seconds, self.collections, self._t = 0.0, 0, 0.0

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._t
            self.collections += 1

    def __enter__(self) -> "GcTimer":
        import gc
        gc.callbacks.append(self._cb)
        return self

    def __exit__(self, *exc: Any) -> None:
        import gc
        gc.callbacks.remove(self._cb)


def one(work: Path, n: int, out: Path, profile: str | None) -> dict[str, Any]:
    t0 = time.perf_counter()
    import dagster as dg

    from pipeline.definitions import build_definitions
    from pipeline.settings import PipelineSettings
    imported = time.perf_counter() - t0

    (work / "raw").mkdir(exist_ok=True)
    settings = PipelineSettings(raw_dir=str(work / "raw"), output_dir=str(out),
                                cache_dir=str(work / "cache"), extract_processes=1)
    job = build_definitions(settings).resolve_job_def("techbridges")
    inst_dir = out.parent / f"instance-{n}-{os.getpid()}"
    instance = dg.DagsterInstance.ephemeral(tempdir=str(inst_dir))
    _, keys = stage_ingest_outputs(work, n, job, instance)
    prof = None
    if profile:
        import cProfile
        prof = cProfile.Profile()
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    samples = CpuSampler()
    if prof:
        prof.enable()
    with samples, GcTimer() as gc_time:
        result = job.execute_in_process(instance=instance, raise_on_error=False, asset_selection=keys)
    if prof:
        prof.disable()
        prof.dump_stats(f"{profile}-{n}.prof")
    wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    timings = step_timings(instance, result.run_id)
    fig: dict[str, Any] = {"n": n, "success": result.success, "import_seconds": round(imported, 3),
                           "wall_seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
                           "stage_cpu": samples.by_stage(timings["steps"]),
                           "gc_seconds": round(gc_time.seconds, 3),
                           "gc_collections": gc_time.collections,
                           "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                           **timings,
                           "extractions": extract_metadata(instance, result.run_id),
                           "loadavg": os.getloadavg()}
    if not result.success:
        fig["failures"] = failure_summary(result)
    return fig


def _state(work: Path, out: Path) -> list[Path]:
    """What a run changes besides the extraction entries: the output folder and the
    cache's records of what passed its checks (verified entries, validated rows)."""
    return [out, work / "cache" / "validated", *sorted((work / "cache").glob("*/verified.tsv"))]


def save_after_run1(work: Path, out: Path) -> None:
    """Keep a copy of the state run 1 left, so that `--skip-first` repeats run 2 from it
    (run 2 on the state run 2 left would find its release unchanged)."""
    import shutil

    for p in _state(work, out):
        saved = p.with_name(p.name + ".after-run1")
        if saved.is_dir():
            shutil.rmtree(saved)
        if p.is_dir():
            shutil.copytree(p, saved, symlinks=True)
        elif p.exists():
            shutil.copy2(p, saved)


def restore_after_run1(work: Path, out: Path) -> None:
    import shutil

    for p in _state(work, out):
        saved = p.with_name(p.name + ".after-run1")
        if not saved.exists():
            raise SystemExit(f"{saved} is missing: run without --skip-first once")
        if p.is_dir():
            shutil.rmtree(p)
        if saved.is_dir():
            shutil.copytree(saved, p, symlinks=True)
        else:
            shutil.copy2(saved, p)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.rerun", description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--profile", help="write cProfile stats to PREFIX-<N>.prof")
    ap.add_argument("--only", type=int, help=argparse.SUPPRESS)   # child mode: articles 1..ONLY
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--skip-first", action="store_true",
                    help="only run 2 again, from the state run 1 left (the output folder and the "
                         "cache's records of checked entries and rows, saved after run 1)")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    if args.only is not None:
        print(json.dumps(one(work, args.only, args.out, args.profile), default=str))
        return 0

    out = work / f"rerun-{args.n}" / "out"
    runs = []
    if args.skip_first:
        restore_after_run1(work, out)
    for n in ([args.n + 1] if args.skip_first else [args.n, args.n + 1]):
        cmd = [sys.executable, "-m", "bench.rerun", "--work", str(work), "--only", str(n),
               "--out", str(out)] + (["--profile", args.profile] if args.profile else [])
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr[-3000:])
            return 1
        fig = json.loads(proc.stdout.strip().splitlines()[-1])
        runs.append(fig)
        if n == args.n:
            save_after_run1(work, out)
        print(f"N = {n}: {'ok' if fig['success'] else 'FAILED'} wall {fig['wall_seconds']:.1f} s "
              f"(+ imports {fig['import_seconds']:.1f} s), CPU {fig['cpu_seconds']:.1f} s, "
              f"GC {fig['gc_seconds']:.1f} s, peak RSS {fig['peak_rss_mb']:.0f} MB, load {fig['loadavg'][0]:.1f}; stages "
              + ", ".join(f"{k} {v:.1f}" for k, v in fig["stages"].items())
              + "; stage CPU " + ", ".join(f"{k} {v:.1f}" for k, v in fig["stage_cpu"].items())
              + f"; from cache {fig['extractions'].get('from_cache')}, extracted "
                f"{fig['extractions'].get('extracted')}"
              + ("" if fig["success"] else f"\n  {fig.get('failures')}"), flush=True)
    if len(runs) == 2:
        a, b = runs
        print(f"run 2 / run 1: wall {b['wall_seconds'] / a['wall_seconds']:.1%}, "
              f"CPU {b['cpu_seconds'] / a['cpu_seconds']:.1%} (both without spaCy: see the doc)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
