"""Plain data records passed between the pipeline's stages.

No Dagster and no pandas here: these are what the pure functions of each stage take
and return, so tests can call every stage without an orchestrator.

Flow:  raw file --ingest--> Article (+ Reject) --extract--> ArticleExtraction
       --resolve--> tables (pandas DataFrames named as in DATA_CONTRACT.md) --publish--> release
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

# Enum values of the data contract, in one place for the language work.
ORG_TYPES = (
    "technology_park", "incubator_accelerator", "it_cluster", "association",
    "government_body", "intergovernmental_organisation", "company", "academic",
    "investor", "other",
)
AGREEMENT_TYPES = (
    "memorandum_of_understanding", "cooperation_agreement", "grant_agreement",
    "letter_of_intent", "contract", "other",
)
AGREEMENT_STATUSES = ("signed", "planned")
AGREEMENT_ROLES = ("party", "funder", "witness")
ENGAGEMENT_TYPES = ("visit", "meeting", "forum", "exhibition", "workshop", "programme", "other")
ENGAGEMENT_STATUSES = ("occurred", "planned")
ENGAGEMENT_ROLES = ("host", "visitor", "organiser", "participant", "funder")
# The candidate rules that can produce a published mention (pipeline/extract/
# org_candidates.py), "span_model": a name read by the learned span model (pipeline/learn/
# span.py), plus "sweep": a further occurrence of a name already found.
MENTION_RULES = ("head", "ent", "list", "acr", "minister", "government", "registry", "company",
                 "anaphor", "span_model", "sweep", "acr_place")
REJECT_STAGES = ("ingest", "extract", "validate")


@dataclass(frozen=True)
class Reject:
    """A file (or a line of a .jsonl file) that could not be used, and why."""

    source_path: str          # relative to the raw folder, "/"-separated ("a.jsonl#L3" for a line)
    sha256: str | None        # of the raw bytes, when they could be read
    stage: str                # one of REJECT_STAGES
    reason: str               # stable code: unsupported_type, undecodable, empty, too_large, ...
    message: str              # what a person needs to do to fix it


@dataclass
class Article:
    """One cleaned article. `body` is the text all character offsets refer to."""

    article_id: str           # first 16 hex digits of sha256
    sha256: str               # of the raw bytes (of the line, for .jsonl)
    source_path: str
    title: str | None
    published_date: dt.date | None
    publisher: str | None
    url: str | None
    language: str             # ISO 639-1
    body: str                 # cleaned body text (furniture removed, Unicode repaired)
    word_count: int
    duplicate_of: str | None = None


# ---------------------------------------------------------------- extraction output
# Everything below is local to one article; `entity` fields index
# ArticleExtraction.organisations. Cross-article ids are minted by resolve.


@dataclass
class LocalOrg:
    """An organisation as one article knows it (all its mentions merged)."""

    name: str                          # the fullest proper name the article uses
    aliases: list[str] = field(default_factory=list)  # every other surface form, acronyms included
    org_type: str = "other"            # one of ORG_TYPES
    country: str | None = None         # ISO 3166-1 alpha-2
    city: str | None = None
    registry_id: str | None = None     # id in the reference registry, when matched
    confidence: float | None = None    # org_keep model's keep probability; None: rules alone


@dataclass
class OrgMention:
    entity: int                        # index into ArticleExtraction.organisations
    surface: str                       # text exactly as in Article.body[char_start:char_end]
    char_start: int
    char_end: int
    # Which rule found it (MENTION_RULES); the default keeps old callers and caches valid.
    rule: str = "head"


@dataclass
class Member:
    entity: int                        # index into ArticleExtraction.organisations
    role: str                          # AGREEMENT_ROLES or ENGAGEMENT_ROLES


@dataclass
class LocalAgreement:
    agreement_type: str
    status: str
    parties: list[Member]
    evidence: str                      # the sentence(s) it was read from
    title: str | None = None
    signed_date: dt.date | None = None
    location_city: str | None = None
    location_country: str | None = None
    event_name: str | None = None
    confidence: float | None = None    # agreement_keep model's probability; None: rules alone


@dataclass
class LocalEngagement:
    engagement_type: str
    status: str
    participants: list[Member]
    evidence: str
    title: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    location_city: str | None = None
    location_country: str | None = None
    confidence: float | None = None    # engagement_keep model's probability; None: rules alone


@dataclass
class ArticleExtraction:
    """What the extractor read from one article. JSON-serialisable for the cache."""

    article_id: str
    extractor_version: str
    organisations: list[LocalOrg] = field(default_factory=list)
    mentions: list[OrgMention] = field(default_factory=list)
    agreements: list[LocalAgreement] = field(default_factory=list)
    engagements: list[LocalEngagement] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), default=_json_default, sort_keys=True,
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "ArticleExtraction":
        d = json.loads(text)
        return cls(
            article_id=d["article_id"],
            extractor_version=d["extractor_version"],
            organisations=[LocalOrg(**o) for o in d["organisations"]],
            mentions=[OrgMention(**m) for m in d["mentions"]],
            agreements=[AGREEMENT.from_dict(a) for a in d["agreements"]],
            engagements=[ENGAGEMENT.from_dict(e) for e in d["engagements"]],
        )


def _json_default(v: Any) -> Any:
    if isinstance(v, dt.date):
        return v.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(v).__name__}")


def _date(v: str | None) -> dt.date | None:
    return dt.date.fromisoformat(v) if v else None


def _event(kind: "EventKind", d: dict) -> Any:
    d = dict(d, **{kind.member_field: [Member(**m) for m in d[kind.member_field]]},
             **{f: _date(d[f]) for f in kind.date_fields})
    return kind.record(**d)


@dataclass(frozen=True)
class EventKind:
    """Everything that differs between agreements and engagements, for the stages that
    treat both alike (reading the cache, resolving across articles, the tables)."""

    name: str                          # "agreement": table `<name>s`, id column `<name>_id`
    record: type                       # the per-article record
    member_field: str                  # its list of Member
    date_fields: tuple[str, ...]       # its dates; the first is the one reports are matched on
    role_order: tuple[str, ...]        # roles, strongest first: an org keeps its strongest role
    done_status: str                   # the status that wins over "planned" when reports merge
    id_prefix: str
    list_column: str                   # the column listing member org ids
    first_fields: tuple[str, ...] = ()  # texts taken from the first report that has one
    # Reports of one event are compatible when their types are equal, both "soft" (named
    # differently by different outlets), or one is the wildcard (says nothing).
    soft_types: frozenset[str] = frozenset()
    wildcard_type: str | None = None

    @property
    def type_field(self) -> str:
        return f"{self.name}_type"

    @property
    def id_column(self) -> str:
        return f"{self.name}_id"

    def types_compatible(self, a: str, b: str) -> bool:
        return a == b or (a in self.soft_types and b in self.soft_types) or self.wildcard_type in (a, b)

    def from_dict(self, d: dict) -> Any:
        return _event(self, d)


AGREEMENT = EventKind(
    name="agreement", record=LocalAgreement, member_field="parties", date_fields=("signed_date",),
    role_order=("party", "funder", "witness"), done_status="signed", id_prefix="agr_",
    list_column="party_org_ids", first_fields=("event_name",),
    # outlets name one document differently ("memorandum" / "cooperation agreement")
    soft_types=frozenset({"memorandum_of_understanding", "cooperation_agreement", "other"}))
ENGAGEMENT = EventKind(
    name="engagement", record=LocalEngagement, member_field="participants",
    date_fields=("start_date", "end_date"),
    role_order=("host", "visitor", "organiser", "funder", "participant"), done_status="occurred",
    id_prefix="eng_", list_column="participant_org_ids", wildcard_type="other")
EVENT_KINDS = (AGREEMENT, ENGAGEMENT)
assert set(AGREEMENT.role_order) == set(AGREEMENT_ROLES)
assert set(ENGAGEMENT.role_order) == set(ENGAGEMENT_ROLES)
