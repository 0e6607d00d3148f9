"""The learned components at extraction time, behind the rules' own signatures.

    rule_output(doc, article) -> RuleOutput    (rules only: candidates, orgs, events)
    apply_models(ro, models)  -> orgs, mentions, agreements, engagements

The rules propose; the models judge. Each organisation gets a keep probability from the
keep/drop model and a type from the type model; each agreement and engagement gets a
keep probability from its model, which reads its members' keep probabilities and its
evidence. Those probabilities are kept on the records as `confidence` (published). Without
model files (`Models.empty()`) the rules' output passes unchanged, `confidence` None.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from pipeline.extract import event_lexicon as lex
from pipeline.extract.event_context import mask_spans
from pipeline.extract.events import non_parties, signed_by_people
from pipeline.extract.org_lexicon import HEADS
from pipeline.learn.features import (
    actor_features, article_countries, country_features, country_places, event_features, home_country,
    near_countries,
    org_features,
    sentence_features,
    text_features,
    type_view,
    typed_by_text,
)
from pipeline.learn.linear import Features, LinearModel
from pipeline.learn.model_files import MODEL_DIR, MODEL_FILES, model_dir  # noqa: F401 - re-exported
from pipeline.models import LocalAgreement, LocalEngagement, LocalOrg, Member, OrgMention

DEFAULT_ROLE = {"agreement": "party", "engagement": "participant"}


@dataclass
class Sent:
    start: int
    end: int
    text: str
    entities: list[int]            # org indices mentioned in it, in text order
    spans: list[tuple[int, int]] = field(default_factory=list)  # their offsets in `text`


@dataclass
class RuleOutput:
    """What the rules read from one article, with the features the models need."""

    orgs: list[LocalOrg]
    mentions: list[OrgMention]
    org_feats: list[Features]
    agreements: list[LocalAgreement]
    engagements: list[LocalEngagement]
    sents: list[Sent] = field(default_factory=list)
    countries: list[tuple[str, int, int]] = field(default_factory=list)  # named in the article
    near: list[set[str]] = field(default_factory=list)   # per org: countries named close by
    described: list[bool] = field(default_factory=list)  # per org: typed by the text (typed_by_text)


def rule_output(doc, article, models: "Models | None" = None) -> RuleOutput:
    """The rules' output; with `models` holding a span model (org_span), its names join
    the organisation candidates."""
    from pipeline.extract.event_context import build_sentences
    from pipeline.extract.events import find_agreements, find_engagements
    from pipeline.extract.organisations import find_candidates
    from pipeline.extract.org_resolve import resolve

    span = models.org_span if models is not None else None
    ctx, cands = find_candidates(doc, span, models.t("org_span") if models is not None else 0.5)
    orgs, mentions = resolve(ctx, cands)
    feats = org_features(ctx, cands, orgs, mentions)
    agreements = find_agreements(doc, article, orgs, mentions)
    engagements = find_engagements(doc, article, orgs, mentions)
    sents = []
    ms = sorted(mentions, key=lambda m: m.char_start)
    k = 0
    for s in build_sentences(doc, mentions):
        while k < len(ms) and ms[k].char_start < s.start:
            k += 1
        j, inside = k, []
        while j < len(ms) and ms[j].char_start < s.end:
            inside.append(ms[j])
            j += 1
        spans = [(m.char_start - s.start, m.char_end - s.start) for m in inside]
        sents.append(Sent(s.start, s.end, s.text,
                          [m.entity for m in inside], spans))
    places = country_places(doc)
    return RuleOutput(orgs, mentions, feats, agreements, engagements, sents,
                      article_countries(places), near_countries(places, mentions, len(orgs)),
                      typed_by_text(ctx, orgs))


@dataclass
class Models:
    """The model files of one directory; a missing file leaves its decision to the rules."""

    org_span: LinearModel | None = None                # B/I/O tagger proposing names
    org_keep: LinearModel | None = None
    org_type: LinearModel | None = None
    org_country: LinearModel | None = None             # a country for one the rules left blank
    agreement_keep: LinearModel | None = None
    engagement_keep: LinearModel | None = None
    agreement_member: LinearModel | None = None        # is this org one of its members?
    engagement_member: LinearModel | None = None
    agreement_propose: LinearModel | None = None       # does this sentence report an event
    engagement_propose: LinearModel | None = None      # the rules missed?
    agreement_kind: LinearModel | None = None          # ... and of which type
    engagement_kind: LinearModel | None = None
    thresholds: dict = field(default_factory=dict)

    @classmethod
    def empty(cls) -> "Models":
        return cls()

    @classmethod
    def load(cls, folder: Path) -> "Models":
        kw = {}
        for name in MODEL_FILES:
            p = folder / f"{name}.json"
            kw[name] = LinearModel.load(p) if p.exists() else None
        tp = folder / "thresholds.json"
        th = json.loads(tp.read_text(encoding="utf-8")) if tp.exists() else {}
        return cls(thresholds=th, **kw)

    def t(self, name: str, default: float = 0.5) -> float:
        return float(self.thresholds.get(name, default))


@lru_cache(maxsize=4)
def _load(folder: str) -> Models:
    return Models.load(Path(folder))


def load_models() -> Models:
    return _load(str(model_dir()))


def org_probs(ro: RuleOutput, models: Models) -> list[float]:
    if models.org_keep is None:
        return [1.0] * len(ro.orgs)
    return [models.org_keep.p_true(f) for f in ro.org_feats]


def country_rows(ro: RuleOutput) -> list[list[tuple[str, Features]]]:
    """Per organisation with no country from the rules: (candidate, features) for each of
    the article's three most named countries."""
    total = sum(n for _, n, _ in ro.countries) or 1
    dateline = ro.countries[0][0] if ro.countries and ro.countries[0][2] < 200 else None
    out = []
    for e, org in enumerate(ro.orgs):
        rows = []
        if org.country is None:
            for rank, (cc, n, _) in enumerate(ro.countries[:3]):
                rows.append((cc, country_features(org, cc, rank, n / total, ro.near[e], dateline,
                                                  len(ro.countries), ro.org_feats[e])))
        out.append(rows)
    return out


def country_choices(ro: RuleOutput, model: LinearModel) -> list[tuple[str | None, float]]:
    """Per organisation, the likeliest candidate country and its probability."""
    out = []
    for rows in country_rows(ro):
        best: tuple[str | None, float] = (None, 0.0)
        for cc, f in rows:
            p = model.p_true(f)
            if p > best[1]:
                best = (cc, p)
        out.append(best)
    return out


def event_rows(kind: str, ev, org_p: list[float], ro: "RuleOutput | None" = None) -> Features:
    members = ev.parties if kind == "agreement" else ev.participants
    etype = ev.agreement_type if kind == "agreement" else ev.engagement_type
    date = ev.signed_date if kind == "agreement" else ev.start_date
    f = event_features(kind, etype, ev.status, [m.role for m in members], ev.evidence,
                       [org_p[m.entity] for m in members], date is not None,
                       bool(ev.location_city or ev.location_country))
    if kind == "engagement" and ro is not None:
        text = _squash(ev.evidence)
        first = next((i for i, s in enumerate(ro.sents) if s.entities and _squash(s.text) in text), len(ro.sents))
        f.update(actor_features([m.entity for m in members], first, *_article_actors(ro),
                                len(ro.engagements)))
    return f


def _article_actors(ro: RuleOutput) -> tuple[list[int], set[int]]:
    """Mentions per organisation, and the organisations its first two sentences name."""
    counts = [0] * len(ro.orgs)
    for m in ro.mentions:
        counts[m.entity] += 1
    lead = {e for s in ro.sents[:2] for e in s.entities}
    return counts, lead


def model_may_retype(rule_type: str, label: str, f: Features) -> bool:
    """Whether the type model may replace the rules' org_type (rule_type) with its label,
    given the organisation's features f. A centre ("X Centre", "Zentrum") becomes academic
    only by the rules, which look for a research or science word in its name: the model's
    academic weight on the head comes from research centres, and it would also make
    training, incubation or industry centres research institutes."""
    if label != "academic" or rule_type == "academic":
        return True
    head = next((k[len("head="):] for k in f if k.startswith("head=")), None)
    return head is None or HEADS.get(head) != "center"


MEMBER_FLOOR = 0.2  # keep probability under which event membership does not save an organisation


def apply_models(ro: RuleOutput, models: Models):
    """Judge the rules' output with the models: (orgs, mentions, agreements, engagements)."""
    p = org_probs(ro, models)
    orgs = [replace(o) for o in ro.orgs]  # the rule output stays as it was
    if models.org_keep is not None:
        for org, pi in zip(orgs, p):
            org.confidence = _score(pi)
    if models.org_type is not None:
        t_type = models.t("org_type", 0.0)
        for e, (org, f) in enumerate(zip(orgs, ro.org_feats)):
            if e < len(ro.described) and ro.described[e]:
                continue  # the text says what it is ("X, a co-working space"): the rules' type
            label, conf = models.org_type.predict(type_view(f))
            if conf >= models.t("org_type:" + org.org_type, t_type) and \
                    model_may_retype(org.org_type, label, f):
                org.org_type = label
    keep_org = [pi >= models.t("org_keep") for pi in p]
    if models.org_country is not None:
        t_cc = models.t("org_country")
        # the model only says that an organisation belongs to the article's country; which
        # country that is, the rules' placed organisations say better than mention counts
        home = home_country(ro.orgs, ro.countries, keep_org)
        for org, (cc, pc) in zip(orgs, country_choices(ro, models.org_country)):
            if org.country is None and cc is not None and pc >= t_cc:
                org.country = home or cc
    for org in orgs:
        if org.org_type == "intergovernmental_organisation":
            org.country = org.city = None  # a body of several states has no one country

    def judged(kind: str, events, model: LinearModel | None):
        out = []
        for ev in events:
            if model is None:
                out.append(ev)
                continue
            pe = model.p_true(event_rows(kind, ev, p, ro))
            if pe >= models.t(kind + "_keep"):
                out.append(replace(ev, confidence=_score(pe)))
        return out

    # Agreements the rules read from one sentence ("MoUs with A, B and C", one per
    # counterpart) keep their members: the member model would give each one every name.
    sents_of = {a.evidence: [id(s) for s in evidence_sents(a, ro)] for a in ro.agreements}
    uses = Counter(i for a in ro.agreements for i in sents_of[a.evidence])
    agreements = [a if any(uses[i] > 1 for i in sents_of[a.evidence])
                  else with_members("agreement", a, ro, models, p, keep_org)
                  for a in judged("agreement", ro.agreements, models.agreement_keep)]
    engagements = [with_members("engagement", e, ro, models, p, keep_org)
                   for e in judged("engagement", ro.engagements, models.engagement_keep)]
    agreements += proposed("agreement", ro, models, p, keep_org, agreements)
    engagements += proposed("engagement", ro, models, p, keep_org, engagements)
    if models.t("protect_members", 0.0) > 0:
        # an organisation the rules made a member of a kept event stays, unless the keep
        # model all but rules it out (out of fold, seed 0: of the organisations kept only as
        # members, 21 scored under MEMBER_FLOOR and 20 of them were spurious)
        floor = models.t("org_member_floor", MEMBER_FLOOR)
        for ev in agreements + engagements:
            for m in _members_of("agreement" if isinstance(ev, LocalAgreement) else "engagement", ev):
                if p[m.entity] >= floor:
                    keep_org[m.entity] = True
    return _drop_orgs(orgs, ro.mentions, agreements, engagements, keep_org)


def sentence_rows(ro: RuleOutput, org_p: list[float]) -> list[tuple[int, Features]]:
    """(sentence index, features) for every sentence that names an organisation, with
    whether it names the article's main actors."""
    covered: list[set[str]] = [set() for _ in ro.sents]
    for kind, events in (("agreement", ro.agreements), ("engagement", ro.engagements)):
        for ev in events:
            text = _squash(ev.evidence)
            for i, s in enumerate(ro.sents):
                if s.entities and _squash(s.text) in text:
                    covered[i].add(kind)
    rows = []
    actors = _article_actors(ro)
    for i, s in enumerate(ro.sents):
        if not s.entities:
            continue
        ents = list(dict.fromkeys(s.entities))
        f = sentence_features(s.text, i, len(ents), [ro.orgs[e].org_type for e in ents],
                              [org_p[e] for e in ents], covered[i])
        f.update(actor_features(ents, i, *actors, len(ro.engagements)))
        rows.append((i, f))
    return rows


def proposed(kind: str, ro: RuleOutput, models: Models, org_p: list[float], keep_org: list[bool],
             kept: list) -> list:
    """Events of `kind` read from the sentences the proposer model picks and no kept
    event already covers: one per run of such sentences naming overlapping organisations
    (members: the kept organisations they name; type: the kind model's); an engagement
    sharing an organisation with a kept one of its type is none. Nothing without the
    model."""
    model, kinds = getattr(models, kind + "_propose"), getattr(models, kind + "_kind")
    if model is None or kinds is None:
        return []
    t = models.t(kind + "_propose", 1.01)
    field_name = "parties" if kind == "agreement" else "participants"
    taken = [{m.entity for m in getattr(ev, field_name)} for ev in kept]
    covered = {_squash(ev.evidence) for ev in kept}
    out: list = []
    last: tuple[str, set[int]] | None = None
    for i, f in sentence_rows(ro, org_p):
        s = ro.sents[i]
        text, ps = _squash(s.text), model.p_true(f)
        if ps < t or any(text in c for c in covered):
            continue
        members = {e for e in s.entities if keep_org[e]}
        if len(members) < (2 if kind == "agreement" else 1):
            continue
        if any(members <= ms or len(members & ms) / len(members | ms) >= 0.5 for ms in taken):
            continue  # most likely more about an event already read
        etype, _ = kinds.predict(text_features(s.text, "s"))
        if kind == "engagement" and any(getattr(ev, "engagement_type", None) == etype
                                        and members & ms for ev, ms in zip(kept, taken)):
            # "Officials of X and Y exchanged views" after X's visit: most likely more about
            # the kept event of that type naming X than another one
            continue
        if last is not None and last[0] == etype and members & last[1]:
            ev = out[-1]
            merged = list(dict.fromkeys([m.entity for m in getattr(ev, field_name)]
                                        + [e for e in s.entities if e in members]))
            out[-1] = replace(ev, evidence=ev.evidence + "\n" + s.text, **{
                field_name: [Member(e, DEFAULT_ROLE[kind]) for e in merged]})
            last = (etype, set(merged))
            continue
        ordered = [Member(e, DEFAULT_ROLE[kind]) for e in dict.fromkeys(s.entities) if e in members]
        status = "planned" if lex.PLANNED_CUE.search(s.text) else ("signed" if kind == "agreement" else "occurred")
        score = _score(ps)
        if kind == "agreement":
            out.append(LocalAgreement(agreement_type=etype, status=status, parties=ordered,
                                      evidence=s.text, confidence=score))
        else:
            out.append(LocalEngagement(engagement_type=etype, status=status, participants=ordered,
                                       evidence=s.text, confidence=score))
        last = (etype, members)
    return out


def _score(p: float) -> float:
    # Published as `confidence`; 4 decimals keep the value (and the release fingerprint)
    # stable across platforms' last-bit float differences.
    return round(min(max(float(p), 0.0), 1.0), 4)


def _drop_orgs(orgs, mentions, agreements, engagements, keep: list[bool]):
    """Remove the dropped organisations everywhere and renumber the rest; an event left
    with no member goes too (an agreement needs two parties when it had two)."""
    new_idx: dict[int, int] = {}
    kept: list[LocalOrg] = []
    for i, (o, k) in enumerate(zip(orgs, keep)):
        if k:
            new_idx[i] = len(kept)
            kept.append(o)
    ms = [replace(m, entity=new_idx[m.entity]) for m in mentions if m.entity in new_idx]

    def remap(members: list[Member]) -> list[Member]:
        return [Member(new_idx[m.entity], m.role) for m in members if m.entity in new_idx]

    ags = []
    for a in agreements:
        parties = remap(a.parties)
        if len(parties) >= min(2, len(a.parties)) and parties:
            ags.append(replace(a, parties=parties))
    ens = []
    for e in engagements:
        parts = remap(e.participants)
        if parts:
            ens.append(replace(e, participants=parts))
    return kept, ms, ags, ens


def _members_of(kind: str, ev) -> list[Member]:
    return ev.parties if kind == "agreement" else ev.participants


def _squash(s: str) -> str:
    return " ".join(s.split())


def evidence_sents(ev, ro: RuleOutput) -> list[Sent]:
    text = _squash(ev.evidence)
    return [s for s in ro.sents if s.entities and _squash(s.text) in text]


def member_rows(kind: str, ev, ro: RuleOutput, org_p: list[float]) -> list[tuple[int, Features]]:
    """(org index, features) for every organisation that the rules made a member of `ev`
    or that its evidence sentences name: is it a party (participant) of this event?"""
    roles = {m.entity: m.role for m in _members_of(kind, ev)}
    sents = evidence_sents(ev, ro)
    seen: dict[int, Features] = {}
    order: list[int] = []
    for si, s in enumerate(sents):
        for (a, b), e in zip(s.spans, s.entities):
            order.append(e)
            if e in seen:
                seen[e]["n_mentions"] = seen[e].get("n_mentions", 1.0) + 1.0
                continue
            f: Features = {"bias": 1.0, f"sent={min(si, 2)}": 1.0}
            left = [w.lower() for w in s.text[max(0, a - 40):a].split()[-3:]]
            right = [w.lower() for w in s.text[b:b + 40].split()[:2]]
            for w in left:
                f["l=" + w.strip(".,;:()\"'")] = 1.0
            for w in right:
                f["r=" + w.strip(".,;:()\"'")] = 1.0
            f["pos=" + ("start" if a < 3 else "early" if a < len(s.text) / 3 else "late")] = 1.0
            seen[e] = f
    for e in roles:
        seen.setdefault(e, {"bias": 1.0, "outside_evidence": 1.0})
    rows = []
    n = len(seen)
    for e, f in seen.items():
        f = dict(f)
        if e in roles:
            f["rule_role=" + roles[e]] = 1.0
        else:
            f["not_rule_member"] = 1.0
        f["p_org"] = org_p[e]
        f["n_cands=" + str(min(n, 5))] = 1.0
        f["org_type=" + ro.orgs[e].org_type] = 1.0
        f["kind=" + kind] = 1.0
        if order and order[0] == e:
            f["first_named"] = 1.0
        rows.append((e, f))
    return rows


def _ruled_out(ev, ro: RuleOutput) -> set[int]:
    """Organisations that the agreement's evidence names only as witnesses or as the
    object of a purpose clause (events.non_parties): the member model adds none of them
    to the rules' parties."""
    named: set[int] = set()
    barred: set[int] = set()
    for s in evidence_sents(ev, ro):
        out = non_parties(mask_spans(s.text, s.spans))
        for i, e in enumerate(s.entities):
            (barred if i in out else named).add(e)
    return barred - named


def with_members(kind: str, ev, ro: RuleOutput, models: Models, org_p: list[float],
                 keep_org: list[bool]):
    """`ev` with its members chosen by the member model among the rules' members and
    the organisations its evidence names (the rules' choice without a model)."""
    model = getattr(models, kind + "_member")
    if model is None:
        return ev
    roles = {m.entity: m.role for m in _members_of(kind, ev)}
    t = models.t(kind + "_member")
    barred = _ruled_out(ev, ro) if kind == "agreement" else set()
    if kind == "agreement" and signed_by_people(ev.evidence):
        barred = set(range(len(ro.orgs)))  # "the two ministers signed": the rules' ministries
    chosen = [Member(e, roles.get(e, DEFAULT_ROLE[kind])) for e, f in member_rows(kind, ev, ro, org_p)
              if keep_org[e] and model.p_true(f) >= t and (e in roles or e not in barred)]
    if not chosen:
        return ev
    field_name = "parties" if kind == "agreement" else "participants"
    return replace(ev, **{field_name: chosen})
