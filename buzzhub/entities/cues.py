"""Local evidence around a match of an ambiguous alias: is it used as a name here?

All functions take the (masked) segment text and the match's [start, end) span.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD_TAIL_RE = re.compile(r"[\w'’.&-]*$")
_NEXT_RE = re.compile(r"^([ \u00a0]?)(\S+)")
_OPENERS = "\"'“‘([*_>#-–—•"
_SENTENCE_END = ".!?"
WINDOW = 300  # how far the line-level cues look, in characters
# Words after a hyphen that make "<Name>-word" a compound modifier of the name ("Arm-based").
MODIFIER_WORDS = frozenset(
    "based like style class sized size scale level grade era native first only specific friendly "
    "compatible centric focused branded exclusive affiliated aligned owned backed linked led made "
    "built powered funded run sponsored".split())
# Lower-case prefixes that still refer to the name ("ex-Google", "non-Apple").
PREFIXES = frozenset("ex non pre post anti pro pan un sub co mid former then".split())
# Titles before a surname, and roles after an organisation, that are not part of a longer name.
HONORIFICS = frozenset("Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Professor Judge Justice Senator Sen. "
                       "Rep. Representative Governor Gov. President Commissioner Chair Chairman Chairwoman "
                       "Secretary Minister Sir Dame CEO".split())
ROLES = frozenset("CEO CTO CFO COO CSO President Chief Chairman Chair Founder Co-founder Cofounder".split())
CONNECTORS = frozenset("of de du des del della di da von van der".split())
# The first letter of each word of four characters or more (a word starts with a letter).
_LONG_WORD_RE = re.compile(r"([^\W\d_])[\w'’-]{3,}")
# Letters by case, as bytes: " aaaa" starts a lower-case word of four letters or more, and "A" may be the
# capital starting one (so may any character outside ASCII, encoded as "?").
_SHAPE = bytes.maketrans(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ?", b"a" * 26 + b"A" * 27)
_PLACE_QUALIFIER_RE = re.compile(r", (?:[A-Z]{2}|(?:[A-Z]\.){2})(?!\w)")
# Compiled once: re.match(pattern, ...) looks the pattern up on every call, and the cues run per match.
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")
_WORD_RE = re.compile(r"\w*")
_WORD_PLUS_RE = re.compile(r"\w+")
_LAST_WORD_RE = re.compile(r"\w+$")
_NAME_PART_RE = re.compile(r"[\w'’.&-]*")
_TOKEN_RE = re.compile(r"[\w.+-]+")
_POSSESSIVE_OR_HYPHEN_RE = re.compile(r"['’]s$|-")
# Words capitalised only because they open a sentence; never part of a name.
FUNCTION_WORDS = frozenset(
    "the a an this that these those its his her their our my your for in on at by with from to of and "
    "but or as when while after before since if unlike like meanwhile however so then both only even "
    "also yet still now today last next every each some many most all no not".split())
# Variant words that qualify a model or product family without naming something else.
VARIANTS = frozenset("Pro Ultra Max Mini Nano Flash Plus Turbo Lite Air Preview Beta".split())
# Words after a sentence-initial name that show it is the subject ("Figure signed", "Su also").
VERBISH = frozenset(
    "is was are were has had have will would can could may might must shall should did does do "
    "also now then still already just first recently later initially previously again never "
    "said says told made built began became took won set put got went came saw sold bought paid "
    "led ran grew gave kept left held hit cut let met rose fell drew chose brought thought found "
    "wrote spent sent lost meant broke stood spoke wants plans".split())


def _line_start(text: str, pos: int, window: int) -> int:
    """Start of pos's line, looking back at most `window` characters (keeps tagging linear)."""
    low = pos - window if pos > window else 0
    at = text.rfind("\n", low, pos) + 1
    return at if at > low else low  # builtin max() costs more than the search here


def _line_end(text: str, pos: int, window: int) -> int:
    end = text.find("\n", pos, pos + window)
    return end if end >= 0 else min(len(text), pos + window)


@lru_cache(maxsize=64)  # the rules for one match ask several times; a story's text hashes once
def prev_word(text: str, start: int) -> tuple[str, str]:
    """The word just before `start` on the same line, and the gap (one space or nothing)."""
    window = text[_line_start(text, start, 80):start]  # holds no newline
    gap = window[-1:] if window[-1:] in (" ", "\u00a0") else ""
    before = window[:len(window) - len(gap)]
    if not before or before[-1].isspace():
        return "", ""
    return _WORD_TAIL_RE.search(before.rsplit(None, 1)[-1]).group(0), gap


@lru_cache(maxsize=64)
def next_word(text: str, end: int) -> tuple[str, str]:
    m = _NEXT_RE.match(text[end:_line_end(text, end, 80)])
    return (m.group(2), m.group(1)) if m else ("", "")


def sentence_start(text: str, start: int) -> bool:
    """True when nothing but openers/markup separates `start` from a sentence end or block start."""
    i = start - 1
    while i >= 0 and (text[i] in " \u00a0\t" or text[i] in _OPENERS):
        if text[i] in "\"“‘":
            return True  # an opening quote starts the quoted sentence
        i -= 1
    if i < 0 or text[i] in _SENTENCE_END + ":":
        return True
    if text[i] == "\n":  # a line start begins a sentence only after a blank line or in a list/heading
        prev_line = text[_line_start(text, i, WINDOW):i].strip()
        return (not prev_line or prev_line[-1] in _SENTENCE_END + ":" or prev_line.startswith("#")
                or text[i + 1:start].strip() != "")
    return False


def heading_line(text: str, pos: int) -> bool:
    return text[_line_start(text, pos, WINDOW):pos].lstrip().startswith("#")


def headline_line(text: str, pos: int) -> bool:
    """A heading, or a title-like line (link text, list item) in headline capitals."""
    if not title_case_line(text, pos):
        return False
    line = text[_line_start(text, pos, WINDOW):_line_end(text, pos, WINDOW)].strip()
    return line.startswith("#") or not _SENTENCE_END_RE.search(line)


def title_case_line(text: str, pos: int) -> bool:
    """Headline style ("Figure Raises Money From Bezos"): capitals prove nothing there."""
    line = text[_line_start(text, pos, WINDOW):_line_end(text, pos, WINDOW)]
    if _plainly_prose(line):
        return False
    initials = _LONG_WORD_RE.findall(line)
    return len(initials) >= 3 and sum(map(str.isupper, initials)) >= 0.75 * len(initials)


def _plainly_prose(line: str) -> bool:
    """Fewer possible capitals than a third of its lower-case words, so under 75 % capitalised: settled
    by byte counts for most body lines, where the word regex took ~11 % of all tagging."""
    shape = line.encode("ascii", "replace").translate(_SHAPE)  # a byte a character
    return shape.count(b"A") < 3 * shape.count(b" aaaa")


def hyphen_veto(text: str, start: int, end: int, covered) -> bool:
    """Glued by a hyphen into another word ("Meta-analyses", "X-energy"), not a modifier ("Arm-based")."""
    if end < len(text) - 1 and text[end] in "-\u2010\u2011" and text[end + 1].isalnum():
        word = _WORD_PLUS_RE.match(text[end + 1:end + 40]).group(0)
        if not (covered(end + 1) or (word.islower() and (word in MODIFIER_WORDS or word.endswith("ed")))):
            return True
    if start >= 2 and text[start - 1] in "-\u2010\u2011" and text[start - 2].isalnum():
        word = _LAST_WORD_RE.search(text[max(0, start - 40):start - 1]).group(0)
        if not (covered(start - 2) or (word.islower() and word in PREFIXES)):
            return True
    return False


def in_longer_name(text: str, start: int, end: int, covered, headline: bool = False,
                   surname: bool = False) -> bool:
    """Part of a longer name the registry lacks: "Big Apple", "Library of Congress", "Apple Vision".

    In a headline every word is capitalised, so only the "X of Name" and "Name, ST" shapes count.
    Before a surname, even a sentence-initial capitalised word is a first name ("Zeshan Khan").
    """
    return _name_before(text, start, covered, headline, surname) or _name_after(text, end, covered, headline)


def _name_before(text: str, start: int, covered, headline: bool, surname: bool) -> bool:
    word, gap = prev_word(text, start)
    if not gap or not word:
        return False
    at = start - 1 - len(word)
    if word in CONNECTORS:
        head, gap = prev_word(text, at)
        return bool(gap) and _name_word(head) and head not in ROLES and not covered(at - 2) \
            and not _capital_by_position(text, at - 1 - len(head), head)
    # `headline` last of the cheap tests: the tagger works it out only when asked
    return (_name_word(word) and not covered(start - 2) and (surname or not headline)
            and (surname or not _capital_by_position(text, at, word)))


def _name_after(text: str, end: int, covered, headline: bool) -> bool:
    if _PLACE_QUALIFIER_RE.match(text, end):
        return True  # "Washington, D.C.": a city named with its state
    word, gap = next_word(text, end)
    if gap and word in CONNECTORS:  # "Times of India", "Recall of Macaroni"
        head, gap2 = next_word(text, end + 1 + len(word))
        head = _NAME_PART_RE.match(head).group(0).rstrip(".")
        return bool(gap2) and _name_word(head) and not covered(end + 2 + len(word))
    if not gap or not word[:1].isupper() or headline:
        return False
    word = _TOKEN_RE.match(word).group(0).rstrip(".")
    return word not in ROLES and word not in VARIANTS and not covered(end + 1)


def _name_word(word: str) -> bool:
    """Capitalised, and not a function word ("The"), possessive ("Cognition's Devin") or modifier ("AI-focused")."""
    return (word[:1].isupper() and word[-1:].isalnum() and word not in HONORIFICS
            and word.lower() not in FUNCTION_WORDS and not _POSSESSIVE_OR_HYPHEN_RE.search(word))


def possessed(text: str, start: int, covered) -> bool:
    """"Elon Musk's X", "Cognition's Devin": owned by a known name, so a name itself."""
    return text[start - 3:start - 1] in ("'s", "’s") and text[start - 1] == " " and covered(start - 4)


def after_initial_word(text: str, start: int) -> bool:
    """"Rival Meta" or "Jonathan Rubin" at a sentence start: the capitals prove nothing either way."""
    word, gap = prev_word(text, start)
    return bool(gap) and _name_word(word) and _capital_by_position(text, start - 1 - len(word), word)


def _capital_by_position(text: str, at: int, word: str) -> bool:
    """"Rival Meta": a sentence-initial word capitalised only because it comes first."""
    return word[1:].islower() and sentence_start(text, at)


def subject_like(text: str, end: int) -> bool:
    """After a sentence-initial name: punctuation, or a verb/adverb rather than a noun ("Cursor position")."""
    after, gap = next_word(text, end)
    if not after or not gap:
        return True
    word = _WORD_RE.match(after).group(0)
    if not word or not word.islower():
        return True
    if word in ("and", "or"):  # "Opus and Sonnet can ...": coordinated names
        return next_word(text, end + len(gap) + len(after))[0][:1].isupper()
    return (word in VERBISH or word.endswith(("ed", "ly"))
            or (word.endswith("s") and not word.endswith(("ss", "us", "is"))))


def followed_by_comma(text: str, end: int) -> bool:
    """"Cursor, an AI-first editor": a sentence-initial common noun rarely takes an apposition."""
    return text[end:end + 1] == ","


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding [start, end), cut at sentence ends and blank lines, at most 400 chars."""
    a = max(text.rfind(". ", max(0, start - 400), start), text.rfind("\n\n", max(0, start - 400), start))
    a = a + 1 if a >= 0 else max(0, start - 400)
    ends = [i for i in (text.find(". ", end, end + 400), text.find("\n\n", end, end + 400)) if i >= 0]
    return text[a:min(ends) if ends else min(len(text), end + 400)]


def followed_by_number(text: str, end: int) -> bool:
    after, gap = next_word(text, end)
    return bool(gap and after[:1].isdigit())


def quoted(text: str, start: int, end: int) -> bool:
    """Wrapped in quotes: the word is being talked about ('the name "Grok"')."""
    return start > 0 and end < len(text) and text[start - 1] in "\"'“‘" and text[end] in "\"'”’"
