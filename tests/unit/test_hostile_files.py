"""Front matter and files nobody should write, and what the loader does with them: one located
`path:line: field: message` or the same article as the clean file; never an exception, never a hang.

Extends test_article.py (one fixture per editor mistake) with wrong types, YAML bombs, odd bytes and
Hypothesis-generated files.
"""
from __future__ import annotations

import os
import time

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buzzhub.article import FIELDS, build_article
from buzzhub.authors import load_authors
from buzzhub.problems import Problem
from buzzhub.source import MAX_DEPTH, MAX_NODES, decode, parse, read_source
from tests.unit.test_article import CTX, GOOD

PATH = "docs/articles/2024/x.md"


def load_bytes(raw: bytes, path: str = PATH):
    """The build's loading path (hub.load_article without the cache)."""
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    return build_article(parse(path, text), "articles/2024/x.md", CTX)


def assert_clean_report(raw: bytes, art, problems, path: str = PATH):
    """Only our own problems, each on a line that exists in the file, or a valid article."""
    lines = raw.count(b"\n") + raw.count(b"\r") + 2
    assert all(isinstance(p, Problem) for p in problems)
    for p in problems:
        assert p.path == path and 1 <= p.line <= lines and p.field and p.message, p
    assert (art is None) == bool(problems)


# ---- wrong types: each field, each kind of wrong value -> one problem on that field's line

WRONG = {
    "title": [123, ["a"], {"a": 1}, None, True, "  "],
    "date": ["soon", 20240101, ["2024-01-01"], None, True, "2024-13-45"],
    "authors": ["ana", [1], [["ana"]], {"ana": 1}, None, [], ["ana", "ana"]],
    "categories": ["Policy", [1], [], None, ["Policy"] * 2, ["Policy", "Models", "Health", "Research"]],
    "description": [1.5, ["x"], None, "x" * 301],
    "tags": ["ai", [1], [None], {"a": 1}, ["a", "a"]],
    "image": [1, "../secret.png", "/etc/passwd", "http://insecure/x.png", "a\\b.png", "javascript:alert(1)"],
    "slug": ["Has Spaces", "UPPER", "a--b", "-x", 5, "ünï", "../x"],
    "draft": ["yes", 1, "true", None],
    "top": ["no", 0],
    "updated": ["later", 5],
    "canonical_url": ["javascript:alert(1)", "ftp://x", "//evil.example/x", 5, "data:text/html,x"],
    "source": [5, ["x"]],
    "entities": ["meta", ["Meta"], [1]],
    "related": ["x", ["Not A Slug"]],
    "redirect_from": ["old/", ["/abs/"], ["../up/"], ["a b/"], [5], ["x/../../y/"], ["./"], ["a/./b/"], ["//"]],
}
CASES = [(k, v) for k, vals in WRONG.items() for v in vals]


@pytest.mark.parametrize("field,value", CASES, ids=[f"{k}={v!r}"[:40] for k, v in CASES])
def test_wrong_type_gives_one_located_problem_for_that_field(field, value):
    meta = {"title": "Good", "date": "2024-11-04", "authors": ["ana"], "categories": ["Policy"],
            "description": "Fine.", field: value}
    if field == "image":
        meta["image_alt"] = "alt"
    text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\nBody\n"
    art, problems = load_bytes(text.encode())
    assert art is None
    line = next(i for i, ln in enumerate(text.split("\n"), 1) if ln.startswith(f"{field}:"))
    assert [(p.line, p.field) for p in problems] == [(line, field)], [str(p) for p in problems]


def test_every_field_has_wrong_type_cases():
    assert set(WRONG) | {"image_alt", "entities_exclude", "related_exclude"} == set(FIELDS)


# ---- YAML that would hang or explode

BILLION_LAUGHS = """---
title: x
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---
Body
"""

BOMBS = {
    "billion laughs": (BILLION_LAUGHS, 3, "anchors and aliases"),
    "one alias": ("---\ntitle: &t Hello\ndescription: *t\n---\n", 2, "anchors and aliases"),
    "merge key": ("---\nbase: &b {title: x}\n<<: *b\n---\n", 2, "anchors and aliases"),
    "deep flow": ("---\ntitle: " + "[" * 30_000 + "]" * 30_000 + "\n---\n", 2, f"deeper than {MAX_DEPTH}"),
    "deep block": ("---\ntitle:\n" + "".join(" " * i + "- \n" for i in range(1, 100)) + "---\n", 2 + MAX_DEPTH,
                   f"deeper than {MAX_DEPTH}"),
    "many values": ("---\ntags: [" + ", ".join(f"t{i}" for i in range(MAX_NODES + 10)) + "]\n---\n", 2,
                    f"more than {MAX_NODES}"),
    "huge front matter": ("---\ntitle: " + "x" * 70_000 + "\n---\n", 2, "the limit is 64 KB"),
    "control character": ("---\ntitle: ok\ndescription: a\x1bb\n---\n", 3, "U+001B"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_yaml_bombs_are_refused_quickly_with_a_located_problem(name):
    text, line, words = BOMBS[name]
    t0 = time.perf_counter()
    art, problems = load_bytes(text.encode())
    assert time.perf_counter() - t0 < 2.0
    assert art is None
    assert any(p.line == line and p.field == "front matter" and words in p.message for p in problems), \
        [str(p) for p in problems]


def test_authors_file_refuses_aliases_control_characters_and_script_urls(tmp_path):
    f = tmp_path / "authors.yml"
    f.write_text("ana: &a\n  name: Ana\nbo: *a\n")
    assert "anchors and aliases" in load_authors(str(f))[1][0].message
    f.write_text("ana:\n  name: A\x07na\n")
    assert load_authors(str(f))[1][0].line == 2
    f.write_bytes(b"ana:\n  name: \xff\n")
    assert "not valid UTF-8" in load_authors(str(f))[1][0].message
    f.write_text("ana:\n  name: Ana\n  url: javascript:alert(1)\n")
    authors, problems = load_authors(str(f))
    assert authors["ana"].url == "" and [(p.line, p.field) for p in problems] == [(1, "ana.url")]


# ---- files that read like their clean twin

def _twin(raw: bytes):
    art, problems = load_bytes(raw)
    assert problems == [], [str(p) for p in problems]
    return art.title, art.slug, art.date, art.authors, art.description, art.body.strip()


@pytest.mark.parametrize("variant", [
    b"\xef\xbb\xbf" + GOOD.encode(),                               # BOM
    GOOD.replace("\n", "\r\n").encode(),                           # CRLF
    GOOD.replace("\n", "\r").encode(),                             # CR only
    b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),         # both
    ("\n\n" + GOOD).encode(),                                      # blank lines before ---
    GOOD.replace("---\n", "---  \n").encode(),                     # trailing blanks on the delimiters
    GOOD.replace("date: 2024-11-04", "date: '2024-11-04'").encode(),  # quoted date: the same day
])
def test_variants_read_like_the_clean_file(variant):
    assert _twin(variant) == _twin(GOOD.encode())


@pytest.mark.parametrize("prefix,shift", [("", 0), ("\ufeff", 0), ("\n\n", 2)])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_invalid_yaml_line_is_the_file_line(prefix, shift, newline):
    text = prefix + "---\ntitle: Good\ndate: 2024-11-04\ntags: [a, b\nauthors: [ana]\n---\nBody\n"
    art, problems = load_bytes(text.replace("\n", newline).encode())
    assert art is None
    assert any(p.field == "front matter" and "invalid YAML" in p.message and p.line in (5 + shift, 6 + shift)
               for p in problems), [str(p) for p in problems]


@pytest.mark.parametrize("raw,field,words", [
    (b"", "front matter", "missing"),
    (b"\xef\xbb\xbf", "front matter", "missing"),
    (b"---\n---\n", "front matter", "missing"),
    (b"\n\n\n", "front matter", "missing"),
    (GOOD.encode() + b"\x00", "file", "NUL byte"),
    (GOOD.encode().replace(b"Good", b"G\xc3(od"), "file", "not valid UTF-8"),
    (b"Intro\n\n" + GOOD.encode(), "front matter", "must start with a line '---'"),
    (GOOD.replace("\n---\n", "\n...\n", 1).encode(), "front matter", "no closing"),
    (GOOD.replace("title: Good", "title: Good\ntitle: Again").encode(), "title", "duplicate key"),
    (GOOD.replace("title: Good", "title: Good\ndraft: off").encode(), "draft", "'off' is read by YAML as false"),
])
def test_odd_files_give_one_clear_problem(raw, field, words):
    art, problems = load_bytes(raw)
    assert art is None
    assert any(p.field == field and words in p.message for p in problems), [str(p) for p in problems]
    assert_clean_report(raw, art, problems)


def test_a_20_mb_file_is_refused_fast(tmp_path):
    p = tmp_path / "big.md"
    p.write_bytes(GOOD.encode() + b"word " * (4 * 1024 * 1024))
    t0 = time.perf_counter()
    src = read_source(p)
    assert time.perf_counter() - t0 < 2.0
    assert [x.field for x in src.problems] == ["file"] and "too large" in src.problems[0].message


# ---- Hypothesis: arbitrary bytes, arbitrary YAML, arbitrary edits of a good file

FUZZ = settings(max_examples=int(os.environ.get("BUZZHUB_FUZZ_EXAMPLES", "150")), deadline=2000, suppress_health_check=[HealthCheck.too_slow], database=None)

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                         st.text(max_size=40), st.dates(), st.datetimes(),
                         st.sampled_from(["no", "yes", "off", "2024-11-04", "2024-11-04T09:30:00+00:00", "~",
                                          "<script>", "{{ x }}", "ana", "Policy", "a-slug", "../x", "null"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(sorted(FIELDS)) | st.text(max_size=12), yaml_values, max_size=10)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_give_only_our_problems(raw):
    art, problems = load_bytes(raw)
    assert_clean_report(raw, art, problems)


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_after_an_opening_delimiter(raw):
    raw = b"---\n" + raw + b"\n---\nBody\n"
    art, problems = load_bytes(raw)
    assert_clean_report(raw, art, problems)


@FUZZ
@given(front_matter, st.text(max_size=200))
def test_random_yaml_front_matter(meta, body):
    try:
        dumped = yaml.safe_dump(meta, allow_unicode=True)
    except yaml.YAMLError:
        return
    raw = ("---\n" + dumped + "---\n" + body).encode("utf-8", "surrogatepass")
    art, problems = load_bytes(raw)
    assert_clean_report(raw, art, problems)
    if art is not None:   # whatever got through is well-typed
        assert isinstance(art.title, str) and art.title and isinstance(art.authors, tuple)
        assert art.date.tzinfo is not None and art.slug


@FUZZ
@given(st.text(max_size=400))
def test_random_text_between_delimiters(text):
    raw = ("---\n" + text + "\n---\nBody\n").encode("utf-8", "surrogatepass")
    art, problems = load_bytes(raw)
    assert_clean_report(raw, art, problems)


@FUZZ
@given(st.integers(0, len(GOOD)), st.text(min_size=1, max_size=8))
def test_random_insertions_into_a_good_file(at, junk):
    raw = (GOOD[:at] + junk + GOOD[at:]).encode("utf-8", "surrogatepass")
    art, problems = load_bytes(raw)
    assert_clean_report(raw, art, problems)


def test_article_discovery_follows_folder_links_refuses_outside_ones_and_ends_loops(tmp_path):
    from buzzhub.hub import article_paths
    root, outside = tmp_path / "repo", tmp_path / "outside"
    arts = root / "docs" / "articles"
    (arts / "2024").mkdir(parents=True)
    (root / "more").mkdir()
    outside.mkdir()
    for p in (arts / "2024" / "a.md", root / "more" / "b.md", outside / "c.md"):
        p.write_text("---\ntitle: x\n---\n")
    os.symlink(root / "more", arts / "more")           # inside the repository: found
    os.symlink(outside, arts / "away")                  # outside: refused with a located problem
    os.symlink(arts, arts / "2024" / "loop")            # a loop: each real folder once, no hang
    found, problems = article_paths(str(root / "docs"), str(root))
    assert found == [str(arts / "2024" / "a.md"), str(arts / "more" / "b.md")]
    assert [(p.path, p.field) for p in problems] == [(str(arts / "away" / "c.md"), "file")]
    assert "outside the repository" in problems[0].message
