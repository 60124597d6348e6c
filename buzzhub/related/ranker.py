"""Related stories: shared rare entities + similar wording + shared taxonomy, decayed by time apart.

Two passes. First every story's nearest neighbours by similarity (inverted index, never all pairs).
Then each story's links: visible, above the threshold after time decay, and reciprocal: a story is
only linked if this one is also among *its* `reciprocal` nearest. That keeps standalone stories
empty, because their best match is always closer to its own thread than to them.
"""
from __future__ import annotations

import datetime as dt
import heapq

from . import reasons
from .corpus import Corpus, check
from .model import Document, Link, validate

FOLLOW_UP_FACTOR = 1.5   # a newer story must be this many thresholds close to count as the same thread
DECAY_FLOOR = 0.5        # an old story of the same thread is still related; time only reorders
KEEP_NEAREST = 100       # neighbours remembered per story between passes; bounds memory at scale


class Ranker:
    def __init__(self, config: dict | None = None):
        self.config = validate(config)

    def rank(self, docs, now: dt.datetime) -> dict[str, list[Link]]:
        docs = list(docs)
        check(docs, now)
        c = Corpus(docs)
        near = [self.nearest(c, i) for i in range(len(docs))]
        r = self.config["reciprocal"]
        bar = [n[r - 1][0] if r and len(n) >= r else 0.0 for n in near]
        return {d.slug: self.links(c, i, now, near[i], bar) for i, d in enumerate(docs)}

    # -- similarity (symmetric, no time)

    def _weights(self, c: Corpus, i: int, j: int) -> tuple[float, float, float]:
        cfg = self.config
        ew = cfg["entity_weight"] if c.ents.vectors[i] and c.ents.vectors[j] else 0.0  # untagged: words decide
        total = ew + cfg["text_weight"] + cfg["taxonomy_weight"]
        return ew / total, cfg["text_weight"] / total, cfg["taxonomy_weight"] / total

    def similarity(self, c: Corpus, i: int, j: int, ent: float | None = None, text: float | None = None) -> float:
        ew, tw, xw = self._weights(c, i, j)
        ent = c.ents.cosine(i, j) if ent is None else ent
        text = c.text.cosine(i, j) if text is None else text
        return ew * ent + tw * text + xw * c.overlap(i, j)

    def nearest(self, c: Corpus, i: int) -> list[tuple[float, int]]:
        """Stories that could pass the threshold, most similar first (ties: newer, then slug)."""
        ents, text = c.ents.neighbours(i), c.text.neighbours(i)
        floor = self.config["threshold"]
        found = []
        for j in ents.keys() | text.keys():
            e, t = ents.get(j, 0.0), text.get(j, 0.0)
            ew, tw, xw = self._weights(c, i, j)
            if j == i or ew * e + tw * t + xw < floor:
                continue  # cannot reach the threshold even with identical taxonomy
            s = round(self.similarity(c, i, j, e, t), 4)
            if s >= floor:
                found.append((s, j))
        return heapq.nsmallest(KEEP_NEAREST, found, key=lambda sj: c.order_key(*sj))

    # -- links for one story

    def decay(self, days_apart: float) -> float:
        half = 0.5 ** (abs(days_apart) / self.config["half_life_days"])
        return DECAY_FLOOR + (1 - DECAY_FLOOR) * half

    def score(self, c: Corpus, i: int, j: int, sim: float | None = None) -> float:
        sim = self.similarity(c, i, j) if sim is None else sim
        return round(sim * self.decay(c.days[j] - c.days[i]), 4)

    def links(self, c: Corpus, i: int, now: dt.datetime, near: list, bar: list) -> list[Link]:
        doc = c.docs[i]
        pins = [self._link(c, i, j, self.score(c, i, j)) for j in self._pinned(c, i, now)]
        room = self.config["top"] - len(pins)
        if room <= 0:
            return pins  # the editor's picks all stay, even beyond `top`
        taken = {doc.slug, *doc.excluded, *(p.slug for p in pins)}
        found = []
        for sim, j in near:
            if sim >= bar[j] and c.visible(j, now) and c.docs[j].slug not in taken:
                s = self.score(c, i, j, sim)
                if s >= self._bar_for(c, i, j):
                    found.append((s, j))
        found.sort(key=lambda sj: c.order_key(*sj))
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
        why = reasons.names(c.ents.shared(i, j), c.names(i, j)) + [reasons.distance(apart)]
        return Link(c.docs[j].slug, score, tuple(why), follow_up=apart > 0)


def rank(docs: list[Document], now: dt.datetime, config: dict | None = None) -> dict[str, list[Link]]:
    return Ranker(config).rank(docs, now)
