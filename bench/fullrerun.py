"""One new article into a large corpus, through the whole job (ingest included), with
spaCy for the new article only.

    python -m bench.fullrerun --work DIR --prepare 10000
    python -m bench.fullrerun --work DIR --rerun [--env NAME=VALUE ...]

`--prepare N` writes N generated raw files (bench.corpus), runs the ingest step on them
(every file read and cleaned, as a first run would: minutes at 10,000), synthesises one
extraction cache entry per cleaned article (bench.synthetic, keyed and checked as the
pipeline's own entries) and then runs the whole job once in a fresh process (run 1:
every extraction from the cache). So the folder holds what a real first run leaves
(raw files, ingest cache, extraction cache, a release) without spending ~25 minutes of
both cores on spaCy; the extractions are synthetic, sized like real ones.

Each `--rerun` adds the next generated article and runs `python -m bench.run --rerun DIR`
(the techbridges job in process, as the next scheduled run would: fresh imports, ingest
of every raw file from its cache, spaCy started for the one new article) under GNU
time, with the given environment variables (e.g. `PIPELINE_EXTRACT_PRESTART=0`), and
prints the job's and the whole process's wall and CPU seconds and the stages' wall
seconds. What differs from the real run of bench/README.md: the extractions of the
corpus are synthetic, so resolve, the checks and publish see synthetic rows.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench.run import ROOT


def prepare(work: Path, n: int, seed: int = 0) -> None:
    import dagster as dg

    from bench.corpus import generate_corpus
    from bench.run import _job_on
    from bench.synthetic import synthetic_extraction
    from pipeline.cache import ExtractionCache, content_key
    from pipeline.extract import extractor_version
    from pipeline.settings import PipelineSettings

    t0 = time.perf_counter()
    generate_corpus(work / "raw", n, seed=seed)
    print(f"{n} raw files in {time.perf_counter() - t0:.1f} s", flush=True)
    job, instance, _ = _job_on(work, 0)
    t0 = time.perf_counter()
    res = job.execute_in_process(instance=instance, raise_on_error=True, asset_selection=[
        dg.AssetKey("cleaned_articles"), dg.AssetKey("ingest_rejects")])
    cleaned = res.asset_value("cleaned_articles")
    print(f"ingest: {len(cleaned)} articles in {time.perf_counter() - t0:.1f} s", flush=True)
    settings = PipelineSettings(raw_dir=str(work / "raw"), output_dir=str(work / "out"),
                                cache_dir=str(work / "cache"))
    version = extractor_version()
    cache = ExtractionCache(settings.extraction_cache_dir, version)
    for body, title, date, aid in zip(cleaned["body"], cleaned["title"], cleaned["published_date"],
                                      cleaned["article_id"]):
        date = None if date is None or date != date else date
        cache.put(content_key(body, title, date), synthetic_extraction(aid, body, date, version, seed=seed))
    print(f"{len(cleaned)} synthetic cache entries written", flush=True)
    print(json.dumps(_run(work, {})), flush=True)


def _run(work: Path, env: dict[str, str]) -> dict:
    result = work / f"rerun-{time.strftime('%H%M%S')}.json"
    timed = work / "time.txt"
    cmd = ["/usr/bin/time", "-o", str(timed), "-f", "%e %U %S %M", sys.executable, "-m", "bench.run",
           "--rerun", str(work), "--result", str(result)]
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True)
    if proc.returncode:
        print(proc.stderr[-3000:], file=sys.stderr)
        raise SystemExit(1)
    fig = json.loads(result.read_text())
    wall, user, system, rss = timed.read_text().split()[-4:]
    ex = fig.get("extractions") or {}
    return {"env": env, "success": fig["success"], "job_wall": fig["wall_seconds"],
            "job_cpu": fig["cpu_seconds"], "job_cpu_self": fig.get("cpu_self_seconds"),
            "imports": fig.get("import_seconds"),
            "process_wall": float(wall), "process_cpu": round(float(user) + float(system), 2),
            "process_max_rss_mb": round(int(rss) / 1024, 1),
            "stages": fig.get("stages"), "extracted": ex.get("extracted"),
            "prestarted": ex.get("prestarted_worker_used"),
            "steps": {k: v.get("seconds") for k, v in (fig.get("steps") or {}).items()
                      if k.startswith(("plan", "extract", "collect", "ingest"))},
            "loadavg": os.getloadavg()}


def rerun(work: Path, env: dict[str, str], seed: int = 0) -> None:
    from bench.corpus import generate_corpus

    n = len(list((work / "raw").glob("article-*.txt")))
    generate_corpus(work / "raw", 1, seed=seed, start=n)
    print(json.dumps({"article": n + 1, **_run(work, env)}), flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.fullrerun", description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, required=True)
    ap.add_argument("--prepare", type=int, metavar="N")
    ap.add_argument("--rerun", action="store_true")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE")
    args = ap.parse_args(argv)
    work = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.prepare:
        prepare(work, args.prepare)
    if args.rerun:
        rerun(work, dict(e.split("=", 1) for e in args.env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
