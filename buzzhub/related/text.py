"""Words for text similarity: Markdown noise removed, stopwords dropped, plurals folded."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

TITLE_BOOST = 3  # a headline word says more about the story than a body word

# Markup that carries no topic: code, shortcodes, HTML tags, URLs, link targets.
_NOISE = re.compile(r"```.*?```|~~~.*?~~~|\{\{[<%].*?[>%]\}\}|<[^>\n]{1,300}>|\]\([^)\s]*\)"
                    r"|https?://\S+|`[^`\n]*`", re.S)
# Explicit Latin/Greek/Cyrillic letter ranges: several times faster than \w on long texts.
_LETTER = "a-zA-Z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_WORD = re.compile(f"[{_LETTER}][{_LETTER}0-9]*")

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
""".split())


def _fold(word: str) -> str:
    """Lower-case, accents folded, possessive dropped."""
    w = unicodedata.normalize("NFKD", word.casefold())
    w = "".join(c for c in w if not unicodedata.combining(c)).replace("’", "'")
    w = w.split("'")[0] if w.endswith(("'s", "'")) else w.replace("'", "")
    return w


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


_CACHE: dict[str, tuple] = {}  # whitespace-separated token -> its content words; tokenising is the hot loop


def _keep(raw: str) -> str:
    w = _fold(raw)
    return stem(w) if len(w) > 1 and w not in STOPWORDS else ""


def _split(token: str) -> tuple:
    """'(AI-generated,' -> ('ai', 'generat'): letters runs of one whitespace-separated token."""
    return tuple(w for w in map(_keep, _WORD.findall(token)) if w)


def _clean(text: str) -> str:
    if "`" in text or "{{" in text or "<" in text or "](" in text or "://" in text:
        return _NOISE.sub(" ", text)
    return text


def words(text: str) -> list[str]:
    """Content words of a Markdown text, in order."""
    return [w for raw in _clean(text).split() for w in _cached(raw)]


def _cached(raw: str) -> tuple:
    got = _CACHE.get(raw)
    if got is None:
        if len(_CACHE) > 500_000:
            _CACHE.clear()
        got = _CACHE[raw] = _split(raw)
    return got


def term_counts(title: str, body: str) -> dict:
    """How often each content word occurs; a title word counts TITLE_BOOST times.
    Whitespace tokens are counted first (in C), so the Python loop sees each distinct token once."""
    counts: dict = {}
    get, cached = counts.get, _CACHE.get
    for raw, n in Counter(_clean(body).split()).items():
        found = cached(raw)
        for w in _cached(raw) if found is None else found:
            counts[w] = get(w, 0) + n
    for w in words(title):
        counts[w] = get(w, 0) + TITLE_BOOST
    return counts
