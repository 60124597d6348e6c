"""Unit-length IDF-weighted sparse vectors and an inverted index to compare them.

Cosines are accumulated only over documents that share a feature, never all pairs. Three caps keep
the work near-linear at scale (none binds on a small site): a feature in more than MAX_DF_FRACTION of
the corpus gets no postings (it still counts in each vector's length); each document posts at most
KEEP_PER_DOC of its strongest features; each feature keeps only the MAX_POSTINGS documents it weighs
most in. A document posts a feature only if it is on that feature's list, so score(a, b) == score(b, a).
"""
from __future__ import annotations

import heapq
import math
import operator
from collections import Counter

MAX_DF_FRACTION = 0.05   # a word in 1 of 20 stories says little about which ones belong together
MIN_MAX_DF = 50          # ...but small sites keep every shared feature
KEEP_PER_DOC = 60        # strongest features a document posts; the tail adds cost, not order
MAX_POSTINGS = 64        # documents per feature: where it is central, not where it is mentioned


class SparseIndex:
    def __init__(self, bags: list[dict], keep: int = KEEP_PER_DOC, max_postings: int = MAX_POSTINGS):
        n = len(bags)
        df = Counter()
        for bag in bags:
            df.update(bag.keys())
        self.idf = {k: math.log(n / d) for k, d in df.items()}
        max_df = max(MAX_DF_FRACTION * n, MIN_MAX_DF)
        postable = {k for k, d in df.items() if 2 <= d <= max_df}
        self.vectors = [self._unit(bag) for bag in bags]
        lists: dict = {}
        for i, vec in enumerate(self.vectors):
            keys = sorted(postable.intersection(vec))  # sorted: equal weights then tie the same way every run
            if len(keys) > keep:
                keys = heapq.nlargest(keep, keys, key=vec.__getitem__)
            for k in keys:
                lists.setdefault(k, []).append((i, vec[k]))
        self.postings: dict = {}
        self.posted: list[list] = [[] for _ in bags]
        for k in sorted(lists):  # a fixed order keeps float sums identical from run to run
            best = lists[k]
            if len(best) > max_postings:  # ties keep the lower index: nlargest is stable
                best = sorted(heapq.nlargest(max_postings, best, key=operator.itemgetter(1)))
            self.postings[k] = best
            for i, w in best:
                self.posted[i].append((k, w))

    def _unit(self, bag: dict) -> dict:
        idf = self.idf
        vec = dict(zip(bag, map(operator.mul, bag.values(), map(idf.__getitem__, bag))))
        norm = math.hypot(*vec.values())
        return dict(zip(vec, map((1 / norm).__mul__, vec.values()))) if norm else {}

    def neighbours(self, i: int) -> dict[int, float]:
        """Cosine (over posted features) with every document sharing one; i itself included."""
        acc: dict[int, float] = {}
        get, postings = acc.get, self.postings
        for k, w in self.posted[i]:
            for j, wj in postings[k]:
                acc[j] = get(j, 0.0) + w * wj
        return acc

    def shared(self, i: int, j: int) -> list[tuple[float, object]]:
        """(contribution, feature) for features both vectors have, largest first."""
        a, b = self.vectors[i], self.vectors[j]
        if len(a) > len(b):
            a, b = b, a
        return sorted(((w * b[k], k) for k, w in a.items() if k in b), key=lambda x: (-x[0], str(x[1])))

    def cosine(self, i: int, j: int) -> float:
        return sum(c for c, _ in self.shared(i, j))
