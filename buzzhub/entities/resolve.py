"""Decide which entity, if any, each match of an ambiguous alias stands for.

A safe alias always counts. An ambiguous one is first vetoed where it is not used as a
name (cues.py): lower-case, quoted, hyphen-glued ("Meta-analyses"; "Arm-based" is fine),
inside a longer unknown name ("Big Apple", "Library of Congress"), or a sentence-initial
noun phrase ("Cursor position"). It then counts only when the story backs it up:
  - a mention of the same entity, or of a related one (relations.py: parent, child,
    sibling, named-after, named in the description), or one of its `context` strings;
  - for a capitalised common word, its use as a name mid-sentence ("a deal with Meta"),
    unless the story also uses that word inside an unknown longer name;
  - ownership by a known name ("Elon Musk's X").
When several entities share the alias: the one named in full in the story, else the one
whose description shares most words with the sentence, else the only backed one, else
the kind that fits its list neighbours ("Amazon, Google and Meta"), else the nearest
earlier one; a tie is dropped.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from . import cues
from .relations import content_words

_LIST_SEP = re.compile(r"^(?:['’]s?)?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&)\s+)$")
_FAMILY = {"company": "organization"}
_START = attrgetter("start")


@dataclass
class Segment:
    text: str                 # title, or the masked body
    base: int | None          # offset of `text` in the article file; None: offsets unknown
    kind: str                 # "title" or "body"
    lead_end: int = 0         # body: end of the lead paragraph
    headline: bool = False    # the whole segment is in headline capitals
    safe_spans: list = field(default_factory=list)

    def covered(self, pos: int) -> bool:
        """Is `pos` inside a safe mention?"""
        i = bisect.bisect_right(self.safe_spans, (pos, float("inf"))) - 1
        return i >= 0 and self.safe_spans[i][0] <= pos < self.safe_spans[i][1]


@dataclass(eq=False, slots=True)
class Occ:
    seg: Segment
    start: int
    end: int
    form: str
    claims: tuple             # ((entity id, ambiguous), ...)
    safe: str | None = None   # the entity a safe alias of this form names (first by id), if any
    chosen: str | None = None
    veto: str = ""            # why this match is not a name here ("" when it may be)
    proper: bool = False      # the capital letter itself shows a name
    prev: "Occ | None" = None
    next: "Occ | None" = None

    @property
    def candidates(self) -> list[str]:
        return [eid for eid, _ in self.claims]

    @property
    def order(self) -> tuple[int, int]:
        return (0 if self.seg.kind == "title" else 1, self.start)


def resolve(occs: list[Occ], know, context_ids: set[str]) -> None:
    """Set `chosen` on every occurrence that counts; `know` is a relations.Relations."""
    ambiguous = []
    for o in occs:
        if o.safe is not None:
            o.chosen = o.safe
        else:
            ambiguous.append(o)
    if not ambiguous:
        return  # safe names only: nothing to weigh
    _link_neighbours(occs)
    pending = []
    for o in ambiguous:
        _judge(o, know.registry)
        if not o.veto:
            pending.append(o)
    # One sense per story: a word seen inside an unknown longer name ("Jonathan Rubin") needs real support.
    in_names = {o.form for o in ambiguous if o.veto == "name"}
    for o in pending:
        o.proper = o.proper and o.form not in in_names
    state = _State(know, context_ids, named={o.chosen for o in occs if o.chosen}, occs=occs)
    state.present = set(state.named)
    changed = True
    while changed:
        changed = False
        state.seen, state.picked = None, []
        for o in [p for p in pending if p.chosen is None]:
            pick = _pick(o, state)
            if pick:
                o.chosen = pick
                state.picked.append(o)
                changed |= pick not in state.present
                state.present.add(pick)
    for o in ambiguous:  # unlinked, so reference counting frees them, not the (slow, heap-wide) cycle collector
        o.prev = o.next = None


@dataclass
class _State:
    know: object                                  # relations.Relations
    context_ids: set
    named: set                                    # entities named by a safe alias
    present: set = field(default_factory=set)     # ... or by an accepted ambiguous one
    occs: list = field(default_factory=list)
    seen: dict | None = None                      # entity -> reading-order positions as the round began
    picked: list = field(default_factory=list)    # occurrences accepted in this round so far

    def backed(self, eid: str) -> bool:
        return eid in self.present or eid in self.context_ids or bool(self.know.related(eid) & self.present)

    def positions(self) -> dict:
        """`seen`, worked out only when a tie needs it (seldom): the round's picks do not count."""
        if self.seen is None:
            now = set(self.picked)
            self.seen = _positions([o for o in self.occs if o not in now])
        return self.seen


def _link_neighbours(occs: list[Occ]) -> None:
    """Each segment's safe spans (for the local cues); each ambiguous match's neighbours (for lists)."""
    by_seg: dict[int, list[Occ]] = {}
    for o in occs:
        by_seg.setdefault(id(o.seg), []).append(o)
    for group in by_seg.values():
        group.sort(key=_START)
        group[0].seg.safe_spans = [(o.start, o.end) for o in group if o.safe is not None]
        last = len(group) - 1
        for i, o in enumerate(group):
            if o.safe is None:
                o.prev, o.next = group[i - 1] if i else None, group[i + 1] if i < last else None


def _positions(occs: list[Occ]) -> dict[str, list]:
    """Where each entity is named so far, in reading order."""
    out: dict[str, list] = {}
    for o in occs:
        if o.chosen:
            out.setdefault(o.chosen, []).append(o.order)
    for v in out.values():
        v.sort()
    return out


def _judge(o: Occ, registry) -> None:
    """Local vetoes, and whether the capital letter itself is evidence."""
    text, s, e, seg = o.seg.text, o.start, o.end, o.seg
    headline = _Once(lambda: seg.headline or cues.headline_line(text, s))  # most matches never ask
    initial = cues.sentence_start(text, s)
    people = any(registry.by_id[c].type == "person" for c in o.candidates if c in registry.by_id)
    lower_case, common_word = _form_shape(o.form)
    if lower_case:
        o.veto = "lower-case"  # a common word ("grok") is never a name
    elif cues.quoted(text, s, e):
        o.veto = "quoted"  # '"Grok" was coined by Heinlein': the word itself is the topic
    elif cues.hyphen_veto(text, s, e, seg.covered):
        o.veto = "hyphen"
    elif cues.in_longer_name(text, s, e, seg.covered, headline, surname=people):
        o.veto = "name"
    elif (initial or len(o.form) == 1) and not cues.subject_like(text, e):
        o.veto = "noun phrase"  # "Cursor position", "X percent"
    o.proper = not o.veto and len(o.claims) == 1 and (
        (common_word and not people and _where_ok(text, s, e, initial, headline)
         and not cues.followed_by_number(text, e))
        or cues.possessed(text, s, seg.covered))


def _where_ok(text: str, s: int, e: int, initial: bool, headline) -> bool:
    """Mid-sentence (or in an apposition) and outside headlines: where a capital letter shows a name."""
    return ((not initial or cues.followed_by_comma(text, e)) and not headline
            and not cues.after_initial_word(text, s))


@lru_cache(maxsize=4096)
def _form_shape(form: str) -> tuple[bool, bool]:
    """(a lower-case word, a capitalised common word): fixed for a form, asked at each of its matches."""
    letters = [c for c in form if c.isalpha()]
    lower_case = bool(letters) and all(c.islower() for c in letters) and not any(c.isdigit() for c in form)
    return lower_case, form[:1].isupper() and any(c.islower() for c in form)


class _Once:
    """A yes or no worked out when first asked (the headline test reads ~600 characters)."""

    __slots__ = ("_ask", "_answer")

    def __init__(self, ask):
        self._ask, self._answer = ask, None

    def __bool__(self) -> bool:
        if self._answer is None:
            self._answer = bool(self._ask())
        return self._answer


def _pick(o: Occ, st: _State) -> str | None:
    cands = [c for c in o.candidates if c in st.know.registry.by_id]
    if len(cands) == 1:
        return cands[0] if (o.proper or st.backed(cands[0])) else None
    named = [c for c in cands if c in st.named]
    if len(named) == 1:
        return named[0]  # a short form refers back to the one full name in the story
    local = _by_sentence(o, named or cands, st.know)
    if local:
        return local
    backed = [c for c in cands if st.backed(c)]
    if len(backed) == 1:
        return backed[0]
    if not backed:
        return _by_list(o, cands, st.know.registry)
    present = [c for c in backed if c in st.present]
    if len(present) == 1:
        return present[0]
    return _nearest_before(o, st.positions(), present or backed)


def _by_sentence(o: Occ, cands: list[str], know) -> str | None:
    """The one candidate whose description shares the most words with this sentence."""
    words = content_words(cues.sentence_around(o.seg.text, o.start, o.end))
    scores = sorted(((len(know.words(c) & words), c) for c in cands), reverse=True)
    if scores[0][0] > 0 and scores[0][0] > scores[1][0]:
        return scores[0][1]
    return None


def _by_list(o: Occ, cands: list[str], registry) -> str | None:
    """In "Amazon, Google and Meta", the candidate of the same kind as its list neighbours."""
    kinds = set()
    for other, gap in ((o.prev, (o.prev.end, o.start) if o.prev else None),
                       (o.next, (o.end, o.next.start) if o.next else None)):
        if other and other.chosen and _LIST_SEP.match(o.seg.text[gap[0]:gap[1]]):
            kinds.add(_kind(registry.by_id[other.chosen].type))
    fits = [c for c in cands if _kind(registry.by_id[c].type) in kinds]
    return fits[0] if len(fits) == 1 else None


def _kind(t: str) -> str:
    return _FAMILY.get(t, t)


def _nearest_before(o: Occ, seen, cands) -> str | None:
    """Between candidates all named in the article, the one named last before this point."""
    best, best_at = None, None
    for c in cands:
        orders = seen.get(c, [])
        i = bisect.bisect_left(orders, o.order)
        if i and (best_at is None or orders[i - 1] > best_at):
            best, best_at = c, orders[i - 1]
    return best
