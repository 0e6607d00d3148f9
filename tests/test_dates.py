"""Day-precision dates resolved against the publication date (pipeline.extract.dates)."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline.extract.dates import dateline_date, find_dates, parse_date, resolve_weekday

REF = dt.date(2022, 9, 28)  # a Wednesday


def first(text, ref=REF, future=False):
    hits = find_dates(text, ref, future)
    return hits[0].date if hits else None


@pytest.mark.parametrize("text, expected", [
    ("signed on 28 September 2022", dt.date(2022, 9, 28)),
    ("signed on September 28, 2022", dt.date(2022, 9, 28)),
    ("on the 3rd of March, 2021", dt.date(2021, 3, 3)),
    ("On Nov. 26, 2021 the parties", dt.date(2021, 11, 26)),
    ("dated 2020-12-02", dt.date(2020, 12, 2)),
    ("dated 05.03.2021", dt.date(2021, 3, 5)),      # day first
    ("dated 03/25/2021", dt.date(2021, 3, 25)),     # month first only when day-first is impossible
    ("1st July, 2019 was an important day", dt.date(2019, 7, 1)),
])
def test_explicit_dates(text, expected):
    assert first(text) == expected


def test_today_yesterday_tomorrow():
    assert first("The parks today signed") == REF
    assert first("was signed yesterday") == dt.date(2022, 9, 27)
    assert first("will meet tomorrow", future=True) == dt.date(2022, 9, 29)


def test_relative_forms_need_a_reference_date():
    assert find_dates("signed today", None) == []
    assert find_dates("on Monday", None) == []


def test_weekday_resolves_to_most_recent_past_day_or_next_in_future():
    assert first("signed on Monday") == dt.date(2022, 9, 26)
    assert first("signed on Wednesday") == REF              # the same day
    assert first("last Wednesday") == dt.date(2022, 9, 21)
    assert first("will sign on Monday", future=True) == dt.date(2022, 10, 3)
    assert first("next Friday") == dt.date(2022, 9, 30)
    assert resolve_weekday(0, dt.date(2022, 10, 3), None) == dt.date(2022, 10, 3)


def test_weekday_followed_by_explicit_date_keeps_the_explicit_date():
    hits = find_dates("on Monday, 19 September 2022", REF)
    assert [h.date for h in hits] == [dt.date(2022, 9, 19)]


def test_yearless_date_takes_the_year_that_fits_the_tense():
    assert first("On September 28 the parks signed") == dt.date(2022, 9, 28)
    assert first("On November 26 they signed") == dt.date(2021, 11, 26)   # past: last year
    assert first("will sign on November 26", future=True) == dt.date(2022, 11, 26)
    assert first("held on January 10", future=True) == dt.date(2023, 1, 10)


def test_yearless_date_without_reference_is_none():
    assert find_dates("On April 11, the parks signed", None) == []
    assert parse_date("April 11", None) is None


def test_ranges_keep_start_and_end():
    h = find_dates("On March 24-25, 2023, the training was held", REF)[0]
    assert (h.date, h.end_date) == (dt.date(2023, 3, 24), dt.date(2023, 3, 25))
    h = find_dates("from 30 June to 2 July 2022", REF)[0]
    assert (h.date, h.end_date) == (dt.date(2022, 6, 30), dt.date(2022, 7, 2))


@pytest.mark.parametrize("text", [
    "in 2021", "in March", "in March 2021", "last week", "earlier this month",
    "We met the team", "they may sign", "a 5-year plan", "in 1,500 companies",
])
def test_below_day_precision_or_no_date_gives_nothing(text):
    assert find_dates(text, REF) == []


def test_dates_outside_plausible_range_are_dropped():
    assert find_dates("founded on 1 May 1985", REF) == []
    assert find_dates("by 31 December 2030", REF) == []


def test_lowercase_may_is_not_a_month():
    assert find_dates("the parks may 5 times a year meet", REF) == []
    assert first("on May 5, 2022") == dt.date(2022, 5, 5)


def test_parse_date_on_entity_strings():
    assert parse_date("September 28", REF) == REF
    assert parse_date("September the 28th, 2022", None) == dt.date(2022, 9, 28)
    assert parse_date("2021", REF) is None
    assert parse_date("this year", REF) is None


def test_dateline_at_top_of_body():
    assert dateline_date("Headline here\n\n28 September, 2022\n\nBody text on 1 May 2020.") \
        == dt.date(2022, 9, 28)
    assert dateline_date("Headline\n02/07/2019\nText") == dt.date(2019, 7, 2)
    # a date inside a long first paragraph is not a dateline
    assert dateline_date("Headline\n" + "On 5 May 2021 the parks signed a memorandum " * 3) is None
    assert dateline_date("No date anywhere.") is None


def test_news_agency_dateline_opening_the_lede():
    lede = "TASHKENT, 16 March 2023 (UzA) – Two parks signed a memorandum on Monday, the agency said."
    assert dateline_date("Headline\n\n" + lede) == dt.date(2023, 3, 16)
    assert dateline_date("Headline\n\nLIMA, Aug. 23, 2022 - " + "The parks will sign a framework agreement. " * 3) \
        == dt.date(2022, 8, 23)
    # a year-less dateline gives no reference date; a date inside the prose is no dateline
    assert dateline_date("Headline\n\nASTANA, March 3 (Kazinform) – " + "Two clusters signed. " * 5) is None
    assert dateline_date("Headline\n\nIn Tashkent, on 16 March 2023, two parks signed a memorandum of understanding and more.") is None


def test_an_undated_article_lends_its_year_to_yearless_dates():
    from pipeline.extract.dates import article_year
    today = dt.date(2026, 1, 1)
    assert article_year("The park opened in 2017. On May 29 it signed.", today) == 2017
    # a full date outranks a bare year; targets and future years are not the report's
    assert article_year("On 30 April 2021 the board met; by 2025 it plans more.", today) == 2021
    assert article_year("Founded in 2015, it follows Vision 2030 and aims for 2040.", today) == 2015
    assert article_year("No year at all.", today) is None
    assert find_dates("On May 29 they signed", None, year=2017)[0].date == dt.date(2017, 5, 29)
    # relative dates still need the article's own date
    assert find_dates("They signed today", None, year=2017) == []
    # a reference date wins over the year
    assert find_dates("On May 29 they signed", REF, year=2017)[0].date.year == REF.year


def test_numeric_date_with_spaces_after_the_dots():
    """"29. 04. 2015" (a space after each dot) is a full date, as a dateline and in text;
    a dot between numbers with two spaces or a comma is not read as one."""
    assert dateline_date("Home » News\n\n29. 04. 2015\n\nPark founded\n\nX signed today.") \
        == dt.date(2015, 4, 29)
    hits = find_dates("The park opened on 3. 11. 2019 in the capital.", None)
    assert [h.date for h in hits] == [dt.date(2019, 11, 3)]
    assert find_dates("Chapter 3.  11.  2019 figures", None) == []


def test_full_numeric_dateline_with_spaces_is_the_published_date():
    from pipeline.reference.date_parsing import FULL_NUMERIC
    m = FULL_NUMERIC.search("News | 29. 04. 2015 | Science park")
    assert m and m.groups() == ("29", "04", "2015")


def test_a_wire_service_dateline_of_dash_separated_parts_dates_the_article():
    body = ("Acme and Beta join forces\n\n"
            "LISBON - Example Wire Service - 3 March 2024 - Acme Labs and Beta Park signed a "
            "memorandum on robotics research at a ceremony in the city today.")
    assert dateline_date(body) == dt.date(2024, 3, 3)


def test_a_dash_aside_in_the_lede_is_no_dateline():
    body = ("Acme and Beta join forces\n\n"
            "The park - which opened in May 2021 - signed a memorandum on robotics research "
            "with Acme Labs at a ceremony in the city today.")
    assert dateline_date(body) is None


def test_a_weekday_after_the_date_it_falls_on_joins_that_date():
    # 2 February 2021 was a Tuesday: one date spanning both, not a second "Tuesday"
    text = "Vilnius, 2 February 2021 Tuesday (Newswire) - the park opened"
    hits = find_dates(text, dt.date(2021, 2, 2))
    assert len(hits) == 1
    assert text[hits[0].start:hits[0].end] == "2 February 2021 Tuesday"
    assert hits[0].date == dt.date(2021, 2, 2) and hits[0].explicit_year


def test_a_weekday_after_a_date_it_does_not_fall_on_stays_apart():
    hits = find_dates("opened on 3 February 2021, Tuesday the talks", dt.date(2021, 2, 5))
    assert [h.date for h in hits] == [dt.date(2021, 2, 3), dt.date(2021, 2, 2)]
