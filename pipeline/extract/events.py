"""Agreements and engagements in one article. (Placeholder: finds none.)"""
from __future__ import annotations

from pipeline.models import LocalAgreement, LocalEngagement


def find_agreements(doc, article, orgs, mentions) -> list[LocalAgreement]:
    return []


def find_engagements(doc, article, orgs, mentions) -> list[LocalEngagement]:
    return []
