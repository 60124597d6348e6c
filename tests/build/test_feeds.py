"""RSS, Atom and JSON Feed output of real builds, parsed item by item with feedparser."""
from __future__ import annotations

import datetime as dt
import json

import feedparser
import pytest

from tests.build.conftest import make_fixture, run_build
from tests.build.test_widgets import FIXTURE_URL, SAMPLE_URL, TRICKY


def _feed_titles_in_order(built, n):
    page = built.html("latest/index.html")
    return [a.get_text() for a in page.select(".bh-card__title a")][:n]


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_site_xml_feeds_parse_item_by_item(sample_site, name):
    parsed = feedparser.parse((sample_site.site / name).read_bytes())
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "AI Buzz Hub"
    entries = parsed.entries
    assert len(entries) == 20          # feeds.items
    assert [e.title for e in entries] == _feed_titles_in_order(sample_site, 20)
    for e in entries:
        assert e.link.startswith(SAMPLE_URL + "articles/") and e.link.endswith("/")
        assert e.published_parsed and e.author
        assert e.tags and e.summary
        html = e.content[0].value
        assert "<p>" in html
        for attr in ('href="', 'src="'):
            for chunk in html.split(attr)[1:]:
                assert chunk.split('"', 1)[0].startswith(("http://", "https://", "mailto:")), chunk[:80]
    first = entries[0]
    assert first.id == first.link


def test_feed_dates_authors_and_escaping(fixture_site):
    rss = feedparser.parse((fixture_site.site / "feed.xml").read_bytes())
    atom = feedparser.parse((fixture_site.site / "atom.xml").read_bytes())
    jf = json.loads((fixture_site.site / "feed.json").read_text(encoding="utf-8"))
    for parsed in (rss, atom):
        assert not parsed.bozo
        titles = [e.title for e in parsed.entries]
        assert titles == [jf_item["title"] for jf_item in jf["items"]]
        assert TRICKY in titles
        assert "Secret draft about OpenAI" not in titles and not any("Scheduled" in t for t in titles)
    raw_rss = (fixture_site.site / "feed.xml").read_text(encoding="utf-8")
    assert "<pubDate>Mon, 04 Nov 2024 14:30:00 +0000</pubDate>" in raw_rss
    assert "<lastBuildDate>Mon, 04 Nov 2024 14:30:00 +0000</lastBuildDate>" in raw_rss
    tricky = next(e for e in atom.entries if e.title == TRICKY)
    assert tricky.published == "2024-06-01T00:00:00+00:00"
    assert [a.name for a in tricky.authors] == ['Bo "Quotes" Chen', "Ana Lima"]
    assert tricky.authors[0].href == FIXTURE_URL + "author/bo-chen/"
    assert {t.term for t in tricky.tags} == {"Industry", "<tag>", "a&b"}
    assert [e.get("dc_creator") or e.author for e in rss.entries][0]


def test_json_feed(sample_site):
    doc = json.loads((sample_site.site / "feed.json").read_text(encoding="utf-8"))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == SAMPLE_URL + "feed.json" and doc["home_page_url"] == SAMPLE_URL
    assert len(doc["items"]) == 20
    for item in doc["items"]:
        assert item["id"] == item["url"] and item["url"].startswith(SAMPLE_URL)
        assert item["content_html"] and item["summary"] and item["tags"]
        assert item["authors"] and all(a["url"].startswith(SAMPLE_URL + "author/") for a in item["authors"])
        published = dt.datetime.fromisoformat(item["date_published"])      # RFC 3339, with an offset
        assert published.tzinfo is not None and item["date_published"][10] == "T"


def test_category_and_entity_feeds_hold_only_their_stories(sample_site):
    cat = feedparser.parse((sample_site.site / "category/policy/feed.xml").read_bytes())
    listing = sample_site.html("category/policy/index.html")
    assert [e.title for e in cat.entries] == [a.get_text() for a in listing.select(".bh-card__title a")][:20]
    assert all("Policy" in {t.term for t in e.tags} for e in cat.entries)
    ent = feedparser.parse((sample_site.site / "entities/meta/atom.xml").read_bytes())
    page = sample_site.html("entities/meta/index.html")
    assert [e.title for e in ent.entries] == [a.get_text() for a in page.select(".bh-card__title a")][:20]
    assert ent.feed.title == "AI Buzz Hub: Meta"
    assert json.loads((sample_site.site / "entities/meta/feed.json").read_text())["title"] == "AI Buzz Hub: Meta"


def test_feed_links_and_autodiscovery_on_owning_pages(sample_site):
    page = sample_site.html("entities/meta/index.html")
    follow = page.select_one(".bh-listing__header .bh-feeds")
    assert follow.get_text(" ", strip=True).startswith("Follow Meta:")
    assert [a["href"] for a in follow.find_all("a")] == ["feed.xml", "atom.xml", "feed.json"]
    alt = [a["href"] for a in page.find_all("link", rel="alternate")]
    assert "feed.xml" in alt and "../../feed.xml" in alt
    cat = sample_site.html("category/policy/index.html")
    assert "Follow Policy:" in cat.select_one(".bh-feeds").get_text(" ", strip=True)
    assert "atom.xml" in [a["href"] for a in cat.find_all("link", rel="alternate")]
    home = sample_site.html("index.html")
    assert "Follow AI Buzz Hub:" in home.select_one(".bh-subscribe .bh-feeds").get_text(" ", strip=True)


def test_feeds_are_deterministic(tmp_path, fixture_site):
    again = run_build(make_fixture(tmp_path / "hub"), {"BUZZHUB_NOW": "2026-06-01T00:00:00+00:00"})
    assert again.ok, again.log
    for rel in ("feed.xml", "atom.xml", "feed.json", "category/models/feed.xml", "assets/cards/escaping.png"):
        assert (again.site / rel).read_bytes() == (fixture_site.site / rel).read_bytes(), rel
