"""The related-stories ranker on small hand-made stories (no ../shared needed)."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from buzzhub.related import DEFAULTS, Document, Ranker, validate
from buzzhub.related.reasons import distance
from buzzhub.related.text import fold_forms, words

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.timezone.utc)
ENTITY_ONLY = {"entity_weight": 1.0, "text_weight": 0.0, "taxonomy_weight": 0.0, "threshold": 0.01}

# Topics with their own vocabulary; stories of one topic share words, other topics share none.
TOPICS = {
    "chips": "accelerator wafer foundry packaging interconnect bandwidth inference silicon",
    "robots": "humanoid actuator gripper warehouse locomotion dexterity battery factory",
    "courts": "copyright lawsuit judge ruling infringement plaintiffs damages appeal",
    "weather": "rainfall forecast monsoon drought humidity cyclone satellite temperature",
    "garden": "compost seedling pruning orchard pollinator mulch irrigation harvest",
}


def story(slug, topic, days_ago=30, extra="", entities=None, names=None, **kw):
    words = TOPICS[topic].split()
    body = " ".join(words * 3) + " " + extra
    return Document(slug, f"{words[0]} {words[1]} {slug}", body, NOW - dt.timedelta(days=days_ago),
                    kw.pop("categories", ()), kw.pop("tags", ()), entities or {}, names or {}, **kw)


def corpus(*extra):
    """Two stories per topic plus whatever the test adds."""
    base = [story(f"{t}-{n}", t, days_ago=10 * n + i) for i, t in enumerate(TOPICS) for n in (1, 2)]
    return base + list(extra)


def slugs(links):
    return [link.slug for link in links]


# ---- what may never be linked

@pytest.mark.parametrize("bad", [
    story("chips-draft", "chips", draft=True),
    story("chips-future", "chips", days_ago=-3),
])
def test_never_drafts_or_future(bad):
    out = Ranker().rank(corpus(bad), NOW)
    assert all(bad.slug not in slugs(links) for links in out.values())
    assert out[bad.slug] is not None  # the hidden story still gets its own list (preview)


def test_never_itself_and_every_story_has_a_list():
    docs = corpus()
    out = Ranker().rank(docs, NOW)
    assert set(out) == {d.slug for d in docs}
    assert all(slug not in slugs(links) for slug, links in out.items())


def test_standalone_story_gets_nothing():
    lone = story("lone", "garden")
    docs = [d for d in corpus() if not d.slug.startswith("garden")] + [lone]
    out = Ranker().rank(docs, NOW)
    assert out["lone"] == []
    assert "lone" not in {s for links in out.values() for s in slugs(links)}


def test_same_topic_is_linked():
    out = Ranker().rank(corpus(), NOW)
    assert slugs(out["chips-1"]) == ["chips-2"]
    assert slugs(out["robots-2"]) == ["robots-1"]


# ---- entities: rarity and salience

def test_rare_shared_entity_beats_common_one():
    common = {"us": 1.0}
    docs = [story(f"filler-{i}", "weather", entities=dict(common)) for i in range(6)] + [
        story("a", "chips", entities={"us": 1.0, "llama": 1.0}, names={"llama": "Llama", "us": "United States"}),
        story("b", "robots", entities={"llama": 1.0}, names={"llama": "Llama"}),
        story("c", "courts", entities={"us": 1.0}, names={"us": "United States"}),
    ]
    out = Ranker({**ENTITY_ONLY, "reciprocal": 0}).rank(docs, NOW)
    assert slugs(out["a"])[0] == "b"


def test_salience_in_both_stories_counts():
    docs = [story(f"filler-{i}", "weather", entities={"x": 0.5}) for i in range(4)] + [
        story("a", "chips", entities={"meta": 1.0}),
        story("central", "robots", entities={"meta": 1.0}),
        story("passing", "courts", entities={"meta": 0.05}),
    ]
    out = Ranker({**ENTITY_ONLY, "reciprocal": 0}).rank(docs, NOW)
    link = {lk.slug: lk.score for lk in out["a"]}
    assert link["central"] >= link["passing"]


# ---- editor overrides

@pytest.mark.parametrize("pinned, excluded, want_first, absent", [
    (("courts-2", "weather-1"), (), ["courts-2", "weather-1"], None),
    ((), ("chips-2",), [], "chips-2"),
    (("chips-2",), ("chips-2",), [], "chips-2"),                # exclusion wins over a pin
    (("no-such-story", "courts-1"), (), ["courts-1"], "no-such-story"),
])
def test_pins_first_in_order_and_excludes_removed(pinned, excluded, want_first, absent):
    me = story("me", "chips", pinned=pinned, excluded=excluded)
    out = Ranker().rank(corpus(me), NOW)["me"]
    assert slugs(out)[: len(want_first)] == want_first
    assert absent is None or absent not in slugs(out)


def test_pins_are_kept_even_beyond_top():
    me = story("me", "chips", pinned=("courts-1", "courts-2", "weather-1"))
    out = Ranker({"top": 2}).rank(corpus(me), NOW)["me"]
    assert slugs(out) == ["courts-1", "courts-2", "weather-1"]


def test_pinned_draft_is_not_shown():
    hidden = story("hidden", "courts", draft=True)
    me = story("me", "chips", pinned=("hidden",))
    assert "hidden" not in slugs(Ranker().rank(corpus(hidden, me), NOW)["me"])


# ---- order: ties, determinism, time

@pytest.mark.parametrize("dates, want", [
    ({"t-b": 5, "t-c": 9}, ["t-b", "t-c"]),      # equal score: newer first
    ({"t-b": 5, "t-c": 5}, ["t-b", "t-c"]),      # equal score and date: slug order
    ({"t-c": 5, "t-b": 5}, ["t-b", "t-c"]),
])
def test_ties_by_date_then_slug(dates, want):
    cfg = {"half_life_days": 10**9, "reciprocal": 0}   # no decay: the twins score the same
    docs = corpus(story("t-a", "chips", days_ago=1), *(story(s, "chips", days_ago=d) for s, d in dates.items()))
    docs = [d for d in docs if not d.slug.startswith("chips-")]
    assert slugs(Ranker(cfg).rank(docs, NOW)["t-a"]) == want


def test_deterministic_whatever_the_input_order():
    docs = corpus(story("x", "chips", extra="foundry wafer"), story("y", "courts", extra="appeal"))
    first = Ranker().rank(docs, NOW)
    assert Ranker().rank(list(reversed(docs)), NOW) == first
    assert Ranker().rank(docs, NOW) == first


def test_closer_in_time_ranks_higher():
    docs = [d for d in corpus() if not d.slug.startswith("chips-")] + [
        story("now", "chips", days_ago=0), story("recent", "chips", days_ago=10),
        story("old", "chips", days_ago=1000)]
    out = Ranker({"reciprocal": 0}).rank(docs, NOW)["now"]
    assert slugs(out) == ["recent", "old"]
    assert out[0].score > out[1].score


def test_scores_are_rounded():
    for links in Ranker().rank(corpus(), NOW).values():
        assert all(lk.score == round(lk.score, 4) for lk in links)


# ---- follow-ups: newer stories of the same thread

@pytest.mark.parametrize("follow_ups, want", [(True, ["later"]), (False, [])])
def test_follow_ups(follow_ups, want):
    docs = [d for d in corpus() if not d.slug.startswith("courts-")] + [
        story("earlier", "courts", days_ago=20), story("later", "courts", days_ago=2)]
    out = Ranker({"follow_ups": follow_ups}).rank(docs, NOW)
    assert slugs(out["earlier"]) == want
    assert all(lk.follow_up for lk in out["earlier"])
    assert [(lk.slug, lk.follow_up) for lk in out["later"]] == [("earlier", False)]


# ---- reasons

@pytest.mark.parametrize("days, text", [
    (0.2, "same day"), (-1, "1 day earlier"), (2, "2 days later"), (-13, "13 days earlier"),
    (21, "3 weeks later"), (-90, "3 months earlier"), (800, "2 years later"), (-365, "1 year earlier"),
    (360, "1 year later"),
])
def test_time_distance_words(days, text):
    assert distance(days) == text


def test_reasons_name_shared_entities_then_time():
    names = {"meta": "Meta", "llama": "Llama", "us": "United States"}
    docs = corpus(
        story("a", "garden", days_ago=5, entities={"meta": 1.0, "llama": 1.0, "us": 0.1}, names=names),
        story("b", "garden", days_ago=7, entities={"meta": 1.0, "llama": 0.9}, names=names))
    docs = [d for d in docs if not d.slug.startswith("garden-")]
    link = Ranker().rank(docs, NOW)["a"][0]
    assert link.slug == "b"
    assert set(link.reasons[:-1]) == {"Meta", "Llama"}
    assert link.reasons[-1] == "2 days earlier"


# ---- settings

def test_defaults_are_complete():
    assert validate(None) == DEFAULTS
    assert {"top", "threshold", "entity_weight", "text_weight", "taxonomy_weight", "half_life_days",
            "follow_ups"} <= set(DEFAULTS)


@pytest.mark.parametrize("bad", [
    {"topp": 3}, {"top": 0}, {"top": "5"}, {"threshold": -1}, {"follow_ups": "yes"}, {"top": True},
    {"entity_weight": 0, "text_weight": 0, "taxonomy_weight": 0}, {"half_life_days": 0},
])
def test_bad_settings_are_refused(bad):
    with pytest.raises(ValueError):
        Ranker(bad)


@pytest.mark.parametrize("bad_docs", [
    [story("a", "chips"), story("a", "robots")],
    [Document("a", "t", "b", dt.datetime(2024, 1, 1))],
])
def test_bad_input_is_refused(bad_docs):
    with pytest.raises(ValueError):
        Ranker().rank(bad_docs, NOW)


def test_top_limits_the_list():
    docs = [story(f"c{i}", "chips", days_ago=i) for i in range(8)]
    assert all(len(v) <= 2 for v in Ranker({"top": 2, "reciprocal": 0}).rank(docs, NOW).values())


# ---- words

@pytest.mark.parametrize("text, want", [
    ("Microsoft’s lawsuits", ["microsoft", "lawsuits"]),
    ("Zürich and ZURICH", ["zurich", "zurich"]),
    ("GPT-4o on H100s", ["gpt", "4o", "h100s"]),
    ("[the report](https://example.com/x) `code` <b>bold</b> {{< ref x >}}", ["report", "bold"]),
    ("Ελλάδα", ["ελλαδα"]),  # accents folded in every script
    ("", []),
    ("lone \udcff surrogate", ["lone", "surrogate"]),
])
def test_words(text, want):
    assert words(text) == want


@pytest.mark.parametrize("a, b", [("rulings", "ruling"), ("ruled", "rule"), ("companies", "company")])
def test_word_forms_fold_together(a, b):
    bags = [Counter([a]), Counter([b])]
    fold_forms(bags)
    assert list(bags[0]) == list(bags[1])


def test_odd_documents_do_not_break_ranking():
    docs = [
        Document("empty", "", "", NOW),
        Document("accents", "Zürich São Paulo", "Müller’s “quoted” text — and more", NOW, entities={"e": "x"}),
        Document("markup", "T", "```\ncode\n```\n<div>html</div> {{< shortcode >}}", NOW, entities={"e": 7}),
    ]
    assert set(Ranker().rank(docs, NOW)) == {"empty", "accents", "markup"}


def test_untagged_stories_are_judged_on_words():
    docs = [d for d in corpus() if not d.slug.startswith("chips-")] + [
        story("tagged", "chips", entities={"nvidia": 1.0}), story("untagged", "chips")]
    assert slugs(Ranker().rank(docs, NOW)["tagged"]) == ["untagged"]


def test_drafts_do_not_crowd_out_published_links():
    """Three draft copies of b are closer to b than a is; they must not push a out of b's nearest."""
    b = story("b", "chips")
    twins = [Document(f"draft{k}", b.title, b.body, b.date, draft=True) for k in range(3)]
    docs = [d for d in corpus() if not d.slug.startswith("chips-")]
    out = Ranker().rank(docs + twins + [b, story("a", "chips", extra="ledger invoice tariff")], NOW)
    assert slugs(out["a"]) == ["b"]


# ---- second tier: looser neighbours only extend a box that already holds close links

def test_second_tier_extends_a_full_box_only():
    thread = [story(f"chips-{n}", "chips", days_ago=n, extra=" ".join(["wafer"] * n)) for n in range(1, 8)]
    lone = story("garden-alone", "garden", extra="wafer foundry")  # nearest is a chips story, but it is not one
    strict = Ranker({"reciprocal_wide": 0}).rank(thread + [lone], NOW)
    wide = Ranker({"reciprocal_wide": 7}).rank(thread + [lone], NOW)
    for slug, links in strict.items():
        if len(links) >= 3:  # a full box of close links may grow, never shrink or reorder
            assert slugs(wide[slug])[:len(links)] == slugs(links)
        else:
            assert slugs(wide[slug]) == slugs(links)
    assert any(len(wide[s]) > len(strict[s]) for s in strict)
    assert wide["garden-alone"] == [] == strict["garden-alone"]
