"""Work bounds applied to an article before and around the rules, so that no text can
make extraction superlinear.

Two costs grow with the square of a length and are bounded here, up front:

- spaCy's tokenizer strips prefix and suffix punctuation one character at a time, so
  a run of punctuation with no space in it (",,,,", "((((", "![![") costs the square
  of its length. `prepare_text` blanks every such run after its first
  `MAX_PUNCT_RUN` characters, and breaks any other whitespace-free run longer than
  `MAX_WORD_CHARS` at its punctuation. It only ever turns characters into spaces, so
  the text keeps its length and every character offset stays valid in the article
  body; `restore_surfaces` copies the mentions' exact text back from the body.
- Several rules compare each token of a sentence with the others ("attended by A, B,
  C, ..."). `cap_sentences` starts a new sentence every `MAX_SENT_TOKENS` tokens of an
  over-long sentence (after punctuation where there is some), so the cost of an
  article grows with its length, not with the square of its longest sentence. News
  sentences are far shorter; only lists, tables and pasted data reach the cap.

Before spaCy runs, `check_complexity` rejects (`too_complex`) what no rule can read
in bounded time: spaCy alone costs ~0.2 ms a token, and the capped rule passes cost
several times more per token in a 120-token list than in prose, so a 32k-character
list sentence ("attended by Tech Park, Tech Park, ...", "with A and B and ...",
"Alpha-Beta-Gamma-...") took 5-15 s. A "sentence" here runs to the next ". ", "! ",
"? " or line break; news sentences stay under ~210 tokens (the longest among the ~400
articles of the evaluation sets, the held-out set and the tests), so the limits
(`MAX_SENTENCE_TOKENS` in one sentence, `MAX_LONG_SENTENCE_TOKENS` in all sentences
over `LONG_SENTENCE_TOKENS`) only reach pasted lists, tables with no line breaks and
crafted text.

What is left (a long article dense with names is still slow, about linearly in its
tokens) is bounded by the per-article deadline of the extraction workers
(pipeline/workers.py). `scripts/adversarial_bench.py` prints the figures.
"""
from __future__ import annotations

import re

MAX_PUNCT_RUN = 3      # punctuation characters kept at the start of a run with no space
MAX_WORD_CHARS = 64    # longest whitespace-free run left whole
MAX_SENT_TOKENS = 120  # longest sentence the rules see, in tokens
MAX_SENTENCE_TOKENS = 1_000       # pre-check: tokens in one sentence (up to ". " or a line break)
LONG_SENTENCE_TOKENS = 250        # pre-check: a sentence over this many tokens is "long" ...
MAX_LONG_SENTENCE_TOKENS = 2_500  # ... and long sentences may hold this many tokens in all

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (MAX_PUNCT_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD_CHARS + 1))
_BREAKABLE = re.compile(r"[^\w\s]|_")


def _blank_run(m: re.Match) -> str:
    run = m.group()
    return run[:MAX_PUNCT_RUN] + " " * (len(run) - MAX_PUNCT_RUN)


def _break_word(m: re.Match) -> str:
    """A space for one punctuation character in every MAX_WORD_CHARS of a long run."""
    chars = list(m.group())
    last = 0
    for p in _BREAKABLE.finditer(m.group()):
        if p.start() - last >= MAX_WORD_CHARS // 2:
            chars[p.start()] = " "
            last = p.start()
    return "".join(chars)


def prepare_text(text: str) -> str:
    """The text spaCy is given for `text`: the same length, the same characters except
    lone surrogates (U+FFFD) and the spaces described in the module docstring. Linear."""
    text = _LONE_SURROGATE.sub("\ufffd", text)
    text = _PUNCT_RUN.sub(_blank_run, text)
    return _LONG_WORD.sub(_break_word, text)


class TooComplex(Exception):
    """Text no rule can read in bounded time: an over-long sentence (a list, a table
    with no line breaks), or one with nowhere to cut it (no punctuation, no lower-case
    word). The message says what and where (a character offset in the article body)."""

    def __init__(self, char_start: int, n_tokens: int, what: str | None = None):
        super().__init__(what or f"a run of {n_tokens} words with no punctuation and no lower-case word "
                                 f"starts at character {char_start}")
        self.char_start = char_start


_WORD_OR_BREAK = re.compile(r"[^\s]+|\n")
_PLAIN_NAME_WORD = re.compile(r"[^\W_a-z]\w*")  # starts upper-case or with a digit, no punctuation


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")
_TOKEN = re.compile(r"\w+|[^\w\s]")  # about spaCy's tokens: words and single punctuation marks


def check_sentence_lengths(text: str, max_tokens: int = MAX_SENTENCE_TOKENS,
                           long_tokens: int = LONG_SENTENCE_TOKENS,
                           max_long_total: int = MAX_LONG_SENTENCE_TOKENS) -> None:
    """Raise TooComplex for a sentence of more than `max_tokens` tokens, or when the
    sentences over `long_tokens` tokens hold more than `max_long_total` in all. Linear."""
    last, long_total, first_long = 0, 0, None
    for end in [*(m.start() for m in _SENTENCE_END.finditer(text)), len(text)]:
        if end - last > long_tokens:  # fewer characters than tokens: nothing to count
            n = sum(1 for _ in _TOKEN.finditer(text, last, end))
            if n > max_tokens:
                raise TooComplex(last, n, (
                    f"one sentence of {n:,} tokens ({end - last:,} characters with no full stop or line "
                    f"break) starts at character {last:,}: over the limit of {max_tokens:,} tokens"))
            if n > long_tokens:
                long_total += n
                first_long = last if first_long is None else first_long
                if long_total > max_long_total:
                    raise TooComplex(first_long, long_total, (
                        f"sentences of more than {long_tokens} tokens hold {long_total:,} tokens in all (the "
                        f"first starts at character {first_long:,}): over the limit of {max_long_total:,}"))
        last = end + 1


def check_complexity(text: str, max_tokens: int = MAX_SENT_TOKENS) -> None:
    """Raise TooComplex, before spaCy runs, for text no rule reads in bounded time:
    over-long sentences (`check_sentence_lengths`), and a line holding more than
    `max_tokens` capitalised words in a row with no punctuation and no lower-case
    word (no place to cut it into sentences). Linear."""
    check_sentence_lengths(text)
    run, start = 0, 0
    for m in _WORD_OR_BREAK.finditer(text):
        if m.group() != "\n" and _PLAIN_NAME_WORD.fullmatch(m.group()):
            if run == 0:
                start = m.start()
            run += 1
            if run > max_tokens:
                raise TooComplex(start, run)
        else:
            run = 0


def _cut_point(doc, start: int, max_tokens: int) -> int | None:
    """Where to end a sentence that starts at token `start` and is too long: after
    punctuation, or else before a lower-case word (outside a named entity if there is
    one), as late as possible in the second half of the window, so a cut never splits
    a name."""
    for i in range(start + max_tokens, start + max_tokens // 2, -1):
        if doc[i - 1].is_punct and not doc[i].is_punct:
            return i
    for outside_names in (True, False):  # a "name" of 60 words is no name: cut it too
        for i in range(start + max_tokens, start + max_tokens // 2, -1):
            if doc[i].is_lower and doc[i].is_alpha and (
                    not outside_names or (doc[i].ent_iob_ != "I" and doc[i - 1].ent_iob_ in ("O", ""))):
                return i
    return None


def cap_sentences(doc, max_tokens: int = MAX_SENT_TOKENS) -> int:
    """Split every sentence of `doc` longer than `max_tokens` tokens; returns how many
    breaks were added. Raises TooComplex for a sentence that has no place to cut (a
    wall of capitalised words). The doc must have no dependency parse (ours has none)."""
    added = 0
    for sent in list(doc.sents):
        start = sent.start
        while sent.end - start > max_tokens:
            cut = _cut_point(doc, start, max_tokens)
            if cut is None:
                raise TooComplex(doc[start].idx, sent.end - start)
            doc[cut].is_sent_start = True
            added += 1
            start = cut
    return added


def restore_surfaces(extraction, body: str) -> None:
    """Mentions quote the article body exactly, whatever `prepare_text` blanked."""
    for m in extraction.mentions:
        m.surface = body[m.char_start:m.char_end]
