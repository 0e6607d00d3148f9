"""Blocking checks on ids across releases (issue 10): every redirect points at an id
that is published, no id of the previous release disappears without a trace, and ids of
entities whose articles did not change stay the same.

They are checks of the `id_ledger` asset (the ids this run assigned), which only the
release consumes: a blocking check on a table asset that reads other tables would form
a cycle with the cross-table checks on `organisations`."""

import dagster as dg
import pandas as pd

from pipeline.publish.release import read_latest
from pipeline.settings import PipelineSettings

ENTITY = {"organisation": ("organisations", "org_id"),
          "agreement": ("agreements", "agreement_id"),
          "engagement": ("engagements", "engagement_id")}
_ENTITY_INS = {t: dg.AssetIn(t) for t, _ in ENTITY.values()}


def _result(errors: list[str], ok: str, **extra) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=not errors, metadata={
        "failures": len(errors),
        "details": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors[:50]) or ok), **extra})


def redirect_errors(redirects: pd.DataFrame, tables: dict[str, pd.DataFrame]) -> list[str]:
    """Every new_id exists in the table of its kind; no old_id is still published."""
    errors = []
    live = {k: set(tables[t][c]) for k, (t, c) in ENTITY.items()}
    everywhere = set().union(*live.values())
    for r in redirects.itertuples(index=False):
        if r.new_id not in live.get(r.kind, set()):
            errors.append(f"{r.old_id} -> {r.new_id}: {r.new_id} is not in {ENTITY[r.kind][0]}")
        if r.old_id in everywhere:
            errors.append(f"{r.old_id} is redirected but still published")
    return errors


@dg.asset_check(asset="id_ledger", additional_ins={**_ENTITY_INS,
                                                   "id_redirects": dg.AssetIn("id_redirects")},
                blocking=True,
                description="Every redirect points at an id published in this release (one hop), "
                            "and no redirected id is still published.")
def redirects_point_at_published_ids(id_ledger: dict, id_redirects: pd.DataFrame,
                                     organisations: pd.DataFrame,
                                     agreements: pd.DataFrame,
                                     engagements: pd.DataFrame) -> dg.AssetCheckResult:
    errors = redirect_errors(id_redirects, dict(organisations=organisations,
                                                agreements=agreements, engagements=engagements))
    return _result(errors, "every redirect points at a published id", redirects=len(id_redirects))


def dropped_ids(previous: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame],
                redirects: pd.DataFrame, changes: pd.DataFrame) -> list[str]:
    """Ids of the previous release that are neither published, redirected nor reported
    removed in `changes`."""
    errors = []
    redirected = set(redirects["old_id"])
    removed = set(changes.loc[changes["change"] == "removed", "id"])
    for t, c in ENTITY.values():
        if t not in previous:
            continue
        gone = set(previous[t][c]) - set(tables[t][c]) - redirected - removed
        errors += [f"{t}: {i} was published in the previous release and is gone without a "
                   "redirect or a `removed` row in changes" for i in sorted(gone)]
    return errors


@dg.asset_check(asset="id_ledger", additional_ins={**_ENTITY_INS,
                                                   "id_redirects": dg.AssetIn("id_redirects"),
                                                   "changes": dg.AssetIn("changes")},
                blocking=True,
                description="No id of the previous release is silently dropped: each is published, "
                            "redirected (id_redirects) or reported removed (changes).")
def no_id_silently_dropped(settings: PipelineSettings, id_ledger: dict, changes: pd.DataFrame,
                           organisations: pd.DataFrame, agreements: pd.DataFrame,
                           engagements: pd.DataFrame,
                           id_redirects: pd.DataFrame) -> dg.AssetCheckResult:
    previous = read_latest(settings.output_dir, {t: [c] for t, c in ENTITY.values()})
    errors = dropped_ids(previous, dict(organisations=organisations, agreements=agreements,
                                        engagements=engagements), id_redirects, changes)
    return _result(errors, "every earlier id is accounted for")


def changed_untouched_ids(previous: dict[str, pd.DataFrame], tables: dict[str, pd.DataFrame],
                          articles: pd.DataFrame, redirects: pd.DataFrame) -> list[str]:
    """Ids of the previous release whose source articles are all still published, but
    which are neither published nor merged into another id now."""
    errors = []
    present = set(articles["article_id"])
    merged = set(redirects["old_id"])
    for t, c in ENTITY.values():
        if t not in previous:
            continue
        live = set(tables[t][c])
        for i, src in zip(previous[t][c], previous[t]["source_article_ids"]):
            if i not in live and i not in merged and set(src) <= present:
                errors.append(f"{t}: {i} lost its id although none of its articles "
                              f"({', '.join(sorted(src))}) changed")
    return errors


@dg.asset_check(asset="id_ledger",
                additional_ins={"organisations": dg.AssetIn("organisations"),
                                "agreements": dg.AssetIn("agreements"),
                                "engagements": dg.AssetIn("engagements"),
                                "articles": dg.AssetIn("articles"),
                                "id_redirects": dg.AssetIn("id_redirects")},
                blocking=True,
                description="Ids never change for organisations, agreements and engagements whose "
                            "articles did not change (only a merge may retire one). A warning, "
                            "not a failure, when the id ledger was lost or the extractor changed.")
def ids_kept_for_untouched_entities(settings: PipelineSettings, organisations: pd.DataFrame,
                                    agreements: pd.DataFrame, engagements: pd.DataFrame,
                                    articles: pd.DataFrame, id_redirects: pd.DataFrame,
                                    id_ledger: dict) -> dg.AssetCheckResult:
    previous = read_latest(settings.output_dir,
                           {t: [c, "source_article_ids"] for t, c in ENTITY.values()})
    errors = changed_untouched_ids(previous, dict(organisations=organisations,
                                                  agreements=agreements, engagements=engagements),
                                   articles, id_redirects)
    doc = id_ledger or {}
    status = doc.get("status", "first")
    before, now = doc.get("previous_extractor_version"), doc.get("extractor_version")
    if errors and (status == "lost" or (before and now and before != now)):
        # Without a ledger ids fall back to anchor hashes; a new extractor may read other
        # names in the same articles. Say so, but do not block the release.
        why = doc.get("message", "") if status == "lost" else (
            f"the extractor changed ({before} -> {now}): re-read articles may yield other "
            "organisations and events, so some ids changed")
        return dg.AssetCheckResult(
            passed=False, severity=dg.AssetCheckSeverity.WARN,
            metadata={"failures": len(errors), "why": why,
                      "details": dg.MetadataValue.md("\n".join(f"- {e}" for e in errors[:50]))})
    return _result(errors, "every untouched entity kept its id", ledger=status)


id_checks = [redirects_point_at_published_ids, no_id_silently_dropped,
             ids_kept_for_untouched_entities]
