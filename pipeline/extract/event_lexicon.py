"""Trigger and cue lexicon for agreement and engagement extraction, as precompiled regexes.

Everything here is about the *field* (how press items about technology parks, clusters,
incubators and agencies report signings, visits and events), never about one article.
Most cue patterns run on a "masked" sentence in which every organisation mention is
replaced by the token ORG<i> (i = index of the mention in that sentence), so a rule can
say "a delegation from ORG" or "ORG, ORG and ORG jointly held" without caring how long
the names are. The capture group `list` is a coordinated list of such tokens.

Plain word lists (trigger words per engagement type, agreement qualifiers per type,
signing and organising verbs, people's roles, programme qualifiers, visit nouns) are
data files under pipeline/data/lexicon/ (pipeline.extract.lexicon); the regexes here
are built from them at import. Patterns with context (lookaheads, optional slots) stay
in the code.
"""
from __future__ import annotations

import re

from pipeline.extract.lexicon import alternation, bounded, words

# ------------------------------------------------------------------ masked-text pieces

ORG_TOKEN = re.compile(r"ORG(\d+)")
# One coordinated list of mentions: "ORG0", "ORG0 and ORG1", "ORG0, ORG1, and the ORG2".
# A mention may be followed by up to two capitalised words the org extractor left out
# ("ORG0 Agency") or a bracketed aside ("ORG0 (Kazakhstan)").
_ONE = r"ORG\d+(?:\s+[A-Z][\w-]*){0,2}(?:\s*\([^()]{1,40}\))?"
_SEP = r"(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s*&\s*|\s+as\s+well\s+as\s+|\s+together\s+with\s+)(?:the\s+)?"
LIST = rf"(?P<list>{_ONE}(?:{_SEP}{_ONE})*)"
_THE = r"(?:the\s+)?"
# People acting for an organisation ("representatives of X", "X's CEO").
_PERSON_ROLE = alternation(words("person_roles"))
# "X is scheduled to", "X plans to", "X will": an intention before an organising verb
_INTENT = r"(?:(?:is|are|was|were)\s+)?(?:[\w-]+\s+){0,2}?(?:to|will|shall)\s+(?:also\s+|jointly\s+|again\s+)?"

# ------------------------------------------------------------------ agreements

# Agreement nouns, most specific first (alternation order decides at one position).
# Acronyms are case-sensitive; words are not.
AGREEMENT_NOUN = re.compile(
    r"(?P<letter_of_intent>(?i:\b(?:letters?|declarations?|protocols?|memorand(?:um|a)|agreements?)\s+of\s+intent(?:ion)?s?\b)|\bLoIs?\b|\bLOIs?\b)"
    r"|(?P<grant_agreement>(?i:\b" + alternation(words("agreement_qualifiers/grant_agreement")) + r"\s+(?:agreements?|contracts?)\b))"
    r"|(?P<memorandum_of_understanding>(?i:\bmemorand(?:um|a|ums)\b)|\bMo[UC]s?\b|\bMOUs?\b)"
    r"|(?P<contract>(?i:\b" + alternation(words("agreement_qualifiers/contract")) + r"\s+(?:agreements?|contracts?|deals?)\b|\bcontracts?\b))"
    r"|(?P<cooperation_agreement>(?i:\b" + alternation(words("agreement_qualifiers/cooperation_agreement")) + r"\s+(?:\w+\s+)?agreements?\b"
    # "signed strategic partnerships with A, B and C": a partnership signed with someone
    r"|\b" + alternation(words("agreement_qualifiers/cooperation_agreement")) + r"\s+partnerships?(?=\s+(?:with|between)\b)"
    r"|\bagreements?\s+(?:on|of|for|about)\s+(?:\w+\s+){0,3}?(?:cooperation|co-operation|collaboration|partnership)\b))"
    r"|(?P<other>(?i:\broad\s?maps?\b|\bprotocols?\b|\bjoint\s+declarations?\b|\bdeclarations?\b|\bcharters?\b|\btreat(?:y|ies)\b))"
    r"|(?P<generic>(?i:\bagreements?\b|\baccords?\b|(?:(?<=\ba\s)|(?<=\bthe\s)|(?<=\bthis\s)|(?<=\bthat\s)|(?<=\bnew\s)|(?<=\bfirst\s)|(?<=\bits\s)|(?<=\btheir\s)|(?<=\blandmark\s))deals?\b))"
)
# A sentence reporting what an agreement provides for ("According to the document, X
# will organise study tours ...", "Under the memorandum, ...").
AGREEMENT_CONTENT_START = re.compile(
    r"(?i)^\s*(?:according\s+to|under|in\s+accordance\s+with|as\s+(?:part|envisaged|provided)\s+(?:of|by|for\s+(?:in|by)))\s+"
    r"(?:the|this|that)\s+(?:signed\s+|new\s+|tripartite\s+|bilateral\s+)?(?:document|agreement|memorandum|mou|moc|deal|roadmap|contract|protocol|letter)s?\b")
# "the document" only ever refers back to an agreement already found.
DOCUMENT_ANAPHOR = re.compile(r"(?i)\b(?:the|this|that)\s+(?:signed\s+)?documents?\b|\bthe\s+signing(?:\s+ceremony)?\s+(?:took\s+place|was\s+held|happened)\b")
AGREEMENT_TYPE_OF_GROUP = {
    "letter_of_intent": "letter_of_intent",
    "grant_agreement": "grant_agreement",
    "memorandum_of_understanding": "memorandum_of_understanding",
    "contract": "contract",
    "cooperation_agreement": "cooperation_agreement",
    "other": "other",
    "generic": "cooperation_agreement",  # a bare "agreement" between organisations
}
# Specificity for choosing one type per sentence (higher wins).
TYPE_RANK = {"memorandum_of_understanding": 5, "letter_of_intent": 5, "grant_agreement": 5,
             "contract": 4, "cooperation_agreement": 3, "other": 2, "generic": 1}
SIMILAR_BEFORE = re.compile(r"(?i)\b(?:similar|such|other|several|various|many|numerous|more)\s+(?:\w+\s+)?$")
PLURAL_NOUN = re.compile(r"(?i)(?:memoranda|memorandums|agreements|mous|mocs|contracts|letters|accords|roadmaps|protocols|declarations|deals|partnerships)$")
# "four memorandums", "6 MoUs": how many documents a plural noun counts (number words as data).
COUNT_BEFORE = re.compile(r"(?i)\b(\d{1,2}|" + alternation(words("number_words")) + r")\s+(?:\w+\s+){0,2}$")
NUMBER_WORDS = {w: i for i, w in enumerate(words("number_words"), start=2)}
# "MoUs were signed with ORG3" / "... signed between ...": what follows an agreement noun.
WITH_ORG_AFTER = re.compile(r"(?i)[^.;:]{0,40}?\bwith\s+(?:the\s+)?ORG(\d+)")
BETWEEN_AFTER = re.compile(r"(?i)[^.;]{0,60}?\bbetween\b")
# "The memorandum of understanding (MoU) between X and Y commits ...": a definite
# document named by its parties, with no signing word (it describes one reported before)
NAMED_BY_PARTIES = re.compile(r"(?i)\s(?:of\s+[\w-]+\s+)?(?:\([^()]{1,12}\)\s+)?between\s")
# A sentence that lists the counterparts announced just before ("They are: A; B; and C").
LIST_OPENER = re.compile(r"(?i)^\W*(?:they|these)\s+(?:are|were|include[sd]?)\b\s*:?|^\W*namely\b")
# What joins a plural agreement noun to its counterparts: "memoranda with", "MoUs were
# signed between", "agreements with ... respectively".
BILATERAL_LINK = re.compile(r"(?i)^[^.;:]{0,60}?\b(?:with|between)\s+(?:the\s+)?(?=ORG\d)")
# Counterparts of plural documents named as places, not organisations: "exchanged MoUs
# with Norland and Estmark", "memoranda between the Baltic Park and Norland, as well as
# Estmark" (read on the plain text: the agreement noun may sit inside a mention).
# Group `list`: the capitalised names (each checked against the country gazetteer).
_PLACE = r"[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2}"
# ", ", " and ", ", as well as ": starts only where a run of spaces starts (linear on long runs)
_PLACE_SEP = r"(?<!\s)(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:the\s+)?"
PLACE_COUNTERPARTS = re.compile(
    r"[^.;:]{0,40}?\b(?:with|between\s+[^,;()]{1,60}?(?:\s*\([^()]{1,40}\))?\s+and)\s+(?:the\s+)?"
    r"(?P<list>" + _PLACE + r"(?:" + _PLACE_SEP + _PLACE + r")+)")
PLACE_LIST_SEP = re.compile(_PLACE_SEP)
DEFINITE = re.compile(r"(?i)\b(?:the|this|that|these|those|said|such|its|their)\s+(?:\w+\s+){0,2}$")

SIGN_CUE = re.compile(r"(?i)" + bounded(words("sign_verbs")))
# A draft or prepared document counts as planned even with no signing verb.
DRAFT_CUE = re.compile(
    r"(?i)\b(?:draft|drafted|drafting)\s+(?:\w+\s+){0,3}?(?:memorand|agreement|mou|contract|letter|roadmap|accord)"
    r"|\b(?:memorand\w*|agreement|mou|contract|roadmap)\s+(?:\w+\s+){0,3}?(?:was|were|is|are|has\s+been|have\s+been)\s+(?:drafted|prepared|being\s+prepared|being\s+drafted|agreed\s+upon)")

# Hypothetical or negated signing: not an agreement (talks, ideas "to consider").
HYPOTHETICAL = re.compile(
    r"(?i)(?:\b(?:possibility|possibilities|prospects?|feasibility|option|options|idea|question|issue|proposal|matter)\s+of\s+(?:\w+\s+){0,2}$"
    r"|\b(?:consider(?:s|ed|ing)?|discuss(?:es|ed|ing)?|explor(?:e|es|ed|ing)|propos(?:e|es|ed|ing)|negotiat(?:e|es|ed|ing)|study|studied|studying|examin(?:e|ed|ing))\s+(?:the\s+)?(?:possibility\s+of\s+|prospects?\s+(?:of|for)\s+|issue\s+of\s+|question\s+of\s+)?$"
    r"|\b(?:may|might|could|can|would\s+like\s+to|hope\s+to|hopes\s+to|not|never|n't|yet\s+to|failed\s+to|refused\s+to|no\s+longer|without)\s+(?:\w+\s+){0,2}$"
    r"|\b(?:proposal|proposed|suggestion|suggested|offer(?:ed)?)\s+to\s+(?:\w+\s+)?$)")
# A planned signing: modal or intention before the verb ...
PLANNED_BEFORE = re.compile(
    r"(?i)(?:\b(?:will|shall|'ll)\s+(?:\w+\s+){0,3}$"
    r"|\b(?:plan|plans|planned|planning|intends?|intended|intending|expect|expects|expected|scheduled|set|agreed|agree|agrees|decided|decide|ready|aims?|aiming|hopes?|hoping|going|due|wants?|wish(?:es)?|seeks?|seeking|prepar(?:e|es|ed|ing)|is|are|about|invited|will\s+be\s+invited)\s+to\s+(?:\w+\s+){0,2}$"
    r"|\bto\s+be\s+(?:\w+\s+)?$"
    r"|\b(?:upcoming|forthcoming|future|planned|expected|prospective|proposed)\s+(?:\w+\s+){0,2}$)")
# ... or after it ("the signing ceremony will take place", "signing is scheduled").
# Only read after a signing *noun* ("signing", "signature"): after "signed" the words
# belong to the agreement's content ("signed an MoU which will ...").
PLANNED_AFTER = re.compile(
    r"(?i)^\w*\s+(?:[\w-]+\s+){0,5}?(?:will\s+(?:take\s+place|be\s+held|happen|occur|be\s+organi[sz]ed|be\s+signed|be\s+concluded|follow)"
    r"|(?:is|are)\s+(?:scheduled|expected|planned|set|due|to\s+take\s+place))\b")
# An agreement noun naming an earlier, other document ("follows the memorandum signed ...").
PRIOR_DOCUMENT_BEFORE = re.compile(
    "(?i)" + bounded(words("prior_document_cues")) + r"\s+(?:(?:the|an?|its|their)\s+)?(?:[\w-]+\s+){0,3}$")
# Words that make an event proposed by a model (pipeline.learn.apply) planned.
PLANNED_CUE = re.compile("(?i)" + bounded(words("planned_cues")))
# Whole-sentence future markers, for agreements and engagements alike.
FUTURE_SENTENCE = re.compile(
    r"(?i)\b(?:next\s+(?:week|month|year|spring|summer|autumn|fall|winter)"
    r"|later\s+this\s+(?:week|month|year)|in\s+the\s+(?:coming|near)\s+(?:days|weeks|months|future)"
    r"|is\s+scheduled\s+(?:for|to)|are\s+scheduled\s+(?:for|to))\b")

# A sentence that lists the signatories of an agreement mentioned before it.
PARTY_LIST_CUE = re.compile(
    r"(?i)\b(?:parties|signatories|signers|signatory|participants|members)\s+(?:to|of|in)\s+(?:the\s+)?(?:\w+\s+){0,3}?"
    r"(?:agreement|memorandum|document|mou|moc|accord|contract|letter|declaration|roadmap)s?\b"
    r"|\b(?:signed|inked)\s+by\b|\b(?:who|which|that)\s+(?:have\s+|has\s+)?signed\b"
    r"|\bsignatories\b|\bsigning\s+parties\b|\bthe\s+parties\s+(?:are|were|include)\b")

# An agreement sentence whose only organisation is the counterpart after "with" and
# has no signer before the verb ("a contract ... was concluded with ORG0").
WITH_ONLY_PARTY = re.compile(r"^(?:(?!ORG\d).)*\b(?i:with)\s+(?:the\s+)?ORG\d+(?:(?!ORG\d).)*$", re.S)
# A line with at least one word (list lines holding only a bullet have none).
WORDLIKE = re.compile(r"[^\W\d_]{2,}")
# Quoted agreement title right after the noun: memorandum on "Cultural Cooperation".
QUOTED_TITLE = re.compile(
    r"^\s*(?:of\s+(?:understanding|cooperation|co-operation|intent)\s+)?"
    r"(?:(?:on|of|for|titled|entitled|called|named|under\s+the\s+title)\s+)?(?:the\s+)?"
    r"[\"“«„]([^\"”»“]{3,150})[\"”»“]")

# A loan from one organisation to another is a (grant) agreement between lender and
# borrower even with no agreement noun: "ORG0 has agreed to lend EUR 50 million to the
# city's new park ORG1", "ORG0 will provide ORG1 with a loan", "ORG0 granted a loan of
# $5 million to ORG1". Groups: lender, mid (words between lender and verb), borrower.
# Run on the masked sentence; no other mention may stand between the three parts.
_NO_ORG = r"(?:(?!ORG\d)[^;])"  # within one sentence; "." may sit in a name
_LENDER = r"ORG(?P<lender>\d+)(?:\s*\(ORG\d+\))?(?P<mid>" + _NO_ORG + r"{0,60}?)"
_WORDS_BEFORE_ORG = r"(?:the\s+)?(?:(?!ORG\d)[^\s.;]+\s+){0,8}?"
_LOAN_NOUN = bounded(words("loan_nouns"))
_PROVIDE = bounded(words("provide_verbs"))
LOAN_PATTERNS = [
    re.compile(r"(?i)" + _LENDER + bounded(words("lend_verbs")) + _NO_ORG + r"{0,60}?\bto\s+"
               + _WORDS_BEFORE_ORG + r"ORG(?P<borrower>\d+)"),
    re.compile(r"(?i)" + _LENDER + _PROVIDE + r"\s+" + _WORDS_BEFORE_ORG + r"ORG(?P<borrower>\d+)"
               + _NO_ORG + r"{0,40}?\bwith\s+(?:an?\s+|the\s+)?(?:[^\s.;]+\s+){0,4}?" + _LOAN_NOUN),
    re.compile(r"(?i)" + _LENDER + _PROVIDE + r"\s+(?:an?\s+|the\s+)?(?:[^\s.;]+\s+){0,4}?" + _LOAN_NOUN
               + _NO_ORG + r"{0,60}?\bto\s+" + _WORDS_BEFORE_ORG + r"ORG(?P<borrower>\d+)"),
]
# Words between lender and verb that make the loan planned ("will", "could", "plans to");
# "agreed to"/"approved" reads as a loan agreed.
# The verb of a loan sentence, in the plain text (the date anchor).
LOAN_VERB = re.compile(r"(?i)" + bounded(words("lend_verbs") + words("provide_verbs")))
LOAN_PLANNED = re.compile(r"(?i)\b(?:will|shall|could|may|might|would|plans?|planning|intends?|expected|is\s+to|are\s+to|to\s+be)\b")
LOAN_NEGATED = re.compile(r"(?i)\b(?:not|never|n't|no\s+longer|refused|declined|failed)\b")

# ------------------------------------------------------------------ engagements

_W = r"(?i:{})"


def _trigger_words(etype: str) -> str:
    """The plain trigger words of one engagement type (data), word-bounded."""
    return bounded(words(f"engagement_triggers/{etype}"))


# Each type: its words from the data file, plus the triggers that need context. Where a
# context pattern can match at the same place as a word ("exhibition stand", "training
# session"), it comes first, as it did when the words were inline.
_CALLED_AT = r"call(?:ed|s)\s+(?:(?:today|yesterday|again|also)\s+)?at"
ENGAGEMENT_TRIGGERS: dict[str, re.Pattern] = {
    "visit": re.compile(_W.format(
        _trigger_words("visit")
        + r"|\bfamiliari[sz](?:ed|ing)\s+(?:themselves\s+|himself\s+|herself\s+)?with\b"
        # "the Prime Minister called today at ORG": a call at a place is a visit
        r"|\b" + _CALLED_AT + r"\b"
        r"|\b(?:hosted|received|welcomed)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:guests|visitors|representatives)\b"
        r"|\b(?:join|joins|joined|joining|accompan(?:y|ies|ied))\s+(?:the|this|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:trip|mission|tour)\b")),
    "meeting": re.compile(_W.format(
        _trigger_words("meeting")
        + r"|\bmeetings?\b(?!\s+(?:the|their|its|our|these|all|market|demand|needs|requirements|standards|goals|targets|expectations|criteria|rooms?|points?|spaces?|halls?|areas?|facilities)\b)"
        # "X received the ambassador of Y": a meeting (a delegation received is a visit)
        r"|\b(?:received|receives|welcomed|welcomes)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:head|director|ambassador|chairman|chair|ceo|president|rector|founder|minister|deputy|governor|mayor|chief|consul|envoy|secretary)s?\s+(?:general\s+)?of\b")),
    "forum": re.compile(
        _W.format(_trigger_words("forum")
                  + r"|\bconferences?\b(?!\s+(?:halls?|rooms?|cent(?:re|er)s?|facilit(?:y|ies)|venues?|spaces?|calls?|tables?)\b)")
        + r"|\b[A-Z][\w-]+\s+(?:Tech\s+)?Week\b"),
    "exhibition": re.compile(
        _W.format(r"\bexhibitions?\b(?!\s+(?:halls?|cent(?:re|er)s?|spaces?|areas?|grounds?)\b)|" + _trigger_words("exhibition"))
        + r"|\b[A-Z][\w-]+\s+Fair\b"),
    "workshop": re.compile(_W.format(
        # before the words: "training session" reads as "training" (a training course or
        # session is a training)
        r"\btrainings?\b(?!\s+(?:program|cent(?:re|er)s?|facilit\w*|rooms?|halls?|spaces?|grounds?|materials?|needs)\b)"
        r"|\bcourses?\b(?!\s+of\b)|" + _trigger_words("workshop"))),
    "programme": re.compile(_W.format(
        r"\b" + alternation(words("programme_qualifiers")) + r"\s+(?:[\w-]+\s+){0,2}?program(?:me)?s?\b"
        r"|\bjoint\s+(?:[\w-]+\s+){0,2}?(?:projects?|initiatives?)\b|\bresidenc(?:y|ies)\s+program(?:me)?s?\b|\bacceleration\s+tracks?\b|\b(?:run|runs|running|ran|co-run|co-runs|operates?|operated|launch(?:es|ed)?)\s+(?:the|a|an|its|their|this|a\s+joint)\s+(?:[\w-]+\s+){0,2}?tracks?\b|\bexchange\s+of\s+(?:students|staff|specialists|experts)\b"
        # a bare "programme" (weak: see WEAK_PROGRAMME)
        r"|\bprogram(?:me)?s?\b|\bcohorts?\b")),
    # the opening of an organisation ("the opening of the X Hub", "inaugurated X"):
    # only a row when the organisation opened follows (OPENING_HOST_PATTERNS)
    "other": re.compile(_W.format(
        _trigger_words("other") + r"|\bopening\s+of\b|\binaugurat(?:ed|es|ing)\b")),
}
# "Under the MoU, the three partners will organise programmes ...", "the signatories
# agree to co-launch a programme": a programme the parties of the agreement just reported
# run together (the sentence names them as a group, not by name).
PARTIES_RUN_PROGRAMME = re.compile(
    r"(?i)(?:\b(?:the|both|all)\s+(?:two\s+|three\s+|four\s+)?(?:partners|parties|sides)|\b(?:the\s+)?signatories)\s+"
    r"(?:(?:will|shall|also|jointly|together|have|has)\s+){0,3}?(?:agree[sd]?\s+to\s+|plan\s+to\s+|are\s+to\s+)?(?:also\s+|jointly\s+)?"
    r"(?:organi[sz]e|run|launch|co-launch|hold|implement|conduct|deliver|co-organi[sz]e|set\s+up)\s+"
    r"(?:[\w-]+\s+){0,6}?program(?:me)?s?\b")
# A bare "programme"/"cohort" is an engagement only when the sentence also says who
# runs or funds it (an organiser, host or funder role) and names two organisations.
WEAK_PROGRAMME = re.compile(r"(?i)^(?:program(?:me)?s?|cohorts?)$")
# A programme row needs the text to say it is run together: a "joint" programme, people
# joining or taking part in it, or two organisations organising/funding/hosting it.
PROGRAMME_TOGETHER = re.compile(
    r"(?i)\bjoint(?:ly)?\b|\btogether\b|\b(?:run|runs|running|ran|co-run|co-runs|operates?|operated)\s+(?:the|a|an|its|their|this)\s+(?:[\w-]+\s+){0,3}?(?:tracks?|program(?:me)?s?)\s+with\b|\bin\s+(?:partnership|cooperation|collaboration)\s+with\b"
    r"|\b(?:join(?:s|ed)?|participat\w*|t(?:ake|ook)\s+part|selected|admitted|enrolled|graduated|accepted)\b")
# Meeting words that alone are weak evidence of a meeting: need two organisations.
WEAK_MEETING = re.compile(r"(?i)^(?:discussions?|discussed|dialogues?|consultations)$")
# A meeting word with its counterpart spelt out ("met with", "talks between") may name
# a single organisation; bare "met"/"meeting" needs two.
MEETING_WITH = re.compile(r"(?i)^[\w-]+(?:\s+[\w-]+){0,3}?\s+(?:with|between)\b|^round[\s-]?tables?\b")
# "As a result of the meeting, a roadmap was signed": the parties are the organisations
# of that meeting, named before.
EVENT_BACKREF = re.compile(r"(?i)\b(?:the|this|these)\s+(?:meeting|talks|visit|negotiations|forum|event|conference|summit|round\s?table|consultations)\b")
# "Following the meeting, the parties signed a memorandum": parties named before.
PARTIES_ANAPHOR = re.compile(
    r"(?i)\b(?:the|both)\s+(?:two\s+)?(?:parties|sides|organi[sz]ations|institutions|parks|clusters|hubs|agencies|universities|companies|partners)\b|\bthey\b")
# An event noun that is only a topic ("discussed the training of engineers", "a lecture
# about ...") or a process ("training of young specialists") is no event.
TOPIC_BEFORE = re.compile(
    r"(?i)\b(?:discuss(?:es|ed|ing)?|talk(?:s|ed)?\s+about|about|regarding|concerning|in\s+the\s+(?:field|area|sphere)\s+of|on\s+the\s+(?:topic|issue)s?\s+of|importance\s+of|improv(?:e|ing)\s+the|quality\s+of)\s+(?:(?:the|a|an|their|its|possible|new|future)\s+)?(?:joint\s+)?(?:[\w-]+\s+)?$")
PROCESS_AFTER = re.compile(r"(?i)^(?:trainings?|courses?|exchange)\s+(?:of|in|for)\s+(?!the\s+(?:event|forum))")
# An event only talked about as an idea ("intend to discuss the implementation of the
# residency programme", "considered the possibility of holding a joint forum").
IDEA_BEFORE = re.compile(
    r"(?i)(?:\b(?:possibility|possibilities|idea|prospects?|feasibility|options?)\s+(?:of|for)\s+[^,.;]{0,50}$"
    r"|\b(?:consider|discuss|explor|stud|propos)\w*\s+(?:the\s+)?(?:implementation|creation|launch|organi[sz]ation|establishment|holding|conducting)\s+of\s+[^,.;]{0,50}$"
    r"|\b(?:consider|explor|propos)\w*\s+(?:holding|organi[sz]ing|conducting|launching|creating|establishing)\s+[^,.;]{0,40}$"
    # "expressed their readiness to implement joint initiatives": a wish, no event yet
    r"|\b(?:express|voic|show|confirm|reaffirm|declar)\w*\s+(?:(?:their|its|his|her|a|the|great|keen|strong|mutual|full)\s+){0,2}"
    r"(?:readiness|willingness|interest|desire|intention|wish)\s+(?:to|in|for)\s+[^,.;]{0,60}$)")
# A quotation (longer than an event name in quotes): opinions, not reported events. An
# opening quote with no closing one in the sentence runs to its end.
CURLY_QUOTE = re.compile(r"[“«„][^”»“«]*(?:[”»]|$)")
QUOTE_MIN = 40
# A negated event ("this is not a one-off visit", "no forum was held").
NEGATED_BEFORE = re.compile(r"(?i)\b(?:not|no|never|without)\s+(?:a|an|the|any)?\s*(?:[\w-]+\s+){0,2}$")
# Definite event nouns that refer back to an engagement already found.
ANAPHORIC_TRIGGER = re.compile(r"(?i)\b(?:the|this|that|its|their|these|said)\s+(?:(?!to\b)[\w'’-]+\s+)?$")
GENERIC_EVENT_ANAPHOR = re.compile(r"(?i)\b(?:the|this|that)\s+(?:event|ceremony|gathering|occasion|programme|program|project)\b")
DELEGATION_ANAPHOR = re.compile(
    r"(?i)\b(?:the|this|our)\s+(?:\w+\s+)?(?:delegation|guests|visitors|delegates|mission)\b|\bthe\s+(?:mission\s+)?participants\b|\bthey\b"
    r"|^\s*the\s+(?:\w+\s+)?(?:companies|startups|start-ups|firms|members|representatives)\s+(?:will\s+|also\s+|then\s+)*(?:visit|visited|toured|travel)")
# "During his visit to ORG, ...": a visit of the person the sentence then names.
OWN_VISIT = re.compile(r"(?i)\b(?:his|her)\s+(?:[\w-]+\s+){0,2}?(?:visit|trip|tour)\s+(?:to|of|at)\s+(?:the\s+)?ORG\d")
# What may stand between an organisation and the person acting for it: "ORG Secretary
# General Dr.", "ORG's chief executive".
ORG_BEFORE_PERSON = re.compile(r"^(?:['’]s?)?\s+(?:[\w.-]+\s+){0,4}$")
PERSON_BEFORE_ORG = re.compile(r"(?i)^(?:\s*,)?\s+(?:[\w-]+\s+){0,5}?(?:of|at|from)\s+(?:the\s+)?$")
# "welcomed the delegation", "the guests then toured": a back-reference to the
# travelling side of a visit already reported (narrower than DELEGATION_ANAPHOR).
DELEGATION_BACKREF = re.compile(r"(?i)\b(?:the|this|our)\s+(?:[\w-]+\s+)?(?:delegation|delegates|guests|visitors)\b")
# "The delegation included representatives of X, Y and Z": the members named after it
# are the visitors of the visit just reported.
DELEGATION_MEMBERS = re.compile(
    r"(?i)\b(?:the|this|our)\s+(?:[\w-]+\s+){0,2}?delegation\s+(?:(?:also|further)\s+)?"
    r"(?:included|includes|including|comprised|comprises|comprising|consisted\s+of|consists\s+of|(?:was|is)\s+(?:composed|made\s+up)\s+of)\b")
# A sentence with no event noun that still adds members to the engagement just
# reported: "Speakers included representatives of X", "It is organised by X".
PARTICIPATION_LINK = re.compile(
    r"(?i)\b(?:speakers|panel+ists|participants|attendees|guests|exhibitors|delegates|partners|organi[sz]ers)\s+(?:\w+\s+){0,2}?(?:included|include|were|are|came\s+from|represented|featured)\b"
    r"|\b(?:was|were|is|are|will\s+be)\s+attended\s+by\b|\btook\s+part\b|\btake\s+part\b|\bparticipated\b|\bjoined\s+by\b"
    r"|^\s*(?:It|They|(?:The|This|These)\s+events?)\s+(?:is|was|will\s+be|are|were|has\s+been|have\s+been)\s+(?:\w+\s+)?(?:organi[sz]ed|co-organi[sz]ed|hosted|held|supported|funded|sponsored|run|attended|backed|financed)\b")
# "The committee comprises delegates of X, Y and Z", "Taking part in the session of the
# council were X and Y": the members of a standing body (meeting_bodies) whose
# meeting was just reported. MEETING_BODY finds the body's noun in the match.
_BODY = bounded(words("meeting_bodies"))
MEETING_BODY = re.compile(r"(?i)" + _BODY)
BODY_MEMBERSHIP = re.compile(
    r"(?i)^\s*(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}?" + _BODY + r"\s+" + bounded(words("membership_verbs"))
    + r"|^\s*(?:partaking|taking\s+part|participating)\s+in\s+the\s+(?:work|meeting|session|sitting)s?\s+of\s+"
    r"(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}?" + _BODY)
# "Representatives of X spoke about ...": a sentence adding speakers to the forum,
# exhibition or workshop just reported.
SPEAKER_LINK = re.compile(
    r"(?i)\b(?:spoke|speak|speaks|presented|presenting|delivered\s+(?:a\s+|the\s+)?(?:speech|presentation|report|keynote)"
    r"|made\s+(?:a\s+)?(?:presentations?|speech|report)|gave\s+(?:a\s+)?(?:speech|talk|presentation|keynote|lecture)|shared\s+(?:their|its|his|her)\s+experience)\b")
# "Delegations from X and Y attended": attendance, not a visit of their own.
ATTENDANCE_VERB = re.compile(r"(?i)\b(?:attended|attend|attending|took\s+part|take\s+part|participated|were\s+present|joined)\b")
# A visit to an event ("visited the exhibition") is taking part in it.
VISIT_EVENT_OBJECT = re.compile(
    r"(?i)^(?:visit(?:ed|s|ing)?|toured)\s+(?:the\s+|an?\s+|this\s+)?(?:[\w\"“”'’«»-]+\s+){0,4}?(?:exhibitions?|expos?|forums?|conferences?|summits?|fairs?|festivals?|pavilions?|stands?|booths?|hackathons?)\b")
# Habitual statements ("regularly holds hackathons") describe no single engagement.
HABITUAL = re.compile(r"(?i)\b(?:regularly|usually|routinely|frequently|often|annually|every\s+(?:year|month|week)|each\s+(?:year|month)|traditionally)\b")
# Engagement nouns used only as the setting of a signing ("on the sidelines of the forum").
VENUE_PHRASE_BEFORE = re.compile(
    r"(?i)\b(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of|within(?:\s+the\s+framework\s+of)?|as\s+part\s+of|in\s+the\s+framework\s+of|in|on)\s+(?:the\s+)?(?:[\w\"“”'’«»-]+\s+){0,6}$")

PLANNED_ENGAGEMENT_BEFORE = re.compile(
    r"(?i)(?:\b(?:will|shall|'ll)\s+(?:[\w-]+\s+){0,7}$"
    r"|\b(?:plan|plans|planned|planning|intends?|intended|intending|expect|expects|expected|scheduled|set|going|due|aims?|aiming|invited|invites|agreed|decided|ready|hopes?|wish(?:es)?|wants?|prepar(?:e|es|ing))\s+to\s+(?:[\w-]+\s+){0,4}$"
    r"|\bto\s+be\s+(?:held|organi[sz]ed|conducted|launched|hosted)\s+(?:[\w-]+\s+){0,4}$"
    r"|\b(?:upcoming|forthcoming|future|planned|proposed|next|coming)\s+(?:[\w-]+\s+){0,2}$"
    r"|\b(?:invites?|inviting|welcomes)\s+(?:[\w-]+\s+){0,4}?to\s+(?:[\w-]+\s+){0,4}$"
    r"|\b(?:plans?|planning|prepar(?:es|ing)|schedul(?:es|ing))\s+(?:a|an|the|its|their|another)\s+(?:[\w-]+\s+){0,2}$"
    r"|\b(?:registration|applications?)\s+(?:is\s+|are\s+)?(?:now\s+|still\s+)?open\s+(?:for|to)\s+(?:[\w-]+\s+){0,4}$"
    # an infinitive of purpose: "a grant to run an acceleration programme"
    r"|\bto\s+(?:run|hold|organi[sz]e|launch|host|conduct|implement|deliver|stage|visit|attend|pay)\s+(?:[\w-]+\s+){0,4}$)")
# "co-launch the A Youth Programme and the B Enterprise Programme": two programmes named
# side by side, each a title-case name ending in a programme noun (case-sensitive: a
# capitalised "Programme" ends a name; "and"/"of"/"for" may sit inside one).
_PROGRAMME_NAME_END = "(?:" + "|".join(re.escape(w[:1].upper() + w[1:]) for w in words("programme_nouns")) + ")"
_PROGRAMME_NAME = r"(?:(?<![\w'’-])[A-Z][\w'’-]*\s+(?:(?:and|of|for|&)\s+)?){1,8}?" + _PROGRAMME_NAME_END + r"\b"
NAMED_PROGRAMME_PAIR = re.compile(
    r"(?P<a>" + _PROGRAMME_NAME + r")\s*(?:,\s*)?and\s+(?:the\s+|its\s+)?(?P<b>" + _PROGRAMME_NAME + ")")
# "(the investment,) which was announced at yesterday's Finance Committee meeting": a
# meeting that is only where something was made public or decided.
ANNOUNCED_AT_BEFORE = re.compile(r"(?i)" + bounded(words("announce_verbs")) + r"\s+(?:at|during)\s+(?:[\w'’&-]+\s+){0,8}$")
# "the conference dedicated to the completion of the X project": an event held about
# another one is an engagement of its own, not only that one's setting.
DEDICATED_AFTER = re.compile(r"(?i)^[\w-]+\s+(?:(?:that\s+|which\s+)?(?:was|is|were|are)\s+)?(?:dedicated|devoted)\s+to\b")
# "further meetings", "a follow-up meeting", "the next round of talks": a later meeting
# of the parties of the one just reported (the words right before the trigger).
FOLLOW_UP_BEFORE = re.compile(r"(?i)" + bounded(words("follow_up_words")) + r"\s+(?:round\s+of\s+)?$")
# "... further meetings planned in June": the plan is said after the noun.
PLANNED_AFTER_NOUN = re.compile(r"(?i)^[\w-]+\s+(?:(?:are|is|were|was)\s+)?(?:already\s+)?(?:planned|scheduled|envisaged|foreseen|expected)\b")
PLANNED_ENGAGEMENT_AFTER = re.compile(
    r"(?i)^[\w-]*,?\s+(?:[\w,'’-]+\s+){0,5}?(?:will\s+(?:be|take|start|begin|open|run|last|include)|(?:is|are)\s+(?:planned|scheduled|expected|set|due|going)"
    r"|(?:is|are)\s+to\s+be|to\s+be\s+(?:held|organi[sz]ed|conducted|launched))\b")

# ------------------------------------------------------------------ roles (masked text)

# "tour", "visit", "trip", "mission": one list for the visitor and host patterns below
_VISIT_NOUN = alternation(words("visit_nouns"))
VISITOR_PATTERNS = [
    # only words that name the travelling side; "representatives of X" can be either
    re.compile(r"(?i:\b(?:delegations?|delegates|guests|visitors)\s+(?:\w+\s+)?(?:of|from)\s+)" + _THE + LIST),
    # "ORG delegation", "ORG's official delegation" (never "ORG received a delegation")
    re.compile(LIST + r"(?:['’]s?\s+(?:[\w-]+\s+)?|\s+)(?i:delegation|delegates)\b"),
    re.compile(LIST + r"\s*,?\s+(?i:(?:has\s+|have\s+|also\s+|recently\s+|officially\s+)?(?:visited|visits|paid|arrived|toured|came\s+to|made\s+a|was\s+on\s+a|were\s+on\s+a|will\s+visit|will\s+pay|is\s+visiting|are\s+visiting|familiari[sz]ed|got\s+acquainted|began|started|went))\b"),
    re.compile(r"(?i:\bvisited\s+by\s+|\bvisits?\s+(?:from|by)\s+)" + _THE + LIST),
    re.compile(r"(?i:\bvisits?\s+of\s+(?:the\s+)?(?:\w+\s+){0,2}?)" + LIST),
    # "X and Y will join the trip": companies travelling with a delegation
    re.compile(LIST + r"\s*,?\s+(?i:(?:will\s+|also\s+)*(?:join|joins|joined|joining|accompan(?:y|ies|ied))\s+(?:the|this|a|an|its|their)\s+(?:[\w-]+\s+){0,2}?(?:trip|mission|delegation|tour|visit))\b"),
    # "ORG's visit to ...", "ORG's study tour"
    re.compile(LIST + r"['’]s?\s+(?:[\w-]+\s+){0,2}?(?i:visits?|trips?|tours?|mission)\b"),
    # "a study tour for students of ORG", "a trip for representatives of ORG"
    re.compile(r"(?i:\b" + _VISIT_NOUN + r"\s+(?:[\w-]+\s+){0,3}?for\s+(?:a\s+group\s+of\s+)?(?:[\w-]+\s+){0,2}?(?:of|from)\s+)" + _THE + LIST),
]
# "X welcomed the ORG Board members", "X hosted the ORG team": a group of people of
# the organisation named right after a hosting verb came to X (a visit; "X welcomed a
# delegation of ORG" is read by the delegation patterns above).
_WELCOME_VERBS = r"(?:welcomed|welcomes|hosted|hosts|received|receives|greeted)"
WELCOMED_GROUP = re.compile(
    r"(?i:\b" + _WELCOME_VERBS + r"\s+(?:a\s+|an\s+|the\s+)?)" + LIST
    + r"(?:['’]s?)?\s+(?i:board\s+members|board|management|team|officials|executives|leadership|staff)\b")
VISITOR_PATTERNS.append(WELCOMED_GROUP)
# "a visit to Norvale in June by the Mayor of ORG": the organisation of the person who
# came, named after the place visited
VISITOR_PATTERNS.append(re.compile(
    r"(?i:\bvisits?\b[^.;:]{0,60}?\bby\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?(?:"
    + _PERSON_ROLE + "|" + alternation(words("person_titles")) + r")s?\s+(?:general\s+)?(?:of|from)\s+)"
    + _THE + LIST))
WELCOME_VERB = re.compile(r"(?i)\b" + _WELCOME_VERBS + r"\b")
# "ORG organised a study tour": the organiser of a visit, not its visitor.
VISIT_ORGANISER_PATTERNS = [
    re.compile(LIST + r"\s*,?\s+(?i:(?:has\s+|have\s+|also\s+)?(?:organi[sz]ed|arranged|co-organi[sz]ed|initiated)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?(?:tour|visit|trip|mission)s?)\b"),
]
# A visit noun used as a noun ("during the visit", "the results of the visit", "The
# visit was ..."): the organisations around it are not placed by their side of it
# (unlike "X paid a visit", "X plans a study visit", where X makes it).
NOUN_BEFORE = re.compile(
    r"(?i)(?:^\s*|[,;:(]\s*|\b(?:during|of|after|following|upon|before|for|on|about|from|within|in|at|to|by|with|under|throughout|and)\s+)"
    r"(?:the|a|an|this|that|these|its|their|his|her|our)\s+"
    r"(?:(?!ORG\d|(?:will|would|shall|to|can|could|may|might|must|did|does|do|also|then|have|has|had|is|are|was|were)\b)[\w-]+\s+){0,2}$")
# "visited ORG's Almaty office": the place of an organisation is the organisation.
# "ORG's representatives visited ...": its people act for it.
FACILITY_AFTER = re.compile(
    r"(?i)^['’]s?\s+(?:[\w-]+\s+){0,2}?(?:office|offices|campus|headquarters|premises|branch|site|facilities|building|lab|laboratory|laboratories|coworking|centre|center|park|"
    + _PERSON_ROLE + r")\b")
# ... unless the subject makes it ("X paid a working visit", "X began her visit").
VISIT_ACT_BEFORE = re.compile(
    r"(?i)\b(?:paid|pays|pay|paying|made|makes|make|began|begins|started|starts|completed|concluded|undertook|undertakes|continued|continues|"
    r"lead|leads|led|leading|head|heads|headed|send|sends|sent|embarked\s+on|embarks\s+on|went\s+on|goes\s+on|"
    r"(?:is|are|was|were)\s+on)\s+(?:a|an|the|his|her|their|its|our)\s+(?:[\w-]+\s+){0,2}$")
HOST_VISIT_PATTERNS = [
    re.compile(r"(?i:\b(?:visited|visiting|visits?\s+(?:to|at)|trips?\s+to|tours?\s+(?:of|to|at|around)|toured|arriv(?:ed|al)\s+(?:at|in)"
               r"|" + _CALLED_AT +
               r"|familiari[sz]ed\s+(?:themselves\s+|himself\s+|herself\s+)?with\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?of"
               r"|acquainted\s+with\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?of|(?:at|on|upon)\s+the\s+invitation\s+of|hosted\s+by|received\s+by|welcomed\s+by|guests?\s+of)\s+)"
               + _THE + r"(?i:(?:premises|office|headquarters|campus|site)\s+of\s+(?:the\s+)?)?" + LIST),
    re.compile(LIST + r"(?:['’]s?)?\s*,?\s+(?:[\w.-]+\s+){0,3}?(?i:hosted|hosts|received|receives|welcomed|welcomes|greeted|will\s+host|will\s+receive)\b"),
    re.compile(r"(?i:\bvisit(?:ed)?\s+(?:[\w-]+\s+){0,2}?at\s+)" + _THE + LIST),
    re.compile(r"(?i:\bfamiliari[sz]ed\s+(?:themselves\s+|himself\s+|herself\s+)?with\s+|acquainted\s+with\s+)" + _THE + LIST),
    # "a study tour for students of X to ORG"
    re.compile(r"(?i:\b" + _VISIT_NOUN + r"\s+(?:(?!to\b)[\w-]+\s+){1,8}?to\s+)" + _THE + LIST),
    # "ORG was visited by ..."
    re.compile(LIST + r"\s*,?\s+(?i:(?:was|were|has\s+been|have\s+been)\s+(?:(?:officially|recently|also)\s+)?visited\s+by)\b"),
]
# A host placed a few words after a visit word ("visited Monterrey's ORG", "toured on
# Monday ORG"): in a visit with no visitor, the only hosts kept (with HOST_VISIT_PATTERNS).
VISIT_HOST_NEAR = re.compile(
    r"(?i:\b(?:visit(?:ed|ing|s)?|toured|tours?|trips?|arriv(?:ed|al))\s+(?:(?:to|of|at|in|around)\s+)?(?:[\w'’.-]+\s+){0,3}?)" + LIST)
# "X received/hosted a delegation": mentions before the verb are hosts, after are visitors.
VISIT_REVERSAL = re.compile(r"(?i)\b" + _WELCOME_VERBS + r"\s+(?:a|an|the)?\s*(?:[\w-]+\s+){0,2}?(?:delegation|guests|visitors|representatives|visits?)\b"
                            # the passive: "X was visited by a delegation of Y"
                            r"|\b(?:was|were|is|are|has\s+been|have\s+been|being|been)\s+(?:(?:officially|recently|also)\s+)?visited\s+by\b")
VISIT_VERB = re.compile(r"(?i)\b(?:visit(?:s|ed|ing)?|toured|arriv(?:ed|es|ing)|trip|tour|familiari[sz]ed|acquainted)\b")
# "The minister visited the hub", "the delegation toured the first science park in
# Norland": a place visited named by a description whose head points back to an
# organisation ("hub", "park", "institute"; anaphor_heads), not by its name.
VISITED_DESCRIPTION = re.compile(
    r"(?i)\b(?:visit(?:ed|ing)|toured|tour\s+of)\s+the\s+(?:(?!ORG\d)[\w-]+\s+){0,5}?(?P<head>"
    + alternation(words("anaphor_heads")) + r")\b(?!-|\s*\(|\s+ORG\d|\s+of\s+(?:the\s+)?ORG\d)")
# "X also visited B", "then toured C": the same traveller going on to another place.
VISIT_CONTINUED = re.compile(r"(?i)\b(?:also|then|later|afterwards|subsequently)\s+(?:visited|toured)\b")

# "EU-funded", "Seoul-based": a mention used as the first half of a compound adjective.
COMPOUND_AFTER = re.compile(r"^[-‐–](?:[a-z]+)\b")
FUNDER_COMPOUND_AFTER = re.compile(r"^[-‐–](?:funded|financed|backed|sponsored|supported|granted)\b")
FUNDER_PATTERNS = [
    # "ORG has awarded a grant of $500,000 to ...", "ORG allocated funding"
    re.compile(LIST + r"\s+(?i:(?:has\s+|have\s+|also\s+)?(?:awarded|granted|provided|allocated|committed|donated)\s+(?:a\s+|an\s+)?(?:[\w$€£,.-]+\s+){0,2}?(?:grants?|funding|financing|subsid(?:y|ies)|\$|€|£|US\$|USD|EUR))"),
    re.compile(r"(?i:\b(?:with\s+the\s+(?:[\w-]+\s+){0,2}?(?:support|funding|assistance|backing|sponsorship)\s+of|(?:supported|funded|financed|sponsored|co-?funded|co-?financed|backed|granted)\s+by"
               r"|(?:grants?|funding|financing|support|sponsorship|funds)\s+(?:provided\s+)?(?:from|by)|under\s+(?:a|the)\s+grant\s+(?:from|of)|at\s+the\s+expense\s+of)\s+)" + _THE + LIST),
]
ORGANISER_PATTERNS = [
    re.compile(r"(?i:\b(?:organi[sz]ed|co-organi[sz]ed|conducted|initiated|launched|run|arranged|convened|held|implemented|prepared|led|hosted|opened|given|delivered|taught|facilitated|moderated)\s+(?:jointly\s+)?by\s+)" + _THE
               + r"(?i:(?:[\w-]+\s+)?(?:head|director|chairman|chair|ceo|president|rector|founder|minister|deputy|chief|representatives?|team|staff|experts?|specialists?|mentors?)s?\s+(?:general\s+)?(?:of|from)\s+(?:the\s+)?)?" + LIST),
    # "ORG's annual congress", "ORG's acceleration programme"
    re.compile(LIST + r"['’]s?\s+(?:[\w-]+\s+){0,3}?(?i:forum|conference|congress|summit|hackathon|workshop|seminar|exhibition|expo|programme|program|training|bootcamp|masterclass|webinar)s?\b"),
    re.compile(r"(?i:\borgani[sz]ers?\b[^.;]{0,30}?\b(?:is|are|was|were|include[sd]?)\s+)" + _THE + LIST),
    re.compile(r"(?i:\b(?:at|on)\s+the\s+initiative\s+of\s+)" + _THE + LIST),
    re.compile(r"(?i:\b(?:organi[sz]ed|held|conducted|launched|hosted|co-organi[sz]ed)\s+(?:[\w-]+\s+){0,2}?(?:jointly\s+|together\s+)?(?:with|by)\s+)" + _THE + LIST),
    re.compile(LIST + r"\s*,?\s+(?i:(?:have\s+|has\s+|had\s+|also\s+|successfully\s+|recently\s+|officially\s+)?(?:jointly\s+|together\s+)?(?:organi[sz]ed|co-organi[sz]ed|held|conducted|launched|launche?s|ran|runs|arranged|convened|organi[sz]es?|holds?|staged|initiated|opened|implemented|implements|announced|will\s+(?:jointly\s+)?(?:hold|organi[sz]e|conduct|launch|run|open)))\b"),
]
# "organised by Norland's ministry of industry, the ORG0 and the ORG1": a list whose
# first item is no mention (a body the extractor did not take as a name)
ORGANISER_PATTERNS.append(re.compile(
    r"(?i:\b(?:organi[sz]ed|co-organi[sz]ed|initiated|convened|hosted)\s+(?:jointly\s+)?by\s+)"
    r"(?:(?!ORG\d)[^,.;()]){3,60},\s+(?:and\s+)?" + _THE + LIST))
# "X invites founders to a workshop": the one inviting runs it
ORGANISER_PATTERNS.append(re.compile(LIST + r"\s*,?\s+(?i:(?:also\s+)?invit(?:es|ed|e)\s+(?:[\w-]+\s+){0,4}?to)\b"))
# "X is set to hold", "X plans to organise"
ORGANISER_PATTERNS.append(re.compile(
    LIST + r"\s*,?\s+(?i:" + _INTENT + r"(?:hold|organi[sz]e|co-organi[sz]e|launch|run|stage|conduct|convene|arrange))\b"))
# "organised by the Coastal Start-Up Mission (ORG3)": a name the text spells out before
# the bracketed mention of the same organisation (the mention covers only the
# abbreviation); engagement patterns read the whole as the mention.
NAME_BEFORE_BRACKETED = re.compile(r"(?<![\w’'-])(?:(?!ORG\d)[A-Z][\w’'-]*\s+){0,5}(?!ORG\d)[A-Z][\w’'-]*\s*\((ORG\d+)\)")
# Co-organisers named after an organising verb: "organised by X in partnership with Y".
CO_ORGANISER_PATTERNS = [
    re.compile(r"(?i:\b(?:in\s+(?:partnership|cooperation|collaboration|conjunction|association)\s+with|jointly\s+with|together\s+with|co-organi[sz]ed\s+with|joint\s+(?:[\w-]+\s+){0,3}?with)\s+)" + _THE + LIST),
]
# Mentions the text puts in an explicit participant role of the event ("X took part in
# the forum", "representatives of X", "with the participation of X", "the forum
# brought together X and Y"): with the organiser, host and visitor patterns these are
# the members a single-organisation event needs (a name merely near the word "forum"
# is not one).
PARTICIPANT_PATTERNS = [
    re.compile(LIST + r"(?:\s*,\s*(?i:(?:which|who|that)\s+)?|(?:['’]s?)?\s+(?:[\w.'’-]+\s+){0,4}?)(?i:(?:has\s+|have\s+|had\s+|also\s+|actively\s+|successfully\s+|will\s+|is\s+|are\s+|was\s+|were\s+)?"
               r"(?:(?:took|take|takes|taking)\s+part|participat\w+|attend(?:ed|s|ing)?|join(?:ed|s|ing)?|present(?:ed|s|ing)|showcas(?:ed|es|ing)|exhibit(?:ed|s|ing)"
               r"|spoke|speaks?|speaking|address(?:ed|es)|represented|delivered|gave|made\s+a\s+(?:presentation|speech|report)|had\s+(?:a|its|their)\s+(?:stand|booth)"
               r"|(?:was|were)\s+(?:among|one\s+of)|competed|pitched|won|visited|trained|taught|mentored|coached"
               r"|(?:was|were|is|are|acted\s+as|became|will\s+be)\s+(?:the\s+|a\s+|an\s+|one\s+of\s+the\s+)?(?:[\w-]+\s+){0,2}?"
               r"(?:partners?|sponsors?|organi[sz]ers?|co-organi[sz]ers?|operators?|hosts?)\s+of))\b"),
    re.compile(r"(?i:\b" + _PERSON_ROLE + r"\s+(?:of|from)\s+)" + _THE + r"(?:[\w-]+\s+){0,3}?" + LIST),
    re.compile(LIST + r"['’]s?\s+(?:[\w-]+\s+){0,2}?(?i:stands?|booths?|pavilions?|participation|presentation|" + _PERSON_ROLE + r")\b"),
    re.compile(r"(?i:\b(?:participation|presence|attendance)\s+of\s+)" + _THE + r"(?i:" + _PERSON_ROLE + r"\s+(?:of|from)\s+(?:the\s+)?)?" + LIST),
    re.compile(r"(?i:\b(?:brought\s+together|gathered|featured|featuring|attended\s+by|joined\s+by|including|included|such\s+as|among\s+them)\s+)" + _THE
               + r"(?i:" + _PERSON_ROLE + r"\s+(?:of|from)\s+(?:the\s+)?)?" + LIST),
    re.compile(r"(?i:\b(?:participants|speakers|exhibitors|guests|partners|panel+ists|attendees|organi[sz]ers)\b[^.;]{0,40}?\b(?:included|include|were|are|came\s+from|represented|was|is)\s+)"
               + _THE + r"(?i:" + _PERSON_ROLE + r"\s+(?:of|from)\s+(?:the\s+)?)?" + LIST),
]
# Organisations the text makes parties of a meeting: its subjects ("X and Y held
# talks", "X had a dialogue with"), its counterparts ("met with Y", "talks between X
# and Y") and the people-of patterns above; a bare "meetings" near some names ("offered
# its rooms for the follow-up meetings") gives none.
MEETING_PARTICIPANT_PATTERNS = [
    re.compile(LIST + r"(?:\s*,\s*|(?:['’]s?)?\s+(?:[\w.'’-]+\s+){0,3}?)(?i:(?:also\s+|have\s+|has\s+|had\s+|will\s+)?"
               r"(?:met|meets?|meeting|had|has|have|held|holds?|conducted|organi[sz]ed|hosted|convened|discussed|negotiated|talked|agreed|exchanged))\b"),
    re.compile(r"(?i:\b(?:with|between|among)\s+)" + _THE + r"(?i:(?:[\w-]+\s+){0,2}?" + _PERSON_ROLE + r"\s+(?:of|from)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?)?" + LIST),
    re.compile(r"(?i:\b(?:held|took\s+place|takes\s+place|hosted)\s+(?:[\w,-]+\s+){0,3}?(?:at|in|by)\s+)" + _THE + r"(?i:(?:premises|office|headquarters)\s+of\s+(?:the\s+)?)?" + LIST),
    re.compile(r"(?i:\b(?:meetings?|talks|negotiations|round[\s-]?tables?|consultations)\s+(?:of|among)\s+)" + _THE + LIST),
] + PARTICIPANT_PATTERNS[1:]
# An event noun that is only the setting of what the sentence reports ("on the
# sidelines of the forum, X met Y", "during the forum, X held a workshop", "as part of
# the programme, X ran a seminar"): dropped when the sentence reports another event.
SETTING_BEFORE = re.compile(
    r"(?i)\b(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of|within(?:\s+the\s+framework\s+of)?|as\s+part\s+of|in\s+the\s+(?:framework|course)\s+of"
    r"|on\s+the\s+(?:occasion|eve)\s+of|ahead\s+of|following|after)\s+(?:the\s+|this\s+|its\s+|their\s+|a\s+)?(?:[\w\"“”'’«».&-]+\s+){0,6}$")
# An event noun describing the people of another event ("graduates of its acceleration
# programme", "participants of the forum" at a demo day).
DESCRIPTOR_BEFORE = re.compile(
    r"(?i)\b(?:graduates|alumni|participants|residents|winners|finalists|teams|startups|members|mentors|partners)\s+(?:of|from)\s+(?:the\s+|its\s+|their\s+|this\s+)?(?:[\w-]+\s+){0,3}$")
# A presentation or talk given at a forum or exhibition is part of it, not a workshop.
ACTIVITY_TRIGGER = re.compile(r"(?i)^(?:presentations?|lectures?)$")
# "the delegation also met with X", "held talks with representatives of X": the
# counterpart of a meeting held during a visit.
MEETING_WITH_LIST = re.compile(
    r"(?i:\b(?:met|meet|meets)\s+(?:also\s+)?(?:with\s+)?|\b(?:meeting|meetings|talks|negotiations|discussions|consultations|conversations?)\s+(?:[\w-]+\s+){0,3}?with\s+)"
    # "met with Russia's ORG": a country's possessive before the counterpart
    + _THE + r"(?:[A-Z][\w-]+['’]s\s+)?"
    + r"(?i:(?:[\w-]+\s+){0,2}?(?:representatives?|heads?|leadership|management|officials?|directors?|members|delegation|staff|team|ceos?|founders?|chairm[ae]n|presidents?|rectors?|researchers|scientists|experts|specialists|scholars|professors|faculty"
    # "Deputy Minister Rustam Karimov of the Ministry of ...": an official, maybe named
    r"|(?:deputy\s+|vice\s+|first\s+deputy\s+)?(?:ministers?|ambassadors?|governors?|mayors?|chairpersons?|commissioners?)(?-i:(?:\s+[A-Z][\w.'’-]+){0,3}))\s+(?:of|from|at)\s+(?:the\s+)?)?"
    + LIST)
# "the sides discussed ...": the two organisations introduced just before.
SIDES_SUBJECT = re.compile(
    r"(?i)\b(?:the|both)\s+(?:two\s+)?(?:sides|parties)\b|\bthe\s+two\s+(?:organi[sz]ations|institutions|parks|clusters|hubs|agencies|companies|partners)\b")
ORGANISING_VERB = re.compile(r"(?i)" + bounded(words("organising_verbs")))
# Words that end a run of describing words before a name ("launch operations at ORG").
_FUNCTION_WORDS = r"(?:a|an|the|at|in|on|with|for|from|to|by|of|into|its|their|his|her|our|and|or)"
# "X officially launched start-up incubator Y", "a ceremony to launch the Y Centre": the
# opening of Y (an "other" engagement only with this pattern: launches are mostly of
# programmes and plans). One organisation, the whole object ("launching the ORG Action
# Plan" launches a plan), after at most a few describing words ("launch operations at
# ORG" opens nothing).
LAUNCH_WORD = re.compile(r"(?i)\blaunch(?:ed|es|ing)?\b")
LAUNCH_OPENING = re.compile(
    r"(?i:\blaunch(?:ed|es|ing)?\s+|\blaunch\s+of\s+)" + _THE
    + r"(?:(?!" + _FUNCTION_WORDS + r"\b)[a-z][\w-]*\s+){0,3}?(?P<list>ORG\d+)(?:\s*\(ORG\d+\))?(?![\w'’-]|\s*\(?[A-Z]|\s*['’]s\b)")
# "X opened a new information technology centre, ORG, on Monday": the organisation
# opened, named in apposition to what the opener's sentence calls it (a few describing
# words, none a function word: "opened a new office in ORG" names where, not what).
OPENED_WORD = re.compile(r"(?i)\bopen(?:ed|s)\b")
OPENED_APPOSITIVE = re.compile(
    r"(?i:\bopen(?:ed|s)\s+(?:a|an|its|their|his|her)\s+)"
    + r"(?:(?!" + _FUNCTION_WORDS + r"\b)[a-z][\w-]*\s+){0,5}?(?!" + _FUNCTION_WORDS + r"\b)[a-z][\w-]*,\s+"
    + r"(?P<list>ORG\d+)(?:\s*\(ORG\d+\))?\s*(?:,|\.|$)")
# "the opening (ceremony) of the new ORG", "the opening of ORG0's brand new ORG1",
# "inaugurated ORG": the organisation opened hosts its opening (not its owner).
_OWNER = r"(?:ORG\d+(?:\s*\([^()]{1,40}\))?(?:\s+[A-Z][\w-]*){0,2}['’]s\s+)?"
OPENING_HOST_PATTERNS = [
    re.compile(r"(?i:\b(?:opening\s+(?:ceremony\s+|ceremonies\s+)?of|inauguration\s+(?:ceremony\s+)?of|inaugurat(?:ed|es|ing))\s+)"
               + _THE + _OWNER + r"(?i:(?:first|new|brand[\s-]new|newly[\s-](?:built|established|created)|official)\s+){0,2}" + LIST),
    LAUNCH_OPENING,
    OPENED_APPOSITIVE,
]
HOST_EVENT_PATTERNS = [
    re.compile(r"(?i:\bhosted\s+by\s+)" + _THE + LIST),
    # "X is scheduled to host", "X plans to host"
    re.compile(LIST + r"\s*,?\s+(?i:" + _INTENT + r"host)\b"),
    re.compile(LIST + r"\s*,?\s+(?i:(?:has\s+|have\s+|also\s+)?(?:hosted|hosts|will\s+host))\b"),
    re.compile(r"(?i:\b(?:held|took\s+place|takes\s+place|taking\s+place|organi[sz]ed|hosted|located|staged|was\s+held|were\s+held|will\s+be\s+held|will\s+take\s+place)\s+(?:[\w,-]+\s+){0,3}?(?:at|in|on\s+the\s+premises\s+of)\s+)"
               + _THE + r"(?i:(?:premises|office|headquarters|campus|site|venue)\s+of\s+(?:the\s+)?)?" + LIST),
    re.compile(r"(?i:\b(?:venue|premises)\s+of\s+)" + _THE + LIST),
    re.compile(r"(?i:\b(?:conference|forum|summit|workshop|seminar|training|hackathon|exhibition|event|session)s?\s+(?:held\s+)?at\s+)" + _THE + LIST),
]

# ------------------------------------------------------------------ mentions to drop

# "X under the Ministry of Y": Y is the parent body, not a participant.
PARENT = re.compile(
    r"ORG\d+(?:\s+[A-Z][\w-]*){0,2}\s*,?\s*(?i:(?:which\s+is\s+|that\s+is\s+|operating\s+)?(?:under|subordinate\s+to|affiliated\s+(?:with|to)|attached\s+to|under\s+the\s+auspices\s+of|part\s+of|a\s+(?:subsidiary|division|unit|structure|member)\s+of)\s+)"
    + _THE + r"(?P<list>ORG\d+)")
# "a joint Velmora Technologies Park will be established": a name with an indefinite
# article is a thing to be created or a kind, not a named participant.
# "received a ORG delegation": the indefinite article belongs to the delegation, and
# ORG is whose delegation it is (not a proposed organisation)
DELEGATION_AFTER = re.compile(r"(?i)^(?:['’]s?)?\s+(?:(?:official|business|high-level|government|joint|large|small|trade)\s+)?(?:delegations?|delegates)\b")
INDEFINITE_BEFORE = re.compile(r"(?i)\b(?:a|an)\s+(?:(?:new|joint|future|planned|proposed|single|common|modern|second|third)\s+)*$")
# "Samsung Co. - a Korean investor at SHTP", "X, a resident of Y": Y only describes X.
APPOSITIVE = re.compile(
    r"ORG\d+(?:\s+[A-Z][\w.-]*){0,2}\s*(?:,|\s[-–—]|\()\s*(?i:(?:a|an|the|its|one\s+of\s+the)\s+(?:[\w-]+\s+){0,5}?(?:of|at|in|from|under|within|by|with)\s+)"
    + _THE + r"(?P<list>ORG\d+)")
# "signed with ORG1, the ORG2 research institute ...": ORG2 only qualifies the head noun
# of a description of ORG1 (an appositive organisation noun, lower case), no counterpart.
ATTRIBUTIVE_IN_APPOSITION = re.compile(
    r"ORG\d+\s?,\s+(?i:the)\s+(?P<list>ORG\d+)\s+(?:[a-z][\w-]*\s+){0,2}?" + bounded(words("appositive_org_nouns")))
# "technology parks from the ORG countries": an org used as a group of countries.
COUNTRY_GROUP_AFTER = re.compile(r"^\)?\s*(?:\([^()]{1,12}\)\s*)?(?:['’]s\s+)?(?i:member\s+)?(?i:countries|states|nations|member\s+states|member\s+countries|region|area|space)\b")
REPORTER = [
    re.compile(r"(?i:\b(?:according\s+to|press\s+service\s+of|press\s+office\s+of|reported\s+by|source:?|citing|cited\s+by|told)\s+)" + _THE + r"(?i:press\s+service\s+of\s+(?:the\s+)?)?(?P<list>ORG\d+)"),
    re.compile(r"(?P<list>ORG\d+)(?:['’]s)?\s+(?i:(?:press\s+service|press\s+office|website|telegram\s+channel)\s+)?(?i:reported|reports|informs|informed|told|said|noted|writes|wrote)\b"),
    # "..., said Lima Tech Park director Carla Rojas"
    re.compile(r"(?i:\b(?:said|says|noted|stated|added|explained|announced|commented)\s+)" + _THE + r"(?P<list>ORG\d+)"),
    # "..., said Zarina Ulito, programme director of ORG": the speaker of a quote
    re.compile(r"(?i:\b(?:said|says|noted|stated|added|explained|commented|according\s+to)\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}\s*,\s+(?:[\w-]+\s+){1,5}?(?:of|at|from)\s+)"
               + _THE + r"(?P<list>ORG\d+)"),
]
# "X and Y have signed a memorandum, Norland's ORG Anna Berg wrote on ...": the speaker
# who reports the signing, named by title (a mention) and name after the clause
SPEAKER_AFTER = re.compile(
    r",\s+(?:[\w'’-]+\s+){0,2}?(?P<list>ORG\d+)(?:\s+[A-Z][\w'’.-]*){1,3}\s+"
    r"(?i:said|says|wrote|writes|noted|notes|told|stated|added|announced|tweeted)\b")
WITNESS_CUE = re.compile(r"(?i)\b(?:in\s+the\s+presence\s+of|witnessed\s+by|attended\s+by|with\s+the\s+participation\s+of|in\s+attendance\s+of|observed\s+by)\b")
WITNESS_STOP = re.compile(r"(?i)\b(?:sign\w*|between|inked|concluded)\b|;")
# "signed a memorandum to establish ORG", "an agreement for the development of the ORG
# project": the organisation a purpose clause names is what the agreement is about. No
# "with"/"between" (a counterpart) and no other mention between the purpose word and it;
# a bracketed short name right after it is the same organisation.
PURPOSE_OBJECT = re.compile(
    r"(?i)\b(?:to|for|on|at)\s+(?:[\w-]+\s+){0,3}?" + bounded(words("purpose_words"))
    + r"(?:(?!\bwith\b|\bbetween\b|ORG\d)[^;.:]){0,60}?ORG(\d+)(?:\s*\(ORG(\d+)\))?")
VENUE_AGREEMENT = re.compile(
    r"(?i:\b(?:held|took\s+place|signed|ceremony|inked)\s+(?:[\w-]+\s+){0,3}?(?:at|in)\s+(?:the\s+)?(?:premises|office|headquarters|site|building|campus)\s+of\s+|\bat\s+)"
    + r"(?i:the\s+)?(?P<list>ORG\d+)(?:\s*\((?P<short>ORG\d+)\))?")

# The tense cue nearest before a year-less date decides which way it resolves: the
# last match wins. Present-tense scheduling ("takes place on", "opens on") is future.
LOCAL_TENSE = re.compile(
    r"(?i)\b(?:(?P<fut>will(?:\s+(?:be|have\s+been))?(?:\s+\w+)?|shall(?:\s+be)?(?:\s+\w+)?|to\s+be\s+\w+"
    r"|(?:is|are)\s+(?:being\s+|also\s+)?(?:held|organi[sz]ed|hosted|scheduled|planned|expected|set|due|slated|going|to)"
    r"|scheduled|planned|expected|slated|next|coming|upcoming|forthcoming|due|takes?\s+place|opens|starts|begins|kicks\s+off"
    r"|invites?|organi[sz]es|hosts|(?:is|are)\s+(?:holding|hosting|organi[sz]ing))"
    r"|(?P<past>was|were|had|has\s+been|have\s+been|held|took\s+place|last|signed|visited|met|opened|began|started|concluded|\w{3,}ed))\b")
# Dates that are not the event's: founding, validity, deadlines ("valid until 31
# December", "established on 5 December 2017", "by 30 April").
NON_EVENT_DATE_BEFORE = re.compile(
    r"(?i)(?:\b(?:founded|established|created|incorporated|registered|set\s+up|since|until|till|valid|expires?|expiring|deadline|effective|born|no\s+later\s+than)"
    r"\s+(?:(?:on|in|from|at|of|by|as\s+of)\s+)?(?:the\s+)?$|\bby\s+(?:the\s+)?$)")
# ... and for a signing, also the dates of what the agreement provides for.
NON_SIGNING_DATE_BEFORE = re.compile(
    r"(?i)\b(?:starting|starts?|begins?|beginning|launch(?:ed|es)?|open(?:ed|s)?|adopted|approved|published|announced|runs?|ran)"
    r"\s+(?:(?:on|in|from|at|of)\s+)?(?:the\s+)?$")
# The clause a date sits in is a relative one (after the last comma).
RELATIVE_START = re.compile(r"(?i)^\s*(?:which|who|that|where|whose|when)\b")
# Time expressions below day precision: a signing "last month" has no day date.
VAGUE_TIME = re.compile(
    r"(?i:\b(?:last|this|past|previous)\s+(?:week|month|year|spring|summer|autumn|fall|winter|quarter)\b"
    r"|\bearlier\s+(?:this|in\s+the|last)\s+(?:week|month|year)\b|\b(?:a\s+few|several|two|three|four)\s+(?:weeks|months|years)\s+ago\b"
    r"|\bin\s+(?:19|20)\d\d\b)"
    r"|\b(?i:in\s+(?:early\s+|mid-?\s*|late\s+)?)(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+(?:19|20)\d\d)?\b(?!\s*\d)")

# Past-tense evidence around an engagement trigger (checked after the planned cues).
PAST_EVENT = re.compile(
    r"(?i)\b(?:was|were|had|has\s+been|have\s+been|took\s+place|held|met|paid|took\s+part|began|ran|came|went|gave|\w{3,}ed)\b")
# Signing verbs that are past by themselves ("signed", "inked", "concluded").
PAST_SIGN = re.compile(r"(?i)^" + alternation(words("past_sign_verbs")) + "$")
# A dateline at the head of a paragraph: "LIMA, Aug. 23, 2022 -", "12 July 2023:".
DATELINE_BEFORE = re.compile(r"^\s*(?:\(?[A-Z][\w.'’ -]{0,30}\)?\s*,\s*){0,2}$")
DATELINE_AFTER = re.compile(r"^\s*(?:\([^()]{1,30}\)\s*)?[-–—:|/]|^\s*\([A-Z][A-Za-z&. -]{1,20}\)\s+(?=[A-Z])")
# Dates that belong to the report, not the event ("the agency reported on December 1",
# "the minister announced at a press conference on Tuesday").
_REPORT_OCCASIONS = alternation(words("report_occasions"))
REPORT_DATE_BEFORE = re.compile(
    r"(?i)\b(?:reported|reports|said|announced|informed|stated|wrote|published|posted|updated|told\s+\w+|according\s+to\s+\w+)\s+"
    r"(?:on\s+(?:his|her|its|their|the)\s+(?:[\w-]+\s+){0,3}?(?:page|account|website|site|channel|blog|feed)\s+)?"  # "wrote on his official Twitter page on"
    r"(?:(?:at|in|during)\s+(?:a|an|the|its|their)\s+(?:[\w-]+\s+){0,2}?" + _REPORT_OCCASIONS + r"\s+"  # "announced at a press conference on"
    r"|(?:\w+\s+){0,2}?)(?:on\s+|in\s+)?$")

# Mentions that are events or programmes rather than organisations (defensive: the
# organisation extractor should already drop them).
EVENT_LIKE_MENTION = re.compile(
    r"(?i)\b(?:forum|summit|conference|congress|expo|exhibition|festival|week|hackathon|programme|program|project|competition|award|olympiad)s?\b|[-\s](?:19|20)\d\d$")

# ... except bodies named "Programme" (United Nations Development Programme).
ORG_NAMED_PROGRAMME = re.compile(r"(?i)^(?:the\s+)?(?:United\s+Nations|UN|World)\b.*\bProgramme\b|\b(?:Development|Environment|Food)\s+Programme$")
# Event names: "the Silk Road Digital-2023 forum", "at GITEX Global 2023", "forum "Digital Almaty"".
EVENT_NAME_PATTERNS = [
    re.compile(r"(?i:\b(?:forum|summit|conference|congress|exhibition|expo|hackathon|festival|fair|programme|program|competition|week|symposium|session|contest)\s+)"
               r"[\"“«„]([^\"”»“]{3,80})[\"”»“]"),
    re.compile(r"[\"“«„]([^\"”»“]{3,80})[\"”»“]\s+(?i:forum|summit|conference|congress|exhibition|expo|hackathon|festival|fair|programme|program|competition|week|symposium)\b"),
    re.compile(r"\b((?:[A-Z][\w&'’.-]*|\d{4})(?:\s+(?:[A-Z][\w&'’.-]*|of|and|the|for|on|in|&|\d{4}))*?\s+"
               r"(?:Forum|Summit|Conference|Congress|Expo|EXPO|Exhibition|Week|Fair|Festival|Show|Hackathon|Symposium|Convention|Days?)(?:[\s-]+(?:19|20)\d\d)?)\b"),
    re.compile(r"\b((?:[A-Z][\w&'’.]*[\s-]){1,4}(?:19|20)\d\d)\b"),
    # "the Climate Code hackathon": a capitalised name before a lower-case event noun
    re.compile(r"\b((?:[A-Z][\w&'’.-]*\s+){1,5}(?:forum|summit|conference|hackathon|exhibition|expo|festival|fair|week|bootcamp|competition))\b"),
]
EVENT_NAME_BAD_START = re.compile(
    r"(?i)^(?:the|a|an|on|in|at|during|jan\w*|feb\w*|mar\w*|apr\w*|may|june?|july?|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*|since|until|by|from|this|last|next)\b")
SIGNING_EVENT_CONTEXT = re.compile(
    r"(?i)\b(?:on\s+the\s+(?:sidelines|margins)\s+of|within\s+the\s+framework\s+of|in\s+the\s+framework\s+of|as\s+part\s+of|during|at|within)\s+(?:the\s+)?$")
# The event a signing took place at ("signed ... at the X Summit", "during the visit, X
# and Y signed", "the document was signed at a meeting between ..."): a preposition of
# setting, then up to six words that are not a gerund ("aimed at holding joint forums"
# is the document's content, not its setting).
SIGNING_SETTING_BEFORE = re.compile(
    r"(?i)\b(?:at|during|within(?:\s+the\s+framework\s+of)?|on\s+the\s+(?:sidelines|margins|occasion)\s+of"
    r"|as\s+part\s+of|in\s+the\s+(?:framework|course)\s+of|(?:at|before|by)\s+the\s+end\s+of)\s+"
    r"(?:the\s+|this\s+|its\s+|their\s+|a\s+|an\s+)?(?:(?![\w-]*ing\s)[\w\"“”'’«».&-]+\s+){0,6}$")
# Engagement types a signing can take place at: annotators record the signatories as
# taking part in it (a workshop or exhibition named beside a signing is its content).
SIGNING_SETTING_TYPES = ("forum", "meeting", "visit")
# "the visit of", "a trip by": what follows names who travelled.
VISIT_BY = re.compile(r"(?i)(?<!\s)\s+(?:of|by)\s+(?:the\s+)?")  # matched right after a noun
VISIT_BY_STOP = re.compile(r"(?i)[;.]|\s(?:to|in|at)\s")
