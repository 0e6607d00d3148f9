"""Organisation extraction rules, each checked on a short invented press item.

The articles under tests/articles/orgs/ are written for these tests (invented but
realistic organisations from many countries); every test names the rule it covers.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from pipeline.extract import ArticleInput
from pipeline.extract.nlp import load_nlp
from pipeline.extract.org_names import analyse
from pipeline.extract.org_resolve import type_of
from pipeline.extract.organisations import find_candidates, find_organisations
from pipeline.models import ORG_TYPES, LocalOrg, OrgMention

ARTICLES = Path(__file__).parent / "articles" / "orgs"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def _key(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"^the\s+", "", s)
    return " ".join(re.sub(r"[^\w]+", " ", s).split())


def run(nlp, name: str) -> tuple[str, list[LocalOrg], list[OrgMention]]:
    body = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    orgs, mentions = find_organisations(nlp(body), ArticleInput(name, body))
    return body, orgs, mentions


def find(orgs: list[LocalOrg], name: str) -> LocalOrg | None:
    """The organisation having `name` as its name or an alias (case/punctuation-free)."""
    k = _key(name)
    hits = [o for o in orgs if k in {_key(x) for x in [o.name, *o.aliases]}]
    assert len(hits) <= 1, f"{name!r} names {len(hits)} organisations"
    return hits[0] if hits else None


def expect(orgs, name, org_type=None, country="any"):
    o = find(orgs, name)
    assert o is not None, f"{name!r} not found in {[x.name for x in orgs]}"
    if org_type is not None:
        assert o.org_type == org_type, (name, o.org_type)
    if country != "any":
        assert o.country == country, (name, o.country)
    return o


def absent(orgs, *names):
    for n in names:
        assert find(orgs, n) is None, f"{n!r} should not be an organisation"


def ent_of(orgs, mentions, org: LocalOrg) -> list[str]:
    e = orgs.index(org)
    return [m.surface for m in mentions if m.entity == e]


# ---------------------------------------------------------------- rules


def test_parenthesised_countries_and_coordinated_list(nlp):
    _, orgs, _ = run(nlp, "paren_countries")
    expect(orgs, "Nairobi Innovation Park", "technology_park", "KE")
    expect(orgs, "Kigali Tech Valley", "technology_park", "RW")
    expect(orgs, "Volta Digital Hub", "incubator_accelerator", "GH")  # a hub not run as a park
    expect(orgs, "Msingi", country="TZ")  # no head noun: a list item with "(Tanzania)"
    expect(orgs, "Lagos Startup Factory", "incubator_accelerator", "NG")
    assert len(orgs) == 5
    absent(orgs, "Kenya", "Tanzania", "Wanjiru Kamau")


def test_possessive_country(nlp):
    _, orgs, mentions = run(nlp, "possessive")
    o = expect(orgs, "National Information Technology Park", "technology_park", "MN")
    assert o.name == "National Information Technology Park"
    assert "Mongolia's National Information Technology Park" in o.aliases
    assert len(orgs) == 1
    assert "Park" in ent_of(orgs, mentions, o)  # "the Park's first ... lab"


def test_demonym_kept_in_generic_name_and_dropped_before_proper_name(nlp):
    _, orgs, _ = run(nlp, "demonym")
    o = expect(orgs, "Estonian Fintech Cluster", "it_cluster", "EE")
    assert o.name == "Estonian Fintech Cluster"
    o = expect(orgs, "Porto Verde Technopark", "technology_park", "BR")
    assert o.name == "Porto Verde Technopark"
    assert "Brazilian Porto Verde Technopark" in o.aliases
    assert o.city == "Recife"  # "located in Recife"
    expect(orgs, "Chilean Agency for Digital Innovation", "government_body", "CL")
    assert len(orgs) == 3


def test_acronym_defined_in_brackets(nlp):
    _, orgs, mentions = run(nlp, "acronym")
    o = expect(orgs, "Association of Southeast Asian Software Exporters", "association")
    assert "ASASE" in o.aliases
    assert o.country is None  # a regional body: no country clue
    assert ent_of(orgs, mentions, o).count("ASASE") == 4
    m = expect(orgs, "MCA", "association")
    assert m.name == "Mekong Cloud Alliance"
    assert len(orgs) == 2


def test_minister_title_names_its_ministry(nlp):
    _, orgs, mentions = run(nlp, "minister")
    o = expect(orgs, "Ministry of Digital Economy of Indonesia", "government_body", "ID")
    assert "Minister of Digital Economy of Indonesia" in ent_of(orgs, mentions, o)
    pk = [x for x in orgs if x.country == "PK" and x.org_type == "government_body"]
    assert len(pk) == 1 and pk[0].name.startswith("Ministry of Information Technology")
    expect(orgs, "Ravi Software Park", "technology_park")


def test_minister_title_merges_with_ministry_named_with_commas(nlp):
    _, orgs, mentions = run(nlp, "ministry_long")
    o = expect(orgs, "Ministry of Digital Development, Innovation and Aerospace Industry "
                     "of the Republic of Kazakhstan", "government_body", "KZ")
    surfaces = ent_of(orgs, mentions, o)
    assert any(s.startswith("Minister of Digital Development, Innovation") for s in surfaces)
    expect(orgs, "Kazakh Association of IT Companies", "association", "KZ")
    expect(orgs, "QazInnovations Fund", "investor")
    expect(orgs, "Korkyt Ata Technical College", "academic")
    park = expect(orgs, "Syr Darya Technopark", "technology_park")
    assert ent_of(orgs, mentions, park).count("Technopark") == 1  # "The Technopark's director"
    absent(orgs, "Gulnara Abenova", "Aidos Serikbayev", "Ministry of Digital Development")


def test_person_acting_for_organisation(nlp):
    _, orgs, _ = run(nlp, "person_for_org")
    expect(orgs, "Ribeira Startup Hub", "incubator_accelerator")
    expect(orgs, "Baltic Robotics Cluster", "it_cluster", None)  # "Baltic" is a region
    absent(orgs, "Maria Santos", "Tomas Lindqvist", "Santos", "Lindqvist")
    assert len(orgs) == 2


def test_anaphora_points_back_and_never_creates(nlp):
    _, orgs, mentions = run(nlp, "anaphora")
    agency = expect(orgs, "Moroccan Agency for Digital Development", "government_body", "MA")
    cluster = expect(orgs, "Casablanca Fintech Cluster", "it_cluster", "MA")
    assert ent_of(orgs, mentions, agency).count("Agency") == 2
    assert ent_of(orgs, mentions, cluster).count("Cluster") == 2
    absent(orgs, "Agency", "Cluster")
    assert len(orgs) == 2


def test_news_agencies_credited_as_sources_are_not_organisations(nlp):
    _, orgs, _ = run(nlp, "news_agency")
    absent(orgs, "AKIpress", "Kazinform", "Interfax")
    expect(orgs, "Tunduk Innovation Centre", "incubator_accelerator", "KG")
    o = expect(orgs, "Steppe Cloud", "company", "KZ")  # "the Kazakh company Steppe Cloud"
    assert o.name == "Steppe Cloud"
    assert len(orgs) == 2


def test_events_and_programmes_are_not_organisations(nlp):
    _, orgs, _ = run(nlp, "events")
    absent(orgs, "Digital Steppe", "Digital Steppe-2023", "Tashkent Startup Week",
           "GovTech Summit", "Green Ventures", "Open Innovation Challenge")
    expect(orgs, "Aral Data Labs", "company")
    expect(orgs, "Karaganda Technology Park", "technology_park", "KZ")
    assert len(orgs) == 2


def test_page_furniture_is_ignored(nlp):
    _, orgs, _ = run(nlp, "furniture")
    absent(orgs, "Facebook", "Twitter", "LinkedIn", "Telegram")
    expect(orgs, "Emajoe Science Park", "technology_park")  # diacritics folded in matching
    expect(orgs, "Daugava Biotech Incubator", "incubator_accelerator")
    assert len(orgs) == 2


def test_homonym_guard_keeps_places_apart(nlp):
    _, orgs, mentions = run(nlp, "homonym")
    a = expect(orgs, "Digital Park Erdenet", "technology_park")
    b = expect(orgs, "Digital Park Darkhan", "technology_park")
    assert a is not b
    absent(orgs, "Digital Park")  # the bare name could be either: no third org, no merge
    assert len(orgs) == 2
    assert all(m.surface != "Digital Park" for m in mentions)


def test_proposed_organisations_are_skipped(nlp):
    _, orgs, _ = run(nlp, "hypothetical")
    absent(orgs, "Caspian Association of Technoparks", "Innovation Fund")
    a = expect(orgs, "Absheron Technopark", "technology_park")
    b = expect(orgs, "Aktau Technology Park", "technology_park", "KZ")
    assert a is not b  # a city-named park is no short form of another park
    expect(orgs, "Turkmen Innovation Centre", country="TM")


def test_companies_embassies_and_units(nlp):
    _, orgs, _ = run(nlp, "companies_units")
    expect(orgs, "Kestrel Analytics LLC", "company")
    expect(orgs, "Vostok Data Systems, Inc.", "company")
    expect(orgs, "University of Northern Patagonia", "academic")
    expect(orgs, "Embassy of Finland", "government_body", "FI")  # sending state, not seat
    expect(orgs, "Ministry of Science, Technology and Innovation of Argentina",
           "government_body", "AR")
    absent(orgs, "Department of Computer Science")  # a unit of the university


def test_diacritic_variants_merge_and_demonym_before_common_noun(nlp):
    _, orgs, mentions = run(nlp, "turkish_teknokent")
    o = expect(orgs, "Kızılırmak Teknokent", "technology_park")
    assert find(orgs, "Kizilirmak Teknokent") is o
    assert len(ent_of(orgs, mentions, o)) == 3
    expect(orgs, "Samarkand Soft Group", "company", "UZ")  # "the Uzbek company ..."
    expect(orgs, "Ministry of Industry and Technology of Türkiye", "government_body", "TR")
    assert len(orgs) == 3


def test_investors_and_development_banks(nlp):
    _, orgs, _ = run(nlp, "africa_fund")
    expect(orgs, "Baobab Accelerator", "incubator_accelerator")
    expect(orgs, "Kiwanja Ventures", "investor")
    expect(orgs, "Sahel Impact Fund", "investor")
    expect(orgs, "Trans-Saharan Development Bank", "intergovernmental_organisation", None)
    expect(orgs, "Senegalese Ministry of Communication and Digital Economy",
           "government_body", "SN")
    absent(orgs, "Digital Entrepreneurs Facility")  # a funding window, not a body


def test_names_without_head_noun(nlp):
    _, orgs, _ = run(nlp, "headless_companies")
    expect(orgs, "Zerde Labs", "company")
    expect(orgs, "Qazaq Soft", "company")
    expect(orgs, "Alatau Innovation Park", "technology_park", "KZ")
    assert len(orgs) == 3


def test_cluster_list_members(nlp):
    _, orgs, _ = run(nlp, "cluster_list")
    expect(orgs, "Finnish Cluster Network", "association", "FI")
    expect(orgs, "Oulu Wireless Cluster", country="FI")
    expect(orgs, "Saimaa Forest Tech", "association", "FI")  # typed like its list mates
    expect(orgs, "Helsinki Fintech Hub", "incubator_accelerator", "FI")
    expect(orgs, "Kuopio Health Cluster", "association", "FI")
    expect(orgs, "Nordic Game Cluster")
    assert len(orgs) == 6


def test_short_forms_and_acronym_merge(nlp):
    _, orgs, mentions = run(nlp, "short_forms")
    o = expect(orgs, "Sevan High Technology Park", "technology_park", "AM")
    assert {"Sevan High Tech Park", "SHTP"} <= set(o.aliases)
    assert ent_of(orgs, mentions, o).count("SHTP") == 2
    assert "Park" in ent_of(orgs, mentions, o)
    b = expect(orgs, "Georgian Innovation Bureau of Kutaisi", "government_body", "GE")
    assert "Bureau" in ent_of(orgs, mentions, b)
    assert len(orgs) == 2


def test_legal_forms_and_quoted_names(nlp):
    _, orgs, mentions = run(nlp, "quoted_legal")
    o = expect(orgs, "Uztelecom Digital", "company")
    assert o.name == "Uztelecom Digital"  # not the registry's "Uztelecom" inside it
    assert len(ent_of(orgs, mentions, o)) == 2
    o = expect(orgs, "Silk Road Soft", "company")
    assert 'LLC "Silk Road Soft"' in ent_of(orgs, mentions, o)
    expect(orgs, "Navoi Innovations", "technology_park", "UZ")  # 'Free Economic Zone "..."'
    expect(orgs, "Tashkent University of Information Technologies named after "
                 "Muhammad al-Khwarizmi", "academic", "UZ")
    absent(orgs, "Free Economic Zone", "Uztelecom")


def test_dateline_credit_and_acronym(nlp):
    _, orgs, _ = run(nlp, "dateline_trend")
    absent(orgs, "Trend", "Leyla Mammadova")
    o = expect(orgs, "IDDA", "government_body", "AZ")
    assert o.name == "Innovation and Digital Development Agency of Azerbaijan"
    expect(orgs, "Imereti Startup House", "incubator_accelerator", "GE")
    expect(orgs, "Microsoft", "company")
    expect(orgs, "Huawei", "company")
    assert len(orgs) == 4


def test_place_descriptions_are_anaphors(nlp):
    _, orgs, mentions = run(nlp, "asia_parks")
    park = expect(orgs, "Lanzhou New Area Science and Technology Park", "technology_park", "CN")
    expect(orgs, "Almaty Innovation Hub", "technology_park", "KZ")
    absent(orgs, "Lanzhou", "Lanzhou park", "Wang Lei")
    assert "Lanzhou park" in ent_of(orgs, mentions, park)
    assert len(orgs) == 2


def test_intergovernmental_bodies_and_plural_complements(nlp):
    _, orgs, mentions = run(nlp, "un_agencies")
    o = expect(orgs, "UNDP", "intergovernmental_organisation", None)
    assert ent_of(orgs, mentions, o).count("UNDP") == 3
    expect(orgs, "European Union", "intergovernmental_organisation", None)
    expect(orgs, "Kyrgyz Association of Software and Services Companies", "association", "KG")
    expect(orgs, "Osh State University", "academic", "KG")
    absent(orgs, "Osh and Jalal-Abad", "UNDP Resident Representative")
    assert len(orgs) == 4


def test_laws_programmes_and_valleys_are_not_organisations(nlp):
    _, orgs, _ = run(nlp, "laws_programmes")
    expect(orgs, "Cabinet of Ministers of Tajikistan", "government_body", "TJ")
    expect(orgs, "Dushanbe Technology Park", "technology_park", "TJ")
    expect(orgs, "Agency for Innovation and Technology", "government_body", "TJ")
    absent(orgs, "Digital Economy Concept 2030", "Law on Innovation Activity", "Smart City",
           "Silicon Valley", "Fergana Valley", "State Programme for the Development of Technoparks")
    assert len(orgs) == 3


def test_person_named_like_a_park_and_seat_phrases(nlp):
    _, orgs, _ = run(nlp, "person_heads")
    absent(orgs, "Victoria Park", "Park")
    expect(orgs, "Lumen Capital", "investor", "SG")  # "founded in Singapore"
    expect(orgs, "Steppe Angels Network", "investor", "KZ")  # "the Almaty-based ..."
    expect(orgs, "Asian Development Bank", "intergovernmental_organisation", None)
    expect(orgs, "Bilim Media Group", "company")


def test_people_with_countries_in_a_list_are_not_organisations(nlp):
    _, orgs, _ = run(nlp, "person_list")
    absent(orgs, "Aigerim Sadykova", "Rustam Nazarov", "Emil Huseynov", "Steppe Startup Cup")
    expect(orgs, "Ferghana Valley Incubator", "incubator_accelerator", "UZ")
    expect(orgs, "Namangan Regional Administration", "government_body", "UZ")
    assert len(orgs) == 2


def test_acronym_defined_in_text_beats_registry_homonym(nlp):
    _, orgs, _ = run(nlp, "short_proper")
    o = expect(orgs, "NIC")
    assert o.name == "Nordic Innovation Council"
    assert o.registry_id is None and o.country is None  # not the registry's "NIC" elsewhere
    expect(orgs, "Amber Valley Science and Technology Park", "technology_park", "LT")


# ---------------------------------------------------------------- invariants


@pytest.mark.parametrize("path", sorted(ARTICLES.glob("*.txt")), ids=lambda p: p.stem)
def test_mentions_are_exact_and_orgs_well_formed(nlp, path):
    body, orgs, mentions = run(nlp, path.stem)
    spans = set()
    for m in mentions:
        assert body[m.char_start:m.char_end] == m.surface
        assert 0 <= m.entity < len(orgs)
        assert (m.char_start, m.char_end) not in spans, f"duplicate mention {m}"
        spans.add((m.char_start, m.char_end))
    mentioned = {m.entity for m in mentions}
    for i, o in enumerate(orgs):
        assert i in mentioned, f"{o.name!r} has no mention"
        assert o.org_type in ORG_TYPES
        assert o.name and o.name == o.name.strip()
        assert o.name not in o.aliases
        assert "\n" not in o.name and not any("\n" in a for a in o.aliases)
        assert o.country is None or re.fullmatch(r"[A-Z]{2}", o.country)


@pytest.mark.parametrize("name, expected", [
    ("Latvian IT Cluster", "it_cluster"),
    ("Latvian Wood Construction Cluster", "association"),
    ("Print and Media Technology Cluster", "association"),
    ("Organisation of Turkic States", "intergovernmental_organisation"),
    ("Shanghai Cooperation Organisation", "intergovernmental_organisation"),
    ("European Commission", "intergovernmental_organisation"),
    ("Ministry of Foreign Affairs", "government_body"),
    ("Embassy of Latvia", "government_body"),
    ("Chamber of Commerce and Industry", "association"),
    ("National Bank of Georgia", "government_body"),
    ("Caspian Development Bank", "intergovernmental_organisation"),
    ("Kaspi Bank", "company"),
    ("Oguz Science and Technology Center", "academic"),
    ("Startup Innovation Center", "incubator_accelerator"),
    ("Harnby Cyberpark", "technology_park"),
    ("Tashkent Technopolis", "technology_park"),
    ("Velmora Lab", "incubator_accelerator"),
    ("Vostok Data Systems LLC", "company"),
    ("Steppe Ventures", "investor"),
    ("Eurasian Economic Union", "intergovernmental_organisation"),
])
def test_type_from_head_noun(name, expected):
    assert type_of(analyse(name)) == expected


def test_name_analysis_keys():
    a, b = analyse("IT Park Uzbekistan"), analyse("Latvia's IT park")
    assert a.core == "it park" and a.countries == ("UZ",)
    assert analyse("IT Park Dushanbe").core != a.core  # a city stays in the key
    assert analyse("Dairy Products Safety Cluster").core == \
        analyse("Dairy Product Safety Cluster").core
    assert analyse("Latvian IT Cluster").lead_demonym == "LV"
    assert b.text == "Latvia's IT park"


# ---------------------------------------------------------------- held-out failure classes


def test_generic_name_takes_the_registry_entry_of_the_one_article_country(nlp):
    # class 1: "High Technology Park" / "HTP" / "Ministry of Digital Development" with no
    # country of their own; the article names Kyrgyzstan (Bishkek, Kyrgyz) and Latvia, and
    # only Kyrgyzstan has registry entries of those names
    _, orgs, mentions = run(nlp, "generic_registry")
    o = expect(orgs, "High Technology Park", "technology_park", "KG")
    assert o.registry_id == "kg-high-technology-park"
    assert "HTP" in ent_of(orgs, mentions, o)
    m = expect(orgs, "Ministry of Digital Development", "government_body", "KG")
    assert m.registry_id == "kg-ministry-digital-development"
    expect(orgs, "Latvian IT Cluster", "it_cluster", "LV")


def test_generic_name_stays_unresolved_when_several_article_countries_fit(nlp):
    # Minsk (BY) and Baku (AZ) both have a "Hi-Tech Park" and a digital ministry
    _, orgs, _ = run(nlp, "generic_ambiguous")
    o = expect(orgs, "Hi-Tech Park", "technology_park")
    assert o.registry_id is None and o.country is None
    m = expect(orgs, "Ministry of Digital Development", "government_body")
    assert m.registry_id is None and m.country is None


def test_companies_named_by_their_context(nlp):
    # class 2: no head noun, found from "Georgian startups X and Y", "X-based X, a ...
    # startup", "the fintech X", "companies such as", "X's founder", "the startup X",
    # "startups from Armenia: X, Y and Z", legal suffixes
    _, orgs, _ = run(nlp, "headless_contexts")
    for name in ("Mtatsminda Soft", "Rioni Pay"):
        expect(orgs, name, "company", "GE")
    expect(orgs, "Imereti Vision", "company", "GE")  # "Kutaisi-based Imereti Vision"
    expect(orgs, "Kolkheti Pay", "company")  # "the fintech Kolkheti Pay"
    for name in ("Alazani Cloud Systems", "Borjomi Analytics", "Svaneti Robotics"):
        expect(orgs, name, "company")
    expect(orgs, "Tusheti Tech", "company")  # "The startup Tusheti Tech said"
    expect(orgs, "Rustavi Data LLC", "company")
    expect(orgs, "Gudauri Labs OÜ", "company")
    expect(orgs, "Lagodekhi Ventures", "investor")
    expect(orgs, "Colchis Angels", "investor")
    for name in ("Hrazdan Soft", "Arpa Vision", "Tavush Pay"):
        expect(orgs, name, "company", "AM")  # "Startups from Armenia: ..."
    absent(orgs, "Nodar Beridze", "Tbilisi", "Batumi", "Tallinn", "Armenia")
    assert len(orgs) == 15


def test_heads_in_other_languages(nlp):
    # class 3: head-initial names of other languages keep their complements and get types
    _, orgs, _ = run(nlp, "foreign_heads")
    expect(orgs, "Universidad de Málaga", "academic", "ES")
    expect(orgs, "Instituto Andaluz de Tecnología", "academic")
    expect(orgs, "Agencia de Innovación y Desarrollo de Andalucía", "government_body", "ES")
    expect(orgs, "Cámara de Comercio de Málaga", "association")
    expect(orgs, "Fundación Málaga Digital", "investor")
    expect(orgs, "Ministerio de Ciencia e Innovación", "government_body")
    expect(orgs, "Technopôle de Brest-Iroise", "technology_park")
    expect(orgs, "Université de Bretagne Occidentale", "academic")
    expect(orgs, "Agence Bretonne de l'Innovation", "government_body")
    expect(orgs, "Technologiepark Bremen", "technology_park", "DE")
    expect(orgs, "Universität Bremen", "academic", "DE")
    expect(orgs, "Fraunhofer Institut für Fertigungstechnik", "academic")
    expect(orgs, "Agentur für Digitale Innovation Bremen", "government_body")
    expect(orgs, "Stiftung Innovation Bremen", "investor")
    expect(orgs, "Verband Digitale Wirtschaft Nord", "association")
    expect(orgs, "Politechnika Gdańska", "academic")
    expect(orgs, "Uniwersytet Warszawski", "academic")
    expect(orgs, "Instytut Łączności", "academic")
    expect(orgs, "Universitas Indonesia", "academic")
    expect(orgs, "Fundação de Amparo à Pesquisa", "investor")
    expect(orgs, "Ministério da Ciência, Tecnologia e Inovação", "government_body")
    expect(orgs, "Ministère de l'Économie", "government_body")
    expect(orgs, "Bundesministerium für Bildung und Forschung", "government_body")
    expect(orgs, "Slovak IT Klaster", "it_cluster", "SK")
    expect(orgs, "Parc Científic de Barcelona", "technology_park", "ES")
    absent(orgs, "Parque Tecnológico", "Agencia de Innovación", "Netzwerk", "Inovação")


def test_hyphenated_and_apostrophe_prefixes_stay_in_the_name(nlp):
    # class 4
    _, orgs, _ = run(nlp, "hyphen_prefixes")
    o = expect(orgs, "An-Najah National University", "academic")
    assert o.name == "An-Najah National University"
    expect(orgs, "Al-Farabi Kazakh National University", "academic", "KZ")
    expect(orgs, "El-Sewedy Technical Academy", "academic")
    expect(orgs, "Ala-Too International University", "academic", "KG")
    o = expect(orgs, "O'zbekiston Milliy Universiteti", "academic", "UZ")
    assert o.name == "O'zbekiston Milliy Universiteti"
    expect(orgs, "Ibn-Sina Research Institute", "academic")
    absent(orgs, "Najah National University", "Milliy Universiteti")


def test_embassies_keep_their_seat_and_the_country_they_represent(nlp):
    # class 5
    _, orgs, mentions = run(nlp, "embassies")
    o = expect(orgs, "Embassy of India in Uzbekistan", "government_body", "IN")
    assert o.name == "Embassy of India in Uzbekistan"
    assert {"Embassy of India", "Indian Embassy"} <= set(o.aliases)
    assert len(ent_of(orgs, mentions, o)) == 3
    c = expect(orgs, "Consulate General of Uzbekistan in Mumbai", "government_body", "UZ")
    assert "Consulate General of Uzbekistan" in c.aliases
    expect(orgs, "German Embassy", "government_body", "DE")
    expect(orgs, "IT Park Uzbekistan", "technology_park", "UZ")


def test_bare_forms_of_names_with_a_country_are_aliases(nlp):
    # class 6: leading demonym and trailing "of the Republic of X" give bare aliases
    _, orgs, _ = run(nlp, "demonym_aliases")
    o = expect(orgs, "Latvian Ministry of Foreign Affairs", "government_body", "LV")
    assert "Ministry of Foreign Affairs" in o.aliases
    o = expect(orgs, "Palestinian Ministry of Telecommunications and Digital Economy",
               "government_body", "PS")
    assert "Ministry of Telecommunications and Digital Economy" in o.aliases
    o = expect(orgs, "Ministry of High-Tech Industry of the Republic of Armenia",
               "government_body", "AM")
    assert "Ministry of High-Tech Industry" in o.aliases
    expect(orgs, "Ministry of Digital Development", "government_body", "KG")  # "(Kyrgyzstan)"
    assert len(orgs) == 4


def test_fairs_outlets_headings_and_adjectival_eu_are_not_organisations(nlp):
    # class 7
    _, orgs, _ = run(nlp, "not_orgs")
    absent(orgs, "Hannover Messe", "GITEX", "Nordic Tech Expo", "Riga Startup Week",
           "Digital Freedom Days", "Arctic Innovation Summit",  # fairs and events
           "Riga Times", "Baltic Tech Journal", "Baltic News Network",  # news sources
           "Baltic Business Daily",
           "CLUSTER MANAGER", "PROJECT LEAD")  # headings
    expect(orgs, "Latvian IT Cluster", "it_cluster", "LV")
    expect(orgs, "European Union", "intergovernmental_organisation", None)  # it signs
    expect(orgs, "EU Delegation to Georgia", "intergovernmental_organisation", None)
    expect(orgs, "Investment and Development Agency of Latvia", "government_body", "LV")
    assert len(orgs) == 4
    _, orgs, _ = run(nlp, "eu_adjectival")
    absent(orgs, "EU", "European Union")  # only "EU member states", "EU-funded", "EU market",
    # "EU neighbour", "EU-Moldova trade deal"
    expect(orgs, "Moldovan IT Park", "technology_park", "MD")
    assert len(orgs) == 2


def test_authorities_named_after_a_place_and_field_types(nlp):
    # classes 8 and 9
    _, orgs, _ = run(nlp, "authority_types")
    # the park's development authority is typed as the park (the guide: a park and the body
    # that runs it are one actor when the text uses their names interchangeably)
    o = expect(orgs, "Konza Technopolis Development Authority", "technology_park", "KE")
    assert o.name == "Konza Technopolis Development Authority"
    absent(orgs, "Konza Technopolis")
    expect(orgs, "Lake Basin Development Authority", "government_body")
    expect(orgs, "Communications Commission of Kenya", "government_body", "KE")
    expect(orgs, "National Council for Science and Technology", "government_body")
    expect(orgs, "Centre for International Development", "government_body")
    expect(orgs, "National Innovation Center of Kenya", "government_body", "KE")
    expect(orgs, "Nairobi Code Hub", "incubator_accelerator")  # a hub not run as a park
    expect(orgs, "Nairobi Health-Tech Cluster", "it_cluster")
    expect(orgs, "Kisumu Fintech Cluster", "it_cluster")
    expect(orgs, "Rift Valley Dairy Cluster", "association")
    expect(orgs, "Mombasa Tourism Cluster", "association")
    expect(orgs, "Savannah Angels Network", "investor")
    expect(orgs, "Acacia Ventures", "investor")
    expect(orgs, "Baobab Venture Fund", "investor")
    absent(orgs, "Investors included the Savannah Angels Network")


@pytest.mark.parametrize("name, expected", [
    ("Nairobi Health-Tech Cluster", "it_cluster"),
    ("Baltic Robotics Cluster", "it_cluster"),
    ("Oulu Wireless Cluster", "it_cluster"),
    ("Data Science Cluster", "it_cluster"),
    ("Rift Valley Dairy Cluster", "association"),
    ("Velmarian Export Cluster", "association"),
    ("Saimaa Forest Tech Cluster", "association"),
    ("Kuopio Health Cluster", "association"),
    ("Gyumri Code Hub", "incubator_accelerator"),
    ("Savannah Angels Network", "investor"),
    ("National Innovation Center", "government_body"),
    ("Kerala Startup Mission", "incubator_accelerator"),
    ("EU Delegation to Georgia", "intergovernmental_organisation"),
    ("Embassy of India in Uzbekistan", "government_body"),
])
def test_type_rules_of_the_field(name, expected):
    assert type_of(analyse(name)) == expected


def test_country_from_sentence_context_dateline_and_regions(nlp):
    # class 10: "startups from Gyumri, such as ...", "X, a Lori-based company" (a region),
    # the ministry of the dateline country; the Polish partner keeps its own country
    _, orgs, _ = run(nlp, "country_inference")
    expect(orgs, "Ministry of Economy", "government_body", "AM")  # YEREVAN dateline
    expect(orgs, "Shirak Soft", "company", "AM")
    expect(orgs, "Kumayri Vision", "company", "AM")
    expect(orgs, "Vanadzor Robotics", "company", "AM")
    expect(orgs, "Gdańsk Science and Technology Park", "technology_park", "PL")
    expect(orgs, "Pomeranian Development Agency", "government_body", "PL")  # a Polish region


@pytest.mark.slow
def test_long_article_runs_in_linear_time_with_sane_output(nlp):
    # class 11: a 20-paragraph digest (and the same text with all other test articles
    # appended) must finish and give well-formed output; the timing is in the report,
    # not asserted here
    body, orgs, mentions = run(nlp, "long_digest")
    assert len(body.split("\n\n")) >= 20
    assert 60 <= len(orgs) <= 140
    names = {o.name for o in orgs}
    assert "Konza Technopolis Development Authority" in names
    assert "An-Najah National University" in names
    for m in mentions:
        assert body[m.char_start:m.char_end] == m.surface
    expect(orgs, "Embassy of India in Uzbekistan", "government_body", "IN")
    expect(orgs, "Vietnam National University", "academic", "VN")
    assert find(orgs, "An-Najah National University") is not \
        find(orgs, "Vietnam National University")
    # a 5,000+ word article: everything at once, twice
    big = "\n\n".join([body] + [p.read_text(encoding="utf-8")
                                for p in sorted(ARTICLES.glob("*.txt"))] + [body])
    assert len(big.split()) > 5000
    orgs2, mentions2 = find_organisations(nlp(big), ArticleInput("big", big))
    assert len(orgs2) >= len(orgs)
    assert all(big[m.char_start:m.char_end] == m.surface for m in mentions2)
    assert all(0 <= m.entity < len(orgs2) for m in mentions2)


def test_named_after_a_person_is_part_of_an_institution_name(nlp):
    body = ("The Batken Technological University named after Academician K.Orozbekov and the Naryn State University "
            "named after S. Naamatov signed a memorandum with the Talas Technology Park.\n\n"
            "A street named after the founder leads to the park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("named", body))
    expect(orgs, "Batken Technological University named after Academician K.Orozbekov", "academic")
    expect(orgs, "Naryn State University named after S. Naamatov", "academic")
    expect(orgs, "Talas Technology Park")
    absent(orgs, "Batken Technological University", "Naryn State University")


def test_and_between_adjectives_stays_inside_a_name_but_not_after_a_proper_name(nlp):
    body = ("The Experimental and Applied Optics Institute signed a memorandum with the Brno Technology Park. "
            "Later, Quorvia and Applied Robotics Institute staff met the park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("and", body))
    expect(orgs, "Experimental and Applied Optics Institute")
    absent(orgs, "Applied Optics Institute", "Quorvia and Applied Robotics Institute")


def test_embassies_and_offices_abroad_keep_their_seat(nlp):
    body = ("The Hungarian embassy in Berlin and the embassy of Peru in Latvia hosted the Riga "
            "Technology Park. Officials of Chile's Embassy in Tallinn and of the Swiss Cooperation "
            "Office in Moldova attended, as did the US Embassy in the Kingdom of Bahrain.\n\n"
            "The embassy said the Riga Technology Park would grow.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("seat", body))
    expect(orgs, "Hungarian embassy in Berlin", "government_body")
    expect(orgs, "embassy of Peru in Latvia", "government_body")
    expect(orgs, "Chile's Embassy in Tallinn", "government_body")
    expect(orgs, "Swiss Cooperation Office in Moldova", "government_body")
    assert expect(orgs, "US Embassy in the Kingdom of Bahrain", "government_body").name == \
        "US Embassy in the Kingdom of Bahrain"
    absent(orgs, "Embassy in Tallinn", "Swiss Cooperation Office in")


def test_field_word_lists_and_country_names_stay_inside_a_name(nlp):
    body = ("The National Research, Design, and Innovation Office signed an agreement with the "
            "Ministry of Transport of the People's Republic of China and the Ministry of Forestry, "
            "Rural Affairs and Water Resources of Turkiye.\n\n"
            "Moreover, Quorvia, Research and Innovation Park staff attended. The Tartu Research, "
            "Technology, and Innovation Park joined. It was signed by Minister of Communications "
            "of Saudi Arabia Khalid Alharbi.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("lists", body))
    expect(orgs, "National Research, Design, and Innovation Office", "government_body")
    expect(orgs, "Ministry of Transport of the People's Republic of China", "government_body")
    expect(orgs, "Ministry of Forestry, Rural Affairs and Water Resources of Turkiye",
           "government_body")
    expect(orgs, "Tartu Research, Technology, and Innovation Park", "technology_park")
    expect(orgs, "Ministry of Communications of Saudi Arabia", "government_body", "SA")
    absent(orgs, "Innovation Office", "Ministry of Transport of the People",
           "Quorvia, Research and Innovation Park")


def test_a_country_ending_a_name_stops_at_the_paragraph_end(nlp):
    # the multi-word country after "of" ended at the next paragraph's first word
    body = ("The Norland Agency for Startups signed a memorandum with the Ministry of Trade and "
            "Startups of the Republic of Korea.\n\n"
            "As well as this, a meeting with the Ministry of Trade and Startups of the Republic of "
            "Korea was held at the Norland Agency for Startups.")
    orgs, mentions = find_organisations(nlp(body), ArticleInput("para", body))
    assert expect(orgs, "Ministry of Trade and Startups of the Republic of Korea",
                  "government_body").name == "Ministry of Trade and Startups of the Republic of Korea"
    assert not any("\n" in m.surface for m in mentions)


def test_a_ministry_portfolio_list_may_end_with_an_ampersand(nlp):
    body = ("The delegation included officials of the Ministry of Education, Science & Technology "
            "of Ghana and of the Ministry of Fisheries, Ports and Maritime.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("amp", body))
    expect(orgs, "Ministry of Education, Science & Technology of Ghana", "government_body")
    absent(orgs, "Ministry of Education")


def test_a_councillors_or_editors_title_is_no_part_of_a_name(nlp):
    body = ("The delegation included Norvale City Councilor Mr. Trenton Brown and Quorvia University "
            "Vice President Prof. Dan Johnson. They met County Magistrate Lin Bo.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("councilor", body))
    expect(orgs, "Quorvia University", "academic")
    absent(orgs, "Norvale City Councilor", "County Magistrate")


def test_governments_named_by_their_place(nlp):
    body = ("The Kerala government and the Yunnan provincial government signed memoranda with "
            "the Quorvia Technology Park. The City of Waterloo, the Province of Alberta and Khujand "
            "City Hall sent officials.\n\n"
            "The government said the park would grow. The City of Science and Technology opened in "
            "Riga.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("gov", body))
    expect(orgs, "Kerala government", "government_body", "IN")
    expect(orgs, "Yunnan provincial government", "government_body", "CN")
    expect(orgs, "City of Waterloo", "government_body", "CA")
    expect(orgs, "Province of Alberta", "government_body", "CA")
    expect(orgs, "Khujand City Hall", "government_body", "TJ")
    absent(orgs, "government", "Kerala", "City of Science")


def test_governments_of_coordinated_places_are_one_government_each(nlp):
    body = ("Under the accord signed by the respective governments of Poland and Austria, "
            "Krakow's Technical University will work with the Linz Robotics Institute. "
            "The governments of Chile, Peru and Ecuador welcomed it.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("govs", body))
    for place, cc in (("Poland", "PL"), ("Austria", "AT"), ("Chile", "CL"), ("Peru", "PE"),
                      ("Ecuador", "EC")):
        expect(orgs, f"government of {place}", "government_body", cc)
    absent(orgs, "government of Krakow")


def test_names_beside_a_persons_title_are_people(nlp):
    body = ("Prime Minister Jaan Kivisild opened the Tartu Technology Park. \"We will grow,\" said "
            "Lin Wei Ou, Deputy General Secretary of the Ministry of Communications. Later, Chinese "
            "leader Zhao Minghui met Mati Kask, director of Quorvia OU.\n\n"
            "Brisk Labs, a member of the Tartu IT Cluster, joined.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("titles", body))
    absent(orgs, "Jaan Kivisild", "Lin Wei Ou", "Zhao Minghui", "Mati Kask")
    expect(orgs, "Quorvia OU", "company")
    expect(orgs, "Tartu Technology Park")
    expect(orgs, "Ministry of Communications", "government_body")
    expect(orgs, "Brisk Labs")


def test_hyphen_halves_and_name_particles_stay_in_the_modifiers(nlp):
    body = ("The agency signed an agreement with the Qingyun Hi-tech Zone. A seminar will be held "
            "in the Sao Bento dos Campos Technology Park, in Sao Paulo.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("hyphen", body))
    expect(orgs, "Qingyun Hi-tech Zone")
    expect(orgs, "Sao Bento dos Campos Technology Park", "technology_park")
    absent(orgs, "Qingyun Hi", "Campos Technology Park")


def test_a_persons_name_after_a_ministrys_portfolio_is_not_part_of_it(nlp):
    body = ("Tajik Minister of Economic Development and Trade Rustam Nazarovich met the Chinese "
            "Ministry of Commerce. The Ministry of Digital Development Timur Zhaksylykbekov signed "
            "an agreement with the Astana Hub.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("minister-name", body))
    expect(orgs, "Ministry of Economic Development and Trade", "government_body")
    expect(orgs, "Ministry of Digital Development", "government_body")
    absent(orgs, "Ministry of Economic Development and Trade Rustam Nazarovich",
           "Ministry of Digital Development Timur")


def test_companies_listed_after_a_later_include_or_like(nlp):
    body = ("Major MNCs that have opened offices at the Orion Technopark since 2019 include "
            "Zentrik Digital India, Quorvia Mahindra, Telarix, Way Dot Net and Brisk Block India "
            "Pvt Ltd., which together employ 1,600 people.\n\n"
            "Orbis Services has partnered with many large companies such as including Fisk & "
            "Paykor, Comvex and Fontaro. Specific entities at the park include the Nordvale "
            "University Innovation Centre, as well as Pepsora.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("include", body))
    for name in ("Zentrik Digital India", "Quorvia Mahindra", "Telarix", "Way Dot Net",
                 "Fisk & Paykor", "Comvex", "Fontaro", "Pepsora"):
        expect(orgs, name, "company")
    expect(orgs, "Nordvale University Innovation Centre")


def test_a_listed_company_goes_on_past_a_bracketed_legal_form_and_lower_case_words(nlp):
    body = ("The firms include Zentrik, Halvor InfoSystem (Pvt) Limited, Brisk Global, Telmora "
            "Works and Quorvia Lab.\n\n"
            "The delegation met some of the park's member companies: Ostrel, Kavana Design, "
            "Skyvane aerial, Pintera, Lumio. Investors liked them.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("list-tail", body))
    for name in ("Zentrik", "Brisk Global", "Telmora Works", "Quorvia Lab", "Ostrel",
                 "Skyvane aerial", "Pintera", "Lumio"):
        expect(orgs, name)
    absent(orgs, "Skyvane")


def test_companies_of_a_named_park_before_a_dash_or_colon_are_listed(nlp):
    body = ("The visitors were shown the work of a resident company of  Orvane Technopark – "
            "Quillon (3D maps of city blocks). The companies of the Delfin Science Park: Ostrava "
            "Works and Brindle also presented.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("of-park-list", body))
    for name in ("Quillon", "Ostrava Works", "Brindle"):
        expect(orgs, name, "company")
    expect(orgs, "Orvane Technopark")


def test_a_quoted_name_after_a_company_noun_is_a_company(nlp):
    body = ("During the visit to the company \u201dTarvex\u201d, the director showed small "
            "satellites. The delegation then went to a startup called \"Norrow Analytics\", "
            "which builds offshore sensors. A platform called \"Bright Start\" was presented.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("quoted-company", body))
    expect(orgs, "Tarvex", "company")
    expect(orgs, "Norrow Analytics", "company")
    absent(orgs, "Bright Start")


def test_an_apposition_headed_by_an_organisation_noun_names_an_organisation(nlp):
    body = ("Velmar Innovation signed partnerships with Korvath, the state research institute "
            "specialising in forestry. V-Hub signed a tripartite MoU with Choose Harnby, an economic "
            "development organisation.\n\n"
            "Maria Lopez, the head of the agency, spoke. Ivan Petrov, the institute's director, "
            "agreed.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("appos", body))
    expect(orgs, "Korvath", "academic")
    expect(orgs, "Choose Harnby")
    absent(orgs, "Maria Lopez", "Ivan Petrov")


def test_a_unit_named_with_its_parent_is_one_organisation(nlp):
    body = ("The first categories included the Brno Innovation Center and the Technology Center of "
            "the Moravian Academy of Sciences. The Technology Park of Institute of Optics hosted "
            "the Delta Region Institute of Qinghe University.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("unit-of", body))
    expect(orgs, "Technology Center of the Moravian Academy of Sciences")
    expect(orgs, "Technology Park of Institute of Optics", "technology_park")
    expect(orgs, "Delta Region Institute of Qinghe University", "academic")
    absent(orgs, "Moravian Academy of Sciences", "Qinghe University")


def test_a_universitys_field_list_stays_in_its_name(nlp):
    body = ("Parks are being created at the Naryn State University of Construction, Transport and "
            "Architecture and at the Balkan University of IT, Engineering and Management Sciences. "
            "He studied at the University of Tartu, Tallinn and Riga.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("fields", body))
    expect(orgs, "Naryn State University of Construction, Transport and Architecture", "academic")
    expect(orgs, "Balkan University of IT, Engineering and Management Sciences", "academic")
    expect(orgs, "University of Tartu", "academic")
    absent(orgs, "Naryn State University of Construction", "Balkan University of IT",
           "University of Tartu, Tallinn and Riga")


def test_an_acronym_inside_a_name_before_its_head(nlp):
    body = ("Riga, 2 February 2021 - The National Science, Technology and Innovation (NSTI) Office "
            "and the Latvian Electronics and Electrical Equipment (VELEE) Cluster signed an "
            "agreement. The NSTI Office will fund VELEE Cluster members.")
    orgs, mentions = find_organisations(nlp(body), ArticleInput("inner-acr", body))
    office = expect(orgs, "National Science, Technology and Innovation Office", "government_body")
    assert {"NSTI Office", "NSTI"} <= set(office.aliases) | {office.name}
    cluster = expect(orgs, "Latvian Electronics and Electrical Equipment Cluster")
    assert "VELEE Cluster" in set(cluster.aliases) | {cluster.name}
    assert len(orgs) == 2, [o.name for o in orgs]
    assert {m.surface for m in mentions} >= {
        "National Science, Technology and Innovation (NSTI) Office", "NSTI Office"}


def test_city_regions_metropolitan_cities_and_engineering_cities(nlp):
    body = ("The deal, signed by Kim Soo, Mayor of Daegu Metropolitan City, will see the cities "
            "collaborate. The Leeds City Region delegation visited the Engineering City in Yerevan. "
            "Officials from Tashkent Region and Ho Chi Minh City attended.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("cities", body))
    expect(orgs, "Daegu Metropolitan City", "government_body")
    expect(orgs, "Leeds City Region", "government_body")
    expect(orgs, "Engineering City", "technology_park")
    absent(orgs, "Tashkent Region", "Ho Chi Minh City")


def test_presidencies_and_executive_offices(nlp):
    body = ("The delegation included representatives of the Presidential Executive Office. "
            "The Vice Presidency for Science, Technology and "
            "Digital Economy met the Vice-Presidency for Science and Industry Affairs.\n\n"
            "Executive Director Anna Berg spoke.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("presidency", body))
    expect(orgs, "Presidential Executive Office", "government_body")
    expect(orgs, "Vice Presidency for Science, Technology and Digital Economy",
           "government_body")
    expect(orgs, "Vice-Presidency for Science and Industry Affairs", "government_body")
    absent(orgs, "Vice Presidency for Science", "Executive Director Anna Berg", "Anna Berg")


def test_a_surname_the_text_gives_a_person_is_no_organisation(nlp):
    body = ("Prime Minister Jaan Kallasmaa opened the Tartu Science Park, a start-up accelerator "
            "bringing together companies and investors. Kallasmaa is also meeting with President "
            "Arvo Kask. According to Kallasmaa, Estonian entrepreneurs are keen.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("surname", body))
    expect(orgs, "Tartu Science Park", "technology_park")
    absent(orgs, "Kallasmaa", "Jaan Kallasmaa")
    # a name spaCy reads as a person's is no surname of another ("TusPark Cambridge")
    body = ("Guests heard about the Cambridge Science Park, where Tusvik Cambridge is based, "
            "and Tusvik Cambridge's role. Tusvik Cambridge is one of its hubs.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("surname2", body))
    expect(orgs, "Tusvik Cambridge")


def test_companies_listed_before_are_among_firms(nlp):
    body = ("Kessler & Voss and Ledgerline are among firms that have been offering legal services to "
            "Jiangsu enterprises. Zentavo, Brisk Labs and Quorvia are among the leading companies in "
            "the park. Anna Berg and Mati Kask are among the guests.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("among", body))
    for name in ("Kessler & Voss", "Ledgerline", "Zentavo", "Brisk Labs", "Quorvia"):
        expect(orgs, name, "company")
    absent(orgs, "Anna Berg", "Mati Kask")


def test_a_city_region_is_a_government_unless_the_name_goes_on(nlp):
    body = ("The visit saw Harnby City Region Open Data Cooperative and Velmora Techno Park sign a "
            "letter of intent. Generally, a data centre means a special space where servers run.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("region-on", body))
    absent(orgs, "Harnby City Region", "Generally")
    expect(orgs, "Velmora Techno Park", "technology_park")


# ---------------------------------------------------------------- types from a misleading head

@pytest.mark.parametrize("name, expected", [
    # a foundation funds (an investor) unless its words make it an incubator or a body of
    # several states
    ("Ardenne Science Foundation", "investor"),
    ("Business Incubator Foundation", "incubator_accelerator"),
    ("Eurasian Science Foundation", "intergovernmental_organisation"),
    ("Eurasian Venture Foundation", "investor"),
    # a multilateral corporation
    ("Islamic Corporation for Trade Finance", "intergovernmental_organisation"),
    ("United Widget Corporation", "company"),
    # centres of studies and of excellence are research bodies; an incubation centre incubates
    ("Centre for Strategic Studies", "academic"),
    ("Photonics Center of Excellence", "academic"),
    ("National Incubation Center for Space Technologies", "incubator_accelerator"),
    # a park's administration or development authority is the park (the guide: one actor)
    ("Lakeside Technopolis Development Authority", "technology_park"),
    ("Science Park Administration", "technology_park"),
    ("STP Administration", "technology_park"),
    ("Presidential Administration", "government_body"),
    ("Peak Moors National Park Authority", "government_body"),  # a nature park
    # a park's acronym with only places after it
    ("STP Novi Sad", "technology_park"),
    ("NTP of RAS", "technology_park"),
    ("HTTP Solutions", None),
    # a state fund is a state body; a named or venture fund an investor
    ("State Fund for Digital Development", "government_body"),
    ("Fund for Innovation and Technology Development", "investor"),
    ("Northwind Seed Fund", "investor"),
    ("Venture Development Fund", "investor"),
    # a bilateral or intergovernmental commission is intergovernmental
    ("Latvia-Estonia Commission for Economic Cooperation", "intergovernmental_organisation"),
    ("Intergovernmental Commission for Trade", "intergovernmental_organisation"),
    ("State Commission for Standards", "government_body"),
    # a startup mission runs incubators; a permanent mission is a state body
    ("Goa Startup Mission", "incubator_accelerator"),
    ("Permanent Mission of Chile", "government_body"),
    ("Enterprise Europe Network", "intergovernmental_organisation"),
    ("Regional Mentors Network", "association"),
    # the company that runs a park is the park; a park's holding company is a company
    ("Lakeside Science and Technology Parks Corporation", "technology_park"),
    ("Oakridge Technology Park Limited", "technology_park"),
    ("Oakridge Park Holdings Corporation", "company"),
    ("Oakridge Software Corporation", "company"),
    ("Park Systems Corporation", "company"),  # Park: a surname, not a park
    # investment companies and sovereign funds invest
    ("Ruritania Investment Company", "investor"),
    ("Ruritania Sovereign Investment Authority", "investor"),
    ("Ruritania Civil Aviation Authority", "government_body"),
    # a named laboratory is a research body; an innovation lab an incubator
    ("Hartley Laboratory", "academic"),
    ("Startup Innovation Laboratory", "incubator_accelerator"),
    # place + agency noun: a state agency; the same noun in a company name says nothing
    ("Finnish Enterprise", "government_body"),
    ("Enterprise Latvia", "government_body"),
    ("Hartley Enterprise", None),
    # a research organisation is a research institute; a body of several states stays one
    ("Zarvian Research Organization for Science and Technology", "academic"),
    ("Velmar Organisation for Applied Scientific Research", "academic"),
    ("Eurasian Research Organisation", "intergovernmental_organisation"),
    ("Zarvian Trade Promotion Organization", "other"),
])
def test_type_when_the_head_alone_misleads(name, expected):
    assert type_of(analyse(name)) == expected


def test_a_state_name_holding_a_country_name_is_the_state():
    # "New Jersey" is a US state, not Jersey; "New Mexico" not Mexico
    assert analyse("New Jersey Institute of Computing").countries == ()
    assert analyse("Choose New Mexico").countries == ()
    assert analyse("Jersey Innovation Centre").countries == ("JE",)
    # an ocean named with a demonym is no country
    assert analyse("Indian Ocean Research Network").countries == ()
    # a possessive country is the country
    assert analyse("Kenya's Embassy in Rome").countries == ("KE",)


def test_country_of_state_embassy_and_possessive(nlp):
    body = ("TRENTON, May 4 - The New Jersey Institute of Computing opened a robotics lab. "
            "Kenya's Embassy in Rome hosted the Rome Technopole delegation on Friday.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("states", body))
    expect(orgs, "New Jersey Institute of Computing", "academic", "US")
    expect(orgs, "Kenya's Embassy in Rome", "government_body", "KE")


def test_a_ministers_name_after_a_coordinated_portfolio_is_not_the_ministry(nlp):
    body = ("Ruritanian Minister of Industry and Technology Oskar Velimir Brandt opened the "
            "Brandt Valley Technopark. The Minister of Trade and Industry of the Republic of "
            "Ruritania also came.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("minister-name", body))
    expect(orgs, "Ministry of Industry and Technology", "government_body")
    absent(orgs, "Ministry of Industry and Technology Oskar", "Ministry of Industry and Technology Oskar Velimir")
    # a place after the portfolio stays in the name
    expect(orgs, "Ministry of Trade and Industry of the Republic of Ruritania", "government_body")


def test_a_persons_name_after_a_bodys_head_noun_is_cut(nlp):
    body = ("The Vice Chairman of Binh Duong Provincial People's Committee Mai Hung Dung visited "
            "Danang Software Park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("head-person", body))
    absent(orgs, "Binh Duong Provincial People's Committee Mai Hung Dung")
    expect(orgs, "Binh Duong Provincial People's Committee")


def test_described_type_reads_appositions_copulas_and_nouns_before_a_name():
    from pipeline.extract.org_described import described_type
    assert described_type("Zelvora, a Kazakh accelerator, said.", ["Zelvora"]) == "incubator_accelerator"
    assert described_type("Brindo is the state-owned innovation agency.", ["Brindo"]) == "government_body"
    assert described_type("It met the accelerator Quorvex on Monday.", ["Quorvex"]) == "incubator_accelerator"
    assert described_type("Another Ankara university, Hacetto, and its park.", ["Hacetto"]) == "academic"
    assert described_type("Talvo, a co-working space in Riga, hosted it.", ["Talvo"]) == "incubator_accelerator"
    assert described_type("Norvani, a non-governmental organisation working on it.", ["Norvani"]) == \
        "association"
    assert described_type("Vantor, the country's largest technology park operator, grew.", ["Vantor"]) == \
        "company"
    # a clause, not a description; a noun after a possessor of another; no description
    assert described_type("Together with Huaron, a centre will be set up.", ["Huaron"]) is None
    assert described_type("The Zelvora board met.", ["Zelvora"]) is None


def test_a_headless_name_takes_the_type_its_description_gives(nlp):
    body = ("Dorvex SME, an agency of the Dubrava Economy department, signed an MoU with NovaForge "
            "on Monday. NovaForge is a Tbilisi-based accelerator.\n\n"
            "The signing took place at Talvora, a co-working space in Riga. Kelvani, a "
            "non-governmental organisation, joined them.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("described", body))
    expect(orgs, "Dorvex SME", "government_body")
    expect(orgs, "NovaForge", "incubator_accelerator")
    expect(orgs, "Talvora", "incubator_accelerator")
    expect(orgs, "Kelvani", "association")


def test_housed_by_academic_reads_a_unit_placed_at_a_university():
    from pipeline.extract.org_described import housed_by_academic
    assert housed_by_academic("It met at the Nerith Centre (NC) at The University of Calvora.",
                              ["Nerith Centre"])
    assert housed_by_academic("He toured the Orsel Centre at the renowned Brannock Laboratory, "
                              "where", ["Orsel Centre"])
    assert housed_by_academic("partners include the University of Tavros’ Centre for Urban "
                              "Design.", ["Centre for Urban Design"])
    # placed at a park, not at a university; no place at all
    assert not housed_by_academic("a meeting at the Zorvan Centre at Velbrook Technology Park.",
                                  ["Zorvan Centre"])
    assert not housed_by_academic("The Zorvan Centre signed it.", ["Zorvan Centre"])


def test_a_centre_at_a_university_is_academic_unless_it_incubates(nlp):
    body = ("The Velmora Minister opened the Quantel Innovation Centre at the University of "
            "Harnby on Monday. He also visited the Dravik Incubation Centre at Harnby Institute "
            "of Technology, and the Sorrel Innovation Centre in the city.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("centres", body))
    expect(orgs, "Quantel Innovation Centre", "academic")
    expect(orgs, "Dravik Incubation Centre", "incubator_accelerator")
    expect(orgs, "Sorrel Innovation Centre", "incubator_accelerator")

def test_a_registry_name_with_a_place_is_typed_as_its_parent(nlp):
    # a local branch or office ("<Name> <Country>") is what the registry says its parent
    # is; it does not take the parent's id or country
    body = ("CSIRO Kenya signed a memorandum with the Nairobi Innovation Agency on Monday. The "
            "director of BNDES Peru also attended.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("branches", body))
    o = expect(orgs, "CSIRO Kenya", "academic", "KE")
    assert o.registry_id is None
    expect(orgs, "BNDES Peru", "investor")

def test_defined_type_reads_the_spelled_out_form_of_an_acronym():
    from pipeline.extract.org_described import defined_type
    body = ("The event was co-organised by the Zarvian Research Agency (ZRA), Office of Science "
            "and Technology (OSTX) and the Velmar Council. Later OSTX and QPLX met. The "
            "Science Policy Institute of Velmar (SPIV) spoke.")
    assert defined_type(body, "OSTX") == "government_body"
    assert defined_type(body, "ZRA") == "government_body"
    assert defined_type(body, "QPLX") is None  # never spelled out
    # the spelled-out form is another organisation of the article: the acronym repeats it
    assert defined_type(body, "SPIV", ("Science Policy Institute of Velmar",)) is None
    assert defined_type(body, "SPIV") == "academic"


def test_an_organisation_named_by_its_acronym_takes_the_type_of_its_spelled_out_form(nlp):
    body = ("The forum was co-organized by the Zarvian Research Promotion Agency (ZRPA), Office of "
            "Science and Technology (OSTX), Zarvian Consulate General Velmar Commercial Section and "
            "Zarvian Technology Corporation. Jan Holt, Minister at the Zarvian Embassy in Velmar "
            "and Director of OSTX, moderated the event.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("acronym-defined", body))
    expect(orgs, "OSTX", "government_body")


def test_a_national_assembly_is_a_government_body_and_an_sme_assembly_no_organisation(nlp):
    body = ("The memorandum was signed by Arman Tulegen, Chairman of the National Assembly of "
            "Velmaria, and the Zarvian Research Agency. Later the delegation attended the SME "
            "Assembly in Brussels.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("assembly", body))
    expect(orgs, "National Assembly of Velmaria", "government_body")
    absent(orgs, "SME Assembly")


def test_footnote_digit_after_country_is_no_part_of_name():
    # a footnote number glued to a closing country name; brands with digits keep them
    assert analyse("Trade Norway2").text == "Trade Norway"
    assert analyse("Business Sweden12").text == "Business Sweden"
    assert analyse("Harbour Dock71").text == "Harbour Dock71"
    assert analyse("Growth Africa60").text == "Growth Africa60"
    assert analyse("Sweden2").text == "Sweden2"


def test_a_campus_city_after_a_spaced_dash_is_a_form_of_an_institutions_name(nlp):
    # writers add " - <City>" to an institution's name or leave it out: both forms name it
    body = ("Lecturers from the Quaid Institute of Business Studies - Larkana and the Indus Valley "
            "Polytechnic - Hyderabad joined the bootcamp run by Sindhora Tech Park. The Brevik "
            "University - Oslo Branch Office was not involved.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("dash-campus", body))
    quaid = expect(orgs, "Quaid Institute of Business Studies - Larkana")
    assert expect(orgs, "Quaid Institute of Business Studies") is quaid
    assert expect(orgs, "Indus Valley Polytechnic") is expect(orgs, "Indus Valley Polytechnic - Hyderabad")
    absent(orgs, "Brevik University - Oslo")


def test_a_sessions_ordinal_is_no_part_of_a_councils_name(nlp):
    body = ("The 9th Kazakh-Finnish Council for Industrial and Technical Cooperation met in "
            "Helsinki, where the council's co-chairs visited Otaniemi Science Park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("ordinal", body))
    expect(orgs, "Kazakh-Finnish Council for Industrial and Technical Cooperation")
    absent(orgs, "9th Kazakh-Finnish Council for Industrial and Technical Cooperation")


def test_a_head_noun_after_a_hyphen_heads_the_name(nlp):
    body = ("The delegation toured Tech-Park Varnel and met members of the Baltic IT-Cluster "
            "and of the Ostrava Science-Park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("hyphen-head", body))
    expect(orgs, "Tech-Park Varnel", "technology_park")
    expect(orgs, "Baltic IT-Cluster", "it_cluster")
    expect(orgs, "Ostrava Science-Park", "technology_park")


def test_a_bare_acronym_listed_with_a_named_organisation_is_one(nlp):
    body = ("The memorandum was signed between KVARO and Kalnik Technopark on Monday. The "
            "optimisation of the oil output of VOLNEX was also discussed.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("acr-list", body))
    expect(orgs, "KVARO")
    expect(orgs, "Kalnik Technopark")
    absent(orgs, "VOLNEX")  # named once, alone: no sign it is an organisation


def test_a_name_never_ends_or_starts_inside_a_hyphenated_word(nlp):
    # "Co-operation" is no legal form "Co"; "Agri-Food" no town "Agri"; "High-tech" in a
    # minister's portfolio keeps its lower-case half; "Tech-Park Tartu" is no person "Park"
    body = ("The district will form part of the Norland-Vesta Science & Technology Innovation "
            "Co-operation Zone. The first incubator of the Velmar Innovation Center for "
            "Agri-Food (VICAF) opens in 2025. It was announced by the Deputy Minister of "
            "High-tech Manufacturing of Velmaria. Officials said Tech-Park Tartu, founded in 2009, "
            "now hosts forty firms.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("hyphen-bounds", body))
    expect(orgs, "Norland-Vesta Science & Technology Innovation Co-operation Zone")
    o = expect(orgs, "Velmar Innovation Center for Agri-Food", "incubator_accelerator")
    assert o.country != "TR"
    expect(orgs, "Ministry of High-tech Manufacturing of Velmaria", "government_body")
    expect(orgs, "Tech-Park Tartu", "technology_park")
    absent(orgs, "Norland-Vesta Science & Technology Innovation Co",
           "Velmar Innovation Center for Agri", "Ministry of High", "Ministry of High of Velmaria",
           "Park Tartu")


def test_a_hyphenated_given_name_before_park_stays_a_person(nlp):
    body = ("The memorandum was signed with Dr. Jun-byeong Park, President of the Velmar "
            "Techno Park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("hyphen-person", body))
    absent(orgs, "Jun-byeong Park")
    expect(orgs, "Velmar Techno Park", "technology_park")


def test_the_first_of_a_kind_is_a_description_not_a_name(nlp):
    # "the first IT Park in Velmaria" names a kind of place, as "a new Hub" does; a name
    # with a word of its own after "first" stays ("the first Orvana Technology Park")
    body = ("The ministry and Norvik Digital plan to build the first IT Park in Velmaria. The "
            "delegation visited the first Science and Technology Park in Zarvia. The project "
            "is the 4th generation Technology Park in the region. Later they toured the first "
            "Orvana Technology Park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("first-of-kind", body))
    absent(orgs, "IT Park", "Science and Technology Park", "Technology Park")
    expect(orgs, "Orvana Technology Park", "technology_park")


def test_a_bodys_steering_committee_or_board_of_governors_is_a_unit_not_an_organisation(nlp):
    body = ("The plan was approved by the Steering Committee of Velmar University. Her deputy "
            "attended the annual meeting of the Board of Governors of the Zarvian Development "
            "Bank. Lin Ou, Deputy Director of the Administrative Committee, met the Velmar State "
            "Committee for Metrology.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("units", body))
    absent(orgs, "Steering Committee", "Board of Governors", "Administrative Committee")
    expect(orgs, "Velmar University", "academic")
    expect(orgs, "Zarvian Development Bank")
    expect(orgs, "Velmar State Committee for Metrology", "government_body")


def test_an_acronym_leaves_out_the_country_that_ends_the_name(nlp):
    # "OTP" abbreviates "Orvana Technology Park" without its trailing "of <country>"
    body = ("Norvik Digital signed an agreement with the Orvana Technology Park of Uzbekistan "
            "on Monday. Under the deal, OTP will host ten start-ups.")
    orgs, mentions = find_organisations(nlp(body), ArticleInput("acr-place", body))
    park = expect(orgs, "Orvana Technology Park of Uzbekistan", "technology_park")
    assert "OTP" in ent_of(orgs, mentions, park)
    assert not any(o.name == "OTP" for o in orgs)


def test_a_bare_acronym_keeps_the_type_its_sentence_gives(nlp):
    # "the companies Brivex and ZENTA": the acronym is a company as its list mate is
    body = ("The minister also visited the companies Brivex and ZENTA in a short tour through "
            "the Orvana Technology Park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("acr-type", body))
    expect(orgs, "Brivex", "company")
    expect(orgs, "ZENTA", "company")



def test_a_name_ending_in_its_city_is_also_known_without_it(nlp):
    # writers add or leave out the city after an institution's name; "University of
    # Lahore" keeps its city, which is the name itself
    body = ("Norvik Digital signed an agreement with the Velmar University of Engineering and "
            "Technology Karachi on Monday. The University of Lahore joined later.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("city-tail", body))
    expect(orgs, "Velmar University of Engineering and Technology", "academic")
    expect(orgs, "Velmar University of Engineering and Technology Karachi")
    assert find(orgs, "University") is None
    lahore = expect(orgs, "University of Lahore")
    assert lahore.aliases == [] or "University" not in lahore.aliases


def test_an_acronym_after_a_company_description_names_that_company(nlp):
    # "State Oil Company ZORCO": the acronym alone later names the same company
    body = ("The memorandum was signed between Velmaria’s State Oil Company ZORCO and the "
            "Orvana Technology Park. The deal lets ZORCO send engineers to the park.")
    orgs, mentions = find_organisations(nlp(body), ArticleInput("desc-acr", body))
    firm = expect(orgs, "ZORCO", "company")
    assert firm.name == "ZORCO"  # its name, as other articles write it
    assert ent_of(orgs, mentions, firm).count("ZORCO") == 1
    assert len([o for o in orgs if "ZORCO" in o.name]) == 1


def test_a_registry_other_yields_to_a_name_that_types_itself(nlp, monkeypatch):
    # a registry "other" says only that the entry fits no type; the name's head says more
    from types import SimpleNamespace

    from pipeline.extract import org_resolve

    entries = {
        "Velmoor Science Park": SimpleNamespace(
            registry_id="zz-velmoor", org_type="other", country="CN", city=None,
            name="Velmoor Science Park", aliases=(), acronyms=()),
    }
    real = org_resolve.registry_lookup
    monkeypatch.setattr(org_resolve, "registry_lookup",
                        lambda form, cc=None: entries.get(form) or real(form, cc))
    body = "The Quorvia Incubator opened an office in the Velmoor Science Park in China."
    orgs, _ = find_organisations(nlp(body), ArticleInput("reg-other", body))
    expect(orgs, "Velmoor Science Park", "technology_park")


@pytest.mark.parametrize("name", ["Norland Information Technology Board",
                                  "Greater Velmoor Business Board"])
def test_a_named_board_is_a_government_body(name):
    # "Board" is a weak head (it names nothing after most field words); a board with a
    # proper name is still a statutory board, not the company default of headless names
    assert type_of(analyse(name)) == "government_body"
    # ... but a park's or a company's management board is an organ of it
    assert type_of(analyse("Orvana Management Board")) is None


@pytest.mark.parametrize("name,org_type", [
    ("Velmoor Industrial Park", "other"),
    ("Parc d'Activités Economiques de Norvale", "other"),
    ("Orvana Supporting Industrial Park", "other"),
    ("Norland Science and Industrial Park", "technology_park"),
    ("Velmoor Industrial Technology Park", "technology_park"),
    ("Orvana Technology Park", "technology_park"),
])
def test_an_industrial_park_is_no_technology_park(name, org_type):
    # technology_park is for science/technology/IT parks; an industrial or economic-activity
    # estate without such a field word is "other"
    assert type_of(analyse(name)) == org_type


def test_a_unit_head_that_stands_alone_is_a_body_of_its_own(nlp):
    # "Department", "Commission", "Centre" name a part of another body when the text
    # attaches them to it ("Director of the Department of X", "X of Y University"); named
    # on their own, or with their own acronym, they are organisations
    body = ("The Department of Harbours said on Monday that it had approved the plan. The "
            "Higher Skills Commission (HSC) will fund the training at Velmar University's "
            "Advanced Materials Centre. Ana Lima, Director of the Department of Economics, "
            "welcomed the decision.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("unit-alone", body))
    expect(orgs, "Department of Harbours")
    expect(orgs, "Higher Skills Commission")
    expect(orgs, "Advanced Materials Centre")
    absent(orgs, "Department of Economics")


def test_a_bare_acronym_used_as_a_noun_of_its_own_is_an_organisation(nlp):
    # named once, with no long form in the text: "relations with KORVA and ..." names an
    # organisation; "the KORVA framework" or "(YFP)" after a programme does not
    body = ("The minister spoke about the existing relations with KORVA and noted the need "
            "for new laboratories. The Orvana Technology Park also joined the DELTRA "
            "framework and the Young Founders Programme (YFP).")
    doc = nlp(body)
    orgs, _ = find_organisations(doc, ArticleInput("bare-acr", body))
    if not any(e.text == "KORVA" and e.label_ == "ORG" for e in doc.ents):
        pytest.skip("the spaCy model does not read KORVA as an organisation here")
    expect(orgs, "KORVA")
    absent(orgs, "DELTRA", "YFP")


def test_a_vice_president_for_a_field_names_a_state_vice_presidency(nlp):
    body = ("Ecuador's Vice President for Research, Innovation and Science-Based Industry "
            "Omid Varesh toured the Calderon Technology Park. Last year the Vice-President of "
            "Innovation and Digital Economy, Dara Kolbeh, signed an accord with the park. "
            "According to the press office of the Vice-Presidency for research and innovation "
            "affairs, a fair follows.\n\n"
            "Zentrik Vice President for Business Development Jon Smeed, Executive Vice President "
            "of Research Ana Lenz and Ivo Brak, Vice President of Research at Telarix, attended.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("vice-presidency", body))
    o = expect(orgs, "Vice-Presidency for Research, Innovation and Science-Based Industry")
    assert "Vice President for Research, Innovation and Science-Based Industry" in o.aliases
    expect(orgs, "Vice-President of Innovation and Digital Economy")
    expect(orgs, "Vice-Presidency for research and innovation affairs")
    absent(orgs, "Vice-Presidency", "Vice-Presidency for Business Development",
           "Vice-Presidency for Research", "Vice President of Research")


def test_an_acronym_and_the_place_after_it_are_one_name(nlp):
    body = ("The programme is run by KDB Kenya with the support of Telarix. ZTX Accra signed a "
            "memorandum with the Calderon Technology Park, and KDB Kenya's director spoke.")
    orgs, mentions = find_organisations(nlp(body), ArticleInput("acr-place", body))
    expect(orgs, "KDB Kenya")
    expect(orgs, "ZTX Accra")
    absent(orgs, "KDB", "ZTX")
    assert {m.rule for m in mentions if m.surface == "ZTX Accra"} == {"acr_place"}


def _span_cand(ctx, body: str, name: str):
    """A candidate read by the span model over `name` in `body`, judged like span_cands does."""
    from pipeline.extract.org_candidates import Cand, attach_context, judge
    cs = body.index(name)
    ce = cs + len(name)
    start = next(i for i in range(ctx.n) if ctx.idx[i] == cs)
    end = next(i for i in range(ctx.n) if ctx.tend(i) == ce) + 1
    c = Cand(start=start, end=end, cs=cs, ce=ce, rule="span_model", label=ctx.ent_label[start])
    attach_context(ctx, [c])
    judge(ctx, c)
    return c


def test_a_unit_the_span_model_reads_goes_like_the_head_rule_one(nlp):
    # the head-noun rule drops "Department of X" attached to another body; the span model
    # may read the same name, and must not bring the part back as an organisation
    body = ("Mira Lund, director of the Department of Robotics and Automation at "
            "Northport Technical University, met the delegation. The Bureau of Fisheries "
            "announced new quotas.")
    ctx, cands = find_candidates(nlp(body))
    unit = "Department of Robotics and Automation"
    assert any(body[c.cs:c.ce] == unit and c.drop == "unit" for c in cands)
    assert _span_cand(ctx, body, unit).drop == "unit"
    assert _span_cand(ctx, body, "Northport Technical University").drop is None


def test_a_name_ending_in_a_plural_head_is_a_group_not_an_organisation(nlp):
    # "visited Coastal Free Trade Zones": several bodies of one kind; a
    # plural after "of" ("Association of Science Parks") is not the head and stays
    body = ("The guests from the Aalvik Science Park visited Coastal Free Trade "
            "Zones in the south and met the Association of Coastal Science Parks.")
    ctx, cands = find_candidates(nlp(body))
    assert _span_cand(ctx, body, "Coastal Free Trade Zones").drop == "group"
    assert _span_cand(ctx, body, "Association of Coastal Science Parks").drop is None
    orgs, _ = find_organisations(nlp(body), ArticleInput("plural-group", body))
    absent(orgs, "Coastal Free Trade Zones")
    expect(orgs, "Association of Coastal Science Parks")
    expect(orgs, "Aalvik Science Park")


def test_a_name_in_apposition_after_a_title_phrase_is_a_person(nlp):
    # "the chairman of the Harnby Assembly, Oskar Brinn, said": the name holds the title; a body
    # named after a comma without a title before it stays a candidate
    body = ("The plan was welcomed by the chairman of the Northern Senate, Aldan Brekov, "
            "and by the Head of International Relations at the Velmar Chamber of Commerce, "
            "Ilse Varganova, who met the guests. The park signed with Velmar Robotics, "
            "Kestrel Dynamics and two banks. Dr. Lena Marsh, Brightwell Orvana, spoke last.")
    ctx, _ = find_candidates(nlp(body))
    assert _span_cand(ctx, body, "Aldan Brekov").drop == "person"
    assert _span_cand(ctx, body, "Ilse Varganova").drop == "person"
    assert _span_cand(ctx, body, "Kestrel Dynamics").drop is None
    assert _span_cand(ctx, body, "Brightwell Orvana").drop is None  # a person, then her firm


def test_items_of_a_list_of_facilities_are_not_organisations(nlp):
    # "facilities such as X, Y and Z": rooms and services of a place; a list of partners
    # opened the same way by another noun stays a list of organisations
    body = ("The new tower of the Orvana Technology Park offers modern facilities, including "
            "a Fitness Studio, Child Care Centre, Bank and Canteen. The park will also open facilities "
            "such as the Marine Robotics Hub and the Biotech Incubation Hub. It works with "
            "partners such as the Velmar Innovation Hub.")
    _, cands = find_candidates(nlp(body))
    dropped = {body[c.cs:c.ce]: c.drop for c in cands}
    assert dropped.get("Child Care Centre") == "facility"
    assert dropped.get("Marine Robotics Hub") == "facility"
    assert dropped.get("Biotech Incubation Hub") == "facility"
    assert dropped.get("Velmar Innovation Hub") is None
    assert dropped.get("Orvana Technology Park") is None


def test_and_next_to_a_plain_adjective_stays_inside_a_descriptive_name(nlp):
    body = ("The Brno Technology Park hosted the President of the Moravian Cloud Computing and Big "
            "Data Association, Petra Novakova, and staff of the Young and Emerging Artists Centre.\n\n"
            "Later, Quorvia and Big Data Institute staff met the park.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("adj-and", body))
    expect(orgs, "Moravian Cloud Computing and Big Data Association")
    expect(orgs, "Young and Emerging Artists Centre")
    absent(orgs, "Big Data Association", "Emerging Artists Centre", "Quorvia and Big Data Institute")


def test_an_organ_named_with_its_parent_is_one_name_but_not_after_a_title(nlp):
    body = ("The Supervisory Board of the Riga Technology Park (RTP) has approved 20 new residents.\n\n"
            "Ilze Berzina, Chairman of the Advisory Board of the Tartu Science Park, welcomed the news.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("organ", body))
    board = expect(orgs, "Supervisory Board of the Riga Technology Park")
    assert "RTP" not in board.aliases  # the acronym in brackets is the park's
    absent(orgs, "Supervisory Board", "Advisory Board of the Tartu Science Park")


def test_a_descriptive_park_name_keeps_its_city(nlp):
    body = ("The Science and Technology Park in Kaunas and the Science and Technology Park in Tartu "
            "signed a memorandum. The Kaunas Science Park in Lithuania and the IT Park in Latvia "
            "attended, as did the Cultural Centre in Kaunas.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("park-city", body))
    expect(orgs, "Science and Technology Park in Kaunas")
    expect(orgs, "Science and Technology Park in Tartu")
    absent(orgs, "Kaunas Science Park in Lithuania", "IT Park in Latvia", "Cultural Centre in Kaunas")


def test_a_place_and_its_office_holder_after_a_title_of_a_place_are_no_organisation(nlp):
    # "the governor of <Province> <Name>": the tagger glues the place to the holder, or
    # gives the holder alone; neither is a body. A company after "President of" stays.
    body = ("The governor of Isfahan Navid Kourani visited the Orvana Technology Park. "
            "President of Burkina Faso Anselmo Trevi Duran (front, second from left) visits "
            "the Velmar Robotics plant. President of El Salvador Anselmo Trevi Duran (front) "
            "toured it too. The President of Velmar Electronics Kim Orvo visited the park.")
    _, cands = find_candidates(nlp(body))
    dropped = {body[c.cs:c.ce]: c.drop for c in cands}
    assert dropped.get("Navid Kourani") == "office-place"
    assert dropped.get("Burkina Faso Anselmo Trevi Duran") == "office-place"
    assert dropped.get("El Salvador Anselmo") == "office-place"
    assert dropped.get("Orvana Technology Park") is None
    assert "office-place" not in {d for t, d in dropped.items() if t.startswith("Velmar")}


def test_a_name_of_generic_words_before_a_kind_noun_is_a_modifier(nlp):
    # "Smart Park projects", "Digital Hub solutions": a kind of thing, not a body; the
    # same words named as a company ("the SUE Smart Park plans ...") stay a candidate
    body = ("The partners back Smart Park development and Digital Hub solutions. "
            "The SUE Smart Park plans to build the first data centre in Varnholm.")
    _, cands = find_candidates(nlp(body))
    drops = [(body[c.cs:c.ce], c.drop) for c in cands]
    assert ("Smart Park", "attributive") in drops
    assert ("Digital Hub", "attributive") in drops
    assert ("SUE Smart Park", None) in drops


def test_a_name_right_after_a_modified_kind_noun_is_a_company_candidate(nlp):
    # "start-up incubator Velto Orlin": spaCy reads a person; the noun of its kind with a
    # modifier before it says it is an organisation; "the" right before the noun is
    # company_spans' case, a date after the noun is nothing
    body = ("The university launched start-up incubator Velto Orlin on Thursday. "
            "It was joined by local accelerator Brisk Ramp for Korvath Founders (BRKF). "
            "The regional firm Monday was mentioned.")
    ctx, cands = find_candidates(nlp(body))
    by_text = {body[c.cs:c.ce]: c for c in cands}
    velto = by_text["Velto Orlin"]
    assert velto.rule == "company" and velto.drop is None
    assert "described:incubator" in velto.evidence
    assert by_text["Brisk Ramp for Korvath Founders"].drop is None
    assert not any(c.rule == "company" and body[c.cs:c.ce] == "Monday" for c in cands)
    orgs, _ = find_organisations(nlp(body), ArticleInput("described", body))
    expect(orgs, "Velto Orlin")


def test_a_coined_brand_and_the_place_after_it_are_one_branch_name(nlp):
    # "Qubit9 Lisbon", "VelPark Porto": like "KDB Kenya", a brand with a digit or a capital
    # inside and a place right after it name a branch; a plain word before a place does not
    body = ("QUBIT9 Lisbon will open in May next to VelPark Porto. "
            "The Grand Lisbon hotel hosted the guests.")
    ctx, cands = find_candidates(nlp(body))
    got = {body[c.cs:c.ce] for c in cands if c.rule == "acr_place"}
    assert got == {"QUBIT9 Lisbon", "VelPark Porto"}


def test_a_working_group_on_a_topic_keeps_its_topic(nlp):
    # "on" continues the name of a body that meets, as in "Council on Exports"
    body = ("The Norland-Vestria Working Group on Robotics met in Darrow with the Ministry of "
            "Harbours on Monday.")
    orgs, _ = find_organisations(nlp(body), ArticleInput("working-group-on", body))
    expect(orgs, "Norland-Vestria Working Group on Robotics")
    expect(orgs, "Ministry of Harbours")


def test_a_field_read_as_a_person_and_a_town_after_a_plural_stay_in_the_name(nlp):
    # "... of Weavers and Small Enterprises": spaCy reads the last item as a person, but a
    # run ending in a plural generic noun is a field; a town after a plural ("... of
    # Applied Faculties Valencia") is no person's name either, so both stay in the name
    body = ("The agency will cooperate with the Veloran Confederation for the Support of "
            "Weavers and Small Enterprises (Velcon Arte) in exchanging their experience. "
            "The results of the Business Incubator of Applied Faculties Valencia were shown.")
    ctx, cands = find_candidates(nlp(body))
    got = {body[c.cs:c.ce] for c in cands if c.rule == "head"}
    assert "Veloran Confederation for the Support of Weavers and Small Enterprises" in got
    assert "Business Incubator of Applied Faculties Valencia" in got
