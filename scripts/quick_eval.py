"""Score the extractor on a gold folder without Dagster (a fast loop for rule work).

    .venv/bin/python scripts/quick_eval.py [--gold ../shared/eval/dev] [--only FILE] [--show]

Each article is cleaned (pipeline.ingest.clean when available) and extracted; ids are local
to the article (no cross-article resolution), so cross-article figures mean nothing
here. The real score comes from ../shared/eval/evaluate.py, which runs `make run`.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.extract import ArticleInput, extract_articles  # noqa: E402


def clean(raw: str):
    try:
        from pipeline.ingest.clean import clean_plain_text
    except ImportError:
        return None, None, raw
    c = clean_plain_text(raw)
    return c.title, c.published_date, c.body


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=ROOT.parent / "shared/eval/dev")
    ap.add_argument("--only", help="score one article file")
    ap.add_argument("--show", action="store_true", help="print what was extracted")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT.parent / "shared" / "eval"))
    from score import score

    gold_dir = a.gold
    if a.only:
        tmp_gold = Path(tempfile.mkdtemp())
        for f in (a.only, a.only + ".gold.json"):
            (tmp_gold / f).write_bytes((a.gold / f).read_bytes())
        gold_dir = tmp_gold
    inputs, shas = [], {}
    for gf in sorted(gold_dir.glob("*.gold.json")):
        art = gf.with_name(json.loads(gf.read_text())["file"])
        data = art.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        title, date, body = clean(data.decode("utf-8", "replace"))
        inputs.append(ArticleInput(sha[:16], body, title, date))
        shas[sha[:16]] = (sha, art.name)
    rows = {k: [] for k in ("articles", "organisations", "agreements", "agreement_parties",
                            "engagements", "engagement_participants")}
    for x in extract_articles(inputs):
        aid = x.article_id
        rows["articles"].append({"article_id": aid, "sha256": shas[aid][0]})
        ids = [f"{aid}-o{i}" for i in range(len(x.organisations))]
        for oid, o in zip(ids, x.organisations):
            rows["organisations"].append({"org_id": oid, "name": o.name, "aliases": o.aliases,
                                          "org_type": o.org_type, "country": o.country,
                                          "source_article_ids": [aid]})
        for j, ag in enumerate(x.agreements):
            rid = f"{aid}-a{j}"
            rows["agreements"].append({"agreement_id": rid, "agreement_type": ag.agreement_type,
                                       "status": ag.status, "signed_date": ag.signed_date,
                                       "source_article_ids": [aid]})
            rows["agreement_parties"] += [{"agreement_id": rid, "org_id": ids[m.entity],
                                           "role": m.role} for m in ag.parties]
        for j, en in enumerate(x.engagements):
            rid = f"{aid}-e{j}"
            rows["engagements"].append({"engagement_id": rid, "engagement_type": en.engagement_type,
                                        "status": en.status, "start_date": en.start_date,
                                        "source_article_ids": [aid]})
            rows["engagement_participants"] += [{"engagement_id": rid, "org_id": ids[m.entity],
                                                 "role": m.role} for m in en.participants]
        if a.show:
            print(f"\n=== {shas[aid][1]}")
            for i, o in enumerate(x.organisations):
                print(f"  org {i}: {o.name!r} {o.org_type} {o.country} aliases={o.aliases}")
            for ag in x.agreements:
                print(f"  AGR {ag.agreement_type} {ag.status} {ag.signed_date} "
                      f"{[(x.organisations[m.entity].name, m.role) for m in ag.parties]}")
            for en in x.engagements:
                print(f"  ENG {en.engagement_type} {en.status} {en.start_date} "
                      f"{[(x.organisations[m.entity].name, m.role) for m in en.participants]}")
    out = Path(tempfile.mkdtemp())
    for name, r in rows.items():
        if r:
            pq.write_table(pa.Table.from_pylist(r), out / f"{name}.parquet")
    res = score(gold_dir, out, verbose=True)
    for row in res.pop("per_article"):
        errs = {k: v for k, v in row.items() if k != "file" and v}
        if errs:
            print(row["file"], json.dumps(errs, ensure_ascii=False))
    o, g, e = res["organisations"], res["agreements"], res["engagements"]
    print(json.dumps({k: {kk: vv for kk, vv in v.items() if "cross" not in kk}
                      for k, v in res.items() if isinstance(v, dict)}, default=str))
    print(f"organisations F1 {o['f1']:.3f} (P {o['precision']:.3f} R {o['recall']:.3f}) "
          f"type_acc {o['type_accuracy']} | agreements F1 {g['f1']:.3f} | "
          f"engagements F1 {e['f1']:.3f} | headline {res['headline_f1']:.3f}")


if __name__ == "__main__":
    main()
