"""Train the learned extraction components from gold-annotated articles.

    python -m pipeline.learn.train --gold ../shared/eval/train --gold ../shared/eval/dev \
        --out pipeline/data/models [--folds 5] [--seed 0]

Prints per-component cross-validated figures (articles of a fold are never seen while
training for that fold; articles reporting the same event share a fold), then trains on
everything and writes the model files. `scripts/crossval.py` scores the whole pipeline
the same way, through `make run` and the official scorer.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from pipeline.learn.apply import Models, event_rows, org_probs
from pipeline.learn.corpus import Example, load_corpus
from pipeline.learn.features import type_view
from pipeline.learn.labels import match_events, match_orgs
from pipeline.learn.linear import LinearModel, fit

KINDS = (("agreement", "agreements", "parties"), ("engagement", "engagements", "participants"))
# chosen by 5-fold CV among (0.5, 1, 0.3), (0.2, 1, 0.1), (0.1, 0.5, 0.3), (1, 2, 1)
C_ORG, C_TYPE, C_EVENT = 0.1, 0.5, 0.3
PROTECT = 1.0
# a type the rules give needs this many inner out-of-fold rows for a threshold of its own
MIN_TYPE_ROWS = 30
# span model (pipeline.learn.span): regularisation and the mean in-name probability a
# name it reads needs to become a candidate
C_SPAN, T_SPAN = 1.0, 0.7
USE_SPAN = True
# thresholds are chosen on inner out-of-fold predictions pooled over this many inner
# splits (different seeds; the proposers', which cost a pipeline run per grid point,
# over fewer): one split moved thresholds by a grid step between retrainings
REPEATS, PROPOSER_REPEATS = 3, 2
# and at the best point of the curve averaged over this many grid points on each side
# (a lone peak between worse neighbours is mostly the noise of a few articles)
SMOOTH = 1


# ------------------------------------------------------------------ folds


def folds(examples: list[Example], k: int, seed: int = 0) -> list[list[int]]:
    """k groups of example indices; articles that share a gold event key stay together."""
    parent = list(range(len(examples)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, ex in enumerate(examples):
        for key in ("agreements", "engagements"):
            for e in ex.gold.get(key, []):
                if e.get("key"):
                    j = owner.setdefault(e["key"], i)
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(examples)):
        groups[find(i)].append(i)
    order = sorted(groups.values(), key=lambda g: examples[g[0]].file)
    random.Random(seed).shuffle(order)
    order.sort(key=len, reverse=True)
    out: list[list[int]] = [[] for _ in range(k)]
    for g in order:  # largest groups first, each into the smallest fold
        min(out, key=len).extend(g)
    return [sorted(f) for f in out]


# ------------------------------------------------------------------ labelled rows


def org_rows(ex: Example):
    """(features, keep label or None for optional gold, gold type or None) per org."""
    g = ex.gold.get("organisations", [])
    m = match_orgs(ex.ro.orgs, g)
    rows = []
    for i, f in enumerate(ex.ro.org_feats):
        gi = m.get(i)
        if gi is None:
            rows.append((f, "0", None))
        elif g[gi].get("optional"):
            rows.append((f, None, g[gi].get("org_type")))
        else:
            rows.append((f, "1", g[gi].get("org_type")))
    return rows


def n_gold_orgs(ex: Example) -> int:
    return sum(not g.get("optional") for g in ex.gold.get("organisations", []))


def event_labels(ex: Example, kind: str, key: str, keep_org: list[bool] | None = None):
    """Keep label per extracted event: it matches a gold event once the members that are
    not gold organisations (or are dropped) are set aside."""
    g = ex.gold.get("organisations", [])
    m = match_orgs(ex.ro.orgs, g)
    if keep_org is not None:
        m = {i: gi for i, gi in m.items() if keep_org[i]}
    evs = getattr(ex.ro, key)
    field = "parties" if kind == "agreement" else "participants"
    members = [{x.entity for x in getattr(e, field)} for e in evs]
    gold_evs = ex.gold.get(key, [])
    if kind == "engagement":
        # as the scorer counts them: a kept member that is no gold organisation dilutes
        # the match; a dropped organisation leaves the event anyway (cross-validated
        # for engagements only so far)
        if keep_org is not None:
            members = [{x for x in ms if keep_org[x]} for ms in members]
        hit = match_events(kind, members, m, g, gold_evs, count_unmatched=True)
    else:
        hit = match_events(kind, members, m, g, gold_evs)
    labels = []
    for i in range(len(evs)):
        gi = hit.get(i)
        labels.append(None if gi is not None and gold_evs[gi].get("optional") else
                      ("1" if gi is not None else "0"))
    n_gold = sum(not e.get("optional") for e in gold_evs)
    return labels, n_gold


# ------------------------------------------------------------------ training


def repeat_seeds(seed: int, n: int) -> list[int]:
    """Seeds of `n` inner splits: the first is `seed` itself (so one repeat is the old
    single split); the others are far enough apart not to meet the seed + k offsets
    the components use."""
    return [seed + 100 * r for r in range(n)]


def repeated_folds(exs: list[Example], k: int, seed: int, offset: int,
                   repeats: int = REPEATS) -> list[list[int]]:
    """The folds of `repeats` inner splits one after the other: for each seed of
    repeat_seeds, folds(exs, k, seed + offset) (a component's own offset keeps its
    splits apart from the others')."""
    return [f for s in repeat_seeds(seed, repeats) for f in folds(exs, k, s + offset)]


def smooth_pick(grid: list[float], values: list[float], prefer_high: bool = False,
                half: int | None = None) -> float:
    """The grid point whose value averaged with its `half` neighbours on each side (fewer
    at the ends) is highest; ties go to the better point itself, then to the lower (or
    with `prefer_high`, the higher) threshold. `values[i]` is the criterion at `grid[i]`
    (higher is better). Grid points must be in increasing order."""
    h = SMOOTH if half is None else half
    n = len(values)
    sm = [sum(values[max(0, i - h):i + h + 1]) / len(values[max(0, i - h):i + h + 1])
          for i in range(n)]
    best = max(range(n), key=lambda i: (round(sm[i], 9), round(values[i], 9),
                                        grid[i] if prefer_high else -grid[i]))
    return grid[best]


def best_threshold(scored: list[tuple[float, str | None]], n_pos_total: int,
                   grid=None) -> tuple[float, float]:
    """Threshold maximising the smoothed F1 (see smooth_pick) when items scoring below
    it are dropped; positives never proposed count as misses. Returns (threshold, F1
    at that threshold)."""
    grid = grid or [x / 40 for x in range(2, 35)]
    f1s = []
    for t in grid:
        tp = sum(1 for p, y in scored if y == "1" and p >= t)
        fp = sum(1 for p, y in scored if y == "0" and p >= t)
        fn = n_pos_total - tp
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    # a finer grid than the 0.05 steps it replaced: smooth over as wide a span
    step = (grid[-1] - grid[0]) / (len(grid) - 1) if len(grid) > 1 else 0.05
    t = smooth_pick(grid, f1s, half=max(SMOOTH, round(SMOOTH * 0.05 / step)) if SMOOTH else 0)
    return t, f1s[grid.index(t)]


def span_rows(ex: Example) -> list[tuple[dict, str]]:
    """(token features, B/I/O label) for every token of `ex` that can be part of a name."""
    from pipeline.extract.organisations import find_candidates
    from pipeline.learn.span import token_features, token_labels

    doc = ex.doc()
    ctx, cands = find_candidates(doc)
    labels = token_labels(ctx, ex.gold)
    return [(f, y) for f, y in zip(token_features(ctx, cands), labels) if f is not None]


def _fit_span(rows: list[list[tuple[dict, str]]]) -> LinearModel | None:
    xs = [f for r in rows for f, _ in r]
    ys = [y for r in rows for _, y in r]
    if len(set(ys)) < 3:
        return None
    return fit(xs, ys, c=C_SPAN, meta={"component": "org_span", "rows": len(ys)}, tol=1e-3)


def with_span(exs: list[Example], seed: int, inner_folds: int) -> tuple[list[Example], LinearModel | None]:
    """The span model trained on all of `exs`, and `exs` re-read by the rules with a span
    model that never saw them (inner folds), so the models trained downstream see its
    candidates as they will be on new articles."""
    if not USE_SPAN or not exs or any(ex.doc_bytes is None for ex in exs):
        return exs, None
    rows = [span_rows(ex) for ex in exs]
    span = _fit_span(rows)
    if span is None:
        return exs, None
    out = list(exs)
    for f in folds(exs, inner_folds, seed + 2):
        fs = set(f)
        sm = _fit_span([rows[i] for i in range(len(exs)) if i not in fs])
        for i in f:
            out[i] = exs[i].rerun(Models(org_span=sm, thresholds={"org_span": T_SPAN}))
    return out, span


def train_models(exs: list[Example], seed: int = 0, inner_folds: int = 4) -> Models:
    """All components from `exs`. Thresholds and the event models' member probabilities
    come from inner out-of-fold predictions, so no threshold is tuned on its own fit."""
    if len(exs) < 2 * inner_folds:
        inner_folds = max(2, len(exs) // 2)
    exs, models, oof_p = train_orgs(exs, seed, inner_folds)
    train_events(exs, oof_p, models, seed, inner_folds)
    return models


def train_orgs(exs: list[Example], seed: int, inner_folds: int
               ) -> tuple[list[Example], Models, list[list[float]]]:
    """The organisation components (span, keep, type, country): the examples as re-read
    with the span model, the models, and each example's inner out-of-fold organisation
    keep probabilities (what the event components learn from)."""
    exs, span = with_span(exs, seed, inner_folds)
    org_model, type_model = _fit_orgs(exs)
    # inner out-of-fold org probabilities: the first split's are what the event
    # components learn from; the thresholds are chosen on all splits' together
    oof_p: list[list[float]] = [[] for _ in exs]
    # (model confidence, model right, rules right, the rules' type)
    typed: list[tuple[float, bool, bool, str]] = []
    scored, n_pos = [], 0
    for r, s in enumerate(repeat_seeds(seed, REPEATS)):
        rep_p: list[list[float]] = [[] for _ in exs]
        for f in folds(exs, inner_folds, s):
            rest = [exs[i] for i in range(len(exs)) if i not in set(f)]
            om, tm = _fit_orgs(rest)
            for i in f:
                rep_p[i] = org_probs(exs[i].ro, Models(org_keep=om))
                if tm is not None:
                    described = exs[i].ro.described or [False] * len(exs[i].ro.orgs)
                    for (feat, y, gold_type), org, d in zip(org_rows(exs[i]), exs[i].ro.orgs, described):
                        if y == "1" and gold_type and not d:  # as apply_models
                            label, conf = tm.predict(type_view(feat))
                            typed.append((conf, label == gold_type, org.org_type == gold_type,
                                          org.org_type))
        if r == 0:
            oof_p = rep_p
        for ex, p in zip(exs, rep_p):
            for (feat, y, _), pi in zip(org_rows(ex), p):
                scored.append((pi, y))
            n_pos += n_gold_orgs(ex)
    t_org, _ = best_threshold(scored, n_pos)
    # the type model overrules the rules' type only from the confidence where that pays:
    # overall, and for each type the rules give often enough to tell ("ministry" heads
    # may be right more often than the model, company names less)
    def best_type_t(rows) -> float:
        grid = [x / 10 for x in range(10)] + [1.01]
        return smooth_pick(grid, [sum(m if c >= t else r for c, m, r, _ in rows) for t in grid])

    th = {"org_keep": t_org, "org_type": best_type_t(typed), "protect_members": PROTECT}
    by_rule_type: dict[str, list] = defaultdict(list)
    for row in typed:
        by_rule_type[row[3]].append(row)
    for rule_type, rows in sorted(by_rule_type.items()):
        if len(rows) >= MIN_TYPE_ROWS * REPEATS:
            th["org_type:" + rule_type] = best_type_t(rows)
    models = Models(org_keep=org_model, org_type=type_model, thresholds=th)
    if span is not None:
        models.org_span, th["org_span"] = span, T_SPAN
    _train_country(exs, models, seed, inner_folds)
    return exs, models, oof_p


def train_events(exs: list[Example], oof_p: list[list[float]], models: Models, seed: int,
                 inner_folds: int, kinds: tuple = KINDS) -> None:
    """The agreement and engagement components (members, keep, propose, kind) of `kinds`,
    added to `models` (trained by train_orgs on the same examples)."""
    th = models.thresholds
    t_org = th["org_keep"]
    if any(k[0] == "agreement" for k in kinds):
        _train_members(exs, oof_p, models, seed, inner_folds)
    for kind, key, _ in kinds:
        xs, ys = [], []
        per_ex = []
        for ex, p in zip(exs, oof_p):
            keep = [pi >= t_org for pi in p]
            labels, n_gold = event_labels(ex, kind, key, keep)
            feats = [event_rows(kind, e, p, ex.ro) for e in getattr(ex.ro, key)]
            per_ex.append((feats, labels, n_gold))
            for x, y in zip(feats, labels):
                if y is not None:
                    xs.append(x)
                    ys.append(y)
        if len(set(ys)) < 2:
            continue
        em = fit(xs, ys, c=C_EVENT, meta={"component": kind + "_keep", "rows": len(ys)})
        # threshold from inner out-of-fold event predictions
        scored, n_pos = [], 0
        for f in repeated_folds(exs, inner_folds, seed, 1):
            fs = set(f)
            tx = [x for i, (fe, la, _) in enumerate(per_ex) if i not in fs
                  for x, y in zip(fe, la) if y is not None]
            ty = [y for i, (fe, la, _) in enumerate(per_ex) if i not in fs
                  for y in la if y is not None]
            if len(set(ty)) < 2:
                continue
            im = fit(tx, ty, c=C_EVENT)
            for i in f:
                fe, la, ng = per_ex[i]
                scored += [(im.p_true(x), y) for x, y in zip(fe, la)]
                n_pos += ng
        th[kind + "_keep"], _ = best_threshold(scored, n_pos, [x / 40 for x in range(0, 27)])
        setattr(models, kind + "_keep", em)
    for kind, key, _ in kinds:
        _train_proposer(exs, oof_p, models, kind, key, seed, inner_folds)


def sentence_rows_labelled(exs: list[Example], org_p: list[list[float]], kind: str,
                           key: str) -> list[list[tuple]]:
    """Per article, (features, label, gold type) for each sentence naming an organisation:
    is it evidence of a gold event of `kind`? Articles whose gold events of that kind carry
    no evidence sentences give no rows (their sentences cannot be labelled)."""
    from pipeline.learn.apply import sentence_rows
    from pipeline.learn.labels import sentence_kinds
    out = []
    for ex, p in zip(exs, org_p):
        gold_evs = ex.gold.get(key, [])
        if not all(e.get("evidence") for e in gold_evs):
            out.append([])
            continue
        hits = sentence_kinds([s.text for s in ex.ro.sents], {key: gold_evs})
        rows = []
        for i, f in sentence_rows(ex.ro, p):
            g = hits[i].get(kind)
            rows.append((f, "1" if g is not None else "0", g.get(kind + "_type") if g else None))
        out.append(rows)
    return out


def _fit_proposer(per_ex: list[list[tuple]], idx, kind: str) -> tuple[LinearModel | None, LinearModel | None]:
    rows = [r for i in idx for r in per_ex[i]]
    ys = [y for _, y, _ in rows]
    typed = [(text_features_of(f), t) for f, _, t in rows if t]
    if len(set(ys)) < 2 or len({t for _, t in typed}) < 2:
        return None, None
    # balanced: event sentences are few (about 1 in 5) and most are the rules' already
    prop = fit([f for f, _, _ in rows], ys, c=C_EVENT, balanced=True, meta={"component": kind + "_propose", "rows": len(ys)})
    kinds = fit([f for f, _ in typed], [t for _, t in typed], c=C_TYPE,
                meta={"component": kind + "_kind", "rows": len(typed)})
    return prop, kinds


def text_features_of(f: dict) -> dict:
    """The sentence's words among its proposer features (what the kind model reads)."""
    return {k: v for k, v in f.items() if k.startswith(("su=", "sb="))}


def _train_proposer(exs: list[Example], org_p: list[list[float]], models: Models, kind: str,
                    key: str, seed: int, inner_folds: int) -> None:
    """Sentences the rules made no event of, that report one: the threshold maximises the
    event F1 of the whole extraction on inner folds. "Off" is no longer a choice: for
    engagements the inner folds chose it in 6 of 25 fold trainings (five cross-validations
    of 5 folds), flipping with small changes elsewhere, so the component came and went
    between retrainings; the proposers were kept for a pooled cross-validated gain (README)."""
    per_ex = sentence_rows_labelled(exs, org_p, kind, key)
    grid = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
    tally = {t: [0, 0, 0] for t in grid}
    for f in repeated_folds(exs, inner_folds, seed, 5, PROPOSER_REPEATS):
        fs = set(f)
        prop, kinds = _fit_proposer(per_ex, [i for i in range(len(exs)) if i not in fs], kind)
        if prop is None:
            continue
        trial = Models(**{**models.__dict__, kind + "_propose": prop, kind + "_kind": kinds,
                          "thresholds": dict(models.thresholds)})
        for t in grid:
            trial.thresholds[kind + "_propose"] = t
            r = evaluate(trial, [exs[i] for i in f])[key]
            for k, k2 in enumerate(("tp", "fp", "fn")):
                tally[t][k] += r[k2]
    best = smooth_pick(grid, [_prf(*tally[t])["f1"] for t in grid], prefer_high=True)
    prop, kinds = _fit_proposer(per_ex, range(len(exs)), kind)
    if prop is None:
        return
    models.thresholds[kind + "_propose"] = best
    setattr(models, kind + "_propose", prop)
    setattr(models, kind + "_kind", kinds)


def member_rows_labelled(exs: list[Example], org_p: list[list[float]], kind: str,
                         key: str) -> list[list[tuple]]:
    """Per article, (features, label) for each candidate member of each rule event that
    corresponds to a gold event (by shared evidence sentences, else by members)."""
    from pipeline.learn.apply import evidence_sents, member_rows
    from pipeline.learn.labels import gold_members, sentence_kinds
    out = []
    for ex, p in zip(exs, org_p):
        g = ex.gold.get("organisations", [])
        m = match_orgs(ex.ro.orgs, g)
        gold_evs = [e for e in ex.gold.get(key, []) if not e.get("optional")]
        rows = []
        for ev in getattr(ex.ro, key):
            target = None
            if gold_evs and all(e.get("evidence") for e in gold_evs):
                best = 0
                sents = evidence_sents(ev, ex.ro)
                hits = sentence_kinds([s.text for s in sents], {key: gold_evs})
                for ge in gold_evs:
                    k = sum(h.get(kind) is ge for h in hits)
                    if k > best:
                        best, target = k, ge
            else:
                field = "parties" if kind == "agreement" else "participants"
                named = {g[m[x.entity]]["name"] for x in getattr(ev, field) if x.entity in m}
                best = 0.0
                for ge in gold_evs:
                    gm = gold_members(kind, ge)
                    j = len(gm & named) / len(gm | named) if gm | named else 0.0
                    if j > best:
                        best, target = j, ge
            if target is None:
                continue
            gm = gold_members(kind, target)
            for e, f in member_rows(kind, ev, ex.ro, p):
                rows.append((f, "1" if e in m and g[m[e]]["name"] in gm else "0"))
        out.append(rows)
    return out


def _train_members(exs: list[Example], org_p: list[list[float]], models: Models, seed: int,
                   inner_folds: int) -> None:
    grid = [0.2, 0.3, 0.4, 0.5, 0.6]
    # engagements: choosing participants by model lost more than it won in
    # cross-validation (their gold files outside train/ carry no evidence sentences)
    for kind, key, _ in KINDS[:1]:
        per_ex = member_rows_labelled(exs, org_p, kind, key)
        xs = [f for rows in per_ex for f, _ in rows]
        ys = [y for rows in per_ex for _, y in rows]
        if len(set(ys)) < 2:
            continue
        tally = {t: [0, 0, 0] for t in grid}
        for f in repeated_folds(exs, inner_folds, seed, 3):
            fs = set(f)
            tx = [x for i, rows in enumerate(per_ex) if i not in fs for x, _ in rows]
            ty = [y for i, rows in enumerate(per_ex) if i not in fs for _, y in rows]
            if len(set(ty)) < 2:
                continue
            part = {kind + "_member": fit(tx, ty, c=C_EVENT)}
            trial = Models(**{**models.__dict__, **part, "thresholds": dict(models.thresholds)})
            for t in grid:
                trial.thresholds[kind + "_member"] = t
                r = evaluate(trial, [exs[i] for i in f])[kind + "s"]
                for k, k2 in enumerate(("tp", "fp", "fn")):
                    tally[t][k] += r[k2]
        models.thresholds[kind + "_member"] = smooth_pick(grid, [_prf(*tally[t])["f1"] for t in grid])
        setattr(models, kind + "_member", fit(xs, ys, c=C_EVENT, meta={
            "component": kind + "_member", "rows": len(ys)}))


def country_rows_labelled(exs: list[Example]):
    """Per article: for each organisation the rules left without a country and that
    matches a gold one, (candidate rows with labels, gold country or None)."""
    from pipeline.learn.apply import country_rows
    out = []
    for ex in exs:
        g = ex.gold.get("organisations", [])
        m = match_orgs(ex.ro.orgs, g)
        items = []
        for e, rows in enumerate(country_rows(ex.ro)):
            gi = m.get(e)
            if not rows or gi is None or g[gi].get("optional"):
                continue
            gold = g[gi].get("country")
            items.append(([(cc, f, "1" if cc == gold else "0") for cc, f in rows], gold))
        out.append(items)
    return out


def _train_country(exs: list[Example], models: Models, seed: int, inner_folds: int) -> None:
    """Country for organisations the rules left blank; the threshold maximises the
    scorer's country accuracy (a country where the gold has none counts as wrong) on
    inner folds."""
    per_ex = country_rows_labelled(exs)

    def rows(idx):
        return [(f, y) for i in idx for items, _ in per_ex[i] for _, f, y in items]

    everything = rows(range(len(exs)))
    if len({y for _, y in everything}) < 2:
        return
    grid = [x / 20 for x in range(4, 20)] + [1.01]
    gain = {t: 0 for t in grid}
    for f in repeated_folds(exs, inner_folds, seed, 4):
        fs = set(f)
        tr = rows([i for i in range(len(exs)) if i not in fs])
        if len({y for _, y in tr}) < 2:
            continue
        cm = fit([x for x, _ in tr], [y for _, y in tr], c=C_EVENT)
        for i in f:
            for items, gold in per_ex[i]:
                cc, p = max(((cc, cm.p_true(x)) for cc, x, _ in items), key=lambda z: z[1])
                for t in grid:
                    # filling in: right (+1) when it is the gold country; wrong (-1) when the
                    # gold has none (blank was right); a gold country missed either way is 0
                    if p >= t:
                        gain[t] += 1 if cc == gold else (-1 if gold is None else 0)
    best = smooth_pick(grid, [gain[t] for t in grid], prefer_high=True)
    models.thresholds["org_country"] = best
    models.org_country = fit([x for x, _ in everything], [y for _, y in everything], c=C_EVENT,
                             meta={"component": "org_country", "rows": len(everything)})


def _fit_orgs(exs: list[Example]) -> tuple[LinearModel | None, LinearModel | None]:
    xs, ys, tx, ty = [], [], [], []
    for ex in exs:
        for f, y, t in org_rows(ex):
            if y is not None:
                xs.append(f)
                ys.append(y)
            if t is not None:
                tx.append(type_view(f))
                ty.append(t)
    # a component with one class only to learn from leaves the decision to the rules
    keep = fit(xs, ys, c=C_ORG, meta={"component": "org_keep", "rows": len(ys)}) \
        if len(set(ys)) > 1 else None
    typ = fit(tx, ty, c=C_TYPE, meta={"component": "org_type", "rows": len(ty)}) \
        if len(set(ty)) > 1 else None
    return keep, typ


def save(models: Models, out: Path, meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    from pipeline.learn.apply import MODEL_FILES
    for name in MODEL_FILES:
        m = getattr(models, name)
        if m is not None:
            m.meta.update(meta)
            m.save(out / f"{name}.json")
    (out / "thresholds.json").write_text(json.dumps(models.thresholds, indent=1, sort_keys=True) + "\n")


# ------------------------------------------------------------------ evaluation


def evaluate(models: Models, exs: list[Example]) -> dict:
    """Per-component figures on `exs` (in-article, names matched as the scorer does)."""
    from pipeline.learn.apply import apply_models

    res: dict = {}
    tp = fp = fn = 0
    type_ok = type_n = rule_ok = cc_ok = cc_n = 0
    ev = {k: [0, 0, 0] for k, _, _ in KINDS}
    for ex in exs:
        ro = ex.ro
        rule_types = [o.org_type for o in ro.orgs]
        orgs, mentions, ags, ens = apply_models(ro, models)
        g = ex.gold.get("organisations", [])
        m = match_orgs(orgs, g)
        for i, gi in m.items():
            if not g[gi].get("optional"):
                tp += 1
                type_n += 1
                type_ok += orgs[i].org_type == g[gi].get("org_type")
                if orgs[i].country or g[gi].get("country"):
                    cc_n += 1
                    cc_ok += orgs[i].country == g[gi].get("country")
        fp += len(orgs) - len(m)
        fn += n_gold_orgs(ex) - sum(not g[gi].get("optional") for gi in m.values())
        m0 = match_orgs(ex.ro.orgs, g)
        rule_ok += sum(rule_types[i] == g[gi].get("org_type") for i, gi in m0.items()
                       if not g[gi].get("optional"))
        for kind, key, field in KINDS:
            evs = ags if kind == "agreement" else ens
            members = [{x.entity for x in getattr(e, field)} for e in evs]
            gold_evs = ex.gold.get(key, [])
            # scorer: members that are not gold orgs still count against the match
            hit = match_events(kind, members, m, g, gold_evs, count_unmatched=True)
            n_gold = sum(not e.get("optional") for e in gold_evs)
            t = sum(1 for i, gi in hit.items() if not gold_evs[gi].get("optional"))
            opt = len(hit) - t
            ev[kind][0] += t
            ev[kind][1] += len(evs) - t - opt
            ev[kind][2] += n_gold - t
    res["organisations"] = _prf(tp, fp, fn)
    res["organisations"].update(type_ok=type_ok, type_n=type_n, rule_type_ok=rule_ok,
                                cc_ok=cc_ok, cc_n=cc_n)
    for kind, (a, b, c) in ev.items():
        res[kind + "s"] = _prf(a, b, c)
    res["headline"] = round(sum(res[k]["f1"] for k in ("organisations", "agreements", "engagements")) / 3, 4)
    return res


def _prf(tp, fp, fn) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4)}


def cross_validate(exs: list[Example], k: int, seed: int) -> dict:
    """Rules alone and rules + models, each fold scored by models that never saw it."""
    pooled_rules, pooled_models = [], []
    for f in folds(exs, k, seed):
        fs = set(f)
        train = [exs[i] for i in range(len(exs)) if i not in fs]
        test = [exs[i] for i in f]
        models = train_models(train, seed)
        pooled_models.append(evaluate(models, [ex.rerun(models) if models.org_span else ex
                                               for ex in test]))
        pooled_rules.append(evaluate(Models.empty(), test))
    return {"rules_only": _pool(pooled_rules), "rules_and_models": _pool(pooled_models)}


def _pool(results: list[dict]) -> dict:
    out = {}
    for comp in ("organisations", "agreements", "engagements"):
        tp = sum(r[comp]["tp"] for r in results)
        fp = sum(r[comp]["fp"] for r in results)
        fn = sum(r[comp]["fn"] for r in results)
        out[comp] = _prf(tp, fp, fn)
    n = sum(r["organisations"]["type_n"] for r in results)
    out["organisations"]["type_accuracy"] = round(sum(r["organisations"]["type_ok"] for r in results) / n, 4) if n else None
    n = sum(r["organisations"]["cc_n"] for r in results)
    out["organisations"]["country_accuracy"] = round(sum(r["organisations"]["cc_ok"] for r in results) / n, 4) if n else None
    out["headline"] = round(sum(out[c]["f1"] for c in ("organisations", "agreements", "engagements")) / 3, 4)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", action="append", type=Path, required=True,
                    help="a folder of articles with <file>.gold.json beside them (repeatable)")
    ap.add_argument("--out", type=Path, default=Path("pipeline/data/models"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=Path(".cache/learn"))
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    a = ap.parse_args(argv)
    missing = [str(g) for g in a.gold if not g.is_dir()]
    if missing:
        print(f"train: no such gold folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    exs = load_corpus(a.gold, a.cache)
    print(f"train: {len(exs)} annotated articles from {', '.join(str(g) for g in a.gold)}")
    if not a.no_cv and len(exs) >= 2 * a.folds:
        cv = cross_validate(exs, a.folds, a.seed)
        print(f"train: {a.folds}-fold cross-validated, in-article figures:")
        for name, r in cv.items():
            print(f"  {name:17s} " + " | ".join(
                f"{c} P {r[c]['precision']:.3f} R {r[c]['recall']:.3f} F1 {r[c]['f1']:.3f}"
                for c in ("organisations", "agreements", "engagements"))
                + f" | headline {r['headline']:.3f} | organisation type accuracy "
                f"{r['organisations']['type_accuracy']}, country accuracy {r['organisations']['country_accuracy']}")
    models = train_models(exs, a.seed)
    save(models, a.out, {"trained_on": [g.name for g in a.gold], "articles": len(exs), "seed": a.seed})
    print(f"train: models written to {a.out} (thresholds {json.dumps(models.thresholds, sort_keys=True)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
