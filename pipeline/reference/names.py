"""Organisation-name keys: the comparison forms used to merge spellings of one name.

Display text is never changed here; these keys only decide whether two surface forms
name the same thing ("High Tech Park" ~ "High Technology Park", "Bilişim" ~ "Bilisim").
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from unidecode import unidecode

# Word-level synonyms applied to folded keys (left -> right).
SYNONYMS: dict[str, str] = {
    "tech": "technology",
    "technologies": "technology",
    "technological": "technology",
    "hitech": "high technology",
    "hi": "high",
    "hightech": "high technology",
    "centre": "center",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "ministery": "ministry",
    "technopark": "technology park",
    "technoparks": "technology parks",
    # Turkish, French and other spellings of the same word
    "teknopark": "technology park",
    "teknoparks": "technology parks",
    "technopole": "technology park",
    "tecnopolo": "technology park",
    "technopolis": "technology park",
    "sciencepark": "science park",
    "itpark": "it park",
    "dept": "department",
    "intl": "international",
    "univ": "university",
    "assoc": "association",
    "co": "company",
    "corp": "corporation",
    "&": "and",
    "defence": "defense",
}

# Leading words that never distinguish two names.
_LEADING = ("the ",)
_TRAILING_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_POSSESSIVE_PREFIX = re.compile(r"^[\w-]+['\u2019]s\s+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Casefolded ASCII form: diacritics removed, transliterated ("Bērziņa" -> "berzina")."""
    s = unicodedata.normalize("NFKC", text).replace("\u0131", "i")  # dotless i
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return unidecode(s).casefold()


@lru_cache(maxsize=200_000)
def org_key(name: str, strip_possessor: bool = True) -> str:
    """Comparison key of an organisation name.

    >>> org_key("The High Tech Park (Kyrgyzstan)") == org_key("High Technology Park")
    True
    """
    s = fold(name).replace("\u2019", "'")
    s = _TRAILING_PAREN.sub("", s)
    for lead in _LEADING:
        if s.startswith(lead):
            s = s[len(lead):]
    if strip_possessor:
        s = _POSSESSIVE_PREFIX.sub("", s)
    s = s.replace("hi-tech", "hitech").replace("high-tech", "hightech")
    s = re.sub(r"[^\w&]+", " ", s)
    words: list[str] = []
    for w in s.split():
        words.extend(SYNONYMS.get(w, w).split())
    return " ".join(words)


_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "at", "to", "de", "du", "la", "le", "&", "under"}


def acronym(name: str) -> str:
    """Initials of the significant words: "Organisation of Turkic States" -> "OTS"."""
    words = re.findall(r"[\w'-]+", name)
    letters = [w[0] for w in words if w.lower() not in _SMALL_WORDS and w[0].isalpha()]
    return "".join(letters).upper()


def is_acronym(surface: str) -> bool:
    """A short all-capitals token such as "OTS", "HTP", "ICT" or "KazTech" is not."""
    s = surface.strip()
    return 2 <= len(s) <= 8 and s.isalpha() and s.isupper()


# Word forms that name the same thing in two spellings of one name ("Association of
# Scientific and Technological Parks" ~ "Association of Science and Technology Parks").
_LOOSE_FORMS = {"scientific": "science", "innovative": "innovation", "industrial": "industry",
                "startups": "startup"}
_LOOSE_DROP = _SMALL_WORDS | {"s", "a", "an", "with"}


@lru_cache(maxsize=200_000)
def loose_org_key(name: str) -> str:
    """A looser comparison key for linking across articles: org_key's words with word
    order, small words ("of", "for", "in"), "start-up"/"startup" and demonym/country
    ("Azerbaijani"/"Azerbaijan") differences ignored. "" when fewer than two words remain.

    >>> loose_org_key("Institute of Information Technology") == loose_org_key("Information Technology Institute")
    True
    >>> loose_org_key("Azerbaijani Investment Company") == loose_org_key("Azerbaijan Investment Company")
    True
    """
    from pipeline.reference.geo import country_code, demonym_country

    words = re.sub(r"\bstart up\b", "startup", org_key(name)).split()
    out = set()
    for w in words:
        if w in _LOOSE_DROP:
            continue
        w = _LOOSE_FORMS.get(w, w)
        code = (demonym_country(w) or country_code(w)) if w.isalpha() and len(w) > 3 else None
        out.add(f"@{code}" if code else w)
    return " ".join(sorted(out)) if len(out) >= 2 else ""
