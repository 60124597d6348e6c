"""Everything the ranker precomputes once per site build: vectors, postings, dates, taxonomy."""
from __future__ import annotations

import datetime as dt
import math
from itertools import chain, compress

from . import reasons
from .model import Document
from .text import fold_forms, term_counts
from .vectors import SparseIndex

BULK_MIN = 500  # stories from which array code (packed.py, bulk.py) beats the loops, imports included
SALIENCE_FLOOR = 0.3  # a passing mention still names the entity; salience refines, it does not veto


def salience(doc: Document) -> dict:
    """Entity id -> salience clamped to 0..1 (anything not a number counts as 0)."""
    ok = (int, float)
    return {e: min(max(float(s), 0.0), 1.0) if isinstance(s, ok) else 0.0 for e, s in doc.entities.items()}


def saliences(docs: list[Document]) -> list[dict]:
    """salience() of each story; when all are floats in range already (the tagger's), the stories' own maps:
    checked at once in C, not one by one."""
    given = list(chain.from_iterable(d.entities.values() for d in docs))
    if set(map(type, given)) <= {float} and min(given, default=0.0) >= 0.0 and max(given, default=0.0) <= 1.0:
        return [d.entities for d in docs]
    return [salience(d) for d in docs]


def bag_weight(s):
    """An entity's weight in a story's bag, from its salience (a float or an array of them)."""
    return SALIENCE_FLOOR + (1 - SALIENCE_FLOOR) * s


def entity_bag(sal: dict) -> dict:
    return {e: bag_weight(s) for e, s in sal.items()}


def entity_index(sal: list[dict]) -> SparseIndex:
    if len(sal) >= BULK_MIN:
        from .packed import packed_bags  # numpy is loaded by now on a large site
        return packed_bags(sal, bag_weight)
    return SparseIndex([entity_bag(s) for s in sal])


_LOG_TF = [0.0] + [1 + math.log(n) for n in range(1, 4096)]  # sublinear tf by lookup: this runs per word


def _log_tf(counts: dict) -> dict:
    try:
        return dict(zip(counts, map(_LOG_TF.__getitem__, counts.values())))
    except IndexError:  # a word used 4096 times or more
        return {w: 1 + math.log(n) for w, n in counts.items()}


def text_index(docs: list[Document], meanwhile=None) -> SparseIndex:
    """Sublinear term frequencies, TF-IDF weighted. Names stay in: 'Claude' links Claude 3 to Claude 4
    where ids differ. A large site's index is built with arrays (packed.py), to the same numbers, its
    words counted partly in a child while meanwhile() runs here."""
    if len(docs) >= BULK_MIN:
        from .tally import word_index  # numpy and scipy load only when they pay off
        return word_index(docs, meanwhile)
    if meanwhile is not None:
        meanwhile()
    counts = [term_counts(d.title, d.body) for d in docs]
    fold_forms(counts)
    return SparseIndex([_log_tf(c) for c in counts], full=False)  # word vectors are big: posted part only


def taxonomy(doc: Document) -> frozenset:
    return frozenset([("c", c.casefold()) for c in doc.categories] + [("t", t.casefold()) for t in doc.tags])


def bitsets(sets: list[frozenset]) -> list[int]:
    """Each set as an int with one bit per distinct term: Jaccard by popcount is the hot loop's cheapest."""
    bit: dict = {}
    return [sum(1 << bit.setdefault(x, len(bit)) for x in s) for s in sets]


def check(docs: list[Document], now: dt.datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    seen = set()
    for d in docs:
        if d.slug in seen:
            raise ValueError(f"two documents have the slug {d.slug!r}")
        if d.date.tzinfo is None:
            raise ValueError(f"{d.slug}: date must be an aware datetime")
        seen.add(d.slug)


class Corpus:
    def __init__(self, docs: list[Document]):
        self.docs = docs
        self.text = text_index(docs, self._describe)

    def _describe(self) -> None:
        """Everything but the words: on a large site this runs while a child counts them."""
        docs = self.docs
        self.index = {d.slug: i for i, d in enumerate(docs)}
        self.days = [d.date.timestamp() / 86400 for d in docs]
        self.terms = [taxonomy(d) for d in docs]
        self.taxa = bitsets(self.terms)
        self.sal = saliences(docs)
        named = reasons.MIN_SALIENCE.__le__  # salient enough to be named in reasons
        self.strong = [set(compress(s, map(named, s.values()))) for s in self.sal]
        self.ents = entity_index(self.sal)
        self.untagged = {i for i, v in enumerate(self.ents.vectors) if not v}
        order = sorted(range(len(docs)), key=lambda j: (-self.days[j], docs[j].slug))
        self.tie = [0] * len(docs)  # rank among equal scores: newer first, then slug
        for r, j in enumerate(order):
            self.tie[j] = r
        if len(docs) >= BULK_MIN:
            from .bulk import Described  # numpy is loaded by now on a large site
            self.arrays = Described(self)

    def visible(self, j: int, now: dt.datetime) -> bool:
        """A story a reader can be sent to: published and not dated in the future."""
        d = self.docs[j]
        return not d.draft and d.date <= now

    def order_key(self, score: float, j: int) -> tuple:
        """Rank order: higher score, then newer, then slug."""
        return (-score, self.tie[j])

    def names(self, i: int, j: int, ids) -> dict:
        """Display names of these entities, story i's spelling first (not both maps merged: few are shown)."""
        a, b = self.docs[i].entity_names, self.docs[j].entity_names
        return {e: a[e] if e in a else b.get(e) for e in ids}

    def overlap(self, i: int, j: int) -> float:
        a, b = self.taxa[i], self.taxa[j]
        return (a & b).bit_count() / (a | b).bit_count() if a and b else 0.0
