"""Stopwords dropped and word forms folded over a whole corpus's flat counts, as term_counts and
text.fold_bag do bag by bag: the same entries, counts and order.

fold_bag moves each folded word's count to its stem, in bag order: onto the stem's own entry where the
story has it, else onto a new entry at the end of the bag (new stems in the order of their first folded
word). Here that is done with arrays for every story at once. A story where a stem folds again (it is
itself a folded word of the story) is handed to fold_bag: the order of the moves matters there.
"""
from __future__ import annotations

from itertools import compress

import numpy as np

from .text import STOPWORDS, fold_bag, stems


def fold_counts(words: list, ids, tf, lens) -> tuple:
    """tally.raw_counts's flat counts as packed.word_counts gives them: (words, ids, counts, entries per story)."""
    ids, tf, lens = np.asarray(ids, np.int32), np.asarray(tf, np.int32), np.asarray(lens, np.int64)
    content = ~np.fromiter(map(STOPWORDS.__contains__, words), bool, len(words))
    keep = content[ids]
    doc = np.repeat(np.arange(len(lens), dtype=np.int32), lens)[keep]
    fold = stems(compress(words, content.tolist()))
    vocab = dict(zip(words, range(len(words))))
    src = [vocab[w] for w in fold]
    dst = [vocab.setdefault(s, len(vocab)) for s in fold.values()]
    target = np.arange(len(vocab), dtype=np.int32)
    target[src] = dst
    return _Bags(list(vocab), ids[keep], tf[keep], doc, len(lens)).folded(target, fold)


class _Bags:
    def __init__(self, words: list, ids, tf, doc, n: int):
        self.words, self.ids, self.tf, self.doc, self.n = words, ids, tf, doc, n

    def folded(self, target, fold: dict) -> tuple:
        ids, doc, tf = self.ids, self.doc, self.tf.copy()
        is_moved = target[ids] != ids
        moved = np.flatnonzero(is_moved)
        stem = target[ids[moved]]
        at = self._entry_of(doc[moved], stem)  # the stem's own entry in the story, or -1
        hit = at >= 0
        again = np.zeros(len(moved), bool)
        again[hit] = is_moved[at[hit]]
        odd = np.unique(doc[moved[again]])  # stories where a stem folds again
        if len(odd):
            plain = ~np.isin(doc[moved], odd)
            moved, stem, at, hit = moved[plain], stem[plain], at[plain], hit[plain]
            is_moved[np.isin(doc, odd)] = True  # none of their entries stays as it is
        np.add.at(tf, at[hit], tf[moved[hit]])  # onto the stem's entry
        parts = [(doc[~is_moved], ids[~is_moved], tf[~is_moved]),
                 self._new_stems(moved[~hit], stem[~hit]), self._by_loop(odd, fold)]
        return self._assembled(parts)

    def _entry_of(self, d, w):
        """Position of word w's entry in story d, -1 where the story has none (entries are unique per story)."""
        width = len(self.words)
        has = np.zeros(width, bool)
        has[w] = True
        cand = np.flatnonzero(has[self.ids])  # only entries of a stem can match
        keys = self.doc[cand].astype(np.int64) * width + self.ids[cand]
        order = np.argsort(keys, kind="stable")
        keys, cand = np.append(keys[order], -1), np.append(cand[order], -1)
        want = d.astype(np.int64) * width + w
        pos = np.searchsorted(keys[:-1], want)
        return np.where(keys[pos] == want, cand[pos], -1)

    def _new_stems(self, new, stem) -> tuple:
        """Stems a story lacks, one entry each at the end of its bag, in the order of their first folded word."""
        d = self.doc[new]
        _, first, group = np.unique(d.astype(np.int64) * len(self.words) + stem, return_index=True,
                                    return_inverse=True)
        total = np.bincount(group, self.tf[new]).astype(np.int32)
        leads = np.zeros(len(new), bool)
        leads[first] = True  # in entry order: the groups in the order of their first word
        return d[leads], stem[leads], total[group[leads]]

    def _by_loop(self, odd, fold: dict) -> tuple:
        """Stories where a stem folds again, folded by fold_bag itself."""
        out: tuple = ([], [], [])
        if len(odd):
            vocab = {w: k for k, w in enumerate(self.words)}
            bounds = np.concatenate(([0], np.cumsum(np.bincount(self.doc, minlength=self.n))))
            for i in odd.tolist():
                a, b = bounds[i], bounds[i + 1]
                bag = dict(zip([self.words[k] for k in self.ids[a:b].tolist()], self.tf[a:b].tolist()))
                fold_bag(bag, fold)
                out[0].extend([i] * len(bag))
                out[1].extend(map(vocab.__getitem__, bag))
                out[2].extend(bag.values())
        return tuple(np.array(x, np.int32) for x in out)

    def _assembled(self, parts: list) -> tuple:
        """Each story's entries, part after part (each part is in story order); the vocabulary compacted
        to the words still used."""
        doc, ids, tf = (np.concatenate(x) for x in zip(*parts))
        order = np.argsort(doc, kind="stable")  # merges the sorted runs
        ids, tf = ids[order], tf[order]
        used = np.bincount(ids, minlength=len(self.words)) > 0
        renumber = (np.cumsum(used) - 1).astype(np.int32)
        lens = np.bincount(doc, minlength=self.n).astype(np.int64)
        return list(compress(self.words, used.tolist())), renumber[ids], tf, lens
