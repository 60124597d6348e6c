"""Tag an article with registry entities: where each is mentioned and how central it is.

    tagger = Tagger(registry)
    tagged = tagger.tag(text, body_offset, title, title_offset)

Only the title and the prose of the body are read (see mask.py); matching is
case-sensitive, whole-word and leftmost-longest (surface.py); ambiguous aliases are
settled in resolve.py. Mention offsets are character offsets into `text`.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter

from . import cues
from .mask import mask_markdown
from .relations import Relations
from .resolve import Occ, Segment, resolve
from .registry import norm_form
from .surface import Probe, SurfaceIndex, fold

TITLE_WEIGHT = 3.0   # a name in the headline is what the story is about
LEAD_WEIGHT = 1.5    # the first paragraph names the main actors
_FORM = itemgetter(2)  # of a (start, end, form index) match
_SPAN = attrgetter("start", "end")


@dataclass(frozen=True, slots=True)  # slots: built twice as fast, and there are many
class Mention:
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class TaggedEntity:
    id: str
    name: str
    type: str
    wikidata: str | None
    salience: float
    mentions: tuple[Mention, ...] = ()

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "wikidata": self.wikidata,
                "salience": self.salience, "mentions": [m.to_json() for m in self.mentions]}

    @classmethod
    def from_json(cls, d: dict) -> "TaggedEntity":
        return cls(d["id"], d["name"], d["type"], d.get("wikidata"), d["salience"],
                   tuple(Mention(m["start"], m["end"], m["text"]) for m in d.get("mentions", ())))

    def __reduce__(self):
        # Mentions travel as one flat tuple: half the tagging comes back from a worker process.
        flat = tuple(x for m in self.mentions for x in (m.start, m.end, m.text))
        return _unpickle_tagged, (self.id, self.name, self.type, self.wikidata, self.salience, flat)


def _unpickle_tagged(eid, name, type_, wikidata, salience, flat) -> TaggedEntity:
    return TaggedEntity(eid, name, type_, wikidata, salience,
                        tuple(map(Mention, flat[0::3], flat[1::3], flat[2::3])))


class Tagger:
    """Compiles every surface form of the registry once; `tag` is linear in the text."""

    def __init__(self, registry):
        self.registry = registry
        claims: dict[str, set] = {}
        for e in registry:
            for form, ambiguous in e.surface_forms().items():
                # Forms equal after folding ("People's" / "People’s") share one automaton key.
                claims.setdefault(fold(form), set()).add((e.id, ambiguous))
        self._forms = sorted(claims)
        self._claims = [tuple(sorted(claims[f])) for f in self._forms]
        self._safe = [min((eid for eid, amb in c if not amb), default=None) for c in self._claims]
        contexts: dict[str, set] = {}
        for e in registry:
            for c in e.context:
                contexts.setdefault(fold(norm_form(c)), set()).add(e.id)
        self._ctx_forms = sorted(contexts)
        self._ctx_ids = [contexts[c] for c in self._ctx_forms]
        self._index = SurfaceIndex(self._forms, self._ctx_forms)  # names and context: one pass
        self._know = Relations(registry, self._index, dict(zip(self._forms, self._claims)))

    def tag(self, text: str, body_offset: int = 0, title: str | None = None,
            title_offset: int | None = None) -> list[TaggedEntity]:
        parts, plain = self._parts(text, body_offset, title, title_offset)
        return self._summarise(text, parts, plain)

    def saliences(self, text: str, body_offset: int = 0, title: str | None = None,
                  title_offset: int | None = None) -> list[tuple[str, float]]:
        """`tag`'s (entity id, salience) pairs, in its order, without building mentions (the site's need)."""
        parts, _ = self._parts(text, body_offset, title, title_offset)
        return [(eid, -neg) for neg, eid in _ranked(_counts(parts))]

    def _parts(self, text, body_offset, title, title_offset) -> tuple[list, bool]:
        """Per segment, its name matches and the entity each stands for; and whether no NFC mapping applied."""
        probes = [(seg, Probe(seg.text)) for seg in self._segments(text, body_offset, title, title_offset)]
        found = [(seg, *self._index.scan(probe)) for seg, probe in probes]
        safe = self._safe
        parts = [(seg, names, list(map(safe.__getitem__, map(_FORM, names)))) for seg, names, _ in found]
        if any(None in eids for _, _, eids in parts):
            parts = self._resolved(found)
        return parts, all(p.where is None for _, p in probes)

    def _resolved(self, found) -> list:
        """Per segment, its matches and the entity each stands for (None: none), ambiguity settled."""
        occs, context = [], set()
        forms, claims, safe = self._forms, self._claims, self._safe
        for seg, names, others in found:
            if seg.kind == "title":  # only the ambiguity rules read it
                seg.headline = cues.title_case_line(seg.text, 0)
            occs += [Occ(seg, start, end, forms[i], claims[i], safe[i]) for start, end, i in names]
            for _, _, i in others()[0]:  # context strings
                context |= self._ctx_ids[i]
        resolve(occs, self._know, context)
        parts, at = [], 0
        for seg, names, _ in found:  # occs hold each segment's matches in turn, in order
            parts.append((seg, names, [o.chosen for o in occs[at:at + len(names)]]))
            at += len(names)
        return parts

    def _segments(self, text, body_offset, title, title_offset) -> list[Segment]:
        out = []
        if title:
            if title_offset is not None and text[title_offset:title_offset + len(title)] != title:
                title_offset = None  # the front matter does not hold the title verbatim
            out.append(Segment(title, title_offset, "title"))  # its `headline`: in _resolved, if needed
        body = mask_markdown(text[body_offset:])
        out.append(Segment(body, body_offset, "body", lead_end=_lead_end(body)))
        return out

    def _summarise(self, text: str, parts: list, plain: bool) -> list[TaggedEntity]:
        tally, out = _tally(text, parts), []
        for neg, eid in _ranked({eid: _score(t[0], t[1], t[2]) for eid, t in tally.items()}):
            e, t = self.registry.by_id[eid], tally[eid]
            mentions = t[3]
            if t[0] and t[2] or not plain:  # one segment's come sorted and unique, unless mapped back from NFC
                mentions = sorted(set(mentions), key=_SPAN)
            out.append(TaggedEntity(eid, e.name, e.type, e.wikidata, -neg, tuple(mentions)))
        return out


def _ranked(scores: dict) -> list[tuple[float, str]]:
    """(-salience, entity id) of each, most salient first, then by id (sort_tagged's order, no key function)."""
    top = max(scores.values(), default=1.0) or 1.0
    return sorted([(-_salience(score, top), eid) for eid, score in scores.items()])


# Both cached: Python float arithmetic and correct rounding cost ~1 µs an entity, and the same few hundred
# inputs come up story after story.
@lru_cache(maxsize=1 << 12)
def _score(in_title: bool, in_lead: bool, count: int) -> float:
    # Headline and lead count most; repetition adds with diminishing returns.
    return TITLE_WEIGHT * in_title + LEAD_WEIGHT * in_lead + math.sqrt(count)


@lru_cache(maxsize=1 << 16)
def _salience(score: float, top: float) -> float:
    return round(score / top, 3)


def _counts(parts: list) -> dict[str, float]:
    """_tally's scores without the mentions, counted in C: in title, in lead, how many body matches."""
    titled, lead, body = set(), set(), Counter()
    for seg, names, eids in parts:
        if seg.kind == "title":
            titled.update(eids)
        else:
            body.update(eids)
            lead.update(eids[:bisect_left(names, (seg.lead_end,))])  # names come sorted by start
    return {eid: _score(eid in titled, eid in lead, body[eid]) for eid in titled.union(body) if eid}


def _tally(text: str, parts: list) -> dict[str, list]:
    """Per entity, in one pass over the matches: [in title, in lead, body matches, mentions]."""
    tally: dict[str, list] = {}
    for seg, names, eids in parts:
        title, base, lead_end = seg.kind == "title", seg.base, seg.lead_end
        for (start, end, _), eid in zip(names, eids):
            if not eid:
                continue
            t = tally.get(eid)
            if t is None:
                t = tally[eid] = [False, False, 0, []]
            if title:
                t[0] = True
            else:
                t[2] += 1
                if start < lead_end:
                    t[1] = True
            if base is not None:
                start, end = base + start, base + end
                t[3].append(Mention(start, end, text[start:end]))
    return tally


def _lead_end(body: str) -> int:
    """End of the first prose paragraph (headings and blank lines skipped)."""
    size = 1024
    while size < len(body):  # the lead is near the top: split only a head of the body into lines
        end = _paragraph_end(body[:size].splitlines(keepends=True)[:-1])  # the last may go on past the cut
        if end is not None:
            return end
        size *= 4
    end = _paragraph_end(body.splitlines(keepends=True))
    return len(body) if end is None else end


def _paragraph_end(lines: list[str]) -> int | None:
    pos, started = 0, False
    for line in lines:
        stripped = line.strip()
        if started and not stripped:
            return pos
        if stripped and not stripped.startswith("#"):
            started = True
        elif started and stripped.startswith("#"):
            return pos
        pos += len(line)
    return None


def sort_tagged(tagged) -> list[TaggedEntity]:
    return sorted(tagged, key=lambda t: (-t.salience, t.id))


def apply_overrides(tagged, add=(), exclude=(), registry=None) -> list[TaggedEntity]:
    """Front matter wins: `entities:` adds (top salience), `entities_exclude:` removes."""
    drop = set(exclude)
    out = {t.id: t for t in tagged if t.id not in drop}
    for eid in add:
        if eid in drop or registry is None or eid not in registry.by_id:
            continue
        e = registry.by_id[eid]
        old = out.get(eid)
        out[eid] = TaggedEntity(eid, e.name, e.type, e.wikidata, 1.0, old.mentions if old else ())
    return sort_tagged(out.values())
