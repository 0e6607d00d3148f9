"""Linear models stored as JSON: trained with scikit-learn, applied in plain Python.

A model file holds its feature weights by name, so it is small, diff-able, loads with
no pickle (loading a pickle runs code), and applying it needs no scikit-learn at run
time. Features are sparse dicts {name: value}; names unknown to the model weigh 0.

    {"kind": "binary" | "multiclass", "classes": [...], "intercept": [...],
     "weights": {"feature": [w per class]}, "meta": {...}}
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

Features = dict[str, float]


@dataclass
class LinearModel:
    classes: list[str]
    intercept: list[float]
    weights: dict[str, list[float]]
    meta: dict = field(default_factory=dict)

    @property
    def binary(self) -> bool:
        return len(self.intercept) == 1

    def scores(self, x: Features) -> list[float]:
        s = list(self.intercept)
        w = self.weights
        for name, v in x.items():
            ws = w.get(name)
            if ws is not None:
                for k, wk in enumerate(ws):
                    s[k] += wk * v
        return s

    def proba(self, x: Features) -> dict[str, float]:
        """Class probabilities (logistic for two classes, softmax for more)."""
        s = self.scores(x)
        if self.binary:
            p = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, s[0]))))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        m = max(s)
        e = [math.exp(v - m) for v in s]
        t = sum(e)
        return {c: v / t for c, v in zip(self.classes, e)}

    def p_true(self, x: Features) -> float:
        """P(positive class) of a binary model (classes sorted: the second is positive)."""
        return self.proba(x)[self.classes[1]]

    def predict(self, x: Features) -> tuple[str, float]:
        pr = self.proba(x)
        best = max(pr, key=lambda c: (pr[c], c))
        return best, pr[best]

    def to_json(self) -> str:
        return json.dumps({"kind": "binary" if self.binary else "multiclass",
                           "classes": self.classes, "intercept": _round(self.intercept),
                           "weights": {k: _round(v) for k, v in sorted(self.weights.items())},
                           "meta": self.meta}, indent=0, sort_keys=True, ensure_ascii=False)

    def save(self, path: Path) -> None:
        path.write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "LinearModel":
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("kind") not in ("binary", "multiclass") or not d.get("classes"):
            raise ValueError(f"{path}: not a linear model file (kind/classes missing)")
        n = len(d["intercept"])
        bad = [k for k, v in d["weights"].items() if len(v) != n]
        if bad:
            raise ValueError(f"{path}: {len(bad)} weight rows of the wrong length, e.g. {bad[0]!r}")
        return cls(list(d["classes"]), [float(v) for v in d["intercept"]],
                   {k: [float(x) for x in v] for k, v in d["weights"].items()}, d.get("meta", {}))


def _round(v: list[float]) -> list[float]:
    return [round(x, 5) for x in v]


def fit(xs: list[Features], ys: list[str], c: float = 1.0, balanced: bool = False,
        meta: dict | None = None, tol: float = 1e-4) -> LinearModel:
    """Fit an L2 logistic regression (scikit-learn, fixed seed) and export its weights."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sparse=True, sort=True)
    X = vec.fit_transform(xs)
    clf = LogisticRegression(C=c, max_iter=2000, random_state=0, tol=tol,
                             class_weight="balanced" if balanced else None)
    clf.fit(X, ys)
    classes = [str(k) for k in clf.classes_]
    coef = clf.coef_  # (1, n) for two classes, (k, n) otherwise
    names = vec.get_feature_names_out()
    weights: dict[str, list[float]] = {}
    for j, name in enumerate(names):
        col = [float(coef[k, j]) for k in range(coef.shape[0])]
        if any(abs(w) >= 1e-4 for w in col):
            weights[str(name)] = col
    return LinearModel(classes, [float(b) for b in clf.intercept_], weights, meta or {})
