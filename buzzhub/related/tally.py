"""A large site's word index: each story's words counted in C (Counter), the rest over flat arrays.

The counting needs no numpy. A forked child counts most of the stories while the parent imports numpy
and scipy, describes the stories (entities, taxonomy, dates) and counts the rest; stopwords and word
forms are then dealt with once for the whole corpus (forms.py).
"""
from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from itertools import count

from .. import background
from .text import TITLE_BOOST, _tokens

# The parent counts fewer stories than the child: meanwhile it describes them (about a twentieth of the
# work, once the child's pickling is set against it) and imports numpy and scipy (~0.3 s, the time it
# takes to count IMPORTS stories) unless a previous run of the process has.
EVEN_SHARE = 0.47
IMPORTS = 3000


def parent_share(n: int) -> float:
    loading = 0 if "scipy.sparse" in sys.modules else IMPORTS
    return max(0.1, EVEN_SHARE - loading / (2 * n))


def word_index(docs: list, meanwhile=None):
    """The packed word index of these stories; meanwhile() runs in this process while a child counts."""
    if background.available(len(docs)):
        k = int(len(docs) * parent_share(len(docs)))
        mine, theirs = background.split_run(_share, [(docs[:k], meanwhile), (docs[k:], None)])
        from .packed import merge
        raw = merge(mine, theirs)
    else:
        if meanwhile is not None:
            meanwhile()
        raw = raw_counts(docs)
    from .forms import fold_counts
    from .packed import PackedIndex
    return PackedIndex(*fold_counts(*raw))


def _share(jobs: list) -> tuple:
    """Raw counts of the jobs' stories; the parent's job also loads the array code and runs meanwhile."""
    (docs, meanwhile), = jobs
    if meanwhile is not None:
        from . import bulk, forms, packed  # noqa: F401  numpy and scipy, imported while the child counts
        meanwhile()
    return raw_counts(docs)


def raw_counts(docs: list) -> tuple:
    """Each story's body word counts plus its title words, stopwords still in, flattened: (words, word id
    and count of each entry, entries per story) in bag order. Arrays pickle as bytes out of a child."""
    wid = defaultdict(count().__next__)  # word -> id in first-seen order, without a Python call per word
    ids, tf, lens = [], [], array("i")
    for d in docs:
        tokens = _tokens(d.body)
        tokens += _tokens(d.title) * TITLE_BOOST  # the same counts and bag order as term_counts, in one C call
        c = Counter(tokens)
        ids += map(wid.__getitem__, c)  # a list grows faster than an array from an iterator
        tf += c.values()
        lens.append(len(c))
    return list(wid), _array(ids, len(wid)), _array(tf), lens


def _array(values: list, bound: int = 0):
    """values as 16-bit numbers if they fit (half the bytes through the pipe), else 32-bit."""
    if bound <= 1 << 16:
        try:
            return array("H", values)
        except OverflowError:
            pass
    return array("i", values)
