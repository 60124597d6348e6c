"""What the registry says about how entities relate, beyond explicit `parent` links.

- explicit: parent, children, siblings;
- by name: "DeepSeek-R1" and "Kimi K2" are named after DeepSeek and Kimi;
- by description: an entity whose description names another ("Anysphere's AI code
  editor") is related to it, except in sentences that draw a contrast ("not Groq").
Descriptions also give the words that a mention's sentence can share (simplified Lesk).
"""
from __future__ import annotations

import re

from .surface import fold

_WORD_RE = re.compile(r"[^\W\d_]{4,}")
_CONTRAST_RE = re.compile(r"\b(not|neither|nor|never|contrast|confused|unlike|distinct|different|collides|"
                          r"ambiguous|versus|vs)\b", re.I)
_SENTENCE_RE = re.compile(r"(?<=[.;!?])\s+")
_STOP = frozenset(
    "this that with from into than then also only when where which while about after before their there "
    "these those they them have been were will would could should being does other more most such over "
    "under between known name named called here same each used uses using like".split())


def content_words(text: str) -> set[str]:
    """Lower-case words of four letters or more, crude plural folding, stop words out."""
    out = set()
    for w in _WORD_RE.findall(text.lower()):
        if w not in _STOP:
            out.add(w[:-1] if w.endswith("s") and not w.endswith("ss") else w)
    return out


def _affirmative(description: str) -> str:
    """The description without its contrasting sentences ("not to be confused with Groq")."""
    return " ".join(s for s in _SENTENCE_RE.split(description) if not _CONTRAST_RE.search(s))


class Relations:
    """Symmetric relation sets and description word bags for every entity."""

    def __init__(self, registry, index, claims):
        self.registry = registry
        self._related = {e.id: set(registry.related(e.id)) for e in registry}
        self._words = {}
        owner_of = {}  # form -> the one entity it stands for, when there is one
        for form, ids in claims.items():
            safe = [eid for eid, ambiguous in ids if not ambiguous]
            if len(safe) == 1 or len(ids) == 1:
                owner_of[form] = (safe or [ids[0][0]])[0]
        for e in registry:
            self._by_name(e, owner_of)
            self._by_description(e, index, claims)
            # Full names say what the entity is ("Amazon basin", "Susquehanna River"); the shared
            # ambiguous word itself says nothing.
            shared = content_words(" ".join(f for f, amb in e.surface_forms().items() if amb))
            bag = " ".join([*e.surface_forms(), _affirmative(e.description)])
            self._words[e.id] = content_words(bag) - shared

    def related(self, eid: str) -> set[str]:
        return self._related.get(eid, set())

    def words(self, eid: str) -> set[str]:
        return self._words.get(eid, set())

    def _link(self, a: str, b: str) -> None:
        if a != b:
            self._related[a].add(b)
            self._related[b].add(a)

    def _by_name(self, e, owner_of) -> None:
        """Each leading part of a multi-word name that is (only) another entity's form."""
        for form, ambiguous in e.surface_forms().items():
            if ambiguous:
                continue
            parts = re.split(r"(?<=\S)(?=[ -])", fold(form))
            for n in range(1, len(parts)):
                owner = owner_of.get("".join(parts[:n]))
                if owner:
                    self._link(e.id, owner)

    def _by_description(self, e, index, claims) -> None:
        text = _affirmative(e.description)
        text += " " + " ".join(re.findall(r"\(([^)]*)\)", e.name))  # "Atlas (Boston Dynamics robot)"
        for hit in index.find(text):
            form, owners = index.forms[hit.form], claims[index.forms[hit.form]]
            # Acronyms and letters are too loose here: "the MIT licence", "X.AI Corp.".
            if len(owners) == 1 and (not owners[0][1] or any(c.islower() for c in form)):
                self._link(e.id, owners[0][0])
