"""Related stories: shared rare entities + similar wording + shared taxonomy, decayed by time apart.

1. Each story's nearest neighbours by similarity (inverted index, never all pairs).
2. Shared-neighbour support: stories close to the same few stories are pulled together (one thread).
3. Each story's links: visible, above the threshold after time decay, and reciprocal: a story is only
   linked if this one is also among *its* `reciprocal` nearest. That keeps standalone stories empty:
   their best match is always closer to its own thread than to them.
"""
from __future__ import annotations

import datetime as dt
import operator
from itertools import compress

from . import reasons
from .corpus import BULK_MIN, Corpus, check
from .model import Document, Link, validate

FOLLOW_UP_FACTOR = 1.5   # a newer story must be this many thresholds close to count as the same thread
DECAY_FLOOR = 0.5        # an old story of the same thread is still related; time only reorders
KEEP_NEAREST = 20        # neighbours remembered per story between passes; bounds memory at scale
CANDIDATES = 3 * KEEP_NEAREST  # by entity + word similarity, before taxonomy is added
SHARED_K = 5             # a story's closest few, whose closeness to others is shared out
SHARED_WEIGHT = 2.0      # weight of that shared-neighbour support against direct similarity
WIDE_AFTER = 3           # close links a box needs before second-tier ones may follow them
SHARED_CAP = 2.0         # support adds at most this many times the direct similarity
ROUNDING = 2e-4          # slack for scores rounded to 4 decimals when ruling a candidate out early


class Ranker:
    def __init__(self, config: dict | None = None):
        self.config = cfg = validate(config)
        ew, tw, xw = cfg["entity_weight"], cfg["text_weight"], cfg["taxonomy_weight"]
        self._full = (ew / (ew + tw + xw), tw / (ew + tw + xw), xw / (ew + tw + xw))
        # a pair with an untagged story is judged on words and taxonomy only
        self._plain = (0.0, tw / (tw + xw), xw / (tw + xw)) if tw + xw else (0.0, 0.0, 0.0)
        self._reach = max(self._full[2], self._plain[2]) + ROUNDING  # the most taxonomy can add, and slack

    def rank(self, docs, now: dt.datetime) -> dict[str, list[Link]]:
        """Links for every story, in the order given; the answer does not depend on that order."""
        given = list(docs)
        check(given, now)
        c = Corpus(sorted(given, key=lambda d: d.slug))
        hidden = {j for j in range(len(given)) if not c.visible(j, now)}  # drafts and future stories shape nothing
        if len(c.docs) >= BULK_MIN:
            from . import bulk  # numpy and scipy load only when they pay off
            if bulk.applies(self, c):
                from .linking import rank_all
                return rank_all(self, c, given, now, bulk.nearest(self, c, hidden))
        near = self.thread(self.all_nearest(c, hidden), c)
        bar = self._bars(near, self.config["reciprocal"])
        wide = self._bars(near, max(self.config["reciprocal_wide"], self.config["reciprocal"]))
        return {d.slug: self.links(c, c.index[d.slug], now, near[c.index[d.slug]], bar, wide) for d in given}

    @staticmethod
    def _bars(near: list, r: int) -> list[float]:
        """Per story, the similarity of its r-th nearest: a link to it must be at least that close."""
        return [n[r - 1][0] if r and len(n) >= r else 0.0 for n in near]

    # -- similarity (symmetric, no time)

    def _weights(self, c: Corpus, i: int, j: int) -> tuple[float, float, float]:
        """Normalised channel weights; a pair where either story has no entities is judged on words."""
        return self._plain if i in c.untagged or j in c.untagged else self._full

    def similarity(self, c: Corpus, i: int, j: int, ent: float | None = None, text: float | None = None) -> float:
        ew, tw, xw = self._weights(c, i, j)
        ent = c.ents.cosine(i, j) if ent is None else ent
        text = c.text.cosine(i, j) if text is None else text
        return ew * ent + tw * text + xw * c.overlap(i, j)

    def _partial(self, c: Corpus, i: int) -> dict[int, float]:
        """Entity + word similarity to every story sharing a feature with story i (taxonomy comes later)."""
        if i in c.untagged:
            out = c.text.neighbours(i, self._plain[1])
        elif not c.untagged:
            out = c.ents.neighbours(i, self._full[0], c.text.neighbours(i, self._full[1]))
        else:  # mixed site: pairs with an untagged story are weighted as words only
            text = c.text.neighbours(i)
            out = c.ents.neighbours(i, self._full[0], {j: self._full[1] * t for j, t in text.items()})
            for j in c.untagged.intersection(out):
                out[j] = self._plain[1] * text[j]
        out.pop(i, None)
        return out

    def _candidates(self, c: Corpus, i: int, hidden: set) -> list[tuple[int, float]]:
        """(story, entity + word similarity) for the visible stories that may still make story i's nearest."""
        part = self._partial(c, i)
        for j in part.keys() & hidden:  # iterates the smaller of the two
            del part[j]
        items = part.items()
        if len(part) > KEEP_NEAREST:  # this far below the KEEP_NEAREST-th, taxonomy cannot lift a story past it
            cut = sorted(part.values())[-KEEP_NEAREST] - self._reach
            items = list(compress(items, map(cut.__le__, part.values())))
        if len(items) > CANDIDATES:  # taxonomy adds at most a few hundredths: the rest cannot climb in
            items = sorted(items, key=operator.itemgetter(1), reverse=True)[:CANDIDATES]
        return items

    def nearest(self, c: Corpus, i: int, hidden: set) -> list[tuple[float, int]]:
        """(similarity, visible story) above the threshold, most similar first (ties: newer, then slug)."""
        floor, (xf, xp) = self.config["threshold"], (self._full[2], self._plain[2])
        ta, taxa, untagged, tie = c.taxa[i], c.taxa, c.untagged, c.tie
        plain_i, found = i in untagged, []
        for j, p in self._candidates(c, i, hidden):
            tb = taxa[j]
            if ta & tb:  # Jaccard by popcount: this loop runs for every candidate of every story
                p += (xp if plain_i or j in untagged else xf) * (ta & tb).bit_count() / (ta | tb).bit_count()
            s = round(p, 4)
            if s >= floor:
                found.append((-s, tie[j], j))
        found.sort()
        return [(-ms, j) for ms, _, j in found[:KEEP_NEAREST]]

    def all_nearest(self, c: Corpus, hidden: set) -> list[list[tuple[float, int]]]:
        """nearest() for every story; on a large site by matrix products, with the very same result."""
        if len(c.docs) >= BULK_MIN:
            from . import bulk  # numpy and scipy load only when they pay off
            if bulk.applies(self, c):
                return bulk.all_nearest(self, c, hidden)
        return [self.nearest(c, i, hidden) for i in range(len(c.docs))]

    def thread(self, near: list, c: Corpus) -> list:
        """Shared-neighbour support: two stories close to the same few stories are one thread even when
        their own wording differs (a lawsuit filed, then settled years later). Support is capped at
        SHARED_CAP times the direct similarity: it confirms a link, it cannot make one from nothing."""
        top = [{j: s for s, j in n[:SHARED_K]} for n in near]
        keys = [t.keys() for t in top]
        tie, out = c.tie, []
        for i, n in enumerate(near):
            mine = keys[i]
            found = [(-_supported(s, top[i], top[j], both) if (both := mine & keys[j]) else -s, tie[j], j)
                     for s, j in n]  # no shared neighbour: s, already rounded, stays
            found.sort()
            out.append([(-ms, j) for ms, _, j in found])
        return out

    # -- links for one story

    def decay(self, days_apart: float) -> float:
        half = 0.5 ** (abs(days_apart) / self.config["half_life_days"])
        return DECAY_FLOOR + (1 - DECAY_FLOOR) * half

    def score(self, c: Corpus, i: int, j: int, sim: float | None = None) -> float:
        sim = self.similarity(c, i, j) if sim is None else sim
        return round(sim * self.decay(c.days[j] - c.days[i]), 4)

    def links(self, c: Corpus, i: int, now: dt.datetime, near: list, bar: list, wide: list) -> list[Link]:
        """Mutual nearest neighbours first; looser (second-tier) ones only extend a box that already
        holds WIDE_AFTER close links, so a thin or standalone story never gets filler."""
        doc = c.docs[i]
        known = {j: sim for sim, j in near} if doc.pinned else {}
        pins = [self._link(c, i, j, self.score(c, i, j, known.get(j))) for j in self._pinned(c, i, now)]
        room = self.config["top"] - len(pins)
        if room <= 0:
            return pins  # the editor's picks all stay, even beyond `top`
        taken = {doc.slug, *doc.excluded, *(p.slug for p in pins)}
        tiers: tuple[list, list] = ([], [])
        for sim, j in near:  # all visible: nearest() keeps no hidden story
            if sim >= wide[j] and c.docs[j].slug not in taken:
                s = self.score(c, i, j, sim)
                if s >= self._bar_for(c, i, j):
                    tiers[0 if sim >= bar[j] else 1].append((s, j))
        for tier in tiers:
            tier.sort(key=lambda sj: c.order_key(*sj))
        found = tiers[0] + tiers[1] if len(tiers[0]) >= WIDE_AFTER else tiers[0]
        return pins + [self._link(c, i, j, s) for s, j in found[:room]]

    def _bar_for(self, c: Corpus, i: int, j: int) -> float:
        """The threshold, raised for newer stories (follow-ups) and infinite when they are off."""
        if c.days[j] <= c.days[i]:
            return self.config["threshold"]
        return self.config["threshold"] * FOLLOW_UP_FACTOR if self.config["follow_ups"] else float("inf")

    def _pinned(self, c: Corpus, i: int, now: dt.datetime) -> list[int]:
        doc, out = c.docs[i], []
        for slug in doc.pinned:
            j = c.index.get(slug)
            if j is not None and j != i and j not in out and slug not in doc.excluded and c.visible(j, now):
                out.append(j)
        return out

    def _link(self, c: Corpus, i: int, j: int, score: float) -> Link:
        apart = c.days[j] - c.days[i]
        a, b = c.ents.vectors[i], c.ents.vectors[j]
        # ents.shared's order (largest contribution, then name) among entities salient in both stories
        shared = [(-m, e) for m, _, e in sorted([(-(a[e] * b[e]), str(e), e) for e in c.strong[i] & c.strong[j]])]
        why = reasons.names(shared, c.names(i, j, [e for _, e in shared])) + [reasons.distance(apart)]
        return Link(c.docs[j].slug, score, tuple(why), follow_up=apart > 0)


def _supported(s: float, mine: dict, theirs: dict, both: set) -> float:
    """s plus the (capped) support of the neighbours both stories count among their closest."""
    support = SHARED_WEIGHT * sum(map(operator.mul, map(mine.get, both), map(theirs.get, both)))
    return round(s + min(support, SHARED_CAP * s), 4)


def rank(docs: list[Document], now: dt.datetime, config: dict | None = None) -> dict[str, list[Link]]:
    return Ranker(config).rank(docs, now)
