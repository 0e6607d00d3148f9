"""statistics.json's tallies (pipeline/publish/statistics.py)."""


def test_counts_and_years_take_the_same_values_on_every_path() -> None:
    """_counts / _years on a canonical column (text or dates and None: no per-value null
    test) equal the per-value path they fall back to for other values."""
    import datetime as dt

    import numpy as np

    from pipeline.publish.statistics import _counts, _years

    text = ["b", None, "a", "b", "unknown", None]
    assert _counts(text) == {"unknown": 3, "b": 2, "a": 1}
    assert _counts(text, ("a", "b", "c")) == {"a": 1, "b": 2, "unknown": 3}
    # the same tallies when a NaN (not canonical) sends the column through the other path
    assert _counts(text[:-1] + [float("nan")]) == _counts(text)
    assert _counts([np.str_("b"), "b", None]) == {"b": 2, "unknown": 1}
    dates = [dt.date(2024, 5, 1), None, dt.date(2023, 1, 2), dt.date(2024, 1, 1)]
    assert _years(dates) == {"2023": 1, "2024": 2, "unknown": 1}
    assert _years(dates[:1] + [float("nan")] + dates[2:]) == _years(dates)
