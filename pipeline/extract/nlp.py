"""The spaCy model, loaded once per process with only the components extraction uses."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from pipeline.extract import MODEL_PACKAGE
# No rule reads POS, TAG, LEMMA or dependency arcs (excluding their components empties
# those attributes: never match on them). Sentences come from the small statistical
# sentence splitter instead of the parser: 2.3x faster, same extractions (bench/README.md).
# NER keeps its own internal token-to-vector layer, so tok2vec can go too.
EXCLUDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


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
    nlp.enable_pipe("senter")
    nlp.add_pipe("block_boundaries", before="senter")
    from pipeline.extract.registry_ruler import add_registry_rulers
    add_registry_rulers(nlp)
    return nlp


def model_version() -> str:
    """The loaded model's name and version and spaCy's (pipeline.extract.model_version
    reads the same from the package's meta.json without loading anything)."""
    nlp = load_nlp()
    return f"{nlp.meta.get('name')}-{nlp.meta.get('version')}-spacy{spacy.__version__}"
