"""Table-driven validation tests: one fixture file per editor mistake, checked to the line."""
import shutil

import pytest

from buzzhub.article import build_article, slugify
from buzzhub.authors import Author
from buzzhub.source import parse, read_source
from tests.conftest import FIXTURES

CTX = {"authors": {"ana": Author("ana", "Ana"), "bo": Author("bo", "Bo")},
       "categories": ["Policy", "Models", "Health", "Research"], "description_max": 300}

# fixture -> (line, field, words the message must contain)
CASES = {
    "missing-title.md": (1, "title", "required"),
    "unknown-author.md": (4, "authors", "unknown author 'anna'"),
    "unknown-category.md": (5, "categories", "unknown category 'Politics'"),
    "too-many-categories.md": (5, "categories", "1 to 3"),
    "unknown-key.md": (7, "catgories", "did you mean 'categories'"),
    "duplicate-key.md": (7, "title", "duplicate key (first given on line 2)"),
    "norway.md": (7, "draft", "'no' is read by YAML as false"),
    "naive-datetime.md": (3, "date", "timezone offset"),
    "bad-date.md": (3, "date", "is not a date"),
    "authors-string.md": (4, "authors", "must be a list"),
    "title-list.md": (2, "title", "non-empty text"),
    "long-description.md": (6, "description", "320 characters"),
    "invalid-yaml.md": (5, "front matter", "invalid YAML"),
    "invalid-utf8.md": (2, "file", "not valid UTF-8"),
    "nul-byte.md": (5, "file", "NUL byte"),
    "empty.md": (1, "front matter", "missing"),
    "no-front-matter.md": (1, "front matter", "missing"),
    "not-at-top.md": (1, "front matter", "must start with a line '---'"),
    "unclosed.md": (1, "front matter", "no closing"),
    "bad-slug.md": (7, "slug", "lowercase letters"),
    "image-no-alt.md": (7, "image_alt", "alt text"),
    "image-escape.md": (7, "image", "stays inside docs/"),
    "updated-before.md": (7, "updated", "earlier than date"),
    "bad-canonical.md": (7, "canonical_url", "http(s) URL"),
    "entities-shape.md": (7, "entities", "must be a list"),
    "related-shape.md": (7, "related", "not a valid article slug"),
    "draft-string.md": (7, "draft", "true or false"),
}


def load(path):
    src = read_source(path)
    return build_article(src, path.name, CTX)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_bad_file_gives_one_located_problem(name):
    line, field, words = CASES[name]
    art, problems = load(FIXTURES / "bad" / name)
    assert art is None
    assert any(p.line == line and p.field == field and words in p.message for p in problems), \
        [str(p) for p in problems]
    assert all(str(p).startswith(str(FIXTURES / "bad" / name) + ":") for p in problems)


def test_every_fixture_has_a_case():
    assert sorted(p.name for p in (FIXTURES / "bad").iterdir()) == sorted(CASES)


GOOD = "---\ntitle: Good\ndate: 2024-11-04\nauthors: [ana]\ncategories: [Policy]\ndescription: Fine.\n---\nBody text\n"


@pytest.mark.parametrize("variant", [
    GOOD,
    "\ufeff" + GOOD,
    GOOD.replace("\n", "\r\n"),
    GOOD.replace("\n", "\r"),
    "\n\n" + GOOD,
])
def test_bom_crlf_cr_and_leading_blank_lines_read_like_the_clean_file(tmp_path, variant):
    p = tmp_path / "good-story.md"
    p.write_bytes(variant.encode("utf-8"))
    art, problems = load(p)
    assert problems == []
    assert (art.title, art.slug, art.body.strip()) == ("Good", "good-story", "Body text")
    assert art.date.isoformat() == "2024-11-04T00:00:00+00:00"


def test_all_problems_reported_in_one_pass(tmp_path):
    p = tmp_path / "a.md"
    p.write_text("---\ntitle: T\ndate: soon\nauthors: [zed]\ncategories: [Nope]\nfoo: 1\n---\nB\n")
    _, problems = load(p)
    assert {x.field for x in problems} == {"date", "authors", "categories", "foo", "description"}


def test_slug_defaults_to_file_name_and_can_be_set(tmp_path):
    p = tmp_path / "Äpfel und Birnen.md"
    p.write_text(GOOD)
    assert load(p)[0].slug == "apfel-und-birnen"
    p.write_text(GOOD.replace("title: Good", "title: Good\nslug: chosen-one"))
    assert load(p)[0].slug == "chosen-one"
    assert slugify("AT&T's “Pro” plan") == "at-t-s-pro-plan"


def test_datetime_with_offset_is_kept(tmp_path):
    p = tmp_path / "x.md"
    p.write_text(GOOD.replace("2024-11-04", "2024-11-04T09:30:00+02:00"))
    art, _ = load(p)
    assert art.date.utcoffset().total_seconds() == 7200


def test_large_file_is_refused_without_reading_it_as_an_article(tmp_path):
    p = tmp_path / "big.md"
    p.write_bytes(GOOD.encode() + b"x" * (20 * 1024 * 1024))
    art, problems = load(p)
    assert art is None and problems[0].field == "file" and "too large" in problems[0].message
