"""The word index of vectors.SparseIndex(full=False), built with array operations for a large site.

Same numbers, bit for bit: tf, idf, norm and unit weights are the same float operations in the same
order (the norm is still math.hypot over the bag in its order), and every cut keeps the same entries
(ties broken as the stable sorts there break them). The matrix of posted weights feeds bulk.py; the
dict form SparseIndex keeps (postings, posted, vectors) is only built if a caller asks for it.
"""
from __future__ import annotations

import math
from functools import cached_property
from collections import defaultdict
from itertools import chain, count

import numpy as np
from scipy import sparse

from .. import background
from .text import fold_forms, term_counts
from .vectors import KEEP_RANGE, MAX_DF_FRACTION, MAX_POSTINGS, MIN_MAX_DF, POSTINGS_BUDGET, SparseIndex

_LOG_TF = np.array([0.0] + [1 + math.log(n) for n in range(1, 4096)])  # as corpus._LOG_TF


def packed_index(docs: list) -> PackedIndex:
    """The word index of these stories; a large site's words are counted on two cores."""
    if background.available(len(docs)):
        return PackedIndex(*_merge(*background.split_run(word_counts, docs)))
    return PackedIndex(*word_counts(docs))


def word_counts(docs: list) -> tuple:
    """Each story's word counts, forms folded, flattened: (words, word id and count of each entry, entries
    per story). Entries keep each bag's order, which breaks ties between equal weights further on."""
    counts = [term_counts(d.title, d.body) for d in docs]
    fold_forms(counts)
    wid = defaultdict(count().__next__)  # word -> id in first-seen order, without a Python call per word
    lens = np.fromiter(map(len, counts), np.int64, len(counts))
    ids = np.fromiter(map(wid.__getitem__, chain.from_iterable(counts)), np.int32, lens.sum())
    tf = np.fromiter(chain.from_iterable(map(dict.values, counts)), np.int32, len(ids))
    return list(wid), ids, tf, lens


def _merge(a: tuple, b: tuple) -> tuple:
    """Two halves' word_counts as one: b's word ids renumbered into a's vocabulary."""
    wid = dict(zip(a[0], range(len(a[0]))))
    renumber = np.fromiter((wid.setdefault(w, len(wid)) for w in b[0]), np.int64, len(b[0]))
    return (list(wid), *map(np.concatenate, zip(a[1:], (renumber[b[1]], *b[2:]))))


class PackedIndex(SparseIndex):
    def __init__(self, words: list, ids, counts, lens):
        """Flattened word counts, as word_counts returns them."""
        n, self.words = len(lens), words
        tf = _log_tf(counts.astype(np.int64))
        doc = np.repeat(np.arange(n), lens)
        df = np.bincount(ids, minlength=len(self.words))
        idf = np.fromiter(map(math.log, ((n + 1) / df).tolist()), np.float64, len(df))
        weights = tf * idf[ids]
        unit = _inverse_norms(weights.tolist(), lens)[doc] * weights
        postable = (df >= 2) & (df <= max(MAX_DF_FRACTION * n, MIN_MAX_DF))
        keep = min(KEEP_RANGE[1], max(KEEP_RANGE[0], POSTINGS_BUDGET // max(n, 1)))
        at = np.flatnonzero(postable[ids])
        at = at[_first_per_group(doc[at], -unit[at], keep)]  # each story's strongest features
        self._vec = (doc[at], ids[at], unit[at])
        best = _first_per_group(ids[at], -unit[at], MAX_POSTINGS)  # each feature's central stories
        self.n = n
        self.matrix = self._matrix(doc[at][best], ids[at][best], unit[at][best])

    def _matrix(self, doc, wid, w) -> sparse.csr_array:
        """Posted weights, one column per posted feature in sorted order: the loop's summing order."""
        used = np.unique(wid)
        names = [self.words[k] for k in used.tolist()]
        rank = np.empty(len(used), np.int64)
        rank[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(used))
        self.features = sorted(names)
        col = rank[np.searchsorted(used, wid)]
        order = np.lexsort((col, doc))
        ptr = np.concatenate(([0], np.cumsum(np.bincount(doc, minlength=self.n))))
        return sparse.csr_array((w[order], col[order], ptr), shape=(self.n, len(used)))

    @cached_property
    def posted(self) -> list[list]:
        m, f = self.matrix, self.features
        cols, data, ptr = m.indices.tolist(), m.data.tolist(), m.indptr.tolist()
        return [[(f[k], w) for k, w in zip(cols[a:b], data[a:b])] for a, b in zip(ptr, ptr[1:])]

    @cached_property
    def postings(self) -> dict:
        t = self.matrix.T.tocsr()
        rows, data, ptr = t.indices.tolist(), t.data.tolist(), t.indptr.tolist()
        return {k: (rows[a:b], data[a:b]) for k, a, b in zip(self.features, ptr, ptr[1:])}

    @cached_property
    def vectors(self) -> list[dict]:
        doc, wid, w = (x.tolist() for x in self._vec)
        out: list[dict] = [{} for _ in range(self.n)]
        for i, k, x in zip(doc, wid, w):
            out[i][self.words[k]] = x
        return out


def _log_tf(counts):
    """1 + log(count) by the same table; math.log for counts beyond it, as corpus._log_tf."""
    big = counts >= len(_LOG_TF)
    out = _LOG_TF[np.minimum(counts, len(_LOG_TF) - 1)]
    out[big] = [1 + math.log(c) for c in counts[big].tolist()]
    return out


def _inverse_norms(weights: list, lens) -> np.ndarray:
    """1 / each story's vector length, math.hypot over its weights in bag order; 0 for an empty story."""
    ends = np.cumsum(lens).tolist()
    norms = [math.hypot(*weights[a:b]) for a, b in zip([0] + ends, ends)]
    return np.array([1 / x if x else 0.0 for x in norms])


def _first_per_group(group, key, k: int) -> np.ndarray:
    """Positions of the k first entries of each group by key; ties keep the given order, as a stable sort."""
    order = np.lexsort((key, group))
    g = group[order]
    start = np.searchsorted(g, g, side="left")
    return np.sort(order[np.arange(len(g)) - start < k])
