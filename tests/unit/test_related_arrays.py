"""The array paths of a large site's ranking (tally.py, forms.py, packed.py, bulk.py, linking.py) give
exactly what the loops give, on the cases the 10,000-story bench never meets."""
from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys

import numpy as np
import pytest

from buzzhub import background
from buzzhub.related import Document, Ranker, bulk, corpus, forms, linking, packed, tally, text
from tests.unit.test_related_bulk import looped

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
N = 540  # above corpus.BULK_MIN

# words whose stems fold again ('speeding' -> 'speed' -> 'spe'), stems that are stopwords ('wells' ->
# 'well'), several new stems per story, accents, curly quotes, markup
FORMS = ["speeding", "speed", "speeds", "rulings", "ruled", "rule", "rules", "wells", "well", "houses",
         "house", "studies", "studied", "study", "Zürich", "café", "Microsoft’s", "`code`", "[link](https://x.io)",
         "{{< x >}}", "ΣΟΦΟΣ", "İstanbul", "Ⅻ", "naïve—really", "e\u0301t\u00e9"]


def site(n=N, seed=1, tags=12, untagged=0.0, special=False) -> list[Document]:
    rnd = random.Random(seed)
    vocab = [f"w{k}" for k in range(600)] + FORMS
    topics = [rnd.sample(vocab, 20) for _ in range(30)]
    docs = []
    for i in range(n):
        t = topics[i % len(topics)]
        body = " ".join(rnd.choice(t) if rnd.random() < 0.7 else rnd.choice(vocab)
                        for _ in range(rnd.randint(0, 90)))
        ents = {f"e{rnd.randint(0, 40)}": rnd.random() for _ in range(rnd.randint(0, 4))}
        ents = {} if rnd.random() < untagged else ents
        extra = {}
        if special and i % 23 == 0 and i:
            extra = {"pinned": (f"s{i - 1:04d}", "nope"), "excluded": (f"s{(i + 30) % n:04d}",)}
        docs.append(Document(
            f"s{i:04d}", " ".join(rnd.sample(t, 3)), body, NOW - dt.timedelta(days=rnd.randint(-5, 1500)),
            categories=(rnd.choice("abcd"),), tags=tuple(f"t{rnd.randrange(tags)}" for _ in range(rnd.randint(0, 3))),
            entities=ents, entity_names={e: e.upper() for e in ents}, draft=i % 31 == 0, **extra))
    return docs


def spelled(words, ids, tf, lens):
    ids, tf, out, a = ids.tolist(), tf.tolist(), [], 0
    for n in lens.tolist():
        out.append([(words[k], c) for k, c in zip(ids[a:a + n], tf[a:a + n])])
        a += n
    return out


def test_fold_counts_is_term_counts_and_fold_forms():
    docs = site(n=300, seed=4)
    docs.append(Document("chain", "speed", "speeding speed speeds wells rulings rules", NOW))
    docs.append(Document("empty", "", "", NOW))
    bags = [text.term_counts(d.title, d.body) for d in docs]
    text.fold_forms(bags)
    assert spelled(*forms.fold_counts(*tally.raw_counts(docs))) == [list(b.items()) for b in bags]


def test_fold_forms_is_the_same_whatever_the_hash_seed():
    code = ("from buzzhub.related.text import term_counts, fold_forms\n"
            "b = [term_counts('', 'speeding speed rulings houses studies wells models tested gains')]\n"
            "fold_forms(b); print(list(b[0].items()))")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in (1, 2, 3, 4)}
    assert len(runs) == 1


def test_the_word_index_is_the_same_counted_on_two_cores(monkeypatch):
    docs = sorted(site(seed=2), key=lambda d: d.slug)
    one = tally.word_index(docs)
    monkeypatch.setattr(background, "PARALLEL_MIN", 10)
    monkeypatch.setattr("buzzhub.background.can_fork", lambda: True)
    described = []
    two = tally.word_index(docs, lambda: described.append(os.getpid()))
    assert described == [os.getpid()]  # meanwhile ran once, here
    a, b = one.matrix, two.matrix
    assert one.features == two.features and a.indptr.tolist() == b.indptr.tolist()
    assert a.indices.tolist() == b.indices.tolist() and a.data.tolist() == b.data.tolist()


def test_top_per_group_is_a_stable_sort():
    rnd = np.random.default_rng(3)
    for trial in range(200):
        n = int(rnd.integers(0, 2000))
        group = rnd.integers(0, int(rnd.integers(1, 50)), n)
        if trial % 2:
            group = np.sort(group)
        value = rnd.integers(1, int(rnd.integers(2, 40)), n) / 7.0  # many ties
        k = int(rnd.integers(1, 40))
        order = np.lexsort((-value, group))
        first = np.searchsorted(group[order], group[order])
        want = np.sort(order[np.arange(n) - first < k])
        assert packed._top(group, value, k).tolist() == want.tolist()
        if trial % 2:
            assert packed._strongest(group, value, k).tolist() == want.tolist()
    group = np.repeat([0, 1, 2], 700)  # groups beyond ROW
    value = np.arange(2100) % 13 / 3.0
    order = np.lexsort((-value, group))
    want = np.sort(order[np.arange(2100) - np.searchsorted(group[order], group[order]) < 20])
    assert packed._top(group, value, 20).tolist() == want.tolist()


@pytest.mark.parametrize("kw", [{}, {"untagged": 0.3}, {"tags": 400}, {"special": True},
                                {"tags": 400, "untagged": 1.0}])
def test_bulk_ranking_is_identical(monkeypatch, kw):
    docs = site(seed=5, **kw)
    assert Ranker().rank(docs, NOW) == looped(monkeypatch, docs)


@pytest.mark.parametrize("config", [{"follow_ups": False}, {"reciprocal": 0, "reciprocal_wide": 0},
                                    {"top": 2, "half_life_days": 3}, {"threshold": 0.2}])
def test_bulk_ranking_is_identical_whatever_the_settings(monkeypatch, config):
    docs = site(seed=6, special=True)
    assert Ranker(config).rank(docs, NOW) == looped(monkeypatch, docs, config)


def test_every_shared_support_summed_by_the_loop_is_the_same(monkeypatch):
    docs = site(seed=7)
    want = Ranker().rank(docs, NOW)
    monkeypatch.setattr(linking, "HALF_SLACK", 1.0)  # every supported similarity is summed again by the loop
    assert Ranker().rank(docs, NOW) == want


def test_taxonomy_overlap_by_bits_and_by_codes():
    c = corpus.Corpus(sorted(site(seed=8, tags=300), key=lambda d: d.slug))
    rnd = np.random.default_rng(0)
    i, j = rnd.integers(0, N, 5000), rnd.integers(0, N, 5000)
    words = (max(t.bit_length() for t in c.taxa) + 63) // 64
    by_bits, by_codes = bulk._Bits(c.taxa, words).overlap(i, j), bulk._Taxonomy(c).overlap(i, j)
    assert by_bits[0].tolist() == by_codes[0].tolist() and by_bits[1].tolist() == by_codes[1].tolist()
    want = [c.overlap(a, b) for a, b in zip(i.tolist(), j.tolist())]
    assert [x / y if x else 0.0 for x, y in zip(*map(np.ndarray.tolist, by_bits))] == want


def test_tokens_find_the_same_markup():
    def before(t):  # the two-character searches _tokens used to start with
        return "`" in t or "{{" in t or "<" in t or "](" in t or "://" in t
    for t in ["plain", "a {b} c", "a ]b( c", "x: /y", "x://y", "{{< a >}}", "[a](b)", "`x`", "<b>", "]("]:
        noisy = text._NOISE.sub(" ", t)
        assert text._tokens(t) == (noisy if before(t) else t).encode().translate(text._SPLIT).decode().split()


@pytest.mark.parametrize("given", [{}, {"a": 0.5, "b": 1.0, "c": 0.0}, {"a": -0.0}, {"a": 1.5, "b": -2.0},
                                   {"a": 1, "b": True}, {"a": "x", "b": None}, {"a": float("nan")},
                                   {"a": np.float64(0.25)}, {"a": 0.5, "b": float("nan")}])
def test_saliences_taken_as_they_are_only_when_clamping_keeps_them(given):
    docs = [Document("x", "", "", NOW, entities={"z": 0.75}), Document("y", "", "", NOW, entities=given)]
    got, want = corpus.saliences(docs), [corpus.salience(d) for d in docs]
    assert repr(got) == repr(want) and [[type(v) for v in s.values()] for s in got] == \
        [[type(v) for v in s.values()] for s in want]


def test_packed_entities_are_the_same_index():
    from buzzhub.related.vectors import SparseIndex
    rnd = random.Random(9)
    bags = [{f"e{rnd.randint(0, 80)}": rnd.choice([0.3, 0.65, 1.0, rnd.random()]) for _ in range(rnd.randint(0, 30))}
            for _ in range(N)]  # repeated weights: ties at each cut
    want, got = SparseIndex(bags), packed.packed_bags(bags)
    assert list(got.postings.items()) == list(want.postings.items())
    assert got.posted == want.posted and got.vectors == want.vectors
    assert [list(v) for v in got.vectors] == [list(v) for v in want.vectors]  # bag order too


def test_counts_beyond_sixteen_bits_come_through():
    d = Document("x", "", "word " * 70000 + "other", NOW)
    words, ids, tf, lens = tally.raw_counts([d])
    assert tf.typecode == "i" and dict(zip((words[k] for k in ids), tf)) == {"word": 70000, "other": 1}
