"""The tagger's fast paths give exactly what the plain rules give."""
from __future__ import annotations

import pickle
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from buzzhub.entities import cues
from buzzhub.entities.mask import INLINE_RE, _mask_blocks, inline_spans, mask_markdown
from buzzhub.entities.matcher import Mention, TaggedEntity, Tagger
from buzzhub.entities.registry import load_registry
from buzzhub.entities.surface import Probe, SurfaceIndex

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "entities"
MARKUP = ["`", "``", "<", ">", "<!--", "-->", "](", "(", ")", "[", "]", "]:", "http://", "www.", "@", "a",
          "Bob", "x.y", "{{", "}}", "{%", "%}", " ", "\n", "\n\n", "    ", "\t", "<b>", "</b>", "<pre x='1'>",
          "</pre>", "\"", "'", "=", "-", ".", "_", "é", "<http://a.b>", "a@b.c", "\r", "\u2028", "```", "~~~"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(MARKUP), max_size=40))
def test_inline_spans_are_what_one_alternation_finds(parts):
    text = "".join(parts)
    assert inline_spans(text) == [m.span() for m in INLINE_RE.finditer(text)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MARKUP), max_size=40))
def test_mask_keeps_length_and_newlines_on_any_markup(parts):
    body = "".join(parts)
    masked = mask_markdown(body)
    assert len(masked) == len(body)
    assert [i for i, c in enumerate(body) if c == "\n"] == [i for i, c in enumerate(masked) if c == "\n"]


def test_blocks_fast_path_still_sees_indents_after_any_line_break():
    assert _mask_blocks("Intro.\r\r    code\r") == "Intro.\r\r" + " " * 9
    assert _mask_blocks("Plain prose.\n\nMore prose.\n") == "Plain prose.\n\nMore prose.\n"


def _prev_word_by_regex(text: str, start: int) -> tuple[str, str]:
    window = text[max(text.rfind("\n", max(0, start - 80), start) + 1, start - 80, 0):start]
    m = re.search(r"(\S+)([ \u00a0]?)$", window)
    return (re.search(r"[\w'’.&-]*$", m.group(1)).group(0), m.group(2)) if m else ("", "")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aB1_'’-.&, \u00a0\t\n\u2003é", max_size=30))
def test_prev_word_matches_its_regex_definition(text):
    for start in range(len(text) + 1):
        assert cues.prev_word(text, start) == _prev_word_by_regex(text, start)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAbZ19_'’- .éÉß", max_size=40))
def test_title_case_counts_words_of_four_letters_or_more(line):
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if len(w) > 3]
    expected = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
    assert cues.title_case_line(line, 0) == expected


def test_one_index_serves_several_form_lists():
    index = SurfaceIndex(["Google", "Google Cloud"], ["Google", "cloud"])
    names, context = index.spans(Probe("Google Cloud and the cloud."))
    assert names == [(0, 12, 1)]
    assert context == [(0, 6, 0), (21, 26, 1)]
    assert [(h.start, h.end, h.form) for h in index.find("Google.")] == [(0, 6, 0)]


def test_word_boundaries_outside_ascii():
    index = SurfaceIndex(["Meta", "深度求索"])
    assert index.find("Metaé Meta") == [index.find("Meta")[0].__class__(6, 10, 0)]
    assert [h.start for h in index.find("由深度求索开发")] == [1]


def test_tagged_entities_survive_pickling():
    reg, _ = load_registry(FIXTURE)
    text = "Google and Anthropic met. Google said so."
    tagged = Tagger(reg).tag(text)
    assert tagged and any(t.mentions for t in tagged)
    assert pickle.loads(pickle.dumps(tagged)) == tagged
    bare = TaggedEntity("x", "X", "company", None, 1.0, (Mention(0, 1, "X"),))
    assert pickle.loads(pickle.dumps(bare)) == bare
