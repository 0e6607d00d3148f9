"""Geography and registry look-ups for organisation extraction, behind one small API.

pipeline.geo and pipeline.registry are imported lazily and guarded, so extraction keeps
working (with fewer countries and no registry ids) when either is missing or broken.
All functions are cached: names repeat a lot across articles.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.extract.org_lexicon import GENERIC, HEADS


@lru_cache(maxsize=1)
def _geo() -> Any:
    try:
        from pipeline import geo
        return geo
    except Exception:  # pragma: no cover - geo is part of the project; degrade, never crash
        return None


@lru_cache(maxsize=50_000)
def country_of_name(text: str) -> str | None:
    """ISO2 of a country name ("Uzbekistan", "the Republic of Korea"), else None."""
    g = _geo()
    if g is None or not text or not text[0].isupper():
        return None
    try:
        return g.country_code(text)
    except Exception:
        return None


@lru_cache(maxsize=50_000)
def country_of_demonym(word: str) -> str | None:
    """ISO2 of a demonym ("Latvian" -> LV); None for regions ("Turkic", "European")."""
    g = _geo()
    if g is None or not word or not word[0].isupper():
        return None
    try:
        if g.is_region(word):
            return None
        return g.demonym_country(word)
    except Exception:
        return None


@lru_cache(maxsize=50_000)
def is_region(word: str) -> bool:
    """True for regional words and names that are no country ("Turkic", "Central Asia")."""
    g = _geo()
    if g is None:
        return False
    try:
        return bool(g.is_region(word))
    except Exception:
        return False


@lru_cache(maxsize=50_000)
def city_of(text: str) -> tuple[str, str] | None:
    """(city, ISO2) for a capitalised city name that is not a field word ("Hub", "Park")."""
    g = _geo()
    if g is None or not text or not text[0].isupper():
        return None
    low = text.lower()
    if low in GENERIC or low in HEADS:
        return None
    try:
        return g.city_info(text)
    except Exception:
        return None


@lru_cache(maxsize=50_000)
def region_country(text: str) -> str | None:
    """ISO2 of a first-level region or its adjective ("Kerala", "Lower Silesian"), else None."""
    g = _geo()
    if g is None or not text or not text[0].isupper() or not hasattr(g, "region_country"):
        return None
    try:
        return g.region_country(text)
    except Exception:
        return None


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
    """The reference registry of well-known organisations, or None when unavailable."""
    try:
        from pipeline.registry import default_registry
        return default_registry()
    except Exception:
        return None


@lru_cache(maxsize=50_000)
def registry_lookup(name: str, country: str | None = None) -> Any:
    """RegistryEntry for a name (or acronym), or None."""
    reg = registry()
    if reg is None or not name:
        return None
    try:
        from pipeline.names import is_acronym
        if is_acronym(name):
            return reg.lookup_acronym(name, country)
        return reg.lookup(name, country)
    except Exception:
        return None


@lru_cache(maxsize=10_000)
def registry_entry(registry_id: str) -> Any:
    """RegistryEntry by id, or None."""
    reg = registry()
    if reg is None or not registry_id:
        return None
    try:
        return reg.get(registry_id)
    except Exception:
        return None


@lru_cache(maxsize=1)
def registry_patterns() -> tuple[tuple[str, str], ...]:
    """(surface, registry_id) pairs for the phrase matcher; empty without a registry."""
    reg = registry()
    if reg is None:
        return ()
    try:
        return tuple(reg.phrase_patterns())
    except Exception:
        return ()
