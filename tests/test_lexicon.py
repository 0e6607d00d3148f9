"""The rules' word lists as data files (pipeline/data/lexicon/): loading and validation,
the regexes built from them (checked against the inline regexes they replaced), and the
never-seen report. Sentences here are invented."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.extract import _PKG, _VERSIONED
from pipeline.extract import event_lexicon as ev
from pipeline.extract import org_lexicon as org
from pipeline.extract.lexicon import (LEXICON_DIR, LexiconError, alternation, bounded, load_all, mapping,
                                      read_file, word_map, word_set, words)

ROOT = Path(__file__).resolve().parent.parent
LEARN = Path(__file__).parent / "articles" / "learn"
sys.path.insert(0, str(ROOT / "scripts"))
import lexicon_report  # noqa: E402


# ------------------------------------------------------------------ loading

def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize("name, text, line, message", [
    ("dup.txt", "# heads\npark\nhub\npark\n", 4, "duplicate entry 'park' (first on line 2)"),
    ("case.txt", "park\nHub\n", 2, "'Hub' is not lower-case"),
    ("tab.txt", "park\nscience\tpark\n", 2, "tab in entry"),
    ("spaces.txt", "science  park\n", 1, "repeated whitespace"),
    ("nokey.map", "park: park\n: hub\n", 2, "empty entry"),
    ("nocolon.map", "park: park\nhub hub\n", 2, "expected 'key: value'"),
    ("dupkey.map", "park: park\nhub: hub\npark: hub\n", 3, "duplicate entry 'park'"),
])
def test_a_bad_entry_fails_loudly_naming_file_and_line(tmp_path, name, text, line, message):
    path = _write(tmp_path, name, text)
    with pytest.raises(LexiconError) as err:
        read_file(path)
    assert err.value.path == path and err.value.line == line
    assert str(err.value).startswith(f"{path}:{line}: ") and message in str(err.value)
    # the same error when the whole folder is loaded (as the report and the tests do)
    with pytest.raises(LexiconError, match=re.escape(f"{path}:{line}")):
        load_all(tmp_path)


def test_an_empty_file_a_missing_file_and_an_unknown_kind_are_errors(tmp_path):
    with pytest.raises(LexiconError, match="no entries"):
        read_file(_write(tmp_path, "empty.txt", "# only a comment\n\n"))
    with pytest.raises(LexiconError, match="no such lexicon file"):
        words("missing", root=tmp_path)
    with pytest.raises(LexiconError, match="unknown lexicon file type"):
        read_file(_write(tmp_path, "list.csv", "park\n"))


def test_word_map_words_are_validated_too(tmp_path):
    _write(tmp_path, "weak.map", "city: it tech it\n")
    with pytest.raises(LexiconError, match=r"weak\.map:1: duplicate word\(s\) \['it'\]"):
        word_map("weak", root=tmp_path)


def test_good_files_load_with_comments_case_directive_and_empty_values(tmp_path):
    _write(tmp_path, "forms.txt", "#! case-sensitive\n# legal forms\nJSC\nLLC\n")
    _write(tmp_path, "heads.map", "# head: class\npark: park\nministry: ministry\n")
    _write(tmp_path, "weak.map", "city: it tech\ncapital:\n")
    _write(tmp_path, "sub/verbs.txt", "signed\nentered into\n")
    assert words("forms", root=tmp_path) == ("JSC", "LLC")
    assert mapping("heads", root=tmp_path) == {"park": "park", "ministry": "ministry"}
    assert word_map("weak", root=tmp_path) == {"city": frozenset({"it", "tech"}), "capital": frozenset()}
    assert word_set("sub/verbs", root=tmp_path) == {"signed", "entered into"}
    assert list(load_all(tmp_path)) == ["forms.txt", "heads.map", "sub/verbs.txt", "weak.map"]


def test_the_project_lists_load_and_keep_the_names_other_modules_import():
    lists = load_all()
    assert len(lists) >= 50 and all(lists.values())
    assert org.HEADS["technopark"] == "park" and org.HEADS["ministry"] == "ministry"
    assert "JSC" in org.LEGAL_PREFIXES and "jsc" in org.LEGAL_SUFFIXES
    assert org.WEAK_HEADS["capital"] == frozenset() and "it" in org.WEAK_HEADS["city"]
    assert org.SOURCE_BEFORE[0] == ("according", "to") and ("news", "agency") in org.OUTLET_PAIRS
    assert org.MINISTER_ADJECTIVES["foreign"] == "Foreign Affairs"
    assert all(isinstance(getattr(org, n), frozenset) for n in ("GENERIC", "STOP_CAP", "TITLE_WORDS", "CONCEPTS"))


def test_every_lexicon_file_is_read_by_the_rules():
    """No list lies unused: importing the rule modules reads every file."""
    code = ("import pipeline.extract.org_lexicon, pipeline.extract.event_lexicon, pipeline.extract.events\n"
            "from pipeline.extract.lexicon import LEXICON_DIR, READ, list_names\n"
            "print(sorted(n for n in list_names() if (LEXICON_DIR / n).resolve() not in READ))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"


def test_every_lexicon_file_is_part_of_the_extractor_version():
    hashed = {p for pattern in _VERSIONED for p in _PKG.glob(pattern) if p.is_file()}
    files = {LEXICON_DIR / name for name in load_all()}
    assert any("/" in name for name in load_all())  # subfolders exist, and ...
    assert files <= hashed                            # ... are covered too


# ------------------------------------------------------------------ generated regexes

def test_alternation_escapes_puts_longer_entries_first_and_reads_spaces_as_whitespace():
    rx = re.compile(bounded(["study tour", "study tours", "s.a."]))
    assert rx.search("a study tours programme").group() == "study tours"
    assert rx.search("two study\n tour days").group() == "study\n tour"
    assert rx.search("Acme s.a. signed") and not rx.search("Acme sxa signed")
    assert alternation(["a", "bcd", "ef"]) == "(?:bcd|ef|a)"


# The inline regexes the data files replaced, as they were (commit 0f1e548).
_OLD_PERSON_ROLE = (
    r"(?:representatives?|delegations?|delegates|experts?|speakers?|specialists?|teams?|staff|employees|members|"
    r"founders?|heads?|directors?|managers?|officials?|residents?|startups|companies|participants|exhibitors|"
    r"panel+ists|guests|leadership|management|ceos?|chairm[ae]n|presidents?|rectors?|students|researchers|scientists)")
_W = r"(?i:{})"
OLD = {
    "SIGN_CUE": re.compile(
        r"(?i)\b(?:sign(?:s|ed|ing)?|signature|inks?|inked|inking|conclud(?:e|es|ed|ing)"
        r"|enter(?:s|ed|ing)?\s+into|seal(?:s|ed|ing)?|execut(?:ed|es|ing)|countersign(?:s|ed)?)\b"),
    "ORGANISING_VERB": re.compile(
        r"(?i)\b(?:organi[sz](?:e|es|ed|ing)|co-organi[sz]ed|held|holds?|hold|host(?:s|ed|ing)?|conduct(?:s|ed|ing)?"
        r"|launch(?:es|ed|ing)?|ran|runs?|arranged|convened|staged|initiated)\b"),
    "PERSON_ROLE": re.compile(r"(?i:\b" + _OLD_PERSON_ROLE + r"\s+(?:of|from)\s+)"),
    "AGREEMENT_NOUN": re.compile(
        r"(?P<letter_of_intent>(?i:\b(?:letters?|declarations?|protocols?|memorand(?:um|a)|agreements?)\s+of\s+intent(?:ion)?s?\b)|\bLoIs?\b|\bLOIs?\b)"
        r"|(?P<grant_agreement>(?i:\b(?:grant|funding|financing|subsidy|sponsorship|donation)\s+(?:agreements?|contracts?)\b))"
        r"|(?P<memorandum_of_understanding>(?i:\bmemorand(?:um|a|ums)\b)|\bMo[UC]s?\b|\bMOUs?\b)"
        r"|(?P<contract>(?i:\b(?:investment|licen[cs]e|licensing|lease|rental|purchase|supply|services?|sales?|loan|distribution|procurement|construction|commercial|offtake|joint\s+venture)\s+(?:agreements?|contracts?|deals?)\b|\bcontracts?\b))"
        r"|(?P<cooperation_agreement>(?i:\b(?:cooperation|co-operation|collaboration|partnership|framework|strategic|bilateral|trilateral|tripartite|quadripartite|multilateral|twinning|cluster)\s+(?:\w+\s+)?agreements?\b"
        r"|\bagreements?\s+(?:on|of|for|about)\s+(?:\w+\s+){0,3}?(?:cooperation|co-operation|collaboration|partnership)\b))"
        r"|(?P<other>(?i:\broad\s?maps?\b|\bprotocols?\b|\bjoint\s+declarations?\b|\bdeclarations?\b|\bcharters?\b|\btreat(?:y|ies)\b))"
        r"|(?P<generic>(?i:\bagreements?\b|\baccords?\b|(?:(?<=\ba\s)|(?<=\bthe\s)|(?<=\bthis\s)|(?<=\bthat\s)|(?<=\bnew\s)|(?<=\bfirst\s)|(?<=\bits\s)|(?<=\btheir\s)|(?<=\blandmark\s))deals?\b))"),
    "visit": re.compile(_W.format(
        r"\bvisit(?:s|ed|ing)?\b|\bdelegations?\b|\bstudy\s+(?:tour|trip)s?\b|\b(?:working|business|official|study|fact-finding|field)\s+trips?\b|\b(?:business|trade|study|official|working|fact-finding|economic|investment)\s+missions?\b"
        r"|\btrips?\s+to\b|\btour(?:s|ed)?\s+(?:of|to|around)\b|\btoured\b|\barriv(?:ed|es|ing|al)\s+(?:in|at)\b"
        r"|\bfamiliari[sz](?:ed|ing)\s+(?:themselves\s+|himself\s+|herself\s+)?with\b|\bgot\s+acquainted\s+with\b"
        r"|\b(?:hosted|received|welcomed)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:guests|visitors|representatives)\b"
        r"|\b(?:join|joins|joined|joining|accompan(?:y|ies|ied))\s+(?:the|this|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:trip|mission|tour)\b")),
    "meeting": re.compile(_W.format(
        r"\bmet\b|\bmeets?\s+with\b|\bmeetings?\b(?!\s+(?:the|their|its|our|these|all|market|demand|needs|requirements|standards|goals|targets|expectations|criteria|rooms?|points?|spaces?|halls?|areas?|facilities)\b)"
        r"|\btalks\b|\bnegotiations?\b|\bround[\s-]?tables?\b|\bdialogues?\b|\bconsultations\b|\bdiscussions?\b|\bdiscussed\b"
        r"|\bvideo[\s-]?conferences?\b|\bvideo\s+calls?\b"
        r"|\b(?:received|receives|welcomed|welcomes)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:head|director|ambassador|chairman|chair|ceo|president|rector|founder|minister|deputy|governor|mayor|chief|consul|envoy|secretary)s?\s+(?:general\s+)?of\b")),
    "forum": re.compile(
        _W.format(r"\bforums?\b|\bconferences?\b(?!\s+(?:halls?|rooms?|cent(?:re|er)s?|facilit(?:y|ies)|venues?|spaces?|calls?|tables?)\b)|\bsummits?\b|\bcongress(?:es)?\b|\bsymposi(?:um|a|ums)\b|\bconventions?\b|\bfestivals?\b|\bpanel\s+(?:discussion|session)s?\b")
        + r"|\b[A-Z][\w-]+\s+(?:Tech\s+)?Week\b"),
    "exhibition": re.compile(
        _W.format(r"\bexhibitions?\b(?!\s+(?:halls?|cent(?:re|er)s?|spaces?|areas?|grounds?)\b)|\bexpos?\b|\bexhibit(?:ed|ing|s|ors?)\b|\bpavilions?\b|\bbooths?\b|\bshowcased?\s+at\b|\b(?:joint|national|collective|common|own|exhibition|exhibit)\s+stands?\b|\bstands?\s+at\s+the\b"
                  r"|\b(?:trade|job|tech|technology|innovation|investment|startup|career|industrial)\s+fairs?\b")
        + r"|\b[A-Z][\w-]+\s+Fair\b"),
    "workshop": re.compile(_W.format(
        r"\bworkshops?\b|\bseminars?\b|\bwebinars?\b|\btrainings?\b(?!\s+(?:program|cent(?:re|er)s?|facilit\w*|rooms?|halls?|spaces?|grounds?|materials?|needs)\b)|\btraining\s+(?:course|session)s?\b|\bhackathons?\b"
        r"|\bmaster[\s-]?class(?:es)?\b|\bboot[\s-]?camps?\b|\blectures?\b|\bcourses?\b(?!\s+of\b)|\bpresentations?\b|\bpitch(?:ing)?\s+sessions?\b"
        r"|\bdemo\s+days?\b|\bmeet-?ups?\b|\binfo(?:rmation)?\s+sessions?\b|\bideathons?\b|\bstartup\s+competitions?\b")),
    "programme": re.compile(_W.format(
        r"\b(?:joint|exchange|residency|acceleration|accelerator|incubation|pre-acceleration|mentor(?:ing|ship)|internship|fellowship"
        r"|soft[\s-]landing|start-?up|training|educational|pilot|capacity[\s-]building|grant)\s+(?:[\w-]+\s+){0,2}?program(?:me)?s?\b"
        r"|\bjoint\s+(?:[\w-]+\s+){0,2}?(?:projects?|initiatives?)\b|\bresidenc(?:y|ies)\s+program(?:me)?s?\b|\bacceleration\s+tracks?\b|\b(?:run|runs|running|ran|co-run|co-runs|operates?|operated|launch(?:es|ed)?)\s+(?:the|a|an|its|their|this|a\s+joint)\s+(?:[\w-]+\s+){0,2}?tracks?\b|\bexchange\s+of\s+(?:students|staff|specialists|experts)\b"
        r"|\bprogram(?:me)?s?\b|\bcohorts?\b")),
}
NEW = {
    "SIGN_CUE": ev.SIGN_CUE, "ORGANISING_VERB": ev.ORGANISING_VERB,
    "PERSON_ROLE": re.compile(r"(?i:\b" + ev._PERSON_ROLE + r"\s+(?:of|from)\s+)"),
    "AGREEMENT_NOUN": ev.AGREEMENT_NOUN, **ev.ENGAGEMENT_TRIGGERS,
}

# Invented sentences touching the entries and their neighbours: prefixes, plurals,
# hyphens, words a lookahead rules out, and places where two alternatives both match.
SENTENCES = """\
Norvale Technology Park signed a memorandum of understanding with Brisk Labs on Tuesday.
The parties entered into a services agreement and a joint venture contract; the sale deal is next.
Quorvia inks a grant agreement, countersigns the funding contract and seals a licence deal.
A new deal and a landmark accord: two MoUs, one MOU, a MoC and a letter of intent were concluded.
The bilateral cooperation agreement and the agreement on closer digital cooperation were executed.
A road map, a roadmap, protocols, a joint declaration, the charter and two treaties followed.
Representatives of Arvon Park, the CEO of Brisk Labs and panellists from Lindqvist Hub met.
Heads from the cluster, chairmen of boards, managers of startups and the management of Quorvia came.
A delegation from Lorient paid a working visit; business trips to Riga and a study tour of the park.
The guests toured around the campus, arrived at the hub and got acquainted with its residents.
They familiarised themselves with the labs; the park hosted a group of guests and visitors.
Two startups will join the trade mission and accompany the fact-finding trip to Tallinn.
The heads met with the agency; meetings the needs of founders; the meeting rooms; the meetings ended.
Round-table talks, a roundtable, a round table, negotiations, video-conference and video calls.
The hub received the ambassador of Norvale; discussions and a dialogue; consultations were held.
The forum, the conference hall, two conferences, the Baltic Tech Week and the Riga Week summit.
A panel discussion at the congress; symposia and a symposium; the festival and the convention.
The exhibition stand, the exhibition halls, an expo, exhibitors exhibited at the Riga Trade Fair.
A national stand at the fair; stands at the expo; a booth in the pavilion; showcased at the job fair.
A training session, the training center, a training course, trainings, courses of action, a course.
Workshops, a seminar, webinars, a hackathon, master classes, a masterclass and a boot-camp ran.
A pitching session, demo days, meet-ups, an information session, an ideathon and a startup competition.
A joint acceleration programme, the residency programmes, a soft-landing programme for founders.
The capacity building pilot programme, an exchange of students and a joint research project.
The hub runs a joint fintech track; it co-organised, organizes, hosted and will hold the meetup.
Conducted, launched, convened and staged: Quorvia ran the cohort and organised the event.
""".splitlines()


@pytest.mark.parametrize("name", sorted(OLD))
def test_patterns_built_from_the_lists_match_what_the_inline_ones_did(name):
    old, new = OLD[name], NEW[name]
    hits = 0
    for s in SENTENCES:
        a = [(m.span(), m.lastgroup) for m in old.finditer(s)]
        assert a == [(m.span(), m.lastgroup) for m in new.finditer(s)], s
        hits += len(a)
    assert hits >= 3  # the sentences exercise this pattern


# Role patterns read "masked" sentences (each organisation mention is ORG<i>).
OLD_MASKED = {
    "VISITOR_PATTERNS[7]": re.compile(
        r"(?i:\b(?:tours?|visits?|trips?|missions?)\s+(?:[\w-]+\s+){0,3}?for\s+(?:a\s+group\s+of\s+)?(?:[\w-]+\s+){0,2}?(?:of|from)\s+)"
        + ev._THE + ev.LIST),
    "HOST_VISIT_PATTERNS[4]": re.compile(
        r"(?i:\b(?:tours?|visits?|trips?|missions?)\s+(?:(?!to\b)[\w-]+\s+){1,8}?to\s+)" + ev._THE + ev.LIST),
    "PARTICIPANT_PATTERNS[1]": re.compile(r"(?i:\b" + _OLD_PERSON_ROLE + r"\s+(?:of|from)\s+)" + ev._THE
                                          + r"(?:[\w-]+\s+){0,3}?" + ev.LIST),
}
NEW_MASKED = {"VISITOR_PATTERNS[7]": ev.VISITOR_PATTERNS[7], "HOST_VISIT_PATTERNS[4]": ev.HOST_VISIT_PATTERNS[4],
              "PARTICIPANT_PATTERNS[1]": ev.PARTICIPANT_PATTERNS[1]}
MASKED = """\
ORG0 organised a study tour for students of ORG1 and ORG2 to ORG3.
A trip of young engineers to the ORG0 followed; the missions of ORG1 went to ORG2.
Visits for a group of founders from ORG0 (Riga) were planned; tours to ORG1 and ORG2 too.
Representatives of ORG0, panellists from the ORG1 and the chairmen of ORG2 Agency spoke.
""".splitlines()


@pytest.mark.parametrize("name", sorted(OLD_MASKED))
def test_role_patterns_built_from_the_lists_match_what_the_inline_ones_did(name):
    hits = 0
    for s in MASKED:
        a = [(m.span(), m.group("list")) for m in OLD_MASKED[name].finditer(s)]
        assert a == [(m.span(), m.group("list")) for m in NEW_MASKED[name].finditer(s)], s
        hits += len(a)
    assert hits >= 2


def test_generated_triggers_keep_the_context_patterns_first_where_they_overlap_words():
    t = ev.ENGAGEMENT_TRIGGERS
    assert t["exhibition"].search("at the exhibition stand").group() == "exhibition"
    assert t["workshop"].search("a training session").group() == "training"
    assert t["visit"].search("they toured around it").group() == "toured around"
    assert ev.SIGN_CUE.search("X entered into a deal").group() == "entered into"
    assert not ev.PAST_SIGN.match("entered into") and ev.PAST_SIGN.match("Signed")
    assert ev.AGREEMENT_NOUN.search("a joint venture deal").lastgroup == "contract"


# ------------------------------------------------------------------ the report

def test_report_counts_entries_in_text_and_finds_those_never_seen(tmp_path):
    _write(tmp_path, "heads.map", "park: park\nzzqx: park\n")
    _write(tmp_path, "weak_heads.map", "city: it smart\n")
    _write(tmp_path, "forms.txt", "#! case-sensitive\nJSC\n")
    _write(tmp_path, "verbs.txt", "signed\nentered into\n")
    bodies = ["Norvale Park and IT City signed a memorandum. The park grew.",
              "Quorvia jsc entered\ninto a deal with the park."]
    res = lexicon_report.report(bodies, root=tmp_path)
    assert res["heads.map"] == {"park": (3, 2), "zzqx": (0, 0)}
    assert res["weak_heads.map"] == {"it city": (1, 1), "smart city": (0, 0)}
    assert res["forms.txt"] == {"JSC": (0, 0)}          # case-sensitive: "jsc" is not it
    assert res["verbs.txt"] == {"signed": (1, 1), "entered into": (1, 1)}


def test_report_script_runs_on_the_invented_learning_articles():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "lexicon_report.py"), "--gold", str(LEARN)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    n_articles = len(list(LEARN.glob("*.gold.json")))
    assert out.startswith(f"lexicon report: {n_articles} articles from ")
    lists = load_all()
    assert re.search(rf"summary: \d+ entries in {len(lists)} lists, \d+ never seen", out)
    for name in lists:
        assert f"\n{name}: " in out
    heads = out.split("\nheads.map: ")[1].split("\n\n")[0]
    assert re.search(r"\bpark \d+/\d+", heads.split("seen (occurrences/articles):")[1])   # l01: "Norvale Technology Park"
    assert "zentrum" in heads.split("seen (occurrences/articles):")[0]                   # never in those articles


def test_report_script_says_so_when_a_folder_is_missing(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "lexicon_report.py"), "--gold", str(tmp_path / "nope")],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 2 and "no such folder" in proc.stderr
