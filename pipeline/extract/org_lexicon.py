"""Word lists for organisation extraction: head nouns, generic words, stop contexts.

Everything is lower-case and a frozenset/dict, so a membership test is O(1). The lists
describe the field (how technology parks, agencies, clusters... are named in English
news) and must never name a particular organisation.
"""
from __future__ import annotations

import re

# ------------------------------------------------------------------ head nouns
# Head noun (lower case) -> head class. The class decides the default org_type and
# which bare anaphor ("the Park", "the Agency") can point back to the organisation.
HEADS: dict[str, str] = {
    # technology parks and their spellings in other languages
    "park": "park", "technopark": "park", "technopolis": "park", "technopole": "park",
    "technopôle": "park", "cyberpark": "park", "teknopark": "park", "teknokent": "park",
    "technocity": "park", "sciencepark": "park", "technoparc": "park", "technologiepark": "park",
    "parque": "park", "parc": "park", "vadisi": "park", "valley": "park", "hub": "hub",
    "city": "park", "zone": "park", "campus": "incubator",
    # incubators and accelerators
    "incubator": "incubator", "accelerator": "incubator", "lab": "incubator",
    "labs": "incubator", "laboratory": "incubator",
    "factory": "incubator", "garage": "incubator", "studio": "incubator",
    "house": "incubator",
    # clusters
    "cluster": "cluster",
    # public bodies
    "agency": "agency", "ministry": "ministry", "department": "department",
    "committee": "committee", "commission": "commission", "council": "council",
    "authority": "authority", "administration": "administration", "office": "office",
    "inspectorate": "government", "directorate": "government", "service": "service",
    "government": "government", "embassy": "embassy", "consulate": "embassy",
    "municipality": "government", "akimat": "government", "hokimiyat": "government",
    "mayoralty": "government", "parliament": "government", "secretariat": "government",
    "bureau": "government", "board": "board", "cabinet": "government",
    # associations
    "association": "association", "chamber": "association", "union": "union",
    "federation": "association", "society": "association", "network": "association",
    "alliance": "association", "confederation": "association", "guild": "association",
    "consortium": "association",
    # academia
    "university": "academic", "academy": "academic", "institute": "academic",
    "college": "academic", "polytechnic": "academic", "school": "academic",
    "universitet": "academic", "universiteti": "academic", "üniversitesi": "academic",
    # money
    "fund": "fund", "foundation": "foundation", "capital": "fund", "ventures": "fund",
    "investments": "fund",
    # companies
    "company": "company", "corporation": "company", "group": "company", "holding": "company",
    "holdings": "company", "bank": "bank", "organisation": "organisation",
    "organization": "organisation", "center": "center", "centre": "center",
    # the same heads in the languages names keep in English news (head-initial mostly:
    # "Parque Tecnológico de Andalucía", "Universität Bremen", "Politechnika Gdańska")
    "parco": "park", "parcul": "park", "tecnoparque": "park", "technopol": "park",
    "technologiezentrum": "park", "technologiepark": "park", "wissenschaftspark": "park",
    "universidad": "academic", "universidade": "academic", "université": "academic",
    "universität": "academic", "universitas": "academic", "uniwersytet": "academic",
    "università": "academic", "universitatea": "academic", "universiteit": "academic",
    "univerzita": "academic", "univerzitet": "academic", "universitet": "academic",
    "institut": "academic", "instituto": "academic", "instytut": "academic",
    "institutul": "academic", "istituto": "academic", "instituut": "academic",
    "politecnico": "academic", "politechnika": "academic", "politécnica": "academic",
    "polytechnique": "academic", "hochschule": "academic", "fachhochschule": "academic",
    "akademia": "academic", "akademie": "academic", "académie": "academic",
    "agencia": "agency", "agência": "agency", "agence": "agency", "agentur": "agency",
    "agenzia": "agency", "agenția": "agency", "agenţia": "agency", "agencja": "agency",
    "ministerio": "ministry", "ministério": "ministry", "ministère": "ministry",
    "ministerium": "ministry", "bundesministerium": "ministry", "ministero": "ministry",
    "ministerstvo": "ministry", "ministerstwo": "ministry", "ministerul": "ministry",
    "klaster": "cluster", "klastr": "cluster", "clúster": "cluster", "klasteris": "cluster",
    "cámara": "association", "câmara": "association", "chambre": "association",
    "kammer": "association", "izba": "association", "netzwerk": "association",
    "verband": "association", "verein": "association", "asociación": "association",
    "associação": "association", "associazione": "association", "asociația": "association",
    "stowarzyszenie": "association", "réseau": "association", "federación": "association",
    "fédération": "association",
    "fundación": "foundation", "fundação": "foundation", "fondation": "foundation",
    "stiftung": "foundation", "fondazione": "foundation", "fundacja": "foundation",
    "fundația": "foundation", "vakfı": "foundation",
    "centro": "center", "zentrum": "center", "centrum": "center",
    # missions and delegations are seated abroad like embassies ("EU Delegation to Georgia",
    # "Permanent Mission of Chile"); capitalised only (a "trade mission" is no body)
    "delegation": "embassy", "mission": "mission",
    # investors named by their members ("Colchis Angels", "Gobi Partners")
    "angels": "fund", "partners": "fund",
}

# Heads of other languages: a name extends after them over capitalised words and the
# connectors of FOREIGN_CONNECTORS ("Agencia de Innovación y Desarrollo de Andalucía").
FOREIGN_HEADS = frozenset({
    "parque", "parc", "parco", "parcul", "tecnoparque", "technopôle", "technopole",
    "technopol", "teknopark", "teknokent", "technologiepark", "technologiezentrum",
    "wissenschaftspark", "universidad", "universidade", "université", "universität",
    "universitas", "uniwersytet", "università", "universitatea", "universiteit", "univerzita",
    "univerzitet", "universitet", "universiteti", "üniversitesi", "institut", "instituto",
    "instytut", "institutul", "istituto", "instituut", "politecnico", "politechnika",
    "politécnica", "polytechnique", "hochschule", "fachhochschule", "akademia", "akademie",
    "académie", "agencia", "agência", "agence", "agentur", "agenzia", "agenția", "agenţia",
    "agencja", "ministerio", "ministério", "ministère", "ministerium", "bundesministerium",
    "ministero", "ministerstvo", "ministerstwo", "ministerul", "klaster", "klastr", "clúster",
    "klasteris", "cámara", "câmara", "chambre", "kammer", "izba", "netzwerk", "verband",
    "verein", "asociación", "associação", "associazione", "asociația", "stowarzyszenie",
    "réseau", "federación", "fédération", "fundación", "fundação", "fondation", "stiftung",
    "fondazione", "fundacja", "fundația", "centro", "zentrum", "centrum",
})
# Function words inside names of other languages (never English "and", "in", "at").
FOREIGN_CONNECTORS = frozenset({
    "de", "del", "de la", "della", "delle", "degli", "dello", "di", "da", "do", "dos", "das",
    "du", "des", "la", "le", "les", "el", "los", "las", "für", "fur", "der", "die", "und",
    "y", "e", "et", "i", "pentru", "à", "a", "al", "na", "w", "we", "im", "am", "zu", "zur",
    "zum", "en", "dla", "do", "im.", "din", "si", "și", "şi", "van", "voor", "en", "och",
})
# Elided articles glued to a capitalised word: "l'Innovation", "d'Industrie", "dell'Informazione".
ELIDED = re.compile(r"^(?:l|d|dell|all|nell|sull|dall)['’][A-ZÀ-ÖØ-Þ]")

# Heads that only name an organisation when a field word stands before them
# ("Innovation Factory", "IT City", "Free Economic Zone"; not "Ho Chi Minh City").
WEAK_HEADS: dict[str, frozenset[str]] = {
    "city": frozenset({"it", "innovation", "technology", "science", "tech", "techno", "smart",
                       "digital", "knowledge", "internet", "startup", "software", "cyber"}),
    "zone": frozenset({"economic", "innovation", "technology", "technological", "it", "tech",
                       "free", "industrial", "science", "digital", "techno"}),
    "valley": frozenset({"tech", "technology", "innovation", "it", "digital", "science",
                         "startup", "software", "bilisim", "informatics", "cyber"}),
    "factory": frozenset({"innovation", "startup", "start-up", "digital", "idea", "ideas",
                          "tech", "venture", "innovations"}),
    "garage": frozenset({"startup", "start-up", "innovation", "tech", "digital"}),
    "house": frozenset({"startup", "start-up", "innovation", "innovations", "tech", "digital",
                        "it", "founders", "entrepreneurs", "venture"}),
    "studio": frozenset({"venture", "startup", "start-up", "innovation"}),
    "campus": frozenset({"startup", "start-up", "innovation", "tech", "technology", "digital"}),
    "capital": frozenset(),  # needs a proper modifier: "Quest Capital", never "the capital"
    "angels": frozenset(),   # "Colchis Angels", never "business angels"
    # "Permanent Mission", "Kerala Startup Mission"; a "Trade Mission" is a visit
    "mission": frozenset({"permanent", "diplomatic", "startup", "start-up", "innovation",
                          "digital", "observer", "un", "eu", "osce", "technology"}),
    "partners": frozenset(),
    "service": frozenset({"state", "national", "federal", "civil", "tax", "customs",
                          "migration", "security", "statistics", "statistical", "public",
                          "intelligence", "border", "antimonopoly", "sanitary"}),
    "office": frozenset({"project", "transformation", "president", "presidential", "mayor",
                         "patent", "statistics", "state", "regional", "national", "federal",
                         "prime", "cabinet", "representative", "trade", "investment"}),
    "board": frozenset({"investment", "development", "export", "trade", "promotion", "tourism",
                        "state", "national", "regional"}),
    "school": frozenset({"business", "management", "graduate", "engineering", "technology",
                         "economics", "polytechnic", "higher", "law", "medical"}),
}

# Heads that are part of another organisation when generic ("Management Board",
# "Center for International Cooperation of X"): never an organisation on their own
# unless a proper word names them.
UNIT_HEADS = frozenset({"department", "division", "board", "office", "directorate", "unit",
                        "section", "service", "secretariat", "center", "centre", "council",
                        "team", "bureau", "laboratory", "lab", "school", "commission"})

# Bare heads that, after "the", point back to an organisation already named.
ANAPHOR_HEADS = frozenset({"park", "technopark", "hub", "cluster", "agency", "ministry",
                           "organization", "organisation", "association", "university",
                           "institute", "academy", "fund", "foundation", "center", "centre",
                           "council", "committee", "chamber", "union", "incubator",
                           "accelerator", "lab", "network", "alliance", "bank", "corporation",
                           "company", "authority", "embassy", "federation", "consortium",
                           "technopolis", "government", "commission", "college", "zone",
                           "bureau", "consortium", "secretariat", "academy"})

# Legal forms written before a (often quoted) company name: 'JSC "Kazakhtelecom"'.
LEGAL_PREFIXES = frozenset({"JSC", "LLC", "LLP", "OJSC", "CJSC", "PJSC", "TOO", "OOO", "OAO",
                            "ZAO", "AO", "JV", "SUE", "FSUE", "PLC"})

# Legal-form suffixes: "Samsung HCMC CE Complex Co., Ltd.", "EPAM Systems, Inc."
LEGAL_SUFFIXES = frozenset({"co.", "co", "ltd", "ltd.", "llc", "llp", "inc", "inc.", "plc",
                            "jsc", "ojsc", "cjsc", "pjsc", "gmbh", "ag", "s.a.", "sa", "s.a",
                            "b.v.", "bv", "n.v.", "oy", "ab", "as", "a/s", "sia", "uab", "oü",
                            "ou", "kft", "zrt", "sp.", "s.r.l.", "srl", "s.p.a.", "spa",
                            "pte", "pty", "corp", "corp.", "limited", "a.ş.", "aş", "a.s.",
                            "s.r.o.", "sro", "d.o.o.", "doo", "tov", "too", "ooo", "ip", "sp",
                            "sas", "s.a.s.", "s.l.", "ltda", "lda", "aps", "s.p.a", "sarl"})
# Legal forms that may follow a comma ("Co., Ltd.", "Systems, Inc.").
COMMA_LEGAL = frozenset({"ltd", "ltd.", "inc", "inc.", "llc", "plc", "limited", "gmbh",
                         "jsc", "s.a.", "ag", "corp.", "corp", "co.", "llp"})

# Modifiers that make a cluster an IT cluster.
IT_WORDS = frozenset({"it", "ict", "software", "digital", "informatics", "infocom",
                      "infocommunication", "cyber", "fintech", "internet", "gaming", "game",
                      "ai", "data", "telecom", "telecommunications", "electronics", "computing",
                      "information", "bilisim", "bilişim", "tech", "technology", "technologies",
                      "high-tech", "hi-tech", "hitech"})
# ... but these mark some other industry when "technology" is only a modifier.
NON_IT_INDUSTRY = frozenset({"print", "media", "wood", "food", "health", "medical", "metal",
                             "metalworking", "construction", "textile", "agro", "agri",
                             "agriculture", "tourism", "furniture", "automotive", "maritime",
                             "logistics", "energy", "clean", "cleantech", "green", "water",
                             "chemical", "chemistry", "pharma", "pharmaceutical", "life",
                             "sciences", "security", "defense", "defence", "export",
                             "electrical", "photonics", "space", "aviation", "fashion",
                             "creative", "design", "biotech", "biotechnology", "mining",
                             "forest", "forestry", "timber", "paper", "pulp", "dairy", "milk",
                             "wine", "fish", "fishing", "fisheries", "plastics", "packaging",
                             "glass", "leather", "apparel", "bioeconomy", "circular", "rail",
                             "railway", "aerospace", "nuclear", "oil", "gas", "hydrogen",
                             "solar", "wind", "cosmetics", "beauty", "meat", "grain", "fruit",
                             "horticulture", "marine", "ocean", "shipbuilding", "machinery",
                             "manufacturing", "steel", "crafts"})

# Field words marking a park as a technology park.
TECH_WORDS = frozenset({"it", "ict", "technology", "technologies", "technological", "tech",
                        "hi-tech", "high-tech", "hitech", "high", "science", "scientific",
                        "innovation", "innovative", "innovations", "research", "software",
                        "digital", "techno", "cyber", "knowledge", "industrial", "industry",
                        "startup", "start-up", "science-technology", "internet", "infopark",
                        "bio", "biotech", "medical", "technopark", "data", "ai", "informatics",
                        "bilisim", "bilişim", "engineering", "development", "r&d", "eco",
                        "creative", "smart", "space", "energy"})

# ------------------------------------------------------------------ generic words
# Capitalised words that describe rather than name. A name made only of these (and
# head nouns, places, connectors) is generic: "Innovation Agency", "IT Park",
# "Customer Service", "Governing Council".
GENERIC = frozenset("""
it ict ai iot r&d information technology technologies technological tech hi high hi-tech
high-tech hitech techno science sciences scientific research innovation innovations
innovative digital software internet cyber data development developments economic economy
economics national international regional state states federal public private free special
industrial industry industries business businesses enterprise enterprises entrepreneurship
entrepreneur entrepreneurs startup startups start-up start-ups venture ventures investment
investments investor investors trade trading export exports import foreign affairs cooperation
co-operation collaboration promotion transfer engineering technical polytechnic education
educational creative knowledge smart future new modern global joint main central general
management executive governing implementation program programme programs programmes project
projects customer customers service services support communication communications transport
transportation telecommunications telecommunication energy finance financial agriculture
agricultural health healthcare tourism culture cultural youth sport sports labour labor
justice defense defence security interior emergency emergencies environment environmental
ecology natural resources social protection welfare family women affairs internal external
relations policy planning statistics statistical tax taxes customs revenue budget treasury
property land housing construction urban rural municipal local city district province
provincial regional region oblast county community communities communal agglomeration
metropolitan capital united advanced applied open smart green clean sustainable media
press news broadcasting mass communication digitalization digitalisation transformation
modernization modernisation reform reforms competitiveness competition quality standard
standards standardization metrology certification accreditation intellectual patent patents
higher secondary vocational training learning teaching study studies academic academy
university universities college institute school schools human capital talent talents
employment work workers labour skills skill e-government government governance electronic
mobile communications post postal telecom space aerospace aviation maritime marine ocean
water food product products manufacturing production electronics electrical electric
machinery mechanical automotive chemical chemistry biotechnology biotech pharmaceutical
pharmaceuticals medical medicine life physics mathematics math computer computing
informatics it-park cluster clusters sector sectors network networks hub hubs platform
platforms ecosystem ecosystems partnership partnerships alliance association associations
union unions chamber chambers council councils committee committees board boards agency
agencies ministry ministries office offices department departments division divisions unit
units center centre centers centres park parks technopark technoparks incubator
incubators accelerator accelerators lab labs laboratory laboratories fund funds foundation
foundations bank banks company companies corporation group holding organization
organisation organizations organisations directorate secretariat administration authority
level levels international-level first second third fourth main leading largest biggest
all-russian republican interregional cross-border bilateral multilateral common mutual
integrated unified single complex comprehensive strategic strategy strategies action plan
roadmap initiative initiatives resident residents member members participant participants
partner partners team teams staff expert experts specialist specialists professional
professionals director directors head heads chairman chair president vice deputy
representative representatives officer officers manager managers leader leaders council
promotion promotions consulting advisory consultative coordination coordinating monitoring
analytical analytics assessment evaluation information-technology computer-science
venture-capital angel angels seed growth scale scale-up scaleup accelerate acceleration
incubation commercialization commercialisation creation design export-import logistics
consumer retail wholesale tourism hospitality creative-industries game gaming games
fintech edtech healthtech agritech agrotech greentech cleantech proptech legaltech
govtech medtech biotech deeptech blockchain cloud quantum robotics robot robots automation
drone drones satellite satellites nano nanotechnology photonics semiconductor
semiconductors microelectronics electronic security cybersecurity enabled based driven
led oriented owned run backed
""".split())

# Connectors allowed inside a multi-word name.
NAME_CONNECTORS = frozenset({"of", "for", "and", "&", "de", "du", "des", "la", "le", "del",
                             "di", "da", "do", "dos", "van", "von", "für", "y", "e", "et"})

# Capitalised words that start a sentence or a title but never a name ("During IT Park's...").
STOP_CAP = frozenset("""
the a an this that these those its it's our their his her my your we they he she i you
on in at by to from with without within during after before under over between among
according as about across against along around through throughout toward towards upon via
per since until till while when where which who whom whose what why how if then than so
also moreover however meanwhile furthermore additionally besides thus therefore hence today
yesterday tomorrow recently earlier later now here there last next every each all many
some several such other another both either neither most more less few no not only even
just yet still already again once twice mr mrs ms dr prof professor sir madam
mr. mrs. ms. dr. prof. assoc assoc. h.e. he. excellency
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday read share follow subscribe join click see watch photo video source
""".split())

# Role and title words: a name never extends over them ("Director of IT Park").
TITLE_WORDS = frozenset("""
ceo cto cfo coo cio founder co-founder cofounder director directors chairman chairwoman
chairperson chair president vice-president vp head heads manager managers minister
ministers deputy deputies secretary secretaries ambassador ambassadors consul consuls
rector rectors dean deans governor governors mayor mayors akim hokim khokim
representative representatives spokesman spokeswoman spokesperson officer officers
leader leaders adviser advisor advisers advisors expert experts specialist specialists
professor lecturer researcher engineer analyst coordinator consultant partner partners
member members employee employees staff delegation delegations envoy commissioner
executive executives general chief first senior acting honorary team lead team-leader
resident permanent
""".split())

# Words that, right after a candidate, show it is an event, programme, product or title.
EVENT_NOUNS = frozenset("""
forum forums summit summits conference conferences congress exhibition exhibitions expo
fair fairs festival festivals week weeks days award awards prize prizes cup championship
competition competitions contest contests hackathon hackathons olympiad olympiads challenge
program programme programs programmes project projects initiative initiatives campaign
session sessions roundtable round-table workshop workshops seminar seminars training
trainings bootcamp bootcamps course courses marathon tour tours pavilion pavilions show
shows meetup meetups demo demoday demo-day day conclave symposium webinar webinars
masterclass masterclasses residency accelerator-program strategy concept law decree
resolution index ranking report rating edition season series track tournament
""".split())

# Words after an organisation name that make the whole a programme's name
# ("the Green Ventures programme", "the Astana Hub Challenge").
PROGRAMME_NOUNS = frozenset({"programme", "program", "programmes", "programs", "project",
                             "initiative", "scheme", "competition", "contest", "challenge",
                             "award", "awards", "prize", "grant", "campaign", "hackathon",
                             "olympiad", "cup", "championship"})

# First or last words of documents, laws and plans that spaCy may tag ORG
# ("Memorandum of Understanding", "Law on Innovation Activity", "Digital Kazakhstan Strategy").
DOCUMENT_WORDS = frozenset({"memorandum", "agreement", "treaty", "protocol", "roadmap",
                            "road-map", "declaration", "resolution", "decree", "law", "code",
                            "concept", "strategy", "programme", "program", "plan", "charter",
                            "convention", "contract", "letter", "statement", "communique",
                            "act", "regulation", "regulations", "order", "report", "index",
                            "ranking", "doctrine", "policy", "vision", "initiative", "project"})

# Lower-case words after a name showing a facility or an attribute, not an organisation.
FACILITY_NOUNS = frozenset({"building", "buildings", "premises", "territory", "site",
                            "grounds", "hall", "halls", "tower", "towers", "street", "avenue",
                            "district", "area", "station", "square", "campus", "complex"})
ATTRIBUTIVE_NOUNS = frozenset({"cooperation", "co-operation", "relations", "ties", "trade",
                               "partnership", "collaboration", "ecosystem", "sector",
                               "industry", "market", "markets", "specialists", "companies",
                               "startups", "experts", "community", "region", "countries",
                               "citizens", "people", "economy", "border", "model", "style",
                               "standard", "standards", "certified", "certification",
                               "license", "licence", "level", "solutions", "technologies",
                               "services", "platform", "system", "systems", "visa", "visas",
                               "residents", "status", "card", "cards", "department",
                               "division", "branch", "office", "team", "unit", "language"})

# Verbs and prepositions showing the candidate is a news source ("Trend reports").
SOURCE_VERBS = frozenset({"reports", "reported", "reporting", "informs", "informed", "writes",
                          "wrote", "said", "says", "quotes", "quoted", "cites", "cited",
                          "learned", "learnt", "notes", "noted"})

# Acronyms and capitalised words that name a concept, not an organisation.
CONCEPTS = frozenset("""
it ict ai ml iot api apis saas paas iaas b2b b2c b2g ceo cto cfo coo cio hr pr r&d rd gdp
vat erp crm iso ites esg sdg sdgs covid covid-19 sme smes msme msmes stem phd mba gps 5g 4g
lte uav uavs ev evs ar vr xr nft nfts dlt ipo ipos vc usd eur uzs kzt kgs azn try rub gel
pln inr vnd krw mou mous loi nda fdi fdis it-sector ict-sector cmm kpi kpis roi sla faq pdf
url www html mvp poc gmt utc ad bc am pm tv fm hd ok nb ps pps etc e-commerce ecommerce
fintech edtech medtech agritech govtech regtech insurtech proptech deeptech blockchain
cloud internet digital information technology technologies innovation innovations startup
startups it-park ict-park hi-tech high-tech tech science research ministry agency
government mr mrs ms dr memorandum agreement mou treaty protocol roadmap
""".split())

# Social networks and media sites that appear as share buttons and credits.
SOCIAL = frozenset({"telegram", "instagram", "facebook", "twitter", "x", "youtube", "linkedin",
                    "vk", "vkontakte", "whatsapp", "tiktok", "odnoklassniki", "ok.ru", "viber",
                    "wechat", "weibo", "threads", "pinterest", "reddit", "vc.ru", "rss",
                    "tumblr", "flickr", "snapchat", "messenger", "email", "e-mail", "gmail",
                    "google+", "skype", "line", "kakaotalk", "medium", "zoom"})

# News agencies and outlets credited as sources (field knowledge, not org targets).
NEWS_AGENCIES = frozenset({
    "reuters", "afp", "agence france-presse", "agence france presse", "ap",
    "associated press", "bloomberg", "tass", "ria novosti",
    "ria", "interfax", "xinhua", "anadolu", "anadolu agency", "aa", "kazinform",
    "kaztag", "tengrinews", "akipress", "24.kg", "kabar", "uza", "dunyo", "daryo",
    "kun.uz", "gazeta.uz", "podrobno.uz", "trend", "trend news agency", "azertac", "apa",
    "report.az", "news.az", "khovar", "asia-plus", "asia plus", "turkmenportal", "tdh",
    "belta", "yonhap", "bernama", "antara", "pti", "ians", "ani", "vna",
    "vietnam news agency", "kyodo", "leta", "bns", "elta", "err", "pap", "ukrinform",
    "unian", "armenpress", "news.am", "agenda.ge", "interpressnews", "georgia today",
    "sputnik", "efe", "ansa", "dpa", "apa-ots", "cna", "wam", "spa", "qna", "kuna", "irna",
    "mehr", "tasnim", "isna", "trt", "trt world", "daily sabah", "hurriyet", "aki press",
    "the astana times", "astana times", "kursiv", "forbes kazakhstan", "digital business",
    "profit.kz", "kapital.kz", "inbusiness.kz", "the tashkent times", "tashkent times",
    "uzdaily", "spot.uz", "economist", "the economist", "techcrunch", "euronews",
    "caspian news", "azernews", "the baku times", "baku times", "trend.az", "cbc.az",
    "times of central asia", "the times of central asia", "eurasianet", "rferl",
    "radio free europe", "radio azattyk", "azattyk", "ozodlik", "ozodi", "vesti",
    "vesti.kg", "kaktus.media", "kaktus", "economist.kg",
})

# Lines that are page furniture: share bars, menus, prompts.
FURNITURE_LINE = re.compile(
    r"^\s*(?:share(?: this)?(?: article| post| news)?|follow us|subscribe|join our|tags?\s*:|"
    r"more about\s*:|read (?:also|more)|related(?: news| articles| posts)?|other (?:posts|news)|"
    r"all news|close|top of page|bottom of page|view-icon|read\s*:|print|back to|next article|"
    r"previous article|photo\s*:|source\s*:|copyright|©|all rights reserved|cookie|"
    r"sign up|log in|login|menu|home\b|search\b)",
    re.IGNORECASE)
FURNITURE_SEPARATORS = re.compile(r"\s[/|•·]\s")

# Words before a name showing the organisation does not exist yet.
CREATION_WORDS = frozenset({"create", "creating", "creation", "establish", "establishing",
                            "establishment", "form", "forming", "formation", "found", "founding",
                            "set", "setting", "build", "building", "launching", "launch",
                            "organise", "organize", "organising", "organizing", "open",
                            "opening", "foundation"})
HYPOTHETICAL_MODIFIERS = frozenset({"a", "an", "joint", "new", "future", "possible",
                                    "potential", "proposed", "planned", "common", "single",
                                    "unified", "regional", "international", "own"})

# Role words introducing the organisation a person acts for ("CEO of X").
ROLE_OF = frozenset({"ceo", "cto", "cfo", "coo", "founder", "co-founder", "cofounder",
                     "director", "chairman", "chairwoman", "chairperson", "chair",
                     "president", "head", "manager", "rector", "dean", "representative",
                     "representatives", "employees", "employee", "staff", "member", "members",
                     "partner", "executive", "officer", "spokesperson", "spokesman",
                     "spokeswoman", "leader", "leadership", "management", "delegation",
                     "team", "residents", "resident", "graduates", "students", "experts",
                     "expert", "lecturer", "professor", "researcher", "engineer",
                     "specialists", "minister", "secretary", "coordinator", "advisor",
                     "adviser", "board", "owner", "investor", "vice-president"})

# Minister titles whose ministry has a fixed English name.
MINISTER_ADJECTIVES = {"foreign": "Foreign Affairs", "interior": "Internal Affairs",
                       "finance": "Finance", "economy": "Economy", "defence": "Defence",
                       "defense": "Defense", "education": "Education", "health": "Health",
                       "justice": "Justice", "energy": "Energy", "agriculture": "Agriculture"}

# Markers of bodies of several states (for heads organisation/union/bank/agency/commission).
MULTISTATE_WORDS = frozenset({"states", "nations", "countries", "world", "international",
                              "islamic", "turkic", "shanghai", "european", "eurasian", "african",
                              "asian", "arab", "nordic", "commonwealth", "un", "united",
                              "inter-american", "caribbean", "pacific", "baltic", "black",
                              "americas", "organisation", "organization", "intergovernmental",
                              "inter-parliamentary", "g20", "oecd", "brics", "gulf",
                              "mediterranean", "latin", "south-east", "southeast", "atlantic",
                              "danube", "caspian", "central", "cooperation"})
REGION_PREFIXES = frozenset({"european", "eurasian", "asian", "african", "arab", "nordic",
                             "islamic", "turkic", "inter-american", "caribbean", "baltic",
                             "world", "international", "united", "un", "commonwealth",
                             "black", "central", "latin", "pacific", "gulf"})

PLACE_LIKE_ENDINGS = ("stan",)
YEAR = re.compile(r"(?:^|[-–\s'’])(?:19[89]\d|20[0-4]\d)$|^(?:19[89]\d|20[0-4]\d)$")
URLISH = re.compile(r"(?:www\.|https?:|\.(?:com|org|net|ru|uz|kz|kg|az|tj|tm|ge|am|by|ua|pl|"
                    r"lv|lt|ee|tr|vn|kr|in|io|gov|edu|info|biz|co)\b)", re.IGNORECASE)

# ------------------------------------------------------------------ company contexts
# Nouns that introduce companies by name: "startups such as X, Y and Z", "the fintech X",
# "Georgian startups X and Y", "X, a Tbilisi-based startup".
COMPANY_NOUNS = frozenset({
    "startup", "startups", "start-up", "start-ups", "company", "companies", "firm", "firms",
    "developer", "developers", "fintech", "fintechs", "resident", "residents", "scale-up",
    "scale-ups", "scaleup", "scaleups", "unicorn", "unicorns", "manufacturer",
    "manufacturers", "provider", "providers", "operator", "operators", "maker", "makers",
    "integrator", "integrators", "vendor", "vendors", "subsidiary", "subsidiaries",
    "spin-off", "spin-offs", "spinoff", "spinoffs", "investor", "investors", "fund", "funds",
    "edtech", "healthtech", "agritech", "medtech", "insurtech", "proptech", "retailer",
    "producer", "producers", "supplier", "suppliers", "contractor", "contractors",
    "exporter", "exporters", "enterprise", "enterprises", "corporation", "corporations",
    "members", "participants", "finalists", "winners", "teams", "projects", "tenants",
})
# Of these, the ones that name an organisation right after "the": "the startup X".
COMPANY_NOUNS_SINGULAR = frozenset({
    "startup", "start-up", "company", "firm", "developer", "fintech", "resident", "scale-up",
    "scaleup", "unicorn", "manufacturer", "provider", "operator", "maker", "integrator",
    "vendor", "subsidiary", "spin-off", "spinoff", "investor", "fund", "edtech",
    "healthtech", "agritech", "medtech", "insurtech", "proptech", "retailer", "producer",
    "supplier", "contractor", "exporter", "corporation",
})
# Nouns after which a list of names is a list of companies only with an explicit
# "such as"/"including"/":" (bare "members X and Y" may be people).
COMPANY_NOUNS_WEAK = frozenset({"members", "participants", "finalists", "winners", "teams",
                                "projects", "tenants", "enterprise", "enterprises",
                                "corporation", "corporations", "fund", "funds"})
# Words inside a company name that a person's name never has ("Hrazdan Soft", "Arpa Vision").
COMPANYISH_WORDS = frozenset("""
soft software pay payments vision tech technologies labs lab data cloud systems robotics
analytics ai bio solutions networks games studio studios apps logistics ventures capital
partners holding holdings group consulting io devices drones electronics telecom motors foods
agro logic logics dynamics robots""".split())
# Role words after a possessive: "X's founder", "X's CEO".
FOUNDER_WORDS = frozenset({"founder", "co-founder", "cofounder", "ceo", "cto", "coo", "cfo",
                           "owner", "founders", "co-founders", "chief"})

# ------------------------------------------------------------------ not organisations
# Last words of trade fairs, exhibitions and other recurring events named like bodies.
EVENT_NAME_ENDS = frozenset({"messe", "expo", "fair", "fairs", "show", "week", "days",
                             "summit", "conference", "congress", "festival", "fest",
                             "hackathon", "olympiad", "championship", "cup", "awards",
                             "marathon", "bootcamp", "convention", "exhibition", "salon",
                             "forum-exhibition", "demo", "demoday", "meetup"})
# Last words of news outlets' names ("Baltic Business Daily", "Riga Times").
OUTLET_ENDS = frozenset({"daily", "times", "news", "post", "journal", "herald", "gazette",
                         "tribune", "weekly", "magazine", "tv", "radio", "press", "media",
                         "review", "chronicle", "observer", "telegraph", "courier", "monitor",
                         "insider", "today", "wire", "report", "reporter", "express",
                         "standard", "mail", "star", "sun", "online", "newspaper", "digest",
                         "bulletin", "channel", "television", "fm"})
# Two-word endings of outlets whose last word alone also ends bodies' names.
OUTLET_PAIRS = frozenset({("news", "agency"), ("news", "network"), ("press", "agency"),
                          ("news", "service"), ("press", "service"), ("news", "portal"),
                          ("information", "portal"), ("media", "group"), ("media", "network"),
                          ("broadcasting", "corporation"), ("broadcasting", "company")})
# Words before a name crediting it as the source of the story.
SOURCE_BEFORE = (("according", "to"), ("told",), ("reported", "by"), ("quoted", "by"),
                 ("cited", "by"), ("interview", "with"), ("comments", "to"),
                 ("speaking", "to"), ("said", "to"), ("wrote", "in"), ("writes",),
                 ("source",), ("sources",), ("via",), ("by",))
# Nouns after a bare "EU"/"UN" used as an adjective ("EU member states", "EU funds").
ADJECTIVAL_AFTER = frozenset({
    "member", "members", "countries", "country", "states", "state", "citizens", "market",
    "markets", "law", "laws", "rules", "regulation", "regulations", "standards", "standard",
    "funds", "funding", "money", "programme", "programmes", "program", "programs", "level",
    "accession", "integration", "membership", "candidate", "single", "internal", "external",
    "policy", "policies", "directive", "directives", "framework", "budget", "grants",
    "grant", "sanctions", "border", "borders", "territory", "institutions", "agencies",
    "bodies", "officials", "leaders", "summit", "presidency", "average", "requirements",
    "norms", "approach", "context", "perspective", "partners", "neighbours", "neighbors",
    "companies", "firms", "startups", "experts", "projects", "project", "initiatives",
    "initiative", "support", "assistance", "financing", "co-financing", "-funded",
})
