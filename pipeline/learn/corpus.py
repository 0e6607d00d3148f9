"""Annotated articles for training: gold folders (article + `<file>.gold.json`) read
through the pipeline's own ingest and rules, so the models learn from exactly what
extraction will give them.

    load_corpus([Path("../shared/eval/train")]) -> list[Example]
"""
from __future__ import annotations

import json
import pickle
from dataclasses import dataclass
from pathlib import Path

from pipeline.learn.apply import Models, RuleOutput, rule_output


@dataclass
class Example:
    file: str
    folder: str                 # name of the gold folder it came from
    gold: dict
    ro: RuleOutput
    doc_bytes: bytes | None = None   # the parsed article (spaCy Doc.to_bytes), for the span model
    article: object | None = None    # its ArticleInput

    def doc(self):
        from spacy.tokens import Doc

        from pipeline.extract.nlp import load_nlp
        return Doc(load_nlp().vocab).from_bytes(self.doc_bytes)

    def rerun(self, models: Models) -> "Example":
        """This article through the rules again, with `models`' span model proposing names."""
        from dataclasses import replace
        if self.doc_bytes is None:
            return self
        return replace(self, ro=rule_output(self.doc(), self.article, models))

    @property
    def has_evidence(self) -> bool:
        evs = self.gold.get("agreements", []) + self.gold.get("engagements", [])
        return bool(evs) and all(e.get("evidence") for e in evs)


def gold_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.gold.json"))


def load_corpus(folders: list[Path], cache: Path | None = None) -> list[Example]:
    """Every gold-annotated article of `folders`, ingested, parsed and run through the
    rules. `cache` (a pickle of the result, keyed by the files' bytes and the extractor
    version) saves the spaCy pass when only the models change."""
    import hashlib

    from pipeline.extract import ArticleInput, extractor_version
    from pipeline.extract.nlp import load_nlp
    from pipeline.ingest.sources import Limits, ingest_bytes

    items = []
    h = hashlib.sha256(extractor_version().encode() + b"docs")
    for folder in folders:
        for gf in gold_files(folder):
            gold = json.loads(gf.read_text(encoding="utf-8"))
            art = gf.with_name(gold["file"])
            data = art.read_bytes()
            h.update(gf.read_bytes())
            h.update(data)
            items.append((folder.name, gold, data))
    key = h.hexdigest()[:16]
    if cache is not None:
        p = cache / f"corpus-{key}.pkl"
        if p.exists():
            return pickle.loads(p.read_bytes())
    inputs, meta = [], []
    for folder, gold, data in items:
        arts, _ = ingest_bytes(gold["file"], data, Limits())
        if not arts:
            continue
        a = arts[0]
        inputs.append(ArticleInput(a.article_id, a.body, a.title, a.published_date))
        meta.append((folder, gold))
    nlp = load_nlp()
    out = []
    for (folder, gold), art, doc in zip(meta, inputs, nlp.pipe((a.body for a in inputs), batch_size=16)):
        out.append(Example(gold["file"], folder, gold, rule_output(doc, art),
                           doc.to_bytes(exclude=["tensor", "user_data"]), art))
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        (cache / f"corpus-{key}.pkl").write_bytes(pickle.dumps(out))
    return out
