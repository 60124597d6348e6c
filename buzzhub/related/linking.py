"""Ranker.thread and Ranker.links for every story of a large site at once, as array operations on
bulk.Near, to the same lists: the same floats, rounded as round() rounds them, in the same order.

Shared-neighbour support sums a few products; the loop sums them in a set's order, so its last bit can
differ from ours. Only a sum that lands within HALF_SLACK of a half tick could round differently:
those few are summed again by the loop's own code. Stories with editor's picks or exclusions take the
loop (links() itself), with their lists taken from the arrays.
"""
from __future__ import annotations

import datetime as dt
from itertools import repeat

import numpy as np

from .bulk import HALF_SLACK, Near, round4
from .corpus import Corpus
from .ranker import DECAY_FLOOR, FOLLOW_UP_FACTOR, SHARED_CAP, SHARED_K, SHARED_WEIGHT, WIDE_AFTER, _supported


def rank_all(ranker, c: Corpus, given: list, now: dt.datetime, near: Near) -> dict:
    """Ranker.rank's answer from the nearest lists."""
    near = thread(near, c)
    bar = near.nth(ranker.config["reciprocal"])
    wide = near.nth(max(ranker.config["reciprocal_wide"], ranker.config["reciprocal"]))
    boxes = _Boxes(ranker, c, near, bar, wide).links()
    special = [i for i, d in enumerate(c.docs) if d.pinned or d.excluded]
    if special:  # the loop, on these stories' lists
        barl, widel = bar.tolist(), wide.tolist()
        for i in special:
            boxes[i] = ranker.links(c, i, now, near.list(i), barl, widel)
    return {d.slug: boxes[c.index[d.slug]] for d in given}


def thread(near: Near, c: Corpus) -> Near:
    """Ranker.thread: similarities raised by the closest neighbours two stories share, lists re-sorted."""
    i, j, s, n = near.i, near.j, near.s, near.n
    top = np.full((n, SHARED_K), -1)  # each story's closest few, and their similarities
    top_s = np.zeros((n, SHARED_K))
    first = near.pos < SHARED_K
    top[i[first], near.pos[first]], top_s[i[first], near.pos[first]] = j[first], s[first]
    theirs = [(top[j, b], top_s[j, b]) for b in range(SHARED_K)]
    sums, shared = np.zeros(len(i)), np.zeros(len(i), bool)
    for a in range(SHARED_K):  # i's a-th closest, among j's closest? (at most one of them)
        k = top[i, a]
        got = np.zeros(len(i))
        for tb, sb in theirs:
            hit = (tb == k) & (k >= 0)
            np.copyto(got, sb, where=hit)
            shared |= hit
        sums += top_s[i, a] * got
    raw = s + np.minimum(SHARED_WEIGHT * sums, SHARED_CAP * s)
    new = np.where(shared, round4(raw), s)  # no shared neighbour: s, already rounded, stays
    doubt = np.flatnonzero(shared & (np.abs(raw * 1e4 - np.floor(raw * 1e4) - 0.5) < HALF_SLACK))
    if len(doubt):
        new[doubt] = _loop_support(near, doubt)
    return _sorted(near, new, np.array(c.tie, np.int64))


def _loop_support(near: Near, entries) -> list:
    """Ranker.thread's own sums, for the entries whose rounding the order of summing could decide."""
    tops: dict = {}
    out = []
    for e in entries.tolist():
        i, j = int(near.i[e]), int(near.j[e])
        for x in (i, j):
            if x not in tops:
                tops[x] = {k: v for v, k in near.list(x)[:SHARED_K]}
        both = tops[i].keys() & tops[j].keys()
        out.append(_supported(float(near.s[e]), tops[i], tops[j], both))
    return out


def _sorted(near: Near, s, tie) -> Near:
    """Each list by higher similarity, then newer, then slug (tie ranks are unique): 4-decimal values
    order by their integer ticks."""
    ticks = np.rint(s * 1e4).astype(np.int64)
    top = int(ticks.max(initial=0)) + 1
    order = np.argsort((near.i * top + top - 1 - ticks) * near.n + tie[near.j])
    return Near(near.n, near.i[order], near.j[order], s[order])


class _Boxes:
    """Ranker.links for the stories without editor's picks or exclusions."""

    def __init__(self, ranker, c: Corpus, near: Near, bar, wide):
        self.ranker, self.c, self.near, self.bar, self.wide = ranker, c, near, bar, wide
        self.days = np.array(c.days)

    def links(self) -> list:
        near, cfg = self.near, self.ranker.config
        e = np.flatnonzero(near.s >= self.wide[near.j])
        i, j, sim = near.i[e], near.j[e], near.s[e]
        apart = self.days[j] - self.days[i]
        score = round4(sim * self._decay(apart))
        newer = self.days[j] > self.days[i]
        follow = cfg["threshold"] * FOLLOW_UP_FACTOR if cfg["follow_ups"] else float("inf")
        ok = score >= np.where(newer, follow, cfg["threshold"])
        i, j, score, close = i[ok], j[ok], score[ok], (sim >= self.bar[j])[ok]
        # per story: close links first, then by higher score, newer, slug
        ticks = np.rint(score * 1e4).astype(np.int64)
        top = int(ticks.max(initial=0)) + 1
        key = ((i * 2 + ~close) * top + top - 1 - ticks) * near.n + np.array(self.c.tie, np.int64)[j]
        order = np.argsort(key)
        i, j, score, close = i[order], j[order], score[order], close[order]
        first = np.searchsorted(i, np.arange(near.n))
        closes = np.bincount(i[close], minlength=near.n)
        rank = np.arange(len(i)) - first[i]
        take = (rank < cfg["top"]) & (close | (closes[i] >= WIDE_AFTER))
        return self._boxes(i[take], j[take], score[take])

    def _decay(self, apart) -> np.ndarray:
        """Ranker.decay: the power by the same C pow() as Python's ** (numpy's may be vectorised)."""
        x = (np.abs(apart) / self.ranker.config["half_life_days"]).tolist()
        half = np.array(list(map(pow, repeat(0.5), x)))
        return DECAY_FLOOR + (1 - DECAY_FLOOR) * half

    def _boxes(self, i, j, score) -> list:
        out: list = [[] for _ in range(self.near.n)]
        link, c = self.ranker._link, self.c
        for a, b, s in zip(i.tolist(), j.tolist(), score.tolist()):
            out[a].append(link(c, a, b, s))
        return out
