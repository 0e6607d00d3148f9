"""Geography and registry look-ups for organisation extraction, behind one small API.

No guard around the look-ups: a broken geography or registry must fail the run
loudly, not give silently poorer extractions that the cache would then keep.
All functions are cached: names repeat a lot across articles.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.reference import geo
from pipeline.extract.org_lexicon import GENERIC, HEADS
from pipeline.reference.names import is_acronym
from pipeline.reference.registry import default_registry


@lru_cache(maxsize=50_000)
def country_of_name(text: str) -> str | None:
    """ISO2 of a country name ("Uzbekistan", "the Republic of Korea"), else None."""
    if not text or not text[0].isupper():
        return None
    return geo.country_code(text)


@lru_cache(maxsize=50_000)
def country_of_demonym(word: str) -> str | None:
    """ISO2 of a demonym ("Latvian" -> LV); None for regions ("Turkic", "European")."""
    if not word or not word[0].isupper():
        return None
    if geo.is_region(word):
        return None
    return geo.demonym_country(word)


@lru_cache(maxsize=50_000)
def is_region(word: str) -> bool:
    """True for regional words and names that are no country ("Turkic", "Central Asia")."""
    return bool(geo.is_region(word))


@lru_cache(maxsize=50_000)
def city_of(text: str) -> tuple[str, str] | None:
    """(city, ISO2) for a capitalised city name that is not a field word ("Hub", "Park")."""
    if not text or not text[0].isupper():
        return None
    low = text.lower()
    if low in GENERIC or low in HEADS:
        return None
    return geo.city_info(text)


@lru_cache(maxsize=50_000)
def region_country(text: str) -> str | None:
    """ISO2 of a first-level region or its adjective ("Kerala", "Lower Silesian"), else None."""
    if not text or not text[0].isupper():
        return None
    return geo.region_country(text)


@lru_cache(maxsize=50_000)
def place_country(text: str) -> str | None:
    """ISO2 for a country name, a demonym, a city or a region; None otherwise."""
    return country_of_name(text) or country_of_demonym(text) or \
        (city_of(text) or (None, None))[1] or region_country(text)


def is_place(text: str) -> bool:
    """True when the text names a country, demonym, region or city."""
    return bool(place_country(text)) or is_region(text)


# ------------------------------------------------------------------ registry


@lru_cache(maxsize=1)
def registry() -> Any:
    """The reference registry of well-known organisations."""
    return default_registry()


@lru_cache(maxsize=50_000)
def registry_lookup(name: str, country: str | None = None) -> Any:
    """RegistryEntry for a name (or acronym), or None."""
    reg = registry()
    if not name:
        return None
    if is_acronym(name):
        return reg.lookup_acronym(name, country)
    return reg.lookup(name, country)


@lru_cache(maxsize=10_000)
def registry_entry(registry_id: str) -> Any:
    """RegistryEntry by id, or None."""
    reg = registry()
    if not registry_id:
        return None
    return reg.get(registry_id)


@lru_cache(maxsize=1)
def registry_patterns() -> tuple[tuple[str, str], ...]:
    """(surface, registry_id) pairs for the phrase matcher."""
    return tuple(registry().phrase_patterns())
