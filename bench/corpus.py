"""A deterministic generator of article-like text files for benchmarking the pipeline.

Every article is made here from templates and generated names (no text is copied from
anywhere): a headline, an optional dateline ("14 March, 2024"), page furniture (share
bars, menus, "top of page", newsletter prompts) and 300-600 words of body text about
agreements and engagements between technology parks, IT clusters, hubs, incubators,
universities, innovation agencies and ministries from many regions.

Determinism: article i depends only on (seed, i). Its random stream is seeded with the
string "<seed>:<i>" (string seeds go through SHA-512, so they do not depend on
PYTHONHASHSEED), and the organisation pool depends only on the seed. So
`generate_corpus(d, 1, start=N)` adds article N+1 without touching articles 1..N.

    python -m bench.corpus OUT_DIR N [--seed S] [--start K]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

MIN_WORDS = 300
MAX_WORDS = 600

# ------------------------------------------------------------------ reference data
# (country, demonym, cities): many regions, so country and city resolution is exercised.
PLACES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Estonia", "Estonian", ("Tallinn", "Tartu")),
    ("Latvia", "Latvian", ("Riga", "Daugavpils")),
    ("Lithuania", "Lithuanian", ("Vilnius", "Kaunas")),
    ("Finland", "Finnish", ("Helsinki", "Espoo", "Tampere")),
    ("Poland", "Polish", ("Warsaw", "Krakow", "Wroclaw")),
    ("Czech Republic", "Czech", ("Prague", "Brno")),
    ("Slovakia", "Slovak", ("Bratislava", "Kosice")),
    ("Hungary", "Hungarian", ("Budapest", "Debrecen")),
    ("Romania", "Romanian", ("Bucharest", "Cluj-Napoca", "Iasi")),
    ("Bulgaria", "Bulgarian", ("Sofia", "Plovdiv")),
    ("Serbia", "Serbian", ("Belgrade", "Novi Sad")),
    ("Croatia", "Croatian", ("Zagreb", "Split")),
    ("Slovenia", "Slovenian", ("Ljubljana", "Maribor")),
    ("Portugal", "Portuguese", ("Lisbon", "Porto")),
    ("Spain", "Spanish", ("Madrid", "Barcelona", "Valencia")),
    ("Italy", "Italian", ("Milan", "Turin", "Bologna")),
    ("Germany", "German", ("Berlin", "Munich", "Dresden")),
    ("Netherlands", "Dutch", ("Amsterdam", "Eindhoven")),
    ("Ireland", "Irish", ("Dublin", "Cork")),
    ("Georgia", "Georgian", ("Tbilisi", "Batumi")),
    ("Armenia", "Armenian", ("Yerevan", "Gyumri")),
    ("Azerbaijan", "Azerbaijani", ("Baku", "Ganja")),
    ("Kazakhstan", "Kazakh", ("Astana", "Almaty", "Shymkent")),
    ("Uzbekistan", "Uzbek", ("Tashkent", "Samarkand")),
    ("Kyrgyzstan", "Kyrgyz", ("Bishkek", "Osh")),
    ("Tajikistan", "Tajik", ("Dushanbe", "Khujand")),
    ("Mongolia", "Mongolian", ("Ulaanbaatar", "Darkhan")),
    ("Turkey", "Turkish", ("Ankara", "Istanbul", "Izmir")),
    ("Jordan", "Jordanian", ("Amman", "Irbid")),
    ("Egypt", "Egyptian", ("Cairo", "Alexandria")),
    ("Morocco", "Moroccan", ("Rabat", "Casablanca")),
    ("Tunisia", "Tunisian", ("Tunis", "Sfax")),
    ("Nigeria", "Nigerian", ("Lagos", "Abuja")),
    ("Ghana", "Ghanaian", ("Accra", "Kumasi")),
    ("Kenya", "Kenyan", ("Nairobi", "Mombasa")),
    ("Rwanda", "Rwandan", ("Kigali", "Huye")),
    ("Ethiopia", "Ethiopian", ("Addis Ababa", "Bahir Dar")),
    ("South Africa", "South African", ("Cape Town", "Johannesburg")),
    ("Senegal", "Senegalese", ("Dakar", "Thies")),
    ("India", "Indian", ("Bengaluru", "Hyderabad", "Pune")),
    ("Bangladesh", "Bangladeshi", ("Dhaka", "Chittagong")),
    ("Sri Lanka", "Sri Lankan", ("Colombo", "Kandy")),
    ("Vietnam", "Vietnamese", ("Hanoi", "Da Nang")),
    ("Indonesia", "Indonesian", ("Jakarta", "Bandung")),
    ("Malaysia", "Malaysian", ("Kuala Lumpur", "Penang")),
    ("Philippines", "Filipino", ("Manila", "Cebu")),
    ("Thailand", "Thai", ("Bangkok", "Chiang Mai")),
    ("South Korea", "Korean", ("Seoul", "Daejeon")),
    ("Japan", "Japanese", ("Fukuoka", "Sendai")),
    ("Brazil", "Brazilian", ("Sao Paulo", "Recife", "Florianopolis")),
    ("Argentina", "Argentine", ("Buenos Aires", "Cordoba")),
    ("Chile", "Chilean", ("Santiago", "Valparaiso")),
    ("Colombia", "Colombian", ("Medellin", "Bogota")),
    ("Mexico", "Mexican", ("Guadalajara", "Monterrey")),
    ("Peru", "Peruvian", ("Lima", "Arequipa")),
    ("Uruguay", "Uruguayan", ("Montevideo", "Salto")),
    ("Canada", "Canadian", ("Waterloo", "Montreal")),
    ("Australia", "Australian", ("Brisbane", "Adelaide")),
    ("New Zealand", "New Zealand", ("Auckland", "Wellington")),
)

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Syllables for brand names and surnames: the names are invented, never looked up.
BRAND_HEADS = ("Tekno", "Nexa", "Vira", "Sola", "Inno", "Digi", "Kora", "Lumi", "Astra",
               "Zeni", "Orbi", "Novu", "Quanta", "Byte", "Silva", "Cyra", "Meri", "Tala",
               "Vento", "Aro", "Pulsa", "Helio", "Maro", "Iko")
BRAND_TAILS = ("vora", "lab", "polis", "gate", "nova", "ria", "tek", "spark", "field",
               "port", "sphere", "bridge", "wave", "grad", "link", "nest")
FIRST_NAMES = ("Aida", "Amina", "Anna", "Arman", "Bakyt", "Carlos", "Chen", "Daniel",
               "Dilnoza", "Elena", "Emeka", "Farid", "Fatima", "Giorgi", "Hana", "Ines",
               "Ivan", "Jamal", "Jonas", "Kamila", "Kofi", "Laila", "Lucas", "Maria",
               "Marta", "Mehmet", "Nadia", "Nikolai", "Olena", "Oscar", "Priya", "Rashid",
               "Rustam", "Sara", "Tomas", "Wanjiru", "Yusuf", "Zarina", "Ira", "Peteris",
               "Ngozi", "Thabo", "Akira", "Minh", "Ana", "Javier", "Leila", "Kai")
SURNAME_HEADS = ("Ka", "Mar", "Ta", "Ri", "Lo", "Ve", "Sa", "Dor", "Ni", "Bek", "Ul", "Zan",
                 "Pe", "Ol", "Ha", "Mi", "Ro", "Tu", "Gar", "El", "Yes", "Ama", "Obi", "Kir")
SURNAME_TAILS = ("ova", "ev", "ski", "ane", "ini", "ola", "ovic", "sen", "berg", "uli",
                 "yan", "ov", "enko", "ez", "ito", "oye", "anga", "ti", "bekov", "ņa", "şen")

TOPICS = ("artificial intelligence", "fintech", "agritech", "cybersecurity",
          "e-government services", "green energy", "smart city solutions", "edtech",
          "health technology", "logistics software", "robotics", "the Internet of Things",
          "blockchain applications", "game development", "biotechnology", "space technology",
          "open data", "cloud services", "microelectronics", "digital skills training")
FACILITIES = ("coworking space", "testing laboratory", "data centre", "prototyping workshop",
              "incubator floor", "innovation centre", "media studio")

SIGNED_AGREEMENTS = ("memorandum of understanding", "Memorandum of Understanding",
                     "memorandum of cooperation", "cooperation agreement",
                     "partnership agreement", "letter of intent", "roadmap for cooperation")
PLANNED_AGREEMENTS = ("memorandum of understanding", "cooperation agreement",
                      "memorandum on joint projects", "partnership agreement")

FURNITURE_TOP = ("top of page", "Skip to main content",
                 "Home | About | News | Events | Residents | Contacts",
                 "Home / News / Partnerships / Media",
                 "MENU   Home   Programmes   Start-ups   Events   Press")
FURNITURE_SHARE = ("Share: Facebook | Twitter | Telegram",
                   "Share this: Facebook · LinkedIn · X · Email",
                   "Print | Email | Share")
FURNITURE_BOTTOM = ("Subscribe to our newsletter",
                    "Join our mailing list! Don't miss other exciting stories!",
                    "Telegram   /   Instagram   /   LinkedIn",
                    "Tags: technology parks, innovation, partnership",
                    "bottom of page", "top of page")

QUOTES = (
    "Our residents need partners abroad, and this step gives them a direct line to the {pcountry} market",
    "We see {topic} as the area where our two ecosystems complement each other best",
    "Small markets grow faster when they work together, and this is exactly what we are doing today",
    "The start-ups we met in {city} are ready for international investors, and we want to help them get there",
    "This is not a one-off visit: we have agreed on a plan of concrete steps for the next two years",
    "Cooperation between technology parks is the shortest way to share what works and to avoid repeating what does not",
    "Our engineers and their engineers speak the same language when it comes to {topic}",
    "We expect the first joint projects to start before the end of the year",
    "Talent is the scarcest resource in our industry, so exchange programmes matter more than ever",
    "We want companies from {pcountry} to treat our park as their home base in the region",
    "A memorandum is only a piece of paper unless we fill it with projects, and we intend to do that",
    "For us it is important that young companies can test their products in a new market with minimal risk",
    "Digital transformation does not stop at borders, and neither should our cooperation",
    "I am confident that this partnership will bring new investment and new jobs to both regions",
    "Our goal is simple: more exports of software and services, and more companies that scale",
    "We have learned a great deal from our colleagues, especially about how they support early-stage founders",
)

FILLER = (
    "The region's technology sector has grown steadily over the past five years, driven by software exports and a young workforce.",
    "Analysts note that cross-border partnerships between innovation centres have become a common tool for smaller economies.",
    "Resident companies of technology parks often enjoy tax incentives, shared infrastructure and access to mentoring.",
    "Many start-ups in the region still struggle to raise funding beyond the seed stage.",
    "Demand for engineers with cloud and data skills continues to outpace supply.",
    "Local universities have expanded their computer science programmes in response.",
    "Government strategies increasingly treat digital services as an export industry in their own right.",
    "Coworking spaces, accelerators and venture funds now form a small but active ecosystem.",
    "The number of registered IT companies has roughly doubled since the start of the decade.",
    "Remote work has made it easier for small teams to serve clients on other continents.",
    "Observers expect more such agreements as parks compete for foreign residents.",
    "Industry associations have called for simpler visa rules for technology specialists.",
    "Several resident firms already sell their products in neighbouring markets.",
    "Investors have shown growing interest in companies working on {topic}.",
    "Public funding remains important, but private capital is playing a larger role each year.",
    "Mentoring networks connect first-time founders with experienced entrepreneurs.",
    "The ecosystem's weak points are well known: a small domestic market and limited late-stage capital.",
    "Exchange programmes for students and young specialists are another area of cooperation.",
    "Pilot projects with city administrations give start-ups their first reference customers.",
    "Fast connectivity and modern office space are listed among the park's main assets.",
    "Women founders now lead a growing share of the companies in incubation programmes.",
    "Export revenue of the sector reached a record level last year, according to industry estimates.",
)


# ------------------------------------------------------------------ organisations
@dataclass(frozen=True)
class Org:
    """A generated organisation of the pool."""

    name: str
    kind: str          # park, hub, cluster, agency, ministry, incubator, university, association
    country: str
    demonym: str
    city: str
    acronym: str | None = None


_SMALL_WORDS = ("of", "and", "for", "the")


def _acronym(name: str) -> str | None:
    """Initials of the capitalised words ("Nairobi Innovation Cluster" -> "NIC")."""
    letters = "".join(w[0] for w in name.replace("-", " ").split()
                      if w not in _SMALL_WORDS and w[0].isupper())
    return letters if len(letters) >= 2 else None


def _brand(rng: random.Random) -> str:
    return rng.choice(BRAND_HEADS) + rng.choice(BRAND_TAILS)


def _org_names(rng: random.Random, country: str, demonym: str, city: str) -> list[tuple[str, str]]:
    """Candidate (name, kind) pairs for one city of a country."""
    brand = _brand(rng)
    return [
        (f"{city} Technology Park", "park"),
        (rng.choice((f"{city} Science and Technology Park", f"Technology Park {city}",
                     f"{brand} Technopark", f"High Technology Park of {country}")), "park"),
        (rng.choice((f"IT Park {country}", f"{city} IT Park")), "park"),
        (rng.choice((f"{city} Innovation Hub", f"{brand} Hub", f"{country} Digital Hub")), "hub"),
        (rng.choice((f"{demonym} IT Cluster", f"{city} IT Cluster", f"{city} Software Cluster")), "cluster"),
        (rng.choice((f"{demonym} Innovation Agency", f"Innovation Agency of {country}",
                     f"{country} Digital Agency")), "agency"),
        (rng.choice((f"Ministry of Digital Development of {country}",
                     f"{demonym} Ministry of Digital Development",
                     f"Ministry of Innovation and Technology of {country}",
                     f"{demonym} Ministry of Foreign Affairs")), "ministry"),
        (rng.choice((f"{city} Startup Incubator", f"{brand} Startup Incubator",
                     f"{brand} Accelerator")), "incubator"),
        (rng.choice((f"{city} Technical University", f"University of {city}",
                     f"{city} State University of Technology")), "university"),
        (rng.choice((f"{demonym} Association of Software Companies",
                     f"Association of Technology Parks of {country}")), "association"),
    ]


@lru_cache(maxsize=8)
def org_pool(seed: int = 0) -> tuple[Org, ...]:
    """The organisations articles draw from: about 1,000, fixed for a seed (never for N),
    so the same organisation recurs across articles as it would in real news."""
    rng = random.Random(f"techbridges-bench-pool:{seed}")
    orgs: list[Org] = []
    seen: dict[str, None] = {}   # dict, not set: iteration order must not depend on hashing
    for country, demonym, cities in PLACES:
        for city in cities:
            for name, kind in _org_names(rng, country, demonym, city):
                if name in seen:
                    continue
                seen[name] = None
                acr = _acronym(name) if rng.random() < 0.35 else None
                orgs.append(Org(name, kind, country, demonym, city, acr))
    return tuple(orgs)


# ------------------------------------------------------------------ one article
ROLES = {
    "park": ("CEO", "director", "head of international relations", "chairman of the board"),
    "hub": ("CEO", "founder", "programme director"),
    "cluster": ("chair", "managing director", "head of international cooperation and export"),
    "agency": ("director general", "head of the start-up department", "deputy director"),
    "ministry": ("minister", "deputy minister", "head of the digital economy department"),
    "incubator": ("managing partner", "programme manager", "founder"),
    "university": ("rector", "vice-rector for research", "dean of computer science"),
    "association": ("president", "executive director", "board member"),
}
GENERIC = {"park": "the park", "hub": "the hub", "cluster": "the cluster",
           "agency": "the agency", "ministry": "the ministry", "incubator": "the incubator",
           "university": "the university", "association": "the association"}


@dataclass
class _Story:
    """Everything one article's templates share: its random stream, cast and dates."""

    rng: random.Random
    a: Org
    b: Org
    funder: Org
    extra: list[Org]
    published: dt.date
    city: str
    country: str
    event: str
    topics: list[str]
    defined: dict[str, None] = field(default_factory=dict)   # acronyms already introduced
    named: dict[str, None] = field(default_factory=dict)     # orgs already named in full
    speakers: dict[str, tuple[str, str]] = field(default_factory=dict)  # org name -> (person, role)
    quoted: dict[str, None] = field(default_factory=dict)    # persons already introduced
    quotes: list[str] = field(default_factory=list)          # unused quote sentences
    _next_topic: int = 0

    def first(self, org: Org, with_country: bool = False) -> str:
        """A first mention: the full name, sometimes with "(ACR)" or "(Country)"."""
        self.named[org.name] = None
        if org.acronym and org.acronym not in self.defined and self.rng.random() < 0.7:
            self.defined[org.acronym] = None
            return f"{org.name} ({org.acronym})"
        if with_country and org.country not in org.name:
            return f"{org.name} ({org.country})"
        return org.name

    def ref(self, org: Org) -> str:
        """A later mention: the acronym if introduced, else the name or "the park"."""
        if org.name not in self.named:
            return self.first(org)
        r = self.rng.random()
        if org.acronym in self.defined and r < 0.6:
            return org.acronym
        if r < 0.8:
            return org.name
        return GENERIC[org.kind]

    def person(self) -> str:
        sur = self.rng.choice(SURNAME_HEADS) + self.rng.choice(SURNAME_TAILS)
        return f"{self.rng.choice(FIRST_NAMES)} {sur[0].upper()}{sur[1:]}"

    def role(self, org: Org) -> str:
        return self.rng.choice(ROLES[org.kind])

    def speaker(self, org: Org) -> str:
        """The article's one spokesperson of `org`: full name and role first, surname after."""
        if org.name not in self.speakers:
            self.speakers[org.name] = (self.person(), self.role(org))
        person, role = self.speakers[org.name]
        if person in self.quoted:
            return person.split()[-1]
        self.quoted[person] = None
        return f"{person}, {role} of {self.ref(org)}"

    def topic(self) -> str:
        """The article's topics in turn, so two in a row never repeat."""
        self._next_topic += 1
        return self.topics[self._next_topic % len(self.topics)]

    def quote_sentence(self) -> str:
        if not self.quotes:
            self.quotes = list(QUOTES)
            self.rng.shuffle(self.quotes)
        return self.quotes.pop()

    def past(self) -> str:
        """When something happened, relative to the publication date."""
        d = self.published - dt.timedelta(days=self.rng.randint(0, 6))
        return self.rng.choice((
            f"on {d.day} {MONTHS[d.month - 1]}", "today", f"on {WEEKDAYS[d.weekday()]}",
            f"on {d.day} {MONTHS[d.month - 1]} {d.year}", "this week", "yesterday"))

    def future(self) -> str:
        d = self.published + dt.timedelta(days=self.rng.randint(7, 120))
        return self.rng.choice((
            "later this year", "next month", f"in {MONTHS[d.month - 1]}",
            f"on {d.day} {MONTHS[d.month - 1]}", "by the end of the year",
            "during the next forum of technology parks"))


def _pick(rng: random.Random, *options: Callable[[], str]) -> str:
    """Render one of the options. Lazily, so that only the chosen text introduces names
    and acronyms (an eager tuple of f-strings would run every option's side effects)."""
    return rng.choice(options)()


def _cap(s: str) -> str:
    return s[0].upper() + s[1:]


def _a(noun: str) -> str:
    return ("an " if noun[0].lower() in "aeiou" else "a ") + noun


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _quote(s: _Story, org: Org) -> str:
    partner = s.b.country if org is s.a else s.a.country
    body = ". ".join(s.quote_sentence().format(pcountry=partner, topic=s.topic(), city=s.city)
                     for _ in range(s.rng.randint(1, 2)))
    open_q, close_q = ("“", "”") if s.rng.random() < 0.3 else ('"', '"')
    who = s.speaker(org)
    if s.rng.random() < 0.5:
        return f"{open_q}{body},{close_q} said {who}."
    sep = ", said:" if "," in who else " said:"
    return f"{who}{sep} {open_q}{body}.{close_q}"


def _background(s: _Story, org: Org) -> str:
    t = s.rng.sample(s.topics, 3)
    year = s.rng.randint(1995, 2020)
    n, m = s.rng.randint(20, 900), s.rng.randint(300, 20000)
    return _pick(s.rng,
        lambda: f"{_cap(s.ref(org))} was established in {year} and today hosts {n} resident companies "
                f"employing about {m:,} people. Its residents work mainly in {t[0]}, {t[1]} and {t[2]}.",
        lambda: f"Founded in {year}, {s.ref(org)} runs an incubation programme, {_a(s.rng.choice(FACILITIES))} "
                f"and a support desk for companies working in {t[0]}. Over the past year it has "
                f"supported {n} start-ups from {org.city} and other cities of {org.country}.",
        lambda: f"{_cap(s.ref(org))} is one of the main platforms in {org.country} for companies working in "
                f"{t[0]}. It offers residents a special tax regime, office space and help with "
                f"entering foreign markets, and it plans to open a branch outside {org.city}.",
    )


def _agreement_lead(s: _Story, signed: bool) -> tuple[str, str]:
    """(headline, lead paragraph) of an agreement story."""
    a, b, r = s.a, s.b, s.rng
    if not signed:
        kind = r.choice(PLANNED_AGREEMENTS)
        head = r.choice((f"{a.name} and {b.name} to sign {kind}",
                         f"{a.name} plans partnership with {b.demonym} partners",
                         f"{a.demonym} and {b.demonym} innovation bodies prepare {kind}"))
        lead = _pick(r,
            lambda: f"{s.first(a)} and {s.first(b, True)} plan to sign a {kind} {s.future()}.",
            lambda: f"{s.first(a)} intends to conclude a {kind} with {s.first(b, True)}, "
                    f"{s.speaker(a)}, said {s.past()}.",
            lambda: f"A {kind} between {s.first(a, True)} and {s.first(b, True)} is expected to be "
                    f"signed {s.future()}, according to {s.ref(a)}.",
        )
        lead += (f" The document would cover {s.topic()} and the exchange of specialists, "
                 f"and the parties will consider a joint acceleration programme.")
        return head, lead
    kind = r.choice(SIGNED_AGREEMENTS)
    if s.extra and r.random() < 0.5:
        # Parties listed in a later sentence, each with "(Country)", as press releases do.
        orgs = [a, b, *s.extra]
        listed = _join([f"{o.name} ({o.country})" if o.country not in o.name else o.name
                        for o in orgs])
        for o in orgs:
            s.named[o.name] = None
        head = r.choice((f"Technology parks from {len(orgs)} countries sign {kind}",
                         f"{_cap(kind)} signed at {s.event}"))
        lead = (f"A ceremony to sign a {kind} between technology parks and innovation "
                f"centres took place {s.past()} at {s.event} in {s.city}. "
                f"The parties to the agreement are {listed}. "
                f"The agreement is aimed at joint development of the {s.topic()} ecosystem.")
        return head, lead
    head = r.choice((f"{a.name} and {b.name} sign {kind}",
                     f"{a.demonym} and {b.demonym} technology parks agree to cooperate",
                     f"{a.name} signs {kind} with {b.name}",
                     f"New partnership links {a.city} and {b.city} tech ecosystems"))
    lead = _pick(r,
        lambda: f"{s.first(a)} and {s.first(b, True)} signed a {kind} {s.past()} in {s.city}. "
                f"The document provides for joint work in {s.topic()} and {s.topic()}.",
        lambda: f"A {kind} between {s.first(a, True)} and {s.first(b, True)} was signed {s.past()} "
                f"on the sidelines of {s.event}.",
        lambda: f"{s.first(a)} has signed a {kind} with {s.first(b, True)}, the two organisations "
                f"announced {s.past()}.",
        lambda: f"{_cap(s.past())}, {s.first(a)} and {s.first(b)} put their signatures to a {kind} "
                f"aimed at helping start-ups in {s.topic()} enter new markets.",
    )
    return head, lead


def _agreement_detail(s: _Story) -> str:
    r = s.rng
    return _pick(r,
        lambda: f"Under the memorandum, the parties will exchange information about their residents, "
                f"organise joint events and help companies enter each other's markets. They also agreed "
                f"to consider a joint acceleration programme for {s.topic()} start-ups.",
        lambda: f"The agreement covers {s.topic()}, {s.topic()} and the training of specialists. A working "
                f"group with representatives of {s.ref(s.a)} and {s.ref(s.b)} will prepare a plan of "
                f"joint activities within three months.",
        lambda: f"The parties agreed to open soft-landing offices for each other's residents, so that a "
                f"company from {s.a.city} can work from {s.b.city} for up to six months free of charge.",
        lambda: f"According to the document, {s.ref(s.b)} will help residents of {s.ref(s.a)} find pilot "
                f"customers in {s.b.country}, while {s.ref(s.a)} will organise study tours for "
                f"founders from {s.b.country}.",
    )


def _grant(s: _Story) -> str:
    r = s.rng
    amount = f"{r.choice(('EUR', 'USD', 'EUR'))} {r.randint(2, 95) * 10_000:,}"
    return _pick(r,
        lambda: f"{_cap(s.ref(s.a))} and {s.first(s.funder)} have signed a grant agreement worth "
                f"{amount} to support start-ups working in {s.topic()}.",
        lambda: f"Under a grant agreement signed {s.past()}, {s.first(s.funder)} will finance the "
                f"programme of {s.ref(s.a)} for {s.topic()} with {amount}.",
        lambda: f"The project is financed by {s.first(s.funder)} under grant agreement No. "
                f"{s.funder.country[:2].upper()}-{r.randint(10, 999)}.",
    )


ENGAGEMENTS = ("visit", "meeting", "forum", "exhibition", "workshop", "programme")


def _engagement_lead(s: _Story, kind: str) -> tuple[str, str]:
    """(headline, lead paragraph) of an engagement story."""
    a, b, r = s.a, s.b, s.rng
    if kind == "visit":
        head = r.choice((f"{a.demonym} delegation visits {b.name}",
                         f"{a.name} team visits {b.city}",
                         f"{b.name} welcomes guests from {a.country}"))
        lead = _pick(r,
            lambda: f"A delegation of {s.first(a, True)} visited {s.first(b)} in {b.city}, "
                    f"{b.country}, {s.past()}.",
            lambda: f"{s.first(b)} hosted a delegation from {s.first(a, True)} {s.past()}. The guests, "
                    f"led by {s.speaker(a)}, toured the {r.choice(FACILITIES)}.",
            lambda: f"Representatives of {s.first(a)} paid a working visit to {b.city} {s.past()}, where "
                    f"they met the management of {s.first(b)}.",
        )
        lead += (f" The programme of the visit included meetings with resident start-ups, a tour "
                 f"of the {r.choice(FACILITIES)} and a round table on {s.topic()}.")
    elif kind == "meeting":
        head = r.choice((f"{a.name} and {b.name} discuss cooperation",
                         f"Meeting in {s.city} opens new opportunities for {a.demonym} start-ups"))
        lead = _pick(r,
            lambda: f"{s.speaker(a)}, met {s.speaker(b)}, {s.past()} to discuss cooperation in "
                    f"{s.topic()}.",
            lambda: f"The management of {s.first(a)} held a meeting with representatives of "
                    f"{s.first(b, True)} in {s.city} {s.past()}.",
        )
        lead += (f" The sides discussed joint participation in international exhibitions, the "
                 f"exchange of experts and support for companies working in {s.topic()}.")
    elif kind == "forum":
        n, k = r.randint(300, 5000), r.randint(5, 40)
        head = r.choice((f"{s.event} opens in {s.city}", f"{a.name} at {s.event}"))
        lead = _pick(r,
            lambda: f"{s.first(a)} took part in {s.event}, held in {s.city} {s.past()}. The forum brought "
                    f"together more than {n:,} participants from {k} countries.",
            lambda: f"{s.event}, organised by {s.first(a)}, opened in {s.city} {s.past()}. Among the "
                    f"guests were representatives of {s.first(b, True)}.",
        )
    elif kind == "exhibition":
        n = r.randint(5, 40)
        countries = _join(r.sample([p[0] for p in PLACES], r.randint(3, 6)))
        head = r.choice((f"{n} technology parks to exhibit at {s.event}",
                         f"{a.name} presents start-ups at {s.event}"))
        lead = _pick(r,
            lambda: f"At the {s.event} exhibition in {s.city}, {s.first(a)} presented {n} start-ups "
                    f"working in {s.topic()}.",
            lambda: f"The forum will include an exhibition featuring {n} technology parks from different "
                    f"countries: {countries}. {_cap(s.first(a))} and {s.first(b)} will share a stand.",
        )
    elif kind == "workshop":
        head = r.choice((f"{a.name} and {b.name} plan joint workshops on {s.topic()}",
                         f"Workshop for founders held at {b.name}"))
        lead = _pick(r,
            lambda: f"A series of workshops on {s.topic()} is planned for {s.future()} in {s.city}, "
                    f"organised by {s.first(a)} and {s.first(b, True)}.",
            lambda: f"{s.first(a)} held a two-day workshop for founders from the incubation programme of "
                    f"{s.first(b, True)} {s.past()}.",
        )
    else:  # programme
        prog = f"{_brand(r)} {r.choice(('Soft Landing', 'Scale-Up', 'Residency', 'Bridge'))}"
        head = r.choice((f"{a.name} launches joint programme with {b.name}",
                         f"{prog} programme opens for {a.demonym} start-ups"))
        lead = _pick(r,
            lambda: f"{s.first(a)} and {s.first(b, True)} launched a joint programme for start-ups in "
                    f"{s.topic()} {s.past()}.",
            lambda: f"The {prog} programme, run by {s.first(a)} with the support of {s.first(s.funder)}, "
                    f"will give {r.randint(5, 40)} teams from {a.country} access to mentors and pilot "
                    f"customers in {b.country}.",
        )
    return head, lead


def _engagement_detail(s: _Story) -> str:
    r = s.rng
    return _pick(r,
        lambda: f"During the visit, the guests got acquainted with the residents of {s.ref(s.b)} and its "
                f"{r.choice(FACILITIES)}. The sides discussed {s.topic()}, joint participation in "
                f"international exhibitions and the exchange of experts.",
        lambda: f"Building on the meeting, a series of workshops, seminars and interactive sessions are "
                f"planned during the next visit of experts to {s.b.city}.",
        lambda: f"The delegation also met representatives of {s.first(s.extra[0] if s.extra else s.funder)} "
                f"and discussed the possibility of signing a memorandum of understanding {s.future()}.",
        lambda: f"Participants of the round table agreed that companies from {s.a.country} and "
                f"{s.b.country} could jointly apply for international grants in {s.topic()}.",
    )


def _support(s: _Story) -> str:
    return _pick(s.rng,
        lambda: f"The visit was organised with the support of {s.first(s.funder)}.",
        lambda: f"The event took place with the support of {s.first(s.funder)}.",
        lambda: f"{_cap(s.ref(s.a))} thanked {s.first(s.funder)} for its support of the initiative.",
    )


THEMES = ("Connecting regional ecosystems", "Talent without borders", "From pilot to scale",
          "Open innovation for cities", "Deep tech for everyone", "Digital trade corridors")


def _event_context(s: _Story) -> str:
    return _pick(s.rng,
        lambda: f"{s.event} takes place every year and gathers founders, investors and public officials "
                f"from across the region. The theme of this edition is “{s.rng.choice(THEMES)}”.",
        lambda: f"This year {s.event} hosted {s.rng.randint(20, 120)} sessions, a start-up competition "
                f"and a matchmaking area where companies could book short meetings with partners.",
    )


def _closing(s: _Story) -> str:
    return _pick(s.rng,
        lambda: f"The parties agreed to meet again {s.future()} to review progress.",
        lambda: f"The next joint event of {s.ref(s.a)} and {s.ref(s.b)} is expected {s.future()}.",
        lambda: f"More information about the initiative is available on the website of {s.ref(s.a)}.",
        lambda: f"Applications from companies in {s.a.country} and {s.b.country} will open {s.future()}.",
    )


def _market(s: _Story) -> str:
    country = s.rng.choice((s.a.country, s.b.country))
    return (f"According to official estimates, the IT sector accounts for about "
            f"{s.rng.randint(2, 12)}.{s.rng.randint(0, 9)}% of the economy of {country}, and "
            f"exports of software and services grew by {s.rng.randint(5, 45)}% last year.")


def _residents(s: _Story) -> str:
    org = s.rng.choice((s.a, s.b))
    other = s.rng.choice(PLACES)[0]
    return (f"Among the residents of {s.ref(org)} are companies developing {s.topic()} and "
            f"{s.topic()} products, several of which already work with clients in {other}.")


def _dateline(d: dt.date, rng: random.Random) -> str:
    m = MONTHS[d.month - 1]
    return rng.choice((f"{d.day} {m}, {d.year}", f"{d.day} {m}, {d.year}", f"{d.day} {m} {d.year}",
                       f"{m} {d.day}, {d.year}"))


def words(text: str) -> int:
    """Whitespace words, the measure the word-count bounds use."""
    return len(text.split())


def article_text(index: int, seed: int = 0) -> str:
    """The full text of article number `index` (0-based) for `seed`."""
    rng = random.Random(f"techbridges-bench:{seed}:{index}")
    pool = org_pool(seed)
    non_gov = [o for o in pool if o.kind not in ("ministry", "agency")]
    funders = [o for o in pool if o.kind in ("ministry", "agency")]
    a = rng.choice(non_gov)
    b = rng.choice(non_gov)
    while b.name == a.name or (b.country == a.country and rng.random() < 0.7):
        b = rng.choice(non_gov)
    # The funder is usually from the visitor's or host's country, as in real releases.
    local_funders = [o for o in funders if o.country in (a.country, b.country)]
    funder = rng.choice(local_funders or funders)
    extra = [rng.choice(non_gov) for _ in range(rng.randint(0, 3))]
    extra = [o for i, o in enumerate(extra)
             if o.name not in (a.name, b.name) and o.name not in [e.name for e in extra[:i]]]
    published = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randint(0, 7 * 365))
    host = rng.choice((a, b))
    brand = _brand(rng)
    event = rng.choice((f"{brand} Summit {published.year}", f"Digital {host.city} Forum",
                        f"{host.country} Tech Week {published.year}",
                        f"Innovation Bridge-{published.year}", f"{host.city} Startup Days",
                        f"International Forum of Technology Parks {published.year}"))
    s = _Story(rng, a, b, funder, extra, published, host.city, host.country, event,
               rng.sample(TOPICS, 6))

    story = rng.choice(("signed", "signed", "planned", "grant", *ENGAGEMENTS))
    if story in ("signed", "planned", "grant"):
        head, lead = _agreement_lead(s, signed=story != "planned")
        core = [lead, _agreement_detail(s)]
        if story == "grant" or rng.random() < 0.3:
            core.append(_grant(s))
    else:
        head, lead = _engagement_lead(s, story)
        core = [lead, _engagement_detail(s)]
        if rng.random() < 0.3:
            # An agreement reported inside an engagement story.
            core.append(_agreement_lead(s, signed=rng.random() < 0.5)[1])
    core.append(_quote(s, rng.choice((a, b))))
    if rng.random() < 0.5:
        core.append(_support(s))

    # Page furniture: at least one line per article, as on scraped pages.
    top = rng.sample(FURNITURE_TOP, rng.randint(1, 2)) if rng.random() < 0.5 else []
    share = [rng.choice(FURNITURE_SHARE)] if rng.random() < 0.5 else []
    bottom = rng.sample(FURNITURE_BOTTOM, rng.randint(1, 3)) if rng.random() < 0.8 else []
    if not (top or share or bottom):
        bottom = [rng.choice(FURNITURE_BOTTOM)]
    dateline = _dateline(published, rng) if rng.random() < 0.8 else None
    sub = None
    if rng.random() < 0.3:
        sub = (f"Heads of innovation organisations from {a.country} and {b.country} met in "
               f"{s.city} to agree on joint projects in {s.topic()}")

    fixed = words(" ".join([*top, head, *share, dateline or "", sub or "", *bottom]))
    target = rng.randint(MIN_WORDS + 20, MAX_WORDS - 40) - fixed
    room = MAX_WORDS - fixed
    body: list[str] = []
    for p in core:   # the story itself first; only trimmed in the (rare) case it cannot fit
        if words(" ".join(body)) + words(p) <= room - 10:
            body.append(p)
    # Extra paragraphs, each used at most once so an article does not repeat itself, and
    # rendered only when placed, so names and people are introduced in reading order.
    extras: list[Callable[[], str]] = [
        lambda: _quote(s, b), lambda: _quote(s, a), lambda: _background(s, a),
        lambda: _background(s, b), lambda: _event_context(s), lambda: _closing(s),
        lambda: _market(s), lambda: _residents(s)]
    rng.shuffle(extras)
    fillers = list(FILLER)
    rng.shuffle(fillers)

    def filler() -> str:
        return (fillers.pop() if fillers else rng.choice(FILLER)).format(topic=s.topic())

    while (n := words(" ".join(body))) < target:
        if extras and rng.random() < 0.6:
            p = extras.pop()()
        else:
            p = " ".join(filler() for _ in range(rng.randint(1, 3)))
        if n + words(p) > room:
            # Only fillers from here: what the dropped text introduced is not on the page.
            extras = []
            p = filler()   # at most ~20 words: fits, since target leaves 40 words of room
            if n + words(p) > room:
                break
        body.append(p)   # appended in order, so people and acronyms are introduced first

    if rng.random() < 0.08:
        # A paragraph broken mid-sentence by the page layout, as scrapers sometimes return.
        i = rng.randrange(len(body))
        ws = body[i].split(" ")
        if len(ws) > 12:
            cut = rng.randint(5, len(ws) - 5)
            body[i] = " ".join(ws[:cut]) + "\n\n" + " ".join(ws[cut:])

    lines: list[str] = []
    if top:
        lines += [*top, ""]
    lines += [head, ""]
    if share:
        lines += [*share, ""]
    if dateline:
        lines += [dateline, "", ""]
    if sub:
        lines += [sub, ""]
    for p in body:
        lines += [p, ""]
    if bottom:
        lines += ["", *"\n\n".join(bottom).split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def article_name(index: int) -> str:
    """File name of article `index` (0-based): article-000001.txt for index 0."""
    return f"article-{index + 1:06d}.txt"


def generate_corpus(folder: Path, n: int, seed: int = 0, start: int = 0) -> list[Path]:
    """Write articles start..start+n-1 (0-based; files numbered from 1) into `folder`.

    Returns the paths written, in order. Existing files of other numbers are untouched,
    so generate_corpus(d, 1, start=N) adds one new article to a corpus of N.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        p = folder / article_name(i)
        # newline="\n": identical bytes on every platform.
        with open(p, "w", encoding="utf-8", newline="\n") as f:
            f.write(article_text(i, seed))
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus",
                                 description="Write N synthetic article files into OUT_DIR.")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0,
                    help="index of the first article (0-based); files are numbered from start+1")
    args = ap.parse_args(argv)
    paths = generate_corpus(args.out_dir, args.n, seed=args.seed, start=args.start)
    total = sum(words(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} articles ({total} words) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
