"""Reference registry of well-known organisations of the field (parks, clusters, agencies...).

The data file is ``pipeline/data/registry.csv``: one row per organisation, hand-built from
general knowledge of the field (never from evaluation articles). Columns:

    registry_id    stable slug "<iso2 lower>-<name>" or "int-<name>" for bodies with no
                   single country (intergovernmental, international associations)
    name           canonical English name (globally unambiguous)
    aliases        ";"-joined other names: abbreviations, short forms, native names, former
                   names. Globally unambiguous: no alias key (pipeline.reference.names.org_key) names
                   two entries, and no generic bare name ("Technopark", "IT Park") is used.
    local_aliases  ";"-joined names that are ambiguous worldwide but unambiguous inside the
                   entry's own country ("High Technology Park", "HTP" for Kyrgyzstan's park,
                   "Ministry of Digital Development"). They match only when the caller knows
                   the country and it is the entry's country.
    org_type       data-contract enum (pipeline.models.ORG_TYPES)
    country        ISO 3166-1 alpha-2, empty for "int-" entries
    city           seat, when known
    wikidata_id    Q-number, only when certain; else empty

Matching is exact on org_key() ("High Tech Park" == "High Technology Park", case and
diacritics ignored). All-capital acronym aliases ("OTS", "HTP") only match input written in
capitals, so "its" never resolves to an "ITS".
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series
from unidecode import unidecode

from pipeline.reference import geo
from pipeline.models import ORG_TYPES
from pipeline.reference.names import is_acronym, org_key

__all__ = [
    "REGISTRY_PATH", "RegistrySchema", "RegistryEntry", "Registry", "default_registry",
    "GENERIC_KEYS", "FORBIDDEN_KEYS", "load_registry_frame", "load_registry_frame_marked",
    "validated_marks_dir",
]

REGISTRY_PATH = Path(__file__).resolve().parent.parent / "data" / "registry.csv"

ID_PATTERN = r"^[a-z]{2,4}-[a-z0-9]+(?:-[a-z0-9]+)*$"
COLUMNS = ["registry_id", "name", "aliases", "local_aliases", "org_type", "country", "city",
           "wikidata_id"]

# Bare generic names that must never be an alias of one specific organisation, not even
# a country-local one.
_FORBIDDEN = [
    "Technopark", "Technoparks", "Technopolis", "Tech Park", "Technology Park", "IT Park",
    "IT Technopark", "Science Park", "Science and Technology Park", "Research Park",
    "Innovation Park", "Innovation Agency", "Innovation Hub", "Innovation Center",
    "Technology Hub", "Tech Hub", "Digital Hub", "Startup Hub", "Hub", "Incubator",
    "Business Incubator", "Accelerator", "IT Cluster", "ICT Cluster", "Cluster", "Ministry",
    "Ministry of Foreign Affairs", "Foreign Ministry", "Embassy", "Government", "Agency",
    "University", "State University", "Technical University", "National University",
    "Academy of Sciences", "Chamber of Commerce", "Chamber of Commerce and Industry",
    "Development Bank", "Development Agency", "Investment Agency", "Teknopark", "Teknokent",
    "Technology Development Zone", "Special Economic Zone", "Free Economic Zone",
    "IT Academy", "Park", "Valley", "Tech Valley", "Silicon Valley", "Fund", "Venture Fund",
    "Foundation", "Association", "Council", "Commission", "Secretariat", "Bank",
    "Research Institute", "Innovation Centre", "Coworking", "Digital Agency",
]
# Names shared by institutions of several countries: allowed only as local aliases.
_GENERIC = _FORBIDDEN + [
    "High Technology Park", "Hi-Tech Park", "High Technologies Park", "HTP",
    "National Innovation Agency", "Ministry of Digital Development",
    "Ministry of Science and Technology", "Ministry of Economy", "Ministry of Education",
    "Ministry of Finance", "Ministry of Industry and Trade", "Ministry of Communications",
    "Ministry of Information and Communications", "Ministry of Economic Development",
    "Ministry of Communications and Information Technology", "Ministry of Digital Affairs",
    "Ministry of Digital Transformation", "Ministry of Innovation", "Ministry of Investment",
    "Ministry of Science and Higher Education", "Ministry of Higher Education",
    "Ministry of Industry and Technology", "Ministry of Science and ICT",
    "Ministry of Digital Economy", "Ministry of ICT", "Department of Science and Technology",
    "Department of Commerce", "National Academy of Sciences", "Polytechnic University",
    "National Technical University", "University of Technology", "Higher School of Economics",
    "National Research University", "Investment Fund", "Innovation Fund", "Startup Fund",
    "National Investment Agency", "Export Promotion Agency", "Trade Promotion Agency",
    "Information Technology Park", "Software Technology Park", "Cyberpark", "Infopark",
    "Digital Technologies Ministry", "State Committee for Science and Technology",
    "Economic Development Board", "Board of Investment", "National Incubation Center",
    "Innovation and Technology Agency", "Technology Innovation Agency",
]
FORBIDDEN_KEYS: frozenset[str] = frozenset(org_key(x) for x in _FORBIDDEN)
GENERIC_KEYS: frozenset[str] = frozenset(org_key(x) for x in _GENERIC)


def _split(cell) -> list[str]:
    if cell is None or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [p.strip() for p in str(cell).split(";") if p.strip()]


def _global_surfaces(row) -> list[str]:
    return [row["name"], *_split(row["aliases"])]


# --------------------------------------------------------------------------- schema


class RegistrySchema(pa.DataFrameModel):
    """Schema of pipeline/data/registry.csv (one row per organisation)."""

    registry_id: Series[str] = pa.Field(unique=True, str_matches=ID_PATTERN)
    name: Series[str] = pa.Field(str_length={"min_value": 2, "max_value": 200})
    aliases: Series[str] = pa.Field(nullable=True)
    local_aliases: Series[str] = pa.Field(nullable=True)
    org_type: Series[str] = pa.Field(isin=list(ORG_TYPES))
    country: Series[str] = pa.Field(nullable=True, str_matches=r"^[A-Z]{2}$")
    city: Series[str] = pa.Field(nullable=True)
    wikidata_id: Series[str] = pa.Field(nullable=True, str_matches=r"^Q[1-9][0-9]*$")

    class Config:
        strict = True
        coerce = True
        ordered = True

    @pa.check("country", name="iso_country_code")
    def _iso_country(cls, s: Series[str]) -> Series[bool]:
        return s.isna() | s.map(lambda c: geo.is_country_code(c) if isinstance(c, str) else True)

    @pa.check("name", "aliases", "local_aliases", "city", name="trimmed_text")
    def _trimmed(cls, s: Series[str]) -> Series[bool]:
        return s.isna() | s.map(lambda v: not isinstance(v, str) or (v == v.strip() and "  " not in v
                                                                     and "\n" not in v))

    @pa.dataframe_check(name="id_prefix_matches_country")
    def _prefix(cls, df: pd.DataFrame) -> Series[bool]:
        prefix = df["registry_id"].str.split("-", n=1).str[0]
        national = df["country"].notna() & (prefix == df["country"].str.lower())
        international = df["country"].isna() & (prefix == "int")
        return national | international

    @pa.dataframe_check(name="intergovernmental_has_no_country")
    def _igo(cls, df: pd.DataFrame) -> Series[bool]:
        return (df["org_type"] != "intergovernmental_organisation") | df["country"].isna()

    @pa.dataframe_check(name="local_aliases_need_country")
    def _local_country(cls, df: pd.DataFrame) -> Series[bool]:
        return df["local_aliases"].isna() | df["country"].notna()

    @pa.dataframe_check(name="no_generic_global_alias")
    def _no_generic(cls, df: pd.DataFrame) -> Series[bool]:
        return df.apply(lambda r: all(_global_key(a) not in GENERIC_KEYS for a in _global_surfaces(r)),
                        axis=1)

    @pa.dataframe_check(name="no_forbidden_local_alias")
    def _no_forbidden(cls, df: pd.DataFrame) -> Series[bool]:
        return df["local_aliases"].map(
            lambda v: all(_global_key(a) not in FORBIDDEN_KEYS for a in _split(v)))

    @pa.dataframe_check(name="aliases_have_a_key")
    def _non_empty_keys(cls, df: pd.DataFrame) -> Series[bool]:
        return df.apply(lambda r: all(_global_key(a) for a in _global_surfaces(r) + _split(r["local_aliases"])),
                        axis=1)

    @pa.dataframe_check(name="global_alias_unique_across_entries")
    def _unique_global(cls, df: pd.DataFrame) -> Series[bool]:
        owners: dict[str, set[str]] = {}
        for _, r in df.iterrows():
            for a in _global_surfaces(r):
                owners.setdefault(_global_key(a), set()).add(r["registry_id"])
        return df.apply(lambda r: all(len(owners[_global_key(a)]) == 1 for a in _global_surfaces(r)),
                        axis=1)

    @pa.dataframe_check(name="local_alias_unique_within_country")
    def _unique_local(cls, df: pd.DataFrame) -> Series[bool]:
        owners: dict[tuple[str, str], set[str]] = {}
        glob: dict[str, set[str]] = {}
        country_of = dict(zip(df["registry_id"], df["country"]))
        for _, r in df.iterrows():
            for a in _global_surfaces(r):
                glob.setdefault(_global_key(a), set()).add(r["registry_id"])
            for a in _split(r["local_aliases"]):
                owners.setdefault((_global_key(a), r["country"]), set()).add(r["registry_id"])

        def ok(r) -> bool:
            for a in _split(r["local_aliases"]):
                k = _global_key(a)
                if len(owners[(k, r["country"])]) != 1:
                    return False
                # must not shadow another entry of the same country that owns it globally
                if any(country_of.get(o) == r["country"] for o in glob.get(k, set()) - {r["registry_id"]}):
                    return False
            return True

        return df.apply(ok, axis=1)


def _global_key(surface: str) -> str:
    """Index key of a registry surface: org_key without dropping a possessor."""
    return org_key(surface, strip_possessor=False)


def _read_registry_frame(data: bytes) -> pd.DataFrame:
    import io

    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    df = df.apply(lambda s: s.str.strip() if s.dtype == object else s)
    return df.replace({"": None})


def load_registry_frame(path: str | Path | None = None) -> pd.DataFrame:
    """Read and validate the registry file; raises pandera SchemaErrors when invalid."""
    p = Path(path) if path else REGISTRY_PATH
    return RegistrySchema.validate(_read_registry_frame(p.read_bytes()), lazy=True)


# Validating the registry with pandera costs about a second of every run's resolve step
# (more with the first use of pandera's checks in the process). A registry file that
# passed is remembered by a digest of its bytes and of everything its validity depends on
# (the schema and the modules its checks call, pandera's and pandas' versions), as an
# empty file named by that digest in validated_marks_dir(); a file with that digest is not
# validated again. Any change to the file or to that code is a new digest: validated.
def validated_marks_dir() -> Path:
    """Where the marks live: PIPELINE_REGISTRY_MARKS, else <XDG cache>/techbridges/registry-validated."""
    if os.environ.get("PIPELINE_REGISTRY_MARKS"):
        return Path(os.environ["PIPELINE_REGISTRY_MARKS"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "techbridges" / "registry-validated"


_VALIDITY_SOURCES = ("registry.py", "geo.py", "names.py")


@lru_cache(maxsize=1)
def _validator_digest() -> str:
    import pandera

    import pipeline.models as models

    h = hashlib.sha256(b"registry-validated-v1\n")
    here = Path(__file__).resolve().parent
    for f in [*(here / n for n in _VALIDITY_SOURCES), Path(models.__file__)]:
        h.update(f.read_bytes())
    h.update(f"{pandera.__version__}|{pd.__version__}".encode())
    return h.hexdigest()


def _mark_name(data: bytes) -> str:
    return hashlib.sha256(_validator_digest().encode() + hashlib.sha256(data).digest()).hexdigest()


def load_registry_frame_marked(data: bytes, marks: Path | None) -> pd.DataFrame:
    """The registry frame of the file's bytes `data`: validated as load_registry_frame
    does unless a mark in `marks` says these bytes passed that validation before (then
    only read); a file that passes is marked. A mark that cannot be written or read
    costs the validation, nothing else."""
    df = _read_registry_frame(data)
    mark = marks / _mark_name(data) if marks is not None else None
    if mark is not None and mark.is_file():
        return df
    df = RegistrySchema.validate(df, lazy=True)
    if mark is not None:
        try:
            mark.parent.mkdir(parents=True, exist_ok=True)
            mark.touch()
        except OSError:
            pass
    return df


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class RegistryEntry:
    registry_id: str
    name: str
    aliases: tuple[str, ...]
    org_type: str
    country: str | None
    city: str | None
    wikidata_id: str | None
    local_aliases: tuple[str, ...] = ()

    @property
    def all_names(self) -> tuple[str, ...]:
        """Name, aliases and local aliases, in that order."""
        return (self.name, *self.aliases, *self.local_aliases)


_POSSESSOR = re.compile(r"^\s*(?:the\s+)?(.+?)['\u2019]s?\s+(.+)$", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
_OF_COUNTRY = re.compile(r"^(.+)\s+(?:of|in)\s+(?:the\s+)?(.+?)$", re.IGNORECASE)


def _place_code(text: str) -> str | None:
    text = text.strip()
    if not text or geo.is_region(text):
        return None
    return geo.country_code(text) or geo.demonym_country(text)


def _country_hints(name: str) -> list[tuple[str, str]]:
    """(country, rest of the name) pairs read from the name itself.

    "Kyrgyzstan's High Technology Park" -> ("KG", "High Technology Park"); "Hi-Tech Park
    (Belarus)" -> ("BY", "Hi-Tech Park"); "Belarusian Hi-Tech Park" -> ("BY", "Hi-Tech Park");
    "High Technology Park of Kyrgyzstan" -> ("KG", "High Technology Park").
    """
    out: list[tuple[str, str]] = []
    s = name.strip()
    m = _TRAILING_PAREN.match(s)
    if m and (c := _place_code(m.group(2))):
        out.append((c, m.group(1)))
        s = m.group(1)
    m = _POSSESSOR.match(s)
    if m and (c := _place_code(m.group(1))):
        out.append((c, m.group(2)))
    m = _OF_COUNTRY.match(s)
    if m and (c := geo.country_code(m.group(2))):
        out.append((c, m.group(1)))
    words = s.split()
    for n in (1, 2, 3):  # leading country or demonym: "Belarusian", "South Korean", "Kyrgyz Republic"
        if len(words) > n and (c := _place_code(" ".join(words[:n]))):
            out.append((c, " ".join(words[n:])))
    for n in (1, 2, 3):  # trailing country: "Hi-Tech Park Belarus"
        if len(words) > n and (c := geo.country_code(" ".join(words[-n:]))):
            out.append((c, " ".join(words[:-n])))
    return out


class Registry:
    """In-memory index of the reference registry. Build with Registry.load()."""

    def __init__(self, entries: list[RegistryEntry], version: str, path: Path | None = None):
        self._entries = tuple(entries)
        self.version = version
        self.path = path
        self._by_id = {e.registry_id: e for e in self._entries}
        self._global: dict[str, RegistryEntry] = {}
        self._local: dict[tuple[str, str], RegistryEntry] = {}
        self._acr: dict[str, RegistryEntry] = {}
        self._local_acr: dict[tuple[str, str], RegistryEntry] = {}
        self._derived: dict[str, tuple[RegistryEntry, ...]] = {}
        for e in self._entries:
            for s in (e.name, *e.aliases):
                k = _global_key(s)
                if is_acronym(s):
                    self._acr.setdefault(k, e)
                else:
                    self._global.setdefault(k, e)
            for s in e.local_aliases:
                if e.country is None:
                    continue
                k = _global_key(s)
                if is_acronym(s):
                    self._local_acr.setdefault((k, e.country), e)
                else:
                    self._local.setdefault((k, e.country), e)

    # ------------------------------------------------------------------ construction

    @classmethod
    def load(cls, path: str | Path | None = None, marks: Path | None = None) -> "Registry":
        """Read and validate a registry file (default: pipeline/data/registry.csv).
        `marks`: a folder of validation marks (load_registry_frame_marked): bytes
        validated before are not validated again."""
        p = Path(path) if path else REGISTRY_PATH
        raw = p.read_bytes()
        version = hashlib.sha256(raw).hexdigest()
        df = load_registry_frame_marked(raw, marks)
        entries = [
            RegistryEntry(
                registry_id=r["registry_id"], name=r["name"], aliases=tuple(_split(r["aliases"])),
                org_type=r["org_type"], country=r["country"] or None, city=r["city"] or None,
                wikidata_id=r["wikidata_id"] or None, local_aliases=tuple(_split(r["local_aliases"])),
            )
            for r in df.to_dict("records")
        ]
        return cls(entries, version, p)

    # ------------------------------------------------------------------ access

    @property
    def entries(self) -> tuple[RegistryEntry, ...]:
        return self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self):
        return iter(self._entries)

    def __contains__(self, registry_id: object) -> bool:
        return registry_id in self._by_id

    def get(self, registry_id: str) -> RegistryEntry | None:
        return self._by_id.get(registry_id)

    # ------------------------------------------------------------------ lookups

    @staticmethod
    def _compatible(e: RegistryEntry, country: str | None) -> bool:
        return country is None or e.country is None or e.country == country

    def lookup(self, name: str, country: str | None = None) -> RegistryEntry | None:
        """The entry whose name or alias equals `name` after org_key(), or None.

        `country` (ISO2), when given, is a guard: an entry of another country never matches,
        and it enables the entry's local aliases ("HTP", "High Technology Park" in KG).
        A country named inside `name` ("Kyrgyzstan's ...", "... (Belarus)", "Belarusian
        ...") works the same way; when it contradicts `country`, nothing matches.
        """
        if not name or not name.strip():
            return None
        s = name.strip()
        if is_acronym(s):
            return self.lookup_acronym(s, country)
        country = country.upper() if country else None
        full = _global_key(s)
        if not full or full in FORBIDDEN_KEYS:
            return None
        # 1. country given: its local aliases first ("HTP", "High Technology Park" in KG)
        if country is not None:
            hit = self._local.get((full, country)) or self._local.get((org_key(s), country))
            if hit is not None:
                return hit
        # 2. the exact full form, when it is global ("Latvian IT Cluster", "IT Park Uzbekistan")
        e = self._global.get(full)
        if e is not None and self._compatible(e, country):
            return e
        # 3. a country read from the name itself
        for hint, rest in _country_hints(s):
            if country is not None and hint != country:
                continue
            k = _global_key(rest)
            if not k or k in FORBIDDEN_KEYS:
                continue
            hit = self._local.get((k, hint))
            if hit is None and is_acronym(rest.strip()):
                hit = self._local_acr.get((k, hint)) or self._acr.get(k)
            if hit is None:
                hit = self._global.get(k)
            if hit is not None and hit.country == hint:  # the name says whose it is
                return hit
        # 4. the name without a possessor ("Uzbekistan's IT Park Uzbekistan" -> global form)
        k = org_key(s)
        if k != full and k not in FORBIDDEN_KEYS:
            e = self._global.get(k)
            if e is not None and self._compatible(e, country):
                return e
        return None

    def lookup_acronym(self, acr: str, country: str | None = None,
                       derived: bool = False) -> RegistryEntry | None:
        """Entry with the acronym `acr` ("OTS", "HTP") as an alias; local acronyms need `country`.

        With derived=True, also the initials of entry names (acronym() of the name) when
        exactly one entry has them.
        """
        if not acr or not acr.strip():
            return None
        country = country.upper() if country else None
        k = _global_key(acr.strip())
        if not k:
            return None
        if country is not None:
            hit = self._local_acr.get((k, country))
            if hit is not None:
                return hit
        e = self._acr.get(k)
        if e is not None and self._compatible(e, country):
            return e
        # a one-word name written in capitals ("SKOLKOVO", "IMEC")
        if country is not None:
            hit = self._local.get((k, country))
            if hit is not None:
                return hit
        e = self._global.get(k)
        if e is not None and self._compatible(e, country):
            return e
        if derived:
            cands = [c for c in self._derived_acronyms().get(acr.strip().upper(), ())
                     if self._compatible(c, country)]
            if len(cands) == 1:
                return cands[0]
        return None

    def _derived_acronyms(self) -> dict[str, tuple[RegistryEntry, ...]]:
        if not self._derived:
            from pipeline.reference.names import acronym

            d: dict[str, list[RegistryEntry]] = {}
            for e in self._entries:
                a = acronym(e.name)
                if len(a) >= 3:
                    d.setdefault(a, []).append(e)
            self._derived = {k: tuple(v) for k, v in d.items()}
        return self._derived

    # ------------------------------------------------------------------ gazetteer

    def phrase_patterns(self, include_local: bool = False) -> list[tuple[str, str]]:
        """(surface, registry_id) pairs for a spaCy PhraseMatcher.

        Names and global aliases as written, plus their de-accented forms ("Bilişim Vadisi"
        -> "Bilisim Vadisi"). Local aliases are ambiguous outside their country and are left
        out unless include_local=True (then one surface may map to several ids).

        Match all-capital acronym surfaces (pipeline.reference.names.is_acronym: "OTS", "WHO", "EU")
        case-sensitively (attr ORTH); match the rest case-insensitively (attr LOWER).
        """
        out: set[tuple[str, str]] = set()
        for e in self._entries:
            surfaces = [e.name, *e.aliases]
            if include_local:
                surfaces += list(e.local_aliases)
            for s in surfaces:
                out.add((s, e.registry_id))
                plain = unidecode(s.replace("\u0131", "i").replace("\u0130", "I"))
                if plain != s and plain.strip():
                    out.add((plain, e.registry_id))
        return sorted(out)


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The registry of pipeline/data/registry.csv, loaded once per process; validated
    unless the same bytes passed the same validation before (validated_marks_dir)."""
    return Registry.load(marks=validated_marks_dir())
