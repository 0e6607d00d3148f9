"""Where the learned components' files are, without importing what reads them: the
extractor version (pipeline/extract/__init__.py) hashes these files in every run, and
importing pipeline.learn.apply for it (features, the rules' word lists) cost the
parent process most of a second in a run with one article to extract."""
from __future__ import annotations

import os
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models"
MODEL_FILES = ("org_span", "org_keep", "org_type", "org_country", "agreement_keep", "engagement_keep",
               "agreement_member", "engagement_member", "agreement_propose", "engagement_propose",
               "agreement_kind", "engagement_kind")


def model_dir() -> Path:
    """PIPELINE_MODEL_DIR (training and cross-validation use it), else the committed models."""
    env = os.environ.get("PIPELINE_MODEL_DIR", "").strip()
    return Path(env) if env else MODEL_DIR
