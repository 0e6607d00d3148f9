"""Resolve: per-article extractions in, one row per real organisation and per
agreement/engagement across sources out, with ids kept across releases."""
