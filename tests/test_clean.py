"""Text repair, page furniture, headline/dateline detection, HTML and JSON cleaning."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.ingest.clean import (
    clean_html,
    clean_json_article,
    clean_plain_text,
    find_date,
    html_meta_date,
    is_furniture,
    markdown_to_text,
    parse_date,
    repair_text,
)

# ------------------------------------------------------------------ repair_text


def test_cyrillic_es_inside_latin_domain_becomes_latin() -> None:
    token = "V\u0421.ru"  # Cyrillic capital ES
    assert repair_text(f"Telegram / Instagram / {token}") == "Telegram / Instagram / VC.ru"


def test_latin_letters_inside_cyrillic_word_become_cyrillic() -> None:
    # "технопаpк" with a Latin p, "Mосква" with a Latin M
    fixed = repair_text("Пресс-служба технопаpк сообщила, что Mосква примет форум.")
    assert fixed == "Пресс-служба технопарк сообщила, что Москва примет форум."


def test_mixed_script_word_in_english_text_goes_latin() -> None:
    # Two Cyrillic lookalikes (Т, О) in a four-letter word: still an English word.
    assert repair_text("The \u0422\u041eKY Hub opened.") == "The TOKY Hub opened."


def test_genuine_scripts_are_left_alone() -> None:
    texts = [
        "Технопарк «Астана Хаб» подписал меморандум с ИТ-парком.",
        "Ελληνικό Πάρκο Τεχνολογίας και Καινοτομίας",
        "한국 과학기술단지 협력",
        "High Tech Park (Kyrgyzstan) and Astana Hub signed.",
        "Qazaqstan Respublikasy Cifrlyq damu ministrligi",
    ]
    for text in texts:
        assert repair_text(text) == text


def test_invisible_characters_and_spaces() -> None:
    raw = "Tech\u00adno\u00adpark\u00a0IT\u202fPark  opened\u200b today\t\tin\u2060 Riga."
    assert repair_text(raw) == "Technopark IT Park opened today in Riga."


def test_joiners_kept_where_scripts_need_them() -> None:
    persian = "می\u200cخواهم"
    emoji = "\U0001F469\u200d\U0001F4BB"
    assert repair_text(persian) == persian
    assert repair_text(emoji) == emoji
    assert repair_text("Astana\u200dHub") == "AstanaHub"


def test_line_endings_and_blank_lines() -> None:
    raw = "  Headline here  \r\n\r\n\r\n\r\nFirst   line\rsecond line\u2028third\n\n\n"
    assert repair_text(raw) == "Headline here\n\nFirst line\nsecond line\nthird"


def test_mojibake_is_repaired() -> None:
    broken = "The park in ZÃ¼rich â€” and its partner in MalmÃ¶ â€” signed."
    assert repair_text(broken) == "The park in Zürich - and its partner in Malmö - signed." or \
        repair_text(broken) == "The park in Zürich — and its partner in Malmö — signed."


def test_nfkc_folds_compatibility_forms() -> None:
    assert repair_text("ＩＴ Ｐａｒｋ ﬁnance") == "IT Park finance"


# ------------------------------------------------------------------ furniture

@pytest.mark.parametrize("line", [
    "top of page", "Bottom of page", "Telegram / Instagram / VC.ru", "Share: Facebook Twitter",
    "Facebook Twitter LinkedIn", "Join our mailing list! Don't miss other exciting stories!",
    "Join our miling list!", "Subscribe to our newsletter", "All news", "Close", "/", "|", "en", "RU",
    "Read more", "Read more »", "Print", "Home | About | News | Contacts", "Home / Projects / Residents",
    "We use cookies to improve your experience. Accept", "This website uses cookies.",
    "Read: 451", "view-icon 2809", "More about: Azerbaijan Turkey Karabakh", "Share this Article",
    "Posted: 1 week ago", "www.example.org The link will open in a new tab", "© 2023 Example Media",
    "Other posts", "Back to top", "Tags: innovation, parks", "News",
])
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "The Latvian IT Cluster shared its experience with partners in Bishkek.",
    "Revenue for 2021/2022 grew by a fifth, the park said in its annual report.",
    "Astana Hub",
    "Kazakhstan / Uzbekistan cooperation programme was signed by six parks on Monday.",
    "Visitors were asked to accept cookies from the bakery stand at the fair, which sold out by noon.",
    "28.09.2022",
    "IT Park Uzbekistan",
    "Digital Bridge-2022",
])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


# ------------------------------------------------------------------ dates

@pytest.mark.parametrize("text, expected", [
    ("28 September, 2022", dt.date(2022, 9, 28)),
    ("September 28th, 2022", dt.date(2022, 9, 28)),
    ("1st of July 2019", dt.date(2019, 7, 1)),
    ("Sept. 5, 2021", dt.date(2021, 9, 5)),
    ("02/07/2019", dt.date(2019, 7, 2)),       # day first
    ("07/28/2019", dt.date(2019, 7, 28)),      # day-first impossible -> month first
    ("30.05.2018", dt.date(2018, 5, 30)),
    ("date 2020-12-02 By Someone", dt.date(2020, 12, 2)),
    ("admin 2022.01.20 09:12:59", dt.date(2022, 1, 20)),
    ("12 May , 2020", dt.date(2020, 5, 12)),   # a space before the comma, as some sites print it
])
def test_find_date(text: str, expected: dt.date) -> None:
    hit = find_date(text)
    assert hit is not None and hit[0] == expected


@pytest.mark.parametrize("text", [
    "We will meet them", "May 2021", "in 2021", "31/02/2020", "14 March 1985", "3 March 2300", "version 1.2.3",
    "call 12-34-5678", "",
])
def test_no_date(text: str) -> None:
    assert find_date(text) is None


def test_date_window_follows_today() -> None:
    assert find_date("1 June 2031", today=dt.date(2030, 12, 1)) is not None
    assert find_date("1 June 2031", today=dt.date(2029, 12, 1)) is None


def test_parse_date_metadata_forms() -> None:
    assert parse_date("2021-05-04") == dt.date(2021, 5, 4)
    assert parse_date("2021-05-04T10:00:00Z") == dt.date(2021, 5, 4)
    assert parse_date("4 May 2021") == dt.date(2021, 5, 4)
    assert parse_date("2021-02-30") is None
    assert parse_date("soon") is None


# ------------------------------------------------------------------ plain text

SCRAPED = """top of page

Quarry Valley Technopark Signs Memorandum With Fenwick Robotics Association

date 2020-12-02 By Lena Marsh

Telegram   /   Instagram   /   V\u0421.ru

The Quarry Valley Technopark and the Fenwick Robotics Association signed a memorandum on Tuesday to set up a shared testing ground for delivery robots.

Under the memorandum, engineers from both sides will work together in a lab led by

Dr. Anna Holm, who moved to the park last year.

Join our mailing list! Don't miss other exciting stories!

bottom of page
"""


def test_plain_text_headline_dateline_and_furniture() -> None:
    c = clean_plain_text(SCRAPED)
    assert c.title == "Quarry Valley Technopark Signs Memorandum With Fenwick Robotics Association"
    assert c.published_date == dt.date(2020, 12, 2)
    assert c.body == (
        "The Quarry Valley Technopark and the Fenwick Robotics Association signed a memorandum on Tuesday to "
        "set up a shared testing ground for delivery robots.\n\n"
        "Under the memorandum, engineers from both sides will work together in a lab led by "
        "Dr. Anna Holm, who moved to the park last year."
    )


def test_headline_above_dateline_skips_masthead() -> None:
    text = ("THE POWER OF INNOVATION\nnews\n\nNews\n\nHarbour Park Receives A Delegation From Lisbon\n30/05/2018\n"
            "(HP) - On the morning of May 29, 2018, the director of the Harbour Park received a delegation from "
            "the Lisbon Digital Agency to discuss joint programmes for start-ups.\n")
    c = clean_plain_text(text)
    assert c.title == "Harbour Park Receives A Delegation From Lisbon"
    assert c.published_date == dt.date(2018, 5, 30)
    assert c.body.startswith("(HP) - On the morning of May 29, 2018")
    assert "POWER" not in c.body and "News" not in c.body


def test_language_switcher_and_slogan_dropped_title_kept() -> None:
    text = ("en\nSeven Clusters Of Estonia Sign A Cooperation Memorandum\n02/07/2019\n\n"
            "July 1, 2019 Seven clusters of Estonia signed a memorandum on cooperation in Tallinn, the network said. "
            "The memorandum covers joint trade missions.\n\nAll news\nClose\n/\n")
    c = clean_plain_text(text)
    assert c.title == "Seven Clusters Of Estonia Sign A Cooperation Memorandum"
    assert c.published_date == dt.date(2019, 7, 2)
    assert c.body.startswith("July 1, 2019 Seven clusters")
    assert c.body.endswith("joint trade missions.")


def test_no_headline_when_text_starts_with_prose() -> None:
    text = ("In early spring the ministry reviewed the work of its technology park and shared its plans for the "
            "coming year with the press.\n\nMore than a hundred companies joined the park in that period.\n")
    c = clean_plain_text(text)
    assert c.title is None
    assert c.body.startswith("In early spring")


def test_dateline_first_gives_no_title() -> None:
    text = (" date 2021-03-04 By Staff Writer\n\nA memorandum was signed between the Pearl Innovation Agency "
            "and the Coral Technopark, the agency reported on March 3. The parties will exchange trainees.\n")
    c = clean_plain_text(text)
    assert c.title is None and c.published_date == dt.date(2021, 3, 4)
    assert c.body.startswith("A memorandum was signed")


def test_published_label_url_and_publisher_near_top() -> None:
    text = ("Source: Caspian Tech Review\nhttps://example.org/news/4512\n"
            "Birch Park Opens Office In Baku\nPublished: 14 March 2021\n\n"
            "The Birch Technology Park opened a representative office in Baku on Friday, the park said in a "
            "statement sent to partners.\n")
    c = clean_plain_text(text)
    assert (c.title, c.published_date, c.publisher, c.url) == (
        "Birch Park Opens Office In Baku", dt.date(2021, 3, 14), "Caspian Tech Review", "https://example.org/news/4512")
    assert c.body == ("The Birch Technology Park opened a representative office in Baku on Friday, the park said "
                      "in a statement sent to partners.")


def test_repeated_headline_and_paragraphs_removed() -> None:
    head = "Turkmen engineers visited the Caspian Science Park"
    para = ("The engineers learned about the park's laboratories and discussed possible joint projects in "
            "materials research with its director.")
    text = f"\u00cf {head}\n\n{head}\n\nview-icon 2809\n{head}\n\n{para}\n\n{para}\n"
    c = clean_plain_text(text)
    assert c.title == head
    assert c.body == para


def test_broken_line_inside_sentence_is_joined() -> None:
    text = ("Sunflower Park Hosts Partners\n\nThe park signed MoU of coordination in promotion, training in "
            "combination with\n\ntechnology transfer and local development cooperation with its partners.\n")
    c = clean_plain_text(text)
    assert c.body == ("The park signed MoU of coordination in promotion, training in combination with technology "
                      "transfer and local development cooperation with its partners.")


def test_headline_only_text_keeps_it_as_body() -> None:
    c = clean_plain_text("Lynx Park opens lab in Kaunas")
    assert c.title == "Lynx Park opens lab in Kaunas"
    assert c.body == "Lynx Park opens lab in Kaunas"


def test_furniture_only_gives_empty_body() -> None:
    assert clean_plain_text("top of page\n\nShare: Facebook Twitter\n\nbottom of page").body == ""


def test_markdown_syntax_removed() -> None:
    md = "# Title Here\n\nThe **Ash Park** joined the [Network](https://x.org/a \"t\").\n\n![img](a.png)\n\n---\n"
    assert markdown_to_text(md).split() == "Title Here The Ash Park joined the Network.".split()


# ------------------------------------------------------------------ HTML

PAGE = """<!DOCTYPE html>
<html><head><title>Oakridge Park and Delta Agency sign memorandum</title>
<meta property="article:published_time" content="2022-10-11T09:00:00+03:00">
<script>var TRACKER_ID = "UA-0000"; window.onload = function () { sendBeacon("evil"); };</script>
<style>body { background: #fafafa; } .lead { font-weight: bold; }</style></head>
<body onload="init()">
<header><nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/contacts">Contacts</a></nav></header>
<aside><ul><li>Older story 1 September 2022</li></ul></aside>
<article><h1>Oakridge Park and Delta Agency sign memorandum</h1>
<p class="lead" onclick="track('lead')">The Oakridge Technology Park and the Delta Innovation Agency signed a
memorandum of understanding in Tbilisi on Monday.</p>
<p>The two organisations will launch a joint accelerator for hardware start-ups and exchange mentors between their
programmes from next year.</p>
<script>document.write("WRITTEN_BY_SCRIPT");</script>
</article>
<footer><p>Subscribe to our newsletter</p><p>© 2022 Oakridge Media</p></footer>
</body></html>"""


def test_html_main_text_metadata_and_no_script() -> None:
    c = clean_html(PAGE)
    assert c.title == "Oakridge Park and Delta Agency sign memorandum"
    assert c.published_date == dt.date(2022, 10, 11)
    assert "Oakridge Technology Park and the Delta Innovation Agency" in c.body
    assert "joint accelerator for hardware start-ups" in c.body
    for leaked in ("TRACKER_ID", "sendBeacon", "WRITTEN_BY_SCRIPT", "background", "track(", "init()",
                   "Subscribe", "Home", "sign memorandum"):
        assert leaked not in c.body


def test_html_sidebar_date_is_not_the_publication_date() -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2022-10-11T09:00:00+03:00">', "")
    assert clean_html(page).published_date is None
    assert html_meta_date(page) is None


def test_html_without_body_and_truncated() -> None:
    c = clean_html("<p>The Maple Cluster welcomed a delegation from Vilnius.</p>")
    assert c.body == "The Maple Cluster welcomed a delegation from Vilnius."
    cut = "<html><body><p>The Juniper Park hosted founders from Tartu.</p><p>They agreed to meet ag"
    assert clean_html(cut).body == "The Juniper Park hosted founders from Tartu.\n\nThey agreed to meet ag"


def test_html_fallback_drops_script_text() -> None:
    c = clean_html("<div><script>alert('x')</script><style>p{}</style><p>Short note on the Teal Park.</p></div>")
    assert c.body == "Short note on the Teal Park."


def test_html_json_ld_date() -> None:
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2020-02-03T10:00:00+02:00"}</script></head><body><p>The Fir Park signed a deal with '
            "the Oak Agency.</p></body></html>")
    assert clean_html(page).published_date == dt.date(2020, 2, 3)


def test_html_empty_documents() -> None:
    for page in ("", "<html></html>", "<html><body><script>x()</script></body></html>"):
        assert clean_html(page).body == ""


# ------------------------------------------------------------------ JSON

def test_json_fields_win_and_headline_line_is_removed() -> None:
    c = clean_json_article({
        "text": "Rowan Park opens lab\n\n12 May 2020\n\nThe Rowan Park opened a materials lab with the Elm Institute.",
        "title": "Rowan Park opens lab", "url": " https://example.org/rowan ", "published_date": "2020-05-13",
        "publisher": "Nordic Wire",
    })
    assert (c.title, c.url, c.published_date, c.publisher) == (
        "Rowan Park opens lab", "https://example.org/rowan", dt.date(2020, 5, 13), "Nordic Wire")
    assert c.body == "The Rowan Park opened a materials lab with the Elm Institute."


def test_json_bad_optional_fields_are_ignored() -> None:
    c = clean_json_article({"text": "The Aspen Hub signed an agreement with the Pine Council in Oslo.",
                            "title": 42, "published_date": "yesterday", "url": ["x"], "publisher": None})
    assert (c.title, c.published_date, c.url, c.publisher) == (None, None, None, None)
    assert c.body == "The Aspen Hub signed an agreement with the Pine Council in Oslo."


# ------------------------------------------------------------------ properties

@settings(max_examples=200, deadline=None)
@given(st.text())
@example("\xadÜ¤")  # mojibake of one character behind a soft hyphen: repaired on the second pass
@example("¬ç")  # mojibake of a control character (U+008D): removed after the repair too
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once


_lines = st.lists(
    st.one_of(st.text(max_size=80), st.sampled_from([
        "top of page", "Telegram / Instagram / V\u0421.ru", "28 September, 2022", "A Headline Without Stop",
        "The park signed an agreement with the agency.", "", "en", "date 2020-12-02 By X",
    ])),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(_lines)
@example(["0\u00e0\u00a2", "a00"])  # joining two lines made new mojibake
@example(["\u00c2\t0"])  # collapsing the tab after the repair made new mojibake
def test_clean_plain_text_never_raises_and_body_is_stable(lines: list[str]) -> None:
    c = clean_plain_text("\n".join(lines))
    # The body is already repaired, and cleaning it again never grows it or brings furniture back.
    assert repair_text(c.body) == c.body
    again = clean_plain_text(c.body)
    assert len(again.body) <= len(c.body)
    assert all(not is_furniture(p) for p in again.body.split("\n\n") if p)


def test_headline_with_site_suffix_removed_from_body() -> None:
    c = clean_json_article({"title": "Elm Park signs memorandum | Baltic Wire",
                            "text": "Elm Park signs memorandum\n\n"
                                    "The Elm Park signed a memorandum with the Ash Agency."})
    assert c.body == "The Elm Park signed a memorandum with the Ash Agency."


def test_dates_in_running_text_are_not_the_publication_date() -> None:
    text = ("Poplar Park Signs Deal\n\nOn 5 May 2021 the Poplar Park signed a deal with the Vine Agency, which "
            "was founded on 1 June 2015.\n")
    c = clean_plain_text(text)
    assert c.published_date is None
    assert c.body.startswith("On 5 May 2021")


@pytest.mark.parametrize("first, agency", [
    ("CAIRO, March 4 (Xinhua) — Egypt and Ruritania signed a deal on incubators today.", "Xinhua"),
    ("VANTAA, JUNE 28, NORDPRESS. The week of events ended at the centre with guests.", "NORDPRESS"),
    ("Hanoi (VNA) - The centre and the university signed a memorandum on Friday.", "VNA"),
    ("The Park signed a memorandum with the Cluster (PTI) - and others on Friday.", None),
    ("Tallinn is where the Park signed a memorandum, ERR. reported on Friday.", None),
])
def test_a_wire_dateline_names_the_publisher_of_a_plain_text_article(first, agency):
    cleaned = clean_plain_text(f"Ruritania and Egypt agree on incubators\n\n{first}\n\nMore text follows here.")
    assert cleaned.publisher == agency
    assert first in cleaned.body  # the dateline stays: it is part of the first paragraph


def test_a_publisher_given_by_the_page_wins_over_the_dateline():
    cleaned = clean_plain_text("Headline of the story\n\nPublisher: Daily Planet\n\n"
                               "OSLO, 2 May (NTB) - The park opened a lab for startups in the city.")
    assert cleaned.publisher == "Daily Planet"


def test_a_date_label_glued_to_the_first_paragraph_is_the_publication_date() -> None:
    text = (" date 2022-03-09 RIGA, March 9. The Daugava Technology Park and the Kaunas Startup Hub signed a "
            "memorandum of cooperation today, the park said in a statement to partners.\n\nMore follows.")
    c = clean_plain_text(text)
    assert c.published_date == dt.date(2022, 3, 9)
    assert c.body.startswith("RIGA, March 9. The Daugava")  # the label goes, the dateline stays


def test_a_date_label_before_a_headline_is_cut_and_the_headline_found() -> None:
    c = clean_plain_text(" date 2024-04-08 SCIENCE PARKS OF TWO COUNTRIES SIGN A COOPERATION AGREEMENT\n\n"
                         "On 28 March the Vaasa Science Park signed an agreement with the Porto Design Hub "
                         "on joint programmes for start-ups.")
    assert c.published_date == dt.date(2024, 4, 8)
    assert c.title == "SCIENCE PARKS OF TWO COUNTRIES SIGN A COOPERATION AGREEMENT"
    assert c.body.startswith("On 28 March")


@pytest.mark.parametrize("first, published", [
    ("KITCHENER, ONT., April 23, 2024 — The city invests in the tech hub, the mayor said on Monday.",
     dt.date(2024, 4, 23)),
    ("Skopje, 11 January 2020 (MIA) – Forty-five companies applied for grants from the innovation fund.",
     dt.date(2020, 1, 11)),
    ("On October 14, 2020, the minister visited the technopark to meet the founders of the companies there.",
     None),
    ("The park said on 3 May 2021 - a Monday - that it would open a lab for the companies of the region.",
     None),
])
def test_a_wire_dateline_opening_the_lede_gives_the_publication_date(first, published) -> None:
    c = clean_plain_text(f"{first}\n\nThe second paragraph of the story follows here.")
    assert c.published_date == published
    assert c.body.startswith(first)
