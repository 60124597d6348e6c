"""The array paths of a large site (packed.py, bulk.py, background.split_run) give exactly what the loops give."""
from __future__ import annotations

import datetime as dt
import random

import pytest

from buzzhub.related import Document, Ranker, corpus, packed, ranker
from buzzhub.related.bulk import all_nearest
from buzzhub.background import split_run
from buzzhub.related.text import fold_forms, term_counts
from buzzhub.related.vectors import SparseIndex

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
N = 520  # above corpus.BULK_MIN


def site(n=N, seed=7, untagged=0.0) -> list[Document]:
    """Stories on a few dozen topics of a few shared words each, with near-copies (ties) and odd cases."""
    rnd = random.Random(seed)
    vocab = [f"w{k}" for k in range(900)] + ["Zürich", "café", "rulings", "ruled", "rule", "it's"]
    topics = [rnd.sample(vocab, 25) for _ in range(40)]
    docs = []
    for i in range(n):
        t = topics[i % len(topics)]
        body = " ".join(rnd.choice(t) if rnd.random() < 0.7 else rnd.choice(vocab) for _ in range(rnd.randint(0, 120)))
        if i % 17 == 0 and docs:
            body = docs[-1].body  # a near-copy: equal similarities, ties on every cut
        ents = {f"e{rnd.randint(0, 60)}": rnd.random() for _ in range(rnd.randint(0, 4))}
        ents = {} if rnd.random() < untagged else ents
        docs.append(Document(
            f"s{i:04d}", " ".join(rnd.sample(t, 3)), body, NOW - dt.timedelta(days=rnd.randint(-5, 2000)),
            categories=(rnd.choice("abc"),), tags=tuple(rnd.sample("pqrstuvwxyz", rnd.randint(0, 3))),
            entities=ents, entity_names={e: e.upper() for e in ents}, draft=i % 29 == 0))
    return docs


def looped(monkeypatch, docs, config=None):
    """The ranking as the loops alone compute it."""
    with monkeypatch.context() as m:
        m.setattr(corpus, "BULK_MIN", 10 ** 9)
        m.setattr(ranker, "BULK_MIN", 10 ** 9)
        return Ranker(config).rank(docs, NOW)


@pytest.mark.parametrize("untagged", [0.0, 0.3, 1.0])
def test_bulk_ranking_is_identical(monkeypatch, untagged):
    docs = site(untagged=untagged)
    assert Ranker().rank(docs, NOW) == looped(monkeypatch, docs)


@pytest.mark.parametrize("config", [{"threshold": 0.0}, {"taxonomy_weight": 0.5, "top": 9}, {"entity_weight": 0.0},
                                    {"reciprocal": 0, "half_life_days": 30}])
def test_bulk_ranking_is_identical_whatever_the_settings(monkeypatch, config):
    docs = site(seed=3, untagged=0.1)
    assert Ranker(config).rank(docs, NOW) == looped(monkeypatch, docs, config)


def test_bulk_nearest_is_identical_and_hands_ties_back(monkeypatch):
    docs = sorted(site(seed=11), key=lambda d: d.slug)
    # a hub story shares one word with each of 155 one-word stories: 155 equal scores, a tie at the cut
    hub = Document("hub", "", " ".join(f"hubword{k}" for k in range(5)), NOW)
    spokes = [Document(f"spoke{k}-{m}", "", f"hubword{k}", NOW) for k in range(5) for m in range(31)]
    docs = sorted(docs + [hub] + spokes, key=lambda d: d.slug)
    c, r = corpus.Corpus(docs), Ranker()
    hidden = {j for j in range(len(docs)) if not c.visible(j, NOW)}
    redone = []
    monkeypatch.setattr(r, "nearest", lambda c, i, hidden: redone.append(i) or Ranker.nearest(r, c, i, hidden))
    assert all_nearest(r, c, hidden) == [Ranker.nearest(r, c, i, hidden) for i in range(len(docs))]
    assert "hub" in [docs[i].slug for i in redone]  # handed back to the loop


def test_packed_index_is_the_same_index():
    docs = site(seed=5)
    counts = [term_counts(d.title, d.body) for d in docs]
    fold_forms(counts)
    want, got = SparseIndex([corpus._log_tf(c) for c in counts], full=False), packed.packed_index(docs)
    assert list(got.postings.items()) == list(want.postings.items())
    assert got.posted == want.posted and got.vectors == want.vectors


def test_word_counts_merge_as_if_counted_at_once():
    docs = site(n=60, seed=2)
    whole = packed.word_counts(docs)
    halves = packed._merge(packed.word_counts(docs[:30]), packed.word_counts(docs[30:]))
    assert sorted(whole[0]) == sorted(halves[0])
    spelled = [[ws[k] for k in ids.tolist()] for ws, ids in ((whole[0], whole[1]), (halves[0], halves[1]))]
    assert spelled[0] == spelled[1]
    assert whole[2].tolist() == halves[2].tolist() and whole[3].tolist() == halves[3].tolist()


@pytest.mark.parametrize("fork", [True, False])
def test_split_run_answers_as_one_process(monkeypatch, fork):
    monkeypatch.setattr("buzzhub.background.can_fork", lambda: fork)
    assert split_run(sum, list(range(101))) == (sum(range(50)), sum(range(50, 101)))


def test_split_run_survives_a_failing_child(monkeypatch):
    import os
    parent = os.getpid()

    def fails_in_child(items):
        if os.getpid() != parent:
            raise RuntimeError("child only")
        return len(items)

    assert split_run(fails_in_child, list(range(9))) == (4, 5)


def test_round4_is_round():
    import numpy as np

    from buzzhub.related.bulk import round4
    rnd = random.Random(1)
    xs = [rnd.random() * rnd.choice([1, 0.1, 0.01, 3]) for _ in range(20000)]
    xs += [k / 20000 for k in range(0, 40000, 7)] + [0.03125, 0.00005, 0.00015, 1.00005, 0.0]  # halves and near
    xs += [x + d for x in xs[-500:] for d in (1e-17, -1e-17, 1e-13, -1e-13)]
    got = round4(np.array(xs)).tolist()
    assert got == [round(x, 4) for x in xs]


def test_split_run_leaves_no_child_when_the_parent_fails(monkeypatch):
    import os
    parent, forked, fork = os.getpid(), [], os.fork
    monkeypatch.setattr(os, "fork", lambda: forked.append(fork()) or forked[-1])

    def fails_in_parent(items):
        if os.getpid() == parent:
            raise ValueError("parent only")
        return list(range(10 ** 6))  # more than a pipe holds: the child blocks until the parent reads

    with pytest.raises(ValueError):
        split_run(fails_in_parent, list(range(9)))
    with pytest.raises(ChildProcessError):
        os.waitpid(forked[0], os.WNOHANG)  # reaped already
