"""Words for text similarity: Markdown noise removed, lower-cased, accents folded, stopwords dropped.

Everything is done on whole texts with C-level operations (regex, Counter, set algebra): a Python loop
per word would dominate the cost of ranking a large site. Word forms are folded once per distinct word
of the whole corpus (fold_forms), not once per story.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

TITLE_BOOST = 3  # a headline word says more about the story than a body word

# Markup that carries no topic: code, shortcodes, HTML tags, URLs, link targets.
_NOISE = re.compile(r"```.*?```|~~~.*?~~~|\{\{[<%].*?[>%]\}\}|<[^>\n]{1,300}>|\]\([^)\s]*\)"
                    r"|https?://\S+|`[^`\n]*`", re.S)
# Words are split by a byte table: ASCII letters (lower-cased) and digits stay, other ASCII becomes a
# space, and UTF-8 bytes of non-ASCII letters stay inside their word. Faster than any regex.
_SPLIT = bytes(ord(chr(c).lower()) if chr(c).isascii() and chr(c).isalnum() else c if c >= 0x80 else 0x20
               for c in range(256))
_MARKS = re.compile("[\u0300-\u036f]+")  # combining accents, once NFKD has split them off
_NON_ASCII = re.compile("[^\x00-\x7f]+")  # NFKD never reorders across ASCII: fold these runs alone
_PUNCT = re.compile("[\u00a0\u00ab\u00bb\u2010-\u2015\u2018-\u201f\u2026\u2032\u2033]")

STOPWORDS = frozenset("""
a about above across after again against ago all almost along already also although always am among
an and another any anyone anything are around as at away back be became because become becomes been
before behind being below between beyond both but by can cannot could did do does doing done down
during each either else enough even ever every few for from further get gets getting given gives go
goes going got had has have having he her here hers herself him himself his how however i if in
including inside instead into is it its itself just last later least less like likely made make makes
making many may me might more most mostly much must my near nearly neither never new next no nor not
now of off often on once one only onto or other others otherwise our ours out over own part per
perhaps put rather really said same say says see seen she should since so some something still such
than that the their theirs them themselves then there these they thing things this those though three
through thus to too toward towards two under unless until up upon us use used uses using very via
was way ways we well were what whatever when where whether which while who whom whose why will with
within without would yet you your yours year years month months week weeks day days today time times
first second third told according also around several another including million billion per cent
percent
""".split()) | set("abcdefghijklmnopqrstuvwxyz0123456789")  # single characters: the s of "it's", initials


def _tokens(text: str) -> list[str]:
    # a one-character search (memchr) first: two-character ones scan ten times slower
    if "`" in text or "<" in text or "{" in text and "{{" in text or "]" in text and "](" in text \
            or "/" in text and "://" in text:
        text = _NOISE.sub(" ", text)
    if text.isascii():
        return _split(text)
    if "\u03a3" in text or not _encodes(text):  # lower() reads around a capital sigma; lone surrogates
        return _split(_folded(text))
    # Folding acts within words (quotes and dashes become spaces, letters stay letters), so only the few
    # words with letters beyond ASCII need it: split first, fold those
    out = _split(text)
    for k in [k for k, w in enumerate(out) if not w.isascii()][::-1]:
        out[k:k + 1] = _FOLDED[out[k]] if out[k] in _FOLDED else _fold_word(out[k])
    return out


def _split(text: str) -> list[str]:
    return text.encode("utf-8", "ignore").translate(_SPLIT).decode("utf-8", "ignore").split()


def _folded(text: str) -> str:
    text = _PUNCT.sub(" ", text).lower()  # curly quotes and dashes: "Microsoft’s" is "microsoft" + "s"
    if not text.isascii():  # letters beyond ASCII remain once quotes and dashes are gone
        text = _NON_ASCII.sub(_fold_run, text)  # Zürich = Zurich
    return text


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


_FOLDED: dict[str, list] = {}  # word with letters beyond ASCII -> its words once folded


def _fold_word(word: str) -> list[str]:
    if len(_FOLDED) > 100_000:
        _FOLDED.clear()
    _FOLDED[word] = out = _split(_folded(word))
    return out


def _fold_run(m: re.Match) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKD", m.group()))


def words(text: str) -> list[str]:
    """Content words of a Markdown text, in order."""
    return [w for w in _tokens(text) if w not in STOPWORDS]


def term_counts(title: str, body: str) -> Counter:
    """How often each content word occurs; a title word counts TITLE_BOOST times."""
    counts = Counter(_tokens(body))
    for w in STOPWORDS.intersection(counts):
        dict.__delitem__(counts, w)  # Counter's own __delitem__ is Python code: this runs per stopword
    for w in words(title):
        counts[w] += TITLE_BOOST
    return counts


_STEMS: dict[str, str] = {}  # word -> stem, kept between runs of one process


def stem(w: str) -> str:
    """Plurals, -ed, -ing and a final -e folded: 'rulings', 'ruled', 'rule' -> 'rul'. Crude but consistent."""
    if len(w) > 4 and w.endswith(("ies", "ied")):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for end in ("ing", "ed"):
        base = w[: -len(end)]
        if w.endswith(end) and len(base) >= 3 and any(c in "aeiouy" for c in base):
            w = base[:-1] if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz" else base
            break
    return w[:-1] if len(w) > 3 and w.endswith("e") else w


def stems(vocab) -> dict:
    """word -> stem for the words whose stem differs; each word is stemmed once per process."""
    if len(_STEMS) > 500_000:
        _STEMS.clear()
    vocab = list(vocab)
    for w in set(vocab).difference(_STEMS):
        _STEMS[w] = stem(w)
    return {w: s for w in vocab if (s := _STEMS[w]) != w}


def fold_forms(bags: list[Counter]) -> None:
    """Stem the words of every bag in place; each distinct word of the corpus is stemmed once."""
    fold = stems(set().union(*bags))
    for bag in bags:
        fold_bag(bag, fold)


def fold_bag(bag: dict, fold: dict) -> None:
    """Each folded word's count moved to its stem, in bag order: the same bag whatever the hash seed (a
    set's order once decided which new stem came first, and a stem that folds again took its turn)."""
    get = bag.get  # dict.get: no Counter.__missing__ call per new stem
    for w in [w for w in bag if w in fold]:
        n = bag.pop(w)
        bag[fold[w]] = get(fold[w], 0) + n
