"""Every story's nearest neighbours at once: the inverted-index dot products as sparse matrix products in
C (scipy), a block of stories at a time, and the candidate and ranking rules as array operations.

Bit-identical to Ranker.nearest, not just close: each similarity is summed in the order the Python loop
sums it (posted features in column order, from 0.0; then each entity feature in turn), so every float
matches: words and entities are one stacked product, whose sums run along each row in column order (a
site with both tagged and untagged stories scales the words' sum first, so it adds the entities after).
A story whose candidates hinge on a tie at the CANDIDATES cut (the loop breaks it by dict order) is
left to Ranker.nearest, as are settings with a zero weight (a zero product would drop out).
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy import sparse

from .. import background
from .corpus import Corpus
from .ranker import CANDIDATES, KEEP_NEAREST

BLOCK = 512      # stories per product: small intermediates, and int16 row numbers for a radix sort
MARKS = (0.05, 0.08, 0.12, 0.2, 0.4)  # similarities tried as a lower bound of each row's KEEP_NEAREST-th
BIT_WORDS = 4  # up to 256 distinct categories and tags, popcounts; beyond, sorted codes
HALF_SLACK = 1e-6  # scaled scores this near a half are rounded by Python's round(), which is exact


def applies(ranker, c: Corpus) -> bool:
    """Zero weights would drop stories that share a feature out of the sparse product's pattern."""
    return min(ranker._full[:2]) > 0 and (not c.untagged or ranker._plain[1] > 0)


def all_nearest(ranker, c: Corpus, hidden: set) -> list:
    """Ranker.nearest of every story."""
    return nearest(ranker, c, hidden).lists()


def nearest(ranker, c: Corpus, hidden: set) -> Near:
    """Ranker.nearest of every story, as arrays."""
    n = len(c.docs)
    m = _Model(ranker, c, hidden)
    starts = range(0, n, BLOCK)
    if n > BLOCK and background.can_fork():  # a second core: the products and sorts let go of the GIL
        with ThreadPoolExecutor(2) as pool:
            parts = list(pool.map(m.block, starts))
    else:
        parts = [m.block(a) for a in starts]
    i, j, s, redo = (np.concatenate(x) for x in zip(*parts))
    if len(redo):  # the loop's answers instead, for the stories with a tie at the cut
        redo = redo.tolist()
        lists = [ranker.nearest(c, r, hidden) for r in redo]
        mine = ~np.isin(i, redo)
        i = np.concatenate((i[mine], np.repeat(redo, [len(x) for x in lists]).astype(np.int64)))
        j = np.concatenate((j[mine], np.array([k for x in lists for _, k in x], np.int64)))
        s = np.concatenate((s[mine], np.array([v for x in lists for v, _ in x], np.float64)))
        order = np.argsort(i, kind="stable")  # each story's entries keep their order
        i, j, s = i[order], j[order], s[order]
    return Near(n, i, j, s)


class Near:
    """Each story's nearest as flat arrays: story i's (similarity, story) pairs are j[ptr[i]:ptr[i + 1]]
    and s[ptr[i]:ptr[i + 1]], in order."""

    def __init__(self, n: int, i, j, s):
        self.n, self.i, self.j, self.s = n, i, j, s
        self.ptr = np.searchsorted(i, np.arange(n + 1))
        self.pos = np.arange(len(i)) - self.ptr[i]  # place in its story's list

    def lists(self) -> list:
        ptr, js, ss = self.ptr.tolist(), self.j.tolist(), self.s.tolist()
        return [list(zip(ss[a:b], js[a:b])) for a, b in zip(ptr, ptr[1:])]

    def list(self, i: int) -> list:
        a, b = self.ptr[i], self.ptr[i + 1]
        return list(zip(self.s[a:b].tolist(), self.j[a:b].tolist()))

    def nth(self, r: int) -> np.ndarray:
        """Each story's r-th similarity (r from 1), 0.0 where its list is shorter or r is 0."""
        out = np.zeros(self.n)
        if r:
            has = np.diff(self.ptr) >= r
            out[has] = self.s[self.ptr[:-1][has] + r - 1]
        return out


def _csr(posted: list, col: dict, n_cols: int) -> sparse.csr_array:
    """Posted (feature, weight) lists as the rows of a matrix."""
    lens = np.fromiter(map(len, posted), np.int64, len(posted))
    ptr = np.concatenate(([0], np.cumsum(lens)))
    flat = [kw for p in posted for kw in p]
    cols = np.fromiter(map(col.__getitem__, (k for k, _ in flat)), np.int32, ptr[-1])
    data = np.fromiter((w for _, w in flat), np.float64, ptr[-1])
    return sparse.csr_array((data, cols, ptr), shape=(len(posted), n_cols))


def _scaled(x: sparse.csr_array, scale) -> sparse.csr_array:
    """Each row times its scale, as the loop's `w *= scale` before the products."""
    return sparse.csr_array((x.data * np.repeat(scale, np.diff(x.indptr)), x.indices, x.indptr), shape=x.shape)


def _nth(x: sparse.csr_array, d: int) -> sparse.csr_array:
    """Only the d-th entry of each row: entity features are added to the sum one at a time."""
    lens = np.diff(x.indptr)
    has = lens > d
    ptr = np.concatenate(([0], np.cumsum(has)))
    at = x.indptr[:-1][has] + d
    return sparse.csr_array((x.data[at], x.indices[at], ptr), shape=x.shape)


def _columns(index) -> dict:
    return {k: c for c, k in enumerate(index.postings)}  # sorted keys: each row's features in loop order


class Described:
    """A corpus's arrays that do not depend on words or settings: built while a child counts the words."""

    def __init__(self, c: Corpus):
        ents = getattr(c.ents, "matrix", None)  # packed.PackedIndex has it ready
        self.ents = _csr(c.ents.posted, _columns(c.ents), len(c.ents.postings)) if ents is None else ents
        self.ents_t = self.ents.T.tocsr()
        words = (max((t.bit_length() for t in c.taxa), default=0) + 63) // 64
        self.tax = _Bits(c.taxa, words) if words <= BIT_WORDS else _Taxonomy(c)
        self.tie = np.array(c.tie, np.int64)
        self.untagged = np.zeros(len(c.docs), bool)
        self.untagged[list(c.untagged)] = True


class _Model:
    def __init__(self, ranker, c: Corpus, hidden: set):
        n, full, plain = len(c.docs), ranker._full, ranker._plain
        pre = getattr(c, "arrays", None) or Described(c)
        self.c, self.n, self.untagged = c, n, pre.untagged
        self.mixed = bool(c.untagged) and len(c.untagged) < n
        # untagged story: words scaled before the sum; mixed site: summed, then scaled per pair
        row_scale = np.where(self.untagged, plain[1], 1.0 if self.mixed else full[1])
        words = getattr(c.text, "matrix", None)  # packed.PackedIndex has it ready
        words = _csr(c.text.posted, _columns(c.text), len(c.text.postings)) if words is None else words
        text, text_t = _scaled(words, row_scale), words.T.tocsr()
        ents = _scaled(pre.ents, np.full(n, full[0]))
        if self.mixed:  # the scale comes between the words' sum and the entities' terms
            self.text, self.text_t, self.col_scale = text, text_t, np.where(self.untagged, plain[1], full[1])
            self.ents = [_nth(ents, d) for d in range(int(np.diff(ents.indptr).max(initial=0)))]
            self.ents_t = pre.ents_t
        else:  # one product: each row's word features, then its entity features, summed in that order
            self.stack = sparse.hstack([text, ents], format="csr")
            self.stack_t = sparse.vstack([text_t, pre.ents_t], format="csr")
        self.hidden = np.zeros(n, bool)
        self.hidden[list(hidden)] = True
        self.tie, self.tax = pre.tie, pre.tax
        self.floor, self.reach = ranker.config["threshold"], ranker._reach
        self.xf, self.xp = ranker._full[2], ranker._plain[2]

    def _similarity(self, a: int, b: int) -> sparse.csr_array:
        """Entity + word similarity of stories a..b to all, summed in the loop's order."""
        if not self.mixed:
            return self.stack[a:b] @ self.stack_t
        p = self.text[a:b] @ self.text_t
        rows = np.repeat(np.arange(a, b), np.diff(p.indptr))
        tagged = ~self.untagged[rows]  # a pair with an untagged story is weighted as words only
        p.data[tagged] *= self.col_scale[p.indices[tagged]]
        for e in self.ents:
            p = p + e[a:b] @ self.ents_t
        return p

    def block(self, a: int) -> tuple:
        """(story, neighbour, similarity) of the BLOCK stories from a, each story's nearest in order, and
        the stories to hand to the loop."""
        b = min(a + BLOCK, self.n)
        p = self._similarity(a, b)
        rows = np.repeat(np.arange(b - a, dtype=np.int16), np.diff(p.indptr))
        j, v = p.indices, p.data
        # below this no taxonomy lifts a story over the threshold: it can neither be linked nor crowd out one
        keep = (v >= self.floor - self.reach) & (j - a != rows) & ~self.hidden[j]
        keep &= v >= self._below_cut(rows, v, keep)[rows]  # fewer to sort
        rows, j, v, tied = self._candidates(rows[keep], j[keep], v[keep])
        s = self._scores(rows.astype(np.int64) + a, j, v)
        return (*self._rank(a, b, rows, j, s), tied + a)

    def _candidates(self, rows, j, v):
        """Ranker._candidates for each row: the cut below the KEEP_NEAREST-th, then the CANDIDATES best."""
        order = np.argsort(-v)
        order = order[np.argsort(rows[order], kind="stable")]  # int16: a radix sort
        rows, j, v = rows[order], j[order], v[order]
        count = np.bincount(rows, minlength=BLOCK)
        big = count >= KEEP_NEAREST
        start = np.concatenate(([0], np.cumsum(count)[:-1]))
        pos = np.arange(len(rows)) - start[rows]
        cut = np.full(BLOCK, -np.inf)
        cut[big] = v[start[big] + KEEP_NEAREST - 1] - self.reach
        kept = (v >= cut[rows]).astype(np.int64)
        n_kept = np.bincount(rows, kept, minlength=BLOCK).astype(np.int64)
        over = np.flatnonzero(n_kept > CANDIDATES)
        tied = over[v[start[over] + CANDIDATES - 1] == v[start[over] + CANDIDATES]]
        sel = (pos < np.minimum(n_kept, CANDIDATES)[rows])
        return rows[sel], j[sel], v[sel], tied  # which of the tied stories makes the cut is the dict's order

    def _below_cut(self, rows, v, keep) -> np.ndarray:
        """Per row, a value surely below its cut: the highest mark KEEP_NEAREST kept values reach, less
        the slack."""
        above = keep & (v >= MARKS[0])
        rows, v = rows[above], v[above]  # the few that can count
        bound = np.full(BLOCK, -np.inf)
        for mark in MARKS:
            many = np.bincount(rows[v >= mark], minlength=BLOCK) >= KEEP_NEAREST
            bound[many] = mark - self.reach
        return bound

    def _scores(self, i, j, p):
        """Ranker.nearest's score: plus taxonomy overlap, rounded to 4 decimals exactly as round()."""
        inter, union = self.tax.overlap(i, j)
        x = np.where(self.untagged[i] | self.untagged[j], self.xp, self.xf)
        shared = inter > 0
        p = p.copy()
        p[shared] += x[shared] * inter[shared] / union[shared]
        return round4(p)

    def _rank(self, a: int, b: int, rows, j, s) -> tuple:
        """Each row's KEEP_NEAREST best above the threshold: higher score, then newer, then slug."""
        ok = s >= self.floor
        rows, j, s = rows[ok], j[ok], s[ok]
        ticks = np.rint(s * 1e4).astype(np.int64)  # s is a 4-decimal number: its ticks order it exactly
        key = (rows.astype(np.int64) * (ticks.max(initial=0) + 1) + ticks.max(initial=0) - ticks) * self.n
        order = np.argsort(key + self.tie[j])
        rows, j, s = rows[order].astype(np.int64), j[order].astype(np.int64), s[order]
        first = np.searchsorted(rows, np.arange(b - a))
        top = np.arange(len(rows)) - first[rows] < KEEP_NEAREST
        return rows[top] + a, j[top], s[top]


def round4(p: np.ndarray) -> np.ndarray:
    """round(x, 4) of each: ticks then / 1e4 is the nearest double to the decimal, as round() gives;
    only near a half could the product's own rounding pick the wrong tick, and those go to round()."""
    scaled = p * 1e4
    s = np.rint(scaled) / 1e4
    near_half = np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < HALF_SLACK)
    s[near_half] = [round(f, 4) for f in p[near_half].tolist()]
    return s


class _Bits:
    """Categories and tags as corpus.bitsets' bits, in 64-bit words: shared terms of many pairs by popcount."""

    def __init__(self, taxa: list, words: int):
        raw = b"".join(t.to_bytes(8 * words, "little") for t in taxa)
        self.bits = np.frombuffer(raw, np.uint64).reshape(len(taxa), words)

    def overlap(self, i, j):
        """(shared terms, terms of either) for each pair."""
        a, b = self.bits[i], self.bits[j]
        inter = np.bitwise_count(a & b).sum(axis=1, dtype=np.int64)
        return inter, np.bitwise_count(a | b).sum(axis=1, dtype=np.int64)


class _Taxonomy:
    """Categories and tags as sorted (story, term) codes: shared terms of many pairs by one binary search."""

    def __init__(self, c: Corpus):
        ids: dict = {}
        terms = [sorted(ids.setdefault(x, len(ids)) for x in t) for t in c.terms]
        self.width = len(ids) + 1
        self.count = np.fromiter(map(len, terms), np.int64, len(terms))
        self.start = np.concatenate(([0], np.cumsum(self.count)))
        self.terms = np.fromiter((t for ts in terms for t in ts), np.int64, self.start[-1])
        owner = np.repeat(np.arange(len(terms), dtype=np.int64), self.count)
        self.codes = owner * self.width + self.terms  # sorted: story-major, terms ascending

    def overlap(self, i, j):
        """(shared terms, terms of either) for each pair."""
        reps = self.count[i]
        pair = np.repeat(np.arange(len(i)), reps)
        first = np.repeat(self.start[i] - np.concatenate(([0], np.cumsum(reps)[:-1])), reps)
        mine = self.terms[first + np.arange(len(pair))]
        want = j[pair].astype(np.int64) * self.width + mine
        at = np.minimum(np.searchsorted(self.codes, want), max(len(self.codes) - 1, 0))
        hit = self.codes[at] == want if len(self.codes) else np.zeros(len(want), bool)
        inter = np.bincount(pair, hit, minlength=len(i)).astype(np.int64)
        return inter, self.count[i] + self.count[j] - inter
