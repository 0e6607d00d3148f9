"""Reference registry: schema of the data file and lookups."""
import csv
import hashlib
from collections import Counter

import pandera.errors
import pytest

from pipeline.reference import geo
from pipeline.models import ORG_TYPES
from pipeline.reference.names import org_key
from pipeline.reference.registry import (
    REGISTRY_PATH, Registry, RegistryEntry, RegistrySchema, default_registry, load_registry_frame,
)


@pytest.fixture(scope="module")
def reg() -> Registry:
    return default_registry()


# --------------------------------------------------------------------------- data file


def test_data_file_validates():
    df = load_registry_frame()
    assert len(df) >= 400
    assert list(df.columns) == list(RegistrySchema.to_schema().columns)
    assert df["registry_id"].is_unique
    assert set(df["org_type"]) <= set(ORG_TYPES)


def test_coverage_by_region(reg):
    countries = Counter(e.country for e in reg.entries)
    for iso in ["KZ", "UZ", "KG", "TJ", "TM", "AZ", "GE", "AM", "TR", "RU", "BY", "UA", "LV",
                "EE", "LT", "FI", "SE", "DE", "FR", "GB", "PL", "IL", "AE", "SA", "EG", "IN",
                "CN", "KR", "JP", "MY", "SG", "VN", "KE", "NG", "ZA", "US", "CA", "BR"]:
        assert countries[iso] >= 2, iso
    assert countries[None] >= 60  # intergovernmental and international bodies
    types = Counter(e.org_type for e in reg.entries)
    assert types["technology_park"] >= 80
    assert types["intergovernmental_organisation"] >= 60


def test_entries_are_consistent(reg):
    for e in reg.entries:
        assert isinstance(e, RegistryEntry)
        if e.country is None:
            assert e.registry_id.startswith("int-")
        else:
            assert geo.is_country_code(e.country)
            assert e.registry_id.startswith(e.country.lower() + "-")
        if e.org_type == "intergovernmental_organisation":
            assert e.country is None
        assert all(";" not in a for a in e.aliases + e.local_aliases)


def test_no_global_alias_names_two_entries(reg):
    owners: dict[str, set[str]] = {}
    for e in reg.entries:
        for s in (e.name, *e.aliases):
            owners.setdefault(org_key(s, strip_possessor=False), set()).add(e.registry_id)
    clashes = {k: v for k, v in owners.items() if len(v) > 1}
    assert not clashes


def test_version_is_sha256_of_file(reg):
    assert reg.version == hashlib.sha256(REGISTRY_PATH.read_bytes()).hexdigest()


def test_default_registry_is_cached():
    assert default_registry() is default_registry()


# --------------------------------------------------------------------------- schema rejects


def _write(tmp_path, rows):
    path = tmp_path / "registry.csv"
    cols = ["registry_id", "name", "aliases", "local_aliases", "org_type", "country", "city",
            "wikidata_id"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in cols})
    return path


GOOD = [
    {"registry_id": "kg-high-technology-park", "name": "High Technology Park of the Kyrgyz Republic",
     "aliases": "Hi-Tech Park of Kyrgyzstan", "local_aliases": "High Technology Park;HTP",
     "org_type": "technology_park", "country": "KG", "city": "Bishkek"},
    {"registry_id": "int-ots", "name": "Organization of Turkic States", "aliases": "OTS",
     "org_type": "intergovernmental_organisation"},
]


def test_small_good_file_loads(tmp_path):
    r = Registry.load(_write(tmp_path, GOOD))
    assert len(r) == 2
    assert r.lookup("HTP", "KG").registry_id == "kg-high-technology-park"


@pytest.mark.parametrize("bad", [
    {"registry_id": "KG_bad id", "name": "X Park", "org_type": "technology_park", "country": "KG"},
    {"registry_id": "kg-x", "name": "X Park", "org_type": "park", "country": "KG"},
    {"registry_id": "kg-x", "name": "X Park", "org_type": "technology_park", "country": "ZZ"},
    {"registry_id": "kz-x", "name": "X Park", "org_type": "technology_park", "country": "KG"},
    {"registry_id": "int-x", "name": "X Park", "org_type": "technology_park", "country": "KG"},
    {"registry_id": "kg-x", "name": "X Org", "org_type": "intergovernmental_organisation",
     "country": "KG"},
    {"registry_id": "kg-x", "name": "X Park", "aliases": "Technopark",
     "org_type": "technology_park", "country": "KG"},
    {"registry_id": "kg-x", "name": "X Park", "aliases": "IT Park", "org_type": "technology_park",
     "country": "KG"},
    {"registry_id": "kg-x", "name": "X Park", "local_aliases": "IT Park",
     "org_type": "technology_park", "country": "KG"},
    {"registry_id": "kg-x", "name": "X Agency", "aliases": "Innovation Agency",
     "org_type": "government_body", "country": "KG"},
    {"registry_id": "uz-x", "name": "X Agency", "aliases": "Hi-Tech Park",
     "org_type": "government_body", "country": "UZ"},
    {"registry_id": "int-x", "name": "X Org", "local_aliases": "XO",
     "org_type": "intergovernmental_organisation"},
    # alias already used by another entry (after org_key: "Tech" == "Technology")
    {"registry_id": "by-x", "name": "X Park", "aliases": "Hi-Tech Park of Kyrgyzstan",
     "org_type": "technology_park", "country": "BY"},
    # local alias clashing with a local alias of the same country
    {"registry_id": "kg-x", "name": "X Park", "local_aliases": "HTP",
     "org_type": "technology_park", "country": "KG"},
    {"registry_id": "kg-x", "name": "X Park", "org_type": "technology_park", "country": "KG",
     "wikidata_id": "Q12x"},
    {"registry_id": "kg-high-technology-park", "name": "Other Park", "org_type": "technology_park",
     "country": "KG"},
])
def test_schema_rejects(tmp_path, bad):
    with pytest.raises(pandera.errors.SchemaErrors):
        Registry.load(_write(tmp_path, GOOD + [bad]))


def test_same_local_alias_in_two_countries_is_fine(tmp_path):
    other = {"registry_id": "by-hi-tech-park", "name": "Belarus Hi-Tech Park",
             "local_aliases": "Hi-Tech Park;HTP", "org_type": "technology_park", "country": "BY"}
    r = Registry.load(_write(tmp_path, GOOD + [other]))
    assert r.lookup("HTP", "BY").registry_id == "by-hi-tech-park"
    assert r.lookup("HTP", "KG").registry_id == "kg-high-technology-park"
    assert r.lookup("HTP") is None


# --------------------------------------------------------------------------- lookups


@pytest.mark.parametrize("name,country,rid", [
    ("Astana Hub", None, "kz-astana-hub"),
    ("astana hub", None, "kz-astana-hub"),
    ("ASTANA HUB", "KZ", "kz-astana-hub"),
    ("IT Park Uzbekistan", None, "uz-it-park"),
    ("IT-Park Uzbekistan", "UZ", "uz-it-park"),
    ("Latvian IT Cluster", None, "lv-latvian-it-cluster"),
    ("Organization of Turkic States", None, "int-ots"),
    ("Organisation of Turkic States", "KG", "int-ots"),
    ("the Organization of Turkic States", None, "int-ots"),
    ("Turkic Council", None, "int-ots"),
    ("Bilişim Vadisi", None, "tr-bilisim-vadisi"),
    ("Bilisim Vadisi", "TR", "tr-bilisim-vadisi"),
    ("BİLİŞİM VADİSİ", None, "tr-bilisim-vadisi"),
    ("Informatics Valley", None, "tr-bilisim-vadisi"),
    ("ODTU Teknokent", None, "tr-odtu-teknokent"),
    ("METU Technopark", None, "tr-odtu-teknokent"),
    ("METU Tech Park", None, "tr-odtu-teknokent"),
    ("ITU ARI Teknokent", None, "tr-itu-ari-teknokent"),
    ("Teknopark Istanbul", None, "tr-teknopark-istanbul"),
    ("Bilkent Cyberpark", None, "tr-bilkent-cyberpark"),
    ("Skolkovo", None, "ru-skolkovo"),
    ("Skolkovo Innovation Centre", None, "ru-skolkovo"),
    ("Tehnopol", None, "ee-tehnopol"),
    ("Technopark Trivandrum", None, "in-technopark-trivandrum"),
    ("Tech Park Trivandrum", None, "in-technopark-trivandrum"),
    ("Zhongguancun", None, "cn-zhongguancun"),
    ("Hsinchu Science Park", None, "tw-hsinchu-science-park"),
    ("Daedeok Innopolis", None, "kr-daedeok-innopolis"),
    ("iHub", None, "ke-ihub"),
    ("Co-Creation Hub", None, "ng-cchub"),
    ("International Association of Science Parks and Areas of Innovation", None, "int-iasp"),
    ("United Nations Development Programme", None, "int-undp"),
    ("United Nations Development Program", None, "int-undp"),
    ("European Bank for Reconstruction and Development", None, "int-ebrd"),
    ("QazInnovations", None, "kz-qazinnovations"),
    ("High Technology Park of the Kyrgyz Republic", None, "kg-high-technology-park"),
    ("Hi-tech Park of Kyrgyzstan", None, "kg-high-technology-park"),
    ("Belarus Hi-Tech Park", None, "by-hi-tech-park"),
])
def test_lookup_names_and_aliases(reg, name, country, rid):
    e = reg.lookup(name, country)
    assert e is not None, name
    assert e.registry_id == rid


def test_tech_technology_variants(reg):
    a = reg.lookup("High Technology Park of Kyrgyzstan")
    b = reg.lookup("High Tech Park of Kyrgyzstan")
    c = reg.lookup("Hi-Tech Park of Kyrgyzstan")
    d = reg.lookup("High-Tech Park of Kyrgyzstan")
    assert a is b is c is d is not None


def test_country_guard(reg):
    assert reg.lookup("Latvian IT Cluster", "LV").registry_id == "lv-latvian-it-cluster"
    assert reg.lookup("Latvian IT Cluster", "KG") is None
    assert reg.lookup("IT Park Uzbekistan", "KZ") is None
    assert reg.lookup("Astana Hub", "UZ") is None
    # intergovernmental bodies have no country: any country passes
    assert reg.lookup("UNDP", "KG").registry_id == "int-undp"
    assert reg.lookup("World Bank", "UZ").registry_id == "int-world-bank"
    # lower-case country codes are accepted
    assert reg.lookup("Astana Hub", "kz").registry_id == "kz-astana-hub"


@pytest.mark.parametrize("name", [
    "IT Park", "it park", "The IT Park", "Technopark", "Technopolis", "Tech Park",
    "Technology Park", "Science Park", "Innovation Agency", "Ministry of Foreign Affairs",
    "Innovation Hub", "Hub", "Incubator", "Ministry", "University", "Teknopark", "Teknokent",
    "Special Economic Zone", "",
])
def test_generic_names_never_resolve(reg, name):
    assert reg.lookup(name) is None
    for c in ("KG", "KZ", "UZ", "TR", "RU", "LV", "BY", "IN"):
        assert reg.lookup(name, c) is None, (name, c)


def test_homonyms_resolve_only_with_country(reg):
    # "High Technology Park" / "Hi-Tech Park" / "HTP" name parks in Kyrgyzstan, Belarus, Azerbaijan
    for surface in ("High Technology Park", "Hi-Tech Park", "High Tech Park", "HTP"):
        assert reg.lookup(surface) is None
        assert reg.lookup(surface, "KG").registry_id == "kg-high-technology-park"
        assert reg.lookup(surface, "BY").registry_id == "by-hi-tech-park"
        assert reg.lookup(surface, "AZ").registry_id == "az-high-technologies-park"
        assert reg.lookup(surface, "LV") is None
    assert reg.lookup("Ministry of Digital Development") is None
    assert reg.lookup("Ministry of Digital Development", "KZ").registry_id == "kz-ministry-digital-development"
    assert reg.lookup("Ministry of Digital Development", "KG").registry_id == "kg-ministry-digital-development"
    assert reg.lookup("Ministry of Digital Development", "RU").registry_id == "ru-ministry-digital-development"


def test_country_read_from_the_name(reg):
    assert reg.lookup("Kyrgyzstan's High Technology Park").registry_id == "kg-high-technology-park"
    assert reg.lookup("Kyrgyzstan’s High Tech Park").registry_id == "kg-high-technology-park"
    assert reg.lookup("High Technology Park (Kyrgyzstan)").registry_id == "kg-high-technology-park"
    assert reg.lookup("Belarusian Hi-Tech Park").registry_id == "by-hi-tech-park"
    assert reg.lookup("Hi-Tech Park Belarus").registry_id == "by-hi-tech-park"
    assert reg.lookup("Kazakhstan's Ministry of Digital Development").registry_id == \
        "kz-ministry-digital-development"
    # the name's own country contradicts the caller's: no match
    assert reg.lookup("Belarusian Hi-Tech Park", "KG") is None
    # a country prefix never reaches an international body
    assert reg.lookup("Kazakh Organization of Turkic States") is None
    assert reg.lookup("American University of Central Asia").registry_id == "kg-auca"
    # a region is not a country
    assert reg.lookup("Central Asian High Technology Park") is None
    assert reg.lookup("Turkic High Technology Park") is None


def test_acronyms(reg):
    assert reg.lookup_acronym("OTS").registry_id == "int-ots"
    assert reg.lookup("OTS").registry_id == "int-ots"
    assert reg.lookup_acronym("EBRD").registry_id == "int-ebrd"
    assert reg.lookup_acronym("HTP") is None
    assert reg.lookup_acronym("HTP", "KG").registry_id == "kg-high-technology-park"
    assert reg.lookup_acronym("HTP", "BY").registry_id == "by-hi-tech-park"
    # a local acronym beats an international one inside its country
    assert reg.lookup_acronym("EIF").registry_id == "int-eif"
    assert reg.lookup_acronym("EIF", "AM").registry_id == "am-eif"
    # acronym aliases need capitals: "who" is a word, "WHO" an organisation
    assert reg.lookup("who") is None
    assert reg.lookup("WHO").registry_id == "int-who"
    assert reg.lookup("ots") is None
    assert reg.lookup_acronym("ZZZQ") is None
    # one-word names written in capitals still resolve
    assert reg.lookup("SKOLKOVO").registry_id == "ru-skolkovo"
    assert reg.lookup("DTEC").registry_id == "ae-dtec"


def test_derived_acronym(reg):
    assert reg.lookup_acronym("CAREC").registry_id == "int-carec"
    # initials of a name, not listed as an alias: only with derived=True
    assert reg.lookup_acronym("SVSTP") is None
    e = reg.lookup_acronym("SVSTP", derived=True)
    assert e is not None and e.registry_id == "lt-sunrise-valley"
    assert reg.lookup_acronym("SVSTP", "KG", derived=True) is None


def test_phrase_patterns(reg):
    pats = reg.phrase_patterns()
    assert len(pats) >= len(reg)
    d: dict[str, set[str]] = {}
    for surface, rid in pats:
        d.setdefault(surface, set()).add(rid)
    assert d["Astana Hub"] == {"kz-astana-hub"}
    assert d["Bilişim Vadisi"] == {"tr-bilisim-vadisi"}
    assert d["Bilisim Vadisi"] == {"tr-bilisim-vadisi"}  # de-accented form
    assert d["ODTÜ Teknokent"] == {"tr-odtu-teknokent"}
    assert d["ODTU Teknokent"] == {"tr-odtu-teknokent"}
    assert "OTS" in d
    # unambiguous: every surface names one entry; generic and local names are left out
    assert all(len(v) == 1 for v in d.values())
    for generic in ("IT Park", "Technopark", "High Technology Park", "HTP", "Innovation Agency"):
        assert generic not in d
    local = {s for s, _ in reg.phrase_patterns(include_local=True)}
    assert "HTP" in local and "High Technology Park" in local


def test_get_and_contains(reg):
    e = reg.get("kz-astana-hub")
    assert e is not None and e.org_type == "technology_park" and e.country == "KZ"
    assert e.city == "Astana"
    assert "kz-astana-hub" in reg
    assert reg.get("xx-nothing") is None
    assert reg.get("int-ots").country is None


def test_registry_span_rulers_mark_names_and_acronyms_with_their_ids(reg):
    """The two span_ruler components of the extraction pipeline find registry names
    case-insensitively and acronyms case-sensitively, each span carrying its id; a Doc
    made without them is refused."""
    from pipeline.extract.nlp import load_nlp
    from pipeline.extract.registry_ruler import ACRONYMS, NAMES, NoRegistrySpans, registry_matches

    nlp = load_nlp()
    assert {ACRONYMS, NAMES} <= set(nlp.pipe_names)
    name_rid = reg.lookup("Dubai Technology Entrepreneur Campus").registry_id
    text = "Officials of dubai technology entrepreneur campus met the team. Dtec said so."
    doc = nlp(text)
    found = {(sp.text, sp.id_) for sp in doc.spans[NAMES]}
    assert ("dubai technology entrepreneur campus", name_rid) in found
    assert all(sp.label_ == "ORG" for k in (ACRONYMS, NAMES) for sp in doc.spans[k])
    assert {(sp.text, sp.id_) for sp in registry_matches(doc)[NAMES]} == found
    with pytest.raises(NoRegistrySpans):
        registry_matches(nlp.make_doc(text))
    # acronyms match only as written
    from pipeline.extract.org_places import registry_patterns
    from pipeline.reference.names import is_acronym
    acr, acr_rid = next((s, r) for s, r in registry_patterns() if is_acronym(s) and len(s) >= 3)
    upper = nlp(f"Talks with {acr} ended.")
    assert (acr, acr_rid) in {(sp.text, sp.id_) for sp in upper.spans[ACRONYMS]}
    assert not list(nlp(f"talks with {acr.lower()} ended.").spans[ACRONYMS])


# --------------------------------------------------------------------------- validation marks


def test_validated_bytes_are_not_validated_again(tmp_path, monkeypatch):
    marks = tmp_path / "marks"
    path = _write(tmp_path, GOOD)
    first = Registry.load(path, marks=marks)
    assert len(list(marks.iterdir())) == 1

    def refuse(*a, **k):
        raise AssertionError("validated again")

    monkeypatch.setattr(RegistrySchema, "validate", refuse)
    again = Registry.load(path, marks=marks)
    assert again.entries == first.entries and again.version == first.version
    # other bytes: validated (here: the refusing validator runs)
    with pytest.raises(AssertionError, match="validated again"):
        Registry.load(_write(tmp_path, GOOD[:-1]), marks=marks)


def test_invalid_registry_is_never_marked(tmp_path):
    marks = tmp_path / "marks"
    bad = {"registry_id": "KG_bad id", "name": "X Park", "org_type": "technology_park", "country": "KG"}
    for _ in range(2):  # refused every time, not only the first
        with pytest.raises(pandera.errors.SchemaErrors):
            Registry.load(_write(tmp_path, GOOD + [bad]), marks=marks)
    assert not marks.exists() or not any(marks.iterdir())


def test_default_registry_marks_where_told(tmp_path, monkeypatch):
    from pipeline.reference.registry import validated_marks_dir

    monkeypatch.setenv("PIPELINE_REGISTRY_MARKS", str(tmp_path / "m"))
    assert validated_marks_dir() == tmp_path / "m"
    r = Registry.load(marks=validated_marks_dir())
    assert r.entries == default_registry().entries
    assert len(list((tmp_path / "m").iterdir())) == 1
