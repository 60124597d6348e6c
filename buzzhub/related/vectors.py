"""Unit-length IDF-weighted sparse vectors and an inverted index to compare them.

Cosines are accumulated only over documents that share a feature, never all pairs. Caps keep the
work near-linear at scale and do not bind on a small site: a feature in more than MAX_DF_FRACTION of
the corpus gets no postings (it still counts in each vector's length); each document posts only its
strongest features (all of them on a small site, fewer as the site grows: POSTINGS_BUDGET); each
feature keeps only the MAX_POSTINGS documents it weighs most in. A document posts a feature only if it
is on that feature's list, so score(a, b) == score(b, a).
"""
from __future__ import annotations

import math
import operator
from collections import Counter
from itertools import chain, compress

MAX_DF_FRACTION = 0.05    # a word in 1 of 20 stories says little about which ones belong together
MIN_MAX_DF = 50           # ...but small sites keep every shared feature
POSTINGS_BUDGET = 200_000  # features posted over the whole corpus, shared out per document
KEEP_RANGE = (16, 200)    # features a document posts, whatever the budget says
MAX_POSTINGS = 32         # documents per feature: where it is central, not where it is mentioned


class SparseIndex:
    def __init__(self, bags: list[dict], full: bool = True):
        """full=False keeps only the posted part of each vector (less memory; cosine() is then approximate)."""
        n = len(bags)
        df = Counter(chain.from_iterable(bags))  # one C call, keys in first-seen order
        self.idf = {k: math.log((n + 1) / d) for k, d in df.items()}  # +1: a two-story site still links
        max_df = max(MAX_DF_FRACTION * n, MIN_MAX_DF)
        postable = {k for k, d in df.items() if 2 <= d <= max_df}
        keep = min(KEEP_RANGE[1], max(KEEP_RANGE[0], POSTINGS_BUDGET // max(n, 1)))
        self.vectors, lists = [], {k: [] for k in df if k in postable}
        for i, bag in enumerate(bags):
            vec, keys = self._unit(bag, postable, keep, full)
            for k in keys:
                lists[k].append((i, vec[k]))
            self.vectors.append(vec)
        self.postings: dict = {}
        self.posted: list[list] = [[] for _ in bags]
        for k in sorted(lists):  # a fixed order keeps float sums identical from run to run
            best = lists[k]
            if not best:
                continue
            if len(best) > MAX_POSTINGS:  # ties keep the lower index: the sort is stable (and in C)
                best = sorted(sorted(best, key=operator.itemgetter(1), reverse=True)[:MAX_POSTINGS])
            self.postings[k] = ([i for i, _ in best], [w for _, w in best])
            for i, w in best:
                self.posted[i].append((k, w))

    def _unit(self, bag: dict, postable: set, keep: int, full: bool) -> tuple[dict, list]:
        """The bag as a unit vector (only its posted part unless full), and the keys it posts.
        Built with map/zip, not loops: this runs once per word of every story."""
        weights = list(map(operator.mul, bag.values(), map(self.idf.__getitem__, bag)))
        norm = math.hypot(*weights)
        if not norm:
            return {}, []
        if full:
            keys = list(bag)
        else:  # dict order: same every run
            keep_it = list(map(postable.__contains__, bag))
            keys, weights = list(compress(bag, keep_it)), compress(weights, keep_it)
        vec = dict(zip(keys, map((1 / norm).__mul__, weights)))
        posted = list(filter(postable.__contains__, keys)) if full else keys
        if len(posted) > keep:
            posted = sorted(posted, key=vec.__getitem__, reverse=True)[:keep]  # stable: ties keep dict order
            vec = vec if full else {k: vec[k] for k in posted}
        return vec, posted

    def neighbours(self, i: int, scale: float = 1.0, acc: dict | None = None) -> dict[int, float]:
        """scale x cosine (over posted features) with every document sharing one, i itself included,
        added into acc when given."""
        acc = {} if acc is None else acc
        get, postings = acc.get, self.postings
        for k, w in self.posted[i]:
            w *= scale
            ids, weights = postings[k]
            for j, wj in zip(ids, weights):  # parallel lists: no tuple per posting, the innermost loop
                acc[j] = get(j, 0.0) + w * wj
        return acc

    def shared(self, i: int, j: int) -> list[tuple[float, object]]:
        """(contribution, feature) for features both vectors have, largest first."""
        a, b = self.vectors[i], self.vectors[j]
        both = a.keys() & b.keys()  # the order does not matter: the sort below is total
        return sorted(zip(map(operator.mul, map(a.get, both), map(b.get, both)), both), key=_largest_first)

    def cosine(self, i: int, j: int) -> float:
        return sum(c for c, _ in self.shared(i, j))


def _largest_first(share: tuple) -> tuple:
    return -share[0], str(share[1])
