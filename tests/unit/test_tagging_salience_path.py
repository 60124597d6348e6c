"""The site's tagging path (saliences without mentions) and the matcher's shortcuts give exactly what
the plain rules give."""
from __future__ import annotations

import datetime as dt
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from buzzhub import background, site
from buzzhub.article import Article
from buzzhub.entities import cues
from buzzhub.entities.matcher import apply_overrides
from buzzhub.entities.surface import Probe, SurfaceIndex, _glues, _leftmost_longest
from tests.unit.test_matcher import registry, tagger  # noqa: F401  the entity fixture registry, shared

WORDS = ["Google", "Amazon", "Meta", "X", "Claude Code", "Claude", "Anthropic", "AWS", "Cursor", "NEO",
         "humanoid", "Dragoș Tudorache", "Tudorache", "Gaudi\u0301", "深度求索", "Washington", ", DC", "the",
         "a", "The", ",", ".", "'s", "’s", "-", "`", "\n\n", "\n# ", "https://a.test/x", "<b>", "</b>",
         "apple", "Apple", "Arm-based", "Big", "of", "\"", " "]


def _article(body: str, title: str) -> tuple[str, int, str, int]:
    front = f'---\ntitle: "{title}"\n---\n'
    return front + body, len(front), title, len("---\ntitle: \"")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=50), st.lists(st.sampled_from(WORDS[:12]), max_size=4))
def test_saliences_are_tags_ids_and_saliences(tagger, body_words, title_words):
    text, off, title, toff = _article(" ".join(body_words), " ".join(title_words) or "Plain")
    expected = [(t.id, t.salience) for t in tagger.tag(text, off, title, toff)]
    assert tagger.saliences(text, off, title, toff) == expected
    assert tagger.saliences(text, off, title, None) == [(t.id, t.salience) for t in tagger.tag(text, off, title)]


def _spans_by_definition(keys: list[list[str]], text: str) -> list[list[tuple[int, int, int]]]:
    """Every whole-word occurrence of every key, then leftmost-longest by sorting."""
    def glued(i: int) -> bool:
        return 0 <= i < len(text) and _glues(text[i])
    out = []
    for listed in keys:
        found = []
        for idx, key in enumerate(listed):
            at = text.find(key)
            while at >= 0:
                end = at + len(key)
                if not (_glues(key[0]) and glued(at - 1)) and not (_glues(key[-1]) and glued(end)):
                    found.append((at, end, idx))
                at = text.find(key, at + 1)
        kept, last = [], 0
        for start, end, idx in sorted(found, key=lambda m: (m[0], -m[1])):
            if start >= last:
                kept.append((start, end, idx))
                last = end
        out.append(kept)
    return out


KEYS = ["a", "b", "ab", "ba", "a b", "b a", "ab a", "a-b", "b.", ".a", "aab", "é", "éa", "a é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True),
       st.lists(st.sampled_from(KEYS), max_size=4, unique=True),
       st.text(alphabet="ab .-é", max_size=40))
def test_spans_are_leftmost_longest_whole_word_matches(names, context, text):
    index = SurfaceIndex(names, context)
    assert index.spans(Probe(text)) == _spans_by_definition([names, context], text)


@settings(max_examples=400, deadline=None)
@given(st.sets(st.tuples(st.integers(0, 30), st.integers(1, 8)), max_size=25))
def test_streamed_pick_is_the_sorted_greedy_pick(intervals):
    matches = sorted({(s, s + n) for s, n in intervals}, key=lambda m: (m[1], m[0]))  # Aho-Corasick's order
    kept, last = [], 0
    for start, end in sorted(matches, key=lambda m: (m[0], -m[1])):
        if start >= last:
            kept.append((start, end, 0))
            last = end
    assert _leftmost_longest([(s, e, 0) for s, e in matches]) == kept


def test_a_match_that_loses_leaves_the_ones_it_covers():
    # "CD EFG" covers "EF" but starts inside "AB CD": "EF" stays.
    assert _leftmost_longest([(0, 5, 0), (6, 8, 1), (3, 9, 2)]) == [(0, 5, 0), (6, 8, 1)]
    index = SurfaceIndex(["AB CD", "EF", "CD EFG"])
    assert index.spans(Probe("AB CD EFG"))[0] == [(0, 5, 0)]
    assert index.spans(Probe("AB CD EF G"))[0] == [(0, 5, 0), (6, 8, 1)]


def _title_case_by_definition(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["word ", "Word ", "into ", "a ", "The ", "Éclair ", "éclair ", "?", "Ünder ",
                                 "’s ", "-", "x", "AI ", "OpenAI ", "1234 ", "_abc ", " ", "\n", "ĳssel "]),
                max_size=120))
def test_title_case_shortcut_agrees_with_the_word_rule(parts):
    line = "".join(parts)
    for pos in {0, len(line) // 2, len(line)}:
        window = line[cues._line_start(line, pos, cues.WINDOW):cues._line_end(line, pos, cues.WINDOW)]
        assert cues.title_case_line(line, pos) == _title_case_by_definition(window)


@pytest.mark.parametrize("line,expected", [("Word Word Word word", True), ("Éclair Ünder Word word", True),
                                           ("Word Word word word", False), ("Word Word Word word word", False)])
def test_title_case_at_the_three_to_one_edge(line, expected):
    assert cues.title_case_line(line, 0) is expected


def test_nfd_text_saliences(tagger):
    body = unicodedata.normalize("NFD", "Dragoș Tudorache spoke. Later Tudorache and Google met.")
    text, off, title, toff = _article(body, "Tudorache and Google")
    assert tagger.saliences(text, off, title, toff) == [(t.id, t.salience) for t in tagger.tag(text, off, title, toff)]


def _story(slug: str, body: str, **extra) -> Article:
    text = f"---\ntitle: {slug}\n---\n{body}"
    return Article(path=f"{slug}.md", slug=slug, title=slug, date=dt.datetime(2025, 1, 1), authors=(),
                   categories=(), description="", body=body, text=text, body_offset=text.index(body), **extra)


def test_tag_all_matches_the_overrides_rule(registry, tagger, monkeypatch):
    monkeypatch.setattr(site, "_TAG_CACHE", {})
    monkeypatch.setattr(background, "available", lambda n: False)
    stories = [_story("one", "Google and Anthropic met. Google said so."),
               _story("two", "Amazon grew. AWS led the growth.", entities=("meta",), entities_exclude=("aws",)),
               _story("three", "Google and Anthropic met. Google said so again.")]
    tagged = site.tag_all(stories, registry, tagger)
    for a in stories:
        full = tagger.tag(a.text, a.body_offset, a.title, a.text.find(a.title, 0, a.body_offset))
        want = apply_overrides(full, a.entities, a.entities_exclude, registry)
        assert [(t.id, t.name, t.type, t.wikidata, t.salience) for t in tagged[a.slug]] == \
               [(t.id, t.name, t.type, t.wikidata, t.salience) for t in want]
        assert all(t.mentions == () for t in tagged[a.slug])
    assert tagged["one"][0] is tagged["three"][0]  # one frozen entity per (id, salience)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\n", max_size=30), st.integers(-35, 35), st.integers(0, 12))
def test_line_start_is_its_max_formula(text, pos, window):
    expected = max(text.rfind("\n", max(0, pos - window), pos) + 1, pos - window, 0)
    assert cues._line_start(text, pos, window) == expected
