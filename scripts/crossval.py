"""k-fold cross-validated score of the whole pipeline, through `make run` and the
official scorer (../shared/eval/evaluate.py).

    .venv/bin/python scripts/crossval.py [--gold ../shared/eval/train --gold ../shared/eval/dev]
                                         [--folds 5] [--seed 0] [--json out.json] [--models-only]
                                         [--keep DIR]

For each fold: the learned components are trained on the other folds only (articles
that report the same event share a fold), written to a temporary folder, and the
pipeline runs on the fold's articles with PIPELINE_MODEL_DIR pointing there. The same
folds are also run with no model files (rules alone), unless --models-only (half the time). Counts are pooled over folds
before F1 is computed; accuracies are weighted by their counts.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.learn.corpus import load_corpus  # noqa: E402
from pipeline.learn.train import folds, save, train_models  # noqa: E402

COMPONENTS = ("organisations", "agreements", "engagements")
ACCURACIES = {"organisations": ("type_accuracy", "country_accuracy"),
              "agreements": ("type_accuracy", "status_accuracy", "date_accuracy"),
              "engagements": ("type_accuracy", "status_accuracy")}


def run_fold(files: list[tuple[Path, Path]], model_dir: Path, work: Path, evaluate: Path,
             keep: Path | None = None) -> dict:
    """Score one fold through the official scorer. With `keep`, the fold's gold files,
    models, release and per-article score (misses and spurious items) are copied there."""
    gold = work / "gold"
    gold.mkdir(parents=True)
    for art, gf in files:
        shutil.copy2(art, gold / art.name)
        shutil.copy2(gf, gold / gf.name)
    out = work / "score.json"
    env = dict(os.environ, PIPELINE_MODEL_DIR=str(model_dir))
    if keep is None:
        cmd = [sys.executable, str(evaluate), "--gold", str(gold), "--json", str(out)]
    else:
        # run the pipeline here (as evaluate.py does) so that the release can be kept
        raw, rel = work / "raw", work / "out"
        raw.mkdir()
        for art, _ in files:
            shutil.copy2(art, raw / art.name)
        env.update(PIPELINE_RAW_DIR=str(raw), PIPELINE_OUTPUT_DIR=str(rel))
        cmd = ["make", "run"]
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"crossval: the pipeline failed on a fold:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    if keep is None:
        return json.loads(out.read_text())
    sys.path.insert(0, str(evaluate.parent))
    from score import score  # type: ignore[import-not-found]
    res = score(gold, work / "out" / "latest", True)
    keep.mkdir(parents=True, exist_ok=True)
    (keep / "score.json").write_text(json.dumps(res, indent=2, default=str))
    shutil.copytree(work / "out" / "latest", keep / "release", dirs_exist_ok=True)
    shutil.copytree(model_dir, keep / "models", dirs_exist_ok=True)
    shutil.copytree(gold, keep / "gold", dirs_exist_ok=True)
    return res


def pool(results: list[dict]) -> dict:
    out: dict = {}
    for c in COMPONENTS:
        tp = sum(r[c]["tp"] for r in results)
        fp = sum(r[c]["fp"] for r in results)
        fn = sum(r[c]["fn"] for r in results)
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        out[c] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(rc, 4),
                  "f1": round(2 * p * rc / (p + rc), 4) if p + rc else 0.0}
        for acc in ACCURACIES[c]:
            # weight each fold's accuracy by its matched items
            w = [(r[c][acc], r[c]["tp"]) for r in results if r[c].get(acc) is not None]
            out[c][acc] = round(sum(a * n for a, n in w) / sum(n for _, n in w), 4) if w and sum(n for _, n in w) else None
    link = [r["organisations"]["cross_article_linking"] for r in results]
    pairs = sum(x["pairs"] for x in link)
    out["organisations"]["cross_article_linking"] = round(sum(x["same_id"] for x in link) / pairs, 4) if pairs else None
    out["headline_f1"] = round(sum(out[c]["f1"] for c in COMPONENTS) / 3, 4)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--cache", type=Path, default=ROOT / ".cache" / "learn")
    ap.add_argument("--models-only", action="store_true", help="skip the rules-alone runs")
    ap.add_argument("--keep", type=Path, help="keep each fold's release, models and per-article "
                    "score under KEEP/<run>-<fold>/ (for error analysis of out-of-fold output)")
    a = ap.parse_args()
    shared = ROOT.parent / "shared" / "eval"
    gold_dirs = a.gold or [shared / "train", shared / "dev"]
    evaluate = shared / "evaluate.py"
    if not evaluate.exists():
        print(f"crossval: needs the scorer at {evaluate}", file=sys.stderr)
        return 2
    exs = load_corpus(gold_dirs, a.cache)
    by_file = {}
    for d in gold_dirs:
        for gf in sorted(d.glob("*.gold.json")):
            by_file[json.loads(gf.read_text(encoding="utf-8"))["file"]] = (gf.with_name(
                json.loads(gf.read_text(encoding="utf-8"))["file"]), gf)
    results: dict[str, list[dict]] = {"rules_and_models": []} if a.models_only else \
        {"rules_only": [], "rules_and_models": []}
    with tempfile.TemporaryDirectory(prefix="crossval-") as tmp:
        empty = Path(tmp) / "no-models"
        empty.mkdir()
        for k, f in enumerate(folds(exs, a.folds, a.seed)):
            fs = set(f)
            models = train_models([exs[i] for i in range(len(exs)) if i not in fs], a.seed)
            mdir = Path(tmp) / f"models-{k}"
            save(models, mdir, {"fold": k})
            files = [by_file[exs[i].file] for i in f]
            for name, d in (("rules_and_models", mdir), ("rules_only", empty))[:len(results)]:
                r = run_fold(files, d, Path(tmp) / f"{name}-{k}", evaluate,
                             a.keep / f"{name}-{k}" if a.keep else None)
                results[name].append(r)
                print(f"fold {k} ({len(f)} articles) {name:16s} headline {r['headline_f1']:.3f}", flush=True)
    summary = {name: pool(rs) for name, rs in results.items()}
    for name, s in summary.items():
        print(f"{name:16s} " + " | ".join(
            f"{c} P {s[c]['precision']:.3f} R {s[c]['recall']:.3f} F1 {s[c]['f1']:.3f}" for c in COMPONENTS)
            + f" | headline {s['headline_f1']:.3f}")
    if a.json:
        a.json.write_text(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
