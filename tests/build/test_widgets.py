"""Share links, link previews, JSON-LD, social cards and the subscribe form in real builds (feeds:
test_feeds.py).

`sample_site` is the repository's hub (Buttondown configured); `fixture_site` has no newsletter provider
and a headline full of &, quotes and </script>.
"""
from __future__ import annotations

import json
import struct
from urllib.parse import parse_qs, urlsplit

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
    assert meta(page, "og:title") == title
    assert meta(page, "og:url") == url
    assert meta(page, "og:site_name") == "AI Buzz Hub"
    assert meta(page, "og:description") == meta(page, "description")
    assert meta(page, "article:published_time") == "2024-11-04T14:30:00+00:00"
    assert meta(page, "article:modified_time") == "2024-11-08T10:00:00+00:00"
    assert {"Policy", "Security", "Models", "llama"} <= set(metas(page, "article:tag"))
    card = SAMPLE_URL + "assets/cards/meta-llama-national-security.png"
    assert meta(page, "og:image") == card
    assert meta(page, "og:image:alt") and meta(page, "twitter:image:alt")
    # X falls back to the Open Graph tags: no twitter:* duplicates of them
    assert meta(page, "twitter:title") is meta(page, "twitter:description") is meta(page, "twitter:image") is None
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
    sitemap = (built.site / "sitemap.xml").read_text()
    assert FIXTURE_URL + "articles/llama-3-release/" in sitemap and "elsewhere.example" not in sitemap


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
