"""Property: any text an editor or maintainer can put in a text field comes out of a real build as that
exact text, in every place it is printed, and adds no element or attribute.

One Hypothesis example = one fixture hub carrying 16 hostile values (3 titles, 3 descriptions, 3 image
alts, 2 tags, an author name and bio, a category, an entity name and description) = one `mkdocs build`.
Example counts are small because builds are slow; set BUZZHUB_HYPOTHESIS_BUILDS to run more locally.
Shrinking is off for the same reason: a failure prints the full example, which is reproducible.
"""
from __future__ import annotations

import gzip
import json
import os
from itertools import count

import feedparser
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from buzzhub.scan import scan_site
from tests.build.conftest import make_fixture, run_build
from tests.build.hostile import (N_VALUES, SITE_NAME, feed_texts, hostile_text, jsonld_blocks, meta_content,
                                 our_scripts, place, shape, share_values, soup)

pytestmark = pytest.mark.build
BUILDS = int(os.environ.get("BUZZHUB_HYPOTHESIS_BUILDS", "3"))
NASTY = ['</title><script>alert(1)</script>', 'AT&T\'s "<Pro>" &amp; ]]> {{ 7*7 }}',
         '{% raw %}<img src=x onerror=alert(1)>', "' onfocus='alert(1)' autofocus x='",
         'javascript:alert(1) <!-- -->', "\u202eשלום مرحبا\u202c 😀 👩\u200d💻 e\u0301",
         '<svg onload=alert(1)>', '"><iframe src=javascript:alert(1)>', '</textarea></style>',
         '<b>bold</b> & <i>it</i>', '&lt;tag&gt; a&b', 'Bo "Quotes" <Chen> & Co',
         'Writes about <models> & ]]> benchmarks {{ x }}', 'Policy <&> "AI"', 'Zorblax <Quantum> & "Co"',
         'Makes <script>alert("x")</script> quantum chips & ]]>']
_n = count()


def _twin_values():
    return [f"Plain value {i}" for i in range(N_VALUES)]


@pytest.fixture(scope="module")
def twin(tmp_path_factory):
    """The same hub with plain values: the structure every hostile build must match."""
    root = make_fixture(tmp_path_factory.mktemp("twin") / "hub")
    expect = place(root, _twin_values())
    built = run_build(root)
    assert built.ok, built.log
    return built, expect


def _pages(site, category_slug):
    """Site-relative HTML paths, with the value-dependent category folder given a fixed name."""
    out = {}
    for p in sorted(site.rglob("*.html")):
        rel = p.relative_to(site).as_posix().replace(f"category/{category_slug}/", "category/@hx/")
        out[rel] = p
    return out


def _text_after_type(chip):
    span = chip.select_one(".bh-chip__type")
    return chip.get_text()[len(span.get_text()):] if span else chip.get_text()


def check_article(site, a, expect):
    page = soup(site / f"articles/{a['slug']}/index.html")
    au, cat, ent = expect["author"]["name"], expect["category"], expect["entity"]["name"]
    title, desc, alt = a["title"], a["description"], a["alt"]
    assert page.title.get_text() == f"{title} - {SITE_NAME}"
    assert page.select_one("article h1").get_text() == title
    assert page.select_one("article .bh-standfirst").get_text() == desc
    assert page.select_one(".bh-hero img")["alt"] == alt
    assert meta_content(page, "description") == [desc]
    for key, want in (("og:title", title), ("og:description", desc), ("og:image:alt", alt),
                      ("twitter:image:alt", alt)):
        assert meta_content(page, key) == [want], key
    assert set(meta_content(page, "article:tag")) >= {cat, *a["tags"]}
    [ld] = jsonld_blocks(page)                      # exactly one block, and it parses
    assert (ld["headline"], ld["description"]) == (title, desc)
    assert [p["name"] for p in ld["author"]] == [au]
    assert cat in ld["articleSection"] and ld["keywords"] == a["tags"]
    assert ent in [t["name"] for t in ld.get("about", []) + ld.get("mentions", [])]
    assert [x.get_text() for x in page.select(".bh-byline a[rel=author]")] == [au]
    assert cat in [x.get_text() for x in page.select(".bh-kicker a")]
    assert " " + ent in [_text_after_type(c) for c in page.select("article .bh-chip")]
    shares = share_values(page)
    if shares:                                      # the share partial may be switched off
        url = page.find("link", rel="canonical")["href"]
        allowed = {title, url, f"{title} {url}"}
        assert all(v in allowed for vals in shares for v in vals), shares
        assert any(title in vals or f"{title} {url}" in vals for vals in shares)
    return page


def check_build(site, expect):
    arts = expect["articles"]
    for i, a in enumerate(arts):
        page = check_article(site, a, expect)
        nxt = arts[(i + 1) % len(arts)]
        assert nxt["title"] in [x.get_text() for x in page.select(".bh-related a")]
    cat_page = soup(site / f"category/{expect['category_slug']}/index.html")
    assert cat_page.select_one("h1").get_text() == expect["category"]
    assert cat_page.title.get_text() == f"{expect['category']} - {SITE_NAME}"
    pages = [cat_page] + [soup(p) for p in sorted((site / f"category/{expect['category_slug']}/page").rglob("*.html"))]
    # page 1: cards (title and dek); later pages: one-line rows (title only)
    titles = [x.get_text() for pg in pages for x in pg.select(".bh-card__title a, .bh-rows li > a")]
    assert titles == [a["title"] for a in reversed(arts)]              # newest first, over the pages
    deks = [x.get_text() for x in cat_page.select(".bh-card__dek")]
    assert deks and deks == [a["description"] for a in reversed(arts)][:len(deks)]
    au = expect["author"]
    author = soup(site / f"author/{au['id']}/index.html")
    assert author.select_one("h1").get_text() == au["name"]
    assert au["bio"] in [p.get_text() for p in author.select(".bh-listing__header p")]
    ent = expect["entity"]
    entity = soup(site / "entities/hx-entity/index.html")
    assert entity.select_one("h1").get_text() == ent["name"]
    assert entity.select_one(".bh-standfirst").get_text() == ent["description"]
    assert meta_content(entity, "description") == [ent["description"]]
    index = soup(site / "entities/index.html")
    assert ent["name"] in [x.get_text() for x in index.select(".bh-entity-index a")]
    _check_search(site, expect)
    _check_feeds(site, expect)


def _as_html_text(value: str) -> str:
    """Material's search UI inserts index strings with innerHTML: they must be text once parsed."""
    parsed = BeautifulSoup(value, "html.parser")
    assert parsed.find(True) is None, value
    return parsed.get_text()


def _pagefind_docs(site) -> dict:
    """Pagefind's per-page fragments: gzip, a `pagefind_dcd` signature, then JSON."""
    out = {}
    for f in (site / "pagefind/fragment").glob("*.pf_fragment"):
        data = gzip.decompress(f.read_bytes())
        doc = json.loads(data[data.index(b"{"):])
        out[doc["url"]] = doc
    return out


def _check_search(site, expect):
    if (site / "pagefind").is_dir():
        docs = _pagefind_docs(site)
        base = "/"                                    # Pagefind stores site-root URLs
        for a in expect["articles"]:
            doc = docs[f"{base}articles/{a['slug']}/"]
            assert doc["meta"]["title"] == a["title"]
            assert doc["meta"].get("category", expect["category"]) == expect["category"]
            assert expect["category"] in doc["filters"].get("category", [])
            assert expect["entity"]["name"] in doc["filters"].get("entity", [])
        return
    docs = {d["location"]: d for d in json.loads((site / "search/search_index.json").read_text())["docs"]}
    for a in expect["articles"]:
        doc = docs[f"articles/{a['slug']}/"]
        assert _as_html_text(doc["title"]) == a["title"]
        assert [_as_html_text(t) for t in doc.get("tags", [])] == a["tags"]
    for loc, want in ((f"author/{expect['author']['id']}/", expect["author"]["name"]),
                      ("entities/hx-entity/", expect["entity"]["name"])):
        if loc in docs:                              # listings are not always indexed
            assert _as_html_text(docs[loc]["title"]) == want
    for doc in docs.values():                        # nothing anywhere in the index parses as markup
        _as_html_text(doc["title"])
        for t in doc.get("tags", []):
            _as_html_text(t)


def _check_feeds(site, expect):
    if not (site / "feed.xml").exists():
        pytest.skip("feeds are not generated yet")
    arts, au, cat = expect["articles"], expect["author"]["name"], expect["category"]
    titles, descs = {a["title"] for a in arts}, {a["description"] for a in arts}
    tags = {t for a in arts for t in a["tags"]} | {cat}
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        xml = feed_texts(site / name)
        assert titles <= set(xml["title"]), name
        assert descs <= set(xml["description" if name == "feed.xml" else "summary"]), name
        assert au in set(xml["creator" if name == "feed.xml" else "name"]), name
        assert tags <= set(xml["category" if name == "feed.xml" else "term"]), name
    feed = json.loads((site / "feed.json").read_text())
    items = {i["title"]: i for i in feed["items"]}
    assert titles <= set(items)
    for a in arts:
        item = items[a["title"]]
        assert item["summary"] == a["description"] and [x["name"] for x in item["authors"]] == [au]
        assert set(item["tags"]) >= set(a["tags"]) | {cat}
    ent = json.loads((site / "entities/hx-entity/feed.json").read_text())
    assert (ent["title"], ent["description"]) == (f"{SITE_NAME}: {expect['entity']['name']}",
                                                  expect["entity"]["description"])
    cat_feed = json.loads((site / f"category/{expect['category_slug']}/feed.json").read_text())
    assert cat_feed["title"] == f"{SITE_NAME}: {cat}"


def check_same_shape(site, expect, twin_site, twin_expect):
    mine, theirs = _pages(site, expect["category_slug"]), _pages(twin_site, twin_expect["category_slug"])
    assert sorted(mine) == sorted(theirs)
    for rel, path in mine.items():
        extra = shape(soup(path)) - shape(soup(theirs[rel]))
        assert not extra, (rel, sorted(extra, key=str))


def test_twin_passes_the_same_checks(twin):
    """The checks themselves hold on plain values (so a failure below is about the values)."""
    built, expect = twin
    check_build(built.site, expect)


@settings(max_examples=BUILDS, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large])
@given(values=st.lists(hostile_text, min_size=N_VALUES, max_size=N_VALUES, unique=True))
@example(values=NASTY)
def test_hostile_text_comes_out_as_text_everywhere(tmp_path_factory, twin, values):
    twin_built, twin_expect = twin
    root = make_fixture(tmp_path_factory.mktemp(f"hx{next(_n)}") / "hub")
    expect = place(root, values)
    built = run_build(root)
    assert built.ok, built.log
    check_build(built.site, expect)
    check_same_shape(built.site, expect, twin_built.site, twin_expect)
    assert scan_site(built.site, our_scripts(root), "https://news.example.org/hub/") == []
