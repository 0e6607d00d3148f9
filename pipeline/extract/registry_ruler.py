"""Registry names in the text, found by two spaCy `span_ruler` components built from the
registry's phrase patterns (pipeline/data/registry.csv via org_places.registry_patterns):

    registry_acronyms  acronyms ("HTP"), matched case-sensitively (ORTH)
    registry_names     names of 4+ characters, matched case-insensitively (LOWER)

Each match is a span labelled ORG whose `id_` is the registry id, in
doc.spans["registry_acronyms"] / doc.spans["registry_names"]. The organisation rules
decide what a match becomes (organisations.registry_spans).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.extract.org_places import registry_patterns
from pipeline.reference.names import is_acronym

ACRONYMS = "registry_acronyms"
NAMES = "registry_names"


def add_registry_rulers(nlp: Language) -> None:
    """Append the two registry span rulers to `nlp` (after NER; they set no entities)."""
    acr: list[dict] = []
    names: list[dict] = []
    for surface, rid in registry_patterns():
        if not surface or len(surface) < 2:
            continue
        if is_acronym(surface):
            acr.append({"label": "ORG", "pattern": surface, "id": rid})
        elif len(surface) >= 4:
            names.append({"label": "ORG", "pattern": surface, "id": rid})
    for name, attr, patterns in ((ACRONYMS, "ORTH", acr), (NAMES, "LOWER", names)):
        ruler = nlp.add_pipe("span_ruler", name=name, config={
            "spans_key": name, "phrase_matcher_attr": attr, "validate": True})
        # ORTH and LOWER come from the tokenizer alone: without this, spaCy runs NER and
        # the sentence splitter on each of the ~2,400 patterns (2.6 s of every start).
        with nlp.select_pipes(disable=[n for n in nlp.pipe_names if n != name]):
            ruler.add_patterns(patterns)


class NoRegistrySpans(ValueError):
    """A Doc that did not go through the registry rulers (not made by load_nlp())."""


def registry_matches(doc: Doc) -> dict[str, list[Span]]:
    """The registry spans of `doc`, in text order. A Doc made without the rulers fails
    loudly: silently finding no registry names would cache worse extractions."""
    if ACRONYMS not in doc.spans or NAMES not in doc.spans:
        raise NoRegistrySpans("the Doc has no registry spans: parse articles with "
                              "pipeline.extract.nlp.load_nlp(), which adds the registry span rulers")
    return {k: sorted(doc.spans[k], key=lambda sp: (sp.start, sp.end)) for k in (ACRONYMS, NAMES)}
