"""techbridges Dagster code location."""
