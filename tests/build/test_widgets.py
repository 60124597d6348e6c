"""Share links, link previews, JSON-LD, feeds, social cards and the subscribe form in real builds.

`sample_site` is the repository's hub (Buttondown configured); `fixture_site` has no newsletter provider
and a headline full of &, quotes and </script>.
"""
from __future__ import annotations

import datetime as dt
import json
import struct
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.build.conftest import make_fixture, run_build

SAMPLE_URL = "https://example.github.io/ai-buzz-hub/"
FIXTURE_URL = "https://news.example.org/hub/"
TRICKY = 'AT&T\'s "<Pro>" plan </title><script>alert(1)</script>'
SHARE = {  # network -> (scheme+host+path, {param: what it must decode to})
    "x": ("https://x.com/intent/tweet", {"text": "title", "url": "url"}),
    "linkedin": ("https://www.linkedin.com/sharing/share-offsite/", {"url": "url"}),
    "facebook": ("https://www.facebook.com/sharer/sharer.php", {"u": "url"}),
    "reddit": ("https://www.reddit.com/submit", {"url": "url", "title": "title"}),
    "hackernews": ("https://news.ycombinator.com/submitlink", {"u": "url", "t": "title"}),
    "bluesky": ("https://bsky.app/intent/compose", {"text": "both"}),
    "mastodon": ("https://mastodon.social/share", {"text": "both"}),
    "whatsapp": ("https://wa.me/", {"text": "both"}),
    "telegram": ("https://t.me/share/url", {"url": "url", "text": "title"}),
    "email": ("mailto:", {"subject": "title", "body": "url"}),
}


def meta(page, prop):
    tag = page.find("meta", attrs={"property": prop}) or page.find("meta", attrs={"name": prop})
    return tag["content"] if tag else None


def metas(page, prop):
    return [t["content"] for t in page.find_all("meta", attrs={"property": prop})]


def jsonld(page):
    blocks = page.find_all("script", attrs={"type": "application/ld+json"})
    assert len(blocks) == 1, f"{len(blocks)} JSON-LD blocks"
    return json.loads(blocks[0].string)


def check_share_links(page, title, url):
    links = {a["data-bh-net"]: a for a in page.select(".bh-share a[data-bh-net]")}
    assert set(links) == set(SHARE)
    for net, (target, params) in SHARE.items():
        href = links[net]["href"]
        parts = urlsplit(href)
        base = f"{parts.scheme}:" if parts.scheme == "mailto" else f"{parts.scheme}://{parts.netloc}{parts.path}"
        assert base == target, href
        query = parse_qs(parts.query, keep_blank_values=True)
        want = {"title": title, "url": url, "both": f"{title} {url}"}
        assert {k: v for k, v in query.items()} == {k: [want[w]] for k, w in params.items()}, net
        if net != "email":
            assert links[net]["rel"] == ["noopener", "noreferrer"]
        assert links[net].get_text(" ", strip=True)          # an accessible name
    assert page.select_one(".bh-share [data-bh-copy]")["data-bh-copy"] == url


# ---- share


def test_share_links_decode_to_exact_title_and_canonical(sample_site):
    page = sample_site.html("articles/meta-llama-national-security/index.html")
    title = page.select_one("article h1").get_text()
    url = SAMPLE_URL + "articles/meta-llama-national-security/"
    assert page.find_all("link", rel="canonical")[0]["href"] == url
    check_share_links(page, title, url)


def test_share_links_survive_ampersands_quotes_and_markup(fixture_site):
    page = fixture_site.html("articles/escaping/index.html")
    check_share_links(page, TRICKY, FIXTURE_URL + "articles/escaping/")


def test_entity_pages_have_share_links(sample_site):
    page = sample_site.html("entities/meta/index.html")
    check_share_links(page, page.select_one(".bh-listing h1").get_text(), SAMPLE_URL + "entities/meta/")


def test_share_widget_loads_nothing_from_third_parties(sample_site):
    page = sample_site.html("articles/meta-llama-national-security/index.html")
    assert not page.find("iframe")
    for tag, attr in (("script", "src"), ("link", "href"), ("img", "src")):
        for el in page.find_all(tag):
            src = el.get(attr) or ""
            if el.name == "link" and el.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert "://" not in src, src
    assert page.find("script", src=lambda s: s and s.endswith("assets/buzzhub.js"))


# ---- head: canonical, Open Graph, Twitter, JSON-LD


def test_article_open_graph_and_twitter(sample_site):
    page = sample_site.html("articles/meta-llama-national-security/index.html")
    url = SAMPLE_URL + "articles/meta-llama-national-security/"
    title = page.select_one("article h1").get_text()
    assert len(page.find_all("link", rel="canonical")) == 1
    assert len(page.find_all("meta", attrs={"name": "description"})) == 1
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == title == meta(page, "twitter:title")
    assert meta(page, "og:url") == url
    assert meta(page, "og:site_name") == "AI Buzz Hub"
    assert meta(page, "og:description") == meta(page, "description") == meta(page, "twitter:description")
    assert meta(page, "article:published_time") == "2024-11-04T14:30:00+00:00"
    assert meta(page, "article:modified_time") == "2024-11-08T10:00:00+00:00"
    assert {"Policy", "Security", "Models", "llama"} <= set(metas(page, "article:tag"))
    card = SAMPLE_URL + "assets/cards/meta-llama-national-security.png"
    assert meta(page, "og:image") == card == meta(page, "twitter:image")
    assert meta(page, "og:image:alt") and meta(page, "twitter:image:alt")
    assert meta(page, "twitter:card") == "summary_large_image"
    assert sample_site.exists("assets/cards/meta-llama-national-security.png")


def test_other_pages_are_websites_with_site_feeds(sample_site):
    for rel in ("index.html", "latest/index.html", "about/index.html", "entities/meta/index.html"):
        page = sample_site.html(rel)
        assert meta(page, "og:type") == "website", rel
        assert not page.find_all("script", attrs={"type": "application/ld+json"}), rel
        alt = {(a["type"], a["href"].rsplit("/", 1)[-1]) for a in page.find_all("link", rel="alternate")}
        assert {("application/rss+xml", "feed.xml"), ("application/atom+xml", "atom.xml"),
                ("application/feed+json", "feed.json")} <= alt, rel
    assert meta(sample_site.html("index.html"), "og:title") == "AI Buzz Hub"


def test_article_jsonld_is_one_valid_news_article(sample_site):
    page = sample_site.html("articles/meta-llama-national-security/index.html")
    doc = jsonld(page)
    url = SAMPLE_URL + "articles/meta-llama-national-security/"
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "NewsArticle"
    assert doc["headline"] == page.select_one("article h1").get_text()
    assert doc["datePublished"] == "2024-11-04T14:30:00+00:00"
    assert doc["dateModified"] == "2024-11-08T10:00:00+00:00"
    assert doc["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert [a["url"] for a in doc["author"]] == [SAMPLE_URL + "author/maya-okafor/", SAMPLE_URL + "author/priya-raman/"]
    assert all(a["@type"] == "Person" and a["name"] for a in doc["author"])
    assert doc["publisher"]["@type"] == "Organization"
    assert doc["publisher"]["logo"]["url"] == SAMPLE_URL + "assets/logo.svg"
    assert doc["image"] == [SAMPLE_URL + "assets/cards/meta-llama-national-security.png"]
    things = doc.get("about", []) + doc.get("mentions", [])
    assert doc["about"] and "Meta" in {t["name"] for t in things}
    for t in things:
        assert t["@type"] and t["name"]
        if "sameAs" in t:
            assert t["sameAs"].startswith("https://www.wikidata.org/entity/Q")
    meta_thing = next(t for t in things if t["name"] == "Meta")
    assert meta_thing == {"@type": "Corporation", "name": "Meta", "sameAs": "https://www.wikidata.org/entity/Q380"}


def test_jsonld_cannot_be_broken_out_of(fixture_site):
    raw = (fixture_site.site / "articles/escaping/index.html").read_text(encoding="utf-8")
    page = BeautifulSoup(raw, "html.parser")
    doc = jsonld(page)
    assert doc["headline"] == TRICKY
    block = raw.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert meta(page, "og:title") == TRICKY


def test_canonical_url_from_front_matter_wins(tmp_path):
    def syndicated(root):
        p = root / "docs/articles/2024/llama-3-release.md"
        p.write_text(p.read_text().replace("title:", 'canonical_url: "https://elsewhere.example/a?x=1&y=\\"2\\""\ntitle:', 1))
    built = run_build(make_fixture(tmp_path / "hub", syndicated))
    assert built.ok, built.log
    page = built.html("articles/llama-3-release/index.html")
    want = 'https://elsewhere.example/a?x=1&y="2"'
    assert [c["href"] for c in page.find_all("link", rel="canonical")] == [want]
    assert meta(page, "og:url") == want and jsonld(page)["mainEntityOfPage"]["@id"] == want
    check_share_links(page, page.select_one("article h1").get_text(), want)


# ---- feeds


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


# ---- social cards


def _png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, out = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        out.append(kind)
        pos += 12 + length
    return out


def test_social_cards_are_plain_1200x630_pngs(sample_site):
    cards = sorted((sample_site.site / "assets/cards").glob("*.png"))
    articles = sorted(p.parent.name for p in (sample_site.site / "articles").glob("*/index.html"))
    assert [c.stem for c in cards] == articles
    for c in cards[:3] + [sample_site.site / "assets/social-card.png"]:
        data = c.read_bytes()
        assert struct.unpack(">II", data[16:24]) == (1200, 630)
        assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt"} & set(_png_chunks(data)), c


def test_cards_can_be_switched_off(tmp_path):
    def off(root):
        cfg = root / "mkdocs.yml"
        cfg.write_text(cfg.read_text() + "    social_cards: false\n")
    built = run_build(make_fixture(tmp_path / "hub", off))
    assert built.ok, built.log
    assert not built.exists("assets/cards")
    page = built.html("articles/escaping/index.html")
    assert meta(page, "og:image") is None and meta(page, "twitter:card") == "summary"
    assert "image" not in jsonld(page)


# ---- subscribe


def test_subscribe_form_posts_to_buttondown(sample_site):
    for rel in ("index.html", "articles/meta-llama-national-security/index.html"):
        page = sample_site.html(rel)
        forms = page.select("form[data-bh-subscribe]")
        assert len(forms) == 1, rel
        form = forms[0]
        assert form["method"] == "post"
        assert form["action"] == "https://buttondown.com/api/emails/embed-subscribe/aibuzzhub"
        assert form["data-bh-mode"] == "no-cors"
        email = form.find("input", attrs={"type": "email"})
        assert email["name"] == "email" and email["autocomplete"] == "email" and email.has_attr("required")
        assert form.find("label", attrs={"for": email["id"]}).get_text(strip=True)
        assert {i["name"]: i["value"] for i in form.find_all("input", attrs={"type": "hidden"})} == {"embed": "1"}
        trap_box = form.select_one(".bh-hp")
        trap = trap_box.find("input")
        assert trap_box["aria-hidden"] == "true"
        assert trap["tabindex"] == "-1" and trap["autocomplete"] == "off" and trap["name"] == form["data-bh-honeypot"]
        consent = form.select_one("#" + email["aria-describedby"])
        assert consent.find("a")["href"].endswith("about/#privacy")
        status = form.select_one("[data-bh-status]")
        assert status["aria-live"] == "polite"


def test_no_provider_means_no_form_only_feeds(fixture_site):
    for rel in ("index.html", "articles/escaping/index.html"):
        page = fixture_site.html(rel)
        assert not page.find("form", attrs={"data-bh-subscribe": True}), rel
        section = page.select_one(".bh-subscribe")
        assert section.select_one(".bh-feeds a[href$='feed.xml']"), rel
