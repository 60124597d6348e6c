"""The fixture hub built for real: generated pages, URLs, escaping, drafts and the clock."""
import json

import pytest

from tests.build.conftest import make_fixture, run_build

TRICKY = 'AT&T\'s "<Pro>" plan </title><script>alert(1)</script>'


def test_articles_live_at_their_slug_urls(fixture_site):
    for slug in ("meta-llama-defense", "llama-3-release", "escaping", "openai-profile"):
        assert fixture_site.exists(f"articles/{slug}/index.html")
    assert not fixture_site.exists("articles/2024/meta-llama-defense/index.html")


def test_article_page_has_headline_standfirst_byline_dates(fixture_site):
    page = fixture_site.html("articles/meta-llama-defense/index.html")
    art = page.select_one("article.bh-article")
    assert art.h1.get_text() == "Meta Platforms opens Llama to the Pentagon"
    assert art.select_one(".bh-standfirst").get_text() == "Meta will let US defence agencies use its Llama models."
    byline = art.select_one(".bh-byline")
    assert [a.get_text() for a in byline.select("a[rel=author]")] == ["Ana Lima"]
    assert byline.select_one("a[rel=author]")["href"] == "../../author/ana-lima/"
    assert byline.time["datetime"] == "2024-11-04T14:30:00+00:00"
    assert "min read" in byline.get_text()


def test_tricky_title_is_text_everywhere(fixture_site):
    page = fixture_site.html("articles/escaping/index.html")
    assert page.title.get_text().startswith(TRICKY)
    assert page.select_one("article h1").get_text() == TRICKY
    scripts = [s for s in page.find_all("script") if "alert(1)" in (s.string or "")]
    assert [s.get("type") for s in scripts] == ["application/ld+json"]   # the title as a JSON string only
    assert json.loads(scripts[0].string)["headline"] == TRICKY
    desc = page.find("meta", attrs={"name": "description"})["content"]
    assert desc == 'A "quoted" <b>description</b> & more'
    for meta in page.find_all("meta"):
        assert "alert" not in "".join(k for k in meta.attrs)  # no attribute broke out of a tag
    listing = fixture_site.html("category/industry/index.html")
    assert TRICKY in [a.get_text() for a in listing.select(".bh-card__title a")]


def test_author_names_and_bios_are_escaped(fixture_site):
    page = fixture_site.html("author/bo-chen/index.html")
    assert page.select_one(".bh-listing h1").get_text() == 'Bo "Quotes" Chen'
    assert "Writes about <models> & benchmarks." in page.select_one(".bh-listing__header").get_text()
    assert page.find("models") is None


def test_drafts_and_future_articles_are_absent_everywhere(fixture_site):
    text = fixture_site.all_text()
    for needle in ("Secret draft", "a-draft", "Scheduled story", "scheduled/"):
        assert needle not in text, needle
    assert not fixture_site.exists("articles/a-draft/index.html")
    search = json.loads((fixture_site.site / "search/search_index.json").read_text())
    assert not [d for d in search["docs"] if "draft" in d["location"] or "Scheduled" in d["title"]]


def test_future_article_appears_once_the_clock_passes(tmp_path):
    root = make_fixture(tmp_path / "hub")
    built = run_build(root, {"BUZZHUB_NOW": "2030-01-01T10:00:00+00:00"})
    assert built.ok, built.log
    assert built.exists("articles/scheduled/index.html")
    assert "Scheduled story about OpenAI" in built.html("latest/index.html").get_text()
    assert "articles/scheduled/" in (built.site / "sitemap.xml").read_text()


def test_listings_paginate_and_link_pages(fixture_site):
    latest = fixture_site.html("latest/index.html")
    titles = [a.get_text() for a in latest.select(".bh-card__title a")]
    assert titles == ["Meta Platforms opens Llama to the Pentagon", TRICKY]  # newest first, 2 per page
    assert latest.select_one("a[rel=next]")["href"] == "page/2/"
    page2 = fixture_site.html("latest/page/2/index.html")
    assert not page2.select(".bh-card")                                       # later pages: one-line rows
    assert [a.get_text() for a in page2.select(".bh-rows li > a")] == ["Meta releases Llama 3", "OpenAI at a crossroads"]
    assert [t["datetime"] for t in page2.select(".bh-rows time")] == ["2024-04-18", "2023-11-20"]
    assert page2.select_one("a[rel=prev]")["href"] == "../../"
    assert not fixture_site.exists("latest/page/3/index.html")


def test_category_author_and_archive_pages(fixture_site):
    cat = fixture_site.html("category/models/index.html")
    assert [a.get_text() for a in cat.select(".bh-card__title a")] == [
        "Meta Platforms opens Llama to the Pentagon", "Meta releases Llama 3"]
    archive = fixture_site.html("archive/index.html")
    assert "November 2024" in archive.get_text()
    year = fixture_site.html("archive/2024/index.html")
    assert not year.select(".bh-card, .bh-rows")                               # a year lists its months, not stories
    assert [a.get_text() for a in year.select(".bh-archive a")][0] == "November 2024"
    assert year.select_one(".bh-archive a")["href"] == "11/"
    assert archive.find("a", string="2024")["href"] == "2024/"
    month = fixture_site.html("archive/2024/11/index.html")
    assert [a.get_text() for a in month.select(".bh-rows li > a")] == ["Meta Platforms opens Llama to the Pentagon"]


def test_share_links_only_on_stories_and_entity_main_pages(fixture_site):
    assert fixture_site.html("articles/meta-llama-defense/index.html").select(".bh-share a[data-bh-net]")
    assert fixture_site.html("entities/meta/index.html").select(".bh-share")
    for rel in ("latest/index.html", "latest/page/2/index.html", "category/models/index.html",
                "author/ana-lima/index.html", "archive/2024/index.html", "archive/2024/11/index.html"):
        assert not fixture_site.html(rel).select(".bh-share"), rel       # pages of links: nothing to share


def test_hub_pages_drop_the_toc_sidebar(fixture_site):
    for rel in ("index.html", "articles/meta-llama-defense/index.html", "latest/index.html"):
        page = fixture_site.html(rel)
        assert not page.select(".md-sidebar--secondary"), rel              # no table of contents
        assert page.select(".md-sidebar--primary .md-nav"), rel           # the menu drawer on phones stays


def test_palette_toggle_icons_come_from_css(sample_site):
    page = sample_site.html("articles/meta-llama-national-security/index.html")
    toggles = page.select("form[data-md-component=palette] label")
    assert len(toggles) == 2 and all(t.select_one(".bh-icon") and not t.svg for t in toggles)
    assert sample_site.html("about/index.html").select(".md-sidebar--secondary")   # other pages keep Material's


def test_home_has_pinned_top_story_latest_and_sections(fixture_site):
    home = fixture_site.html("index.html")
    assert home.select_one(".bh-top h1 a").get_text() == "Meta Platforms opens Llama to the Pentagon"
    assert home.select_one(".bh-top h1 a")["href"] == "articles/meta-llama-defense/"
    assert home.find("a", string="Archive")["href"] == "archive/"


def test_redirect_from_old_url(fixture_site):
    old = fixture_site.html("2024/04/llama-three/index.html")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=../../../articles/llama-3-release/"
    assert old.find("link", rel="canonical")["href"] == "https://news.example.org/hub/articles/llama-3-release/"


def test_articles_are_not_in_the_navigation(fixture_site):
    nav = fixture_site.html("index.html").select(".md-nav a, .md-tabs a")
    assert not [a for a in nav if "articles/" in a.get("href", "")]


def test_sitemap_lists_articles(fixture_site):
    sitemap = (fixture_site.site / "sitemap.xml").read_text()
    assert "https://news.example.org/hub/articles/meta-llama-defense/" in sitemap


def test_404_page(fixture_site):
    assert "Page not found" in fixture_site.html("404.html").get_text()


def _duplicate_slug(root):
    (root / "docs/articles/2024/copy.md").write_text(
        (root / "docs/articles/2024/openai-profile.md").read_text().replace("title:", "slug: openai-profile\ntitle:"))


def _bad_front_matter(root):
    (root / "docs/articles/2024/broken.md").write_text("---\ntitle: Broken\ndate: soon\nauthors: [nobody]\n---\nx\n")


def _unknown_entity(root):
    p = root / "docs/articles/2024/openai-profile.md"
    p.write_text(p.read_text().replace("categories:", "entities: [openai, no_such_entity]\ncategories:"))


@pytest.mark.parametrize("mutate,expected", [
    (_unknown_entity, "openai-profile.md:5: entities: no entity has the id 'no_such_entity' in the registry"),
    (_duplicate_slug, "slug: would be written to /articles/openai-profile/"),
    (_bad_front_matter, "broken.md:3: date: 'soon' is not a date"),
])
def test_strict_build_fails_with_located_problems(tmp_path, mutate, expected):
    root = make_fixture(tmp_path / "hub", mutate)
    built = run_build(root)
    assert not built.ok
    line = next((ln for ln in built.log.splitlines() if expected in ln), "")
    assert line, built.log
    if "slug" in expected:  # a clash names both files
        assert "copy.md" in line and "openai-profile.md" in line
    assert "Traceback" not in built.log


def test_same_input_gives_byte_identical_output(tmp_path, fixture_site):
    root = make_fixture(tmp_path / "hub")
    again = run_build(root, {"PYTHONHASHSEED": "7", "TZ": "Asia/Tokyo"})
    assert again.ok, again.log
    for p in sorted(fixture_site.site.rglob("*")):
        rel = p.relative_to(fixture_site.site)
        if p.is_file() and rel.suffix != ".gz":  # gzip embeds a timestamp MkDocs controls
            assert (again.site / rel).read_bytes() == p.read_bytes(), rel
