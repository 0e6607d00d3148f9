"""Word lists for organisation extraction: head nouns, generic words, stop contexts.

The lists themselves are data files under pipeline/data/lexicon/ (one per concept, read
and validated once by pipeline.extract.lexicon); this module keeps the names the rules
import. Everything is lower-case (legal prefixes aside) and a frozenset/dict, so a
membership test is O(1). The lists describe the field (how technology parks, agencies, clusters... are named in English
news) and must never name a particular organisation.
"""
from __future__ import annotations

import re

from pipeline.extract.lexicon import mapping, word_map, word_set, words

# ------------------------------------------------------------------ head nouns
# Head noun (lower case) -> head class. The class decides the default org_type and
# which bare anaphor ("the Park", "the Agency") can point back to the organisation.
HEADS: dict[str, str] = mapping("heads")

# Heads of other languages: a name extends after them over capitalised words and the
# connectors of FOREIGN_CONNECTORS ("Agencia de Innovación y Desarrollo de Andalucía").
FOREIGN_HEADS = word_set("foreign_heads")
# Function words inside names of other languages (never English "and", "in", "at").
FOREIGN_CONNECTORS = word_set("foreign_connectors")
# Elided articles glued to a capitalised word: "l'Innovation", "d'Industrie", "dell'Informazione".
ELIDED = re.compile(r"^(?:l|d|dell|all|nell|sull|dall)['’][A-ZÀ-ÖØ-Þ]")

# Heads that only name an organisation when a field word stands before them
# ("Innovation Factory", "IT City", "Free Economic Zone"; not "Ho Chi Minh City").
WEAK_HEADS: dict[str, frozenset[str]] = word_map("weak_heads")

# Heads that are part of another organisation when generic ("Management Board",
# "Center for International Cooperation of X"): never an organisation on their own
# unless a proper word names them.
UNIT_HEADS = word_set("unit_heads")
# Heads whose plural ending a name names a group of bodies, not one ("Free Trade Zones").
GROUP_HEADS = word_set("group_heads")
# ... and words that make a "Board" an organ of another organisation ("Management Board").
ORGAN_BOARD_WORDS = word_set("organ_board_words")

# Bare heads that, after "the", point back to an organisation already named.
ANAPHOR_HEADS = word_set("anaphor_heads")

# Legal forms written before a (often quoted) company name: 'JSC "Kazakhtelecom"'.
LEGAL_PREFIXES = word_set("legal_prefixes")

# Legal-form suffixes: "Quorvia Harnby Electronics Co., Ltd.", "Velmora Systems, Inc."
LEGAL_SUFFIXES = word_set("legal_suffixes")
# Legal forms that may follow a comma ("Co., Ltd.", "Systems, Inc.").
COMMA_LEGAL = word_set("comma_legal_forms")

# Modifiers that make a cluster an IT cluster.
IT_WORDS = word_set("it_words")
# ... but these mark some other industry when "technology" is only a modifier.
NON_IT_INDUSTRY = word_set("non_it_industry")

# Field words marking a park as a technology park.
TECH_WORDS = word_set("tech_words")
# ... and these make it an industrial estate when no other field word does.
INDUSTRIAL_PARK_WORDS = word_set("industrial_park_words")
# Field words a report often leaves out of a name or adds to it, as loose name keys write
# them ("X Park" ~ "X Technology Park"; cross-article linking, pipeline/resolve/tables.py).
DROPPABLE_FIELD_WORDS = word_set("droppable_field_words")

# ------------------------------------------------------------------ generic words
# Capitalised words that describe rather than name. A name made only of these (and
# head nouns, places, connectors) is generic: "Innovation Agency", "IT Park",
# "Customer Service", "Governing Council".
GENERIC = word_set("generic_words")

# Plain adjectives that open a coordinated half of a descriptive name ("Young and Emerging
# Artists Centre", "Cloud Computing and Big Data Association"): an "and" next to them stays inside.
NAME_ADJECTIVES = word_set("name_adjectives")

# Connectors allowed inside a multi-word name.
NAME_CONNECTORS = word_set("name_connectors")

# Capitalised words that start a sentence or a title but never a name ("During IT Park's...").
STOP_CAP = word_set("stop_cap")

# Role and title words: a name never extends over them ("Director of IT Park").
TITLE_WORDS = word_set("title_words")
NAME_INTRO_NOUNS = word_set("name_intro_nouns")

# Words that, right after a candidate, show it is an event, programme, product or title.
EVENT_NOUNS = word_set("event_nouns")

# Words after an organisation name that make the whole a programme's name
# ("the Green Ventures programme", "the Velmora Hub Challenge").
PROGRAMME_NOUNS = word_set("programme_nouns")

# First or last words of documents, laws and plans that spaCy may tag ORG
# ("Memorandum of Understanding", "Law on Innovation Activity", "Digital Kazakhstan Strategy").
DOCUMENT_WORDS = word_set("document_words")

# Lower-case words after a name showing a facility or an attribute, not an organisation.
FACILITY_NOUNS = word_set("facility_nouns")
# Plural nouns introducing a list of facilities ("facilities such as X, Y and Z").
FACILITY_GROUP_NOUNS = word_set("facility_group_nouns")
ATTRIBUTIVE_NOUNS = word_set("attributive_nouns")
# Nouns after a name of generic words only that make it a modifier ("Smart Park projects").
CONCEPT_FOLLOWERS = word_set("concept_followers")

# Verbs and prepositions showing the candidate is a news source ("Velmar Wire reports").
SOURCE_VERBS = word_set("source_verbs")

# Acronyms and capitalised words that name a concept, not an organisation.
CONCEPTS = word_set("concepts")

# Social networks and media sites that appear as share buttons and credits.
SOCIAL = word_set("social_networks")

# News agencies and outlets credited as sources (field knowledge, not org targets).
NEWS_AGENCIES = word_set("news_agencies")

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
CREATION_WORDS = word_set("creation_words")
HYPOTHETICAL_MODIFIERS = word_set("hypothetical_modifiers")
# "the first IT Park in X", "the 4th generation Technology Park": a kind, not a name
ORDINAL_WORDS = word_set("ordinal_words")

# Role words introducing the organisation a person acts for ("CEO of X").
ROLE_OF = word_set("role_of")

# Minister titles whose ministry has a fixed English name.
MINISTER_ADJECTIVES: dict[str, str] = mapping("minister_adjectives")

# Markers of bodies of several states (for heads organisation/union/bank/agency/commission).
MULTISTATE_WORDS = word_set("multistate_words")
REGION_PREFIXES = word_set("region_prefixes")

# Type words inside names whose head alone misleads (a foundation, fund, mission, centre).
INCUBATOR_WORDS = word_set("incubator_words")
INVESTOR_WORDS = word_set("investor_words")
STATE_WORDS = word_set("state_words")
# Nouns naming a state agency when the rest of the name is a place ("Ruritanian Enterprise").
PLACE_AGENCY_NOUNS = word_set("place_agency_nouns")

PLACE_LIKE_ENDINGS = ("stan",)
YEAR = re.compile(r"(?:^|[-–\s'’])(?:19[89]\d|20[0-4]\d)$|^(?:19[89]\d|20[0-4]\d)$")
URLISH = re.compile(r"(?:www\.|https?:|\.(?:com|org|net|ru|uz|kz|kg|az|tj|tm|ge|am|by|ua|pl|"
                    r"lv|lt|ee|tr|vn|kr|in|io|gov|edu|info|biz|co)\b)", re.IGNORECASE)

# ------------------------------------------------------------------ company contexts
# Nouns that introduce companies by name: "startups such as X, Y and Z", "the fintech X",
# "Georgian startups X and Y", "X, a Tbilisi-based startup".
COMPANY_NOUNS = word_set("company_nouns")
# Of these, the ones that name an organisation right after "the": "the startup X".
COMPANY_NOUNS_SINGULAR = word_set("company_nouns_singular")
# Nouns after which a list of names is a list of companies only with an explicit
# "such as"/"including"/":" (bare "members X and Y" may be people).
COMPANY_NOUNS_WEAK = word_set("company_nouns_weak")
# Nouns that, heading an apposition ("X, the Crown research institute"), make X an
# organisation whatever its own words are.
APPOSITIVE_ORG_NOUNS = word_set("appositive_org_nouns")

# Descriptions of an organisation ("X, a co-working space"; org_described.py): nouns that
# type it beyond the heads and company nouns, heads that do not, and the modifiers that
# make an "organisation" a non-profit society.
DESCRIPTION_NOUNS: dict[str, str] = mapping("description_nouns")
DESCRIPTION_SKIP_HEADS = word_set("description_skip_heads")
NONPROFIT_WORDS = word_set("nonprofit_words")
# Heads of units named with their parent: "Technology Center of the Czech Academy of
# Sciences", "Supervisory Board of the Velmora Park" are one organisation each.
UNIT_OF_HEADS = word_set("unit_of_heads")
# Words inside a company name that a person's name never has ("Hrazdan Soft", "Arpa Vision").
COMPANYISH_WORDS = word_set("companyish_words")
# Role words after a possessive: "X's founder", "X's CEO".
FOUNDER_WORDS = word_set("founder_words")

# ------------------------------------------------------------------ not organisations
# Last words of trade fairs, exhibitions and other recurring events named like bodies.
EVENT_NAME_ENDS = word_set("event_name_ends")
# Last words of news outlets' names ("Baltic Business Daily", "Riga Times").
OUTLET_ENDS = word_set("outlet_ends")
# Two-word endings of outlets whose last word alone also ends bodies' names.
OUTLET_PAIRS = frozenset(tuple(e.split()) for e in words("outlet_pairs"))
# Words before a name crediting it as the source of the story.
SOURCE_BEFORE = tuple(tuple(e.split()) for e in words("source_before"))  # in file order
# Nouns after a bare "EU"/"UN" used as an adjective ("EU member states", "EU funds").
ADJECTIVAL_AFTER = word_set("adjectival_after")

# Words before "Office" that make it a body abroad, named with its seat
# ("Ruritanian Cooperation Office in Velmaria", "Trade Representative Office in Quorvia").
SEATED_OFFICE_WORDS = word_set("seated_office_words")

# Titles of one person ("Prime Minister X", "X, Deputy Secretary of ..."): X is a person.
PERSON_TITLES = word_set("person_titles")

# Offices held over a place ("the governor of X", "President of X"): see _office_place.
PLACE_OFFICE_TITLES = word_set("place_office_titles")
