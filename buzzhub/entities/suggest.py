"""Suggest registry additions: recurring proper-noun phrases no registry alias covers.

A phrase is a run of capitalised words ("Tahoe Energy Partners"), possibly joined by
"of"/"de"/"&" ("Bank of Japan"); a lone capitalised word counts only mid-sentence.
Headline-style lines are skipped: every word is capitalised there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import cues
from .mask import mask_markdown
from .surface import SurfaceIndex

# A word with a capital in it ("Google", "xAI", "H100"); "AI-generated" is a modifier, not a name.
_TOKEN = r"\b(?:[^\W\d_]*[A-Z][\w.&]*(?:-[A-Z0-9][\w.&]*)*(?![\w-])|[A-Z]\b)"
_PHRASE_RE = re.compile(rf"(?:{_TOKEN})(?:(?: (?:of|de|&) | )(?:{_TOKEN}))*")
_JOINERS = ("of", "de", "&")
_LOWER_RE = re.compile(r"\b[^\W\d_A-Z]+\b")
_PLURAL_ACRONYM_RE = re.compile(r"^[A-Z]{2,}s$")
_SENTENCE_RE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)
# Capitalised function words that start sentences or headings, never names on their own.
STOP = frozenset(
    "The A An And But Or Nor For So Yet In On At To Of By With From As If When While After Before Since "
    "This That These Those It Its It's Is Are Was Were Be Been He She They We You I His Her Their Our "
    "Your My There Here What Which Who Whom Whose Why How Where Also However Meanwhile Still Yet Now "
    "Then Today Yesterday Tomorrow Last Next First Second Third Many Most Some Such Other Others One "
    "Two Three Each Every All Both No Not Only Even Just More Less Under Over Into Than Through Between "
    "Against During Without Within About Above Below Across Instead Because Although Though Unlike Like "
    "Mr Mrs Ms Dr January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


@dataclass
class Suggestion:
    phrase: str
    articles: set = field(default_factory=set)
    example: str = ""

    @property
    def count(self) -> int:
        return len(self.articles)


def suggest(docs, registry, min_count: int = 2) -> list[Suggestion]:
    """Phrases found in at least `min_count` articles, most frequent first."""
    forms = sorted({f for e in registry for f in e.surface_forms()})
    index, known = SurfaceIndex(forms), set(forms)
    found: dict[str, Suggestion] = {}
    lower: set[str] = set()  # words also written in lower case are common words ("Verified")
    for doc in docs:
        for text, heading in ((doc.title, True), (mask_markdown(doc.body), False)):
            lower.update(_LOWER_RE.findall(text))
            for phrase, sentence in _phrases(text, index, known, heading):
                s = found.setdefault(phrase, Suggestion(phrase, example=" ".join(sentence.split())))
                s.articles.add(doc.path)
    out = [s for s in found.values() if s.count >= max(1, min_count) and _namelike(s.phrase, lower)]
    return sorted(out, key=lambda s: (-s.count, s.phrase))


def _namelike(phrase: str, lower: set[str]) -> bool:
    """Multi-word phrases pass; a lone word must not be a plural acronym ("GPUs") or a common word."""
    if " " in phrase:
        return True
    return not _PLURAL_ACRONYM_RE.match(phrase) and phrase.lower() not in lower


def _phrases(text: str, index: SurfaceIndex, known: set[str], heading: bool):
    chars = list(text)
    for h in index.find(text):  # known names split phrases: "OpenAI's Sora" suggests "Sora"
        chars[h.start:h.end] = "|" * (h.end - h.start)
    text = "".join(chars)
    for sent in _SENTENCE_RE.finditer(text):
        at = sent.start()
        if (heading or cues.heading_line(text, at + 1)) and cues.title_case_line(text, at):
            continue
        for m in _PHRASE_RE.finditer(text, sent.start(), sent.end()):
            phrase, start = _trim(m.group(0), m.start())
            if not phrase or phrase in known:
                continue
            if " " not in phrase and (len(phrase) < 2 or cues.sentence_start(text, start)):
                continue  # a lone capitalised word proves nothing at a sentence start
            yield phrase, sent.group(0)


def _trim(phrase: str, start: int) -> tuple[str, int]:
    """Drop possessives and leading/trailing function words ("The", "In")."""
    words = phrase.split(" ")
    while words and (words[0] in STOP or words[0] in _JOINERS):
        start += len(words[0]) + 1
        words.pop(0)
    while words and (words[-1] in STOP or words[-1] in _JOINERS):
        words.pop()
    return " ".join(words).rstrip(".").strip(), start
