"""The span model: a token tagger (B/I/O, logistic regression) that proposes organisation
names the rules did not, with the boundaries the annotated articles give them.

    token_features(ctx, cands) -> per token: Features, or None (cannot be in a name)
    token_probs(feats, model) -> per token: B/I/O probabilities, or None
    tag_spans(probs, threshold) -> [(start token, end token, probability)]
    token_labels(ctx, gold) -> per token "B" / "I" / "O" from the gold names and aliases

It reads what the rules read (orthography, spaCy's entities, the word lists) plus what
the rules made of each token (inside which candidate, of which rule, dropped or not), so
it learns where the rules' boundaries are right as well as what they miss. Trained with
the other models (pipeline.learn.train), stored as a JSON LinearModel (org_span.json),
applied in plain Python inside candidate finding (pipeline.extract.organisations).
"""
from __future__ import annotations

import bisect
import re

from pipeline.extract.org_lexicon import HEADS, LEGAL_SUFFIXES, NAME_CONNECTORS
from pipeline.learn.linear import Features, LinearModel

_CONNECT = frozenset({"of", "for", "and", "&", "de", "del", "der", "di", "du", "la", "le", "the",
                      "in", "on"}) | NAME_CONNECTORS


def _shape(w: str) -> str:
    s = re.sub(r"[A-Z]", "X", w)
    s = re.sub(r"[a-z]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1{2,}", r"\1\1", s)[:6]


def _eligible(ctx, inside: list[str]) -> list[bool]:
    """Tokens that can be part of a name: capitalised, an entity, inside a rule candidate,
    a head noun or legal form, or a connector between capitalised words."""
    n = ctx.n
    out = [False] * n
    for i in range(n):
        if ctx.space[i]:
            continue
        low = ctx.low[i]
        if ctx.cap[i] or ctx.ent_label[i] or inside[i] != "O" or low in LEGAL_SUFFIXES:
            out[i] = True
        elif low in HEADS and i > 0 and ctx.cap[i - 1]:
            out[i] = True
        elif (low in _CONNECT or ctx.text[i] in "-–&") and 0 < i < n - 1 and ctx.cap[i - 1] \
                and ctx.cap[i + 1]:
            out[i] = True
    return out


def _rule_tags(ctx, cands) -> list[str]:
    """Per token: "B-rule" / "I-rule" of the first-starting rule candidate covering it,
    with "-x" when the rules dropped it; "O" outside every candidate."""
    tags = ["O"] * ctx.n
    for c in sorted(cands, key=lambda c: (c.start, -(c.end - c.start))):
        if c.rule == "anaphor" or c.rule == "span_model":
            continue
        suffix = c.rule + ("-x" if c.drop else "")
        for i in range(c.start, min(c.end, ctx.n)):
            if tags[i] == "O":
                tags[i] = ("B-" if i == c.start else "I-") + suffix
    return tags


def _tok(ctx, i: int) -> dict[str, str]:
    if i < 0:
        return {"w": "<s>", "sh": "<s>", "e": "<s>"}
    if i >= ctx.n:
        return {"w": "</s>", "sh": "</s>", "e": "</s>"}
    if ctx.space[i]:
        return {"w": "<nl>", "sh": "<nl>", "e": "<nl>"}
    t = ctx.text[i]
    e = ctx.ent_label[i]
    iob = ("B" if ctx.ent_start[i] == i else "I") if e else "O"
    return {"w": ctx.low[i], "sh": _shape(t), "e": f"{iob}-{e}" if e else "O"}


def token_features(ctx, cands) -> list[Features | None]:
    """Features of every token that can be part of a name (None for the rest)."""
    rule = _rule_tags(ctx, cands)
    ok = _eligible(ctx, rule)
    views = {}

    def view(i: int) -> dict[str, str]:
        v = views.get(i)
        if v is None:
            v = views[i] = _tok(ctx, i)
        return v

    out: list[Features | None] = []
    for i in range(ctx.n):
        if not ok[i]:
            out.append(None)
            continue
        v = view(i)
        low = ctx.low[i]
        f: Features = {"bias": 1.0, "w=" + low: 1.0, "sh=" + v["sh"]: 1.0, "e=" + v["e"]: 1.0,
                       "p3=" + low[:3]: 1.0, "s3=" + low[-3:]: 1.0, "r=" + rule[i]: 1.0}
        rt = rule[i].split("-", 1)[0]
        if low in HEADS:
            f["head=" + HEADS[low]] = 1.0
        if low in LEGAL_SUFFIXES:
            f["legal"] = 1.0
        if ctx.sent_start[i]:
            f["sent_start"] = 1.0
        if ctx.cap[i]:
            f["cap"] = 1.0
        if not ok[i - 1] if i > 0 else True:
            f["first_run"] = 1.0
        if i + 1 >= ctx.n or not ok[i + 1]:
            f["last_run"] = 1.0
        for d in (-2, -1, 1, 2):
            u = view(i + d)
            f[f"w{d}={u['w']}"] = 1.0
            f[f"sh{d}={u['sh']}"] = 1.0
            if abs(d) == 1:
                f[f"e{d}={u['e']}"] = 1.0
                j = i + d
                rj = rule[j] if 0 <= j < ctx.n else "<s>"
                f[f"r{d}={rj.split('-', 1)[0]}|{rt}"] = 1.0
                if 0 <= j < ctx.n and ctx.low[j] in HEADS:
                    f[f"head{d}"] = 1.0
        f["w-1|w=" + view(i - 1)["w"] + "|" + low] = 1.0
        f["w|w+1=" + low + "|" + view(i + 1)["w"]] = 1.0
        out.append(f)
    return out


def token_probs(feats: list[Features | None], model: LinearModel) -> list[dict[str, float] | None]:
    """The tagger's B/I/O probabilities per token (None where `feats` has none): computed
    once, read by both tag_spans and span_probs."""
    return [None if f is None else model.proba(f) for f in feats]


def tag_spans(probs: list[dict[str, float] | None],
              threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """Names the tagger reads: maximal runs of tokens tagged B/I (a B starts a new one),
    each with its mean in-name probability; those scoring below `threshold` are left out."""
    out: list[tuple[int, int, float]] = []
    cur: list[float] = []
    start = -1

    def close(end: int) -> None:
        if cur:
            p = sum(cur) / len(cur)
            if p >= threshold:
                out.append((start, end, p))

    for i, pr in enumerate(probs):
        if pr is None:
            close(i)
            cur = []
            continue
        pb, pi, po = pr.get("B", 0.0), pr.get("I", 0.0), pr.get("O", 0.0)
        if po >= pb and po >= pi:
            close(i)
            cur = []
            continue
        if pb >= pi or not cur:
            close(i)
            cur, start = [], i
        cur.append(pb + pi)
    close(len(probs))
    return out


def span_probs(probs: list[dict[str, float] | None]) -> list[float]:
    """Per token, the tagger's probability that it is part of a name (0 for ineligible)."""
    return [0.0 if pr is None else 1.0 - pr.get("O", 0.0) for pr in probs]


_BOUND = r"(?<![\w])"
_END = r"(?![\w])"


def token_labels(ctx, gold: dict) -> list[str]:
    """B/I/O per token: occurrences of the gold organisations' names and aliases in the
    body (longest first, never overlapping), snapped to token boundaries."""
    forms: set[str] = set()
    for g in gold.get("organisations", []):
        for s in [g.get("name")] + list(g.get("aliases") or []):
            if s and len(s.strip()) >= 2:
                forms.add(s.strip())
    taken = [False] * len(ctx.body)
    spans: list[tuple[int, int]] = []
    for form in sorted(forms, key=len, reverse=True):
        pat = re.compile(_BOUND + re.escape(form) + _END)
        for m in pat.finditer(ctx.body):
            a, b = m.span()
            if any(taken[a:b]):
                continue
            for k in range(a, b):
                taken[k] = True
            spans.append((a, b))
    labels = ["O"] * ctx.n
    for a, b in spans:
        i = bisect.bisect_right(ctx.idx, a) - 1
        if i < 0:
            continue
        first = True
        while i < ctx.n and ctx.idx[i] < b:
            if ctx.tend(i) > a and not ctx.space[i]:
                labels[i] = "B" if first else "I"
                first = False
            i += 1
    return labels
