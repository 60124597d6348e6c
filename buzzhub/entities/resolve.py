"""Decide which entity, if any, each match of an ambiguous alias stands for.

A safe alias always counts. An ambiguous one counts only when it is used as a name
(local vetoes below) and something in the article backs it up: a mention of the same
entity, of its parent, child or sibling, one of its `context` strings, or, for a
capitalised word whose lower-case form is a common word, its use mid-sentence.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from . import cues


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


@dataclass
class Occ:
    seg: Segment
    start: int
    end: int
    form: str
    claims: tuple             # ((entity id, ambiguous), ...)
    chosen: str | None = None
    veto: bool = False
    proper: bool = False      # mid-sentence capital use of a common word

    @property
    def candidates(self) -> list[str]:
        return [eid for eid, _ in self.claims]

    @property
    def order(self) -> tuple[int, int]:
        return (0 if self.seg.kind == "title" else 1, self.start)


def resolve(occs: list[Occ], registry, context_ids: set[str]) -> None:
    """Set `chosen` on every occurrence that counts."""
    for seg in {id(o.seg): o.seg for o in occs}.values():
        seg.safe_spans = sorted((o.start, o.end) for o in occs if o.seg is seg and _safe(o))
    pending = []
    for o in occs:
        safe = sorted(eid for eid, amb in o.claims if not amb)
        if safe:
            o.chosen = safe[0]
        else:
            _judge(o, registry)
            if not o.veto:
                pending.append(o)
    present = {o.chosen for o in occs if o.chosen}
    changed = True
    while changed:
        changed = False
        seen = _positions(occs)
        for o in [p for p in pending if p.chosen is None]:
            pick = _pick(o, seen, present, registry, context_ids)
            if pick:
                o.chosen = pick
                changed |= pick not in present
                present.add(pick)


def _positions(occs: list[Occ]) -> dict[str, list]:
    """Where each entity is named so far, in reading order."""
    out: dict[str, list] = {}
    for o in occs:
        if o.chosen:
            out.setdefault(o.chosen, []).append(o.order)
    for v in out.values():
        v.sort()
    return out


def _safe(o: Occ) -> bool:
    return any(not amb for _, amb in o.claims)


def _judge(o: Occ, registry) -> None:
    """Local vetoes, and whether the capital letter itself is evidence."""
    text, s, e, seg = o.seg.text, o.start, o.end, o.seg
    headline = seg.headline or cues.title_case_line(text, s)
    initial = cues.sentence_start(text, s)
    letters = [c for c in o.form if c.isalpha()]
    if letters and all(c.islower() for c in letters) and not any(c.isdigit() for c in o.form):
        o.veto = True  # a lower-case common word ("grok") is never a name
    elif cues.hyphen_veto(text, s, e, seg.covered):
        o.veto = True
    elif not headline and cues.in_longer_name(text, s, e, seg.covered):
        o.veto = True
    elif initial and not cues.subject_like(text, e):
        o.veto = True
    common_word = o.form[:1].isupper() and any(c.islower() for c in o.form)
    people = any(registry.by_id[c].type == "person" for c in o.candidates if c in registry.by_id)
    o.proper = (not o.veto and not initial and not headline and common_word and not people
                and len(o.claims) == 1 and not cues.followed_by_number(text, e)
                and not cues.quoted(text, s, e))


def _pick(o: Occ, seen, present, registry, context_ids) -> str | None:
    def backed(eid):
        return eid in present or eid in context_ids or bool(registry.related(eid) & present)

    cands = [c for c in o.candidates if c in registry.by_id]
    if len(cands) == 1:
        return cands[0] if (o.proper or backed(cands[0])) else None
    backed_ones = [c for c in cands if backed(c)]
    if len(backed_ones) <= 1:
        return backed_ones[0] if backed_ones else None
    named = [c for c in backed_ones if c in present]
    if len(named) == 1:
        return named[0]
    return _nearest_before(o, seen, named or backed_ones)


def _nearest_before(o: Occ, seen, cands) -> str | None:
    """Between candidates all named in the article, the one named last before this point."""
    best, best_at = None, None
    for c in cands:
        orders = seen.get(c, [])
        i = bisect.bisect_left(orders, o.order)
        if i and (best_at is None or orders[i - 1] > best_at):
            best, best_at = c, orders[i - 1]
    return best
