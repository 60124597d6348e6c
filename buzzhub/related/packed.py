"""The word index of vectors.SparseIndex(full=False), and the entity index of SparseIndex(bags), built
with array operations for a large site.

Same numbers, bit for bit: tf, idf, norm and unit weights are the same float operations in the same
order (the norm is still math.hypot over the bag in its order), and every cut keeps the same entries
(ties broken as the stable sorts there break them). The matrix of posted weights feeds bulk.py; the
dict form SparseIndex keeps (postings, posted, vectors) is only built if a caller asks for it.
"""
from __future__ import annotations

import math
from collections import defaultdict
from functools import cached_property
from itertools import chain, count

import numpy as np
from scipy import sparse

from .vectors import KEEP_RANGE, MAX_DF_FRACTION, MAX_POSTINGS, MIN_MAX_DF, POSTINGS_BUDGET, SparseIndex

ROW = 256  # groups up to this size are partitioned as the rows of one table
FRACTIONS = (0.05, 0.1, 0.2, 0.3, 0.45, 0.6)  # of a story's strongest weight, tried as bounds of its k-th
_LOG_TF = np.array([0.0] + [1 + math.log(n) for n in range(1, 4096)])  # as corpus._LOG_TF


def packed_index(docs: list) -> PackedIndex:
    """The word index of these stories; a large site's words are counted on two cores."""
    from .tally import word_index
    return word_index(docs)


def word_counts(docs: list) -> tuple:
    """Each story's word counts, forms folded, flattened: (words, word id and count of each entry, entries
    per story). Entries keep each bag's order, which breaks ties between equal weights further on."""
    from .forms import fold_counts
    from .tally import raw_counts
    return fold_counts(*raw_counts(docs))


def merge(a: tuple, b: tuple) -> tuple:
    """Two parts' counts (tally.raw_counts or word_counts) as one: b's word ids renumbered into a's vocabulary."""
    wid = dict(zip(a[0], range(len(a[0]))))
    renumber = np.fromiter((wid.setdefault(w, len(wid)) for w in b[0]), np.int64, len(b[0]))
    a, b = (tuple(np.asarray(x) for x in part[1:]) for part in (a, b))
    return (list(wid), *map(np.concatenate, zip(a, (renumber[b[0]], *b[1:]))))


_merge = merge  # the name the tests know


def packed_bags(bags: list[dict], weigh=None) -> PackedIndex:
    """SparseIndex(bags), full vectors and all, built with arrays: a large site's entities. weigh(values),
    if given, makes the bags' weights out of their values (as arrays, the same float operations)."""
    wid = defaultdict(count().__next__)
    ids = np.fromiter(map(wid.__getitem__, chain.from_iterable(bags)), np.int64)
    weights = np.fromiter(chain.from_iterable(map(dict.values, bags)), np.float64, len(ids))
    weights = weights if weigh is None else weigh(weights)
    return PackedIndex(list(wid), ids, None, np.fromiter(map(len, bags), np.int64, len(bags)), weights)


class PackedIndex(SparseIndex):
    def __init__(self, words: list, ids, counts, lens, tf=None):
        """Flattened word counts, as word_counts returns them; or, given tf, flattened bags of weights
        whose vectors are kept whole (SparseIndex(bags), not full=False)."""
        n, self.words, full = len(lens), words, tf is not None
        tf = _log_tf(counts.astype(np.int64)) if tf is None else tf
        doc = np.repeat(np.arange(n), lens)
        df = np.bincount(ids, minlength=len(self.words))
        idf = np.fromiter(map(math.log, ((n + 1) / df).tolist()), np.float64, len(df))
        weights = tf * idf[ids]
        unit = _inverse_norms(weights, lens)[doc] * weights
        postable = (df >= 2) & (df <= max(MAX_DF_FRACTION * n, MIN_MAX_DF))
        keep = min(KEEP_RANGE[1], max(KEEP_RANGE[0], POSTINGS_BUDGET // max(n, 1)))
        at = np.flatnonzero(postable[ids])
        at = at[_strongest(doc[at], unit[at], keep)]  # each story's strongest features
        self._vec = (doc, ids, unit) if full else (doc[at], ids[at], unit[at])
        best = _top(ids[at], unit[at], MAX_POSTINGS)  # each feature's central stories
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
        doc, wid, w = self._vec  # in story order
        names, w = list(map(self.words.__getitem__, wid.tolist())), w.tolist()
        ptr = np.searchsorted(doc, np.arange(self.n + 1)).tolist()
        return [dict(zip(names[a:b], w[a:b])) for a, b in zip(ptr, ptr[1:])]


def _log_tf(counts):
    """1 + log(count) by the same table; math.log for counts beyond it, as corpus._log_tf."""
    big = counts >= len(_LOG_TF)
    out = _LOG_TF[np.minimum(counts, len(_LOG_TF) - 1)]
    out[big] = [1 + math.log(c) for c in counts[big].tolist()]
    return out


def _inverse_norms(weights, lens) -> np.ndarray:
    """1 / each story's vector length, math.hypot over its weights in bag order; 0 for an empty story."""
    ends, w = np.cumsum(lens).tolist(), memoryview(np.ascontiguousarray(weights))  # slices unpack as floats
    norms = np.array([math.hypot(*w[a:b]) for a, b in zip([0] + ends, ends)])
    out = np.zeros(len(norms))
    np.divide(1.0, norms, out=out, where=norms > 0)
    return out


def _strongest(doc, value, k: int) -> np.ndarray:
    """_top(doc, value, k) for entries in story order; only the entries at or above a bound
    that each story's k-th strongest surely reaches are sorted."""
    if not len(doc):
        return np.zeros(0, np.int64)
    start = np.flatnonzero(np.concatenate(([True], doc[1:] != doc[:-1])))
    group = np.repeat(np.arange(len(start)), np.diff(np.append(start, len(doc))))
    strongest = np.maximum.reduceat(value, start)
    bound = np.full(len(start), -np.inf)
    for f in FRACTIONS:  # the highest fraction that k entries reach
        mark = f * strongest
        bound = np.where(np.bincount(group[value >= mark[group]], minlength=len(start)) >= k, mark, bound)
    sure = np.flatnonzero(value >= bound[group])
    return sure[_top(doc[sure], value[sure], k)]


def _top(group, value, k: int) -> np.ndarray:
    """Positions (ascending) of each group's k largest values, ties to the earlier position: the first k
    of each group after a stable sort by group, then by value, largest first. Each group's k-th value is
    found by one partition of a row per group, not a sort of everything."""
    order = np.argsort(group, kind="stable")
    g, v = group[order], value[order]
    if not len(g):
        return order
    start = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
    size = np.diff(np.append(start, len(g)))
    gi = np.repeat(np.arange(len(start)), size)
    kth = np.full(len(start), -np.inf)  # -inf: a group of k or fewer keeps all
    rows = np.flatnonzero((size > k) & (size <= ROW))
    if len(rows):
        slot = np.full(len(start), -1)
        slot[rows] = np.arange(len(rows))
        at = slot[gi] >= 0
        table = np.full((len(rows), int(size[rows].max())), np.inf)  # a row per group, values negated
        table[slot[gi[at]], (np.arange(len(g)) - start[gi])[at]] = -v[at]
        kth[rows] = -np.partition(table, k - 1, axis=1)[:, k - 1]
    for r in np.flatnonzero(size > ROW):  # few: their own partition each
        kth[r] = -np.partition(-v[start[r]:start[r] + size[r]], k - 1)[k - 1]
    t = kth[gi]
    above, tie = v > t, v == t
    ties_before = np.cumsum(tie) - tie - np.concatenate(([0], np.cumsum(tie)))[start][gi]
    keep = above | tie & (ties_before < k - np.bincount(gi[above], minlength=len(start))[gi])
    mask = np.zeros(len(g), bool)
    mask[order[keep]] = True
    return np.flatnonzero(mask)  # in position order, without a sort
