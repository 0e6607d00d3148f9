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

What is left (a long article dense with names is still slow, linearly) is bounded by
the per-article deadline of the extraction workers (pipeline/workers.py).
"""
from __future__ import annotations

import re

MAX_PUNCT_RUN = 3      # punctuation characters kept at the start of a run with no space
MAX_WORD_CHARS = 64    # longest whitespace-free run left whole
MAX_SENT_TOKENS = 120  # longest sentence the rules see, in tokens

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
    """An over-long sentence with nowhere to cut it (no punctuation, no lower-case word)."""

    def __init__(self, char_start: int, n_tokens: int):
        super().__init__(f"a run of {n_tokens} words with no punctuation and no lower-case word "
                         f"starts at character {char_start}")
        self.char_start = char_start


_WORD_OR_BREAK = re.compile(r"[^\s]+|\n")
_PLAIN_NAME_WORD = re.compile(r"[^\W_a-z]\w*")  # starts upper-case or with a digit, no punctuation


def check_complexity(text: str, max_tokens: int = MAX_SENT_TOKENS) -> None:
    """Raise TooComplex, before spaCy runs, for a line holding more than `max_tokens`
    capitalised words in a row with no punctuation and no lower-case word: there is
    no place to cut it into sentences and no rule can read it. Linear."""
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
