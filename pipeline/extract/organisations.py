"""Organisation mentions in one article: candidates (org_candidates), judged by domain
rules, merged into one LocalOrg per real organisation (org_resolve).

    find_organisations(doc, article) -> (orgs, mentions)

`doc` is the spaCy Doc of `article.body` (no tagger/lemmatizer: rules read only
orthography, entities, sentence starts). Every OrgMention satisfies
body[char_start:char_end] == surface.
"""
from __future__ import annotations

from pipeline.extract.org_candidates import (
    Cand, Ctx, SpanIndex, acronym_place_spans, acronym_spans, attach_context, company_spans,
    described_spans, ent_spans, head_spans, government_spans, judge, list_items, minister_spans, role_evidence,
    vice_presidency_spans,
)
from pipeline.extract.registry_ruler import ACRONYMS, NAMES, registry_matches
from pipeline.extract.org_resolve import resolve
from pipeline.models import LocalOrg, OrgMention

_POSS = frozenset({"'s", "’s", "ʼs"})


def registry_spans(ctx: Ctx, taken: list[tuple[int, int]]) -> list[Cand]:
    """Registry names in the text, written as names; acronyms become "acr" candidates."""
    found = registry_matches(ctx.doc)
    out: list[Cand] = []
    index = SpanIndex(taken)
    for key, is_acr in ((ACRONYMS, True), (NAMES, False)):
        for span in found[key]:
            s, e = span.start, span.end
            # "Uzbekistan's IT Park": the possessor is a country clue, not the name
            for k in range(s, e - 1):
                if ctx.text[k] in _POSS:
                    s = k + 1
            if s >= e or not ctx.cap[s] or ctx.furniture[s]:
                continue
            if _inside_longer_name(ctx, s, e):
                continue  # "Uztelecom" in "Uztelecom Digital"
            cs, ce = ctx.idx[s], ctx.tend(e - 1)
            if index.covers(cs, ce):
                continue  # a rule span already covers it
            if index.crosses_out(cs, ce):
                continue  # crosses a rule span: trust the rule
            c = Cand(start=s, end=e, cs=cs, ce=ce, rule="acr" if is_acr else "registry")
            c.registry_id = span.id_
            c.evidence.add("registry")
            out.append(c)
    out.sort(key=lambda c: (c.cs, -(c.ce - c.cs)))
    kept: list[Cand] = []
    for c in out:
        if kept and c.cs < kept[-1].ce:
            continue
        kept.append(c)
    return kept


def _inside_longer_name(ctx: Ctx, s: int, e: int) -> bool:
    """The match continues a capitalised run on either side (part of another name)."""
    from pipeline.extract.org_lexicon import STOP_CAP
    if e < ctx.n and ctx.cap[e] and not ctx.punct[e] and not ctx.space[e - 1] and \
            ctx.ws[e - 1] and ctx.low[e] not in STOP_CAP and not ctx.sent_start[e]:
        return True
    if s > 0 and ctx.cap[s - 1] and not ctx.punct[s - 1] and ctx.ws[s - 1] and \
            not ctx.sent_start[s] and ctx.low[s - 1] not in STOP_CAP:
        return True
    return False


def _overlaps(c: Cand, spans: SpanIndex) -> bool:
    return spans.overlaps(c.cs, c.ce)


def _company_cands(ctx: Ctx, named: list[Cand]) -> list[Cand]:
    """Company-context names not already taken by a rule; a taken one gets their country."""
    import bisect
    spans = sorted(((c.cs, c.ce, c) for c in named if c.rule != "anaphor"), key=lambda x: x[0])
    starts = [a for a, _, _ in spans]
    out: list[Cand] = []
    seen: set[tuple[int, int]] = set()
    for c in company_spans(ctx) + described_spans(ctx):
        if (c.cs, c.ce) in seen:
            continue
        seen.add((c.cs, c.ce))
        hit = None
        i = bisect.bisect_left(starts, c.ce) - 1
        while i >= 0:
            a, b, o = spans[i]
            if b > c.cs:
                hit = o
                break
            if b <= c.cs and a < c.cs - 400:
                break
            i -= 1
        if hit is None:
            out.append(c)
        elif c.country and hit.cstrength < 3 and hit.cs >= c.cs and hit.ce <= c.ce:
            hit.country, hit.cstrength, hit.city = c.country, c.cstrength, c.city or hit.city
    return out


def find_candidates(doc, span_model=None, span_threshold: float = 0.5) -> tuple[Ctx, list[Cand]]:
    """All judged candidates of one parsed article (exposed for tests and debugging).
    With a span model (pipeline.learn.span), the names it reads that no kept rule
    candidate overlaps become candidates too (rule "span_model"), and every rule candidate
    records how far the model agrees with it."""
    ctx = Ctx(doc)
    heads = head_spans(ctx)
    vps = vice_presidency_spans(ctx)
    if vps:
        # "the Vice-Presidency for research affairs" over its head span "Vice-Presidency"
        vindex = SpanIndex([(c.cs, c.ce) for c in vps])
        heads = [c for c in heads if not vindex.overlaps(c.cs, c.ce)]
    named = [c for c in heads if c.rule != "anaphor"] + vps
    taken = [(c.cs, c.ce) for c in named]
    mins = vps + minister_spans(ctx, taken)
    taken += [(c.cs, c.ce) for c in mins]
    govs = government_spans(ctx, taken)
    if govs:
        # "the Ruritanian government" is a name here, not an anaphor
        gindex = SpanIndex([(c.cs, c.ce) for c in govs])
        heads = [c for c in heads if c.rule != "anaphor" or not gindex.overlaps(c.cs, c.ce)]
        mins += govs
        taken += [(c.cs, c.ce) for c in govs]
    regs = registry_spans(ctx, taken)
    if regs:
        # a longer registry name replaces the rule spans inside it
        rspans = [(c.cs, c.ce) for c in regs]
        rindex = SpanIndex(rspans)
        heads = [c for c in heads if not rindex.covers(c.cs, c.ce)]
        taken = [(c.cs, c.ce) for c in heads if c.rule != "anaphor"] + \
            [(c.cs, c.ce) for c in mins] + rspans
    comps = _company_cands(ctx, heads + mins + regs)
    taken = taken + [(c.cs, c.ce) for c in comps]
    ents = ent_spans(ctx, taken)
    cands = heads + mins + regs + comps + ents
    lists = list_items(ctx, cands)
    if lists:
        lspans = SpanIndex([(c.cs, c.ce) for c in lists])
        cands = [c for c in cands if c.rule not in ("ent", "anaphor") or not _overlaps(c, lspans)]
        cands += lists
    aps = acronym_place_spans(ctx, cands)
    if aps:
        # "KDB Kenya" over spaCy's pieces of it ("Kenya" as a place, or as a person)
        aindex = SpanIndex([(c.cs, c.ce) for c in aps])
        cands = [c for c in cands if c.rule != "ent" or not aindex.covers(c.cs, c.ce)] + aps
    taken_all = [(c.cs, c.ce) for c in cands if c.drop is None or c.drop == "glued"]
    cands += acronym_spans(ctx, taken_all)
    attach_context(ctx, cands)
    role_evidence(ctx, cands)
    for c in cands:
        judge(ctx, c)
    if span_model is not None:
        cands += span_cands(ctx, cands, span_model, span_threshold)
    return ctx, cands


_TRIM_LEFT = frozenset({"the", "a", "an", "and", "of", "in", "for", "&"})
_TRIM_RIGHT = frozenset({"the", "a", "an", "in", "of", "and", "for", "at", "on", "to", "&", "with"})


def span_cands(ctx: Ctx, cands: list[Cand], model, threshold: float) -> list[Cand]:
    """Candidates from the span model's names that no kept rule candidate overlaps;
    `span_p` / `span_exact` on the rule candidates say how far the model agrees."""
    from pipeline.learn.span import span_probs, tag_spans, token_features, token_probs

    token_p = token_probs(token_features(ctx, cands), model)
    probs = span_probs(token_p)
    tagged = tag_spans(token_p, 0.0)
    exact = {(s, e) for s, e, _ in tagged}
    for c in cands:
        if c.rule != "anaphor" and c.end > c.start:
            c.span_p = sum(probs[c.start:c.end]) / (c.end - c.start)
            c.span_exact = (c.start, c.end) in exact
    kept = SpanIndex([(c.cs, c.ce) for c in cands if c.drop is None and c.rule != "anaphor"])
    out: list[Cand] = []
    for s, e, p in tagged:
        if p < threshold:
            continue
        while s < e and (ctx.low[s] in _TRIM_LEFT or ctx.punct[s] and ctx.text[s] not in "&"):
            s += 1
        while e > s and (ctx.punct[e - 1] and not ctx.text[e - 1].endswith(".") or
                         ctx.text[e - 1] in _POSS or ctx.space[e - 1] or
                         ctx.text[e - 1] in _TRIM_RIGHT):  # "Swiss Cooperation Office in"
            e -= 1
        if e <= s:
            continue
        cs, ce = ctx.idx[s], ctx.tend(e - 1)
        if kept.overlaps(cs, ce):
            continue
        c = Cand(start=s, end=e, cs=cs, ce=ce, rule="span_model", label=ctx.ent_label[s])
        c.span_p, c.span_exact = p, True
        out.append(c)
    if out:
        attach_context(ctx, out)
        for c in out:
            judge(ctx, c)
    return out


def find_organisations(doc, article) -> tuple[list[LocalOrg], list[OrgMention]]:
    """Organisations of one article and every mention of them in `article.body`."""
    ctx, cands = find_candidates(doc)
    return resolve(ctx, cands)
