"""The chrome cache's key: which pages are known to render the theme's chrome to the same bytes."""
from types import SimpleNamespace as Page

import pytest

from buzzhub import chrome


@pytest.fixture()
def cache(monkeypatch):
    monkeypatch.setattr(chrome, "ENABLED", True)
    c = chrome.Chrome()
    c.reset(["", "latest/", "entities/", "archive/", "about/", "assets/logo.svg", "latest/page/9/"])
    return c


def page(url, **meta):
    return Page(url=url, meta=meta)


def test_story_pages_in_one_folder_share_their_chrome(cache):
    assert cache.key(page("articles/a/")) == cache.key(page("articles/b-c/")) is not None
    assert cache.key(page("entities/llama/")) == cache.key(page("entities/meta/"))
    assert cache.key(page("articles/a/")) != cache.key(page("entities/llama/"))


def test_pages_in_the_nav_render_their_own(cache):
    for url in ("", "latest/", "about/", "latest/page/9/"):
        assert cache.key(page(url)) is None


def test_a_folder_above_a_nav_entry_is_its_own_base(cache):
    # latest/page/ links to latest/page/9/ by "9/", where a leaf beside it would need "../page/9/".
    assert cache.key(page("latest/page/")) == ("base", "latest/page/", "None")
    assert cache.key(page("latest/page/")) != cache.key(page("latest/other/"))
    # Siblings of a nav entry both reach it by "../9/".
    assert cache.key(page("latest/page/2/")) == cache.key(page("latest/page/3/"))
    assert cache.key(page("latest/page/2/")) != cache.key(page("latest/pages/2/"))


def test_file_urls_start_links_from_their_folder(cache):
    assert chrome.link_base("articles/a.html") == "articles/"
    assert chrome.link_base("a.html") == ""
    assert cache.key(page("articles/a.html")) == cache.key(page("articles/b.html"))
    assert cache.key(page("articles/a.html")) != cache.key(page("articles/a/"))


def test_hidden_parts_are_part_of_the_key(cache):
    assert cache.key(page("articles/a/", hide=["navigation"])) != cache.key(page("articles/b/"))
    assert cache.key(page("articles/a/", hide=["toc", "navigation"])) == \
        cache.key(page("articles/b/", hide=["navigation", "toc"]))


def test_a_fragment_renders_once_per_key_and_kind(cache):
    calls = []

    def render(text):
        return lambda: calls.append(text) or text

    assert cache("tabs", page("articles/a/"), caller=render("A")) == "A"
    assert cache("tabs", page("articles/b/"), caller=render("B")) == "A"
    assert cache("footer", page("articles/b/"), caller=render("F")) == "F"
    assert cache("tabs", page("latest/"), caller=render("N")) == "N"
    assert cache("tabs", None, caller=render("404")) == "404"
    assert calls == ["A", "F", "N", "404"]


def test_switched_off_every_page_renders_its_own(cache, monkeypatch):
    monkeypatch.setattr(chrome, "ENABLED", False)
    assert cache.key(page("articles/a/")) is None


def test_a_new_build_forgets_the_last_ones_fragments(cache):
    cache("tabs", page("articles/a/"), caller=lambda: "old")
    cache.reset([""])
    assert cache("tabs", page("articles/a/"), caller=lambda: "new") == "new"


@pytest.mark.parametrize("url", ["", "latest/", "entities/meta/page/2/", "archive/2024/05/", "a.html",
                                 "entities/meta/page/2.html"])
def test_up_to_root_leads_where_the_url_filter_does(url):
    from mkdocs.utils import normalize_url
    story = "articles/meta-llama/"
    assert chrome.up_to_root(url) + story == normalize_url(story, Page(url=url))


def test_a_row_is_rendered_once_per_story_and_link_base(monkeypatch):
    monkeypatch.setattr(chrome, "ENABLED", True)
    rows, calls = chrome.Rows(), []

    def macro(story, up, show_category):
        calls.append((story.slug, up, show_category))
        return f"<li>{up}{story.slug}</li>"
    a, b = Page(slug="a"), Page(slug="b")
    assert rows(macro, a, "../", True) == "<li>../a</li>"
    assert rows(macro, a, "../", True) == "<li>../a</li>"
    assert rows(macro, a, "../../", True) == "<li>../../a</li>"
    assert rows(macro, a, "../", False) == "<li>../a</li>"
    assert rows(macro, b, "../", True) == "<li>../b</li>"
    assert len(calls) == 4
    rows.reset()                       # a new build: titles may have changed
    rows(macro, a, "../", True)
    monkeypatch.setattr(chrome, "ENABLED", False)
    rows(macro, a, "../", True)
    assert len(calls) == 6


def test_translations_are_materials_lookup_made_once_per_key():
    """overrides/partials/language.html hands Material's `lang.t` to templating.Translations."""
    from mkdocs.config import load_config
    from buzzhub.templating import Translations
    env = load_config("mkdocs.yml").theme.get_env()
    t = Translations(env, "de")
    assert t("search.result.none") == "Keine Suchergebnisse"             # the theme language's string
    assert Translations(env, "en")("search.result.none") == "No matching documents"
    assert t("no.such.key") == "no.such.key"                               # Material's last resort
    assert t("search.result.none") is t("search.result.none")              # looked up once
