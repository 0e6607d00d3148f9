"""Organisation mentions in one article. (Placeholder: spaCy ORG entities only.)"""
from __future__ import annotations

from pipeline.models import LocalOrg, OrgMention
from pipeline.names import org_key


def find_organisations(doc, article) -> tuple[list[LocalOrg], list[OrgMention]]:
    orgs: list[LocalOrg] = []
    mentions: list[OrgMention] = []
    by_key: dict[str, int] = {}
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        key = org_key(ent.text)
        if key not in by_key:
            by_key[key] = len(orgs)
            orgs.append(LocalOrg(name=ent.text))
        i = by_key[key]
        if ent.text != orgs[i].name and ent.text not in orgs[i].aliases:
            orgs[i].aliases.append(ent.text)
        mentions.append(OrgMention(i, ent.text, ent.start_char, ent.end_char))
    return orgs, mentions
