"""Stage 4, publish: the validated tables -> an immutable release, then `latest`."""

import dagster as dg
import pandas as pd

from pipeline import schemas
from pipeline.extract import extractor_version
from pipeline.publish import write_release
from pipeline.settings import PipelineSettings


@dg.asset(
    group_name="publish",
    ins={t: dg.AssetIn(t) for t in schemas.TABLES},
    kinds={"parquet", "csv"},
    description="A versioned release: Parquet + CSV of every table, datapackage.json, README "
                "data dictionary, SHA256SUMS; `latest` switches atomically after every blocking "
                "check passed. Unchanged content publishes nothing new.",
)
def release(context: dg.AssetExecutionContext, settings: PipelineSettings,
            **tables: pd.DataFrame) -> dg.MaterializeResult:
    result = write_release(tables, settings.output_dir, run_meta={
        "dagster_run_id": context.run_id,
        "extractor_version": extractor_version(),
        "raw_dir": settings.raw_dir,
    })
    context.log.info(f"release {result.release_id}: {result.reason}")
    return dg.MaterializeResult(metadata={
        "release_id": result.release_id,
        "published": result.published,
        "outcome": result.reason,
        "path": dg.MetadataValue.path(str(result.path)),
        "row_counts": dg.MetadataValue.json(result.row_counts),
    })
